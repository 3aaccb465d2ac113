package audio

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchRecipe is the spot every benchmark renders: the 12 s voice between
// the two chimes over a 20 s bed (looped to fit). With stored, each input
// carries the measurement it would have been given when it entered the
// system.
func benchRecipe(b *testing.B, e *Engine, stored bool) Recipe {
	b.Helper()
	f := need(b)
	clip := func(path string) Clip {
		c := Clip{Path: path}
		if stored {
			l, err := e.Measure(background(), path)
			if err != nil {
				b.Fatal(err)
			}
			c.Loudness = &l
		}
		return c
	}
	intro, outro := clip(dingDong), clip(softBell)
	return Recipe{Voice: clip(f.voice), IntroChime: &intro, OutroChime: &outro, Bed: &Bed{Clip: clip(f.bed20)}}
}

// childCPU is the processor time used so far by the test's finished child
// processes (FFmpeg and FFprobe).
func childCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the child processor time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric((childCPU()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// reportLoudness measures the last output outside the timer.
func reportLoudness(b *testing.B, path string) {
	b.Helper()
	b.StopTimer()
	m := meter(b, path)
	b.ReportMetric(m.integrated, "LUFS")
	b.ReportMetric(m.truePeak, "dBTP")
	b.ReportMetric(decodedSeconds(b, path), "s-long")
}

// BenchmarkRenderFull is the product path: one render with loudness
// control and one measurement of the output, inputs measured beforehand.
func BenchmarkRenderFull(b *testing.B) {
	e := newEngine(b)
	r := benchRecipe(b, e, true)
	out := filepath.Join(b.TempDir(), "spot.mp3")
	passes, cpu := 0, childCPU()
	for b.Loop() {
		res, err := e.Render(background(), r, out)
		if err != nil {
			b.Fatal(err)
		}
		passes += res.Passes
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(passes)/float64(b.N), "passes/op")
	reportLoudness(b, out)
}

// BenchmarkRenderFullUnmeasured is the same render when no input comes with
// a measurement: the four inputs are measured (in parallel) first.
func BenchmarkRenderFullUnmeasured(b *testing.B) {
	e := newEngine(b)
	r := benchRecipe(b, e, false)
	out := filepath.Join(b.TempDir(), "spot.mp3")
	cpu := childCPU()
	for b.Loop() {
		if _, err := e.Render(background(), r, out); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	reportLoudness(b, out)
}

// BenchmarkRenderFloor is the same mix as one bare FFmpeg command: the same
// graph without gains, limiter or measurement.
func BenchmarkRenderFloor(b *testing.B) {
	e := newEngine(b)
	r := benchRecipe(b, e, true).withDefaults()
	m, err := newMix(r)
	if err != nil {
		b.Fatal(err)
	}
	m.bare = true
	out := filepath.Join(b.TempDir(), "spot.mp3")
	args := m.fileArgs(out)
	cpu := childCPU()
	for b.Loop() {
		if _, _, err := e.run(background(), e.ffmpeg, args...); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	reportLoudness(b, out)
}

// v21Mix is v2.1's ducking mix (section 5.4.3 of the old system's report)
// with its defaults: music x1.65, voice x2.8, threshold 0.05, ratio 6,
// attack 5 ms, release 200 ms, 7 s intro, 4.5 s outro, fades 1.5 s and
// 4.5 s, amix with its default normalisation.
func v21Mix(music, voice, out string, voiceSeconds float64) []string {
	const intro, outro, fadeIn, fadeOut = 7.0, 4.5, 1.5, 4.5
	total := intro + voiceSeconds + outro
	fadeOutStart := max(intro+voiceSeconds, total-fadeOut)
	graph := fmt.Sprintf("[0:a]aloop=loop=-1:size=2e9,atrim=0:%.1f,volume=1.65[music];"+
		"[1:a]adelay=%d|%d,volume=2.8,apad=whole_dur=%.1f[voice];"+
		"[voice]asplit=2[voice_out][key];"+
		"[music][key]sidechaincompress=threshold=0.050:ratio=6:attack=5:release=200:makeup=1.0[ducked];"+
		"[ducked]afade=t=in:st=0:d=%.1f,afade=t=out:st=%.1f:d=%.1f[faded];"+
		"[faded][voice_out]amix=inputs=2:duration=longest:dropout_transition=3[out]",
		total, int(intro*1000), int(intro*1000), total, fadeIn, fadeOutStart, fadeOut)
	return []string{"-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", music, "-i", voice,
		"-filter_complex", graph, "-map", "[out]", "-map_metadata", "-1", "-t", fmt.Sprintf("%.1f", total),
		"-ac", "2", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "192k", out}
}

// v21Sequence runs v2.1's steps for a voice with a gain and music: the gain
// re-encoded through a second MP3, a probe of its length, the ducking mix
// (a third generation), a probe of the result; with chimes, v2.1 could only
// add them by concatenating, one more encode.
func v21Sequence(b *testing.B, e *Engine, dir string, withChimes bool) string {
	f := need(b)
	gained, mixed := filepath.Join(dir, "voice-gain.mp3"), filepath.Join(dir, "mix.mp3")
	run := func(bin string, args ...string) string {
		out, _, err := e.run(background(), bin, args...)
		if err != nil {
			b.Fatal(err)
		}
		return string(out)
	}
	run(e.ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", f.voice,
		"-af", "volume=7dB", "-c:a", "libmp3lame", "-b:a", "192k", gained)
	probe := func(path string) float64 {
		s := run(e.ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path)
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			b.Fatal(err)
		}
		return v
	}
	run(e.ffmpeg, v21Mix(f.bed20, gained, mixed, probe(gained))...)
	probe(mixed)
	if !withChimes {
		return mixed
	}
	final := filepath.Join(dir, "with-chimes.mp3")
	run(e.ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", dingDong, "-i", mixed, "-i", softBell,
		"-filter_complex", "[0:a][1:a][2:a]concat=n=3:v=0:a=1[out]", "-map", "[out]",
		"-ac", "2", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "192k", final)
	return final
}

// BenchmarkRenderV21 is v2.1's own sequence on the same voice and bed: a
// Francisca-style +7 dB gain re-encode, the ducking mix, a probe.
func BenchmarkRenderV21(b *testing.B) {
	e := newEngine(b)
	dir := b.TempDir()
	var out string
	cpu := childCPU()
	for b.Loop() {
		out = v21Sequence(b, e, dir, false)
	}
	reportCPU(b, cpu)
	reportLoudness(b, out)
}

// BenchmarkRenderV21WithChimes adds v2.1's chime concatenation, its third
// MP3 generation (v2.1 never offered chimes and music together).
func BenchmarkRenderV21WithChimes(b *testing.B) {
	e := newEngine(b)
	dir := b.TempDir()
	var out string
	cpu := childCPU()
	for b.Loop() {
		out = v21Sequence(b, e, dir, true)
	}
	reportCPU(b, cpu)
	reportLoudness(b, out)
}

// BenchmarkRenderParallel runs as many full renders at once as there are
// CPUs and reports the throughput.
func BenchmarkRenderParallel(b *testing.B) {
	e := newEngine(b)
	r := benchRecipe(b, e, true)
	n := runtime.NumCPU()
	dir := b.TempDir()
	start, cpu := time.Now(), childCPU()
	for b.Loop() {
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				if _, err := e.Render(background(), r, filepath.Join(dir, fmt.Sprintf("spot-%d.mp3", i))); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.ReportMetric((childCPU()-cpu).Seconds()/float64(n*b.N), "cpu-s/render")
	b.ReportMetric(float64(n*b.N)/elapsed.Minutes(), "renders/min")
	b.ReportMetric(float64(n), "parallel")
}
