package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"mediaflow/domain/players"
)

// BenchmarkPlayToStarted measures, over loopback HTTP and WebSocket, the
// time from POST /messages/{id}/play until the server has recorded the
// player's "started" acknowledgement, for a message the player already
// holds: what an operator waits between the click and the speakers.
func BenchmarkPlayToStarted(b *testing.B) {
	t := &testing.T{}
	h := newHarness(t, "sqlite").withAccounts()
	h.runWorkers(t)
	srv := httptest.NewServer(h.srv.Handler())
	defer srv.Close()
	admin := h.mustLogin(adminA)
	playerID, token := h.pairPlayer(t, admin, "Patio de comidas", "Nivel 2")
	msg := h.readyMessage(t, admin, "Aviso breve.")
	live := dialPlayer(t, srv.URL, hostOf["mall-a"], token)
	live.expect(players.CommandWelcome)
	go func() { // the player starts at once: its audio is cached
		for {
			cmd, err := live.next()
			if err != nil {
				if err == context.DeadlineExceeded {
					continue
				}
				return
			}
			if cmd.Type == players.CommandPlay {
				live.send(players.Report{Type: players.ReportAck, PlayID: cmd.PlayID, Status: "started"})
			}
		}
	}()
	body, _ := json.Marshal(map[string]any{"targets": map[string]any{"player_ids": []uint64{playerID}}, "priority": 1})
	mallA, err := h.svc.Get(context.Background(), "mall-a")
	if err != nil {
		b.Fatal(err)
	}
	tenantID := mallA.ID
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/messages/%d/play", srv.URL, msg), bytes.NewReader(body))
		req.Host = hostOf["mall-a"]
		req.Header.Set("Authorization", "Bearer "+admin.access)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != http.StatusAccepted {
			b.Fatalf("play: %v %v", err, res)
		}
		var d struct {
			Plays []playJSON `json:"plays"`
		}
		json.NewDecoder(res.Body).Decode(&d)
		res.Body.Close()
		for {
			p, err := h.onAir.Players.Store.Play(context.Background(), tenantID, d.Plays[0].ID)
			if err != nil {
				b.Fatal(err)
			}
			if p.StartedAt != nil {
				break
			}
			time.Sleep(200 * time.Microsecond)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}
