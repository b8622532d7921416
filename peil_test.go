package peil

import (
	"encoding/json"
	"testing"
	"time"
)

// TestParseDateErrorDutch checks the message of a bad date: it reaches people
// through --report-date, --from, --to and manifests.
func TestParseDateErrorDutch(t *testing.T) {
	for _, in := range []string{"31-03-2017", "2017-02-30", "gisteren"} {
		_, err := ParseDate(in)
		want := `"` + in + `" is geen datum; geef een datum als JJJJ-MM-DD`
		if err == nil || err.Error() != want {
			t.Errorf("ParseDate(%q) = %v; want %q", in, err, want)
		}
	}
}

// TestPageJSON checks that page 0 (text input) is null and other pages are
// numbers, both ways.
func TestPageJSON(t *testing.T) {
	for _, c := range []struct {
		page Page
		want string
	}{{0, `{"page":null}`}, {4, `{"page":4}`}} {
		b, err := json.Marshal(struct {
			Page Page `json:"page"`
		}{c.page})
		if err != nil || string(b) != c.want {
			t.Errorf("Marshal(page %d) = %s, %v; want %s", c.page, b, err, c.want)
		}
		var back struct {
			Page Page `json:"page"`
		}
		back.Page = 99
		if err := json.Unmarshal(b, &back); err != nil || back.Page != c.page {
			t.Errorf("Unmarshal(%s) = %d, %v; want %d", b, back.Page, err, c.page)
		}
	}
	var p Page
	if err := json.Unmarshal([]byte(`"vier"`), &p); err == nil {
		t.Error(`Unmarshal("vier") gave no error`)
	}
}

// TestDateSQL: a Date scans from what a DATE column gives (NULL, a time, a
// text) and is written as NULL or midnight UTC.
func TestDateSQL(t *testing.T) {
	for _, tc := range []struct {
		src  any
		want Date
	}{
		{nil, Date{}},
		{time.Date(2017, 3, 31, 0, 0, 0, 0, time.UTC), NewDate(2017, 3, 31)},
		{time.Date(2017, 3, 31, 23, 0, 0, 0, time.FixedZone("x", 3600)), NewDate(2017, 3, 31)},
		{"2016-11-15", NewDate(2016, 11, 15)},
	} {
		d := NewDate(2000, 1, 1)
		if err := d.Scan(tc.src); err != nil || !d.Equal(tc.want.Time) || d.IsZero() != tc.want.IsZero() {
			t.Errorf("Scan(%v) = %v, %v; want %v", tc.src, d, err, tc.want)
		}
	}
	var d Date
	if err := d.Scan(42); err == nil {
		t.Error("Scan(42) = nil; want an error")
	}
	if v, err := (Date{}).Value(); v != nil || err != nil {
		t.Errorf("zero Value() = %v, %v; want nil", v, err)
	}
	if v, _ := NewDate(2017, 3, 31).Value(); v != time.Date(2017, 3, 31, 0, 0, 0, 0, time.UTC) {
		t.Errorf("Value() = %v; want midnight UTC", v)
	}
}
