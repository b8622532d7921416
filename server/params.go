package server

import (
	"slices"
	"strconv"

	"github.com/peil-dev/peil"
)

// maxMeasureNr bounds measure numbers in parameters; the programme has 38.
const maxMeasureNr = 1000

// parseMeasureNr parses a measure number from parameter name; empty gives 0
// when optional.
func parseMeasureNr(name, v string, optional bool) (int, error) {
	if v == "" && optional {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxMeasureNr {
		return 0, peil.Errorf(peil.EINVALID, "parameter %s: geef een maatregelnummer (1-%d), niet %q", name, maxMeasureNr, v)
	}
	return n, nil
}

// parseReportID parses a report id from parameter name; empty gives 0.
func parseReportID(name, v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, peil.Errorf(peil.EINVALID, "parameter %s: geef een rapportage-id (een positief geheel getal), niet %q", name, v)
	}
	return n, nil
}

// parseReportPair parses the two report ids of a comparison; both or neither
// must be given (neither: the previous report against the latest).
func parseReportPair(fromName, from, toName, to string) (int64, int64, error) {
	f, err := parseReportID(fromName, from)
	if err != nil {
		return 0, 0, err
	}
	t, err := parseReportID(toName, to)
	if err != nil {
		return 0, 0, err
	}
	if (f == 0) != (t == 0) {
		return 0, 0, peil.Errorf(peil.EINVALID, "parameters %s en %s: geef beide rapportage-ids of geen van beide", fromName, toName)
	}
	return f, t, nil
}

// parseDate parses an ISO date (YYYY-MM-DD) from parameter name; empty gives
// the zero Date.
func parseDate(name, v string) (peil.Date, error) {
	d, err := peil.ParseDate(v)
	if err != nil {
		return peil.Date{}, peil.Errorf(peil.EINVALID, "parameter %s: geef een datum als JJJJ-MM-DD, niet %q", name, v)
	}
	return d, nil
}

// parseIndicatorID checks an indicator id from parameter name: lower-case
// letters, digits, '_' and '-', at most 100 characters. Empty gives "" when
// optional.
func parseIndicatorID(name, v string, optional bool) (peil.IndicatorID, error) {
	if v == "" && optional {
		return "", nil
	}
	ok := v != "" && len(v) <= 100
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			ok = false
			break
		}
	}
	if !ok {
		return "", peil.Errorf(peil.EINVALID, "parameter %s: geef een indicator-id (a-z, 0-9, _ en -), niet %q", name, v)
	}
	return peil.IndicatorID(v), nil
}

// filterParams is the query of an export or a page's download links.
type filterParams interface {
	Query(key string) string
}

// parseFilter reads the filter parameters measure, indicator, from and to,
// and van and tot: the reports a workbook's comparison sheet sets side by side.
func parseFilter(q filterParams) (peil.ExportOptions, error) {
	var o peil.ExportOptions
	f := &o.Filter
	var err error
	if f.Measure, err = parseMeasureNr("measure", q.Query("measure"), true); err != nil {
		return o, err
	}
	if f.Indicator, err = parseIndicatorID("indicator", q.Query("indicator"), true); err != nil {
		return o, err
	}
	if f.From, err = parseDate("from", q.Query("from")); err != nil {
		return o, err
	}
	if f.To, err = parseDate("to", q.Query("to")); err != nil {
		return o, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From.Time) {
		return o, peil.Errorf(peil.EINVALID, "parameters from en to: %s ligt na %s", f.From, f.To)
	}
	if o.CompareFrom, o.CompareTo, err = parseReportPair("van", q.Query("van"), "tot", q.Query("tot")); err != nil {
		return o, err
	}
	return o, nil
}

// reportOrder checks that report from comes before report to among reports
// (in report order, oldest first), so a comparison never runs backwards.
// Both 0 (the defaults) is fine; an id that is not among reports is left to
// the comparison to report as not found.
func reportOrder(reports []peil.ReportSummary, fromName string, from int64, toName string, to int64) error {
	if from == 0 && to == 0 {
		return nil
	}
	i := slices.IndexFunc(reports, func(r peil.ReportSummary) bool { return r.ID == from })
	j := slices.IndexFunc(reports, func(r peil.ReportSummary) bool { return r.ID == to })
	if i < 0 || j < 0 || i < j {
		return nil
	}
	return peil.Errorf(peil.EINVALID, "parameters %s en %s: %s moet een eerdere rapportage zijn dan %s", fromName, toName, fromName, toName)
}
