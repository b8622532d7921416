package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/internal/corpus"
)

// Extracting without the period start and setting it afterwards gives what
// extracting with it gives: on the sample, the server's fixtures and a corpus.
func TestSetPeriodStartEqualsExtractingWithIt(t *testing.T) {
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	type input struct {
		name string
		raw  []byte
		date peil.Date
	}
	sample, err := os.ReadFile("../data/samples/voortgangsrapportage-2017.txt")
	if err != nil {
		t.Fatal(err)
	}
	ins := []input{{"sample", sample, peil.NewDate(2017, 3, 31)}}
	for f, date := range map[string]peil.Date{
		"rapportage-najaar-2016.txt":   peil.NewDate(2016, 10, 31),
		"rapportage-voorjaar-2017.txt": peil.NewDate(2017, 3, 31),
	} {
		raw, err := os.ReadFile(filepath.Join("../server/testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, input{f, raw, date})
	}
	for _, r := range corpus.Generate(cat, 5, corpus.Options{Seed: 3}) {
		ins = append(ins, input{r.File, r.Text, r.ReportDate})
	}
	for _, in := range ins {
		start := peil.Date{Time: in.date.AddDate(0, -4, 0)}
		with, err := Extract(in.raw, Options{File: in.name, ReportDate: in.date, PeriodStart: start, Catalog: cat})
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		without, thisPeriod, err := extract(in.raw, Options{File: in.name, ReportDate: in.date, Catalog: cat})
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		n := 0
		for _, b := range thisPeriod {
			if b {
				n++
			}
		}
		setPeriodStart(without, thisPeriod, start)
		if !reflect.DeepEqual(with, without) {
			for i := range with.Figures {
				if !reflect.DeepEqual(with.Figures[i], without.Figures[i]) {
					t.Errorf("%s: figure %d extracted with the period start:\n%+v\nset afterwards:\n%+v", in.name, i, with.Figures[i], without.Figures[i])
				}
			}
			t.Fatalf("%s: extraction with the period start differs from one with it set afterwards", in.name)
		}
		if in.name == "sample" && n == 0 {
			t.Errorf("sample: no figure of the reporting period marked")
		}
	}
}

// An extraction comes back from the spill file as it went in.
func TestSpillRoundTrip(t *testing.T) {
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../data/samples/voortgangsrapportage-2017.txt")
	if err != nil {
		t.Fatal(err)
	}
	ext, thisPeriod, err := extract(raw, Options{File: "sample.txt", ReportDate: peil.NewDate(2017, 3, 31), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	zero := 0.0
	ext.Figures[0].Lower, ext.Figures[0].Upper = &zero, &zero // a bound of 0 survives
	ext.Figures[1].Alternatives = nil
	sp, err := newSpill()
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	other, err := sp.put(context.Background(), &extracted{Ext: &peil.Extraction{Report: peil.Report{File: "other"}, Figures: []peil.Figure{}}})
	if err != nil {
		t.Fatal(err)
	}
	item, err := sp.put(context.Background(), &extracted{Ext: ext, ThisPeriod: thisPeriod})
	if err != nil {
		t.Fatal(err)
	}
	got, gotThis, err := sp.get(context.Background(), item)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ext) || !reflect.DeepEqual(gotThis, thisPeriod) {
		t.Errorf("spill round trip changed the extraction")
	}
	// Reading another record after it leaves the extraction read before as
	// it was.
	if _, _, err := sp.get(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ext) {
		t.Errorf("reading the next record changed the extraction read before")
	}
	if !item.date.Equal(ext.Report.ReportDate.Time) {
		t.Errorf("item date %s; want %s", item.date, ext.Report.ReportDate)
	}
}

// A report of many figures goes through the spill file one figure at a
// time: put allocates a small part of the record's size (not counted under
// -race), and get gives the figures of one sentence one shared string
// again. Before, put grew one buffer to the whole record (712 MB for 227,342
// figures) and get gave each figure its own copy of the sentence.
func TestSpillStreamsFigures(t *testing.T) {
	ext := &peil.Extraction{Report: peil.Report{File: "big.txt"}}
	for k := range 20000 {
		sentence := fmt.Sprintf("In regio %d zijn %d meldingen en %d zaken geopend, waarvan een deel %s", k/2, k, k+1, strings.Repeat("x", 500))
		ext.Figures = append(ext.Figures, peil.Figure{Measure: 1, Value: float64(k), Text: strconv.Itoa(k), Sentence: sentence})
		if k%2 == 1 {
			ext.Figures[k].Sentence = ext.Figures[k-1].Sentence
		}
	}
	sp, err := newSpill()
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	item, err := sp.put(context.Background(), &extracted{Ext: ext})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(item.n)/8 && !raceEnabled {
		t.Errorf("put allocated %d bytes for a record of %d", alloc, item.n)
	}
	if item.n > int64(len(ext.Figures))*700 {
		t.Errorf("the record has %d bytes for %d figures: the shared sentences are written once each?", item.n, len(ext.Figures))
	}
	got, _, err := sp.get(context.Background(), item)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ext) {
		t.Fatal("spill round trip changed the extraction")
	}
	for k := 1; k < len(got.Figures); k += 2 {
		if unsafe.StringData(got.Figures[k].Sentence) != unsafe.StringData(got.Figures[k-1].Sentence) {
			t.Fatalf("figures %d and %d read back with two copies of their sentence", k-1, k)
		}
	}
}
