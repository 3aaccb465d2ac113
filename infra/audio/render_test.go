package audio

import (
	"math"
	"path/filepath"
	"testing"
	"time"
)

// spot is one recipe of the test set with the length it must come out at.
type spot struct {
	name   string
	recipe func(f fixtureSet) Recipe
	// seconds is the expected length: lead-in + chimes + gaps + padding +
	// voice + tail.
	seconds func(t *testing.T) float64
}

func spots() []spot {
	gap := DefaultChimeGap.Seconds()
	lead, tail := DefaultLeadIn.Seconds(), DefaultTail.Seconds()
	return []spot{
		{
			name: "a voice alone",
			recipe: func(f fixtureSet) Recipe {
				return Recipe{Voice: Clip{Path: f.voice}}
			},
			seconds: func(*testing.T) float64 { return voiceSeconds },
		},
		{
			name: "a voice with padding and chimes",
			recipe: func(f fixtureSet) Recipe {
				return Recipe{Voice: Clip{Path: f.voice}, LeadSilence: 500 * time.Millisecond, TrailSilence: 700 * time.Millisecond,
					IntroChime: &Clip{Path: dingDong}, OutroChime: &Clip{Path: softBell}}
			},
			seconds: func(t *testing.T) float64 {
				return decodedSeconds(t, dingDong) + gap + 0.5 + voiceSeconds + 0.7 + gap + decodedSeconds(t, softBell)
			},
		},
		{
			name: "a voice over the calm bed",
			recipe: func(f fixtureSet) Recipe {
				return Recipe{Voice: Clip{Path: f.voice}, Bed: &Bed{Clip: Clip{Path: calmPads}}}
			},
			seconds: func(*testing.T) float64 { return lead + voiceSeconds + tail },
		},
		{
			name: "a voice with chimes over the bright bed",
			recipe: func(f fixtureSet) Recipe {
				return Recipe{Voice: Clip{Path: f.voice}, IntroChime: &Clip{Path: dingDong}, OutroChime: &Clip{Path: dingDong},
					Bed: &Bed{Clip: Clip{Path: brightPulse}}}
			},
			seconds: func(t *testing.T) float64 {
				return lead + 2*decodedSeconds(t, dingDong) + 2*gap + voiceSeconds + tail
			},
		},
	}
}

func TestRenderReachesTheTarget(t *testing.T) {
	f := need(t)
	e := newEngine(t)
	for _, s := range spots() {
		t.Run(s.name+" comes out at -16 LUFS as a 192 kbps stereo MP3 of the right length", func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "spot.mp3")
			res, err := e.Render(background(), s.recipe(f), out)
			if err != nil {
				t.Fatal(err)
			}
			m := meter(t, out)
			info := probeFile(t, out)
			t.Logf("%s: I %.2f LUFS, TP %.2f dBTP (engine said %.1f / %.1f), predicted %.2f, gain %+.2f dB, passes %d",
				s.name, m.integrated, m.truePeak, res.Loudness.IntegratedLUFS, res.Loudness.TruePeakDBTP,
				res.PredictedLUFS, res.AppliedGainDB, res.Passes)
			if math.Abs(m.integrated-DefaultIntegratedLUFS) > 1 {
				t.Errorf("integrated loudness %.2f LUFS, want %.0f ± 1", m.integrated, DefaultIntegratedLUFS)
			}
			if m.truePeak > DefaultTruePeakDBTP {
				t.Errorf("true peak %.2f dBTP, want at most %.1f", m.truePeak, DefaultTruePeakDBTP)
			}
			if math.Abs(res.Loudness.IntegratedLUFS-m.integrated) > 0.2 {
				t.Errorf("Render reported %.2f LUFS, an independent measurement found %.2f", res.Loudness.IntegratedLUFS, m.integrated)
			}
			if info.format != "mp3" || info.codec != "mp3" || info.sampleRate != 44100 || info.channel != 2 {
				t.Errorf("output is %s/%s %d Hz %d channels, want an MP3 at 44100 Hz stereo", info.format, info.codec, info.sampleRate, info.channel)
			}
			if info.bitRate < 188000 || info.bitRate > 196000 {
				t.Errorf("bit rate %d, want about 192 kbps", info.bitRate)
			}
			if want := s.seconds(t); math.Abs(info.duration-want) > 0.1 {
				t.Errorf("length %.3f s, want %.3f s ± 0.1", info.duration, want)
			}
		})
	}
}
