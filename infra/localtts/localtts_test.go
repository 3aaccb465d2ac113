package localtts

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"mediaflow/domain"
)

const missingTool = "/nonexistent/mediaflow/tool"

// trickyText is Spanish with punctuation, quotes and every shell
// metacharacter; the two commands would leave files in dir if a shell ever
// read the text.
func trickyText(dir string) string {
	return fmt.Sprintf(`Atención, por favor: el vehículo "ABC-123" ('el rojo') cuesta $100; ¿es suyo? `+
		"¡Muévalo ya! `touch %s/backtick` y $(touch %s/dollar) o $(rm -rf /) & exit | cat > /dev/null; fin.",
		dir, dir)
}

func TestEspeakSpeaksSpanishWithoutAShell(t *testing.T) {
	e := New(Options{EspeakPath: requireEspeak(t), PicoPath: missingTool})
	for _, voice := range []string{"espeak-ng:es", "espeak-ng:es-419"} {
		t.Run("the voice "+voice+" speaks the text literally", func(t *testing.T) {
			canary := t.TempDir()
			wav, err := e.Synthesize(context.Background(), voice, trickyText(canary), 1)
			if err != nil {
				t.Fatal(err)
			}
			f, _, err := parseWAV(wav)
			if err != nil {
				t.Fatalf("not a WAV file: %v", err)
			}
			if f != (wavFormat{audioFormat: 1, channels: 1, sampleRate: 22050, bitsPerSample: 16}) {
				t.Errorf("format = %+v, want 16-bit mono PCM at 22050 Hz", f)
			}
			if d, _ := wavDuration(wav); d < 4*time.Second || d > 3*time.Minute {
				t.Errorf("duration = %v, want the several seconds the text takes", d)
			}
			if entries, _ := os.ReadDir(canary); len(entries) != 0 {
				t.Fatalf("the text ran as commands and left %v", entries)
			}
		})
	}

	t.Run("a faster speed gives a shorter recording", func(t *testing.T) {
		text := "Se informa a los clientes que el centro comercial cierra a las nueve de la noche."
		slow, err := e.Synthesize(context.Background(), "espeak-ng:es", text, 0.6)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := e.Synthesize(context.Background(), "espeak-ng:es", text, 1.8)
		if err != nil {
			t.Fatal(err)
		}
		ds, _ := wavDuration(slow)
		df, _ := wavDuration(fast)
		if ds < 2*df {
			t.Fatalf("at 0.6 it lasts %v and at 1.8 %v; want the slow one at least twice as long", ds, df)
		}
	})

	t.Run("text that begins like an option is spoken", func(t *testing.T) {
		wav, err := e.Synthesize(context.Background(), "espeak-ng:es", "--version -w /tmp/x.wav", 1)
		if err != nil {
			t.Fatal(err)
		}
		if d, _ := wavDuration(wav); d < time.Second {
			t.Fatalf("duration = %v", d)
		}
	})
}

func TestVoices(t *testing.T) {
	espeak := requireEspeak(t)
	pico := standIn(t, "pico2wave", "exit 0")
	cases := []struct {
		name  string
		opts  Options
		ids   []string
		found bool
	}{
		{"with both engines Pico comes first", Options{EspeakPath: espeak, PicoPath: pico},
			[]string{"pico:es-ES", "espeak-ng:es", "espeak-ng:es-419"}, true},
		{"with espeak-ng alone its Spain voice comes first", Options{EspeakPath: espeak, PicoPath: missingTool},
			[]string{"espeak-ng:es", "espeak-ng:es-419"}, true},
		{"with no engine there is no voice", Options{EspeakPath: missingTool, PicoPath: missingTool}, nil, false},
		{"a directory is not an engine", Options{EspeakPath: t.TempDir(), PicoPath: missingTool}, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := New(tc.opts)
			var ids []string
			for _, v := range e.Voices() {
				ids = append(ids, v.ID)
				if v.ID != v.Engine+":"+v.Language || v.Name == "" || v.Gender == "" {
					t.Errorf("voice %+v is incomplete", v)
				}
			}
			if fmt.Sprint(ids) != fmt.Sprint(tc.ids) {
				t.Fatalf("voices = %v, want %v", ids, tc.ids)
			}
			best, ok := e.Best()
			if ok != tc.found || ok && best.ID != tc.ids[0] {
				t.Fatalf("Best() = %v, %v", best, ok)
			}
		})
	}
}

func TestSynthesizeErrors(t *testing.T) {
	espeak := requireEspeak(t)
	e := New(Options{EspeakPath: espeak, PicoPath: missingTool})
	cases := []struct {
		name  string
		e     *Engine
		voice string
		text  string
		speed float64
		kind  domain.Kind
		code  string
	}{
		{"an unknown voice is not found", e, "espeak-ng:fr", "Hola", 1, domain.KindNotFound, "tts_voice_not_found"},
		{"a voice ID without an engine is not found", e, "es", "Hola", 1, domain.KindNotFound, "tts_voice_not_found"},
		{"a Pico voice without Pico installed is a missing engine", e, "pico:es-ES", "Hola", 1, domain.KindUnavailable, "tts_engine_missing"},
		{"an espeak-ng voice without espeak-ng is a missing engine", New(Options{EspeakPath: missingTool, PicoPath: missingTool}),
			"espeak-ng:es", "Hola", 1, domain.KindUnavailable, "tts_engine_missing"},
		{"empty text is invalid", e, "espeak-ng:es", "  \n", 1, domain.KindInvalid, "tts_text_invalid"},
		{"text that is not UTF-8 is invalid", e, "espeak-ng:es", "caf\xe9", 1, domain.KindInvalid, "tts_text_invalid"},
		{"text over 5000 characters is too long", e, "espeak-ng:es", strings.Repeat("á", 5001), 1, domain.KindInvalid, "tts_text_too_long"},
		{"a speed below 0.5 is invalid", e, "espeak-ng:es", "Hola", 0.4, domain.KindInvalid, "tts_settings_invalid"},
		{"a speed above 2 is invalid", e, "espeak-ng:es", "Hola", 2.5, domain.KindInvalid, "tts_settings_invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.e.Synthesize(context.Background(), tc.voice, tc.text, tc.speed)
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != tc.kind || de.Code != tc.code {
				t.Fatalf("error = %v, want %s", err, tc.code)
			}
		})
	}
}

func TestEngineFailures(t *testing.T) {
	ctx := context.Background()

	t.Run("a cancelled context starts nothing", func(t *testing.T) {
		e := New(Options{EspeakPath: requireEspeak(t), PicoPath: missingTool})
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := e.Synthesize(cctx, "espeak-ng:es", "Hola", 1)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
	})

	t.Run("cancelling the context stops a running engine", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "started")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		e := New(Options{EspeakPath: standIn(t, "espeak-ng", "echo started > '"+fifo+"'\nexec sleep 600"), PicoPath: missingTool})
		cctx, cancel := context.WithCancel(ctx)
		go func() {
			if b, err := os.ReadFile(fifo); err == nil && len(b) > 0 {
				cancel()
			}
		}()
		start := time.Now()
		_, err := e.Synthesize(cctx, "espeak-ng:es", "Hola", 1)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("the engine was not stopped")
		}
	})

	t.Run("an engine that runs past the timeout fails", func(t *testing.T) {
		e := New(Options{EspeakPath: standIn(t, "espeak-ng", "exec sleep 600"), PicoPath: missingTool, Timeout: 100 * time.Millisecond})
		_, err := e.Synthesize(ctx, "espeak-ng:es", "Hola", 1)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != "tts_failed" || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v, want tts_failed wrapping a deadline", err)
		}
	})

	t.Run("an engine that fails shows the end of what it said", func(t *testing.T) {
		script := "cat > /dev/null\necho 'loading voice data' >&2\necho 'Error: voice data file es_dict missing' >&2\nexit 3"
		e := New(Options{EspeakPath: standIn(t, "espeak-ng", script), PicoPath: missingTool})
		_, err := e.Synthesize(ctx, "espeak-ng:es", "Hola", 1)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != "tts_failed" || !strings.Contains(err.Error(), "es_dict missing") || !strings.Contains(err.Error(), "exit status 3") {
			t.Fatalf("error = %v, want tts_failed with the engine's stderr", err)
		}
	})

	t.Run("an engine that exits 0 without writing audio fails", func(t *testing.T) {
		e := New(Options{EspeakPath: standIn(t, "espeak-ng", "cat > /dev/null\necho \"Can't write to: output\" >&2"), PicoPath: missingTool})
		_, err := e.Synthesize(ctx, "espeak-ng:es", "Hola", 1)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != "tts_failed" {
			t.Fatalf("error = %v, want tts_failed", err)
		}
	})

	t.Run("an engine removed after start is missing", func(t *testing.T) {
		path := standIn(t, "espeak-ng", "exit 0")
		e := New(Options{EspeakPath: path, PicoPath: missingTool})
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		_, err := e.Synthesize(ctx, "espeak-ng:es", "Hola", 1)
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != "tts_engine_missing" {
			t.Fatalf("error = %v, want tts_engine_missing", err)
		}
	})
}
