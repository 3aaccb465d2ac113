package app

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"mediaflow/domain/accounts"
)

// Passwords of the test accounts.
const testPassword = "Correct-Horse-Battery-42"

// account names a person of the test world: a role in a tenant, or the
// platform admin.
type account struct {
	email, tenant, role string
}

var (
	adminA    = account{"admin@mall-a.test", "mall-a", "admin"}
	editorA   = account{"editor@mall-a.test", "mall-a", "editor"}
	operatorA = account{"operator@mall-a.test", "mall-a", "operator"}
	viewerA   = account{"viewer@mall-a.test", "mall-a", "viewer"}
	victimA   = account{"victim@mall-a.test", "mall-a", "viewer"}
	adminB    = account{"admin@mall-b.test", "mall-b", "admin"}
	platform  = account{"ops@mediaflow.test", "", "platform_admin"}
)

var hostOf = map[string]string{"mall-a": "mall-a.mediaflow.test", "mall-b": "mall-b.mediaflow.test", "": "platform.mediaflow.test"}

// withAccounts creates the test accounts in the harness's tenants.
func (h *harness) withAccounts() *harness {
	h.t.Helper()
	ctx := context.Background()
	for _, a := range []account{adminA, editorA, operatorA, viewerA, victimA, adminB} {
		t, err := h.svc.Get(ctx, a.tenant)
		if err != nil {
			h.t.Fatal(err)
		}
		if _, err := h.accounts.AddMember(ctx, accounts.Realm{TenantID: t.ID, TenantSlug: t.Slug}, nil,
			accounts.NewMember{Email: a.email, Role: a.role, Password: testPassword}, accounts.Client{}); err != nil {
			h.t.Fatal(err)
		}
	}
	if _, _, err := h.accounts.EnsurePlatformAdmin(ctx, platform.email, "Ops", testPassword); err != nil {
		h.t.Fatal(err)
	}
	return h
}

// session is what a browser keeps after signing in.
type session struct {
	host     string
	access   string
	refresh  string
	csrf     string
	loginRec *httptest.ResponseRecorder
}

// request builds a request to host with an optional JSON body.
func request(method, host, target string, body any) *http.Request {
	var buf bytes.Buffer
	if s, ok := body.(string); ok {
		buf.WriteString(s)
	} else if body != nil {
		json.NewEncoder(&buf).Encode(body)
	}
	req := httptest.NewRequest(method, target, &buf)
	req.Host = host
	req.RemoteAddr = "192.0.2.10:41000"
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	return req
}

func (h *harness) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.srv.Handler().ServeHTTP(rec, req)
	return rec
}

// login signs in on host and returns the session's cookies and token.
func (h *harness) login(host, email, password string) (*session, *httptest.ResponseRecorder) {
	rec := h.serve(request(http.MethodPost, host, "/api/v1/auth/login", map[string]string{"email": email, "password": password}))
	s := &session{host: host, loginRec: rec}
	for _, c := range rec.Result().Cookies() {
		switch c.Name {
		case accessCookie:
			s.access = c.Value
		case refreshCookie:
			s.refresh = c.Value
		case csrfCookie:
			s.csrf = c.Value
		}
	}
	return s, rec
}

func (h *harness) mustLogin(a account) *session {
	h.t.Helper()
	s, rec := h.login(hostOf[a.tenant], a.email, testPassword)
	if rec.Code != http.StatusOK || s.access == "" {
		h.t.Fatalf("login %s: %d %s", a.email, rec.Code, rec.Body)
	}
	return s
}

// bearer sends req with the session's access token as a bearer token.
func (h *harness) bearer(s *session, req *http.Request) *httptest.ResponseRecorder {
	req.Header.Set("Authorization", "Bearer "+s.access)
	return h.serve(req)
}

// cookie sends req as the browser would: cookies, and the CSRF header when
// withCSRF is set.
func (h *harness) cookie(s *session, req *http.Request, withCSRF bool) *httptest.ResponseRecorder {
	req.AddCookie(&http.Cookie{Name: accessCookie, Value: s.access})
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: s.csrf})
	if s.refresh != "" && (req.URL.Path == "/api/v1/auth/refresh" || req.URL.Path == "/api/v1/auth/logout") {
		req.AddCookie(&http.Cookie{Name: refreshCookie, Value: s.refresh})
	}
	if withCSRF {
		req.Header.Set(csrfHeader, s.csrf)
	}
	return h.serve(req)
}

func errorCode(rec *httptest.ResponseRecorder) string {
	var body errorBody
	json.Unmarshal(rec.Body.Bytes(), &body)
	return body.Error.Code
}

// callAs sends req as account a (nil: anonymous) with a bearer token from a
// session on a's own host, or on host for the platform admin. Sessions are
// reused while they last; an earlier request may have signed everyone out.
func (h *harness) callAs(a *account, host string, req *http.Request) *httptest.ResponseRecorder {
	h.t.Helper()
	if a == nil {
		return h.serve(req)
	}
	loginHost := hostOf[a.tenant]
	if a == &platform {
		loginHost = host
	}
	if h.sessions == nil {
		h.sessions = map[string]*session{}
	}
	key := a.email + "@" + loginHost
	s, ok := h.sessions[key]
	if ok && h.bearer(s, request(http.MethodGet, loginHost, "/api/v1/auth/me", nil)).Code != http.StatusOK {
		ok = false
	}
	if !ok {
		var rec *httptest.ResponseRecorder
		if s, rec = h.login(loginHost, a.email, testPassword); rec.Code != http.StatusOK {
			h.t.Fatalf("login %s on %s: %d %s", a.email, loginHost, rec.Code, rec.Body)
		}
		h.sessions[key] = s
	}
	return h.bearer(s, req)
}

// testSecret is the harness's SECRET_KEY.
const testSecret = "test-secret-test-secret-test-secret"

// testTokenKey derives the access token key the way the product does, so a
// test can forge a token that differs only in what it wants to test.
func testTokenKey() []byte {
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write([]byte("mediaflow access token v1"))
	return mac.Sum(nil)
}

func tinyPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 12, 12))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const multipartBoundary = "mediaflow-test-boundary"

var multipartType = "multipart/form-data; boundary=" + multipartBoundary

// multipartBody is a form with one file field named file.
func multipartBody(filename string, data []byte) string {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.SetBoundary(multipartBoundary)
	part, _ := w.CreateFormFile("file", filename)
	part.Write(data)
	w.Close()
	return b.String()
}

func (h *harness) storeRoot() string { return h.store.Root() }
