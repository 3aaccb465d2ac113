package studio

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"mediaflow/domain"
	"mediaflow/domain/audit"
)

// Limits.
const (
	MaxTextRunes = 2000
)

// Deps are the collaborators of the studio service.
type Deps struct {
	Store        Store
	Files        Files
	Engine       Engine
	Synthesizers map[string]Synthesizer // by provider
	Normalize    Normalizer
	Events       Publisher
	Audit        *audit.Recorder
	Log          *slog.Logger
	WorkDir      string // scratch space for renders
	Sealer       Sealer // encrypts tenants' provider keys
}

// Service manages voices, sounds, categories and messages, and renders.
type Service struct {
	Deps
	queue chan job
	now   func() time.Time
}

type job struct{ tenantID, messageID uint64 }

// NewService returns a studio service; call Run to start its workers.
func NewService(d Deps) *Service {
	if d.Normalize == nil {
		d.Normalize = func(s string, _ map[string]string) string { return s }
	}
	return &Service{Deps: d, queue: make(chan job, 1024), now: time.Now}
}

func randomKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func tenantKey(tenantID uint64, parts ...string) string {
	return fmt.Sprintf("tenants/%d/%s", tenantID, strings.Join(parts, "/"))
}

// NewMessage is what a user asks to render.
type NewMessage struct {
	Text          string
	VoiceID       uint64
	MusicID       uint64
	IntroChimeID  uint64
	OutroChimeID  uint64
	CategoryID    uint64
	NormalizeText *bool // nil: true
}

// CreateMessage validates the request against the tenant's own voices,
// sounds and categories, stores the message queued and hands it to the
// render workers.
func (s *Service) CreateMessage(ctx context.Context, tenantID, userID uint64, in NewMessage) (*Message, error) {
	text := strings.TrimSpace(in.Text)
	details := map[string]string{}
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		details["text"] = "write the message"
	case n > MaxTextRunes:
		details["text"] = fmt.Sprintf("at most %d characters (this one has %d)", MaxTextRunes, n)
	}
	if err := s.checkRefs(ctx, tenantID, in, details); err != nil {
		return nil, err
	}
	if len(details) > 0 {
		return nil, domain.Invalid("invalid_message", "the message cannot be rendered as asked", details)
	}
	m := &Message{TenantID: tenantID, Source: SourceStudio, Text: text, NormalizeText: in.NormalizeText == nil || *in.NormalizeText,
		VoiceID: in.VoiceID, MusicID: in.MusicID, IntroChimeID: in.IntroChimeID, OutroChimeID: in.OutroChimeID,
		CategoryID: in.CategoryID, Status: StatusQueued, CreatedBy: userID}
	settings, err := s.Store.Settings(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if m.NormalizeText {
		m.SpokenText = s.Normalize(m.Text, settings.Lexicon)
	} else {
		m.SpokenText = m.Text
	}
	if err := s.Store.CreateMessage(ctx, m); err != nil {
		return nil, fmt.Errorf("create message: %w", err)
	}
	s.enqueue(job{tenantID, m.ID})
	return m, nil
}

// checkRefs makes sure every referenced voice, sound and category belongs
// to the tenant and fits its role; another tenant's ID reads as unknown.
func (s *Service) checkRefs(ctx context.Context, tenantID uint64, in NewMessage, details map[string]string) error {
	if in.VoiceID == 0 {
		details["voice_id"] = "choose a voice"
	} else if v, err := s.Store.Voice(ctx, tenantID, in.VoiceID); err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	} else if err != nil || !v.Active {
		details["voice_id"] = "no such voice"
	}
	for field, ref := range map[string]struct {
		id   uint64
		kind string
	}{"music_id": {in.MusicID, KindBed}, "intro_chime_id": {in.IntroChimeID, KindChime}, "outro_chime_id": {in.OutroChimeID, KindChime}} {
		if ref.id == 0 {
			continue
		}
		snd, err := s.Store.Sound(ctx, tenantID, ref.id)
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			return err
		}
		if err != nil || snd.Kind != ref.kind || !snd.Active {
			details[field] = "no such " + map[string]string{KindBed: "music bed", KindChime: "chime"}[ref.kind]
		}
	}
	if in.CategoryID != 0 {
		if _, err := s.Store.Category(ctx, tenantID, in.CategoryID); errors.Is(err, domain.ErrNotFound) {
			details["category_id"] = "no such category"
		} else if err != nil {
			return err
		}
	}
	return nil
}

// Message returns one of the tenant's messages.
func (s *Service) Message(ctx context.Context, tenantID, id uint64) (*Message, error) {
	return s.Store.Message(ctx, tenantID, id)
}

// PreviewText returns how text will be spoken in the tenant.
func (s *Service) PreviewText(ctx context.Context, tenantID uint64, text string) (string, error) {
	settings, err := s.Store.Settings(ctx, tenantID)
	if err != nil {
		return "", err
	}
	return s.Normalize(text, settings.Lexicon), nil
}
