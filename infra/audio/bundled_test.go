package audio

import (
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// decodeStereo decodes path to 32-bit float samples at 44.1 kHz, one slice
// per channel.
func decodeStereo(t *testing.T, path string) [2][]float64 {
	t.Helper()
	raw, err := exec.Command("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", path,
		"-f", "f32le", "-ac", "2", "-ar", "44100", "-").Output()
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	var ch [2][]float64
	for i := 0; i+8 <= len(raw); i += 8 {
		for c := range 2 {
			ch[c] = append(ch[c], float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[i+4*c:]))))
		}
	}
	return ch
}

func rmsDB(x []float64) float64 {
	sum := 0.0
	for _, v := range x {
		sum += v * v
	}
	return 10 * math.Log10(sum/float64(len(x))+1e-20)
}

// percentile returns the p-th percentile (0..1) of the absolute values of
// the n-th differences of x.
func percentile(x []float64, order int, p float64) float64 {
	var d []float64
	for i := order; i < len(x); i++ {
		d = append(d, math.Abs(difference(x, i, order)))
	}
	slices.Sort(d)
	return d[int(p*float64(len(d)-1))]
}

// difference is the first (order 1) or second (order 2) difference of x
// ending at sample i, wrapping around the end as a loop does.
func difference(x []float64, i, order int) float64 {
	at := func(k int) float64 { return x[(k+len(x))%len(x)] }
	if order == 1 {
		return at(i) - at(i-1)
	}
	return at(i) - 2*at(i-1) + at(i-2)
}

func TestBundledBedsLoopCleanly(t *testing.T) {
	const window = 2205 // 50 ms
	for _, bed := range []string{calmPads, brightPulse} {
		t.Run(filepath.Base(bed)+" loops without a gap or a click", func(t *testing.T) {
			ch := decodeStereo(t, bed)
			if n := len(ch[0]); n != 30*44100 {
				t.Errorf("%d samples, want exactly 30 s (%d) so that it loops in time", n, 30*44100)
			}
			for c, x := range ch {
				first, last := rmsDB(x[:window]), rmsDB(x[len(x)-window:])
				if first < -45 || last < -45 {
					t.Errorf("channel %d: first 50 ms at %.1f dBFS, last 50 ms at %.1f dBFS; a loop must not pass through silence", c, first, last)
				}
				// Across the seam (last sample, then the first) the signal
				// must move no more than it does almost anywhere inside.
				for order := 1; order <= 2; order++ {
					seam := max(math.Abs(difference(x, 0, order)), math.Abs(difference(x, 1, order)))
					if limit := percentile(x, order, 0.999); seam > limit {
						t.Errorf("channel %d: difference of order %d across the seam %.4f, above the 99.9th percentile inside (%.4f): a click",
							c, order, seam, limit)
					}
				}
			}
		})
	}
}

func TestBundledAudioIsReadyToShip(t *testing.T) {
	files := []struct {
		path         string
		lufs         float64
		min, maxSecs float64
	}{
		{dingDong, -16, 2.3, 2.7},
		{softBell, -16, 1.8, 2.2},
		{calmPads, -20, 29.9, 30.1},
		{brightPulse, -20, 29.9, 30.1},
	}
	for _, f := range files {
		t.Run(filepath.Base(f.path)+" is a small 128 kbps stereo MP3 at its level without clipping", func(t *testing.T) {
			st, err := os.Stat(f.path)
			if err != nil {
				t.Fatalf("%v (run scripts/make-bundled-audio.sh)", err)
			}
			if st.Size() >= 600<<10 {
				t.Errorf("%d bytes, want under 600 KB", st.Size())
			}
			info, m := probeFile(t, f.path), meter(t, f.path)
			if info.codec != "mp3" || info.sampleRate != 44100 || info.channel != 2 || info.bitRate != 128000 {
				t.Errorf("%+v, want MP3 44.1 kHz stereo 128 kbps", info)
			}
			if info.duration < f.min || info.duration > f.maxSecs {
				t.Errorf("%.2f s, want %.1f to %.1f", info.duration, f.min, f.maxSecs)
			}
			if math.Abs(m.integrated-f.lufs) > 0.5 || m.truePeak > -1 {
				t.Errorf("%.2f LUFS, %.2f dBTP; want %.0f ± 0.5 LUFS and no peak above -1 dBTP", m.integrated, m.truePeak, f.lufs)
			}
		})
	}
}
