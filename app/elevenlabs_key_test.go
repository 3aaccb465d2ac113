package app

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeElevenLabs answers text-to-speech like ElevenLabs and records the
// keys it was called with.
type fakeElevenLabs struct {
	mu   sync.Mutex
	keys []string
}

func (f *fakeElevenLabs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.keys = append(f.keys, r.Header.Get("xi-api-key"))
	f.mu.Unlock()
	if !strings.HasPrefix(r.URL.Path, "/v1/text-to-speech/") || r.Method != http.MethodPost {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	io.Copy(io.Discard, r.Body)
	if r.Header.Get("xi-api-key") != "tenant-key-0123456789abcdef" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"detail":{"status":"invalid_api_key","message":"Invalid API key"}}`)
		return
	}
	w.Header().Set("Content-Type", "audio/mpeg")
	w.Write(tinyMP3)
}

// tinyMP3 is one silent MPEG-1 Layer III frame, enough for the client.
var tinyMP3 = append([]byte{0xFF, 0xFB, 0x90, 0x64}, make([]byte, 413)...)

func TestTenantElevenLabsKey(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	fake := &fakeElevenLabs{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	h.eleven.cfg.BaseURL = srv.URL
	host := hostOf["mall-a"]
	admin := h.mustLogin(adminA)

	status := func(s *session, host string) map[string]any {
		var out map[string]any
		json.Unmarshal(h.bearer(s, request(http.MethodGet, host, "/api/v1/settings/elevenlabs", nil)).Body.Bytes(), &out)
		return out
	}
	if got := status(admin, host); got["source"] != "none" || got["configured"] != false {
		t.Fatalf("before: %v", got)
	}
	if rec := h.bearer(admin, request(http.MethodPut, host, "/api/v1/settings/elevenlabs", map[string]string{"api_key": "short"})); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a short key: %d %s", rec.Code, rec.Body)
	}
	if rec := h.bearer(admin, request(http.MethodPut, host, "/api/v1/settings/elevenlabs", map[string]string{"api_key": "tenant-key-0123456789abcdef"})); rec.Code != http.StatusNoContent {
		t.Fatalf("set: %d %s", rec.Code, rec.Body)
	}

	t.Run("the key is encrypted at rest and never returned", func(t *testing.T) {
		var stored string
		h.db.Raw("SELECT eleven_labs_key FROM audio_settings").Row().Scan(&stored)
		if stored == "" || strings.Contains(stored, "tenant-key") {
			t.Fatalf("stored %q", stored)
		}
		if got := status(admin, host); got["source"] != "tenant" || got["configured"] != true {
			t.Fatalf("after: %v", got)
		}
		for _, path := range []string{"/api/v1/settings/elevenlabs", "/api/v1/settings/audio", "/api/v1/audit?per_page=200"} {
			if body := h.bearer(admin, request(http.MethodGet, host, path, nil)).Body.String(); strings.Contains(body, "tenant-key-0123") {
				t.Fatalf("%s shows the key: %s", path, body)
			}
		}
	})
	t.Run("an ElevenLabs voice speaks with the tenant's key", func(t *testing.T) {
		rec := h.bearer(admin, request(http.MethodPost, host, "/api/v1/voices", map[string]any{"provider": "elevenlabs", "provider_voice_id": "21m00Tcm4TlvDq8ikWAM", "name": "Rachel"}))
		if rec.Code != http.StatusCreated {
			t.Fatalf("add voice: %d %s", rec.Code, rec.Body)
		}
		v := decode[voiceJSON](t, rec.Body.Bytes())
		rec = h.bearer(admin, request(http.MethodPost, host, fmt.Sprintf("/api/v1/voices/%d/test", v.ID), map[string]string{"text": "Hola"}))
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "audio/mpeg" {
			t.Fatalf("test voice: %d %s", rec.Code, rec.Body)
		}
		if fake.keys[len(fake.keys)-1] != "tenant-key-0123456789abcdef" {
			t.Fatalf("called with %q", fake.keys)
		}
	})
	t.Run("another tenant has no key and its ElevenLabs voices say so", func(t *testing.T) {
		b := h.mustLogin(adminB)
		hostB := hostOf["mall-b"]
		if got := status(b, hostB); got["source"] != "none" {
			t.Fatalf("mall B: %v", got)
		}
		rec := h.bearer(b, request(http.MethodPost, hostB, "/api/v1/voices", map[string]any{"provider": "elevenlabs", "provider_voice_id": "21m00Tcm4TlvDq8ikWAM", "name": "Rachel"}))
		v := decode[voiceJSON](t, rec.Body.Bytes())
		rec = h.bearer(b, request(http.MethodPost, hostB, fmt.Sprintf("/api/v1/voices/%d/test", v.ID), map[string]string{"text": "Hola"}))
		if rec.Code != http.StatusServiceUnavailable || errorCode(rec) != "tts_provider_unavailable" {
			t.Fatalf("mall B without a key: %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("removing the key goes back to none", func(t *testing.T) {
		if rec := h.bearer(admin, request(http.MethodDelete, host, "/api/v1/settings/elevenlabs", nil)); rec.Code != http.StatusNoContent {
			t.Fatalf("delete: %d", rec.Code)
		}
		if got := status(admin, host); got["source"] != "none" {
			t.Fatalf("after delete: %v", got)
		}
		mustContain(t, h.bearer(admin, request(http.MethodGet, host, "/api/v1/audit?action=settings.elevenlabs_key_cleared", nil)).Body.String(), `"total":1`)
	})
}
