// Package peil holds the domain of Peil: progress reports on the Integrale Aanpak
// Jihadisme, their measures, the figures and events extracted from them, and the
// indicator series built from those figures across reports.
//
// The package has no dependencies beyond the standard library. Technology lives in
// sibling packages: ingest (text -> figures), analytics (DuckDB), charts (echarts),
// data (embedded catalogs) and server (HTTP).
package peil

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Qualifier says how exact a figure is, as the text wrote it.
type Qualifier string

// The qualifiers a figure can carry.
const (
	QualExact    Qualifier = "exact"     // no qualifier in the text
	QualApprox   Qualifier = "approx"    // circa, ca., ongeveer, zo'n, rond
	QualAtLeast  Qualifier = "at_least"  // tenminste, ten minste, minstens, minimaal, zeker
	QualMoreThan Qualifier = "more_than" // meer dan, ruim
	QualAtMost   Qualifier = "at_most"   // maximaal, hooguit, minder dan
	QualRange    Qualifier = "range"     // tussen de 40 en 50, 40 à 50: value the midpoint, bounds the ends
	QualVague    Qualifier = "vague"     // enkele tientallen, honderden: bounds where the words give them
)

// Qualifiers lists every qualifier, in a stable order.
var Qualifiers = []Qualifier{QualExact, QualApprox, QualAtLeast, QualMoreThan, QualAtMost, QualRange, QualVague}

// Valid reports whether q is one of the known qualifiers.
func (q Qualifier) Valid() bool {
	for _, k := range Qualifiers {
		if q == k {
			return true
		}
	}
	return false
}

// Kind says what sort of quantity a figure is.
type Kind string

// The kinds a figure can have.
const (
	KindStock      Kind = "stock"      // a level at a moment
	KindCumulative Kind = "cumulative" // a running total since a start date
	KindFlow       Kind = "flow"       // a count within a period
	KindAmount     Kind = "amount"     // money, in euro
	KindRating     Kind = "rating"     // a score on a scale
	KindChange     Kind = "change"     // a percentage change
)

// Kinds lists every kind, in a stable order.
var Kinds = []Kind{KindStock, KindCumulative, KindFlow, KindAmount, KindRating, KindChange}

// SameQuantity reports whether a figure of kind obs can be a point of a series
// of kind k: the same kind, or stock and cumulative (a total "op dit moment"
// and one "sinds ..." are both levels). The empty kind takes any.
func (k Kind) SameQuantity(obs Kind) bool {
	level := func(k Kind) bool { return k == KindStock || k == KindCumulative }
	return k == obs || k == "" || (level(k) && level(obs))
}

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// EventType says what happened at a measure's milestone.
type EventType string

// The event types.
const (
	EventInForce     EventType = "in_force"    // in werking getreden
	EventAdopted     EventType = "adopted"     // aangenomen, aanvaard
	EventEstablished EventType = "established" // ingericht, opgericht
	EventExpected    EventType = "expected"    // announced for a future date
)

// Source says where an observation comes from.
type Source string

// The sources of observations.
const (
	SourceExtracted Source = "extracted" // found in a report's text
	SourceDerived   Source = "derived"   // computed from other observations
	SourceImported  Source = "imported"  // imported from elsewhere (peil import)
)

// Precision says how precise a date in the text was.
type Precision string

// The precisions of a date.
const (
	PrecisionDay     Precision = "day"
	PrecisionMonth   Precision = "month"
	PrecisionQuarter Precision = "quarter"
	PrecisionHalf    Precision = "half"
	PrecisionYear    Precision = "year"
)

// Date is a calendar date (midnight UTC). The zero Date means "unknown" and is
// written as JSON null.
type Date struct{ time.Time }

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar date of t.
func DateOf(t time.Time) Date { return NewDate(t.Year(), t.Month(), t.Day()) }

// ParseDate parses an ISO date (2006-01-02). The empty string gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is geen datum; geef een datum als JJJJ-MM-DD", s) // reaches people: Dutch
	}
	return Date{t}, nil
}

// MonthEnd returns the last day of the month of d.
func (d Date) MonthEnd() Date {
	return NewDate(d.Year(), d.Month()+1, 0)
}

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(*s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Page is a 1-based page of a PDF report. The zero Page means "not known"
// (text input, imported values) and is written as JSON null.
type Page int

// MarshalJSON writes the page number, or null for 0.
func (p Page) MarshalJSON() ([]byte, error) {
	if p == 0 {
		return []byte("null"), nil
	}
	return []byte(strconv.Itoa(int(p))), nil
}

// UnmarshalJSON reads a number or null.
func (p *Page) UnmarshalJSON(b []byte) error {
	var n *int
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("page: %w", err)
	}
	*p = 0
	if n != nil {
		*p = Page(*n)
	}
	return nil
}

// IndicatorID identifies an indicator in the catalog (e.g. "passport_measures").
// The empty ID means "no indicator matched" and is written as JSON null.
type IndicatorID string

// MarshalJSON writes the ID, or null when it is empty.
func (id IndicatorID) MarshalJSON() ([]byte, error) {
	if id == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(id))
}

// UnmarshalJSON reads a string or null.
func (id *IndicatorID) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*id = ""
	if s != nil {
		*id = IndicatorID(*s)
	}
	return nil
}

// Report is one progress report (voortgangsrapportage).
type Report struct {
	ID     int64  `json:"id,omitempty"` // store id; 0 before it is stored
	File   string `json:"file"`
	Title  string `json:"title,omitempty"`
	SHA256 string `json:"sha256"` // of the file's bytes
	// TextSHA256 identifies the report: the sha256 of its normalised text
	// (ingest.TextHash; of a PDF its bytes), so that the same text saved with
	// a BOM, CRLF or trailing spaces is the same report.
	TextSHA256  string `json:"text_sha256,omitempty"`
	ReportDate  Date   `json:"report_date"`
	PeriodStart Date   `json:"period_start"` // start of "deze rapportageperiode"
	// Kamerstuk is the parliamentary paper number (e.g. "29754-420"), "" when unknown.
	Kamerstuk string `json:"kamerstuk,omitempty"`
	// URL is where the report can be read (http or https), "" when unknown.
	URL string `json:"url,omitempty"`
}

// ReportSummary is a stored report with its counts.
type ReportSummary struct {
	Report
	Measures int `json:"measures"`
	Figures  int `json:"figures"`
	Events   int `json:"events"`
	// Warnings counts what the extraction found wrong with the report's
	// table (Extraction.Warnings), stored with it.
	Warnings int `json:"warnings"`
}

// Cluster is a group of measures as the programme groups them.
type Cluster struct {
	ID     string `json:"id"`
	Name   string `json:"name"`    // Dutch
	NameEN string `json:"name_en"` // English
	First  int    `json:"first"`   // first measure number
	Last   int    `json:"last"`    // last measure number
}

// Measure is one of the programme's 38 measures as a report describes it.
type Measure struct {
	Nr      int    `json:"nr"`
	Title   string `json:"title"`             // Omschrijving
	Status  string `json:"status"`            // Recente ontwikkelingen en stand van zaken
	Line    int    `json:"line"`              // line where the row starts
	Page    Page   `json:"page"`              // PDF page where the row starts; 0 (null) for text input
	Cluster string `json:"cluster,omitempty"` // cluster id, filled from the catalog
}

// MeasureStatus is the status text of a measure in one report.
type MeasureStatus struct {
	Measure    int    `json:"measure"`
	Report     int64  `json:"report"`
	ReportDate Date   `json:"report_date"`
	Status     string `json:"status"`
	Line       int    `json:"line"` // line where the row starts
	Page       Page   `json:"page"` // PDF page where the row starts; 0 (null) for text input
}

// Figure is a number in a report's text that counts or measures something.
type Figure struct {
	Measure     int         `json:"measure"`
	Value       float64     `json:"value"`
	Text        string      `json:"text"` // the value as the text wrote it, e.g. "ongeveer 300"
	Qualifier   Qualifier   `json:"qualifier"`
	Lower       *float64    `json:"lower"`    // lower bound (see Bounds); nil when unbounded
	Upper       *float64    `json:"upper"`    // upper bound; nil when unbounded
	Expected    bool        `json:"expected"` // stated in the future tense: an expectation, not a value reached
	Unit        string      `json:"unit"`
	Indicator   IndicatorID `json:"indicator"`
	Kind        Kind        `json:"kind"`
	PeriodStart Date        `json:"period_start"`
	PeriodEnd   Date        `json:"period_end"`
	Sentence    string      `json:"sentence"`
	Line        int         `json:"line"`
	Page        Page        `json:"page"` // PDF page of the number; 0 (null) for text input

	// The match: score 0..1 (see ScorePoints), the reason in Dutch, the state
	// it gives (auto or open, see MatchStatus) and the best other indicators.
	Score        float64       `json:"score"`
	Reason       string        `json:"reason"`
	Status       ReviewStatus  `json:"status"`
	Alternatives []Alternative `json:"alternatives"`
}

// Event is a dated milestone of a measure.
type Event struct {
	ID        int64     `json:"id,omitempty"` // store id
	Measure   int       `json:"measure"`
	Date      Date      `json:"date"`
	Precision Precision `json:"precision"`
	Type      EventType `json:"type"`
	Label     string    `json:"label"` // short Dutch label for charts
	Sentence  string    `json:"sentence"`
	Line      int       `json:"line"`
	Page      Page      `json:"page"`             // PDF page of the date; 0 (null) for text input
	Report    int64     `json:"report,omitempty"` // store id of the report that stated it
}

// Extraction is everything extracted from one report text.
type Extraction struct {
	Report   Report    `json:"report"`
	Measures []Measure `json:"measures"`
	Figures  []Figure  `json:"figures"`
	Events   []Event   `json:"events"`
	// Warnings are what the extraction found wrong with the report's table
	// and worked around: rows out of order, a row twice, a row numbered
	// outside the catalog, where the table ends, missing rows, text that is
	// a table of numbers. Stored with the report.
	Warnings []Warning `json:"warnings"`
}

// Warning is one problem of a report's table, in Dutch, with where it
// stands (Line 0: the report as a whole; Page 0: text input).
type Warning struct {
	Line    int    `json:"line"`
	Page    Page   `json:"page"`
	Message string `json:"message"`
}

// Indicator is what a figure measures, stable across reports.
type Indicator struct {
	ID      IndicatorID `json:"id"`
	Measure int         `json:"measure"`
	Label   string      `json:"label"`    // Dutch
	LabelEN string      `json:"label_en"` // English
	Unit    string      `json:"unit"`
	Kind    Kind        `json:"kind"`
	Key     bool        `json:"key"`            // shown on the overview
	Cues    []string    `json:"cues,omitempty"` // words that identify it in a sentence
}

// IndicatorEdit is a change to an indicator: the fields that are not nil.
// A new unit or kind changes what the matcher looks for from the next
// ingest on; stored observations keep the unit and kind they were given.
type IndicatorEdit struct {
	Label   *string
	LabelEN *string
	Unit    *string
	Kind    *Kind
	Cues    *[]string
	Key     *bool
}

// Catalog is the reference data: clusters, measures and known indicators.
type Catalog struct {
	Clusters   []Cluster
	Measures   []Measure // Nr, Title and Cluster; no Status
	Indicators []Indicator
}

// Indicator returns the indicator with the given id.
func (c *Catalog) Indicator(id IndicatorID) (Indicator, bool) {
	for _, ind := range c.Indicators {
		if ind.ID == id {
			return ind, true
		}
	}
	return Indicator{}, false
}

// Measure returns the measure with number nr.
func (c *Catalog) Measure(nr int) (Measure, bool) {
	for _, m := range c.Measures {
		if m.Nr == nr {
			return m, true
		}
	}
	return Measure{}, false
}

// Observation is one statement of a value of an indicator: a figure as stored,
// a derived value or an imported one.
type Observation struct {
	ID          int64       `json:"id,omitempty"`
	Report      int64       `json:"report,omitempty"` // 0 for imported observations
	ReportDate  Date        `json:"report_date"`
	Measure     int         `json:"measure"`
	Indicator   IndicatorID `json:"indicator"`
	Value       float64     `json:"value"`
	Text        string      `json:"text"`
	Qualifier   Qualifier   `json:"qualifier"`
	Lower       *float64    `json:"lower"` // lower bound implied by the qualifier, nil when open
	Upper       *float64    `json:"upper"` // upper bound implied by the qualifier, nil when open
	Kind        Kind        `json:"kind"`
	Unit        string      `json:"unit"`
	PeriodStart Date        `json:"period_start"`
	PeriodEnd   Date        `json:"period_end"`
	Sentence    string      `json:"sentence"`
	Line        int         `json:"line"`
	Page        Page        `json:"page"` // PDF page; 0 (null) for text input and imports
	Source      Source      `json:"source"`
	Derivation  string      `json:"derivation,omitempty"` // the formula in words, for derived values
	Citation    string      `json:"citation,omitempty"`   // URL or citation, for imported values
	Note        string      `json:"note,omitempty"`
	Expected    bool        `json:"expected"` // an expectation (future tense), never the latest value
	// Current says that this is the statement its series point shows
	// ("geldend"): one per indicator and period. Set by the observation
	// stream of exports; false for figures of no indicator or of another
	// sort of quantity than their indicator's.
	Current bool `json:"current"`
	// Review is the review state of an extracted figure ("" for derived and
	// imported values), Reviewer who decided, and Original the value as
	// extracted when a reviewer corrected it.
	Review   ReviewStatus `json:"review,omitempty"`
	Reviewer string       `json:"reviewer,omitempty"`
	Original *float64     `json:"original,omitempty"`
}

// Statement is what one report (or import) said about a point of a series.
type Statement struct {
	Report     int64     `json:"report"`
	ReportDate Date      `json:"report_date"`
	Value      float64   `json:"value"`
	Text       string    `json:"text"`
	Qualifier  Qualifier `json:"qualifier"`
	Lower      *float64  `json:"lower"`
	Upper      *float64  `json:"upper"`
	Expected   bool      `json:"expected"`
	Sentence   string    `json:"sentence"`
	Line       int       `json:"line"`
	Page       Page      `json:"page"` // PDF page; 0 (null) for text input and imports
	Source     Source    `json:"source"`
	Derivation string    `json:"derivation,omitempty"`
	// Citation is where the statement can be checked: an import's own source,
	// else the report's citation (Cite: "Kamerstuk 29754-420, bijlage, p. 4").
	Citation  string `json:"citation,omitempty"`
	Kamerstuk string `json:"kamerstuk,omitempty"` // the report's kamerstuk, when known
	URL       string `json:"url,omitempty"`       // the report's URL, when known
	// Conflict says that the statement disagrees with its point without
	// revising it: a derived value other than the one shown, or a value its
	// own report gave differently elsewhere (see Point.Note).
	Conflict bool `json:"conflict"`
	// Review is the review state of an extracted figure (see Observation),
	// Original its value as extracted when a reviewer corrected it.
	Review   ReviewStatus `json:"review,omitempty"`
	Original *float64     `json:"original,omitempty"`
	// Observation is the store id of the observation that made the
	// statement (0 when not stored); not in JSON.
	Observation int64 `json:"-"`
}

// Point is one point of a series: the latest statement for one period, with
// every statement that was made about it.
type Point struct {
	PeriodStart Date      `json:"period_start"`
	PeriodEnd   Date      `json:"period_end"`
	Value       float64   `json:"value"`
	Text        string    `json:"text"`
	Qualifier   Qualifier `json:"qualifier"`
	Lower       *float64  `json:"lower"` // bounds of the statement shown
	Upper       *float64  `json:"upper"`
	Expected    bool      `json:"expected"` // the statement shown is an expectation
	Report      int64     `json:"report"`   // report of the latest statement; 0 for imported
	ReportDate  Date      `json:"report_date"`
	Source      Source    `json:"source"`
	Derivation  string    `json:"derivation,omitempty"`
	Page        Page      `json:"page"`                // page of the statement shown; 0 (null) when not known
	Citation    string    `json:"citation,omitempty"`  // citation of the statement shown
	Kamerstuk   string    `json:"kamerstuk,omitempty"` // kamerstuk of its report, when known
	URL         string    `json:"url,omitempty"`       // URL of its report, when known
	Revised     bool      `json:"revised"`             // a later report (or an import) changed the value
	Note        string    `json:"note,omitempty"`      // Dutch: statements that disagree without being a revision
	// Conflict says that statements disagree without being a revision: a
	// derived value against the stated one, or one report giving several
	// values. Note says which.
	Conflict bool `json:"conflict"`
	Shown    int  `json:"shown"` // index in Statements of the statement that gives the point its value
	// Gap says that a report published between the previous point and this
	// one said nothing about the indicator: charts do not join the two.
	Gap        bool        `json:"gap"`
	Statements []Statement `json:"statements"`
}

// ShownStatement returns the statement that gives the point its value, and
// false when the point has no statements.
func (p Point) ShownStatement() (Statement, bool) {
	if p.Shown < 0 || p.Shown >= len(p.Statements) {
		return Statement{}, false
	}
	return p.Statements[p.Shown], true
}

// ReportStatements returns the statement each report (or import) stands by
// for the point, in statement order: of a report its first non-derived
// statement (statements are ordered by report date, report and line); of
// imports one per citation. Derived statements are left out. The point is
// Revised when these give different values; a report's own other statements
// are restatements, not revisions.
func (p Point) ReportStatements() []Statement {
	idx := ReportIndexes(p.Statements)
	out := make([]Statement, len(idx))
	for i, k := range idx {
		out[i] = p.Statements[k]
	}
	return out
}

// ReportIndexes returns the indexes in statements of the statements that
// Point.ReportStatements returns, in order.
func ReportIndexes(statements []Statement) []int {
	var out []int
	for i, s := range statements {
		if s.Source == SourceDerived {
			continue
		}
		seen := false
		for _, k := range out {
			o := statements[k]
			if o.Report == s.Report && (s.Report != 0 || o.Citation == s.Citation) {
				seen = true
				break
			}
		}
		if !seen {
			out = append(out, i)
		}
	}
	return out
}

// Increment is the change of a cumulative series between two consecutive points.
type Increment struct {
	From     Date    `json:"from"`
	To       Date    `json:"to"`
	Delta    float64 `json:"delta"`
	Months   float64 `json:"months"`    // length of the interval in months
	PerMonth float64 `json:"per_month"` // Delta / Months
	Gap      bool    `json:"gap"`       // the interval spans more than one report period
	// Qualifier is exact only when both points are exact; otherwise approx.
	Qualifier Qualifier `json:"qualifier"`
	// Derivation is the formula in Dutch words, e.g. "afgeleid: 320 (31 maart
	// 2017) min 305 (15 november 2016) = 15 in 4,5 maanden".
	Derivation string `json:"derivation"`
}

// Series is one indicator over time.
type Series struct {
	Indicator  Indicator   `json:"indicator"`
	Points     []Point     `json:"points"`
	Increments []Increment `json:"increments,omitempty"` // cumulative indicators only
	Events     []Event     `json:"events,omitempty"`     // events of the indicator's measure
}

// Movement is how an indicator moved between two reports.
type Movement struct {
	Indicator Indicator `json:"indicator"`
	From      *Point    `json:"from"` // nil when it appeared
	To        *Point    `json:"to"`   // nil when it disappeared
	Change    *float64  `json:"change"`
	ChangePct *float64  `json:"change_pct"` // nil when From is 0 or missing
}

// MeasureComparison is one measure in a report-versus-report comparison.
type MeasureComparison struct {
	Measure       Measure    `json:"measure"`
	StatusFrom    string     `json:"status_from"`
	StatusTo      string     `json:"status_to"`
	StatusChanged bool       `json:"status_changed"`
	Moved         []Movement `json:"moved"`       // in both reports
	Appeared      []Movement `json:"appeared"`    // only in To
	Disappeared   []Movement `json:"disappeared"` // only in From
}

// Comparison is two reports side by side.
type Comparison struct {
	From     ReportSummary       `json:"from"`
	To       ReportSummary       `json:"to"`
	Measures []MeasureComparison `json:"measures"`
}

// Effect is one indicator before and after an event.
type Effect struct {
	Indicator  Indicator `json:"indicator"`
	Before     []Point   `json:"before"`
	After      []Point   `json:"after"`
	RateBefore *float64  `json:"rate_before"` // per month; nil when too few points
	RateAfter  *float64  `json:"rate_after"`
	Statement  string    `json:"statement"` // plain Dutch summary, also when too few points
}

// BeforeAfter holds the indicators of a measure against one of its events.
type BeforeAfter struct {
	Event   Event    `json:"event"`
	Effects []Effect `json:"effects"`
}

// Filter selects observations for exports and pages. Zero fields select all.
type Filter struct {
	Measure   int
	Indicator IndicatorID
	From      Date // period end on or after From
	To        Date // period end on or before To
}

// ChartOptions are what a page tells its charts besides their data: the
// reports' titles by store id, for tooltips (a report without one is named
// by its date), and a time range the time axis covers at least (zero dates
// add nothing), so that the charts of one page share one axis.
type ChartOptions struct {
	ReportTitles map[int64]string
	From, To     Date
}

// ExportOptions are what a workbook shows: the observations Filter selects,
// and the reports (store ids) its sheet Vergelijking sets side by side; 0 and
// 0 mean the previous and the latest report, as on the Vergelijken page.
type ExportOptions struct {
	Filter                 Filter
	CompareFrom, CompareTo int64
}
