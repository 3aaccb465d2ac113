package migrations_test

import (
	"context"
	"os"
	"testing"

	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
	"mediaflow/migrations"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func TestUpDownUp(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			db := dbtest.Open(t, driver)
			pending, err := migrations.Pending(ctx, db)
			if err != nil || len(pending) != len(migrations.All()) {
				t.Fatalf("a new database should have every migration pending, got %v, %v", pending, err)
			}
			if err := migrations.Up(ctx, db); err != nil {
				t.Fatal(err)
			}
			for _, table := range []string{"tenants", "tenant_hosts", "platform_state", "users", "memberships", "casbin_rule", "audit_log", "voices", "sounds", "messages", "audio_settings"} {
				if !db.Migrator().HasTable(table) {
					t.Fatalf("table %s missing after up", table)
				}
			}
			if pending, _ := migrations.Pending(ctx, db); len(pending) != 0 {
				t.Fatalf("pending after up: %v", pending)
			}
			for range migrations.All() {
				if _, err := migrations.Down(ctx, db); err != nil {
					t.Fatal(err)
				}
			}
			if id, err := migrations.Down(ctx, db); id != "" || err != nil {
				t.Fatalf("down on an empty schema = %q, %v; want nothing", id, err)
			}
			for _, table := range []string{"tenants", "tenant_hosts", "platform_state", "users", "memberships", "casbin_rule", "audit_log", "voices", "sounds", "messages", "audio_settings"} {
				if db.Migrator().HasTable(table) {
					t.Fatalf("table %s still there after down", table)
				}
			}
			if err := migrations.Up(ctx, db); err != nil {
				t.Fatalf("up again: %v", err)
			}
			if pending, _ := migrations.Pending(ctx, db); len(pending) != 0 {
				t.Fatalf("pending after up again: %v", pending)
			}
		})
	}
}

func TestCreateTenants(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			db := dbtest.Open(t, driver)
			if err := migrations.UpTo(ctx, db, "202612030001_create_tenants"); err != nil {
				t.Fatal(err)
			}
			var version int64
			if err := db.Table("platform_state").Where("id = 1").Pluck("tenant_version", &version).Error; err != nil || version != 0 {
				t.Fatalf("the change counter row should start at 0, got %d, %v", version, err)
			}
			insert := func(slug string) error {
				return db.Exec("INSERT INTO tenants (slug, name, primary_color, secondary_color, created_at, updated_at) VALUES (?, 'x', '#000000', '#FFFFFF', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", slug).Error
			}
			if err := insert("a"); err != nil {
				t.Fatal(err)
			}
			if err := insert("a"); err == nil {
				t.Fatal("a second tenant with the same slug was accepted")
			}
			var status, locale, tz string
			row := db.Raw("SELECT status, locale, time_zone FROM tenants WHERE slug = 'a'").Row()
			if err := row.Scan(&status, &locale, &tz); err != nil || status != "active" || locale != "es-CL" || tz != "America/Santiago" {
				t.Fatalf("defaults = %q %q %q, %v", status, locale, tz, err)
			}
			var id int64
			db.Raw("SELECT id FROM tenants WHERE slug = 'a'").Row().Scan(&id)
			host := "INSERT INTO tenant_hosts (tenant_id, host, is_primary, created_at) VALUES (?, 'a.example', true, CURRENT_TIMESTAMP)"
			if err := db.Exec(host, id).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Exec(host, id).Error; err == nil {
				t.Fatal("the same host was accepted twice")
			}
			if err := db.Exec("INSERT INTO tenant_hosts (tenant_id, host, is_primary, created_at) VALUES (9999, 'b.example', true, CURRENT_TIMESTAMP)").Error; err == nil {
				t.Fatal("a host of a missing tenant was accepted")
			}
		})
	}
}

func TestConcurrentUpOnPostgres(t *testing.T) {
	ctx := context.Background()
	opts := dbtest.Options(t, "postgres")
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			db, err := database.Open(ctx, opts)
			if err != nil {
				errs <- err
				return
			}
			defer database.Close(db)
			errs <- migrations.Up(ctx, db)
		}()
	}
	for i := 0; i < 3; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("a replica failed to migrate while others did: %v", err)
		}
	}
}
