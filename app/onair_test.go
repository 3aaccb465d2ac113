package app

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"mediaflow/domain/players"
)

// api calls a route as the session's user on the session's host.
func (h *harness) api(s *session, method, path string, body any) *httptest.ResponseRecorder {
	h.t.Helper()
	return h.bearer(s, request(method, s.host, path, body))
}

// readyMessage renders a short message with the tenant's first voice.
func (h *harness) readyMessage(t *testing.T, s *session, text string) uint64 {
	t.Helper()
	voices := decode[items[voiceJSON]](t, h.api(s, http.MethodGet, "/api/v1/voices", nil).Body.Bytes()).Items
	rec := h.api(s, http.MethodPost, "/api/v1/messages", map[string]any{"text": text, "voice_id": voices[0].ID})
	if rec.Code != http.StatusAccepted {
		t.Fatalf("create message: %d %s", rec.Code, rec.Body)
	}
	m := h.waitReady(t, s, decode[messageJSON](t, rec.Body.Bytes()).ID)
	if m.Status != "ready" {
		t.Fatalf("message not rendered: %+v", m)
	}
	return m.ID
}

// pairPlayer creates a player as the admin and pairs it, returning its ID
// and device credential.
func (h *harness) pairPlayer(t *testing.T, admin *session, name, zone string) (uint64, string) {
	t.Helper()
	rec := h.api(admin, http.MethodPost, "/api/v1/players", map[string]any{"name": name, "zone": zone})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create player: %d %s", rec.Code, rec.Body)
	}
	p := decode[playerJSON](t, rec.Body.Bytes())
	code := decode[map[string]any](t, h.api(admin, http.MethodPost, fmt.Sprintf("/api/v1/players/%d/pairing-code", p.ID), nil).Body.Bytes())["code"]
	rec = h.serve(request(http.MethodPost, admin.host, "/api/v1/device/pair", map[string]any{"code": code}))
	if rec.Code != http.StatusOK {
		t.Fatalf("pair: %d %s", rec.Code, rec.Body)
	}
	return p.ID, decode[map[string]any](t, rec.Body.Bytes())["token"].(string)
}

func deviceGet(h *harness, host, token, path string) *httptest.ResponseRecorder {
	req := request(http.MethodGet, host, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return h.serve(req)
}

// playerConn is a test player on the live channel.
type playerConn struct {
	t  *testing.T
	ws *websocket.Conn
}

func dialPlayer(t *testing.T, base, host, token string) *playerConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, strings.Replace(base, "http", "ws", 1)+"/ws/player", &websocket.DialOptions{Host: host})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	pc := &playerConn{t, ws}
	pc.send(players.Report{Type: players.ReportHello, Token: token, Version: "test-1"})
	return pc
}

func (pc *playerConn) send(r players.Report) {
	pc.t.Helper()
	r.V = players.ProtocolVersion
	b, _ := json.Marshal(r)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := pc.ws.Write(ctx, websocket.MessageText, b); err != nil {
		pc.t.Fatal(err)
	}
}

// next reads the next command, failing after a few seconds.
func (pc *playerConn) next() (players.Command, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, b, err := pc.ws.Read(ctx)
	if err != nil {
		return players.Command{}, err
	}
	var cmd players.Command
	return cmd, json.Unmarshal(b, &cmd)
}

func (pc *playerConn) expect(typ string) players.Command {
	pc.t.Helper()
	cmd, err := pc.next()
	if err != nil || cmd.Type != typ {
		pc.t.Fatalf("want a %s command, got %+v (%v)", typ, cmd, err)
	}
	return cmd
}

func TestPlayersPairSendAndProve(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	h.runWorkers(t)
	srv := httptest.NewServer(h.srv.Handler())
	defer srv.Close()
	hostA, hostB := hostOf["mall-a"], hostOf["mall-b"]
	admin, operator, viewer, otherAdmin := h.mustLogin(adminA), h.mustLogin(operatorA), h.mustLogin(viewerA), h.mustLogin(adminB)

	rec := h.api(admin, http.MethodPost, "/api/v1/players", map[string]any{"name": "Patio de comidas", "zone": "Nivel 2"})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	player := decode[playerJSON](t, rec.Body.Bytes())
	if player.Volume != players.DefaultVolume || player.DuckDB != players.DefaultDuckDB || player.Paired || player.Online {
		t.Fatalf("a new player should have the defaults and be unpaired: %+v", player)
	}
	playerPath := fmt.Sprintf("/api/v1/players/%d", player.ID)

	t.Run("another tenant cannot see, change, pair or delete the player", func(t *testing.T) {
		list := h.api(otherAdmin, http.MethodGet, "/api/v1/players", nil)
		mustNotContain(t, list.Body.String(), "Patio de comidas")
		for _, call := range []struct {
			method, path string
			body         any
		}{
			{http.MethodPatch, playerPath, map[string]any{"name": "Robado"}}, {http.MethodDelete, playerPath, nil},
			{http.MethodPost, playerPath + "/pairing-code", nil}, {http.MethodPost, playerPath + "/revoke", nil},
			{http.MethodPost, playerPath + "/volume", map[string]any{"volume": 10}},
		} {
			rec := h.api(otherAdmin, call.method, call.path, call.body)
			if rec.Code != http.StatusNotFound || errorCode(rec) != "player_not_found" {
				t.Errorf("%s %s as mall-b: %d %s", call.method, call.path, rec.Code, rec.Body)
			}
		}
	})

	code := decode[map[string]string](t, h.api(admin, http.MethodPost, playerPath+"/pairing-code", nil).Body.Bytes())["code"]
	t.Run("a pairing code works once, only on its tenant's host", func(t *testing.T) {
		rec := h.serve(request(http.MethodPost, hostB, "/api/v1/device/pair", map[string]any{"code": code}))
		if rec.Code != http.StatusUnprocessableEntity || errorCode(rec) != "pairing_code_invalid" {
			t.Fatalf("mall-a's code on mall-b: %d %s", rec.Code, rec.Body)
		}
	})
	rec = h.serve(request(http.MethodPost, hostA, "/api/v1/device/pair", map[string]any{"code": strings.ToLower(code)}))
	if rec.Code != http.StatusOK {
		t.Fatalf("pair: %d %s", rec.Code, rec.Body)
	}
	token := decode[map[string]any](t, rec.Body.Bytes())["token"].(string)
	if again := h.serve(request(http.MethodPost, hostA, "/api/v1/device/pair", map[string]any{"code": code})); errorCode(again) != "pairing_code_invalid" {
		t.Fatalf("a used code paired again: %d %s", again.Code, again.Body)
	}

	t.Run("the credential opens the device routes of its tenant only", func(t *testing.T) {
		cfg := deviceGet(h, hostA, token, "/api/v1/device/config")
		if cfg.Code != http.StatusOK {
			t.Fatalf("config: %d %s", cfg.Code, cfg.Body)
		}
		body := decode[struct {
			Player players.Welcome `json:"player"`
			Music  []trackJSON     `json:"music"`
		}](t, cfg.Body.Bytes())
		if body.Player.Name != "Patio de comidas" || len(body.Music) == 0 {
			t.Fatalf("config: %s", cfg.Body)
		}
		if bed := deviceGet(h, hostA, token, body.Music[0].AudioURL); bed.Code != http.StatusOK || bed.Header().Get("Content-Type") != "audio/mpeg" {
			t.Fatalf("music bed: %d %v", bed.Code, bed.Header())
		}
		if rec := deviceGet(h, hostB, token, "/api/v1/device/config"); rec.Code != http.StatusUnauthorized || errorCode(rec) != "device_token_invalid" {
			t.Fatalf("mall-a's credential on mall-b: %d %s", rec.Code, rec.Body)
		}
		if rec := h.api(viewer, http.MethodGet, "/api/v1/device/config", nil); rec.Code != http.StatusUnauthorized {
			t.Fatalf("a user session opened a device route: %d", rec.Code)
		}
	})

	live := dialPlayer(t, srv.URL, hostA, token)
	if w := live.expect(players.CommandWelcome); w.Player == nil || w.Player.ID != player.ID {
		t.Fatalf("welcome: %+v", w)
	}
	msg := h.readyMessage(t, h.mustLogin(editorA), "Estimados clientes, el estacionamiento cierra a las 22:00 hrs.")

	t.Run("another tenant cannot play this tenant's message or target its players", func(t *testing.T) {
		rec := h.api(otherAdmin, http.MethodPost, fmt.Sprintf("/api/v1/messages/%d/play", msg), map[string]any{"targets": map[string]any{"all": true}})
		if rec.Code != http.StatusNotFound || errorCode(rec) != "message_not_found" {
			t.Fatalf("mall-b played mall-a's message: %d %s", rec.Code, rec.Body)
		}
		own := h.readyMessage(t, otherAdmin, "Mensaje del mall B.")
		rec = h.api(otherAdmin, http.MethodPost, fmt.Sprintf("/api/v1/messages/%d/play", own), map[string]any{"targets": map[string]any{"player_ids": []uint64{player.ID}}})
		if rec.Code != http.StatusUnprocessableEntity || errorCode(rec) != "invalid_targets" {
			t.Fatalf("mall-b targeted mall-a's player: %d %s", rec.Code, rec.Body)
		}
		if rec := h.api(viewer, http.MethodPost, fmt.Sprintf("/api/v1/messages/%d/play", msg), map[string]any{"targets": map[string]any{"all": true}}); rec.Code != http.StatusForbidden {
			t.Fatalf("a viewer sent to speakers: %d", rec.Code)
		}
	})

	rec = h.api(operator, http.MethodPost, fmt.Sprintf("/api/v1/messages/%d/play", msg), map[string]any{"targets": map[string]any{"zones": []string{"Nivel 2"}}, "priority": 2})
	if rec.Code != http.StatusAccepted {
		t.Fatalf("play: %d %s", rec.Code, rec.Body)
	}
	delivery := decode[struct {
		ID    uint64     `json:"id"`
		Plays []playJSON `json:"plays"`
	}](t, rec.Body.Bytes())
	if len(delivery.Plays) != 1 || delivery.Plays[0].PlayerID != player.ID || delivery.Plays[0].Status != players.StatusPending {
		t.Fatalf("delivery: %s", rec.Body)
	}
	cmd := live.expect(players.CommandPlay)
	if cmd.PlayID != delivery.Plays[0].ID || cmd.Priority != 2 || cmd.MessageID != msg || cmd.DurationSeconds <= 0 {
		t.Fatalf("play command: %+v", cmd)
	}
	if audio := deviceGet(h, hostA, token, cmd.AudioURL); audio.Code != http.StatusOK || audio.Body.Len() < 1000 {
		t.Fatalf("the player could not fetch the audio: %d", audio.Code)
	}

	t.Run("a player of another tenant cannot acknowledge this tenant's play", func(t *testing.T) {
		_, tokenB := h.pairPlayer(t, otherAdmin, "Hall B", "Nivel 1")
		liveB := dialPlayer(t, srv.URL, hostB, tokenB)
		liveB.expect(players.CommandWelcome)
		liveB.send(players.Report{Type: players.ReportAck, PlayID: cmd.PlayID, Status: "finished"})
		if e := liveB.expect(players.CommandError); e.Error == "" {
			t.Fatalf("error command: %+v", e)
		}
		if rec := deviceGet(h, hostB, tokenB, cmd.AudioURL); rec.Code != http.StatusNotFound {
			t.Fatalf("mall-b's player fetched mall-a's audio: %d", rec.Code)
		}
	})

	started := time.Now().UTC().Add(-2 * time.Second)
	for _, status := range []string{"received", "started", "finished"} {
		live.send(players.Report{Type: players.ReportAck, PlayID: cmd.PlayID, Status: status, At: started})
		if a := live.expect(players.CommandAcked); a.PlayID != cmd.PlayID || a.Status != status {
			t.Fatalf("acked %+v, want play %d %s", a, cmd.PlayID, status)
		}
	}
	live.send(players.Report{Type: players.ReportHeartbeat, NowPlaying: "Música ambiental", Version: "1.2.3"})

	var play playJSON
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && play.Status != players.StatusPlayed {
		got := decode[struct {
			Plays []playJSON `json:"plays"`
		}](t, h.api(viewer, http.MethodGet, "/api/v1/deliveries/"+fmt.Sprint(delivery.ID), nil).Body.Bytes())
		play = got.Plays[0]
		time.Sleep(20 * time.Millisecond)
	}
	if play.Status != players.StatusPlayed || play.StartedAt == nil || play.FinishedAt == nil || play.ReceivedAt == nil {
		t.Fatalf("the proof of play did not record the acknowledgements: %+v", play)
	}
	if rec := h.api(otherAdmin, http.MethodGet, "/api/v1/deliveries/"+fmt.Sprint(delivery.ID), nil); rec.Code != http.StatusNotFound {
		t.Fatalf("mall-b read mall-a's delivery: %d", rec.Code)
	}

	t.Run("the report and its CSV list the play for this tenant only", func(t *testing.T) {
		today := time.Now().In(mustZone(t, "America/Santiago")).Format(time.DateOnly)
		list := h.api(viewer, http.MethodGet, "/api/v1/plays?from="+today+"&to="+today+"&status=played", nil)
		report := decode[struct {
			Plays []playJSON `json:"plays"`
			Total int        `json:"total"`
		}](t, list.Body.Bytes())
		if report.Total != 1 || report.Plays[0].PlayerName != "Patio de comidas" || report.Plays[0].Source != players.SourceManual {
			t.Fatalf("report: %s", list.Body)
		}
		csvRec := h.api(viewer, http.MethodGet, "/api/v1/plays/export?from="+today+"&to="+today, nil)
		rows, err := csv.NewReader(csvRec.Body).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][8] != players.StatusPlayed || rows[1][4] != "Patio de comidas" {
			t.Fatalf("csv %v: %q", err, rows)
		}
		other := h.api(otherAdmin, http.MethodGet, "/api/v1/plays", nil)
		mustNotContain(t, other.Body.String(), "Patio de comidas")
	})

	t.Run("the admin sees the player online with what it plays", func(t *testing.T) {
		list := decode[struct {
			Players []playerJSON `json:"players"`
		}](t, h.api(admin, http.MethodGet, "/api/v1/players", nil).Body.Bytes())
		p := list.Players[0]
		if !p.Online || !p.Paired || p.Version != "1.2.3" || p.NowPlaying != "Música ambiental" {
			t.Fatalf("player: %+v", p)
		}
	})

	t.Run("revoking the credential closes the channel and the device routes", func(t *testing.T) {
		if rec := h.api(admin, http.MethodPost, playerPath+"/revoke", nil); rec.Code != http.StatusNoContent {
			t.Fatalf("revoke: %d %s", rec.Code, rec.Body)
		}
		if e := live.expect(players.CommandError); e.Error != "credential_revoked" {
			t.Fatalf("revoke command: %+v", e)
		}
		if _, err := live.next(); websocket.CloseStatus(err) != 4401 {
			t.Fatalf("the channel stayed open: %v", err)
		}
		if rec := deviceGet(h, hostA, token, "/api/v1/device/config"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("a revoked credential still works: %d", rec.Code)
		}
	})
}

func TestPlayerGetsWhatItMissed(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	h.runWorkers(t)
	srv := httptest.NewServer(h.srv.Handler())
	defer srv.Close()
	admin := h.mustLogin(adminA)
	id, token := h.pairPlayer(t, admin, "Acceso norte", "Nivel 1")
	msg := h.readyMessage(t, admin, "Aviso de prueba.")
	for _, priority := range []int{5, 1} {
		rec := h.api(admin, http.MethodPost, fmt.Sprintf("/api/v1/messages/%d/play", msg), map[string]any{"targets": map[string]any{"player_ids": []uint64{id}}, "priority": priority})
		if rec.Code != http.StatusAccepted {
			t.Fatalf("play: %d %s", rec.Code, rec.Body)
		}
	}
	live := dialPlayer(t, srv.URL, hostOf["mall-a"], token)
	live.expect(players.CommandWelcome)
	first, second := live.expect(players.CommandPlay), live.expect(players.CommandPlay)
	if first.Priority != 5 || second.Priority != 1 {
		t.Fatalf("missed plays should come in the order they were sent: %d then %d", first.Priority, second.Priority)
	}
}

func TestPlayerValidation(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	admin := h.mustLogin(adminA)
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": ""}, "name"},
		{map[string]any{"name": "X", "volume": 101}, "volume"},
		{map[string]any{"name": "X", "duck_db": -41}, "duck_db"},
		{map[string]any{"name": "X", "duck_attack_ms": 10}, "duck_attack_ms"},
	} {
		rec := h.api(admin, http.MethodPost, "/api/v1/players", tc.body)
		if rec.Code != http.StatusUnprocessableEntity || errorCode(rec) != "invalid_player" || !strings.Contains(rec.Body.String(), `"`+tc.field+`"`) {
			t.Errorf("%v: %d %s", tc.body, rec.Code, rec.Body)
		}
	}
	h.api(admin, http.MethodPost, "/api/v1/players", map[string]any{"name": "Caja"})
	if rec := h.api(admin, http.MethodPost, "/api/v1/players", map[string]any{"name": "Caja"}); rec.Code != http.StatusConflict {
		t.Errorf("a second player with the same name: %d %s", rec.Code, rec.Body)
	}
	if rec := h.serve(request(http.MethodPost, hostOf["mall-a"], "/api/v1/device/pair", map[string]any{"code": "nope"})); errorCode(rec) != "pairing_code_invalid" {
		t.Errorf("a malformed code: %d %s", rec.Code, rec.Body)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
