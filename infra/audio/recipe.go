package audio

import (
	"fmt"
	"time"

	"mediaflow/domain"
)

// Clip is one audio file in a render.
type Clip struct {
	Path string
	// GainDB moves the clip against the other parts of the spot, relative to
	// its role's default level (voice at the target, chimes DefaultChimeLevelDB
	// and the bed DefaultBedLevelDB below it). It cannot make the whole spot
	// louder: the mix is normalised to the target afterwards.
	GainDB float64
	// Loudness is the clip's measurement, taken when it entered the system
	// (upload, synthesis). Nil, or a zero duration, measures it during the
	// render, which costs one analysis pass.
	Loudness *Loudness
}

// Bed is a music bed under the voice: looped or trimmed to the length of the
// spot, faded in and out, and ducked while the voice or a chime plays.
//
// For LeadIn, Tail, FadeIn and FadeOut, zero selects the default and a
// negative value means none; Attack and Release select their defaults when
// zero.
type Bed struct {
	Clip
	LeadIn  time.Duration // music alone before the first chime or the voice; 2 s
	Tail    time.Duration // music after the last chime or the voice; 3 s
	FadeIn  time.Duration // from the start of the spot; 1 s
	FadeOut time.Duration // ending with the spot; 2 s
	// DuckDepthDB is how far the bed drops under speech at the target level;
	// DefaultDuckDepthDB when zero.
	DuckDepthDB float64
	Attack      time.Duration // how fast the bed ducks; 20 ms
	Release     time.Duration // how fast it comes back; 400 ms
}

// Recipe is what a spot is made of.
type Recipe struct {
	Voice Clip
	// LeadSilence and TrailSilence are silence right before and after the
	// voice (v2.1's intro/outro silence).
	LeadSilence, TrailSilence time.Duration
	// IntroChime plays before the voice and OutroChime after it; nil for none.
	IntroChime, OutroChime *Clip
	// ChimeGap separates a chime from the voice; zero selects 0.3 s and a
	// negative value means none.
	ChimeGap time.Duration
	// Bed, when set, plays under everything, from its lead-in to its tail.
	Bed *Bed
	// Target is the loudness of the finished spot.
	Target Target
	// Format is "mp3" (the default) or "opus" (Ogg/Opus).
	Format string
}

// Defaults for the parts of a recipe left zero.
const (
	DefaultChimeGap     = 300 * time.Millisecond
	DefaultChimeLevelDB = -3.0 // chimes against the voice
	DefaultBedLevelDB   = -6.0 // the bed against the voice, before ducking
	DefaultLeadIn       = 2 * time.Second
	DefaultTail         = 3 * time.Second
	DefaultFadeIn       = time.Second
	DefaultFadeOut      = 2 * time.Second
	DefaultDuckDepthDB  = 15.0
	DefaultAttack       = 20 * time.Millisecond
	DefaultRelease      = 400 * time.Millisecond
)

// Output formats.
const (
	FormatMP3  = "mp3"
	FormatOpus = "opus"
)

// maxPadding bounds every silence, lead-in and tail a recipe may ask for.
const maxPadding = 10 * time.Minute

func cloneClip(c *Clip) *Clip {
	if c == nil {
		return nil
	}
	copied := *c
	return &copied
}

// clips are the recipe's clips by role, leaving out those it lacks.
func (r *Recipe) clips() map[string]*Clip {
	all := map[string]*Clip{"voice": &r.Voice}
	if r.IntroChime != nil {
		all["intro_chime"] = r.IntroChime
	}
	if r.OutroChime != nil {
		all["outro_chime"] = r.OutroChime
	}
	if r.Bed != nil {
		all["bed"] = &r.Bed.Clip
	}
	return all
}

// measured reports whether c carries a usable measurement.
func (c *Clip) measured() bool { return c.Loudness != nil && c.Loudness.DurationSeconds > 0 }

func orDefault(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// clone returns a copy of r that shares no Clip or Bed with it.
func (r Recipe) clone() Recipe {
	r.IntroChime, r.OutroChime = cloneClip(r.IntroChime), cloneClip(r.OutroChime)
	if r.Bed != nil {
		b := *r.Bed
		r.Bed = &b
	}
	return r
}

// withDefaults returns a clone of r with every zero field set to its
// default (and negative durations that mean "none" set to zero).
func (r Recipe) withDefaults() Recipe {
	r = r.clone()
	r.Target = r.Target.withDefaults()
	r.ChimeGap = orDefault(r.ChimeGap, DefaultChimeGap)
	if r.Format == "" {
		r.Format = FormatMP3
	}
	if b := r.Bed; b != nil {
		b.LeadIn = orDefault(b.LeadIn, DefaultLeadIn)
		b.Tail = orDefault(b.Tail, DefaultTail)
		b.FadeIn = orDefault(b.FadeIn, DefaultFadeIn)
		b.FadeOut = orDefault(b.FadeOut, DefaultFadeOut)
		if b.Attack == 0 {
			b.Attack = DefaultAttack
		}
		if b.Release == 0 {
			b.Release = DefaultRelease
		}
		if b.DuckDepthDB == 0 {
			b.DuckDepthDB = DefaultDuckDepthDB
		}
	}
	return r
}

// validate checks a recipe that already has its defaults.
func (r Recipe) validate() error {
	bad := map[string]string{}
	if r.Voice.Path == "" {
		bad["voice"] = "a voice recording is required"
	}
	if r.Format != FormatMP3 && r.Format != FormatOpus {
		bad["format"] = "must be mp3 or opus"
	}
	if t := r.Target.IntegratedLUFS; t < -40 || t > -5 {
		bad["target.integrated_lufs"] = "must be between -40 and -5"
	}
	if p := r.Target.TruePeakDBTP; p < -20 || p > 0 {
		bad["target.true_peak_dbtp"] = "must be between -20 and 0"
	}
	checkPadding(bad, "lead_silence", r.LeadSilence)
	checkPadding(bad, "trail_silence", r.TrailSilence)
	for name, c := range map[string]*Clip{"intro_chime": r.IntroChime, "outro_chime": r.OutroChime} {
		if c != nil && c.Path == "" {
			bad[name] = "needs a file"
		}
	}
	if r.Bed != nil {
		r.Bed.validate(bad)
	}
	if len(bad) > 0 {
		return domain.Invalid("render_recipe_invalid", "the announcement cannot be rendered as asked", bad)
	}
	return nil
}

func (b *Bed) validate(bad map[string]string) {
	if b.Path == "" {
		bad["bed"] = "needs a file"
	}
	checkPadding(bad, "bed.lead_in", b.LeadIn)
	checkPadding(bad, "bed.tail", b.Tail)
	checkPadding(bad, "bed.fade_in", b.FadeIn)
	checkPadding(bad, "bed.fade_out", b.FadeOut)
	if b.DuckDepthDB < 0 || b.DuckDepthDB > 40 {
		bad["bed.duck_depth_db"] = "must be between 0 and 40"
	}
	if b.Attack < 0 || b.Attack > 2*time.Second {
		bad["bed.attack"] = "must be between 0 and 2 s"
	}
	if b.Release < 0 || b.Release > 9*time.Second {
		bad["bed.release"] = "must be between 0 and 9 s"
	}
}

func checkPadding(bad map[string]string, name string, d time.Duration) {
	if d < 0 || d > maxPadding {
		bad[name] = fmt.Sprintf("must be between 0 and %s", maxPadding)
	}
}
