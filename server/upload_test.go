package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
)

// multipartBody builds an upload form: the file and the fields.
func multipartBody(t testing.TB, file string, content []byte, fields map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != "" {
		fw, err := w.CreateFormFile("file", file)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, w.FormDataContentType()
}

// waitJob polls the job's status until it is done.
func waitJob(t *testing.T, c *client, id string) uploadJSON {
	t.Helper()
	for i := 0; i < 600; i++ {
		res := c.get("/api/reports/jobs/" + id)
		var j uploadJSON
		decode(t, "job", res.Body, &j)
		if j.Done {
			return j
		}
		time.Sleep(50 * time.Millisecond) // polling a background job, not a threshold
	}
	t.Fatalf("job %s not done", id)
	return uploadJSON{}
}

// uploadAdded uploads file through POST /api/reports as c, waits for its job
// and fails the test unless the job added a report with figures.
func uploadAdded(t *testing.T, c *client, file string, content []byte, fields map[string]string) uploadJSON {
	t.Helper()
	body, ct := multipartBody(t, file, content, fields)
	res := c.do(http.MethodPost, "/api/reports", body, http.Header{"Content-Type": {ct}})
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/reports of %s = %d: %s", file, res.StatusCode, res.Body)
	}
	var j uploadJSON
	decode(t, "/api/reports", res.Body, &j)
	done := waitJob(t, c, j.ID)
	if done.Error != "" || done.Report == 0 || done.Figures == 0 || done.Action != "added" {
		t.Fatalf("job of %s = %+v; want an added report with figures", file, done)
	}
	return done
}

func TestUploadAPI(t *testing.T) {
	e := newWriteEnv(t, Options{})
	anna := e.as(peil.RoleAdmin)
	raw, err := os.ReadFile("testdata/rapportage-voorjaar-2017.txt")
	if err != nil {
		t.Fatal(err)
	}
	// A new report: same text, other title and date, so it is added.
	text := bytes.Replace(raw, []byte("FICTIEVE TESTRAPPORTAGE"), []byte("FICTIEVE TESTRAPPORTAGE (upload)"), 1)
	done := uploadAdded(t, anna, "upload-2018.txt", text, map[string]string{
		"title": "Fictieve upload 2018", "report_date": "2018-03-31", "period_start": "2017-10-01",
		"kamerstuk": "29754-999", "url": "https://example.org/rapportage"})
	// Its figures are in the review queue, and the audit log has the upload.
	items := e.queue(peil.ReviewFilter{Report: done.Report})
	if len(items) != done.Figures {
		t.Errorf("review queue of report %d: %d figures; want %d", done.Report, len(items), done.Figures)
	}
	page := anna.get(done.ReviewURL)
	if got := strings.Count(page.Body, `<article class="figure`); page.StatusCode != http.StatusOK || got != done.Figures {
		t.Errorf("GET %s = %d with %d figures; want %d", done.ReviewURL, page.StatusCode, got, done.Figures)
	}
	log, err := e.db.AuditLog(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Action != "report.upload" || last.Actor != "anna" || last.Subject != fmt.Sprintf("report:%d", done.Report) ||
		!strings.Contains(last.After, "upload-2018.txt") {
		t.Errorf("last audit entry %+v; want anna's upload", last)
	}
	// Readers see the new report at once.
	var reps []peil.ReportSummary
	decode(t, "/api/reports", e.client().get("/api/reports").Body, &reps)
	if reps[len(reps)-1].ID != done.Report {
		t.Errorf("/api/reports after the upload ends with %+v; want report %d", reps[len(reps)-1], done.Report)
	}

	// Bad uploads: 400 with a Dutch message, nothing stored.
	before := len(e.queue(peil.ReviewFilter{}))
	for _, tc := range []struct {
		name    string
		file    string
		content []byte
		fields  map[string]string
		want    string
	}{
		{"no file", "", nil, map[string]string{"title": "x"}, "kies een bestand"},
		{"bad date", "a.txt", text, map[string]string{"report_date": "31-03-2018"}, "report_date: geef een datum als JJJJ-MM-DD"},
		{"bad url", "a.txt", text, map[string]string{"url": "javascript:alert(1)"}, "url: geef een adres"},
		{"unknown field", "a.txt", text, map[string]string{"extra": "1"}, "onbekend veld"},
		{"dot-dot name", "..", text, nil, "de bestandsnaam is leeg"},
	} {
		body, ct := multipartBody(t, tc.file, tc.content, tc.fields)
		res := anna.do(http.MethodPost, "/api/reports", body, http.Header{"Content-Type": {ct}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: POST /api/reports = %d %s; want 400 with %q", tc.name, res.StatusCode, res.Body, tc.want)
		}
	}
	// A text that is no report, and a damaged PDF, fail in the job, with the
	// file named.
	for name, content := range map[string][]byte{"leeg.txt": []byte("geen rapportage hier\n"), "kapot.pdf": []byte("%PDF-1.7\nkapot")} {
		body, ct := multipartBody(t, name, content, map[string]string{"report_date": "2018-01-01"})
		res := anna.do(http.MethodPost, "/api/reports", body, http.Header{"Content-Type": {ct}})
		var j uploadJSON
		decode(t, "/api/reports", res.Body, &j)
		if failed := waitJob(t, anna, j.ID); failed.Error == "" || !strings.Contains(failed.Error, name) || failed.Report != 0 {
			t.Errorf("job of %s = %+v; want an error naming it", name, failed)
		}
	}
	// A text without any date and no date in the form: the job says what to
	// fill in on the page, not a command-line flag.
	undated := regexp.MustCompile(`\b(19|20)\d\d\b`).ReplaceAll(text, nil)
	body, ct := multipartBody(t, "zonder-datum.txt", undated, nil)
	var j uploadJSON
	decode(t, "/api/reports", anna.do(http.MethodPost, "/api/reports", body, http.Header{"Content-Type": {ct}}).Body, &j)
	if failed := waitJob(t, anna, j.ID); !strings.Contains(failed.Error, "vul de rapportagedatum in") ||
		strings.Contains(failed.Error, "--report-date") || failed.Report != 0 {
		t.Errorf("job of an undated upload = %+v; want the form's date asked for, no flag", failed)
	}
	if after := len(e.queue(peil.ReviewFilter{})); after != before {
		t.Errorf("refused uploads changed the queue: %d figures, was %d", after, before)
	}
	// The upload limit is that route's only: elsewhere the small limit holds.
	big := bytes.Repeat([]byte("x"), DefaultMaxBodyBytes+1)
	if res := anna.do(http.MethodPost, "/api/catalog/indicators", bytes.NewReader(big), nil); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("POST of %d bytes to /api/catalog/indicators = %d; want 413", len(big), res.StatusCode)
	}
	e.srv.opts.MaxUploadBytes = 1 << 20
	body, ct = multipartBody(t, "groot.txt", bytes.Repeat([]byte("x"), 2<<20), nil)
	if res := anna.do(http.MethodPost, "/api/reports", body, http.Header{"Content-Type": {ct}}); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("upload over the limit = %d; want 413", res.StatusCode)
	}
}

func TestUploadPage(t *testing.T) {
	e := newWriteEnv(t, Options{})
	anna := e.as(peil.RoleAdmin)
	page := anna.get("/rapportages/nieuw")
	if missing, ok := containsAll(page.Body, `enctype="multipart/form-data"`, `name="file"`, `name="report_date"`, `name="kamerstuk"`,
		`name="csrf_token" value="`+anna.csrf+`"`); !ok {
		t.Fatalf("upload page lacks %q", missing)
	}
	raw, _ := os.ReadFile("testdata/rapportage-najaar-2016.txt")
	body, ct := multipartBody(t, "pagina.txt", raw, map[string]string{"title": "Via de pagina", "report_date": "2019-01-31", "csrf_token": anna.csrf})
	csrf := anna.csrf
	anna.csrf = "" // the form field carries it
	res := anna.do(http.MethodPost, "/rapportages/nieuw", body, http.Header{"Content-Type": {ct}})
	anna.csrf = csrf
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/rapportages/nieuw/") {
		t.Fatalf("form upload = %d, %q: %s", res.StatusCode, loc, truncate(res.Body, 400))
	}
	done := waitJob(t, anna, strings.TrimPrefix(loc, "/rapportages/nieuw/"))
	page = anna.get(loc)
	if missing, ok := containsAll(page.Body, "Klaar", fmt.Sprintf(`href="/beoordelen?rapport=%d&amp;status=alle"`, done.Report)); !ok {
		t.Errorf("job page lacks %q", missing)
	}
	if page.Header.Get("Refresh") != "" {
		t.Error("a finished job's page still refreshes")
	}
	// A beoordelaar cannot upload.
	body, ct = multipartBody(t, "x.txt", raw, nil)
	if res := e.as(peil.RoleReviewer).do(http.MethodPost, "/api/reports", body, http.Header{"Content-Type": {ct}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("upload by a beoordelaar = %d; want 403", res.StatusCode)
	}
}

func TestCatalogAndAuditLog(t *testing.T) {
	e := newWriteEnv(t, Options{})
	anna := e.as(peil.RoleAdmin)
	add := map[string]any{"id": "test_indicator", "measure": 1, "label": "Testindicator <b>", "unit": "personen", "kind": "stock", "cues": []string{"testwoord"}}
	res := anna.postJSON("/api/catalog/indicators", add)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/catalog/indicators = %d: %s", res.StatusCode, res.Body)
	}
	if res := anna.postJSON("/api/catalog/indicators", add); res.StatusCode != http.StatusBadRequest {
		t.Errorf("adding it twice = %d; want 400", res.StatusCode)
	}
	res = anna.postJSON("/api/catalog/indicators/test_indicator", map[string]any{"label": "Testindicator nieuw"})
	var ind peil.Indicator
	decode(t, "edit", res.Body, &ind)
	if res.StatusCode != http.StatusOK || ind.Label != "Testindicator nieuw" || ind.Unit != "personen" {
		t.Errorf("edit = %d %+v", res.StatusCode, ind)
	}
	page := e.client().get("/catalogus")
	if !strings.Contains(page.Body, "Testindicator nieuw") || strings.Contains(page.Body, `action="/catalogus"`) {
		t.Errorf("anonymous catalog page: want the indicator and no forms")
	}
	page = anna.get("/catalogus")
	if missing, ok := containsAll(page.Body, `action="/catalogus"`, `action="/catalogus/test_indicator"`); !ok {
		t.Errorf("admin catalog page lacks %q", missing)
	}
	res = anna.postForm("/catalogus/test_indicator", map[string]string{"label": "Via formulier", "cues": "testwoord | tweede woord", "key": "on"})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("catalog form edit = %d: %s", res.StatusCode, truncate(res.Body, 300))
	}
	cat, _ := e.db.Catalog(t.Context())
	got, _ := cat.Indicator("test_indicator")
	if got.Label != "Via formulier" || !got.Key || len(got.Cues) != 2 {
		t.Errorf("indicator after the form edit: %+v", got)
	}
	// The audit log shows each change, newest first, to beheerders only.
	log := anna.get("/logboek")
	if log.StatusCode != http.StatusOK {
		t.Fatalf("GET /logboek = %d", log.StatusCode)
	}
	i, j := strings.Index(log.Body, "catalog.edit_indicator"), strings.Index(log.Body, "catalog.add_indicator")
	if i < 0 || j < 0 || i > j || !strings.Contains(log.Body, "session.login") {
		t.Errorf("logboek: want the edit before the add, and the logins")
	}
	if strings.Contains(log.Body, "Testindicator <b>") {
		t.Error("logboek shows report text unescaped")
	}
	if res := e.as(peil.RoleReviewer).get("/logboek"); res.StatusCode != http.StatusForbidden {
		t.Errorf("GET /logboek as beoordelaar = %d; want 403", res.StatusCode)
	}
}
