package peil

import (
	"math"
	"testing"
	"time"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{1995, "1.995"},
		{30000, "30.000"},
		{6400000, "6.400.000"},
		{6.4, "6,4"},
		{4.45, "4,45"},
		{-15, "\u221215"},
		{-3.67, "\u22123,67"},
		{-0.001, "0"},
		{123456.5, "123.456,5"},
		{math.Inf(1), "+Inf"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.in); got != tt.want {
			t.Errorf("FormatNumber(%v) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	if got := FormatDate(NewDate(2017, time.February, 13)); got != "13 februari 2017" {
		t.Errorf("FormatDate = %q; want 13 februari 2017", got)
	}
	if got := FormatDate(Date{}); got != "" {
		t.Errorf("FormatDate(zero) = %q; want empty", got)
	}
}

func TestDateJSON(t *testing.T) {
	d := NewDate(2017, time.March, 31)
	b, err := d.MarshalJSON()
	if err != nil || string(b) != `"2017-03-31"` {
		t.Fatalf("MarshalJSON = %s, %v", b, err)
	}
	var back Date
	if err := back.UnmarshalJSON(b); err != nil || !back.Equal(d.Time) {
		t.Fatalf("UnmarshalJSON(%s) = %v, %v", b, back, err)
	}
	if b, _ := (Date{}).MarshalJSON(); string(b) != "null" {
		t.Errorf("zero Date marshals to %s; want null", b)
	}
	if got := NewDate(2016, time.February, 10).MonthEnd().String(); got != "2016-02-29" {
		t.Errorf("MonthEnd = %s; want 2016-02-29", got)
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{Code: EINVALID, Message: "binary input", File: "a.txt", Line: 3}
	if got := e.Error(); got != "a.txt:3: binary input" {
		t.Errorf("Error() = %q", got)
	}
	if ErrorCode(e) != EINVALID || ErrorCode(nil) != "" {
		t.Errorf("ErrorCode mismatch")
	}
}

func TestStripControls(t *testing.T) {
	for in, want := range map[string]string{
		"gewoon":                 "gewoon",
		"a\x1b[31mb":             "a [31mb",
		"tab\tregel\nC1\u009bx":  "tab regel C1 x",
		"bidi \u202egnaal\u202c": "bidi  gnaal ",
	} {
		if got := StripControls(in, ""); got != want {
			t.Errorf("StripControls(%q) = %q; want %q", in, got, want)
		}
	}
	if got := StripControls("twee\nregels\x07", "\n"); got != "twee\nregels " {
		t.Errorf("StripControls keeping newlines = %q", got)
	}
	// Line separators, DEL and the bidirectional marks went through before.
	for _, r := range []rune{0x2028, 0x2029, 0x7f, 0x200e, 0x200f, 0x061c, 0x2066, 0x9b} {
		if got := StripControls("a"+string(r)+"b", ""); got != "a b" {
			t.Errorf("StripControls(a U+%04X b) = %q; want %q", r, got, "a b")
		}
	}
}

// CleanText makes one line: controls out, white space collapsed and trimmed.
func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Titel  T":                         "Titel T",
		" \x1b[31mRood\x1b[0m\u2028regel ": "[31mRood [0m regel",
		"\u202egnaal":                      "gnaal",
		"één – voorjaar":                   "één – voorjaar",
		"\x07\x08":                         "",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestCite checks the citation rule: kamerstuk and page when known, else the
// title, the report date and the line.
func TestCite(t *testing.T) {
	spring := Report{Title: "Voortgangsrapportage integrale aanpak jihadisme, voorjaar 2017",
		ReportDate: NewDate(2017, time.March, 31)}
	withKamerstuk := spring
	withKamerstuk.Kamerstuk = "29754-420"
	tests := []struct {
		r    Report
		page Page
		line int
		want string
	}{
		{withKamerstuk, 4, 38, "Kamerstuk 29754-420, bijlage, p. 4"},
		{withKamerstuk, 0, 38, "Kamerstuk 29754-420, bijlage, regel 38"},
		{spring, 4, 38, "Voortgangsrapportage integrale aanpak jihadisme, voorjaar 2017 (31 maart 2017), p. 4"},
		{spring, 0, 38, "Voortgangsrapportage integrale aanpak jihadisme, voorjaar 2017 (31 maart 2017), regel 38"},
		{Report{Title: "Rapportage 31 maart 2017", ReportDate: NewDate(2017, time.March, 31)}, 0, 0, "Rapportage 31 maart 2017"},
		{Report{ReportDate: NewDate(2016, time.November, 30)}, 0, 7, "rapportage (30 november 2016), regel 7"},
	}
	for _, tt := range tests {
		if got := Cite(tt.r, tt.page, tt.line); got != tt.want {
			t.Errorf("Cite(%+v, %d, %d) = %q; want %q", tt.r, tt.page, tt.line, got, tt.want)
		}
	}
	if got := CiteBeside(withKamerstuk, 4, 38); got != "Kamerstuk 29754-420, bijlage, p. 4" {
		t.Errorf("CiteBeside with kamerstuk = %q", got)
	}
	if got := CiteBeside(spring, 0, 38); got != "regel 38" {
		t.Errorf("CiteBeside without kamerstuk = %q; want regel 38", got)
	}
	if got := Page(0).Label(); got != "" {
		t.Errorf("Page(0).Label() = %q; want empty", got)
	}
}

// TestPointPlace checks the place a point shows beside its report's name.
func TestPointPlace(t *testing.T) {
	st := Statement{Report: 1, Line: 38, Page: 4, Citation: "Kamerstuk 29754-420, bijlage, p. 4", Kamerstuk: "29754-420"}
	p := Point{Report: 1, Page: 4, Citation: st.Citation, Kamerstuk: st.Kamerstuk,
		Statements: []Statement{{Report: 1, Line: 10}, st}, Shown: 1}
	if got := p.Place(); got != "Kamerstuk 29754-420, bijlage, p. 4" {
		t.Errorf("Place with kamerstuk = %q", got)
	}
	p.Kamerstuk = ""
	if got := p.Place(); got != "p. 4" {
		t.Errorf("Place without kamerstuk = %q; want p. 4", got)
	}
	p.Statements[1].Page = 0
	if got := p.Place(); got != "regel 38" {
		t.Errorf("Place of text input = %q; want regel 38 (the shown statement's line)", got)
	}
}

// TestFormatShown: the value with its qualifier as pages, charts and tables
// show it (the cases of the server's and the charts' former copies).
func TestFormatShown(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		q      Qualifier
		src    Source
		v      float64
		lo, up *float64
		unit   string
		want   string
	}{
		{QualAtLeast, SourceExtracted, 410, nil, nil, "onderzoeken", "ten minste 410"},
		{QualExact, SourceExtracted, 1995, nil, nil, "verzoeken", "1.995"},
		{QualExact, SourceExtracted, 6400000, nil, nil, "euro", "€ 6,4 miljoen"},
		{QualExact, SourceExtracted, 7000000, nil, nil, "euro", "€ 7 miljoen"},
		{QualApprox, SourceExtracted, 6412000, nil, nil, "euro", "circa € 6.412.000"},
		{QualExact, SourceExtracted, 250000, nil, nil, "euro", "€ 250.000"},
		{QualApprox, SourceDerived, 141.17647, nil, nil, "meldingen", "ca. 141"},
		{QualExact, SourceDerived, 67, nil, nil, "personen", "67"},
		{QualExact, SourceDerived, 66.5, nil, nil, "personen", "ca. 67"},
		{QualExact, SourceDerived, 2.46, nil, nil, "", "ca. 2,5"},
		{QualApprox, SourceExtracted, 300, nil, nil, "verzoeken", "circa 300"},
		{QualExact, SourceExtracted, -15, nil, nil, "%", "\u221215%"}, // "een afname van 15%"
		{QualExact, SourceExtracted, 12, nil, nil, "%", "12%"},
		{"", SourceExtracted, 12, nil, nil, "", "12"},
		// Given its bounds, a range shows as "40–50" and a vague quantity as
		// "globaal 20–90", never as the number of its midpoint.
		{QualRange, SourceExtracted, 45, f(40), f(50), "verdachten", "40–50"},
		{QualRange, SourceExtracted, 2500000, f(2000000), f(3000000), "euro", "€ 2.000.000–3.000.000"},
		{QualRange, SourceExtracted, 4.15, f(4.1), f(4.2), "", "4,1–4,2"},
		{QualVague, SourceExtracted, 55, f(20), f(90), "terugkeerders", "globaal 20–90"},
		{QualVague, SourceExtracted, 5, nil, nil, "gemeenten", "globaal 5"},
		{QualExact, SourceExtracted, 45, f(45), f(45), "verdachten", "45"},
		{QualAtLeast, SourceExtracted, 386, f(386), nil, "onderzoeken", "ten minste 386"},
	} {
		if got := FormatShown(tc.q, tc.src, tc.v, tc.unit, tc.lo, tc.up); got != tc.want {
			t.Errorf("FormatShown(%s, %s, %v, %q) = %q; want %q", tc.q, tc.src, tc.v, tc.unit, got, tc.want)
		}
	}
}

// TestFormatPeriod: the one period wording.
func TestFormatPeriod(t *testing.T) {
	d := NewDate
	for _, tc := range []struct {
		start, end Date
		want       string
	}{
		{Date{}, d(2017, 2, 13), "13 februari 2017"},
		{d(2016, 1, 1), d(2016, 12, 31), "1 januari 2016 – 31 december 2016"},
		{d(2017, 3, 1), d(2017, 3, 1), "1 maart 2017"},
		{d(2013, 12, 1), Date{}, "vanaf 1 december 2013"},
		{Date{}, Date{}, ""},
	} {
		if got := FormatPeriod(tc.start, tc.end); got != tc.want {
			t.Errorf("FormatPeriod(%s, %s) = %q; want %q", tc.start, tc.end, got, tc.want)
		}
	}
}

func TestFormatDates(t *testing.T) {
	d := NewDate(2017, 2, 13)
	if got := FormatShortDate(d); got != "13-2-2017" {
		t.Errorf("FormatShortDate = %q; want 13-2-2017", got)
	}
	if got := FormatShortDate(Date{}); got != "" {
		t.Errorf("FormatShortDate(zero) = %q; want empty", got)
	}
	for _, tc := range []struct {
		p    Precision
		want string
	}{
		{PrecisionDay, "13 februari 2017"}, {PrecisionMonth, "februari 2017"},
		{PrecisionQuarter, "1e kwartaal 2017"}, {PrecisionHalf, "1e helft 2017"}, {PrecisionYear, "2017"},
	} {
		if got := FormatDateAt(d, tc.p); got != tc.want {
			t.Errorf("FormatDateAt(%s, %s) = %q; want %q", d, tc.p, got, tc.want)
		}
	}
	if got := FormatDateAt(Date{}, PrecisionDay); got != "datum onbekend" {
		t.Errorf("FormatDateAt(zero) = %q; want datum onbekend", got)
	}
}

func TestFormatSigned(t *testing.T) {
	for _, tc := range []struct {
		v          float64
		change, pc string
	}{
		{86, "+86", "+86%"},
		{-1995, "\u22121.995", "\u22121.995%"},
		{0, "0", "0%"},
		{22.28, "+22,28", "+22,3%"},
	} {
		if got := FormatSigned(tc.v); got != tc.change {
			t.Errorf("FormatSigned(%v) = %q; want %q", tc.v, got, tc.change)
		}
		if got := FormatPercentChange(tc.v); got != tc.pc {
			t.Errorf("FormatPercentChange(%v) = %q; want %q", tc.v, got, tc.pc)
		}
	}
}

func TestUnits(t *testing.T) {
	for _, u := range []string{"euro", " EUR ", "€"} {
		if !IsEuro(u) {
			t.Errorf("IsEuro(%q) = false", u)
		}
	}
	for _, u := range []string{"%", "procent", "Percent"} {
		if !IsPercent(u) {
			t.Errorf("IsPercent(%q) = false", u)
		}
	}
	for _, u := range []string{"", "onderzoeken", "euro's per jaar"} {
		if IsEuro(u) || IsPercent(u) {
			t.Errorf("IsEuro or IsPercent(%q) = true", u)
		}
	}
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"kort", 10, "kort"},
		{"een  zin\nover  regels", 30, "een zin over regels"},
		{"abcdefghij", 5, "abcd…"},
		{"ab  cdefgh", 4, "ab…"},
	} {
		if got := Clip(tc.in, tc.n); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q; want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestReportName(t *testing.T) {
	d := NewDate(2017, 3, 31)
	for _, tc := range []struct {
		r                      Report
		name, dated, dateFirst string
	}{
		{Report{Title: "Voorjaarsrapportage 2017", ReportDate: d}, "Voorjaarsrapportage 2017", "Voorjaarsrapportage 2017 (31 maart 2017)", "31 maart 2017 · Voorjaarsrapportage 2017"},
		{Report{ReportDate: d}, "Voortgangsrapportage 31 maart 2017", "Voortgangsrapportage 31 maart 2017", "Voortgangsrapportage 31 maart 2017"},
		{Report{Title: "Voortgangsrapportage nr. 6 (31 maart 2017)", ReportDate: d}, "Voortgangsrapportage nr. 6 (31 maart 2017)",
			"Voortgangsrapportage nr. 6 (31 maart 2017)", "31 maart 2017 · Voortgangsrapportage nr. 6"},
		{Report{File: "r.txt"}, "r.txt", "r.txt", "r.txt"},
		{Report{}, "rapportage", "rapportage", "rapportage"},
	} {
		if got := tc.r.Name(); got != tc.name {
			t.Errorf("%+v.Name() = %q; want %q", tc.r, got, tc.name)
		}
		if got := tc.r.NameDated(); got != tc.dated {
			t.Errorf("%+v.NameDated() = %q; want %q", tc.r, got, tc.dated)
		}
		if got := tc.r.DateFirst(); got != tc.dateFirst {
			t.Errorf("%+v.DateFirst() = %q; want %q", tc.r, got, tc.dateFirst)
		}
	}
}
