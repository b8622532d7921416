package ingest

import (
	"testing"

	"github.com/peil-dev/peil"
)

func d(s string) peil.Date {
	v, err := peil.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestParsePeriod(t *testing.T) {
	ref := d("2017-03-31")
	tests := []struct {
		in         string
		start, end string
		kind       peil.Kind
		prec       peil.Precision
	}{
		{"sinds december 2013", "2013-12-01", "2017-03-31", peil.KindCumulative, peil.PrecisionMonth},
		{"sinds december", "2016-12-01", "2017-03-31", peil.KindCumulative, peil.PrecisionMonth},
		{"sinds 15 november", "2016-11-15", "2017-03-31", peil.KindCumulative, peil.PrecisionDay},
		{"sinds februari", "2017-02-01", "2017-03-31", peil.KindCumulative, peil.PrecisionMonth},
		{"sinds 1 juni 2016", "2016-06-01", "2017-03-31", peil.KindCumulative, peil.PrecisionDay},
		{"sinds de oprichting in juli 2015", "2015-07-01", "2017-03-31", peil.KindCumulative, peil.PrecisionMonth},
		{"vanaf september 2016", "2016-09-01", "2017-03-31", peil.KindCumulative, peil.PrecisionMonth},
		{"vanaf september 2016 tot en met maart 2017", "2016-09-01", "2017-03-31", peil.KindFlow, peil.PrecisionMonth},
		{"in de periode februari 2013 tot 1 maart 2017", "2013-02-01", "2017-03-01", peil.KindFlow, peil.PrecisionMonth},
		{"in de periode september 2016 tot en met maart 2017", "2016-09-01", "2017-03-31", peil.KindFlow, peil.PrecisionMonth},
		{"in 2016", "2016-01-01", "2016-12-31", peil.KindFlow, peil.PrecisionYear},
		{"in 2016 en 2017", "2016-01-01", "2017-12-31", peil.KindFlow, peil.PrecisionYear},
		{"in maart en april 2017", "2017-03-01", "2017-04-30", peil.KindFlow, peil.PrecisionMonth},
		{"in juli en september", "2017-07-01", "2017-09-30", peil.KindFlow, peil.PrecisionMonth},
		{"in februari 2017", "2017-02-01", "2017-02-28", peil.KindFlow, peil.PrecisionMonth},
		{"in 2015 tot heden", "2015-01-01", "2017-03-31", peil.KindCumulative, peil.PrecisionYear},
		{"in de eerste helft van 2017", "2017-01-01", "2017-06-30", peil.KindFlow, peil.PrecisionHalf},
		{"in het tweede kwartaal van 2016", "2016-04-01", "2016-06-30", peil.KindFlow, peil.PrecisionQuarter},
		{"in de tweede helft van 2016", "2016-07-01", "2016-12-31", peil.KindFlow, peil.PrecisionHalf},
		{"in het laatste kwartaal van 2016", "2016-10-01", "2016-12-31", peil.KindFlow, peil.PrecisionQuarter},
		{"voor 2017", "2017-01-01", "2017-12-31", peil.KindFlow, peil.PrecisionYear},
		{"peildatum 13 februari 2017", "", "2017-02-13", peil.KindStock, peil.PrecisionDay},
		{"(peildatum 4 november 2016)", "", "2016-11-04", peil.KindStock, peil.PrecisionDay},
		{"op 1 maart 2017", "", "2017-03-01", peil.KindStock, peil.PrecisionDay},
		{"eind april", "", "2017-04-30", peil.KindStock, peil.PrecisionMonth},
		{"eind december 2016", "", "2016-12-31", peil.KindStock, peil.PrecisionMonth},
		{"tot en met januari 2017", "", "2017-01-31", peil.KindCumulative, peil.PrecisionMonth},
		{"op dit moment", "", "2017-03-31", peil.KindStock, ""},
		{"momenteel", "", "2017-03-31", peil.KindStock, ""},
		{"in totaal", "", "2017-03-31", peil.KindStock, ""},
		{"inmiddels", "", "2017-03-31", peil.KindCumulative, ""},
		{"tot nu toe", "", "2017-03-31", peil.KindCumulative, ""},
		{"in deze rapportageperiode", "", "2017-03-31", peil.KindFlow, ""},
		// the previous report: the start is the report's period start (Options.PeriodStart)
		{"sinds de vorige rapportage", "", "2017-03-31", peil.KindFlow, ""},
		{"sinds de vorige voortgangsrapportage", "", "2017-03-31", peil.KindFlow, ""},
		{"sinds de laatste voortgangsrapportage", "", "2017-03-31", peil.KindFlow, ""},
		{"vanaf de vorige rapportage", "", "2017-03-31", peil.KindFlow, ""},
		{"in de afgelopen rapportageperiode", "", "2017-03-31", peil.KindFlow, ""},
		{"in de periode sinds de vorige rapportage", "", "2017-03-31", peil.KindFlow, ""},
		// halves, quarters and months of a year
		{"in het tweede halfjaar van 2015", "2015-07-01", "2015-12-31", peil.KindFlow, peil.PrecisionHalf},
		{"in het eerste halfjaar van 2016", "2016-01-01", "2016-06-30", peil.KindFlow, peil.PrecisionHalf},
		{"in de tweede jaarhelft van 2016", "2016-07-01", "2016-12-31", peil.KindFlow, peil.PrecisionHalf},
		{"in het laatste halfjaar van 2016", "2016-07-01", "2016-12-31", peil.KindFlow, peil.PrecisionHalf},
		{"in het laatste kwartaal van 2015", "2015-10-01", "2015-12-31", peil.KindFlow, peil.PrecisionQuarter},
		{"in het derde kwartaal van 2016", "2016-07-01", "2016-09-30", peil.KindFlow, peil.PrecisionQuarter},
		{"in de eerste drie maanden van 2017", "2017-01-01", "2017-03-31", peil.KindFlow, peil.PrecisionQuarter},
		{"in de laatste drie maanden van 2016", "2016-10-01", "2016-12-31", peil.KindFlow, peil.PrecisionQuarter},
		{"in de eerste zes maanden van 2016", "2016-01-01", "2016-06-30", peil.KindFlow, peil.PrecisionHalf},
		{"in de eerste twee maanden van 2016", "2016-01-01", "2016-02-29", peil.KindFlow, peil.PrecisionMonth},
		{"in de eerste 4 maanden van 2017", "2017-01-01", "2017-04-30", peil.KindFlow, peil.PrecisionMonth},
		{"in de laatste maand van 2016", "", "", "", ""}, // no count: not a period here
		{"gedurende de eerste drie maanden van 2017", "2017-01-01", "2017-03-31", peil.KindFlow, peil.PrecisionQuarter},
		// parts of a year as a moment
		{"medio 2016", "", "2016-07-01", peil.KindStock, peil.PrecisionQuarter},
		{"medio maart 2017", "", "2017-03-15", peil.KindStock, peil.PrecisionMonth},
		{"medio juni", "", "2017-06-15", peil.KindStock, peil.PrecisionMonth},
		{"eind 2015", "", "2015-12-31", peil.KindStock, peil.PrecisionQuarter},
		{"einde 2016", "", "2016-12-31", peil.KindStock, peil.PrecisionQuarter},
		{"ultimo 2016", "", "2016-12-31", peil.KindStock, peil.PrecisionQuarter},
		{"begin 2017", "", "2017-01-01", peil.KindStock, peil.PrecisionQuarter},
		{"begin februari 2017", "", "2017-02-01", peil.KindStock, peil.PrecisionMonth},
		// reference dates
		{"stand per 1 oktober 2016", "", "2016-10-01", peil.KindStock, peil.PrecisionDay},
		{"(stand: 15 januari 2017)", "", "2017-01-15", peil.KindStock, peil.PrecisionDay},
		{"stand van zaken: 1 maart 2017", "", "2017-03-01", peil.KindStock, peil.PrecisionDay},
		{"stand van zaken per 1 maart 2017", "", "2017-03-01", peil.KindStock, peil.PrecisionDay},
		{"stand op 1 februari 2017", "", "2017-02-01", peil.KindStock, peil.PrecisionDay},
		{"stand februari 2017", "", "2017-02-28", peil.KindStock, peil.PrecisionMonth},
		{"per 1 maart 2017", "", "2017-03-01", peil.KindStock, peil.PrecisionDay},
	}
	for _, tt := range tests {
		got, ok := ParsePeriod(tt.in, ref)
		if tt.kind == "" {
			if ok && got.Kind == peil.KindFlow {
				t.Errorf("ParsePeriod(%q) = %+v; want no count over a period", tt.in, got)
			}
			continue
		}
		if !ok {
			t.Errorf("ParsePeriod(%q) failed; want %s..%s", tt.in, tt.start, tt.end)
			continue
		}
		if got.Start.String() != tt.start || got.End.String() != tt.end || got.Kind != tt.kind || got.Precision != tt.prec {
			t.Errorf("ParsePeriod(%q) = %s..%s %s %s; want %s..%s %s %s", tt.in, got.Start, got.End, got.Kind, got.Precision,
				tt.start, tt.end, tt.kind, tt.prec)
		}
	}
	for _, in := range []string{"", "in Nederland", "sinds de oprichting", "ten opzichte van 2015", "op 31 februari 2017", "in de periode", "maatregel 7",
		"in de derde helft van 2016", "in het vijfde kwartaal van 2016", "in de eerste week van 2016",
		"in de eerste dertien maanden van 2017", "in de middelste drie maanden van 2017", "in de eerste drie maanden",
		"sinds de vorige keer", "stand van zaken", "per jaar", "medio", "ten opzichte van de vorige rapportage"} {
		if got, ok := ParsePeriod(in, ref); ok {
			t.Errorf("ParsePeriod(%q) = %+v; want no period", in, got)
		}
	}
}
