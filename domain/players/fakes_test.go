package players

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"mediaflow/domain"
	"mediaflow/domain/audit"
)

// pairing is a stored pairing code.
type pairing struct {
	tenantID, playerID uint64
	expiresAt          time.Time
}

// expiry is one call to ExpirePlays.
type expiry struct {
	before  time.Time
	errText string
}

// touch is one call to Touch.
type touch struct {
	playerID            uint64
	seen                time.Time
	version, nowPlaying string
}

// memStore keeps players, credentials, deliveries and plays in memory,
// scoped by tenant like the real store. It remembers every secret it was
// handed so tests can check that no raw token reached it.
type memStore struct {
	mu          sync.Mutex
	players     map[uint64]Player
	credentials map[uint64]string // player → credential hash
	codes       map[string]pairing
	deliveries  map[uint64]Delivery
	plays       map[uint64]Play
	lastID      uint64
	secrets     []string
	touches     []touch
	expiries    []expiry
	openSince   []time.Time
}

func newMemStore() *memStore {
	return &memStore{players: map[uint64]Player{}, credentials: map[uint64]string{}, codes: map[string]pairing{},
		deliveries: map[uint64]Delivery{}, plays: map[uint64]Play{}}
}

func (m *memStore) nextID() uint64 {
	m.lastID++
	return m.lastID
}

func errPlayerNotFound() error { return domain.NotFound("player_not_found", "no such player") }

func (m *memStore) Players(ctx context.Context, tenantID uint64) ([]Player, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Player
	for _, p := range m.players {
		if p.TenantID == tenantID {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Player) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

func (m *memStore) Player(ctx context.Context, tenantID, id uint64) (*Player, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.players[id]
	if !ok || p.TenantID != tenantID {
		return nil, errPlayerNotFound()
	}
	return &p, nil
}

func (m *memStore) SavePlayer(ctx context.Context, p *Player) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p.ID == 0 {
		p.ID = m.nextID()
	} else if old, ok := m.players[p.ID]; !ok || old.TenantID != p.TenantID {
		return errPlayerNotFound()
	}
	m.players[p.ID] = *p
	return nil
}

func (m *memStore) DeletePlayer(ctx context.Context, tenantID, id uint64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.players[id]; !ok || p.TenantID != tenantID {
		return errPlayerNotFound()
	}
	delete(m.players, id)
	return nil
}

func (m *memStore) SetPairingCode(ctx context.Context, tenantID, playerID uint64, codeHash string, expiresAt time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.players[playerID]; !ok || p.TenantID != tenantID {
		return errPlayerNotFound()
	}
	for h, c := range m.codes {
		if c.playerID == playerID {
			delete(m.codes, h)
		}
	}
	m.secrets = append(m.secrets, codeHash)
	m.codes[codeHash] = pairing{tenantID: tenantID, playerID: playerID, expiresAt: expiresAt}
	return nil
}

func (m *memStore) RedeemPairingCode(ctx context.Context, tenantID uint64, codeHash, credentialHash string, now time.Time) (*Player, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.secrets = append(m.secrets, codeHash, credentialHash)
	c, ok := m.codes[codeHash]
	if !ok || c.tenantID != tenantID || !now.Before(c.expiresAt) {
		return nil, domain.NotFound("pairing_code_not_found", "no such pairing code")
	}
	delete(m.codes, codeHash)
	m.credentials[c.playerID] = credentialHash
	p := m.players[c.playerID]
	p.Paired = true
	m.players[p.ID] = p
	return &p, nil
}

func (m *memStore) SetCredential(ctx context.Context, tenantID, playerID uint64, credentialHash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.players[playerID]
	if !ok || p.TenantID != tenantID {
		return errPlayerNotFound()
	}
	m.secrets = append(m.secrets, credentialHash)
	if credentialHash == "" {
		delete(m.credentials, playerID)
	} else {
		m.credentials[playerID] = credentialHash
	}
	p.Paired = credentialHash != ""
	m.players[playerID] = p
	return nil
}

func (m *memStore) PlayerByCredential(ctx context.Context, tenantID uint64, credentialHash string) (*Player, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.secrets = append(m.secrets, credentialHash)
	for id, h := range m.credentials {
		if p := m.players[id]; h == credentialHash && p.TenantID == tenantID {
			return &p, nil
		}
	}
	return nil, errPlayerNotFound()
}

func (m *memStore) Touch(ctx context.Context, tenantID, playerID uint64, seen time.Time, version, nowPlaying string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.touches = append(m.touches, touch{playerID: playerID, seen: seen, version: version, nowPlaying: nowPlaying})
	return nil
}

func (m *memStore) CreateDelivery(ctx context.Context, d *Delivery) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	d.ID = m.nextID()
	for i := range d.Plays {
		d.Plays[i].ID, d.Plays[i].DeliveryID, d.Plays[i].TenantID = m.nextID(), d.ID, d.TenantID
		m.plays[d.Plays[i].ID] = d.Plays[i]
	}
	stored := *d
	stored.Plays = slices.Clone(d.Plays)
	m.deliveries[d.ID] = stored
	return nil
}

func (m *memStore) Delivery(ctx context.Context, tenantID, id uint64) (*Delivery, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.deliveries[id]
	if !ok || d.TenantID != tenantID {
		return nil, domain.NotFound("delivery_not_found", "no such delivery")
	}
	d.Plays = slices.Clone(d.Plays)
	for i, p := range d.Plays {
		d.Plays[i] = m.plays[p.ID]
	}
	return &d, nil
}

func (m *memStore) Play(ctx context.Context, tenantID, id uint64) (*Play, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.plays[id]
	if !ok || p.TenantID != tenantID {
		return nil, domain.NotFound("play_not_found", "no such play")
	}
	return &p, nil
}

func (m *memStore) ScheduledPlay(ctx context.Context, tenantID, playerID, scheduleID uint64, from, to time.Time) (*Play, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var found *Play
	for _, p := range m.plays {
		if p.TenantID == tenantID && p.PlayerID == playerID && p.ScheduleID == scheduleID &&
			!p.RequestedAt.Before(from) && !p.RequestedAt.After(to) && (found == nil || p.RequestedAt.After(found.RequestedAt)) {
			found = &p
		}
	}
	if found == nil {
		return nil, domain.NotFound("play_not_found", "no such play")
	}
	return found, nil
}

func (m *memStore) AdvancePlay(ctx context.Context, tenantID, playerID, playID uint64, from []string, status string, at time.Time, errText string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.plays[playID]
	if !ok || p.TenantID != tenantID || p.PlayerID != playerID || !slices.Contains(from, p.Status) {
		return false, nil
	}
	switch {
	case status == StatusReceived:
		p.ReceivedAt = &at
	case status == StatusStarted:
		p.StartedAt = &at
	case Final(status):
		p.FinishedAt = &at
	default:
		return false, errors.New("advance play: unknown status " + status)
	}
	p.Status, p.Error = status, errText
	m.plays[playID] = p
	return true, nil
}

// OpenPlays returns pending and received plays, as the database store
// does, so that a reloaded page gets its queue back.
func (m *memStore) OpenPlays(ctx context.Context, tenantID, playerID uint64, since time.Time) ([]Play, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.openSince = append(m.openSince, since)
	var out []Play
	for _, p := range m.plays {
		open := p.Status == StatusPending || p.Status == StatusReceived
		if p.TenantID == tenantID && p.PlayerID == playerID && open && !p.RequestedAt.Before(since) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Play) int {
		if c := a.RequestedAt.Compare(b.RequestedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

func (m *memStore) ExpirePlays(ctx context.Context, before time.Time, errText string) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.expiries = append(m.expiries, expiry{before: before, errText: errText})
	var n int64
	for id, p := range m.plays {
		if p.Status == StatusPending && p.RequestedAt.Before(before) {
			p.Status, p.Error = StatusSkipped, errText
			m.plays[id] = p
			n++
		}
	}
	return n, nil
}

func (m *memStore) Plays(ctx context.Context, tenantID uint64, q PlayQuery) ([]Play, int64, error) {
	return nil, 0, errors.New("not used by these tests")
}

// play returns the stored play, failing the test when it is missing.
func (m *memStore) play(t *testing.T, id uint64) Play {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.plays[id]
	if !ok {
		t.Fatalf("play %d is not stored", id)
	}
	return p
}

// addPlay stores a play directly, as an earlier delivery would have.
func (m *memStore) addPlay(p Play) Play {
	m.mu.Lock()
	defer m.mu.Unlock()
	p.ID = m.nextID()
	m.plays[p.ID] = p
	return p
}

// fakeMessages knows which messages of which tenant are ready.
type fakeMessages struct {
	mu    sync.Mutex
	ready map[uint64]map[uint64]Audio // tenant → message → audio
}

func (f *fakeMessages) Playable(ctx context.Context, tenantID, messageID uint64) (Audio, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.ready[tenantID][messageID]
	if !ok {
		return Audio{}, domain.NotFound("message_not_found", "no such ready message")
	}
	return a, nil
}

func (f *fakeMessages) remove(tenantID, messageID uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.ready[tenantID], messageID)
}

// sent is one call to Live.Send.
type sent struct {
	tenantID  uint64
	playerIDs []uint64
	cmd       Command
}

// fakeLive records the commands sent to players. onSend, when set, runs
// before each one is recorded; err fails every send.
type fakeLive struct {
	mu     sync.Mutex
	sends  []sent
	onSend func(s sent)
	err    error
}

func (f *fakeLive) Send(ctx context.Context, tenantID uint64, playerIDs []uint64, cmd Command) error {
	s := sent{tenantID: tenantID, playerIDs: slices.Clone(playerIDs), cmd: cmd}
	if f.onSend != nil {
		f.onSend(s)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sends = append(f.sends, s)
	return f.err
}

func (f *fakeLive) all() []sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sends)
}

// fakeOutput records the deliveries it is offered.
type fakeOutput struct {
	mu         sync.Mutex
	deliveries []Delivery
}

func (f *fakeOutput) Deliver(ctx context.Context, tenantID uint64, d Delivery) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deliveries = append(f.deliveries, d)
	return true, nil
}

// fakeLimiter blocks a key for window once it has failed limit times.
type fakeLimiter struct {
	mu       sync.Mutex
	failures map[string]int
	window   map[string]time.Duration
}

func newFakeLimiter() *fakeLimiter {
	return &fakeLimiter{failures: map[string]int{}, window: map[string]time.Duration{}}
}

func (f *fakeLimiter) Blocked(ctx context.Context, key string, limit int) (time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failures[key] >= limit {
		return f.window[key], nil
	}
	return 0, nil
}

func (f *fakeLimiter) Fail(ctx context.Context, key string, window time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[key]++
	f.window[key] = window
	return nil
}

func (f *fakeLimiter) Reset(ctx context.Context, key string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.failures, key)
	return nil
}

// Test tenants, messages and players.
const (
	tenantA  uint64 = 1
	tenantB  uint64 = 2
	msgReady uint64 = 500
	msgOther uint64 = 501
	msgDraft uint64 = 502 // not ready anywhere
	msgOfB   uint64 = 600
)

// world is a players service on in-memory fakes, with three players of
// tenant A (two in "Nivel 2", one in "Nivel 1") and one of tenant B.
type world struct {
	svc      *Service
	store    *memStore
	messages *fakeMessages
	live     *fakeLive
	output   *fakeOutput
	limiter  *fakeLimiter
	audit    *audit.Memory
	now      time.Time

	lobby, food, cinema Player // tenant A
	other               Player // tenant B
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{store: newMemStore(), live: &fakeLive{}, output: &fakeOutput{}, limiter: newFakeLimiter(), audit: &audit.Memory{},
		now: time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)}
	w.messages = &fakeMessages{ready: map[uint64]map[uint64]Audio{
		tenantA: {msgReady: {Title: "Cierre en 15 minutos", DurationSeconds: 12.5}, msgOther: {Title: "Ofertas", DurationSeconds: 30}},
		tenantB: {msgOfB: {Title: "Otro mall", DurationSeconds: 8}},
	}}
	w.svc = NewService(Deps{Store: w.store, Messages: w.messages, Live: w.live, Outputs: []Output{w.output}, Limiter: w.limiter,
		Audit: audit.NewRecorder(w.audit, nil), AudioURL: func(id uint64) string { return "https://a.test/audio/" + strconv.FormatUint(id, 10) }})
	w.svc.now = func() time.Time { return w.now }
	w.lobby = w.addPlayer(t, tenantA, "Hall central", "Nivel 1")
	w.food = w.addPlayer(t, tenantA, "Patio de comidas", "Nivel 2")
	w.cinema = w.addPlayer(t, tenantA, "Cines", "Nivel 2")
	w.other = w.addPlayer(t, tenantB, "Hall", "Nivel 1")
	return w
}

func (w *world) addPlayer(t *testing.T, tenantID uint64, name, zone string) Player {
	t.Helper()
	p := NewPlayer(tenantID)
	p.Name, p.Zone = name, zone
	if err := w.store.SavePlayer(context.Background(), &p); err != nil {
		t.Fatalf("add player: %v", err)
	}
	return p
}
