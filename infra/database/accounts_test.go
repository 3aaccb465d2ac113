package database_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"mediaflow/domain"
	"mediaflow/domain/accounts"
	"mediaflow/domain/audit"
	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
	"mediaflow/tenants"
)

func TestAccountStore(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			db := dbtest.Migrated(t, driver)
			svc := tenants.NewService(tenants.ServiceDeps{Store: database.NewTenantStore(db)})
			a, _ := svc.Create(ctx, tenants.CreateInput{Slug: "a", Name: "A", Host: "a.test"})
			b, _ := svc.Create(ctx, tenants.CreateInput{Slug: "b", Name: "B", Host: "b.test"})
			s := database.NewAccountStore(db)

			u := &accounts.User{Email: "ana@mall.cl", Name: "Ana", PasswordHash: "x"}
			if err := s.CreateUser(ctx, u); err != nil || u.ID == 0 {
				t.Fatal(err)
			}
			if err := s.CreateUser(ctx, &accounts.User{Email: "ana@mall.cl", PasswordHash: "y"}); err == nil {
				t.Fatal("a second user with the same email was stored")
			}
			for _, m := range []accounts.Membership{{TenantID: a.ID, UserID: u.ID, Role: accounts.RoleAdmin}, {TenantID: b.ID, UserID: u.ID, Role: accounts.RoleViewer}} {
				if err := s.CreateMembership(ctx, &m); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.CreateMembership(ctx, &accounts.Membership{TenantID: a.ID, UserID: u.ID, Role: accounts.RoleEditor}); !errors.Is(err, domain.ErrConflict) {
				t.Fatalf("duplicate membership: %v", err)
			}

			t.Run("one person holds a different role in each tenant", func(t *testing.T) {
				ma, _ := s.Member(ctx, a.ID, u.ID)
				mb, _ := s.Member(ctx, b.ID, u.ID)
				if ma.Membership.Role != accounts.RoleAdmin || mb.Membership.Role != accounts.RoleViewer || ma.User.Email != "ana@mall.cl" || mb.User.Name != "Ana" {
					t.Fatalf("a: %+v b: %+v", ma, mb)
				}
				list, _ := s.Members(ctx, a.ID)
				if len(list) != 1 || list[0].User.ID != u.ID {
					t.Fatalf("members %+v", list)
				}
				if n, _ := s.CountActiveAdmins(ctx, b.ID); n != 0 {
					t.Fatalf("tenant b has %d admins", n)
				}
				if _, err := s.Member(ctx, b.ID+100, u.ID); !errors.Is(err, domain.ErrNotFound) {
					t.Fatalf("member of a missing tenant: %v", err)
				}
			})

			t.Run("a refresh token is revoked once only", func(t *testing.T) {
				rt := &accounts.RefreshToken{TenantID: a.ID, UserID: u.ID, FamilyID: "fam", TokenHash: "h1", ExpiresAt: time.Now().Add(time.Hour)}
				if err := s.CreateRefreshToken(ctx, rt); err != nil {
					t.Fatal(err)
				}
				first, _ := s.RevokeRefreshToken(ctx, rt.ID, time.Now())
				second, _ := s.RevokeRefreshToken(ctx, rt.ID, time.Now())
				if !first || second {
					t.Fatalf("revoked %v then %v", first, second)
				}
				platform := &accounts.RefreshToken{UserID: u.ID, FamilyID: "p", TokenHash: "h2", ExpiresAt: time.Now().Add(time.Hour)}
				s.CreateRefreshToken(ctx, platform)
				s.RevokeRefreshTokens(ctx, a.ID, 0, time.Now())
				got, _ := s.RefreshTokenByHash(ctx, "h2")
				if got.RevokedAt != nil || got.TenantID != 0 {
					t.Fatalf("revoking tenant a's tokens touched the platform's: %+v", got)
				}
			})

			t.Run("API keys stay in their tenant", func(t *testing.T) {
				k := &accounts.APIKey{TenantID: a.ID, Name: "bot", Role: accounts.RoleEditor, Prefix: "mfk_abcd", KeyHash: "kh"}
				if err := s.CreateAPIKey(ctx, k); err != nil {
					t.Fatal(err)
				}
				if err := s.RevokeAPIKey(ctx, b.ID, k.ID, time.Now()); !errors.Is(err, domain.ErrNotFound) {
					t.Fatalf("revoking from another tenant: %v", err)
				}
				if keys, _ := s.APIKeys(ctx, b.ID); len(keys) != 0 {
					t.Fatalf("tenant b sees %d keys", len(keys))
				}
			})

			t.Run("the audit log filters by tenant, action, actor and date", func(t *testing.T) {
				as := database.NewAuditStore(db)
				day := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
				for _, e := range []audit.Entry{
					{TenantID: a.ID, At: day, Actor: "ana@mall.cl", Action: "auth.login"},
					{TenantID: a.ID, At: day.Add(24 * time.Hour), Actor: "BOB@mall.cl", Action: "branding.updated", Details: map[string]string{"name": "A2"}},
					{TenantID: b.ID, At: day, Actor: "ana@mall.cl", Action: "auth.login"},
					{At: day, Actor: "cli", Action: "tenant.created"},
				} {
					if err := as.AddAudit(ctx, e); err != nil {
						t.Fatal(err)
					}
				}
				cases := []struct {
					name string
					f    audit.Filter
					want int64
				}{
					{"one tenant", audit.Filter{TenantID: a.ID}, 2},
					{"platform entries", audit.Filter{}, 1},
					{"all tenants", audit.Filter{AllTenants: true}, 4},
					{"by action", audit.Filter{TenantID: a.ID, Action: "branding.updated"}, 1},
					{"by actor, ignoring case", audit.Filter{AllTenants: true, Actor: "bob"}, 1},
					{"a percent sign in the actor filter is dropped", audit.Filter{AllTenants: true, Actor: "%"}, 4},
					{"from a date", audit.Filter{TenantID: a.ID, From: day.Add(time.Hour)}, 1},
					{"to a date", audit.Filter{TenantID: a.ID, To: day.Add(time.Hour)}, 1},
				}
				for _, tc := range cases {
					tc.f.Page, tc.f.PerPage = 1, 50
					entries, total, err := as.ListAudit(ctx, tc.f)
					if err != nil || total != tc.want || int64(len(entries)) != tc.want {
						t.Errorf("%s: %d entries, total %d, %v; want %d", tc.name, len(entries), total, err, tc.want)
					}
				}
				entries, _, _ := as.ListAudit(ctx, audit.Filter{TenantID: a.ID, Page: 1, PerPage: 1})
				if len(entries) != 1 || entries[0].Action != "branding.updated" || entries[0].Details["name"] != "A2" || entries[0].TenantSlug != "a" {
					t.Fatalf("newest first with details: %+v", entries)
				}
			})
		})
	}
}
