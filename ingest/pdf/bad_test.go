package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/internal/pdfgen"
)

// wantInvalid checks that err is bad input with a Dutch message naming
// the file and holding want.
func wantInvalid(t *testing.T, err error, want string) {
	t.Helper()
	var pe *peil.Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v; want a *peil.Error", err)
	}
	if pe.Code != peil.EINVALID || pe.File != "slecht.pdf" || !strings.Contains(pe.Message, want) {
		t.Fatalf("err = %q (code %s, file %q); want EINVALID for slecht.pdf mentioning %q", err, pe.Code, pe.File, want)
	}
}

// scanned returns a PDF whose only page is a picture: no text layer.
func scanned(t *testing.T) []byte {
	img := image.NewGray(image.Rect(0, 0, 200, 280))
	for y := 0; y < 280; y += 7 {
		for x := 10; x < 190; x++ {
			img.SetGray(x, y, color.Gray{Y: 30})
		}
	}
	var pb bytes.Buffer
	if err := png.Encode(&pb, img); err != nil {
		t.Fatal(err)
	}
	f := fpdf.New("P", "pt", "A4", "")
	f.AddPage()
	f.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, &pb)
	f.ImageOptions("scan", 20, 20, 555, 800, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bomb returns a PDF whose page content is a stream, twice compressed,
// that unpacks to some size bytes of blanks.
func bomb(t *testing.T, size int64) []byte {
	inner := blankDeflate(size)
	outer := deflate(t, bytes.NewReader(inner))
	var b bytes.Buffer
	var offs []int
	obj := func(s string) {
		offs = append(offs, b.Len())
		b.WriteString(s)
	}
	b.WriteString("%PDF-1.4\n")
	obj("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
	obj("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n")
	obj("3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n")
	obj(fmt.Sprintf("4 0 obj << /Length %d /Filter [/FlateDecode /FlateDecode] >> stream\n", len(outer)))
	b.Write(outer)
	b.WriteString("\nendstream endobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

// blankDeflate writes a zlib stream of about size blanks by hand, without
// compressing them (which takes long under the race detector): one block
// with fixed codes, a literal blank and then matches of 258 bytes at
// distance 1.
func blankDeflate(size int64) []byte {
	var out []byte
	var acc uint64
	nbits := uint(0)
	bits := func(v uint64, n uint) { // LSB first
		acc |= v << nbits
		nbits += n
		for nbits >= 8 {
			out = append(out, byte(acc))
			acc >>= 8
			nbits -= 8
		}
	}
	code := func(c uint64, n uint) { // Huffman codes go MSB first
		for i := int(n) - 1; i >= 0; i-- {
			bits(c>>uint(i)&1, 1)
		}
	}
	out = append(out, 0x78, 0x01)
	bits(1, 1) // last block
	bits(1, 2) // fixed Huffman codes
	code(0x30+' ', 8)
	matches := (size - 1) / 258
	for i := int64(0); i < matches; i++ {
		code(0xC0+285-280, 8) // length 258
		code(0, 5)            // distance 1
	}
	code(0, 7) // end of block
	if nbits > 0 {
		out = append(out, byte(acc))
	}
	// Adler-32 of n blanks: A = 1 + 32n, B = n + 32 n(n+1)/2, both mod 65521.
	const mod = 65521
	n := uint64(1 + matches*258)
	a := (1 + 32*(n%mod)) % mod
	tri := (n % (2 * mod)) * ((n + 1) % (2 * mod)) / 2 % mod
	bsum := (n%mod + 32*tri) % mod
	return binary.BigEndian.AppendUint32(out, uint32(bsum<<16|a))
}

// manyPages returns a PDF of n pages with a line of text each.
func manyPages(t *testing.T, n int) []byte {
	f := fpdf.New("P", "pt", "A4", "")
	f.SetFont("Helvetica", "", 10)
	for i := 0; i < n; i++ {
		f.AddPage()
		f.Text(50, 50, fmt.Sprintf("Pagina %d", i+1))
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBadPDFs: every kind of bad PDF gives a clear Dutch error naming the
// file (and page), never a panic.
func TestBadPDFs(t *testing.T) {
	good, err := pdfgen.Bytes(invented(), pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	locked, err := pdfgen.Bytes(invented(), pdfgen.Options{Encrypt: "geheim"})
	if err != nil {
		t.Fatal(err)
	}
	prose, err := pdfgen.Bytes(pdfgen.Report{Intro: []string{"Geachte voorzitter,", "Hierbij zend ik u een brief zonder tabel, met 12 cijfers en 3 data."}}, pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	garbled := append([]byte(nil), good...)
	for i := 400; i < len(garbled)-400; i += 7 {
		garbled[i] ^= 0x5a
	}
	huge := make([]byte, MaxBytes+1)
	copy(huge, "%PDF-1.7\n")
	for _, tt := range []struct {
		name string
		raw  []byte
		want string
	}{
		{"encrypted", locked, "beveiligd met een wachtwoord"},
		{"scanned", scanned(t), "dit PDF-bestand bevat geen tekst (een scan?); Peil leest alleen PDF's met tekst"},
		{"truncated", good[:len(good)/2], "onvolledig"},
		{"garbled", garbled, "PDF"},
		{"header only", []byte("%PDF-1.7\n%%EOF\n"), "beschadigd"},
		{"no measure table", prose, "geen tabel met maatregelen"},
		{"2,000 pages", manyPages(t, 2000), "dit PDF-bestand heeft 2000 pagina's; Peil leest er hooguit 500"},
		{"too big", huge, "groter dan 64 MB"},
		{"zip bomb", nil, "pagina 1: PDFium liep vast op dit PDF-bestand (het vraagt meer dan 512 MB geheugen"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "zip bomb" {
				if testing.Short() {
					t.Skip("the zip bomb takes some 15 s; not with -short")
				}
				tt.raw = bomb(t, 600<<20)
			}
			_, err := Read(context.Background(), tt.raw, "slecht.pdf")
			wantInvalid(t, err, tt.want)
		})
	}
	// After all that, the instance still reads a good PDF.
	d, err := Read(context.Background(), good, "goed.pdf")
	if err != nil || len(d.Rows) != 11 {
		t.Fatalf("good PDF after bad ones: %v rows, err %v; want 11 rows", d, err)
	}
}

// TestOwnerPasswordOnly: a PDF encrypted with an owner password only (no
// password to open it) is read.
func TestOwnerPasswordOnly(t *testing.T) {
	raw, err := pdfgen.Bytes(invented(), pdfgen.Options{Encrypt: "-"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(context.Background(), raw, "beveiligd.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Rows) != 11 {
		t.Errorf("%d rows; want 11", len(d.Rows))
	}
}

// TestManyPDFsNoLeak reads many PDFs through the one instance: the
// goroutines stay as they were and the Go heap does not grow with the
// number of files.
func TestManyPDFsNoLeak(t *testing.T) {
	raw, err := pdfgen.Bytes(invented(), pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	read := func(n int) {
		for i := 0; i < n; i++ {
			if _, err := Read(context.Background(), raw, "r.pdf"); err != nil {
				t.Fatal(err)
			}
		}
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse
	}
	read(5)
	g0, h0 := runtime.NumGoroutine(), heap()
	read(60)
	g1, h1 := runtime.NumGoroutine(), heap()
	if g1 > g0 {
		t.Errorf("goroutines %d after 5 PDFs, %d after 65", g0, g1)
	}
	if h1 > h0+8<<20 {
		t.Errorf("heap in use %d MB after 5 PDFs, %d MB after 65; want no growth", h0>>20, h1>>20)
	}
}

func deflate(t *testing.T, r io.Reader) []byte {
	var b bytes.Buffer
	w, err := zlib.NewWriterLevel(&b, zlib.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, r); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReadCanceled: a done context stops the reading with its error, and
// the instance reads the next PDF.
func TestReadCanceled(t *testing.T) {
	raw, err := pdfgen.Bytes(invented(), pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, raw, "r.pdf"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v; want context.Canceled", err)
	}
	if _, err := Read(context.Background(), raw, "r.pdf"); err != nil {
		t.Fatal(err)
	}
}

// TestReadTimeLimit: a PDF that takes longer than MaxReadTime is refused
// with a Dutch message, and the instance reads the next PDF.
func TestReadTimeLimit(t *testing.T) {
	raw, err := pdfgen.Bytes(invented(), pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func(d time.Duration) { MaxReadTime = d }(MaxReadTime)
	MaxReadTime = time.Nanosecond
	_, err = Read(context.Background(), raw, "r.pdf")
	if peil.ErrorCode(err) != peil.EINVALID || !strings.Contains(err.Error(), "duurde langer dan") {
		t.Fatalf("err = %v; want EINVALID, too long", err)
	}
	MaxReadTime = time.Minute
	if _, err := Read(context.Background(), raw, "r.pdf"); err != nil {
		t.Fatal(err)
	}
}
