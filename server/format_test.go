package server

import (
	"net/url"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
)

// queryOf parses a query string for the parse functions.
func queryOf(q string) query {
	v, err := url.ParseQuery(q)
	if err != nil {
		panic(err)
	}
	return query(v)
}

type query url.Values

func (q query) Query(key string) string { return url.Values(q).Get(key) }

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{1995, "1.995"}, {int64(6400000), "6.400.000"}, {6.4, "6,4"}, {"x", "x"},
	} {
		if got := formatNumber(tc.v); got != tc.want {
			t.Errorf("formatNumber(%v) = %q; want %q", tc.v, got, tc.want)
		}
	}
}

func TestParseParams(t *testing.T) {
	for _, tc := range []struct {
		from, to         string
		wantFrom, wantTo int64
		ok               bool
	}{
		{"", "", 0, 0, true},
		{"1", "3", 1, 3, true},
		{"1", "", 0, 0, false},
		{"", "2", 0, 0, false},
		{"a", "2", 0, 0, false},
		{"0", "2", 0, 0, false},
		{"-1", "2", 0, 0, false},
	} {
		f, to, err := parseReportPair("van", tc.from, "tot", tc.to)
		if (err == nil) != tc.ok || f != tc.wantFrom || to != tc.wantTo {
			t.Errorf("parseReportPair(%q, %q) = %d, %d, %v; want %d, %d, ok %v", tc.from, tc.to, f, to, err, tc.wantFrom, tc.wantTo, tc.ok)
		}
		if err != nil && peil.ErrorCode(err) != peil.EINVALID {
			t.Errorf("parseReportPair(%q, %q): code %q; want invalid", tc.from, tc.to, peil.ErrorCode(err))
		}
	}
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"criminal_investigations", true}, {"a-1", true}, {"", false}, {"Hoofdletter", false},
		{"<script>", false}, {"a b", false}, {"../x", false},
	} {
		if _, err := parseIndicatorID("id", tc.in, false); (err == nil) != tc.ok {
			t.Errorf("parseIndicatorID(%q) = %v; want ok %v", tc.in, err, tc.ok)
		}
	}
}

// TestCatalogIDsAreValid checks that every indicator of the catalog can be asked for.
func TestCatalogIDsAreValid(t *testing.T) {
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range cat.Indicators {
		if _, err := parseIndicatorID("id", string(ind.ID), false); err != nil {
			t.Errorf("catalog indicator %q: %v", ind.ID, err)
		}
	}
}
