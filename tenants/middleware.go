package tenants

import (
	"net"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
)

// MiddlewareOptions configures host resolution for requests.
type MiddlewareOptions struct {
	// TrustedProxies are the peers whose X-Forwarded-Host is believed.
	TrustedProxies []netip.Prefix
	// PlatformHost is reserved for the platform console; requests to it get
	// the Platform pseudo-tenant (ID 0) instead of a tenant.
	PlatformHost string
}

// ErrSuspended is the error for a request to a suspended tenant.
func ErrSuspended() error {
	return domain.Forbidden("tenant_suspended", "this site is suspended; contact the platform operator")
}

// Middleware resolves the tenant from the request's host and puts it in the
// request context. Unknown hosts and suspended tenants end the request with
// an error that the HTTP error handler renders.
func Middleware(r *Resolver, opts MiddlewareOptions) echo.MiddlewareFunc {
	platform, _ := NormalizeHost(opts.PlatformHost)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			raw := RequestHost(c, opts.TrustedProxies)
			if platform != "" {
				if h, err := NormalizeHost(raw); err == nil && h == platform {
					c.Set(echoKey, Platform)
					return next(c)
				}
			}
			t, err := r.Resolve(c.Request().Context(), raw)
			if err != nil {
				return err
			}
			if t.Status != StatusActive {
				return ErrSuspended()
			}
			c.Set(echoKey, t)
			return next(c)
		}
	}
}

// RequestHost returns the host the client asked for: the Host header, or the
// first X-Forwarded-Host when the peer is a trusted proxy.
func RequestHost(c echo.Context, trusted []netip.Prefix) string {
	req := c.Request()
	fwd := req.Header.Get("X-Forwarded-Host")
	if fwd == "" || len(trusted) == 0 {
		return req.Host
	}
	peer, _, err := net.SplitHostPort(req.RemoteAddr)
	if err != nil {
		peer = req.RemoteAddr
	}
	addr, err := netip.ParseAddr(peer)
	if err != nil {
		return req.Host
	}
	addr = addr.Unmap()
	for _, p := range trusted {
		if p.Contains(addr) {
			first, _, _ := strings.Cut(fwd, ",")
			return strings.TrimSpace(first)
		}
	}
	return req.Host
}
