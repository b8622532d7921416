package lru

import (
	"strings"
	"testing"
)

func byLen(s string) int64 { return int64(len(s)) }

// The budget holds after every Put, whatever is put; the least recently used
// value goes first.
func TestBudget(t *testing.T) {
	c := New[int, string](100, byLen)
	for i := range 1000 {
		c.Put(i, 1, strings.Repeat("x", i%40))
		if c.Used() > c.Budget() {
			t.Fatalf("after put %d: %d bytes used, budget %d", i, c.Used(), c.Budget())
		}
	}
	c = New[int, string](100, byLen)
	c.Put(1, 1, strings.Repeat("a", 40))
	c.Put(2, 1, strings.Repeat("b", 40))
	if _, ok := c.Get(1, 1); !ok { // 1 is now the most recently used
		t.Fatal("1 not kept")
	}
	c.Put(3, 1, strings.Repeat("c", 40)) // 2 must go
	if _, ok := c.Get(2, 1); ok {
		t.Error("2 kept; the least recently used should have gone")
	}
	for _, k := range []int{1, 3} {
		if _, ok := c.Get(k, 1); !ok {
			t.Errorf("%d dropped", k)
		}
	}
	if c.Used() != 80 || c.Len() != 2 {
		t.Errorf("used %d in %d values; want 80 in 2", c.Used(), c.Len())
	}
	if c.Put(4, 1, strings.Repeat("d", 101)) {
		t.Error("a value bigger than the budget was kept")
	}
	c.Put(1, 1, "short") // replacing a value counts its new size only
	if c.Used() != 45 {
		t.Errorf("used %d after replacing; want 45", c.Used())
	}
}

// A newer generation empties the cache; an older one is not kept; Get finds
// only the generation asked for.
func TestGenerations(t *testing.T) {
	c := New[string, string](100, byLen)
	c.Put("a", 2, "two")
	if _, ok := c.Get("a", 1); ok {
		t.Error("generation 1 found a value of 2")
	}
	if c.Put("b", 1, "one") {
		t.Error("a value of an older generation was kept")
	}
	c.Put("c", 3, "three")
	if _, ok := c.Get("a", 2); ok {
		t.Error("a value of generation 2 survived a put at 3")
	}
	if v, ok := c.Get("c", 3); !ok || v != "three" {
		t.Errorf("Get(c, 3) = %q, %v", v, ok)
	}
	if c.Used() != 5 {
		t.Errorf("used %d; want 5", c.Used())
	}
	var zero *Cache[string, string]
	if zero.Put("a", 1, "x") || zero.Len() != 0 {
		t.Error("a nil cache kept a value")
	}
}

type node struct {
	Name string
	Next *node
	Tags []string
	Any  any
	M    map[string]int
}

func TestSizeOf(t *testing.T) {
	long := strings.Repeat("x", 10_000)
	if n := SizeOf(long); n < 10_000 || n > 10_100 {
		t.Errorf("SizeOf(10,000-byte string) = %d", n)
	}
	shared := &node{Name: long}
	two := []*node{shared, shared, {Name: long}} // the same string three times, one block
	if n := SizeOf(two); n < 10_000 || n > 10_500 {
		t.Errorf("SizeOf(shared) = %d; the string counted more than once?", n)
	}
	cycle := &node{Name: "a", Tags: []string{long[:5000]}, Any: long[:3000], M: map[string]int{long[:2000]: 1}}
	cycle.Next = cycle
	if n := SizeOf(cycle); n < 5_000 || n > 5_500 { // the three strings share long's block
		t.Errorf("SizeOf(cycle) = %d", n)
	}
	distinct := &node{Tags: []string{strings.Repeat("a", 5000)}, Any: strings.Repeat("b", 3000), M: map[string]int{strings.Repeat("c", 2000): 1}}
	if n := SizeOf(distinct); n < 10_000 || n > 10_600 {
		t.Errorf("SizeOf(distinct) = %d; want about 10,000", n)
	}
	if SizeOf(nil) != 0 {
		t.Error("SizeOf(nil) != 0")
	}
}
