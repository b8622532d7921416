package ingest

import (
	"math"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

func TestDerive(t *testing.T) {
	rep := peil.Report{File: "r.txt", SHA256: "x", ReportDate: peil.NewDate(2017, 3, 1), PeriodStart: peil.NewDate(2016, 9, 1)}
	fig := func(v float64, text string, kind peil.Kind, sentence string) peil.Figure {
		return peil.Figure{Measure: 12, Value: v, Text: text, Qualifier: peil.QualExact, Kind: kind, Indicator: "ind",
			Unit: "personen", Sentence: sentence, Line: 7}
	}
	sanctions := "Sinds december 2013 zijn 97 personen en 3 organisaties op de nationale sanctielijst terrorisme geplaatst, waarvan 30 in deze rapportageperiode."
	meldingen := "Bij het meldpunt zijn in 2016 120 unieke meldingen binnengekomen. Dit is een afname van 15% ten opzichte van 2015."
	tests := []struct {
		name   string
		status string
		figs   []peil.Figure
		want   []float64
		period []string // start/end per derived value
		words  []string // in the derivation
	}{
		{
			name:   "waarvan skips a smaller figure in between",
			status: sanctions,
			figs:   []peil.Figure{fig(97, "97", peil.KindCumulative, sanctions), fig(3, "3", peil.KindCumulative, sanctions), fig(30, "30", peil.KindFlow, sanctions)},
			want:   []float64{67},
			period: []string{"/2016-09-01"},
			words:  []string{"97 (totaal) min 30", "1 september 2016"},
		},
		{
			name:   "waarvan part not extracted: read from the text",
			status: sanctions,
			figs:   []peil.Figure{fig(97, "97", peil.KindCumulative, sanctions)},
			want:   []float64{67},
		},
		{
			name:   "waarvan with no total before it",
			status: "Er zijn 12 meldingen, waarvan 30 in deze rapportageperiode.",
			figs:   []peil.Figure{fig(12, "12", peil.KindStock, "Er zijn 12 meldingen, waarvan 30 in deze rapportageperiode.")},
		},
		{
			name:   "waarvan in another sentence does not reach back",
			status: "Er zijn 97 personen geplaatst. Het zijn er veel, waarvan 30 in deze rapportageperiode.",
			figs:   []peil.Figure{fig(97, "97", peil.KindCumulative, "Er zijn 97 personen geplaatst.")},
		},
		{
			name:   "a decrease of nearly 100% derives nothing beyond the range",
			status: "In 2016 waren er 900.000.000.000.000 meldingen. Dit is een afname van 99,99999999999999% ten opzichte van 2015.",
			figs: []peil.Figure{fig(9e14, "900.000.000.000.000", peil.KindFlow, "In 2016 waren er 900.000.000.000.000 meldingen."),
				fig(99.99999999999999, "99,99999999999999%", peil.KindChange, "Dit is een afname van 99,99999999999999% ten opzichte van 2015.")},
		},
		{
			name:   "afname in the next sentence",
			status: meldingen,
			figs:   []peil.Figure{fig(120, "120", peil.KindFlow, "Bij het meldpunt zijn in 2016 120 unieke meldingen binnengekomen."), fig(15, "15%", peil.KindChange, "Dit is een afname van 15% ten opzichte van 2015.")},
			want:   []float64{141}, // 120 / 0,85 ≈ 141,18: whole, as its input 120
			period: []string{"2015-01-01/2015-12-31"},
			words:  []string{"120 gedeeld door (1 − 15%)", "afname van 15% ten opzichte van 2015", "ongeveer 141 in 2015"},
		},
		{
			name:   "toename",
			status: "In 2016 waren er 66 bijeenkomsten, een toename van 10 procent ten opzichte van 2015.",
			figs:   []peil.Figure{fig(66, "66", peil.KindFlow, "In 2016 waren er 66 bijeenkomsten, een toename van 10 procent ten opzichte van 2015.")},
			want:   []float64{60},
			words:  []string{"(1 + 10%)", "toename"},
		},
		{
			name:   "1.200 is one number, not 200",
			status: "Er waren 1.200 meldingen, waarvan 200 in deze rapportageperiode.",
			figs:   []peil.Figure{fig(1200, "1.200", peil.KindCumulative, "Er waren 1.200 meldingen, waarvan 200 in deze rapportageperiode.")},
			want:   []float64{1000},
		},
		{
			name: "no status: the sentences are the text",
			figs: []peil.Figure{fig(97, "97", peil.KindCumulative, sanctions), fig(30, "30", peil.KindFlow, sanctions)},
			want: []float64{67},
		},
	}
	for _, tt := range tests {
		ext := &peil.Extraction{Report: rep, Figures: tt.figs}
		if tt.status != "" {
			ext.Measures = []peil.Measure{{Nr: 12, Status: tt.status}}
		}
		got := Derive(ext)
		if len(got) != len(tt.want) {
			t.Errorf("%s: Derive = %d values %+v; want %v", tt.name, len(got), got, tt.want)
			continue
		}
		for i, o := range got {
			if math.Abs(o.Value-tt.want[i]) > 1e-9 || o.Source != peil.SourceDerived || o.Indicator != "ind" || o.Line != 7 {
				t.Errorf("%s: Derive()[%d] = %+v; want %v, derived, of indicator ind on line 7", tt.name, i, o, tt.want[i])
			}
			if i < len(tt.period) {
				if p := o.PeriodStart.String() + "/" + o.PeriodEnd.String(); p != tt.period[i] {
					t.Errorf("%s: period = %s; want %s", tt.name, p, tt.period[i])
				}
			}
			for _, w := range tt.words {
				if !strings.Contains(o.Derivation, w) {
					t.Errorf("%s: derivation %q lacks %q", tt.name, o.Derivation, w)
				}
			}
		}
	}
}

// Without a period start, "waarvan ... in deze rapportageperiode" has no date.
func TestDeriveWaarvanNeedsPeriodStart(t *testing.T) {
	s := "Er zijn 97 personen geplaatst, waarvan 30 in deze rapportageperiode."
	ext := &peil.Extraction{
		Report:  peil.Report{ReportDate: peil.NewDate(2017, 3, 1)},
		Figures: []peil.Figure{{Measure: 1, Value: 97, Text: "97", Qualifier: peil.QualExact, Kind: peil.KindCumulative, Sentence: s}},
	}
	if got := Derive(ext); len(got) != 0 {
		t.Errorf("Derive without period start = %+v; want nothing", got)
	}
}

// Derived values carry no floating-point noise: 102 / 0,85 is 120, not
// 120,00000000000001, and 66 / 1,1 is 60.
func TestDeriveRoundsNoise(t *testing.T) {
	rep := peil.Report{ReportDate: peil.NewDate(2017, 3, 1)}
	for _, tt := range []struct {
		status string
		base   float64
		want   float64
	}{
		{"In 2016 waren er 102 meldingen. Dit is een afname van 15% ten opzichte van 2015.", 102, 120},
		{"In 2016 waren er 66 bijeenkomsten, een toename van 10 procent ten opzichte van 2015.", 66, 60},
	} {
		ext := &peil.Extraction{Report: rep, Measures: []peil.Measure{{Nr: 1, Status: tt.status}},
			Figures: []peil.Figure{{Measure: 1, Value: tt.base, Text: peil.FormatNumber(tt.base), Qualifier: peil.QualExact,
				Kind: peil.KindFlow, Indicator: "ind", Sentence: tt.status}}}
		got := Derive(ext)
		if len(got) != 1 || got[0].Value != tt.want {
			t.Errorf("Derive(%q) = %+v; want exactly %v", tt.status, got, tt.want)
		}
	}
}

// A figure in a long text without full stops, whose stored sentence was cut
// around it ("…"), is placed where it stands, not at an earlier mention of
// the same number: the waarvan phrase after it derives from it. Before, it
// was placed at "120 gemeenten" in the sentence before, and nothing was derived.
func TestDeriveFindsCutSentence(t *testing.T) {
	long := "In deze periode " + strings.Repeat("is er verder met partners overlegd over de aanpak en ", 25) +
		"zijn er 120 personen geplaatst, waarvan 20 in deze rapportageperiode " +
		strings.Repeat("en is er gesproken met gemeenten over de aanpak ", 25) + "."
	status := "Er zijn gesprekken gevoerd in 120 gemeenten. " + long
	at := strings.Index(long, "120")
	var cut string
	for _, piece := range sentences(long) {
		if piece.start <= at && at < piece.end {
			cut = piece.text(long)
		}
	}
	if !strings.HasPrefix(cut, "…") {
		t.Fatalf("the sentence of the figure is not cut: %q", cut)
	}
	ext := &peil.Extraction{
		Report:   peil.Report{ReportDate: peil.NewDate(2017, 3, 1), PeriodStart: peil.NewDate(2016, 9, 1)},
		Measures: []peil.Measure{{Nr: 1, Status: status}},
		Figures: []peil.Figure{
			{Measure: 1, Value: 120, Text: "120", Qualifier: peil.QualExact, Kind: peil.KindStock, Indicator: "gemeenten",
				Sentence: "Er zijn gesprekken gevoerd in 120 gemeenten.", Line: 1},
			{Measure: 1, Value: 120, Text: "120", Qualifier: peil.QualExact, Kind: peil.KindCumulative, Indicator: "personen",
				Sentence: cut, Line: 2},
		},
	}
	got := Derive(ext)
	if len(got) != 1 || got[0].Value != 100 || got[0].Indicator != "personen" {
		t.Errorf("Derive = %+v; want 100 personen at the start of the period", got)
	}
}

// TestCollapse: collapse returns what joining the fields of s gives, for the
// strings its shortcut takes as they are and for those it does not.
func TestCollapse(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a b", "a b ", "a\tb", "a\nb", "a\u00a0b", "€ 12 mln",
		"Sinds 2013 zijn 97 personen geplaatst.", "twee  spaties", "\u2003a", "a\x7fb", "a\x00b", "…waarvan 30…"} {
		if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
}
