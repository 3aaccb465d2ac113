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
			for _, table := range []string{"tenants", "tenant_hosts", "platform_state", "users", "memberships", "casbin_rule", "audit_log", "voices", "sounds", "messages", "audio_settings", "players", "deliveries", "plays", "schedules", "schedule_runs", "stations"} {
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
			for _, table := range []string{"tenants", "tenant_hosts", "platform_state", "users", "memberships", "casbin_rule", "audit_log", "voices", "sounds", "messages", "audio_settings", "players", "deliveries", "plays", "schedules", "schedule_runs", "stations"} {
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

func TestCreateOnAir(t *testing.T) {
	ctx := context.Background()
	onAir := []string{"players", "deliveries", "plays", "schedules", "schedule_runs", "stations"}
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			db := dbtest.Open(t, driver)
			if err := migrations.UpTo(ctx, db, "202612030003_create_studio"); err != nil {
				t.Fatal(err)
			}
			if db.Migrator().HasTable("players") {
				t.Fatal("players exists before its migration")
			}
			if err := migrations.UpTo(ctx, db, "202612030004_create_on_air"); err != nil {
				t.Fatal(err)
			}
			exec := func(sql string, args ...any) error { return db.Exec(sql, args...).Error }
			must := func(sql string, args ...any) {
				t.Helper()
				if err := exec(sql, args...); err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
			}
			id := func(sql string, args ...any) int64 {
				t.Helper()
				var v int64
				if err := db.Raw(sql, args...).Row().Scan(&v); err != nil {
					t.Fatalf("%s: %v", sql, err)
				}
				return v
			}
			for _, slug := range []string{"a", "b"} {
				must("INSERT INTO tenants (slug, name, primary_color, secondary_color, created_at, updated_at) VALUES (?, 'x', '#000000', '#FFFFFF', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", slug)
			}
			a, b := id("SELECT id FROM tenants WHERE slug = 'a'"), id("SELECT id FROM tenants WHERE slug = 'b'")
			player := "INSERT INTO players (tenant_id, name, credential_hash, created_at, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"

			t.Run("player names are unique per tenant and unpaired players may be many", func(t *testing.T) {
				must(player, a, "Hall", nil)
				must(player, a, "Patio", nil)
				must(player, b, "Hall", nil)
				if err := exec(player, a, "Hall", nil); err == nil {
					t.Fatal("a second player named Hall in tenant a was accepted")
				}
				var volume, duck int
				var music string
				var enabled bool
				row := db.Raw("SELECT volume, duck_db, music_ids, music_enabled FROM players WHERE tenant_id = ? AND name = 'Hall'", a).Row()
				if err := row.Scan(&volume, &duck, &music, &enabled); err != nil || volume != 80 || duck != -18 || music != "[]" || !enabled {
					t.Fatalf("defaults = %d %d %q %v, %v", volume, duck, music, enabled, err)
				}
			})

			t.Run("a credential opens one player only", func(t *testing.T) {
				must(player, a, "Food court", "h1")
				if err := exec(player, b, "Food court", "h1"); err == nil {
					t.Fatal("the same credential hash was stored twice")
				}
			})

			msg := "INSERT INTO messages (tenant_id, text, status, created_at, updated_at) VALUES (?, 'hola', 'ready', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
			must(msg, a)
			m := id("SELECT MAX(id) FROM messages")
			must("INSERT INTO schedules (tenant_id, message_id, kind, rule, next_run_at, created_at, updated_at) VALUES (?, ?, 'once', '{}', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", a, m)
			sc := id("SELECT id FROM schedules")
			run := "INSERT INTO schedule_runs (tenant_id, schedule_id, occurrence_at, outcome, created_at) VALUES (?, ?, '2026-12-24 21:30:00+00:00', 'fired', CURRENT_TIMESTAMP)"

			t.Run("an occurrence runs once", func(t *testing.T) {
				must(run, a, sc)
				if err := exec(run, a, sc); err == nil {
					t.Fatal("a second run of the same occurrence was accepted")
				}
			})

			t.Run("deleting a message deletes its schedules and their runs", func(t *testing.T) {
				must("DELETE FROM messages WHERE id = ?", m)
				if n := id("SELECT COUNT(*) FROM schedules"); n != 0 {
					t.Fatalf("%d schedules left", n)
				}
				if n := id("SELECT COUNT(*) FROM schedule_runs"); n != 0 {
					t.Fatalf("%d runs left", n)
				}
			})

			t.Run("plays outlive their player and go with their tenant", func(t *testing.T) {
				must("INSERT INTO deliveries (tenant_id, message_id, priority, source, created_at) VALUES (?, 1, 4, 'manual', CURRENT_TIMESTAMP)", a)
				d := id("SELECT id FROM deliveries")
				p := id("SELECT id FROM players WHERE tenant_id = ? AND name = 'Hall'", a)
				play := "INSERT INTO plays (tenant_id, delivery_id, message_id, player_id, source, priority, status, requested_at) VALUES (?, ?, 1, ?, 'manual', 4, 'pending', CURRENT_TIMESTAMP)"
				must(play, a, d, p)
				must("DELETE FROM players WHERE id = ?", p)
				if n := id("SELECT COUNT(*) FROM plays"); n != 1 {
					t.Fatalf("deleting the player left %d plays, want 1", n)
				}
				if err := exec(play, a, d+100, p); err == nil {
					t.Fatal("a play of a missing delivery was accepted")
				}
				must("INSERT INTO stations (tenant_id, base_url, updated_at) VALUES (?, 'https://radio.example', CURRENT_TIMESTAMP)", a)
				if err := exec("INSERT INTO stations (tenant_id, base_url, updated_at) VALUES (?, 'https://other.example', CURRENT_TIMESTAMP)", a); err == nil {
					t.Fatal("a second station for tenant a was accepted")
				}
				must("DELETE FROM tenants WHERE id = ?", a)
				for _, table := range onAir {
					if n := id("SELECT COUNT(*) FROM "+table+" WHERE tenant_id = ?", a); n != 0 {
						t.Fatalf("%d rows of the deleted tenant left in %s", n, table)
					}
				}
				if n := id("SELECT COUNT(*) FROM players WHERE tenant_id = ?", b); n != 1 {
					t.Fatalf("tenant b has %d players, want 1", n)
				}
			})

			t.Run("rolling back drops the tables and keeps the studio", func(t *testing.T) {
				if got, err := migrations.Down(ctx, db); got != "202612030004_create_on_air" || err != nil {
					t.Fatalf("down = %q, %v", got, err)
				}
				for _, table := range onAir {
					if db.Migrator().HasTable(table) {
						t.Fatalf("table %s still there after down", table)
					}
				}
				if !db.Migrator().HasTable("messages") {
					t.Fatal("rolling back on air dropped the studio's messages")
				}
			})
		})
	}
}
