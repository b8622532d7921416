package server

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// writeAPIBodies are the Go types of the write API's JSON bodies: requests
// and answers, by operation and the schema that must describe them.
var writeAPIBodies = []struct {
	op     string // "POST /api/login"
	schema string // component schema
	v      any
}{
	{"POST /api/login", "LoginRequest", loginRequest{}},
	{"POST /api/login", "Session", sessionJSON{}},
	{"GET /api/session", "Session", sessionJSON{}},
	{"POST /api/review/{figure_id}", "ReviewRequest", reviewRequest{}},
	{"POST /api/review/{figure_id}", "DecisionResult", peil.DecisionResult{}},
	{"POST /api/review/{figure_id}", "ReviewItem", peil.ReviewItem{}},
	{"POST /api/review/{figure_id}", "DecisionRecord", peil.DecisionRecord{}},
	{"POST /api/review/{figure_id}", "FigureState", peil.FigureState{}},
	{"POST /api/review/undo/{decision_id}", "UndoResult", peil.UndoResult{}},
	{"POST /api/reports", "UploadJob", job{}},
	{"POST /api/catalog/indicators", "IndicatorRequest", indicatorRequest{}},
	{"POST /api/catalog/indicators/{indicator}", "IndicatorEdit", indicatorEditRequest{}},
}

// TestOpenAPIWriteSide checks that the OpenAPI document describes every API
// route of a write server with its method, the 401 and 403 answers of the
// routes that need a session, and every field of the JSON bodies.
func TestOpenAPIWriteSide(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:(\w+)`)
	srv := New(Services{}, Options{Write: true})
	need := map[string]access{}
	for _, rt := range srv.routeTable() {
		need[rt.method+" "+rt.path] = rt.need
	}
	for _, r := range srv.engine.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") || r.Method == http.MethodHead {
			continue
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		op, ok := doc.Paths[path][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", r.Method, path)
			continue
		}
		if a := need[r.Method+" "+r.Path]; a >= accessSession {
			for _, code := range []string{"401", "403"} {
				if code == "403" && a == accessSession && r.Method == http.MethodGet {
					continue // any session may read it
				}
				if _, ok := op.Responses[code]; !ok {
					t.Errorf("%s %s: no %s response described", r.Method, path, code)
				}
			}
		}
	}
	for _, f := range uploadFields {
		if _, ok := doc.Components.Schemas["UploadForm"].Properties[f]; !ok {
			t.Errorf("POST /api/reports: form field %q is not in schema UploadForm", f)
		}
	}
	for _, b := range writeAPIBodies {
		schema, ok := doc.Components.Schemas[b.schema]
		if !ok {
			t.Errorf("%s: schema %s is missing", b.op, b.schema)
			continue
		}
		for _, field := range jsonFields(reflect.TypeOf(b.v)) {
			if _, ok := schema.Properties[field]; !ok {
				t.Errorf("%s: field %q is not in schema %s", b.op, field, b.schema)
			}
		}
	}
}

// jsonFields returns the JSON names of a struct type's fields.
func jsonFields(typ reflect.Type) []string {
	var names []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
	}
	return names
}
