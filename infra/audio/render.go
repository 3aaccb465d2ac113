package audio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"

	"golang.org/x/sync/errgroup"

	"mediaflow/domain"
)

// Result tells what a render produced and what it applied, for logs.
type Result struct {
	// Loudness is measured on the written file (its encoded stream); the
	// duration is the timeline's, which the file decodes to exactly.
	Loudness Loudness
	// AppliedGainDB is the static gain applied to the whole mix, in front of
	// the limiter.
	AppliedGainDB float64
	// PredictedLUFS is the mix's loudness before that gain, predicted from
	// the inputs' measurements.
	PredictedLUFS float64
	// VoiceGainDB, IntroGainDB, OutroGainDB and BedGainDB bring each input
	// to its level in the mix (zero for a part the recipe lacks).
	VoiceGainDB, IntroGainDB, OutroGainDB, BedGainDB float64
	// DuckThresholdDB is the sidechain compressor's threshold, in dBFS.
	DuckThresholdDB float64
	// Passes is 1, or 2 when the first output missed the target and was
	// rendered again with a corrected gain.
	Passes int
}

// Render mixes r into out in one FFmpeg process: each input decoded once, the
// mix encoded once. out is written atomically (a temporary file in the same
// directory, then a rename); on failure nothing is left at out. Inputs that
// come without a measurement are measured first, in parallel.
//
// The output is measured once, by a second FFmpeg that reads a copy of the
// encoded stream while it is being written. When it misses the target loudness by more
// than 1 LU, or its true peak is above the ceiling, it is rendered a second
// time: the inputs that came with a stored measurement are measured afresh
// (a stale measurement is the usual cause) and, if that changes nothing, the
// master gain is corrected by the miss.
//
// Errors: render_recipe_invalid for a recipe that cannot be rendered,
// audio_not_found for a missing input, audio_silent for a silent one,
// render_timeout when the engine's time limit ends the work (its Err holds
// the tail of FFmpeg's output), render_failed otherwise; when the caller's
// context ends, its error.
func (e *Engine) Render(ctx context.Context, r Recipe, out string) (Result, error) {
	ctx, cancel := e.limit(ctx)
	defer cancel()
	r = r.withDefaults()
	if err := r.validate(); err != nil {
		return Result{}, err
	}
	var stored []string
	for role, c := range r.clips() {
		if c.measured() {
			stored = append(stored, role)
		}
	}
	if err := e.measureInputs(ctx, &r); err != nil {
		return Result{}, e.renderFailure(ctx, err)
	}
	m, err := newMix(r)
	if err != nil {
		return Result{}, err
	}
	m.stored = stored
	res, err := e.renderMix(ctx, m, out)
	if err != nil {
		return Result{}, e.renderFailure(ctx, err)
	}
	return res, nil
}

// measureInputs checks that every clip of r exists and measures, in
// parallel, those that have no measurement.
func (e *Engine) measureInputs(ctx context.Context, r *Recipe) error {
	clips := r.clips()
	for _, c := range clips {
		if _, err := os.Stat(c.Path); errors.Is(err, os.ErrNotExist) {
			return domain.NotFound("audio_not_found", "an audio file of this announcement is missing")
		} else if err != nil {
			return fmt.Errorf("audio input: %w", err)
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	for _, c := range clips {
		if c.measured() {
			continue
		}
		g.Go(func() error {
			l, err := e.measure(gctx, c.Path)
			if err != nil {
				return fmt.Errorf("measure %s: %w", filepath.Base(c.Path), err)
			}
			c.Loudness = &l
			return nil
		})
	}
	return g.Wait()
}

// renderFailure maps an error from a render's processes to what callers see.
func (e *Engine) renderFailure(ctx context.Context, err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if ctx.Err() != nil {
		return e.failure(ctx, "render_timeout", "render", err)
	}
	return &domain.Error{Kind: domain.KindInternal, Code: "render_failed",
		Message: "the announcement could not be rendered", Err: fmt.Errorf("render: %w", err)}
}

// maxLoudnessError is how far, in LU, a render may land from its target
// before it is rendered again.
const maxLoudnessError = 1.0

// renderMix renders m into out, measures the result and, if it missed,
// renders once more.
func (e *Engine) renderMix(ctx context.Context, m *mix, out string) (Result, error) {
	var res Result
	err := writeAtomically(out, ".render-*."+m.recipe.Format, func(tmp string) error {
		measured, err := e.pass(ctx, m, tmp)
		if err != nil {
			return err
		}
		res = m.result(measured, 1)
		target := m.recipe.Target
		miss := target.IntegratedLUFS - measured.IntegratedLUFS
		over := measured.TruePeakDBTP - target.TruePeakDBTP
		if math.Abs(miss) <= maxLoudnessError && over <= 0 {
			return nil
		}
		e.log.Warn("audio render missed its target; rendering again",
			slog.Float64("measured_lufs", measured.IntegratedLUFS), slog.Float64("true_peak_dbtp", measured.TruePeakDBTP),
			slog.Float64("target_lufs", target.IntegratedLUFS), slog.Float64("predicted_lufs", m.predicted),
			slog.Any("stored_measurements", m.stored))
		if m, err = e.secondMix(ctx, m, miss, over); err != nil {
			return err
		}
		if measured, err = e.pass(ctx, m, tmp); err != nil {
			return err
		}
		res = m.result(measured, 2)
		return nil
	})
	return res, err
}

// secondMix prepares the second pass after a first that missed the target by
// miss LU with a true peak over the ceiling by over dB.
func (e *Engine) secondMix(ctx context.Context, m *mix, miss, over float64) (*mix, error) {
	if len(m.stored) > 0 {
		r := m.recipe.clone()
		clips := r.clips()
		for _, role := range m.stored {
			clips[role].Loudness = nil
		}
		if err := e.measureInputs(ctx, &r); err != nil {
			return nil, err
		}
		fresh, err := newMix(r)
		if err != nil {
			return nil, err
		}
		if m.gainsDiffer(fresh, maxLoudnessError/2) {
			fresh.bare, fresh.bedOnly = m.bare, m.bedOnly
			return fresh, nil
		}
	}
	m.correct(miss, over)
	return m, nil
}

// pass renders m into path and measures what it wrote. The measurement
// runs alongside the render, in a second FFmpeg that decodes a copy of the
// encoded stream from a pipe (the tee muxer writes the same packets to the
// file and to the pipe), so on a machine with two cores it costs almost no
// time. The decoded length comes from the timeline: the piped copy lacks the
// file's gapless header, which changes nothing else.
func (e *Engine) pass(ctx context.Context, m *mix, path string) (Loudness, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return Loudness{}, fmt.Errorf("pipe to the meter: %w", err)
	}
	render := e.command(ctx, e.ffmpeg, m.teeArgs(filepath.Base(path))...)
	render.cmd.Dir, render.cmd.Stdout = filepath.Dir(path), pw
	meter := e.command(ctx, e.ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info",
		"-f", m.muxer(), "-i", "pipe:0", "-map", "0:a:0",
		"-filter:a", "ebur128=peak=true:framelog=verbose", "-f", "null", "-")
	meter.cmd.Stdin = pr
	err = e.start(meter)
	if err == nil {
		if err = e.start(render); err != nil {
			meter.cmd.Process.Kill()
		}
	}
	pw.Close()
	pr.Close()
	if err != nil {
		meter.cmd.Wait()
		return Loudness{}, err
	}
	renderErr, meterErr := render.wait(), meter.wait()
	if renderErr != nil {
		return Loudness{}, errors.Join(renderErr, meterErr)
	}
	if meterErr != nil {
		return Loudness{}, fmt.Errorf("measure the render: %w", meterErr)
	}
	l, err := parseSummary(meter.stderr.Bytes())
	l.DurationSeconds = float64(m.total) / mixRate
	return l, err
}
