package ingest

import (
	"fmt"
	"strings"
	"testing"
)

func TestIsHeader(t *testing.T) {
	for in, want := range map[string]bool{
		"Nr Omschrijving Recente ontwikkelingen en stand van zaken":  true,
		"Nr. Omschrijving Recente ontwikkelingen en stand van zaken": true,
		"Nr Omschrijving":  true,
		"Nr 7 is afgerond": false,
		"Omschrijving":     false,
	} {
		if got := isHeader(in); got != want {
			t.Errorf("isHeader(%q) = %v; want %v", in, got, want)
		}
	}
}

func TestIsPageNumber(t *testing.T) {
	for in, want := range map[string]bool{
		"12": true, "- 3 -": true, "Pagina 3 van 12": true, "blz. 4": true, "3 / 12": true,
		"2017": false, "12 gemeenten": false, "Pagina": false, "": false,
	} {
		if got := isPageNumber(in); got != want {
			t.Errorf("isPageNumber(%q) = %v; want %v", in, got, want)
		}
	}
}

func TestFootnoteMarker(t *testing.T) {
	tests := []struct{ in, want, marker string }{
		{"propaganda worden in hun activiteiten verstoord1.", "propaganda worden in hun activiteiten verstoord.", "1"},
		{"zie de brief2, en verder", "zie de brief, en verder", "2"},
		{"in 2016 120 meldingen", "in 2016 120 meldingen", ""},
		{"SIS II en H5N1", "SIS II en H5N1", ""},
		{"de 2e voortgangsrapportage", "de 2e voortgangsrapportage", ""},
	}
	for _, tt := range tests {
		seen := map[string]bool{}
		got := footnoteMarker(tt.in, seen)
		if got != tt.want || (tt.marker != "") != seen[tt.marker] || (tt.marker == "" && len(seen) > 0) {
			t.Errorf("footnoteMarker(%q) = %q, markers %v; want %q, marker %q", tt.in, got, seen, tt.want, tt.marker)
		}
	}
}

// seg segments a report given as lines.
func seg(lines ...string) document {
	return segment(splitLines(strings.Join(lines, "\n")), nil)
}

func TestSegment(t *testing.T) {
	tests := []struct {
		name   string
		lines  []string
		nrs    []int
		titles []string
		status []string
	}{
		{
			name: "title and status on separate lines",
			lines: []string{"Inleiding met 12 zaken.", "Nr Omschrijving Recente ontwikkelingen en stand van zaken",
				"1 Een korte titel over", "twee regels.", "De status begint hier en loopt door over een lange regel van de tabel.", "En gaat verder."},
			nrs:    []int{1},
			titles: []string{"Een korte titel over twee regels."},
			status: []string{"De status begint hier en loopt door over een lange regel van de tabel. En gaat verder."},
		},
		{
			name:   "both columns on one line",
			lines:  []string{"Nr Omschrijving", "32 Versterking coördinatie op de uitvoering. De CT-Infobox werkt doorlopend aan een overzicht."},
			nrs:    []int{32},
			titles: []string{"Versterking coördinatie op de uitvoering."},
			status: []string{"De CT-Infobox werkt doorlopend aan een overzicht."},
		},
		{
			name: "title finished after a page break",
			lines: []string{"Nr Omschrijving", "3 In het kader van het strafrecht bestaan", "verschillende mogelijkheden om terugkeerders",
				"In de vorige rapportageperiode is een aantal verdachten veroordeeld wegens terroristische", "misdrijven. In een aantal gevallen is de straf aan deze",
				" langdurig onder toezicht te stellen. verdachten opgelegd."},
			nrs:    []int{3},
			titles: []string{"In het kader van het strafrecht bestaan verschillende mogelijkheden om terugkeerders langdurig onder toezicht te stellen."},
			status: []string{"In de vorige rapportageperiode is een aantal verdachten veroordeeld wegens terroristische misdrijven. In een aantal gevallen is de straf aan deze verdachten opgelegd."},
		},
		{
			name: "shared row, header, footnote, page number",
			lines: []string{"Nr Omschrijving", "20 Verspreiders worden verstoord1.", "Er zijn 13 personen geweigerd in deze lange statusregel van de tabel hier.",
				"Nr Omschrijving Recente ontwikkelingen en stand van zaken", "21 Samenwerken met gemeenschappen.",
				"Er zijn bijeenkomsten georganiseerd voor ouders en jongeren in het hele land dit jaar.", "1", " Maatregel 20b is in de 2", "e",
				" voortgangsrapportage afgerond.", "7", " Nr Omschrijving", " verder met de tekst.", "27  Mobiliseren tegengeluiden.", "&", "Maatschappelijk debat.",
				"Er worden initiatieven ondersteund in veel gemeenten in het land en daarbuiten."},
			nrs:    []int{20, 21, 27, 28},
			titles: []string{"Verspreiders worden verstoord.", "Samenwerken met gemeenschappen.", "Mobiliseren tegengeluiden.", "Maatschappelijk debat."},
			status: []string{"Er zijn 13 personen geweigerd in deze lange statusregel van de tabel hier.",
				"Er zijn bijeenkomsten georganiseerd voor ouders en jongeren in het hele land dit jaar. verder met de tekst.",
				"Er worden initiatieven ondersteund in veel gemeenten in het land en daarbuiten.",
				"Er worden initiatieven ondersteund in veel gemeenten in het land en daarbuiten."},
		},
		{
			name: "footnote inside a rewrapped line, shared row on one line",
			lines: []string{"Nr Omschrijving", "20 Verspreiders worden verstoord1. Er zijn 13 personen geweigerd.",
				"23 Burgers krijgen steun. De uitdagingen en dilemma’s zijn waar 1 Maatregel 20b is in de 2 e voortgangsrapportage afgerond. bestuurders",
				"tegen aan lopen.", "27 Mobiliseren tegengeluiden. & Maatschappelijk debat. Er worden 40 klassen bereikt."},
			nrs:    []int{20, 23, 27},
			titles: []string{"Verspreiders worden verstoord.", "Burgers krijgen steun.", "Mobiliseren tegengeluiden."},
			status: []string{"Er zijn 13 personen geweigerd.", "De uitdagingen en dilemma’s zijn waar bestuurders tegen aan lopen.",
				"& Maatschappelijk debat. Er worden 40 klassen bereikt."},
		},
		{
			name:   "header wrapped over two lines",
			lines:  []string{"Inleiding.", "Nr Omschrijving", "Recente ontwikkelingen en stand van zaken", "1 Een titel.", "Status van de eerste maatregel."},
			nrs:    []int{1},
			titles: []string{"Een titel."},
			status: []string{"Status van de eerste maatregel."},
		},
		{
			name:   "hyphen at a line end joins the word",
			lines:  []string{"Nr Omschrijving", "6 Een titel.", "Bij deze informatie-", "uitwisseling en de LOP- ", "lijst."},
			nrs:    []int{6},
			titles: []string{"Een titel."},
			status: []string{"Bij deze informatie-uitwisseling en de LOP- lijst."},
		},
	}
	for _, tt := range tests {
		doc := seg(tt.lines...)
		var nrs []int
		var titles, status []string
		for _, r := range doc.rows {
			for k, nr := range r.nrs {
				nrs = append(nrs, nr)
				titles = append(titles, r.titles[k])
				status = append(status, r.status.s)
			}
		}
		if fmt.Sprint(nrs) != fmt.Sprint(tt.nrs) || strings.Join(titles, "|") != strings.Join(tt.titles, "|") || strings.Join(status, "|") != strings.Join(tt.status, "|") {
			t.Errorf("%s: segment = %v %q %q;\nwant %v %q %q", tt.name, nrs, titles, status, tt.nrs, tt.titles, tt.status)
		}
	}
}

func TestHeaderAt(t *testing.T) {
	tests := []struct {
		lines []string
		want  int
	}{
		{[]string{"Nr Omschrijving Recente ontwikkelingen en stand van zaken", "1 Titel."}, 1},
		{[]string{"Nr", "Omschrijving Recente ontwikkelingen en stand van zaken", "1 Titel."}, 2},
		{[]string{"Nr Omschrijving Recente", "ontwikkelingen en stand", "van zaken", "1 Titel."}, 3},
		{[]string{"Nr Omschrijving", "1 Titel."}, 1},
		{[]string{"Nr", "1 Titel."}, 0},
		{[]string{"Nr 7 is afgerond.", "Omschrijving"}, 0},
	}
	for _, tt := range tests {
		if got := headerAt(splitLines(strings.Join(tt.lines, "\n")), 0); got != tt.want {
			t.Errorf("headerAt(%q) = %d; want %d", tt.lines, got, tt.want)
		}
	}
}

// TestReferences: each measure a row refers to is listed once, so that
// matching a figure does not cost more as a row grows.
func TestReferences(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{"zie maatregel 7, maatregel 15 en weer maatregel 7", []int{7, 15}},
		{"zie ook maatregel 27&28 en maatregel 26", []int{27, 28, 26}},
		{strings.Repeat("(maatregel 30) ", 500), []int{30}},
		{"geen verwijzing", nil},
	}
	for _, tt := range tests {
		if got := references(tt.in); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("references(%.40q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}
