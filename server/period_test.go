package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var chartOptions = regexp.MustCompile(`<div class="chart (chart-[a-z-]+)" id="([^"]+)"[^>]*></div><script type="application/json" id="[^"]+-options">(.*?)</script>`)

// trendAxes returns the time axis (min and max) of every trend and increments
// chart on a page.
func trendAxes(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, m := range chartOptions.FindAllStringSubmatch(body, -1) {
		if m[1] != "chart-trend" && m[1] != "chart-increments" {
			continue
		}
		var o struct {
			XAxis []struct {
				Min, Max string
			} `json:"xAxis"`
		}
		if err := json.Unmarshal([]byte(m[3]), &o); err != nil || len(o.XAxis) == 0 {
			t.Fatalf("chart %s: options %.200s: %v", m[2], m[3], err)
		}
		out = append(out, o.XAxis[0].Min+" – "+o.XAxis[0].Max)
	}
	return out
}

// TestPeriodSelection checks van and tot on indicator and measure pages: the
// statements and points outside are left out, every chart of the page has one
// time range, the downloads carry the period as from and to, and a bad
// period is refused.
func TestPeriodSelection(t *testing.T) {
	ts := newTestServer(t, nil)
	rows := func(body string) int { return strings.Count(body, "<td class=\"sentence\">") }
	all := get(t, ts, "/indicatoren/passport_measures", http.StatusOK).Body
	early := get(t, ts, "/indicatoren/passport_measures?van=2017-01-01", http.StatusOK).Body
	if rows(early) == 0 || rows(early) >= rows(all) {
		t.Errorf("van=2017-01-01 shows %d statements of %d; want fewer, but some", rows(early), rows(all))
	}
	for name, body := range map[string]string{"whole": all, "van 2017": early} {
		axes := trendAxes(t, body)
		if len(axes) < 2 {
			t.Fatalf("%s: %d charts; want trend and increments", name, len(axes))
		}
		for _, a := range axes[1:] {
			if a != axes[0] {
				t.Errorf("%s: time axes %v; want one range for every chart", name, axes)
			}
		}
	}
	if trendAxes(t, all)[0] == trendAxes(t, early)[0] {
		t.Errorf("the period does not change the time axis: %v", trendAxes(t, all)[0])
	}

	m := get(t, ts, "/maatregelen/1", http.StatusOK).Body
	axes := trendAxes(t, m)
	if len(axes) < 2 {
		t.Fatalf("/maatregelen/1: %d trend charts; want several", len(axes))
	}
	for _, a := range axes[1:] {
		if a != axes[0] {
			t.Errorf("/maatregelen/1: time axes %v; want one range for every chart", axes)
		}
	}
	if !strings.Contains(get(t, ts, "/maatregelen/1?van=2017-01-01", http.StatusOK).Body, `href="/export.csv?from=2017-01-01&amp;measure=1"`) {
		t.Errorf("/maatregelen/1?van=2017-01-01: the CSV link does not carry the period")
	}

	for _, bad := range []string{"/indicatoren/passport_measures?van=2017-02-30", "/maatregelen/1?van=2017-01-01&tot=2016-01-01",
		"/indicatoren/passport_measures?tot=morgen"} {
		res := get(t, ts, bad, http.StatusBadRequest)
		if !strings.Contains(res.Body, "parameter") {
			t.Errorf("GET %s: the message does not name the parameter", bad)
		}
	}
}

// TestMultiChart checks /grafiek: one chart with a line per indicator when
// the units agree, one chart each on one time axis when they differ, and
// bad requests refused.
func TestMultiChart(t *testing.T) {
	ts := newTestServer(t, nil)
	one := get(t, ts, "/grafiek?indicator=sanctions_persons_listed&indicator=sanctions_persons_total", http.StatusOK).Body
	m := chartOptions.FindAllStringSubmatch(one, -1)
	if len(m) != 1 || m[0][1] != "chart-overlay" {
		t.Fatalf("same unit: %d charts; want one overlay", len(m))
	}
	var o struct {
		Legend struct{ Data []string } `json:"legend"`
		Series []struct{ Name string } `json:"series"`
	}
	if err := json.Unmarshal([]byte(m[0][3]), &o); err != nil {
		t.Fatal(err)
	}
	// The fixtures have values of the first only; the second is known, without values.
	if len(o.Series) != 1 || len(o.Legend.Data) != 1 ||
		o.Series[0].Name != "Personen geplaatst op de nationale sanctielijst terrorisme" {
		t.Errorf("overlay: series %+v, legend %+v; want a named line per indicator with values", o.Series, o.Legend)
	}

	multi := get(t, ts, "/grafiek?indicator=criminal_investigations&indicator=passport_measures&indicator=criminal_investigations", http.StatusOK).Body
	axes := trendAxes(t, multi)
	if len(axes) != 2 || axes[0] != axes[1] {
		t.Errorf("different units: time axes %v; want two charts (the repeated id once) on one time range", axes)
	}

	for path, status := range map[string]int{
		"/grafiek":                        http.StatusBadRequest,
		"/grafiek?indicator=Hoofdletters": http.StatusBadRequest,
		"/grafiek?indicator=bestaat_niet": http.StatusNotFound,
		"/grafiek?indicator=" + strings.Repeat("passport_measures&indicator=", 8) + "x": http.StatusBadRequest,
		"/grafiek?indicator=passport_measures&van=2018-01-01&tot=2017-01-01":            http.StatusBadRequest,
	} {
		get(t, ts, path, status)
	}
}

// TestReportPageBadID checks the report page's answers to ids that are not
// a report.
func TestReportPageBadID(t *testing.T) {
	ts := newTestServer(t, nil)
	get(t, ts, "/rapportages/99", http.StatusNotFound)
	get(t, ts, "/rapportages/nul", http.StatusBadRequest)
	get(t, ts, "/rapportages/0", http.StatusBadRequest)
}
