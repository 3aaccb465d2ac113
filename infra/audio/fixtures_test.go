package audio

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The bundled chimes and beds, made by scripts/make-bundled-audio.sh.
var (
	bundledDir  = filepath.Join("..", "..", "assets", "audio")
	dingDong    = filepath.Join(bundledDir, "chimes", "ding-dong.mp3")
	softBell    = filepath.Join(bundledDir, "chimes", "soft-bell.mp3")
	calmPads    = filepath.Join(bundledDir, "beds", "calm-pads.mp3")
	brightPulse = filepath.Join(bundledDir, "beds", "bright-pulse.mp3")
)

// voiceText is long enough for more than 12 s of espeak-ng speech.
const voiceText = "Estimados clientes, les recordamos que el estacionamiento del centro comercial " +
	"cierra a las diez de la noche. Por favor, retiren sus vehículos a tiempo. Gracias por su " +
	"preferencia y que tengan una excelente tarde en nuestro centro comercial."

// voiceSeconds is the length of the test voice.
const voiceSeconds = 12.0

// fixtureSet holds inputs generated once for the whole package's tests.
type fixtureSet struct {
	dir    string
	voice  string // 12 s of speech, mono 44.1 kHz MP3 128 kbps like a TTS take
	bed20  string // the first 20 s of calm-pads, for the benchmarks
	loud   string // a WAV of speech far too loud, with clipping
	source string // what the voice was made with
}

var (
	fixtureOnce sync.Once
	fixtures    fixtureSet
	fixtureErr  error
	fixtureRoot string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mediaflow-audio-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create the fixture directory:", err)
		os.Exit(1)
	}
	fixtureRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// need returns the shared fixtures, generating them on first use.
func need(tb testing.TB) fixtureSet {
	tb.Helper()
	fixtureOnce.Do(func() { fixtures, fixtureErr = makeFixtures(fixtureRoot) })
	if fixtureErr != nil {
		tb.Fatalf("generate test audio: %v", fixtureErr)
	}
	return fixtures
}

func makeFixtures(dir string) (fixtureSet, error) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		return fixtureSet{}, fmt.Errorf("ffmpeg is not on PATH; install it (apt-get install -y --no-install-recommends ffmpeg): %w", err)
	}
	f := fixtureSet{dir: dir, voice: filepath.Join(dir, "voice.mp3"),
		bed20: filepath.Join(dir, "bed20.mp3"), loud: filepath.Join(dir, "loud.wav")}
	raw, source, err := rawSpeech(dir)
	if err != nil {
		return f, err
	}
	f.source = source
	steps := [][]string{
		// Trim the leading silence so the voice starts at its first sample,
		// then keep exactly 12 s, ending with a short fade.
		{"-i", raw, "-af", fmt.Sprintf("silenceremove=start_periods=1:start_threshold=-50dB,apad,atrim=end=%g,afade=t=out:st=%g:d=0.03", voiceSeconds, voiceSeconds-0.03),
			"-ar", "44100", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "128k", f.voice},
		{"-i", calmPads, "-t", "20", "-c:a", "libmp3lame", "-b:a", "128k", f.bed20},
		{"-i", f.voice, "-af", "volume=24dB", "-ac", "2", "-c:a", "pcm_s16le", f.loud},
	}
	for _, s := range steps {
		if err := ffmpegRun(s...); err != nil {
			return f, err
		}
	}
	return f, nil
}

// rawSpeech makes speech with espeak-ng when it is installed, otherwise
// noise shaped like speech: syllables about 5 a second, pauses between
// phrases.
func rawSpeech(dir string) (path, source string, err error) {
	path = filepath.Join(dir, "speech.wav")
	if espeak, lookErr := exec.LookPath("espeak-ng"); lookErr == nil {
		cmd := exec.Command(espeak, "-v", "es", "-w", path, "--stdin")
		cmd.Stdin = strings.NewReader(voiceText)
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("espeak-ng: %v: %s", err, out)
		}
		return path, "espeak-ng", nil
	}
	err = ffmpegRun("-f", "lavfi", "-i", "anoisesrc=color=pink:seed=7:r=22050:d=14",
		"-af", "bandpass=f=700:width_type=o:w=3,volume='0.2+0.8*pow(abs(sin(2*PI*2.5*t)),2)*lt(mod(t,3.2),2.8)':eval=frame",
		path)
	return path, "speech-shaped noise (espeak-ng is not installed)", err
}

func ffmpegRun(args ...string) error {
	full := append([]string{"-nostdin", "-hide_banner", "-loglevel", "error", "-y"}, args...)
	out, err := exec.Command("ffmpeg", full...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ffmpeg %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

func newEngine(tb testing.TB) *Engine {
	tb.Helper()
	e, err := New(Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatalf("FFmpeg is required for these tests: %v", err)
	}
	return e
}

// measured is an independent loudness measurement: ebur128's per-frame
// metadata (not the summary Engine.Measure reads), in 100 ms frames.
type measured struct {
	integrated float64
	truePeak   float64 // dBTP, highest over channels
	frames     []meterFrame
}

type meterFrame struct {
	t         float64 // start of the frame (about 100 ms long), seconds
	momentary float64 // LUFS over the last 400 ms
	shortTerm float64 // LUFS over the last 3 s
}

// meter measures path with its own ebur128 pass in about 100 ms frames
// (4410 samples); options are added to ebur128's.
func meter(tb testing.TB, path string, options ...string) measured {
	tb.Helper()
	opts := strings.Join(append([]string{"peak=true", "metadata=1"}, options...), ":")
	out, err := exec.Command("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", path,
		"-af", "asetnsamples=n=4410:p=0,ebur128="+opts+",ametadata=mode=print:file=-",
		"-f", "null", "-").Output()
	if err != nil {
		tb.Fatalf("meter %s: %v", path, err)
	}
	var m measured
	m.truePeak = math.Inf(-1)
	var cur meterFrame
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "frame:") {
			if cur.t > 0 {
				m.frames = append(m.frames, cur)
			}
			cur = meterFrame{}
			if i := strings.Index(line, "pts_time:"); i >= 0 {
				v, _ := strconv.ParseFloat(strings.Fields(line[i+9:])[0], 64)
				cur.t = v
			}
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			continue
		}
		switch {
		case key == "lavfi.r128.M":
			cur.momentary = v
		case key == "lavfi.r128.S":
			cur.shortTerm = v
		case key == "lavfi.r128.I":
			m.integrated = v
		case strings.HasPrefix(key, "lavfi.r128.true_peaks_ch"):
			m.truePeak = math.Max(m.truePeak, 20*math.Log10(v))
		}
	}
	if cur.t > 0 {
		m.frames = append(m.frames, cur)
	}
	if len(m.frames) == 0 {
		tb.Fatalf("meter %s: no ebur128 frames", path)
	}
	return m
}

// energyAt averages the momentary (or short-term) loudness, as power, of the
// frames that start within [from, to) seconds.
func (m measured) energyAt(from, to float64, shortTerm bool) float64 {
	sum, n := 0.0, 0
	for _, f := range m.frames {
		if f.t >= from && f.t < to {
			v := f.momentary
			if shortTerm {
				v = f.shortTerm
			}
			sum += math.Pow(10, v/10)
			n++
		}
	}
	if n == 0 {
		return math.Inf(-1)
	}
	return 10 * math.Log10(sum/float64(n))
}

// fileInfo is what ffprobe says about a finished file.
type fileInfo struct {
	format, codec       string
	sampleRate, channel int
	bitRate             int
	duration            float64
}

func probeFile(tb testing.TB, path string) fileInfo {
	tb.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries",
		"format=format_name,duration,bit_rate:stream=codec_name,sample_rate,channels,bit_rate",
		"-of", "json", path).Output()
	if err != nil {
		tb.Fatalf("ffprobe %s: %v", path, err)
	}
	var p struct {
		Streams []struct {
			CodecName  string `json:"codec_name"`
			SampleRate string `json:"sample_rate"`
			Channels   int    `json:"channels"`
			BitRate    string `json:"bit_rate"`
		} `json:"streams"`
		Format struct {
			FormatName string `json:"format_name"`
			Duration   string `json:"duration"`
			BitRate    string `json:"bit_rate"`
		} `json:"format"`
	}
	if err := json.Unmarshal(out, &p); err != nil || len(p.Streams) == 0 {
		tb.Fatalf("ffprobe %s: %v: %s", path, err, out)
	}
	s := p.Streams[0]
	fi := fileInfo{format: p.Format.FormatName, codec: s.CodecName, channel: s.Channels}
	fi.sampleRate, _ = strconv.Atoi(s.SampleRate)
	fi.bitRate, _ = strconv.Atoi(s.BitRate)
	fi.duration = decodedSeconds(tb, path)
	return fi
}

// decodedSeconds decodes path and counts its samples.
func decodedSeconds(tb testing.TB, path string) float64 {
	tb.Helper()
	out, err := exec.Command("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", path,
		"-map", "0:a:0", "-f", "s16le", "-ac", "1", "-ar", "48000", "-").Output()
	if err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	return float64(len(out)/2) / 48000
}

func background() context.Context { return context.Background() }
