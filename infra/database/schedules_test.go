package database_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mediaflow/domain/players"
	"mediaflow/domain/schedules"
	"mediaflow/domain/studio"
	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
)

func weekly() schedules.Rule {
	return schedules.Rule{Kind: schedules.KindWeekly, Times: []string{"09:00", "18:30"}, Weekdays: []string{"mon", "sun"},
		StartDate: "2026-12-01", EndDate: "2026-12-31"}
}

// schedule stores a schedule of message whose next run is next.
func schedule(t *testing.T, s *database.ScheduleStore, tenantID, messageID uint64, next *time.Time, paused bool) *schedules.Schedule {
	t.Helper()
	sc := &schedules.Schedule{TenantID: tenantID, MessageID: messageID, Rule: weekly(), Priority: players.PriorityNormal,
		Targets: players.Targets{All: true}, Paused: paused, NextRunAt: next}
	if err := s.SaveSchedule(context.Background(), sc); err != nil {
		t.Fatal(err)
	}
	return sc
}

func at(t time.Time) *time.Time { return &t }

func TestScheduleStore(t *testing.T) {
	ctx := context.Background()
	long := strings.Repeat("Estimados clientes, ", 5) // 100 characters
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			s := database.NewScheduleStore(f.db)
			unsaved := f.message(t, f.a, long, "")
			saved := f.message(t, f.a, "Cerramos en 15 minutos", "Cierre")
			foreign := f.message(t, f.b, "Otro mall", "Otro")
			next := time.Date(2026, 12, 6, 12, 0, 0, 123456789, time.UTC)

			sc := &schedules.Schedule{TenantID: f.a, MessageID: unsaved, Name: "Mañana", Rule: weekly(), Priority: players.PriorityUrgent,
				Targets: players.Targets{Zones: []string{"Nivel 2"}}, NextRunAt: &next, CreatedBy: 42}
			if err := s.SaveSchedule(ctx, sc); err != nil {
				t.Fatal(err)
			}

			t.Run("a schedule reads back whole, with its message's name", func(t *testing.T) {
				if sc.ID == 0 || !sc.NextRunAt.Equal(next.Truncate(time.Second)) {
					t.Fatalf("saved = %+v", sc)
				}
				got, err := s.Schedule(ctx, f.a, sc.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Name != "Mañana" || got.MessageID != unsaved || got.Priority != 2 || got.CreatedBy != 42 || got.Paused ||
					got.Rule.Kind != schedules.KindWeekly || !slices.Equal(got.Rule.Times, []string{"09:00", "18:30"}) ||
					got.Rule.EndDate != "2026-12-31" || !slices.Equal(got.Targets.Zones, []string{"Nivel 2"}) ||
					got.NextRunAt == nil || !got.NextRunAt.Equal(next.Truncate(time.Second)) || got.LastRunAt != nil {
					t.Fatalf("schedule = %+v", got)
				}
				if got.MessageName != long[:60] {
					t.Fatalf("name of an unsaved message = %q, want its first 60 characters", got.MessageName)
				}
				var kind string
				f.db.Raw("SELECT kind FROM schedules WHERE id = ?", sc.ID).Row().Scan(&kind)
				if kind != "weekly" {
					t.Fatalf("kind column = %q", kind)
				}
				named := schedule(t, s, f.a, saved, nil, false)
				list, err := s.Schedules(ctx, f.a)
				if err != nil || len(list) != 2 || list[0].ID != sc.ID || list[1].ID != named.ID || list[1].MessageName != "Cierre" {
					t.Fatalf("schedules = %+v, %v", list, err)
				}
				s.DeleteSchedule(ctx, f.a, named.ID)
			})

			t.Run("an edit replaces the rule and the next run", func(t *testing.T) {
				edit := *sc
				edit.MessageID, edit.Paused, edit.NextRunAt = saved, true, nil
				edit.Rule = schedules.Rule{Kind: schedules.KindInterval, EveryMinutes: 30, WindowStart: "10:00", WindowEnd: "21:00"}
				if err := s.SaveSchedule(ctx, &edit); err != nil {
					t.Fatal(err)
				}
				got, _ := s.Schedule(ctx, f.a, sc.ID)
				if got.MessageID != saved || !got.Paused || got.NextRunAt != nil || got.Rule.EveryMinutes != 30 || got.CreatedBy != 42 {
					t.Fatalf("after edit = %+v", got)
				}
				if err := s.SaveSchedule(ctx, sc); err != nil { // back as it was
					t.Fatal(err)
				}
			})

			t.Run("another tenant cannot read, change or delete a schedule", func(t *testing.T) {
				if _, err := s.Schedule(ctx, f.b, sc.ID); !isNotFound(err, "schedule_not_found") {
					t.Fatalf("tenant b read it: %v", err)
				}
				if list, _ := s.Schedules(ctx, f.b); len(list) != 0 {
					t.Fatalf("tenant b lists %+v", list)
				}
				stolen := *sc
				stolen.TenantID, stolen.MessageID, stolen.Paused = f.b, foreign, true
				if err := s.SaveSchedule(ctx, &stolen); !isNotFound(err, "schedule_not_found") {
					t.Fatalf("tenant b changed it: %v", err)
				}
				if err := s.DeleteSchedule(ctx, f.b, sc.ID); !isNotFound(err, "schedule_not_found") {
					t.Fatalf("tenant b deleted it: %v", err)
				}
				if got, err := s.Schedule(ctx, f.a, sc.ID); err != nil || got.Paused {
					t.Fatalf("tenant a's schedule = %+v, %v", got, err)
				}
			})

			t.Run("a schedule must play its own tenant's message", func(t *testing.T) {
				bad := &schedules.Schedule{TenantID: f.a, MessageID: foreign, Rule: weekly(), Targets: players.Targets{All: true}}
				if err := s.SaveSchedule(ctx, bad); !isNotFound(err, "message_not_found") {
					t.Fatalf("another tenant's message was scheduled: %v", err)
				}
				edit := *sc
				edit.MessageID = foreign
				if err := s.SaveSchedule(ctx, &edit); !isNotFound(err, "message_not_found") {
					t.Fatalf("an edit moved to another tenant's message: %v", err)
				}
			})

			t.Run("a run is finished in its own tenant", func(t *testing.T) {
				due := *sc.NextRunAt
				run := &schedules.Run{Outcome: schedules.RunFired}
				if ok, err := s.Claim(ctx, f.a, sc.ID, due, at(due.Add(time.Hour)), run); !ok || err != nil || run.ID == 0 {
					t.Fatalf("claim = %v, %v, %+v", ok, err, run)
				}
				if err := s.FinishRun(ctx, f.b, run.ID, schedules.RunFailed, 0, "x"); !isNotFound(err, "run_not_found") {
					t.Fatalf("tenant b finished the run: %v", err)
				}
				if err := s.FinishRun(ctx, f.a, run.ID, schedules.RunFailed, 0, "no players"); err != nil {
					t.Fatal(err)
				}
				var outcome, errText string
				f.db.Raw("SELECT outcome, error FROM schedule_runs WHERE id = ?", run.ID).Row().Scan(&outcome, &errText)
				if outcome != schedules.RunFailed || errText != "no players" {
					t.Fatalf("run = %s %q", outcome, errText)
				}
			})

			t.Run("deleting a schedule removes it", func(t *testing.T) {
				if err := s.DeleteSchedule(ctx, f.a, sc.ID); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Schedule(ctx, f.a, sc.ID); !isNotFound(err, "schedule_not_found") {
					t.Fatalf("deleted schedule still read: %v", err)
				}
			})
		})
	}
}

func TestDueSchedules(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			s := database.NewScheduleStore(f.db)
			ma, mb := f.message(t, f.a, "Hola", "Saludo"), f.message(t, f.b, "Chao", "")
			now := time.Now().UTC()

			late := schedule(t, s, f.a, ma, at(now.Add(-3*time.Minute)), false)
			other := schedule(t, s, f.b, mb, at(now.Add(-2*time.Minute)), false)
			schedule(t, s, f.a, ma, at(now.Add(-2*time.Minute)), true) // paused
			recent := schedule(t, s, f.a, ma, at(now.Add(-time.Minute)), false)
			exact := schedule(t, s, f.a, ma, at(now), false)
			schedule(t, s, f.a, ma, at(now.Add(time.Minute)), false) // not yet
			schedule(t, s, f.a, ma, nil, false)                      // finished

			cases := []struct {
				name  string
				limit int
				want  []uint64
			}{
				{"every tenant's due schedules, earliest first", 10, []uint64{late.ID, other.ID, recent.ID, exact.ID}},
				{"no more than the limit", 2, []uint64{late.ID, other.ID}},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					due, err := s.Due(ctx, now, c.limit)
					if err != nil {
						t.Fatal(err)
					}
					var ids []uint64
					for _, sc := range due {
						ids = append(ids, sc.ID)
					}
					if !slices.Equal(ids, c.want) {
						t.Fatalf("due = %v, want %v", ids, c.want)
					}
					if due[0].MessageName != "Saludo" || due[1].MessageName != "Chao" || due[1].TenantID != f.b {
						t.Fatalf("due schedules lack their names or tenants: %+v", due[:2])
					}
				})
			}
		})
	}
}

func TestClaim(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			s := database.NewScheduleStore(f.db)
			m := f.message(t, f.a, "Hola", "")
			due := time.Now().UTC().Add(-time.Second)
			sc := schedule(t, s, f.a, m, &due, false)
			due = *sc.NextRunAt // as stored: whole seconds
			next := due.Add(time.Hour)
			runs := func() int64 {
				var n int64
				f.db.Raw("SELECT COUNT(*) FROM schedule_runs WHERE schedule_id = ?", sc.ID).Row().Scan(&n)
				return n
			}

			t.Run("another tenant cannot claim it", func(t *testing.T) {
				ok, err := s.Claim(ctx, f.b, sc.ID, due, &next, &schedules.Run{Outcome: schedules.RunFired})
				if ok || err != nil || runs() != 0 {
					t.Fatalf("tenant b claimed it: %v, %v", ok, err)
				}
			})

			t.Run("of ten concurrent claimers exactly one wins", func(t *testing.T) {
				var wg sync.WaitGroup
				var mu sync.Mutex
				won, errs := 0, []error{}
				for range 10 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						// Each claimer sees the due time in its own precision, as
						// a replica that read it back would.
						ok, err := s.Claim(ctx, f.a, sc.ID, due.Add(300*time.Millisecond), &next, &schedules.Run{Outcome: schedules.RunFired})
						mu.Lock()
						defer mu.Unlock()
						if ok {
							won++
						}
						if err != nil {
							errs = append(errs, err)
						}
					}()
				}
				wg.Wait()
				if won != 1 || len(errs) != 0 || runs() != 1 {
					t.Fatalf("%d claimers won, errors %v, %d runs; want one winner and one run", won, errs, runs())
				}
				got, _ := s.Schedule(ctx, f.a, sc.ID)
				if got.NextRunAt == nil || !got.NextRunAt.Equal(next) || got.LastRunAt == nil || !got.LastRunAt.Equal(due) {
					t.Fatalf("after the claim = %+v", got)
				}
			})

			t.Run("a stale due time loses", func(t *testing.T) {
				ok, err := s.Claim(ctx, f.a, sc.ID, due, at(next.Add(time.Hour)), &schedules.Run{Outcome: schedules.RunFired})
				if ok || err != nil || runs() != 1 {
					t.Fatalf("a stale claim = %v, %v", ok, err)
				}
			})

			t.Run("an occurrence is recorded once even when the next run moves back", func(t *testing.T) {
				back := *sc
				back.NextRunAt = &due
				if err := s.SaveSchedule(ctx, &back); err != nil {
					t.Fatal(err)
				}
				ok, err := s.Claim(ctx, f.a, sc.ID, due, &next, &schedules.Run{Outcome: schedules.RunFired})
				if ok || err != nil || runs() != 1 {
					t.Fatalf("the same occurrence was claimed again: %v, %v", ok, err)
				}
				got, _ := s.Schedule(ctx, f.a, sc.ID)
				if !got.NextRunAt.Equal(due) {
					t.Fatalf("a lost claim still moved the next run to %v", got.NextRunAt)
				}
			})

			t.Run("a paused schedule cannot be claimed", func(t *testing.T) {
				paused := *sc
				paused.NextRunAt, paused.Paused = &next, true
				if err := s.SaveSchedule(ctx, &paused); err != nil {
					t.Fatal(err)
				}
				if ok, err := s.Claim(ctx, f.a, sc.ID, next, nil, &schedules.Run{Outcome: schedules.RunFired}); ok || err != nil {
					t.Fatalf("a paused schedule was claimed: %v, %v", ok, err)
				}
			})

			t.Run("the last occurrence leaves no next run", func(t *testing.T) {
				resumed := *sc
				resumed.NextRunAt, resumed.Paused = &next, false
				s.SaveSchedule(ctx, &resumed)
				run := &schedules.Run{Outcome: schedules.RunMissed}
				if ok, err := s.Claim(ctx, f.a, sc.ID, next, nil, run); !ok || err != nil {
					t.Fatalf("claim = %v, %v", ok, err)
				}
				got, _ := s.Schedule(ctx, f.a, sc.ID)
				if got.NextRunAt != nil || run.ScheduleID != sc.ID || !run.OccurrenceAt.Equal(next) {
					t.Fatalf("after the last claim = %+v, run %+v", got, run)
				}
				if due, _ := s.Due(ctx, next.Add(time.Hour), 10); len(due) != 0 {
					t.Fatalf("a finished schedule is due: %+v", due)
				}
			})
		})
	}
}

func TestRetentionKeepsScheduledMessages(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			studioStore := database.NewStudioStore(f.db)
			s := database.NewScheduleStore(f.db)
			scheduled := f.message(t, f.a, "Programado", "")
			plain := f.message(t, f.a, "Suelto", "")
			other := f.message(t, f.b, "Otro", "")
			schedule(t, s, f.a, scheduled, nil, false)
			schedule(t, s, f.b, other, nil, false)

			got, err := studioStore.UnsavedBeyond(ctx, f.a, 0)
			if err != nil {
				t.Fatal(err)
			}
			var ids []uint64
			for _, m := range got {
				ids = append(ids, m.ID)
			}
			if !slices.Equal(ids, []uint64{plain}) {
				t.Fatalf("unsaved beyond the limit = %v, want only %d (message %d is scheduled)", ids, plain, scheduled)
			}
			m, _ := studioStore.Message(ctx, f.a, scheduled)
			if m.Saved || m.Status != studio.StatusReady {
				t.Fatalf("the scheduled message is not an unsaved ready one: %+v", m)
			}
		})
	}
}
