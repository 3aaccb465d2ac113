package authz_test

import (
	"os"
	"testing"

	"mediaflow/infra/authz"
	"mediaflow/infra/dbtest"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func TestDefaultPolicies(t *testing.T) {
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			e, err := authz.New(dbtest.Migrated(t, driver))
			if err != nil {
				t.Fatal(err)
			}
			tenant := authz.TenantDomain(7)
			cases := []struct {
				role, domain, obj, act string
				want                   bool
			}{
				{"admin", tenant, "branding", "write", true},
				{"admin", tenant, "users", "write", true},
				{"admin", tenant, "platform", "read", false},
				{"editor", tenant, "branding", "write", false},
				{"editor", tenant, "messages", "write", true},
				{"editor", tenant, "announcements", "play", true},
				{"operator", tenant, "announcements", "play", true},
				{"operator", tenant, "messages", "write", false},
				{"viewer", tenant, "messages", "read", true},
				{"viewer", tenant, "messages", "write", false},
				{"viewer", tenant, "audit", "read", false},
				{"platform_admin", tenant, "branding", "write", true},
				{"platform_admin", "platform", "platform", "write", true},
				{"nobody", tenant, "messages", "read", false},
				{"", tenant, "messages", "read", false},
			}
			for _, tc := range cases {
				got, err := e.Allowed(tc.role, tc.domain, tc.obj, tc.act)
				if err != nil || got != tc.want {
					t.Errorf("%s may %s:%s = %v, %v; want %v", tc.role, tc.obj, tc.act, got, err, tc.want)
				}
			}
			perms, err := e.Permissions("viewer", tenant, [][2]string{{"messages", "read"}, {"branding", "write"}, {"library", "read"}})
			if err != nil || len(perms) != 2 || perms[0] != "library:read" || perms[1] != "messages:read" {
				t.Fatalf("viewer permissions = %v, %v", perms, err)
			}
		})
	}
}
