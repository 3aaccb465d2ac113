package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMembersAPI(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	host := hostOf["mall-a"]
	admin := h.mustLogin(adminA)
	add := func(body map[string]string) (int, map[string]any) {
		rec := h.bearer(admin, request(http.MethodPost, host, "/api/v1/users", body))
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}

	t.Run("inviting without a password returns a temporary one that signs in", func(t *testing.T) {
		code, out := add(map[string]string{"email": "Nueva@Mall-A.test", "name": "Nueva", "role": "operator"})
		pw, _ := out["temporary_password"].(string)
		if code != http.StatusCreated || pw == "" {
			t.Fatalf("status %d %v", code, out)
		}
		if _, rec := h.login(host, "nueva@mall-a.test", pw); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"role":"operator"`) {
			t.Fatalf("login with the temporary password: %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("the same person joins another tenant with another role and keeps one password", func(t *testing.T) {
		b := h.mustLogin(adminB)
		rec := h.bearer(b, request(http.MethodPost, hostOf["mall-b"], "/api/v1/users", map[string]string{"email": editorA.email, "role": "viewer", "password": "ignored-for-existing-users"}))
		if rec.Code != http.StatusCreated || strings.Contains(rec.Body.String(), "temporary_password") {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
		_, recA := h.login(host, editorA.email, testPassword)
		_, recB := h.login(hostOf["mall-b"], editorA.email, testPassword)
		if !strings.Contains(recA.Body.String(), `"role":"editor"`) || !strings.Contains(recB.Body.String(), `"role":"viewer"`) {
			t.Fatalf("roles: a %s, b %s", recA.Body, recB.Body)
		}
	})
	bad := []struct {
		name string
		body map[string]string
		code string
	}{
		{"an existing member is a conflict", map[string]string{"email": viewerA.email, "role": "viewer"}, "member_exists"},
		{"a weak password is refused", map[string]string{"email": "weak@mall-a.test", "role": "viewer", "password": "123456789"}, "weak_password"},
		{"an unknown role is refused", map[string]string{"email": "x@mall-a.test", "role": "owner"}, "invalid_role"},
		{"a bad email is refused", map[string]string{"email": "not an email", "role": "viewer"}, "invalid_user"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if code, out := add(tc.body); code < 400 || fmt.Sprint(out["error"].(map[string]any)["code"]) != tc.code {
				t.Fatalf("status %d %v, want %s", code, out, tc.code)
			}
		})
	}
	t.Run("the last admin cannot be demoted or disabled", func(t *testing.T) {
		me, _ := h.accounts.UserByEmail(t.Context(), adminA.email)
		for _, body := range []any{map[string]string{"role": "viewer"}, map[string]bool{"disabled": true}} {
			rec := h.bearer(admin, request(http.MethodPatch, host, fmt.Sprintf("/api/v1/users/%d", me.ID), body))
			if rec.Code != http.StatusUnprocessableEntity || errorCode(rec) != "last_admin" {
				t.Fatalf("status %d %s", rec.Code, rec.Body)
			}
		}
	})
	t.Run("the changes are in the tenant's audit log", func(t *testing.T) {
		body := h.bearer(admin, request(http.MethodGet, host, "/api/v1/audit?actor=admin@mall-a", nil)).Body.String()
		mustContain(t, body, `"action":"user.created"`, `"target":"nueva@mall-a.test"`)
	})
	t.Run("bad audit filters are refused with the field named", func(t *testing.T) {
		rec := h.bearer(admin, request(http.MethodGet, host, "/api/v1/audit?from=yesterday&per_page=900", nil))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", rec.Code)
		}
		mustContain(t, rec.Body.String(), `"from":`, `"per_page":`)
	})
}

func TestPlatformConsoleAPI(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	host := hostOf[""]
	ops := h.mustLogin(platform)
	call := func(method, path string, body any) *httptest.ResponseRecorder {
		return h.bearer(ops, request(method, host, path, body))
	}

	t.Run("a tenant admin cannot sign in on the platform host", func(t *testing.T) {
		if _, rec := h.login(host, adminA.email, testPassword); rec.Code != http.StatusUnauthorized {
			t.Fatalf("status %d", rec.Code)
		}
	})
	t.Run("bad input writes nothing", func(t *testing.T) {
		rec := call(http.MethodPost, "/api/v1/platform/tenants", map[string]string{"slug": "nuevo", "name": "Nuevo", "host": "nuevo.mediaflow.test",
			"admin_email": "jefa@nuevo.test", "admin_password": "123456"})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"admin_password"`) {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
		if _, err := h.svc.Get(t.Context(), "nuevo"); err == nil {
			t.Fatal("the tenant was created although its admin was refused")
		}
	})
	t.Run("create a mall with its first admin, who can sign in there", func(t *testing.T) {
		rec := call(http.MethodPost, "/api/v1/platform/tenants", map[string]string{"slug": "nuevo", "name": "Mall Nuevo", "host": "nuevo.mediaflow.test",
			"primary_color": "#123456", "admin_email": "jefa@nuevo.test", "admin_name": "Jefa"})
		var out struct {
			Tenant            platformTenantJSON `json:"tenant"`
			TemporaryPassword string             `json:"temporary_password"`
		}
		json.Unmarshal(rec.Body.Bytes(), &out)
		if rec.Code != http.StatusCreated || out.Tenant.Users != 1 || out.TemporaryPassword == "" {
			t.Fatalf("status %d %s", rec.Code, rec.Body)
		}
		if _, rec := h.login("nuevo.mediaflow.test", "jefa@nuevo.test", out.TemporaryPassword); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"role":"admin"`) {
			t.Fatalf("first admin login: %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("hosts: add, make primary, remove, and platform-wide uniqueness", func(t *testing.T) {
		if rec := call(http.MethodPost, "/api/v1/platform/tenants/nuevo/hosts", map[string]any{"host": "www.nuevo.cl"}); rec.Code != http.StatusOK {
			t.Fatalf("add: %d %s", rec.Code, rec.Body)
		}
		if rec := call(http.MethodPost, "/api/v1/platform/tenants/nuevo/hosts", map[string]any{"host": "mall-a.mediaflow.test"}); rec.Code != http.StatusConflict {
			t.Fatalf("another tenant's host: %d %s", rec.Code, rec.Body)
		}
		rec := call(http.MethodPost, "/api/v1/platform/tenants/nuevo/hosts/www.nuevo.cl/primary", nil)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `{"host":"www.nuevo.cl","primary":true}`) {
			t.Fatalf("primary: %d %s", rec.Code, rec.Body)
		}
		if rec := call(http.MethodDelete, "/api/v1/platform/tenants/nuevo/hosts/nuevo.mediaflow.test", nil); rec.Code != http.StatusOK {
			t.Fatalf("remove: %d %s", rec.Code, rec.Body)
		}
		if rec := call(http.MethodPost, "/api/v1/platform/tenants/nuevo/hosts/mall-a.mediaflow.test/primary", nil); rec.Code != http.StatusNotFound {
			t.Fatalf("another tenant's host made primary: %d", rec.Code)
		}
	})
	t.Run("suspend and resume", func(t *testing.T) {
		if rec := call(http.MethodPost, "/api/v1/platform/tenants/nuevo/suspend", nil); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"status":"suspended"`) {
			t.Fatalf("suspend: %d %s", rec.Code, rec.Body)
		}
		h.resolver.Flush()
		if rec := h.get("www.nuevo.cl", "/api/v1/config/tenant"); rec.Code != http.StatusForbidden {
			t.Fatalf("suspended tenant served: %d", rec.Code)
		}
		call(http.MethodPost, "/api/v1/platform/tenants/nuevo/resume", nil)
		h.resolver.Flush()
		if rec := h.get("www.nuevo.cl", "/api/v1/config/tenant"); rec.Code != http.StatusOK {
			t.Fatalf("resumed tenant: %d", rec.Code)
		}
	})
	t.Run("lists tenants, their users and every tenant's activity", func(t *testing.T) {
		mustContain(t, call(http.MethodGet, "/api/v1/platform/tenants", nil).Body.String(), `"slug":"mall-a"`, `"slug":"nuevo"`)
		mustContain(t, call(http.MethodGet, "/api/v1/platform/tenants/mall-a/users", nil).Body.String(), adminA.email, viewerA.email)
		all := call(http.MethodGet, "/api/v1/platform/audit?per_page=200", nil).Body.String()
		mustContain(t, all, `"action":"tenant.created"`, `"action":"tenant.suspended"`, `"action":"host.removed"`, `"actor":"ops@mediaflow.test"`)
		only := call(http.MethodGet, "/api/v1/platform/audit?tenant=mall-a&per_page=200", nil).Body.String()
		mustNotContain(t, only, `"tenant_id":"nuevo"`)
	})
	t.Run("an unknown tenant is a 404", func(t *testing.T) {
		if rec := call(http.MethodGet, "/api/v1/platform/tenants/nope", nil); rec.Code != http.StatusNotFound {
			t.Fatalf("status %d", rec.Code)
		}
	})
}
