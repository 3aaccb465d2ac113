package accounts

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mediaflow/domain"
	"mediaflow/domain/audit"
)

// Options tunes sessions and sign-in throttling.
type Options struct {
	RefreshTTL       time.Duration // lifetime of a refresh token
	AccountFailures  int           // failed sign-ins per email before blocking
	AddressFailures  int           // failed sign-ins per client address before blocking
	FailureWindow    time.Duration
	APIKeyTouchEvery time.Duration // how often an API key's last use is written
}

// Service signs people in and out, authenticates requests and manages
// members and API keys.
type Service struct {
	store   Store
	tokens  *Tokens
	limiter Limiter
	audit   *audit.Recorder
	opts    Options
	now     func() time.Time
}

// NewService returns an accounts service.
func NewService(store Store, tokens *Tokens, limiter Limiter, rec *audit.Recorder, opts Options) *Service {
	if opts.RefreshTTL <= 0 {
		opts.RefreshTTL = 14 * 24 * time.Hour
	}
	if opts.AccountFailures <= 0 {
		opts.AccountFailures = 5
	}
	if opts.AddressFailures <= 0 {
		opts.AddressFailures = 20
	}
	if opts.FailureWindow <= 0 {
		opts.FailureWindow = 15 * time.Minute
	}
	if opts.APIKeyTouchEvery <= 0 {
		opts.APIKeyTouchEvery = time.Minute
	}
	return &Service{store: store, tokens: tokens, limiter: limiter, audit: rec, opts: opts, now: time.Now}
}

// Client describes where a request comes from, for throttling and audit.
type Client struct {
	IP        string
	UserAgent string
}

// Session is what a successful sign-in or refresh returns.
type Session struct {
	User           User
	Role           Role
	AccessToken    string
	ExpiresAt      time.Time
	RefreshToken   string
	RefreshExpires time.Time
}

var (
	errInvalidCredentials = domain.Unauthorized("invalid_credentials", "the email or password is not correct")
	errUnauthenticated    = domain.Unauthorized("unauthenticated", "sign in to continue")
	errTokenInvalidDomain = domain.Unauthorized("token_invalid", "the credentials are not valid here; sign in again")
	errSessionRevoked     = domain.Unauthorized("session_revoked", "this session has ended; sign in again")
	errAccountDisabled    = domain.Forbidden("account_disabled", "this account is disabled; ask an administrator")
)

// NormalizeEmail returns the email in the form it is stored and compared.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func (s *Service) limiterKeys(realm Realm, email, ip string) (account, address string) {
	prefix := "login:" + strconv.FormatUint(realm.TenantID, 10) + ":"
	return prefix + "email:" + email, prefix + "ip:" + ip
}

// Login checks an email and password for realm. Failures are throttled per
// account and per address, and never say whether the email exists.
func (s *Service) Login(ctx context.Context, realm Realm, email, password string, client Client) (*Session, error) {
	email = NormalizeEmail(email)
	accountKey, addressKey := s.limiterKeys(realm, email, client.IP)
	if wait, err := s.blocked(ctx, accountKey, addressKey); err != nil || wait > 0 {
		if err != nil {
			return nil, err
		}
		return nil, domain.TooManyRequests("rate_limited", "too many failed sign-ins; try again later", wait)
	}

	fail := func(reason string, userID uint64) (*Session, error) {
		for _, k := range []string{accountKey, addressKey} {
			if err := s.limiter.Fail(ctx, k, s.opts.FailureWindow); err != nil {
				return nil, fmt.Errorf("count failed sign-in: %w", err)
			}
		}
		s.record(ctx, realm, nil, client, "auth.login_failed", email, map[string]string{"reason": reason}, userID)
		return nil, errInvalidCredentials
	}

	u, err := s.store.UserByEmail(ctx, email)
	if errors.Is(err, domain.ErrNotFound) {
		VerifyPassword(dummyHash, password) // same work as for a known email
		return fail("unknown_email", 0)
	}
	if err != nil {
		return nil, err
	}
	if ok, err := VerifyPassword(u.PasswordHash, password); err != nil || !ok {
		return fail("wrong_password", u.ID)
	}
	role, m, err := s.roleIn(ctx, realm, u)
	if errors.Is(err, domain.ErrNotFound) {
		return fail("not_a_member", u.ID)
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled || (m != nil && m.Disabled) {
		s.record(ctx, realm, nil, client, "auth.login_failed", email, map[string]string{"reason": "disabled"}, u.ID)
		return nil, errAccountDisabled
	}
	s.limiter.Reset(ctx, accountKey)
	sess, err := s.startSession(ctx, realm, u, m, role, "", client)
	if err != nil {
		return nil, err
	}
	s.store.TouchLogin(ctx, realm.TenantID, u.ID, s.now().UTC())
	s.record(ctx, realm, &Principal{UserID: u.ID, Email: u.Email}, client, "auth.login", u.Email, nil, 0)
	return sess, nil
}

func (s *Service) blocked(ctx context.Context, accountKey, addressKey string) (time.Duration, error) {
	var longest time.Duration
	for key, limit := range map[string]int{accountKey: s.opts.AccountFailures, addressKey: s.opts.AddressFailures} {
		wait, err := s.limiter.Blocked(ctx, key, limit)
		if err != nil {
			return 0, fmt.Errorf("check sign-in throttle: %w", err)
		}
		longest = max(longest, wait)
	}
	return longest, nil
}

// roleIn returns the user's role in realm. Platform admins hold
// platform_admin everywhere; others need a membership of the tenant.
func (s *Service) roleIn(ctx context.Context, realm Realm, u *User) (Role, *Membership, error) {
	if realm.Platform() {
		if !u.PlatformAdmin {
			return "", nil, domain.NotFound("not_a_member", "not a platform admin")
		}
		return RolePlatformAdmin, nil, nil
	}
	m, err := s.store.Membership(ctx, realm.TenantID, u.ID)
	if errors.Is(err, domain.ErrNotFound) && u.PlatformAdmin {
		return RolePlatformAdmin, nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	if u.PlatformAdmin {
		return RolePlatformAdmin, m, nil
	}
	return m.Role, m, nil
}

// tenantEpoch returns the tenant's session epoch, bumped by "sign out everyone".
func (s *Service) tenantEpoch(ctx context.Context, realm Realm) (int64, error) {
	if realm.Platform() {
		return 0, nil
	}
	return s.store.TenantSessionEpoch(ctx, realm.TenantID)
}

func (s *Service) startSession(ctx context.Context, realm Realm, u *User, m *Membership, role Role, family string, client Client) (*Session, error) {
	epoch, err := s.tenantEpoch(ctx, realm)
	if err != nil {
		return nil, err
	}
	subject := tokenSubject{userID: u.ID, tenantID: realm.TenantID, userEpoch: u.SessionEpoch, tenantEpoch: epoch}
	if m != nil {
		subject.membershipEpoch = m.SessionEpoch
	}
	access, exp, err := s.tokens.issue(subject)
	if err != nil {
		return nil, err
	}
	if family == "" {
		family = randomToken(18)
	}
	raw := "mfr_" + randomToken(32)
	rt := &RefreshToken{TenantID: realm.TenantID, UserID: u.ID, FamilyID: family, TokenHash: hashToken(raw),
		ExpiresAt: s.now().UTC().Add(s.opts.RefreshTTL), IP: client.IP, UserAgent: truncate(client.UserAgent, 255)}
	if err := s.store.CreateRefreshToken(ctx, rt); err != nil {
		return nil, fmt.Errorf("store refresh token: %w", err)
	}
	return &Session{User: *u, Role: role, AccessToken: access, ExpiresAt: exp, RefreshToken: raw, RefreshExpires: rt.ExpiresAt}, nil
}

// Refresh exchanges a refresh token for a new session. The old token is
// revoked; presenting a revoked token again revokes its whole family, since
// it means the token was copied.
func (s *Service) Refresh(ctx context.Context, realm Realm, raw string, client Client) (*Session, error) {
	if raw == "" {
		return nil, errUnauthenticated
	}
	rt, err := s.store.RefreshTokenByHash(ctx, hashToken(raw))
	if errors.Is(err, domain.ErrNotFound) || (err == nil && rt.TenantID != realm.TenantID) {
		return nil, errTokenInvalidDomain
	}
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	if rt.RevokedAt != nil {
		s.store.RevokeRefreshFamily(ctx, rt.FamilyID, now)
		return nil, errSessionRevoked
	}
	if now.After(rt.ExpiresAt) {
		return nil, errSessionRevoked
	}
	revoked, err := s.store.RevokeRefreshToken(ctx, rt.ID, now)
	if err != nil {
		return nil, err
	}
	if !revoked {
		return nil, errSessionRevoked
	}
	u, err := s.store.UserByID(ctx, rt.UserID)
	if err != nil {
		return nil, err
	}
	role, m, err := s.roleIn(ctx, realm, u)
	if err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			return nil, errSessionRevoked
		}
		return nil, err
	}
	if u.Disabled || (m != nil && m.Disabled) {
		return nil, errAccountDisabled
	}
	return s.startSession(ctx, realm, u, m, role, rt.FamilyID, client)
}

// Logout revokes the refresh token, if any.
func (s *Service) Logout(ctx context.Context, realm Realm, p *Principal, raw string, client Client) error {
	if raw != "" {
		if rt, err := s.store.RefreshTokenByHash(ctx, hashToken(raw)); err == nil && rt.TenantID == realm.TenantID {
			if _, err := s.store.RevokeRefreshToken(ctx, rt.ID, s.now().UTC()); err != nil {
				return err
			}
		}
	}
	if p != nil {
		s.record(ctx, realm, p, client, "auth.logout", p.Email, nil, 0)
	}
	return nil
}

// Authenticate turns a bearer or cookie credential into a principal for
// realm. The role comes from the database on every request, so a role
// change or a disabled account takes effect at once.
func (s *Service) Authenticate(ctx context.Context, realm Realm, credential string, viaCookie bool) (*Principal, error) {
	if credential == "" {
		return nil, errUnauthenticated
	}
	if strings.HasPrefix(credential, apiKeyPrefix) {
		return s.authenticateKey(ctx, realm, credential)
	}
	c, err := s.tokens.parse(credential)
	if errors.Is(err, errTokenExpired) {
		return nil, errUnauthenticated
	}
	if err != nil || c.TenantID != realm.TenantID {
		return nil, errTokenInvalidDomain
	}
	userID, err := strconv.ParseUint(c.Subject, 10, 64)
	if err != nil {
		return nil, errTokenInvalidDomain
	}
	u, err := s.store.UserByID(ctx, userID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, errTokenInvalidDomain
	}
	if err != nil {
		return nil, err
	}
	role, m, err := s.roleIn(ctx, realm, u)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, errSessionRevoked
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled || (m != nil && m.Disabled) {
		return nil, errAccountDisabled
	}
	epoch, err := s.tenantEpoch(ctx, realm)
	if err != nil {
		return nil, err
	}
	if c.UserEpoch != u.SessionEpoch || c.TenantEpoch != epoch || (m != nil && c.MembershipEpoch != m.SessionEpoch) {
		return nil, errSessionRevoked
	}
	return &Principal{UserID: u.ID, Email: u.Email, Name: u.Name, Role: role, ViaCookie: viaCookie}, nil
}

func (s *Service) record(ctx context.Context, realm Realm, p *Principal, client Client, action, target string, details map[string]string, userID uint64) {
	e := audit.Entry{TenantID: realm.TenantID, Action: action, Target: target, IP: client.IP, Details: details, ActorUserID: userID}
	if p != nil {
		e.ActorUserID, e.Actor = p.UserID, p.Label()
	} else {
		e.Actor = target
	}
	s.audit.Record(ctx, e)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
