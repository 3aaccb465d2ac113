package tenants

import (
	"github.com/labstack/echo/v4"
)

// echoKey is where the middleware keeps the request's tenant.
const echoKey = "mediaflow.tenant"

// Current returns the tenant resolved for the request. It panics when the
// route was registered outside the tenant middleware: that is a wiring bug,
// and serving such a request without a tenant would be worse.
func Current(c echo.Context) *Tenant {
	t, ok := Resolved(c)
	if !ok {
		panic("tenants.Current called on a route without the tenant middleware: " + c.Path())
	}
	return t
}

// Resolved returns the tenant resolved for the request, if any.
func Resolved(c echo.Context) (*Tenant, bool) {
	t, ok := c.Get(echoKey).(*Tenant)
	return t, ok && t != nil
}
