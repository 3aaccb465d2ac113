package app

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
	"mediaflow/domain/accounts"
	"mediaflow/domain/audit"
	"mediaflow/infra/authz"
	"mediaflow/tenants"
)

// Cookie names.
const (
	accessCookie  = "mf_access"
	refreshCookie = "mf_refresh"
	csrfCookie    = "mf_csrf"
	csrfHeader    = "X-CSRF-Token"
	principalKey  = "mediaflow.principal"
)

var (
	errForbidden  = domain.Forbidden("forbidden", "your role does not allow this")
	errCSRF       = domain.Forbidden("csrf_failed", "the request lacks a valid CSRF token; reload the page")
	errNoSuchPage = domain.NotFound("not_found", "no such endpoint on this host")
)

// realmOf returns where the request happens: its tenant, or the platform.
func realmOf(c echo.Context) accounts.Realm {
	t := tenants.Current(c)
	return accounts.Realm{TenantID: t.ID, TenantSlug: t.Slug}
}

func clientOf(c echo.Context) accounts.Client {
	return accounts.Client{IP: c.RealIP(), UserAgent: c.Request().UserAgent()}
}

// principal returns the authenticated caller of a guarded route.
func principal(c echo.Context) *accounts.Principal {
	p, _ := c.Get(principalKey).(*accounts.Principal)
	return p
}

// guard wraps a route's handler with its scope and access checks, so a
// route cannot be registered without them.
func (s *Server) guard(r Route) echo.HandlerFunc {
	return func(c echo.Context) error {
		t := tenants.Current(c)
		if (r.Scope == TenantHost && t.IsPlatform()) || (r.Scope == PlatformHost && !t.IsPlatform()) {
			return errNoSuchPage
		}
		switch r.Access.kind {
		case accessPublic:
			return r.Handler(c)
		case accessDevice:
			return s.deviceGuard(c, r.Handler)
		case accessSignedIn, accessPermission:
		default:
			return errForbidden // an undeclared route answers nobody
		}
		p, err := s.authenticate(c)
		if err != nil {
			return err
		}
		if r.Access.kind == accessPermission {
			ok, err := s.deps.Authz.Allowed(string(p.Role), authz.TenantDomain(t.ID), r.Access.obj, r.Access.act)
			if err != nil {
				return err
			}
			if !ok {
				return errForbidden
			}
		}
		c.Set(principalKey, p)
		req := c.Request()
		actor := audit.Actor{UserID: p.UserID, Label: p.Label(), IP: c.RealIP()}
		c.SetRequest(req.WithContext(audit.WithActor(req.Context(), actor)))
		return r.Handler(c)
	}
}

// authenticate reads the bearer credential or the session cookie. Cookie
// sessions must send the CSRF token with every unsafe method.
func (s *Server) authenticate(c echo.Context) (*accounts.Principal, error) {
	req := c.Request()
	credential, viaCookie := "", false
	if h := req.Header.Get(echo.HeaderAuthorization); h != "" {
		scheme, value, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return nil, domain.Unauthorized("unauthenticated", "use a Bearer token")
		}
		credential = strings.TrimSpace(value)
	} else if ck, err := req.Cookie(accessCookie); err == nil {
		credential, viaCookie = ck.Value, true
	}
	p, err := s.deps.Accounts.Authenticate(req.Context(), realmOf(c), credential, viaCookie)
	if err != nil {
		return nil, err
	}
	if viaCookie && unsafeMethod(req.Method) && !validCSRF(req) {
		return nil, errCSRF
	}
	return p, nil
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func validCSRF(req *http.Request) bool {
	ck, err := req.Cookie(csrfCookie)
	header := req.Header.Get(csrfHeader)
	return err == nil && ck.Value != "" && subtle.ConstantTimeCompare([]byte(ck.Value), []byte(header)) == 1
}

// setSessionCookies stores a new session in the browser.
func (s *Server) setSessionCookies(c echo.Context, sess *accounts.Session, csrf string) {
	secure := s.deps.SecureCookies
	c.SetCookie(&http.Cookie{Name: accessCookie, Value: sess.AccessToken, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode, Expires: sess.ExpiresAt})
	c.SetCookie(&http.Cookie{Name: refreshCookie, Value: sess.RefreshToken, Path: "/api/v1/auth", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteStrictMode, Expires: sess.RefreshExpires})
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: csrf, Path: "/", Secure: secure,
		SameSite: http.SameSiteStrictMode, Expires: sess.RefreshExpires})
}

func (s *Server) clearSessionCookies(c echo.Context) {
	for name, path := range map[string]string{accessCookie: "/", refreshCookie: "/api/v1/auth", csrfCookie: "/"} {
		c.SetCookie(&http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1, Expires: time.Unix(0, 0),
			HttpOnly: name != csrfCookie, Secure: s.deps.SecureCookies})
	}
}
