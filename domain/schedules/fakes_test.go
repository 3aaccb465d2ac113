package schedules

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"mediaflow/domain"
	"mediaflow/domain/audit"
	"mediaflow/domain/players"
)

// memStore keeps schedules and runs in memory. Claim is a real conditional
// update: it wins only while the stored next run still equals the due
// instant, and a run is kept once per schedule and occurrence.
type memStore struct {
	mu        sync.Mutex
	schedules map[uint64]Schedule
	runs      []Run
	lastID    uint64
	lastRunID uint64
	// afterDue, when set, runs after Due has taken its snapshot, so a test
	// can hold replicas there until all of them hold the same one.
	afterDue func()
}

func newMemStore() *memStore {
	return &memStore{schedules: map[uint64]Schedule{}}
}

// copySchedule detaches the time pointers so callers never share them with
// the store.
func copySchedule(sc Schedule) Schedule {
	if sc.NextRunAt != nil {
		next := *sc.NextRunAt
		sc.NextRunAt = &next
	}
	if sc.LastRunAt != nil {
		last := *sc.LastRunAt
		sc.LastRunAt = &last
	}
	return sc
}

func (m *memStore) Schedules(ctx context.Context, tenantID uint64) ([]Schedule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Schedule
	for _, sc := range m.schedules {
		if sc.TenantID == tenantID {
			out = append(out, copySchedule(sc))
		}
	}
	slices.SortFunc(out, func(a, b Schedule) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

func (m *memStore) Schedule(ctx context.Context, tenantID, id uint64) (*Schedule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sc, ok := m.schedules[id]
	if !ok || sc.TenantID != tenantID {
		return nil, domain.NotFound("schedule_not_found", "no such schedule")
	}
	c := copySchedule(sc)
	return &c, nil
}

func (m *memStore) SaveSchedule(ctx context.Context, sc *Schedule) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if sc.ID == 0 {
		m.lastID++
		sc.ID = m.lastID
	} else if old, ok := m.schedules[sc.ID]; !ok || old.TenantID != sc.TenantID {
		return domain.NotFound("schedule_not_found", "no such schedule")
	}
	m.schedules[sc.ID] = copySchedule(*sc)
	return nil
}

func (m *memStore) DeleteSchedule(ctx context.Context, tenantID, id uint64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if sc, ok := m.schedules[id]; !ok || sc.TenantID != tenantID {
		return domain.NotFound("schedule_not_found", "no such schedule")
	}
	delete(m.schedules, id)
	return nil
}

func (m *memStore) Due(ctx context.Context, now time.Time, limit int) ([]Schedule, error) {
	out := m.due(now, limit)
	if m.afterDue != nil {
		m.afterDue()
	}
	return out, nil
}

func (m *memStore) due(now time.Time, limit int) []Schedule {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Schedule
	for _, sc := range m.schedules {
		if !sc.Paused && sc.NextRunAt != nil && !sc.NextRunAt.After(now) {
			out = append(out, copySchedule(sc))
		}
	}
	slices.SortFunc(out, func(a, b Schedule) int {
		if c := a.NextRunAt.Compare(*b.NextRunAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (m *memStore) Claim(ctx context.Context, tenantID, scheduleID uint64, due time.Time, next *time.Time, run *Run) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sc, ok := m.schedules[scheduleID]
	if !ok || sc.TenantID != tenantID || sc.Paused || sc.NextRunAt == nil || !sc.NextRunAt.Equal(due) {
		return false, nil
	}
	for _, r := range m.runs {
		if r.ScheduleID == scheduleID && r.OccurrenceAt.Equal(due) {
			return false, nil
		}
	}
	sc.NextRunAt = nil
	if next != nil {
		n := *next
		sc.NextRunAt = &n
	}
	last := due
	sc.LastRunAt = &last
	m.schedules[scheduleID] = sc
	m.lastRunID++
	run.ID, run.TenantID, run.ScheduleID, run.OccurrenceAt = m.lastRunID, tenantID, scheduleID, due
	m.runs = append(m.runs, *run)
	return true, nil
}

func (m *memStore) FinishRun(ctx context.Context, tenantID, runID uint64, outcome string, deliveryID uint64, errText string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, r := range m.runs {
		if r.ID == runID && r.TenantID == tenantID {
			m.runs[i].Outcome, m.runs[i].DeliveryID, m.runs[i].Error = outcome, deliveryID, errText
			return nil
		}
	}
	return domain.NotFound("run_not_found", "no such schedule run")
}

// stored returns the store's copy of a schedule, failing the test when it
// is missing.
func (m *memStore) stored(t *testing.T, id uint64) Schedule {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	sc, ok := m.schedules[id]
	if !ok {
		t.Fatalf("schedule %d is not stored", id)
	}
	return copySchedule(sc)
}

// runsOf returns the runs recorded for one schedule, in claim order.
func (m *memStore) runsOf(id uint64) []Run {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Run
	for _, r := range m.runs {
		if r.ScheduleID == id {
			out = append(out, r)
		}
	}
	return out
}

// dispatched is one call to the fake dispatcher.
type dispatched struct {
	TenantID uint64
	Request  players.Request
	Due      time.Time // RecordMissed only
}

// fakeDispatcher records what it is asked to play or record as missed. A
// message listed in fail makes Dispatch return that error.
type fakeDispatcher struct {
	mu         sync.Mutex
	dispatches []dispatched
	missed     []dispatched
	fail       map[uint64]error
	lastID     uint64
}

func (f *fakeDispatcher) Dispatch(ctx context.Context, tenantID uint64, r players.Request) (*players.Delivery, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.fail[r.MessageID]; err != nil {
		return nil, err
	}
	f.dispatches = append(f.dispatches, dispatched{TenantID: tenantID, Request: r})
	f.lastID++
	return &players.Delivery{ID: 1000 + f.lastID, TenantID: tenantID, MessageID: r.MessageID}, nil
}

func (f *fakeDispatcher) RecordMissed(ctx context.Context, tenantID uint64, r players.Request, due time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.missed = append(f.missed, dispatched{TenantID: tenantID, Request: r, Due: due})
	return nil
}

func (f *fakeDispatcher) calls() (dispatches, missed []dispatched) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.dispatches), slices.Clone(f.missed)
}

// fakeMessages knows which messages of which tenant are ready to play.
type fakeMessages struct {
	ready map[uint64]map[uint64]players.Audio // tenant → message → audio
	err   error                               // returned for every call when set
}

func (f fakeMessages) Playable(ctx context.Context, tenantID, messageID uint64) (players.Audio, error) {
	if f.err != nil {
		return players.Audio{}, f.err
	}
	a, ok := f.ready[tenantID][messageID]
	if !ok {
		return players.Audio{}, domain.NotFound("message_not_found", "no such ready message")
	}
	return a, nil
}

// clock is a settable time source safe for concurrent readers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Test tenants and messages.
const (
	tenantA   uint64 = 1
	tenantB   uint64 = 2
	msgReady  uint64 = 10
	msgOther  uint64 = 11
	msgDraft  uint64 = 12 // exists nowhere as a ready message
	msgOfB    uint64 = 20
	msgBroken uint64 = 13 // ready, but Dispatch fails for it
)

// world is a schedules service on in-memory fakes.
type world struct {
	svc        *Service
	store      *memStore
	dispatcher *fakeDispatcher
	audit      *audit.Memory
	clock      *clock
	loc        *time.Location
}

func santiago(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Santiago")
	if err != nil {
		t.Fatalf("load America/Santiago: %v", err)
	}
	return loc
}

// newWorld starts the clock at now, a Santiago local time.
func newWorld(t *testing.T, now string) *world {
	t.Helper()
	w := &world{store: newMemStore(), dispatcher: &fakeDispatcher{fail: map[uint64]error{}}, audit: &audit.Memory{},
		clock: &clock{}, loc: santiago(t)}
	w.clock.Set(w.local(t, now))
	w.svc = w.newReplica()
	return w
}

// newReplica returns another service on the same store, dispatcher and
// clock, as a second server process would be.
func (w *world) newReplica() *Service {
	msgs := fakeMessages{ready: map[uint64]map[uint64]players.Audio{
		tenantA: {msgReady: {Title: "Cierre"}, msgOther: {Title: "Ofertas"}, msgBroken: {Title: "Roto"}},
		tenantB: {msgOfB: {Title: "Otro mall"}},
	}}
	loc := w.loc
	svc := NewService(Deps{Store: w.store, Dispatcher: w.dispatcher, Messages: msgs,
		Zones: func(ctx context.Context, tenantID uint64) (*time.Location, error) { return loc, nil },
		Audit: audit.NewRecorder(w.audit, nil)})
	svc.now = w.clock.Now
	return svc
}

// local reads "2006-01-02T15:04:05" in Santiago.
func (w *world) local(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02T15:04:05", s, w.loc)
	if err != nil {
		t.Fatalf("parse local time %q: %v", s, err)
	}
	return v
}

// save stores a schedule through the service, failing the test on error.
func (w *world) save(t *testing.T, sc Schedule) Schedule {
	t.Helper()
	if err := w.svc.Save(context.Background(), &sc); err != nil {
		t.Fatalf("save schedule: %v", err)
	}
	return sc
}

func daily(times ...string) Rule {
	return Rule{Kind: KindWeekly, Times: times, Weekdays: []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}}
}

func everyone() players.Targets { return players.Targets{All: true} }

// formatNext renders a next run for comparison; "none" stands for nil.
func formatNext(t *time.Time) string {
	if t == nil {
		return "none"
	}
	return t.UTC().Format(time.RFC3339)
}
