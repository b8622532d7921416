// Package pdf reads a progress report's measure table from a PDF file. It
// runs PDFium, Chrome's PDF engine, compiled to WebAssembly (through wazero,
// pure Go), to get every character with its box and font size and the
// page's drawn lines, and rebuilds the table from that geometry: lines of
// text from the characters' positions (never from the order in which the
// file draws them), columns from the ruling lines or the header's words,
// rows from the rules or the numbers in the Nr column. Page headers and
// footers, page numbers, repeated header rows and footnotes are not row
// text.
//
// The process keeps one PDFium instance, started on first use; Close
// stops it. The compiled module is cached on disk (CacheDir), so only a
// machine's first run pays for compiling it.
package pdf

import "context"

// Read reads a report's table from PDF bytes. file names the input in
// errors. Bad input (too big, encrypted, damaged, without text, without a
// measure table, too many pages) gives a *peil.Error with code EINVALID
// whose message is Dutch and names the file and, where it applies, the
// page. When ctx is done (it may be nil), Read stops between pages and
// returns ctx's error.
func Read(ctx context.Context, raw []byte, file string) (*Document, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	pages, err := readPages(ctx, raw, file)
	if err != nil {
		return nil, err
	}
	return layout(pages, file)
}
