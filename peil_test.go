package peil

import (
	"encoding/json"
	"testing"
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
