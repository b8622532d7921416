package imports

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/peil-dev/peil"
)

// ReadCSV reads an import file in CSV: comma or semicolon separated (the
// header line decides), UTF-8 with or without a byte order mark, or
// Windows-1252 (as Dutch Excel saves CSV).
func ReadCSV(r io.Reader, name string) ([]peil.Observation, error) {
	return readCSV(r, name, nil)
}

// readCSV is ReadCSV, saying through notef (when not nil) that it transcoded
// the file.
func readCSV(r io.Reader, name string, notef func(string, ...any)) ([]peil.Observation, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het bestand niet lezen", Err: err}
	}
	if len(raw) > MaxFileBytes {
		return nil, &peil.Error{Code: peil.EINVALID, File: name,
			Message: fmt.Sprintf("groter dan %d MB: te groot om te importeren; splits het bestand", MaxFileBytes>>20)}
	}
	raw, err = peil.ToUTF8Noted(raw, name, notef)
	if err != nil {
		return nil, err
	}
	headerLine, _, _ := bytes.Cut(raw[:min(len(raw), 4096)], []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(raw))
	if bytes.Count(headerLine, []byte(";")) > bytes.Count(headerLine, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	t := &table{file: name}
	for rec := 0; ; rec++ {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.Line, pe.Err
			}
			return nil, t.errorf(line, "onleesbare CSV: %v", err)
		}
		line, _ := cr.FieldPos(0)
		if rec > MaxRows {
			return nil, t.errorf(line, "meer dan %s rijen: splits het bestand", peil.FormatNumber(MaxRows))
		}
		if len(fields) > MaxColumns {
			return nil, t.errorf(line, "meer dan %d kolommen: verwacht %s", MaxColumns, strings.Join(Columns, ", "))
		}
		if rec == 0 {
			if err := t.header(line, fields); err != nil {
				return nil, err
			}
			continue
		}
		cells := make([]cell, len(fields))
		for i, f := range fields {
			cells[i] = cell{text: f}
		}
		if err := t.add(line, cells); err != nil {
			return nil, err
		}
	}
	return t.observations("leeg bestand")
}
