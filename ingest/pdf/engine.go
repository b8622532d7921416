package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// wasmMemoryPages bounds the memory of the PDFium module: 64 KiB pages, so
// 512 MiB. A PDF that needs more (a zip bomb of compressed streams) fails
// inside the module instead of taking the machine's memory.
const wasmMemoryPages = 1 << 13

// engine is the process's one PDFium instance. PDFium is not safe for
// concurrent use, so every document goes through mu.
type engine struct {
	mu    sync.Mutex
	pool  pdfium.Pool
	inst  pdfium.Pdfium
	cache wazero.CompilationCache
}

var (
	engineOnce sync.Once
	theEngine  *engine
	engineErr  error
	closeMu    sync.Mutex // orders Close after a lazy start
)

// CacheDir returns the folder that holds wazero's compiled PDFium module:
// PEIL_CACHE_DIR when set, else peil in the user's cache directory; "" when
// there is none (the module is then compiled in memory on every run).
func CacheDir() string {
	if d := os.Getenv("PEIL_CACHE_DIR"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "peil")
}

// getEngine starts the PDFium instance the first time it is needed. The
// first start on a machine compiles the module (seconds) and stores the
// result in CacheDir; later starts load it from there.
func getEngine() (*engine, error) {
	closeMu.Lock()
	defer closeMu.Unlock()
	engineOnce.Do(func() {
		theEngine, engineErr = startEngine()
	})
	if engineErr != nil {
		return nil, engineErr
	}
	if theEngine == nil {
		return nil, errors.New("PDFium is closed")
	}
	return theEngine, nil
}

func startEngine() (*engine, error) {
	e := &engine{}
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(wasmMemoryPages)
	if dir := CacheDir(); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			if c, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
				e.cache = c
				rc = rc.WithCompilationCache(c)
			}
		}
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle:       0,
		MaxIdle:       1,
		MaxTotal:      1,
		ReuseWorkers:  true,
		RuntimeConfig: rc,
		FSConfig:      wazero.NewFSConfig(), // no files: documents arrive as bytes
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		e.closeCache()
		return nil, fmt.Errorf("start PDFium: %w", err)
	}
	e.pool = pool
	return e, nil
}

// instance returns the live PDFium instance, making a new one after a
// failure left the old one unusable. The caller holds e.mu.
func (e *engine) instance() (pdfium.Pdfium, error) {
	if e.inst != nil {
		return e.inst, nil
	}
	inst, err := e.pool.GetInstance(30 * time.Second)
	if err != nil {
		return nil, fmt.Errorf("start a PDFium instance: %w", err)
	}
	e.inst = inst
	return inst, nil
}

// discard drops the current instance after a trap (out of memory, a crash
// in PDFium): its memory may be in any state. The caller holds e.mu.
func (e *engine) discard() {
	if e.inst != nil {
		_ = e.inst.Kill()
		e.inst = nil
	}
}

func (e *engine) closeCache() {
	if e.cache != nil {
		_ = e.cache.Close(context.Background())
		e.cache = nil
	}
}

// Close stops the process's PDFium instance if it was started. Call it once
// when the program ends; reading a PDF after Close fails.
func Close() error {
	closeMu.Lock()
	defer closeMu.Unlock()
	engineOnce.Do(func() {}) // no start after Close
	e := theEngine
	theEngine = nil
	if e == nil {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.inst != nil {
		_ = e.inst.Close()
		e.inst = nil
	}
	err := e.pool.Close()
	e.closeCache()
	if err != nil {
		return fmt.Errorf("close PDFium: %w", err)
	}
	return nil
}
