package analytics

import (
	"sync"

	"github.com/peil-dev/peil"
)

// seriesCache keeps computed series per indicator with the data generation
// they were computed at (DB.gen, which every committed write through this DB
// increments). Writes through another DB value on the same file in the same
// process (DuckDB shares the instance) are not seen: open a file once per
// process, as the commands and the server do.
type seriesCache struct {
	mu      sync.Mutex
	entries map[peil.IndicatorID]cachedSeries
}

type cachedSeries struct {
	gen    uint64
	series *peil.Series
}

// get returns a copy of the cached series of id if it is of generation gen.
func (c *seriesCache) get(id peil.IndicatorID, gen uint64) (*peil.Series, bool) {
	c.mu.Lock()
	e, ok := c.entries[id]
	c.mu.Unlock()
	if !ok || e.gen != gen {
		return nil, false
	}
	return copySeries(e.series), true
}

// put stores s as the series of id at generation gen. s must not change
// afterwards.
func (c *seriesCache) put(id peil.IndicatorID, gen uint64, s *peil.Series) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[peil.IndicatorID]cachedSeries{}
	}
	if e, ok := c.entries[id]; ok && e.gen > gen {
		return // a newer one is in already
	}
	c.entries[id] = cachedSeries{gen: gen, series: s}
}

// copySeries returns a deep copy of s, so that a caller that changes its
// series cannot change the cached one.
func copySeries(s *peil.Series) *peil.Series {
	c := *s
	c.Indicator.Cues = append([]string(nil), s.Indicator.Cues...)
	c.Points = make([]peil.Point, len(s.Points))
	for i, p := range s.Points {
		p.Statements = append([]peil.Statement(nil), p.Statements...)
		c.Points[i] = p
	}
	c.Increments = append([]peil.Increment(nil), s.Increments...)
	c.Events = append([]peil.Event(nil), s.Events...)
	return &c
}
