package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/peil-dev/peil"
)

// Service is the pipeline for reports and values that people send to the
// server, one at a time, into Store (analytics.Uploads: each report stored
// as an upload, audited).
type Service struct{ Store Store }

// Upload extracts and stores one uploaded report through Batch, as peil
// ingest would: the file r.File with the bytes raw, its title, dates,
// kamerstuk and URL from r where set, stored by by. dateHint tells the user
// how to give a report date that the text lacks. Bad input gives its
// *peil.Error, with nothing stored.
func (s Service) Upload(ctx context.Context, r peil.Report, raw []byte, by, dateHint string) (peil.IngestResult, error) {
	dir, err := os.MkdirTemp("", "peil-upload-")
	if err != nil {
		return peil.IngestResult{}, fmt.Errorf("upload %s: %w", r.File, err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, r.File), raw, 0o600); err != nil {
		return peil.IngestResult{}, fmt.Errorf("upload %s: %w", r.File, err)
	}
	var res peil.IngestResult
	err = Batch(ctx, os.DirFS(dir), []Job{{Path: r.File, Title: r.Title, ReportDate: r.ReportDate,
		PeriodStart: r.PeriodStart, Kamerstuk: r.Kamerstuk, URL: r.URL}}, s.Store,
		BatchOptions{Workers: 1, By: by, Stored: func(st Stored) { res = st.Result }, DateHint: dateHint})
	return res, err
}

// ParseNumber reads a number as reports write it (see ParseNumber).
func (Service) ParseNumber(text string) (float64, bool) { return ParseNumber(text) }
