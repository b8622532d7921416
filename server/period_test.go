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
