package server

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// Bounded API lists. Every list of the API that grows with the data answers
// at most limit rows from offset (?limit=&offset=): by default Default, at
// most Max. The body stays the JSON array it was; the headers say the rest:
// X-Total-Count is the number of rows in the whole list, and Link has the
// rel="next" and rel="prev" pages (RFC 8288), so a client follows next until
// there is none. An offset at or past the end gives [] with the total. The
// defaults hold every row of the embedded sample, so clients that never page
// see its lists whole. openapi.json and the README document the bounds.

// listLimit is the paging of one API list.
type listLimit struct{ Default, Max int }

// The bounds of the API's lists.
var (
	// reportsLimit: /api/reports, in report order (date, then id).
	reportsLimit = listLimit{Default: 100, Max: 1000}
	// eventsLimit: /api/events, by date.
	eventsLimit = listLimit{Default: 100, Max: 1000}
	// reviewLimit: /api/review, by report, measure and line.
	reviewLimit = listLimit{Default: 200, Max: 1000}
	// decisionsLimit: /api/review/decisions, newest first.
	decisionsLimit = listLimit{Default: 100, Max: 1000}
	// catalogLimit: /api/measures and /api/indicators, which grow with the
	// catalog (not with the reports); the default holds a catalog of a
	// thousand entries whole.
	catalogLimit = listLimit{Default: 1000, Max: 1000}
)

// listPage is the rows a request asks for: limit rows from offset.
type listPage struct{ limit, offset int }

// parseListPage reads limit and offset from q, with l's default and maximum.
func parseListPage(q url.Values, l listLimit) (listPage, error) {
	p := listPage{limit: l.Default}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > l.Max {
			return p, peil.Errorf(peil.EINVALID, "parameter limit: geef een aantal van 1 tot en met %s, niet %q", count(l.Max), v)
		}
		p.limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxListOffset {
			return p, peil.Errorf(peil.EINVALID, "parameter offset: geef een aantal van 0 tot en met %s, niet %q", count(maxListOffset), v)
		}
		p.offset = n
	}
	return p, nil
}

// maxListOffset bounds offset, so that offset+limit never overflows.
const maxListOffset = 1 << 30

// key is the page in a cache key.
func (p listPage) key() string { return strconv.Itoa(p.limit) + "+" + strconv.Itoa(p.offset) }

// bounds returns the half-open range of a list of n rows that p asks for.
func (p listPage) bounds(n int) (lo, hi int) {
	lo = min(p.offset, n)
	return lo, min(lo+p.limit, n)
}

// listPart is one page of a list and the list's length, for serveList.
type listPart struct {
	items any
	total int
}

// listData returns the whole list of key that load returns, read once per
// data generation: the list serveList pages, which page data that show the
// same list read through listData with the same key and load (s.reports), so
// that both read it once. load must return the list in a stable order and
// must not itself be memoised under key.
func listData[T any](ctx context.Context, s *Server, key string, load func(ctx context.Context) ([]T, error)) ([]T, error) {
	return memo(s, "data/"+key, func() ([]T, error) { return load(ctx) })
}

// serveList answers one page of the list of key that load returns (through
// listData) as a JSON array, with X-Total-Count and the Link header. key must
// be built from parsed, valid parameters other than limit and offset.
func serveList[T any](s *Server, c *gin.Context, key string, l listLimit, load func(ctx context.Context) ([]T, error)) error {
	return servePaged(s, c, key, l, func(ctx context.Context, limit, offset int) ([]T, int, error) {
		all, err := listData(ctx, s, key, load)
		if err != nil {
			return nil, 0, err
		}
		lo, hi := listPage{limit: limit, offset: offset}.bounds(len(all))
		return all[lo:hi], len(all), nil
	})
}

// servePaged is serveList for a list the store reads a page at a time: load
// returns limit rows from offset and the length of the whole list. Only the
// encoded page is cached (per data generation, under key and the page).
func servePaged[T any](s *Server, c *gin.Context, key string, l listLimit, load func(ctx context.Context, limit, offset int) ([]T, int, error)) error {
	p, err := parseListPage(c.Request.URL.Query(), l)
	if err != nil {
		return err
	}
	return s.serveEncoded(c, key+"?"+p.key(), func(ctx context.Context) (any, error) {
		items, total, err := load(ctx, p.limit, p.offset)
		if err != nil {
			return nil, err
		}
		return listPart{items: orEmpty(items), total: total}, nil
	}, func(total int) { setListHeaders(c, total, p) })
}

// setListHeaders sets X-Total-Count and the Link header of page p of a list
// of total rows at the request's path; other parameters are kept.
func setListHeaders(c *gin.Context, total int, p listPage) {
	c.Header("X-Total-Count", strconv.Itoa(total))
	link := func(offset int) string {
		q := c.Request.URL.Query()
		q.Set("limit", strconv.Itoa(p.limit))
		q.Set("offset", strconv.Itoa(offset))
		return "<" + c.Request.URL.Path + "?" + q.Encode() + ">"
	}
	var links []string
	if p.offset+p.limit < total {
		links = append(links, link(p.offset+p.limit)+`; rel="next"`)
	}
	if p.offset > 0 {
		links = append(links, link(max(0, min(p.offset, total)-p.limit))+`; rel="prev"`)
	}
	if len(links) > 0 {
		c.Header("Link", strings.Join(links, ", "))
	}
}
