package studio

import (
	"context"
	"fmt"
	"strings"

	"mediaflow/domain"
)

// SetElevenLabsKey stores the tenant's own ElevenLabs key, encrypted; an
// empty key removes it, so the platform's key (if any) is used again. The
// key is never returned by any method but ElevenLabsKey, for the client.
func (s *Service) SetElevenLabsKey(ctx context.Context, tenantID uint64, key string) error {
	key = strings.TrimSpace(key)
	sealed := ""
	if key != "" {
		if len(key) < 20 || len(key) > 200 || strings.ContainsAny(key, " \t\r\n") {
			return domain.Invalid("invalid_api_key", "this does not look like an ElevenLabs API key", map[string]string{"api_key": "20 to 200 characters without spaces"})
		}
		var err error
		if sealed, err = s.Sealer.Seal(key); err != nil {
			return fmt.Errorf("seal provider key: %w", err)
		}
	}
	if err := s.Store.SetProviderKey(ctx, tenantID, sealed); err != nil {
		return err
	}
	action := "settings.elevenlabs_key_set"
	if key == "" {
		action = "settings.elevenlabs_key_cleared"
	}
	s.Audit.RecordAction(ctx, tenantID, action, "", nil)
	return nil
}

// ElevenLabsKey returns the tenant's own key in clear, or "" when it has none.
func (s *Service) ElevenLabsKey(ctx context.Context, tenantID uint64) (string, error) {
	sealed, err := s.Store.ProviderKey(ctx, tenantID)
	if err != nil || sealed == "" {
		return "", err
	}
	key, err := s.Sealer.Open(sealed)
	if err != nil {
		return "", &domain.Error{Kind: domain.KindUnavailable, Code: "tts_key_unreadable",
			Message: "the site's ElevenLabs key cannot be read (was SECRET_KEY changed?); enter it again", Err: err}
	}
	return key, nil
}
