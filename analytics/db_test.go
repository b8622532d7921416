package analytics

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

// A test binary started with childEnv set runs a child process's part of a
// test (holding a database, ingesting until killed) instead of the tests.
const childEnv = "PEIL_ANALYTICS_TEST_CHILD"

func TestMain(m *testing.M) {
	if role := os.Getenv(childEnv); role != "" {
		os.Exit(runChild(role, os.Getenv("PEIL_ANALYTICS_TEST_DB")))
	}
	os.Exit(m.Run())
}

// runChild is the child process: "hold" opens the database and keeps it until
// stdin closes; "ingest" ingests copies of report3 forever, printing the number
// committed after each.
func runChild(role, path string) int {
	ctx := context.Background()
	db, err := Open(ctx, path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	switch role {
	case "hold":
		fmt.Println("ready")
		bufio.NewReader(os.Stdin).ReadString('\n')
		return 0
	case "ingest":
		for i := 1; ; i++ {
			if _, err := db.IngestReport(ctx, bigReport(i)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			fmt.Println(i)
		}
	}
	return 2
}

// bigFigures is how many figures bigReport has: enough that a kill is likely
// to land in the middle of a report's transaction.
const bigFigures = 3000

// bigReport returns report number i: report3 with bigFigures figures (plus its
// 2 derived values), its own title and sha256.
func bigReport(i int) *peil.Extraction {
	b, err := os.ReadFile(filepath.Join("testdata", "report3.json"))
	if err != nil {
		panic(err)
	}
	var ext peil.Extraction
	if err := json.Unmarshal(b, &ext); err != nil {
		panic(err)
	}
	ext.Report.Title = fmt.Sprintf("Rapportage %d", i)
	ext.Report.SHA256 = fmt.Sprintf("%064d", i)
	base := ext.Figures
	for len(ext.Figures) < bigFigures {
		f := base[len(ext.Figures)%len(base)]
		f.Line = len(ext.Figures)
		ext.Figures = append(ext.Figures, f)
	}
	return &ext
}

func TestOpenMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.duckdb")
	for i := 0; i < 2; i++ { // the second open finds everything applied
		db, err := Open(ctx, path, Options{Catalog: testCatalog(t), Derive: ingest.Derive})
		if err != nil {
			t.Fatalf("Open #%d: %v", i+1, err)
		}
		ms, _ := loadMigrations()
		if n := count(t, db, `SELECT count(*) FROM schema_migrations`); n != len(ms) {
			t.Errorf("Open #%d: schema_migrations has %d rows; want %d", i+1, n, len(ms))
		}
		if n := count(t, db, `SELECT count(*) FROM indicators WHERE from_catalog`); n != 5 {
			t.Errorf("Open #%d: %d catalog indicators; want 5", i+1, n)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	path := storedFile(t, "report1.json")
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	reps, err := ro.Reports(ctx)
	if err != nil || len(reps) != 1 {
		t.Errorf("Reports (read-only) = %v, %v; want 1 report", reps, err)
	}
	if _, err := ro.IngestReport(ctx, fixture(t, "report2.json")); err == nil {
		t.Error("IngestReport on a read-only database succeeded; want an error")
	}

	// A file that is not a Peil database is refused read-only.
	plain := filepath.Join(t.TempDir(), "plain.duckdb")
	raw, err := sql.Open("duckdb", plain)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, plain, Options{ReadOnly: true})
	if peil.ErrorCode(err) != peil.EINVALID || !strings.Contains(peil.ErrorMessage(err), "geen Peil-database") {
		t.Errorf("Open(read-only, no schema) = %v; want EINVALID saying it is no Peil database", err)
	}
	// A file that does not exist is not created by a read-only open.
	missing := filepath.Join(t.TempDir(), "missing.duckdb")
	_, err = Open(ctx, missing, Options{ReadOnly: true})
	if peil.ErrorCode(err) != peil.EINVALID || !strings.Contains(peil.ErrorMessage(err), "bestaat niet") {
		t.Errorf("Open(read-only, missing file) = %v; want EINVALID saying it does not exist", err)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("read-only Open created %s", missing)
	}
}

func TestOpenInMemory(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "", Options{Catalog: testCatalog(t), Derive: ingest.Derive})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.IngestReport(ctx, fixture(t, "report1.json")); err != nil {
		t.Fatal(err)
	}
	// Several connections of the pool see the same in-memory data.
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if reps, err := db.Reports(ctx); err != nil || len(reps) != 1 {
				t.Errorf("Reports = %v, %v; want 1 report", reps, err)
			}
		}()
	}
	wg.Wait()
	if db.Path() != "" {
		t.Errorf("Path() = %q; want \"\"", db.Path())
	}
}

// Opening a database another process holds is an ECONFLICT with a clear message.
func TestOpenLockedByAnotherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "peil.duckdb")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=hold", "PEIL_ANALYTICS_TEST_DB="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("child: %v", err)
		}
	}()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("child said %q, %v; want ready", line, err)
	}
	for _, ro := range []bool{false, true} {
		db, err := Open(context.Background(), path, Options{ReadOnly: ro})
		if err == nil {
			db.Close()
			t.Fatalf("Open(read-only %v) of a held database succeeded; want ECONFLICT", ro)
		}
		var pe *peil.Error
		if !errors.As(err, &pe) || pe.Code != peil.ECONFLICT ||
			!strings.Contains(pe.Message, "database "+path+" is in gebruik door een ander proces") {
			t.Errorf("Open(read-only %v) = %v; want ECONFLICT saying the database is in use", ro, err)
		}
	}
}

// Killing a process in the middle of ingesting leaves a readable database that
// holds only whole reports, including every report whose commit returned.
func TestKillDuringIngest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "peil.duckdb")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=ingest", "PEIL_ANALYTICS_TEST_DB="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	committed := 0
	for committed < 3 && sc.Scan() {
		committed, _ = strconv.Atoi(sc.Text())
	}
	if committed < 3 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child committed %d reports before stopping; want 3", committed)
	}
	// Let it get into the next report, then kill it without warning.
	time.Sleep(20 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open after kill: %v", err)
	}
	defer db.Close()
	reps, err := db.Reports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) < committed {
		t.Errorf("%d reports after kill; want at least the %d committed", len(reps), committed)
	}
	for _, r := range reps {
		if r.Figures != bigFigures || r.Measures != 6 || r.Events != 1 {
			t.Errorf("report %q has %d figures, %d measures, %d events; want %d, 6, 1 (whole)",
				r.Title, r.Figures, r.Measures, r.Events, bigFigures)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM observations WHERE report NOT IN (SELECT id FROM reports)`); n != 0 {
		t.Errorf("%d observations of no report after kill; want 0", n)
	}
	t.Logf("killed after %d committed reports; %d reports in the database", committed, len(reps))
}

// Readers running during ingest never see part of a report.
func TestReadersDuringIngest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := openTestDB(t)
	const reports = 12
	var wg sync.WaitGroup
	var seen sync.Map // report id -> true, seen whole by a reader
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				reps, err := db.Reports(ctx)
				if err != nil {
					if ctx.Err() == nil {
						t.Errorf("Reports: %v", err)
					}
					return
				}
				for _, rep := range reps {
					if rep.Figures != bigFigures || rep.Measures != 6 || rep.Events != 1 {
						t.Errorf("reader saw report %d with %d figures, %d measures, %d events; want it whole",
							rep.ID, rep.Figures, rep.Measures, rep.Events)
						return
					}
					seen.Store(rep.ID, true)
				}
				if _, err := db.Series(ctx, "passport_measures"); err != nil && ctx.Err() == nil {
					t.Errorf("Series: %v", err)
					return
				}
			}
		}()
	}
	for i := 1; i <= reports; i++ {
		if _, err := db.IngestReport(ctx, bigReport(i)); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(50 * time.Millisecond) // let the readers see the last one
	cancel()
	wg.Wait()
	n := 0
	seen.Range(func(_, _ any) bool { n++; return true })
	if n == 0 {
		t.Error("the readers saw no report at all; the test proves nothing")
	}
}
