package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	csvType  = "text/csv; charset=utf-8"
)

func (s *Server) exportXLSX(c *gin.Context) error {
	return s.heavy(c, func(c *gin.Context) error { return s.download(c, s.export.XLSX, "xlsx", xlsxType) })
}

func (s *Server) exportCSV(c *gin.Context) error {
	csv := func(ctx context.Context, o peil.ExportOptions, w io.Writer) error {
		return s.export.CSV(ctx, o.Filter, w) // the CSV has no comparison
	}
	return s.heavy(c, func(c *gin.Context) error { return s.download(c, csv, "csv", csvType) })
}

// download writes a download made by write for the filter in the query.
func (s *Server) download(c *gin.Context, write func(context.Context, peil.ExportOptions, io.Writer) error, ext, contentType string) error {
	f, err := parseFilter(c)
	if err != nil {
		return err
	}
	if err := s.checkMeasure(c.Request.Context(), f.Filter.Measure); err != nil {
		return err
	}
	if err := s.checkReportOrder(c.Request.Context(), "van", f.CompareFrom, "tot", f.CompareTo); err != nil {
		return err
	}
	h := c.Writer.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", exportFilename(f, ext)))
	h.Set("Cache-Control", "no-store")
	done := streamGzip(c, contentType)
	if err := write(c.Request.Context(), f, c.Writer); err != nil {
		written := c.Writer.Written()
		_ = done(false)
		if written {
			// Half a file is worse than none: log, and close the connection.
			s.log.Error("export aborted", "path", c.Request.URL.RequestURI(), "err", err)
			panic(http.ErrAbortHandler)
		}
		return err // the exporter names its operation ("export csv")
	}
	if err := done(true); err != nil {
		s.log.Error("export aborted", "path", c.Request.URL.RequestURI(), "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// exportFilename names a download after its filter, e.g.
// peil-maatregel-7-2016-01-01-2017-03-01.xlsx. Indicator ids are checked by
// parseIndicatorID, so the name needs no quoting beyond %q.
func exportFilename(o peil.ExportOptions, ext string) string {
	f := o.Filter
	name := "peil"
	if f.Measure != 0 {
		name += "-maatregel-" + strconv.Itoa(f.Measure)
	}
	if f.Indicator != "" {
		name += "-" + string(f.Indicator)
	}
	if !f.From.IsZero() {
		name += "-vanaf-" + f.From.String()
	}
	if !f.To.IsZero() {
		name += "-tot-" + f.To.String()
	}
	if o.CompareFrom != 0 {
		name += "-vergelijking-" + strconv.FormatInt(o.CompareFrom, 10) + "-" + strconv.FormatInt(o.CompareTo, 10)
	}
	return name + "." + ext
}

// exportQuery returns the query string of the downloads for filter f.
func exportQuery(f peil.Filter) string {
	return workbookQuery(peil.ExportOptions{Filter: f})
}

// workbookQuery returns the query string of the workbook download for o: its
// filter, and van and tot for the reports to compare.
func workbookQuery(o peil.ExportOptions) string {
	f := o.Filter
	q := url.Values{}
	if f.Measure != 0 {
		q.Set("measure", strconv.Itoa(f.Measure))
	}
	if f.Indicator != "" {
		q.Set("indicator", string(f.Indicator))
	}
	if !f.From.IsZero() {
		q.Set("from", f.From.String())
	}
	if !f.To.IsZero() {
		q.Set("to", f.To.String())
	}
	if o.CompareFrom != 0 || o.CompareTo != 0 {
		q.Set("van", strconv.FormatInt(o.CompareFrom, 10))
		q.Set("tot", strconv.FormatInt(o.CompareTo, 10))
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}
