package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/peil-dev/peil"
)

// spill keeps the extractions of a batch in a temporary file until they are
// stored, so that a batch's memory does not grow with its reports (the peak
// before and after, with the command: BENCHMARKS.md, "Memory of peil ingest").
// Each extraction is one JSON record (gob would lose a pointer to 0, a
// bound), written once and read once.
type spill struct {
	mu   sync.Mutex
	f    *os.File
	size int64
}

// batchItem is where a job's extraction lies in the spill file, and what the
// batch needs of it before reading it back.
type batchItem struct {
	off, n int64
	date   peil.Date // the report date, given or inferred
	start  peil.Date // the period start it gets
	few    bool
}

func newSpill() (*spill, error) {
	f, err := os.CreateTemp("", "peil-ingest-*.json")
	if err != nil {
		return nil, fmt.Errorf("create ingest spill file: %w", err)
	}
	return &spill{f: f}, nil
}

// spillFigure is a figure in the spill file. Same says that its sentence is
// the one of the figure before, left out: the figures of a sentence share
// one string in memory, and read back they share it again.
type spillFigure struct {
	*peil.Figure
	Same bool `json:"same_sentence,omitempty"`
}

// put writes it to the file, unless ctx is done first; safe for concurrent
// use. A record is the number of figures, the extraction without its
// figures, then each figure (spillFigure), so that neither put nor get holds
// more than one figure's JSON, however many figures a report has: one record
// of 227,342 figures had taken 712 MB of buffer.
func (s *spill) put(ctx context.Context, it *extracted) (_ batchItem, err error) {
	defer peil.Wrap(&err, "spill %s", it.Ext.Report.File)
	head, ext := *it, *it.Ext
	ext.Figures, head.Ext = nil, &ext
	s.mu.Lock()
	defer s.mu.Unlock()
	off := s.size
	ow := io.NewOffsetWriter(s.f, off)
	w := bufio.NewWriterSize(ow, 64<<10)
	enc := json.NewEncoder(w)
	if err := enc.Encode(len(it.Ext.Figures)); err != nil {
		return batchItem{}, err
	}
	if err := enc.Encode(&head); err != nil {
		return batchItem{}, err
	}
	var same peil.Figure // a figure without its sentence
	for i := range it.Ext.Figures {
		if i%4096 == 4095 && ctx.Err() != nil {
			return batchItem{}, ctx.Err()
		}
		rec := spillFigure{Figure: &it.Ext.Figures[i]}
		if i > 0 && rec.Sentence == it.Ext.Figures[i-1].Sentence {
			same = *rec.Figure
			same.Sentence, rec.Figure, rec.Same = "", &same, true
		}
		if err := enc.Encode(&rec); err != nil {
			return batchItem{}, err
		}
	}
	if err := w.Flush(); err != nil {
		return batchItem{}, err
	}
	n, _ := ow.Seek(0, io.SeekCurrent)
	s.size += n
	return batchItem{off: off, n: n, date: it.Ext.Report.ReportDate, few: it.Few}, nil
}

// get reads back the extraction of item, as it was put, unless ctx is done
// first.
func (s *spill) get(ctx context.Context, item batchItem) (_ *peil.Extraction, _ []bool, err error) {
	defer peil.Wrap(&err, "read ingest spill file")
	dec := json.NewDecoder(io.NewSectionReader(s.f, item.off, item.n))
	var n int
	if err := dec.Decode(&n); err != nil {
		return nil, nil, err
	}
	var it extracted
	if err := dec.Decode(&it); err != nil {
		return nil, nil, err
	}
	figs := make([]peil.Figure, n)
	for i := range figs {
		if i%4096 == 4095 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		rec := spillFigure{Figure: &figs[i]}
		if err := dec.Decode(&rec); err != nil {
			return nil, nil, err
		}
		if rec.Same {
			figs[i].Sentence = figs[i-1].Sentence
		}
	}
	it.Ext.Figures = figs
	return it.Ext, it.ThisPeriod, nil
}

// close removes the file.
func (s *spill) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}
