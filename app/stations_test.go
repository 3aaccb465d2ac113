package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"mediaflow/domain/stations"
	"mediaflow/infra/azuracast"
)

// fakeStation stands in for an AzuraCast station behind the client port.
type fakeStation struct {
	mu        sync.Mutex
	key       string
	played    [][]byte
	interrupt []bool
	skips     int
}

func (f *fakeStation) dial(s stations.Settings, apiKey string) (stations.Client, error) {
	return fakeStationClient{f, apiKey}, nil
}

type fakeStationClient struct {
	f   *fakeStation
	key string
}

func (c fakeStationClient) check() error {
	if c.key != c.f.key {
		return stationError(&azuracast.Error{Code: azuracast.CodeUnauthorized, Status: http.StatusForbidden, Message: "the station refused the API key"})
	}
	return nil
}

func (c fakeStationClient) Check(ctx context.Context) (string, error) { return "Radio Mall", c.check() }

func (c fakeStationClient) Play(ctx context.Context, name string, r io.Reader, interrupt bool) error {
	b, err := io.ReadAll(r)
	c.f.mu.Lock()
	defer c.f.mu.Unlock()
	c.f.played, c.f.interrupt = append(c.f.played, b), append(c.f.interrupt, interrupt)
	return err
}

func (c fakeStationClient) NowPlaying(ctx context.Context) (stations.NowPlaying, error) {
	return stations.NowPlaying{Title: "Aviso", Artist: "MediaFlow", Elapsed: 3 * time.Second, Duration: 9 * time.Second}, c.check()
}

func (c fakeStationClient) Skip(ctx context.Context) error {
	c.f.mu.Lock()
	c.f.skips++
	c.f.mu.Unlock()
	return c.check()
}

func TestAzuraCastStation(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	h.runWorkers(t)
	station := &fakeStation{key: "az-secret-key-123"}
	h.onAir.Stations.Dial = station.dial
	admin, operator, otherAdmin := h.mustLogin(adminA), h.mustLogin(operatorA), h.mustLogin(adminB)
	settings := map[string]any{"base_url": "https://radio.mall-a.test/", "api_key": "wrong", "station_id": "1"}

	rec := h.api(admin, http.MethodPut, "/api/v1/settings/azuracast", settings)
	if rec.Code != http.StatusUnprocessableEntity || errorCode(rec) != "azuracast_unauthorized" {
		t.Fatalf("a refused key: %d %s", rec.Code, rec.Body)
	}
	if rec := h.api(admin, http.MethodPut, "/api/v1/settings/azuracast", map[string]any{"base_url": "ftp://x", "station_id": ""}); errorCode(rec) != "invalid_station" {
		t.Fatalf("bad settings: %d %s", rec.Code, rec.Body)
	}
	settings["api_key"] = station.key
	rec = h.api(admin, http.MethodPut, "/api/v1/settings/azuracast", settings)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"station_name":"Radio Mall"`) || !strings.Contains(rec.Body.String(), `"key_set":true`) {
		t.Fatalf("save: %d %s", rec.Code, rec.Body)
	}

	t.Run("the key is never shown again and is encrypted at rest", func(t *testing.T) {
		again := h.api(admin, http.MethodGet, "/api/v1/settings/azuracast", nil).Body.String()
		mustContain(t, again, `"station_name":"Radio Mall"`)
		for _, body := range []string{rec.Body.String(), again} {
			mustNotContain(t, body, station.key)
		}
		var sealed string
		h.db.Raw("SELECT api_key_sealed FROM stations").Scan(&sealed)
		if sealed == "" || strings.Contains(sealed, station.key) {
			t.Fatalf("stored key %q", sealed)
		}
		// An edit without the key keeps the stored one.
		if rec := h.api(admin, http.MethodPut, "/api/v1/settings/azuracast", map[string]any{"base_url": "https://radio.mall-a.test", "station_id": "1"}); rec.Code != http.StatusOK {
			t.Fatalf("edit without the key: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("another tenant has no station and cannot act on this one", func(t *testing.T) {
		mustContain(t, h.api(otherAdmin, http.MethodGet, "/api/v1/settings/azuracast", nil).Body.String(), `"configured":false`)
		if rec := h.api(otherAdmin, http.MethodPost, "/api/v1/azuracast/skip", nil); rec.Code != http.StatusNotFound {
			t.Fatalf("mall-b skipped: %d %s", rec.Code, rec.Body)
		}
	})

	msg := h.readyMessage(t, admin, "Atención: el local 12 cierra en cinco minutos.")
	rec = h.api(operator, http.MethodPost, fmt.Sprintf("/api/v1/messages/%d/play", msg), map[string]any{"targets": map[string]any{"all": true}, "priority": 1})
	if rec.Code != http.StatusAccepted {
		t.Fatalf("play: %d %s", rec.Code, rec.Body)
	}
	h.onAir.Stations.Wait()
	audio := h.api(admin, http.MethodGet, fmt.Sprintf("/api/v1/messages/%d/audio", msg), nil).Body.Bytes()
	station.mu.Lock()
	if len(station.played) != 1 || !bytes.Equal(station.played[0], audio) || !station.interrupt[0] {
		t.Fatalf("the station got %d uploads (interrupt %v)", len(station.played), station.interrupt)
	}
	station.mu.Unlock()

	np := h.api(operator, http.MethodGet, "/api/v1/azuracast/now-playing", nil)
	mustContain(t, np.Body.String(), `"title":"Aviso"`, `"elapsed_seconds":3`)
	if rec := h.api(operator, http.MethodPost, "/api/v1/azuracast/skip", nil); rec.Code != http.StatusNoContent || station.skips != 1 {
		t.Fatalf("skip: %d, %d skips", rec.Code, station.skips)
	}
	if rec := h.api(admin, http.MethodDelete, "/api/v1/settings/azuracast", nil); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d", rec.Code)
	}
	mustContain(t, h.api(admin, http.MethodGet, "/api/v1/settings/azuracast", nil).Body.String(), `"configured":false`)
}
