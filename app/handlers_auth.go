package app

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
	"mediaflow/domain/accounts"
	"mediaflow/infra/authz"
)

// decodeJSON reads a JSON body into v, refusing unknown fields.
func decodeJSON(c echo.Context, v any) error {
	dec := json.NewDecoder(io.LimitReader(c.Request().Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return &domain.Error{Kind: domain.KindInvalid, Code: "invalid_json", Message: "the body is not the JSON this endpoint expects: " + err.Error()}
	}
	return nil
}

type userJSON struct {
	ID    uint64 `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type sessionJSON struct {
	User        userJSON  `json:"user"`
	Role        string    `json:"role"`
	AccessToken string    `json:"access_token"`
	ExpiresAt   time.Time `json:"expires_at"`
	CSRFToken   string    `json:"csrf_token"`
}

func (s *Server) sendSession(c echo.Context, sess *accounts.Session) error {
	b := make([]byte, 24)
	rand.Read(b)
	csrf := base64.RawURLEncoding.EncodeToString(b)
	s.setSessionCookies(c, sess, csrf)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, sessionJSON{
		User: userJSON{ID: sess.User.ID, Email: sess.User.Email, Name: sess.User.Name}, Role: string(sess.Role),
		AccessToken: sess.AccessToken, ExpiresAt: sess.ExpiresAt, CSRFToken: csrf,
	})
}

func (s *Server) login(c echo.Context) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	sess, err := s.deps.Accounts.Login(c.Request().Context(), realmOf(c), in.Email, in.Password, clientOf(c))
	if err != nil {
		return err
	}
	return s.sendSession(c, sess)
}

func (s *Server) refresh(c echo.Context) error {
	raw := ""
	if ck, err := c.Cookie(refreshCookie); err == nil {
		raw = ck.Value
	}
	sess, err := s.deps.Accounts.Refresh(c.Request().Context(), realmOf(c), raw, clientOf(c))
	if err != nil {
		if domain.KindOf(err) == domain.KindUnauthorized {
			s.clearSessionCookies(c)
		}
		return err
	}
	return s.sendSession(c, sess)
}

func (s *Server) logout(c echo.Context) error {
	raw := ""
	if ck, err := c.Cookie(refreshCookie); err == nil {
		raw = ck.Value
	}
	p, _ := s.authenticate(c) // signing out works with an expired session too
	if err := s.deps.Accounts.Logout(c.Request().Context(), realmOf(c), p, raw, clientOf(c)); err != nil {
		return err
	}
	s.clearSessionCookies(c)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) me(c echo.Context) error {
	p := principal(c)
	realm := realmOf(c)
	perms, err := s.deps.Authz.Permissions(string(p.Role), authz.TenantDomain(realm.TenantID), permissionCandidates)
	if err != nil {
		return err
	}
	if perms == nil {
		perms = []string{}
	}
	return c.JSON(http.StatusOK, map[string]any{
		"user": userJSON{ID: p.UserID, Email: p.Email, Name: p.Name}, "role": string(p.Role),
		"tenant_id": realm.TenantSlug, "permissions": perms,
	})
}
