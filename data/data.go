// Package data holds Peil's embedded reference data: the clusters, measures and
// indicators of the catalog, and the sample reports with their manifest.
package data

import (
	"embed"
	"fmt"
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
	var files []CatalogFile
	for _, name := range []string{"clusters.csv", "measures.csv", "indicators.csv"} {
		b, err := catalogFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read catalog %s: %w", name, err)
		}
		files = append(files, CatalogFile{Name: name, Data: b})
	}
	c, err := ReadCatalog(files, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	for _, m := range c.Measures {
		want := ""
		for _, cl := range c.Clusters {
			if m.Nr >= cl.First && m.Nr <= cl.Last {
				want = cl.ID
			}
		}
		if m.Cluster != want {
			return nil, fmt.Errorf("catalog measures.csv: measure %d in cluster %q, but clusters.csv puts it in %q", m.Nr, m.Cluster, want)
		}
	}
	return c, nil
}
