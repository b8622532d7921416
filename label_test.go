package peil

import "testing"

func TestQualifierDutch(t *testing.T) {
	tests := []struct {
		in   Qualifier
		want string
	}{
		{QualExact, "exact"},
		{QualApprox, "circa"},
		{QualAtLeast, "ten minste"},
		{QualMoreThan, "meer dan"},
		{QualAtMost, "hooguit"},
		{Qualifier("nieuw"), "nieuw"},
	}
	for _, tt := range tests {
		if got := tt.in.Dutch(); got != tt.want {
			t.Errorf("Qualifier(%q).Dutch() = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestKindDutch(t *testing.T) {
	tests := []struct {
		in   Kind
		want string
	}{
		{KindStock, "stand"},
		{KindCumulative, "cumulatief totaal"},
		{KindFlow, "aantal in een periode"},
		{KindAmount, "bedrag"},
		{KindRating, "waardering"},
		{KindChange, "procentuele verandering"},
		{Kind("nieuw"), "nieuw"},
	}
	for _, tt := range tests {
		if got := tt.in.Dutch(); got != tt.want {
			t.Errorf("Kind(%q).Dutch() = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestEventTypeDutch(t *testing.T) {
	tests := []struct {
		in   EventType
		want string
	}{
		{EventInForce, "in werking getreden"},
		{EventAdopted, "aangenomen"},
		{EventEstablished, "ingericht"},
		{EventExpected, "verwacht"},
		{EventType("nieuw"), "nieuw"},
	}
	for _, tt := range tests {
		if got := tt.in.Dutch(); got != tt.want {
			t.Errorf("EventType(%q).Dutch() = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestPrecisionDutch(t *testing.T) {
	tests := []struct {
		in   Precision
		want string
	}{
		{PrecisionDay, "dag"},
		{PrecisionMonth, "maand"},
		{PrecisionQuarter, "kwartaal"},
		{PrecisionHalf, "halfjaar"},
		{PrecisionYear, "jaar"},
		{Precision("nieuw"), "nieuw"},
	}
	for _, tt := range tests {
		if got := tt.in.Dutch(); got != tt.want {
			t.Errorf("Precision(%q).Dutch() = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestDutchCoversAll makes a qualifier or kind added later fail here until it
// has a Dutch word.
func TestDutchCoversAll(t *testing.T) {
	for _, q := range Qualifiers {
		if q.Dutch() == string(q) && q != QualExact {
			t.Errorf("Qualifier(%q).Dutch() has no Dutch word", q)
		}
	}
	for _, k := range Kinds {
		if k.Dutch() == string(k) {
			t.Errorf("Kind(%q).Dutch() has no Dutch word", k)
		}
	}
}

func TestSourceDutch(t *testing.T) {
	tests := []struct {
		in   Source
		want string
	}{
		{SourceExtracted, "uit de rapportage"},
		{SourceDerived, "afgeleid"},
		{SourceImported, "geïmporteerd"},
		{Source("nieuw"), "nieuw"},
	}
	for _, tt := range tests {
		if got := tt.in.Dutch(); got != tt.want {
			t.Errorf("Source(%q).Dutch() = %q; want %q", tt.in, got, tt.want)
		}
	}
}
