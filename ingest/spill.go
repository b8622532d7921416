package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// spillBuffers are the buffers of put and get, used again from one record
// to the next: growing a new buffer to each record's size was a quarter of
// what the spill allocated. No record keeps its buffer (json.Unmarshal
// copies what it takes), so a buffer goes back to the pool after use.
var spillBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func newSpill() (*spill, error) {
	f, err := os.CreateTemp("", "peil-ingest-*.json")
	if err != nil {
		return nil, fmt.Errorf("create ingest spill file: %w", err)
	}
	return &spill{f: f}, nil
}

// put writes it to the file; safe for concurrent use.
func (s *spill) put(it *extracted) (_ batchItem, err error) {
	defer peil.Wrap(&err, "spill %s", it.Ext.Report.File)
	buf := spillBuffers.Get().(*bytes.Buffer)
	defer spillBuffers.Put(buf)
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(it); err != nil {
		return batchItem{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	off := s.size
	if _, err := s.f.WriteAt(buf.Bytes(), off); err != nil {
		return batchItem{}, err
	}
	s.size += int64(buf.Len())
	return batchItem{off: off, n: int64(buf.Len()), date: it.Ext.Report.ReportDate, few: it.Few}, nil
}

// get reads back the extraction of item, as it was put.
func (s *spill) get(item batchItem) (_ *peil.Extraction, _ []bool, err error) {
	defer peil.Wrap(&err, "read ingest spill file")
	buf := spillBuffers.Get().(*bytes.Buffer)
	defer spillBuffers.Put(buf)
	buf.Reset()
	buf.Grow(int(item.n))
	b := buf.AvailableBuffer()[:item.n]
	if _, err := s.f.ReadAt(b, item.off); err != nil {
		return nil, nil, err
	}
	var it extracted
	if err := json.Unmarshal(b, &it); err != nil {
		return nil, nil, err
	}
	return it.Ext, it.ThisPeriod, nil
}

// close removes the file.
func (s *spill) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}
