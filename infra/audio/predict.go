package audio

import "math"

// Prediction grid: power is tracked in 10 ms slots and gated in 400 ms blocks
// every 100 ms, as BS.1770 does.
const (
	slotSamples  = mixRate / 100
	blockSlots   = 40
	stepSlots    = 10
	absoluteGate = -70.0
	relativeGate = -10.0
)

// predict estimates the integrated loudness of the mix before the master
// gain. Each input counts as steady at its measured loudness over its length,
// the bed follows its fades and sits DuckDepthDB lower from the first
// foreground sample to the last; BS.1770 gating then runs on that power
// curve. The limiter and the encoder are accounted for in masterGain.
//
// TODO(#4): the voice counts as steady over its whole length; a take with
// long pauses is predicted too loud. Storing the gated duration with each
// measurement would fix it; the output measurement catches it meanwhile.
func (m *mix) predict() float64 {
	slots := make([]float64, (m.total+slotSamples-1)/slotSamples)
	for _, l := range m.fg {
		addPower(slots, l.at, l.at+l.length, l.level)
	}
	if m.bed != nil {
		m.addBed(slots)
	}
	return gatedLoudness(slots)
}

func addPower(slots []float64, from, to int64, lufs float64) {
	p := math.Pow(10, lufs/10)
	for s := from / slotSamples; s < int64(len(slots)) && s*slotSamples < to; s++ {
		lo, hi := max(from, s*slotSamples), min(to, (s+1)*slotSamples)
		slots[s] += p * float64(hi-lo) / slotSamples
	}
}

func (m *mix) addBed(slots []float64) {
	b := m.recipe.Bed
	p := math.Pow(10, m.bed.level/10)
	ducked := math.Pow(10, -b.DuckDepthDB/10)
	fadeIn := float64(samples(b.FadeIn))
	outStart, outLen := m.fadeOut()
	for s := range slots {
		at := float64(s*slotSamples + slotSamples/2)
		gain := 1.0
		if at < fadeIn {
			gain = at / fadeIn
		}
		if outLen > 0 && at > float64(outStart) {
			gain *= max(0, 1-(at-float64(outStart))/float64(outLen))
		}
		v := p * gain * gain
		if int64(at) >= m.fgStart && int64(at) < m.fgEnd {
			v *= ducked
		}
		slots[s] += v
	}
}

// gatedLoudness applies BS.1770's absolute and relative gates to 400 ms
// blocks of the slot powers.
func gatedLoudness(slots []float64) float64 {
	var blocks []float64
	for start := 0; start+blockSlots <= len(slots); start += stepSlots {
		sum := 0.0
		for _, p := range slots[start : start+blockSlots] {
			sum += p
		}
		if p := sum / blockSlots; lufs(p) > absoluteGate {
			blocks = append(blocks, p)
		}
	}
	gate := lufs(mean(blocks)) + relativeGate
	var kept []float64
	for _, p := range blocks {
		if lufs(p) > gate {
			kept = append(kept, p)
		}
	}
	return lufs(mean(kept))
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	return sum / float64(len(v))
}

func lufs(p float64) float64 {
	if p <= 0 {
		return absoluteGate
	}
	return 10 * math.Log10(p)
}
