package accounts

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"unicode/utf8"

	"mediaflow/domain"
)

// NewMember describes someone to add to a tenant.
type NewMember struct {
	Email    string
	Name     string
	Role     string
	Password string // empty: generate a temporary one (only for a new user)
}

// AddedMember is the result of adding a member; TemporaryPassword is set
// when one was generated, and is shown to the admin this once.
type AddedMember struct {
	Member            Member
	TemporaryPassword string
	NewUser           bool
}

func checkEmail(email string) error {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") && !strings.HasSuffix(email, ".localhost") {
		return domain.Invalid("invalid_user", "the email is not valid", map[string]string{"email": "must be an email address such as ana@mall.cl"})
	}
	return nil
}

func checkName(name string) error {
	if utf8.RuneCountInString(name) > 120 {
		return domain.Invalid("invalid_user", "the name is too long", map[string]string{"name": "must have at most 120 characters"})
	}
	return nil
}

// AddMember gives a person a role in the tenant, creating the user when the
// email is new to the platform. An existing user keeps their password.
func (s *Service) AddMember(ctx context.Context, realm Realm, actor *Principal, in NewMember, client Client) (*AddedMember, error) {
	email := NormalizeEmail(in.Email)
	name := strings.TrimSpace(in.Name)
	role, err := ParseRole(in.Role)
	if err != nil {
		return nil, err
	}
	if err := errors.Join(checkEmail(email), checkName(name)); err != nil {
		return nil, firstInvalid(err)
	}
	out := &AddedMember{}
	u, err := s.store.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		if u, out.TemporaryPassword, err = s.newUser(ctx, email, name, in.Password); err != nil {
			return nil, err
		}
		out.NewUser = true
	case err != nil:
		return nil, err
	default:
		if _, err := s.store.Membership(ctx, realm.TenantID, u.ID); err == nil {
			return nil, domain.Conflict("member_exists", "this person is already a member of this site")
		}
	}
	m := &Membership{TenantID: realm.TenantID, UserID: u.ID, Role: role}
	if err := s.store.CreateMembership(ctx, m); err != nil {
		return nil, err
	}
	action := "user.added"
	if out.NewUser {
		action = "user.created"
	}
	s.record(ctx, realm, actor, client, action, email, map[string]string{"role": string(role)}, 0)
	out.Member = Member{User: *u, Membership: *m}
	return out, nil
}

// newUser creates a user with the given password, or a generated one that
// it returns.
func (s *Service) newUser(ctx context.Context, email, name, password string) (*User, string, error) {
	temporary := ""
	if password == "" {
		password = GeneratePassword()
		temporary = password
	}
	if err := CheckPassword(password, email); err != nil {
		return nil, "", err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, "", err
	}
	u := &User{Email: email, Name: name, PasswordHash: hash}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, "", err
	}
	return u, temporary, nil
}

// Members lists the tenant's members.
func (s *Service) Members(ctx context.Context, realm Realm) ([]Member, error) {
	return s.store.Members(ctx, realm.TenantID)
}

// MemberPatch changes a member; nil fields stay as they are.
type MemberPatch struct {
	Role     *string
	Disabled *bool
	Name     *string
}

// UpdateMember changes a member's role, status or name. The tenant keeps at
// least one active admin.
func (s *Service) UpdateMember(ctx context.Context, realm Realm, actor *Principal, userID uint64, p MemberPatch, client Client) (*Member, error) {
	mem, err := s.store.Member(ctx, realm.TenantID, userID)
	if err != nil {
		return nil, err
	}
	m, u := mem.Membership, mem.User
	wasActiveAdmin := m.Role == RoleAdmin && !m.Disabled
	var actions []string
	if p.Role != nil {
		role, err := ParseRole(*p.Role)
		if err != nil {
			return nil, err
		}
		if role != m.Role {
			actions = append(actions, "user.role_changed")
			m.Role = role
		}
	}
	if p.Disabled != nil && *p.Disabled != m.Disabled {
		m.Disabled = *p.Disabled
		if m.Disabled {
			actions = append(actions, "user.disabled")
		} else {
			actions = append(actions, "user.enabled")
		}
	}
	if p.Name != nil {
		name := strings.TrimSpace(*p.Name)
		if err := checkName(name); err != nil {
			return nil, err
		}
		if name != u.Name {
			u.Name = name
			actions = append(actions, "user.updated")
			if err := s.store.UpdateUser(ctx, &u); err != nil {
				return nil, err
			}
		}
	}
	if wasActiveAdmin && (m.Role != RoleAdmin || m.Disabled) {
		n, err := s.store.CountActiveAdmins(ctx, realm.TenantID)
		if err != nil {
			return nil, err
		}
		if n <= 1 {
			return nil, domain.Invalid("last_admin", "a site keeps at least one active admin", map[string]string{"role": "promote someone else to admin first"})
		}
	}
	if err := s.store.UpdateMembership(ctx, &m); err != nil {
		return nil, err
	}
	for _, a := range actions {
		details := map[string]string{}
		if a == "user.role_changed" {
			details["role"] = string(m.Role)
		}
		s.record(ctx, realm, actor, client, a, u.Email, details, 0)
	}
	return &Member{User: u, Membership: m}, nil
}

// SignOutMember ends every session the user has in this tenant.
func (s *Service) SignOutMember(ctx context.Context, realm Realm, actor *Principal, userID uint64, client Client) error {
	mem, err := s.store.Member(ctx, realm.TenantID, userID)
	if err != nil {
		return err
	}
	mem.Membership.SessionEpoch++
	if err := s.store.UpdateMembership(ctx, &mem.Membership); err != nil {
		return err
	}
	if err := s.store.RevokeRefreshTokens(ctx, realm.TenantID, userID, s.now().UTC()); err != nil {
		return err
	}
	s.record(ctx, realm, actor, client, "user.signed_out", mem.User.Email, nil, 0)
	return nil
}

// SignOutEveryone ends every session of every user of the tenant, replacing
// v2.1's auth_version.txt.
func (s *Service) SignOutEveryone(ctx context.Context, realm Realm, actor *Principal, client Client) error {
	if err := s.store.BumpTenantSessionEpoch(ctx, realm.TenantID); err != nil {
		return err
	}
	if err := s.store.RevokeRefreshTokens(ctx, realm.TenantID, 0, s.now().UTC()); err != nil {
		return err
	}
	s.record(ctx, realm, actor, client, "auth.sign_out_everyone", realm.TenantSlug, nil, 0)
	return nil
}

// SetPassword changes a user's password and ends their sessions everywhere.
func (s *Service) SetPassword(ctx context.Context, email, password string) error {
	u, err := s.store.UserByEmail(ctx, NormalizeEmail(email))
	if err != nil {
		return err
	}
	if err := CheckPassword(password, u.Email); err != nil {
		return err
	}
	if u.PasswordHash, err = HashPassword(password); err != nil {
		return err
	}
	u.SessionEpoch++
	return s.store.UpdateUser(ctx, u)
}

// EnsurePlatformAdmin makes the user with email a platform admin, creating
// the user (with password, or a generated one it returns) when needed.
func (s *Service) EnsurePlatformAdmin(ctx context.Context, email, name, password string) (*User, string, error) {
	email = NormalizeEmail(email)
	if err := errors.Join(checkEmail(email), checkName(name)); err != nil {
		return nil, "", firstInvalid(err)
	}
	u, err := s.store.UserByEmail(ctx, email)
	temporary := ""
	switch {
	case errors.Is(err, domain.ErrNotFound):
		if u, temporary, err = s.newUser(ctx, email, strings.TrimSpace(name), password); err != nil {
			return nil, "", err
		}
	case err != nil:
		return nil, "", err
	case password != "":
		if err := s.SetPassword(ctx, email, password); err != nil {
			return nil, "", err
		}
		if u, err = s.store.UserByEmail(ctx, email); err != nil {
			return nil, "", err
		}
	}
	u.PlatformAdmin = true
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return nil, "", err
	}
	return u, temporary, nil
}

func firstInvalid(err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return de
	}
	return err
}

// CheckNewMember validates in without writing anything, so a caller that
// creates other things first can refuse bad input before it starts.
func CheckNewMember(in NewMember) error {
	email := NormalizeEmail(in.Email)
	if _, err := ParseRole(in.Role); err != nil {
		return err
	}
	if err := errors.Join(checkEmail(email), checkName(strings.TrimSpace(in.Name))); err != nil {
		return firstInvalid(err)
	}
	if in.Password != "" {
		return CheckPassword(in.Password, email)
	}
	return nil
}

// UserByEmail returns the user with the email, if any.
func (s *Service) UserByEmail(ctx context.Context, email string) (*User, error) {
	return s.store.UserByEmail(ctx, NormalizeEmail(email))
}
