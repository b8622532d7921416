package export

import (
	"strconv"
	"time"

	"github.com/peil-dev/peil"
)

// qualifierDoc explains a qualifier in the legend.
var qualifierDoc = map[peil.Qualifier]string{
	peil.QualExact:    "Het rapport noemt het getal zonder voorbehoud.",
	peil.QualApprox:   "Circa, ca., ongeveer, zo'n, rond: een benadering.",
	peil.QualAtLeast:  "Ten minste, minstens, minimaal, zeker: het werkelijke aantal kan hoger zijn (ondergrens).",
	peil.QualMoreThan: "Meer dan, ruim: het werkelijke aantal is hoger (ondergrens).",
	peil.QualAtMost:   "Maximaal, hooguit, minder dan, bijna, nog geen, ten hoogste: het werkelijke aantal kan lager zijn (bovengrens).",
	peil.QualRange:    "Tussen de 40 en 50, 40 à 50, 40–50: een bandbreedte; de waarde is het midden, onder- en bovengrens staan erbij.",
	peil.QualVague:    "Enkele tientallen, honderden, een handvol: een globale hoeveelheid, nooit een exact getal; grenzen waar de woorden ze geven.",
}

// kindDoc explains a kind in the legend.
var kindDoc = map[peil.Kind]string{
	peil.KindStock:      "Een stand op een moment (peildatum), bijvoorbeeld het aantal lopende zaken.",
	peil.KindCumulative: "Een lopend totaal sinds een begindatum; neemt alleen toe.",
	peil.KindFlow:       "Een aantal binnen een periode (periode begin tot en met periode eind).",
	peil.KindAmount:     "Een geldbedrag in euro.",
	peil.KindRating:     "Een score op een schaal.",
	peil.KindChange:     "Een procentuele verandering.",
}

// sourceDoc explains a source in the legend.
var sourceDoc = map[peil.Source]string{
	peil.SourceExtracted: "Letterlijk in de tekst van het rapport gevonden; de bronzin en het regelnummer staan erbij.",
	peil.SourceDerived:   "Berekend uit andere waarnemingen; de kolom Afleiding geeft de berekening in woorden.",
	peil.SourceImported:  "Van elders ingelezen (peil import); de kolom Bronvermelding zegt waarvandaan.",
}

// excelEpoch is day 0 of Excel's 1900 date system (which counts 29 February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial returns d as an Excel date serial number (days since 30 December 1899),
// or nil for the zero Date so that the cell stays empty. Writing the serial
// with a date format is exactly what a date is in a workbook.
func serial(d peil.Date) any {
	if d.IsZero() {
		return nil
	}
	return int64(d.Sub(excelEpoch).Hours()) / 24
}

// uniqueHeaders makes every header distinct (an Excel table needs that) by
// numbering repeats: "x", "x (2)", "x (3)".
func uniqueHeaders(headers []string) []string {
	seen := make(map[string]int, len(headers))
	out := make([]string, len(headers))
	for i, h := range headers {
		seen[h]++
		if n := seen[h]; n > 1 {
			h += " (" + strconv.Itoa(n) + ")"
		}
		out[i] = h
	}
	return out
}
