package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"mediaflow/domain/studio"
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

// elevenLabsVoice speaks through ElevenLabs with a voice's settings.
type elevenLabsVoice struct {
	client *elevenlabs.Client
}

// Synthesize maps the voice's 0–100 settings to ElevenLabs' 0–1 ones.
func (e elevenLabsVoice) Synthesize(ctx context.Context, v studio.Voice, text string) ([]byte, string, error) {
	audio, err := e.client.Synthesize(ctx, v.ProviderVoiceID, text, elevenlabs.VoiceSettings{
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
