package ingest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func catalog(t testing.TB) *peil.Catalog {
	t.Helper()
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func readSample(t testing.TB) []byte {
	t.Helper()
	raw, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// miniReport wraps status text in a one-row table for measure 1.
func miniReport(status string) []byte {
	return []byte("Nr Omschrijving Recente ontwikkelingen en stand van zaken\n1 Een maatregel.\n" + status + "\n")
}

// TestWhatIsAFigure checks, sentence by sentence, which numbers count as
// figures and which do not (dates, years, articles, ages, references,
// durations, ordinals, names).
func TestWhatIsAFigure(t *testing.T) {
	tests := []struct {
		in   string
		want []string // figure texts, in order
	}{
		{"Op dit moment lopen er tenminste 386 onderzoeken naar circa 471 verdachten.", []string{"tenminste 386", "circa 471"}},
		{"Er zijn ongeveer 300 (peildatum 13 februari 2017) verzoeken gedaan.", []string{"ongeveer 300"}},
		{"Er is 6,4 miljoen euro toegekend voor 2017.", []string{"6,4 miljoen euro"}},
		{"De Commissie heeft € 10 miljoen beschikbaar gesteld.", []string{"€ 10 miljoen"}},
		{"Dit is een afname van 15% ten opzichte van 2015.", []string{"15%"}},
		{"Het wordt gewaardeerd met 4,4 op een schaal van 5.", []string{"4,4 op een schaal van 5"}},
		{"Er worden vier regionale bijeenkomsten georganiseerd.", []string{"vier"}},
		{"Het ROR heeft twee maatwerktrainingen ontwikkeld.", []string{"twee"}},
		{"De Commissie heeft een drietal aanvullende voorstellen gepresenteerd.", []string{"een drietal"}},
		{"Eind april zal de voorstelling door ongeveer 30.000 scholieren zijn bezocht.", []string{"ongeveer 30.000"}},
		{"Hiermee zijn 1995 deelnemers bereikt.", []string{"1995"}},
		{"Er zijn ca. 160 bijeenkomsten en meer dan 3000 bezoekers geteld.", []string{"ca. 160", "meer dan 3000"}},
		{"Er zijn ruim 400 onderzoeken en zo’n 20 zaken.", []string{"ruim 400", "zo’n 20"}},
		{"De wet is op 1 maart 2017 in werking getreden.", nil},
		{"Van 22 tot 24 februari 2017 vond de vergadering plaats.", nil},
		{"In 2016 en 2017 is er veel gebeurd.", nil},
		{"Het gaat om artikel 14, derde lid, juncto artikel 18, tweede lid.", nil},
		{"Hij maakte zich schuldig aan voorbereiding (zowel 96 als 46 Sr).", nil},
		{"In navolging van Verordening 98/2013 en de strategie 2016–2020.", nil},
		{"Een 25 jarige verdachte is veroordeeld.", nil},
		{"Het gaat om personen (maatregel 7), zie ook maatregel 27&28 en maatregel 15.", nil},
		{"Zie ook maatregel 26.", nil},
		{"Maatregel 20b is in de 2e voortgangsrapportage afgerond.", nil},
		{"Op 8 december heeft de tweede bijeenkomst plaatsgevonden.", nil},
		{"Naar voorbeeld van het peer 2 peer programma.", nil},
		{"Mentoren geven 1 op 1 begeleiding.", nil},
		{"Lidstaten hebben 2 jaar de tijd.", nil},
		{"Er is na drie jaar nog veel behoefte.", nil},
		{"Het betreft de Paspoortuitvoeringsregeling Nederland 2001.", nil},
		{"Er zijn geen gerechtelijke uitspraken geweest.", nil},
		{"Met één referral worden meerdere bedrijven bereikt.", nil},
		{"De trainingen zijn 1 mei 2017 gereed.", nil},
		{"Van die 81 minderjarigen waren er 46 kinderen.", []string{"81", "46"}}, // no earlier 81 in this row
	}
	for _, tt := range tests {
		ext, err := ingest.Extract(miniReport(tt.in), ingest.Options{File: "t.txt", ReportDate: peil.NewDate(2017, 3, 31)})
		if err != nil {
			t.Fatalf("Extract(%q): %v", tt.in, err)
		}
		var got []string
		for _, f := range ext.Figures {
			got = append(got, f.Text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("figures in %q = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestBackReference: "Van die 81 minderjarigen" restates the 81 before it;
// the parts after it take its period.
func TestBackReference(t *testing.T) {
	in := "In de periode februari 2013 tot 1 maart 2017 zijn 81 kindzaken onderzocht. Van die 81 minderjarigen waren er 46 kinderen in gezinsverband en 35 individuele jongeren."
	ext, err := ingest.Extract(miniReport(in), ingest.Options{File: "t.txt", ReportDate: peil.NewDate(2017, 3, 31)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range ext.Figures {
		got = append(got, fmt.Sprintf("%v %s %s..%s", f.Value, f.Kind, f.PeriodStart, f.PeriodEnd))
	}
	want := []string{"81 flow 2013-02-01..2017-03-01", "46 flow 2013-02-01..2017-03-01", "35 flow 2013-02-01..2017-03-01"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("figures = %q; want %q", got, want)
	}
}

func TestKindsAndPeriods(t *testing.T) {
	ps := peil.NewDate(2016, 10, 1)
	tests := []struct {
		in               string
		kind             peil.Kind
		value            float64
		start, end, qual string
	}{
		{"Sinds maart 2013 is in circa 20 gevallen ingegrepen.", peil.KindCumulative, 20, "2013-03-01", "2017-03-31", "approx"},
		{"Er zijn sinds december 2013 ongeveer 300 (peildatum 13 februari 2017) verzoeken gedaan.", peil.KindCumulative, 300, "2013-12-01", "2017-02-13", "approx"},
		{"Dit is inmiddels in 50 gevallen gebeurd.", peil.KindCumulative, 50, "", "2017-03-31", "exact"},
		{"Ook zijn er in deze rapportageperiode 2 personen gedelist.", peil.KindFlow, 2, "2016-10-01", "2017-03-31", "exact"},
		{"Er zijn in 2016 120 unieke meldingen binnengekomen.", peil.KindFlow, 120, "2016-01-01", "2016-12-31", "exact"},
		{"In totaal staan er nu 105 personen op de lijst.", peil.KindStock, 105, "", "2017-03-31", "exact"},
		{"Tot en met januari 2017 hebben 22 gemeenten deelgenomen.", peil.KindCumulative, 22, "", "2017-01-31", "exact"},
		{"Er is ruim 6,4 miljoen euro toegekend voor 2017.", peil.KindAmount, 6400000, "2017-01-01", "2017-12-31", "more_than"},
		{"Dit is een afname van 15% ten opzichte van 2015.", peil.KindChange, -15, "", "2017-03-31", "exact"},
		{"Dit is een toename van 12% ten opzichte van 2015.", peil.KindChange, 12, "", "2017-03-31", "exact"},
		{"Het krijgt een 4,4 op een schaal van 5.", peil.KindRating, 4.4, "", "2017-03-31", "exact"},
		{"Eind april zullen ongeveer 30.000 scholieren de voorstelling hebben gezien.", peil.KindStock, 30000, "", "2017-04-30", "approx"},
		// A count over years up to the report's own: it ends at the report date.
		{"Binnen deze projecten zijn in 2016 en 2017 ca. 160 bijeenkomsten georganiseerd.", peil.KindFlow, 160, "2016-01-01", "2017-03-31", "approx"},
		{"In 2017 zijn 12 scholen bezocht.", peil.KindFlow, 12, "2017-01-01", "2017-03-31", "exact"},
		{"In 2017 zullen 12 scholen worden bezocht.", peil.KindFlow, 12, "2017-01-01", "2017-12-31", "exact"},
		{"In maart en april 2017 worden 4 bijeenkomsten georganiseerd.", peil.KindFlow, 4, "2017-03-01", "2017-04-30", "exact"},
	}
	for _, tt := range tests {
		ext, err := ingest.Extract(miniReport(tt.in), ingest.Options{File: "t.txt", ReportDate: peil.NewDate(2017, 3, 31), PeriodStart: ps})
		if err != nil {
			t.Fatalf("Extract(%q): %v", tt.in, err)
		}
		if len(ext.Figures) != 1 {
			t.Errorf("Extract(%q): %d figures; want 1", tt.in, len(ext.Figures))
			continue
		}
		f := ext.Figures[0]
		if f.Kind != tt.kind || f.Value != tt.value || f.PeriodStart.String() != tt.start || f.PeriodEnd.String() != tt.end || string(f.Qualifier) != tt.qual {
			t.Errorf("Extract(%q) = %v %s %s..%s %s; want %v %s %s..%s %s", tt.in, f.Value, f.Kind, f.PeriodStart, f.PeriodEnd, f.Qualifier,
				tt.value, tt.kind, tt.start, tt.end, tt.qual)
		}
	}
}

// figureKey is a figure without its line: what must not change when the same
// report is laid out differently.
func figureKey(f peil.Figure) string {
	return fmt.Sprintf("%d|%v|%s|%s|%s|%s|%s|%s|%s|%s", f.Measure, f.Value, f.Text, f.Qualifier, f.Unit, f.Indicator, f.Kind,
		f.PeriodStart, f.PeriodEnd, f.Sentence)
}

func TestSample(t *testing.T) {
	ext, err := ingest.Extract(readSample(t), ingest.Options{File: "voortgangsrapportage-2017.txt", Catalog: catalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog(t)
	if len(ext.Measures) != 38 {
		t.Fatalf("%d measures; want 38", len(ext.Measures))
	}
	for i, m := range ext.Measures {
		cm, _ := cat.Measure(i + 1)
		if m.Nr != i+1 || m.Title != cm.Title || m.Cluster != cm.Cluster {
			t.Errorf("measure %d = %d %q (%s); want %d %q (%s)", i, m.Nr, m.Title, m.Cluster, i+1, cm.Title, cm.Cluster)
		}
		if m.Status == "" || strings.Contains(m.Status, "Nr Omschrijving") || strings.Contains(m.Status, "Maatregel 20b") {
			t.Errorf("measure %d: status %.80q holds a header or footnote or is empty", m.Nr, m.Status)
		}
	}
	m3 := ext.Measures[2]
	if strings.Contains(m3.Status, "langdurig onder toezicht") || !strings.Contains(m3.Status, "aan deze verdachten opgelegd") {
		t.Errorf("measure 3: the title's end was not taken out of the status: %q", m3.Status)
	}
	if ext.Measures[26].Status != ext.Measures[27].Status || ext.Measures[27].Line != 709 {
		t.Errorf("measures 27 and 28 should share their row and status (line %d)", ext.Measures[27].Line)
	}
	if got := ext.Measures[31]; got.Title != "Versterking coördinatie op de uitvoering." || !strings.HasPrefix(got.Status, "De CT-Infobox werkt") {
		t.Errorf("measure 32 = %q / %.30q; want title and status split on one line", got.Title, got.Status)
	}
	if ext.Report.ReportDate.String() != "2017-03-31" {
		t.Errorf("report date = %s; want 2017-03-31", ext.Report.ReportDate)
	}
	used := map[peil.IndicatorID]bool{}
	for _, f := range ext.Figures {
		ind, ok := cat.Indicator(f.Indicator)
		if !ok {
			t.Errorf("figure %q (measure %d, line %d) matched no indicator", f.Text, f.Measure, f.Line)
			continue
		}
		used[f.Indicator] = true
		if ind.Kind != f.Kind || ind.Unit != f.Unit {
			t.Errorf("figure %q is %s in %s; its indicator %s is %s in %s", f.Text, f.Kind, f.Unit, ind.ID, ind.Kind, ind.Unit)
		}
	}
	for _, ind := range cat.Indicators {
		if !used[ind.ID] {
			t.Errorf("indicator %s matches no figure of the sample", ind.ID)
		}
	}
}

// TestSegmentWithoutCatalog: the layout alone (short title lines, a title's
// full stop, page breaks) splits the sample's columns as the catalog does.
func TestSegmentWithoutCatalog(t *testing.T) {
	cat := catalog(t)
	with, err := ingest.Extract(readSample(t), ingest.Options{File: "s.txt", Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	without, err := ingest.Extract(readSample(t), ingest.Options{File: "s.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(without.Measures) != len(with.Measures) || len(without.Figures) != len(with.Figures) {
		t.Fatalf("without catalog: %d measures, %d figures; want %d, %d", len(without.Measures), len(without.Figures),
			len(with.Measures), len(with.Figures))
	}
	for i, m := range without.Measures {
		if w := with.Measures[i]; m.Nr != w.Nr || m.Title != w.Title || m.Status != w.Status {
			t.Errorf("without catalog, measure %d = %q / %.60q; want %q / %.60q", m.Nr, m.Title, m.Status, w.Title, w.Status)
		}
	}
	for _, f := range without.Figures {
		if f.Indicator != "" {
			t.Errorf("figure %q matched %s without a catalog", f.Text, f.Indicator)
		}
	}
}

func TestGolden(t *testing.T) {
	ext, err := ingest.Extract(readSample(t), ingest.Options{File: "voortgangsrapportage-2017.txt", Catalog: catalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(ext, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "voortgangsrapportage-2017.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./ingest -run TestGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("extraction differs from %s at line %d:\n got: %s\nwant: %s", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("extraction differs from %s in length: %d lines, want %d", golden, len(gl), len(wl))
	}
}

// TestLayoutRobustness: CRLF, no-break spaces, no blank lines, other page
// breaks and other wrapping give the same figures and events.
func TestLayoutRobustness(t *testing.T) {
	raw := readSample(t)
	cat := catalog(t)
	base, err := ingest.Extract(raw, ingest.Options{File: "s.txt", Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	variants := map[string]string{
		"crlf":           strings.ReplaceAll(string(raw), "\n", "\r\n"),
		"cr":             strings.ReplaceAll(string(raw), "\n", "\r"),
		"nbsp":           nbsp(string(raw)),
		"no blank lines": strings.Join(filter(lines, func(s string) bool { return strings.TrimSpace(s) != "" }), "\n"),
		"page breaks":    pageBreaks(lines),
		"rewrapped":      strings.Join(rewrap(lines), "\n"),
		"all at once":    strings.ReplaceAll(nbsp(strings.Join(rewrap(filter(strings.Split(pageBreaks(lines), "\n"), func(s string) bool { return strings.TrimSpace(s) != "" })), "\n")), "\n", "\r\n"),
		"utf-8 bom":      "\ufeff" + string(raw),
		// Each row joined and wrapped anew, as another PDF converter would:
		// title and status run together, the footnote and the page-break
		// remainders of titles land inside lines.
		"rows at 100":             rewrapRows(string(raw), 100, 0),
		"rows at 60":              rewrapRows(string(raw), 60, 0),
		"rows at 100, header cut": rewrapRows(string(raw), 100, 16),
		"rows at 60, header cut":  rewrapRows(string(raw), 60, 24),
		"rows at 40, header cut":  rewrapRows(string(raw), 40, 3),
		// Only the first header wrapped, after "Nr": the table still starts there.
		"first header cut":       strings.Replace(string(raw), header, "Nr\nOmschrijving Recente ontwikkelingen en stand van zaken", 1),
		"rows at 100, first cut": strings.Replace(rewrapRows(string(raw), 100, 0), header, "Nr Omschrijving\nRecente ontwikkelingen en stand van zaken", 1),
	}
	for name, v := range variants {
		ext, err := ingest.Extract([]byte(v), ingest.Options{File: "s.txt", Catalog: cat})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if ext.Report.ReportDate != base.Report.ReportDate {
			t.Errorf("%s: report date %s; want %s", name, ext.Report.ReportDate, base.Report.ReportDate)
		}
		if len(ext.Figures) != len(base.Figures) {
			t.Errorf("%s: %d figures; want %d", name, len(ext.Figures), len(base.Figures))
		}
		for i := 0; i < len(ext.Figures) && i < len(base.Figures); i++ {
			if g, w := figureKey(ext.Figures[i]), figureKey(base.Figures[i]); g != w {
				t.Errorf("%s: figure %d =\n %s\nwant\n %s", name, i, g, w)
			}
		}
		if len(ext.Events) != len(base.Events) {
			t.Errorf("%s: %d events; want %d", name, len(ext.Events), len(base.Events))
		}
		for i := 0; i < len(ext.Events) && i < len(base.Events); i++ {
			g, w := ext.Events[i], base.Events[i]
			g.Line, w.Line = 0, 0
			if g != w {
				t.Errorf("%s: event %d = %+v; want %+v", name, i, g, w)
			}
		}
		if len(ext.Measures) != len(base.Measures) {
			t.Errorf("%s: %d measures; want %d", name, len(ext.Measures), len(base.Measures))
		}
		for i := range ext.Measures {
			if i < len(base.Measures) && (ext.Measures[i].Title != base.Measures[i].Title || ext.Measures[i].Status != base.Measures[i].Status) {
				g, w := ext.Measures[i].Title+" / "+ext.Measures[i].Status, base.Measures[i].Title+" / "+base.Measures[i].Status
				k := 0
				for k < len(g) && k < len(w) && g[k] == w[k] {
					k++
				}
				t.Errorf("%s: measure %d differs at byte %d: %q; want %q", name, ext.Measures[i].Nr, k, g[max(k-40, 0):min(k+40, len(g))],
					w[max(k-40, 0):min(k+40, len(w))])
			}
		}
	}
}

func filter(lines []string, keep func(string) bool) []string {
	var out []string
	for _, l := range lines {
		if keep(l) {
			out = append(out, l)
		}
	}
	return out
}

// nbsp turns every third space inside a line into a no-break space.
func nbsp(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == ' ' {
			n++
			if n%3 == 0 {
				r = '\u00a0'
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pageBreaks inserts a page break (a repeated header, then a line starting
// with a space) before every 17th long status line.
func pageBreaks(lines []string) string {
	var out []string
	n := 0
	for _, l := range lines {
		if len(l) > 70 && !strings.HasPrefix(l, " ") {
			n++
			if n%17 == 0 {
				out = append(out, " ", "Nr Omschrijving Recente ontwikkelingen en stand van zaken ", "")
				l = " " + l
			}
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// rewrap splits every long line in two at a space near its middle.
func rewrap(lines []string) []string {
	var out []string
	for _, l := range lines {
		t := strings.TrimRight(l, " \r")
		if len(t) < 70 {
			out = append(out, l)
			continue
		}
		cut := -1
		for i := len(t) / 2; i < len(t)-1; i++ {
			if t[i] == ' ' && t[i-1] != '-' && t[i+1] != ' ' {
				cut = i
				break
			}
		}
		if cut < 0 {
			out = append(out, l)
			continue
		}
		out = append(out, t[:cut]+" ", l[cut+1:])
	}
	return out
}

// header is the sample's table header row.
const header = "Nr Omschrijving Recente ontwikkelingen en stand van zaken"

// rowStartRE matches the start of a table row: a measure number, spaces and
// a capital.
var rowStartRE = regexp.MustCompile(`^(\d{1,2}) +\p{Lu}`)

// rewrapRows joins the lines of each table row (and of the introduction)
// into one text and wraps it again at width columns. The header row stays a
// line of its own; with headerCut > 0 it is wrapped at that width too.
func rewrapRows(raw string, width, headerCut int) string {
	var out []string
	var block strings.Builder
	joinNext := false // the last line ended in a hyphen that joins words
	flush := func() {
		out = append(out, wrapAt(block.String(), width)...)
		block.Reset()
		joinNext = false
	}
	nr := 0
	for _, l := range strings.Split(raw, "\n") {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "Nr Omschrijving") {
			flush() // the row goes on after the header, wrapped anew
			if headerCut > 0 {
				out = append(out, wrapAt(t, headerCut)...)
			} else {
				out = append(out, t)
			}
			continue
		}
		if m := rowStartRE.FindStringSubmatch(t); m != nil {
			if n, _ := strconv.Atoi(m[1]); n > nr {
				flush()
				nr = n
			}
		}
		if block.Len() > 0 && !joinNext {
			block.WriteByte(' ')
		}
		block.WriteString(t)
		end := strings.TrimRight(l, "\r")
		joinNext = strings.HasSuffix(end, "-") && len(end) > 1 && unicode.IsLetter(rune(end[len(end)-2]))
	}
	flush()
	return strings.Join(out, "\n") + "\n"
}

// wrapAt wraps s greedily at width columns.
func wrapAt(s string, width int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width:
			out = append(out, line)
			line = w
		default:
			line += " " + w
		}
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// TestOtherReports: two invented reports with other wordings of the same
// indicators match the same catalog ids.
func TestOtherReports(t *testing.T) {
	tests := []struct {
		file       string
		reportDate string
		want       map[string]string // figure text -> indicator
	}{
		{"report-2.txt", "2017-09-30", map[string]string{
			"ruim 400": "criminal_investigations", "ongeveer 500": "investigation_suspects",
			"circa 320": "passport_measures", "60": "passport_alerts_lifted",
			"110": "sanctions_persons_listed", "4": "sanctions_organisations_listed", "12": "sanctions_persons_listed_period",
			"3": "sanctions_persons_delisted", "115": "sanctions_persons_total",
			"zes": "precursor_workshops_held", "drie": "precursor_workshops_planned",
			"95": "child_protection_cases", "52": "child_protection_cases_family", "43": "child_protection_cases_individual",
			"circa 90": "community_meetings", "meer dan 2500": "community_meeting_visitors",
			"140": "school_trainings", "2.450": "school_training_participants",
			"ruim 7 miljoen euro": "local_approach_funding", "21": "local_approach_municipalities",
			"410": "ror_trainings", "ongeveer 3100": "ror_professionals_trained",
		}},
		{"report-3.txt", "2018-02-28", map[string]string{
			"minstens 410": "criminal_investigations", "zo’n 520": "investigation_suspects",
			"drie": "ta_prisons", "26": "alien_measures", "230": "benefits_stopped",
			"138": "extremism_reports", "15%": "extremism_reports_change",
			"140": "learning_circle_officials", "55": "newsroom_classes", "4,2 op een schaal van 5": "jihad_play_rating",
			"€ 12 miljoen": "eu_counter_narrative_funding",
		}},
	}
	cat := catalog(t)
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		ext, err := ingest.Extract(raw, ingest.Options{File: tt.file, Catalog: cat})
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if ext.Report.ReportDate.String() != tt.reportDate {
			t.Errorf("%s: report date %s; want %s", tt.file, ext.Report.ReportDate, tt.reportDate)
		}
		got := map[string]string{}
		for _, f := range ext.Figures {
			if _, dup := got[f.Text]; dup && tt.want[f.Text] != "" {
				continue // "4 organisaties" twice: the first is checked
			}
			got[f.Text] = string(f.Indicator)
		}
		for text, id := range tt.want {
			if got[text] != id {
				t.Errorf("%s: figure %q matched %q; want %q", tt.file, text, got[text], id)
			}
		}
		for text := range got {
			if _, ok := tt.want[text]; !ok {
				t.Errorf("%s: unexpected figure %q (%s)", tt.file, text, got[text])
			}
		}
		for _, f := range ext.Figures {
			if want, ok := otherPeriods[tt.file+" "+f.Text]; ok {
				if g := fmt.Sprintf("%s %s..%s", f.Kind, f.PeriodStart, f.PeriodEnd); g != want {
					t.Errorf("%s: figure %q = %s; want %s", tt.file, f.Text, g, want)
				}
			}
		}
	}
}

// otherPeriods are kinds and periods of figures in the invented reports.
var otherPeriods = map[string]string{
	"report-2.txt circa 320":               "cumulative 2013-12-01..2017-09-01",
	"report-2.txt 12":                      "flow ..2017-09-30",
	"report-2.txt drie":                    "flow 2018-01-01..2018-12-31",
	"report-2.txt 410":                     "cumulative 2015-07-01..2017-09-30",
	"report-2.txt ruim 7 miljoen euro":     "amount 2018-01-01..2018-12-31",
	"report-3.txt 230":                     "stock ..2018-02-01",
	"report-3.txt 140":                     "cumulative ..2017-12-31",
	"report-3.txt 138":                     "flow 2017-01-01..2017-12-31",
	"report-3.txt 4,2 op een schaal van 5": "rating ..2018-02-28",
}

// TestUnknownMeasure: with a catalog, a line that starts with a number that
// is no measure is text of the row before it.
func TestUnknownMeasure(t *testing.T) {
	in := "Nr Omschrijving\n1 Een titel.\nEr zijn 5 gevallen gemeld in de hele periode tot nu toe in het land.\n39 Nieuwe zaken kwamen erbij, zoals 7 nieuwe meldingen in de regio.\n"
	ext, err := ingest.Extract([]byte(in), ingest.Options{File: "t.txt", Catalog: catalog(t), ReportDate: peil.NewDate(2017, 3, 31)})
	if err != nil {
		t.Fatal(err)
	}
	if len(ext.Measures) != 1 || len(ext.Figures) != 3 || ext.Figures[1].Value != 39 || ext.Figures[2].Measure != 1 {
		t.Errorf("got %d measures, figures %+v; want measure 1 with the figures 5, 39 and 7", len(ext.Measures), ext.Figures)
	}
}

// TestSharedRowBeyondCatalog: "&" after the last measure of the catalog does
// not make a measure the catalog lacks.
func TestSharedRowBeyondCatalog(t *testing.T) {
	in := "Nr Omschrijving\n38 Een titel die niet in de catalogus staat.\n&\nNog een titel.\nEr zijn 5 gevallen gemeld in de hele periode tot nu toe in het land.\n"
	ext, err := ingest.Extract([]byte(in), ingest.Options{File: "t.txt", Catalog: catalog(t), ReportDate: peil.NewDate(2017, 3, 31)})
	if err != nil {
		t.Fatal(err)
	}
	checkExtraction(t, ext, catalog(t), 5)
	if len(ext.Measures) != 1 || ext.Measures[0].Nr != 38 {
		t.Errorf("measures = %+v; want only 38", ext.Measures)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		line int
		msg  string
	}{
		{"empty", nil, 1, "leeg"},
		{"blank", []byte(" \n\n \t\n"), 1, "leeg"},
		{"truncated pdf", []byte("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), 0, "PDF-bestand is onvolledig"},
		{"nul", []byte("Nr Omschrijving\n1 Titel.\nabc\x00def\n"), 3, "binair"},
		{"invalid utf-8", []byte("Nr Omschrijving\n1 Titel.\nOp dit moment\n lopen er \x81386 zaken\n"), 4, "UTF-8"},
		{"mixed utf-8 and not", []byte("Nr Omschrijving\n1 Één titel.\nOp dit moment\n lopen er \xeb386 zaken\n"), 4, "UTF-8"},
		{"odd utf-16", []byte{0xFF, 0xFE, 'a', 0, 'b'}, 0, "UTF-16"},
		{"no table", []byte("Dit is gewoon een brief zonder tabel.\n"), 0, "geen maatregelen"},
		{"huge", bytes.Repeat([]byte("1 Een regel tekst.\n"), ingest.MaxReportBytes/19+1), 0, "groter dan 4 MB"},
	}
	for _, tt := range tests {
		_, err := ingest.Extract(tt.in, ingest.Options{File: "in.txt"})
		var pe *peil.Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v; want *peil.Error", tt.name, err)
			continue
		}
		if pe.Code != peil.EINVALID || pe.File != "in.txt" || pe.Line != tt.line || !strings.Contains(pe.Message, tt.msg) {
			t.Errorf("%s: err = %q (code %s, line %d); want EINVALID on line %d mentioning %q", tt.name, err, pe.Code, pe.Line, tt.line, tt.msg)
		}
	}
}

// TestTwoReports: a text whose numbering starts again holds two reports;
// it must not fold the second into the last measure of the first.
func TestTwoReports(t *testing.T) {
	raw := readSample(t)
	second := bytes.Count(raw, []byte("\n")) + 24 // "1 Naar onderkende uitreizigers" is line 24
	for _, cat := range []*peil.Catalog{catalog(t), nil} {
		for name, in := range map[string][]byte{
			"twice":             bytes.Repeat(raw, 2),
			"twice, rewrapped":  []byte(rewrapRows(string(raw), 100, 0) + rewrapRows(string(raw), 100, 0)),
			"ten times, header": bytes.Repeat(raw, 10),
		} {
			_, err := ingest.Extract(in, ingest.Options{File: "twee.txt", Catalog: cat})
			var pe *peil.Error
			if !errors.As(err, &pe) || pe.Code != peil.EINVALID || !strings.Contains(pe.Message, "begint opnieuw") {
				t.Errorf("%s (catalog %v): err = %v; want EINVALID saying the numbering starts again", name, cat != nil, err)
				continue
			}
			if name == "twice" && pe.Line != second {
				t.Errorf("%s (catalog %v): error on line %d; want %d", name, cat != nil, pe.Line, second)
			}
		}
	}
}

// TestPeriodStartAfterReportDate: a period cannot start after its report.
func TestPeriodStartAfterReportDate(t *testing.T) {
	tests := []struct {
		name        string
		report, ps  peil.Date
		wantErr     bool
		wantMessage string
	}{
		{"given", peil.NewDate(2017, 3, 31), peil.NewDate(2018, 1, 1), true, "begin van de periode 2018-01-01 ligt na de rapportagedatum 2017-03-31"},
		{"inferred", peil.Date{}, peil.NewDate(2018, 1, 1), true, "ligt na de rapportagedatum 2017-03-31 (afgeleid uit de tekst)"},
		{"same day", peil.NewDate(2017, 3, 31), peil.NewDate(2017, 3, 31), false, ""},
		{"before", peil.NewDate(2017, 3, 31), peil.NewDate(2016, 10, 1), false, ""},
	}
	for _, tt := range tests {
		_, err := ingest.Extract(readSample(t), ingest.Options{File: "s.txt", ReportDate: tt.report, PeriodStart: tt.ps})
		var pe *peil.Error
		switch {
		case tt.wantErr && (!errors.As(err, &pe) || pe.Code != peil.EINVALID || !strings.Contains(pe.Message, tt.wantMessage)):
			t.Errorf("%s: err = %v; want EINVALID with %q", tt.name, err, tt.wantMessage)
		case !tt.wantErr && err != nil:
			t.Errorf("%s: err = %v; want none", tt.name, err)
		}
	}
}

// TestMissingMeasuresNote: when the table's start is not recognised, the
// measures it loses are named, not dropped in silence.
func TestMissingMeasuresNote(t *testing.T) {
	raw := strings.Replace(string(readSample(t)), header, "Overzicht van de maatregelen", 1)
	var notes []string
	ext, err := ingest.Extract([]byte(raw), ingest.Options{File: "s.txt", Catalog: catalog(t), ReportDate: peil.NewDate(2017, 3, 31),
		Notef: func(f string, a ...any) { notes = append(notes, fmt.Sprintf(f, a...)) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(ext.Measures) == 38 {
		t.Fatalf("all 38 measures found; the test needs a table whose start is lost")
	}
	want := fmt.Sprintf("s.txt: maatregelen 1–%d niet gevonden", ext.Measures[0].Nr-1)
	if len(notes) != 1 || !strings.HasPrefix(notes[0], want) {
		t.Errorf("notes = %q; want one starting with %q", notes, want)
	}
	notes = nil
	if _, err := ingest.Extract(readSample(t), ingest.Options{File: "s.txt", Catalog: catalog(t), ReportDate: peil.NewDate(2017, 3, 31),
		Notef: func(f string, a ...any) { notes = append(notes, fmt.Sprintf(f, a...)) }}); err != nil || len(notes) != 0 {
		t.Errorf("sample: err %v, notes %q; want neither", err, notes)
	}
}

func TestUTF16(t *testing.T) {
	raw := readSample(t)
	base, err := ingest.Extract(raw, ingest.Options{File: "s.txt", Catalog: catalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	units := utf16.Encode([]rune(string(raw)))
	for _, tt := range []struct{ big, bom bool }{{false, true}, {true, true}, {false, false}, {true, false}} {
		big := tt.big
		var b []byte
		switch {
		case tt.bom && big:
			b = []byte{0xFE, 0xFF}
		case tt.bom:
			b = []byte{0xFF, 0xFE}
		}
		for _, u := range units {
			if big {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		var notes []string
		ext, err := ingest.Extract(b, ingest.Options{File: "s.txt", Catalog: catalog(t), ReportDate: peil.NewDate(2017, 3, 31),
			Notef: func(f string, a ...any) { notes = append(notes, fmt.Sprintf(f, a...)) }})
		if err != nil {
			t.Fatalf("UTF-16 (big endian %v, BOM %v): %v", big, tt.bom, err)
		}
		if len(notes) != 1 || !strings.Contains(notes[0], "UTF-16") || strings.Contains(notes[0], "zonder byte-order mark") == tt.bom {
			t.Errorf("UTF-16 (big endian %v, BOM %v): notes %q; want one about UTF-16, saying whether it had a byte order mark", big, tt.bom, notes)
		}
		if len(ext.Figures) != len(base.Figures) || figureKey(ext.Figures[0]) != figureKey(base.Figures[0]) {
			t.Errorf("UTF-16 (big endian %v, BOM %v): %d figures; want %d, the same as in UTF-8", big, tt.bom, len(ext.Figures), len(base.Figures))
		}
	}
}

func TestReportDateNote(t *testing.T) {
	var notes []string
	ext, err := ingest.Extract(readSample(t), ingest.Options{File: "s.txt", Notef: func(f string, a ...any) { notes = append(notes, fmt.Sprintf(f, a...)) }})
	if err != nil {
		t.Fatal(err)
	}
	if ext.Report.ReportDate.String() != "2017-03-31" || len(notes) != 1 || !strings.Contains(notes[0], "2017-03-31") || !strings.Contains(notes[0], "regel 1062") {
		t.Errorf("report date %s, notes %q; want 2017-03-31 inferred from line 1062", ext.Report.ReportDate, notes)
	}
	notes = nil
	ext, err = ingest.Extract(readSample(t), ingest.Options{File: "s.txt", ReportDate: peil.NewDate(2017, 4, 15), Notef: func(f string, a ...any) { notes = append(notes, f) }})
	if err != nil {
		t.Fatal(err)
	}
	if ext.Report.ReportDate.String() != "2017-04-15" || len(notes) != 0 {
		t.Errorf("given report date: got %s with notes %q; want 2017-04-15 and no notes", ext.Report.ReportDate, notes)
	}
}

func TestManifest(t *testing.T) {
	f, err := data.Samples.Open(data.SampleDir() + "/reports.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, err := ingest.ReadManifest(f, "reports.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].File != "voortgangsrapportage-2017.txt" || entries[0].ReportDate.String() != "2017-03-31" ||
		!entries[0].PeriodStart.IsZero() || !strings.Contains(entries[0].Title, "voorjaar 2017") {
		t.Fatalf("manifest = %+v", entries)
	}
	if _, err := data.Samples.Open(data.SampleDir() + "/" + entries[0].File); err != nil {
		t.Errorf("manifest names %s, which is not embedded: %v", entries[0].File, err)
	}
	bad := []struct {
		in   string
		line int
	}{
		{"", 1},
		{"file,titel,report_date,period_start\n", 1},
		{"file,title,report_date,period_start\na.txt,A,2017-03-31,\nb.txt,B,31-03-2017,\n", 3},
		{"file,title,report_date,period_start\na.txt,A,2017-03-31,2017-13-01\n", 2},
		{"file,title,report_date,period_start\n../a.txt,A,2017-03-31,\n", 2},
		{"file,title,report_date,period_start\na.txt,A,2017-03-31,\na.txt,B,2017-09-30,\n", 3},
		{"file,title,report_date,period_start\na.txt,A\n", 2},
		{"file,title,report_date,period_start,kamerstuk,bron\n", 1},
		{"file,title,report_date,period_start,url,url\n", 1},
		{"file,title,report_date\n", 1},
		{"file,title,report_date,period_start,kamerstuk,url\na.txt,A,2017-03-31,,29754-420,https://x.nl/a.pdf\nb.txt,B,2017-09-30,,29754-421,ftp://x.nl/b.pdf\n", 3},
		{"file,title,report_date,period_start,url\na.txt,A,2017-03-31,,javascript:alert(1)\n", 2},
		{"file,title,report_date,period_start,kamerstuk\na.txt,A,2017-03-31,,kamerstuk 420\n", 2},
		{"file,title,report_date,period_start,kamerstuk\na.txt,A,2017-03-31,\n", 2},
	}
	// The optional columns, in any order after the four; old manifests have none.
	entries, err = ingest.ReadManifest(strings.NewReader("\ufefffile,title,report_date,period_start,url,kamerstuk\n"+
		"a.txt,A,2017-03-31,,https://zoek.officielebekendmakingen.nl/kst-29754-420.pdf, 29754-420 \nb.txt,B,2017-09-30,,,\n"), "m.csv")
	if err != nil || len(entries) != 2 || entries[0].Kamerstuk != "29754-420" ||
		entries[0].URL != "https://zoek.officielebekendmakingen.nl/kst-29754-420.pdf" || entries[1].Kamerstuk != "" || entries[1].URL != "" {
		t.Errorf("manifest with kamerstuk and url = %+v, %v", entries, err)
	}
	for _, tt := range bad {
		_, err := ingest.ReadManifest(strings.NewReader(tt.in), "m.csv")
		var pe *peil.Error
		if !errors.As(err, &pe) || pe.Code != peil.EINVALID || pe.Line != tt.line || pe.File != "m.csv" {
			t.Errorf("ReadManifest(%q) = %v; want EINVALID at m.csv:%d", tt.in, err, tt.line)
		}
	}
}

// checkExtraction checks what must hold for any extraction: finite values,
// figures and events inside known measures, lines inside the input.
func checkExtraction(t *testing.T, ext *peil.Extraction, cat *peil.Catalog, lines int) {
	t.Helper()
	known := map[int]bool{}
	for _, m := range ext.Measures {
		known[m.Nr] = true
		if m.Line < 1 || m.Line > lines {
			t.Fatalf("measure %d on line %d of %d", m.Nr, m.Line, lines)
		}
		if cat != nil {
			if _, ok := cat.Measure(m.Nr); !ok {
				t.Fatalf("measure %d is not in the catalog", m.Nr)
			}
		}
	}
	for _, f := range ext.Figures {
		if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
			t.Fatalf("figure %q: value %v", f.Text, f.Value)
		}
		if !known[f.Measure] {
			t.Fatalf("figure %q in measure %d, which the report does not have", f.Text, f.Measure)
		}
		if cat != nil {
			if _, ok := cat.Measure(f.Measure); !ok {
				t.Fatalf("figure %q in unknown measure %d", f.Text, f.Measure)
			}
		}
		if f.Line < 1 || f.Line > lines || !f.Qualifier.Valid() || !f.Kind.Valid() {
			t.Fatalf("figure %+v: bad line, qualifier or kind", f)
		}
		checkBounds(t, f)
		if !f.PeriodStart.IsZero() && !f.PeriodEnd.IsZero() && f.PeriodStart.After(f.PeriodEnd.Time) {
			t.Fatalf("figure %q: period %s..%s ends before it starts", f.Text, f.PeriodStart, f.PeriodEnd)
		}
	}
	for _, e := range ext.Events {
		if !known[e.Measure] || e.Line < 1 || e.Line > lines || e.Date.IsZero() {
			t.Fatalf("event %+v: bad measure, line or date", e)
		}
	}
	if _, err := json.Marshal(ext); err != nil {
		t.Fatalf("marshal extraction: %v", err)
	}
}

// checkBounds checks that a figure's bounds agree with its qualifier and
// hold its value.
func checkBounds(t *testing.T, f peil.Figure) {
	t.Helper()
	bad := func(why string) {
		t.Fatalf("figure %q (%v, %s, lower %v, upper %v): %s", f.Text, f.Value, f.Qualifier, f.Lower, f.Upper, why)
	}
	if f.Lower != nil && f.Value < *f.Lower || f.Upper != nil && f.Value > *f.Upper {
		bad("value outside its bounds")
	}
	switch f.Qualifier {
	case peil.QualExact:
		if f.Lower == nil || f.Upper == nil || *f.Lower != f.Value || *f.Upper != f.Value {
			bad("exact figure without bounds equal to its value")
		}
	case peil.QualRange:
		if f.Lower == nil || f.Upper == nil || *f.Lower >= *f.Upper {
			bad("range without two different bounds")
		}
	case peil.QualApprox:
		if f.Lower != nil || f.Upper != nil {
			bad("approximate figure with bounds")
		}
	case peil.QualAtLeast, peil.QualMoreThan:
		if f.Lower == nil || f.Upper != nil {
			bad("lower bound only, expected")
		}
	case peil.QualAtMost:
		if f.Lower != nil || f.Upper == nil {
			bad("upper bound only, expected")
		}
	}
}

func TestEvents(t *testing.T) {
	tests := []struct {
		in   string
		want string // type date precision "label", or "" for no event
	}{
		{"De wijziging van de Rijkswet is op 1 maart 2017 in werking getreden.", `in_force 2017-03-01 day "Wijziging van de Rijkswet in werking getreden"`},
		{"Sinds 1 juni 2016 is de Wet precursoren voor explosieven in werking getreden.", `in_force 2016-06-01 day "Wet precursoren voor explosieven in werking getreden"`},
		{"Op 20 december 2016 is een wetsvoorstel aangenomen waarin wordt bepaald dat het kan.", `adopted 2016-12-20 day "Wetsvoorstel aangenomen"`},
		{"De Eerste Kamer heeft ook deze wetswijziging op 7 februari 2017 aanvaard.", `adopted 2017-02-07 day "Wetswijziging aanvaard"`},
		{"De Raad heeft de richtlijn op 7 maart 2017 aangenomen.", `adopted 2017-03-07 day "Richtlijn aangenomen"`},
		{"De Exit-faciliteit is sinds oktober 2015 ingericht.", `established 2015-10-01 month "Exit-faciliteit ingericht"`},
		{"Dit wetsvoorstel treedt naar verwachting in de eerste helft van 2017 in werking.", `expected 2017-01-01 half "Wetsvoorstel treedt naar verwachting in werking"`},
		{"De regeling zal op 1 juli 2017 in werking treden.", `expected 2017-07-01 day "Regeling treedt naar verwachting in werking"`},
		{"Op 1 maart 2017 is de Regeling van de Minister van 24 februari 2017 in werking getreden.", `in_force 2017-03-01 day "Regeling van de Minister in werking getreden"`},
		{"Inmiddels zijn via het ROR sinds de oprichting in juli 2015 324 trainingen verzorgd.", `established 2015-07-01 month "ROR opgericht"`},
		{"Sinds de oprichting van het Expertisecentrum in 2015 zijn 12 scholen bezocht.", `established 2015-01-01 year "Expertisecentrum opgericht"`},
		{"Het platform is in maart 2016 opgericht.", `established 2016-03-01 month "Platform opgericht"`},
		{"Over de oprichting van een nieuw centrum wordt nog gesproken.", ""},
		{"Totdat de wet in werking treedt, is uitschrijving nog voorwaarde.", ""},
		{"Internetbedrijven hebben een joint referral platform ingericht.", ""},
		{"Hiermee zijn 1995 deelnemers bereikt en is een platform ingericht.", ""},
	}
	for _, tt := range tests {
		ext, err := ingest.Extract(miniReport(tt.in), ingest.Options{File: "t.txt", ReportDate: peil.NewDate(2017, 3, 31)})
		if err != nil {
			t.Fatalf("Extract(%q): %v", tt.in, err)
		}
		var got []string
		for _, e := range ext.Events {
			got = append(got, fmt.Sprintf("%s %s %s %q", e.Type, e.Date, e.Precision, e.Label))
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("events in %q = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestConcurrentExtract: extractions share only read-only tables and the
// catalog, so they may run in parallel (run with -race).
func TestConcurrentExtract(t *testing.T) {
	raw := readSample(t)
	cat := catalog(t)
	want, err := ingest.Extract(raw, ingest.Options{File: "s.txt", Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			ext, err := ingest.Extract(raw, ingest.Options{File: "s.txt", Catalog: cat})
			if err == nil && len(ext.Figures) != len(want.Figures) {
				err = fmt.Errorf("%d figures; want %d", len(ext.Figures), len(want.Figures))
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
