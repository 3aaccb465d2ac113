package studio

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"mediaflow/domain"
)

// Voices lists the tenant's voices in their order.
func (s *Service) Voices(ctx context.Context, tenantID uint64) ([]Voice, error) {
	return s.Store.Voices(ctx, tenantID)
}

// Voice returns one of the tenant's voices.
func (s *Service) Voice(ctx context.Context, tenantID, id uint64) (*Voice, error) {
	return s.Store.Voice(ctx, tenantID, id)
}

// Validate checks a voice's fields and returns every problem at once.
func (v *Voice) Validate() error {
	d := map[string]string{}
	if v.Provider != ProviderElevenLabs && v.Provider != ProviderLocal {
		d["provider"] = "must be elevenlabs or local"
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(v.ProviderVoiceID)); n == 0 || n > 120 {
		d["provider_voice_id"] = "must have 1 to 120 characters"
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(v.Name)); n == 0 || n > 100 {
		d["name"] = "must have 1 to 100 characters"
	}
	if v.Gender != "" && v.Gender != "M" && v.Gender != "F" {
		d["gender"] = "must be M, F or empty"
	}
	for field, p := range map[string]int{"stability": v.Stability, "similarity": v.Similarity, "style": v.Style} {
		if p < 0 || p > 100 {
			d[field] = "must be from 0 to 100"
		}
	}
	if v.Speed < 0.7 || v.Speed > 1.2 {
		d["speed"] = "must be from 0.7 to 1.2"
	}
	if v.GainDB < -20 || v.GainDB > 20 {
		d["gain_db"] = "must be from -20 to 20 dB"
	}
	for field, p := range map[string]int64{"lead_silence_ms": v.LeadSilence.Milliseconds(), "trail_silence_ms": v.TrailSilence.Milliseconds()} {
		if p < 0 || p > 5000 {
			d[field] = "must be from 0 to 5000 ms"
		}
	}
	if utf8.RuneCountInString(v.Accent) > 50 {
		d["accent"] = "at most 50 characters"
	}
	if utf8.RuneCountInString(v.Description) > 500 {
		d["description"] = "at most 500 characters"
	}
	if len(d) > 0 {
		return domain.Invalid("invalid_voice", "the voice has invalid fields", d)
	}
	return nil
}

// SaveVoice creates or updates one of the tenant's voices.
func (s *Service) SaveVoice(ctx context.Context, v *Voice) error {
	v.Name, v.ProviderVoiceID = strings.TrimSpace(v.Name), strings.TrimSpace(v.ProviderVoiceID)
	if err := v.Validate(); err != nil {
		return err
	}
	if v.ID != 0 {
		if _, err := s.Store.Voice(ctx, v.TenantID, v.ID); err != nil {
			return err
		}
	}
	if err := s.Store.SaveVoice(ctx, v); err != nil {
		return err
	}
	s.Audit.RecordAction(ctx, v.TenantID, "voice.saved", v.Name, map[string]string{"provider": v.Provider})
	return nil
}

// DeleteVoice removes one of the tenant's voices.
func (s *Service) DeleteVoice(ctx context.Context, tenantID, id uint64) error {
	v, err := s.Store.Voice(ctx, tenantID, id)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteVoice(ctx, tenantID, id); err != nil {
		return err
	}
	s.Audit.RecordAction(ctx, tenantID, "voice.deleted", v.Name, nil)
	return nil
}

// TestVoice synthesises a short text with the voice, for "test this voice".
func (s *Service) TestVoice(ctx context.Context, tenantID, id uint64, text string) ([]byte, string, error) {
	v, err := s.Store.Voice(ctx, tenantID, id)
	if err != nil {
		return nil, "", err
	}
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); n == 0 || n > 300 {
		return nil, "", domain.Invalid("invalid_text", "the sample text must have 1 to 300 characters", map[string]string{"text": "1 to 300 characters"})
	}
	synth, ok := s.Synthesizers[v.Provider]
	if !ok {
		return nil, "", &domain.Error{Kind: domain.KindUnavailable, Code: "tts_provider_unavailable", Message: "the voice's speech provider is not configured on this server"}
	}
	spoken, err := s.PreviewText(ctx, tenantID, text)
	if err != nil {
		return nil, "", err
	}
	return synth.Synthesize(ctx, *v, spoken)
}

// Sounds lists the tenant's beds or chimes.
func (s *Service) Sounds(ctx context.Context, tenantID uint64, kind string) ([]Sound, error) {
	if kind != KindBed && kind != KindChime {
		return nil, domain.Invalid("invalid_kind", "kind must be bed or chime", map[string]string{"kind": "bed or chime"})
	}
	return s.Store.Sounds(ctx, tenantID, kind)
}

// Sound returns one of the tenant's sounds.
func (s *Service) Sound(ctx context.Context, tenantID, id uint64) (*Sound, error) {
	return s.Store.Sound(ctx, tenantID, id)
}

// ImportSound checks an uploaded file by its content, converts and
// normalises it, stores it under the tenant's prefix and records it.
// Nothing is stored when any step fails.
func (s *Service) ImportSound(ctx context.Context, snd *Sound, upload string) error {
	snd.Name = strings.TrimSpace(snd.Name)
	if n := utf8.RuneCountInString(snd.Name); n == 0 || n > 100 {
		return domain.Invalid("invalid_sound", "the sound needs a name", map[string]string{"name": "1 to 100 characters"})
	}
	if snd.Kind != KindBed && snd.Kind != KindChime {
		return domain.Invalid("invalid_sound", "kind must be bed or chime", map[string]string{"kind": "bed or chime"})
	}
	settings, err := s.Store.Settings(ctx, snd.TenantID)
	if err != nil {
		return err
	}
	if snd.Kind == KindBed {
		settings.TargetLUFS -= 4 // beds sit under the voice
	}
	out := filepath.Join(filepath.Dir(upload), "converted.mp3")
	level, err := s.Engine.Import(ctx, upload, out, settings)
	if err != nil {
		return err
	}
	snd.Loudness, snd.Active = level, true
	snd.StorageKey = tenantKey(snd.TenantID, "sounds", randomKey()+".mp3")
	if err := s.putFile(ctx, snd.StorageKey, out); err != nil {
		return err
	}
	if err := s.Store.SaveSound(ctx, snd); err != nil {
		s.Files.Delete(context.WithoutCancel(ctx), snd.StorageKey)
		return err
	}
	s.Audit.RecordAction(ctx, snd.TenantID, "sound.added", snd.Name, map[string]string{"kind": snd.Kind})
	return nil
}

// UpdateSound changes a sound's name, artist, mood, order, default or active flag.
func (s *Service) UpdateSound(ctx context.Context, snd *Sound) error {
	if _, err := s.Store.Sound(ctx, snd.TenantID, snd.ID); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(snd.Name)); n == 0 || n > 100 {
		return domain.Invalid("invalid_sound", "the sound needs a name", map[string]string{"name": "1 to 100 characters"})
	}
	return s.Store.SaveSound(ctx, snd)
}

// DeleteSound removes one of the tenant's sounds and its file.
func (s *Service) DeleteSound(ctx context.Context, tenantID, id uint64) error {
	snd, err := s.Store.Sound(ctx, tenantID, id)
	if err != nil {
		return err
	}
	if err := s.Store.DeleteSound(ctx, tenantID, id); err != nil {
		return err
	}
	s.Files.Delete(ctx, snd.StorageKey)
	s.Audit.RecordAction(ctx, tenantID, "sound.deleted", snd.Name, map[string]string{"kind": snd.Kind})
	return nil
}

var colorPattern = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// Categories lists the tenant's categories.
func (s *Service) Categories(ctx context.Context, tenantID uint64) ([]Category, error) {
	return s.Store.Categories(ctx, tenantID)
}

// SaveCategory creates or updates one of the tenant's categories.
func (s *Service) SaveCategory(ctx context.Context, c *Category) error {
	c.Name, c.Icon, c.Color = strings.TrimSpace(c.Name), strings.TrimSpace(c.Icon), strings.ToUpper(strings.TrimSpace(c.Color))
	d := map[string]string{}
	if n := utf8.RuneCountInString(c.Name); n == 0 || n > 100 {
		d["name"] = "must have 1 to 100 characters"
	}
	if utf8.RuneCountInString(c.Icon) > 50 {
		d["icon"] = "at most 50 characters"
	}
	if c.Color != "" && !colorPattern.MatchString(c.Color) {
		d["color"] = "must be a colour like #E91E63"
	}
	if len(d) > 0 {
		return domain.Invalid("invalid_category", "the category has invalid fields", d)
	}
	if c.ID != 0 {
		if _, err := s.Store.Category(ctx, c.TenantID, c.ID); err != nil {
			return err
		}
	}
	return s.Store.SaveCategory(ctx, c)
}

// Category returns one of the tenant's categories.
func (s *Service) Category(ctx context.Context, tenantID, id uint64) (*Category, error) {
	return s.Store.Category(ctx, tenantID, id)
}

// DeleteCategory removes a category; its messages become uncategorised.
func (s *Service) DeleteCategory(ctx context.Context, tenantID, id uint64) error {
	if _, err := s.Store.Category(ctx, tenantID, id); err != nil {
		return err
	}
	return s.Store.DeleteCategory(ctx, tenantID, id)
}

// Settings returns the tenant's audio defaults.
func (s *Service) Settings(ctx context.Context, tenantID uint64) (Settings, error) {
	return s.Store.Settings(ctx, tenantID)
}

// SaveSettings validates and stores the tenant's audio defaults.
func (s *Service) SaveSettings(ctx context.Context, st Settings) error {
	d := map[string]string{}
	if st.TargetLUFS < -30 || st.TargetLUFS > -9 {
		d["target_lufs"] = "must be from -30 to -9 LUFS"
	}
	if st.TruePeakDBTP < -9 || st.TruePeakDBTP > 0 {
		d["true_peak_dbtp"] = "must be from -9 to 0 dBTP"
	}
	if st.DuckDepthDB < -40 || st.DuckDepthDB > -6 {
		d["duck_depth_db"] = "must be from -40 to -6 dB"
	}
	for field, d2 := range map[string]time.Duration{"bed_lead_in_ms": st.BedLeadIn, "bed_tail_ms": st.BedTail} {
		if d2 < 0 || d2 > 30*time.Second {
			d[field] = "must be from 0 to 30000 ms"
		}
	}
	if st.KeepUnsaved < 1 || st.KeepUnsaved > 10000 {
		d["keep_unsaved"] = "must be from 1 to 10000"
	}
	if len(st.Lexicon) > 500 {
		d["lexicon"] = "at most 500 entries"
	}
	for written, spoken := range st.Lexicon {
		if n := utf8.RuneCountInString(strings.TrimSpace(written)); n == 0 || n > 100 || utf8.RuneCountInString(spoken) > 200 {
			d["lexicon"] = "each written form needs 1 to 100 characters and each spoken form at most 200"
		}
	}
	if len(d) > 0 {
		return domain.Invalid("invalid_settings", "the audio settings have invalid values", d)
	}
	if err := s.Store.SaveSettings(ctx, st); err != nil {
		return err
	}
	s.Audit.RecordAction(ctx, st.TenantID, "settings.audio_updated", "", nil)
	return nil
}

// Bundled is a sound that ships with the product, already in the product's
// format; Level, when known, saves converting and measuring it per tenant.
type Bundled struct {
	Kind, Name, Mood string
	Data             []byte
	Level            *Loudness
}

// SeedBundled gives a tenant the bundled sounds it does not have yet,
// by name, so it can be called at every start.
func (s *Service) SeedBundled(ctx context.Context, tenantID uint64, bundled []Bundled) error {
	for _, b := range bundled {
		have, err := s.Store.Sounds(ctx, tenantID, b.Kind)
		if err != nil {
			return err
		}
		if containsSound(have, b.Name) {
			continue
		}
		if b.Level != nil {
			if err := s.addBundled(ctx, tenantID, b); err != nil {
				return err
			}
			continue
		}
		dir, err := os.MkdirTemp(s.WorkDir, "bundled-")
		if err != nil {
			return err
		}
		in := filepath.Join(dir, "in.mp3")
		err = os.WriteFile(in, b.Data, 0o600)
		if err == nil {
			err = s.ImportSound(ctx, &Sound{TenantID: tenantID, Kind: b.Kind, Name: b.Name, Mood: b.Mood, Artist: "MediaFlow"}, in)
		}
		os.RemoveAll(dir)
		if err != nil {
			return fmt.Errorf("seed bundled %s %q: %w", b.Kind, b.Name, err)
		}
	}
	return nil
}

// addBundled stores a ready bundled sound for the tenant as it is.
func (s *Service) addBundled(ctx context.Context, tenantID uint64, b Bundled) error {
	snd := &Sound{TenantID: tenantID, Kind: b.Kind, Name: b.Name, Mood: b.Mood, Artist: "MediaFlow", Loudness: *b.Level, Active: true,
		StorageKey: tenantKey(tenantID, "sounds", randomKey()+".mp3")}
	if err := s.Files.Put(ctx, snd.StorageKey, bytes.NewReader(b.Data)); err != nil {
		return err
	}
	if err := s.Store.SaveSound(ctx, snd); err != nil {
		s.Files.Delete(context.WithoutCancel(ctx), snd.StorageKey)
		return err
	}
	return nil
}

func containsSound(list []Sound, name string) bool {
	for _, s := range list {
		if s.Name == name {
			return true
		}
	}
	return false
}
