package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"

	"mediaflow/infra/dbtest"
	"mediaflow/tenants"
)

func TestTenantConfig(t *testing.T) {
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			h := newHarness(t, driver)

			t.Run("the JSON shape is pinned", func(t *testing.T) {
				rec := h.get("mall-a.mediaflow.test:8080", "/api/v1/config/tenant")
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
				want := `{"tenant_id":"mall-a","tenant_name":"Mall A","tenant_logo":"/branding/logo","tenant_primary_color":"#E91E63",` +
					`"tenant_secondary_color":"#9C27B0","tenant_domain":"mall-a.mediaflow.test","tenant_favicon":"/branding/favicon",` +
					`"app_version":"9.9.9-test","theme":"light","locale":"es-CL","timezone":"America/Santiago","mode":"tenant"}`
				if got := rec.Body.String(); got != want {
					t.Fatalf("body\n got %s\nwant %s", got, want)
				}
				if rec.Header().Get("ETag") == "" || rec.Header().Get("Cache-Control") != "no-cache" {
					t.Fatalf("cache headers: %v", rec.Header())
				}
			})

			t.Run("each host sees its own tenant and never the other", func(t *testing.T) {
				var a, b tenants.PublicConfig
				json.Unmarshal(h.get("mall-a.mediaflow.test", "/api/v1/config/tenant").Body.Bytes(), &a)
				json.Unmarshal(h.get("MALL-B.mediaflow.test.", "/api/v1/config/tenant").Body.Bytes(), &b)
				if a.TenantID != "mall-a" || b.TenantID != "mall-b" || b.TenantName != "Mall B <Sur>" || b.Theme != "dark" || b.Locale != "en" {
					t.Fatalf("a = %+v, b = %+v", a, b)
				}
			})

			t.Run("a matching ETag answers 304", func(t *testing.T) {
				etag := h.get("mall-a.mediaflow.test", "/api/v1/config/tenant").Header().Get("ETag")
				if rec := h.get("mall-a.mediaflow.test", "/api/v1/config/tenant", "If-None-Match", etag); rec.Code != http.StatusNotModified {
					t.Fatalf("status %d, want 304", rec.Code)
				}
				if rec := h.get("mall-b.mediaflow.test", "/api/v1/config/tenant", "If-None-Match", etag); rec.Code != http.StatusOK {
					t.Fatalf("another tenant's ETag matched: status %d", rec.Code)
				}
			})

			t.Run("a branding change shows on the next load", func(t *testing.T) {
				etag := h.get("mall-a.mediaflow.test", "/api/v1/config/tenant").Header().Get("ETag")
				color := "#00AA55"
				if _, err := h.svc.Update(context.Background(), "mall-a", tenants.Patch{PrimaryColor: &color}); err != nil {
					t.Fatal(err)
				}
				h.resolver.Flush() // what the change feed does in the server
				rec := h.get("mall-a.mediaflow.test", "/api/v1/config/tenant", "If-None-Match", etag)
				if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"tenant_primary_color":"#00AA55"`) {
					t.Fatalf("status %d body %s", rec.Code, rec.Body)
				}
			})
		})
	}
}

func TestUnknownAndSuspendedTenants(t *testing.T) {
	h := newHarness(t, "sqlite")
	if _, err := h.svc.SetStatus(context.Background(), "mall-b", tenants.StatusSuspended); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, host, path, accept string
		status                   int
		contains                 []string
		absent                   []string
	}{
		{"an unknown host gets a JSON 404 on the API", "nobody.mediaflow.test", "/api/v1/config/tenant", "application/json", 404,
			[]string{`{"error":{"code":"tenant_not_found","message":`}, []string{"Mall A", "mall-a"}},
		{"an unknown host gets a plain unknown-site page in a browser", "nobody.mediaflow.test", "/", "text/html", 404,
			[]string{"Sitio desconocido", "Unknown site"}, []string{"Mall A", "mall-a", "--mf-primary"}},
		{"a garbage host is an unknown site", "bad host!", "/", "text/html", 404, []string{"Sitio desconocido"}, nil},
		{"an empty host is an unknown site", "", "/api/v1/config/tenant", "", 404, []string{"tenant_not_found"}, nil},
		{"a suspended tenant is refused on the API", "mall-b.mediaflow.test", "/api/v1/config/tenant", "", 403,
			[]string{`"code":"tenant_suspended"`}, []string{"Mall B"}},
		{"a suspended tenant is refused in a browser", "mall-b.mediaflow.test", "/", "text/html", 403,
			[]string{"Sitio suspendido"}, []string{"Mall B"}},
		{"a suspended tenant's logo is refused", "mall-b.mediaflow.test", "/branding/logo", "", 403, []string{"tenant_suspended"}, nil},
		{"an unknown API path is a JSON 404 on a known host", "mall-a.mediaflow.test", "/api/v1/nothing", "text/html", 404,
			[]string{`"code":"not_found"`}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := h.get(tc.host, tc.path, "Accept", tc.accept)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			mustContain(t, rec.Body.String(), tc.contains...)
			mustNotContain(t, rec.Body.String(), tc.absent...)
		})
	}
}

func TestBrandedIndex(t *testing.T) {
	h := newHarness(t, "sqlite")
	for _, path := range []string{"/", "/library", "/settings/voices", "/index.html"} {
		t.Run("the client route "+path+" serves the branded index", func(t *testing.T) {
			rec := h.get("mall-a.mediaflow.test", path, "Accept", "text/html")
			if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-cache" {
				t.Fatalf("status %d headers %v", rec.Code, rec.Header())
			}
			mustContain(t, rec.Body.String(), "<title>Mall A</title>", `<link rel="icon" href="/branding/favicon">`,
				`<meta name="theme-color" content="#E91E63">`, "--mf-primary:#E91E63;--mf-secondary:#9C27B0",
				`"tenant_id":"mall-a"`, `<html lang="es-CL" data-theme="light">`)
			mustNotContain(t, rec.Body.String(), "<!--mediaflow:head-->", "Mall B", "#0171DC")
		})
	}
	t.Run("the other tenant's page carries its own brand, escaped", func(t *testing.T) {
		body := h.get("mall-b.mediaflow.test", "/").Body.String()
		mustContain(t, body, "<title>Mall B &lt;Sur&gt;</title>", `<html lang="en" data-theme="dark">`, "--mf-primary:#0171DC",
			`"tenant_name":"Mall B \u003cSur\u003e"`)
		mustNotContain(t, body, "Mall A", "<Sur>")
	})
	t.Run("hashed assets are cached for a year", func(t *testing.T) {
		rec := h.get("mall-a.mediaflow.test", "/assets/index-abc12.js")
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") || rec.Body.String() != "console.log('app')" {
			t.Fatalf("status %d headers %v", rec.Code, rec.Header())
		}
	})
	t.Run("a missing asset is a 404, not the index", func(t *testing.T) {
		if rec := h.get("mall-a.mediaflow.test", "/assets/missing.js"); rec.Code != 404 {
			t.Fatalf("status %d", rec.Code)
		}
	})
	t.Run("other public files are served as they are", func(t *testing.T) {
		if rec := h.get("mall-a.mediaflow.test", "/robots.txt"); rec.Code != 200 || rec.Body.String() != "User-agent: *" {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
}

func TestFallbackIndexWithoutBuiltWebApp(t *testing.T) {
	h := newHarness(t, "sqlite", func(d *ServerDeps) { d.WebApp = fstest.MapFS{} })
	body := h.get("mall-a.mediaflow.test", "/").Body.String()
	mustContain(t, body, "<title>Mall A</title>", "--mf-primary:#E91E63", `data-testid="app-header"`)
}

func TestBrandingFiles(t *testing.T) {
	h := newHarness(t, "sqlite")
	t.Run("the default logo is the tenant's monogram in its colour", func(t *testing.T) {
		a := h.get("mall-a.mediaflow.test", "/branding/logo")
		b := h.get("mall-b.mediaflow.test", "/branding/logo")
		if a.Header().Get("Content-Type") != "image/svg+xml" || a.Code != 200 {
			t.Fatalf("status %d type %s", a.Code, a.Header().Get("Content-Type"))
		}
		mustContain(t, a.Body.String(), `fill="#E91E63"`, ">MA<")
		mustContain(t, b.Body.String(), `fill="#0171DC"`, ">MB<")
		mustNotContain(t, b.Body.String(), "#E91E63")
	})
	t.Run("the default favicon follows the tenant", func(t *testing.T) {
		mustContain(t, h.get("mall-b.mediaflow.test", "/branding/favicon").Body.String(), `fill="#0171DC"`)
	})
	t.Run("an uploaded logo is served from the tenant's storage", func(t *testing.T) {
		ctx := context.Background()
		a, _ := h.svc.Get(ctx, "mall-a")
		key := "tenants/" + strconv.FormatUint(a.ID, 10) + "/branding/logo-test.png"
		png := "\x89PNG\r\n\x1a\n0000"
		if err := h.store.Put(ctx, key, strings.NewReader(png)); err != nil {
			t.Fatal(err)
		}
		if _, err := h.svc.Update(ctx, "mall-a", tenants.Patch{LogoKey: &key}); err != nil {
			t.Fatal(err)
		}
		h.resolver.Flush()
		rec := h.get("mall-a.mediaflow.test", "/branding/logo")
		if rec.Body.String() != png || rec.Header().Get("Content-Type") != "image/png" {
			t.Fatalf("type %s body %q", rec.Header().Get("Content-Type"), rec.Body)
		}
		if rec := h.get("mall-b.mediaflow.test", "/branding/logo"); strings.Contains(rec.Body.String(), "PNG") {
			t.Fatal("the other tenant got mall-a's logo")
		}
	})
}

func TestHealthAndMetrics(t *testing.T) {
	h := newHarness(t, "sqlite")
	t.Run("healthz answers on any host", func(t *testing.T) {
		if rec := h.get("nobody.example", "/healthz"); rec.Code != 200 || rec.Body.String() != "{\"status\":\"ok\"}\n" {
			t.Fatalf("status %d body %q", rec.Code, rec.Body)
		}
	})
	t.Run("readyz reports each check", func(t *testing.T) {
		rec := h.get("nobody.example", "/readyz")
		var body struct {
			Status string                       `json:"status"`
			Checks map[string]map[string]string `json:"checks"`
		}
		json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != 200 || body.Status != "ready" || body.Checks["database"]["status"] != "ok" || body.Checks["storage"]["status"] != "ok" || body.Checks["ffmpeg"]["status"] != "ok" {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
	})
	t.Run("readyz fails when the database does not answer", func(t *testing.T) {
		h := newHarness(t, "sqlite", func(d *ServerDeps) {
			d.PingDB = func(context.Context) error { return context.DeadlineExceeded }
		})
		rec := h.get("x", "/readyz")
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"status":"not_ready"`) {
			t.Fatalf("status %d body %s", rec.Code, rec.Body)
		}
		mustNotContain(t, rec.Body.String(), "deadline")
	})
	t.Run("metrics count requests by route and tenant cache outcomes", func(t *testing.T) {
		h.get("mall-a.mediaflow.test", "/api/v1/config/tenant")
		h.get("mall-a.mediaflow.test", "/api/v1/config/tenant")
		h.get("nobody.mediaflow.test", "/api/v1/config/tenant")
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:50000"
		rec := httptest.NewRecorder()
		h.srv.Handler().ServeHTTP(rec, req)
		body := rec.Body.String()
		mustContain(t, body,
			`mediaflow_http_requests_total{method="GET",route="/api/v1/config/tenant",status="200"} 2`,
			`mediaflow_http_requests_total{method="GET",route="/api/v1/config/tenant",status="404"} 1`,
			`mediaflow_tenant_cache_lookups_total{outcome="hit"} 1`,
			`mediaflow_tenant_cache_lookups_total{outcome="miss"} 2`,
			`mediaflow_http_request_duration_seconds_bucket{method="GET",route="/api/v1/config/tenant"`)
	})
}

func TestMetricsAccess(t *testing.T) {
	cases := []struct {
		name, token, remote, auth string
		status                    int
	}{
		{"loopback may scrape without a token", "", "127.0.0.1:9", "", 200},
		{"another address may not scrape without a token", "", "192.0.2.10:9", "", 403},
		{"the right token may scrape from anywhere", "s3cret-token", "192.0.2.10:9", "Bearer s3cret-token", 200},
		{"a wrong token may not", "s3cret-token", "127.0.0.1:9", "Bearer nope", 401},
		{"no token may not when one is set", "s3cret-token", "127.0.0.1:9", "", 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, "sqlite", func(d *ServerDeps) { d.MetricsToken = tc.token })
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			req.RemoteAddr = tc.remote
			req.Header.Set("Accept", "application/json")
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			rec := httptest.NewRecorder()
			h.srv.Handler().ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d", rec.Code, tc.status)
			}
		})
	}
}

func TestForwardedHost(t *testing.T) {
	proxy := netip.MustParsePrefix("192.0.2.0/24")
	cases := []struct {
		name    string
		trusted []netip.Prefix
		want    string
	}{
		{"X-Forwarded-Host is honoured from a trusted proxy", []netip.Prefix{proxy}, `"tenant_id":"mall-b"`},
		{"X-Forwarded-Host is ignored from anyone else", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, `"tenant_id":"mall-a"`},
		{"X-Forwarded-Host is ignored without trusted proxies", nil, `"tenant_id":"mall-a"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, "sqlite", func(d *ServerDeps) { d.TrustedProxies = tc.trusted })
			rec := h.get("mall-a.mediaflow.test", "/api/v1/config/tenant", "X-Forwarded-Host", "mall-b.mediaflow.test, evil.example")
			mustContain(t, rec.Body.String(), tc.want)
		})
	}
}

func TestHeadRequests(t *testing.T) {
	h := newHarness(t, "sqlite")
	for _, path := range []string{"/branding/logo", "/api/v1/config/tenant", "/", "/healthz"} {
		t.Run("HEAD "+path+" answers like GET without a body", func(t *testing.T) {
			if rec := h.do(http.MethodHead, "mall-a.mediaflow.test", path); rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
		})
	}
	if rec := h.do(http.MethodHead, "nobody.mediaflow.test", "/branding/logo"); rec.Code != http.StatusNotFound || rec.Body.Len() != 0 {
		t.Fatalf("HEAD on an unknown host: status %d body %q", rec.Code, rec.Body)
	}
}

func TestPlatformHost(t *testing.T) {
	h := newHarness(t, "sqlite")
	t.Run("the platform host is never a tenant", func(t *testing.T) {
		rec := h.get("platform.mediaflow.test", "/api/v1/config/tenant")
		mustContain(t, rec.Body.String(), `"tenant_id":""`, `"mode":"platform"`, `"tenant_name":"MediaFlow"`)
		mustNotContain(t, rec.Body.String(), "mall-a", "mall-b")
	})
	t.Run("the platform host serves the web app in platform mode", func(t *testing.T) {
		rec := h.get("platform.mediaflow.test", "/tenants", "Accept", "text/html")
		if rec.Code != 200 {
			t.Fatalf("status %d", rec.Code)
		}
		mustContain(t, rec.Body.String(), "<title>MediaFlow</title>", `"mode":"platform"`)
	})
	t.Run("tenant routes do not exist on the platform host", func(t *testing.T) {
		if rec := h.get("platform.mediaflow.test", "/api/v1/tenant/branding"); rec.Code != 404 {
			t.Fatalf("status %d", rec.Code)
		}
	})
	t.Run("console routes do not exist on tenant hosts", func(t *testing.T) {
		if rec := h.get("mall-a.mediaflow.test", "/api/v1/platform/tenants"); rec.Code != 404 {
			t.Fatalf("status %d", rec.Code)
		}
	})
}

// TestEveryRouteDeclaresItsAccess walks the routes Echo registered and fails
// when one is missing from the route table, which is where access is declared.
func TestEveryRouteDeclaresItsAccess(t *testing.T) {
	h := newHarness(t, "sqlite")
	// The only routes anyone may call without signing in.
	public := map[string]bool{
		"GET /healthz": true, "GET /readyz": true, "GET /metrics": true,
		"GET /api/v1/config/tenant": true, "GET /api/v1/openapi.yaml": true, "GET /branding/logo": true, "GET /branding/favicon": true,
		"POST /api/v1/auth/login": true, "POST /api/v1/auth/refresh": true, "POST /api/v1/auth/logout": true,
		"GET /": true, "GET /*": true,
		// A player pairs with a one-time code and then says hello on the socket with its credential.
		"POST /api/v1/device/pair": true, "GET /ws/player": true,
	}
	declared := map[string]Access{}
	for _, r := range h.srv.Routes() {
		key := r.Method + " " + r.Path
		switch {
		case r.Access.kind == accessUndeclared:
			t.Errorf("%s declares no access", key)
		case r.Access == Public && !public[key]:
			t.Errorf("%s is public but not on the public list", key)
		}
		declared[key] = r.Access
	}
	for _, r := range h.srv.echo.Routes() {
		if r.Method == echo.RouteNotFound {
			continue // Echo's own not-found routes for group middleware
		}
		method := r.Method
		if method == http.MethodHead {
			method = http.MethodGet // registered beside each GET
		}
		if _, ok := declared[method+" "+r.Path]; !ok {
			t.Errorf("%s %s is registered outside the route table", r.Method, r.Path)
		}
	}
}

func TestRequestLog(t *testing.T) {
	var logs strings.Builder
	h := newHarness(t, "sqlite", func(d *ServerDeps) { d.Log = slog.New(slog.NewJSONHandler(&logs, nil)) })
	h.get("mall-a.mediaflow.test", "/api/v1/config/tenant")
	var line map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(logs.String())), &line); err != nil {
		t.Fatalf("not one JSON line: %v\n%s", err, logs.String())
	}
	for key, want := range map[string]any{"msg": "request", "tenant": "mall-a", "method": "GET", "route": "/api/v1/config/tenant", "status": float64(200)} {
		if line[key] != want {
			t.Errorf("%s = %v, want %v", key, line[key], want)
		}
	}
	if id, _ := line["request_id"].(string); id == "" {
		t.Error("no request_id")
	}
	if _, ok := line["duration_ms"].(float64); !ok {
		t.Error("no duration_ms")
	}
}
