package ingest_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

// figureLine writes a figure as "text = value qualifier [lower, upper]
// start..end", the fields the expression tests compare.
func figureLine(f peil.Figure) string {
	opt := func(p *float64) string {
		if p == nil {
			return "-"
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	s := f.Text + " = " + strconv.FormatFloat(f.Value, 'f', -1, 64) + " " + string(f.Qualifier) +
		" [" + opt(f.Lower) + ", " + opt(f.Upper) + "] " + f.PeriodStart.String() + ".." + f.PeriodEnd.String()
	if f.Expected {
		s += " expected"
	}
	return s
}

// sentenceFigures extracts the figures of one status sentence of measure 1
// in a report of 31 March 2017 whose period starts on 15 November 2016.
func sentenceFigures(t *testing.T, in string) []string {
	t.Helper()
	ext, err := ingest.Extract(miniReport(in), ingest.Options{File: "t.txt", ReportDate: peil.NewDate(2017, 3, 31),
		PeriodStart: peil.NewDate(2016, 11, 15)})
	if err != nil {
		t.Fatalf("Extract(%q): %v", in, err)
	}
	var got []string
	for _, f := range ext.Figures {
		got = append(got, figureLine(f))
	}
	return got
}

// expressionTest is an invented sentence and the figures it holds.
type expressionTest struct {
	in   string
	want []string
}

func runExpressionTests(t *testing.T, tests []expressionTest) {
	t.Helper()
	for _, tt := range tests {
		got := sentenceFigures(t, tt.in)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s\n got: %q\nwant: %q", tt.in, got, tt.want)
		}
	}
}

const ref = "..2017-03-31"

// TestNumberWordFigures: compound number words are read in full, with the
// qualifiers before them as before digits.
func TestNumberWordFigures(t *testing.T) {
	runExpressionTests(t, []expressionTest{
		{"Er zijn driehonderdvijfenzeventig meldingen gedaan.", []string{"driehonderdvijfenzeventig = 375 exact [375, 375] " + ref}},
		{"Er zijn tweeëntwintig gemeenten aangesloten.", []string{"tweeëntwintig = 22 exact [22, 22] " + ref}},
		{"Er zijn drieëndertig cursussen gegeven.", []string{"drieëndertig = 33 exact [33, 33] " + ref}},
		{"Er zijn eenentwintig personen geplaatst.", []string{"eenentwintig = 21 exact [21, 21] " + ref}},
		{"Er zijn negenennegentig zaken.", []string{"negenennegentig = 99 exact [99, 99] " + ref}},
		{"Er namen vijftienhonderd jongeren deel.", []string{"vijftienhonderd = 1500 exact [1500, 1500] " + ref}},
		{"Er namen tweeduizendvijfhonderd jongeren deel.", []string{"tweeduizendvijfhonderd = 2500 exact [2500, 2500] " + ref}},
		{"Er namen vijfentwintigduizend scholieren deel.", []string{"vijfentwintigduizend = 25000 exact [25000, 25000] " + ref}},
		{"Er namen honderdtwintig professionals deel.", []string{"honderdtwintig = 120 exact [120, 120] " + ref}},
		{"Er zijn honderd trainingen gegeven.", []string{"honderd = 100 exact [100, 100] " + ref}},
		{"Er zijn duizend folders verspreid.", []string{"duizend = 1000 exact [1000, 1000] " + ref}},
		{"Er is tweeënhalf miljoen euro beschikbaar.", []string{"tweeënhalf miljoen euro = 2500000 exact [2500000, 2500000] " + ref}},
		{"Er is anderhalf miljoen euro beschikbaar.", []string{"anderhalf miljoen euro = 1500000 exact [1500000, 1500000] " + ref}},
		{"Er is een half miljoen euro beschikbaar.", []string{"een half miljoen euro = 500000 exact [500000, 500000] " + ref}},
		{"Er is een kwart miljoen euro beschikbaar.", []string{"een kwart miljoen euro = 250000 exact [250000, 250000] " + ref}},
		{"Er is driekwart miljoen euro beschikbaar.", []string{"driekwart miljoen euro = 750000 exact [750000, 750000] " + ref}},
		{"Er is een miljoen euro beschikbaar.", []string{"een miljoen euro = 1000000 exact [1000000, 1000000] " + ref}},
		{"Er is drie miljoen euro beschikbaar.", []string{"drie miljoen euro = 3000000 exact [3000000, 3000000] " + ref}},
		{"Er is 4,1 miljoen euro besteed.", []string{"4,1 miljoen euro = 4100000 exact [4100000, 4100000] " + ref}},
		{"Er is € 0,3 miljoen besteed.", []string{"€ 0,3 miljoen = 300000 exact [300000, 300000] " + ref}},
		{"Er is 1,15 miljard euro gereserveerd.", []string{"1,15 miljard euro = 1150000000 exact [1150000000, 1150000000] " + ref}},
		// qualifiers before number words
		{"Er zijn ruim driehonderd meldingen gedaan.", []string{"ruim driehonderd = 300 more_than [300, -] " + ref}},
		{"Er zijn bijna vijftig gemeenten aangesloten.", []string{"bijna vijftig = 50 at_most [-, 50] " + ref}},
		{"Er zijn nog geen twintig zaken afgerond.", []string{"nog geen twintig = 20 at_most [-, 20] " + ref}},
		{"Er zijn ten hoogste vijfentwintig procedures.", []string{"ten hoogste vijfentwintig = 25 at_most [-, 25] " + ref}},
		{"Er zijn circa tweehonderdvijftig onderzoeken.", []string{"circa tweehonderdvijftig = 250 approx [-, -] " + ref}},
		{"Er zijn ten minste zestig personen.", []string{"ten minste zestig = 60 at_least [60, -] " + ref}},
		{"Er zijn meer dan duizend reisdocumenten gesignaleerd.", []string{"meer dan duizend = 1000 more_than [1000, -] " + ref}},
		{"Er zijn nog geen 300 verzoeken.", []string{"nog geen 300 = 300 at_most [-, 300] " + ref}},
		{"Er zijn ten hoogste 12 plaatsen.", []string{"ten hoogste 12 = 12 at_most [-, 12] " + ref}},
		// not figures: articles, words that only look like numbers, durations
		{"Een maatregel van het kabinet is een eenheid van beleid.", nil},
		{"De driehoek heeft zich beraden.", nil},
		{"Het duurde anderhalf jaar.", nil},
		{"Het duurde tweeënhalf jaar.", nil},
		{"De honderdste bijeenkomst vond plaats.", nil},
	})
}

// TestRangesAndVague: a range is one figure with the midpoint as value and
// its ends as bounds; a vague quantity is a figure with the bounds its words
// give, never exact.
func TestRangesAndVague(t *testing.T) {
	runExpressionTests(t, []expressionTest{
		{"Er zijn tussen de 40 en 50 verdachten.", []string{"tussen de 40 en 50 = 45 range [40, 50] " + ref}},
		{"Er zijn tussen 40 en 50 verdachten.", []string{"tussen 40 en 50 = 45 range [40, 50] " + ref}},
		{"Het aantal ligt tussen de veertig en vijftig.", []string{"tussen de veertig en vijftig = 45 range [40, 50] " + ref}},
		{"Er zijn 40 à 50 verdachten.", []string{"40 à 50 = 45 range [40, 50] " + ref}},
		{"Er zijn 12 á 15 transacties gemeld.", []string{"12 á 15 = 13.5 range [12, 15] " + ref}},
		{"Er zijn 60 tot 80 professionals getraind.", []string{"60 tot 80 = 70 range [60, 80] " + ref}},
		{"Er zijn 40–50 maatregelen genomen.", []string{"40–50 = 45 range [40, 50] " + ref}},
		{"Er zijn 40-50 maatregelen genomen.", []string{"40-50 = 45 range [40, 50] " + ref}},
		{"Er zijn 40 – 50 maatregelen genomen.", []string{"40 – 50 = 45 range [40, 50] " + ref}},
		{"De campagne bereikte van 2.500 tot 3.000 jongeren.", []string{"van 2.500 tot 3.000 = 2750 range [2500, 3000] " + ref}},
		{"Er is 2 à 3 miljoen euro nodig.", []string{"2 à 3 miljoen euro = 2500000 range [2000000, 3000000] " + ref}},
		{"Er is tussen de 1,5 en 2 miljoen euro nodig.", []string{"tussen de 1,5 en 2 miljoen euro = 1750000 range [1500000, 2000000] " + ref}},
		{"Dit is 10 à 15% meer.", []string{"10 à 15% = 12.5 range [10, 15] " + ref}},
		{"Er zijn tussen de 2000 en 3000 bezoekers geteld.", []string{"tussen de 2000 en 3000 = 2500 range [2000, 3000] " + ref}},
		// vague quantities
		{"Er zijn enkele tientallen terugkeerders in beeld.", []string{"enkele tientallen = 55 vague [20, 90] " + ref}},
		{"Er zijn tientallen terugkeerders in beeld.", []string{"tientallen = 60 vague [20, 99] " + ref}},
		{"Er kwamen honderden meldingen binnen.", []string{"honderden = 600 vague [200, 999] " + ref}},
		{"Er kwamen enkele honderden meldingen binnen.", []string{"enkele honderden = 550 vague [200, 900] " + ref}},
		{"Er kwamen duizenden reacties binnen.", []string{"duizenden = 6000 vague [2000, 9999] " + ref}},
		{"Er kwamen enkele duizenden reacties binnen.", []string{"enkele duizenden = 5500 vague [2000, 9000] " + ref}},
		{"Er doen een handvol gemeenten mee.", []string{"een handvol = 5 vague [-, -] " + ref}},
		// not ranges
		{"Het aantal steeg van 40 tot 50.", []string{"40 = 40 exact [40, 40] " + ref, "50 = 50 exact [50, 50] " + ref}},
		{"Er zijn 40 en 50 zaken.", []string{"40 = 40 exact [40, 40] " + ref, "50 = 50 exact [50, 50] " + ref}},
		{"Van 22 tot 24 februari 2017 vond de conferentie plaats.", nil},
		{"In de strategie 2016–2020 staat het doel.", nil},
		{"Er zijn 50 à 40 zaken.", []string{"50 = 50 exact [50, 50] " + ref, "40 = 40 exact [40, 40] " + ref}},
		{"Er zijn enkele gemeenten aangesloten.", nil},
	})
}

// TestSentenceReferenceDate: a reference date stated once for the sentence
// dates every figure in it without a date of its own, wherever it stands.
func TestSentenceReferenceDate(t *testing.T) {
	runExpressionTests(t, []expressionTest{
		{"Er lopen 40 onderzoeken (stand per 1 oktober 2016).", []string{"40 = 40 exact [40, 40] ..2016-10-01"}},
		{"Er lopen 40 onderzoeken naar 55 verdachten (stand per 1 oktober 2016).",
			[]string{"40 = 40 exact [40, 40] ..2016-10-01", "55 = 55 exact [55, 55] ..2016-10-01"}},
		{"Er lopen 40 onderzoeken (stand: 15 januari 2017); daarbij zijn 55 verdachten betrokken.",
			[]string{"40 = 40 exact [40, 40] ..2017-01-15", "55 = 55 exact [55, 55] ..2017-01-15"}},
		{"Er lopen 40 onderzoeken; daarbij zijn 55 verdachten betrokken (peildatum 1 februari 2017).",
			[]string{"40 = 40 exact [40, 40] ..2017-02-01", "55 = 55 exact [55, 55] ..2017-02-01"}},
		{"Per 1 maart 2017 staan 62 personen en 3 organisaties op de lijst.",
			[]string{"62 = 62 exact [62, 62] ..2017-03-01", "3 = 3 exact [3, 3] ..2017-03-01"}},
		{"Op de lijst staan 62 personen en 3 organisaties, per 1 maart 2017.",
			[]string{"62 = 62 exact [62, 62] ..2017-03-01", "3 = 3 exact [3, 3] ..2017-03-01"}},
		{"Stand van zaken: 1 maart 2017: er zijn 12 gemeenten en 4 regio's aangesloten.",
			[]string{"12 = 12 exact [12, 12] ..2017-03-01", "4 = 4 exact [4, 4] ..2017-03-01"}},
		{"Stand van zaken per 1 maart 2017: sinds 2014 zijn 200 paspoorten vervallen verklaard.",
			[]string{"200 = 200 exact [200, 200] 2014-01-01..2017-03-01"}},
		{"Er lopen ongeveer 300 (peildatum 13 februari 2017) verzoeken en 20 bezwaren.",
			[]string{"ongeveer 300 = 300 approx [-, -] ..2017-02-13", "20 = 20 exact [20, 20] ..2017-02-13"}},
		{"Inmiddels zijn 38 gemeenten aangesloten (stand op 1 februari 2017).", []string{"38 = 38 exact [38, 38] ..2017-02-01"}},
		// a figure with a date of its own keeps it
		{"Er staan 30 zaken open (peildatum 1 maart 2017), terwijl er in 2016 120 meldingen zijn gedaan.",
			[]string{"30 = 30 exact [30, 30] ..2017-03-01", "120 = 120 exact [120, 120] 2016-01-01..2016-12-31"}},
		{"Sinds 2014 zijn meer dan 1000 reisdocumenten gesignaleerd, waarvan ruim 200 in 2016 (peildatum 1 februari 2017).",
			[]string{"meer dan 1000 = 1000 more_than [1000, -] 2014-01-01..2017-02-01", "ruim 200 = 200 more_than [200, -] 2016-01-01..2016-12-31"}},
		// two reference dates: each dates only its own figure
		{"Per 1 maart 2016 stonden er 30 op de lijst en per 1 maart 2017 stonden er 40 op.",
			[]string{"30 = 30 exact [30, 30] ..2016-03-01", "40 = 40 exact [40, 40] ..2017-03-01"}},
		// "op" a date is a figure's own date, not the sentence's
		{"Op 1 februari 2017 waren er 12 zaken; nu zijn het er 15.",
			[]string{"12 = 12 exact [12, 12] ..2017-02-01", "15 = 15 exact [15, 15] " + ref}},
	})
}

// TestPeriodsOfTheText: parts of a year, the previous report, and phrases
// that lead into the figure after them.
func TestPeriodsOfTheText(t *testing.T) {
	runExpressionTests(t, []expressionTest{
		{"Sinds de vorige rapportage zijn driehonderd meldingen gedaan.", []string{"driehonderd = 300 exact [300, 300] 2016-11-15..2017-03-31"}},
		{"Sinds de vorige voortgangsrapportage zijn 12 gedetineerden bijgekomen.", []string{"12 = 12 exact [12, 12] 2016-11-15..2017-03-31"}},
		{"Sinds de laatste voortgangsrapportage zijn 12 gedetineerden bijgekomen.", []string{"12 = 12 exact [12, 12] 2016-11-15..2017-03-31"}},
		{"In de afgelopen rapportageperiode zijn 7 trainingen gegeven.", []string{"7 = 7 exact [7, 7] 2016-11-15..2017-03-31"}},
		{"In de periode sinds de vorige rapportage zijn 7 trainingen gegeven.", []string{"7 = 7 exact [7, 7] 2016-11-15..2017-03-31"}},
		{"In het tweede halfjaar van 2015 zijn 14 maatregelen getroffen.", []string{"14 = 14 exact [14, 14] 2015-07-01..2015-12-31"}},
		{"In het eerste halfjaar van 2016 zijn 14 maatregelen getroffen.", []string{"14 = 14 exact [14, 14] 2016-01-01..2016-06-30"}},
		{"In het laatste kwartaal van 2015 zijn 9 zaken gemeld.", []string{"9 = 9 exact [9, 9] 2015-10-01..2015-12-31"}},
		{"In de eerste drie maanden van 2017 kwamen 35 meldingen binnen.", []string{"35 = 35 exact [35, 35] 2017-01-01..2017-03-31"}},
		{"In de laatste zes maanden van 2016 kwamen 70 meldingen binnen.", []string{"70 = 70 exact [70, 70] 2016-07-01..2016-12-31"}},
		{"In de eerste 2 maanden van 2017 kwamen 10 meldingen binnen.", []string{"10 = 10 exact [10, 10] 2017-01-01..2017-02-28"}},
		{"Medio 2016 stonden 420 reisdocumenten gesignaleerd.", []string{"420 = 420 exact [420, 420] ..2016-07-01"}},
		{"Medio maart waren er 12 aanmeldingen.", []string{"12 = 12 exact [12, 12] ..2017-03-15"}},
		{"Eind 2015 waren er 30 deelnemers.", []string{"30 = 30 exact [30, 30] ..2015-12-31"}},
		{"Begin 2017 waren er 25 procedures.", []string{"25 = 25 exact [25, 25] ..2017-01-01"}},
		{"In het eerste kwartaal van 2017 kwamen 35 meldingen binnen en in het laatste kwartaal van 2016 ongeveer 50.",
			[]string{"35 = 35 exact [35, 35] 2017-01-01..2017-03-31", "ongeveer 50 = 50 approx [-, -] 2016-10-01..2016-12-31"}},
		{"Voor 2018 is 2 miljoen euro gereserveerd, nadat in 2016 4,1 miljoen euro was besteed.",
			[]string{"2 miljoen euro = 2000000 exact [2000000, 2000000] 2018-01-01..2018-12-31",
				"4,1 miljoen euro = 4100000 exact [4100000, 4100000] 2016-01-01..2016-12-31"}},
		{"Eind 2015 namen 5 gemeenten deel; inmiddels zijn het er 38.",
			[]string{"5 = 5 exact [5, 5] ..2015-12-31", "38 = 38 exact [38, 38] " + ref}},
	})
}

// TestExpectedFigures: a figure in the future tense is an expectation.
func TestExpectedFigures(t *testing.T) {
	runExpressionTests(t, []expressionTest{
		{"Eind april zal de voorstelling door ongeveer 30.000 scholieren zijn bezocht.",
			[]string{"ongeveer 30.000 = 30000 approx [-, -] ..2017-04-30 expected"}},
		{"Naar verwachting worden 12 nieuwe trainers opgeleid.", []string{"12 = 12 exact [12, 12] " + ref + " expected"}},
		{"Er zijn 4 workshops gegeven en er zullen er nog 2 volgen.",
			[]string{"4 = 4 exact [4, 4] " + ref, "2 = 2 exact [2, 2] " + ref + " expected"}},
		{"Er zijn 4 workshops gegeven, 2 workshops zijn gepland.",
			[]string{"4 = 4 exact [4, 4] " + ref, "2 = 2 exact [2, 2] " + ref + " expected"}},
		{"Er zijn 120 meldingen gedaan.", []string{"120 = 120 exact [120, 120] " + ref}},
	})
}
