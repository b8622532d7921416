package server

import (
	"context"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// apiReviewQueue answers /api/review?status=&report=&limit=&offset=: the
// review queue (the figures with their match and review state), as peil
// review --format json, a page at a time (reviewLimit), each read from the
// store alone.
func (s *Server) apiReviewQueue(c *gin.Context) error {
	report, err := parseReportID("report", c.Query("report"))
	if err != nil {
		return err
	}
	status := peil.ReviewStatus(c.Query("status"))
	if status != "" && !status.Valid() {
		return peil.Errorf(peil.EINVALID, "parameter status: kies auto, open, confirmed, corrected of rejected, niet %q", string(status))
	}
	return servePaged(s, c, "review/"+strconv.FormatInt(report, 10)+"/"+string(status), reviewLimit, func(ctx context.Context, limit, offset int) ([]peil.ReviewItem, int, error) {
		p, err := s.db.ReviewPage(ctx, peil.ReviewFilter{Report: report, Status: status}, peil.ReviewRange{Limit: limit, Offset: offset})
		return p.Items, p.Total, err
	})
}

// apiCatalog answers /api/catalog: the clusters, measures and indicators of
// the catalog as they stand in the database.
func (s *Server) apiCatalog(c *gin.Context) error {
	return s.serveJSON(c, "catalog", func(ctx context.Context) (any, error) {
		cat, err := s.db.Catalog(ctx)
		if err != nil {
			return nil, err
		}
		return catalogJSON{Clusters: cat.Clusters, Measures: cat.Measures, Indicators: orEmpty(cat.Indicators)}, nil
	})
}

// catalogJSON is the JSON of /api/catalog.
type catalogJSON struct {
	Clusters   []peil.Cluster   `json:"clusters"`
	Measures   []peil.Measure   `json:"measures"`
	Indicators []peil.Indicator `json:"indicators"`
}
