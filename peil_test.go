package peil

import "testing"

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
