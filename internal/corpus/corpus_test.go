package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
)

func catalog(t *testing.T) *peil.Catalog {
	t.Helper()
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestGenerateIsDeterministic(t *testing.T) {
	cat := catalog(t)
	a := Generate(cat, 3, Options{Seed: 7})
	b := Generate(cat, 3, Options{Seed: 7})
	c := Generate(cat, 3, Options{Seed: 8})
	for i := range a {
		if !bytes.Equal(a[i].Text, b[i].Text) || a[i].ReportDate != b[i].ReportDate {
			t.Errorf("report %d differs between two runs with seed 7", i)
		}
	}
	if bytes.Equal(a[2].Text, c[2].Text) {
		t.Error("seeds 7 and 8 gave the same report")
	}
}

// The generated reports go through the real extraction: every measure is
// found, almost every figure matches an indicator, cumulative figures never
// shrink and the period starts chain the report dates.
func TestGeneratedReportsExtract(t *testing.T) {
	cat := catalog(t)
	reports := Generate(cat, 6, Options{Seed: 1})
	last := map[peil.IndicatorID]float64{}
	for i, r := range reports {
		if i > 0 && (r.PeriodStart != reports[i-1].ReportDate || !r.ReportDate.After(r.PeriodStart.Time)) {
			t.Errorf("report %d: period start %s, date %s; want the previous date %s, then later", i, r.PeriodStart, r.ReportDate, reports[i-1].ReportDate)
		}
		ext, err := ingest.Extract(r.Text, ingest.Options{File: r.File, ReportDate: r.ReportDate, PeriodStart: r.PeriodStart, Catalog: cat})
		if err != nil {
			t.Fatalf("Extract(%s): %v", r.File, err)
		}
		if len(ext.Measures) != len(cat.Measures) {
			t.Errorf("%s: %d measures; want %d", r.File, len(ext.Measures), len(cat.Measures))
		}
		matched := 0
		for _, f := range ext.Figures {
			if f.Indicator == "" {
				continue
			}
			matched++
			ind, _ := cat.Indicator(f.Indicator)
			if ind.Kind == peil.KindCumulative && f.Kind == peil.KindCumulative && f.Value < last[f.Indicator] {
				t.Errorf("%s: %s fell from %v to %v", r.File, f.Indicator, last[f.Indicator], f.Value)
			}
			if ind.Kind == peil.KindCumulative && f.Kind == peil.KindCumulative {
				last[f.Indicator] = f.Value
			}
		}
		if len(ext.Figures) < 30 || matched*10 < len(ext.Figures)*9 {
			t.Errorf("%s: %d of %d figures matched; want at least 30 figures, 90%% matched", r.File, matched, len(ext.Figures))
		}
	}
	if len(last) < 10 {
		t.Errorf("only %d cumulative indicators seen; want most of the catalog's", len(last))
	}
}

func TestWriteDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	reports := Generate(catalog(t), 3, Options{Seed: 2})
	if err := WriteDir(dir, reports); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "reports.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, err := ingest.ReadManifest(f, "reports.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Fatalf("manifest has %d entries; want 3", len(entries))
	}
	for i, e := range entries {
		r := reports[i]
		if e.File != r.File || e.Title != r.Title || e.ReportDate != r.ReportDate || e.PeriodStart != r.PeriodStart {
			t.Errorf("manifest entry %d = %+v; want the report's file, title and dates", i, e)
		}
		b, err := os.ReadFile(filepath.Join(dir, r.File))
		if err != nil || !bytes.Equal(b, r.Text) {
			t.Errorf("%s on disk differs from the generated text (%v)", r.File, err)
		}
	}
}
