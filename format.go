package peil

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// monthsNL are the Dutch month names, January first.
var monthsNL = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// MaxValue bounds the size of a value Peil stores: a figure, an imported
// value, a reviewer's correction and a derived value are within ±MaxValue
// (10^15, a thousand times the state's yearly budget in euros). Larger values
// are refused at import and in a correction and are no figure in a report;
// Peil's sums and differences then stay finite.
const MaxValue = 1e15

// StripControls returns s without control characters, for a terminal or a
// CSV cell: C0 and C1 controls (an escape sequence could move the cursor or
// retitle the window) and the invisible bidirectional overrides become a
// space, except the controls listed in keep (such as "\n" in a CSV cell).
func StripControls(s, keep string) string {
	bad := func(r rune) bool { return IsControl(r) && !strings.ContainsRune(keep, r) }
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

// IsControl reports a character that StripControls removes: a C0 or C1
// control (DEL included), an invisible bidirectional control (the overrides,
// embeddings, isolates and marks, which can make a text read in another
// order than it is stored), or a line or paragraph separator (U+2028,
// U+2029: a line break to a terminal and an editor, not to CSV).
func IsControl(r rune) bool {
	return unicode.IsControl(r) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
		r == 0x200E || r == 0x200F || r == 0x061C || r == 0x2028 || r == 0x2029
}

// CleanText returns s as a text of one line to store (a report's title): no
// control characters (IsControl), every run of white space one space, none
// at either end.
func CleanText(s string) string { return strings.Join(strings.Fields(StripControls(s, "")), " ") }

// InRange reports whether v is finite and within ±MaxValue.
func InRange(v float64) bool { return v >= -MaxValue && v <= MaxValue }

// MonthNL returns the Dutch name of month m (1-12), or "" when out of range.
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

// FormatShortDate writes d as d-m-yyyy ("13-2-2017"), the way Dutch
// spreadsheets and narrow table columns show dates; "" for the zero Date.
func FormatShortDate(d Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day()) + "-" + strconv.Itoa(int(d.Month())) + "-" + strconv.Itoa(d.Year())
}

// FormatDateAt writes d as precisely as precision p says the text gave it:
// "maart 2017", "1e kwartaal 2017", "2e helft 2016", "2016", else the full
// date (FormatDate); "datum onbekend" for the zero Date.
func FormatDateAt(d Date, p Precision) string {
	if d.IsZero() {
		return "datum onbekend"
	}
	y := strconv.Itoa(d.Year())
	switch p {
	case PrecisionMonth:
		return MonthNL(int(d.Month())) + " " + y
	case PrecisionQuarter:
		return strconv.Itoa((int(d.Month())-1)/3+1) + "e kwartaal " + y
	case PrecisionHalf:
		return strconv.Itoa((int(d.Month())-1)/6+1) + "e helft " + y
	case PrecisionYear:
		return y
	}
	return FormatDate(d)
}

// FormatPeriod writes the period of a value, the one wording of pages,
// charts, command-line tables and workbooks: a moment (no start, or start and
// end the same day) as its date, "13 februari 2017"; a span as
// "1 januari 2016 – 31 december 2016"; a span without end as
// "vanaf 1 januari 2016"; "" when neither is known.
func FormatPeriod(start, end Date) string {
	switch {
	case start.IsZero():
		return FormatDate(end)
	case end.IsZero():
		return "vanaf " + FormatDate(start)
	case start.Equal(end.Time):
		return FormatDate(end)
	}
	return FormatDate(start) + " – " + FormatDate(end)
}

// FormatSigned writes a change with its sign: "+12", "−3,5", "0".
func FormatSigned(v float64) string {
	if v > 0 {
		return "+" + FormatNumber(v)
	}
	return FormatNumber(v)
}

// FormatPercentChange writes a percentage change with its sign and one
// decimal: "+3,4%", "−15%".
func FormatPercentChange(v float64) string {
	return FormatSigned(RoundDecimals(v, 1)) + "%"
}

// IsEuro reports whether unit is money in euro ("euro", "EUR", "€").
func IsEuro(unit string) bool {
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "euro", "eur", "€":
		return true
	}
	return false
}

// IsPercent reports whether unit is a percentage ("%", "procent", "percent").
func IsPercent(unit string) bool {
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "%", "procent", "percent":
		return true
	}
	return false
}

// FormatAmount writes v the Dutch way, as money when unit is euro (IsEuro):
// "€ 410", and whole millions and tenths of millions as "€ 6,4 miljoen"; a
// percentage (IsPercent) with % and its sign: "−15%".
func FormatAmount(v float64, unit string) string {
	if IsPercent(unit) {
		return FormatNumber(v) + "%" // with its sign as written: −15%
	}
	if !IsEuro(unit) {
		return FormatNumber(v)
	}
	if math.Abs(v) >= 1e6 && math.Mod(v, 1e5) == 0 {
		return "€ " + FormatNumber(v/1e6) + " miljoen"
	}
	return "€ " + FormatNumber(v)
}

// FormatShown writes a value as pages, charts and tables show it: its
// qualifier (none for exact figures) and the number, as money for euro
// ("ten minste 410", "€ 6,4 miljoen"). A range shows its bounds ("40–50"), a
// vague quantity with its word ("globaal 20–90"). A derived value is rounded
// for reading (whole numbers from 10 up, one decimal below; no report gave
// its decimals) and marked "ca." when that rounding or its qualifier makes it
// approximate ("ca. 141"). lower and upper may be nil.
func FormatShown(q Qualifier, src Source, v float64, unit string, lower, upper *float64) string {
	if ShowsRange(q, lower, upper) {
		s := FormatRange(*lower, *upper)
		if IsEuro(unit) {
			s = "€ " + s
		}
		if q == QualVague {
			s = q.Dutch() + " " + s
		}
		return s
	}
	prefix := q.Prefix()
	if src == SourceDerived {
		r := roundShown(v)
		if q == QualApprox || r != v {
			prefix = "ca."
		}
		v = r
	}
	if prefix != "" {
		prefix += " "
	}
	return prefix + FormatAmount(v, unit)
}

// roundShown rounds a derived value for reading: whole numbers from 10 up,
// one decimal below. The stored value keeps the precision RoundDerived gave.
func roundShown(v float64) float64 {
	if math.Abs(v) >= 10 {
		return math.Round(v)
	}
	return math.Round(v*10) / 10
}

// Clip shortens s, with its whitespace runs made single spaces, to at most n
// characters, marking the cut with an ellipsis ("…", counted in n).
func Clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max(n-1, 0)])) + "…"
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
