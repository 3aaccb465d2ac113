package app

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Access says who may call a route. Each route declares it beside its
// handler, so this file shows who may do what.
type Access string

// Access levels. Roles and permissions arrive with accounts.
const (
	// Public routes answer anyone: health checks, the tenant's branding and
	// the web app shell, which every visitor needs before signing in.
	Public Access = "public"
)

// Route is one entry of the route table.
type Route struct {
	Method  string
	Path    string
	Access  Access
	Handler echo.HandlerFunc
}

// platformRoutes answer on every host, without resolving a tenant.
func (s *Server) platformRoutes() []Route {
	metrics := echo.WrapHandler(promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}))
	return []Route{
		{http.MethodGet, "/healthz", Public, s.healthz},
		{http.MethodGet, "/readyz", Public, s.readyz},
		// TODO(#3): restrict /metrics to platform admins or a scrape token.
		{http.MethodGet, "/metrics", Public, metrics},
	}
}

// tenantRoutes answer only on a tenant's host, with the tenant resolved.
func (s *Server) tenantRoutes() []Route {
	return []Route{
		{http.MethodGet, "/api/v1/config/tenant", Public, s.getTenantConfig},
		{http.MethodGet, "/branding/logo", Public, s.getLogo},
		{http.MethodGet, "/branding/favicon", Public, s.getFavicon},
		{http.MethodGet, "/", Public, s.web.serve},
		{http.MethodGet, "/*", Public, s.web.serve},
	}
}

// Routes lists every route the server registers, for tests that check each
// one declares its access.
func (s *Server) Routes() []Route {
	return append(s.platformRoutes(), s.tenantRoutes()...)
}

func prefixToIPNet(p netip.Prefix) *net.IPNet {
	return &net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
}

func formatBytes(n int64) string {
	return fmt.Sprintf("%dB", n)
}
