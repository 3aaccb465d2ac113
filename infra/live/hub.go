// Package live is the WebSocket hub of the players' live channel: it greets
// each player, forwards its reports to the players domain and writes the
// commands addressed to it. Commands travel on an events.Bus, so a command
// issued on one replica reaches a player connected to another.
package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"mediaflow/domain/players"
	"mediaflow/infra/events"
)

// Players is what the hub needs from the players domain for one connection.
type Players interface {
	Authenticate(ctx context.Context, tenantID uint64, token string) (*players.Player, error)
	Connected(ctx context.Context, tenantID uint64, p players.Player, hello players.Report) ([]players.Command, error)
	Ack(ctx context.Context, tenantID, playerID uint64, r players.Report) error
	Heartbeat(ctx context.Context, tenantID, playerID uint64, r players.Report) error
	Offline(ctx context.Context, tenantID, playerID uint64, r players.Report) error
}

// Options tune a hub; zero values take the defaults.
type Options struct {
	// HelloTimeout is how long a new connection may stay silent before its
	// hello; 10 seconds by default.
	HelloTimeout time.Duration
	// PingInterval is how often the hub pings each player, and how long it
	// waits for the pong; 25 seconds by default.
	PingInterval time.Duration
	// SendBuffer is how many commands may wait for one connection; 64 by
	// default. A connection that falls that far behind is closed with 1008
	// "too slow" rather than holding up the others.
	SendBuffer int
	// Topic is the bus topic of the live channel; "live" by default.
	Topic string
	// Log receives connection events; discarded when nil.
	Log *slog.Logger
	// OriginPatterns lists the other origins allowed to open the channel,
	// as in websocket.AcceptOptions; the page's own host is always allowed.
	OriginPatterns []string
}

// Defaults of Options.
const (
	DefaultHelloTimeout = 10 * time.Second
	DefaultPingInterval = 25 * time.Second
	DefaultSendBuffer   = 64
	DefaultTopic        = "live"
)

func (o Options) withDefaults() Options {
	if o.HelloTimeout <= 0 {
		o.HelloTimeout = DefaultHelloTimeout
	}
	if o.PingInterval <= 0 {
		o.PingInterval = DefaultPingInterval
	}
	if o.SendBuffer <= 0 {
		o.SendBuffer = DefaultSendBuffer
	}
	if o.Topic == "" {
		o.Topic = DefaultTopic
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// Hub holds this replica's player connections and delivers the commands
// published on the bus to them.
type Hub struct {
	bus  events.Bus
	svc  Players
	opts Options
	log  *slog.Logger

	mu      sync.RWMutex
	conns   map[playerKey][]*conn // a player may have several tabs open
	tenants map[uint64]int        // connected players per tenant
	started bool
	stopped bool
}

var _ players.Live = (*Hub)(nil)

// playerKey names one player of one tenant; player IDs alone may repeat
// across tenants in the hub's view, so every look-up uses both.
type playerKey struct {
	tenantID, playerID uint64
}

// NewHub returns a hub that publishes and receives commands on bus and
// hands the players' reports to svc.
func NewHub(bus events.Bus, svc Players, opts Options) *Hub {
	opts = opts.withDefaults()
	return &Hub{bus: bus, svc: svc, opts: opts, log: opts.Log,
		conns: map[playerKey][]*conn{}, tenants: map[uint64]int{}}
}

// Start subscribes this replica to the live channel's topic and returns
// once subscribed, so call it before serving. When ctx ends the hub
// unsubscribes, closes every connection and refuses new ones.
func (h *Hub) Start(ctx context.Context) error {
	h.mu.Lock()
	if h.started {
		h.mu.Unlock()
		return errors.New("live hub already started")
	}
	h.started = true
	h.mu.Unlock()

	if _, err := h.bus.Subscribe(ctx, h.opts.Topic, h.deliver); err != nil {
		h.mu.Lock()
		h.started = false
		h.mu.Unlock()
		return fmt.Errorf("subscribe to live commands: %w", err)
	}
	context.AfterFunc(ctx, h.shutdown)
	return nil
}

// envelope is a command on the bus with the players it is for.
type envelope struct {
	TenantID  uint64          `json:"tenant_id"`
	PlayerIDs []uint64        `json:"player_ids"`
	Command   json.RawMessage `json:"command"`
}

// Send publishes cmd for the tenant's players on the bus; every replica
// writes it to the matching connections it holds. It returns once the
// command is published, not when players have received it: a player that
// is not connected gets its plays from the database when it comes back.
//
// An error that ends the player's credential (credential_revoked,
// credential_replaced, player_removed) is stamped with the time of the
// call unless it carries its IssuedAt already; it closes only the
// connections whose credential was checked before that time. Call Send
// after the change of credential is stored.
func (h *Hub) Send(ctx context.Context, tenantID uint64, playerIDs []uint64, cmd players.Command) error {
	if len(playerIDs) == 0 {
		return nil
	}
	if cmd.V == 0 {
		cmd.V = players.ProtocolVersion
	}
	if cmd.IssuedAt.IsZero() && isFinal(cmd.Type, cmd.Error) {
		cmd.IssuedAt = time.Now().UTC()
	}
	raw, err := json.Marshal(cmd)
	if err != nil {
		return fmt.Errorf("encode %s command: %w", cmd.Type, err)
	}
	payload, err := json.Marshal(envelope{TenantID: tenantID, PlayerIDs: playerIDs, Command: raw})
	if err != nil {
		return fmt.Errorf("encode %s command: %w", cmd.Type, err)
	}
	if err := h.bus.Publish(ctx, h.opts.Topic, payload); err != nil {
		return fmt.Errorf("send %s command to tenant %d: %w", cmd.Type, tenantID, err)
	}
	return nil
}

// deliver hands an envelope from the bus to the local connections of its
// tenant's players, but for those an error ending a credential spares. It
// never waits for a connection: one that has no room left is dropped.
func (h *Hub) deliver(payload []byte) {
	var env envelope
	if err := json.Unmarshal(payload, &env); err != nil || env.TenantID == 0 {
		h.log.Warn("live envelope ignored", "error", err)
		return
	}
	msg, err := newOutgoing(env.Command)
	if err != nil {
		h.log.Warn("live command ignored", "tenant_id", env.TenantID, "error", err)
		return
	}
	var slow []*conn
	spared := 0
	h.mu.RLock()
	for _, id := range env.PlayerIDs {
		for _, c := range h.conns[playerKey{env.TenantID, id}] {
			if msg.spares(c) {
				spared++
				continue
			}
			if !c.enqueue(msg) {
				slow = append(slow, c)
			}
		}
	}
	h.mu.RUnlock()
	if spared > 0 {
		h.log.Info("connections newer than a closing error left open", "tenant_id", env.TenantID,
			"error", msg.final, "connections", spared)
	}
	for _, c := range slow {
		h.log.Warn("player too slow, closing", "tenant_id", c.tenantID, "player_id", c.playerID)
		h.drop(c, closeTooSlow, "too slow")
	}
}

// register adds c to the hub; it fails once the hub has stopped.
func (h *Hub) register(c *conn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped {
		return false
	}
	k := playerKey{c.tenantID, c.playerID}
	if len(h.conns[k]) == 0 {
		h.tenants[c.tenantID]++
	}
	h.conns[k] = append(h.conns[k], c)
	return true
}

// unregister removes c from the hub; removing it twice is harmless.
func (h *Hub) unregister(c *conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	k := playerKey{c.tenantID, c.playerID}
	list := h.conns[k]
	for i, other := range list {
		if other != c {
			continue
		}
		list[i] = list[len(list)-1]
		list[len(list)-1] = nil
		list = list[:len(list)-1]
		break
	}
	if len(list) > 0 {
		h.conns[k] = list
		return
	}
	if _, ok := h.conns[k]; ok {
		delete(h.conns, k)
		if h.tenants[c.tenantID]--; h.tenants[c.tenantID] <= 0 {
			delete(h.tenants, c.tenantID)
		}
	}
}

// drop stops delivering to c and has its writer close it with code.
func (h *Hub) drop(c *conn, code closeCode, reason string) {
	h.unregister(c)
	c.stop(code, reason)
}

// shutdown closes every connection and refuses new ones.
func (h *Hub) shutdown() {
	h.mu.Lock()
	h.stopped = true
	var all []*conn
	for _, list := range h.conns {
		all = append(all, list...)
	}
	h.conns = map[playerKey][]*conn{}
	h.tenants = map[uint64]int{}
	h.mu.Unlock()
	for _, c := range all {
		c.stop(closeGoingAway, "server_shutdown")
	}
	h.log.Info("live hub stopped", "connections", len(all))
}

// Connected returns how many of the tenant's players are connected to this
// replica; a player with several connections counts once.
func (h *Hub) Connected(tenantID uint64) int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.tenants[tenantID]
}

// Total returns how many players, of every tenant, are connected to this
// replica.
func (h *Hub) Total() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.conns)
}
