package studio

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"mediaflow/domain"
)

// MessagesTopic is the event topic of a tenant's message progress.
func MessagesTopic(tenantID uint64) string {
	return "tenant." + strconv.FormatUint(tenantID, 10) + ".messages"
}

// Progress is the event published while a message renders.
type Progress struct {
	ID        uint64 `json:"id"`
	Status    string `json:"status"`
	Progress  int    `json:"progress"`
	ErrorCode string `json:"error_code,omitempty"`
}

// renderJob renders one message if this worker wins it.
func (s *Service) renderJob(ctx context.Context, j job) {
	won, err := s.Store.ClaimMessage(ctx, j.tenantID, j.messageID)
	if err != nil {
		s.Log.Error("claim render job", slog.Uint64("message_id", j.messageID), slog.String("error", err.Error()))
		return
	}
	if !won {
		return
	}
	m, err := s.Store.Message(ctx, j.tenantID, j.messageID)
	if err != nil {
		s.Log.Error("load render job", slog.Uint64("message_id", j.messageID), slog.String("error", err.Error()))
		return
	}
	start := time.Now()
	err = s.render(ctx, m)
	attrs := []any{slog.Uint64("tenant_id", m.TenantID), slog.Uint64("message_id", m.ID), slog.Int64("duration_ms", time.Since(start).Milliseconds())}
	if err != nil {
		s.fail(context.WithoutCancel(ctx), m, err)
		s.Log.Warn("render failed", append(attrs, slog.String("error", err.Error()))...)
		return
	}
	s.Log.Info("render done", append(attrs, slog.Float64("loudness_lufs", m.Loudness.IntegratedLUFS))...)
	s.purgeUnsaved(ctx, m.TenantID)
}

func (s *Service) render(ctx context.Context, m *Message) error {
	settings, err := s.Store.Settings(ctx, m.TenantID)
	if err != nil {
		return err
	}
	voice, err := s.Store.Voice(ctx, m.TenantID, m.VoiceID)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp(s.WorkDir, "render-")
	if err != nil {
		return fmt.Errorf("render scratch directory: %w", err)
	}
	defer os.RemoveAll(dir)

	s.progress(ctx, m, 10)
	speechPath, speechLevel, err := s.speech(ctx, voice, m.SpokenText, dir)
	if err != nil {
		return err
	}
	s.progress(ctx, m, 50)
	mix := Mix{Voice: speechPath, VoiceLevel: speechLevel, VoiceGainDB: voice.GainDB,
		LeadSilence: voice.LeadSilence, TrailSilence: voice.TrailSilence, Settings: settings}
	for _, ref := range []struct {
		id  uint64
		dst **Input
	}{{m.IntroChimeID, &mix.IntroChime}, {m.OutroChimeID, &mix.OutroChime}, {m.MusicID, &mix.Bed}} {
		if ref.id == 0 {
			continue
		}
		if *ref.dst, err = s.fetchSound(ctx, m.TenantID, ref.id, dir); err != nil {
			return err
		}
	}
	out := filepath.Join(dir, "spot.mp3")
	level, err := s.Engine.Render(ctx, mix, out)
	if err != nil {
		return err
	}
	s.progress(ctx, m, 90)
	key := tenantKey(m.TenantID, "messages", randomKey()+".mp3")
	if err := s.putFile(ctx, key, out); err != nil {
		return err
	}
	now := s.now().UTC()
	m.AudioKey, m.Loudness, m.Status, m.Progress, m.RenderedAt = key, level, StatusReady, 100, &now
	m.ErrorCode, m.ErrorMessage = "", ""
	if err := s.Store.UpdateMessage(ctx, m); err != nil {
		s.Files.Delete(context.WithoutCancel(ctx), key)
		return err
	}
	s.publish(ctx, m)
	return nil
}

// speech returns a local file with the voice take, from the cache when the
// same text was already spoken by the same voice with the same settings.
func (s *Service) speech(ctx context.Context, v *Voice, text, dir string) (string, Loudness, error) {
	hash := takeHash(v, text)
	if take, err := s.Store.SpeechTake(ctx, v.TenantID, hash); err == nil {
		path := filepath.Join(dir, "speech"+filepath.Ext(take.StorageKey))
		if err := s.Files.Fetch(ctx, take.StorageKey, path); err == nil {
			return path, take.Loudness, nil
		}
	} else if !errors.Is(err, domain.ErrNotFound) {
		return "", Loudness{}, err
	}
	synth, ok := s.Synthesizers[v.Provider]
	if !ok {
		return "", Loudness{}, &domain.Error{Kind: domain.KindUnavailable, Code: "tts_provider_unavailable",
			Message: "the voice's speech provider is not configured on this server"}
	}
	audio, ext, err := synth.Synthesize(ctx, *v, text)
	if err != nil {
		return "", Loudness{}, err
	}
	path := filepath.Join(dir, "speech"+ext)
	if err := os.WriteFile(path, audio, 0o600); err != nil {
		return "", Loudness{}, err
	}
	level, err := s.Engine.Measure(ctx, path)
	if err != nil {
		return "", Loudness{}, err
	}
	take := &SpeechTake{TenantID: v.TenantID, Hash: hash, StorageKey: tenantKey(v.TenantID, "speech", hash+ext), Loudness: level}
	if err := s.Files.Put(ctx, take.StorageKey, bytes.NewReader(audio)); err == nil {
		if err := s.Store.SaveSpeechTake(ctx, take); err != nil {
			s.Log.Warn("cache speech take", slog.String("error", err.Error()))
		}
	}
	return path, level, nil
}

// takeHash identifies a voice take by everything that changes its sound.
func takeHash(v *Voice, text string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%d\x00%t\x00%.3f\x00%s", v.Provider, v.ProviderVoiceID, v.Stability, v.Similarity, v.Style, v.SpeakerBoost, v.Speed, text)
	return hex.EncodeToString(h.Sum(nil))
}

func (s *Service) fetchSound(ctx context.Context, tenantID, id uint64, dir string) (*Input, error) {
	snd, err := s.Store.Sound(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%d%s", snd.Kind, snd.ID, filepath.Ext(snd.StorageKey)))
	if err := s.Files.Fetch(ctx, snd.StorageKey, path); err != nil {
		return nil, fmt.Errorf("fetch %s %d: %w", snd.Kind, snd.ID, err)
	}
	return &Input{Path: path, Level: snd.Loudness}, nil
}

func (s *Service) putFile(ctx context.Context, key, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return s.Files.Put(ctx, key, f)
}

func (s *Service) progress(ctx context.Context, m *Message, pct int) {
	m.Progress = pct
	if err := s.Store.UpdateMessage(ctx, m); err != nil {
		s.Log.Warn("save render progress", slog.Uint64("message_id", m.ID), slog.String("error", err.Error()))
	}
	s.publish(ctx, m)
}

func (s *Service) fail(ctx context.Context, m *Message, err error) {
	m.Status, m.ErrorCode, m.ErrorMessage = StatusFailed, "render_failed", "the announcement could not be rendered"
	var de *domain.Error
	if errors.As(err, &de) {
		m.ErrorCode, m.ErrorMessage = de.Code, de.Message
	}
	if errors.Is(err, context.Canceled) {
		m.ErrorCode, m.ErrorMessage = "render_interrupted", "the server stopped while rendering; generate it again"
	}
	if uerr := s.Store.UpdateMessage(ctx, m); uerr != nil {
		s.Log.Error("save failed render", slog.Uint64("message_id", m.ID), slog.String("error", uerr.Error()))
	}
	s.publish(ctx, m)
}

func (s *Service) publish(ctx context.Context, m *Message) {
	if s.Events == nil {
		return
	}
	payload, _ := json.Marshal(Progress{ID: m.ID, Status: m.Status, Progress: m.Progress, ErrorCode: m.ErrorCode})
	if err := s.Events.Publish(ctx, MessagesTopic(m.TenantID), payload); err != nil {
		s.Log.Warn("publish render progress", slog.String("error", err.Error()))
	}
}

// purgeUnsaved keeps the tenant's newest unsaved messages and deletes the
// rest with their audio; saved messages are never purged.
func (s *Service) purgeUnsaved(ctx context.Context, tenantID uint64) {
	settings, err := s.Store.Settings(ctx, tenantID)
	if err != nil {
		return
	}
	old, err := s.Store.UnsavedBeyond(ctx, tenantID, settings.KeepUnsaved)
	if err != nil {
		s.Log.Warn("list messages to purge", slog.String("error", err.Error()))
		return
	}
	for _, m := range old {
		if err := s.Store.PurgeMessage(ctx, tenantID, m.ID); err != nil {
			s.Log.Warn("purge message", slog.Uint64("message_id", m.ID), slog.String("error", err.Error()))
			continue
		}
		for _, key := range []string{m.AudioKey, m.OpusKey} {
			if key != "" {
				s.Files.Delete(ctx, key)
			}
		}
		s.Audit.RecordAction(ctx, tenantID, "message.purged", strconv.FormatUint(m.ID, 10),
			map[string]string{"reason": fmt.Sprintf("more than %d unsaved messages", settings.KeepUnsaved)})
	}
}
