package studio_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"mediaflow/domain"
	"mediaflow/domain/studio"
	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
	"mediaflow/infra/storage"
	"mediaflow/tenants"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// fakeEngine stands in for FFmpeg where these tests check orchestration,
// not sound; the render engine has its own tests with real FFmpeg.
type fakeEngine struct {
	renders atomic.Int64
	fail    error
	mixes   []studio.Mix
	mu      sync.Mutex
}

func (e *fakeEngine) Measure(ctx context.Context, path string) (studio.Loudness, error) {
	return studio.Loudness{IntegratedLUFS: -20, TruePeakDBTP: -3, DurationSeconds: 2}, nil
}

func (e *fakeEngine) Render(ctx context.Context, m studio.Mix, out string) (studio.Loudness, error) {
	e.renders.Add(1)
	e.mu.Lock()
	e.mixes = append(e.mixes, m)
	e.mu.Unlock()
	if e.fail != nil {
		return studio.Loudness{}, e.fail
	}
	return studio.Loudness{IntegratedLUFS: -16, TruePeakDBTP: -1.6, DurationSeconds: 9}, os.WriteFile(out, []byte("rendered"), 0o600)
}

func (e *fakeEngine) Import(ctx context.Context, in, out string, s studio.Settings) (studio.Loudness, error) {
	b, _ := os.ReadFile(in)
	return studio.Loudness{IntegratedLUFS: s.TargetLUFS, DurationSeconds: 20}, os.WriteFile(out, b, 0o600)
}

func (e *fakeEngine) ToOpus(ctx context.Context, in, out string) error {
	return os.WriteFile(out, []byte("opus"), 0o600)
}

type fakeVoice struct{ calls atomic.Int64 }

func (f *fakeVoice) Synthesize(ctx context.Context, v studio.Voice, text string) ([]byte, string, error) {
	f.calls.Add(1)
	return []byte("speech:" + text), ".wav", nil
}

type files struct{ *storage.Local }

func (f files) Fetch(ctx context.Context, key, path string) error {
	src, err := f.Open(ctx, key)
	if err != nil {
		return err
	}
	defer src.Close()
	var b bytes.Buffer
	io.Copy(&b, src)
	return os.WriteFile(path, b.Bytes(), 0o600)
}

type world struct {
	svc     *studio.Service
	engine  *fakeEngine
	voice   *fakeVoice
	a, b    uint64 // tenant IDs
	voiceA  uint64
	voiceB  uint64
	bedA    uint64
	chimeA  uint64
	store   *database.StudioStore
	db      *gorm.DB
	local   *storage.Local
	workDir string
}

func newWorld(t *testing.T, driver string) *world {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Migrated(t, driver)
	ts := tenants.NewService(tenants.ServiceDeps{Store: database.NewTenantStore(db)})
	a, _ := ts.Create(ctx, tenants.CreateInput{Slug: "a", Name: "A", Host: "a.test"})
	b, _ := ts.Create(ctx, tenants.CreateInput{Slug: "b", Name: "B", Host: "b.test"})
	local, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := &world{engine: &fakeEngine{}, voice: &fakeVoice{}, a: a.ID, b: b.ID, store: database.NewStudioStore(db), db: db, local: local, workDir: t.TempDir()}
	w.svc = studio.NewService(studio.Deps{Store: w.store, Files: files{local}, Engine: w.engine,
		Synthesizers: map[string]studio.Synthesizer{studio.ProviderLocal: w.voice},
		Normalize:    func(s string, lex map[string]string) string { return "spoken " + s + lex["suffix"] }, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), WorkDir: w.workDir})
	for _, v := range []*studio.Voice{
		{TenantID: a.ID, Provider: studio.ProviderLocal, ProviderVoiceID: "es", Name: "Local", Speed: 1, Active: true, IsDefault: true},
		{TenantID: b.ID, Provider: studio.ProviderLocal, ProviderVoiceID: "es", Name: "Local", Speed: 1, Active: true},
	} {
		if err := w.svc.SaveVoice(ctx, v); err != nil {
			t.Fatal(err)
		}
		if v.TenantID == a.ID {
			w.voiceA = v.ID
		} else {
			w.voiceB = v.ID
		}
	}
	for _, snd := range []*studio.Sound{{TenantID: a.ID, Kind: studio.KindBed, Name: "Bed"}, {TenantID: a.ID, Kind: studio.KindChime, Name: "Ding"}} {
		in := filepath.Join(t.TempDir(), "in.mp3")
		os.WriteFile(in, []byte("sound "+snd.Name), 0o600)
		if err := w.svc.ImportSound(ctx, snd, in); err != nil {
			t.Fatal(err)
		}
		if snd.Kind == studio.KindBed {
			w.bedA = snd.ID
		} else {
			w.chimeA = snd.ID
		}
	}
	return w
}

// run starts the workers until the test ends.
func (w *world) run(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.svc.Run(ctx, 2, 20*time.Millisecond); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func (w *world) waitFor(t *testing.T, tenantID, id uint64, status string) *studio.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		m, err := w.svc.Message(context.Background(), tenantID, id)
		if err == nil && m.Status == status {
			return m
		}
		time.Sleep(5 * time.Millisecond)
	}
	m, _ := w.svc.Message(context.Background(), tenantID, id)
	t.Fatalf("message %d never reached %s: %+v", id, status, m)
	return nil
}

func codeOf(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Code
	}
	return ""
}

func TestCreateAndRender(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			w := newWorld(t, driver)
			w.run(t)
			m, err := w.svc.CreateMessage(ctx, w.a, 7, studio.NewMessage{Text: " Hola $9.990 ", VoiceID: w.voiceA, MusicID: w.bedA, IntroChimeID: w.chimeA})
			if err != nil || m.Status != studio.StatusQueued || m.SpokenText != "spoken Hola $9.990" {
				t.Fatalf("create: %+v, %v", m, err)
			}
			done := w.waitFor(t, w.a, m.ID, studio.StatusReady)
			if done.Progress != 100 || done.AudioKey == "" || done.Loudness.IntegratedLUFS != -16 || done.Attempts != 1 {
				t.Fatalf("ready message %+v", done)
			}
			if got := w.engine.mixes[0]; got.Bed == nil || got.IntroChime == nil || got.OutroChime != nil || got.Settings.TargetLUFS != -16 {
				t.Fatalf("mix %+v", got)
			}

			t.Run("the same text and voice reuse the cached speech", func(t *testing.T) {
				before := w.voice.calls.Load()
				again, _ := w.svc.CreateMessage(ctx, w.a, 7, studio.NewMessage{Text: "Hola $9.990", VoiceID: w.voiceA})
				w.waitFor(t, w.a, again.ID, studio.StatusReady)
				if w.voice.calls.Load() != before {
					t.Fatal("speech was synthesised again")
				}
			})

			t.Run("the other tenant cannot see the message", func(t *testing.T) {
				if _, err := w.svc.Message(ctx, w.b, m.ID); !errors.Is(err, domain.ErrNotFound) {
					t.Fatalf("tenant b read tenant a's message: %v", err)
				}
				if _, err := w.svc.SaveMessage(ctx, w.b, m.ID, "stolen", 0); !errors.Is(err, domain.ErrNotFound) {
					t.Fatalf("tenant b saved tenant a's message: %v", err)
				}
				if n, _ := w.svc.Batch(ctx, w.b, studio.BatchDelete, []uint64{m.ID}, 0); n != 0 {
					t.Fatal("tenant b deleted tenant a's message")
				}
			})
		})
	}
}

func TestCreateMessageRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "sqlite")
	long := string(bytes.Repeat([]byte("a"), studio.MaxTextRunes+1))
	cases := []struct {
		name  string
		in    studio.NewMessage
		field string
	}{
		{"empty text", studio.NewMessage{Text: "  ", VoiceID: w.voiceA}, "text"},
		{"text over the limit", studio.NewMessage{Text: long, VoiceID: w.voiceA}, "text"},
		{"no voice", studio.NewMessage{Text: "hola"}, "voice_id"},
		{"an unknown voice", studio.NewMessage{Text: "hola", VoiceID: 99999}, "voice_id"},
		{"a voice of another tenant", studio.NewMessage{Text: "hola", VoiceID: w.voiceB}, "voice_id"},
		{"a chime given as music", studio.NewMessage{Text: "hola", VoiceID: w.voiceA, MusicID: w.chimeA}, "music_id"},
		{"a bed given as a chime", studio.NewMessage{Text: "hola", VoiceID: w.voiceA, IntroChimeID: w.bedA}, "intro_chime_id"},
		{"an unknown category", studio.NewMessage{Text: "hola", VoiceID: w.voiceA, CategoryID: 4242}, "category_id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.svc.CreateMessage(ctx, w.a, 1, tc.in)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != "invalid_message" || de.Details[tc.field] == "" {
				t.Fatalf("err = %v, want invalid_message naming %s", err, tc.field)
			}
		})
	}
	if list, total, _ := w.svc.Messages(ctx, w.a, studio.Query{View: studio.ViewRecent}); total != 0 || len(list) != 0 {
		t.Fatalf("refused messages were stored: %d", total)
	}
}

func TestRenderFailureAndRecovery(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "sqlite")
	w.engine.fail = &domain.Error{Kind: domain.KindUnavailable, Code: "render_timeout", Message: "ffmpeg took too long"}
	w.run(t)
	m, _ := w.svc.CreateMessage(ctx, w.a, 1, studio.NewMessage{Text: "hola", VoiceID: w.voiceA})
	failed := w.waitFor(t, w.a, m.ID, studio.StatusFailed)
	if failed.ErrorCode != "render_timeout" {
		t.Fatalf("failed message %+v", failed)
	}

	t.Run("a render left hanging by a crash is retried once, then failed with a reason", func(t *testing.T) {
		w := newWorld(t, "sqlite")
		stuck := []*studio.Message{}
		for _, attempts := range []int{1, 2} {
			m := &studio.Message{TenantID: w.a, Source: studio.SourceStudio, Text: "x", VoiceID: w.voiceA, Status: studio.StatusRendering, Attempts: attempts}
			if err := w.store.CreateMessage(ctx, m); err != nil {
				t.Fatal(err)
			}
			stuck = append(stuck, m)
		}
		// Age them past the stale cut-off, as if the server died an hour ago.
		if err := w.db.Exec("UPDATE messages SET updated_at = ?", time.Now().UTC().Add(-time.Hour)).Error; err != nil {
			t.Fatal(err)
		}
		w.run(t)
		if got := w.waitFor(t, w.a, stuck[0].ID, studio.StatusReady); got.Attempts != 2 {
			t.Fatalf("retried message %+v", got)
		}
		if got := w.waitFor(t, w.a, stuck[1].ID, studio.StatusFailed); got.ErrorCode != "render_interrupted" {
			t.Fatalf("twice interrupted message %+v", got)
		}
	})
}

func TestEachJobRendersOnceAcrossWorkers(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "postgres")
	var ids []uint64
	for i := 0; i < 12; i++ {
		m := &studio.Message{TenantID: w.a, Source: studio.SourceStudio, Text: "x", SpokenText: "x", VoiceID: w.voiceA, Status: studio.StatusQueued}
		w.store.CreateMessage(ctx, m)
		ids = append(ids, m.ID)
	}
	// Two services on one database stand for two replicas polling one queue.
	other := studio.NewService(w.svc.Deps)
	w.run(t)
	ctx2, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { other.Run(ctx2, 2, 10*time.Millisecond); close(done) }()
	defer func() { cancel(); <-done }()
	for _, id := range ids {
		w.waitFor(t, w.a, id, studio.StatusReady)
	}
	if n := w.engine.renders.Load(); n != int64(len(ids)) {
		t.Fatalf("%d renders for %d jobs", n, len(ids))
	}
}

func TestLibrary(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			w := newWorld(t, driver)
			w.run(t)
			promos := &studio.Category{TenantID: w.a, Name: "Promociones", Color: "#e91e63"}
			if err := w.svc.SaveCategory(ctx, promos); err != nil {
				t.Fatal(err)
			}
			var ids []uint64
			for _, text := range []string{"Cierre a las 21 horas", "Oferta de zapatillas", "Auto mal estacionado"} {
				m, _ := w.svc.CreateMessage(ctx, w.a, 1, studio.NewMessage{Text: text, VoiceID: w.voiceA})
				w.waitFor(t, w.a, m.ID, studio.StatusReady)
				ids = append(ids, m.ID)
			}
			if _, err := w.svc.SaveMessage(ctx, w.a, ids[1], "Zapatillas 2x1", promos.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.SaveMessage(ctx, w.a, ids[0], "Cierre", 0); err != nil {
				t.Fatal(err)
			}
			count := func(q studio.Query) int64 {
				_, n, err := w.svc.Messages(ctx, w.a, q)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			cases := []struct {
				name string
				q    studio.Query
				want int64
			}{
				{"the library holds the saved ones", studio.Query{View: studio.ViewLibrary}, 2},
				{"recent holds the unsaved one", studio.Query{View: studio.ViewRecent}, 1},
				{"search finds the name, ignoring case", studio.Query{Search: "ZAPATILLAS"}, 1},
				{"search finds the text", studio.Query{Search: "21 horas"}, 1},
				{"filter by category", studio.Query{CategoryID: promos.ID}, 1},
				{"filter uncategorised", studio.Query{Uncategorised: true}, 1},
				{"sort by name", studio.Query{Sort: "name"}, 2},
			}
			for _, tc := range cases {
				if got := count(tc.q); got != tc.want {
					t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
				}
			}
			if _, _, err := w.svc.Messages(ctx, w.a, studio.Query{Sort: "password"}); codeOf(err) != "invalid_query" {
				t.Fatalf("unknown sort: %v", err)
			}
			if n, _ := w.svc.Batch(ctx, w.a, studio.BatchDelete, ids[:2], 0); n != 2 {
				t.Fatalf("deleted %d", n)
			}
			if got := count(studio.Query{View: studio.ViewTrash}); got != 2 {
				t.Fatalf("trash has %d", got)
			}
			w.svc.Batch(ctx, w.a, studio.BatchRestore, ids[:1], 0)
			w.svc.Batch(ctx, w.a, studio.BatchCategorise, ids[:1], promos.ID)
			if got := count(studio.Query{CategoryID: promos.ID}); got != 1 {
				t.Fatalf("categorised: %d", got)
			}
			if _, err := w.svc.SaveMessage(ctx, w.a, ids[2], "", 0); codeOf(err) != "invalid_message" {
				t.Fatalf("empty name: %v", err)
			}
		})
	}
}

func TestRetentionKeepsSavedMessages(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "sqlite")
	st := studio.DefaultSettings(w.a)
	st.KeepUnsaved = 2
	if err := w.svc.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	w.run(t)
	first, _ := w.svc.CreateMessage(ctx, w.a, 1, studio.NewMessage{Text: "guardado", VoiceID: w.voiceA})
	w.waitFor(t, w.a, first.ID, studio.StatusReady)
	w.svc.SaveMessage(ctx, w.a, first.ID, "Guardado", 0)
	var last uint64
	for i := 0; i < 4; i++ {
		m, _ := w.svc.CreateMessage(ctx, w.a, 1, studio.NewMessage{Text: "borrador " + string(rune('a'+i)), VoiceID: w.voiceA})
		w.waitFor(t, w.a, m.ID, studio.StatusReady)
		last = m.ID
	}
	// The purge follows each render; wait for it to settle.
	var recent, saved int64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		_, recent, _ = w.svc.Messages(ctx, w.a, studio.Query{View: studio.ViewRecent})
		_, saved, _ = w.svc.Messages(ctx, w.a, studio.Query{View: studio.ViewLibrary})
		if recent == 2 {
			break
		}
	}
	if recent != 2 || saved != 1 {
		t.Fatalf("recent %d saved %d, want 2 and 1", recent, saved)
	}
	if _, err := w.svc.Message(ctx, w.a, last); err != nil {
		t.Fatalf("the newest message was purged: %v", err)
	}
}

func TestVoiceAndSettingsValidation(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "sqlite")
	bad := &studio.Voice{TenantID: w.a, Provider: "acme", Name: "", Speed: 3, Stability: 120, GainDB: 40}
	err := w.svc.SaveVoice(ctx, bad)
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "invalid_voice" {
		t.Fatalf("err = %v", err)
	}
	for _, f := range []string{"provider", "name", "speed", "stability", "gain_db", "provider_voice_id"} {
		if de.Details[f] == "" {
			t.Errorf("no detail for %s", f)
		}
	}
	if err := w.svc.SaveVoice(ctx, &studio.Voice{ID: w.voiceB, TenantID: w.a, Provider: studio.ProviderLocal, ProviderVoiceID: "x", Name: "Hijack", Speed: 1}); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("editing another tenant's voice: %v", err)
	}
	if err := w.svc.SaveSettings(ctx, studio.Settings{TenantID: w.a, TargetLUFS: 0, TruePeakDBTP: 3, DuckDepthDB: 0, KeepUnsaved: 0}); codeOf(err) != "invalid_settings" {
		t.Fatalf("bad settings: %v", err)
	}
}

func TestLexiconReachesTheNormaliser(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "sqlite")
	st := studio.DefaultSettings(w.a)
	st.Lexicon = map[string]string{"suffix": " (con léxico)"}
	if err := w.svc.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	m, err := w.svc.CreateMessage(ctx, w.a, 1, studio.NewMessage{Text: "Hyundai", VoiceID: w.voiceA})
	if err != nil || m.SpokenText != "spoken Hyundai (con léxico)" {
		t.Fatalf("spoken %q, %v", m.SpokenText, err)
	}
	if got, _ := w.svc.PreviewText(ctx, w.b, "Hyundai"); got != "spoken Hyundai" {
		t.Fatalf("tenant b used tenant a's lexicon: %q", got)
	}
	st.Lexicon = map[string]string{"": "nada"}
	if err := w.svc.SaveSettings(ctx, st); codeOf(err) != "invalid_settings" {
		t.Fatalf("empty written form: %v", err)
	}
}
