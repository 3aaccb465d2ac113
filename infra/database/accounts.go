package database

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"mediaflow/domain"
	"mediaflow/domain/accounts"
)

type userRow struct {
	ID              uint64 `gorm:"primaryKey"`
	Email           string
	Name            string
	PasswordHash    string
	IsPlatformAdmin bool
	Disabled        bool
	SessionEpoch    int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	LastLoginAt     *time.Time
}

func (userRow) TableName() string { return "users" }

type membershipRow struct {
	ID           uint64 `gorm:"primaryKey"`
	TenantID     uint64
	UserID       uint64
	Role         string
	Disabled     bool
	SessionEpoch int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	LastLoginAt  *time.Time
}

func (membershipRow) TableName() string { return "memberships" }

type refreshRow struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  *uint64
	UserID    uint64
	FamilyID  string
	TokenHash string
	ExpiresAt time.Time
	RevokedAt *time.Time
	IP        string
	UserAgent string
	CreatedAt time.Time
}

func (refreshRow) TableName() string { return "refresh_tokens" }

type apiKeyRow struct {
	ID         uint64 `gorm:"primaryKey"`
	TenantID   uint64
	Name       string
	Role       string
	Prefix     string
	KeyHash    string
	CreatedBy  *uint64
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (apiKeyRow) TableName() string { return "api_keys" }

// AccountStore keeps users, memberships, refresh tokens and API keys.
type AccountStore struct {
	db *gorm.DB
}

// NewAccountStore returns an account store on db.
func NewAccountStore(db *gorm.DB) *AccountStore { return &AccountStore{db: db} }

var _ accounts.Store = (*AccountStore)(nil)

func notFound(err error, code, message string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return domain.NotFound(code, message)
	}
	return err
}

func conflict(err error, code, message string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return domain.Conflict(code, message)
	}
	return err
}

func toUser(r userRow) *accounts.User {
	return &accounts.User{ID: r.ID, Email: r.Email, Name: r.Name, PasswordHash: r.PasswordHash, PlatformAdmin: r.IsPlatformAdmin,
		Disabled: r.Disabled, SessionEpoch: r.SessionEpoch, CreatedAt: r.CreatedAt, LastLoginAt: r.LastLoginAt}
}

func toMembership(r membershipRow) *accounts.Membership {
	return &accounts.Membership{TenantID: r.TenantID, UserID: r.UserID, Role: accounts.Role(r.Role), Disabled: r.Disabled,
		SessionEpoch: r.SessionEpoch, CreatedAt: r.CreatedAt, LastLoginAt: r.LastLoginAt}
}

// UserByEmail returns the user with the normalised email.
func (s *AccountStore) UserByEmail(ctx context.Context, email string) (*accounts.User, error) {
	var r userRow
	if err := s.db.WithContext(ctx).Where("email = ?", email).Take(&r).Error; err != nil {
		return nil, notFound(err, "user_not_found", "no such user")
	}
	return toUser(r), nil
}

// UserByID returns the user with id.
func (s *AccountStore) UserByID(ctx context.Context, id uint64) (*accounts.User, error) {
	var r userRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "user_not_found", "no such user")
	}
	return toUser(r), nil
}

// CreateUser inserts u and sets its ID.
func (s *AccountStore) CreateUser(ctx context.Context, u *accounts.User) error {
	r := userRow{Email: u.Email, Name: u.Name, PasswordHash: u.PasswordHash, IsPlatformAdmin: u.PlatformAdmin, Disabled: u.Disabled}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return conflict(err, "user_exists", "a user with this email already exists")
	}
	u.ID, u.CreatedAt = r.ID, r.CreatedAt
	return nil
}

// UpdateUser writes u's name, password hash, flags and session epoch.
func (s *AccountStore) UpdateUser(ctx context.Context, u *accounts.User) error {
	return s.db.WithContext(ctx).Model(&userRow{}).Where("id = ?", u.ID).Updates(map[string]any{
		"name": u.Name, "password_hash": u.PasswordHash, "is_platform_admin": u.PlatformAdmin, "disabled": u.Disabled,
		"session_epoch": u.SessionEpoch, "updated_at": time.Now().UTC(),
	}).Error
}

// Membership returns the user's membership of the tenant.
func (s *AccountStore) Membership(ctx context.Context, tenantID, userID uint64) (*accounts.Membership, error) {
	var r membershipRow
	if err := s.db.WithContext(ctx).Where("tenant_id = ? AND user_id = ?", tenantID, userID).Take(&r).Error; err != nil {
		return nil, notFound(err, "user_not_found", "no such member")
	}
	return toMembership(r), nil
}

// CreateMembership inserts m.
func (s *AccountStore) CreateMembership(ctx context.Context, m *accounts.Membership) error {
	r := membershipRow{TenantID: m.TenantID, UserID: m.UserID, Role: string(m.Role), Disabled: m.Disabled}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return conflict(err, "member_exists", "this person is already a member of this site")
	}
	m.CreatedAt = r.CreatedAt
	return nil
}

// UpdateMembership writes m's role, status and session epoch.
func (s *AccountStore) UpdateMembership(ctx context.Context, m *accounts.Membership) error {
	res := s.db.WithContext(ctx).Model(&membershipRow{}).Where("tenant_id = ? AND user_id = ?", m.TenantID, m.UserID).
		Updates(map[string]any{"role": string(m.Role), "disabled": m.Disabled, "session_epoch": m.SessionEpoch, "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return domain.NotFound("user_not_found", "no such member")
	}
	return nil
}

type memberRow struct {
	ID              uint64
	Email           string
	Name            string
	PasswordHash    string
	IsPlatformAdmin bool
	Disabled        bool
	SessionEpoch    int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	LastLoginAt     *time.Time
	Role            string
	MDisabled       bool
	MSessionEpoch   int64
	MCreatedAt      time.Time
	MLastLoginAt    *time.Time
}

func (s *AccountStore) memberQuery(ctx context.Context, tenantID uint64) *gorm.DB {
	return s.db.WithContext(ctx).Table("users").
		Select("users.*, memberships.role, memberships.disabled AS m_disabled, memberships.session_epoch AS m_session_epoch, "+
			"memberships.created_at AS m_created_at, memberships.last_login_at AS m_last_login_at").
		Joins("JOIN memberships ON memberships.user_id = users.id").
		Where("memberships.tenant_id = ?", tenantID)
}

func (r memberRow) member(tenantID uint64) accounts.Member {
	u := userRow{ID: r.ID, Email: r.Email, Name: r.Name, PasswordHash: r.PasswordHash, IsPlatformAdmin: r.IsPlatformAdmin,
		Disabled: r.Disabled, SessionEpoch: r.SessionEpoch, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, LastLoginAt: r.LastLoginAt}
	return accounts.Member{User: *toUser(u), Membership: accounts.Membership{TenantID: tenantID, UserID: r.ID,
		Role: accounts.Role(r.Role), Disabled: r.MDisabled, SessionEpoch: r.MSessionEpoch, CreatedAt: r.MCreatedAt, LastLoginAt: r.MLastLoginAt}}
}

// Members lists the tenant's members by email.
func (s *AccountStore) Members(ctx context.Context, tenantID uint64) ([]accounts.Member, error) {
	var rows []memberRow
	if err := s.memberQuery(ctx, tenantID).Order("users.email").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list members of tenant %d: %w", tenantID, err)
	}
	out := make([]accounts.Member, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.member(tenantID))
	}
	return out, nil
}

// Member returns one member of the tenant.
func (s *AccountStore) Member(ctx context.Context, tenantID, userID uint64) (*accounts.Member, error) {
	var rows []memberRow
	if err := s.memberQuery(ctx, tenantID).Where("users.id = ?", userID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, domain.NotFound("user_not_found", "no such member")
	}
	m := rows[0].member(tenantID)
	return &m, nil
}

// CountActiveAdmins counts enabled admins of the tenant whose user is enabled.
func (s *AccountStore) CountActiveAdmins(ctx context.Context, tenantID uint64) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&membershipRow{}).Joins("JOIN users ON users.id = memberships.user_id").
		Where("memberships.tenant_id = ? AND memberships.role = ? AND NOT memberships.disabled AND NOT users.disabled", tenantID, string(accounts.RoleAdmin)).
		Count(&n).Error
	return n, err
}

// TouchLogin records a successful sign-in.
func (s *AccountStore) TouchLogin(ctx context.Context, tenantID, userID uint64, at time.Time) error {
	db := s.db.WithContext(ctx)
	if err := db.Model(&userRow{}).Where("id = ?", userID).Update("last_login_at", at).Error; err != nil {
		return err
	}
	if tenantID == 0 {
		return nil
	}
	return db.Model(&membershipRow{}).Where("tenant_id = ? AND user_id = ?", tenantID, userID).Update("last_login_at", at).Error
}

// TenantSessionEpoch returns the tenant's session epoch.
func (s *AccountStore) TenantSessionEpoch(ctx context.Context, tenantID uint64) (int64, error) {
	var v int64
	err := s.db.WithContext(ctx).Table("tenants").Where("id = ?", tenantID).Pluck("session_epoch", &v).Error
	return v, err
}

// BumpTenantSessionEpoch ends every access token issued for the tenant.
func (s *AccountStore) BumpTenantSessionEpoch(ctx context.Context, tenantID uint64) error {
	return s.db.WithContext(ctx).Exec("UPDATE tenants SET session_epoch = session_epoch + 1 WHERE id = ?", tenantID).Error
}

func tenantRef(id uint64) *uint64 {
	if id == 0 {
		return nil
	}
	return &id
}

// CreateRefreshToken inserts t.
func (s *AccountStore) CreateRefreshToken(ctx context.Context, t *accounts.RefreshToken) error {
	r := refreshRow{TenantID: tenantRef(t.TenantID), UserID: t.UserID, FamilyID: t.FamilyID, TokenHash: t.TokenHash,
		ExpiresAt: t.ExpiresAt, IP: t.IP, UserAgent: t.UserAgent}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return err
	}
	t.ID = r.ID
	return nil
}

// RefreshTokenByHash returns the refresh token with the hash.
func (s *AccountStore) RefreshTokenByHash(ctx context.Context, hash string) (*accounts.RefreshToken, error) {
	var r refreshRow
	if err := s.db.WithContext(ctx).Where("token_hash = ?", hash).Take(&r).Error; err != nil {
		return nil, notFound(err, "token_invalid", "no such refresh token")
	}
	t := &accounts.RefreshToken{ID: r.ID, UserID: r.UserID, FamilyID: r.FamilyID, TokenHash: r.TokenHash, ExpiresAt: r.ExpiresAt,
		RevokedAt: r.RevokedAt, IP: r.IP, UserAgent: r.UserAgent}
	if r.TenantID != nil {
		t.TenantID = *r.TenantID
	}
	return t, nil
}

// RevokeRefreshToken revokes the token unless it already was.
func (s *AccountStore) RevokeRefreshToken(ctx context.Context, id uint64, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&refreshRow{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", at)
	return res.RowsAffected == 1, res.Error
}

// RevokeRefreshFamily revokes every token descended from one sign-in.
func (s *AccountStore) RevokeRefreshFamily(ctx context.Context, familyID string, at time.Time) error {
	return s.db.WithContext(ctx).Model(&refreshRow{}).Where("family_id = ? AND revoked_at IS NULL", familyID).Update("revoked_at", at).Error
}

// RevokeRefreshTokens revokes the tenant's tokens of one user, or of all
// users when userID is 0.
func (s *AccountStore) RevokeRefreshTokens(ctx context.Context, tenantID, userID uint64, at time.Time) error {
	q := s.db.WithContext(ctx).Model(&refreshRow{}).Where("revoked_at IS NULL")
	if tenantID == 0 {
		q = q.Where("tenant_id IS NULL")
	} else {
		q = q.Where("tenant_id = ?", tenantID)
	}
	if userID != 0 {
		q = q.Where("user_id = ?", userID)
	}
	return q.Update("revoked_at", at).Error
}

func toAPIKey(r apiKeyRow) accounts.APIKey {
	k := accounts.APIKey{ID: r.ID, TenantID: r.TenantID, Name: r.Name, Role: accounts.Role(r.Role), Prefix: r.Prefix, KeyHash: r.KeyHash,
		CreatedAt: r.CreatedAt, LastUsedAt: r.LastUsedAt, RevokedAt: r.RevokedAt}
	if r.CreatedBy != nil {
		k.CreatedBy = *r.CreatedBy
	}
	return k
}

// CreateAPIKey inserts k and sets its ID.
func (s *AccountStore) CreateAPIKey(ctx context.Context, k *accounts.APIKey) error {
	r := apiKeyRow{TenantID: k.TenantID, Name: k.Name, Role: string(k.Role), Prefix: k.Prefix, KeyHash: k.KeyHash, CreatedBy: tenantRef(k.CreatedBy)}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return err
	}
	k.ID, k.CreatedAt = r.ID, r.CreatedAt
	return nil
}

// APIKeyByHash returns the key with the hash.
func (s *AccountStore) APIKeyByHash(ctx context.Context, hash string) (*accounts.APIKey, error) {
	var r apiKeyRow
	if err := s.db.WithContext(ctx).Where("key_hash = ?", hash).Take(&r).Error; err != nil {
		return nil, notFound(err, "api_key_not_found", "no such API key")
	}
	k := toAPIKey(r)
	return &k, nil
}

// APIKeys lists the tenant's keys, newest first.
func (s *AccountStore) APIKeys(ctx context.Context, tenantID uint64) ([]accounts.APIKey, error) {
	var rows []apiKeyRow
	if err := s.db.WithContext(ctx).Where("tenant_id = ?", tenantID).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]accounts.APIKey, 0, len(rows))
	for _, r := range rows {
		out = append(out, toAPIKey(r))
	}
	return out, nil
}

// RevokeAPIKey revokes one of the tenant's keys.
func (s *AccountStore) RevokeAPIKey(ctx context.Context, tenantID, id uint64, at time.Time) error {
	res := s.db.WithContext(ctx).Model(&apiKeyRow{}).Where("tenant_id = ? AND id = ?", tenantID, id).Update("revoked_at", at)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return domain.NotFound("api_key_not_found", "no such API key")
	}
	return nil
}

// TouchAPIKey records a use of the key.
func (s *AccountStore) TouchAPIKey(ctx context.Context, tenantID, id uint64, at time.Time) error {
	return s.db.WithContext(ctx).Model(&apiKeyRow{}).Where("tenant_id = ? AND id = ?", tenantID, id).Update("last_used_at", at).Error
}
