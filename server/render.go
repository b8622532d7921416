package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

//go:embed templates
var templateFiles embed.FS

// pages holds each page's template: the layout plus the page's own file.
var pages = parsePages()

func parsePages() map[string]*template.Template {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err) // a constant pattern
	}
	m := make(map[string]*template.Template)
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".html")
		if base == "layout" {
			continue
		}
		// Parse errors are bugs in embedded files; every page is rendered in tests.
		m[base] = template.Must(template.New(base).Funcs(templateFuncs).ParseFS(templateFiles, "templates/layout.html", name))
	}
	return m
}

// view is what the layout needs besides the page's own data.
type view struct {
	Title     string
	Nav       string     // the menu item to mark current: "overzicht", "vergelijken"
	Downloads []download // the page's downloads, shown in a bar
	PNG       bool       // the page has charts with a PNG download in their toolbox
	Assets    map[string]string
	Page      any
	Address   string // host and path of the page, printed on paper
	Today     string // the date the page was made, printed on paper

	Write   bool          // the server takes logins (--write)
	Session *peil.Session // who is logged in; nil for nobody
}

// PageLinks are the rel=prev and rel=next links of a paged page (pagedPage);
// none for other pages.
func (v view) PageLinks() pageLinks {
	if p, ok := v.Page.(pagedPage); ok {
		return p.Links()
	}
	return pageLinks{}
}

// May reports whether the one logged in has role r (for menu items; the
// route table decides).
func (v view) May(r peil.Role) bool { return v.Session != nil && v.Session.Role.Allows(r) }

// download is a link to one of a page's downloads.
type download struct {
	Label string // e.g. "Excel"
	Href  string
	Note  string // e.g. "alle waarnemingen als CSV"
}

// downloads are a page's download links and whether its charts offer PNGs.
type downloads struct {
	links []download
	png   bool
}

// downloadsFor returns the xlsx, CSV and JSON downloads of a page whose data
// is filter f and whose JSON is at apiPath; png says whether the page has
// charts with a PNG download.
func downloadsFor(f peil.Filter, apiPath string, png bool) downloads {
	return downloadsOf(peil.ExportOptions{Filter: f}, apiPath, png)
}

// downloadsOf is downloadsFor with the workbook's options: the reports to
// compare go to the workbook only, as the CSV has no comparison.
func downloadsOf(o peil.ExportOptions, apiPath string, png bool) downloads {
	return downloads{png: png, links: []download{
		{Label: "Excel", Href: "/export.xlsx" + workbookQuery(o), Note: "werkmap met waarnemingen, tijdreeksen en grafieken"},
		{Label: "CSV", Href: "/export.csv" + exportQuery(o.Filter), Note: "waarnemingen, puntkomma-gescheiden"},
		{Label: "JSON", Href: apiPath, Note: "dezelfde gegevens via de API"},
	}}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// renderPage renders page name into a buffer, then writes it with status. A
// template error becomes a 500 before anything is written.
func (s *Server) renderPage(c *gin.Context, status int, name, title string, d downloads, data any) {
	t, ok := pages[name]
	if !ok {
		s.log.Error("no template", "name", name)
		c.Status(http.StatusInternalServerError)
		return
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	v := view{Title: title, Downloads: d.links, PNG: d.png, Assets: s.assetURLs, Page: data, Nav: name,
		Address: c.Request.Host + c.Request.URL.RequestURI(), Today: peil.FormatDate(peil.DateOf(time.Now())),
		Write: s.opts.Write, Session: sessionOf(c)}
	if v.Session != nil {
		c.Header("Cache-Control", "private, no-cache") // the page names the user
	}
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
		s.log.Error("render page", "name", name, "err", err)
		if name != "error" {
			s.fail(c, fmt.Errorf("render %s: %w", name, err))
			return
		}
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("Interne fout"))
		return
	}
	if c.Writer.Header().Get("Cache-Control") == "" {
		c.Header("Cache-Control", "no-cache")
	}
	rep := representation{contentType: "text/html; charset=utf-8", body: buf.Bytes()}
	if status == http.StatusOK {
		rep.etag = strongETag(rep.body)
	}
	send(c, status, rep)
}
