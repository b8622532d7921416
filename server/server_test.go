package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// TestGracefulShutdown checks that Serve lets a request in flight finish when
// its context ends, refuses new connections, and returns nil.
func TestGracefulShutdown(t *testing.T) {
	s := New(Services{}, Options{Logger: testLogger(t)})
	started, release := make(chan struct{}), make(chan struct{})
	s.engine.GET("/api/traag", func(c *gin.Context) {
		close(started)
		<-release
		c.String(http.StatusOK, "klaar")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var url string
	s.opts.OnListen = func(u string) { url = u }
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	type result struct {
		body string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/api/traag")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		got <- result{string(b), err}
	}()
	<-started
	cancel()
	if !refusesConnections(ln.Addr().String(), 10*time.Second) {
		t.Errorf("the server still accepts connections after its context ended")
	}
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v with a request in flight", err)
	default:
	}
	close(release)
	if r := <-got; r.err != nil || r.body != "klaar" {
		t.Errorf("request in flight = %q, %v; want klaar", r.body, r.err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve = %v; want nil after a graceful shutdown", err)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("OnListen got %q; want the base URL", url)
	}
}

// TestListenAndServeBadAddr checks that listen errors are Dutch, and bad
// input (EINVALID) only when the address itself is wrong.
func TestListenAndServeBadAddr(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, c := range []struct {
		addr, code, msg string
	}{
		{"127.0.0.1:99999", peil.EINVALID, `adres "127.0.0.1:99999": de poort "99999" is geen getal`},
		{"127.0.0.1", peil.EINVALID, `adres "127.0.0.1": geef HOST:POORT`},
		{"192.0.2.1:8080", peil.EINVALID, "dit adres hoort niet bij deze computer"},
		{busy.Addr().String(), peil.EINTERNAL, "het adres is al in gebruik"},
	} {
		s := New(Services{}, Options{Addr: c.addr})
		err := s.ListenAndServe(context.Background())
		if peil.ErrorCode(err) != c.code || !strings.Contains(peil.ErrorMessage(err), c.msg) {
			t.Errorf("ListenAndServe on %s = %v (%s); want %s and %q", c.addr, err, peil.ErrorCode(err), c.code, c.msg)
		}
	}
}

// refusesConnections dials addr until a connection is refused, for at most
// wait, and reports whether one was.
func refusesConnections(addr string, wait time.Duration) bool {
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return true
		}
		conn.Close()
	}
	return false
}

// TestConcurrentRequests sends the first requests for pages and API routes at
// the same time (run with -race): all succeed and the API answers agree.
func TestConcurrentRequests(t *testing.T) {
	ts := newTestServer(t, nil)
	paths := []string{"/", "/maatregelen/7", "/indicatoren/passport_measures", "/api/series/passport_measures", "/api/compare"}
	const clients = 6
	bodies := make([][]string, clients)
	errs := make(chan error, clients*len(paths))
	done := make(chan int)
	for i := range clients {
		go func() {
			defer func() { done <- i }()
			for _, p := range paths {
				res, err := ts.Client().Get(ts.URL + p)
				if err != nil {
					errs <- err
					return
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("GET %s = %d, %v", p, res.StatusCode, err)
					return
				}
				bodies[i] = append(bodies[i], string(b))
			}
		}()
	}
	for range clients {
		<-done
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := 1; i < clients; i++ {
		for j := 3; j < len(paths) && j < len(bodies[i]); j++ { // the API routes
			if bodies[i][j] != bodies[0][j] {
				t.Errorf("GET %s: client %d got another answer than client 0", paths[j], i)
			}
		}
	}
}
