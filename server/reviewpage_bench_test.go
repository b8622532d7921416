package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/internal/corpusdb"
)

// BenchmarkReviewQueuePage is one GET of /beoordelen in write mode, as a
// logged-in reviewer, on a read-write copy of the store of 1,000 synthetic
// reports (corpusdb.File): the open queue's first page, a page in the middle
// of every figure (status=alle), and the page of a figure three quarters
// down that queue (?cijfer=). The handler is called directly, so the bytes
// are the server's.
func BenchmarkReviewQueuePage(b *testing.B) {
	src, err := os.Open(corpusdb.File(b, 1000))
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "peil.duckdb")
	dst, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	_, err = io.Copy(dst, src)
	src.Close()
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	e := newWriteEnvOn(b, openTestDB(b, path, analytics.Options{}), Options{})
	bert := e.as(peil.RoleReviewer)
	u, err := url.Parse(e.ts.URL)
	if err != nil {
		b.Fatal(err)
	}
	cookies := bert.http.Jar.Cookies(u)
	// The queue's length and the figure three quarters down it come from
	// pages of one figure: reading the whole queue of 61,767 figures with
	// their sentences (ReviewQueue) runs out of DuckDB's 128MB here.
	page := func(f peil.ReviewFilter, offset int) peil.ReviewPage {
		p, err := e.db.ReviewPage(b.Context(), f, peil.ReviewRange{Limit: 1, Offset: offset})
		if err != nil {
			b.Fatal(err)
		}
		return p
	}
	all := page(peil.ReviewFilter{}, 0).Total
	open := page(peil.ReviewFilter{Status: peil.ReviewOpen}, 0).Total
	at := page(peil.ReviewFilter{}, all*3/4).Items
	if len(at) != 1 {
		b.Fatalf("figure %d of %d: %d items", all*3/4, all, len(at))
	}
	b.Logf("%d figures, %d open", all, open)
	h := e.srv.Handler()
	for _, bc := range []struct{ name, path string }{
		{"open", "/beoordelen"},
		{"alle-middle", fmt.Sprintf("/beoordelen?status=alle&pagina=%d", all/listPageSize/2)},
		{"alle-figure", fmt.Sprintf("/beoordelen?status=alle&cijfer=%d", at[0].ID)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, bc.path, nil)
				for _, c := range cookies {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s = %d", bc.path, rec.Code)
				}
			}
		})
	}
}
