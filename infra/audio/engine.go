package audio

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// DefaultTimeout bounds one call (a render, a measurement, a probe) when
// Options.Timeout is zero.
const DefaultTimeout = 60 * time.Second

// Options say where FFmpeg is and how long a call may take.
type Options struct {
	// FFmpegPath and FFprobePath are executable paths or bare names looked up
	// on PATH; empty means "ffmpeg" and "ffprobe" on PATH.
	FFmpegPath  string
	FFprobePath string
	// Timeout bounds one call; DefaultTimeout when zero.
	Timeout time.Duration
	// Logger receives the rare events worth a line (a correction pass);
	// slog.Default() when nil.
	Logger *slog.Logger
}

// Engine runs FFmpeg and FFprobe. It is safe for concurrent use; every call
// starts its own processes.
type Engine struct {
	ffmpeg, ffprobe string
	timeout         time.Duration
	log             *slog.Logger

	// started, when set, is called with each process right after it starts;
	// tests use it to act while a render is running.
	started func(*exec.Cmd)
}

// New finds ffmpeg and ffprobe. It fails, naming the missing tool and where
// it looked, when either cannot be found or run; it starts no process.
func New(opts Options) (*Engine, error) {
	ffmpeg, err := findTool(opts.FFmpegPath, "ffmpeg")
	if err != nil {
		return nil, err
	}
	ffprobe, err := findTool(opts.FFprobePath, "ffprobe")
	if err != nil {
		return nil, err
	}
	e := &Engine{ffmpeg: ffmpeg, ffprobe: ffprobe, timeout: opts.Timeout, log: opts.Logger}
	if e.timeout <= 0 {
		e.timeout = DefaultTimeout
	}
	if e.log == nil {
		e.log = slog.Default()
	}
	return e, nil
}

func findTool(path, name string) (string, error) {
	if path == "" {
		path = name
	}
	found, err := exec.LookPath(path)
	if err != nil {
		return "", fmt.Errorf("audio: %s not found at %q (install FFmpeg 5.1 or newer, e.g. apt-get install ffmpeg, or configure the path to %s): %w", name, path, name, err)
	}
	abs, err := filepath.Abs(found)
	if err != nil {
		return "", fmt.Errorf("audio: %s path %q: %w", name, found, err)
	}
	return abs, nil
}

// Check runs `ffmpeg -version`, for readiness probes.
func (e *Engine) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	if _, _, err := e.run(ctx, e.ffmpeg, "-hide_banner", "-version"); err != nil {
		return fmt.Errorf("check ffmpeg: %w", err)
	}
	return nil
}

// Required FFmpeg features: the filters and encoders a render uses.
var (
	requiredFilters = []string{
		"adelay", "aecho", "afade", "aformat", "alimiter", "aloop", "amix", "apad",
		"aresample", "asplit", "atrim", "ebur128", "sidechaincompress", "volume",
	}
	requiredEncoders = []string{"libmp3lame", "libopus"}
)

// CheckFeatures verifies once, at start-up, that this FFmpeg has every filter
// and encoder a render needs, and an amix that accepts normalize=0
// (FFmpeg 4.4 or newer). The error lists what is missing.
func (e *Engine) CheckFeatures(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	filters, _, err := e.run(ctx, e.ffmpeg, "-hide_banner", "-filters")
	if err != nil {
		return fmt.Errorf("list ffmpeg filters: %w", err)
	}
	encoders, _, err := e.run(ctx, e.ffmpeg, "-hide_banner", "-encoders")
	if err != nil {
		return fmt.Errorf("list ffmpeg encoders: %w", err)
	}
	amix, _, err := e.run(ctx, e.ffmpeg, "-hide_banner", "-h", "filter=amix")
	if err != nil {
		return fmt.Errorf("describe ffmpeg amix: %w", err)
	}
	var missing []string
	missing = append(missing, absentWords(filters, requiredFilters, "filter ")...)
	missing = append(missing, absentWords(encoders, requiredEncoders, "encoder ")...)
	if !bytes.Contains(amix, []byte("normalize")) {
		missing = append(missing, "amix option normalize")
	}
	if len(missing) > 0 {
		return fmt.Errorf("ffmpeg at %s lacks %s", e.ffmpeg, strings.Join(missing, ", "))
	}
	return nil
}

// absentWords returns the names that appear nowhere in listing as a whole
// word (FFmpeg prints one filter or encoder per line, name second).
func absentWords(listing []byte, names []string, prefix string) []string {
	present := map[string]bool{}
	for _, line := range strings.Split(string(listing), "\n") {
		if f := strings.Fields(line); len(f) >= 2 {
			present[f[1]] = true
		}
	}
	var absent []string
	for _, n := range names {
		if !present[n] {
			absent = append(absent, prefix+n)
		}
	}
	return absent
}
