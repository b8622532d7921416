package server

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/internal/browsertest"
)

// TestBrowserReview logs in through /inloggen in headless Chromium, confirms
// one figure and corrects the next on /beoordelen with the keyboard only,
// sees the corrected value on the indicator's page, and uploads a report
// through /rapportages/nieuw until its figures are in the queue.
func TestBrowserReview(t *testing.T) {
	browser := browsertest.Start(t, 1280, 900, 3*time.Minute)
	e := newWriteEnv(t, Options{})
	tab, closeTab := chromedp.NewContext(browser)
	defer closeTab()
	var got browsertest.Log
	if err := chromedp.Listen(tab, got.Record); err != nil {
		t.Fatal(err)
	}
	// poll waits until expr is true, across page loads (an evaluation during
	// a navigation fails and is tried again).
	poll := func(expr string) error {
		var err error
		for i := 0; i < 300; i++ {
			var ok bool
			if ok, err = chromedp.Run(tab, chromedp.Evaluate[bool](expr)); err == nil && ok {
				return nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err == nil {
			err = fmt.Errorf("still false: %s", expr)
		}
		return err
	}

	// Log in as the admin (who may review and upload), by keyboard.
	if err := chromedp.Do(tab, browsertest.TrapAlerts, chromedp.Navigate(e.ts.URL+"/inloggen"),
		chromedp.SendKeys(`input[name="gebruiker"]`, "anna"),
		chromedp.SendKeys(`input[name="wachtwoord"]`, testPassword+"\r")); err != nil {
		t.Fatalf("log in: %v", err)
	}
	if err := poll(`document.querySelector(".account .who") !== null && document.querySelector(".account .who").textContent.indexOf("anna") >= 0`); err != nil {
		t.Fatalf("no header with anna after the login: %v", err)
	}

	// The first two undecided figures with an indicator of one report.
	var first, second peil.ReviewItem
	for _, it := range e.queue(peil.ReviewFilter{}) {
		if it.Indicator == "" || it.Status.Checked() {
			continue
		}
		if first.ID == 0 {
			first = it
			continue
		}
		if it.Report == first.Report {
			second = it
			break
		}
	}
	if second.ID == 0 {
		t.Fatal("fixtures lack two undecided figures with an indicator in one report")
	}
	queueURL := fmt.Sprintf("%s/beoordelen?status=alle&rapport=%d#cijfer-%d", e.ts.URL, first.Report, first.ID)
	if err := chromedp.Do(tab, chromedp.Navigate(queueURL)); err != nil {
		t.Fatal(err)
	}
	focused := func(id int64) string {
		return fmt.Sprintf(`document.activeElement && document.activeElement.id === "cijfer-%d"`, id)
	}
	if err := poll(focused(first.ID)); err != nil {
		t.Fatalf("figure %d not focused on the queue page: %v", first.ID, err)
	}
	// b confirms; the page comes back at the next figure.
	if err := chromedp.Do(tab, chromedp.KeyEvent("b")); err != nil {
		t.Fatal(err)
	}
	if err := poll(`document.querySelector(".done") !== null`); err != nil {
		t.Fatalf("no confirmation shown after b: %v", err)
	}
	if now := e.queue(peil.ReviewFilter{Figure: first.ID})[0]; now.Status != peil.ReviewConfirmed || now.Reviewer != "anna" {
		t.Fatalf("figure %d after b: %s by %q; want confirmed by anna", first.ID, now.Status, now.Reviewer)
	}
	// Move to the second figure with j until it has the focus, then c, a
	// value and Enter.
	for i := 0; i < 80; i++ {
		ok, _ := chromedp.Run(tab, chromedp.Evaluate[bool](focused(second.ID)))
		if ok {
			break
		}
		if err := chromedp.Do(tab, chromedp.KeyEvent("j")); err != nil {
			t.Fatal(err)
		}
	}
	if err := poll(focused(second.ID)); err != nil {
		t.Fatalf("j did not reach figure %d: %v", second.ID, err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent("c"), chromedp.KeyEvent("4321\r")); err != nil {
		t.Fatal(err)
	}
	if err := poll(`document.querySelector(".done") !== null && document.querySelector(".done").textContent.indexOf("gecorrigeerd") >= 0`); err != nil {
		page, _ := chromedp.Run(tab, chromedp.Evaluate[string](`location.href + " " + (document.activeElement && document.activeElement.outerHTML).slice(0, 300) + " " + document.body.innerText.slice(0, 600)`))
		t.Fatalf("no correction shown: %v; figure now %+v\n%s", err, e.queue(peil.ReviewFilter{Figure: second.ID})[0], page)
	}
	if now := e.queue(peil.ReviewFilter{Figure: second.ID})[0]; now.Status != peil.ReviewCorrected || now.Value != 4321 {
		t.Fatalf("figure %d after c 4321 Enter: %s %v; want corrected to 4321", second.ID, now.Status, now.Value)
	}
	// The indicator's page, chart data included, shows the new value.
	if err := chromedp.Do(tab, chromedp.Navigate(e.ts.URL+"/indicatoren/"+string(second.Indicator))); err != nil {
		t.Fatal(err)
	}
	if err := poll(`document.body.innerText.indexOf("4.321") >= 0 &&
		Array.prototype.some.call(document.querySelectorAll('script[type="application/json"]'), function (s) { return s.textContent.indexOf("4321") >= 0; })`); err != nil {
		t.Errorf("indicator page shows no 4.321 in its text and chart data: %v", err)
	}

	// Upload a real PDF through the page (the API test uploads text too).
	file := filepath.Join(t.TempDir(), "browser-upload.pdf")
	if err := os.WriteFile(file, fixturePDF(t, "rapportage-najaar-2016.txt", "Via de browser"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(e.ts.URL+"/rapportages/nieuw"),
		chromedp.SetUploadFiles(`input[name="file"]`, []string{file}),
		chromedp.SendKeys(`input[name="title"]`, "Via de browser"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('input[name="report_date"]').value = "2020-01-31"`),
		chromedp.Submit(`form.upload-form`)); err != nil {
		t.Fatalf("upload form: %v", err)
	}
	if err := poll(`document.getElementById("to-review") !== null`); err != nil {
		page, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("upload did not finish with a link to the queue: %v\n%s", err, truncate(page, 1500))
	}
	if err := chromedp.Do(tab, chromedp.Click(`#to-review`)); err != nil {
		t.Fatal(err)
	}
	if err := poll(`document.querySelectorAll("article.figure").length > 0`); err != nil {
		t.Errorf("the uploaded report's queue shows no figures: %v", err)
	}
	// They are the PDF's: every one names its page, and there are as many as
	// the store holds for the report.
	reps, err := e.db.Reports(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	uploaded := reps[len(reps)-1]
	want := len(e.queue(peil.ReviewFilter{Report: uploaded.ID}))
	shown, err := chromedp.Run(tab, chromedp.Evaluate[int](`Array.prototype.filter.call(document.querySelectorAll("article.figure"),
		function (a) { return / · pagina \d+/.test(a.querySelector("h2").innerText); }).length`))
	if err != nil || uploaded.Title != "Via de browser" || want == 0 || shown != want {
		t.Errorf("queue after the PDF upload: %d figures with a page (%v); want %d of report %q", shown, err, want, uploaded.Title)
	}
	for _, problem := range got.Problems() {
		t.Errorf("browser: %s", problem)
	}
}
