package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/peil-dev/peil"
)

// utf8BOM lets Excel recognise the CSV as UTF-8.
const utf8BOM = "\uFEFF"

// WriteCSV writes the observations of wb to w as CSV, in the columns of
// Waarnemingen: fields separated by semicolons, UTF-8 with a byte order mark,
// CRLF line ends, numbers with a decimal comma and no grouping (6,4 and 1995),
// dates as ISO dates (2017-02-13), text neutralised like in the workbook. It
// returns the number of observations written.
func (wb *Workbook) WriteCSV(w io.Writer) (_ int64, err error) {
	defer peil.Wrap(&err, "write csv")
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(utf8BOM); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(bw)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(headers(observationColumns)); err != nil {
		return 0, err
	}
	lk := newLookup(wb)
	cells := make([]cell, len(observationColumns))
	record := make([]string, len(observationColumns))
	var n int64
	if wb.Observations != nil {
		err := wb.Observations(func(o *peil.Observation) error {
			lk.observationRow(o, cells)
			for i, c := range cells {
				record[i] = csvField(c)
			}
			n++
			return cw.Write(record)
		})
		if err != nil {
			return n, err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	if err := bw.Flush(); err != nil {
		return n, err
	}
	return n, nil
}

// csvField writes c as a CSV field.
func csvField(c cell) string {
	switch c.kind {
	case cellText, cellWrapped:
		return peil.SpreadsheetSafe(peil.StripControls(c.text, "\t\n\r"))
	case cellNumber:
		return decimalComma(c.num)
	case cellInteger:
		return strconv.FormatInt(int64(c.num), 10)
	case cellDate:
		return c.date.String()
	}
	return ""
}

// decimalComma writes v with a decimal comma and no grouping: 6,4 and 1995.
func decimalComma(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}
