package app

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
	"mediaflow/domain/accounts"
	"mediaflow/tenants"
)

const (
	active    = tenants.StatusActive
	suspended = tenants.StatusSuspended
)

type hostJSON struct {
	Host    string `json:"host"`
	Primary bool   `json:"primary"`
}

type platformTenantJSON struct {
	ID             uint64     `json:"id"`
	Slug           string     `json:"slug"`
	Name           string     `json:"name"`
	Status         string     `json:"status"`
	PrimaryColor   string     `json:"primary_color"`
	SecondaryColor string     `json:"secondary_color"`
	Theme          string     `json:"theme"`
	Locale         string     `json:"locale"`
	Timezone       string     `json:"timezone"`
	Hosts          []hostJSON `json:"hosts"`
	Users          int        `json:"users"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func (s *Server) toPlatformTenant(c echo.Context, t *tenants.Tenant) (platformTenantJSON, error) {
	members, err := s.deps.Accounts.Members(c.Request().Context(), accounts.Realm{TenantID: t.ID, TenantSlug: t.Slug})
	if err != nil {
		return platformTenantJSON{}, err
	}
	out := platformTenantJSON{ID: t.ID, Slug: t.Slug, Name: t.Name, Status: string(t.Status), PrimaryColor: t.PrimaryColor,
		SecondaryColor: t.SecondaryColor, Theme: t.Theme, Locale: t.Locale, Timezone: t.TimeZone, Hosts: []hostJSON{},
		Users: len(members), CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
	for _, h := range t.Hosts {
		out.Hosts = append(out.Hosts, hostJSON{Host: h.Name, Primary: h.Primary})
	}
	return out, nil
}

func (s *Server) sendPlatformTenant(c echo.Context, status int, t *tenants.Tenant) error {
	out, err := s.toPlatformTenant(c, t)
	if err != nil {
		return err
	}
	return c.JSON(status, out)
}

func (s *Server) consoleTenants(c echo.Context) error {
	list, err := s.deps.Tenants.List(c.Request().Context())
	if err != nil {
		return err
	}
	items := make([]platformTenantJSON, 0, len(list))
	for i := range list {
		t, err := s.toPlatformTenant(c, &list[i])
		if err != nil {
			return err
		}
		items = append(items, t)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

// consoleCreateTenant creates a tenant with its first admin. Everything is
// validated before anything is written.
func (s *Server) consoleCreateTenant(c echo.Context) error {
	var in struct {
		Slug           string `json:"slug"`
		Name           string `json:"name"`
		Host           string `json:"host"`
		PrimaryColor   string `json:"primary_color"`
		SecondaryColor string `json:"secondary_color"`
		Theme          string `json:"theme"`
		Timezone       string `json:"timezone"`
		Locale         string `json:"locale"`
		AdminEmail     string `json:"admin_email"`
		AdminName      string `json:"admin_name"`
		AdminPassword  string `json:"admin_password"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	admin := accounts.NewMember{Email: in.AdminEmail, Name: in.AdminName, Role: string(accounts.RoleAdmin), Password: in.AdminPassword}
	if err := accounts.CheckNewMember(admin); err != nil {
		var de *domain.Error
		if errors.As(err, &de) {
			details := map[string]string{}
			for k, v := range de.Details {
				details["admin_"+k] = v
			}
			return &domain.Error{Kind: de.Kind, Code: de.Code, Message: de.Message, Details: details}
		}
		return err
	}
	ctx := c.Request().Context()
	t, err := s.deps.Tenants.Create(ctx, tenants.CreateInput{Slug: in.Slug, Name: in.Name, Host: in.Host, PrimaryColor: in.PrimaryColor,
		SecondaryColor: in.SecondaryColor, Theme: in.Theme, Locale: in.Locale, TimeZone: in.Timezone})
	if err != nil {
		return err
	}
	added, err := s.deps.Accounts.AddMember(ctx, accounts.Realm{TenantID: t.ID, TenantSlug: t.Slug}, principal(c), admin, clientOf(c))
	if err != nil {
		return err
	}
	if s.deps.Provision != nil {
		if err := s.deps.Provision(ctx, t); err != nil {
			s.log.Error("provision new tenant", slog.String("tenant", t.Slug), slog.String("error", err.Error()))
		}
	}
	pt, err := s.toPlatformTenant(c, t)
	if err != nil {
		return err
	}
	out := map[string]any{"tenant": pt, "admin": toMemberJSON(added.Member)}
	if added.TemporaryPassword != "" {
		out["temporary_password"] = added.TemporaryPassword
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) consoleTenant(c echo.Context) error {
	t, err := s.deps.Tenants.Get(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return s.sendPlatformTenant(c, http.StatusOK, t)
}

func (s *Server) consoleUpdateTenant(c echo.Context) error {
	var in brandingPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.deps.Tenants.Update(c.Request().Context(), c.Param("slug"), in.toPatch())
	if err != nil {
		return err
	}
	return s.sendPlatformTenant(c, http.StatusOK, t)
}

func (s *Server) consoleSetStatus(status tenants.Status) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, err := s.deps.Tenants.SetStatus(c.Request().Context(), c.Param("slug"), status)
		if err != nil {
			return err
		}
		return s.sendPlatformTenant(c, http.StatusOK, t)
	}
}

func (s *Server) consoleAddHost(c echo.Context) error {
	var in struct {
		Host    string `json:"host"`
		Primary bool   `json:"primary"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.deps.Tenants.AddHost(c.Request().Context(), c.Param("slug"), in.Host, in.Primary)
	if err != nil {
		return err
	}
	return s.sendPlatformTenant(c, http.StatusOK, t)
}

func hostParam(c echo.Context) string {
	h, err := url.PathUnescape(c.Param("host"))
	if err != nil {
		return c.Param("host")
	}
	return h
}

func (s *Server) consoleRemoveHost(c echo.Context) error {
	t, err := s.deps.Tenants.RemoveHost(c.Request().Context(), c.Param("slug"), hostParam(c))
	if err != nil {
		return err
	}
	return s.sendPlatformTenant(c, http.StatusOK, t)
}

func (s *Server) consolePrimaryHost(c echo.Context) error {
	t, err := s.deps.Tenants.Get(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	host, err := tenants.NormalizeHost(hostParam(c))
	found := false
	for _, h := range t.Hosts {
		found = found || h.Name == host
	}
	if err != nil || !found {
		return domain.NotFound("host_not_found", "the tenant has no such host")
	}
	if t, err = s.deps.Tenants.AddHost(c.Request().Context(), t.Slug, host, true); err != nil {
		return err
	}
	return s.sendPlatformTenant(c, http.StatusOK, t)
}

func (s *Server) consoleTenantUsers(c echo.Context) error {
	t, err := s.deps.Tenants.Get(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	list, err := s.deps.Accounts.Members(c.Request().Context(), accounts.Realm{TenantID: t.ID, TenantSlug: t.Slug})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMembersJSON(list))
}

func (s *Server) consoleAudit(c echo.Context) error {
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	f.AllTenants = true
	if slug := c.QueryParam("tenant"); slug != "" {
		t, err := s.deps.Tenants.Get(c.Request().Context(), slug)
		if err != nil {
			return err
		}
		f.AllTenants, f.TenantID = false, t.ID
	}
	return s.sendAudit(c, f)
}
