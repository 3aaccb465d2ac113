package accounts

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"mediaflow/domain"
)

const apiKeyPrefix = "mfk_"

// NewAPIKey is the result of creating a key: Key is shown this once.
type NewAPIKey struct {
	APIKey APIKey
	Key    string
}

// CreateAPIKey makes a key with a role for integrations.
func (s *Service) CreateAPIKey(ctx context.Context, realm Realm, actor *Principal, name, role string, client Client) (*NewAPIKey, error) {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n == 0 || n > 80 {
		return nil, domain.Invalid("invalid_api_key", "the key needs a name", map[string]string{"name": "must have 1 to 80 characters"})
	}
	r, err := ParseRole(role)
	if err != nil {
		return nil, err
	}
	raw := apiKeyPrefix + randomToken(30)
	k := APIKey{TenantID: realm.TenantID, Name: name, Role: r, Prefix: raw[:8], KeyHash: hashToken(raw), CreatedBy: actor.UserID}
	if err := s.store.CreateAPIKey(ctx, &k); err != nil {
		return nil, err
	}
	s.record(ctx, realm, actor, client, "api_key.created", name, map[string]string{"role": string(r), "prefix": k.Prefix}, 0)
	return &NewAPIKey{APIKey: k, Key: raw}, nil
}

// APIKeys lists the tenant's keys, revoked ones included.
func (s *Service) APIKeys(ctx context.Context, realm Realm) ([]APIKey, error) {
	return s.store.APIKeys(ctx, realm.TenantID)
}

// RevokeAPIKey stops a key from working.
func (s *Service) RevokeAPIKey(ctx context.Context, realm Realm, actor *Principal, id uint64, client Client) error {
	if err := s.store.RevokeAPIKey(ctx, realm.TenantID, id, s.now().UTC()); err != nil {
		return err
	}
	s.record(ctx, realm, actor, client, "api_key.revoked", strconv.FormatUint(id, 10), nil, 0)
	return nil
}

func (s *Service) authenticateKey(ctx context.Context, realm Realm, raw string) (*Principal, error) {
	k, err := s.store.APIKeyByHash(ctx, hashToken(raw))
	if errors.Is(err, domain.ErrNotFound) || (err == nil && (k.TenantID != realm.TenantID || k.RevokedAt != nil)) {
		return nil, errTokenInvalidDomain
	}
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= s.opts.APIKeyTouchEvery {
		if err := s.store.TouchAPIKey(ctx, realm.TenantID, k.ID, now); err != nil {
			return nil, err
		}
	}
	return &Principal{APIKeyID: k.ID, Name: k.Name, Role: k.Role}, nil
}
