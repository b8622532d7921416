// Package imports reads the files of `peil import`: figures from elsewhere
// (parliamentary answers, other reports, news) as CSV or XLSX, with the columns
// indicator, value, qualifier, period_start, period_end, source and note. It
// checks the form of every row and returns observations that carry their line
// in the file; whether the indicators exist is for the database to check.
package imports

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/peil-dev/peil"
)

// Columns are the columns of an import file, in their usual order. indicator,
// value, period_end and source are required; qualifier (default exact),
// period_start and note may be left out or empty.
var Columns = []string{"indicator", "value", "qualifier", "period_start", "period_end", "source", "note"}

var required = []string{"indicator", "value", "period_end", "source"}

// Limits of an import file. Beyond them Read refuses the file (with the line
// for rows and columns) before anything is stored.
const (
	MaxFileBytes = 64 << 20 // the file as stored: some 500,000 CSV rows of a hundred bytes
	MaxRows      = 200_000  // data rows after the header
	MaxColumns   = 64       // columns of a row (an import has seven)
)

// Read reads an import file, CSV or XLSX by the extension of name.
func Read(r io.Reader, name string) ([]peil.Observation, error) {
	return ReadNotef(r, name, nil)
}

// ReadNotef is Read, saying through notef (when not nil) that a CSV file in
// Windows-1252 was transcoded.
func ReadNotef(r io.Reader, name string, notef func(format string, args ...any)) ([]peil.Observation, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		return readCSV(r, name, notef)
	case ".xlsx":
		return ReadXLSX(r, name)
	}
	return nil, &peil.Error{Code: peil.EINVALID, File: name, Message: "onbekend bestandstype: gebruik .csv of .xlsx"}
}

// cell is one value of a row, as text, with whether a spreadsheet stored it as
// a number (dates are numbers in a spreadsheet).
type cell struct {
	text    string
	numeric bool
}

// table turns rows into observations: the first row names the columns.
type table struct {
	file string
	cols map[string]int // column name -> index
	obs  []peil.Observation
}

func (t *table) errorf(line int, format string, args ...any) error {
	return &peil.Error{Code: peil.EINVALID, File: t.file, Line: line, Message: fmt.Sprintf(format, args...)}
}

// header reads the column names.
func (t *table) header(line int, names []string) error {
	t.cols = map[string]int{}
	for i, n := range names {
		n = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(n, "\ufeff")))
		if n == "" {
			continue
		}
		if !known(n) {
			return t.errorf(line, "onbekende kolom %q (verwacht: %s)", n, strings.Join(Columns, ", "))
		}
		if _, dup := t.cols[n]; dup {
			return t.errorf(line, "kolom %q staat er twee keer in", n)
		}
		t.cols[n] = i
	}
	for _, n := range required {
		if _, ok := t.cols[n]; !ok {
			return t.errorf(line, "kolom %q ontbreekt (verwacht: %s)", n, strings.Join(Columns, ", "))
		}
	}
	return nil
}

func known(col string) bool {
	for _, c := range Columns {
		if c == col {
			return true
		}
	}
	return false
}

// add reads one data row into t.obs; an empty row adds nothing.
func (t *table) add(line int, cells []cell) error {
	o, ok, err := t.row(line, cells)
	if ok {
		t.obs = append(t.obs, o)
	}
	return err
}

// observations returns what the rows gave; an error when there was no header
// (what names the empty file or sheet, in Dutch) or no data row.
func (t *table) observations(what string) ([]peil.Observation, error) {
	if t.cols == nil {
		return nil, t.errorf(0, "%s: verwacht een kopregel met %s", what, strings.Join(Columns, ", "))
	}
	if len(t.obs) == 0 {
		return nil, t.errorf(0, "geen rijen om te importeren")
	}
	return t.obs, nil
}

// row reads one data row; ok is false for an empty row.
func (t *table) row(line int, cells []cell) (o peil.Observation, ok bool, err error) {
	get := func(col string) cell {
		i, has := t.cols[col]
		if !has || i >= len(cells) {
			return cell{}
		}
		return cell{strings.TrimSpace(cells[i].text), cells[i].numeric}
	}
	empty := true
	for _, c := range cells {
		if strings.TrimSpace(c.text) != "" {
			empty = false
		}
	}
	if empty {
		return o, false, nil
	}
	o.Line = line
	o.Source = peil.SourceImported
	if o.Indicator = peil.IndicatorID(get("indicator").text); o.Indicator == "" {
		return o, false, t.errorf(line, "kolom indicator is leeg")
	}
	v := get("value")
	if o.Value, err = parseValue(v); err != nil {
		return o, false, t.errorf(line, "kolom value %q: %v", v.text, err)
	}
	o.Text = v.text
	if v.numeric {
		o.Text = peil.FormatNumber(o.Value)
	}
	q := get("qualifier").text
	if o.Qualifier, ok = parseQualifier(q); !ok {
		return o, false, t.errorf(line, "kolom qualifier %q: kies exact, approx, at_least, more_than of at_most", q)
	}
	if o.PeriodStart, err = parseDate(get("period_start")); err != nil {
		return o, false, t.errorf(line, "kolom period_start: %v", err)
	}
	end := get("period_end")
	if end.text == "" {
		return o, false, t.errorf(line, "kolom period_end is leeg")
	}
	if o.PeriodEnd, err = parseDate(end); err != nil {
		return o, false, t.errorf(line, "kolom period_end: %v", err)
	}
	if !o.PeriodStart.IsZero() && o.PeriodStart.After(o.PeriodEnd.Time) {
		return o, false, t.errorf(line, "period_start %s ligt na period_end %s", o.PeriodStart, o.PeriodEnd)
	}
	if o.Citation = cleanCell(get("source").text); o.Citation == "" {
		return o, false, t.errorf(line, "kolom source is leeg: geef een URL of bronvermelding")
	}
	o.Note = cleanCell(get("note").text)
	return o, true, nil
}

var dutchThousands = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})+$`)

// parseValue reads a number: a spreadsheet number as stored, text in Dutch
// (1.995, 6,4, 1.995,5) or plain notation (1995, 6.4). Text with dots only
// between groups of three digits is Dutch: 1.500 is fifteen hundred.
func parseValue(c cell) (float64, error) {
	s := strings.ReplaceAll(c.text, " ", "")
	if s == "" {
		return 0, fmt.Errorf("leeg")
	}
	if !c.numeric {
		switch {
		case strings.Contains(s, ","):
			s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
		case dutchThousands.MatchString(s):
			s = strings.ReplaceAll(s, ".", "")
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || math.IsNaN(v) {
		return 0, fmt.Errorf("geen getal")
	}
	if !peil.InRange(v) {
		return 0, fmt.Errorf("buiten het bereik van ±%s", peil.FormatNumber(peil.MaxValue))
	}
	if mantissa, _, _ := strings.Cut(strings.ToLower(s), "e"); v == 0 && strings.ContainsAny(mantissa, "123456789") {
		return 0, fmt.Errorf("te dicht bij 0 om op te slaan") // 1e-400 parses as 0
	}
	return v + 0, nil // -0 is 0
}

// qualifierWords maps the qualifiers and their Dutch words to qualifiers.
var qualifierWords = map[string]peil.Qualifier{
	"": peil.QualExact, "exact": peil.QualExact, "precies": peil.QualExact,
	"approx": peil.QualApprox, "circa": peil.QualApprox, "ca.": peil.QualApprox, "ongeveer": peil.QualApprox,
	"at_least": peil.QualAtLeast, "tenminste": peil.QualAtLeast, "ten minste": peil.QualAtLeast, "minstens": peil.QualAtLeast,
	"more_than": peil.QualMoreThan, "meer dan": peil.QualMoreThan, "ruim": peil.QualMoreThan,
	"at_most": peil.QualAtMost, "maximaal": peil.QualAtMost, "hooguit": peil.QualAtMost,
}

func parseQualifier(s string) (peil.Qualifier, bool) {
	q, ok := qualifierWords[strings.ToLower(s)]
	return q, ok
}

var dutchDate = regexp.MustCompile(`^(\d{1,2})-(\d{1,2})-(\d{4})$`)

// parseDate reads 2017-03-01, 1-3-2017 or a spreadsheet date number; "" is
// the zero Date.
func parseDate(c cell) (peil.Date, error) {
	s := c.text
	if s == "" {
		return peil.Date{}, nil
	}
	if c.numeric {
		if serial, err := strconv.ParseFloat(s, 64); err == nil {
			return excelDate(serial)
		}
	}
	if m := dutchDate.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		date := peil.NewDate(y, time.Month(mo), d)
		if date.Day() != d || int(date.Month()) != mo {
			return peil.Date{}, fmt.Errorf("%q is geen datum", s)
		}
		return date, nil
	}
	d, err := peil.ParseDate(s)
	if err != nil {
		return peil.Date{}, fmt.Errorf("%q is geen datum; geef JJJJ-MM-DD of D-M-JJJJ", s)
	}
	return d, nil
}

// cleanCell is a text cell as stored: without control characters
// (peil.IsControl; a line break stays) and white space at its ends, so that
// an escape sequence in a source or note reaches no terminal, CSV or page.
func cleanCell(s string) string { return strings.TrimSpace(peil.StripControls(s, "\n")) }
