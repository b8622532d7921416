package server

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
)

func TestReportOrder(t *testing.T) {
	reports := []peil.ReportSummary{{Report: peil.Report{ID: 2}}, {Report: peil.Report{ID: 1}}, {Report: peil.Report{ID: 3}}}
	for _, tc := range []struct {
		from, to int64
		ok       bool
	}{
		{0, 0, true},
		{2, 1, true}, // ids need not follow report dates: 2 is the oldest
		{2, 3, true},
		{1, 3, true},
		{1, 2, false},
		{3, 2, false},
		{3, 3, false},
		{1, 99, true}, // unknown ids are the comparison's to report (404)
	} {
		err := reportOrder(reports, "van", tc.from, "tot", tc.to)
		if (err == nil) != tc.ok || err != nil && (peil.ErrorCode(err) != peil.EINVALID ||
			!strings.Contains(err.Error(), "van moet een eerdere rapportage zijn dan tot")) {
			t.Errorf("reportOrder(%d, %d) = %v; want ok %v", tc.from, tc.to, err, tc.ok)
		}
	}
}

// TestPageDetails checks what the QA review asked of the pages: the PNG hint
// only where a chart offers a PNG, the legend of grey rows only when a row is
// grey, derived rows without a "written" text, report titles in the charts'
// tooltips, and the comparison's pair in the workbook link.
func TestPageDetails(t *testing.T) {
	ts := newTestServer(t, nil)
	const hint = "Grafieken als PNG via het downloadicoon"
	for _, tc := range []struct {
		path        string
		want, avoid []string
	}{
		{"/", nil, []string{hint}},
		{"/vergelijken", []string{`href="/export.xlsx?tot=3&amp;van=2"`, `href="/export.csv"`}, []string{hint}},
		{"/vergelijken?van=1&tot=3", []string{`href="/export.xlsx?tot=3&amp;van=1"`}, []string{hint, `/export.csv?`}},
		{"/indicatoren/criminal_investigations", []string{hint,
			"Rapport: Fictieve rapportage voorjaar 2017 (testgegevens) (31 maart 2017)"}, []string{"Grijze regels"}},
		{"/maatregelen/7", []string{hint, "Rapport: Fictieve rapportage"}, nil},
		{"/indicatoren/passport_measures", []string{`<td class="num">ca. &#43;50</td>`, ">benaderd</span>",
			"Verandering: ca. +50"}, nil},
		{"/", []string{`aria-label="Verloop van Strafrechtelijke onderzoeken gerelateerd aan jihadisme; laatste waarde ten minste 410`}, []string{"tenminste 410 ("}},
		{"/indicatoren/sanctions_persons_listed", []string{hint, `<td><span title="Geen rapportage schreef deze waarde; zie de afleiding">—</span></td>`}, nil},
	} {
		res := get(t, ts, tc.path, http.StatusOK)
		if missing, ok := containsAll(res.Body, tc.want...); !ok {
			t.Errorf("GET %s: page lacks %q\n%s", tc.path, missing, truncate(res.Body, 3000))
		}
		for _, a := range tc.avoid {
			if strings.Contains(res.Body, a) {
				t.Errorf("GET %s: page shows %q; want it not to", tc.path, a)
			}
		}
	}
}

// TestSupersededLegend renders the indicator page with and without a revised
// statement: the legend of grey rows shows only with one.
func TestSupersededLegend(t *testing.T) {
	const legend = "Grijze regels gelden niet meer"
	series := &peil.Series{Indicator: peil.Indicator{ID: "x", Label: "X", Unit: "personen", Kind: peil.KindStock}}
	st := peil.Statement{Report: 1, Value: 290, Text: "290", Source: peil.SourceExtracted}
	for _, superseded := range []bool{false, true} {
		p := &indicatorPage{Series: series, Superseded: superseded,
			Statements: []statementRow{{Statement: st, Current: !superseded, Superseded: superseded}}}
		var b strings.Builder
		if err := pages["indicator"].ExecuteTemplate(&b, "layout", view{Title: "X", Page: p, Assets: assetURLs}); err != nil {
			t.Fatal(err)
		}
		grey := strings.Contains(b.String(), `class="superseded"`)
		if shown := strings.Contains(b.String(), legend); shown != superseded || grey != superseded {
			t.Errorf("indicator page with superseded=%v: grey row %v, legend shown %v; want both %v", superseded, grey, shown, superseded)
		}
	}
}

// TestRangesOnPages ingests a report text with a range, a vague quantity and
// an expectation through the real pipeline and reads the indicator page: the
// range shows as "40–50", and the expectation is never the latest value.
func TestRangesOnPages(t *testing.T) {
	db := newEmptyTestDB(t)
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	text := "Nr Omschrijving Recente ontwikkelingen en stand van zaken\n" +
		"1 Naar onderkende uitreizigers die zich aansluiten bij een terroristische strijdgroepering wordt een strafrechtelijk onderzoek opgestart. " +
		"Op 1 januari 2017 liepen er tussen de 40 en 50 strafrechtelijke onderzoeken. " +
		"Op dit moment lopen er 62 strafrechtelijke onderzoeken. " +
		"Eind 2017 zullen er naar verwachting ongeveer 90 strafrechtelijke onderzoeken lopen.\n"
	ext, err := ingest.Extract([]byte(text), ingest.Options{File: "r.txt", ReportDate: peil.NewDate(2017, 3, 31), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.IngestReport(context.Background(), ext); err != nil {
		t.Fatal(err)
	}
	s, err := db.Series(context.Background(), "criminal_investigations")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Points) != 3 || !s.Points[2].Expected || s.Points[0].Qualifier != peil.QualRange {
		t.Fatalf("series points = %+v; want the range, 62 and the expectation", s.Points)
	}
	ts := newTestServer(t, db)
	body := get(t, ts, "/indicatoren/criminal_investigations", http.StatusOK).Body
	if !strings.Contains(body, "40–50") {
		t.Errorf("indicator page lacks the range 40–50")
	}
	if strings.Contains(body, ">45<") {
		t.Errorf("indicator page shows the range's midpoint 45 as a value")
	}
	i := strings.Index(body, "Laatste waarde")
	if i < 0 {
		t.Fatalf("indicator page has no latest value")
	}
	if latest := body[i:min(len(body), i+200)]; !strings.Contains(latest, "62") || strings.Contains(latest, "90") {
		t.Errorf("latest value = %q; want 62, not the expected 90", latest)
	}
}

// TestStatementBadges: the statement a point shows is "geldend", a
// disagreeing one "strijdig" with its legend, an expectation "verwachting";
// no row is called earlier unless it was superseded.
func TestStatementBadges(t *testing.T) {
	series := &peil.Series{Indicator: peil.Indicator{ID: "x", Label: "X", Unit: "scholieren", Kind: peil.KindCumulative}}
	p := &indicatorPage{Series: series, Conflicts: true, Statements: []statementRow{
		{Statement: peil.Statement{Report: 1, Value: 91, Text: "91", Source: peil.SourceExtracted}, Current: true},
		{Statement: peil.Statement{Report: 1, Value: 166, Source: peil.SourceDerived, Conflict: true}},
		{Statement: peil.Statement{Report: 1, Value: 30000, Text: "ongeveer 30.000", Source: peil.SourceExtracted, Expected: true}},
	}}
	var b strings.Builder
	if err := pages["indicator"].ExecuteTemplate(&b, "layout", view{Title: "X", Page: p, Assets: assetURLs}); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	for _, want := range []string{`<tr class="current">`, `<span class="badge current">geldend</span>`, `<tr class="conflict">`,
		`<span class="badge conflict">strijdig</span>`, `<span class="badge expected">verwachting</span>`, "“Strijdig” is een uitspraak"} {
		if !strings.Contains(h, want) {
			t.Errorf("indicator page lacks %q", want)
		}
	}
	if strings.Contains(h, "eerdere") || strings.Contains(h, `class="superseded"`) {
		t.Errorf("indicator page calls a statement earlier or superseded without one being superseded")
	}
}

// The report page lists what the extraction found wrong with the report's
// table, each with its line: stored with the report, they were shown
// nowhere but on the terminal of whoever ingested it.
func TestReportPageShowsTableWarnings(t *testing.T) {
	db := newEmptyTestDB(t)
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := data.Samples.ReadFile(data.SampleDir() + "/voortgangsrapportage-2017.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	var row8 []string // the row of measure 8, to the row of measure 9
	for i, l := range lines {
		if strings.HasPrefix(l, "8 ") {
			for j := i; j < len(lines) && !strings.HasPrefix(lines[j], "9 "); j++ {
				row8 = append(row8, lines[j])
			}
			break
		}
	}
	text := string(raw) + "\n" + strings.Join(row8, "\n") + "\n" // measure 8 again after the last row
	ext, err := ingest.Extract([]byte(text), ingest.Options{File: "r.txt", ReportDate: peil.NewDate(2017, 3, 31), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	if len(ext.Warnings) == 0 {
		t.Fatal("the extraction gives no warning for a row twice")
	}
	res, err := db.IngestReport(context.Background(), ext)
	if err != nil {
		t.Fatal(err)
	}
	w := ext.Warnings[0]
	ts := newTestServer(t, db)
	body := get(t, ts, fmt.Sprintf("/rapportages/%d", res.Report.ID), http.StatusOK).Body
	if want := fmt.Sprintf("Regel %d: %s", w.Line, template.HTMLEscapeString(w.Message)); !strings.Contains(body, "Waarschuwingen over de tabel") || !strings.Contains(body, want) {
		t.Errorf("report page lacks the warning %q", want)
	}
	var reps []peil.ReportSummary
	if err := json.Unmarshal([]byte(get(t, ts, "/api/reports", http.StatusOK).Body), &reps); err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].Warnings != len(ext.Warnings) {
		t.Errorf("/api/reports = %+v; want one report with %d warnings", reps, len(ext.Warnings))
	}
}
