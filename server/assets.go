package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/charts"
)

//go:embed static
var staticFiles embed.FS

// Where the page style sheet and the icon are served.
const (
	stylesheetPath = "/static/peil.css"
	faviconPath    = "/static/favicon.svg"
)

// staticAsset is a file served from an embedded file system.
type staticAsset struct {
	name    string
	content []byte
	version string // short content hash, for cache busting
	err     error  // why the file could not be read
}

func loadAsset(fsys fs.FS, name string) *staticAsset {
	a := &staticAsset{name: name}
	a.content, a.err = fs.ReadFile(fsys, name)
	sum := sha256.Sum256(a.content)
	a.version = hex.EncodeToString(sum[:6])
	return a
}

// Assets are read once: both file systems are embedded in the binary.
var (
	echartsAsset    = loadAsset(charts.Assets, "assets/echarts.min.js")
	stylesheetAsset = loadAsset(staticFiles, "static/peil.css")
	faviconAsset    = loadAsset(staticFiles, "static/favicon.svg")
)

// assetURLs are the versioned URLs pages use for the assets.
var assetURLs = map[string]string{
	"echarts": charts.AssetPath + "?v=" + echartsAsset.version,
	"css":     stylesheetPath + "?v=" + stylesheetAsset.version,
	"icon":    faviconPath + "?v=" + faviconAsset.version,
}

// asset serves a, with an ETag and conditional requests. A request for the
// current version (?v=...) may be cached for a year; others for an hour.
func (s *Server) asset(a *staticAsset, contentType string) handler {
	etag := `"` + a.version + `"`
	return func(c *gin.Context) error {
		if a.err != nil {
			return &peil.Error{Code: peil.EINTERNAL, Message: "bestand " + a.name + " ontbreekt op de server (make assets is niet uitgevoerd)", Err: a.err}
		}
		h := c.Writer.Header()
		h.Set("Content-Type", contentType)
		h.Set("ETag", etag)
		if c.Query("v") == a.version {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "public, max-age=3600")
		}
		http.ServeContent(c.Writer, c.Request, a.name, time.Time{}, bytes.NewReader(a.content))
		return nil
	}
}
