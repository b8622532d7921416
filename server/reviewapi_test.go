package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

// TestAPIReview reads the review queue and the catalog over HTTP, after a
// decision made through the store (as peil review does).
func TestAPIReview(t *testing.T) {
	path := fixtureCopy(t)
	db := openTestDB(t, path, analytics.Options{})
	items, err := db.ReviewQueue(context.Background(), peil.ReviewFilter{})
	if err != nil || len(items) == 0 {
		t.Fatalf("ReviewQueue: %d items, %v", len(items), err)
	}
	first := items[0]
	if _, err := db.Decide(context.Background(), peil.Decision{Figure: first.ID, Action: peil.DecideReject, Why: "test", By: "anna"}); err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, db)

	var all []peil.ReviewItem
	decode(t, "/api/review", get(t, ts, "/api/review", http.StatusOK).Body, &all)
	if len(all) != len(items) {
		t.Errorf("GET /api/review: %d figures; want %d", len(all), len(items))
	}
	var rejected []peil.ReviewItem
	decode(t, "/api/review?status=rejected", get(t, ts, "/api/review?status=rejected", http.StatusOK).Body, &rejected)
	if len(rejected) != 1 || rejected[0].ID != first.ID || rejected[0].Reviewer != "anna" {
		t.Errorf("GET /api/review?status=rejected = %+v; want figure %d by anna", rejected, first.ID)
	}
	var ofReport []peil.ReviewItem
	q := "/api/review?report=" + itoa(int(first.Report))
	decode(t, q, get(t, ts, q, http.StatusOK).Body, &ofReport)
	for _, it := range ofReport {
		if it.Report != first.Report {
			t.Errorf("GET %s: figure of report %d", q, it.Report)
		}
	}
	if len(ofReport) == 0 || len(ofReport) == len(all) {
		t.Errorf("GET %s: %d of %d figures; want those of one report", q, len(ofReport), len(all))
	}
	res := get(t, ts, "/api/review?status=goedgekeurd", http.StatusBadRequest)
	if !strings.Contains(res.Body, "parameter status") {
		t.Errorf("bad status: %s", res.Body)
	}

	var cat catalogJSON
	decode(t, "/api/catalog", get(t, ts, "/api/catalog", http.StatusOK).Body, &cat)
	if len(cat.Measures) != 38 || len(cat.Clusters) == 0 || len(cat.Indicators) == 0 {
		t.Errorf("GET /api/catalog: %d clusters, %d measures, %d indicators", len(cat.Clusters), len(cat.Measures), len(cat.Indicators))
	}
}
