// Package lru is a cache bounded by bytes: values of one data generation,
// the least recently used dropped first when the sizes of the values kept
// would pass the cache's budget. The server keeps its pages' data and API
// responses in such caches, and package analytics its series, so memory
// stays within a fixed budget whatever clients ask for and however big the
// database grows.
package lru

import (
	"container/list"
	"sync"
)

// Cache keeps values by key for one data generation: a value put at an older
// generation than the cache's is dropped, one put at a newer generation
// empties the cache first, and Get finds only values of the generation asked
// for. A value bigger than the whole budget is not kept. The zero Cache keeps
// nothing; make one with New. A Cache is safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu     sync.Mutex
	budget int64
	size   func(V) int64
	gen    uint64
	used   int64
	order  *list.List // of *entry[K, V], most recently used first
	items  map[K]*list.Element
}

type entry[K comparable, V any] struct {
	key  K
	val  V
	size int64
}

// New returns a cache that keeps values up to budget bytes in all, each
// value's size given by size (for instance SizeOf).
func New[K comparable, V any](budget int64, size func(V) int64) *Cache[K, V] {
	return &Cache[K, V]{budget: budget, size: size, order: list.New(), items: make(map[K]*list.Element)}
}

// Get returns the value of key if it was put at generation gen, and marks it
// as recently used.
func (c *Cache[K, V]) Get(key K, gen uint64) (V, bool) {
	var zero V
	if c == nil || c.items == nil {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok || c.gen != gen {
		return zero, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*entry[K, V]).val, true
}

// Put stores v as key's value at generation gen (computed from reads that
// began at gen), dropping the least recently used values until it fits. It
// reports whether v is kept: not when it is older than the cache's
// generation or bigger than the budget.
func (c *Cache[K, V]) Put(key K, gen uint64, v V) bool {
	if c == nil || c.items == nil {
		return false
	}
	n := c.size(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case gen < c.gen:
		return false // computed before a write the cache has seen
	case gen > c.gen:
		c.clear()
		c.gen = gen
	}
	if el, ok := c.items[key]; ok {
		c.remove(el)
	}
	if n > c.budget {
		return false
	}
	for c.used+n > c.budget {
		c.remove(c.order.Back())
	}
	c.items[key] = c.order.PushFront(&entry[K, V]{key: key, val: v, size: n})
	c.used += n
	return true
}

// Used returns the bytes the values kept take, by the size function.
func (c *Cache[K, V]) Used() int64 {
	if c == nil || c.items == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// Len returns the number of values kept.
func (c *Cache[K, V]) Len() int {
	if c == nil || c.items == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// Budget returns the cache's budget in bytes.
func (c *Cache[K, V]) Budget() int64 {
	if c == nil {
		return 0
	}
	return c.budget
}

func (c *Cache[K, V]) remove(el *list.Element) {
	e := c.order.Remove(el).(*entry[K, V])
	delete(c.items, e.key)
	c.used -= e.size
}

func (c *Cache[K, V]) clear() {
	c.order.Init()
	clear(c.items)
	c.used = 0
}
