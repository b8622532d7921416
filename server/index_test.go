package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// visibleRows returns the data-id of the rows of an index page that are not
// hidden, and of those that are.
func visibleRows(body string) (shown, hidden []string) {
	for _, m := range regexp.MustCompile(`<tr( hidden)? data-id="([^"]+)"`).FindAllStringSubmatch(body, -1) {
		if m[1] != "" {
			hidden = append(hidden, m[2])
		} else {
			shown = append(shown, m[2])
		}
	}
	return shown, hidden
}

// TestIndexSearch checks the search without JavaScript (?q=): every word must
// occur, case and accents do not matter, the count says how many match, and
// the JSON index the script uses finds the same rows.
func TestIndexSearch(t *testing.T) {
	ts := newTestServer(t, nil)
	all, none := visibleRows(get(t, ts, "/indicatoren", http.StatusOK).Body)
	if len(all) < 5 || len(none) != 0 {
		t.Fatalf("/indicatoren: %d rows shown, %d hidden; want every indicator shown", len(all), len(none))
	}
	var idx struct {
		Indicators []struct {
			ID     string `json:"id"`
			Search string `json:"search"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal([]byte(get(t, ts, searchIndexPath, http.StatusOK).Body), &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Indicators) != len(all) {
		t.Fatalf("the JSON index has %d indicators, the page %d", len(idx.Indicators), len(all))
	}
	for _, c := range []struct {
		q         string
		mustShow  string
		mustHide  string
		sameAs    string
		wantCount int // -1: any
	}{
		{q: "paspoort", mustShow: "passport_measures", mustHide: "criminal_investigations", wantCount: -1},
		{q: "PASPÓÓRT", sameAs: "paspoort", wantCount: -1},
		{q: "strafrechtelijke onderzoeken", mustShow: "criminal_investigations", mustHide: "passport_measures", wantCount: -1},
		{q: "onderzoeken strafrechtelijke", sameAs: "strafrechtelijke onderzoeken", wantCount: -1},
		{q: "paspoort strafrechtelijke", wantCount: 0},
		{q: "zzzqqq", wantCount: 0},
	} {
		body := get(t, ts, "/indicatoren?q="+urlQuery(c.q), http.StatusOK).Body
		shown, hidden := visibleRows(body)
		if len(shown)+len(hidden) != len(all) {
			t.Errorf("q=%q: %d rows in the page; want all %d (hidden or not)", c.q, len(shown)+len(hidden), len(all))
		}
		if c.mustShow != "" && !contains(shown, c.mustShow) {
			t.Errorf("q=%q: %s not shown (shown %v)", c.q, c.mustShow, shown)
		}
		if c.mustHide != "" && contains(shown, c.mustHide) {
			t.Errorf("q=%q: %s shown", c.q, c.mustHide)
		}
		if c.sameAs != "" {
			other, _ := visibleRows(get(t, ts, "/indicatoren?q="+urlQuery(c.sameAs), http.StatusOK).Body)
			if strings.Join(other, ",") != strings.Join(shown, ",") {
				t.Errorf("q=%q shows %v; q=%q shows %v", c.q, shown, c.sameAs, other)
			}
		}
		if c.wantCount >= 0 && len(shown) != c.wantCount {
			t.Errorf("q=%q: %d shown; want %d", c.q, len(shown), c.wantCount)
		}
		if want := strings.Join([]string{itoa(len(shown)), "van", itoa(len(all)), "indicatoren"}, " "); !strings.Contains(body, want) {
			t.Errorf("q=%q: page lacks the count %q", c.q, want)
		}
		if len(shown) == 0 && strings.Contains(body, `id="index-empty" hidden`) {
			t.Errorf("q=%q: nothing found but the message is hidden", c.q)
		}
		// The script's index: each word in the folded search text of exactly the rows shown.
		var fromIndex []string
		for _, e := range idx.Indicators {
			if matchesSearch(e.Search, foldSearch(c.q)) {
				fromIndex = append(fromIndex, e.ID)
			}
		}
		if len(fromIndex) != len(shown) {
			t.Errorf("q=%q: the JSON index matches %d, the page shows %d", c.q, len(fromIndex), len(shown))
		}
	}
}

// TestIndexFilters checks the filters and sorting of /indicatoren and
// /maatregelen, and that bad values are refused in Dutch.
func TestIndexFilters(t *testing.T) {
	ts := newTestServer(t, nil)
	all, _ := visibleRows(get(t, ts, "/indicatoren", http.StatusOK).Body)
	key, _ := visibleRows(get(t, ts, "/indicatoren?key=1", http.StatusOK).Body)
	if len(key) == 0 || len(key) >= len(all) {
		t.Errorf("key=1: %d of %d", len(key), len(all))
	}
	m7, _ := visibleRows(get(t, ts, "/indicatoren?measure=7", http.StatusOK).Body)
	if len(m7) == 0 || !contains(m7, "passport_measures") || contains(m7, "criminal_investigations") {
		t.Errorf("measure=7: %v", m7)
	}
	cum, _ := visibleRows(get(t, ts, "/indicatoren?kind=cumulative", http.StatusOK).Body)
	if len(cum) == 0 || len(cum) >= len(all) {
		t.Errorf("kind=cumulative: %d of %d", len(cum), len(all))
	}
	changed, _ := visibleRows(get(t, ts, "/indicatoren?changed=1", http.StatusOK).Body)
	if len(changed) == 0 || len(changed) >= len(all) || !contains(changed, "criminal_investigations") {
		t.Errorf("changed=1: %d of %d (%v)", len(changed), len(all), changed)
	}
	risk, _ := visibleRows(get(t, ts, "/indicatoren?cluster=risicoreductie", http.StatusOK).Body)
	if !contains(risk, "criminal_investigations") {
		t.Errorf("cluster=risicoreductie: %v", risk)
	}
	if other, _ := visibleRows(get(t, ts, "/indicatoren?cluster=uitreis", http.StatusOK).Body); len(other) != 0 || len(risk) != len(all) {
		t.Errorf("the fixtures' indicators are all of cluster risicoreductie; uitreis shows %v, risicoreductie %d of %d", other, len(risk), len(all))
	}
	byName, _ := visibleRows(get(t, ts, "/indicatoren?sort=naam", http.StatusOK).Body)
	if len(byName) != len(all) || strings.Join(byName, ",") == strings.Join(all, ",") {
		t.Errorf("sort=naam gives the default order or other rows")
	}
	measures, _ := visibleRows(get(t, ts, "/maatregelen", http.StatusOK).Body)
	if len(measures) != 38 {
		t.Errorf("/maatregelen: %d measures; want 38", len(measures))
	}
	for _, bad := range []string{"/indicatoren?sort=waarde", "/indicatoren?kind=x", "/indicatoren?cluster=x",
		"/indicatoren?measure=0", "/indicatoren?key=ja%21", "/maatregelen?q=" + strings.Repeat("a", 201)} {
		res := get(t, ts, bad, http.StatusBadRequest)
		if !strings.Contains(res.Body, "parameter ") {
			t.Errorf("GET %s: the message does not name the parameter\n%s", bad, truncate(res.Body, 1500))
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func urlQuery(s string) string { return url.QueryEscape(s) }

func itoa(n int) string { return strconv.Itoa(n) }

// TestIndexExpectationOnly: an indicator with only an expectation (the
// sample's "zal ... door ongeveer 30.000 scholieren zijn bezocht") has no
// latest value on the index, and says what is expected instead.
func TestIndexExpectationOnly(t *testing.T) {
	ts := newTestServer(t, newSampleTestDB(t))
	body := get(t, ts, "/indicatoren", http.StatusOK).Body
	i := strings.Index(body, `data-id="jihad_play_pupils"`)
	if i < 0 {
		t.Fatal("/indicatoren lacks jihad_play_pupils")
	}
	row := body[i : i+strings.Index(body[i:], "</tr>")]
	if want := `<td class="num"></td><td>geen bereikte waarde; verwachting circa 30.000 (30 april 2017)</td>`; !strings.Contains(row, want) {
		t.Errorf("row %s\nlacks %s", row, want)
	}
}

// TestOverviewExpectationOnly: a key indicator with only an expectation says
// on the Overzicht what is expected, instead of an empty value.
func TestOverviewExpectationOnly(t *testing.T) {
	ts := newTestServer(t, newSampleTestDB(t))
	body := get(t, ts, "/", http.StatusOK).Body
	i := strings.Index(body, `href="/indicatoren/jihad_play_pupils"`)
	if i < 0 {
		t.Fatal("/ lacks the key indicator jihad_play_pupils")
	}
	item := body[i : i+strings.Index(body[i:], "</li>")]
	if want := `geen bereikte waarde; verwachting circa 30.000<br><span class="when">30 april 2017</span>`; !strings.Contains(item, want) {
		t.Errorf("overview item %s\nlacks %s", item, want)
	}
}
