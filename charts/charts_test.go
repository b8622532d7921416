package charts

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"golang.org/x/net/html"
)

// drawn is one chart found in a snippet.
type drawn struct {
	id, class   string
	attrs       map[string]string // the div's attributes, unescaped
	options     map[string]any    // the decoded JSON data block
	script      string            // text of the executable script
	scriptChart string            // its data-chart attribute
}

// parsed is a snippet taken apart by an HTML tokenizer, as a browser would.
type parsed struct {
	charts       []drawn
	placeholders []string // text of div.chart-empty
	scriptStarts int      // <script> start tags
	scriptEnds   int      // </script> end tags
	tags         []string // every start tag name
	attrNames    []string // every attribute name of every tag
}

// parse tokenizes h and collects its charts; it fails the test on anything a
// chart snippet should not contain.
func parse(t *testing.T, h template.HTML) parsed {
	t.Helper()
	var p parsed
	z := html.NewTokenizer(strings.NewReader(string(h)))
	var cur *drawn
	var inScript, inEmpty bool
	var scriptType, scriptID, dataChart string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return p
		case html.StartTagToken:
			tok := z.Token()
			p.tags = append(p.tags, tok.Data)
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				attrs[a.Key] = a.Val
				p.attrNames = append(p.attrNames, a.Key)
			}
			switch tok.Data {
			case "div":
				if strings.Contains(attrs["class"], "chart-empty") {
					inEmpty = true
					continue
				}
				p.charts = append(p.charts, drawn{id: attrs["id"], class: attrs["class"], attrs: attrs})
				cur = &p.charts[len(p.charts)-1]
			case "script":
				p.scriptStarts++
				inScript = true
				scriptType, scriptID, dataChart = attrs["type"], attrs["id"], attrs["data-chart"]
			}
		case html.EndTagToken:
			tok := z.Token()
			if tok.Data == "script" {
				p.scriptEnds++
				inScript = false
			}
			if tok.Data == "div" {
				inEmpty = false
			}
		case html.TextToken:
			text := string(z.Text())
			switch {
			case inEmpty:
				p.placeholders = append(p.placeholders, text)
			case inScript && cur == nil:
				t.Fatalf("script before any chart div: %q", text)
			case inScript && scriptType == "application/json":
				if scriptID != cur.id+"-options" {
					t.Errorf("options block id %q; want %q", scriptID, cur.id+"-options")
				}
				if err := json.Unmarshal([]byte(text), &cur.options); err != nil {
					t.Fatalf("options of %s are not JSON: %v\n%s", cur.id, err, text)
				}
			case inScript:
				cur.script, cur.scriptChart = text, dataChart
			}
		}
	}
}

// one parses h and requires exactly one chart in it.
func one(t *testing.T, h template.HTML) drawn {
	t.Helper()
	p := parse(t, h)
	if len(p.charts) != 1 {
		t.Fatalf("got %d charts; want 1 in\n%s", len(p.charts), h)
	}
	return p.charts[0]
}

// get walks decoded JSON: get(o, "xAxis", 0, "type").
func get(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, k := range path {
		switch k := k.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("get %v: %v is not an object", path, v)
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("get %v: no element %d in %v", path, k, v)
			}
			v = a[k]
		}
	}
	return v
}

// seriesNamed returns the series with the given name.
func seriesNamed(t *testing.T, o map[string]any, name string) map[string]any {
	t.Helper()
	for _, s := range o["series"].([]any) {
		if s := s.(map[string]any); s["name"] == name {
			return s
		}
	}
	t.Fatalf("no series %q in %v", name, o["series"])
	return nil
}

// dates returns the x values of a series' data items.
func dates(t *testing.T, s map[string]any) []string {
	t.Helper()
	var out []string
	for _, d := range s["data"].([]any) {
		out = append(out, get(t, d, "value", 0).(string))
	}
	return out
}

// segments writes the data of a line series as its segments: dates joined
// by spaces, each segment ended by " |" where an empty value ("-") breaks
// the line.
func segments(t *testing.T, s map[string]any) string {
	t.Helper()
	var b strings.Builder
	for _, d := range s["data"].([]any) {
		if get(t, d, "value", 1) == "-" {
			b.WriteString("|")
			continue
		}
		if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
			b.WriteString(" ")
		}
		b.WriteString(get(t, d, "value", 0).(string) + " ")
	}
	return strings.TrimSpace(strings.ReplaceAll(b.String(), " |", " |"))
}

// tips returns the tooltip HTML of a series' data items, joined.
func tips(s map[string]any) string {
	var out []string
	for _, d := range s["data"].([]any) {
		if tip, ok := d.(map[string]any)["tip"].(string); ok {
			out = append(out, tip)
		}
	}
	return strings.Join(out, "\n")
}

func TestTrendOptions(t *testing.T) {
	c := one(t, Trend(sampleSeries()))
	o := c.options

	if c.attrs["data-height"] != "380px" || c.attrs["data-width"] != "100%" || !strings.Contains(c.class, "chart-trend") {
		t.Errorf("trend div = %v; want class chart-trend, 100%% x 380px", c.attrs)
	}
	for _, tc := range []struct {
		path []any
		want any
	}{
		{[]any{"xAxis", 0, "type"}, "time"},
		{[]any{"xAxis", 0, "axisLabel", "formatter"}, fmtDate},
		{[]any{"xAxis", 0, "min"}, "2016-01-30"}, // 31 days before the first point
		{[]any{"xAxis", 0, "max"}, "2017-07-02"}, // 31 days after the last event
		{[]any{"yAxis", 0, "axisLabel", "formatter"}, fmtNumber},
		{[]any{"yAxis", 0, "name"}, "verzoeken"},
		{[]any{"tooltip", "trigger"}, "item"},
		{[]any{"tooltip", "formatter"}, fmtTip},
		{[]any{"toolbox", "feature", "saveAsImage", "type"}, "png"},
		{[]any{"toolbox", "feature", "saveAsImage", "name"}, "peil-passport_measures"},
		{[]any{"toolbox", "feature", "saveAsImage", "title"}, "Opslaan als PNG"},
		{[]any{"series", 0, "type"}, "line"},
		{[]any{"series", 0, "name"}, "Paspoortmaatregelen"},
		{[]any{"series", 0, "showSymbol"}, false},
		{[]any{"series", 0, "symbol"}, "none"},
	} {
		if got := get(t, o, tc.path...); got != tc.want {
			t.Errorf("Trend option %v = %v; want %v", tc.path, got, tc.want)
		}
	}

	// The line joins every point to the next in date order, one segment
	// each (ended by an empty value), values as numbers.
	line := o["series"].([]any)[0].(map[string]any)
	want := "2016-03-01 2016-09-30 | 2016-09-30 2017-02-13 | 2017-02-13 2017-03-01 | 2017-03-01 2017-03-01 |"
	if got := segments(t, line); got != want {
		t.Errorf("line segments = %s; want %s", got, want)
	}
	if got := get(t, line, "data", 4, "value", 1); got != 300.0 {
		t.Errorf("line value of 13 februari 2017 = %v; want 300", got)
	}

	// Each kind of point has its own symbol and legend entry.
	for _, tc := range []struct {
		name, symbol string
		dates        []string
		tip          string
	}{
		{"Exact", "circle", []string{"2017-03-01"}, "Waarde: 1.995 (exact)"},
		{"Circa", "emptyCircle", []string{"2017-02-13"}, "Waarde: ongeveer 300 (circa)"},
		{"Ten minste / meer dan", "triangle", []string{"2016-09-30"}, "Waarde: tenminste 186 (ten minste)"},
		{"Hooguit", triangleDown, []string{"2017-03-01"}, "Waarde: hooguit 2.500 (hooguit)"},
		{"Afgeleid", "emptyDiamond", []string{"2016-03-01"}, "Afgeleide waarde: 186 min 66 in deze rapportageperiode"},
	} {
		s := seriesNamed(t, o, tc.name)
		if s["type"] != "scatter" || s["symbol"] != tc.symbol {
			t.Errorf("series %q: type %v symbol %v; want scatter %v", tc.name, s["type"], s["symbol"], tc.symbol)
		}
		if got := dates(t, s); strings.Join(got, " ") != strings.Join(tc.dates, " ") {
			t.Errorf("series %q dates = %v; want %v", tc.name, got, tc.dates)
		}
		if got := get(t, s, "data", 0, "symbol"); got != tc.symbol {
			t.Errorf("series %q item symbol = %v; want %v", tc.name, got, tc.symbol)
		}
		if got := tips(s); !strings.Contains(got, tc.tip) {
			t.Errorf("series %q tip = %q; want it to contain %q", tc.name, got, tc.tip)
		}
	}
	if got := get(t, seriesNamed(t, o, "Afgeleid"), "itemStyle", "color"); got != colorDerived {
		t.Errorf("derived points colour = %v; want grey %v", got, colorDerived)
	}

	// Events are vertical lines with their label and a Dutch tooltip.
	marks := get(t, line, "markLine", "data").([]any)
	if len(marks) != 2 {
		t.Fatalf("got %d event lines; want 2: %v", len(marks), marks)
	}
	for i, tc := range []struct{ name, x, style, tip string }{
		{"Wet in werking", "2016-07-01", "solid", "1 juli 2016 · in werking getreden"},
		{"Evaluatie verwacht", "2017-06-01", "dashed", "juni 2017 · verwacht"},
	} {
		m := marks[i].(map[string]any)
		if m["name"] != tc.name || m["xAxis"] != tc.x || get(t, m, "lineStyle", "type") != tc.style {
			t.Errorf("event line %d = %v; want %s at %s, %s", i, m, tc.name, tc.x, tc.style)
		}
		if tip, _ := m["tip"].(string); !strings.Contains(tip, tc.tip) {
			t.Errorf("event line %d tip = %q; want it to contain %q", i, tip, tc.tip)
		}
	}
	// Lines carry their number, upright; the list under the chart names them.
	for i := range marks {
		if got := get(t, marks[i], "label", "formatter"); got != fmt.Sprint(i+1) {
			t.Errorf("event %d label formatter = %v; want its number %d", i, got, i+1)
		}
		if got := get(t, marks[i], "label", "position"); got != "end" {
			t.Errorf("event %d label position = %v; want end (above the line, not along it)", i, got)
		}
	}
	for _, w := range []string{`<ol class="chart-events">`, `<li value="1"><span class="when">1 juli 2016</span> Wet in werking <span class="type">(in werking getreden)</span></li>`,
		`<li value="2"><span class="when">juni 2017</span> Evaluatie verwacht`} {
		if !strings.Contains(string(Trend(sampleSeries())), w) {
			t.Errorf("Trend lacks the event list item %q", w)
		}
	}
	if got := fmt.Sprint(get(t, o, "legend", "data")); got != "[Exact Circa Ten minste / meer dan Hooguit Afgeleid]" {
		t.Errorf("legend = %s; want the five markers", got)
	}
}

func TestPointTip(t *testing.T) {
	s := sampleSeries()
	for _, tc := range []struct {
		i    int
		want []string
	}{
		{0, []string{"<strong>Paspoortmaatregelen</strong>", "Waarde: 120 (exact)", "Periode: 1 maart 2016",
			"Rapport van 30 september 2016", "Afgeleide waarde: 186 min 66 in deze rapportageperiode"}},
		{1, []string{"Waarde: tenminste 186 (ten minste)", "Periode: 30 september 2016",
			"“Er zijn tenminste 186 verzoeken gedaan.”"}},
		{2, []string{"Waarde: ongeveer 300 (circa)", "Periode: 1 oktober 2016 – 13 februari 2017",
			"Rapport van 1 maart 2017", "Herzien: een later rapport noemde een andere waarde", "Genoemd in 2 rapporten",
			"“Er zijn ongeveer 300 (peildatum 13 februari 2017) verzoeken gedaan.”"}},
		{4, []string{"Waarde: hooguit 2.500 (hooguit)", "Geïmporteerd"}},
	} {
		got := pointTip("Paspoortmaatregelen", s.Points[tc.i], nil)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("pointTip(point %d) = %q; want it to contain %q", tc.i, got, w)
			}
		}
	}
	if got := pointTip("x", s.Points[2], nil); strings.Contains(got, "Eerder: 290") {
		t.Errorf("pointTip = %q; want the sentence of the latest statement only", got)
	}
	long := peil.Point{Value: 1, Statements: []peil.Statement{{Sentence: strings.Repeat("woord ", 100)}}}
	if got := pointTip("x", long, nil); !strings.Contains(got, "…”") || len([]rune(got)) > 400 {
		t.Errorf("pointTip(long sentence) = %q; want it clipped with an ellipsis", got)
	}
}

func TestDutchTexts(t *testing.T) {
	for _, tc := range []struct {
		q    peil.Qualifier
		want string
	}{
		{peil.QualExact, "exact"}, {peil.QualApprox, "circa"}, {peil.QualAtLeast, "ten minste"},
		{peil.QualMoreThan, "meer dan"}, {peil.QualAtMost, "hooguit"},
	} {
		if got := tc.q.Dutch(); got != tc.want {
			t.Errorf("%q.Dutch() = %q; want %q", tc.q, got, tc.want)
		}
	}
}

func TestIncrementsOptions(t *testing.T) {
	c := one(t, Increments(sampleSeries()))
	o := c.options
	if !strings.Contains(c.class, "chart-increments") || c.attrs["data-height"] != "300px" {
		t.Errorf("increments div = %v", c.attrs)
	}
	// Bars over time: from the start of each interval to its end, so that
	// their widths are the intervals' lengths.
	bar := o["series"].([]any)[0].(map[string]any)
	if bar["type"] != "custom" || bar["renderItem"] != renderSpan || get(t, o, "xAxis", 0, "type") != "time" {
		t.Fatalf("series type %v, renderItem %v on a %v axis; want custom %s on a time axis", bar["type"], bar["renderItem"],
			get(t, o, "xAxis", 0, "type"), renderSpan)
	}
	if got := fmt.Sprint(get(t, bar, "encode", "x"), get(t, bar, "encode", "y")); got != "[0 1] 2" {
		t.Errorf("span encode = %s; want x from dimensions 0 and 1, y from 2", got)
	}
	for i, tc := range []struct {
		from, to string
		value    float64
		gap      bool
		tip      []string
	}{
		{"2016-03-01", "2016-09-30", 66, false, []string{"Verandering: +66 (1 maart 2016 – 30 september 2016)",
			"Per maand: +9,43 (over 7 maanden)"}},
		{"2016-09-30", "2017-02-13", 114, true, []string{"Per maand: +25,33 (over 4,5 maanden)",
			"meer dan één rapportageperiode"}},
	} {
		d := get(t, bar, "data", i).(map[string]any)
		if v := d["value"].([]any); v[0] != tc.from || v[1] != tc.to || v[2] != tc.value {
			t.Errorf("bar %d value = %v; want [%s %s %v]", i, v, tc.from, tc.to, tc.value)
		}
		if got := get(t, d, "itemStyle", "color"); (got == colorGap) != tc.gap {
			t.Errorf("bar %d colour = %v; want the gap colour %v: %v", i, got, colorGap, tc.gap)
		}
		for _, w := range tc.tip {
			if !strings.Contains(d["tip"].(string), w) {
				t.Errorf("bar %d tip = %q; want it to contain %q", i, d["tip"], w)
			}
		}
	}
	if get(t, o, "yAxis", 0, "axisLabel", "formatter") != fmtNumber || get(t, o, "tooltip", "formatter") != fmtTip {
		t.Errorf("increments formatters = %v / %v", o["yAxis"], o["tooltip"])
	}
}

func TestSparklineOptions(t *testing.T) {
	c := one(t, Sparkline(sampleSeries()))
	o := c.options
	if c.attrs["data-width"] != "120px" || c.attrs["data-height"] != "32px" || !strings.Contains(c.class, "chart-sparkline") {
		t.Errorf("sparkline div = %v; want 120px x 32px", c.attrs)
	}
	if want := "Verloop van Paspoortmaatregelen; laatste waarde hooguit 2.500 (1 maart 2017)"; c.attrs["aria-label"] != want {
		t.Errorf("sparkline aria-label = %q; want %q", c.attrs["aria-label"], want)
	}
	for _, path := range [][]any{{"xAxis", 0, "show"}, {"yAxis", 0, "show"}, {"legend", "show"}, {"tooltip", "show"}} {
		if got := get(t, o, path...); got != false {
			t.Errorf("sparkline %v = %v; want false", path, got)
		}
	}
	if _, ok := get(t, o, "toolbox").(map[string]any)["feature"]; ok {
		t.Errorf("sparkline has a toolbox: %v", o["toolbox"])
	}
	// The line carries no symbols; the last series marks the latest value.
	series := get(t, o, "series").([]any)
	marks := get(t, series[len(series)-1], "data").([]any)
	if len(marks) != 1 || get(t, marks[0], "symbol") != "circle" || get(t, marks[0], "value", 0) != "2017-03-01" {
		t.Errorf("sparkline marks = %v; want one circle at 2017-03-01", marks)
	}
}

// TestSparklineTime: a sparkline breaks its line at a gap, reaches an
// expectation by a dashed line and draws it hollow with a dashed edge, and
// marks (and describes) the latest value reached, never the expectation.
func TestSparklineTime(t *testing.T) {
	s := &peil.Series{Indicator: peil.Indicator{ID: "pupils", Label: "Scholieren", Unit: "scholieren", Kind: peil.KindCumulative},
		Points: []peil.Point{
			{PeriodEnd: date(2016, 1, 31), Value: 10000, Qualifier: peil.QualExact},
			{PeriodEnd: date(2016, 6, 30), Value: 18000, Qualifier: peil.QualExact},
			{PeriodEnd: date(2017, 1, 31), Value: 22000, Qualifier: peil.QualExact, Gap: true},
			{PeriodEnd: date(2017, 4, 30), Value: 30000, Qualifier: peil.QualApprox, Expected: true},
		}}
	c := one(t, Sparkline(s))
	lines := map[string][]string{} // line type -> the dates it joins, "-" for a break
	var marks []any
	for _, sr := range get(t, c.options, "series").([]any) {
		data := get(t, sr, "data").([]any)
		if get(t, sr, "type") == "scatter" {
			marks = data
			continue
		}
		kind, _ := get(t, sr, "lineStyle", "type").(string)
		for _, d := range data {
			if v := get(t, d, "value", 1); v == "-" {
				lines[kind] = append(lines[kind], "-")
			} else {
				lines[kind] = append(lines[kind], get(t, d, "value", 0).(string))
			}
		}
	}
	if got := strings.Join(lines["solid"], " "); got != "2016-01-31 2016-06-30 -" {
		t.Errorf("solid line = %q; want only the first two points joined (a gap before the third)", got)
	}
	if got := strings.Join(lines["dashed"], " "); got != "2017-01-31 2017-04-30 -" {
		t.Errorf("dashed line = %q; want the latest value to the expectation", got)
	}
	want := map[string]string{"2017-01-31": "circle", "2017-04-30": "emptyCircle"}
	if len(marks) != len(want) {
		t.Errorf("marks = %v; want %v", marks, want)
	}
	for _, m := range marks {
		at := get(t, m, "value", 0).(string)
		if get(t, m, "symbol") != want[at] {
			t.Errorf("mark at %s = %v; want %s", at, get(t, m, "symbol"), want[at])
		}
		if at == "2017-04-30" && get(t, m, "itemStyle", "borderType") != "dashed" {
			t.Errorf("the expectation's mark has no dashed edge: %v", m)
		}
	}
	label := c.attrs["aria-label"]
	if !strings.Contains(label, "laatste waarde 22.000 (31 januari 2017)") || !strings.Contains(label, "verwachting circa 30.000") {
		t.Errorf("aria-label = %q; want the latest value 22.000 and the expectation named as such", label)
	}
}

func TestBeforeAfterOptions(t *testing.T) {
	s := sampleSeries()
	p := parse(t, BeforeAfter(sampleBeforeAfter(s)))
	if len(p.charts) != 1 || len(p.placeholders) != 1 || p.placeholders[0] != "Geen gegevens voor Zonder punten" {
		t.Fatalf("BeforeAfter = %d charts, placeholders %q; want 1 chart and one placeholder", len(p.charts), p.placeholders)
	}
	o := p.charts[0].options
	if got := get(t, o, "title", "text"); got != "Paspoortmaatregelen vóór en na Wet in werking" {
		t.Errorf("title = %v; want the indicator label and the event", got)
	}
	before, after := seriesNamed(t, o, "Vóór"), seriesNamed(t, o, "Na")
	if got := dates(t, before); strings.Join(got, " ") != "2016-03-01" {
		t.Errorf("before dates = %v; want [2016-03-01]", got)
	}
	if got := dates(t, after); strings.Join(got, " ") != "2016-09-30 2017-02-13 2017-03-01 2017-03-01" {
		t.Errorf("after dates = %v", got)
	}
	if got := get(t, after, "data", 1, "symbol"); got != "emptyCircle" {
		t.Errorf("approximate point after the event has symbol %v; want emptyCircle", got)
	}
	if got := get(t, before, "markLine", "data", 0, "xAxis"); got != "2016-07-01" {
		t.Errorf("event line at %v; want 2016-07-01", got)
	}
	if got := get(t, before, "markLine", "data", 0, "name"); got != "Wet in werking" {
		t.Errorf("event line label %v; want Wet in werking", got)
	}
	if _, ok := after["markLine"]; ok {
		t.Errorf("the event line is drawn twice")
	}

	// With no points before the event, the line goes on the after series.
	ba := sampleBeforeAfter(s)
	ba.Effects[0].After = append(ba.Effects[0].Before, ba.Effects[0].After...)
	ba.Effects[0].Before = nil
	o = parse(t, BeforeAfter(ba)).charts[0].options
	if got := get(t, seriesNamed(t, o, "Na"), "markLine", "data", 0, "xAxis"); got != "2016-07-01" {
		t.Errorf("event line on after series at %v; want 2016-07-01", got)
	}
}

func TestEmpty(t *testing.T) {
	undated := &peil.Series{Indicator: peil.Indicator{Label: "x"}, Points: []peil.Point{{Value: 3}}}
	notANumber := &peil.Series{Points: []peil.Point{{PeriodEnd: date(2017, 1, 1), Value: math.NaN()}},
		Increments: []peil.Increment{{From: date(2016, 1, 1), To: date(2017, 1, 1), Delta: math.Inf(1)}}}
	for _, tc := range []struct {
		name string
		got  template.HTML
	}{
		{"Trend(nil)", Trend(nil)},
		{"Trend(no points)", Trend(&peil.Series{})},
		{"Trend(undated)", Trend(undated)},
		{"Trend(NaN)", Trend(notANumber)},
		{"Sparkline(NaN)", Sparkline(notANumber)},
		{"Increments(Inf)", Increments(notANumber)},
		{"Increments(nil)", Increments(nil)},
		{"Increments(no increments)", Increments(withoutIncrements(sampleSeries()))},
		{"Sparkline(nil)", Sparkline(nil)},
		{"Sparkline(no points)", Sparkline(&peil.Series{})},
		{"BeforeAfter(nil)", BeforeAfter(nil)},
		{"BeforeAfter(no effects)", BeforeAfter(&peil.BeforeAfter{})},
	} {
		p := parse(t, tc.got)
		if len(p.charts) != 0 || p.scriptStarts != 0 || len(p.placeholders) != 1 || p.placeholders[0] != "Geen gegevens" {
			t.Errorf("%s = %q; want only a Geen gegevens placeholder", tc.name, tc.got)
		}
	}
}

// every returns each chart function's output for s.
func every(s *peil.Series) map[string]template.HTML {
	return map[string]template.HTML{
		"Trend":       Trend(s),
		"Increments":  Increments(s),
		"Sparkline":   Sparkline(s),
		"BeforeAfter": BeforeAfter(sampleBeforeAfter(s)),
	}
}

func TestUntrustedText(t *testing.T) {
	for name, out := range every(evilSeries()) {
		raw := string(out)
		for _, bad := range []string{evilScript, evilImg, "<img", "<script>alert", "alert(1)</script>"} {
			if strings.Contains(raw, bad) {
				t.Errorf("%s output contains %q unescaped", name, bad)
			}
		}
		p := parse(t, out)
		if len(p.charts) == 0 {
			t.Fatalf("%s drew no chart", name)
		}
		// Two scripts per chart, each closed once: nothing broke out.
		if p.scriptStarts != 2*len(p.charts) || p.scriptEnds != 2*len(p.charts) {
			t.Errorf("%s: %d <script>, %d </script> for %d charts; want 2 each per chart",
				name, p.scriptStarts, p.scriptEnds, len(p.charts))
		}
		for _, tag := range p.tags {
			// Besides the chart: its notes and its list of events.
			if tag != "div" && tag != "script" && tag != "p" && tag != "ol" && tag != "li" && tag != "span" {
				t.Errorf("%s: unexpected element <%s>", name, tag)
			}
		}
		for _, c := range p.charts {
			// The only executable script is the fixed one.
			if c.script != initScript || c.scriptChart != c.id {
				t.Errorf("%s: executable script differs from the fixed one (data-chart %q, id %q):\n%s",
					name, c.scriptChart, c.id, c.script)
			}
			// Report text arrives as data: verbatim in names, escaped in tooltip HTML.
			if name != "Sparkline" && name != "Increments" && !strings.Contains(texts(c.options), evilScript) {
				t.Errorf("%s: the label or event text did not arrive verbatim as data", name)
			}
			for _, tip := range allTips(c.options) {
				if strings.Contains(tip, "<img") || strings.Contains(tip, "<script") || strings.Contains(tip, "</script") {
					t.Errorf("%s: tooltip HTML contains markup from the report: %q", name, tip)
				}
				if !strings.Contains(tip, "&lt;") {
					t.Errorf("%s: tooltip %q lacks the escaped report text", name, tip)
				}
			}
			if !strings.Contains(c.attrs["aria-label"], "Label "+evilScript) {
				t.Errorf("%s: aria-label = %q; want the label as text", name, c.attrs["aria-label"])
			}
		}
	}
}

// texts joins every string in decoded options, for searching.
func texts(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v + "\n")
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return b.String()
}

// allTips returns every "tip" string in decoded options.
func allTips(v any) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			out = append(out, allTips(x)...)
		}
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "tip" {
				out = append(out, s)
				continue
			}
			out = append(out, allTips(x)...)
		}
	}
	return out
}

func TestNoOtherHosts(t *testing.T) {
	for _, s := range []*peil.Series{sampleSeries(), evilSeries()} {
		for name, out := range every(s) {
			low := strings.ToLower(string(out))
			if strings.Contains(low, "http://") || strings.Contains(low, "https://") || strings.Contains(low, "//cdn") {
				t.Errorf("%s refers to another host:\n%s", name, out)
			}
			for _, a := range parse(t, out).attrNames {
				if a == "src" || a == "href" {
					t.Errorf("%s: an element loads or links something (%s attribute)", name, a)
				}
			}
		}
	}
}

func TestIDsUnique(t *testing.T) {
	safe := regexp.MustCompile(`^peil-chart-[0-9]+$`)
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		for name, out := range every(sampleSeries()) {
			for _, c := range parse(t, out).charts {
				if !safe.MatchString(c.id) {
					t.Errorf("%s: id %q has unsafe characters", name, c.id)
				}
				if seen[c.id] {
					t.Errorf("%s: id %q used twice", name, c.id)
				}
				seen[c.id] = true
			}
		}
	}
}

func TestFreshChartPerCall(t *testing.T) {
	s := sampleSeries()
	a, b := one(t, Trend(s)), one(t, Trend(s))
	ja, _ := json.Marshal(a.options)
	jb, _ := json.Marshal(b.options)
	if string(ja) != string(jb) {
		t.Errorf("Trend options differ between two calls on the same series:\n%s\n%s", ja, jb)
	}
}

func TestInlineScriptHash(t *testing.T) {
	c := one(t, Trend(sampleSeries()))
	sum := sha256.Sum256([]byte(c.script))
	want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if InlineScriptHash != want {
		t.Errorf("InlineScriptHash = %s; want %s (hash of the emitted script)", InlineScriptHash, want)
	}
	for _, f := range []string{fmtNumber, fmtDate, fmtTip} {
		if !strings.Contains(initScript, `"`+f+`"`) {
			t.Errorf("inline script lacks formatter %q", f)
		}
	}
}

func TestAssets(t *testing.T) {
	js, err := fs.ReadFile(Assets, "assets/echarts.min.js")
	if err != nil {
		t.Fatalf("read embedded echarts.min.js: %v (run make assets)", err)
	}
	if len(js) < 500_000 || !strings.Contains(string(js), `version="5.6.0"`) {
		t.Errorf("embedded echarts.min.js: %d bytes; want echarts 5.6.0 (about 1 MB)", len(js))
	}
	lib, err := fs.ReadFile(Renderer{}.Library(), "echarts.min.js")
	if err != nil || string(lib) != string(js) {
		t.Errorf("Renderer.Library's echarts.min.js: %d bytes, %v; want the embedded %d bytes", len(lib), err, len(js))
	}
}

// withoutIncrements returns s with its increments dropped.
func withoutIncrements(s *peil.Series) *peil.Series {
	s.Increments = nil
	return s
}

// The overview draws a sparkline per key indicator; an indicator page a trend.
func BenchmarkSparkline(b *testing.B) {
	s := sampleSeries()
	for b.Loop() {
		_ = Sparkline(s)
	}
}

func BenchmarkTrend(b *testing.B) {
	s := sampleSeries()
	for b.Loop() {
		_ = Trend(s)
	}
}

func TestPointTipDerivationAndNote(t *testing.T) {
	p := peil.Point{Value: 67, Qualifier: peil.QualExact, Source: peil.SourceDerived,
		Derivation: "afgeleid: 97 (totaal) min 30 = 67", Note: "afgeleid 68 wijkt af van de vermelde 67",
		Statements: []peil.Statement{{Report: 1, Source: peil.SourceDerived}, {Report: 1, Source: peil.SourceDerived}}}
	got := pointTip("Personen", p, nil)
	for _, want := range []string{"afgeleid: 97 (totaal) min 30 = 67", "afgeleid 68 wijkt af van de vermelde 67"} {
		if !strings.Contains(got, want) {
			t.Errorf("pointTip = %q; want it to contain %q", got, want)
		}
	}
	for _, bad := range []string{"Afgeleide waarde: afgeleid", "Genoemd in 2 rapporten"} {
		if strings.Contains(got, bad) {
			t.Errorf("pointTip = %q; want no %q (one report, derivation said once)", got, bad)
		}
	}
}

// TestTipCitations checks that tooltips say where a value stands: the
// kamerstuk citation when the report has one, else the page or the line
// beside the report's title, an import's source, and an event's page.
func TestTipCitations(t *testing.T) {
	st := peil.Statement{Report: 7, ReportDate: peil.NewDate(2017, 3, 31), Value: 386, Text: "386", Line: 38, Page: 4,
		Source: peil.SourceExtracted, Citation: "Kamerstuk 29754-420, bijlage, p. 4", Kamerstuk: "29754-420"}
	p := peil.Point{PeriodEnd: st.ReportDate, Value: 386, Text: "386", Qualifier: peil.QualExact, Report: 7,
		ReportDate: st.ReportDate, Source: peil.SourceExtracted, Page: 4, Citation: st.Citation, Kamerstuk: st.Kamerstuk,
		Statements: []peil.Statement{st}}
	titles := map[int64]string{7: "Voortgangsrapportage voorjaar 2017"}
	if got := pointTip("x", p, titles); !strings.Contains(got, "Vindplaats: Kamerstuk 29754-420, bijlage, p. 4") {
		t.Errorf("pointTip with kamerstuk = %q; want the citation", got)
	}
	p.Kamerstuk, p.Statements[0].Kamerstuk = "", ""
	p.Citation = "Voortgangsrapportage voorjaar 2017 (31 maart 2017), p. 4"
	p.Statements[0].Citation = p.Citation
	got := pointTip("x", p, titles)
	if !strings.Contains(got, "Vindplaats: p. 4") || strings.Count(got, "Voortgangsrapportage voorjaar 2017") != 1 {
		t.Errorf("pointTip without kamerstuk = %q; want Vindplaats: p. 4 and the title once", got)
	}
	p.Page, p.Statements[0].Page = 0, 0
	p.Citation = "Voortgangsrapportage voorjaar 2017 (31 maart 2017), regel 38"
	p.Statements[0].Citation = p.Citation
	if got := pointTip("x", p, titles); !strings.Contains(got, "Vindplaats: regel 38") {
		t.Errorf("pointTip of text input = %q; want Vindplaats: regel 38", got)
	}
	imp := peil.Point{Value: 5, Source: peil.SourceImported, Citation: "Kamervragen 2016Z01234",
		Statements: []peil.Statement{{Value: 5, Source: peil.SourceImported, Citation: "Kamervragen 2016Z01234"}}}
	if got := pointTip("x", imp, nil); !strings.Contains(got, "Bron: Kamervragen 2016Z01234") || strings.Contains(got, "Vindplaats") {
		t.Errorf("pointTip of an import = %q; want its own source", got)
	}
	e := peil.Event{Label: "Wet in werking", Date: peil.NewDate(2017, 3, 1), Precision: peil.PrecisionDay,
		Type: peil.EventInForce, Page: 2}
	if got := eventTip(e); !strings.Contains(got, "in werking getreden · p. 2") {
		t.Errorf("eventTip = %q; want the page", got)
	}
}
