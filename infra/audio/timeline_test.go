package audio

import (
	"math"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// renderBedOnly renders r with the voice and chimes left out of the output
// but still keying the compressor, so the bed can be measured alone.
func renderBedOnly(t *testing.T, e *Engine, r Recipe) string {
	t.Helper()
	r = r.withDefaults()
	if err := e.measureInputs(background(), &r); err != nil {
		t.Fatal(err)
	}
	m, err := newMix(r)
	if err != nil {
		t.Fatal(err)
	}
	m.bedOnly = true
	out := filepath.Join(t.TempDir(), "bed.mp3")
	if _, _, err := e.run(background(), e.ffmpeg, m.fileArgs(out)...); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestTheBedDucksUnderTheVoice(t *testing.T) {
	f := need(t)
	e := newEngine(t)
	tests := []struct {
		name  string
		bed   string
		depth float64 // DuckDepthDB; 0 for the default
		least float64 // the drop must be at least this
		most  float64 // and at most this
	}{
		{"the calm bed drops at least 10 dB while the voice speaks", calmPads, 0, 10, DefaultDuckDepthDB + 3},
		{"the bright bed drops at least 10 dB while the voice speaks", brightPulse, 0, 10, DefaultDuckDepthDB + 3},
		{"a 10 dB duck depth drops the bed about 10 dB", calmPads, 10, 8, 12},
		{"a 24 dB duck depth drops the bed about 24 dB", brightPulse, 24, 21, 27},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := renderBedOnly(t, e, Recipe{Voice: Clip{Path: f.voice}, Bed: &Bed{Clip: Clip{Path: tt.bed}, DuckDepthDB: tt.depth}})
			m := meter(t, out)
			lead := DefaultLeadIn.Seconds()
			// The lead-in after the fade-in: 400 ms windows that end before
			// the voice starts.
			before := m.energyAt(DefaultFadeIn.Seconds()+0.3, lead-0.4, false)
			// Short-term (3 s) windows that lie inside the voice.
			during := m.energyAt(lead+3, lead+voiceSeconds-0.5, true)
			// Music comes back in the tail, just before the fade-out.
			fadeOut := lead + voiceSeconds + DefaultTail.Seconds() - DefaultFadeOut.Seconds()
			after := m.energyAt(fadeOut-0.4, fadeOut, false)
			t.Logf("bed alone %.1f LUFS, under the voice %.1f LUFS (%.1f dB down), back to %.1f LUFS in the tail",
				before, during, before-during, after)
			if drop := before - during; drop < tt.least || drop > tt.most {
				t.Errorf("the bed drops %.1f dB under the voice, want %.0f to %.0f", drop, tt.least, tt.most)
			}
			if before-after > 5 {
				t.Errorf("the bed stays %.1f dB down after the voice, want it back within 5 dB", before-after)
			}
		})
	}
}

var silenceLine = regexp.MustCompile(`silence_(start|end): ([0-9.]+)`)

// silences lists the silent stretches in path as [start, end] pairs.
func silences(t *testing.T, path string, minimum time.Duration) [][2]float64 {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", path,
		"-af", "silencedetect=noise=-50dB:d="+strconv.FormatFloat(minimum.Seconds(), 'f', 2, 64),
		"-f", "null", "-").CombinedOutput()
	if err != nil {
		t.Fatalf("silencedetect %s: %v: %s", path, err, out)
	}
	var spans [][2]float64
	for _, m := range silenceLine.FindAllStringSubmatch(string(out), -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		if m[1] == "start" {
			spans = append(spans, [2]float64{v, math.Inf(1)})
		} else if len(spans) > 0 {
			spans[len(spans)-1][1] = v
		}
	}
	return spans
}

func TestPartsComeInOrderAtTheirPlaces(t *testing.T) {
	f := need(t)
	e := newEngine(t)
	intro, outro := decodedSeconds(t, dingDong), decodedSeconds(t, softBell)
	gap := DefaultChimeGap.Seconds()
	const lead, trail = 1.0, 1.2
	out := filepath.Join(t.TempDir(), "spot.mp3")
	_, err := e.Render(background(), Recipe{
		Voice:      Clip{Path: f.voice},
		IntroChime: &Clip{Path: dingDong}, OutroChime: &Clip{Path: softBell},
		LeadSilence: time.Duration(lead * float64(time.Second)), TrailSilence: time.Duration(trail * float64(time.Second)),
	}, out)
	if err != nil {
		t.Fatal(err)
	}
	voiceAt := intro + gap + lead
	outroAt := voiceAt + voiceSeconds + trail + gap
	total := outroAt + outro

	// Pauses inside the voice are shorter than 0.6 s; the padding around it
	// is longer, so exactly two silences separate the three parts.
	spans := silences(t, out, 600*time.Millisecond)
	t.Logf("silences: %v; voice expected at %.2f s, outro chime at %.2f s", spans, voiceAt, outroAt)
	tests := []struct {
		name string
		ok   func() bool
	}{
		{"the intro chime starts the spot", func() bool { return len(spans) > 0 && spans[0][0] > 0.5 }},
		{"a silence ends where the voice starts", func() bool { return len(spans) > 0 && near(spans[0][1], voiceAt, 0.15) }},
		{"a silence ends where the outro chime starts", func() bool { return len(spans) > 1 && near(spans[1][1], outroAt, 0.15) }},
		{"the voice ends before the trailing silence", func() bool {
			return len(spans) > 1 && spans[1][0] > voiceAt+voiceSeconds-0.5 && spans[1][0] < voiceAt+voiceSeconds+0.15
		}},
		{"the spot is as long as its parts", func() bool { return near(decodedSeconds(t, out), total, 0.1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok() {
				t.Errorf("failed; silences %v, total %.3f s (want %.3f)", spans, decodedSeconds(t, out), total)
			}
		})
	}
}

func near(got, want, tolerance float64) bool { return math.Abs(got-want) <= tolerance }
