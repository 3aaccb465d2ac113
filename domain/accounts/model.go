package accounts

import (
	"context"
	"time"
)

// User is a person; the email is unique across the platform.
type User struct {
	ID            uint64
	Email         string
	Name          string
	PasswordHash  string
	PlatformAdmin bool
	Disabled      bool
	SessionEpoch  int64 // bumped to end the user's platform console sessions
	CreatedAt     time.Time
	LastLoginAt   *time.Time
}

// Membership gives a user a role in one tenant.
type Membership struct {
	TenantID     uint64
	UserID       uint64
	Role         Role
	Disabled     bool
	SessionEpoch int64 // bumped to sign the user out of this tenant
	CreatedAt    time.Time
	LastLoginAt  *time.Time
}

// Member is a user seen through their membership of one tenant.
type Member struct {
	User       User
	Membership Membership
}

// RefreshToken keeps a browser signed in. Only its hash is stored.
type RefreshToken struct {
	ID        uint64
	TenantID  uint64 // 0 for the platform console
	UserID    uint64
	FamilyID  string
	TokenHash string
	ExpiresAt time.Time
	RevokedAt *time.Time
	IP        string
	UserAgent string
}

// APIKey lets an integration call the API with a role. Only its hash is stored.
type APIKey struct {
	ID         uint64
	TenantID   uint64
	Name       string
	Role       Role
	Prefix     string
	KeyHash    string
	CreatedBy  uint64
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Realm is where a request happens: a tenant (ID and slug) or, with ID 0,
// the platform console.
type Realm struct {
	TenantID   uint64
	TenantSlug string
}

// Platform reports whether the realm is the platform console.
func (r Realm) Platform() bool { return r.TenantID == 0 }

// Principal is who makes an authenticated request.
type Principal struct {
	UserID    uint64 // 0 for an API key
	APIKeyID  uint64
	Email     string
	Name      string
	Role      Role
	ViaCookie bool // authenticated by the session cookie: unsafe methods need a CSRF token
}

// Label names the principal in the audit log.
func (p *Principal) Label() string {
	if p.APIKeyID != 0 {
		return "api key " + p.Name
	}
	return p.Email
}

// Store persists accounts. Every tenant-scoped method takes the tenant ID.
type Store interface {
	UserByEmail(ctx context.Context, email string) (*User, error)
	UserByID(ctx context.Context, id uint64) (*User, error)
	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error

	Membership(ctx context.Context, tenantID, userID uint64) (*Membership, error)
	CreateMembership(ctx context.Context, m *Membership) error
	UpdateMembership(ctx context.Context, m *Membership) error
	Members(ctx context.Context, tenantID uint64) ([]Member, error)
	Member(ctx context.Context, tenantID, userID uint64) (*Member, error)
	CountActiveAdmins(ctx context.Context, tenantID uint64) (int64, error)
	TouchLogin(ctx context.Context, tenantID, userID uint64, at time.Time) error

	TenantSessionEpoch(ctx context.Context, tenantID uint64) (int64, error)
	BumpTenantSessionEpoch(ctx context.Context, tenantID uint64) error

	CreateRefreshToken(ctx context.Context, t *RefreshToken) error
	RefreshTokenByHash(ctx context.Context, hash string) (*RefreshToken, error)
	// RevokeRefreshToken revokes one token and reports whether this call did
	// it, so two concurrent refreshes cannot both succeed.
	RevokeRefreshToken(ctx context.Context, id uint64, at time.Time) (bool, error)
	RevokeRefreshFamily(ctx context.Context, familyID string, at time.Time) error
	RevokeRefreshTokens(ctx context.Context, tenantID, userID uint64, at time.Time) error // userID 0: every user of the tenant

	CreateAPIKey(ctx context.Context, k *APIKey) error
	APIKeyByHash(ctx context.Context, hash string) (*APIKey, error)
	APIKeys(ctx context.Context, tenantID uint64) ([]APIKey, error)
	RevokeAPIKey(ctx context.Context, tenantID, id uint64, at time.Time) error
	TouchAPIKey(ctx context.Context, tenantID, id uint64, at time.Time) error
}

// Limiter counts failures per key within a window.
type Limiter interface {
	// Blocked returns how long key stays blocked after limit failures, or 0.
	Blocked(ctx context.Context, key string, limit int) (time.Duration, error)
	// Fail counts one failure for key in a window that starts at the first one.
	Fail(ctx context.Context, key string, window time.Duration) error
	// Reset forgets key's failures.
	Reset(ctx context.Context, key string) error
}
