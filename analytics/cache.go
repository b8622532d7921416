package analytics

import (
	"sync"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/internal/lru"
)

// SeriesCacheBytes is the memory the series cache of a DB may take: the
// least recently used series go first when it is full. It holds every series
// of a store of 1,000 reports (internal/corpus; BENCHMARKS.md, "Figures from
// code comments").
const SeriesCacheBytes = 64 << 20

// seriesCache keeps computed series per indicator for one data generation
// (DB.gen, which every committed write through this DB increments), within
// SeriesCacheBytes. Writes through another DB value on the same file in the
// same process (DuckDB shares the instance) are not seen: open a file once per
// process, as the commands and the server do. The zero value is ready to use.
type seriesCache struct {
	once  sync.Once
	cache *lru.Cache[peil.IndicatorID, *peil.Series]
}

func (c *seriesCache) entries() *lru.Cache[peil.IndicatorID, *peil.Series] {
	c.once.Do(func() {
		c.cache = lru.New[peil.IndicatorID, *peil.Series](SeriesCacheBytes, func(s *peil.Series) int64 { return lru.SizeOf(s) })
	})
	return c.cache
}

// get returns a copy of the cached series of id if it is of generation gen.
func (c *seriesCache) get(id peil.IndicatorID, gen uint64) (*peil.Series, bool) {
	s, ok := c.entries().Get(id, gen)
	if !ok {
		return nil, false
	}
	return copySeries(s), true
}

// put stores s as the series of id at generation gen, if it fits. s must not
// change afterwards.
func (c *seriesCache) put(id peil.IndicatorID, gen uint64, s *peil.Series) {
	c.entries().Put(id, gen, s)
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
