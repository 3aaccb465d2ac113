package audio

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mediaflow/domain"
)

func TestNewNamesTheMissingTool(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"a missing ffmpeg binary is refused", Options{FFmpegPath: "/nonexistent/bin/ffmpeg"}, `ffmpeg not found at "/nonexistent/bin/ffmpeg"`},
		{"a missing ffprobe binary is refused", Options{FFprobePath: "/nonexistent/bin/ffprobe"}, `ffprobe not found at "/nonexistent/bin/ffprobe"`},
		{"a bare name that is not on PATH is refused", Options{FFmpegPath: "ffmpeg-that-does-not-exist"}, "ffmpeg not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "install FFmpeg") {
				t.Fatalf("New(%+v) = %v, want an error containing %q and how to install FFmpeg", tt.opts, err, tt.want)
			}
		})
	}
	t.Run("the tools on PATH are found and answer", func(t *testing.T) {
		e := newEngine(t)
		if err := e.Check(background()); err != nil {
			t.Fatal(err)
		}
		if err := e.CheckFeatures(background()); err != nil {
			t.Fatal(err)
		}
	})
}

func TestMeasureAgreesWithAnIndependentMeter(t *testing.T) {
	e := newEngine(t)
	dir := t.TempDir()
	tests := []struct {
		name, file, source string
		seconds            float64
	}{
		{"a stereo tone at -20 dBFS", "tone.wav", "sine=f=1000:r=44100:d=5,volume=-14dB,pan=stereo|c0=c0|c1=c0", 5},
		{"a mono voice-like noise in MP3", "noise.mp3", "anoisesrc=color=pink:r=44100:d=7.5:amplitude=0.3,volume='0.3+0.7*abs(sin(2*PI*2*t))':eval=frame", 7.5},
	}
	for _, tt := range tests {
		t.Run(tt.name+" measures the same", func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if err := ffmpegRun("-f", "lavfi", "-i", tt.source, path); err != nil {
				t.Fatal(err)
			}
			got, err := e.Measure(background(), path)
			if err != nil {
				t.Fatal(err)
			}
			want := meter(t, path)
			if math.Abs(got.IntegratedLUFS-want.integrated) > 0.1 || math.Abs(got.TruePeakDBTP-want.truePeak) > 0.1 {
				t.Errorf("Measure = %.2f LUFS / %.2f dBTP, independent meter %.2f / %.2f",
					got.IntegratedLUFS, got.TruePeakDBTP, want.integrated, want.truePeak)
			}
			if math.Abs(got.DurationSeconds-tt.seconds) > 0.03 {
				t.Errorf("Measure length %.3f s, want %.3f", got.DurationSeconds, tt.seconds)
			}
		})
	}
	t.Run("a missing file is an error", func(t *testing.T) {
		if _, err := e.Measure(background(), filepath.Join(dir, "nothing.mp3")); err == nil {
			t.Fatal("no error")
		}
	})
}

// badUploads writes the files ProbeUpload must refuse, by name.
func badUploads(t *testing.T, f fixtureSet) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("text.mp3", []byte("This is a shopping list, not a song.\nMilk\nBread\n"))
	write("playlist.mp3", []byte("#EXTM3U\n#EXTINF:10,\nhttp://127.0.0.1:1/secret.mp3\n"))
	write("empty.mp3", nil)
	voice, err := os.ReadFile(f.voice)
	if err != nil {
		t.Fatal(err)
	}
	write("truncated.mp3", voice[:len(voice)*6/10+77])
	// A RIFF/WAVE file with an INFO list and no format chunk.
	write("no-format.wav", []byte("RIFF\x1c\x00\x00\x00WAVELIST\x10\x00\x00\x00INFOISFT\x04\x00\x00\x00abc\x00"))
	steps := [][]string{
		{"-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "0", filepath.Join(dir, "no-samples.wav")},
		{"-f", "lavfi", "-i", "color=c=black:s=16x16:d=1", "-c:v", "ffv1", filepath.Join(dir, "video-only.mkv")},
		{"-i", f.voice, "-c:a", "pcm_s16le", "-f", "wav", filepath.Join(dir, "wav-named.mp3")},
		{"-i", f.voice, "-c:a", "libopus", "-b:a", "48k", filepath.Join(dir, "voice.ogg")},
	}
	for _, s := range steps {
		if err := ffmpegRun(s...); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Link(f.voice, filepath.Join(dir, "mp3-named.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestProbeUploadGoesByContent(t *testing.T) {
	f := need(t)
	e := newEngine(t)
	dir := badUploads(t, f)
	refused := []struct {
		name, file, code string
		max              time.Duration
	}{
		{"a text file named .mp3 is unreadable", "text.mp3", "audio_unreadable", time.Minute},
		{"a playlist named .mp3 is unreadable and never followed", "playlist.mp3", "audio_unreadable", time.Minute},
		{"a zero-byte file is empty", "empty.mp3", "audio_empty", time.Minute},
		{"a truncated MP3 is refused", "truncated.mp3", "audio_truncated", time.Minute},
		{"a WAV without a format chunk is unreadable", "no-format.wav", "audio_unreadable", time.Minute},
		{"a WAV with no samples is empty", "no-samples.wav", "audio_empty", time.Minute},
		{"a video without sound has no audio stream", "video-only.mkv", "audio_no_stream", time.Minute},
		{"a recording longer than the maximum is too long", "mp3-named.txt", "audio_too_long", 5 * time.Second},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.ProbeUpload(background(), filepath.Join(dir, tt.file), tt.max)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != tt.code || de.Kind != domain.KindInvalid {
				t.Fatalf("ProbeUpload = %v, want %s", err, tt.code)
			}
		})
	}
	accepted := []struct {
		name, file, format, codec string
		channels                  int
	}{
		{"an MP3 named .txt is an MP3", "mp3-named.txt", "mp3", "mp3", 1},
		{"a WAV named .mp3 is a WAV", "wav-named.mp3", "wav", "pcm_s16le", 1},
		{"an Ogg/Opus file is accepted", "voice.ogg", "ogg", "opus", 1},
	}
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			p, err := e.ProbeUpload(background(), filepath.Join(dir, tt.file), time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != tt.format || p.Codec != tt.codec || p.Channels != tt.channels || math.Abs(p.DurationSeconds-voiceSeconds) > 0.05 {
				t.Fatalf("ProbeUpload = %+v, want %s/%s, %d channel(s), %.0f s", p, tt.format, tt.codec, tt.channels, voiceSeconds)
			}
		})
	}
}

// slowRecipe renders for many seconds: ten minutes of padding on each side
// of the voice and a looped bed.
func slowRecipe(t *testing.T, e *Engine, f fixtureSet) Recipe {
	t.Helper()
	voice, err := e.Measure(background(), f.voice)
	if err != nil {
		t.Fatal(err)
	}
	bed, err := e.Measure(background(), calmPads)
	if err != nil {
		t.Fatal(err)
	}
	return Recipe{
		Voice:       Clip{Path: f.voice, Loudness: &voice},
		LeadSilence: maxPadding, TrailSilence: maxPadding,
		Bed: &Bed{Clip: Clip{Path: calmPads, Loudness: &bed}, LeadIn: maxPadding, Tail: maxPadding},
	}
}

func TestRenderStops(t *testing.T) {
	f := need(t)

	t.Run("cancelling the context kills ffmpeg and leaves no file", func(t *testing.T) {
		e := newEngine(t)
		r := slowRecipe(t, e, f)
		ctx, cancel := context.WithCancel(background())
		defer cancel()
		var mu sync.Mutex
		var pids []int
		e.started = func(cmd *exec.Cmd) {
			mu.Lock()
			pids = append(pids, cmd.Process.Pid)
			mu.Unlock()
			if slices.Contains(cmd.Args, "-filter_complex") {
				cancel()
			}
		}
		dir := t.TempDir()
		_, err := e.Render(ctx, r, filepath.Join(dir, "spot.mp3"))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Render = %v, want context.Canceled", err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(pids) < 2 {
			t.Fatalf("the render started %d processes, want the renderer and its meter", len(pids))
		}
		for _, pid := range pids {
			if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
				t.Errorf("ffmpeg (pid %d) is still there: %v", pid, err)
			}
		}
		assertEmptyDir(t, dir)
	})

	t.Run("the engine's time limit fails the render with render_timeout and ffmpeg's last words", func(t *testing.T) {
		e := newEngine(t)
		r := slowRecipe(t, e, f)
		e.timeout = 2 * time.Second
		dir := t.TempDir()
		_, err := e.Render(background(), r, filepath.Join(dir, "spot.mp3"))
		var de *domain.Error
		if !errors.As(err, &de) || de.Code != "render_timeout" || de.Kind != domain.KindUnavailable {
			t.Fatalf("Render = %v, want render_timeout", err)
		}
		var pe *ProcessError
		if !errors.As(err, &pe) || !strings.Contains(pe.StderrTail, "Stream mapping") || strings.Count(pe.StderrTail, "\n") >= stderrTailLines {
			t.Fatalf("the error carries no tail of ffmpeg's output (at most %d lines): %v", stderrTailLines, err)
		}
		if !strings.Contains(err.Error(), pe.StderrTail) {
			t.Errorf("the error text lacks the tail: %v", err)
		}
		assertEmptyDir(t, dir)
	})
}

func assertEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

func TestRenderRefusesBadRecipes(t *testing.T) {
	f := need(t)
	e := newEngine(t)
	silent := filepath.Join(t.TempDir(), "silent.wav")
	if err := ffmpegRun("-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "3", silent); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		recipe Recipe
		code   string
		field  string
	}{
		{"a recipe without a voice is invalid", Recipe{}, "render_recipe_invalid", "voice"},
		{"an unknown format is invalid", Recipe{Voice: Clip{Path: f.voice}, Format: "wav"}, "render_recipe_invalid", "format"},
		{"negative padding is invalid", Recipe{Voice: Clip{Path: f.voice}, LeadSilence: -time.Second}, "render_recipe_invalid", "lead_silence"},
		{"an absurd target is invalid", Recipe{Voice: Clip{Path: f.voice}, Target: Target{IntegratedLUFS: -3}}, "render_recipe_invalid", "target.integrated_lufs"},
		{"a bed without a file is invalid", Recipe{Voice: Clip{Path: f.voice}, Bed: &Bed{}}, "render_recipe_invalid", "bed"},
		{"a missing voice file is not found", Recipe{Voice: Clip{Path: filepath.Join(f.dir, "gone.mp3")}}, "audio_not_found", ""},
		{"a silent voice is refused", Recipe{Voice: Clip{Path: silent}}, "audio_silent", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := e.Render(background(), tt.recipe, filepath.Join(dir, "spot.mp3"))
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != tt.code {
				t.Fatalf("Render = %v, want %s", err, tt.code)
			}
			if _, ok := de.Details[tt.field]; tt.field != "" && !ok {
				t.Errorf("details %v do not name %s", de.Details, tt.field)
			}
			assertEmptyDir(t, dir)
		})
	}
}

// loggingEngine is an engine whose log lines land in the returned buffer.
func loggingEngine(t *testing.T) (*Engine, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	e, err := New(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatalf("FFmpeg is required for these tests: %v", err)
	}
	return e, &logs
}

func TestASecondPassCorrectsAMiss(t *testing.T) {
	f := need(t)
	truth, err := newEngine(t).Measure(background(), f.voice)
	if err != nil {
		t.Fatal(err)
	}
	stored := func(errorLU float64) func(*Engine, string) (Result, error) {
		return func(e *Engine, out string) (Result, error) {
			wrong := truth
			wrong.IntegratedLUFS += errorLU
			return e.Render(background(), Recipe{Voice: Clip{Path: f.voice, Loudness: &wrong}}, out)
		}
	}
	tests := []struct {
		name   string
		render func(e *Engine, out string) (Result, error)
	}{
		{"a voice stored as 8 LU quieter than it is is measured again and comes out right", stored(-8)},
		{"a voice stored as 6 LU louder than it is is measured again and comes out right", stored(6)},
		{"a mix whose gain was 5 dB off is corrected by its miss", func(e *Engine, out string) (Result, error) {
			r := Recipe{Voice: Clip{Path: f.voice, Loudness: &truth}, Bed: &Bed{Clip: Clip{Path: calmPads}}}.withDefaults()
			if err := e.measureInputs(background(), &r); err != nil {
				return Result{}, err
			}
			m, err := newMix(r)
			if err != nil {
				return Result{}, err
			}
			m.masterDB -= 5
			return e.renderMix(background(), m, out)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, logs := loggingEngine(t)
			out := filepath.Join(t.TempDir(), "spot.mp3")
			res, err := tt.render(e, out)
			if err != nil {
				t.Fatal(err)
			}
			m := meter(t, out)
			if res.Passes != 2 || !strings.Contains(logs.String(), "rendering again") {
				t.Errorf("passes = %d, log %q; want a second pass, logged", res.Passes, logs.String())
			}
			if math.Abs(m.integrated-DefaultIntegratedLUFS) > 1 || m.truePeak > DefaultTruePeakDBTP {
				t.Errorf("after the second pass: %.2f LUFS, %.2f dBTP", m.integrated, m.truePeak)
			}
		})
	}
}

func TestRenderWritesIntoAnyDirectory(t *testing.T) {
	f := need(t)
	e := newEngine(t)
	dir := filepath.Join(t.TempDir(), "a:b [c]|d 'e'")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "spot: final [1].mp3")
	if _, err := e.Convert(background(), f.voice, out, Target{IntegratedLUFS: -20, TruePeakDBTP: -3}); err != nil {
		t.Fatal(err)
	}
	m := meter(t, out)
	if math.Abs(m.integrated+20) > 1 || m.truePeak > -3 {
		t.Errorf("a -20 LUFS / -3 dBTP target came out at %.2f LUFS, %.2f dBTP", m.integrated, m.truePeak)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %v, want only the spot", entries)
	}
}

func TestConvertAndToOpus(t *testing.T) {
	f := need(t)
	e := newEngine(t)
	dir := t.TempDir()

	t.Run("Convert brings a clipped, far too loud upload to the target", func(t *testing.T) {
		before := meter(t, f.loud)
		out := filepath.Join(dir, "converted.mp3")
		got, err := e.Convert(background(), f.loud, out, Target{})
		if err != nil {
			t.Fatal(err)
		}
		m := meter(t, out)
		info := probeFile(t, out)
		t.Logf("upload %.1f LUFS / %.1f dBTP, converted %.2f LUFS / %.2f dBTP", before.integrated, before.truePeak, m.integrated, m.truePeak)
		if math.Abs(m.integrated-DefaultIntegratedLUFS) > 1 || m.truePeak > DefaultTruePeakDBTP {
			t.Errorf("converted to %.2f LUFS, %.2f dBTP", m.integrated, m.truePeak)
		}
		if math.Abs(got.IntegratedLUFS-m.integrated) > 0.2 {
			t.Errorf("Convert reported %.2f LUFS, measured %.2f", got.IntegratedLUFS, m.integrated)
		}
		if info.codec != "mp3" || info.sampleRate != 44100 || info.channel != 2 || math.Abs(info.duration-voiceSeconds) > 0.1 {
			t.Errorf("converted file: %+v", info)
		}
	})

	t.Run("a render in Opus is Ogg/Opus at the target", func(t *testing.T) {
		out := filepath.Join(dir, "spot.ogg")
		if _, err := e.Render(background(), Recipe{Voice: Clip{Path: f.voice}, Bed: &Bed{Clip: Clip{Path: brightPulse}}, Format: FormatOpus}, out); err != nil {
			t.Fatal(err)
		}
		info, m := probeFile(t, out), meter(t, out)
		if info.format != "ogg" || info.codec != "opus" || info.channel != 2 {
			t.Errorf("rendered %+v, want Ogg/Opus stereo", info)
		}
		if math.Abs(m.integrated-DefaultIntegratedLUFS) > 1 || m.truePeak > DefaultTruePeakDBTP {
			t.Errorf("rendered %.2f LUFS, %.2f dBTP", m.integrated, m.truePeak)
		}
	})

	t.Run("ToOpus makes a mono 48 kHz Ogg/Opus file as loud as the MP3", func(t *testing.T) {
		mp3 := filepath.Join(dir, "spot.mp3")
		if _, err := e.Render(background(), Recipe{Voice: Clip{Path: f.voice}, IntroChime: &Clip{Path: dingDong}}, mp3); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "spot-for-chat.ogg")
		if err := e.ToOpus(background(), mp3, out); err != nil {
			t.Fatal(err)
		}
		info := probeFile(t, out)
		if info.format != "ogg" || info.codec != "opus" || info.sampleRate != 48000 || info.channel != 1 {
			t.Errorf("ToOpus wrote %+v, want Ogg/Opus mono 48 kHz", info)
		}
		src, got := meter(t, mp3), meter(t, out, "dualmono=true")
		if math.Abs(src.integrated-got.integrated) > 0.5 {
			t.Errorf("ToOpus changed the loudness from %.2f to %.2f LUFS", src.integrated, got.integrated)
		}
		if math.Abs(info.duration-decodedSeconds(t, mp3)) > 0.05 {
			t.Errorf("ToOpus length %.3f s, the MP3 %.3f s", info.duration, decodedSeconds(t, mp3))
		}
	})
}
