package charts

import (
	"html/template"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

func TestValueAxis(t *testing.T) {
	for _, tc := range []struct {
		ind         peil.Indicator
		name        string
		formatter   string
		minInterval float64
	}{
		{peil.Indicator{Unit: "verzoeken", Kind: peil.KindCumulative}, "verzoeken", fmtNumber, 1},
		{peil.Indicator{Unit: "meldingen", Kind: peil.KindFlow}, "meldingen", fmtNumber, 1},
		{peil.Indicator{Unit: "onderzoeken", Kind: peil.KindStock}, "onderzoeken", fmtNumber, 1},
		{peil.Indicator{Unit: "euro", Kind: peil.KindAmount}, "", fmtEuro, 0},
		{peil.Indicator{Unit: "euro", Kind: peil.KindStock}, "", fmtEuro, 0},
		{peil.Indicator{Unit: "%", Kind: peil.KindChange}, "%", fmtNumber, 0},
		{peil.Indicator{Unit: "schaal van 5", Kind: peil.KindRating}, "schaal van 5", fmtNumber, 0},
	} {
		ax := valueAxis(tc.ind)
		if ax.Name != tc.name || string(ax.AxisLabel.Formatter) != tc.formatter || ax.MinInterval != tc.minInterval {
			t.Errorf("valueAxis(%s, %s) = name %q, formatter %q, minInterval %v; want %q, %q, %v", tc.ind.Unit, tc.ind.Kind,
				ax.Name, ax.AxisLabel.Formatter, ax.MinInterval, tc.name, tc.formatter, tc.minInterval)
		}
	}
}

func TestSpanOfOnePoint(t *testing.T) {
	p := peil.Point{PeriodEnd: date(2017, 3, 1), Value: 4}
	lo, hi := span([]peil.Point{p}, nil)
	if lo.String() != "2016-08-30" || hi.String() != "2017-08-30" {
		t.Errorf("span(one point on 2017-03-01) = %s – %s; want half a year either side", lo, hi)
	}
	// A single point gets an axis of a year, in the chart too.
	o := one(t, Trend(&peil.Series{Indicator: peil.Indicator{Label: "x", Unit: "gemeenten", Kind: peil.KindStock},
		Points: []peil.Point{p}})).options
	if get(t, o, "xAxis", 0, "min") != "2016-08-30" || get(t, o, "xAxis", 0, "max") != "2017-08-30" {
		t.Errorf("single-point x axis = %v – %v; want 2016-08-30 – 2017-08-30", get(t, o, "xAxis", 0, "min"), get(t, o, "xAxis", 0, "max"))
	}
	if got := get(t, o, "yAxis", 0, "minInterval"); got != 1.0 {
		t.Errorf("count y axis minInterval = %v; want 1", got)
	}
}

func TestShownValue(t *testing.T) {
	for _, tc := range []struct {
		p    peil.Point
		unit string
		want string
	}{
		{peil.Point{Value: 410, Qualifier: peil.QualAtLeast, Text: "tenminste 410"}, "onderzoeken", "ten minste 410"},
		{peil.Point{Value: 1995, Qualifier: peil.QualExact}, "verzoeken", "1.995"},
		{peil.Point{Value: 6400000, Qualifier: peil.QualExact}, "euro", "€ 6.400.000"},
		{peil.Point{Value: 141.176, Qualifier: peil.QualApprox, Source: peil.SourceDerived}, "meldingen", "ca. 141"},
		{peil.Point{Value: 67, Qualifier: peil.QualExact, Source: peil.SourceDerived}, "personen", "67"},
		{peil.Point{Value: 2.46, Qualifier: peil.QualExact, Source: peil.SourceDerived}, "", "ca. 2,5"},
	} {
		if got := shownValue(tc.p, tc.unit); got != tc.want {
			t.Errorf("shownValue(%v %s, %q) = %q; want %q", tc.p.Value, tc.p.Qualifier, tc.unit, got, tc.want)
		}
	}
}

func TestReportTitles(t *testing.T) {
	titles := map[int64]string{2: "Voortgangsrapportage voorjaar 2017", 1: "Titel " + evilScript + evilImg}
	c := one(t, Trend(sampleSeries(), WithReportTitles(titles)))
	all := tips(seriesNamed(t, c.options, "Circa"))
	if want := "Rapport: Voortgangsrapportage voorjaar 2017 (1 maart 2017)"; !strings.Contains(all, want) {
		t.Errorf("Trend tooltip = %q; want it to contain %q", all, want)
	}
	// A hostile title stays text in the tooltip and never reaches the page raw.
	h := string(Trend(sampleSeries(), WithReportTitles(titles)))
	if strings.Contains(h, "<img") || strings.Contains(h, "</script><script>alert") {
		t.Errorf("Trend with a hostile report title has raw markup: %s", h)
	}
	tip := pointTip("x", sampleSeries().Points[1], titles)
	if want := "Rapport: Titel &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; (30 september 2016)"; !strings.Contains(tip, want) {
		t.Errorf("pointTip with hostile title = %q; want it to contain %q", tip, want)
	}
	ba := parse(t, BeforeAfter(sampleBeforeAfter(sampleSeries()), WithReportTitles(titles))).charts[0].options
	if got := tips(seriesNamed(t, ba, "Na")); !strings.Contains(got, "Rapport: Voortgangsrapportage voorjaar 2017") {
		t.Errorf("BeforeAfter tooltips = %q; want the report title", got)
	}
	// Without titles, reports are named by date.
	if got := pointTip("x", sampleSeries().Points[2], nil); !strings.Contains(got, "Rapport van 1 maart 2017") {
		t.Errorf("pointTip without titles = %q; want Rapport van 1 maart 2017", got)
	}
}

func TestDrawn(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    string
		want bool
	}{
		{"trend", string(Trend(sampleSeries())), true},
		{"empty trend", string(Trend(nil)), false},
		{"before/after with a placeholder", string(BeforeAfter(sampleBeforeAfter(sampleSeries()))), true},
		{"no effects", string(BeforeAfter(&peil.BeforeAfter{})), false},
	} {
		if got := Drawn(template.HTML(tc.h)); got != tc.want {
			t.Errorf("Drawn(%s) = %v; want %v", tc.name, got, tc.want)
		}
	}
}

func TestApproximateIncrements(t *testing.T) {
	s := sampleSeries()
	s.Increments[0].Qualifier = peil.QualApprox
	s.Increments[0].Derivation = "afgeleid: 186 min 120 = 66 in 7 maanden"
	s.Increments[1].Qualifier = peil.QualExact
	o := one(t, Increments(s)).options
	bar := o["series"].([]any)[0].(map[string]any)
	approx, exact := get(t, bar, "data", 0).(map[string]any), get(t, bar, "data", 1).(map[string]any)
	for _, want := range []string{"Verandering: ca. +66", "Per maand: ca. +9,43", "Benaderd", "afgeleid: 186 min 120 = 66 in 7 maanden"} {
		if !strings.Contains(approx["tip"].(string), want) {
			t.Errorf("approximate increment tip = %q; want it to contain %q", approx["tip"], want)
		}
	}
	if got := get(t, approx, "itemStyle", "opacity"); got != 0.45 {
		t.Errorf("approximate bar opacity = %v; want 0.45 (pale)", got)
	}
	if tip := exact["tip"].(string); strings.Contains(tip, "ca.") || strings.Contains(tip, "Benaderd") {
		t.Errorf("exact increment tip = %q; want no ca. and no Benaderd", tip)
	}
}
