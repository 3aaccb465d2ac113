package database_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
	"mediaflow/tenants"
)

const benchTenants = 10_000

// seedTenants inserts n tenants with one host each, in batches.
func seedTenants(b *testing.B, db *gorm.DB, n int) {
	b.Helper()
	now := time.Now().UTC()
	type tenant struct {
		ID                                                                        uint64
		Slug, Name, Status, PrimaryColor, SecondaryColor, Theme, Locale, TimeZone string
		CreatedAt, UpdatedAt                                                      time.Time
	}
	type tenantHost struct {
		TenantID  uint64
		Host      string
		IsPrimary bool
		CreatedAt time.Time
	}
	rows := make([]tenant, 0, n)
	for i := 1; i <= n; i++ {
		rows = append(rows, tenant{ID: uint64(i), Slug: fmt.Sprintf("mall-%d", i), Name: fmt.Sprintf("Mall %d", i), Status: "active",
			PrimaryColor: "#E91E63", SecondaryColor: "#9C27B0", Theme: "light", Locale: "es-CL", TimeZone: "America/Santiago", CreatedAt: now, UpdatedAt: now})
	}
	if err := db.Table("tenants").CreateInBatches(rows, 500).Error; err != nil {
		b.Fatal(err)
	}
	hosts := make([]tenantHost, 0, n)
	for i := 1; i <= n; i++ {
		hosts = append(hosts, tenantHost{TenantID: uint64(i), Host: fmt.Sprintf("mall-%d.mediaflow.test", i), IsPrimary: true, CreatedAt: now})
	}
	if err := db.Table("tenant_hosts").CreateInBatches(hosts, 500).Error; err != nil {
		b.Fatal(err)
	}
}

// BenchmarkResolve measures host resolution with 10,000 tenants: from the
// cache, through the database after a miss, and for unknown hosts.
// Results are recorded in docs/benchmarks.md.
func BenchmarkResolve(b *testing.B) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		db := dbtest.Migrated(b, driver)
		seedTenants(b, db, benchTenants)
		store := database.NewTenantStore(db)
		host := func(i int) string { return fmt.Sprintf("mall-%d.mediaflow.test:8080", i%benchTenants+1) }

		b.Run(driver+"/cache_hit", func(b *testing.B) {
			r := tenants.NewResolver(store, tenants.ResolverOptions{})
			for i := 0; i < benchTenants; i++ {
				if _, err := r.Resolve(ctx, host(i)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					if _, err := r.Resolve(ctx, host(i*7919)); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		})
		b.Run(driver+"/cache_miss", func(b *testing.B) {
			r := tenants.NewResolver(store, tenants.ResolverOptions{TTL: time.Nanosecond})
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := r.Resolve(ctx, host(i*7919)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(driver+"/unknown_host_cached", func(b *testing.B) {
			r := tenants.NewResolver(store, tenants.ResolverOptions{})
			r.Resolve(ctx, "nobody.mediaflow.test")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := r.Resolve(ctx, "nobody.mediaflow.test"); err == nil {
					b.Fatal("unknown host resolved")
				}
			}
		})
	}
}
