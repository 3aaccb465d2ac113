package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"mediaflow/app/config"
	"mediaflow/migrations"
	"mediaflow/tenants"
)

func openTestApp(t *testing.T, vars map[string]string) (*App, *bytes.Buffer) {
	t.Helper()
	vars["DATA_DIR"] = t.TempDir()
	cfg, err := config.FromLookup(func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	if err := migrations.Up(context.Background(), a.DB); err != nil {
		t.Fatal(err)
	}
	return a, &logs
}

func TestLegacyTenantVariables(t *testing.T) {
	ctx := context.Background()
	legacy := map[string]string{
		"TENANT_ID": "mbi", "TENANT_NAME": "Mall Barrio Independencia", "TENANT_DOMAIN": "mbi.mediaflow.cl",
		"TENANT_PRIMARY_COLOR": "#e91e63", "TENANT_SECONDARY_COLOR": "#9C27B0", "TENANT_LOGO": "/tenants/mbi/logo.png",
	}

	t.Run("a fresh install seeds its first tenant from them and says so", func(t *testing.T) {
		a, logs := openTestApp(t, legacy)
		if err := seedLegacyTenant(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, err := a.Tenants.Get(ctx, "mbi")
		if err != nil || got.Name != "Mall Barrio Independencia" || got.PrimaryHost() != "mbi.mediaflow.cl" || got.PrimaryColor != "#E91E63" {
			t.Fatalf("seeded %+v, %v", got, err)
		}
		mustContain(t, logs.String(), "seeded the first tenant from v2.1's TENANT_* variables", "TENANT_LOGO and TENANT_FAVICON are not imported")

		t.Run("a second start leaves the tenant alone and warns", func(t *testing.T) {
			name := "Renamed in the database"
			a.Tenants.Update(ctx, "mbi", tenants.Patch{Name: &name})
			logs.Reset()
			if err := seedLegacyTenant(ctx, a); err != nil {
				t.Fatal(err)
			}
			got, _ := a.Tenants.Get(ctx, "mbi")
			if got.Name != name {
				t.Fatalf("the variables overwrote the tenant: %q", got.Name)
			}
			mustContain(t, logs.String(), "no longer configure branding")
		})
	})

	t.Run("invalid variables stop start-up with the field named", func(t *testing.T) {
		a, _ := openTestApp(t, map[string]string{"TENANT_ID": "mbi", "TENANT_PRIMARY_COLOR": "blue"})
		err := seedLegacyTenant(ctx, a)
		if err == nil || !strings.Contains(err.Error(), "TENANT_*") {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("without the variables nothing is seeded", func(t *testing.T) {
		a, _ := openTestApp(t, map[string]string{})
		if err := seedLegacyTenant(ctx, a); err != nil {
			t.Fatal(err)
		}
		if n, _ := a.TenantStore.Count(ctx); n != 0 {
			t.Fatalf("%d tenants seeded", n)
		}
	})
}

func TestDemoSeedIsIdempotent(t *testing.T) {
	ctx := context.Background()
	a, _ := openTestApp(t, map[string]string{})
	for i := 0; i < 2; i++ {
		if err := seedDemo(ctx, a, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := a.Tenants.List(ctx)
	if len(list) != 2 || list[0].PrimaryHost() != "demo.localhost" || list[1].PrimaryHost() != "mallbarrio.localhost" {
		t.Fatalf("demo tenants: %+v", list)
	}
}
