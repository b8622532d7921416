package charts

import (
	"time"

	"github.com/peil-dev/peil"
)

// Evil strings a report could contain; they must show as text, never as markup.
const (
	evilScript = `</script><script>alert(1)</script>`
	evilImg    = `<img src=x onerror=alert(1)>`
)

func date(y int, m time.Month, d int) peil.Date { return peil.NewDate(y, m, d) }

// sampleSeries is a cumulative series with one point of every kind and two events.
func sampleSeries() *peil.Series {
	r1, r2 := date(2016, time.September, 30), date(2017, time.March, 1)
	return &peil.Series{
		Indicator: peil.Indicator{ID: "passport_measures", Measure: 5, Label: "Paspoortmaatregelen",
			Unit: "verzoeken", Kind: peil.KindCumulative},
		Points: []peil.Point{
			{PeriodEnd: date(2016, time.March, 1), Value: 120, Text: "120", Qualifier: peil.QualExact,
				Source: peil.SourceDerived, Derivation: "186 min 66 in deze rapportageperiode", ReportDate: r1, Report: 1},
			{PeriodEnd: date(2016, time.September, 30), Value: 186, Text: "tenminste 186", Qualifier: peil.QualAtLeast,
				Source: peil.SourceExtracted, ReportDate: r1, Report: 1,
				Statements: []peil.Statement{{Report: 1, ReportDate: r1, Value: 186, Text: "tenminste 186",
					Sentence: "Er zijn tenminste 186 verzoeken gedaan.", Source: peil.SourceExtracted}}},
			{PeriodStart: date(2016, time.October, 1), PeriodEnd: date(2017, time.February, 13), Value: 300,
				Text: "ongeveer 300", Qualifier: peil.QualApprox, Source: peil.SourceExtracted, ReportDate: r2, Report: 2,
				Revised: true, Shown: 1,
				Statements: []peil.Statement{
					{Report: 1, ReportDate: r1, Value: 290, Text: "290", Sentence: "Eerder: 290."},
					{Report: 2, ReportDate: r2, Value: 300, Text: "ongeveer 300",
						Sentence: "Er zijn ongeveer 300 (peildatum 13 februari 2017) verzoeken gedaan."},
				}},
			{PeriodEnd: date(2017, time.March, 1), Value: 1995, Text: "1.995", Qualifier: peil.QualExact,
				Source: peil.SourceExtracted, ReportDate: r2, Report: 2},
			{PeriodEnd: date(2017, time.March, 1), Value: 2500, Text: "hooguit 2.500", Qualifier: peil.QualAtMost,
				Source: peil.SourceImported},
		},
		Increments: []peil.Increment{
			{From: date(2016, time.March, 1), To: date(2016, time.September, 30), Delta: 66, Months: 7, PerMonth: 66.0 / 7},
			{From: date(2016, time.September, 30), To: date(2017, time.February, 13), Delta: 114, Months: 4.5, PerMonth: 114 / 4.5, Gap: true},
		},
		Events: []peil.Event{
			{ID: 1, Measure: 5, Date: date(2016, time.July, 1), Precision: peil.PrecisionDay, Type: peil.EventInForce,
				Label: "Wet in werking", Sentence: "De wet is op 1 juli 2016 in werking getreden."},
			{ID: 2, Measure: 5, Date: date(2017, time.June, 1), Precision: peil.PrecisionMonth, Type: peil.EventExpected,
				Label: "Evaluatie verwacht"},
		},
	}
}

// evilSeries is a series whose report text tries to break out of the page.
func evilSeries() *peil.Series {
	s := sampleSeries()
	s.Indicator.Label = "Label " + evilScript + evilImg
	s.Indicator.Unit = evilImg
	s.Indicator.ID = peil.IndicatorID(evilScript)
	for i := range s.Points {
		s.Points[i].Text = evilImg + " 12"
		s.Points[i].Derivation = evilScript
		s.Points[i].Statements = append(s.Points[i].Statements, peil.Statement{
			Report: s.Points[i].Report, ReportDate: s.Points[i].ReportDate,
			Sentence: "Zin " + evilScript + " en " + evilImg})
		s.Points[i].Shown = len(s.Points[i].Statements) - 1
	}
	for i := range s.Events {
		s.Events[i].Label = "Gebeurtenis " + evilScript + evilImg
		s.Events[i].Sentence = evilImg
	}
	return s
}

// sampleBeforeAfter splits the sample series at its first event.
func sampleBeforeAfter(s *peil.Series) *peil.BeforeAfter {
	ev := s.Events[0]
	var before, after []peil.Point
	for _, p := range s.Points {
		if pointDate(p).Before(ev.Date.Time) {
			before = append(before, p)
		} else {
			after = append(after, p)
		}
	}
	rb, ra := 10.0, 25.0
	return &peil.BeforeAfter{Event: ev, Effects: []peil.Effect{
		{Indicator: s.Indicator, Before: before, After: after, RateBefore: &rb, RateAfter: &ra,
			Statement: "Na de wet steeg het aantal sneller."},
		{Indicator: peil.Indicator{ID: "empty", Label: "Zonder punten"}, Statement: "Te weinig punten."},
	}}
}
