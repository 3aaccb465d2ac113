package live_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"mediaflow/domain/players"
	"mediaflow/infra/events"
	"mediaflow/infra/live"
)

func TestHelloIsAnsweredWithTheWelcomeThenTheMissedPlaysInOrder(t *testing.T) {
	fake := newFakePlayers()
	token := fake.add(1, 7)
	fake.addPending(1, 7, play(11), play(12), play(13))
	hub, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{})

	c := dial(t, srv, 1)
	c.sendJSON(map[string]any{"v": 1, "type": "hello", "token": token, "version": "1.0.0"})
	if w := c.next(); w.Type != players.CommandWelcome || w.Player == nil || w.Player.ID != 7 {
		t.Fatalf("first command %+v, want the welcome of player 7", w)
	}
	for _, want := range []uint64{11, 12, 13} {
		if got := c.next(); got.Type != players.CommandPlay || got.PlayID != want {
			t.Fatalf("command %+v, want play %d", got, want)
		}
	}
	if n := hub.Connected(1); n != 1 {
		t.Fatalf("Connected(1) = %d, want 1", n)
	}

	// A play already replayed is not written again when its live command
	// arrives late; the next one is.
	ctx := context.Background()
	if err := hub.Send(ctx, 1, []uint64{7}, play(12)); err != nil {
		t.Fatal(err)
	}
	if err := hub.Send(ctx, 1, []uint64{7}, play(14)); err != nil {
		t.Fatal(err)
	}
	if got := c.next(); got.PlayID != 14 {
		t.Fatalf("command %+v, want play 14 only", got)
	}
}

func TestHelloRefusals(t *testing.T) {
	tests := []struct {
		name       string
		hello      string // empty: say nothing
		authErr    error
		wantCode   websocket.StatusCode
		wantReason string
	}{
		{"a wrong credential", `{"v":1,"type":"hello","token":"mfp_nope"}`, nil, live.CloseUnauthorized, "device_token_invalid"},
		{"another tenant's credential", `{"v":1,"type":"hello","token":"mfp_2_7"}`, nil, live.CloseUnauthorized, "device_token_invalid"},
		{"another protocol version", `{"v":2,"type":"hello","token":"mfp_1_7"}`, nil, live.CloseBadHello, "protocol_version"},
		{"a report before hello", `{"v":1,"type":"heartbeat"}`, nil, live.CloseBadHello, "hello_expected"},
		{"text that is not JSON", `hello`, nil, live.CloseBadHello, "hello_expected"},
		{"silence", "", nil, live.CloseHelloTimeout, "hello_timeout"},
		{"a server failure", `{"v":1,"type":"hello","token":"mfp_1_7"}`, errors.New("database is down"),
			websocket.StatusInternalError, "internal_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" closes the connection", func(t *testing.T) {
			fake := newFakePlayers()
			fake.add(1, 7)
			fake.add(2, 7)
			fake.authErr = tt.authErr
			hub, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{HelloTimeout: 200 * time.Millisecond})

			c := dial(t, srv, 1)
			if tt.hello != "" {
				c.sendRaw(websocket.MessageText, []byte(tt.hello))
			}
			code, reason := c.closed()
			if code != tt.wantCode || reason != tt.wantReason {
				t.Fatalf("closed with %d %q, want %d %q", code, reason, tt.wantCode, tt.wantReason)
			}
			if n := hub.Total(); n != 0 {
				t.Fatalf("Total() = %d after a refusal", n)
			}
		})
	}
}

func TestSendReachesOnlyTheAddressedPlayersOfTheAddressedTenant(t *testing.T) {
	fake := newFakePlayers()
	hub, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{})
	tab1 := connect(t, srv, 1, fake.add(1, 7))
	tab2 := connect(t, srv, 1, fake.add(1, 7))
	other := connect(t, srv, 1, fake.add(1, 8))
	sameID := connect(t, srv, 2, fake.add(2, 7))
	if hub.Connected(1) != 2 || hub.Connected(2) != 1 || hub.Total() != 3 {
		t.Fatalf("connected players: tenant 1 %d, tenant 2 %d, total %d; want 2, 1, 3",
			hub.Connected(1), hub.Connected(2), hub.Total())
	}

	ctx := context.Background()
	if err := hub.Send(ctx, 1, []uint64{7}, play(101)); err != nil {
		t.Fatal(err)
	}
	for i, tab := range []*client{tab1, tab2} {
		if got := tab.next(); got.Type != players.CommandPlay || got.PlayID != 101 {
			t.Fatalf("tab %d got %+v, want play 101", i+1, got)
		}
	}
	// Each bystander's next command is a marker sent after the play, so
	// the play never reached them.
	if err := hub.Send(ctx, 1, []uint64{8}, players.Command{Type: players.CommandResync}); err != nil {
		t.Fatal(err)
	}
	if err := hub.Send(ctx, 2, []uint64{7}, players.Command{Type: players.CommandResync}); err != nil {
		t.Fatal(err)
	}
	if got := other.next(); got.Type != players.CommandResync {
		t.Fatalf("another player of the tenant got %+v", got)
	}
	if got := sameID.next(); got.Type != players.CommandResync {
		t.Fatalf("the same player ID of another tenant got %+v", got)
	}
}

func TestReportsAreAttributedToTheConnectionsOwnPlayer(t *testing.T) {
	fake := newFakePlayers()
	_, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{})
	player8 := connect(t, srv, 1, fake.add(1, 8))
	tenant2 := connect(t, srv, 2, fake.add(2, 7))

	// IDs written into a report are not the hub's to believe.
	player8.sendJSON(map[string]any{"v": 1, "type": "ack", "play_id": 5, "status": "started", "tenant_id": 2, "player_id": 7})
	got := fake.nextReport(t)
	if got.tenantID != 1 || got.playerID != 8 || got.r.Type != players.ReportAck || got.r.PlayID != 5 || got.r.Status != "started" {
		t.Fatalf("ack recorded as %+v, want play 5 started by player 8 of tenant 1", got)
	}
	tenant2.sendJSON(map[string]any{"v": 1, "type": "heartbeat", "now_playing": "Música ambiente", "player_id": 8})
	got = fake.nextReport(t)
	if got.tenantID != 2 || got.playerID != 7 || got.r.Type != players.ReportHeartbeat || got.r.NowPlaying != "Música ambiente" {
		t.Fatalf("heartbeat recorded as %+v, want player 7 of tenant 2", got)
	}
}

func TestRecordedAcksAreConfirmedWithTheStatusAsReported(t *testing.T) {
	fake := newFakePlayers()
	_, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{})
	c := connect(t, srv, 1, fake.add(1, 7))

	for _, ack := range []struct {
		playID uint64
		status string
	}{{31, "received"}, {31, "started"}, {32, "skipped"}, {31, "finished"}} {
		c.sendJSON(map[string]any{"v": 1, "type": "ack", "play_id": ack.playID, "status": ack.status, "at": "2026-12-24T18:30:00Z"})
		want := fmt.Sprintf(`{"v":1,"type":"acked","play_id":%d,"status":%q}`, ack.playID, ack.status)
		if got := string(c.nextRaw()); got != want {
			t.Fatalf("answer to the ack of play %d %s: %s, want %s", ack.playID, ack.status, got, want)
		}
		if r := fake.nextReport(t); r.r.PlayID != ack.playID || r.r.Status != ack.status {
			t.Fatalf("recorded %+v, want play %d %s", r.r, ack.playID, ack.status)
		}
	}
}

func TestOfflinePlaysAreRecordedAndConfirmedByScheduleAndTime(t *testing.T) {
	fake := newFakePlayers()
	_, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{})
	c := connect(t, srv, 1, fake.add(1, 7))

	c.sendJSON(map[string]any{"v": 1, "type": "offline", "schedule_id": 12, "message_id": 3, "at": "2026-12-24T21:30:00Z",
		"started_at": "2026-12-24T21:30:01Z", "finished_at": "2026-12-24T21:30:09Z", "status": "finished"})
	want := `{"v":1,"type":"acked","schedule_id":12,"at":"2026-12-24T21:30:00Z","status":"offline"}`
	if got := string(c.nextRaw()); got != want {
		t.Fatalf("answer: %s, want %s", got, want)
	}
	if r := fake.nextReport(t); r.playerID != 7 || r.r.ScheduleID != 12 || r.r.FinishedAt.IsZero() {
		t.Fatalf("recorded %+v", r)
	}
	c.sendJSON(map[string]any{"v": 1, "type": "offline", "at": "2026-12-24T21:30:00Z", "status": "finished"})
	if got := c.next(); got.Type != players.CommandError || got.Error != "invalid_report" || got.At.IsZero() {
		t.Fatalf("an offline report without a schedule: %+v", got)
	}
}

func TestRefusedReportsAreAnsweredWithAnErrorAndTheConnectionStays(t *testing.T) {
	tests := []struct {
		name       string
		typ        websocket.MessageType
		report     string
		wantError  string
		wantPlayID uint64
	}{
		{"an ack of another player's play", websocket.MessageText, `{"v":1,"type":"ack","play_id":999,"status":"started"}`, "play_not_found", unknownPlay},
		{"text that is not JSON", websocket.MessageText, `{"v":1,`, "invalid_report", 0},
		{"a binary message", websocket.MessageBinary, `{"v":1,"type":"heartbeat"}`, "invalid_report", 0},
		{"an unknown report", websocket.MessageText, `{"v":1,"type":"dance","play_id":3}`, "invalid_report", 3},
		{"another protocol version", websocket.MessageText, `{"v":2,"type":"heartbeat"}`, "protocol_version", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFakePlayers()
			hub, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{})
			c := connect(t, srv, 1, fake.add(1, 7))

			c.sendRaw(tt.typ, []byte(tt.report))
			got := c.next()
			if got.Type != players.CommandError || got.Error != tt.wantError || got.PlayID != tt.wantPlayID {
				t.Fatalf("answer %+v, want error %q for play %d", got, tt.wantError, tt.wantPlayID)
			}
			// A marker sent now is the next command: nothing, and no
			// "acked" in particular, followed the error.
			if err := hub.Send(context.Background(), 1, []uint64{7}, players.Command{Type: players.CommandResync}); err != nil {
				t.Fatal(err)
			}
			if got := c.next(); got.Type != players.CommandResync {
				t.Fatalf("after the error came %+v, want only the resync marker", got)
			}

			c.sendJSON(map[string]any{"v": 1, "type": "heartbeat", "now_playing": "after"})
			for {
				r := fake.nextReport(t)
				if r.r.Type == players.ReportHeartbeat && r.r.NowPlaying == "after" {
					break
				}
			}
		})
	}
}

func TestReportOverTheSizeLimitClosesTheConnection(t *testing.T) {
	fake := newFakePlayers()
	hub, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{})
	c := connect(t, srv, 1, fake.add(1, 7))

	big := fmt.Sprintf(`{"v":1,"type":"heartbeat","now_playing":%q}`, strings.Repeat("a", 65<<10))
	c.sendRaw(websocket.MessageText, []byte(big))
	if code, _ := c.closed(); code != websocket.StatusMessageTooBig {
		t.Fatalf("closed with %d, want %d", code, websocket.StatusMessageTooBig)
	}
	waitFor(t, "the player to be unregistered", func() bool { return hub.Total() == 0 })
}

func TestFinalErrorsAreWrittenThenCloseTheConnection(t *testing.T) {
	for _, code := range []string{"credential_revoked", "credential_replaced", "player_removed"} {
		t.Run(code, func(t *testing.T) {
			fake := newFakePlayers()
			hub, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{})
			c := connect(t, srv, 1, fake.add(1, 7))
			bystander := connect(t, srv, 1, fake.add(1, 8))

			if err := hub.Send(context.Background(), 1, []uint64{7}, players.Command{Type: players.CommandError, Error: code}); err != nil {
				t.Fatal(err)
			}
			if got := c.next(); got.Type != players.CommandError || got.Error != code {
				t.Fatalf("command %+v, want error %s", got, code)
			}
			if status, reason := c.closed(); status != live.CloseUnauthorized || reason != code {
				t.Fatalf("closed with %d %q, want %d %q", status, reason, live.CloseUnauthorized, code)
			}
			waitFor(t, "the player to be unregistered", func() bool { return hub.Connected(1) == 1 })

			// Other errors leave the connection open.
			if err := hub.Send(context.Background(), 1, []uint64{8}, players.Command{Type: players.CommandError, Error: "invalid_report"}); err != nil {
				t.Fatal(err)
			}
			bystander.next()
			bystander.sendJSON(map[string]any{"v": 1, "type": "heartbeat"})
			if r := fake.nextReport(t); r.playerID != 8 {
				t.Fatalf("report %+v, want player 8's heartbeat", r)
			}
		})
	}
}

func TestFinalErrorsSpareConnectionsWhoseCredentialWasCheckedAfterwards(t *testing.T) {
	for _, code := range []string{"credential_revoked", "credential_replaced", "player_removed"} {
		t.Run(code, func(t *testing.T) {
			// The error is issued on one replica and read late by another,
			// after the device paired again and reconnected there.
			bus := events.NewMemory()
			fake := newFakePlayers()
			token := fake.add(1, 7)
			sender, _, _ := startHub(t, bus, fake, live.Options{})
			holder, srv, _ := startHub(t, bus, fake, live.Options{})
			old := connect(t, srv, 1, token)
			issued := time.Now()
			fresh := connect(t, srv, 1, token)

			ctx := context.Background()
			cmd := players.Command{Type: players.CommandError, Error: code, IssuedAt: issued}
			if err := sender.Send(ctx, 1, []uint64{7}, cmd); err != nil {
				t.Fatal(err)
			}
			if got := old.next(); got.Type != players.CommandError || got.Error != code {
				t.Fatalf("the older connection got %+v, want error %s", got, code)
			}
			if status, reason := old.closed(); status != live.CloseUnauthorized || reason != code {
				t.Fatalf("the older connection closed with %d %q, want %d %q", status, reason, live.CloseUnauthorized, code)
			}

			if err := sender.Send(ctx, 1, []uint64{7}, players.Command{Type: players.CommandResync}); err != nil {
				t.Fatal(err)
			}
			if got := fresh.next(); got.Type != players.CommandResync {
				t.Fatalf("the newer connection got %+v, want the resync sent after the error", got)
			}
			fresh.sendJSON(map[string]any{"v": 1, "type": "heartbeat", "now_playing": "still here"})
			for {
				if r := fake.nextReport(t); r.r.NowPlaying == "still here" {
					break
				}
			}
			if n := holder.Connected(1); n != 1 {
				t.Fatalf("Connected(1) = %d, want the newer connection only", n)
			}
		})
	}
}

func TestSendStampsFinalErrorsWithWhenTheyWereIssued(t *testing.T) {
	bus := events.NewMemory()
	commands := make(chan map[string]any, 10)
	if _, err := bus.Subscribe(context.Background(), live.DefaultTopic, func(b []byte) {
		var env struct {
			Command map[string]any `json:"command"`
		}
		if err := json.Unmarshal(b, &env); err == nil {
			commands <- env.Command
		}
	}); err != nil {
		t.Fatal(err)
	}
	hub := live.NewHub(bus, newFakePlayers(), live.Options{})
	given := time.Date(2026, 12, 24, 18, 30, 0, 0, time.UTC)
	tests := []struct {
		name    string
		cmd     players.Command
		stamped bool      // carries a time of the call
		want    time.Time // or this one; zero: none
	}{
		{"a revoked credential", players.Command{Type: players.CommandError, Error: "credential_revoked"}, true, time.Time{}},
		{"a replaced credential", players.Command{Type: players.CommandError, Error: "credential_replaced"}, true, time.Time{}},
		{"a removed player", players.Command{Type: players.CommandError, Error: "player_removed"}, true, time.Time{}},
		{"a time given by the caller", players.Command{Type: players.CommandError, Error: "credential_replaced", IssuedAt: given}, false, given},
		{"another error", players.Command{Type: players.CommandError, Error: "invalid_report"}, false, time.Time{}},
		{"a resync", players.Command{Type: players.CommandResync}, false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := time.Now()
			if err := hub.Send(context.Background(), 1, []uint64{7}, tt.cmd); err != nil {
				t.Fatal(err)
			}
			after := time.Now()
			var got map[string]any
			select {
			case got = <-commands:
			case <-time.After(5 * time.Second):
				t.Fatal("nothing published")
			}
			raw, has := got["issued_at"].(string)
			switch {
			case tt.stamped:
				at, err := time.Parse(time.RFC3339Nano, raw)
				if err != nil || at.Before(before) || at.After(after) {
					t.Fatalf("issued_at %q (%v), want a time between %s and %s", raw, err, before, after)
				}
			case !tt.want.IsZero():
				if at, err := time.Parse(time.RFC3339Nano, raw); err != nil || !at.Equal(tt.want) {
					t.Fatalf("issued_at %q, want %s", raw, tt.want)
				}
			case has:
				t.Fatalf("issued_at %q on a command that closes nothing", raw)
			}
		})
	}
}

func TestSendReachesAPlayerConnectedToAnotherReplica(t *testing.T) {
	buses := map[string]func(t *testing.T) (events.Bus, events.Bus){
		"memory": func(t *testing.T) (events.Bus, events.Bus) {
			b := events.NewMemory()
			return b, b
		},
		"redis": func(t *testing.T) (events.Bus, events.Bus) {
			prefix := fmt.Sprintf("test:live:%d:", time.Now().UnixNano())
			return redisBus(t, prefix), redisBus(t, prefix)
		},
	}
	for name, newBuses := range buses {
		t.Run("through the "+name+" bus", func(t *testing.T) {
			bus1, bus2 := newBuses(t)
			fake := newFakePlayers()
			hub1, srv1, _ := startHub(t, bus1, fake, live.Options{})
			hub2, srv2, _ := startHub(t, bus2, fake, live.Options{})
			target := connect(t, srv2, 1, fake.add(1, 7))
			sameID := connect(t, srv1, 2, fake.add(2, 7))

			ctx := context.Background()
			if err := hub1.Send(ctx, 1, []uint64{7}, play(21)); err != nil {
				t.Fatal(err)
			}
			if got := target.next(); got.Type != players.CommandPlay || got.PlayID != 21 {
				t.Fatalf("player on the other replica got %+v, want play 21", got)
			}
			if err := hub2.Send(ctx, 2, []uint64{7}, players.Command{Type: players.CommandResync}); err != nil {
				t.Fatal(err)
			}
			if got := sameID.next(); got.Type != players.CommandResync {
				t.Fatalf("the same player ID of another tenant got %+v", got)
			}
		})
	}
}

func TestSlowPlayerIsClosedWithoutHoldingUpOthers(t *testing.T) {
	fake := newFakePlayers()
	hub, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{SendBuffer: 4})
	slow := connect(t, srv, 1, fake.add(1, 7)) // never reads until dropped
	fast := connect(t, srv, 1, fake.add(1, 8))

	var received atomic.Int64
	readerDone := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		for {
			if _, _, err := fast.ws.Read(ctx); err != nil {
				readerDone <- err
				return
			}
			received.Add(1)
		}
	}()

	// Large commands fill the socket buffers of the player that does not
	// read; each is sent once the fast player has the previous one.
	cmd := play(1)
	cmd.Title = strings.Repeat("x", 32<<10)
	sent := int64(0)
	for hub.Connected(1) == 2 {
		if sent == 3000 {
			t.Fatalf("the slow player was not dropped after %d commands", sent)
		}
		cmd.PlayID = uint64(sent + 1)
		if err := hub.Send(context.Background(), 1, []uint64{7, 8}, cmd); err != nil {
			t.Fatal(err)
		}
		sent++
		waitFor(t, "the fast player to receive the command", func() bool { return received.Load() == sent })
	}

	if status, reason := slow.closed(); status != websocket.StatusPolicyViolation || reason != "too slow" {
		t.Fatalf("slow player closed with %d %q, want 1008 \"too slow\"", status, reason)
	}
	if err := hub.Send(context.Background(), 1, []uint64{7, 8}, play(9999)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the fast player to keep receiving", func() bool { return received.Load() == sent+1 })
	select {
	case err := <-readerDone:
		t.Fatalf("the fast player's connection ended: %v", err)
	default:
	}
}

func TestStoppingTheHubClosesConnectionsAndRefusesNewOnes(t *testing.T) {
	fake := newFakePlayers()
	hub, srv, stop := startHub(t, events.NewMemory(), fake, live.Options{})
	c := connect(t, srv, 1, fake.add(1, 7))

	stop()
	if status, reason := c.closed(); status != websocket.StatusGoingAway || reason != "server_shutdown" {
		t.Fatalf("closed with %d %q, want 1001 \"server_shutdown\"", status, reason)
	}
	if n := hub.Total(); n != 0 {
		t.Fatalf("Total() = %d after stopping", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, resp, err := websocket.Dial(ctx, wsURL(srv, 1), nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("dial after stop: %v, %v; want 503", err, resp)
	}
	if err := hub.Start(context.Background()); err == nil {
		t.Fatal("a hub started twice")
	}
}

func TestSendToNoPlayersPublishesNothing(t *testing.T) {
	bus := events.NewMemory()
	published := 0
	if _, err := bus.Subscribe(context.Background(), live.DefaultTopic, func([]byte) { published++ }); err != nil {
		t.Fatal(err)
	}
	hub := live.NewHub(bus, newFakePlayers(), live.Options{})
	if err := hub.Send(context.Background(), 1, nil, play(1)); err != nil {
		t.Fatal(err)
	}
	if err := hub.Send(context.Background(), 1, []uint64{3}, play(1)); err != nil {
		t.Fatal(err)
	}
	if published != 1 {
		t.Fatalf("published %d envelopes, want 1", published)
	}
}

func TestPlayerThatStopsAnsweringPingsIsClosed(t *testing.T) {
	fake := newFakePlayers()
	hub, srv, _ := startHub(t, events.NewMemory(), fake, live.Options{PingInterval: 50 * time.Millisecond})
	silent := connect(t, srv, 1, fake.add(1, 7)) // reads nothing, so answers no ping
	alive := connect(t, srv, 1, fake.add(1, 8))
	commands := make(chan []byte, 10)
	go func() {
		for {
			_, b, err := alive.ws.Read(context.Background())
			if err != nil {
				close(commands)
				return
			}
			commands <- b
		}
	}()

	waitFor(t, "the silent player to be dropped", func() bool { return hub.Connected(1) == 1 })
	if status, reason := silent.closed(); status != websocket.StatusGoingAway || reason != "pong_timeout" {
		t.Fatalf("silent player closed with %d %q, want 1001 \"pong_timeout\"", status, reason)
	}
	if err := hub.Send(context.Background(), 1, []uint64{8}, play(5)); err != nil {
		t.Fatal(err)
	}
	select {
	case b, ok := <-commands:
		if !ok || !strings.Contains(string(b), `"play_id":5`) {
			t.Fatalf("the answering player got %q (open %v), want play 5", b, ok)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the answering player got nothing")
	}
}
