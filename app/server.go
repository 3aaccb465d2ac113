package app

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"mediaflow/domain/accounts"
	"mediaflow/domain/audit"
	"mediaflow/domain/studio"
	"mediaflow/infra/authz"
	"mediaflow/infra/events"
	"mediaflow/infra/storage"
	"mediaflow/tenants"
)

// Files is what the HTTP server needs from file storage.
type Files interface {
	Open(ctx context.Context, key string) (storage.File, error)
	CheckWritable(ctx context.Context) error
}

// ServerDeps are the collaborators of the HTTP server.
type ServerDeps struct {
	Log            *slog.Logger
	Version        string
	Resolver       *tenants.Resolver
	Storage        Files
	WebApp         fs.FS
	PingDB         func(context.Context) error
	PingRedis      func(context.Context) error // nil without Redis
	PlatformHost   string
	TrustedProxies []netip.Prefix
	CORSOrigins    []string
	MaxBodyBytes   int64
	Metrics        *Metrics // nil creates a fresh set
	MetricsToken   string   // bearer token for /metrics; empty allows loopback only

	Tenants       *tenants.Service
	Accounts      *accounts.Service
	Authz         *authz.Enforcer
	Audit         *audit.Recorder
	SecureCookies bool // mark cookies Secure (everywhere but development)

	Studio     *studio.Service
	OnAir      *OnAir
	Bus        events.Bus
	WorkDir    string                                       // scratch space for uploads
	CheckAudio func(context.Context) error                  // FFmpeg, for readiness
	Provision  func(context.Context, *tenants.Tenant) error // voices, sounds and categories for a new tenant
	// PlatformElevenLabs says whether the platform's ElevenLabs key serves every tenant.
	PlatformElevenLabs bool
}

// Server is MediaFlow's HTTP interface.
type Server struct {
	deps    ServerDeps
	log     *slog.Logger
	version string
	storage Files
	metrics *Metrics
	web     *webApp
	echo    *echo.Echo

	configDocs tenantDocs // GET /api/v1/config/tenant bodies per tenant snapshot
}

// NewServer builds the Echo instance with every route and middleware.
func NewServer(deps ServerDeps) *Server {
	if deps.Metrics == nil {
		deps.Metrics = NewMetrics()
	}
	s := &Server{deps: deps, log: deps.Log, version: deps.Version, storage: deps.Storage, metrics: deps.Metrics}
	s.web = newWebApp(deps.WebApp, deps.Version)
	s.echo = s.newEcho()
	return s
}

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return s.echo }

func (s *Server) newEcho() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = newErrorHandler(s.log)
	e.IPExtractor = ipExtractor(s.deps.TrustedProxies)

	e.Use(middleware.RequestID())
	e.Use(s.metrics.observe(s.log))
	e.Use(middleware.Recover())
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "", ContentTypeNosniff: "nosniff", XFrameOptions: "SAMEORIGIN", ReferrerPolicy: "strict-origin-when-cross-origin",
	}))
	if len(s.deps.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{AllowOrigins: s.deps.CORSOrigins, AllowCredentials: true}))
	}
	if s.deps.MaxBodyBytes > 0 {
		e.Use(middleware.BodyLimit(formatBytes(s.deps.MaxBodyBytes)))
	}
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Skipper: func(c echo.Context) bool {
		return c.Path() == "/metrics" || strings.HasPrefix(c.Request().URL.Path, "/ws/")
	}}))

	for _, r := range s.hostlessRoutes() {
		addRoute(e.Add, r.Method, r.Path, r.Handler)
	}
	realm := e.Group("", tenants.Middleware(s.deps.Resolver, tenants.MiddlewareOptions{
		TrustedProxies: s.deps.TrustedProxies, PlatformHost: s.deps.PlatformHost,
	}))
	for _, r := range s.realmRoutes() {
		addRoute(realm.Add, r.Method, r.Path, s.guard(r))
	}
	return e
}

// addRoute registers a handler, and HEAD beside every GET so monitors and
// caches can probe without a body (net/http drops the body of a HEAD answer).
func addRoute(add func(method, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route, method, path string, h echo.HandlerFunc) {
	add(method, path, h)
	if method == http.MethodGet {
		add(http.MethodHead, path, h)
	}
}

func ipExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(prefixToIPNet(p)))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

func formatBytes(n int64) string { return fmt.Sprintf("%dB", n) }
