package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

// sentenceBytes is what the figures of ext store as sentences.
func sentenceBytes(ext *peil.Extraction) int {
	n := 0
	for _, f := range ext.Figures {
		n += len(f.Sentence)
	}
	return n
}

// appendixTable is n rows of a table of numbers after the measure table.
func appendixTable(n int) string {
	var b strings.Builder
	b.WriteString("\nBijlage: cijfers per regio\n")
	for i := range n {
		fmt.Fprintf(&b, "Regio A%d %d %d %d %d\n", i, 100+i%900, 10+i%90, 20+i%70, 200+i%800)
	}
	return b.String()
}

// A run of numbers without a full stop, and an appendix table after the last
// row, give no figures and store little: what is stored grows with the text,
// not with the text times its numbers (before, `1 2 3 4 5 6 7 8 9 ` x 2,777
// made every one of its 25,000 numbers a figure storing the whole 92 KB run:
// a 1.25 GB database; the 1,000-row table gave 4,000 junk figures).
func TestNumberRunsAndTablesGiveNoFigures(t *testing.T) {
	sample := readSample(t)
	base, err := ingest.Extract(sample, ingest.Options{File: "in.txt", Catalog: catalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, extra, note string }{
		{"number run", "\n" + strings.Repeat("1 2 3 4 5 6 7 8 9 ", 2777) + "\n", "getallen zonder zinsbouw in maatregel 38"},
		{"appendix table", appendixTable(1000), "de tabel van de maatregelen eindigt hier"},
	} {
		var notes []string
		raw := append(bytes.Clone(sample), tt.extra...)
		ext, err := ingest.Extract(raw, ingest.Options{File: "in.txt", Catalog: catalog(t),
			Notef: func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if extra := len(ext.Figures) - len(base.Figures); extra > 2 {
			t.Errorf("%s: %d figures; the sample alone gives %d", tt.name, len(ext.Figures), len(base.Figures))
		}
		if got, limit := sentenceBytes(ext), 2*sentenceBytes(base)+len(tt.extra)/10; got > limit {
			t.Errorf("%s: figures store %d bytes of sentences; want at most %d", tt.name, got, limit)
		}
		if !strings.Contains(strings.Join(notes, "\n"), tt.note) {
			t.Errorf("%s: notes = %q; want one with %q", tt.name, notes, tt.note)
		}
	}
}

// A long text without full stops that is prose with numbers keeps its
// figures, read in pieces of at most about a kilobyte: each piece is stored
// once, shared by its figures, so that the sentences stored grow with the
// text (before, each of the 2,000 figures stored its own kilobyte around it:
// 16 times the text), and a note says where a sentence was cut.
func TestLongSentenceReadInPieces(t *testing.T) {
	var b strings.Builder
	for k := range 2000 {
		fmt.Fprintf(&b, "en daarnaast werden er in die periode %d nieuwe zaken geopend ", 10+k%900)
	}
	run := b.String()
	raw := append(readSample(t), "\n"+run+"\n"...)
	var notes []string
	ext, err := ingest.Extract(raw, ingest.Options{File: "in.txt", Catalog: catalog(t),
		Notef: func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }})
	if err != nil {
		t.Fatal(err)
	}
	cut, distinct := 0, map[string]bool{}
	for _, f := range ext.Figures {
		if len(f.Sentence) > 1010 {
			t.Fatalf("figure %q stores a sentence of %d bytes; want at most about 1,000", f.Text, len(f.Sentence))
		}
		if strings.HasPrefix(f.Sentence, "…") && strings.Contains(f.Sentence, f.Text) {
			cut++
			distinct[f.Sentence] = true
		}
	}
	if cut < 1900 {
		t.Errorf("%d figures of the long text keep their words around them; want the 2,000 figures", cut)
	}
	stored := 0
	for s := range distinct {
		stored += len(s)
	}
	if stored > len(run)*11/10 {
		t.Errorf("the cut sentences store %d bytes for a text of %d; want about the text once", stored, len(run))
	}
	if want := "zin van meer dan 1.000 tekens zonder punt in maatregel 38"; !strings.Contains(strings.Join(notes, "\n"), want) {
		t.Errorf("notes = %q; want one with %q", notes, want)
	}
	found := false
	for _, w := range ext.Warnings {
		found = found || strings.Contains(w.Message, "in stukken gelezen") && w.Line > 0
	}
	if !found {
		t.Errorf("warnings %+v; want the cut sentence with its line", ext.Warnings)
	}
}

// Extraction stops when its context is done.
func TestExtractCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ingest.Extract(readSample(t), ingest.Options{File: "in.txt", Context: ctx})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Extract(canceled) = %v; want context.Canceled", err)
	}
}

// checkCounter is a context that counts how often Extract asks whether it
// is done, and is done from the given check on (0: never).
type checkCounter struct {
	context.Context
	checks, doneAt int
}

func (c *checkCounter) Err() error {
	if c.checks++; c.doneAt > 0 && c.checks >= c.doneAt {
		return context.Canceled
	}
	return nil
}

// A cancellation during one long text without full stops is honoured in it,
// not only after it: before, the 3.9 MB of such a text was one sentence, and
// Ctrl+C waited for all of it (peil extract even exited 0).
func TestExtractCanceledInLongSentence(t *testing.T) {
	sample := readSample(t)
	count := &checkCounter{Context: context.Background()}
	if _, err := ingest.Extract(sample, ingest.Options{File: "in.txt", Context: count}); err != nil {
		t.Fatal(err)
	}
	raw := append(bytes.Clone(sample), "\n"+strings.Repeat("in regio 7 zijn 300 meldingen en ", 3000)+"\n"...)
	ctx := &checkCounter{Context: context.Background(), doneAt: count.checks + 5}
	_, err := ingest.Extract(raw, ingest.Options{File: "in.txt", Context: ctx})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Extract canceled in a 100 KB sentence = %v; want context.Canceled", err)
	}
}

// What a report implies is derived from each phrase's neighbourhood: in a text
// without full stops a "waarvan" phrase reaches back no further than a stored
// sentence, so every derived value stores at most about a kilobyte. Before,
// each of these 2,000 phrases derived from the 5.000 at the start of the run
// and stored everything from there on: 200 MB of sentences for 100 KB of text.
func TestDerivedSentencesBounded(t *testing.T) {
	var run strings.Builder
	run.WriteString("\nIn totaal zijn 5000 personen gemeld")
	for k := range 2000 {
		fmt.Fprintf(&run, " en 2 meldingen, waarvan %d in deze rapportageperiode", 10+k)
	}
	run.WriteString("\n")
	raw := append(readSample(t), run.String()...)
	ext, err := ingest.Extract(raw, ingest.Options{File: "in.txt", Catalog: catalog(t), PeriodStart: peil.NewDate(2016, 9, 1)})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, o := range ingest.Derive(ext) {
		if len(o.Sentence) > 1200 {
			t.Fatalf("derived %v (%s) stores a sentence of %d bytes; want at most about 1,000", o.Value, o.Derivation, len(o.Sentence))
		}
		total += len(o.Sentence)
	}
	if total > 2*run.Len() {
		t.Errorf("derived values store %d bytes of sentences for a text of %d", total, run.Len())
	}
}
