package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

const extractSample = "../../data/samples/voortgangsrapportage-2017.txt"

// extractRun runs peil with args and standard input stdin, returning the exit
// status and the output streams.
func extractRun(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestExtractJSON(t *testing.T) {
	code, out, errOut := extractRun(t, "", "extract", extractSample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "rapportagedatum 2017-03-31 afgeleid") || !strings.Contains(errOut, "regel 1062") {
		t.Errorf("stderr = %q; want a note on the inferred report date", errOut)
	}
	var ext peil.Extraction
	if err := json.Unmarshal([]byte(out), &ext); err != nil {
		t.Fatalf("stdout is not one JSON object: %v", err)
	}
	if ext.Report.ReportDate.String() != "2017-03-31" || len(ext.Report.SHA256) != 64 || len(ext.Measures) != 38 {
		t.Errorf("report = %+v with %d measures", ext.Report, len(ext.Measures))
	}
	// The contract's field names and a figure as the issue describes it.
	var shape struct {
		Figures []map[string]any `json:"figures"`
		Events  []map[string]any `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &shape); err != nil {
		t.Fatal(err)
	}
	f := shape.Figures[0]
	for k, want := range map[string]any{"measure": 1.0, "value": 386.0, "qualifier": "at_least", "unit": "onderzoeken",
		"indicator": "criminal_investigations", "kind": "stock", "period_start": nil, "period_end": "2017-03-31",
		"line": 38.0, "text": "tenminste 386"} {
		if f[k] != want {
			t.Errorf("figures[0][%q] = %v; want %v", k, f[k], want)
		}
	}
	if v, ok := f["page"]; !ok || v != nil {
		t.Errorf("figures[0].page = %v (present %v); want null for text input", v, ok)
	}
	e := shape.Events[0]
	for k, want := range map[string]any{"measure": 4.0, "date": "2017-03-01", "type": "in_force", "line": 121.0, "page": nil} {
		if e[k] != want {
			t.Errorf("events[0][%q] = %v; want %v", k, e[k], want)
		}
	}
}

func TestExtractFlagsAndSeveralFiles(t *testing.T) {
	code, out, errOut := extractRun(t, "", "extract", "--report-date", "2017-04-15", "--period-start", "2016-10-01", extractSample, extractSample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if errOut != "" {
		t.Errorf("stderr = %q; want nothing when the report date is given", errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines; want one JSON object per file", len(lines))
	}
	var ext peil.Extraction
	if err := json.Unmarshal([]byte(lines[1]), &ext); err != nil {
		t.Fatal(err)
	}
	if ext.Report.ReportDate.String() != "2017-04-15" || ext.Report.PeriodStart.String() != "2016-10-01" {
		t.Errorf("report = %+v; want the dates of the flags", ext.Report)
	}
	found := false
	for _, f := range ext.Figures {
		if f.Indicator == "sanctions_persons_listed_period" {
			found = true
			if f.Value != 30 || f.PeriodStart.String() != "2016-10-01" || f.PeriodEnd.String() != "2017-04-15" {
				t.Errorf("30 in deze rapportageperiode = %v %s..%s; want 30 2016-10-01..2017-04-15", f.Value, f.PeriodStart, f.PeriodEnd)
			}
		}
	}
	if !found {
		t.Error("no figure for sanctions_persons_listed_period")
	}
}

// TestExtractTablePages checks the Regel column always, and the Pagina
// column only when the input has pages (a PDF).
func TestExtractTablePages(t *testing.T) {
	ext := &peil.Extraction{Report: peil.Report{File: "rapport.pdf", ReportDate: peil.NewDate(2017, 3, 31)},
		Figures: []peil.Figure{{Measure: 1, Value: 386, Text: "tenminste 386", Qualifier: peil.QualAtLeast,
			Kind: peil.KindStock, Sentence: "Er lopen tenminste 386 onderzoeken.", Line: 38, Page: 4}}}
	var b bytes.Buffer
	if err := writeExtractTable(&b, ext); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	if len(lines) < 4 || !strings.Contains(lines[2], "Regel") || !strings.Contains(lines[2], "Pagina") ||
		!strings.Contains(lines[3], " 38 ") || !strings.Contains(lines[3], "p. 4") {
		t.Errorf("table with pages:\n%s\nwant columns Regel and Pagina with 38 and p. 4", b.String())
	}
	ext.Figures[0].Page = 0
	b.Reset()
	if err := writeExtractTable(&b, ext); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Pagina") || !strings.Contains(b.String(), "Regel") {
		t.Errorf("table of text input:\n%s\nwant Regel and no Pagina", b.String())
	}
}

func TestExtractTable(t *testing.T) {
	code, out, errOut := extractRun(t, "", "extract", "--format", "table", extractSample)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"rapportagedatum 31 maart 2017", "38 maatregelen",
		"ongeveer 30.000", "30.000", // text and value in Dutch notation
		"6,4 miljoen euro", "6.400.000",
		"1 december 2013 – 13 februari 2017",
		"passport_measures",
		"1 maart 2017", "in werking getreden", // event type in Dutch
		"Nr  ", "ten minste", "stand", // header, qualifier and kind in Dutch
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	for _, code := range []string{"at_least", "approx", "stock", "cumulative", "in_force", "Mr "} {
		if strings.Contains(out, code) {
			t.Errorf("table shows the code %q; want Dutch words", code)
		}
	}
}

func TestExtractStdin(t *testing.T) {
	raw, err := os.ReadFile(extractSample)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := extractRun(t, string(raw), "extract", "--report-date", "2017-03-31", "-")
	if code != 0 || !strings.Contains(out, `"file": "-"`) {
		t.Fatalf("exit %d, stderr %q; want the report read from standard input", code, errOut)
	}
}

func TestExtractBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"empty", []string{write("leeg.txt", nil)}, "leeg.txt:1: leeg bestand"},
		{"broken pdf", []string{write("rapport.pdf", []byte("%PDF-1.4\n\x00\x01\x02"))}, "rapport.pdf: dit PDF-bestand is onvolledig"},
		{"nul bytes", []string{write("bin.txt", []byte("regel een\nregel twee\x00\x01\n"))}, "bin.txt:2: binair bestand"},
		{"invalid utf-8", []string{write("latin1.txt", []byte("Nr Omschrijving\n1 Één titel.\nfinanci\xebn\n"))}, "latin1.txt:3: ongeldige UTF-8"},
		{"no table", []string{write("brief.txt", []byte("Geachte voorzitter,\n"))}, "brief.txt: geen maatregelen gevonden"},
		{"missing file", []string{filepath.Join(dir, "bestaat-niet.txt")}, "bestaat-niet.txt: kan het bestand niet lezen"},
		{"huge", []string{write("groot.txt", bytes.Repeat([]byte("1 Een regel tekst.\n"), ingest.MaxReportBytes/19+1))}, "groot.txt: groter dan 4 MB"},
		{"bad date", []string{"--report-date", "31-03-2017", extractSample}, `--report-date: "31-03-2017" is geen datum; geef een datum als JJJJ-MM-DD`},
		{"bad format", []string{"--format", "xml", extractSample}, `--format "xml": kies json of table`},
		{"no file", nil, "geen BESTAND opgegeven"},
		{"bad flag", []string{"--formaat", "xml", extractSample}, "peil extract: onbekende optie -formaat"},
	}
	for _, tt := range tests {
		code, out, errOut := extractRun(t, "", append([]string{"extract"}, tt.args...)...)
		if code != 2 {
			t.Errorf("%s: exit %d; want 2", tt.name, code)
		}
		if !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: stderr = %q; want %q", tt.name, errOut, tt.want)
		}
		if out != "" {
			t.Errorf("%s: stdout = %q; want nothing", tt.name, out)
		}
	}
}

func TestExtractUTF16(t *testing.T) {
	raw, err := os.ReadFile(extractSample)
	if err != nil {
		t.Fatal(err)
	}
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(string(raw))) {
		b = append(b, byte(u), byte(u>>8))
	}
	p := filepath.Join(t.TempDir(), "utf16.txt")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := extractRun(t, "", "extract", "--report-date", "2017-03-31", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "UTF-16LE omgezet naar UTF-8") {
		t.Errorf("stderr = %q; want a note on the transcoding", errOut)
	}
	var ext peil.Extraction
	if err := json.Unmarshal([]byte(out), &ext); err != nil {
		t.Fatal(err)
	}
	if len(ext.Figures) == 0 || ext.Figures[0].Text != "tenminste 386" {
		t.Errorf("UTF-16 report gave %d figures; want the same as the UTF-8 one", len(ext.Figures))
	}
}

// sampleWindows1252 returns the sample report saved as Windows-1252, as Dutch
// office tools save text (its one character outside that encoding, the
// hyphen U+2010, becomes '-').
func sampleWindows1252(t *testing.T) []byte {
	t.Helper()
	raw, err := os.ReadFile(extractSample)
	if err != nil {
		t.Fatal(err)
	}
	b, err := charmap.Windows1252.NewEncoder().Bytes(bytes.ReplaceAll(raw, []byte("‐"), []byte("-")))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A report in Windows-1252 is transcoded with a note and gives the figures
// of the UTF-8 text (before, it was refused as invalid UTF-8).
func TestExtractWindows1252(t *testing.T) {
	p := filepath.Join(t.TempDir(), "rapport.txt")
	if err := os.WriteFile(p, sampleWindows1252(t), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := extractRun(t, "", "extract", "--report-date", "2017-03-31", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, p+": tekst in Windows-1252 herkend en omgezet naar UTF-8") {
		t.Errorf("stderr = %q; want a note on the transcoding", errOut)
	}
	_, utf8Out, _ := extractRun(t, "", "extract", "--report-date", "2017-03-31", extractSample)
	var got, want peil.Extraction
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(utf8Out), &want); err != nil {
		t.Fatal(err)
	}
	if len(got.Figures) != len(want.Figures) || len(got.Figures) == 0 {
		t.Fatalf("Windows-1252 report gave %d figures; the UTF-8 one %d", len(got.Figures), len(want.Figures))
	}
	for i := range got.Figures {
		if got.Figures[i].Text != want.Figures[i].Text || got.Figures[i].Value != want.Figures[i].Value {
			t.Errorf("figure %d = %q; UTF-8 gives %q", i, got.Figures[i].Text, want.Figures[i].Text)
		}
	}
	if !strings.Contains(out, "é") {
		t.Error("transcoded extraction holds no é")
	}
}

// writeExtractJSON writes, one figure at a time, what encoding the whole
// extraction gives: indented and on one line, with figures, without and
// with none.
func TestExtractJSONStreamed(t *testing.T) {
	ext := sampleExtraction(t, "s.txt")
	one := *ext
	one.Figures = ext.Figures[:1]
	empty := *ext
	empty.Figures = []peil.Figure{}
	none := *ext
	none.Figures = nil
	for _, e := range []*peil.Extraction{ext, &one, &empty, &none} {
		for _, indent := range []bool{true, false} {
			var want, got bytes.Buffer
			enc := json.NewEncoder(&want)
			if indent {
				enc.SetIndent("", "  ")
			}
			if err := enc.Encode(e); err != nil {
				t.Fatal(err)
			}
			if err := writeExtractJSON(context.Background(), &got, e, indent); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%d figures, indent %v: streamed JSON differs from the encoding of the whole (%d against %d bytes)",
					len(e.Figures), indent, got.Len(), want.Len())
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	many := *ext
	for len(many.Figures) < 2000 {
		many.Figures = append(many.Figures, ext.Figures...)
	}
	if err := writeExtractJSON(ctx, io.Discard, &many, true); !errors.Is(err, context.Canceled) {
		t.Errorf("writeExtractJSON(canceled) = %v; want context.Canceled", err)
	}
}
