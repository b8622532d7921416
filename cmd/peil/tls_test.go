package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key as
// PEM files in dir, and returns their paths and the certificate.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "peil-test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, cert
}

// TestServeTLS runs peil serve --write with a self-signed certificate: it
// speaks HTTPS, the session cookie is Secure (and __Host- prefixed),
// HttpOnly and SameSite=Strict, and plain HTTP on the same port gets no page
// and no cookie. A bad certificate is refused before the server starts.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "peil.duckdb")
	if code, _, errOut := usersRun(t, "een wachtwoord van de test\n", "users", "add", "anna", "--role", "beheerder", "--password-stdin", "--db", db); code != 0 {
		t.Fatalf("peil users add = %d: %s", code, errOut)
	}
	certFile, keyFile, cert := selfSigned(t, dir)

	// A FIFO as the certificate: exit 2 at once (before, the read waited for a
	// writer forever, deaf to SIGINT).
	fifo := mkfifo(t, dir, "fifo.pem")
	if code, errOut := runGuarded(t, context.Background(), strings.NewReader(""), "serve", "--write", "--db", db, "--addr", "127.0.0.1:0", "--tls-cert", fifo, "--tls-key", keyFile); code != exitInvalid || !strings.Contains(errOut, "FIFO") {
		t.Errorf("peil serve --tls-cert FIFO = %d %q; want 2 and a message that it is a FIFO", code, errOut)
	}

	// A key that is not the certificate's, and a missing file: exit 2 in Dutch.
	_, otherKey, _ := selfSigned(t, t.TempDir())
	for _, args := range [][]string{{certFile, otherKey}, {filepath.Join(dir, "geen.pem"), keyFile}} {
		code, _, errOut := usersRun(t, "", "serve", "--write", "--db", db, "--addr", "127.0.0.1:0", "--tls-cert", args[0], "--tls-key", args[1])
		if code != exitInvalid || !strings.Contains(errOut, "geen bruikbaar certificaat") {
			t.Errorf("peil serve --tls-cert %s --tls-key %s = %d %q; want 2, geen bruikbaar certificaat", args[0], args[1], code, errOut)
		}
	}

	s := startServe(t, nil, "--write", "--db", db, "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(s.url, "https://") {
		t.Fatalf("peil serve --tls-cert prints %s; want an https URL", s.url)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, err := http.NewRequest(http.MethodPost, s.url+"/api/login", strings.NewReader(`{"user":"anna","password":"een wachtwoord van de test"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", s.url)
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST %s/api/login: %v", s.url, err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("login over HTTPS = %d: %s", res.StatusCode, body)
	}
	cookies := res.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("login set %d cookies; want 1", len(cookies))
	}
	ck := cookies[0]
	if ck.Name != "__Host-peil_sessie" || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/" || ck.Domain != "" {
		t.Errorf("session cookie over HTTPS %+v; want __Host-peil_sessie, Secure, HttpOnly, SameSite=Strict, Path=/, no Domain", ck)
	}
	// The session works over HTTPS.
	req, _ = http.NewRequest(http.MethodGet, s.url+"/api/session", nil)
	req.AddCookie(ck)
	if res, err := client.Do(req); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("GET /api/session over HTTPS: %v %v; want 200", res, err)
	} else {
		res.Body.Close()
	}

	// Plain HTTP on the same port: no page, no cookie, not even with the
	// session's cookie.
	plain := "http://" + strings.TrimPrefix(s.url, "https://")
	for _, path := range []string{"/", "/api/session", "/api/login"} {
		conn, err := net.DialTimeout("tcp", strings.TrimPrefix(plain, "http://"), 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		method := "GET"
		if path == "/api/login" {
			method = "POST"
		}
		_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
		if _, err := io.WriteString(conn, method+" "+path+" HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: __Host-peil_sessie="+ck.Value+"\r\nContent-Length: 0\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			conn.Close()
			t.Errorf("plain HTTP %s %s on the HTTPS port: %v; want Go's 400 answer", method, path, err)
			continue
		}
		b, _ := io.ReadAll(res.Body)
		conn.Close()
		if res.StatusCode != http.StatusBadRequest || res.Header.Get("Set-Cookie") != "" || strings.Contains(string(b), "Peil") || strings.Contains(string(b), "csrf") {
			t.Errorf("plain HTTP %s %s on the HTTPS port = %d, cookie %q, body %q; want 400 and nothing of Peil", method, path, res.StatusCode, res.Header.Get("Set-Cookie"), b)
		}
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("peil serve --tls-cert stopped with %d; want 0: %s", code, s.stderr.String())
	}
}

func TestParseProxy(t *testing.T) {
	for in, want := range map[string]string{"127.0.0.1": "127.0.0.1/32", "::1": "::1/128", "10.1.2.3/8": "10.0.0.0/8", "::ffff:192.0.2.1": "192.0.2.1/32"} {
		p, err := parseProxy(in)
		if err != nil || p.String() != want {
			t.Errorf("parseProxy(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
}
