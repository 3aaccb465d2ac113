package live_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"mediaflow/domain"
	"mediaflow/domain/players"
	"mediaflow/infra/dbtest"
	"mediaflow/infra/events"
	"mediaflow/infra/live"
)

func TestMain(m *testing.M) {
	if url := os.Getenv(benchClientsURL); url != "" {
		os.Exit(runBenchClients(url)) // a benchmark's simulated players
	}
	os.Exit(dbtest.Main(m))
}

// unknownPlay is a play ID the fake refuses as another player's.
const unknownPlay = 999

// report is a report as the fake received it, with the IDs the hub gave.
type report struct {
	tenantID, playerID uint64
	r                  players.Report
}

// fakePlayers stands in for the players service: tokens map to players,
// and every report lands on a channel.
type fakePlayers struct {
	mu      sync.Mutex
	byToken map[string]players.Player
	pending map[[2]uint64][]players.Command
	authErr error
	reports chan report
}

func newFakePlayers() *fakePlayers {
	return &fakePlayers{byToken: map[string]players.Player{}, pending: map[[2]uint64][]players.Command{},
		reports: make(chan report, 100)}
}

// add creates a player of the tenant and returns its credential.
func (f *fakePlayers) add(tenantID, playerID uint64) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	token := fmt.Sprintf("mfp_%d_%d", tenantID, playerID)
	f.byToken[token] = players.Player{ID: playerID, TenantID: tenantID, Name: "Sala " + strconv.FormatUint(playerID, 10)}
	return token
}

func (f *fakePlayers) addPending(tenantID, playerID uint64, cmds ...players.Command) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := [2]uint64{tenantID, playerID}
	f.pending[k] = append(f.pending[k], cmds...)
}

func (f *fakePlayers) Authenticate(ctx context.Context, tenantID uint64, token string) (*players.Player, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.authErr != nil {
		return nil, f.authErr
	}
	p, ok := f.byToken[token]
	if !ok || p.TenantID != tenantID {
		return nil, domain.Unauthorized("device_token_invalid", "pair again")
	}
	return &p, nil
}

func (f *fakePlayers) Connected(ctx context.Context, tenantID uint64, p players.Player, hello players.Report) ([]players.Command, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cmds := []players.Command{{V: players.ProtocolVersion, Type: players.CommandWelcome, Player: players.WelcomeFor(p)}}
	return append(cmds, f.pending[[2]uint64{tenantID, p.ID}]...), nil
}

func (f *fakePlayers) Ack(ctx context.Context, tenantID, playerID uint64, r players.Report) error {
	f.record(tenantID, playerID, r)
	if r.PlayID == unknownPlay {
		return domain.NotFound("play_not_found", "no such play for this player")
	}
	return nil
}

func (f *fakePlayers) Heartbeat(ctx context.Context, tenantID, playerID uint64, r players.Report) error {
	f.record(tenantID, playerID, r)
	return nil
}

func (f *fakePlayers) Offline(ctx context.Context, tenantID, playerID uint64, r players.Report) error {
	f.record(tenantID, playerID, r)
	if r.ScheduleID == 0 {
		return domain.Invalid("invalid_report", "no schedule", nil)
	}
	return nil
}

func (f *fakePlayers) record(tenantID, playerID uint64, r players.Report) {
	select {
	case f.reports <- report{tenantID, playerID, r}:
	default: // benchmarks do not read them
	}
}

// nextReport waits for the next report the fake received.
func (f *fakePlayers) nextReport(t *testing.T) report {
	t.Helper()
	select {
	case r := <-f.reports:
		return r
	case <-time.After(5 * time.Second):
		t.Fatal("no report reached the players service")
		return report{}
	}
}

// startHub starts a hub on bus and serves it; the test's query parameter
// "tenant" stands for the tenant the app resolves from the host.
func startHub(t testing.TB, bus events.Bus, svc live.Players, opts live.Options) (*live.Hub, *httptest.Server, context.CancelFunc) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	hub := live.NewHub(bus, svc, opts)
	if err := hub.Start(ctx); err != nil {
		t.Fatalf("start hub: %v", err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tenant, _ := strconv.ParseUint(r.URL.Query().Get("tenant"), 10, 64)
		hub.Serve(w, r, tenant)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(cancel)
	return hub, srv, cancel
}

func wsURL(srv *httptest.Server, tenantID uint64) string {
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws/player?tenant=" + strconv.FormatUint(tenantID, 10)
}

// client is a player's end of the live channel.
type client struct {
	t  *testing.T
	ws *websocket.Conn
}

func dial(t *testing.T, srv *httptest.Server, tenantID uint64) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, wsURL(srv, tenantID), nil)
	if err != nil {
		t.Fatalf("dial live channel: %v", err)
	}
	ws.SetReadLimit(-1)
	t.Cleanup(func() { ws.CloseNow() })
	return &client{t: t, ws: ws}
}

// connect dials, says hello with token and expects the welcome.
func connect(t *testing.T, srv *httptest.Server, tenantID uint64, token string) *client {
	t.Helper()
	c := dial(t, srv, tenantID)
	c.sendJSON(map[string]any{"v": 1, "type": "hello", "token": token, "version": "1.0.0"})
	if w := c.next(); w.Type != players.CommandWelcome || w.Player == nil {
		t.Fatalf("first command %+v, want a welcome", w)
	}
	return c
}

func (c *client) sendJSON(v any) {
	c.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(websocket.MessageText, b)
}

func (c *client) sendRaw(typ websocket.MessageType, b []byte) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, typ, b); err != nil {
		c.t.Fatalf("write report: %v", err)
	}
}

// nextRaw reads the next command as written on the wire.
func (c *client) nextRaw() []byte {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, b, err := c.ws.Read(ctx)
	if err != nil {
		c.t.Fatalf("read command: %v", err)
	}
	return b
}

// next reads the next command.
func (c *client) next() players.Command {
	c.t.Helper()
	b := c.nextRaw()
	var cmd players.Command
	if err := json.Unmarshal(b, &cmd); err != nil {
		c.t.Fatalf("decode command %s: %v", b, err)
	}
	if cmd.V != players.ProtocolVersion {
		c.t.Fatalf("command %s without the protocol version", b)
	}
	return cmd
}

// closed reads until the server closes the connection and returns the
// close status and reason, discarding commands on the way.
func (c *client) closed() (websocket.StatusCode, string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		_, _, err := c.ws.Read(ctx)
		if err == nil {
			continue
		}
		var ce websocket.CloseError
		if !errors.As(err, &ce) {
			c.t.Fatalf("connection ended without a close frame: %v", err)
		}
		return ce.Code, ce.Reason
	}
}

// waitFor waits up to 5 seconds until cond holds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	waitWithin(t, what, 5*time.Second, cond)
}

func waitWithin(t testing.TB, what string, within time.Duration, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(within)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func play(id uint64) players.Command {
	return players.Command{Type: players.CommandPlay, PlayID: id, MessageID: 40 + id, Priority: players.PriorityNormal,
		Title: "Cierre en 15 minutos", AudioURL: fmt.Sprintf("/api/v1/device/messages/%d/audio", 40+id)}
}

// redisBus returns a bus on the test Redis server, as one replica sees it;
// buses made with the same prefix share their channels.
func redisBus(t testing.TB, prefix string) events.Bus {
	t.Helper()
	client, err := events.ParseRedisURL(dbtest.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return events.NewRedis(client, prefix)
}
