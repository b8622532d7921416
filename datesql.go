package peil

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Scan implements sql.Scanner, so that a nullable DATE column scans straight
// into a Date: NULL is the zero Date, a time its calendar date, a text its
// ISO date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(v)
	case string:
		p, err := ParseDate(v)
		if err != nil {
			return err
		}
		*d = p
	default:
		return fmt.Errorf("scan date: cannot read %T", src)
	}
	return nil
}

// Value implements driver.Valuer: the zero Date is NULL, any other Date
// midnight UTC of its day.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.Time, nil
}
