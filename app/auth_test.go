package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TestRouteRoleMatrix calls every guarded route as each kind of caller and
// checks the answer against the permission table of docs/api.md, written
// out here independently of the Casbin policies.
func TestRouteRoleMatrix(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	ctx := context.Background()
	victim, _ := h.accounts.UserByEmail(ctx, victimA.email)
	everyone := []string{"messages:read", "library:read", "schedules:read", "players:read"}
	marketing := []string{"messages:write", "library:write", "campaigns:write", "schedules:write"}
	operations := []string{"announcements:play", "shortcuts:use"}
	spec := map[string][]string{
		"admin": concat([]string{"branding:read", "branding:write", "users:read", "users:write", "sessions:revoke", "api_keys:read",
			"api_keys:write", "audit:read", "players:write", "voices:write", "settings:write"}, everyone, marketing, operations),
		"editor":   concat(everyone, marketing, operations),
		"operator": concat(everyone, operations),
		"viewer":   everyone,
	}
	allowed := func(role string, a Access) bool {
		if role == "platform_admin" {
			return true
		}
		for _, p := range spec[role] {
			if p == a.String() {
				return true
			}
		}
		return false
	}
	callers := []struct {
		name string
		who  *account
	}{
		{"anonymous", nil}, {"viewer", &viewerA}, {"operator", &operatorA}, {"editor", &editorA}, {"admin", &adminA},
		{"admin of another tenant", &adminB}, {"platform admin", &platform},
	}
	fill := strings.NewReplacer(":id", fmt.Sprint(victim.ID), ":slug", "mall-b", ":host", "mall-b.mediaflow.test")
	bodies := map[string]any{
		"PATCH /api/v1/tenant/branding":             map[string]string{"name": "Mall A"},
		"POST /api/v1/users":                        map[string]string{"email": "new@mall-a.test", "role": "nope"},
		"PATCH /api/v1/users/:id":                   map[string]string{"name": "Victim"},
		"POST /api/v1/api-keys":                     map[string]string{"name": "", "role": "viewer"},
		"POST /api/v1/platform/tenants":             map[string]string{"slug": "x"},
		"PATCH /api/v1/platform/tenants/:slug":      map[string]string{"name": "Mall B <Sur>"},
		"POST /api/v1/platform/tenants/:slug/hosts": map[string]string{"host": "bad host"},
	}
	checked := 0
	for _, r := range h.srv.Routes() {
		if r.Access == Public {
			continue
		}
		key := r.Method + " " + r.Path
		path := fill.Replace(r.Path)
		if r.Path == "/api/v1/platform/tenants/:slug/hosts/:host" || strings.HasSuffix(r.Path, "/suspend") {
			path = strings.Replace(path, "mall-b.mediaflow.test", "nowhere.test", 1) // keep mall-b whole
			path = strings.Replace(path, "/suspend", "/resume", 1)
		}
		for _, caller := range callers {
			t.Run(key+" as "+caller.name, func(t *testing.T) {
				host := hostOf["mall-a"]
				if r.Scope == PlatformHost {
					host = hostOf[""]
				}
				req := request(r.Method, host, path, bodies[key])
				if strings.HasSuffix(r.Path, "/events") { // a stream ends only when the client leaves
					ctx, cancel := context.WithTimeout(req.Context(), 300*time.Millisecond)
					defer cancel()
					req = req.WithContext(ctx)
				}
				res := h.callAs(caller.who, host, req)
				switch {
				case r.Access == Device: // no user credential opens a player's routes
					if res.Code != http.StatusUnauthorized || errorCode(res) != "device_token_invalid" {
						t.Fatalf("status %d %s, want 401 device_token_invalid", res.Code, res.Body)
					}
				case caller.who == nil:
					if res.Code != http.StatusUnauthorized {
						t.Fatalf("status %d, want 401: %s", res.Code, res.Body)
					}
				case caller.who == &adminB:
					if res.Code != http.StatusUnauthorized || errorCode(res) != "token_invalid" {
						t.Fatalf("status %d %s, want 401 token_invalid", res.Code, res.Body)
					}
				case r.Scope == PlatformHost && caller.who != &platform:
					if res.Code != http.StatusUnauthorized {
						t.Fatalf("a tenant token on the platform host: status %d, want 401", res.Code)
					}
				case r.Access == SignedIn || allowed(caller.who.role, r.Access):
					if res.Code == http.StatusUnauthorized || res.Code == http.StatusForbidden || res.Code >= 500 {
						t.Fatalf("status %d, want access: %s", res.Code, res.Body)
					}
				default:
					if res.Code != http.StatusForbidden || errorCode(res) != "forbidden" {
						t.Fatalf("status %d %s, want 403 forbidden", res.Code, res.Body)
					}
				}
			})
			checked++
		}
	}
	if checked < 7*25 {
		t.Fatalf("only %d route and caller pairs checked", checked)
	}
}

func TestCrossTenant(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	a := h.mustLogin(adminA)
	hostB := hostOf["mall-b"]
	t.Run("a token from mall A is refused on mall B's host", func(t *testing.T) {
		rec := h.bearer(a, request(http.MethodGet, hostB, "/api/v1/auth/me", nil))
		if rec.Code != http.StatusUnauthorized || errorCode(rec) != "token_invalid" {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("a cookie from mall A is refused on mall B's host", func(t *testing.T) {
		rec := h.cookie(a, request(http.MethodGet, hostB, "/api/v1/users", nil), false)
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("a refresh token from mall A does not refresh on mall B", func(t *testing.T) {
		rec := h.cookie(a, request(http.MethodPost, hostB, "/api/v1/auth/refresh", nil), true)
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("mall A's admin cannot sign in on mall B", func(t *testing.T) {
		if _, rec := h.login(hostB, adminA.email, testPassword); rec.Code != http.StatusUnauthorized || errorCode(rec) != "invalid_credentials" {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("mall A's admin sees and changes only mall A through every route", func(t *testing.T) {
		ctx := context.Background()
		userB, _ := h.accounts.UserByEmail(ctx, adminB.email)
		for _, req := range []*http.Request{
			request(http.MethodPatch, hostOf["mall-a"], fmt.Sprintf("/api/v1/users/%d", userB.ID), map[string]string{"role": "viewer"}),
			request(http.MethodPost, hostOf["mall-a"], fmt.Sprintf("/api/v1/users/%d/sign-out", userB.ID), nil),
		} {
			if rec := h.bearer(a, req); rec.Code != http.StatusNotFound {
				t.Fatalf("%s %s: status %d, want 404: %s", req.Method, req.URL, rec.Code, rec.Body)
			}
		}
		users := h.bearer(a, request(http.MethodGet, hostOf["mall-a"], "/api/v1/users", nil)).Body.String()
		mustNotContain(t, users, adminB.email)
		h.bearer(a, request(http.MethodPatch, hostOf["mall-a"], "/api/v1/tenant/branding", map[string]string{"primary_color": "#111111"}))
		b, _ := h.svc.Get(ctx, "mall-b")
		if b.PrimaryColor != "#0171DC" {
			t.Fatalf("mall B's colour changed to %s", b.PrimaryColor)
		}
		bSession := h.mustLogin(adminB)
		auditB := h.bearer(bSession, request(http.MethodGet, hostB, "/api/v1/audit?per_page=200", nil)).Body.String()
		mustNotContain(t, auditB, "#111111", "branding.updated")
		auditA := h.bearer(a, request(http.MethodGet, hostOf["mall-a"], "/api/v1/audit?per_page=200", nil)).Body.String()
		mustContain(t, auditA, "#111111")
		mustNotContain(t, auditA, adminB.email)
	})
}

func TestCSRF(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	s := h.mustLogin(adminA)
	patch := func() *http.Request {
		return request(http.MethodPatch, hostOf["mall-a"], "/api/v1/tenant/branding", map[string]string{"name": "Mall A renamed"})
	}
	cases := []struct {
		name   string
		send   func() *http.Request
		status int
	}{
		{"a cookie request without the CSRF header is refused", func() *http.Request { return patch() }, http.StatusForbidden},
		{"a wrong CSRF header is refused", func() *http.Request { r := patch(); r.Header.Set(csrfHeader, "forged"); return r }, http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.send()
			req.AddCookie(&http.Cookie{Name: accessCookie, Value: s.access})
			req.AddCookie(&http.Cookie{Name: csrfCookie, Value: s.csrf})
			if rec := h.serve(req); rec.Code != tc.status || errorCode(rec) != "csrf_failed" {
				t.Fatalf("status %d %s", rec.Code, rec.Body)
			}
		})
	}
	t.Run("the matching CSRF header passes", func(t *testing.T) {
		if rec := h.cookie(s, patch(), true); rec.Code != http.StatusOK {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("a safe method needs no CSRF header", func(t *testing.T) {
		if rec := h.cookie(s, request(http.MethodGet, hostOf["mall-a"], "/api/v1/users", nil), false); rec.Code != http.StatusOK {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("a bearer token needs no CSRF header", func(t *testing.T) {
		if rec := h.bearer(s, patch()); rec.Code != http.StatusOK {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("the session cookies are HttpOnly and SameSite", func(t *testing.T) {
		for _, c := range s.loginRec.Result().Cookies() {
			if c.Name != csrfCookie && !c.HttpOnly {
				t.Errorf("%s is readable by scripts", c.Name)
			}
			if c.SameSite == http.SameSiteDefaultMode || c.SameSite == http.SameSiteNoneMode {
				t.Errorf("%s has no SameSite", c.Name)
			}
		}
	})
}

func TestSignInThrottling(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	host := hostOf["mall-a"]
	for i := 0; i < 5; i++ {
		if _, rec := h.login(host, adminA.email, "wrong-password-"+fmt.Sprint(i)); rec.Code != http.StatusUnauthorized || errorCode(rec) != "invalid_credentials" {
			t.Fatalf("failure %d: status %d %s", i, rec.Code, rec.Body)
		}
	}
	_, rec := h.login(host, adminA.email, testPassword)
	if rec.Code != http.StatusTooManyRequests || errorCode(rec) != "rate_limited" || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("after 5 failures even the right password: status %d %s %v", rec.Code, rec.Body, rec.Header())
	}
	t.Run("an unknown email is throttled the same way and says the same", func(t *testing.T) {
		var bodies []string
		for i := 0; i < 6; i++ {
			_, rec := h.login(host, "nobody@mall-a.test", "whatever-password")
			bodies = append(bodies, fmt.Sprintf("%d %s", rec.Code, errorCode(rec)))
		}
		if bodies[0] != "401 invalid_credentials" || bodies[5] != "429 rate_limited" {
			t.Fatalf("answers %v", bodies)
		}
	})
	t.Run("another account is not blocked by these failures", func(t *testing.T) {
		if _, rec := h.login(host, editorA.email, testPassword); rec.Code != http.StatusOK {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("many accounts from one address are blocked after 20 failures", func(t *testing.T) {
		for i := 0; i < 20; i++ {
			h.login(host, fmt.Sprintf("spray%d@mall-a.test", i), "whatever-password")
		}
		if _, rec := h.login(host, viewerA.email, testPassword); rec.Code != http.StatusTooManyRequests {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
}

func TestTokens(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	host := hostOf["mall-a"]
	me := func(token string) *http.Request {
		r := request(http.MethodGet, host, "/api/v1/auth/me", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		return r
	}
	s := h.mustLogin(adminA)
	sign := func(claims jwt.MapClaims, key string) string {
		tok, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(key))
		return tok
	}
	parts := strings.Split(s.access, ".")
	cases := []struct {
		name, token, code string
	}{
		{"a tampered payload is refused", parts[0] + "." + strings.TrimRight(parts[1], "A") + "B." + parts[2], "token_invalid"},
		{"a token signed with another key is refused", sign(jwt.MapClaims{"sub": "1", "tid": 1, "typ": "access", "iss": "mediaflow", "exp": time.Now().Add(time.Hour).Unix()}, "guess"), "token_invalid"},
		{"an unsigned token is refused", strings.Join([]string{"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0", parts[1], ""}, "."), "token_invalid"},
		{"garbage is refused", "not-a-token", "token_invalid"},
		{"an unknown API key is refused", "mfk_unknown", "token_invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if rec := h.serve(me(tc.token)); rec.Code != http.StatusUnauthorized || errorCode(rec) != tc.code {
				t.Fatalf("status %d %s", rec.Code, rec.Body)
			}
		})
	}
	t.Run("an expired token asks to sign in", func(t *testing.T) {
		rec := h.serve(me(expiredToken(t, s.access)))
		if rec.Code != http.StatusUnauthorized {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("refresh rotates, and reusing an old refresh token ends the family", func(t *testing.T) {
		s := h.mustLogin(editorA)
		first := h.cookie(s, request(http.MethodPost, host, "/api/v1/auth/refresh", nil), false)
		if first.Code != http.StatusOK {
			t.Fatalf("refresh: %d %s", first.Code, first.Body)
		}
		var next string
		for _, c := range first.Result().Cookies() {
			if c.Name == refreshCookie {
				next = c.Value
			}
		}
		if next == "" || next == s.refresh {
			t.Fatal("refresh did not rotate the token")
		}
		if rec := h.cookie(s, request(http.MethodPost, host, "/api/v1/auth/refresh", nil), false); rec.Code != http.StatusUnauthorized || errorCode(rec) != "session_revoked" {
			t.Fatalf("reused token: %d %s", rec.Code, rec.Body)
		}
		s.refresh = next
		if rec := h.cookie(s, request(http.MethodPost, host, "/api/v1/auth/refresh", nil), false); rec.Code != http.StatusUnauthorized {
			t.Fatalf("the family survived a reuse: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("logout revokes the refresh token", func(t *testing.T) {
		s := h.mustLogin(viewerA)
		if rec := h.cookie(s, request(http.MethodPost, host, "/api/v1/auth/logout", nil), true); rec.Code != http.StatusNoContent {
			t.Fatalf("logout: %d %s", rec.Code, rec.Body)
		}
		if rec := h.cookie(s, request(http.MethodPost, host, "/api/v1/auth/refresh", nil), false); rec.Code != http.StatusUnauthorized {
			t.Fatalf("refresh after logout: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("a disabled member is signed out at once and cannot sign in", func(t *testing.T) {
		admin := h.mustLogin(adminA)
		s := h.mustLogin(operatorA)
		op, _ := h.accounts.UserByEmail(context.Background(), operatorA.email)
		rec := h.bearer(admin, request(http.MethodPatch, host, fmt.Sprintf("/api/v1/users/%d", op.ID), map[string]bool{"disabled": true}))
		if rec.Code != http.StatusOK {
			t.Fatalf("disable: %d %s", rec.Code, rec.Body)
		}
		if rec := h.bearer(s, me(s.access)); rec.Code != http.StatusForbidden || errorCode(rec) != "account_disabled" {
			t.Fatalf("old token: %d %s", rec.Code, rec.Body)
		}
		if _, rec := h.login(host, operatorA.email, testPassword); rec.Code != http.StatusForbidden || errorCode(rec) != "account_disabled" {
			t.Fatalf("login: %d %s", rec.Code, rec.Body)
		}
		if rec := h.cookie(s, request(http.MethodPost, host, "/api/v1/auth/refresh", nil), false); rec.Code != http.StatusForbidden {
			t.Fatalf("refresh: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("sign out everyone ends every session of the tenant only", func(t *testing.T) {
		admin := h.mustLogin(adminA)
		viewer := h.mustLogin(viewerA)
		other := h.mustLogin(adminB)
		if rec := h.bearer(admin, request(http.MethodPost, host, "/api/v1/tenant/sign-out-everyone", nil)); rec.Code != http.StatusNoContent {
			t.Fatalf("sign out everyone: %d %s", rec.Code, rec.Body)
		}
		for _, s := range []*session{admin, viewer} {
			if rec := h.bearer(s, me(s.access)); rec.Code != http.StatusUnauthorized || errorCode(rec) != "session_revoked" {
				t.Fatalf("token after sign-out: %d %s", rec.Code, rec.Body)
			}
			if rec := h.cookie(s, request(http.MethodPost, host, "/api/v1/auth/refresh", nil), false); rec.Code != http.StatusUnauthorized {
				t.Fatalf("refresh after sign-out: %d %s", rec.Code, rec.Body)
			}
		}
		meB := request(http.MethodGet, hostOf["mall-b"], "/api/v1/auth/me", nil)
		if rec := h.bearer(other, meB); rec.Code != http.StatusOK {
			t.Fatalf("mall B was signed out too: %d", rec.Code)
		}
		if _, rec := h.login(host, viewerA.email, testPassword); rec.Code != http.StatusOK {
			t.Fatalf("signing in again: %d", rec.Code)
		}
	})

	t.Run("a role change takes effect on the next request", func(t *testing.T) {
		admin := h.mustLogin(adminA)
		victim := h.mustLogin(victimA)
		v, _ := h.accounts.UserByEmail(context.Background(), victimA.email)
		if rec := h.bearer(victim, request(http.MethodGet, host, "/api/v1/users", nil)); rec.Code != http.StatusForbidden {
			t.Fatalf("viewer listed users: %d", rec.Code)
		}
		h.bearer(admin, request(http.MethodPatch, host, fmt.Sprintf("/api/v1/users/%d", v.ID), map[string]string{"role": "admin"}))
		if rec := h.bearer(victim, request(http.MethodGet, host, "/api/v1/users", nil)); rec.Code != http.StatusOK {
			t.Fatalf("promoted viewer: %d %s", rec.Code, rec.Body)
		}
	})
}

// expiredToken re-signs the claims of a real token with an expiry in the past.
func expiredToken(t *testing.T, token string) string {
	t.Helper()
	var claims jwt.MapClaims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &claims); err != nil {
		t.Fatal(err)
	}
	claims["exp"] = time.Now().Add(-time.Minute).Unix()
	key := testTokenKey()
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}

func TestAPIKeys(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	host := hostOf["mall-a"]
	admin := h.mustLogin(adminA)
	rec := h.bearer(admin, request(http.MethodPost, host, "/api/v1/api-keys", map[string]string{"name": "Chat bot", "role": "editor"}))
	var created struct {
		Key    string     `json:"key"`
		APIKey apiKeyJSON `json:"api_key"`
	}
	json.Unmarshal(rec.Body.Bytes(), &created)
	if rec.Code != http.StatusCreated || !strings.HasPrefix(created.Key, "mfk_") || created.APIKey.Prefix != created.Key[:8] {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	key := &session{access: created.Key}
	t.Run("the key works with its role and records its use", func(t *testing.T) {
		if rec := h.bearer(key, request(http.MethodGet, host, "/api/v1/auth/me", nil)); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"role":"editor"`) {
			t.Fatalf("me: %d %s", rec.Code, rec.Body)
		}
		if rec := h.bearer(key, request(http.MethodGet, host, "/api/v1/users", nil)); rec.Code != http.StatusForbidden {
			t.Fatalf("an editor key listed users: %d", rec.Code)
		}
		list := h.bearer(admin, request(http.MethodGet, host, "/api/v1/api-keys", nil)).Body.String()
		mustContain(t, list, `"last_used_at":"`)
		mustNotContain(t, list, created.Key)
	})
	t.Run("the key does not work on another tenant", func(t *testing.T) {
		if rec := h.bearer(key, request(http.MethodGet, hostOf["mall-b"], "/api/v1/auth/me", nil)); rec.Code != http.StatusUnauthorized {
			t.Fatalf("status %d", rec.Code)
		}
	})
	t.Run("another tenant's admin cannot revoke it", func(t *testing.T) {
		b := h.mustLogin(adminB)
		if rec := h.bearer(b, request(http.MethodDelete, hostOf["mall-b"], fmt.Sprintf("/api/v1/api-keys/%d", created.APIKey.ID), nil)); rec.Code != http.StatusNotFound {
			t.Fatalf("status %d", rec.Code)
		}
	})
	t.Run("a revoked key stops working", func(t *testing.T) {
		if rec := h.bearer(admin, request(http.MethodDelete, host, fmt.Sprintf("/api/v1/api-keys/%d", created.APIKey.ID), nil)); rec.Code != http.StatusNoContent {
			t.Fatalf("revoke: %d", rec.Code)
		}
		if rec := h.bearer(key, request(http.MethodGet, host, "/api/v1/auth/me", nil)); rec.Code != http.StatusUnauthorized {
			t.Fatalf("revoked key: %d", rec.Code)
		}
	})
}

func TestBrandingUploads(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	host := hostOf["mall-a"]
	admin := h.mustLogin(adminA)
	goodPNG := tinyPNG(t)
	put := func(body string, contentType string) *http.Request {
		r := request(http.MethodPut, host, "/api/v1/tenant/branding/logo", body)
		r.Header.Set("Content-Type", contentType)
		return r
	}
	cases := []struct {
		name, body, contentType, code string
		status                        int
	}{
		{"a text file named .png", "just some text, not an image", "image/png", "unsupported_image_type", 415},
		{"a 3 MB image", string(goodPNG) + strings.Repeat("\x00", 3<<20), "image/png", "file_too_large", 413},
		{"an SVG with a script", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`, "image/svg+xml", "unsupported_image_type", 415},
		{"zero bytes", "", "image/png", "file_empty", 422},
		{"a truncated PNG", string(goodPNG[:len(goodPNG)-20]), "image/png", "image_corrupt", 422},
		{"a path-traversal file name", multipartBody("../../../../etc/evil.png", goodPNG[:30]), multipartType, "image_corrupt", 422},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused and nothing is written", func(t *testing.T) {
			rec := h.bearer(admin, put(tc.body, tc.contentType))
			if rec.Code != tc.status || errorCode(rec) != tc.code {
				t.Fatalf("status %d %s, want %d %s", rec.Code, rec.Body, tc.status, tc.code)
			}
			if files := storedFiles(t, h, "/branding/"); len(files) != 0 {
				t.Fatalf("files written: %v", files)
			}
		})
	}
	t.Run("a good PNG with a hostile file name is stored under the tenant's prefix", func(t *testing.T) {
		rec := h.bearer(admin, put(multipartBody("../../evil.png", goodPNG), multipartType))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"custom_logo":true`) {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
		a, _ := h.svc.Get(context.Background(), "mall-a")
		files := storedFiles(t, h, "/branding/")
		if len(files) != 1 || !strings.HasPrefix(files[0], fmt.Sprintf("tenants/%d/branding/logo-", a.ID)) || strings.Contains(files[0], "evil") {
			t.Fatalf("stored %v", files)
		}
		h.resolver.Flush()
		if got := h.get(host, "/branding/logo").Body.String(); got != string(goodPNG) {
			t.Fatal("the logo served is not the upload")
		}
		if got := h.get(hostOf["mall-b"], "/branding/logo").Body.String(); got == string(goodPNG) {
			t.Fatal("mall B serves mall A's logo")
		}
	})
	t.Run("a new logo replaces the old file", func(t *testing.T) {
		h.bearer(admin, put(string(goodPNG), "application/octet-stream"))
		if files := storedFiles(t, h, "/branding/"); len(files) != 1 {
			t.Fatalf("files after replacing: %v", files)
		}
	})
	t.Run("removing the logo deletes the file and brings back the monogram", func(t *testing.T) {
		rec := h.bearer(admin, request(http.MethodDelete, host, "/api/v1/tenant/branding/logo", nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"custom_logo":false`) {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
		if files := storedFiles(t, h, "/branding/"); len(files) != 0 {
			t.Fatalf("files left: %v", files)
		}
	})
	t.Run("a favicon must be ICO or PNG", func(t *testing.T) {
		r := request(http.MethodPut, host, "/api/v1/tenant/branding/favicon", string(goodPNG))
		if rec := h.bearer(admin, r); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"custom_favicon":true`) {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("branding changes are validated and audited", func(t *testing.T) {
		rec := h.bearer(admin, request(http.MethodPatch, host, "/api/v1/tenant/branding", map[string]string{"primary_color": "rojo", "timezone": "Marte/Base"}))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
		mustContain(t, rec.Body.String(), `"primary_color":`, `"timezone":`)
		rec = h.bearer(admin, request(http.MethodPatch, host, "/api/v1/tenant/branding", map[string]string{"primary_color": "#00AA55", "theme": "dark"}))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"primary_color":"#00AA55"`) {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
		auditLog := h.bearer(admin, request(http.MethodGet, host, "/api/v1/audit?action=branding.updated", nil)).Body.String()
		mustContain(t, auditLog, `"actor":"admin@mall-a.test"`, `"primary_color":"#00AA55"`)
	})
	t.Run("an unknown field is refused", func(t *testing.T) {
		rec := h.bearer(admin, request(http.MethodPatch, host, "/api/v1/tenant/branding", map[string]string{"slug": "hijack"}))
		if rec.Code != http.StatusBadRequest || errorCode(rec) != "invalid_json" {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
	})
}

// storedFiles lists the files in the harness's storage whose key contains
// part ("" for all), leaving out readiness probes.
func storedFiles(t *testing.T, h *harness, part string) []string {
	t.Helper()
	var out []string
	root := h.storeRoot()
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.Contains(p, ".ready") && strings.Contains(filepath.ToSlash(p), part) {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
