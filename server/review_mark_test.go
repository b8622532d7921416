package server

import "testing"

// The review page highlights the figure where it stands as a whole number,
// not inside a longer number before it.
func TestFigureAt(t *testing.T) {
	tests := []struct {
		sentence, text string
		want           int
	}{
		{"Er zijn sinds januari 2013 102 (peildatum 15 december 2014) verzoeken geteld, waarvan 10 in deze periode.", "10", 86},
		{"In 2016 kwamen 120 meldingen binnen.", "120", 15},
		{"Ruim 1.995 meldingen, waarvan 995 uit Utrecht.", "995", 30},
		{"6,4 miljoen en 4 miljoen", "4 miljoen", 15},
		{"tenminste 386 onderzoeken", "tenminste 386", 0},
		{"102 en 1020", "10", 0}, // no whole "10": the first place
		{"geen getal hier", "10", -1},
		{"iets", "", -1},
	}
	for _, tt := range tests {
		if got := figureAt(tt.sentence, tt.text); got != tt.want {
			t.Errorf("figureAt(%q, %q) = %d; want %d", tt.sentence, tt.text, got, tt.want)
		}
	}
}
