package database_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"testing"

	"mediaflow/domain"
	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
	"mediaflow/tenants"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func newService(t *testing.T, driver string) (*tenants.Service, *database.TenantStore) {
	store := database.NewTenantStore(dbtest.Migrated(t, driver))
	return tenants.NewService(tenants.ServiceDeps{Store: store, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), ReservedHosts: []string{"admin.mediaflow.test"}}), store
}

func codeOf(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestResolveOnBothDatabases(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			svc, store := newService(t, driver)
			mall, err := svc.Create(ctx, tenants.CreateInput{Slug: "mallbarrio", Name: "Mall Barrio", Host: "MallBarrio.localhost"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.AddHost(ctx, "mallbarrio", "www.mallbarrio.cl", false); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Create(ctx, tenants.CreateInput{Slug: "other", Name: "Other", Host: "other.localhost"}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.SetStatus(ctx, "other", tenants.StatusSuspended); err != nil {
				t.Fatal(err)
			}
			r := tenants.NewResolver(store, tenants.ResolverOptions{})
			cases := []struct {
				name, host, slug string
				status           tenants.Status
				notFound         bool
			}{
				{"the primary host resolves", "mallbarrio.localhost:8080", "mallbarrio", tenants.StatusActive, false},
				{"an alias host resolves to the same tenant", "WWW.MALLBARRIO.CL.", "mallbarrio", tenants.StatusActive, false},
				{"an unknown host is not found", "nobody.localhost", "", "", true},
				{"a garbage host is not found", "not a host", "", "", true},
				{"a suspended tenant resolves with its status", "other.localhost", "other", tenants.StatusSuspended, false},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					got, err := r.Resolve(ctx, tc.host)
					if tc.notFound {
						if codeOf(err) != "tenant_not_found" {
							t.Fatalf("Resolve(%q) = %v, %v; want tenant_not_found", tc.host, got, err)
						}
						return
					}
					if err != nil || got.Slug != tc.slug || got.Status != tc.status {
						t.Fatalf("Resolve(%q) = %+v, %v", tc.host, got, err)
					}
				})
			}
			if got, _ := r.Resolve(ctx, "mallbarrio.localhost"); got.ID != mall.ID || got.PrimaryHost() != "mallbarrio.localhost" {
				t.Fatalf("resolved tenant %+v, want id %d with primary host mallbarrio.localhost", got, mall.ID)
			}
		})
	}
}

func TestTenantServiceRules(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			svc, store := newService(t, driver)
			v0, _ := store.ChangeVersion(ctx)
			if _, err := svc.Create(ctx, tenants.CreateInput{Slug: "a", Name: "A", Host: "a.localhost", PrimaryColor: "#e91e63"}); err != nil {
				t.Fatal(err)
			}
			if v1, _ := store.ChangeVersion(ctx); v1 != v0+1 {
				t.Fatalf("change counter went from %d to %d, want one step", v0, v1)
			}
			got, _ := svc.Get(ctx, "a")
			if got.PrimaryColor != "#E91E63" || got.Locale != "es-CL" || got.TimeZone != "America/Santiago" || got.Theme != "light" {
				t.Fatalf("defaults and normalised colour not applied: %+v", got)
			}

			bad := []struct {
				name string
				in   tenants.CreateInput
				code string
			}{
				{"a duplicate slug is a conflict", tenants.CreateInput{Slug: "a", Name: "A2", Host: "a2.localhost"}, "tenant_exists"},
				{"a host of another tenant is a conflict", tenants.CreateInput{Slug: "b", Name: "B", Host: "A.localhost:80"}, "host_taken"},
				{"an upper-case slug is invalid", tenants.CreateInput{Slug: "Bad", Name: "B", Host: "b.localhost"}, "invalid_tenant"},
				{"a short colour is invalid", tenants.CreateInput{Slug: "b", Name: "B", Host: "b.localhost", PrimaryColor: "#FFF"}, "invalid_tenant"},
				{"an unknown time zone is invalid", tenants.CreateInput{Slug: "b", Name: "B", Host: "b.localhost", TimeZone: "Mars/Olympus"}, "invalid_tenant"},
				{"an unknown locale is invalid", tenants.CreateInput{Slug: "b", Name: "B", Host: "b.localhost", Locale: "fr"}, "invalid_tenant"},
				{"a bad host is invalid", tenants.CreateInput{Slug: "b", Name: "B", Host: "b_/x"}, "invalid_tenant"},
				{"the platform host is reserved", tenants.CreateInput{Slug: "b", Name: "B", Host: "admin.mediaflow.test"}, "invalid_tenant"},
				{"an empty name is invalid", tenants.CreateInput{Slug: "b", Name: " ", Host: "b.localhost"}, "invalid_tenant"},
			}
			for _, tc := range bad {
				t.Run(tc.name, func(t *testing.T) {
					if _, err := svc.Create(ctx, tc.in); codeOf(err) != tc.code {
						t.Fatalf("Create = %v, want code %s", err, tc.code)
					}
				})
			}
			if n, _ := store.Count(ctx); n != 1 {
				t.Fatalf("refused creations left %d tenants, want 1", n)
			}

			t.Run("hosts: add, make primary, remove, keep the last one", func(t *testing.T) {
				if _, err := svc.AddHost(ctx, "a", "alias.localhost", true); err != nil {
					t.Fatal(err)
				}
				got, _ := svc.Get(ctx, "a")
				if got.PrimaryHost() != "alias.localhost" || len(got.Hosts) != 2 {
					t.Fatalf("hosts after add = %+v", got.Hosts)
				}
				if _, err := svc.RemoveHost(ctx, "a", "alias.localhost"); err != nil {
					t.Fatal(err)
				}
				got, _ = svc.Get(ctx, "a")
				if got.PrimaryHost() != "a.localhost" || len(got.Hosts) != 1 {
					t.Fatalf("removing the primary host should promote the other one: %+v", got.Hosts)
				}
				if _, err := svc.RemoveHost(ctx, "a", "a.localhost"); codeOf(err) != "last_host" {
					t.Fatalf("removing the last host = %v, want last_host", err)
				}
				if _, err := svc.RemoveHost(ctx, "a", "nope.localhost"); codeOf(err) != "host_not_found" {
					t.Fatalf("removing a foreign host = %v, want host_not_found", err)
				}
			})

			t.Run("an update validates before writing", func(t *testing.T) {
				bad := "red"
				if _, err := svc.Update(ctx, "a", tenants.Patch{PrimaryColor: &bad}); codeOf(err) != "invalid_tenant" {
					t.Fatalf("Update = %v, want invalid_tenant", err)
				}
				got, _ := svc.Get(ctx, "a")
				if got.PrimaryColor != "#E91E63" {
					t.Fatalf("a refused update changed the colour to %s", got.PrimaryColor)
				}
				name := "A renamed"
				if got, err := svc.Update(ctx, "a", tenants.Patch{Name: &name}); err != nil || got.Name != name {
					t.Fatalf("Update = %+v, %v", got, err)
				}
			})

			t.Run("an unknown slug is not found", func(t *testing.T) {
				if _, err := svc.SetStatus(ctx, "zzz", tenants.StatusSuspended); !errors.Is(err, domain.ErrNotFound) {
					t.Fatalf("SetStatus = %v, want not found", err)
				}
			})
		})
	}
}
