package audio

import (
	"fmt"
	"math"
	"strings"
	"time"

	"mediaflow/domain"
)

// mixRate is the sample rate every input is brought to; positions on the
// timeline are counted in its samples.
const mixRate = 44100

// Sidechain settings that are not part of a recipe. A high ratio makes the
// depth follow the key's level almost one to one, so setting the threshold
// from the target gives a predictable depth; the soft knee keeps the bed
// from pumping on quiet syllables.
const (
	duckRatio = 20.0
	duckKnee  = 4.0
	// duckCalibrationDB moves the threshold so that the depth measured on
	// speech matches DuckDepthDB: the compressor's RMS detector reads speech
	// at the target loudness a little above the LUFS figure.
	duckCalibrationDB = 1.5
)

// Limiter settings. alimiter limits sample peaks; the margin under the
// true-peak ceiling covers inter-sample peaks and the encoder's overshoot
// (the tests measure outputs 0.7 to 1.2 dB under the ceiling).
//
// TODO(#4): a true-peak limiter (oversampling around alimiter) would need a
// smaller margin, so speech would be limited about 1 dB less; meanwhile the
// measurement after the render catches an overshoot, at the cost of a pass.
const (
	limiterMarginDB  = 1.0
	limiterAttackMS  = 5
	limiterReleaseMS = 50
	// limiterLossPerDB is how much integrated loudness the limiter takes for
	// each dB the loudest input's peaks would pass its ceiling. Measured on
	// espeak-ng speech pushed 5 to 8 dB over (peaks measured before a mono
	// voice is spread over two channels): 0.2 to 0.5 LU.
	limiterLossPerDB = 0.06
	maxLimiterLossDB = 3.0
	// silentLUFS is the loudness under which an input counts as silent.
	silentLUFS = -60.0
)

// codecLossDB is the loudness an encoder takes away, measured on speech and
// on tones: LAME at a constant 192 kbps plays back 0.3 dB quieter than its
// input, Opus does not change the level.
var codecLossDB = map[string]float64{FormatMP3: 0.3, FormatOpus: 0}

// layer is one input placed on the timeline.
type layer struct {
	input  int     // FFmpeg input index
	gainDB float64 // brings the input to its level in the mix
	level  float64 // its loudness in the mix, LUFS
	peak   float64 // its true peak before gainDB, dBTP
	at     int64   // first sample
	length int64   // samples
}

// mix is a recipe resolved into inputs, gains and sample positions.
type mix struct {
	recipe    Recipe
	inputs    []string
	fg        []layer // voice and chimes, in order
	bed       *layer
	fgStart   int64 // first sample of the first chime or the voice
	fgEnd     int64 // sample after the last chime or the voice
	total     int64
	threshold float64 // sidechain threshold, dBFS
	predicted float64 // predicted LUFS of the mix before masterDB
	masterDB  float64
	limitDB   float64 // limiter ceiling, dBFS

	// stored names the clips whose measurement came with the recipe.
	stored []string

	// bare drops every loudness stage (benchmarks' floor); bedOnly outputs
	// the ducked bed alone, keyed by the voice as usual (tests).
	bare, bedOnly bool
}

func samples(d time.Duration) int64 { return int64(math.Round(d.Seconds() * mixRate)) }

func secondsToSamples(s float64) int64 { return int64(math.Round(s * mixRate)) }

// newMix lays r out on the timeline. Every clip must carry its Loudness.
func newMix(r Recipe) (*mix, error) {
	m := &mix{recipe: r}
	t := r.Target.IntegratedLUFS
	pos := int64(0)
	if r.Bed != nil {
		pos = samples(r.Bed.LeadIn)
	}
	m.fgStart = pos
	gap := samples(r.ChimeGap)
	if c := r.IntroChime; c != nil {
		l, err := m.place(c, t+DefaultChimeLevelDB, pos)
		if err != nil {
			return nil, err
		}
		pos = l.at + l.length + gap
	}
	pos += samples(r.LeadSilence)
	v, err := m.place(&r.Voice, t, pos)
	if err != nil {
		return nil, err
	}
	pos = v.at + v.length + samples(r.TrailSilence)
	if c := r.OutroChime; c != nil {
		l, err := m.place(c, t+DefaultChimeLevelDB, pos+gap)
		if err != nil {
			return nil, err
		}
		pos = l.at + l.length
	}
	m.fgEnd, m.total = pos, pos
	if err := m.placeBed(); err != nil {
		return nil, err
	}
	m.predicted = m.predict()
	m.limitDB = r.Target.TruePeakDBTP - limiterMarginDB
	m.masterDB = m.masterGain()
	return m, nil
}

// masterGain is the gain that takes the predicted mix to the target, plus
// what the encoder and the limiter are expected to take away.
func (m *mix) masterGain() float64 {
	gain := m.recipe.Target.IntegratedLUFS - m.predicted + codecLossDB[m.recipe.Format]
	return gain + min(limiterLossPerDB*m.overshoot(gain), maxLimiterLossDB)
}

// overshoot is how far, in dB, the loudest input's true peak would pass the
// limiter's ceiling with a master gain of gain.
func (m *mix) overshoot(gain float64) float64 {
	layers := m.fg
	if m.bed != nil {
		layers = append(layers[:len(layers):len(layers)], *m.bed)
	}
	over := 0.0
	for _, l := range layers {
		over = max(over, l.peak+l.gainDB+gain-m.limitDB)
	}
	return over
}

// place adds c as the next input, at sample at, with the gain that brings it
// to level (plus its own GainDB).
func (m *mix) place(c *Clip, level float64, at int64) (layer, error) {
	l, err := m.newLayer(c, level, at)
	if err != nil {
		return layer{}, err
	}
	m.fg = append(m.fg, l)
	return l, nil
}

func (m *mix) newLayer(c *Clip, level float64, at int64) (layer, error) {
	if c.Loudness == nil || c.Loudness.DurationSeconds <= 0 || c.Loudness.IntegratedLUFS <= silentLUFS {
		return layer{}, domain.Invalid("audio_silent", "an audio file of this announcement is empty or silent", nil)
	}
	level += c.GainDB
	m.inputs = append(m.inputs, c.Path)
	return layer{
		input:  len(m.inputs) - 1,
		gainDB: level - c.Loudness.IntegratedLUFS,
		level:  level,
		peak:   c.Loudness.TruePeakDBTP,
		at:     at,
		length: secondsToSamples(c.Loudness.DurationSeconds),
	}, nil
}

func (m *mix) placeBed() error {
	b := m.recipe.Bed
	if b == nil {
		return nil
	}
	m.total += samples(b.Tail)
	l, err := m.newLayer(&b.Clip, m.recipe.Target.IntegratedLUFS+DefaultBedLevelDB, 0)
	if err != nil {
		return err
	}
	m.bed = &l
	speech := m.recipe.Target.IntegratedLUFS + m.recipe.Voice.GainDB
	m.threshold = min(max(speech-b.DuckDepthDB/(1-1/duckRatio)+duckCalibrationDB, -60), 0)
	return nil
}

// gainsDiffer reports whether any input's gain differs between m and other
// (the same recipe, measured differently) by more than tolerance dB.
func (m *mix) gainsDiffer(other *mix, tolerance float64) bool {
	if len(m.fg) != len(other.fg) || (m.bed == nil) != (other.bed == nil) {
		return true
	}
	for i := range m.fg {
		if math.Abs(m.fg[i].gainDB-other.fg[i].gainDB) > tolerance {
			return true
		}
	}
	return m.bed != nil && math.Abs(m.bed.gainDB-other.bed.gainDB) > tolerance
}

// correct adjusts the master gain after a pass that missed the target by
// miss LU, and lowers the limiter's ceiling by a true-peak overshoot.
func (m *mix) correct(miss, over float64) {
	m.masterDB += miss
	if over > 0 {
		m.limitDB -= over + 0.2
	}
}

func (m *mix) result(measured Loudness, passes int) Result {
	res := Result{Loudness: measured, Passes: passes,
		AppliedGainDB: m.masterDB, PredictedLUFS: m.predicted, VoiceGainDB: m.voice().gainDB}
	if m.recipe.IntroChime != nil {
		res.IntroGainDB = m.fg[0].gainDB
	}
	if m.recipe.OutroChime != nil {
		res.OutroGainDB = m.fg[len(m.fg)-1].gainDB
	}
	if m.bed != nil {
		res.BedGainDB, res.DuckThresholdDB = m.bed.gainDB, m.threshold
	}
	return res
}

func (m *mix) voice() layer {
	if m.recipe.IntroChime != nil {
		return m.fg[1]
	}
	return m.fg[0]
}

// fileArgs are FFmpeg's arguments to render m into path.
func (m *mix) fileArgs(path string) []string {
	return m.args("-f", m.muxer(), path)
}

// teeArgs are FFmpeg's arguments to render m into name, a file in the
// working directory whose name needs no escaping, and the same encoded
// packets to standard output.
func (m *mix) teeArgs(name string) []string {
	return m.args("-f", "tee", fmt.Sprintf(`[f=%s]file\:%s|[f=%s]pipe\:1`, m.muxer(), name, m.muxer()))
}

func (m *mix) muxer() string {
	if m.recipe.Format == FormatOpus {
		return "ogg"
	}
	return "mp3"
}

func (m *mix) args(output ...string) []string {
	args := []string{"-nostdin", "-hide_banner", "-nostats", "-loglevel", "info", "-y"}
	for _, in := range m.inputs {
		args = append(args, "-protocol_whitelist", "file", "-i", inputArg(in))
	}
	args = append(args, "-filter_complex", m.graph(), "-map", "[out]", "-map_metadata", "-1")
	if m.recipe.Format == FormatOpus {
		args = append(args, "-c:a", "libopus", "-b:a", "96k", "-ar", "48000", "-ac", "2")
	} else {
		args = append(args, "-c:a", "libmp3lame", "-b:a", "192k", "-ar", "44100", "-ac", "2")
	}
	return append(args, output...)
}

// graph is the filter graph: foreground (voice and chimes) on the timeline,
// the bed ducked under it, the master gain and the limiter.
func (m *mix) graph() string {
	var g strings.Builder
	for i, l := range m.fg {
		fmt.Fprintf(&g, "[%d:a]%s%s[f%d];", l.input, m.prepare(l), delay(l.at), i)
	}
	if len(m.fg) > 1 {
		for i := range m.fg {
			fmt.Fprintf(&g, "[f%d]", i)
		}
		fmt.Fprintf(&g, "amix=inputs=%d:normalize=0:duration=longest,", len(m.fg))
	} else {
		g.WriteString("[f0]")
	}
	fmt.Fprintf(&g, "apad=whole_len=%d,atrim=end_sample=%d", m.total, m.total)
	if m.bed == nil {
		g.WriteString("[mix];")
	} else {
		g.WriteString("[fg];")
		m.bedGraph(&g)
	}
	g.WriteString("[mix]")
	if !m.bare {
		fmt.Fprintf(&g, "volume=%.2fdB,alimiter=limit=%.5f:level=0:attack=%d:release=%d,",
			m.masterDB, math.Pow(10, m.limitDB/20), limiterAttackMS, limiterReleaseMS)
	}
	g.WriteString("anull[out]")
	return g.String()
}

// prepare converts an input to the mix format and gain.
func (m *mix) prepare(l layer) string {
	s := fmt.Sprintf("aformat=sample_fmts=fltp:sample_rates=%d:channel_layouts=stereo", mixRate)
	if !m.bare {
		s += fmt.Sprintf(",volume=%.2fdB", l.gainDB)
	}
	return s
}

func delay(at int64) string {
	if at <= 0 {
		return ""
	}
	return fmt.Sprintf(",adelay=delays=%dS:all=1", at)
}

// bedGraph loops or trims the bed to the spot, fades it and ducks it under
// the foreground, then mixes both into [mix].
func (m *mix) bedGraph(g *strings.Builder) {
	b := m.recipe.Bed
	fmt.Fprintf(g, "[%d:a]%s", m.bed.input, m.prepare(*m.bed))
	if m.bed.length < m.total {
		fmt.Fprintf(g, ",aloop=loop=-1:size=%d", m.bed.length+mixRate)
	}
	fmt.Fprintf(g, ",atrim=end_sample=%d", m.total)
	if n := samples(b.FadeIn); n > 0 {
		fmt.Fprintf(g, ",afade=t=in:ss=0:ns=%d", n)
	}
	if start, n := m.fadeOut(); n > 0 {
		fmt.Fprintf(g, ",afade=t=out:ss=%d:ns=%d", start, n)
	}
	g.WriteString("[bed];[fg]asplit=2[fgmix][key];")
	fmt.Fprintf(g, "[bed][key]sidechaincompress=threshold=%.6f:ratio=%g:attack=%g:release=%g:knee=%g:detection=rms:link=maximum[duck];",
		math.Pow(10, m.threshold/20), duckRatio, ms(b.Attack), ms(b.Release), duckKnee)
	if m.bedOnly {
		g.WriteString("[fgmix]anullsink;[duck]anull[mix];")
		return
	}
	g.WriteString("[fgmix][duck]amix=inputs=2:normalize=0:duration=first[mix];")
}

// fadeOut returns where the bed's fade-out starts and how long it is: it ends
// with the spot and never starts before the foreground ends.
func (m *mix) fadeOut() (start, n int64) {
	n = samples(m.recipe.Bed.FadeOut)
	start = max(m.total-n, m.fgEnd)
	return start, m.total - start
}

// ms is d in milliseconds, at least sidechaincompress's minimum of 0.01.
func ms(d time.Duration) float64 { return max(float64(d.Microseconds())/1000, 0.01) }
