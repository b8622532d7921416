package data_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/peil-dev/peil/data"
)

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestCatalog(t *testing.T) {
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := data.Catalog(); again != cat {
		t.Error("Catalog() parsed twice; want a cached catalog")
	}
	if len(cat.Clusters) != 6 {
		t.Errorf("%d clusters; want 6", len(cat.Clusters))
	}
	if len(cat.Measures) != 38 {
		t.Fatalf("%d measures; want 38", len(cat.Measures))
	}
	for i, m := range cat.Measures {
		if m.Nr != i+1 || m.Title == "" || m.Cluster == "" || strings.Contains(m.Title, "  ") {
			t.Errorf("measure %d = %+v; want nr %d with a normalised title and a cluster", i, m, i+1)
		}
	}
	if m, _ := cat.Measure(32); m.Title != "Versterking coördinatie op de uitvoering." || m.Cluster != "samenwerking" {
		t.Errorf("measure 32 = %+v", m)
	}
	keys := map[int]int{}
	for _, ind := range cat.Indicators {
		if !snakeCase.MatchString(string(ind.ID)) {
			t.Errorf("indicator id %q is not snake_case", ind.ID)
		}
		if ind.Label == "" || ind.LabelEN == "" || ind.Unit == "" || len(ind.Cues) == 0 {
			t.Errorf("indicator %s lacks a label, unit or cues: %+v", ind.ID, ind)
		}
		for _, c := range ind.Cues {
			if c != strings.ToLower(c) {
				t.Errorf("indicator %s: cue %q is not lower case", ind.ID, c)
			}
		}
		if ind.Key {
			keys[ind.Measure]++
		}
	}
	for nr, n := range keys {
		if n > 2 {
			t.Errorf("measure %d has %d key indicators; want at most 2", nr, n)
		}
	}
	for _, ind := range cat.Indicators {
		if keys[ind.Measure] == 0 {
			t.Errorf("measure %d has indicators but no key indicator", ind.Measure)
		}
	}
	if ind, ok := cat.Indicator("passport_measures"); !ok || ind.Measure != 7 || ind.Kind != "cumulative" || !ind.Key {
		t.Errorf("passport_measures = %+v, %v", ind, ok)
	}
}

func TestSamples(t *testing.T) {
	entries, err := fs.ReadDir(data.Samples, data.SampleDir())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, ","); !strings.Contains(got, "reports.csv") || !strings.Contains(got, "voortgangsrapportage-2017.txt") {
		t.Errorf("samples = %s; want the manifest and the sample report", got)
	}
	b, err := fs.ReadFile(data.Samples, data.SampleDir()+"/voortgangsrapportage-2017.txt")
	if err != nil || len(b) < 40000 {
		t.Errorf("sample report: %d bytes, %v", len(b), err)
	}
}

// A catalog CSV's cells are read as one line without control characters:
// an escape sequence in a measure's title does not reach the catalog.
func TestReadCatalogCleansCells(t *testing.T) {
	base, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	c, err := data.ReadCatalog([]data.CatalogFile{{Name: "maatregelen.csv",
		Data: []byte("nr,title,cluster\n7,\"Titel \x1b[31mrood\u202e  en\u2028verder\",\n")}}, base, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := c.Measure(7)
	if !ok || m.Title != "Titel [31mrood en verder" {
		t.Errorf("measure 7 = %+v; want the title without controls", m)
	}
}
