package tenants

import (
	"context"

	"github.com/labstack/echo/v4"
)

type ctxKey struct{}

// WithTenant returns a context that carries t.
func WithTenant(ctx context.Context, t *Tenant) context.Context {
	return context.WithValue(ctx, ctxKey{}, t)
}

// FromContext returns the tenant carried by ctx, if any.
func FromContext(ctx context.Context) (*Tenant, bool) {
	t, ok := ctx.Value(ctxKey{}).(*Tenant)
	return t, ok && t != nil
}

// Current returns the tenant resolved for the request. It panics when the
// route was registered outside the tenant middleware: that is a wiring bug,
// and serving such a request without a tenant would be worse.
func Current(c echo.Context) *Tenant {
	t, ok := FromContext(c.Request().Context())
	if !ok {
		panic("tenants.Current called on a route without the tenant middleware: " + c.Path())
	}
	return t
}
