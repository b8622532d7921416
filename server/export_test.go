package server

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

func TestExportXLSX(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, tc := range []struct{ query, filename string }{
		{"", "peil.xlsx"},
		{"?measure=1", "peil-maatregel-1.xlsx"},
		{"?indicator=criminal_investigations&from=2017-01-01", "peil-criminal_investigations-vanaf-2017-01-01.xlsx"},
	} {
		path := "/export.xlsx" + tc.query
		res := get(t, ts, path, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != xlsxType {
			t.Errorf("GET %s: Content-Type = %q; want %q", path, ct, xlsxType)
		}
		if cd, want := res.Header.Get("Content-Disposition"), `attachment; filename="`+tc.filename+`"`; cd != want {
			t.Errorf("GET %s: Content-Disposition = %q; want %q", path, cd, want)
		}
		f, err := excelize.OpenReader(strings.NewReader(res.Body))
		if err != nil {
			t.Fatalf("GET %s: open the workbook: %v", path, err)
		}
		if idx, err := f.GetSheetIndex("Waarnemingen"); err != nil || idx < 0 {
			t.Errorf("GET %s: the workbook has no sheet Waarnemingen (sheets %v)", path, f.GetSheetList())
		}
		f.Close()
	}
}

func TestExportCSV(t *testing.T) {
	ts := newTestServer(t, nil)
	all := get(t, ts, "/export.csv", http.StatusOK)
	if ct := all.Header.Get("Content-Type"); ct != csvType {
		t.Errorf("GET /export.csv: Content-Type = %q; want %q", ct, csvType)
	}
	if cd := all.Header.Get("Content-Disposition"); cd != `attachment; filename="peil.csv"` {
		t.Errorf("GET /export.csv: Content-Disposition = %q", cd)
	}
	if !strings.HasPrefix(all.Body, "\uFEFF") || !strings.Contains(all.Body, ";") {
		t.Errorf("GET /export.csv: want a UTF-8 BOM and ';' separators, got %q", truncate(all.Body, 200))
	}
	// A filter selects fewer rows; the rows of measure 7 mention passports.
	one := get(t, ts, "/export.csv?measure=7", http.StatusOK)
	rows := func(s string) int { return strings.Count(s, "\n") }
	if rows(one.Body) < 2 || rows(one.Body) >= rows(all.Body) {
		t.Errorf("GET /export.csv?measure=7 has %d lines, all has %d; want fewer but some", rows(one.Body), rows(all.Body))
	}
	if !bytes.Contains(bytes.ToLower([]byte(one.Body)), []byte("paspoort")) {
		t.Errorf("GET /export.csv?measure=7 does not mention paspoort")
	}
}

func TestParseFilter(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  peil.ExportOptions
		err   string
	}{
		{"", peil.ExportOptions{}, ""},
		{"measure=7", peil.ExportOptions{Filter: peil.Filter{Measure: 7}}, ""},
		{"indicator=passport_measures&from=2016-01-01&to=2017-03-31", peil.ExportOptions{Filter: peil.Filter{Indicator: "passport_measures",
			From: peil.NewDate(2016, 1, 1), To: peil.NewDate(2017, 3, 31)}}, ""},
		{"measure=zeven", peil.ExportOptions{}, `parameter measure: geef een maatregelnummer (1-1000), niet "zeven"`},
		{"measure=0", peil.ExportOptions{}, "parameter measure"},
		{"indicator=Paspoort!", peil.ExportOptions{}, "parameter indicator"},
		{"from=31-03-2017", peil.ExportOptions{}, `parameter from: geef een datum als JJJJ-MM-DD, niet "31-03-2017"`},
		{"to=2017-02-30", peil.ExportOptions{}, "parameter to"},
		{"from=2017-03-31&to=2016-01-01", peil.ExportOptions{}, "2017-03-31 ligt na 2016-01-01"},
		{"van=1&tot=3", peil.ExportOptions{CompareFrom: 1, CompareTo: 3}, ""},
		{"measure=7&van=2&tot=3", peil.ExportOptions{Filter: peil.Filter{Measure: 7}, CompareFrom: 2, CompareTo: 3}, ""},
		{"van=een&tot=3", peil.ExportOptions{}, `parameter van: geef een rapportage-id (een positief geheel getal), niet "een"`},
		{"van=2", peil.ExportOptions{}, "parameters van en tot: geef beide rapportage-ids of geen van beide"},
	} {
		got, err := parseFilter(queryOf(tc.query))
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) || peil.ErrorCode(err) != peil.EINVALID {
				t.Errorf("parseFilter(%q) = %v; want an invalid error with %q", tc.query, err, tc.err)
			}
		case err != nil || got != tc.want:
			t.Errorf("parseFilter(%q) = %+v, %v; want %+v", tc.query, got, err, tc.want)
		}
	}
}

func TestExportNames(t *testing.T) {
	for _, tc := range []struct {
		f           peil.ExportOptions
		name, query string
	}{
		{peil.ExportOptions{}, "peil.csv", ""},
		{peil.ExportOptions{Filter: peil.Filter{Measure: 8}}, "peil-maatregel-8.csv", "?measure=8"},
		{peil.ExportOptions{Filter: peil.Filter{Indicator: "visa_refusals", To: peil.NewDate(2017, 3, 31)}}, "peil-visa_refusals-tot-2017-03-31.csv",
			"?indicator=visa_refusals&to=2017-03-31"},
		{peil.ExportOptions{CompareFrom: 1, CompareTo: 3}, "peil-vergelijking-1-3.csv", "?tot=3&van=1"},
	} {
		if got := exportFilename(tc.f, "csv"); got != tc.name {
			t.Errorf("exportFilename(%+v) = %q; want %q", tc.f, got, tc.name)
		}
		if got := workbookQuery(tc.f); got != tc.query {
			t.Errorf("workbookQuery(%+v) = %q; want %q", tc.f, got, tc.query)
		}
		// The query parses back to the filter.
		if got, err := parseFilter(queryOf(strings.TrimPrefix(tc.query, "?"))); err != nil || got != tc.f {
			t.Errorf("parseFilter(workbookQuery(%+v)) = %+v, %v", tc.f, got, err)
		}
	}
}
