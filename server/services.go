package server

import (
	"context"
	"html/template"
	"io"
	"io/fs"
	"time"

	"github.com/peil-dev/peil"
)

// The server knows its collaborators only by the interfaces in this file,
// each the methods it calls and no more; cmd/peil wires the concrete ones
// (analytics.DB, export.Service, ingest.Service, charts.Renderer) into
// Services. The server imports no other package of Peil than the domain.

// Services are what a Server works with. Store is needed for every route
// that reads (nil: a server for its routes only, as tests use); Export for
// the downloads, Ingest for uploads and typed review values, Charts for the
// pages.
type Services struct {
	Store  Store
	Export Exporter
	Ingest Ingester
	Charts Charts
}

// Store is the database as the server uses it: what pages and the API read,
// what review and catalog edits write, and the accounts of write mode.
type Store interface {
	Reader
	Writer
	Accounts
}

// Reader is what pages, downloads' checks and the API read.
type Reader interface {
	// Generation is the data generation: it increases with every committed
	// write of figures, reports or the catalog (see cache.go).
	Generation() uint64
	// Overloaded reports whether err is the store running out of a
	// resource it shares between requests (DuckDB's memory limit): load, not
	// a fault, which the server answers with 503.
	Overloaded(err error) bool

	Reports(ctx context.Context) ([]peil.ReportSummary, error)
	ReportObservations(ctx context.Context, id int64) ([]peil.Observation, error)
	ReportWarnings(ctx context.Context, id int64) ([]peil.Warning, error)
	Catalog(ctx context.Context) (*peil.Catalog, error)
	Clusters(ctx context.Context) ([]peil.Cluster, error)
	Measures(ctx context.Context) ([]peil.Measure, error)
	Measure(ctx context.Context, nr int) (peil.Measure, error)
	Statuses(ctx context.Context) ([]peil.MeasureStatus, error)
	MeasureStatuses(ctx context.Context, nr int) ([]peil.MeasureStatus, error)
	Indicators(ctx context.Context, measure int) ([]peil.Indicator, error)
	Events(ctx context.Context, measure int) ([]peil.Event, error)
	Series(ctx context.Context, id peil.IndicatorID) (*peil.Series, error)
	AllSeries(ctx context.Context, ids []peil.IndicatorID) ([]*peil.Series, error)
	Compare(ctx context.Context, from, to int64) (*peil.Comparison, error)
	BeforeAfter(ctx context.Context, eventID int64) (*peil.BeforeAfter, error)
	ReviewCounts(ctx context.Context) (map[peil.ReviewStatus]int, error)
	ReviewQueue(ctx context.Context, f peil.ReviewFilter) ([]peil.ReviewItem, error)
	ReviewPage(ctx context.Context, f peil.ReviewFilter, rg peil.ReviewRange) (peil.ReviewPage, error)
	Decisions(ctx context.Context, undone bool) ([]peil.DecisionRecord, error)
	AuditLog(ctx context.Context, after int64, limit int) ([]peil.AuditEntry, error)
}

// Writer is what review and catalog edits write, each change audited as by.
type Writer interface {
	Decide(ctx context.Context, d peil.Decision) (peil.DecisionResult, error)
	Undo(ctx context.Context, decision int64, by string) (peil.UndoResult, error)
	AddIndicator(ctx context.Context, ind peil.Indicator, by string) error
	EditIndicator(ctx context.Context, id peil.IndicatorID, e peil.IndicatorEdit, by string) (peil.Indicator, error)
}

// Accounts are the logins and sessions of write mode. A failed login wraps
// peil.ErrLoginFailed, a token of no live session peil.ErrNoSession.
type Accounts interface {
	Login(ctx context.Context, name, password, addr string, now time.Time) (token string, s peil.Session, err error)
	Session(ctx context.Context, token string, now time.Time) (peil.Session, error)
	Logout(ctx context.Context, token string) error
}

// Exporter writes the downloads of the store's data.
type Exporter interface {
	// XLSX writes the workbook of o; an unknown measure or indicator in
	// o.Filter gives ENOTFOUND.
	XLSX(ctx context.Context, o peil.ExportOptions, w io.Writer) error
	// CSV writes the observations f selects.
	CSV(ctx context.Context, f peil.Filter, w io.Writer) error
}

// Ingester is the pipeline of peil ingest, for the reports and values people
// send to the server.
type Ingester interface {
	// Upload extracts the report file r.File, whose bytes are raw, and
	// stores it as uploaded by by, with r's title, dates, kamerstuk and URL
	// where set; dateHint tells the user how to give a report date the text
	// lacks. Bad input gives its *peil.Error, with nothing stored.
	Upload(ctx context.Context, r peil.Report, raw []byte, by, dateHint string) (peil.IngestResult, error)
	// ParseNumber reads a number as reports write it (1.995, 6,4).
	ParseNumber(s string) (float64, bool)
}

// Charts draws the pages' charts: HTML snippets (an element, the chart's
// options as JSON, the one inline script that draws it with the echarts
// library) from domain values, with report text made harmless.
type Charts interface {
	Trend(s *peil.Series, o peil.ChartOptions) template.HTML
	Increments(s *peil.Series, o peil.ChartOptions) template.HTML
	Overlay(series []*peil.Series, o peil.ChartOptions) template.HTML
	BeforeAfter(ba *peil.BeforeAfter, o peil.ChartOptions) template.HTML
	Sparkline(s *peil.Series) template.HTML
	// Drawn reports whether h holds at least one drawn chart, not only
	// placeholders (pages then offer a PNG download).
	Drawn(h template.HTML) bool
	// Library holds echarts.min.js, which pages load (from echartsPath),
	// and echarts.min.js.gz beside it.
	Library() fs.FS
	// InlineScriptHash is the Content-Security-Policy source ('sha256-…')
	// of the charts' inline script, the same for every chart.
	InlineScriptHash() string
}
