package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peil-dev/peil"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serving is a `peil serve` running in the test.
type serving struct {
	url            string
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan int // the exit status, once Run returns
}

var listenURL = regexp.MustCompile(`https?://127\.0\.0\.1:\d+/`)

// startServe runs peil serve with args in a goroutine, with the environment
// env, and waits until it prints its URL.
func startServe(t *testing.T, env map[string]string, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	m := &Main{Stdin: strings.NewReader(""), Stdout: s.stdout, Stderr: s.stderr, Getenv: func(k string) string { return env[k] }}
	go func() { s.done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	deadline := time.After(2 * time.Minute) // ingesting the sample links and warms DuckDB
	for {
		if u := listenURL.FindString(s.stdout.String()); u != "" {
			s.url = strings.TrimSuffix(u, "/")
			return s
		}
		select {
		case code := <-s.done:
			s.done <- code
			t.Fatalf("peil serve exited with %d before listening: %s", code, s.stderr.String())
		case <-deadline:
			t.Fatalf("peil serve printed no URL: stdout %q, stderr %q", s.stdout.String(), s.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop cancels the context (as SIGINT would) and returns the exit status.
func (s *serving) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		s.done <- code // for the cleanup
		return code
	case <-time.After(30 * time.Second):
		t.Fatal("peil serve did not stop within 30s of cancel")
		return -1
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res.StatusCode, string(b)
}

// TestServeSample starts peil serve in a directory without a database: it
// serves the embedded sample from memory, and stops with status 0 when its
// context ends.
func TestServeSample(t *testing.T) {
	t.Chdir(t.TempDir())
	s := startServe(t, nil)
	if !strings.Contains(s.stderr.String(), "het ingebouwde voorbeeld (1 rapportage en 9 waarden uit andere bronnen) wordt uit het geheugen getoond") {
		t.Errorf("stderr does not say it serves the sample: %q", s.stderr.String())
	}
	code, body := httpGet(t, s.url+"/")
	if code != http.StatusOK || !strings.Contains(body, "<h1>Overzicht</h1>") || !strings.Contains(body, "ten minste 386") {
		t.Errorf("GET / = %d; want the overview with the sample's 386 investigations\n%.2000s", code, body)
	}
	// The sample's history (data/samples/earlier-figures.csv) makes real
	// series: several points, the imported ones citing their source, and the
	// local funding for 2017 revised by the report (6,3 to 6,4 million).
	for _, tc := range []struct {
		id     peil.IndicatorID
		points int
	}{{"passport_measures", 3}, {"sanctions_persons_total", 4}, {"sanctions_organisations_total", 4}, {"local_approach_funding", 1}} {
		code, body := httpGet(t, s.url+"/api/series/"+string(tc.id))
		var series peil.Series
		if err := json.Unmarshal([]byte(body), &series); code != http.StatusOK || err != nil || len(series.Points) != tc.points {
			t.Errorf("GET /api/series/%s = %d, %v, %d points; want %d\n%.1000s", tc.id, code, err, len(series.Points), tc.points, body)
			continue
		}
		for _, p := range series.Points {
			for _, st := range p.Statements {
				if st.Source == peil.SourceImported && !strings.Contains(st.Citation, "https://") {
					t.Errorf("%s %s: imported statement cites %q; want its source with its address", tc.id, p.PeriodEnd, st.Citation)
				}
			}
		}
		if tc.id == "local_approach_funding" {
			p := series.Points[0]
			if st, _ := p.ShownStatement(); !p.Revised || p.Value != 6_400_000 || st.Source != peil.SourceExtracted || len(p.Statements) != 2 {
				t.Errorf("local funding 2017 = %+v; want the import's 6,3 million revised by the report's 6,4 million", p)
			}
		}
	}
	code, body = httpGet(t, s.url+"/indicatoren/sanctions_persons_total")
	if code != http.StatusOK || !strings.Contains(body, "geldend") || !strings.Contains(body, "100 names on national terrorism list") {
		t.Errorf("GET /indicatoren/sanctions_persons_total = %d; want the statements with the imported sources\n%.2000s", code, body)
	}
	// The sample report is the annex of the letter of 6 April 2017
	// (Kamerstuk 29 754, nr. 419): its page names it and links to it, and
	// its statements cite it.
	code, body = httpGet(t, s.url+"/rapportages/1")
	const letter = "https://zoek.officielebekendmakingen.nl/kst-29754-419.html"
	for _, want := range []string{"<dt>Kamerstuk</dt><dd>29754-419</dd>", `<a href="` + letter + `" rel="noopener noreferrer">`} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET /rapportages/1 = %d; want %q", code, want)
		}
	}
	code, body = httpGet(t, s.url+"/indicatoren/criminal_investigations")
	if want := `<a href="` + letter + `" rel="noopener noreferrer">Kamerstuk 29754-419, bijlage, regel `; code != http.StatusOK || !strings.Contains(body, want) {
		t.Errorf("GET /indicatoren/criminal_investigations = %d; want the Vindplaats %q", code, want)
	}
	code, body = httpGet(t, s.url+"/api/reports")
	var reports []peil.ReportSummary
	if err := json.Unmarshal([]byte(body), &reports); code != http.StatusOK || err != nil || len(reports) != 1 || reports[0].Measures != 38 {
		t.Errorf("GET /api/reports = %d, %v: %.500s; want the sample report with 38 measures", code, err, body)
	}
	if got := s.stop(t); got != exitOK {
		t.Errorf("peil serve after cancel = %d; want 0; stderr %s", got, s.stderr.String())
	}
	if !strings.Contains(s.stderr.String(), "msg=stopped") {
		t.Errorf("stderr does not log the shutdown: %q", s.stderr.String())
	}
	if _, err := os.Stat("peil.duckdb"); err == nil {
		t.Errorf("serving the sample created peil.duckdb")
	}
}

// TestServeDatabase serves a database file (--db and $PEIL_DB) and checks that
// the server leaves it exactly as it was.
func TestServeDatabase(t *testing.T) {
	db := storeSampleDB(t)
	before := fileHash(t, db)
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"flag", nil, []string{"--db", db}},
		{"env", map[string]string{"PEIL_DB": db}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startServe(t, tc.env, tc.args...)
			if strings.Contains(s.stderr.String(), "ingebouwde voorbeeld") {
				t.Errorf("serving %s fell back to the sample: %s", db, s.stderr.String())
			}
			code, body := httpGet(t, s.url+"/api/series/passport_measures")
			if code != http.StatusOK || !strings.Contains(body, `"value":300`) {
				t.Errorf("GET /api/series/passport_measures = %d: %.300s", code, body)
			}
			// The API gives the same JSON as `peil series --format json`.
			if code, out, errOut := storeRun(t, "series", "passport_measures", "--db", db, "--format", "json"); code != 0 {
				t.Errorf("peil series = %d: %s", code, errOut)
			} else if !sameJSON(t, body, out) {
				t.Errorf("GET /api/series/passport_measures differs from peil series --format json:\n%.500s\n%.500s", body, out)
			}
			if code, _ := httpGet(t, s.url+"/maatregelen/7"); code != http.StatusOK {
				t.Errorf("GET /maatregelen/7 = %d", code)
			}
			if got := s.stop(t); got != exitOK {
				t.Errorf("peil serve after cancel = %d; want 0; stderr %s", got, s.stderr.String())
			}
			if after := fileHash(t, db); after != before {
				t.Errorf("serving changed the database file")
			}
		})
	}
}

func TestServeBadInput(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		msg  string
	}{
		{"missing db", nil, []string{"serve", "--db", "geen.duckdb"}, exitInvalid, "geen.duckdb: kan de database niet openen"},
		{"missing PEIL_DB", map[string]string{"PEIL_DB": "weg.duckdb"}, []string{"serve"}, exitInvalid, "weg.duckdb: kan de database niet openen"},
		{"directory", nil, []string{"serve", "--db", "."}, exitInvalid, ".: is een map, geen databasebestand"},
		{"argument", nil, []string{"serve", "extra"}, exitInvalid, `onverwacht argument "extra"`},
		{"bad flag", nil, []string{"serve", "--poort", "1"}, exitInvalid, "peil serve: onbekende optie -poort"},
		{"bad port", nil, []string{"serve", "--addr", "127.0.0.1:99999"}, exitInvalid, `peil serve: adres "127.0.0.1:99999": de poort "99999" is geen getal`},
		{"no port", nil, []string{"serve", "--addr", "localhost"}, exitInvalid, `peil serve: adres "localhost": geef HOST:POORT`},
		{"not this machine", nil, []string{"serve", "--addr", "192.0.2.1:8080"}, exitInvalid, "kan niet luisteren op 192.0.2.1:8080: dit adres hoort niet bij deze computer"},
		{"in use", nil, []string{"serve", "--addr", busyAddr(t)}, exitError, "het adres is al in gebruik"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return tc.env[k] }}
			if code := m.Run(context.Background(), tc.args); code != tc.code || !strings.Contains(errOut.String(), tc.msg) {
				t.Errorf("peil %v = %d, %q; want %d and %q", tc.args, code, errOut.String(), tc.code, tc.msg)
			}
		})
	}
}

// busyAddr returns an address another listener holds until the test ends.
func busyAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String()
}

// sameJSON reports whether a and b hold the same JSON value.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal([]byte(a), &va); err != nil {
		t.Fatalf("decode %.100s: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &vb); err != nil {
		t.Fatalf("decode %.100s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
