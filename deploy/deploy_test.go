// Package deploy holds MediaFlow's deployment files: the nginx site, the
// systemd unit, the settings template, the installer and the container
// files. Its tests run the real tools against them: nginx in front of a Go
// backend on loopback, systemd-analyze, and bash.
package deploy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Hosts the tests ask for. The first two fall under the wildcard
// certificate; the third has a server block and certificate of its own, made
// from nginx/custom-domain.conf.example.
const (
	tenantHost  = "mbi.mediaflow.cl"
	otherTenant = "plaza-norte.mediaflow.cl"
	customHost  = "anuncios.example.com"
)

const megabyte = 1 << 20

func TestNginxSite(t *testing.T) {
	be := startBackend(t)
	ng := startNginx(t, be.addr())

	t.Run("plain HTTP redirects to HTTPS on the same host, path and query", func(t *testing.T) {
		before := be.hits.Load()
		resp := ng.get(t, ng.plainClient(), "http://"+tenantHost+"/anuncios/semana?dia=3", nil)
		if resp.StatusCode != http.StatusMovedPermanently {
			t.Fatalf("status = %d, want 301", resp.StatusCode)
		}
		if got, want := resp.Header.Get("Location"), "https://"+tenantHost+"/anuncios/semana?dia=3"; got != want {
			t.Errorf("Location = %q, want %q", got, want)
		}
		if n := be.hits.Load() - before; n != 0 {
			t.Errorf("the backend received %d plain-HTTP requests, want none", n)
		}
	})

	t.Run("plain HTTP answers ACME challenges from the webroot without redirecting", func(t *testing.T) {
		for _, host := range []string{tenantHost, customHost} {
			resp := ng.get(t, ng.plainClient(), "http://"+host+"/.well-known/acme-challenge/x", nil)
			body := readAll(t, resp)
			if resp.StatusCode != http.StatusOK || body != ng.acmeToken {
				t.Errorf("%s: status %d body %q, want 200 with the challenge token", host, resp.StatusCode, body)
			}
		}
		resp := ng.get(t, ng.plainClient(), "http://"+tenantHost+"/.well-known/acme-challenge/missing", nil)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("unknown challenge: status %d, want 404 (not a redirect)", resp.StatusCode)
		}
	})

	t.Run("HTTPS passes the original host and sets the forwarded headers", func(t *testing.T) {
		spoofed := http.Header{
			"X-Forwarded-For":   {"203.0.113.9"},
			"X-Forwarded-Host":  {"evil.example"},
			"X-Forwarded-Proto": {"http"},
			"X-Request-Id":      {"chosen-by-client"},
		}
		cases := []struct {
			name   string
			h2     bool
			host   string
			path   string
			header http.Header
			xff    string
		}{
			{"web app page over HTTP/1.1", false, tenantHost, "/", nil, "127.0.0.1"},
			{"API over HTTP/2", true, tenantHost, "/api/v1/config/tenant", nil, "127.0.0.1"},
			{"another tenant under the wildcard", true, otherTenant, "/branding/logo", nil, "127.0.0.1"},
			{"custom domain with its own server block", false, customHost, "/api/v1/config/tenant", nil, "127.0.0.1"},
			{"client-supplied forwarded headers are replaced or appended to", false, tenantHost, "/api/v1/x", spoofed, "203.0.113.9, 127.0.0.1"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				resp := ng.get(t, ng.tlsClient(tc.h2), "https://"+tc.host+tc.path, tc.header)
				if want := map[bool]int{false: 1, true: 2}[tc.h2]; resp.ProtoMajor != want {
					t.Errorf("client spoke %s, want HTTP/%d", resp.Proto, want)
				}
				var got seenRequest
				decodeJSON(t, resp, &got)
				checks := []struct{ what, got, want string }{
					{"Host", got.Host, tc.host},
					{"path", got.Path, tc.path},
					{"X-Forwarded-Host", got.Header.Get("X-Forwarded-Host"), tc.host},
					{"X-Forwarded-Proto", got.Header.Get("X-Forwarded-Proto"), "https"},
					{"X-Forwarded-For", strings.Join(got.Header.Values("X-Forwarded-For"), ", "), tc.xff},
					{"X-Real-IP", got.Header.Get("X-Real-Ip"), "127.0.0.1"},
				}
				for _, c := range checks {
					if c.got != c.want {
						t.Errorf("backend saw %s = %q, want %q", c.what, c.got, c.want)
					}
				}
				if id := got.Header.Get("X-Request-Id"); len(id) != 32 {
					t.Errorf("backend saw X-Request-ID %q, want nginx's 32-character request id", id)
				}
			})
		}
	})

	t.Run("metrics are not served to the public", func(t *testing.T) {
		before := be.hits.Load()
		resp := ng.get(t, ng.tlsClient(false), "https://"+tenantHost+"/metrics", nil)
		readAll(t, resp)
		if resp.StatusCode != http.StatusForbidden || be.hits.Load() != before {
			t.Errorf("/metrics: status %d, backend hits %d; want 403 from nginx", resp.StatusCode, be.hits.Load()-before)
		}
	})

	t.Run("each host is served the certificate that names it", func(t *testing.T) {
		for host, want := range map[string]string{tenantHost: "*.mediaflow.cl", otherTenant: "*.mediaflow.cl", customHost: customHost} {
			resp := ng.get(t, ng.tlsClient(false), "https://"+host+"/", nil)
			readAll(t, resp)
			if names := resp.TLS.PeerCertificates[0].DNSNames; !slices.Contains(names, want) {
				t.Errorf("%s got a certificate for %v, want one for %s", host, names, want)
			}
		}
	})

	t.Run("security headers: HSTS added, the application's own headers passed once", func(t *testing.T) {
		resp := ng.get(t, ng.tlsClient(false), "https://"+tenantHost+"/assets/index-3f9a1c.js", nil)
		readAll(t, resp)
		want := map[string]string{
			"Strict-Transport-Security": "max-age=31536000",
			"X-Content-Type-Options":    "nosniff",
			"X-Frame-Options":           "SAMEORIGIN",
			"Referrer-Policy":           "strict-origin-when-cross-origin",
			"Cache-Control":             "public, max-age=31536000, immutable",
			"Server":                    "nginx",
		}
		for name, value := range want {
			if got := resp.Header.Values(name); len(got) != 1 || got[0] != value {
				t.Errorf("%s = %q, want exactly one %q", name, got, value)
			}
		}
	})

	t.Run("connections to the backend are kept alive and reused", func(t *testing.T) {
		client := ng.tlsClient(false)
		before := be.newConns.Load()
		const requests = 10
		for i := range requests {
			resp := ng.get(t, client, fmt.Sprintf("https://%s/api/v1/ping/%d", tenantHost, i), nil)
			var seen seenRequest
			decodeJSON(t, resp, &seen)
			if seen.Close {
				t.Fatalf("request %d asked the backend to close the connection (Connection: %q)", i, seen.Header.Get("Connection"))
			}
		}
		if opened := be.newConns.Load() - before; opened > 1 {
			t.Errorf("nginx opened %d backend connections for %d sequential requests, want them reused", opened, requests)
		}
	})

	t.Run("a 20 MB upload reaches the backend intact", func(t *testing.T) {
		body := make([]byte, 20*megabyte)
		rng := mrand.NewChaCha8([32]byte{1})
		_, _ = rng.Read(body)
		sum := sha256.Sum256(body)
		req := newRequest(t, http.MethodPost, "https://"+tenantHost+"/api/v1/uploads", bytes.NewReader(body))
		req.Header.Set("Content-Type", "audio/mpeg")
		resp := ng.do(t, ng.tlsClient(false), req)
		var got uploadResult
		decodeJSON(t, resp, &got)
		if got.Bytes != int64(len(body)) || got.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("backend received %d bytes (sha256 %s), want %d bytes (sha256 %x)", got.Bytes, got.SHA256, len(body), sum)
		}
	})

	t.Run("a 60 MB upload is refused by nginx with 413 before it reaches the backend", func(t *testing.T) {
		before := be.uploads.Load()
		body := &zeroReader{left: 60 * megabyte}
		req := newRequest(t, http.MethodPost, "https://"+tenantHost+"/api/v1/uploads", body)
		req.ContentLength = 60 * megabyte
		req.Header.Set("Expect", "100-continue")
		resp := ng.do(t, ng.tlsClient(false), req)
		readAll(t, resp)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status = %d, want 413", resp.StatusCode)
		}
		if n := be.uploads.Load() - before; n != 0 {
			t.Errorf("the backend received %d oversized uploads, want none", n)
		}
		if body.read > megabyte {
			t.Errorf("the client sent %d bytes before being refused, want the refusal to come first", body.read)
		}
	})

	t.Run("a WebSocket upgrade on /ws/ reaches the backend and frames flow both ways", func(t *testing.T) {
		testWebSocket(t, ng, be)
	})

	for _, h2 := range []bool{false, true} {
		name := "an event stream on /api/ arrives one event at a time over HTTP/1.1"
		if h2 {
			name = strings.Replace(name, "HTTP/1.1", "HTTP/2", 1)
		}
		t.Run(name, func(t *testing.T) { testEventStream(t, ng, be, h2) })
	}
}

func testWebSocket(t *testing.T, ng *nginx, be *backend) {
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", ng.httpsAddr, &tls.Config{
		ServerName: tenantHost, RootCAs: ng.roots, NextProtos: []string{"http/1.1"},
	})
	if err != nil {
		t.Fatalf("connect to nginx: %v", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))

	key := make([]byte, 16)
	_, _ = rand.Read(key)
	secKey := base64.StdEncoding.EncodeToString(key)
	fmt.Fprintf(conn, "GET /ws/player?device=42 HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", tenantHost, secKey)
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("read the handshake response: %v", err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		t.Fatalf("handshake status = %d (%s), want 101", resp.StatusCode, body)
	}
	if got, want := resp.Header.Get("Sec-WebSocket-Accept"), websocketAccept(secKey); got != want {
		t.Errorf("Sec-WebSocket-Accept = %q, want %q", got, want)
	}

	up := be.lastWebSocket()
	if up == nil {
		t.Fatal("the backend saw no upgrade request")
	}
	if up.Host != tenantHost || up.Path != "/ws/player?device=42" || up.Header.Get("X-Forwarded-Proto") != "https" ||
		up.Header.Get("X-Forwarded-For") != "127.0.0.1" {
		t.Errorf("backend saw Host %q, path %q, X-Forwarded-Proto %q, X-Forwarded-For %q on the upgrade", up.Host, up.Path,
			up.Header.Get("X-Forwarded-Proto"), up.Header.Get("X-Forwarded-For"))
	}

	if msg, err := readFrame(br, false); err != nil || msg != "welcome to the live channel" {
		t.Fatalf("first server frame = %q, %v", msg, err)
	}
	if err := writeFrame(conn, true, "player 42 ready"); err != nil {
		t.Fatalf("send a frame: %v", err)
	}
	if msg, err := readFrame(br, false); err != nil || msg != "echo: player 42 ready" {
		t.Fatalf("echoed frame = %q, %v", msg, err)
	}
}

func testEventStream(t *testing.T, ng *nginx, be *backend, h2 bool) {
	resp := ng.get(t, ng.tlsClient(h2), "https://"+tenantHost+"/api/v1/renders/7/events", nil)
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q, want text/event-stream", ct)
	}
	// The backend sends the next event only after the client acknowledged
	// the previous one. If nginx held events back, the backend would give
	// up waiting and say so in the stream.
	var events []string
	data := ""
	br := bufio.NewReader(resp.Body)
	for {
		line, err := br.ReadString('\n')
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read the stream: %v", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if rest, ok := strings.CutPrefix(line, "data: "); ok {
			data = rest
			continue
		}
		if line != "" || data == "" {
			continue
		}
		events = append(events, data)
		data = ""
		select {
		case be.sseAck <- struct{}{}:
		case <-time.After(3 * time.Second):
			t.Fatalf("the backend stopped waiting for acknowledgements; events so far: %q", events)
		}
	}
	want := []string{"progress 1/3", "progress 2/3", "progress 3/3"}
	if !slices.Equal(events, want) {
		t.Errorf("events = %q, want %q, each delivered before the next was sent", events, want)
	}
}

// --- nginx under test --------------------------------------------------------

type nginx struct {
	dir       string
	httpAddr  string
	httpsAddr string
	roots     *x509.CertPool
	acmeToken string

	clientsMu sync.Mutex
	clients   map[string]*http.Client
}

// startNginx runs the site from nginx/ in a private prefix, on two random
// loopback ports, in front of the backend at backendAddr.
func startNginx(t *testing.T, backendAddr string) *nginx {
	t.Helper()
	bin := requireTool(t, "nginx", "/usr/sbin/nginx")
	requireTool(t, "openssl", "/usr/bin/openssl")

	dir, err := os.MkdirTemp("", "mediaflow-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// nginx's workers run as nobody when the test runs as root; they need to
	// reach the ACME webroot inside this directory.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ng := &nginx{dir: dir, httpAddr: freeAddr(t), httpsAddr: freeAddr(t), clients: map[string]*http.Client{}}
	for _, sub := range []string{"conf/hosts", "tls", "acme/.well-known/acme-challenge", "tmp"} {
		mustMkdir(t, filepath.Join(dir, sub))
	}

	ng.roots = x509.NewCertPool()
	ng.roots.AddCert(selfSigned(t, filepath.Join(dir, "tls", "wildcard"), "*.mediaflow.cl", "mediaflow.cl"))
	ng.roots.AddCert(selfSigned(t, filepath.Join(dir, "tls", "custom"), customHost))
	ng.acmeToken = "token-" + hex.EncodeToString(randomBytes(8))
	mustWrite(t, filepath.Join(dir, "acme/.well-known/acme-challenge/x"), ng.acmeToken)

	ng.writeConfig(t, backendAddr)
	conf := filepath.Join(dir, "nginx.conf")
	args := []string{"-p", dir + "/", "-c", conf, "-e", filepath.Join(dir, "error.log")}

	out, err := exec.Command(bin, append(args, "-t")...).CombinedOutput()
	if err != nil {
		t.Fatalf("nginx -t rejected the site: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "test is successful") || strings.Contains(string(out), "[warn]") {
		t.Fatalf("nginx -t did not pass cleanly:\n%s", out)
	}

	var stderr bytes.Buffer
	cmd := exec.Command(bin, append(args, "-g", "daemon off;")...)
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { stopNginx(t, bin, args, cmd, exited) })

	for _, addr := range []string{ng.httpAddr, ng.httpsAddr} {
		if err := waitListening(addr, exited, 5*time.Second); err != nil {
			logs, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx is not listening on %s: %v\n%s%s", addr, err, stderr.String(), logs)
		}
	}
	return ng
}

// writeConfig adapts the deployed files to the private prefix: loopback
// listeners on random ports, the test backend, throwaway certificates. Every
// replaced line must exist, so a change to the site that the test no longer
// matches fails here instead of going untested.
func (ng *nginx) writeConfig(t *testing.T, backendAddr string) {
	t.Helper()
	d := ng.dir
	site := adapt(t, "nginx/mediaflow.conf",
		"server 127.0.0.1:8080;", "server "+backendAddr+";",
		"listen 80 default_server;", "listen "+ng.httpAddr+" default_server;",
		"listen [::]:80 default_server;", "# IPv6 listener left out of the test",
		"listen 443 ssl http2 default_server;", "listen "+ng.httpsAddr+" ssl http2 default_server;",
		"listen [::]:443 ssl http2 default_server;", "# IPv6 listener left out of the test",
		"/etc/ssl/mediaflow/fullchain.pem", d+"/tls/wildcard.crt",
		"/etc/ssl/mediaflow/privkey.pem", d+"/tls/wildcard.key",
		"root /var/www/mediaflow-acme;", "root "+d+"/acme;",
		"include /etc/nginx/snippets/mediaflow-proxy.conf;", "include "+d+"/conf/mediaflow-proxy.conf;",
		"include /etc/nginx/mediaflow-hosts/*.conf;", "include "+d+"/conf/hosts/*.conf;",
	)
	custom := adapt(t, "nginx/custom-domain.conf.example",
		"listen 443 ssl http2;", "listen "+ng.httpsAddr+" ssl http2;",
		"listen [::]:443 ssl http2;", "# IPv6 listener left out of the test",
		"/etc/letsencrypt/live/"+customHost+"/fullchain.pem", d+"/tls/custom.crt",
		"/etc/letsencrypt/live/"+customHost+"/privkey.pem", d+"/tls/custom.key",
		"include /etc/nginx/snippets/mediaflow-proxy.conf;", "include "+d+"/conf/mediaflow-proxy.conf;",
	)
	snippet := readText(t, "nginx/mediaflow-proxy.conf")
	mustWrite(t, filepath.Join(d, "conf/mediaflow.conf"), site)
	mustWrite(t, filepath.Join(d, "conf/hosts", customHost+".conf"), custom)
	mustWrite(t, filepath.Join(d, "conf/mediaflow-proxy.conf"), snippet)

	// The surroundings of Debian's /etc/nginx/nginx.conf that matter here
	// (gzip on at http level), with every path inside the prefix.
	userLine := ""
	if os.Geteuid() == 0 {
		userLine = "user nobody " + nobodyGroup() + ";"
	}
	main := fmt.Sprintf(`%[1]s
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log %[2]s/access.log;
    client_body_temp_path %[2]s/tmp/body;
    proxy_temp_path %[2]s/tmp/proxy;
    fastcgi_temp_path %[2]s/tmp/fastcgi;
    uwsgi_temp_path %[2]s/tmp/uwsgi;
    scgi_temp_path %[2]s/tmp/scgi;
    sendfile on;
    gzip on;
    include %[2]s/conf/mediaflow.conf;
}
`, userLine, d)
	mustWrite(t, filepath.Join(d, "nginx.conf"), main)
}

func stopNginx(t *testing.T, bin string, args []string, cmd *exec.Cmd, exited <-chan error) {
	if out, err := exec.Command(bin, append(args, "-s", "quit")...).CombinedOutput(); err != nil {
		t.Logf("nginx -s quit: %v\n%s", err, out)
	}
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		t.Errorf("nginx (pid %d) did not quit within 5 s; killing it", cmd.Process.Pid)
		_ = cmd.Process.Kill()
		<-exited
	}
}

// tlsClient returns a client that reaches the HTTPS server whatever host the
// URL names, trusting the test certificates.
func (ng *nginx) tlsClient(h2 bool) *http.Client {
	return ng.client(fmt.Sprintf("tls-h2=%v", h2), func(tr *http.Transport) {
		tr.TLSClientConfig = &tls.Config{RootCAs: ng.roots}
		tr.ForceAttemptHTTP2 = h2
		if !h2 {
			tr.TLSClientConfig.NextProtos = []string{"http/1.1"}
		}
	})
}

// plainClient reaches the plain-HTTP server and does not follow redirects.
func (ng *nginx) plainClient() *http.Client {
	return ng.client("plain", func(*http.Transport) {})
}

func (ng *nginx) client(key string, configure func(*http.Transport)) *http.Client {
	ng.clientsMu.Lock()
	defer ng.clientsMu.Unlock()
	if c, ok := ng.clients[key]; ok {
		return c
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			target := ng.httpAddr
			if strings.HasSuffix(addr, ":443") {
				target = ng.httpsAddr
			}
			return dialer.DialContext(ctx, network, target)
		},
		ExpectContinueTimeout: 5 * time.Second,
	}
	configure(tr)
	c := &http.Client{
		Transport:     tr,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	ng.clients[key] = c
	return c
}

func newRequest(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func (ng *nginx) get(t *testing.T, c *http.Client, url string, header http.Header) *http.Response {
	t.Helper()
	req := newRequest(t, http.MethodGet, url, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	return ng.do(t, c, req)
}

func (ng *nginx) do(t *testing.T, c *http.Client, req *http.Request) *http.Response {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		logs, _ := os.ReadFile(filepath.Join(ng.dir, "error.log"))
		t.Fatalf("%s %s: %v\nnginx error log:\n%s", req.Method, req.URL, err, logs)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// --- the backend standing in for MediaFlow ------------------------------------

// seenRequest is what the backend reports about a request it received.
type seenRequest struct {
	Method string      `json:"method"`
	Host   string      `json:"host"`
	Path   string      `json:"path"`
	Close  bool        `json:"close"`
	Header http.Header `json:"header"`
}

type uploadResult struct {
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

type backend struct {
	srv      *httptest.Server
	hits     atomic.Int64 // every request
	uploads  atomic.Int64 // requests that reached the upload handler
	newConns atomic.Int64 // connections accepted
	sseAck   chan struct{}

	mu sync.Mutex
	ws *seenRequest // the last WebSocket upgrade request
}

func startBackend(t *testing.T) *backend {
	t.Helper()
	b := &backend{sseAck: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/uploads", b.upload)
	mux.HandleFunc("GET /api/v1/renders/{id}/events", b.events)
	mux.HandleFunc("GET /ws/", b.websocket)
	mux.HandleFunc("/", b.echo)
	b.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.hits.Add(1)
		// The headers the application sets on every response.
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		mux.ServeHTTP(w, r)
	}))
	b.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			b.newConns.Add(1)
		}
	}
	b.srv.Start()
	t.Cleanup(b.srv.Close)
	return b
}

func (b *backend) addr() string { return b.srv.Listener.Addr().String() }

func seen(r *http.Request) seenRequest {
	return seenRequest{Method: r.Method, Host: r.Host, Path: r.URL.RequestURI(), Close: r.Close, Header: r.Header.Clone()}
}

func (b *backend) echo(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/assets/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(seen(r))
}

func (b *backend) upload(w http.ResponseWriter, r *http.Request) {
	b.uploads.Add(1)
	h := sha256.New()
	n, err := io.Copy(h, r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(uploadResult{Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))})
}

// events streams three server-sent events, each only after the client
// acknowledged the one before.
func (b *backend) events(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	rc := http.NewResponseController(w)
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(w, "id: %d\ndata: progress %d/3\n\n", i, i)
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-b.sseAck:
		case <-time.After(2 * time.Second):
			fmt.Fprintf(w, "data: event %d was not delivered on its own\n\n", i)
			return
		case <-r.Context().Done():
			return
		}
	}
}

// websocket completes the opening handshake by hand, sends one frame and
// echoes the client's first frame.
func (b *backend) websocket(w http.ResponseWriter, r *http.Request) {
	s := seen(r)
	b.mu.Lock()
	b.ws = &s
	b.mu.Unlock()
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") || !hasToken(r.Header.Get("Connection"), "upgrade") {
		http.Error(w, fmt.Sprintf("not an upgrade: Upgrade %q, Connection %q", r.Header.Get("Upgrade"), r.Header.Get("Connection")), http.StatusBadRequest)
		return
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(brw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
		websocketAccept(r.Header.Get("Sec-WebSocket-Key")))
	if writeFrame(brw, false, "welcome to the live channel") != nil || brw.Flush() != nil {
		return
	}
	msg, err := readFrame(brw.Reader, true)
	if err != nil {
		return
	}
	if writeFrame(brw, false, "echo: "+msg) == nil {
		_ = brw.Flush()
	}
}

func (b *backend) lastWebSocket() *seenRequest {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ws
}

// --- WebSocket framing, just enough for short text messages -------------------

func websocketAccept(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// writeFrame writes one final text frame; clients must mask, servers must not.
func writeFrame(w io.Writer, masked bool, text string) error {
	payload := []byte(text)
	if len(payload) > 125 {
		return errors.New("frame too long for this helper")
	}
	frame := []byte{0x81, byte(len(payload))}
	if masked {
		mask := randomBytes(4)
		frame[1] |= 0x80
		frame = append(frame, mask...)
		for i := range payload {
			payload[i] ^= mask[i%4]
		}
	}
	_, err := w.Write(append(frame, payload...))
	return err
}

// readFrame reads one final text frame and checks its masking.
func readFrame(r io.Reader, wantMasked bool) (string, error) {
	var head [2]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return "", fmt.Errorf("read frame header: %w", err)
	}
	if head[0] != 0x81 {
		return "", fmt.Errorf("frame opcode byte %#x, want a final text frame", head[0])
	}
	masked, n := head[1]&0x80 != 0, int(head[1]&0x7f)
	if masked != wantMasked || n > 125 {
		return "", fmt.Errorf("frame masked=%v length=%d, want masked=%v and a short payload", masked, n, wantMasked)
	}
	var mask [4]byte
	if masked {
		if _, err := io.ReadFull(r, mask[:]); err != nil {
			return "", err
		}
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return "", err
	}
	for i := range payload {
		payload[i] ^= mask[i%4]
	}
	return string(payload), nil
}

// --- helpers ------------------------------------------------------------------

// requireTool finds a program or fails the test saying how to install it.
func requireTool(t *testing.T, name string, fallbacks ...string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, p := range fallbacks {
		if st, err := os.Stat(p); err == nil && st.Mode()&0o111 != 0 {
			return p
		}
	}
	t.Fatalf("%s is required by this test and is not installed; install it with: apt-get install -y --no-install-recommends nginx openssl", name)
	return ""
}

// readText returns a file of this directory.
func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// adapt reads a file of this directory and applies old, new replacement
// pairs, failing when an old string is not there.
func adapt(t *testing.T, path string, pairs ...string) string {
	t.Helper()
	s := readText(t, path)
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%s no longer contains %q; update the test together with the file", path, pairs[i])
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	return s
}

// selfSigned makes a throwaway certificate and key at base.crt and base.key
// with openssl, as an operator would for a first test, and returns it parsed.
func selfSigned(t *testing.T, base string, names ...string) *x509.Certificate {
	t.Helper()
	san := "subjectAltName=DNS:" + strings.Join(names, ",DNS:")
	out, err := exec.Command("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
		"-nodes", "-days", "2", "-subj", "/CN="+names[0], "-addext", san,
		"-keyout", base+".key", "-out", base+".crt").CombinedOutput()
	if err != nil {
		t.Fatalf("openssl could not make a certificate for %v: %v\n%s", names, err, out)
	}
	pemBytes, err := os.ReadFile(base + ".crt")
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(pemBytes)
	if block == nil || block.Type != "CERTIFICATE" {
		t.Fatalf("openssl wrote no PEM certificate to %s.crt", base)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("parse %s.crt: %v", base, err)
	}
	return cert
}

func nobodyGroup() string {
	if _, err := user.LookupGroup("nogroup"); err == nil {
		return "nogroup"
	}
	return "nobody"
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitListening waits until addr accepts connections, the process exits, or
// the time runs out.
func waitListening(addr string, exited <-chan error, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nothing listens after %s", limit)
		}
		select {
		case err := <-exited:
			return fmt.Errorf("nginx exited: %v", err)
		case <-tick.C:
		}
	}
}

func hasToken(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		if strings.EqualFold(strings.TrimSpace(part), token) {
			return true
		}
	}
	return false
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func mustMkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read response body: %v", err)
	}
	return string(b)
}

func decodeJSON(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	body := readAll(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200; body: %.300s", resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode %.300s: %v", body, err)
	}
}

// zeroReader yields left zero bytes and counts how many were read.
type zeroReader struct{ left, read int }

func (z *zeroReader) Read(p []byte) (int, error) {
	if z.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), z.left)
	clear(p[:n])
	z.left -= n
	z.read += n
	return n, nil
}
