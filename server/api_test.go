package server

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// decode decodes a JSON body into v or fails the test.
func decode(t *testing.T, path, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: decode %T: %v\n%s", path, v, err, truncate(body, 1000))
	}
}

func TestAPI(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, p := range apiPaths {
		res := get(t, ts, p, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("GET %s: Content-Type = %q; want application/json; charset=utf-8", p, ct)
		}
	}

	var reports []peil.ReportSummary
	decode(t, "/api/reports", get(t, ts, "/api/reports", http.StatusOK).Body, &reports)
	if len(reports) != 3 {
		t.Fatalf("GET /api/reports: %d reports; want 3", len(reports))
	}
	for i, want := range []string{"2016-10-31", "2017-03-31", "2017-09-30"} {
		if got := reports[i].ReportDate.String(); got != want {
			t.Errorf("GET /api/reports: report %d dated %s; want %s", i, got, want)
		}
	}

	var measures []peil.Measure
	decode(t, "/api/measures", get(t, ts, "/api/measures", http.StatusOK).Body, &measures)
	if len(measures) != 38 {
		t.Errorf("GET /api/measures: %d measures; want 38", len(measures))
	}

	var m measureDetail
	decode(t, "/api/measures/1", get(t, ts, "/api/measures/1", http.StatusOK).Body, &m)
	if m.Nr != 1 || len(m.Statuses) != 3 || len(m.Indicators) == 0 {
		t.Errorf("GET /api/measures/1 = nr %d, %d statuses, %d indicators; want 1, 3, some", m.Nr, len(m.Statuses), len(m.Indicators))
	}

	var inds []peil.Indicator
	decode(t, "/api/indicators?measure=1", get(t, ts, "/api/indicators?measure=1", http.StatusOK).Body, &inds)
	if len(inds) == 0 {
		t.Errorf("GET /api/indicators?measure=1: no indicators")
	}
	for _, ind := range inds {
		if ind.Measure != 1 {
			t.Errorf("GET /api/indicators?measure=1 lists %s of measure %d", ind.ID, ind.Measure)
		}
	}

	// The series is what the store says, point for point.
	var s peil.Series
	decode(t, "/api/series/criminal_investigations", get(t, ts, "/api/series/criminal_investigations", http.StatusOK).Body, &s)
	var values []float64
	for _, p := range s.Points {
		values = append(values, p.Value)
	}
	if s.Indicator.ID != "criminal_investigations" || !slices.Equal(values, []float64{300, 386, 410}) {
		t.Errorf("GET /api/series/criminal_investigations = %s %v; want criminal_investigations [300 386 410]", s.Indicator.ID, values)
	}

	var evs []peil.Event
	decode(t, "/api/events?measure=4", get(t, ts, "/api/events?measure=4", http.StatusOK).Body, &evs)
	if len(evs) == 0 || evs[0].Date.String() != "2017-03-01" || evs[0].Type != peil.EventInForce {
		t.Errorf("GET /api/events?measure=4 = %+v; want an in_force event on 2017-03-01", evs)
	}

	var cmp peil.Comparison
	decode(t, "/api/compare", get(t, ts, "/api/compare", http.StatusOK).Body, &cmp)
	if cmp.From.ID != reports[1].ID || cmp.To.ID != reports[2].ID {
		t.Errorf("GET /api/compare compares %d with %d; want the previous (%d) with the latest (%d)", cmp.From.ID, cmp.To.ID, reports[1].ID, reports[2].ID)
	}
}

func TestAPIErrors(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, tc := range []struct {
		path   string
		status int
		code   string
		msg    string // part of the message
	}{
		{"/api/measures/abc", 400, "invalid", `geef een maatregelnummer (1-1000), niet "abc"`},
		{"/api/measures/0", 400, "invalid", "geef een maatregelnummer"},
		{"/api/measures/99", 404, "not_found", ""},
		{"/api/series/geen_indicator", 404, "not_found", ""},
		{"/api/series/Bad%20Id", 400, "invalid", "geef een indicator-id"},
		{"/api/indicators?measure=x", 400, "invalid", "parameter measure"},
		{"/api/indicators?measure=99", 404, "not_found", ""},
		{"/api/events?measure=-1", 400, "invalid", "parameter measure"},
		{"/api/compare?from=abc&to=2", 400, "invalid", "parameter from"},
		{"/api/compare?from=1", 400, "invalid", "geef beide rapportage-ids of geen van beide"},
		{"/api/compare?from=1&to=999", 404, "not_found", ""},
		{"/api/compare?from=3&to=2", 400, "invalid", "parameters from en to: from moet een eerdere rapportage zijn dan to"},
		{"/api/compare?from=2&to=2", 400, "invalid", "from moet een eerdere rapportage zijn dan to"},
		{"/api/bestaat-niet", 404, "not_found", "geen pagina op /api/bestaat-niet"},
	} {
		res := get(t, ts, tc.path, tc.status)
		var body apiError
		decode(t, tc.path, res.Body, &body)
		if body.Error.Code != tc.code || body.Error.Message == "" || !strings.Contains(body.Error.Message, tc.msg) {
			t.Errorf("GET %s = %+v; want code %q and a message with %q", tc.path, body, tc.code, tc.msg)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("GET %s: Content-Type = %q; want JSON", tc.path, ct)
		}
	}
}

func TestHTMLErrors(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/maatregelen/abc", 400, []string{"<h1>Ongeldige aanvraag</h1>", `geef een maatregelnummer (1-1000), niet &#34;abc&#34;`}},
		{"/maatregelen/99", 404, []string{"<h1>Niet gevonden</h1>"}},
		{"/indicatoren/geen_indicator", 404, []string{"<h1>Niet gevonden</h1>"}},
		{"/indicatoren/%3Cscript%3E", 400, []string{"<h1>Ongeldige aanvraag</h1>", "&lt;script&gt;"}},
		{"/vergelijken?van=1", 400, []string{"<h1>Ongeldige aanvraag</h1>", "parameters van en tot: geef beide rapportage-ids of geen van beide"}},
		{"/export.xlsx?from=2017-13-01", 400, []string{"<h1>Ongeldige aanvraag</h1>", "parameter from"}},
		{"/vergelijken?van=3&tot=1", 400, []string{"<h1>Ongeldige aanvraag</h1>", "van moet een eerdere rapportage zijn dan tot"}},
		{"/export.xlsx?van=2&tot=1", 400, []string{"<h1>Ongeldige aanvraag</h1>", "van moet een eerdere rapportage zijn dan tot"}},
		{"/export.xlsx?tot=2", 400, []string{"<h1>Ongeldige aanvraag</h1>", "geef beide rapportage-ids of geen van beide"}},
		{"/export.csv?measure=99", 404, []string{"<h1>Niet gevonden</h1>"}},
		{"/bestaat/niet", 404, []string{"<h1>Niet gevonden</h1>", `href="/"`}},
	} {
		res := get(t, ts, tc.path, tc.status)
		if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type = %q; want HTML", tc.path, ct)
		}
		if res.Header.Get("Content-Disposition") != "" {
			t.Errorf("GET %s: an error response is an attachment", tc.path)
		}
		if missing, ok := containsAll(res.Body, tc.want...); !ok {
			t.Errorf("GET %s: error page lacks %q\n%s", tc.path, missing, truncate(res.Body, 2000))
		}
	}
}

func TestAPIConditional(t *testing.T) {
	ts := newTestServer(t, nil)
	const path = "/api/series/criminal_investigations"
	first := get(t, ts, path, http.StatusOK)
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatalf("GET %s: no ETag", path)
	}
	again := get(t, ts, path, http.StatusOK)
	if again.Body != first.Body || again.Header.Get("ETag") != etag {
		t.Errorf("GET %s twice gave different responses", path)
	}
	res := fetch(t, ts, http.MethodGet, path, http.Header{"If-None-Match": {etag}}, nil)
	if res.StatusCode != http.StatusNotModified || res.Body != "" {
		t.Errorf("GET %s with If-None-Match = %d with %d bytes; want 304 without body", path, res.StatusCode, len(res.Body))
	}
	res = fetch(t, ts, http.MethodGet, path, http.Header{"If-None-Match": {`"other"`}}, nil)
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET %s with another ETag = %d; want 200", path, res.StatusCode)
	}
}

// TestOpenAPI checks that the document is OpenAPI 3.0 JSON that describes
// every API route and the two downloads, with their query parameters, and
// nothing else.
func TestOpenAPI(t *testing.T) {
	ts := newTestServer(t, nil)
	res := get(t, ts, "/api/openapi.json", http.StatusOK)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct{ Title, Version string }
		Paths   map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
				In   string `json:"in"`
				Ref  string `json:"$ref"`
			} `json:"parameters"`
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas    map[string]json.RawMessage `json:"schemas"`
			Parameters map[string]struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
		} `json:"components"`
	}
	decode(t, "/api/openapi.json", res.Body, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.0.") || doc.Info.Title == "" || doc.Info.Version == "" {
		t.Errorf("openapi = %q, info = %+v; want 3.0.x with a title and version", doc.OpenAPI, doc.Info)
	}

	param := regexp.MustCompile(`:(\w+)`)
	routes := map[string]bool{}
	for _, r := range New(Services{}, Options{}).engine.Routes() {
		if !isAPI(r.Path) && !strings.HasPrefix(r.Path, "/export.") || r.Method != http.MethodGet || r.Path == "/api" {
			continue // /api is the HTML page about the API
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		routes[path] = true
		op, ok := doc.Paths[path]["get"]
		if !ok {
			t.Errorf("route GET %s is not in the OpenAPI document", path)
			continue
		}
		if _, ok := op.Responses["200"]; !ok {
			t.Errorf("GET %s: no 200 response described", path)
		}
		described := map[string]bool{}
		for _, p := range op.Parameters {
			described[p.Name+" "+p.In] = true
		}
		for _, m := range param.FindAllStringSubmatch(r.Path, -1) {
			if !described[m[1]+" path"] {
				t.Errorf("GET %s: path parameter %s is not described", path, m[1])
			}
		}
	}
	if len(routes) != 12 {
		t.Errorf("found %d API and download routes; want 12", len(routes))
	}
	// The downloads describe every parameter they read.
	for path, names := range map[string][]string{
		"/export.xlsx": {"measure", "indicator", "from", "to", "van", "tot"},
		"/export.csv":  {"measure", "indicator", "from", "to"},
	} {
		described := map[string]bool{}
		for _, p := range doc.Paths[path]["get"].Parameters {
			if p.Ref != "" {
				c, ok := doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
				if !ok {
					t.Errorf("GET %s: reference to unknown parameter %s", path, p.Ref)
				}
				p.Name, p.In = c.Name, c.In
			}
			described[p.Name+" "+p.In] = true
		}
		for _, name := range names {
			if !described[name+" query"] {
				t.Errorf("GET %s: query parameter %s is not described", path, name)
			}
		}
	}
	// The rest of the document describes the write side (peil serve --write).
	writeOps := map[string]bool{}
	for _, r := range New(Services{}, Options{Write: true}).engine.Routes() {
		writeOps[strings.ToLower(r.Method)+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !routes[path] && !writeOps[method+" "+path] {
				t.Errorf("the OpenAPI document describes %s %s, which is no route", method, path)
			}
			if method != "get" && !writeOps[method+" "+path] {
				t.Errorf("the OpenAPI document describes %s %s; only the write server takes it", method, path)
			}
		}
	}
	// Every schema reference resolves.
	for _, ref := range regexp.MustCompile(`"#/components/schemas/(\w+)"`).FindAllStringSubmatch(res.Body, -1) {
		if _, ok := doc.Components.Schemas[ref[1]]; !ok {
			t.Errorf("reference to unknown schema %s", ref[1])
		}
	}
}

// TestOpenAPISchemasMatchTypes checks that the document's schemas describe
// every JSON field of the domain types the API returns, so that a field added
// to peil.go cannot go undocumented.
func TestOpenAPISchemasMatchTypes(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]any{
		"Point": peil.Point{}, "Increment": peil.Increment{}, "Statement": peil.Statement{},
		"Indicator": peil.Indicator{}, "Event": peil.Event{}, "Movement": peil.Movement{},
		"ReviewItem": peil.ReviewItem{}, "FigureState": peil.FigureState{}, "Alternative": peil.Alternative{},
	} {
		props := doc.Components.Schemas[name].Properties
		typ := reflect.TypeOf(v)
		for i := 0; i < typ.NumField(); i++ {
			tag, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if tag == "" || tag == "-" {
				continue
			}
			if _, ok := props[tag]; !ok {
				t.Errorf("schema %s lacks property %q (field %s.%s)", name, tag, name, typ.Field(i).Name)
			}
		}
	}
}
