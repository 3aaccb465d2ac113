package app

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"mediaflow/app/openapi"
	"mediaflow/assets"
	"mediaflow/domain"
	"mediaflow/tenants"
)

// getTenantConfig answers the tenant's public configuration, with an ETag so
// browsers revalidate cheaply and see a branding change on the next load.
func (s *Server) getTenantConfig(c echo.Context) error {
	doc, err := s.configDocs.get(tenants.Current(c), func(t *tenants.Tenant) ([]byte, error) {
		return json.Marshal(t.Public(s.version))
	})
	if err != nil {
		return err
	}
	return sendTagged(c, "application/json; charset=utf-8", doc)
}

// getLogo serves the tenant's logo, or the bundled monogram.
func (s *Server) getLogo(c echo.Context) error {
	t := tenants.Current(c)
	return s.sendBrandingFile(c, t.LogoKey, func() []byte { return assets.DefaultLogo(monogram(t)) })
}

// getFavicon serves the tenant's favicon, or the bundled monogram.
func (s *Server) getFavicon(c echo.Context) error {
	t := tenants.Current(c)
	return s.sendBrandingFile(c, t.FaviconKey, func() []byte { return assets.DefaultFavicon(monogram(t)) })
}

func monogram(t *tenants.Tenant) assets.Monogram {
	return assets.Monogram{Initials: tenants.Initials(t.Name), Background: t.PrimaryColor, Foreground: tenants.OnColor(t.PrimaryColor)}
}

func (s *Server) sendBrandingFile(c echo.Context, key string, fallback func() []byte) error {
	c.Response().Header().Set("X-Content-Type-Options", "nosniff")
	if key != "" {
		f, err := s.storage.Open(c.Request().Context(), key)
		if err == nil {
			defer f.Close()
			body, err := io.ReadAll(f)
			if err != nil {
				return err
			}
			return sendWithETag(c, http.DetectContentType(body), body)
		}
		if !errors.Is(err, domain.ErrNotFound) {
			return err
		}
	}
	return sendWithETag(c, "image/svg+xml", fallback())
}

// taggedBody is a response body with its entity tag.
type taggedBody struct {
	body []byte
	etag string
}

func tag(body []byte) taggedBody {
	sum := sha256.Sum256(body)
	return taggedBody{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// sendWithETag answers 304 when the client already has this body.
func sendWithETag(c echo.Context, contentType string, body []byte) error {
	return sendTagged(c, contentType, tag(body))
}

func sendTagged(c echo.Context, contentType string, doc taggedBody) error {
	h := c.Response().Header()
	h.Set("ETag", doc.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Host")
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, doc.etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, contentType, doc.body)
}

// tenantDocs remembers a document rendered from a tenant snapshot. The
// resolver hands out one immutable snapshot per tenant version, so the
// snapshot's address is a safe key; the memo is emptied when it grows past
// a bound, which old snapshots would otherwise fill.
type tenantDocs struct {
	mu   sync.RWMutex
	docs map[*tenants.Tenant]taggedBody
}

const maxTenantDocs = 50_000

func (d *tenantDocs) get(t *tenants.Tenant, render func(*tenants.Tenant) ([]byte, error)) (taggedBody, error) {
	d.mu.RLock()
	doc, ok := d.docs[t]
	d.mu.RUnlock()
	if ok {
		return doc, nil
	}
	body, err := render(t)
	if err != nil {
		return taggedBody{}, err
	}
	doc = tag(body)
	d.mu.Lock()
	if d.docs == nil || len(d.docs) >= maxTenantDocs {
		d.docs = map[*tenants.Tenant]taggedBody{}
	}
	d.docs[t] = doc
	d.mu.Unlock()
	return doc, nil
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

type check struct {
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// readyz checks every dependency the server needs to do its work. Errors
// are summarised, since this endpoint is public.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	checks := map[string]check{}
	ready := true
	record := func(name, summary string, err error) {
		if err != nil {
			ready = false
			checks[name] = check{Status: "failing", Error: summary}
			s.log.Warn("readiness check failed", slog.String("check", name), slog.String("error", err.Error()))
			return
		}
		checks[name] = check{Status: "ok"}
	}
	record("database", "the database does not answer", s.deps.PingDB(ctx))
	if s.deps.PingRedis != nil {
		record("redis", "Redis does not answer", s.deps.PingRedis(ctx))
	}
	record("ffmpeg", "FFmpeg is not installed or does not run; renders are impossible until it is", s.deps.CheckAudio(ctx))
	record("storage", "the storage directory is not writable", s.storage.CheckWritable(ctx))
	status, code := "ready", http.StatusOK
	if !ready {
		status, code = "not_ready", http.StatusServiceUnavailable
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(code, map[string]any{"status": status, "checks": checks})
}

// metricsHandler serves Prometheus metrics to a scraper holding
// METRICS_TOKEN, or, when no token is configured, to loopback clients only.
func (s *Server) metricsHandler() echo.HandlerFunc {
	h := promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})
	return func(c echo.Context) error {
		if token := s.deps.MetricsToken; token != "" {
			got := strings.TrimPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
			if subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				return domain.Unauthorized("unauthenticated", "metrics need the METRICS_TOKEN bearer token")
			}
		} else if ip, err := netip.ParseAddr(c.RealIP()); err != nil || !ip.IsLoopback() {
			return domain.Forbidden("forbidden", "metrics are served to loopback only unless METRICS_TOKEN is set")
		}
		h.ServeHTTP(c.Response(), c.Request())
		return nil
	}
}

// getOpenAPI serves the API's OpenAPI document.
func (s *Server) getOpenAPI(c echo.Context) error {
	return sendWithETag(c, "application/yaml; charset=utf-8", openapi.Document)
}
