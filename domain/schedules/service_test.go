package schedules

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mediaflow/domain"
	"mediaflow/domain/players"
)

// Tuesday 1 December 2026, summer time in Santiago (-03).
const tuesdayMorning = "2026-12-01T08:50:00"

func TestSaveNormalisesAndComputesNextRun(t *testing.T) {
	cases := []struct {
		name     string
		now      string
		rule     Rule
		paused   bool
		wantRule Rule
		wantNext string
	}{
		{
			name: "a loose weekly rule is normalised and runs next on its first weekday",
			now:  tuesdayMorning,
			rule: Rule{Kind: " Weekly ", Times: []string{" 18:30", "09:00", "09:00"}, Weekdays: []string{"SUN", "mon", "Mon"},
				WindowStart: "10:00"},
			wantRule: Rule{Kind: KindWeekly, Times: []string{"09:00", "18:30"}, Weekdays: []string{"mon", "sun"}},
			wantNext: "2026-12-06T12:00:00Z",
		},
		{
			name:     "a once rule with seconds runs at its local time",
			now:      tuesdayMorning,
			rule:     Rule{Kind: KindOnce, At: "2026-12-24T18:30:00"},
			wantRule: Rule{Kind: KindOnce, At: "2026-12-24T18:30"},
			wantNext: "2026-12-24T21:30:00Z",
		},
		{
			name:     "a daily rule runs later the same day",
			now:      tuesdayMorning,
			rule:     daily("09:00"),
			wantRule: daily("09:00"),
			wantNext: "2026-12-01T12:00:00Z",
		},
		{
			name:     "an occurrence at the present second is still the next run",
			now:      "2026-12-01T09:00:00",
			rule:     daily("09:00"),
			wantRule: daily("09:00"),
			wantNext: "2026-12-01T12:00:00Z",
		},
		{
			name:     "a once rule already past has no next run",
			now:      tuesdayMorning,
			rule:     Rule{Kind: KindOnce, At: "2026-11-30T10:00"},
			wantRule: Rule{Kind: KindOnce, At: "2026-11-30T10:00"},
			wantNext: "none",
		},
		{
			name:     "a paused schedule has no next run",
			now:      tuesdayMorning,
			rule:     daily("09:00"),
			paused:   true,
			wantRule: daily("09:00"),
			wantNext: "none",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, c.now)
			sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Name: "  Cierre  ", Rule: c.rule,
				Targets: everyone(), Paused: c.paused})

			got := w.store.stored(t, sc.ID)
			if !reflect.DeepEqual(got.Rule, c.wantRule) {
				t.Errorf("stored rule = %+v, want %+v", got.Rule, c.wantRule)
			}
			if n := formatNext(got.NextRunAt); n != c.wantNext {
				t.Errorf("stored next run = %s, want %s", n, c.wantNext)
			}
			if got.Priority != players.PriorityNormal {
				t.Errorf("priority = %d, want the default %d", got.Priority, players.PriorityNormal)
			}
			if got.Name != "Cierre" {
				t.Errorf("name = %q, want it trimmed", got.Name)
			}
			if a := w.audit.Actions(); !slices.Equal(a, []string{"schedule.created"}) {
				t.Errorf("audit = %v, want one schedule.created", a)
			}
		})
	}
}

func TestSaveReportsEveryProblemByField(t *testing.T) {
	valid := Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()}
	cases := []struct {
		name   string
		edit   func(*Schedule)
		fields []string
	}{
		{"a message that is not ready", func(s *Schedule) { s.MessageID = msgDraft }, []string{"message_id"}},
		{"another tenant's message", func(s *Schedule) { s.MessageID = msgOfB }, []string{"message_id"}},
		{"no targets", func(s *Schedule) { s.Targets = players.Targets{} }, []string{"targets"}},
		{"priority above five", func(s *Schedule) { s.Priority = 6 }, []string{"priority"}},
		{"a negative priority", func(s *Schedule) { s.Priority = -1 }, []string{"priority"}},
		{"a name of 121 characters", func(s *Schedule) { s.Name = strings.Repeat("ñ", 121) }, []string{"name"}},
		{"a rule without kind", func(s *Schedule) { s.Rule = Rule{} }, []string{"kind"}},
		{"a weekly rule without times", func(s *Schedule) { s.Rule.Times = nil }, []string{"times"}},
		{"an interval whose window ends first", func(s *Schedule) {
			s.Rule = Rule{Kind: KindInterval, EveryMinutes: 15, WindowStart: "21:00", WindowEnd: "10:00", Weekdays: []string{"sat"}}
		}, []string{"window_end"}},
		{"everything wrong at once", func(s *Schedule) {
			s.MessageID, s.Targets, s.Priority, s.Rule.Weekdays = msgDraft, players.Targets{}, 9, []string{"someday"}
		}, []string{"message_id", "priority", "targets", "weekdays"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, tuesdayMorning)
			sc := valid
			sc.Rule.Times = slices.Clone(valid.Rule.Times)
			c.edit(&sc)

			err := w.svc.Save(context.Background(), &sc)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != "invalid_schedule" || !errors.Is(err, domain.ErrInvalid) {
				t.Fatalf("Save error = %v, want invalid_schedule", err)
			}
			var fields []string
			for f := range de.Details {
				fields = append(fields, f)
			}
			slices.Sort(fields)
			if !slices.Equal(fields, c.fields) {
				t.Errorf("details = %v, want fields %v", de.Details, c.fields)
			}
			if got, _ := w.store.Schedules(context.Background(), tenantA); len(got) != 0 {
				t.Errorf("an invalid schedule was stored: %+v", got)
			}
		})
	}
}

func TestSaveReturnsAMessagesFailure(t *testing.T) {
	w := newWorld(t, tuesdayMorning)
	boom := errors.New("messages unavailable")
	w.svc.Messages = fakeMessages{err: boom}
	sc := Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()}
	if err := w.svc.Save(context.Background(), &sc); !errors.Is(err, boom) {
		t.Fatalf("Save error = %v, want the messages failure", err)
	}
}

func TestSaveOfAnEditRecomputesTheNextRun(t *testing.T) {
	w := newWorld(t, tuesdayMorning)
	sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()})

	w.clock.Set(w.local(t, "2026-12-03T10:00:00"))
	sc.Rule = daily("18:30")
	w.save(t, sc)

	if n := formatNext(w.store.stored(t, sc.ID).NextRunAt); n != "2026-12-03T21:30:00Z" {
		t.Errorf("next run after the edit = %s, want today 18:30 local", n)
	}
	if a := w.audit.Actions(); !slices.Equal(a, []string{"schedule.created", "schedule.updated"}) {
		t.Errorf("audit = %v", a)
	}
}

func TestSetPausedResumesFromNow(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, tuesdayMorning)
	sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()})

	paused, err := w.svc.SetPaused(ctx, tenantA, sc.ID, true)
	if err != nil {
		t.Fatalf("pause: %v", err)
	}
	if !paused.Paused || paused.NextRunAt != nil {
		t.Errorf("paused schedule: paused %v, next %s; want paused with no next run", paused.Paused, formatNext(paused.NextRunAt))
	}

	w.clock.Set(w.local(t, "2026-12-03T10:00:00"))
	if n, err := w.svc.FireDue(ctx); err != nil || n != 0 {
		t.Fatalf("FireDue while paused = %d, %v; want nothing", n, err)
	}
	resumed, err := w.svc.SetPaused(ctx, tenantA, sc.ID, false)
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	want := "2026-12-04T12:00:00Z" // tomorrow 09:00, not the days it was paused
	if n := formatNext(resumed.NextRunAt); n != want || resumed.Paused {
		t.Errorf("resumed: paused %v, next %s; want running, next %s", resumed.Paused, n, want)
	}
	if n := formatNext(w.store.stored(t, sc.ID).NextRunAt); n != want {
		t.Errorf("stored next run = %s, want %s", n, want)
	}
	if a := w.audit.Actions(); !slices.Equal(a, []string{"schedule.created", "schedule.paused", "schedule.resumed"}) {
		t.Errorf("audit = %v", a)
	}
	if d, m := w.dispatcher.calls(); len(d)+len(m) != 0 {
		t.Errorf("pausing and resuming played %v and missed %v", d, m)
	}
}

func TestSetPausedOfAnotherTenantsScheduleIsNotFound(t *testing.T) {
	w := newWorld(t, tuesdayMorning)
	sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()})
	if _, err := w.svc.SetPaused(context.Background(), tenantB, sc.ID, true); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("SetPaused from tenant B = %v, want not found", err)
	}
	if w.store.stored(t, sc.ID).Paused {
		t.Error("another tenant paused the schedule")
	}
}

func TestFireDueFiresOnceAndMovesToTheFollowingOccurrence(t *testing.T) {
	cases := []struct {
		name     string
		rule     Rule
		due      string // local
		wantNext string
	}{
		{"a weekly rule moves to its next time", Rule{Kind: KindWeekly, Times: []string{"09:00", "18:30"}, Weekdays: []string{"tue", "fri"}},
			"2026-12-01T09:00:00", "2026-12-01T21:30:00Z"},
		{"a weekly rule moves to its next weekday", Rule{Kind: KindWeekly, Times: []string{"09:00"}, Weekdays: []string{"tue", "fri"}},
			"2026-12-01T09:00:00", "2026-12-04T12:00:00Z"},
		{"a once rule has nothing left", Rule{Kind: KindOnce, At: "2026-12-01T09:00"}, "2026-12-01T09:00:00", "none"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t, tuesdayMorning)
			sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: c.rule, Priority: players.PriorityUrgent,
				Targets: players.Targets{Zones: []string{"Nivel 2"}}})
			due := w.local(t, c.due)
			if got := w.store.stored(t, sc.ID).NextRunAt; got == nil || !got.Equal(due) {
				t.Fatalf("next run before firing = %s, want %s", formatNext(got), due.UTC())
			}

			w.clock.Set(due.Add(30 * time.Second))
			for i := range 3 {
				n, err := w.svc.FireDue(ctx)
				want := 0
				if i == 0 {
					want = 1
				}
				if err != nil || n != want {
					t.Fatalf("FireDue call %d = %d, %v; want %d", i+1, n, err, want)
				}
			}

			d, m := w.dispatcher.calls()
			wantReq := players.Request{MessageID: msgReady, Targets: sc.Targets, Priority: players.PriorityUrgent,
				Source: players.SourceSchedule, ScheduleID: sc.ID}
			if len(d) != 1 || len(m) != 0 || d[0].TenantID != tenantA || !reflect.DeepEqual(d[0].Request, wantReq) {
				t.Fatalf("dispatched %+v, missed %+v; want one dispatch of %+v", d, m, wantReq)
			}
			got := w.store.stored(t, sc.ID)
			if n := formatNext(got.NextRunAt); n != c.wantNext {
				t.Errorf("next run = %s, want %s", n, c.wantNext)
			}
			if got.LastRunAt == nil || !got.LastRunAt.Equal(due) {
				t.Errorf("last run = %v, want %v", got.LastRunAt, due)
			}
			runs := w.store.runsOf(sc.ID)
			if len(runs) != 1 || runs[0].Outcome != RunFired || !runs[0].OccurrenceAt.Equal(due) || runs[0].DeliveryID == 0 {
				t.Errorf("runs = %+v, want one fired run at %v with its delivery", runs, due)
			}
		})
	}
}

func TestFireDueGraceWindow(t *testing.T) {
	cases := []struct {
		name     string
		late     time.Duration
		wantRun  string
		fired    int
		recorded int
	}{
		{"on time fires", 0, RunFired, 1, 0},
		{"exactly the grace late still fires", DefaultGrace, RunFired, 1, 0},
		{"a second past the grace is missed", DefaultGrace + time.Second, RunMissed, 0, 1},
		{"hours late is missed", 5 * time.Hour, RunMissed, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, tuesdayMorning)
			sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()})
			due := w.local(t, "2026-12-01T09:00:00")
			w.clock.Set(due.Add(c.late))

			if n, err := w.svc.FireDue(context.Background()); err != nil || n != 1 {
				t.Fatalf("FireDue = %d, %v; want one claim", n, err)
			}
			d, m := w.dispatcher.calls()
			if len(d) != c.fired || len(m) != c.recorded {
				t.Errorf("dispatched %d, recorded missed %d; want %d and %d", len(d), len(m), c.fired, c.recorded)
			}
			if runs := w.store.runsOf(sc.ID); len(runs) != 1 || runs[0].Outcome != c.wantRun {
				t.Errorf("runs = %+v, want one %s", runs, c.wantRun)
			}
		})
	}
}

func TestFireDueRecordsALateOccurrenceAsMissedThenFiresTheNext(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, tuesdayMorning)
	sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00", "09:05"), Targets: everyone(),
		Priority: players.PriorityOperations})
	first, second := w.local(t, "2026-12-01T09:00:00"), w.local(t, "2026-12-01T09:05:00")

	w.clock.Set(w.local(t, "2026-12-01T09:04:00"))
	if n, err := w.svc.FireDue(ctx); err != nil || n != 1 {
		t.Fatalf("FireDue four minutes late = %d, %v; want one claim", n, err)
	}
	d, m := w.dispatcher.calls()
	wantReq := players.Request{MessageID: msgReady, Targets: everyone(), Priority: players.PriorityOperations,
		Source: players.SourceSchedule, ScheduleID: sc.ID}
	if len(d) != 0 || len(m) != 1 || !m[0].Due.Equal(first) || !reflect.DeepEqual(m[0].Request, wantReq) || m[0].TenantID != tenantA {
		t.Fatalf("dispatched %+v, missed %+v; want only %+v recorded missed at %v", d, m, wantReq, first)
	}
	if n := w.store.stored(t, sc.ID).NextRunAt; n == nil || !n.Equal(second) {
		t.Fatalf("next run after the miss = %s, want %v", formatNext(n), second.UTC())
	}

	w.clock.Set(second.Add(10 * time.Second))
	if n, err := w.svc.FireDue(ctx); err != nil || n != 1 {
		t.Fatalf("FireDue at the next occurrence = %d, %v; want one claim", n, err)
	}
	if d, m = w.dispatcher.calls(); len(d) != 1 || len(m) != 1 {
		t.Errorf("dispatched %d, missed %d; want the second occurrence played", len(d), len(m))
	}
	var outcomes []string
	for _, r := range w.store.runsOf(sc.ID) {
		outcomes = append(outcomes, r.Outcome+"@"+r.OccurrenceAt.In(w.loc).Format("15:04"))
	}
	if want := []string{"missed@09:00", "fired@09:05"}; !slices.Equal(outcomes, want) {
		t.Errorf("runs = %v, want %v", outcomes, want)
	}
}

func TestFireDueOnTwoReplicasFiresEachOccurrenceOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, tuesdayMorning)
	const count = 30
	var ids []uint64
	for i := range count {
		sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Name: fmt.Sprintf("s%d", i),
			Rule: daily("09:00", "09:01"), Targets: everyone()})
		ids = append(ids, sc.ID)
	}
	replicas := []*Service{w.svc, w.newReplica()}

	const callers = 8
	for _, at := range []string{"2026-12-01T09:00:05", "2026-12-01T09:01:05"} {
		w.clock.Set(w.local(t, at))
		// Every caller takes its list of due schedules before any claims,
		// so all of them race for every occurrence.
		// Later passes of FireDue (catching up) list again without waiting.
		var listed sync.WaitGroup
		var lists atomic.Int32
		listed.Add(callers)
		w.store.afterDue = func() {
			if lists.Add(1) <= callers {
				listed.Done()
				listed.Wait()
			}
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		claimed := 0
		for g := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := replicas[g%len(replicas)].FireDue(ctx)
				if err != nil {
					t.Errorf("FireDue: %v", err)
				}
				mu.Lock()
				claimed += n
				mu.Unlock()
			}()
		}
		wg.Wait()
		if claimed != count {
			t.Errorf("at %s the replicas claimed %d occurrences, want %d", at, claimed, count)
		}
	}

	d, _ := w.dispatcher.calls()
	perSchedule := map[uint64]int{}
	for _, c := range d {
		perSchedule[c.Request.ScheduleID]++
	}
	for _, id := range ids {
		if perSchedule[id] != 2 {
			t.Errorf("schedule %d played %d times, want 2 (once per occurrence)", id, perSchedule[id])
		}
		if runs := w.store.runsOf(id); len(runs) != 2 || runs[0].OccurrenceAt.Equal(runs[1].OccurrenceAt) {
			t.Errorf("schedule %d runs = %+v, want one per occurrence", id, runs)
		}
	}
}

// staleStore answers Due with a list taken earlier, as a replica does when
// another one claims between its read and its claim.
type staleStore struct {
	*memStore
	snapshot []Schedule
}

func (s staleStore) Due(ctx context.Context, now time.Time, limit int) ([]Schedule, error) {
	return s.snapshot, nil
}

func TestFireDueDoesNotPlayAnOccurrenceAnotherReplicaClaimed(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, tuesdayMorning)
	sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()})
	w.clock.Set(w.local(t, "2026-12-01T09:00:03"))
	snapshot, err := w.store.Due(ctx, w.clock.Now(), claimBatch)
	if err != nil || len(snapshot) != 1 {
		t.Fatalf("Due = %+v, %v", snapshot, err)
	}
	if n, err := w.svc.FireDue(ctx); err != nil || n != 1 {
		t.Fatalf("first replica FireDue = %d, %v; want 1", n, err)
	}

	late := w.newReplica()
	late.Store = staleStore{memStore: w.store, snapshot: snapshot}
	if n, err := late.FireDue(ctx); err != nil || n != 0 {
		t.Fatalf("second replica FireDue = %d, %v; want nothing claimed", n, err)
	}
	if d, m := w.dispatcher.calls(); len(d) != 1 || len(m) != 0 {
		t.Errorf("dispatched %d, missed %d; want the occurrence played once", len(d), len(m))
	}
	if runs := w.store.runsOf(sc.ID); len(runs) != 1 {
		t.Errorf("runs = %+v, want one", runs)
	}
}

func TestFireDueRecordsAFailedDispatchAndGoesOn(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, tuesdayMorning)
	w.dispatcher.fail[msgBroken] = errors.New("no players reachable")
	broken := w.save(t, Schedule{TenantID: tenantA, MessageID: msgBroken, Rule: daily("09:00"), Targets: everyone()})
	fine := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()})

	w.clock.Set(w.local(t, "2026-12-01T09:00:20"))
	if n, err := w.svc.FireDue(ctx); err != nil || n != 2 {
		t.Fatalf("FireDue = %d, %v; want both claimed and no error", n, err)
	}
	runs := w.store.runsOf(broken.ID)
	if len(runs) != 1 || runs[0].Outcome != RunFailed || runs[0].Error != "no players reachable" || runs[0].DeliveryID != 0 {
		t.Errorf("runs of the failing schedule = %+v, want one failed run with the error", runs)
	}
	if runs := w.store.runsOf(fine.ID); len(runs) != 1 || runs[0].Outcome != RunFired {
		t.Errorf("runs of the other schedule = %+v, want one fired", runs)
	}
	if d, _ := w.dispatcher.calls(); len(d) != 1 || d[0].Request.ScheduleID != fine.ID {
		t.Errorf("dispatched %+v, want the other schedule only", d)
	}
	want := "2026-12-02T12:00:00Z" // a failed occurrence is not retried
	if n := formatNext(w.store.stored(t, broken.ID).NextRunAt); n != want {
		t.Errorf("next run of the failing schedule = %s, want %s", n, want)
	}
}

func TestFireDueFiresSchedulesDueTheSameMinute(t *testing.T) {
	w := newWorld(t, tuesdayMorning)
	a := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()})
	b := w.save(t, Schedule{TenantID: tenantA, MessageID: msgOther, Rule: Rule{Kind: KindOnce, At: "2026-12-01T09:00"},
		Targets: players.Targets{PlayerIDs: []uint64{7}}})
	c := w.save(t, Schedule{TenantID: tenantB, MessageID: msgOfB, Rule: daily("09:00"), Targets: everyone()})

	w.clock.Set(w.local(t, "2026-12-01T09:00:40"))
	if n, err := w.svc.FireDue(context.Background()); err != nil || n != 3 {
		t.Fatalf("FireDue = %d, %v; want 3", n, err)
	}
	d, _ := w.dispatcher.calls()
	got := map[uint64]uint64{}
	for _, call := range d {
		got[call.Request.ScheduleID] = call.TenantID
	}
	want := map[uint64]uint64{a.ID: tenantA, b.ID: tenantA, c.ID: tenantB}
	if !reflect.DeepEqual(got, want) || len(d) != 3 {
		t.Errorf("dispatched schedule → tenant %v, want %v", got, want)
	}
}

func TestCalendarListsOccurrencesInTimeOrder(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, tuesdayMorning)
	weekly := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Name: "Apertura",
		Rule: Rule{Kind: KindWeekly, Times: []string{"18:30", "09:00"}, Weekdays: []string{"wed", "thu"}}, Targets: everyone()})
	once := w.save(t, Schedule{TenantID: tenantA, MessageID: msgOther, Rule: Rule{Kind: KindOnce, At: "2026-12-03T12:00"},
		Priority: players.PriorityEmergency, Targets: players.Targets{Zones: []string{"Nivel 2"}}, Paused: true})
	w.store.mu.Lock()
	sc := w.store.schedules[once.ID]
	sc.MessageName = "Ofertas"
	w.store.schedules[once.ID] = sc
	w.store.mu.Unlock()
	w.save(t, Schedule{TenantID: tenantB, MessageID: msgOfB, Rule: daily("10:00"), Targets: everyone()})

	got, err := w.svc.Calendar(ctx, tenantA, "2026-12-02", "2026-12-03")
	if err != nil {
		t.Fatalf("Calendar: %v", err)
	}
	var lines []string
	for _, o := range got {
		if o.Local.Location().String() != "America/Santiago" || !o.At.Equal(o.Local) || o.At.Location() != time.UTC {
			t.Errorf("occurrence %+v: want At in UTC and Local the same instant in America/Santiago", o)
		}
		lines = append(lines, fmt.Sprintf("%d %s %q p%d paused=%v %s", o.ScheduleID, o.Local.Format(time.RFC3339), o.Title,
			o.Priority, o.Paused, o.At.Format(time.RFC3339)))
	}
	want := []string{
		fmt.Sprintf(`%d 2026-12-02T09:00:00-03:00 "Apertura" p4 paused=false 2026-12-02T12:00:00Z`, weekly.ID),
		fmt.Sprintf(`%d 2026-12-02T18:30:00-03:00 "Apertura" p4 paused=false 2026-12-02T21:30:00Z`, weekly.ID),
		fmt.Sprintf(`%d 2026-12-03T09:00:00-03:00 "Apertura" p4 paused=false 2026-12-03T12:00:00Z`, weekly.ID),
		fmt.Sprintf(`%d 2026-12-03T12:00:00-03:00 "Ofertas" p1 paused=true 2026-12-03T15:00:00Z`, once.ID),
		fmt.Sprintf(`%d 2026-12-03T18:30:00-03:00 "Apertura" p4 paused=false 2026-12-03T21:30:00Z`, weekly.ID),
	}
	if !slices.Equal(lines, want) {
		t.Errorf("calendar:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if len(got) == len(want) && !reflect.DeepEqual(got[3].Targets, once.Targets) {
		t.Errorf("targets = %+v, want %+v", got[3].Targets, once.Targets)
	}
}

func TestCalendarRejectsABadRange(t *testing.T) {
	cases := []struct {
		name, from, to string
		field          string
	}{
		{"a from that is not a date", "2026-12-1", "2026-12-31", "from"},
		{"a to that is not a date", "2026-12-01", "31/12/2026", "to"},
		{"an impossible day", "2026-02-30", "2026-03-01", "from"},
		{"to before from", "2026-12-31", "2026-12-01", "to"},
		{"a range over 62 days", "2026-12-01", "2027-02-02", "to"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, tuesdayMorning)
			_, err := w.svc.Calendar(context.Background(), tenantA, c.from, c.to)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != "invalid_range" || de.Details[c.field] == "" {
				t.Fatalf("Calendar(%s, %s) = %v, want invalid_range naming %s", c.from, c.to, err, c.field)
			}
		})
	}
}

func TestCalendarAcceptsRangesOfUpTo62Days(t *testing.T) {
	cases := []struct{ name, from, to string }{
		{"a single day", "2026-12-01", "2026-12-01"},
		{"62 days in summer", "2026-12-01", "2027-02-01"},
		{"62 days across the September change", "2026-08-01", "2026-10-02"},
		{"62 days across the April change", "2026-03-01", "2026-05-02"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, tuesdayMorning)
			w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()})
			got, err := w.svc.Calendar(context.Background(), tenantA, c.from, c.to)
			if err != nil {
				t.Fatalf("Calendar(%s, %s): %v", c.from, c.to, err)
			}
			from, _ := time.Parse(time.DateOnly, c.from)
			to, _ := time.Parse(time.DateOnly, c.to)
			if days := int(to.Sub(from).Hours()/24) + 1; len(got) != days {
				t.Errorf("got %d occurrences of a daily schedule over %d days", len(got), days)
			}
		})
	}
}

func TestUpcomingListsActiveSchedulesTargetingThePlayer(t *testing.T) {
	w := newWorld(t, tuesdayMorning)
	player := players.Player{ID: 7, TenantID: tenantA, Zone: "Nivel 2"}
	cases := []struct {
		message uint64
		targets players.Targets
		paused  bool
		listed  bool
	}{
		{101, players.Targets{All: true}, false, true},
		{102, players.Targets{Zones: []string{"Nivel 1", "Nivel 2"}}, false, true},
		{103, players.Targets{PlayerIDs: []uint64{3, 7}}, false, true},
		{104, players.Targets{Zones: []string{"Nivel 1"}}, false, false},
		{105, players.Targets{PlayerIDs: []uint64{8}}, false, false},
		{106, players.Targets{All: true}, true, false},
	}
	ready := map[uint64]players.Audio{}
	for _, c := range cases {
		ready[c.message] = players.Audio{Title: "m"}
	}
	w.svc.Messages = fakeMessages{ready: map[uint64]map[uint64]players.Audio{tenantA: ready}}
	for _, c := range cases {
		w.save(t, Schedule{TenantID: tenantA, MessageID: c.message, Rule: daily("09:00", "18:00"), Targets: c.targets, Paused: c.paused})
	}

	from := w.local(t, "2026-12-01T12:00:00")
	got, err := w.svc.Upcoming(context.Background(), tenantA, player, from, from.Add(24*time.Hour))
	if err != nil {
		t.Fatalf("Upcoming: %v", err)
	}
	var lines []string
	for _, u := range got {
		lines = append(lines, fmt.Sprintf("%d %s", u.MessageID, u.At.Format(time.RFC3339)))
	}
	slices.Sort(lines)
	var want []string
	for _, c := range cases {
		if c.listed {
			want = append(want, fmt.Sprintf("%d 2026-12-01T21:00:00Z", c.message), fmt.Sprintf("%d 2026-12-02T12:00:00Z", c.message))
		}
	}
	slices.Sort(want)
	if !slices.Equal(lines, want) {
		t.Errorf("upcoming = %v, want %v", lines, want)
	}
}

func TestDeleteIsScopedByTenant(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, tuesdayMorning)
	sc := w.save(t, Schedule{TenantID: tenantA, MessageID: msgReady, Rule: daily("09:00"), Targets: everyone()})
	if err := w.svc.Delete(ctx, tenantB, sc.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("Delete from tenant B = %v, want not found", err)
	}
	if err := w.svc.Delete(ctx, tenantA, sc.ID); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := w.svc.Schedule(ctx, tenantA, sc.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Schedule after delete = %v, want not found", err)
	}
}
