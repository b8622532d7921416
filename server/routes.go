package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// route is one row of the route table: what it answers and what it needs.
type route struct {
	method string // GET (which also answers HEAD) or POST
	path   string
	need   access
	h      handler
	write  bool // only with Options.Write
	login  bool // a login: POST without a session or CSRF token (the origin is checked)
}

// routeTable is every route of the server with the access it needs: the one
// place that says who may do what. guard enforces it per request. Only POST
// routes change anything; every read answers GET and HEAD only.
func (s *Server) routeTable() []route {
	get, post := http.MethodGet, http.MethodPost
	return []route{
		{method: get, path: "/", need: accessRead, h: s.overview},
		{method: get, path: "/indicatoren", need: accessRead, h: s.indicatorsIndex},
		{method: get, path: "/indicatoren/:id", need: accessRead, h: s.indicatorPage},
		{method: get, path: "/maatregelen", need: accessRead, h: s.measuresIndex},
		{method: get, path: "/maatregelen/:nr", need: accessRead, h: s.measurePage},
		{method: get, path: searchIndexPath, need: accessRead, h: s.searchIndexJSON},
		{method: get, path: "/vergelijken", need: accessRead, h: s.comparePage},
		{method: get, path: "/grafiek", need: accessRead, h: s.multiChartPage},
		{method: get, path: "/rapportages", need: accessRead, h: s.reportsIndex},
		{method: get, path: "/rapportages/:id", need: accessRead, h: s.reportPageHandler},
		{method: get, path: "/export.xlsx", need: accessRead, h: s.exportXLSX},
		{method: get, path: "/export.csv", need: accessRead, h: s.exportCSV},

		{method: get, path: "/api", need: accessRead, h: s.apiPage},
		{method: get, path: "/api/reports", need: accessRead, h: s.apiReports},
		{method: get, path: "/api/measures", need: accessRead, h: s.apiMeasures},
		{method: get, path: "/api/measures/:nr", need: accessRead, h: s.apiMeasure},
		{method: get, path: "/api/indicators", need: accessRead, h: s.apiIndicators},
		{method: get, path: "/api/series/:indicator", need: accessRead, h: s.apiSeries},
		{method: get, path: "/api/events", need: accessRead, h: s.apiEvents},
		{method: get, path: "/api/compare", need: accessRead, h: s.apiCompare},
		{method: get, path: "/api/review", need: accessRead, h: s.apiReviewQueue},
		{method: get, path: "/api/catalog", need: accessRead, h: s.apiCatalog},
		{method: get, path: "/api/openapi.json", need: accessPublic, h: s.apiOpenAPI},

		{method: get, path: echartsPath, need: accessPublic, h: s.asset(s.echarts, "text/javascript; charset=utf-8")},
		{method: get, path: stylesheetPath, need: accessPublic, h: s.asset(stylesheetAsset, "text/css; charset=utf-8")},
		{method: get, path: faviconPath, need: accessPublic, h: s.asset(faviconAsset, "image/svg+xml")},
		{method: get, path: searchJSPath, need: accessPublic, h: s.asset(searchJSAsset, "text/javascript; charset=utf-8")},
		{method: get, path: reviewJSPath, need: accessPublic, h: s.asset(reviewJSAsset, "text/javascript; charset=utf-8"), write: true},
		{method: get, path: "/favicon.ico", need: accessPublic, h: s.asset(faviconAsset, "image/svg+xml")}, // for clients that ask without looking

		// The write side (--write).
		{method: get, path: "/inloggen", need: accessPublic, h: s.loginPage, write: true},
		{method: post, path: "/inloggen", need: accessPublic, h: s.loginForm, write: true, login: true},
		{method: get, path: "/uitloggen", need: accessPublic, h: s.logoutPage, write: true},
		{method: post, path: "/uitloggen", need: accessSession, h: s.logoutForm, write: true},
		{method: post, path: "/api/login", need: accessPublic, h: s.apiLogin, write: true, login: true},
		{method: post, path: "/api/logout", need: accessSession, h: s.apiLogout, write: true},
		{method: get, path: "/api/session", need: accessSession, h: s.apiSession, write: true},

		{method: get, path: "/beoordelen", need: accessReviewer, h: s.reviewPage, write: true},
		{method: post, path: "/beoordelen/:figure_id", need: accessReviewer, h: s.reviewForm, write: true},
		{method: post, path: "/api/review/:figure_id", need: accessReviewer, h: s.apiReview, write: true},
		{method: post, path: "/beoordelen/ongedaan/:decision_id", need: accessReviewer, h: s.undoForm, write: true},
		{method: post, path: "/api/review/undo/:decision_id", need: accessReviewer, h: s.apiUndo, write: true},
		{method: get, path: "/api/review/decisions", need: accessReviewer, h: s.apiDecisions, write: true},

		{method: get, path: "/rapportages/nieuw", need: accessAdmin, h: s.uploadPage, write: true},
		{method: post, path: "/rapportages/nieuw", need: accessAdmin, h: s.uploadForm, write: true},
		{method: get, path: "/rapportages/nieuw/:job", need: accessAdmin, h: s.uploadJobPage, write: true},
		{method: post, path: "/api/reports", need: accessAdmin, h: s.apiUpload, write: true},
		{method: get, path: "/api/reports/jobs/:job", need: accessAdmin, h: s.apiUploadJob, write: true},

		{method: get, path: "/catalogus", need: accessRead, h: s.catalogPage, write: true},
		{method: post, path: "/catalogus", need: accessAdmin, h: s.catalogForm, write: true},
		{method: post, path: "/catalogus/:indicator", need: accessAdmin, h: s.catalogEditForm, write: true},
		{method: post, path: "/api/catalog/indicators", need: accessAdmin, h: s.apiAddIndicator, write: true},
		{method: post, path: "/api/catalog/indicators/:indicator", need: accessAdmin, h: s.apiEditIndicator, write: true},

		{method: get, path: "/logboek", need: accessAdmin, h: s.auditLogPage, write: true},
	}
}

// routes builds the gin engine: middleware, then the route table.
func (s *Server) routes() *gin.Engine {
	r := gin.New()
	// The form parsing of every field (PostForm, the CSRF token, the UTF-8
	// check) holds as much of an upload in memory as readUpload, not gin's
	// 32 MB.
	r.MaxMultipartMemory = uploadFormMemory
	// X-Forwarded-For counts only from Options.TrustedProxies (none by
	// default); X-Real-IP never. Prefixes always parse.
	proxies := make([]string, len(s.opts.TrustedProxies))
	for i, p := range s.opts.TrustedProxies {
		proxies[i] = p.String()
	}
	if len(proxies) == 0 {
		proxies = nil
	}
	_ = r.SetTrustedProxies(proxies)
	r.RemoteIPHeaders = []string{"X-Forwarded-For"}
	r.HandleMethodNotAllowed = true
	r.Use(s.logRequests, s.recoverPanics, s.limitBody, s.loadSession)
	r.NoRoute(s.handle(func(c *gin.Context) error {
		return peil.Errorf(peil.ENOTFOUND, "geen pagina op %s", c.Request.URL.Path)
	}))
	r.NoMethod(s.handle(func(c *gin.Context) error {
		if s.opts.Write {
			return peil.Errorf(codeMethodNotAllowed, "methode %s is hier niet toegestaan", c.Request.Method)
		}
		return peil.Errorf(codeMethodNotAllowed, "methode %s is niet toegestaan: deze server is alleen-lezen", c.Request.Method)
	}))
	for _, rt := range s.routeTable() {
		if rt.write && !s.opts.Write {
			continue
		}
		chain := []gin.HandlerFunc{s.guard(rt.method, rt.need, !rt.login), s.handle(rt.h)}
		switch rt.method {
		case http.MethodGet:
			r.GET(rt.path, chain...)
			r.HEAD(rt.path, chain...)
		case http.MethodPost:
			r.POST(rt.path, chain...)
		}
	}
	return r
}
