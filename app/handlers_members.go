package app

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
	"mediaflow/domain/accounts"
	"mediaflow/domain/audit"
)

type memberJSON struct {
	ID          uint64     `json:"id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Role        string     `json:"role"`
	Disabled    bool       `json:"disabled"`
	LastLoginAt *time.Time `json:"last_login_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

func toMemberJSON(m accounts.Member) memberJSON {
	return memberJSON{ID: m.User.ID, Email: m.User.Email, Name: m.User.Name, Role: string(m.Membership.Role),
		Disabled: m.Membership.Disabled || m.User.Disabled, LastLoginAt: m.Membership.LastLoginAt, CreatedAt: m.Membership.CreatedAt}
}

func toMembersJSON(list []accounts.Member) map[string]any {
	items := make([]memberJSON, 0, len(list))
	for _, m := range list {
		items = append(items, toMemberJSON(m))
	}
	return map[string]any{"items": items}
}

func idParam(c echo.Context, code string) (uint64, error) {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil || id == 0 {
		return 0, domain.NotFound(code, "no such item")
	}
	return id, nil
}

func (s *Server) listMembers(c echo.Context) error {
	list, err := s.deps.Accounts.Members(c.Request().Context(), realmOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMembersJSON(list))
}

func (s *Server) addMember(c echo.Context) error {
	var in struct {
		Email    string `json:"email"`
		Name     string `json:"name"`
		Role     string `json:"role"`
		Password string `json:"password"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	added, err := s.deps.Accounts.AddMember(c.Request().Context(), realmOf(c), principal(c),
		accounts.NewMember{Email: in.Email, Name: in.Name, Role: in.Role, Password: in.Password}, clientOf(c))
	if err != nil {
		return err
	}
	out := map[string]any{"member": toMemberJSON(added.Member)}
	if added.TemporaryPassword != "" {
		out["temporary_password"] = added.TemporaryPassword
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) updateMember(c echo.Context) error {
	id, err := idParam(c, "user_not_found")
	if err != nil {
		return err
	}
	var in struct {
		Role     *string `json:"role"`
		Disabled *bool   `json:"disabled"`
		Name     *string `json:"name"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Role == nil && in.Disabled == nil && in.Name == nil {
		return domain.Invalid("nothing_to_update", "give role, disabled or name", nil)
	}
	m, err := s.deps.Accounts.UpdateMember(c.Request().Context(), realmOf(c), principal(c), id,
		accounts.MemberPatch{Role: in.Role, Disabled: in.Disabled, Name: in.Name}, clientOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMemberJSON(*m))
}

func (s *Server) signOutMember(c echo.Context) error {
	id, err := idParam(c, "user_not_found")
	if err != nil {
		return err
	}
	if err := s.deps.Accounts.SignOutMember(c.Request().Context(), realmOf(c), principal(c), id, clientOf(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) signOutEveryone(c echo.Context) error {
	if err := s.deps.Accounts.SignOutEveryone(c.Request().Context(), realmOf(c), principal(c), clientOf(c)); err != nil {
		return err
	}
	s.clearSessionCookies(c)
	return c.NoContent(http.StatusNoContent)
}

type apiKeyJSON struct {
	ID         uint64     `json:"id"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func toAPIKeyJSON(k accounts.APIKey) apiKeyJSON {
	return apiKeyJSON{ID: k.ID, Name: k.Name, Role: string(k.Role), Prefix: k.Prefix, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt}
}

func (s *Server) listAPIKeys(c echo.Context) error {
	keys, err := s.deps.Accounts.APIKeys(c.Request().Context(), realmOf(c))
	if err != nil {
		return err
	}
	items := make([]apiKeyJSON, 0, len(keys))
	for _, k := range keys {
		items = append(items, toAPIKeyJSON(k))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) createAPIKey(c echo.Context) error {
	var in struct {
		Name string `json:"name"`
		Role string `json:"role"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	k, err := s.deps.Accounts.CreateAPIKey(c.Request().Context(), realmOf(c), principal(c), in.Name, in.Role, clientOf(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusCreated, map[string]any{"api_key": toAPIKeyJSON(k.APIKey), "key": k.Key})
}

func (s *Server) revokeAPIKey(c echo.Context) error {
	id, err := idParam(c, "api_key_not_found")
	if err != nil {
		return err
	}
	if err := s.deps.Accounts.RevokeAPIKey(c.Request().Context(), realmOf(c), principal(c), id, clientOf(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type auditJSON struct {
	ID       uint64            `json:"id"`
	At       time.Time         `json:"at"`
	TenantID string            `json:"tenant_id"`
	Actor    string            `json:"actor"`
	Action   string            `json:"action"`
	Target   string            `json:"target"`
	IP       string            `json:"ip"`
	Details  map[string]string `json:"details"`
}

// auditFilter reads the audit log's query parameters.
func auditFilter(c echo.Context) (audit.Filter, error) {
	f := audit.Filter{Action: c.QueryParam("action"), Actor: c.QueryParam("actor")}
	bad := map[string]string{}
	for name, dst := range map[string]*int{"page": &f.Page, "per_page": &f.PerPage} {
		if v := c.QueryParam(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || (name == "per_page" && n > 200) {
				bad[name] = "must be a whole number (per_page at most 200)"
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := c.QueryParam(name); v != "" {
			d, err := time.Parse("2006-01-02", v)
			if err != nil {
				bad[name] = "must be a date like 2026-12-31"
			}
			*dst = d
		}
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the whole "to" day
	}
	if len(bad) > 0 {
		return f, domain.Invalid("invalid_query", "some filters are not valid", bad)
	}
	return f, nil
}

func (s *Server) sendAudit(c echo.Context, f audit.Filter) error {
	entries, total, err := s.deps.Audit.List(c.Request().Context(), f)
	if err != nil {
		return err
	}
	items := make([]auditJSON, 0, len(entries))
	for _, e := range entries {
		details := e.Details
		if details == nil {
			details = map[string]string{}
		}
		items = append(items, auditJSON{ID: e.ID, At: e.At, TenantID: e.TenantSlug, Actor: e.Actor, Action: e.Action, Target: e.Target, IP: e.IP, Details: details})
	}
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PerPage == 0 {
		f.PerPage = 50
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "total": total, "page": f.Page, "per_page": f.PerPage})
}

func (s *Server) listAudit(c echo.Context) error {
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	f.TenantID = realmOf(c).TenantID
	return s.sendAudit(c, f)
}
