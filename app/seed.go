package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"mediaflow/domain"
	"mediaflow/domain/accounts"
	"mediaflow/domain/audit"
	"mediaflow/tenants"
)

// demoTenants are created by `serve --demo` when absent.
var demoTenants = []tenants.CreateInput{
	{Slug: "demo", Name: "MediaFlow Demo", Host: "demo.localhost", PrimaryColor: "#4F46E5", SecondaryColor: "#7C3AED"},
	{Slug: "mallbarrio", Name: "Mall Barrio Independencia", Host: "mallbarrio.localhost", PrimaryColor: "#E91E63", SecondaryColor: "#9C27B0"},
}

// seedDemo creates the demo tenants when absent, each with an admin whose
// generated password is printed once to out.
func seedDemo(ctx context.Context, a *App, out io.Writer) error {
	ctx = audit.WithActor(ctx, audit.Actor{Label: "demo"})
	for _, in := range demoTenants {
		_, err := a.Tenants.Get(ctx, in.Slug)
		if err == nil {
			continue
		}
		if !errors.Is(err, domain.ErrNotFound) {
			return fmt.Errorf("seed demo tenant %s: %w", in.Slug, err)
		}
		t, err := a.Tenants.Create(ctx, in)
		if err != nil {
			return fmt.Errorf("seed demo tenant %s: %w", in.Slug, err)
		}
		url := fmt.Sprintf("http://%s:%d/", in.Host, a.Config.Port)
		a.Log.Info("demo tenant created", slog.String("tenant", in.Slug), slog.String("url", url))
		admin := accounts.NewMember{Email: "admin@" + in.Host, Name: "Admin " + in.Name, Role: string(accounts.RoleAdmin)}
		added, err := a.Accounts.AddMember(ctx, accounts.Realm{TenantID: t.ID, TenantSlug: t.Slug}, nil, admin, accounts.Client{})
		if err != nil {
			return fmt.Errorf("seed the admin of demo tenant %s: %w", in.Slug, err)
		}
		if out != nil && added.TemporaryPassword != "" {
			fmt.Fprintf(out, "Demo sign-in for %s → %s / %s (shown once)\n", url, admin.Email, added.TemporaryPassword)
		}
	}
	return nil
}

// seedLegacyTenant turns v2.1's TENANT_* variables into the first tenant of
// a fresh install. On an install that has tenants they are ignored, since
// branding now lives in the database.
func seedLegacyTenant(ctx context.Context, a *App) error {
	env := a.Config.LegacyTenant
	if len(env) == 0 {
		return nil
	}
	n, err := a.TenantStore.Count(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		a.Log.Warn("TENANT_* variables are set but no longer configure branding; edit the tenant instead (mediaflow tenant update)")
		return nil
	}
	in := tenants.CreateInput{
		Slug: or(env["TENANT_ID"], "demo"), Name: or(env["TENANT_NAME"], "MediaFlow"), Host: or(env["TENANT_DOMAIN"], "localhost"),
		PrimaryColor: env["TENANT_PRIMARY_COLOR"], SecondaryColor: env["TENANT_SECONDARY_COLOR"],
	}
	t, err := a.Tenants.Create(ctx, in)
	if err != nil {
		return fmt.Errorf("seed the first tenant from TENANT_* variables: %w", err)
	}
	a.Log.Info("seeded the first tenant from v2.1's TENANT_* variables; from now on they are ignored and branding lives in the database",
		slog.String("tenant", t.Slug), slog.String("host", t.PrimaryHost()))
	if env["TENANT_LOGO"] != "" || env["TENANT_FAVICON"] != "" {
		a.Log.Info("TENANT_LOGO and TENANT_FAVICON are not imported; upload the logo and favicon in the branding portal", slog.String("tenant", t.Slug))
	}
	return nil
}

func or(v, def string) string {
	if v != "" {
		return v
	}
	return def
}
