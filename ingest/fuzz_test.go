package ingest_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"386", "30.000", "6,4", "6,4 miljoen", "1.234,5", "15%", "twee", "een drietal",
		"vijfentwintig", "98/2013", "2e", "", "1.2.3", "9999999999999999999", "driehonderdvijfenzeventig",
		"tweeënhalf miljoen", "een half miljoen", "een kwart miljoen", "anderhalf", "4,1 miljoen",
		"negenhonderdnegenennegentigduizendnegenhonderdnegenennegentig", "honderdentwee"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ingest.ParseNumber(s)
		if !ok {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
	})
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"in het tweede halfjaar van 2015", "de eerste drie maanden van 2017", "medio 2016",
		"sinds de vorige rapportage", "stand van zaken per 1 maart 2017", "(stand: 15 januari 2017)", "begin 2017",
		"sinds december 2013", "in de periode februari 2013 tot 1 maart 2017",
		"vanaf september 2016 tot en met maart 2017", "peildatum 13 februari 2017", "in 2016 en 2017",
		"in de eerste helft van 2017", "in deze rapportageperiode", "eind april", "op 31 februari 2017", "tot en met"} {
		f.Add(s)
	}
	ref := peil.NewDate(2017, 3, 31)
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := ingest.ParsePeriod(s, ref)
		if !ok {
			return
		}
		if !p.Kind.Valid() {
			t.Fatalf("ParsePeriod(%q): kind %q", s, p.Kind)
		}
		if p.End.IsZero() && p.Start.IsZero() {
			t.Fatalf("ParsePeriod(%q) = %+v: no dates", s, p)
		}
		if !p.Start.IsZero() && !p.End.IsZero() && p.Start.After(p.End.Time) {
			t.Fatalf("ParsePeriod(%q) = %+v: ends before it starts", s, p)
		}
	})
}

func FuzzExtract(f *testing.F) {
	for _, name := range []string{samplePath, filepath.Join("testdata", "report-2.txt"), filepath.Join("testdata", "report-3.txt")} {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add(miniReport("Sinds maart 2013 zijn er tenminste 386 zaken, waarvan 30 in deze rapportageperiode."))
	f.Add([]byte("Nr Omschrijving\n27 Titel.\n&\nTweede titel.\nvier workshops 1\n1\n voetnoot.\n"))
	f.Add([]byte{0xFF, 0xFE, '1', 0, ' ', 0, 'A', 0})
	f.Add([]byte(""))
	cat := catalog(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		ext, err := ingest.Extract(raw, ingest.Options{File: "f.txt", Catalog: cat})
		if err != nil {
			var pe *peil.Error
			if !errors.As(err, &pe) || pe.Code != peil.EINVALID {
				t.Fatalf("Extract: %v; want an EINVALID *peil.Error", err)
			}
			return
		}
		lines := strings.Count(string(raw), "\n") + strings.Count(string(raw), "\r") + 1
		if len(raw) > 2 && (raw[0] == 0xFF || raw[0] == 0xFE) {
			lines = len(raw) // UTF-16: the byte count bounds the line count
		}
		checkExtraction(t, ext, cat, lines)
	})
}

// FuzzSentence extracts one status sentence: whatever the words, every figure
// has bounds that fit its qualifier and hold its value, and a period that
// does not end before it starts (checkExtraction).
func FuzzSentence(f *testing.F) {
	for _, s := range []string{
		"Er lopen tussen de 40 en 50 onderzoeken (stand per 1 oktober 2016); daarbij zijn ruim driehonderd verdachten betrokken.",
		"Sinds de vorige rapportage zijn driehonderdvijfenzeventig meldingen gedaan.",
		"In het tweede halfjaar van 2015 zijn enkele tientallen maatregelen getroffen.",
		"Er is tweeënhalf miljoen euro, een half miljoen euro en 2 à 3 miljoen euro beschikbaar.",
		"Van 2.500 tot 3.000 jongeren; 40–50 maatregelen; nog geen vijfhonderd verdachten (peildatum 15 maart 2017).",
		"Eind april zal de voorstelling door ongeveer 30.000 scholieren zijn bezocht.",
		"Een afname van 10 à 15% ten opzichte van 2015; in de eerste drie maanden van 2017 honderden meldingen.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\r\n") {
			return // one sentence of one row
		}
		ext, err := ingest.Extract(miniReport(s), ingest.Options{File: "f.txt", ReportDate: peil.NewDate(2017, 3, 31),
			PeriodStart: peil.NewDate(2016, 11, 15)})
		if err != nil {
			return
		}
		checkExtraction(t, ext, nil, 4)
	})
}
