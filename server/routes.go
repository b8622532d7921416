package server

import (
	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/charts"
)

// routes builds the gin engine: middleware, pages, downloads, API and assets.
// Every route answers GET and HEAD only.
func (s *Server) routes() *gin.Engine {
	r := gin.New()
	_ = r.SetTrustedProxies(nil) // never trust X-Forwarded-For; nil cannot fail to parse
	r.HandleMethodNotAllowed = true
	r.Use(s.logRequests, s.recoverPanics, s.secureHeaders, s.limitBody)
	r.NoRoute(s.handle(func(c *gin.Context) error {
		return peil.Errorf(peil.ENOTFOUND, "geen pagina op %s", c.Request.URL.Path)
	}))
	r.NoMethod(s.handle(func(c *gin.Context) error {
		return peil.Errorf(codeMethodNotAllowed, "methode %s is niet toegestaan: deze server is alleen-lezen", c.Request.Method)
	}))

	s.get(r, "/", s.overview)
	s.get(r, "/indicatoren", s.indicatorsIndex)
	s.get(r, "/indicatoren/:id", s.indicatorPage)
	s.get(r, "/maatregelen", s.measuresIndex)
	s.get(r, "/maatregelen/:nr", s.measurePage)
	s.get(r, searchIndexPath, s.searchIndexJSON)
	s.get(r, "/vergelijken", s.comparePage)

	s.get(r, "/export.xlsx", s.exportXLSX)
	s.get(r, "/export.csv", s.exportCSV)

	s.get(r, "/api", s.apiPage)
	api := r.Group("/api")
	s.get(api, "/reports", s.apiReports)
	s.get(api, "/measures", s.apiMeasures)
	s.get(api, "/measures/:nr", s.apiMeasure)
	s.get(api, "/indicators", s.apiIndicators)
	s.get(api, "/series/:indicator", s.apiSeries)
	s.get(api, "/events", s.apiEvents)
	s.get(api, "/compare", s.apiCompare)
	s.get(api, "/openapi.json", s.apiOpenAPI)

	s.get(r, charts.AssetPath, s.asset(echartsAsset, "text/javascript; charset=utf-8"))
	s.get(r, stylesheetPath, s.asset(stylesheetAsset, "text/css; charset=utf-8"))
	s.get(r, faviconPath, s.asset(faviconAsset, "image/svg+xml"))
	s.get(r, searchJSPath, s.asset(searchJSAsset, "text/javascript; charset=utf-8"))
	s.get(r, "/favicon.ico", s.asset(faviconAsset, "image/svg+xml")) // for clients that ask without looking
	return r
}

// get registers h for GET and HEAD on path.
func (s *Server) get(r gin.IRoutes, path string, h handler) {
	f := s.handle(h)
	r.GET(path, f)
	r.HEAD(path, f)
}
