package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// latestFigure returns an unchecked figure that is the latest value of its
// indicator, so that the indicator page's "Laatste waarde" shows it.
func (e *writeEnv) latestFigure() peil.ReviewItem {
	e.t.Helper()
	for _, it := range e.queue(peil.ReviewFilter{}) {
		if it.Indicator == "" || !it.Status.Unchecked() {
			continue
		}
		s, err := e.db.Series(e.t.Context(), it.Indicator)
		if err != nil {
			e.t.Fatal(err)
		}
		p := s.Latest()
		if p == nil {
			continue
		}
		if st, ok := p.ShownStatement(); ok && st.Report == it.Report && st.Sentence == it.Sentence && st.Value == it.Value && len(p.Statements) == 1 {
			return it
		}
	}
	e.t.Fatal("no unchecked figure that is its indicator's latest value in the fixtures")
	return peil.ReviewItem{}
}

// TestReviewMarks checks that pages mark figures nobody checked yet, that a
// corrected figure shows its corrected value with the original beside it on
// the pages and in the chart tooltips, and that the index pages and their
// JSON index carry the review state.
func TestReviewMarks(t *testing.T) {
	e := newWriteEnv(t, Options{})
	bert := e.as(peil.RoleReviewer)
	anon := e.client()
	fig := e.latestFigure()
	indPath := "/indicatoren/" + string(fig.Indicator)
	measurePath := fmt.Sprintf("/maatregelen/%d", fig.Measure)
	reportPath := fmt.Sprintf("/rapportages/%d", fig.Report)
	mark := `<span class="badge unchecked"`

	// Unchecked: every page that shows the figure marks it, with the legend.
	for _, p := range []string{indPath, measurePath, reportPath} {
		res := anon.get(p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", p, res.StatusCode)
		}
		if missing, ok := containsAll(res.Body, mark, ">"+peil.UncheckedNL+"</span>", `class="legend review-legend"`,
			"heeft nog niemand beoordeeld"); !ok {
			t.Errorf("GET %s before review lacks %q", p, missing)
		}
		if strings.Contains(res.Body, "oorspronkelijk:") {
			t.Errorf("GET %s before review shows an original value", p)
		}
	}
	if res := anon.get(indPath); !strings.Contains(res.Body, "Niet gecontroleerd: nog niemand heeft dit cijfer beoordeeld") {
		t.Errorf("indicator chart tooltips lack the unchecked line:\n%s", truncate(res.Body, 400))
	}
	idx := e.indexRow(anon, fig.Indicator)
	if idx.Review != fig.Status || idx.ReviewName != peil.UncheckedNL || idx.Unchecked == 0 || idx.Unchecked > idx.Figures {
		t.Errorf("index row before review: review %q (%q), %d of %d unchecked; want %s, some unchecked", idx.Review, idx.ReviewName, idx.Unchecked, idx.Figures, fig.Status)
	}
	before := idx

	// Correct the value.
	corrected := fig.Value + 1000
	res := bert.postJSON(fmt.Sprintf("/api/review/%d", fig.ID), map[string]any{"action": "correct", "value": corrected, "version": fig.Version})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("correct = %d: %s", res.StatusCode, res.Body)
	}
	orig := formatValue(peil.QualExact, peil.SourceExtracted, fig.Value, fig.Unit)
	now := formatValue(fig.Qualifier, peil.SourceExtracted, corrected, fig.Unit)
	for _, p := range []string{indPath, measurePath, reportPath} {
		res := anon.get(p)
		if missing, ok := containsAll(res.Body, now, `<span class="badge corrected">gecorrigeerd</span>`,
			`<span class="original">oorspronkelijk: `+htmlEscape(orig)+`</span>`, "veranderde een beoordelaar"); !ok {
			t.Errorf("GET %s after the correction lacks %q", p, missing)
		}
	}
	page := anon.get(indPath).Body
	if want := "Waarde: " + peil.FormatNumber(corrected); !strings.Contains(page, want) {
		t.Errorf("indicator tooltip lacks the corrected value %q", want)
	}
	if want := "Gecorrigeerd door een beoordelaar; oorspronkelijk: " + peil.FormatNumber(fig.Value); !strings.Contains(page, want) {
		t.Errorf("indicator tooltip lacks %q", want)
	}
	idx = e.indexRow(anon, fig.Indicator)
	if idx.Review != peil.ReviewCorrected || idx.ReviewName != "gecorrigeerd" || idx.Unchecked != before.Unchecked-1 || idx.Figures != before.Figures {
		t.Errorf("index row after the correction: %q (%q), %d of %d unchecked; want corrected, %d of %d",
			idx.Review, idx.ReviewName, idx.Unchecked, idx.Figures, before.Unchecked-1, before.Figures)
	}

	// Confirm the rest of the measure's figures: its pages carry no mark,
	// the index pages say every figure is checked.
	for _, it := range e.queue(peil.ReviewFilter{Measure: fig.Measure}) {
		if it.Status.Unchecked() {
			if res := bert.postJSON(fmt.Sprintf("/api/review/%d", it.ID), map[string]any{"action": "confirm", "version": it.Version}); res.StatusCode != http.StatusOK {
				t.Fatalf("confirm %d = %d: %s", it.ID, res.StatusCode, res.Body)
			}
		}
	}
	if res := anon.get(measurePath); strings.Contains(res.Body, mark) || strings.Contains(res.Body, "heeft nog niemand beoordeeld") {
		t.Errorf("measure page after review still marks a figure unchecked")
	}
	if idx := e.indexRow(anon, fig.Indicator); idx.Unchecked != 0 {
		t.Errorf("index row after review: %d unchecked; want 0", idx.Unchecked)
	}
	res = anon.get(fmt.Sprintf("/indicatoren?measure=%d", fig.Measure))
	if missing, ok := containsAll(res.Body, "<th scope=\"col\">Beoordeling</th>", "gecontroleerd</td>", "Beoordeling: van de cijfers"); !ok {
		t.Errorf("/indicatoren lacks %q", missing)
	}
	res = anon.get("/maatregelen")
	var m *measureIndexRow
	for _, r := range e.searchIndex(anon).Measures {
		if r.Nr == fig.Measure {
			m = &r
		}
	}
	if m == nil || m.Figures == 0 || m.Unchecked != 0 {
		t.Fatalf("measure %d in the index: %+v; want figures, none unchecked", fig.Measure, m)
	}
	if missing, ok := containsAll(res.Body, "<th scope=\"col\">Beoordeling</th>", fmt.Sprintf("alle %s gecontroleerd", formatNumber(m.Figures)),
		" "+peil.UncheckedNL+"</span>"); !ok {
		t.Errorf("/maatregelen lacks %q (measure %d checked, others not)", missing, fig.Measure)
	}
}

// searchIndex reads the JSON index of the index pages.
func (e *writeEnv) searchIndex(c *client) searchIndex {
	e.t.Helper()
	res := c.get(searchIndexPath)
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s = %d", searchIndexPath, res.StatusCode)
	}
	var idx searchIndex
	if err := json.Unmarshal([]byte(res.Body), &idx); err != nil {
		e.t.Fatalf("decode %s: %v", searchIndexPath, err)
	}
	return idx
}

// indexRow is the JSON index's row of indicator id.
func (e *writeEnv) indexRow(c *client, id peil.IndicatorID) indexRow {
	e.t.Helper()
	for _, r := range e.searchIndex(c).Indicators {
		if r.ID == id {
			return r
		}
	}
	e.t.Fatalf("indicator %s not in the JSON index", id)
	return indexRow{}
}
