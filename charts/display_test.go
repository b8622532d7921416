package charts

import (
	"html/template"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// TestValueAxis: counts and amounts from zero (lower when a value is
// negative), ratings on their whole scale, percentages with their sign and %.
func TestValueAxis(t *testing.T) {
	for _, tc := range []struct {
		ind         peil.Indicator
		values      []float64
		name        string
		formatter   string
		minInterval float64
		min, max    any
	}{
		{peil.Indicator{Unit: "verzoeken", Kind: peil.KindCumulative}, []float64{250, 300}, "verzoeken", fmtNumber, 1, 0.0, nil},
		{peil.Indicator{Unit: "meldingen", Kind: peil.KindFlow}, []float64{120}, "meldingen", fmtNumber, 1, 0.0, nil},
		{peil.Indicator{Unit: "onderzoeken", Kind: peil.KindStock}, []float64{-3, 5}, "onderzoeken", fmtNumber, 1, -3.0, nil},
		{peil.Indicator{Unit: "euro", Kind: peil.KindAmount}, []float64{6.4e6}, "", fmtEuro, 0, 0.0, nil},
		{peil.Indicator{Unit: "euro", Kind: peil.KindStock}, []float64{6.4e6}, "", fmtEuro, 0, 0.0, nil},
		{peil.Indicator{Unit: "%", Kind: peil.KindChange}, []float64{-15}, "", fmtPercent, 0, nil, nil},
		{peil.Indicator{Unit: "schaal van 5", Kind: peil.KindRating}, []float64{4.4}, "schaal van 5", fmtNumber, 0, 0, 5.0},
		{peil.Indicator{Unit: "schaal van 10", Kind: peil.KindRating}, []float64{7}, "schaal van 10", fmtNumber, 0, 0, 10.0},
	} {
		ax := valueAxis(tc.ind, tc.values)
		if ax.Name != tc.name || string(ax.AxisLabel.Formatter) != tc.formatter || ax.MinInterval != tc.minInterval ||
			ax.Min != tc.min || ax.Max != tc.max {
			t.Errorf("valueAxis(%s, %s, %v) = name %q, formatter %q, minInterval %v, min %v, max %v; want %q, %q, %v, %v, %v",
				tc.ind.Unit, tc.ind.Kind, tc.values, ax.Name, ax.AxisLabel.Formatter, ax.MinInterval, ax.Min, ax.Max,
				tc.name, tc.formatter, tc.minInterval, tc.min, tc.max)
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
	if got := get(t, approx, "itemStyle", "opacity"); got != 0.4 || get(t, approx, "itemStyle", "borderType") != "dashed" {
		t.Errorf("approximate bar opacity = %v, border %v; want 0.4 (pale), dashed", got, get(t, approx, "itemStyle", "borderType"))
	}
	if get(t, exact, "itemStyle", "borderType") != nil {
		t.Errorf("exact bar border = %v; want solid", get(t, exact, "itemStyle", "borderType"))
	}
	if tip := exact["tip"].(string); strings.Contains(tip, "ca.") || strings.Contains(tip, "Benaderd") {
		t.Errorf("exact increment tip = %q; want no ca. and no Benaderd", tip)
	}
}

// A flow is drawn over its period: a bar from its start to its end with its
// marker halfway, never a point at its end, and flows are not joined by a line.
func TestTrendFlowOverItsPeriod(t *testing.T) {
	s := &peil.Series{Indicator: peil.Indicator{ID: "meetings", Label: "Bijeenkomsten", Unit: "bijeenkomsten", Kind: peil.KindFlow},
		Points: []peil.Point{
			{PeriodStart: date(2015, 1, 1), PeriodEnd: date(2015, 12, 31), Value: 120, Text: "120", Qualifier: peil.QualExact},
			{PeriodStart: date(2016, 1, 1), PeriodEnd: date(2017, 3, 31), Value: 160, Text: "ca. 160", Qualifier: peil.QualApprox},
		}}
	o := one(t, Trend(s)).options
	bars := seriesNamed(t, o, "Over de periode")
	if bars["type"] != "custom" || bars["renderItem"] != renderSpan {
		t.Fatalf("flow series = %v %v; want a custom span series", bars["type"], bars["renderItem"])
	}
	for i, want := range [][3]any{{"2015-01-01", "2015-12-31", 120.0}, {"2016-01-01", "2017-03-31", 160.0}} {
		if v := get(t, bars, "data", i, "value").([]any); v[0] != want[0] || v[1] != want[1] || v[2] != want[2] {
			t.Errorf("flow bar %d = %v; want %v", i, v, want)
		}
	}
	if got := get(t, bars, "data", 1, "itemStyle", "opacity"); got != 0.3 {
		t.Errorf("approximate flow bar opacity = %v; want 0.3 (paler than exact)", got)
	}
	if got := dates(t, seriesNamed(t, o, "Exact")); strings.Join(got, " ") != "2015-07-02" {
		t.Errorf("exact flow marker at %v; want halfway through 2015", got)
	}
	for _, sr := range o["series"].([]any) {
		if sr.(map[string]any)["type"] == "line" {
			t.Errorf("flows joined by a line: %v", sr)
		}
	}
	if got := get(t, o, "yAxis", 0, "min"); got != 0.0 {
		t.Errorf("count axis min = %v; want 0", got)
	}
	if lo, _ := get(t, o, "xAxis", 0, "min").(string); lo == "" || lo >= "2015-01-01" {
		t.Errorf("time axis starts %q; want before the first period's start, 2015-01-01", lo)
	}
	if h := string(Trend(s)); !strings.Contains(h, "Een balk is een aantal of bedrag over de hele periode") {
		t.Errorf("flow chart lacks the note on bars")
	}
}

// A line does not bridge a report that said nothing (Point.Gap), and runs
// dashed to an expectation, whose marker is hollow with a dashed edge.
func TestTrendGapsAndExpectations(t *testing.T) {
	s := &peil.Series{Indicator: peil.Indicator{ID: "pupils", Label: "Scholieren", Unit: "scholieren", Kind: peil.KindCumulative},
		Points: []peil.Point{
			{PeriodEnd: date(2016, 3, 31), Value: 10000, Qualifier: peil.QualExact},
			{PeriodEnd: date(2016, 9, 30), Value: 15000, Qualifier: peil.QualExact},
			{PeriodEnd: date(2017, 3, 31), Value: 22000, Qualifier: peil.QualExact, Gap: true},
			{PeriodEnd: date(2017, 4, 30), Value: 30000, Text: "ongeveer 30.000", Qualifier: peil.QualApprox, Expected: true},
		}}
	o := one(t, Trend(s)).options
	var solid, dashed string
	for _, sr := range o["series"].([]any) {
		m := sr.(map[string]any)
		if m["type"] != "line" {
			continue
		}
		switch get(t, m, "lineStyle", "type") {
		case "solid":
			solid = segments(t, m)
		case "dashed":
			dashed = segments(t, m)
		}
	}
	if solid != "2016-03-31 2016-09-30 |" {
		t.Errorf("solid line = %q; want only the first two points joined (a gap before the third)", solid)
	}
	if dashed != "2017-03-31 2017-04-30 |" {
		t.Errorf("dashed line = %q; want the segment to the expectation", dashed)
	}
	exp := seriesNamed(t, o, "Verwachting")
	if get(t, exp, "symbol") != "emptyCircle" || get(t, exp, "data", 0, "itemStyle", "borderType") != "dashed" {
		t.Errorf("expectation marker = %v; want a hollow circle with a dashed edge", exp)
	}
	if tip := tips(exp); !strings.Contains(tip, "Verwachting") {
		t.Errorf("expectation tip = %q; want it to say Verwachting", tip)
	}
	h := string(Trend(s))
	for _, w := range []string{"Een onderbroken lijn: een rapportage daartussen noemde geen waarde.", "verwachtingen (in de toekomende tijd"} {
		if !strings.Contains(h, w) {
			t.Errorf("Trend lacks the note %q", w)
		}
	}
	// The sparkline's latest value is the last reached one, not the expectation.
	if sp := one(t, Sparkline(s)); !strings.Contains(sp.attrs["aria-label"], "laatste waarde 22.000") {
		t.Errorf("sparkline label = %q; want the latest value 22.000", sp.attrs["aria-label"])
	}
}

// Every chart carries its title, unit, sources and (at drawing time) the
// day it was made, for its saved PNG.
func TestChartTitles(t *testing.T) {
	s := sampleSeries()
	s.Points[4].Statements = []peil.Statement{{Source: peil.SourceImported, Citation: "Kamerstuk 29754, nr. 400", Value: 2500}}
	for name, h := range map[string]template.HTML{
		"Trend":      Trend(s, WithReportTitles(map[int64]string{2: "Voortgangsrapportage voorjaar 2017"})),
		"Increments": Increments(s),
	} {
		o := one(t, h).options
		sub, _ := get(t, o, "title", "subtext").(string)
		for _, w := range []string{"Eenheid: verzoeken", "Bron: ", "1 andere bron", "gemaakt op " + madeToken} {
			if !strings.Contains(sub, w) {
				t.Errorf("%s subtitle = %q; want it to contain %q", name, sub, w)
			}
		}
		if title, _ := get(t, o, "title", "text").(string); !strings.Contains(title, "Paspoortmaatregelen") {
			t.Errorf("%s title = %q; want the label", name, title)
		}
	}
	sub := get(t, one(t, Trend(s, WithReportTitles(map[int64]string{2: "Voortgangsrapportage voorjaar 2017"}))).options, "title", "subtext").(string)
	if !strings.Contains(sub, "Voortgangsrapportage voorjaar 2017") || !strings.Contains(sub, "rapportage van 30 september 2016") {
		t.Errorf("trend sources = %q; want the reports by title, else date", sub)
	}
}
