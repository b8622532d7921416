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
