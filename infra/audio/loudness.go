package audio

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Loudness is an EBU R128 measurement of a whole file.
type Loudness struct {
	IntegratedLUFS float64 // gated integrated loudness; -70 for silence
	TruePeakDBTP   float64 // highest true peak over all channels; -Inf for silence
	LRA            float64 // loudness range in LU
	// DurationSeconds is the decoded length, which can differ from what a
	// file's header claims.
	DurationSeconds float64
}

// Target is the loudness a render aims for.
type Target struct {
	// IntegratedLUFS is the integrated loudness to reach; -16 when zero.
	IntegratedLUFS float64
	// TruePeakDBTP is the highest true peak allowed; -1.5 when zero.
	TruePeakDBTP float64
}

// Loudness defaults: -16 LUFS suits speech in noisy public spaces and
// streaming players alike; -1.5 dBTP leaves room for the MP3 and Opus
// encoders' overshoot.
const (
	DefaultIntegratedLUFS = -16.0
	DefaultTruePeakDBTP   = -1.5
)

func (t Target) withDefaults() Target {
	if t.IntegratedLUFS == 0 {
		t.IntegratedLUFS = DefaultIntegratedLUFS
	}
	if t.TruePeakDBTP == 0 {
		t.TruePeakDBTP = DefaultTruePeakDBTP
	}
	return t
}

// Measure decodes path once and measures its loudness with ebur128 (true-peak
// mode); nothing is encoded. Only the first audio stream counts.
func (e *Engine) Measure(ctx context.Context, path string) (Loudness, error) {
	ctx, cancel := e.limit(ctx)
	defer cancel()
	l, err := e.measure(ctx, path)
	if err != nil {
		return Loudness{}, e.failure(ctx, "audio_analysis_timeout", "measure "+path, err)
	}
	return l, nil
}

func (e *Engine) measure(ctx context.Context, path string) (Loudness, error) {
	stdout, stderr, err := e.run(ctx, e.ffmpeg,
		"-nostdin", "-hide_banner", "-nostats", "-loglevel", "info",
		"-i", inputArg(path), "-map", "0:a:0",
		"-filter:a", "ebur128=peak=true:framelog=verbose",
		"-f", "null", "-", "-progress", "pipe:1")
	if err != nil {
		return Loudness{}, err
	}
	l, err := parseSummary(stderr)
	if err != nil {
		return Loudness{}, err
	}
	l.DurationSeconds, err = progressDuration(stdout)
	return l, err
}

// parseSummary reads the summary ebur128 prints when its input ends.
func parseSummary(stderr []byte) (Loudness, error) {
	i := bytes.LastIndex(stderr, []byte("Summary:"))
	if i < 0 {
		return Loudness{}, fmt.Errorf("no ebur128 summary in ffmpeg output: %s", lastLines(string(stderr), stderrTailLines))
	}
	var l Loudness
	found := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(stderr[i:]))
	for sc.Scan() {
		key, value, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		if !ok || found[key] {
			continue
		}
		var dst *float64
		switch key {
		case "I":
			dst = &l.IntegratedLUFS
		case "LRA":
			dst = &l.LRA
		case "Peak":
			dst = &l.TruePeakDBTP
		default:
			continue
		}
		v, err := parseLevel(value)
		if err != nil {
			return Loudness{}, fmt.Errorf("ebur128 summary %s: %w", key, err)
		}
		*dst, found[key] = v, true
	}
	if !found["I"] || !found["Peak"] {
		return Loudness{}, fmt.Errorf("incomplete ebur128 summary: %s", lastLines(string(stderr[i:]), stderrTailLines))
	}
	return l, nil
}

// parseLevel reads "-16.3 LUFS", "5.1 LU", "-1.2 dBFS" or "-inf dBFS".
func parseLevel(s string) (float64, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return 0, fmt.Errorf("empty value")
	}
	if f[0] == "-inf" {
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(f[0], 64)
}

// progressDuration reads the last out_time_us FFmpeg reported with
// -progress: the length of what it decoded.
func progressDuration(stdout []byte) (float64, error) {
	last := ""
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "out_time_us="); ok {
			last = v
		}
	}
	us, err := strconv.ParseInt(strings.TrimSpace(last), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read decoded length from ffmpeg progress %q: %w", last, err)
	}
	return float64(max(us, 0)) / 1e6, nil
}
