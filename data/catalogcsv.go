package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/peil-dev/peil"
)

// The catalog's CSV files: one home for their columns, read for the embedded
// catalog and for peil catalog import, written by peil catalog export.
var (
	clusterHeader   = []string{"id", "name", "name_en", "first", "last"}
	measureHeader   = []string{"nr", "title", "cluster"}
	indicatorHeader = []string{"id", "measure", "label", "label_en", "unit", "kind", "key", "cues"}
)

// MaxCatalogBytes bounds one CSV file of a catalog for peil catalog import
// (the embedded catalog is 10 KB); a larger file is refused, not cut.
const MaxCatalogBytes = 16 << 20

// CatalogFile is one CSV file of a catalog: its name (for messages) and its
// content. Which table it holds is told by its header row.
type CatalogFile struct {
	Name string
	Data []byte
}

// ReadCatalog reads catalog CSV files (indicators, measures, clusters, each
// recognised by its header, in any order) and checks them against each other
// and against base (the catalog they add to; nil for none): every measure's
// cluster and every indicator's measure must exist in the files or in base,
// no id twice, kinds known, key true or false. A file in Windows-1252 (as
// Excel saves CSV) is transcoded, saying so through notef when it is not nil;
// a file that is neither UTF-8 nor Windows-1252 is refused. Errors are
// *peil.Error values with code EINVALID naming the file and the line.
func ReadCatalog(files []CatalogFile, base *peil.Catalog, notef func(format string, args ...any)) (*peil.Catalog, error) {
	var c peil.Catalog
	byHeader := map[string]*CatalogFile{}
	files = slices.Clone(files)
	for i := range files {
		f := &files[i]
		text, err := peil.ToUTF8Noted(f.Data, f.Name, notef)
		if err != nil {
			return nil, err
		}
		f.Data = text
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.Data, []byte("\uFEFF"))))
		head, err := r.Read()
		if err != nil {
			return nil, &peil.Error{Code: peil.EINVALID, File: f.Name, Line: 1, Message: "geen kopregel: verwacht een CSV-bestand van de catalogus", Err: err}
		}
		key := strings.Join(head, ",")
		switch key {
		case strings.Join(clusterHeader, ","), strings.Join(measureHeader, ","), strings.Join(indicatorHeader, ","):
		default:
			return nil, &peil.Error{Code: peil.EINVALID, File: f.Name, Line: 1, Message: fmt.Sprintf(
				"onbekende kopregel %q; verwacht %q (indicatoren), %q (maatregelen) of %q (clusters)",
				key, strings.Join(indicatorHeader, ","), strings.Join(measureHeader, ","), strings.Join(clusterHeader, ","))}
		}
		if prev, dup := byHeader[key]; dup {
			return nil, &peil.Error{Code: peil.EINVALID, File: f.Name, Line: 1, Message: fmt.Sprintf("dezelfde soort tabel als %s", prev.Name)}
		}
		byHeader[key] = f
	}
	if f := byHeader[strings.Join(clusterHeader, ",")]; f != nil {
		if err := readRows(f, clusterHeader, func(r []string) error {
			first, err1 := strconv.Atoi(r[3])
			last, err2 := strconv.Atoi(r[4])
			switch {
			case r[0] == "":
				return errors.New("cluster zonder id")
			case err1 != nil || err2 != nil || first < 1 || last < first:
				return fmt.Errorf("cluster %s: ongeldig bereik van maatregelen %q–%q", r[0], r[3], r[4])
			case clusterIn(&c, r[0]):
				return fmt.Errorf("cluster %s staat er twee keer in", r[0])
			}
			c.Clusters = append(c.Clusters, peil.Cluster{ID: r[0], Name: r[1], NameEN: r[2], First: first, Last: last})
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if f := byHeader[strings.Join(measureHeader, ",")]; f != nil {
		if err := readRows(f, measureHeader, func(r []string) error {
			nr, err := strconv.Atoi(r[0])
			switch {
			case err != nil || nr < 1:
				return fmt.Errorf("ongeldig nummer van een maatregel %q", r[0])
			case measureIn(&c, nr):
				return fmt.Errorf("maatregel %d staat er twee keer in", nr)
			case r[2] != "" && !clusterIn(&c, r[2]) && (base == nil || !clusterIn(base, r[2])):
				return fmt.Errorf("maatregel %d: onbekend cluster %q", nr, r[2])
			}
			c.Measures = append(c.Measures, peil.Measure{Nr: nr, Title: strings.Join(strings.Fields(r[1]), " "), Cluster: r[2]})
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if f := byHeader[strings.Join(indicatorHeader, ",")]; f != nil {
		if err := readRows(f, indicatorHeader, func(r []string) error {
			id := peil.IndicatorID(r[0])
			nr, err := strconv.Atoi(r[1])
			if err != nil {
				return fmt.Errorf("indicator %s: ongeldige maatregel %q", id, r[1])
			}
			if !measureIn(&c, nr) && (base == nil || !measureIn(base, nr)) {
				return fmt.Errorf("indicator %s: onbekende maatregel %d", id, nr)
			}
			if _, dup := c.Indicator(id); dup {
				return fmt.Errorf("indicator %s staat er twee keer in", id)
			}
			key, err := strconv.ParseBool(r[6])
			if err != nil {
				return fmt.Errorf("indicator %s: kern %q is niet true of false", id, r[6])
			}
			ind := peil.Indicator{ID: id, Measure: nr, Label: r[2], LabelEN: r[3], Unit: r[4], Kind: peil.Kind(r[5]),
				Key: key, Cues: peil.ParseCues(r[7])}
			if ind.LabelEN == "" {
				ind.LabelEN = ind.Label
			}
			if err := peil.CheckIndicator(ind); err != nil {
				return errors.New(peil.ErrorMessage(err))
			}
			c.Indicators = append(c.Indicators, ind)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

func clusterIn(c *peil.Catalog, id string) bool {
	for _, cl := range c.Clusters {
		if cl.ID == id {
			return true
		}
	}
	return false
}

func measureIn(c *peil.Catalog, nr int) bool {
	_, ok := c.Measure(nr)
	return ok
}

// readRows calls row for each record of f after its header; an error names
// the file and the line.
func readRows(f *CatalogFile, header []string, row func([]string) error) error {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.Data, []byte("\uFEFF"))))
	r.FieldsPerRecord = len(header)
	if _, err := r.Read(); err != nil {
		return &peil.Error{Code: peil.EINVALID, File: f.Name, Line: 1, Message: "kopregel onleesbaar", Err: err}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return &peil.Error{Code: peil.EINVALID, File: f.Name, Line: line, Message: "geen geldige CSV-regel (verwacht " +
				strconv.Itoa(len(header)) + " kolommen: " + strings.Join(header, ",") + ")"}
		}
		for i := range rec {
			rec[i] = unsafeText(peil.CleanText(rec[i])) // one line, no control characters
		}
		if err := row(rec); err != nil {
			line, _ := r.FieldPos(0)
			return &peil.Error{Code: peil.EINVALID, File: f.Name, Line: line, Message: err.Error()}
		}
	}
}

// unsafeText undoes peil.SpreadsheetSafe: the apostrophe it put before text
// that starts like a formula.
func unsafeText(s string) string {
	if len(s) > 1 && s[0] == '\'' && peil.SpreadsheetSafe(s[1:]) != s[1:] {
		return s[1:]
	}
	return s
}

// WriteCatalog writes c as the three CSV files of the catalog, in the columns
// of the embedded indicators.csv, measures.csv and clusters.csv (UTF-8, comma
// separated, cues joined by |). Text that a spreadsheet could take for a
// formula gets a leading apostrophe, which ReadCatalog takes off again.
func WriteCatalog(indicators, measures, clusters io.Writer, c *peil.Catalog) error {
	write := func(w io.Writer, header []string, n int, row func(i int) []string) error {
		if w == nil {
			return nil
		}
		cw := csv.NewWriter(w)
		if err := cw.Write(header); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			rec := row(i)
			for k := range rec {
				rec[k] = peil.SpreadsheetSafe(rec[k])
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	if err := write(indicators, indicatorHeader, len(c.Indicators), func(i int) []string {
		ind := c.Indicators[i]
		return []string{string(ind.ID), strconv.Itoa(ind.Measure), ind.Label, ind.LabelEN, ind.Unit, string(ind.Kind),
			strconv.FormatBool(ind.Key), strings.Join(ind.Cues, "|")}
	}); err != nil {
		return fmt.Errorf("write indicators: %w", err)
	}
	if err := write(measures, measureHeader, len(c.Measures), func(i int) []string {
		m := c.Measures[i]
		return []string{strconv.Itoa(m.Nr), m.Title, m.Cluster}
	}); err != nil {
		return fmt.Errorf("write measures: %w", err)
	}
	if err := write(clusters, clusterHeader, len(c.Clusters), func(i int) []string {
		cl := c.Clusters[i]
		return []string{cl.ID, cl.Name, cl.NameEN, strconv.Itoa(cl.First), strconv.Itoa(cl.Last)}
	}); err != nil {
		return fmt.Errorf("write clusters: %w", err)
	}
	return nil
}
