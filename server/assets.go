package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzip"

	"github.com/peil-dev/peil"
)

//go:embed static
var staticFiles embed.FS

// Where the page style sheet, the icon, the scripts and the charts' library
// (Charts.Library's echarts.min.js) are served.
const (
	echartsPath    = "/static/echarts.min.js"
	stylesheetPath = "/static/peil.css"
	faviconPath    = "/static/favicon.svg"
	searchJSPath   = "/static/zoeken.js"
	reviewJSPath   = "/static/beoordelen.js"
)

// staticAsset is a file served from an embedded file system, as is and
// gzipped.
type staticAsset struct {
	name    string
	content []byte
	version string // short content hash, for cache busting
	err     error  // why the file could not be read

	gzOnce  sync.Once
	gzipped []byte // content gzipped: the precompressed NAME.gz when embedded
	fsys    fs.FS
}

func loadAsset(fsys fs.FS, name string) *staticAsset {
	a := &staticAsset{name: name, fsys: fsys}
	a.content, a.err = fs.ReadFile(fsys, name)
	sum := sha256.Sum256(a.content)
	a.version = hex.EncodeToString(sum[:6])
	return a
}

// gz returns the gzipped content: NAME.gz from the same file system when it is
// there (make assets writes echarts.min.js.gz) and decodes to the content,
// else the content compressed once here.
func (a *staticAsset) gz() []byte {
	a.gzOnce.Do(func() {
		if b, err := fs.ReadFile(a.fsys, a.name+".gz"); err == nil && gunzipEquals(b, a.content) {
			a.gzipped = b
			return
		}
		a.gzipped = gzipBytes(a.content)
	})
	return a.gzipped
}

// gunzipEquals reports whether gz decompresses to want: a stale .gz from an
// older echarts is never served.
func gunzipEquals(gz, want []byte) bool {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return false
	}
	got, err := io.ReadAll(io.LimitReader(zr, int64(len(want))+1))
	return err == nil && bytes.Equal(got, want)
}

// The server's own assets are read once: they are embedded in the binary.
// The charts' library is read by New, from Services.Charts.
var (
	stylesheetAsset = loadAsset(staticFiles, "static/peil.css")
	faviconAsset    = loadAsset(staticFiles, "static/favicon.svg")
	searchJSAsset   = loadAsset(staticFiles, "static/zoeken.js")
	reviewJSAsset   = loadAsset(staticFiles, "static/beoordelen.js")
)

// staticURLs are the versioned URLs pages use for the server's own assets;
// a server adds the charts' library (newAssets).
var staticURLs = map[string]string{
	"css":    stylesheetPath + "?v=" + stylesheetAsset.version,
	"icon":   faviconPath + "?v=" + faviconAsset.version,
	"search": searchJSPath + "?v=" + searchJSAsset.version,
	"review": reviewJSPath + "?v=" + reviewJSAsset.version,
}

// newAssets reads the charts' library from c and returns it with the
// versioned URLs of every asset pages use (staticURLs and "echarts"). Without
// charts (a server for its routes only) the library is missing.
func newAssets(c Charts) (echarts *staticAsset, urls map[string]string) {
	if c == nil {
		echarts = &staticAsset{name: "echarts.min.js", err: errors.New("no charts")}
	} else {
		echarts = loadAsset(c.Library(), "echarts.min.js")
	}
	urls = maps.Clone(staticURLs)
	urls["echarts"] = echartsPath + "?v=" + echarts.version
	return echarts, urls
}

// asset serves a, gzipped when the client accepts it, with an ETag per
// representation and conditional requests (see send). A request for the
// current version (?v=...) may be cached for a year; others for an hour.
func (s *Server) asset(a *staticAsset, contentType string) handler {
	return func(c *gin.Context) error {
		if a.err != nil {
			return &peil.Error{Code: peil.EINTERNAL, Message: "bestand " + a.name + " ontbreekt op de server (make assets is niet uitgevoerd)", Err: a.err}
		}
		if c.Query("v") == a.version {
			c.Header("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			c.Header("Cache-Control", "public, max-age=3600")
		}
		rep := representation{contentType: contentType, body: a.content, etag: `"` + a.version + `"`}
		if compressible(contentType) && acceptsGzip(c.Request) {
			rep.gzipped = a.gz()
		}
		send(c, http.StatusOK, rep)
		return nil
	}
}
