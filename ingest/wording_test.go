package ingest_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

// wordingReports are the invented reports worded unlike the sample, with the
// dates a manifest would give them.
var wordingReports = []struct{ file, date, start string }{
	{"wording-a.txt", "2016-10-31", "2016-05-31"},
	{"wording-b.txt", "2017-03-31", "2016-10-31"},
	{"wording-c.txt", "2018-02-28", "2017-09-30"},
}

// wordingFigure is a figure as the JSON of peil extract gives it, read
// without the Go types, so that the score compares what users get.
type wordingFigure struct {
	line                 int
	text                 string
	value                float64
	qualifier            string
	lower, upper         string // "-" for null
	periodStart, periodE string
}

// TestWordingReports scores the extraction of the invented reports against
// the answers written by hand in testdata/wording.expected.tsv: a figure is
// right when value, qualifier, bounds and period all agree. It fails on every
// figure that is wrong or missing, and on figures the answers do not have.
func TestWordingReports(t *testing.T) {
	got := map[string][]wordingFigure{}
	cat := catalog(t)
	for _, r := range wordingReports {
		raw, err := os.ReadFile(filepath.Join("testdata", r.file))
		if err != nil {
			t.Fatal(err)
		}
		date, _ := peil.ParseDate(r.date)
		start, _ := peil.ParseDate(r.start)
		ext, err := ingest.Extract(raw, ingest.Options{File: r.file, ReportDate: date, PeriodStart: start, Catalog: cat})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(ext)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Figures []map[string]any `json:"figures"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range doc.Figures {
			got[r.file] = append(got[r.file], wordingFigureOf(f))
		}
	}
	want := readWordingAnswers(t)
	right, used := 0, map[string][]bool{}
	for f, figs := range got {
		used[f] = make([]bool, len(figs))
	}
	for _, w := range want {
		figs := got[w.file]
		k := -1
		for i, g := range figs {
			if !used[w.file][i] && g.line == w.line && hasWord(g.text, w.anchor) {
				k = i
				break
			}
		}
		if k < 0 {
			t.Errorf("%s:%d: %q not found", w.file, w.line, w.anchor)
			continue
		}
		used[w.file][k] = true
		g := figs[k]
		g.text = ""
		if g != w.wordingFigure {
			t.Errorf("%s:%d: %q = %s; want %s", w.file, w.line, w.anchor, g, w.wordingFigure)
			continue
		}
		right++
	}
	extra := 0
	for f, figs := range got {
		for i, g := range figs {
			if !used[f][i] {
				extra++
				t.Errorf("%s:%d: figure %q is not in the answers", f, g.line, g.text)
			}
		}
	}
	t.Logf("wording reports: %d of %d figures right (value, qualifier, bounds, period); %d figures not in the answers",
		right, len(want), extra)
}

func (f wordingFigure) String() string {
	return fmt.Sprintf("%v %s [%s, %s] %s..%s", f.value, f.qualifier, f.lower, f.upper, f.periodStart, f.periodE)
}

// wordingFigureOf reads a figure of the JSON. Without lower and upper (an
// extraction before they existed) the bounds are those the store derived
// from the qualifier.
func wordingFigureOf(f map[string]any) wordingFigure {
	g := wordingFigure{text: fmt.Sprint(f["text"]), qualifier: fmt.Sprint(f["qualifier"])}
	g.value, _ = f["value"].(float64)
	line, _ := f["line"].(float64)
	g.line = int(line)
	opt := func(v any) string {
		if x, ok := v.(float64); ok {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return "-"
	}
	date := func(v any) string {
		if s, ok := v.(string); ok {
			return s
		}
		return "-"
	}
	g.periodStart, g.periodE = date(f["period_start"]), date(f["period_end"])
	lo, hasLo := f["lower"]
	up, hasUp := f["upper"]
	if !hasLo && !hasUp {
		v := strconv.FormatFloat(g.value, 'f', -1, 64)
		switch g.qualifier {
		case "exact":
			return withBounds(g, v, v)
		case "at_least", "more_than":
			return withBounds(g, v, "-")
		case "at_most":
			return withBounds(g, "-", v)
		}
		return withBounds(g, "-", "-")
	}
	return withBounds(g, opt(lo), opt(up))
}

func withBounds(g wordingFigure, lo, up string) wordingFigure {
	g.lower, g.upper = lo, up
	return g
}

// hasWord reports whether text has the word w (punctuation trimmed, any case).
func hasWord(text, w string) bool {
	for _, f := range strings.Fields(text) {
		if strings.EqualFold(strings.Trim(f, "()‘'’“”\".,;:"), w) {
			return true
		}
	}
	return false
}

// wordingAnswer is one line of testdata/wording.expected.tsv.
type wordingAnswer struct {
	file, anchor string
	wordingFigure
}

func readWordingAnswers(t *testing.T) []wordingAnswer {
	t.Helper()
	fh, err := os.Open(filepath.Join("testdata", "wording.expected.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []wordingAnswer
	sc := bufio.NewScanner(fh)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) != 9 {
			t.Fatalf("wording.expected.tsv:%d: %d columns; want 9", n, len(c))
		}
		line, err1 := strconv.Atoi(c[1])
		v, err2 := strconv.ParseFloat(c[3], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("wording.expected.tsv:%d: bad line or value", n)
		}
		out = append(out, wordingAnswer{file: c[0], anchor: c[2], wordingFigure: wordingFigure{
			line: line, value: v, qualifier: c[4], lower: c[5], upper: c[6], periodStart: c[7], periodE: c[8]}})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
