package app

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mediaflow/infra/audio"
)

// runWorkers starts the harness's render workers until the test ends.
func (h *harness) runWorkers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.studio.Run(ctx, 2, 50*time.Millisecond); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

type items[T any] struct {
	Items []T `json:"items"`
}

// waitReady polls a message until it is ready or failed.
func (h *harness) waitReady(t *testing.T, s *session, id uint64) messageJSON {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		m := decode[messageJSON](t, h.bearer(s, request(http.MethodGet, s.host, fmt.Sprintf("/api/v1/messages/%d", id), nil)).Body.Bytes())
		if m.Status == "ready" || m.Status == "failed" {
			return m
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("message %d did not finish rendering", id)
	return messageJSON{}
}

func TestStudioEndToEnd(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	h.runWorkers(t)
	host := hostOf["mall-a"]
	editor := h.mustLogin(editorA)
	voices := decode[items[voiceJSON]](t, h.bearer(editor, request(http.MethodGet, host, "/api/v1/voices", nil)).Body.Bytes()).Items
	beds := decode[items[soundJSON]](t, h.bearer(editor, request(http.MethodGet, host, "/api/v1/sounds?kind=bed", nil)).Body.Bytes()).Items
	chimes := decode[items[soundJSON]](t, h.bearer(editor, request(http.MethodGet, host, "/api/v1/sounds?kind=chime", nil)).Body.Bytes()).Items
	if len(voices) == 0 || len(beds) < 2 || len(chimes) < 2 {
		t.Fatalf("a new tenant should have local voices and the bundled sounds: %d voices, %d beds, %d chimes", len(voices), len(beds), len(chimes))
	}

	rec := h.bearer(editor, request(http.MethodPost, host, "/api/v1/messages", map[string]any{
		"text": "Estimados clientes, el local 21 ofrece zapatillas a $9.990 hasta las 21:00 hrs.", "voice_id": voices[0].ID,
		"music_id": beds[0].ID, "intro_chime_id": chimes[0].ID,
	}))
	if rec.Code != http.StatusAccepted {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	created := decode[messageJSON](t, rec.Body.Bytes())
	if created.Status != "queued" || !strings.Contains(created.SpokenText, "nueve mil novecientos noventa pesos") {
		t.Fatalf("created %+v", created)
	}
	done := h.waitReady(t, editor, created.ID)
	if done.Status != "ready" || done.AudioURL == "" {
		t.Fatalf("render: %+v", done)
	}
	if math.Abs(done.LoudnessLUFS+16) > 1 || done.TruePeakDBTP > -1.5 || done.DurationSeconds < 5 {
		t.Fatalf("stored measurements off target: %.2f LUFS, %.2f dBTP, %.1f s", done.LoudnessLUFS, done.TruePeakDBTP, done.DurationSeconds)
	}

	t.Run("the audio is served with Range and measures at the target", func(t *testing.T) {
		full := h.bearer(editor, request(http.MethodGet, host, done.AudioURL, nil))
		if full.Code != http.StatusOK || full.Header().Get("Content-Type") != "audio/mpeg" {
			t.Fatalf("audio: %d %v", full.Code, full.Header())
		}
		path := filepath.Join(t.TempDir(), "spot.mp3")
		os.WriteFile(path, full.Body.Bytes(), 0o600)
		engine, err := audio.New(audio.Options{})
		if err != nil {
			t.Fatal(err)
		}
		l, err := engine.Measure(context.Background(), path)
		if err != nil || math.Abs(l.IntegratedLUFS+16) > 1 || l.TruePeakDBTP > -1.5 {
			t.Fatalf("served file measures %.2f LUFS %.2f dBTP, %v", l.IntegratedLUFS, l.TruePeakDBTP, err)
		}
		part := request(http.MethodGet, host, done.AudioURL, nil)
		part.Header.Set("Range", "bytes=100-199")
		rec := h.bearer(editor, part)
		if rec.Code != http.StatusPartialContent || rec.Body.Len() != 100 || string(rec.Body.Bytes()) != string(full.Body.Bytes()[100:200]) {
			t.Fatalf("range: %d, %d bytes", rec.Code, rec.Body.Len())
		}
	})
	t.Run("OGG/Opus is converted on request", func(t *testing.T) {
		rec := h.bearer(editor, request(http.MethodGet, host, done.AudioURL+"?format=opus", nil))
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "audio/ogg" || !strings.HasPrefix(rec.Body.String(), "OggS") {
			t.Fatalf("opus: %d %v", rec.Code, rec.Header())
		}
	})
	t.Run("save, search and find it in the library", func(t *testing.T) {
		rec := h.bearer(editor, request(http.MethodPost, host, fmt.Sprintf("/api/v1/messages/%d/save", done.ID), map[string]any{"display_name": "Zapatillas 21"}))
		if rec.Code != http.StatusOK {
			t.Fatalf("save: %d %s", rec.Code, rec.Body)
		}
		list := h.bearer(editor, request(http.MethodGet, host, "/api/v1/messages?q=zapatillas", nil)).Body.String()
		mustContain(t, list, `"display_name":"Zapatillas 21"`, `"total":1`, `"page":1`, `"per_page":24`)
	})

	t.Run("another tenant cannot reach any of it", func(t *testing.T) {
		other := h.mustLogin(adminB)
		hostB := hostOf["mall-b"]
		for _, path := range []string{
			fmt.Sprintf("/api/v1/messages/%d", done.ID), fmt.Sprintf("/api/v1/messages/%d/audio", done.ID),
			fmt.Sprintf("/api/v1/messages/%d/download", done.ID), fmt.Sprintf("/api/v1/sounds/%d/audio", beds[0].ID),
		} {
			if rec := h.bearer(other, request(http.MethodGet, hostB, path, nil)); rec.Code != http.StatusNotFound {
				t.Errorf("GET %s from mall B: %d", path, rec.Code)
			}
		}
		for _, r := range []struct {
			method, path string
			body         any
		}{
			{http.MethodPost, fmt.Sprintf("/api/v1/messages/%d/save", done.ID), map[string]any{"display_name": "mine"}},
			{http.MethodPatch, fmt.Sprintf("/api/v1/voices/%d", voices[0].ID), map[string]any{"name": "mine"}},
			{http.MethodDelete, fmt.Sprintf("/api/v1/voices/%d", voices[0].ID), nil},
			{http.MethodDelete, fmt.Sprintf("/api/v1/sounds/%d", beds[0].ID), nil},
		} {
			rec := h.bearer(other, request(r.method, hostB, r.path, r.body))
			if rec.Code != http.StatusNotFound {
				t.Errorf("%s %s from mall B: %d %s", r.method, r.path, rec.Code, rec.Body)
			}
		}
		rec := h.bearer(other, request(http.MethodPost, hostB, "/api/v1/messages/batch", map[string]any{"action": "delete", "ids": []uint64{done.ID}}))
		if !strings.Contains(rec.Body.String(), `"changed":0`) {
			t.Errorf("batch delete from mall B: %s", rec.Body)
		}
		rec = h.bearer(other, request(http.MethodPost, hostB, "/api/v1/messages", map[string]any{"text": "hola", "voice_id": voices[0].ID, "music_id": beds[0].ID}))
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"voice_id":"no such voice"`) || !strings.Contains(rec.Body.String(), `"music_id"`) {
			t.Errorf("using mall A's voice from mall B: %d %s", rec.Code, rec.Body)
		}
		for _, path := range []string{"/api/v1/messages?view=library", "/api/v1/messages?view=recent", "/api/v1/voices", "/api/v1/sounds?kind=bed", "/api/v1/categories"} {
			body := h.bearer(other, request(http.MethodGet, hostB, path, nil)).Body.String()
			if strings.Contains(body, "Zapatillas") || strings.Contains(body, fmt.Sprintf(`"id":%d,"status"`, done.ID)) {
				t.Errorf("%s from mall B shows mall A's data: %s", path, body)
			}
		}
	})
}

func TestStudioBadInput(t *testing.T) {
	h := newHarness(t, "sqlite", func(d *ServerDeps) { d.MaxBodyBytes = 1 << 20 }).withAccounts()
	host := hostOf["mall-a"]
	editor := h.mustLogin(editorA)
	voices := decode[items[voiceJSON]](t, h.bearer(editor, request(http.MethodGet, host, "/api/v1/voices", nil)).Body.Bytes()).Items

	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"empty text", map[string]any{"text": "   ", "voice_id": voices[0].ID}, "text"},
		{"text over the limit", map[string]any{"text": strings.Repeat("a", 2001), "voice_id": voices[0].ID}, "text"},
		{"an unknown voice", map[string]any{"text": "hola", "voice_id": 987654}, "voice_id"},
		{"an unknown category", map[string]any{"text": "hola", "voice_id": voices[0].ID, "category_id": 987654}, "category_id"},
	} {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			rec := h.bearer(editor, request(http.MethodPost, host, "/api/v1/messages", tc.body))
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"`+tc.field+`":`) {
				t.Fatalf("status %d %s", rec.Code, rec.Body)
			}
		})
	}

	dir := t.TempDir()
	good := filepath.Join(dir, "good.mp3")
	if out, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=4", "-b:a", "128k", good).CombinedOutput(); err != nil {
		t.Fatalf("make a test MP3: %v %s", err, out)
	}
	mp3, _ := os.ReadFile(good)
	upload := func(name string, data []byte) *http.Request {
		body := multipartBody(name, data)
		body = strings.Replace(body, "--"+multipartBoundary+"--", "--"+multipartBoundary+"\r\nContent-Disposition: form-data; name=\"display_name\"\r\n\r\nGrabación\r\n--"+multipartBoundary+"--", 1)
		r := request(http.MethodPost, host, "/api/v1/messages/upload", body)
		r.Header.Set("Content-Type", multipartType)
		return r
	}
	admin := h.mustLogin(adminA)
	for _, tc := range []struct {
		name, file string
		data       []byte
		codes      []string
	}{
		{"a text file named .mp3", "anuncio.mp3", []byte("this is not audio at all, just words\n"), []string{"audio_unreadable", "audio_no_stream"}},
		{"a truncated MP3", "cortado.mp3", mp3[:200], []string{"audio_truncated", "audio_unreadable", "audio_no_stream"}},
		{"a file over the limit", "grande.mp3", append(append([]byte{}, mp3...), make([]byte, 2<<20)...), []string{"file_too_large", "payload_too_large"}},
		{"an empty file", "vacio.mp3", nil, []string{"file_empty"}},
	} {
		t.Run(tc.name+" is refused and nothing is stored", func(t *testing.T) {
			rec := h.bearer(admin, upload(tc.file, tc.data))
			code := errorCode(rec)
			ok := false
			for _, c := range tc.codes {
				ok = ok || c == code
			}
			if rec.Code < 400 || !ok {
				t.Fatalf("status %d %s, want one of %v", rec.Code, rec.Body, tc.codes)
			}
			if body := h.bearer(admin, request(http.MethodGet, host, "/api/v1/messages?view=library", nil)).Body.String(); !strings.Contains(body, `"total":0`) {
				t.Fatalf("something was stored: %s", body)
			}
		})
	}
	t.Run("a good recording with a ../ file name lands in the tenant's library", func(t *testing.T) {
		rec := h.bearer(admin, upload("../../../etc/passwd.mp3", mp3))
		if rec.Code != http.StatusCreated {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
		m := decode[messageJSON](t, rec.Body.Bytes())
		if m.Source != "upload" || !m.Saved || math.Abs(m.LoudnessLUFS+16) > 1 {
			t.Fatalf("uploaded %+v", m)
		}
		for _, f := range storedFiles(t, h, "") {
			if !strings.HasPrefix(f, "tenants/") || strings.Contains(f, "passwd") {
				t.Fatalf("stored outside the tenant's prefix: %s", f)
			}
		}
	})
}

func TestReadinessWithoutFFmpeg(t *testing.T) {
	missing := &studioEngine{missing: newStudioEngineMissing()}
	h := newHarness(t, "sqlite", func(d *ServerDeps) { d.CheckAudio = missing.Check })
	rec := h.get("x", "/readyz")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "FFmpeg is not installed") {
		t.Fatalf("status %d %s", rec.Code, rec.Body)
	}
	if _, err := audio.New(audio.Options{FFmpegPath: "/nonexistent/ffmpeg"}); err == nil {
		t.Fatal("the engine started without FFmpeg")
	}
}

func TestSettingsAndCategoryUpdates(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	host := hostOf["mall-a"]
	admin := h.mustLogin(adminA)
	put := func(body map[string]any) *httptest.ResponseRecorder {
		return h.bearer(admin, request(http.MethodPut, host, "/api/v1/settings/audio", body))
	}
	put(map[string]any{"lexicon": map[string]string{"Hyundai": "jiundái", "MBI": "eme be i"}})
	if rec := put(map[string]any{"lexicon": map[string]string{"MBI": "eme be i"}}); !strings.Contains(rec.Body.String(), `"lexicon":{"MBI":"eme be i"}`) {
		t.Fatalf("a word left out of the lexicon was kept: %s", rec.Body)
	}
	if rec := put(map[string]any{"keep_unsaved": 10}); !strings.Contains(rec.Body.String(), `"MBI"`) {
		t.Fatalf("a save without a lexicon dropped it: %s", rec.Body)
	}
	if rec := put(map[string]any{"bed_lead_in_ms": -5, "bed_tail_ms": 99999}); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), `"bed_lead_in_ms"`) || !strings.Contains(rec.Body.String(), `"bed_tail_ms"`) {
		t.Fatalf("bad bed timings: %d %s", rec.Code, rec.Body)
	}
	cats := decode[items[categoryJSON]](t, h.bearer(admin, request(http.MethodGet, host, "/api/v1/categories", nil)).Body.Bytes()).Items
	rec := h.bearer(admin, request(http.MethodPatch, host, fmt.Sprintf("/api/v1/categories/%d", cats[0].ID), map[string]any{"name": "Ofertas"}))
	got := decode[categoryJSON](t, rec.Body.Bytes())
	if got.Name != "Ofertas" || got.Color != cats[0].Color || got.Icon != cats[0].Icon || got.Order != cats[0].Order {
		t.Fatalf("PATCH with a name only changed other fields: %+v (was %+v)", got, cats[0])
	}
}
