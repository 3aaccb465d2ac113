// Package tenants owns the tenant model, its validation, the host-based
// resolution of the tenant behind each request, and the tenant's branding.
package tenants

import (
	"context"
	"regexp"
	"strings"
	"time"

	"mediaflow/domain"
)

// Status says whether a tenant is served.
type Status string

// Tenant statuses.
const (
	StatusActive    Status = "active"
	StatusSuspended Status = "suspended"
)

// Themes a tenant can choose.
const (
	ThemeLight = "light"
	ThemeDark  = "dark"
)

// Defaults for a new tenant.
const (
	DefaultLocale         = "es-CL"
	DefaultTimeZone       = "America/Santiago"
	DefaultPrimaryColor   = "#4F46E5"
	DefaultSecondaryColor = "#7C3AED"
)

// Locales the user interface is translated to.
var Locales = []string{"es-CL", "en"}

// Tenant is one mall (or chain) served by the platform. Values handed out by
// the resolver are shared snapshots: treat them as read-only.
type Tenant struct {
	ID             uint64
	Slug           string
	Name           string
	Status         Status
	LogoKey        string // storage key of an uploaded logo; empty means the bundled default
	FaviconKey     string // storage key of an uploaded favicon; empty means the bundled default
	PrimaryColor   string
	SecondaryColor string
	Theme          string
	Locale         string
	TimeZone       string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Hosts          []Host
}

// Host is a host name that reaches a tenant.
type Host struct {
	Name    string
	Primary bool
}

// PrimaryHost returns the tenant's primary host name, or the first one when
// none is marked primary.
func (t *Tenant) PrimaryHost() string {
	for _, h := range t.Hosts {
		if h.Primary {
			return h.Name
		}
	}
	if len(t.Hosts) > 0 {
		return t.Hosts[0].Name
	}
	return ""
}

// Store persists tenants and their hosts. Every mutation also advances the
// platform's tenant change counter in the same transaction, so replicas
// without a message bus still notice the change.
type Store interface {
	FindByHost(ctx context.Context, host string) (*Tenant, error)
	FindBySlug(ctx context.Context, slug string) (*Tenant, error)
	List(ctx context.Context) ([]Tenant, error)
	Count(ctx context.Context) (int64, error)
	Create(ctx context.Context, t *Tenant) error
	Update(ctx context.Context, t *Tenant) error
	AddHost(ctx context.Context, tenantID uint64, host string, primary bool) error
	RemoveHost(ctx context.Context, tenantID uint64, host string) error
	ChangeVersion(ctx context.Context) (int64, error)
}

var (
	slugPattern  = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$`)
	colorPattern = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)
)

// ErrTenantNotFound is the error for a tenant that does not exist.
func ErrTenantNotFound() error {
	return domain.NotFound("tenant_not_found", "no tenant is served at this address")
}

// Validate checks every field of t and returns one invalid-argument error
// listing each field that is wrong. It normalises colours to upper case.
func (t *Tenant) Validate() error {
	details := map[string]string{}
	if !slugPattern.MatchString(t.Slug) {
		details["slug"] = "use 1 to 40 lower-case letters, digits or hyphens, starting and ending with a letter or digit"
	}
	if n := len([]rune(strings.TrimSpace(t.Name))); n == 0 || n > 120 {
		details["name"] = "must have 1 to 120 characters"
	}
	if t.Status != StatusActive && t.Status != StatusSuspended {
		details["status"] = "must be active or suspended"
	}
	for field, c := range map[string]*string{"primary_color": &t.PrimaryColor, "secondary_color": &t.SecondaryColor} {
		if !colorPattern.MatchString(*c) {
			details[field] = "must be a colour like #E91E63"
		}
		*c = strings.ToUpper(*c)
	}
	if t.Theme != ThemeLight && t.Theme != ThemeDark {
		details["theme"] = "must be light or dark"
	}
	if !validLocale(t.Locale) {
		details["locale"] = "must be one of " + strings.Join(Locales, ", ")
	}
	if _, err := time.LoadLocation(t.TimeZone); err != nil || t.TimeZone == "" || t.TimeZone == "Local" {
		details["timezone"] = "must be an IANA time zone such as America/Santiago"
	}
	if len(details) > 0 {
		return domain.Invalid("invalid_tenant", "the tenant has invalid fields", details)
	}
	return nil
}

func validLocale(l string) bool {
	for _, v := range Locales {
		if l == v {
			return true
		}
	}
	return false
}
