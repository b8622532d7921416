package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/internal/corpusdb"
)

// maxPageBytes is the documented bound of any page (README, Reliability): a
// page of a store of any size stays under it.
const maxPageBytes = 2 << 20

// boundPages are the pages whose size used to grow with the reports (the
// measure with the most events, an indicator with a statement in nearly every
// report, the overview's sparklines) and the index pages.
var boundPages = []string{"/", "/maatregelen/8", "/maatregelen/1", "/maatregelen/38", "/indicatoren/passport_measures",
	"/indicatoren/sanctions_persons_total", "/indicatoren", "/maatregelen", "/vergelijken", "/rapportages"}

// pageSizes returns the bytes of each of boundPages on a store of n
// synthetic reports, and the server for further requests.
func pageSizes(t *testing.T, n int) (map[string]int, *Server) {
	t.Helper()
	db, err := analytics.Open(context.Background(), corpusdb.File(t, n), analytics.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := New(services(db), Options{Logger: testLogger(t)})
	sizes := map[string]int{}
	for _, path := range boundPages {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("%d reports: GET %s = %d", n, path, rec.Code)
		}
		sizes[path] = rec.Body.Len()
	}
	return sizes, s
}

// Pages are bounded: on stores of 100 and 400 synthetic reports every page
// stays under maxPageBytes and grows at most linearly (at 1,000 reports
// /maatregelen/8 used to be 235 MB, growing with reports × events).
func TestPageSizeBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two stores of synthetic reports")
	}
	small, _ := pageSizes(t, 100)
	large, s := pageSizes(t, 400)
	for _, path := range boundPages {
		t.Logf("%-40s %9d B at 100 reports, %9d B at 400", path, small[path], large[path])
		if large[path] > maxPageBytes {
			t.Errorf("%s: %d bytes at 400 reports; the bound is %d", path, large[path], maxPageBytes)
		}
		if large[path] > 4*small[path]+64<<10 {
			t.Errorf("%s: %d bytes at 100 reports, %d at 400: more than linear", path, small[path], large[path])
		}
	}

	// What the bounds leave out is said on the page, with where it is.
	get := func(path string) string {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Body.String()
	}
	m8 := get("/maatregelen/8")
	for _, want := range []string{"eerdere rapportages staan niet in deze tijdlijn", "De grafiek toont de laatste 120 van",
		"punten het dichtst bij de gebeurtenis"} {
		if !strings.Contains(m8, want) {
			t.Errorf("/maatregelen/8 lacks %q", want)
		}
	}
	if n, charts := strings.Count(m8, `<article class="event">`), strings.Count(m8, "<h4>Voor en na</h4>"); n > maxEvents || charts != maxEventCharts {
		t.Errorf("/maatregelen/8 lists %d events, %d with a before/after chart; want at most %d, %d with", n, charts, maxEvents, maxEventCharts)
	}
	if ind := get("/indicatoren/passport_measures"); !strings.Contains(ind, "De grafiek toont de laatste 120 van") {
		t.Error("/indicatoren/passport_measures does not say that it shows the latest 120 points")
	}
	// An earlier period shows earlier points: the bound is a window, not a loss.
	if early := get("/maatregelen/8?tot=2017-01-01"); strings.Contains(early, "eerdere rapportages staan niet") {
		t.Error("/maatregelen/8?tot=2017-01-01: the early period is cut too")
	}
}

// The status timeline shows the first text and each change; a run of
// reports that repeat a text is one fold, in Dutch.
func TestTimelineFolds(t *testing.T) {
	d := func(m int) peil.Date { return peil.NewDate(2015, time.Month(1+m), 1) }
	var sts []peil.MeasureStatus
	for i, text := range []string{"a", "a", "a", "b", "b", "c"} {
		sts = append(sts, peil.MeasureStatus{Measure: 1, Report: int64(i + 1), ReportDate: d(i), Status: text})
	}
	rows, earlier := timeline(sts, period{}, reportNames{})
	var got []string
	for _, r := range rows {
		if r.Unchanged > 0 {
			got = append(got, fmt.Sprintf("fold %d %s-%s", r.Unchanged, r.FoldFrom, r.FoldTo))
		} else {
			got = append(got, fmt.Sprintf("%s changed=%v", r.Status, r.Changed))
		}
	}
	want := []string{"a changed=false", "fold 2 " + d(1).String() + "-" + d(2).String(), "b changed=true", "fold 1 " + d(4).String() + "-" + d(4).String(), "c changed=true"}
	if fmt.Sprint(got) != fmt.Sprint(want) || earlier != 0 {
		t.Errorf("timeline = %v, %d earlier; want %v", got, earlier, want)
	}

	// Many changes: the latest maxTimelineEntries entries, the rest counted.
	sts = nil
	for i := range 100 {
		sts = append(sts, peil.MeasureStatus{Measure: 1, Report: int64(i + 1), ReportDate: d(i), Status: fmt.Sprint(i)})
	}
	rows, earlier = timeline(sts, period{}, reportNames{})
	if len(rows) != maxTimelineEntries || earlier != 100-maxTimelineEntries || rows[len(rows)-1].Status != "99" {
		t.Errorf("100 changes: %d rows, %d earlier, last %q", len(rows), earlier, rows[len(rows)-1].Status)
	}

	ts := newTestServer(t, nil)
	for _, path := range []string{"/maatregelen/1", "/maatregelen/7"} {
		if body := get(t, ts, path, http.StatusOK).Body; strings.Contains(body, "ongewijzigd (") != strings.Contains(body, `class="fold"`) {
			t.Errorf("%s: a fold without its line, or a line without its fold", path)
		}
	}
}

// A sparkline draws about maxSparkPoints points, the first and the latest
// among them, and keeps the gaps of the points it leaves out.
func TestSparkSeries(t *testing.T) {
	s := &peil.Series{}
	for i := range 1000 {
		s.Points = append(s.Points, peil.Point{PeriodEnd: peil.NewDate(2000, time.Month(1+i), 1), Value: float64(i)})
	}
	s.Points[999].Expected = true // the latest value is the one before
	s.Points[500].Gap = true      // a report between 499 and 500 said nothing
	got := sparkSeries(s)
	n := len(got.Points)
	if n > maxSparkPoints+6 || got.Points[0].Value != 0 || got.Points[n-1].Value != 999 {
		t.Fatalf("%d points from %v to %v", n, got.Points[0].Value, got.Points[n-1].Value)
	}
	if l := got.Latest(); l == nil || l.Value != 998 {
		t.Errorf("latest of the sparkline = %v; want 998", l)
	}
	gaps := 0
	for i := 1; i < n; i++ {
		if got.Points[i].Value <= got.Points[i-1].Value {
			t.Fatalf("points out of order at %d", i)
		}
		if got.Points[i].Gap {
			gaps++
			if got.Points[i-1].Value >= 500 || got.Points[i].Value < 500 {
				t.Errorf("gap before %v (after %v); want it where 500 is", got.Points[i].Value, got.Points[i-1].Value)
			}
		}
	}
	if gaps != 1 {
		t.Errorf("%d gaps in the sparkline; want 1", gaps)
	}
	if len(s.Points) != 1000 {
		t.Error("the series itself changed")
	}
}
