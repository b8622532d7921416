// Package data holds Peil's embedded reference data: the clusters, measures and
// indicators of the catalog, and the sample reports with their manifest.
package data

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/peil-dev/peil"
)

//go:embed clusters.csv measures.csv indicators.csv
var catalogFS embed.FS

// Samples holds the sample reports (samples/*.txt), their manifest
// (samples/reports.csv: file,title,report_date,period_start) and the sample's
// history (SampleImport).
//
//go:embed samples/*.txt samples/reports.csv samples/earlier-figures.csv
var Samples embed.FS

// SampleDir returns the folder of the sample reports in Samples.
func SampleDir() string { return "samples" }

// SampleImport is the file in SampleDir of real figures of the programme from
// other dates than the sample reports (parliamentary papers, government news),
// each with its source, in the format `peil import` reads. Served with the
// sample, it gives the dashboard real series.
const SampleImport = "earlier-figures.csv"

var (
	catalogOnce sync.Once
	catalog     *peil.Catalog
	catalogErr  error
)

// Catalog returns the catalog parsed from the embedded clusters.csv,
// measures.csv and indicators.csv. It is parsed once; callers must not modify
// the result.
func Catalog() (*peil.Catalog, error) {
	catalogOnce.Do(func() { catalog, catalogErr = loadCatalog() })
	return catalog, catalogErr
}

func loadCatalog() (*peil.Catalog, error) {
	var c peil.Catalog
	if err := readCSV("clusters.csv", []string{"id", "name", "name_en", "first", "last"}, func(r []string) error {
		first, err1 := strconv.Atoi(r[3])
		last, err2 := strconv.Atoi(r[4])
		if err1 != nil || err2 != nil || first < 1 || last < first {
			return fmt.Errorf("bad measure range %q-%q", r[3], r[4])
		}
		c.Clusters = append(c.Clusters, peil.Cluster{ID: r[0], Name: r[1], NameEN: r[2], First: first, Last: last})
		return nil
	}); err != nil {
		return nil, err
	}
	clusterOf := func(nr int) string {
		for _, cl := range c.Clusters {
			if nr >= cl.First && nr <= cl.Last {
				return cl.ID
			}
		}
		return ""
	}
	if err := readCSV("measures.csv", []string{"nr", "title", "cluster"}, func(r []string) error {
		nr, err := strconv.Atoi(r[0])
		if err != nil || nr < 1 {
			return fmt.Errorf("bad measure number %q", r[0])
		}
		if _, dup := c.Measure(nr); dup {
			return fmt.Errorf("measure %d listed twice", nr)
		}
		if want := clusterOf(nr); r[2] != want {
			return fmt.Errorf("measure %d: cluster %q, but clusters.csv puts it in %q", nr, r[2], want)
		}
		c.Measures = append(c.Measures, peil.Measure{Nr: nr, Title: strings.Join(strings.Fields(r[1]), " "), Cluster: r[2]})
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readCSV("indicators.csv", []string{"id", "measure", "label", "label_en", "unit", "kind", "key", "cues"}, func(r []string) error {
		nr, err := strconv.Atoi(r[1])
		if err != nil {
			return fmt.Errorf("indicator %s: bad measure %q", r[0], r[1])
		}
		if _, ok := c.Measure(nr); !ok {
			return fmt.Errorf("indicator %s: unknown measure %d", r[0], nr)
		}
		id := peil.IndicatorID(r[0])
		if id == "" {
			return fmt.Errorf("indicator without id")
		}
		if _, dup := c.Indicator(id); dup {
			return fmt.Errorf("indicator %s listed twice", id)
		}
		kind := peil.Kind(r[5])
		if !kind.Valid() {
			return fmt.Errorf("indicator %s: unknown kind %q", id, r[5])
		}
		key, err := strconv.ParseBool(r[6])
		if err != nil {
			return fmt.Errorf("indicator %s: key %q is not true or false", id, r[6])
		}
		var cues []string
		for _, cue := range strings.Split(r[7], "|") {
			if cue = strings.ToLower(strings.TrimSpace(cue)); cue != "" {
				cues = append(cues, cue)
			}
		}
		c.Indicators = append(c.Indicators, peil.Indicator{ID: id, Measure: nr, Label: r[2], LabelEN: r[3],
			Unit: r[4], Kind: kind, Key: key, Cues: cues})
		return nil
	}); err != nil {
		return nil, err
	}
	return &c, nil
}

// readCSV reads the embedded file name, checks its header and calls row for
// each record. Errors name the file and the line.
func readCSV(name string, header []string, row func([]string) error) error {
	f, err := catalogFS.Open(name)
	if err != nil {
		return fmt.Errorf("open catalog %s: %w", name, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(header)
	got, err := r.Read()
	if err != nil {
		return fmt.Errorf("read catalog %s: %w", name, err)
	}
	if strings.Join(got, ",") != strings.Join(header, ",") {
		return fmt.Errorf("catalog %s: header %q, want %q", name, strings.Join(got, ","), strings.Join(header, ","))
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read catalog %s: %w", name, err)
		}
		if err := row(rec); err != nil {
			line, _ := r.FieldPos(0)
			return fmt.Errorf("catalog %s:%d: %w", name, line, err)
		}
	}
}
