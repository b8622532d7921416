package imports

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/peil-dev/peil"
)

// ReadCSV reads an import file in CSV: comma or semicolon separated (the
// header line decides), UTF-8 with or without a byte order mark.
func ReadCSV(r io.Reader, name string) ([]peil.Observation, error) {
	br := bufio.NewReader(r)
	first, err := br.Peek(4096)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het bestand niet lezen", Err: err}
	}
	headerLine, _, _ := strings.Cut(string(first), "\n")
	cr := csv.NewReader(br)
	if strings.Count(headerLine, ";") > strings.Count(headerLine, ",") {
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
