package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"mediaflow/domain"
	"mediaflow/domain/players"
)

// closeCode is a WebSocket close status.
type closeCode = websocket.StatusCode

// Close codes of the live channel besides the protocol's own. The close
// reason carries a snake_case code such as "device_token_invalid".
const (
	// CloseBadHello: the first message was not a hello of this protocol
	// version (reason "protocol_version" or "hello_expected").
	CloseBadHello closeCode = 4400
	// CloseUnauthorized: the credential does not open this tenant's
	// player, or it was revoked or replaced while connected.
	CloseUnauthorized closeCode = 4401
	// CloseHelloTimeout: no hello arrived in time.
	CloseHelloTimeout closeCode = 4408

	closeGoingAway = websocket.StatusGoingAway
	closeTooSlow   = websocket.StatusPolicyViolation
	closeInternal  = websocket.StatusInternalError
)

const (
	// maxReport bounds one message from a player; a larger one closes the
	// connection with 1009.
	maxReport = 64 << 10
	// writeTimeout bounds writing one message to a player.
	writeTimeout = 10 * time.Second
	// maxCloseReason is what fits in a close frame.
	maxCloseReason = 123
)

// finalErrors are the error commands after which the player's credential
// no longer holds, so the hub closes the connection once it is written.
// Such a command carries when it was issued, and spares the connections
// whose credential was checked later: a device that paired again and
// reconnected before this replica read "credential_replaced" holds the new
// credential and must keep it.
var finalErrors = map[string]bool{
	"credential_revoked":  true,
	"credential_replaced": true,
	"player_removed":      true,
}

// isFinal reports whether a command of type typ with error code closes the
// connections it reaches.
func isFinal(typ, code string) bool {
	return typ == players.CommandError && finalErrors[code]
}

// outgoing is one command encoded for the wire, shared by every connection
// it goes to.
type outgoing struct {
	data     []byte
	playID   uint64    // of a play command, to skip a play already replayed
	final    string    // when set, close with CloseUnauthorized and this reason after writing
	issuedAt time.Time // of a final error; zero reaches every connection
}

// commandHead is what the hub needs to know of an encoded command.
type commandHead struct {
	Type     string    `json:"type"`
	PlayID   uint64    `json:"play_id"`
	Error    string    `json:"error"`
	IssuedAt time.Time `json:"issued_at"`
}

func outgoingFor(data []byte, head commandHead) *outgoing {
	m := &outgoing{data: data}
	if head.Type == players.CommandPlay {
		m.playID = head.PlayID
	}
	if isFinal(head.Type, head.Error) {
		m.final = head.Error
		m.issuedAt = head.IssuedAt
	}
	return m
}

// spares reports whether c is to be left out of m: m ends a credential,
// and c checked its own after m was issued, so it holds a newer one.
func (m *outgoing) spares(c *conn) bool {
	return m.final != "" && !m.issuedAt.IsZero() && !c.since.Before(m.issuedAt)
}

// newOutgoing reads what the hub needs to know from an encoded command.
func newOutgoing(raw []byte) (*outgoing, error) {
	var head commandHead
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("decode command: %w", err)
	}
	if head.Type == "" {
		return nil, errors.New("command without a type")
	}
	return outgoingFor(raw, head), nil
}

func encodeCommand(cmd players.Command) (*outgoing, error) {
	if cmd.V == 0 {
		cmd.V = players.ProtocolVersion
	}
	raw, err := json.Marshal(cmd)
	if err != nil {
		return nil, fmt.Errorf("encode %s command: %w", cmd.Type, err)
	}
	return outgoingFor(raw, commandHead{Type: cmd.Type, PlayID: cmd.PlayID, Error: cmd.Error, IssuedAt: cmd.IssuedAt}), nil
}

func errorCommand(code string, playID uint64) *outgoing {
	m, _ := encodeCommand(players.Command{Type: players.CommandError, Error: code, PlayID: playID})
	return m
}

// ackedCommand confirms that the player's ack of playID with status was
// recorded, so the player can forget it.
func ackedCommand(playID uint64, status string) *outgoing {
	m, _ := encodeCommand(players.Command{Type: players.CommandAcked, PlayID: playID, Status: status})
	return m
}

// conn is one player's WebSocket. Its reader runs in Serve; its writer is
// the only goroutine that writes messages to it.
type conn struct {
	hub                *Hub
	ws                 *websocket.Conn
	tenantID, playerID uint64
	// since is when the hub began checking the connection's credential; a
	// closing error issued before then does not concern it.
	since time.Time

	send     chan *outgoing
	initial  []*outgoing     // what Connected returned, written first
	replayed map[uint64]bool // plays among initial, not to be written twice
	pinging  atomic.Bool
	done     chan struct{} // closed when the writer has returned

	stopOnce sync.Once
	stopped  chan struct{}
	code     closeCode // set before stopped is closed
	reason   string
}

func (h *Hub) newConn(ws *websocket.Conn, tenantID uint64, g greeting) *conn {
	return &conn{hub: h, ws: ws, tenantID: tenantID, playerID: g.player.ID, since: g.checkedAt,
		send: make(chan *outgoing, h.opts.SendBuffer), done: make(chan struct{}), stopped: make(chan struct{})}
}

// enqueue queues m without waiting; it reports false when c has no room.
func (c *conn) enqueue(m *outgoing) bool {
	select {
	case c.send <- m:
		return true
	default:
		return false
	}
}

// stop asks the writer to close the connection with code; the first
// request wins.
func (c *conn) stop(code closeCode, reason string) {
	c.stopOnce.Do(func() {
		c.code, c.reason = code, reason
		close(c.stopped)
	})
}

// Serve upgrades the request to the live channel of the tenant's player and
// holds the connection until it closes; the caller has already resolved
// the tenant from the request's host. Serve returns an error only when the
// request could not be upgraded, in which case the response has been
// written; every later outcome reaches the player as a close code and is
// logged.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, tenantID uint64) error {
	h.mu.RLock()
	stopped := h.stopped
	h.mu.RUnlock()
	if stopped {
		http.Error(w, "the live channel is shutting down", http.StatusServiceUnavailable)
		return errors.New("live hub stopped")
	}
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: h.opts.OriginPatterns})
	if err != nil {
		return fmt.Errorf("open live channel: %w", err)
	}
	ws.SetReadLimit(maxReport)
	// The request's context must not end the connection once hijacked,
	// but its values (request ID and such) still apply.
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()

	g, ok := h.greet(ctx, ws, tenantID)
	if !ok {
		return nil
	}
	h.run(ctx, h.newConn(ws, tenantID, g), g.player, g.hello)
	return nil
}

// greeting is an authenticated hello.
type greeting struct {
	player players.Player
	hello  players.Report
	// checkedAt is taken before the credential is looked up, so a
	// credential changed before it cannot have been the one accepted.
	checkedAt time.Time
}

// greet waits for the player's hello and authenticates it. When it reports
// false the connection has been closed with the reason.
func (h *Hub) greet(ctx context.Context, ws *websocket.Conn, tenantID uint64) (greeting, bool) {
	var hello players.Report
	// Closing from a timer, rather than cancelling the read, is what lets
	// the player see a close code instead of a dropped connection.
	timer := time.AfterFunc(h.opts.HelloTimeout, func() { ws.Close(CloseHelloTimeout, "hello_timeout") })
	typ, data, err := ws.Read(ctx)
	if !timer.Stop() {
		h.log.Info("live channel refused", "tenant_id", tenantID, "reason", "hello_timeout")
		return greeting{}, false
	}
	if err != nil {
		ws.CloseNow()
		return greeting{}, false
	}

	if typ != websocket.MessageText || json.Unmarshal(data, &hello) != nil || hello.Type != players.ReportHello {
		return greeting{}, h.refuse(ws, tenantID, CloseBadHello, "hello_expected")
	}
	if hello.V != players.ProtocolVersion {
		return greeting{}, h.refuse(ws, tenantID, CloseBadHello, "protocol_version")
	}
	checkedAt := time.Now()
	p, err := h.svc.Authenticate(ctx, tenantID, hello.Token)
	if err != nil {
		code, reason := authFailure(err)
		if code == closeInternal {
			h.log.Error("authenticate player", "tenant_id", tenantID, "error", err)
		}
		return greeting{}, h.refuse(ws, tenantID, code, reason)
	}
	return greeting{player: *p, hello: hello, checkedAt: checkedAt}, true
}

// refuse closes a connection that did not get past hello; it returns false
// so greet can answer with it.
func (h *Hub) refuse(ws *websocket.Conn, tenantID uint64, code closeCode, reason string) bool {
	h.log.Info("live channel refused", "tenant_id", tenantID, "reason", reason)
	ws.Close(code, closeReason(reason))
	return false
}

// authFailure chooses how to close after a failed authentication. A wrong
// credential closes with CloseUnauthorized, which sends the player back to
// pairing; a failure of the server must not, so it closes with 1011 and the
// player retries.
func authFailure(err error) (closeCode, string) {
	var de *domain.Error
	if !errors.As(err, &de) {
		return closeInternal, "internal_error"
	}
	switch de.Kind {
	case domain.KindInternal, domain.KindUnavailable:
		return closeInternal, de.Code
	}
	return CloseUnauthorized, de.Code
}

func closeReason(s string) string {
	if len(s) > maxCloseReason {
		return s[:maxCloseReason]
	}
	return s
}

// run registers an authenticated connection, greets the player and serves
// it until it closes. The connection is registered before Connected reads
// the plays to replay, so a play recorded meanwhile is not lost: its live
// command waits in the buffer and is skipped if the replay included it.
func (h *Hub) run(ctx context.Context, c *conn, p players.Player, hello players.Report) {
	if !h.register(c) {
		c.ws.Close(closeGoingAway, "server_shutdown")
		return
	}
	defer h.unregister(c)
	if err := h.welcome(ctx, c, p, hello); err != nil {
		h.log.Error("greet player", "tenant_id", c.tenantID, "player_id", c.playerID, "error", err)
		c.ws.Close(closeInternal, "internal_error")
		return
	}
	h.log.Info("player connected", "tenant_id", c.tenantID, "player_id", c.playerID, "version", hello.Version)
	began := time.Now()

	go c.writeLoop(ctx)
	err := c.readLoop(ctx)

	c.stop(websocket.StatusNormalClosure, "")
	<-c.done
	c.ws.CloseNow()
	h.log.Info("player disconnected", "tenant_id", c.tenantID, "player_id", c.playerID, "status", int(websocket.CloseStatus(err)),
		"duration_ms", time.Since(began).Milliseconds())
}

// welcome asks the domain what to tell the player first.
func (h *Hub) welcome(ctx context.Context, c *conn, p players.Player, hello players.Report) error {
	cmds, err := h.svc.Connected(ctx, c.tenantID, p, hello)
	if err != nil {
		return fmt.Errorf("player %d connected: %w", p.ID, err)
	}
	for _, cmd := range cmds {
		m, err := encodeCommand(cmd)
		if err != nil {
			return err
		}
		if m.playID != 0 {
			if c.replayed == nil {
				c.replayed = map[uint64]bool{}
			}
			c.replayed[m.playID] = true
		}
		c.initial = append(c.initial, m)
	}
	return nil
}

// readLoop hands the player's reports to the domain until the connection
// ends, and returns why it ended.
func (c *conn) readLoop(ctx context.Context) error {
	for {
		typ, data, err := c.ws.Read(ctx)
		if err != nil {
			return err
		}
		if reply := c.handle(ctx, typ, data); reply != nil && !c.enqueue(reply) {
			c.hub.drop(c, closeTooSlow, "too slow")
		}
	}
}

// handle acts on one report and returns the answer to write, if any.
// Reports are always the connection's own player's, whatever they say.
func (c *conn) handle(ctx context.Context, typ websocket.MessageType, data []byte) *outgoing {
	var r players.Report
	if typ != websocket.MessageText || json.Unmarshal(data, &r) != nil {
		return errorCommand("invalid_report", 0)
	}
	if r.V != players.ProtocolVersion {
		return errorCommand("protocol_version", r.PlayID)
	}
	switch r.Type {
	case players.ReportAck:
		if err := c.hub.svc.Ack(ctx, c.tenantID, c.playerID, r); err != nil {
			return errorCommand(c.errorCode("ack", err), r.PlayID)
		}
		return ackedCommand(r.PlayID, r.Status)
	case players.ReportOffline:
		if err := c.hub.svc.Offline(ctx, c.tenantID, c.playerID, r); err != nil {
			// The refusal names the occurrence, so the player can let go of it.
			m, _ := encodeCommand(players.Command{Type: players.CommandError, Error: c.errorCode("offline", err), ScheduleID: r.ScheduleID, At: r.At})
			return m
		}
		m, _ := encodeCommand(players.Command{Type: players.CommandAcked, ScheduleID: r.ScheduleID, At: r.At, Status: players.ReportOffline})
		return m
	case players.ReportHeartbeat:
		if err := c.hub.svc.Heartbeat(ctx, c.tenantID, c.playerID, r); err != nil {
			c.hub.log.Warn("heartbeat not recorded", "tenant_id", c.tenantID, "player_id", c.playerID, "error", err)
		}
	default:
		return errorCommand("invalid_report", r.PlayID)
	}
	return nil
}

// errorCode names a refused report's error for the player; failures of
// the server are logged and stay internal.
func (c *conn) errorCode(what string, err error) string {
	var de *domain.Error
	if errors.As(err, &de) && de.Kind != domain.KindInternal {
		return de.Code
	}
	c.hub.log.Error("report not recorded", "tenant_id", c.tenantID, "player_id", c.playerID, "report", what, "error", err)
	return "internal_error"
}

// writeLoop writes the greeting, then queued commands and pings, until the
// connection is stopped or fails.
func (c *conn) writeLoop(ctx context.Context) {
	defer close(c.done)
	for _, m := range c.initial {
		if !c.write(ctx, m, false) {
			return
		}
	}
	c.initial = nil
	ping := time.NewTicker(c.hub.opts.PingInterval)
	defer ping.Stop()
	for {
		// A stopped connection writes nothing more, even with commands queued.
		select {
		case <-c.stopped:
			c.ws.Close(c.code, c.reason)
			return
		default:
		}
		select {
		case <-c.stopped:
		case m := <-c.send:
			if !c.write(ctx, m, true) {
				return
			}
		case <-ping.C:
			c.ping(ctx)
		}
	}
}

// write writes one command and reports whether the connection goes on.
func (c *conn) write(ctx context.Context, m *outgoing, live bool) bool {
	if live && m.playID != 0 && c.replayed[m.playID] {
		return true
	}
	wctx, cancel := context.WithTimeout(ctx, writeTimeout)
	err := c.ws.Write(wctx, websocket.MessageText, m.data)
	cancel()
	if err != nil {
		return false // the library has closed the connection; the reader ends too
	}
	if m.final != "" {
		c.hub.unregister(c)
		c.ws.Close(CloseUnauthorized, m.final)
		return false
	}
	return true
}

// ping checks that the player still answers, without holding up the
// writer while the pong is on its way. One ping is in flight at most.
func (c *conn) ping(ctx context.Context) {
	if !c.pinging.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer c.pinging.Store(false)
		pctx, cancel := context.WithTimeout(ctx, c.hub.opts.PingInterval)
		defer cancel()
		err := c.ws.Ping(pctx)
		if err != nil && !errors.Is(err, net.ErrClosed) && ctx.Err() == nil {
			c.hub.log.Info("player stopped answering pings", "tenant_id", c.tenantID, "player_id", c.playerID)
			c.hub.drop(c, closeGoingAway, "pong_timeout")
		}
	}()
}
