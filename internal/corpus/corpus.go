// Package corpus generates synthetic progress reports in the style of the real
// ones (text extracted from a PDF: a table of measures with figures in prose,
// blank lines between lines, page breaks and repeated header rows), whose
// figures grow plausibly from report to report. Benchmarks and
// `peil gen-corpus` use it.
package corpus

import (
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"

	"github.com/peil-dev/peil"
)

// Report is one generated report.
type Report struct {
	File        string // file name, e.g. voortgangsrapportage-0001.txt
	Title       string
	ReportDate  peil.Date
	PeriodStart peil.Date // the previous report's date; zero for the first
	Text        []byte
}

// Options configure Generate.
type Options struct {
	Seed  uint64    // the same seed gives the same corpus
	Start peil.Date // date of the first report; zero: 15 november 2014
}

// Generate returns n reports on the measures and indicators of cat, one every
// one to three months. Every indicator of the catalog appears in most
// reports, with a value that follows its kind: cumulative totals grow, stocks
// drift, flows vary per period.
func Generate(cat *peil.Catalog, n int, opts Options) []Report {
	g := newGenerator(cat, opts)
	out := make([]Report, n)
	for i := range out {
		out[i] = g.next(i + 1)
	}
	return out
}

// WriteDir writes reports into dir (created when needed), with a reports.csv
// manifest (file,title,report_date,period_start) beside them.
func WriteDir(dir string, reports []Report) (err error) {
	defer peil.Wrap(&err, "write corpus")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, f := range FS(reports) {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// FS is the folder WriteDir would write, in memory: the reports and their
// reports.csv manifest, for ingest.Collect and ingest.Batch.
func FS(reports []Report) fstest.MapFS {
	fsys := fstest.MapFS{}
	var manifest strings.Builder
	w := csv.NewWriter(&manifest)
	w.Write([]string{"file", "title", "report_date", "period_start"})
	for _, r := range reports {
		fsys[r.File] = &fstest.MapFile{Data: r.Text, Mode: 0o644}
		w.Write([]string{r.File, r.Title, r.ReportDate.String(), r.PeriodStart.String()})
	}
	w.Flush() // a strings.Builder does not fail
	fsys["reports.csv"] = &fstest.MapFile{Data: []byte(manifest.String()), Mode: 0o644}
	return fsys
}

// generator holds the state of the figures between reports.
type generator struct {
	cat    *peil.Catalog
	rng    *rand.Rand
	date   peil.Date
	values map[peil.IndicatorID]float64
	since  map[peil.IndicatorID]peil.Date // start of each cumulative indicator
	yearly map[int]yearFigure             // extremism reports per year
}

// yearFigure is a yearly count with its change on the year before.
type yearFigure struct {
	value float64
	pct   int
	rise  bool
}

func newGenerator(cat *peil.Catalog, opts Options) *generator {
	start := opts.Start
	if start.IsZero() {
		start = peil.NewDate(2014, time.November, 15)
	}
	g := &generator{
		cat:    cat,
		rng:    rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5eed)),
		date:   start,
		values: map[peil.IndicatorID]float64{},
		since:  map[peil.IndicatorID]peil.Date{},
		yearly: map[int]yearFigure{},
	}
	for _, ind := range cat.Indicators {
		g.values[ind.ID] = g.initial(ind)
		g.since[ind.ID] = peil.NewDate(2013, time.Month(1+g.rng.IntN(12)), 1)
	}
	return g
}

// initial is an indicator's value in the first report.
func (g *generator) initial(ind peil.Indicator) float64 {
	switch ind.Kind {
	case peil.KindAmount:
		return float64(1+g.rng.IntN(90)) * 100_000
	case peil.KindRating:
		return 3.5
	case peil.KindChange:
		return 10
	}
	return float64(5 + g.rng.IntN(400))
}

// step moves an indicator on by the months since the last report and returns
// its new value and, for cumulative ones, the increase.
func (g *generator) step(ind peil.Indicator, months int) (value, added float64) {
	v := g.values[ind.ID]
	switch ind.Kind {
	case peil.KindCumulative:
		added = float64(months * (1 + g.rng.IntN(12)))
		v += added
	case peil.KindStock:
		v = math.Max(1, math.Round(v*(0.97+0.1*g.rng.Float64())))
	case peil.KindFlow:
		v = float64(months * (2 + g.rng.IntN(20)))
	case peil.KindAmount:
		v = math.Round(v*(1+0.1*g.rng.Float64())/100_000) * 100_000
	case peil.KindRating:
		v = math.Round((3+1.8*g.rng.Float64())*10) / 10
	case peil.KindChange:
		v = float64(1 + g.rng.IntN(30))
	}
	g.values[ind.ID] = v
	return v, added
}

// next writes report number nr.
func (g *generator) next(nr int) Report {
	prev := g.date
	months := 1 + g.rng.IntN(3)
	if nr > 1 {
		g.date = peil.DateOf(prev.AddDate(0, months, 0))
	}
	r := Report{
		File:       fmt.Sprintf("voortgangsrapportage-%04d.txt", nr),
		Title:      fmt.Sprintf("Voortgangsrapportage integrale aanpak jihadisme nr. %d (%s)", nr, peil.FormatDate(g.date)),
		ReportDate: g.date,
	}
	if nr > 1 {
		r.PeriodStart = prev
	}
	w := &writer{rng: g.rng}
	w.para("Voortgangsrapportage integrale aanpak jihadisme")
	w.para(fmt.Sprintf("Den Haag, %s", peil.FormatDate(g.date)))
	w.para("Voor u ligt een voortgangsrapportage van de integrale aanpak jihadisme, waarin verslag wordt gedaan " +
		"van recente ontwikkelingen in de aanpak jihadisme. " + filler[g.rng.IntN(len(filler))])
	w.header()
	byMeasure := map[int][]peil.Indicator{}
	for _, ind := range g.cat.Indicators {
		byMeasure[ind.Measure] = append(byMeasure[ind.Measure], ind)
	}
	for _, m := range g.cat.Measures {
		var status []string
		for _, ind := range byMeasure[m.Nr] {
			v, added := g.step(ind, months)
			if g.rng.IntN(10) == 0 { // now and then a report skips a figure
				continue
			}
			if s := g.sentence(ind, v, added, r); s != "" {
				status = append(status, s)
			}
		}
		if g.rng.IntN(12) == 0 {
			status = append(status, g.event(r))
		}
		status = append(status, filler[g.rng.IntN(len(filler))])
		w.row(m.Nr, m.Title, status)
	}
	r.Text = []byte(w.String())
	return r
}

// sentence states an indicator's value in the words of the reports.
func (g *generator) sentence(ind peil.Indicator, v, added float64, r Report) string {
	q := qualifiers[g.rng.IntN(len(qualifiers))]
	label := strings.ToLower(ind.Label[:1]) + ind.Label[1:]
	num := peil.FormatNumber(v)
	switch ind.Kind {
	case peil.KindCumulative:
		s := fmt.Sprintf("Er zijn sinds %s %s %s%s (peildatum %s) %s geteld in het kader van %s",
			peil.MonthNL(int(g.since[ind.ID].Month())), yearOf(g.since[ind.ID]), q, num, peil.FormatDate(r.ReportDate),
			ind.Unit, label)
		if !r.PeriodStart.IsZero() && added > 0 && q == "" {
			s += fmt.Sprintf(", waarvan %s in deze rapportageperiode", peil.FormatNumber(added))
		}
		return s + "."
	case peil.KindStock:
		return fmt.Sprintf("Op dit moment zijn er %s%s %s (%s).", q, num, ind.Unit, label)
	case peil.KindFlow:
		if ind.ID == "extremism_reports" {
			// A yearly figure, the same in every report of the next year, with
			// its change on the year before.
			last := r.ReportDate.Year() - 1
			y, ok := g.yearly[last]
			if !ok {
				y = yearFigure{value: float64(60 + g.rng.IntN(120)), pct: 1 + g.rng.IntN(25), rise: g.rng.IntN(2) == 0}
				g.yearly[last] = y
			}
			dir := "afname"
			if y.rise {
				dir = "toename"
			}
			return fmt.Sprintf("Bij Meld Misdaad Anoniem (via ‘Meld Extremisme Anoniem’) zijn in %d %s unieke meldingen "+
				"binnengekomen op het gebied van extremisme en radicalisering. Dit is een %s van %d%% ten opzichte van %d.",
				last, peil.FormatNumber(y.value), dir, y.pct, last-1)
		}
		return fmt.Sprintf("In deze rapportageperiode zijn %s%s %s geteld (%s).", q, num, ind.Unit, label)
	case peil.KindAmount:
		return fmt.Sprintf("Hiervoor is %s miljoen euro beschikbaar gesteld (%s).", peil.FormatNumber(v/1_000_000), label)
	case peil.KindRating:
		return fmt.Sprintf("Deelnemers hebben dit gewaardeerd met een %s op een schaal van 5 (%s).", num, label)
	}
	return "" // changes are written with the figure they change (see extremism_reports)
}

// event states a milestone within the report's period.
func (g *generator) event(r Report) string {
	d := r.ReportDate
	if !r.PeriodStart.IsZero() {
		d = peil.DateOf(r.PeriodStart.AddDate(0, 0, 1+g.rng.IntN(20)))
	}
	return fmt.Sprintf("%s is op %s in werking getreden.", laws[g.rng.IntN(len(laws))], peil.FormatDate(d))
}

func yearOf(d peil.Date) string { return fmt.Sprint(d.Year()) }

var qualifiers = []string{"", "", "", "circa ", "tenminste ", "ruim ", "ongeveer "}

var laws = []string{
	"De Tijdelijke wet bestuurlijke maatregelen terrorismebestrijding",
	"De wijziging van de Paspoortwet",
	"De wijziging van de Rijkswet op het Nederlanderschap",
	"De Regeling meldplicht uitreizigers",
}

// filler are sentences without figures, as the reports have many.
var filler = []string{
	"De uitvoering verloopt volgens planning en wordt nauw gevolgd door de betrokken partners.",
	"In de komende periode wordt de aanpak verder bestendigd in samenwerking met gemeenten.",
	"Het kabinet hecht aan het evalueren van de toepassing en effectiviteit van beleid.",
	"Met de betrokken ketenpartners zijn afspraken gemaakt over de verdere uitvoering.",
	"De resultaten worden meegenomen in de volgende voortgangsrapportage.",
	"Er is aandacht voor kennisdeling tussen professionals in het veld.",
}

// writer lays text out as the PDF extraction does: lines of about 90
// characters with blank lines between them, a page break (a line that starts
// with a space) now and then, and the table header repeated after it.
type writer struct {
	b     strings.Builder
	rng   *rand.Rand
	lines int
}

func (w *writer) String() string { return w.b.String() }

func (w *writer) line(s string) {
	w.b.WriteString(s)
	w.b.WriteString(" \n\n")
	w.lines++
	if w.lines%55 == 0 {
		w.b.WriteString(" \n")
		w.header()
	}
}

func (w *writer) header() {
	w.b.WriteString(" Nr Omschrijving Recente ontwikkelingen en stand van zaken \n\n")
}

// para writes text wrapped into lines.
func (w *writer) para(text string) {
	for _, l := range wrap(text, 90) {
		w.line(l)
	}
}

// row writes a measure: its number and title (wrapped narrow, as in the
// left column), then its status paragraphs.
func (w *writer) row(nr int, title string, status []string) {
	t := wrap(title, 48)
	t[0] = fmt.Sprintf("%d %s", nr, t[0])
	for _, l := range t {
		w.line(l)
	}
	for _, s := range status {
		w.para(s)
		if w.rng.IntN(3) == 0 {
			w.b.WriteString(" \n\n")
		}
	}
}

// wrap breaks text into lines of at most width bytes (longer words stay whole).
func wrap(text string, width int) []string {
	var out []string
	var cur strings.Builder
	for _, word := range strings.Fields(text) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			out = append(out, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 || len(out) == 0 {
		out = append(out, cur.String())
	}
	return out
}
