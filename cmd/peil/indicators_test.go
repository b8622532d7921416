package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

func TestIndicatorsCommand(t *testing.T) {
	db := storeSampleDB(t)

	code, out, errOut := storeRun(t, "indicators", "--db", db, "--measure", "8")
	if code != 0 {
		t.Fatalf("peil indicators --measure 8 = %d: %s", code, errOut)
	}
	for _, want := range []string{"sanctions_persons_listed", "Personen geplaatst op de nationale sanctielijst terrorisme", "personen"} {
		if !strings.Contains(out, want) {
			t.Errorf("peil indicators --measure 8 lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "criminal_investigations") {
		t.Errorf("peil indicators --measure 8 lists an indicator of measure 1:\n%s", out)
	}

	code, out, errOut = storeRun(t, "indicators", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("peil indicators --format json = %d: %s", code, errOut)
	}
	var inds []peil.Indicator
	if err := json.Unmarshal([]byte(out), &inds); err != nil {
		t.Fatalf("peil indicators --format json: %v\n%s", err, out)
	}
	// Every id it lists is one that peil series answers.
	if len(inds) == 0 {
		t.Fatal("peil indicators --format json lists nothing for the sample")
	}
	for _, ind := range inds[:3] {
		if code, _, errOut := storeRun(t, "series", "--db", db, string(ind.ID)); code != 0 {
			t.Errorf("peil series %s = %d: %s", ind.ID, code, errOut)
		}
	}

	// A measure that does not exist is bad input; a real measure without
	// indicators says so, not "load reports".
	code, out, errOut = storeRun(t, "indicators", "--db", db, "--measure", "99")
	if code != exitInvalid || !strings.Contains(errOut, "--measure 99: deze maatregel bestaat niet") || out != "" {
		t.Errorf("peil indicators --measure 99 = %d, %q, %q; want 2: the measure does not exist", code, out, errOut)
	}
	have := map[int]bool{}
	for _, ind := range inds {
		have[ind.Measure] = true
	}
	empty := 0
	for nr := 1; nr <= 38 && empty == 0; nr++ {
		if !have[nr] {
			empty = nr
		}
	}
	if empty == 0 {
		t.Fatal("every measure of the sample has indicators; want one without for this test")
	}
	code, out, errOut = storeRun(t, "indicators", "--db", db, "--measure", strconv.Itoa(empty))
	if want := fmt.Sprintf("Maatregel %d heeft geen indicatoren met waarden (1 rapportage geladen).", empty); code != 0 || !strings.Contains(out, want) {
		t.Errorf("peil indicators --measure %d = %d, %q, %q; want %q", empty, code, out, errOut, want)
	}

	if code, _, _ := storeRun(t, "indicators", "--db", db, "extra"); code != exitInvalid {
		t.Errorf("peil indicators extra = %d; want %d", code, exitInvalid)
	}
}
