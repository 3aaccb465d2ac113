package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"mediaflow/domain/players"
	"mediaflow/domain/schedules"
	"mediaflow/domain/studio"
	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
)

// TestSchedulesFireOnceAcrossReplicas runs three servers on one PostgreSQL
// database and makes fifty schedules due at the same instant: each must
// play exactly once, counted in the proof of play, and none may be skipped.
func TestSchedulesFireOnceAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.Options(t, "postgres").DSN
	env := []string{"APP_ENV=test", "DATA_DIR=" + t.TempDir(), "DATABASE_URL=" + dsn, "SCHEDULER_POLL=50ms", "LOG_LEVEL=info"}
	runBinary(t, env, "migrate", "up")
	runBinary(t, env, "tenant", "create", "--slug", "mallbarrio", "--name", "Mall Barrio", "--host", "mallbarrio.localhost")
	for range 3 {
		startServe(t, env)
	}

	db, err := database.Open(ctx, database.Options{Driver: database.DriverPostgres, DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer database.Close(db)
	tenant, err := database.NewTenantStore(db).FindBySlug(ctx, "mallbarrio")
	if err != nil {
		t.Fatal(err)
	}
	playerStore := database.NewPlayerStore(db)
	for _, name := range []string{"Patio de comidas", "Acceso norte"} {
		p := players.NewPlayer(tenant.ID)
		p.Name, p.Zone = name, "Nivel 2"
		if err := playerStore.SavePlayer(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	msg := &studio.Message{TenantID: tenant.ID, Source: studio.SourceUpload, Text: "Aviso", Status: studio.StatusReady,
		AudioKey: fmt.Sprintf("tenants/%d/messages/aviso.mp3", tenant.ID), Saved: true, DisplayName: "Aviso"}
	if err := database.NewStudioStore(db).CreateMessage(ctx, msg); err != nil {
		t.Fatal(err)
	}

	// All fifty fall due at one instant, a moment after the servers are up,
	// so the three replicas race for every one of them.
	loc := mustZone(t, tenant.TimeZone)
	due := time.Now().Add(2 * time.Second).Truncate(time.Second).UTC()
	store := database.NewScheduleStore(db)
	ids := map[uint64]bool{}
	for i := range 50 {
		sc := &schedules.Schedule{TenantID: tenant.ID, MessageID: msg.ID, Name: fmt.Sprintf("Aviso %d", i), Priority: players.PriorityNormal,
			Rule:    schedules.Rule{Kind: schedules.KindOnce, At: due.In(loc).Format("2006-01-02T15:04")},
			Targets: players.Targets{Zones: []string{"Nivel 2"}}, NextRunAt: &due}
		if err := store.SaveSchedule(ctx, sc); err != nil {
			t.Fatal(err)
		}
		ids[sc.ID] = true
	}

	count := func(query string) int64 {
		var n int64
		if err := db.Raw(query, tenant.ID).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for count("SELECT count(*) FROM plays WHERE tenant_id = ? AND source = 'schedule'") < 100 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second) // a duplicate would come from a slower replica

	var perSchedule []struct {
		ScheduleID uint64
		Plays      int
		Players    int
	}
	err = db.Raw(`SELECT schedule_id, count(*) AS plays, count(DISTINCT player_id) AS players FROM plays
		WHERE tenant_id = ? AND source = 'schedule' GROUP BY schedule_id`, tenant.ID).Scan(&perSchedule).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(perSchedule) != 50 {
		t.Fatalf("%d of 50 schedules played", len(perSchedule))
	}
	for _, s := range perSchedule {
		if !ids[s.ScheduleID] || s.Plays != 2 || s.Players != 2 {
			t.Errorf("schedule %d: %d plays on %d players, want one play on each of 2", s.ScheduleID, s.Plays, s.Players)
		}
	}
	if runs := count("SELECT count(*) FROM schedule_runs WHERE tenant_id = ? AND outcome = 'fired'"); runs != 50 {
		t.Errorf("%d runs recorded as fired, want 50", runs)
	}
	if left := count("SELECT count(*) FROM schedules WHERE tenant_id = ? AND next_run_at IS NOT NULL"); left != 0 {
		t.Errorf("%d once-only schedules still have a next run", left)
	}
	var firedBy []string
	db.Raw("SELECT DISTINCT outcome FROM schedule_runs WHERE tenant_id = ?", tenant.ID).Scan(&firedBy)
	t.Logf("outcomes: %s", strings.Join(firedBy, ", "))
}
