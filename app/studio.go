package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"mediaflow/domain"
	"mediaflow/domain/studio"
	"mediaflow/infra/audio"
	"mediaflow/infra/elevenlabs"
	"mediaflow/infra/localtts"
	"mediaflow/infra/storage"
)

// studioFiles lets the studio copy stored files to local paths for FFmpeg.
type studioFiles struct {
	storage.Store
}

// Fetch copies the file under key to path.
func (f studioFiles) Fetch(ctx context.Context, key, path string) error {
	src, err := f.Open(ctx, key)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	dst, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return fmt.Errorf("fetch %s: %w", key, err)
	}
	return dst.Close()
}

// elevenLabsVoice speaks through ElevenLabs with the tenant's own key when
// it set one, the platform's otherwise.
type elevenLabsVoice struct {
	cfg       elevenlabs.Config // BaseURL, model, platform key (may be empty)
	tenantKey func(ctx context.Context, tenantID uint64) (string, error)

	mu      sync.Mutex
	clients map[string]*elevenlabs.Client // by key
}

func newElevenLabsVoice(cfg elevenlabs.Config, tenantKey func(context.Context, uint64) (string, error)) *elevenLabsVoice {
	return &elevenLabsVoice{cfg: cfg, tenantKey: tenantKey, clients: map[string]*elevenlabs.Client{}}
}

func (e *elevenLabsVoice) client(ctx context.Context, tenantID uint64) (*elevenlabs.Client, error) {
	key, err := e.tenantKey(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if key == "" {
		key = e.cfg.APIKey
	}
	if key == "" {
		return nil, &domain.Error{Kind: domain.KindUnavailable, Code: "tts_provider_unavailable",
			Message: "no ElevenLabs key is configured for this site; an admin can add one in the audio settings"}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if c, ok := e.clients[key]; ok {
		return c, nil
	}
	cfg := e.cfg
	cfg.APIKey = key
	c, err := elevenlabs.New(cfg)
	if err != nil {
		return nil, err
	}
	e.clients[key] = c
	return c, nil
}

// Synthesize maps the voice's 0–100 settings to ElevenLabs' 0–1 ones.
func (e *elevenLabsVoice) Synthesize(ctx context.Context, v studio.Voice, text string) ([]byte, string, error) {
	client, err := e.client(ctx, v.TenantID)
	if err != nil {
		return nil, "", err
	}
	audio, err := client.Synthesize(ctx, v.ProviderVoiceID, text, elevenlabs.VoiceSettings{
		Stability: float64(v.Stability) / 100, SimilarityBoost: float64(v.Similarity) / 100, Style: float64(v.Style) / 100,
		UseSpeakerBoost: v.SpeakerBoost, Speed: v.Speed,
	})
	return audio, ".mp3", err
}

// localVoice speaks with the speech engines installed on this machine.
type localVoice struct {
	engine *localtts.Engine
}

// Synthesize returns a WAV of the text in the voice's local engine.
func (l localVoice) Synthesize(ctx context.Context, v studio.Voice, text string) ([]byte, string, error) {
	audio, err := l.engine.Synthesize(ctx, v.ProviderVoiceID, text, v.Speed)
	return audio, ".wav", err
}

// studioEngine renders with FFmpeg. When FFmpeg is missing the server still
// starts: readiness reports it and every render fails with a clear error.
type studioEngine struct {
	engine      *audio.Engine
	missing     error
	maxDuration time.Duration
}

func newStudioEngine(log *slog.Logger) *studioEngine {
	e, err := audio.New(audio.Options{Logger: log})
	if err != nil {
		log.Warn("FFmpeg is not available; renders will fail until it is installed", slog.String("error", err.Error()))
		return &studioEngine{missing: newStudioEngineMissing()}
	}
	return &studioEngine{engine: e, maxDuration: 15 * time.Minute}
}

func newStudioEngineMissing() error {
	return &domain.Error{Kind: domain.KindUnavailable, Code: "ffmpeg_missing",
		Message: "FFmpeg is not installed on the server; ask the operator to install it"}
}

func toStudioLoudness(l audio.Loudness) studio.Loudness {
	return studio.Loudness{IntegratedLUFS: l.IntegratedLUFS, TruePeakDBTP: l.TruePeakDBTP, DurationSeconds: l.DurationSeconds}
}

func fromStudioLoudness(l studio.Loudness) *audio.Loudness {
	if l.DurationSeconds <= 0 {
		return nil // unknown: measured during the render
	}
	return &audio.Loudness{IntegratedLUFS: l.IntegratedLUFS, TruePeakDBTP: l.TruePeakDBTP, DurationSeconds: l.DurationSeconds}
}

func (s *studioEngine) Measure(ctx context.Context, path string) (studio.Loudness, error) {
	if s.missing != nil {
		return studio.Loudness{}, s.missing
	}
	l, err := s.engine.Measure(ctx, path)
	return toStudioLoudness(l), err
}

func target(st studio.Settings) audio.Target {
	return audio.Target{IntegratedLUFS: st.TargetLUFS, TruePeakDBTP: st.TruePeakDBTP}
}

func (s *studioEngine) Render(ctx context.Context, m studio.Mix, out string) (studio.Loudness, error) {
	if s.missing != nil {
		return studio.Loudness{}, s.missing
	}
	clip := func(in *studio.Input) *audio.Clip {
		if in == nil {
			return nil
		}
		return &audio.Clip{Path: in.Path, Loudness: fromStudioLoudness(in.Level)}
	}
	r := audio.Recipe{
		Voice:       audio.Clip{Path: m.Voice, GainDB: m.VoiceGainDB, Loudness: fromStudioLoudness(m.VoiceLevel)},
		LeadSilence: m.LeadSilence, TrailSilence: m.TrailSilence,
		IntroChime: clip(m.IntroChime), OutroChime: clip(m.OutroChime),
		Target: target(m.Settings),
	}
	if m.Bed != nil {
		r.Bed = &audio.Bed{Clip: *clip(m.Bed), LeadIn: m.Settings.BedLeadIn, Tail: m.Settings.BedTail, DuckDepthDB: math.Abs(m.Settings.DuckDepthDB)}
	}
	res, err := s.engine.Render(ctx, r, out)
	return toStudioLoudness(res.Loudness), err
}

// Import checks an upload by probing its content, then converts it once.
func (s *studioEngine) Import(ctx context.Context, in, out string, st studio.Settings) (studio.Loudness, error) {
	if s.missing != nil {
		return studio.Loudness{}, s.missing
	}
	if _, err := s.engine.ProbeUpload(ctx, in, s.maxDuration); err != nil {
		return studio.Loudness{}, err
	}
	l, err := s.engine.Convert(ctx, in, out, target(st))
	return toStudioLoudness(l), err
}

func (s *studioEngine) ToOpus(ctx context.Context, in, out string) error {
	if s.missing != nil {
		return s.missing
	}
	return s.engine.ToOpus(ctx, in, out)
}

// Check tells readiness whether renders can run.
func (s *studioEngine) Check(ctx context.Context) error {
	if s.missing != nil {
		return s.missing
	}
	return s.engine.Check(ctx)
}
