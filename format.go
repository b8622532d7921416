package peil

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// monthsNL are the Dutch month names, January first.
var monthsNL = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// MonthNL returns the Dutch name of month m (1-12), or "" when out of range.
// MaxValue bounds the size of a value Peil stores: a figure, an imported
// value and a derived value are within ±MaxValue (10^15, a thousand times the
// state's yearly budget in euros). Larger values are refused at import and
// are no figure in a report; Peil's sums and differences then stay finite.
const MaxValue = 1e15

// InRange reports whether v is finite and within ±MaxValue.
// StripControls returns s without control characters, for a terminal or a
// CSV cell: C0 and C1 controls (an escape sequence could move the cursor or
// retitle the window) and the invisible bidirectional overrides become a
// space, except the controls listed in keep (such as "\n" in a CSV cell).
func StripControls(s, keep string) string {
	bad := func(r rune) bool {
		return (unicode.IsControl(r) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069) &&
			!strings.ContainsRune(keep, r)
	}
	if strings.IndexFunc(s, bad) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if bad(r) {
			return ' '
		}
		return r
	}, s)
}

func InRange(v float64) bool { return v >= -MaxValue && v <= MaxValue }

func MonthNL(m int) string {
	if m < 1 || m > 12 {
		return ""
	}
	return monthsNL[m-1]
}

// Minus is the sign of negative numbers in text people read: U+2212, not the
// hyphen-minus, which typesetting breaks lines at and renders short.
const Minus = "\u2212"

// FormatNumber writes v in Dutch notation: a dot between thousands and a comma
// before decimals (1.995, 6,4, 6.400.000), negative numbers with the minus
// sign U+2212 (−15). Up to two decimals are kept; trailing zeros are dropped.
// It is for text (pages, tooltips, notes), not for CSV numbers.
func FormatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if v < 0 && (intPart != "0" || frac != "") {
		b.WriteString(Minus)
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}

// FormatDate writes d the Dutch way: "13 februari 2017"; "" for the zero Date.
func FormatDate(d Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day()) + " " + MonthNL(int(d.Month())) + " " + strconv.Itoa(d.Year())
}

// FormatValue writes a stated value the Dutch way: a range or a vague
// quantity with both bounds as "40–50" (an en dash, never a single number, so
// that it stays apart from exact values), anything else as FormatNumber(v).
func FormatValue(v float64, q Qualifier, lower, upper *float64) string {
	if ShowsRange(q, lower, upper) {
		return FormatRange(*lower, *upper)
	}
	return FormatNumber(v)
}

// ShowsRange reports whether a value is shown by its bounds ("40–50"): a range
// or a vague quantity with both bounds. Its value is then a midpoint, never
// to be read as an exact figure.
func ShowsRange(q Qualifier, lower, upper *float64) bool {
	return (q == QualRange || q == QualVague) && lower != nil && upper != nil
}

// FormatRange writes the bounds of a range as "40–50" or "4,1–4,5".
func FormatRange(lower, upper float64) string {
	return FormatNumber(lower) + "–" + FormatNumber(upper)
}

// Label writes the page the Dutch way for tooltips and tables: "p. 4"; "" for
// page 0 (not known).
func (p Page) Label() string {
	if p <= 0 {
		return ""
	}
	return "p. " + strconv.Itoa(int(p))
}

// Cite returns the Dutch citation of a place in report r, as evaluators quote
// it. With a kamerstuk the report is cited as its annex (bijlage):
// "Kamerstuk 29754-420, bijlage, p. 4". Without one the report is named by its
// title and date: "Voortgangsrapportage … (31 maart 2017), p. 4". The place is
// the page when it is known, else the line of the text ("regel 38"); neither
// leaves it out.
func Cite(r Report, page Page, line int) string {
	var b strings.Builder
	if r.Kamerstuk != "" {
		b.WriteString("Kamerstuk " + r.Kamerstuk + ", bijlage")
	} else {
		title := strings.TrimSpace(r.Title)
		if title == "" {
			title = "rapportage"
		}
		b.WriteString(title)
		if d := FormatDate(r.ReportDate); d != "" && !strings.Contains(title, d) {
			b.WriteString(" (" + d + ")")
		}
	}
	if place := Place(page, line); place != "" {
		b.WriteString(", " + place)
	}
	return b.String()
}

// CiteBeside is Cite for a place shown beside the report's own name: with a
// kamerstuk the citation ("Kamerstuk 29754-420, bijlage, p. 4"), without one
// the place alone ("p. 4", "regel 38"), so that the title is not said twice.
func CiteBeside(r Report, page Page, line int) string {
	if r.Kamerstuk != "" {
		return Cite(r, page, line)
	}
	return Place(page, line)
}

// Place is where the statement the point shows stands, for a table or
// tooltip that names its report already (see CiteBeside): with a kamerstuk the
// point's citation, else "p. 4" or "regel 38".
func (p Point) Place() string {
	if p.Kamerstuk != "" {
		return p.Citation
	}
	if st, ok := p.ShownStatement(); ok {
		return Place(st.Page, st.Line)
	}
	return Place(p.Page, 0)
}

// Place is where a statement stands in its report: "p. 4" when the page is
// known, else "regel 38" (the line of the text), else "".
func Place(page Page, line int) string {
	switch {
	case page > 0:
		return page.Label()
	case line > 0:
		return "regel " + strconv.Itoa(line)
	}
	return ""
}

// SpreadsheetSafe returns s so that no spreadsheet program can take it for a
// formula: text that starts with =, +, -, @, a tab, a carriage return, a line
// feed or a NUL character gets a leading apostrophe. Every text cell of a
// workbook or CSV that people open goes through it.
func SpreadsheetSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\n', 0:
		return "'" + s
	}
	return s
}

// ParseNumber reads a number as a person types it: Dutch notation (6,4 and
// 1.995 or 30.000 with points grouping thousands) or a plain decimal point
// (4.5). Anything else gives a Dutch error.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if dutchGrouped.MatchString(t) {
		t = strings.ReplaceAll(t, ".", "")
	}
	t = strings.Replace(t, ",", ".", 1)
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(t, "eExXpP_") {
		return 0, fmt.Errorf("%q is geen getal; schrijf het zoals 386, 6,4 of 30.000", s)
	}
	return v, nil
}

// dutchGrouped matches a number with points grouping thousands: 1.995, 30.000,
// 1.234.567,5.
var dutchGrouped = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})+(,\d+)?$`)
