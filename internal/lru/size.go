package lru

import (
	"reflect"
	"unsafe"
)

// SizeOf estimates the bytes v takes in memory: the value itself plus
// everything it reaches through pointers, slices (their capacity), strings,
// maps and interfaces, each shared block counted once. It is an estimate for
// cache budgets (map overhead and allocator rounding are approximated), and
// it never fails: channels and functions count as a word.
func SizeOf(v any) int64 {
	if v == nil {
		return 0
	}
	w := sizer{seen: make(map[uintptr]bool)}
	rv := reflect.ValueOf(v)
	return int64(rv.Type().Size()) + w.inner(rv)
}

type sizer struct {
	seen map[uintptr]bool // blocks counted already, by address
}

// first reports whether the block at p is met for the first time.
func (w *sizer) first(p uintptr) bool {
	if p == 0 || w.seen[p] {
		return false
	}
	w.seen[p] = true
	return true
}

// inner returns the bytes v reaches beyond its own (inline) size.
func (w *sizer) inner(v reflect.Value) int64 {
	switch v.Kind() {
	case reflect.String:
		if v.Len() == 0 {
			return 0
		}
		s := v.String()
		if !w.first(uintptr(unsafe.Pointer(unsafe.StringData(s)))) {
			return 0
		}
		return int64(len(s))
	case reflect.Pointer:
		if v.IsNil() || !w.first(v.Pointer()) {
			return 0
		}
		e := v.Elem()
		return int64(e.Type().Size()) + w.inner(e)
	case reflect.Slice:
		if v.IsNil() || v.Cap() == 0 || !w.first(v.Pointer()) {
			return 0
		}
		return int64(v.Cap())*int64(v.Type().Elem().Size()) + w.elems(v)
	case reflect.Array:
		return w.elems(v)
	case reflect.Struct:
		var n int64
		for i := range v.NumField() {
			n += w.inner(v.Field(i))
		}
		return n
	case reflect.Map:
		if v.IsNil() || !w.first(v.Pointer()) {
			return 0
		}
		// A bucket entry per element (key and value inline, a tophash byte)
		// and what keys and values reach.
		kt, vt := v.Type().Key(), v.Type().Elem()
		n := int64(v.Len()) * (int64(kt.Size()) + int64(vt.Size()) + 1)
		it := v.MapRange()
		for it.Next() {
			n += w.inner(it.Key()) + w.inner(it.Value())
		}
		return n + 48 // the map header
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		// The dynamic value is boxed unless it is pointer-shaped.
		n := w.inner(e)
		if k := e.Kind(); k != reflect.Pointer && k != reflect.Map && k != reflect.Chan && k != reflect.Func && k != reflect.UnsafePointer {
			n += int64(e.Type().Size())
		}
		return n
	}
	return 0
}

// elems returns what the elements of a slice or array reach.
func (w *sizer) elems(v reflect.Value) int64 {
	var n int64
	if hasPointers(v.Type().Elem()) {
		for i := range v.Len() {
			n += w.inner(v.Index(i))
		}
	}
	return n
}

// hasPointers reports whether values of t can reach other memory.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}
