package server

import (
	"context"
	_ "embed"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

//go:embed openapi.json
var openAPIDoc []byte

var openAPIETag = strongETag(openAPIDoc)

func (s *Server) apiOpenAPI(c *gin.Context) error {
	c.Header("Cache-Control", "no-cache")
	send(c, http.StatusOK, representation{contentType: "application/json; charset=utf-8", body: openAPIDoc, etag: openAPIETag})
	return nil
}

func (s *Server) apiReports(c *gin.Context) error {
	return serveList(s, c, reportsList, reportsLimit, s.db.Reports) // the list s.reports reads
}

func (s *Server) apiMeasures(c *gin.Context) error {
	return serveList(s, c, "measures", catalogLimit, s.db.Measures)
}

// measureDetail is the JSON of /api/measures/{nr}: the measure with its status
// per report, its indicators and its events.
type measureDetail struct {
	peil.Measure
	Statuses   []peil.MeasureStatus `json:"statuses"`
	Indicators []peil.Indicator     `json:"indicators"`
	Events     []peil.Event         `json:"events"`
}

func (s *Server) apiMeasure(c *gin.Context) error {
	nr, err := parseMeasureNr("nr", c.Param("nr"), false)
	if err != nil {
		return err
	}
	return s.serveJSON(c, "measure/"+strconv.Itoa(nr), func(ctx context.Context) (any, error) {
		return s.measureDetail(ctx, nr)
	})
}

func (s *Server) measureDetail(ctx context.Context, nr int) (*measureDetail, error) {
	m, err := s.db.Measure(ctx, nr)
	if err != nil {
		return nil, err
	}
	d := &measureDetail{Measure: m}
	if d.Statuses, err = s.db.MeasureStatuses(ctx, nr); err != nil {
		return nil, err
	}
	if d.Indicators, err = s.db.Indicators(ctx, nr); err != nil {
		return nil, err
	}
	if d.Events, err = s.db.Events(ctx, nr); err != nil {
		return nil, err
	}
	d.Statuses, d.Indicators, d.Events = orEmpty(d.Statuses), orEmpty(d.Indicators), orEmpty(d.Events)
	return d, nil
}

func (s *Server) apiIndicators(c *gin.Context) error {
	nr, err := parseMeasureNr("measure", c.Query("measure"), true)
	if err != nil {
		return err
	}
	return serveList(s, c, "indicators/"+strconv.Itoa(nr), catalogLimit, func(ctx context.Context) ([]peil.Indicator, error) {
		if err := s.checkMeasure(ctx, nr); err != nil {
			return nil, err
		}
		return s.db.Indicators(ctx, nr)
	})
}

func (s *Server) apiSeries(c *gin.Context) error {
	id, err := parseIndicatorID("indicator", c.Param("indicator"), false)
	if err != nil {
		return err
	}
	return s.serveJSON(c, "series/"+string(id), func(ctx context.Context) (any, error) {
		return s.db.Series(ctx, id)
	})
}

func (s *Server) apiEvents(c *gin.Context) error {
	nr, err := parseMeasureNr("measure", c.Query("measure"), true)
	if err != nil {
		return err
	}
	return serveList(s, c, "events/"+strconv.Itoa(nr), eventsLimit, func(ctx context.Context) ([]peil.Event, error) {
		if err := s.checkMeasure(ctx, nr); err != nil {
			return nil, err
		}
		return s.db.Events(ctx, nr)
	})
}

func (s *Server) apiCompare(c *gin.Context) error {
	from, to, err := parseReportPair("from", c.Query("from"), "to", c.Query("to"))
	if err != nil {
		return err
	}
	if err := s.checkReportOrder(c.Request.Context(), "from", from, "to", to); err != nil {
		return err
	}
	key := "compare/" + strconv.FormatInt(from, 10) + "/" + strconv.FormatInt(to, 10)
	return s.serveJSON(c, key, func(ctx context.Context) (any, error) {
		return s.db.Compare(ctx, from, to)
	})
}

// checkReportOrder returns EINVALID when report from does not come before
// report to (see reportOrder).
func (s *Server) checkReportOrder(ctx context.Context, fromName string, from int64, toName string, to int64) error {
	if from == 0 && to == 0 {
		return nil
	}
	reports, err := s.reports(ctx)
	if err != nil {
		return err
	}
	return reportOrder(reports, fromName, from, toName, to)
}

// checkMeasure returns ENOTFOUND when nr is not 0 (all) and not a measure.
func (s *Server) checkMeasure(ctx context.Context, nr int) error {
	if nr == 0 {
		return nil
	}
	_, err := s.db.Measure(ctx, nr)
	return err
}

// orEmpty returns s, or an empty slice when s is nil, so that JSON shows [].
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
