package accounts

import (
	"errors"
	"strings"
	"testing"

	"mediaflow/domain"
)

func TestCheckPassword(t *testing.T) {
	cases := []struct {
		name, password, email string
		ok                    bool
	}{
		{"a long unusual password passes", "Correct-Horse-Battery-42", "ana@mall.cl", true},
		{"a short password fails", "Ab1!xyz", "ana@mall.cl", false},
		{"a common password fails", "password123", "ana@mall.cl", false},
		{"a common password in capitals fails", "QWERTYUIOP", "ana@mall.cl", false},
		{"a common Spanish password fails", "contraseña123", "ana@mall.cl", false},
		{"a common password with digits after fails", "iloveyou2026", "ana@mall.cl", false},
		{"the email's name with digits added fails", "Marcela.2026!", "marcela@mall.cl", false},
		{"the email's name inside a longer password passes", "Barrio-Admin-2026!", "admin@mallbarrio.test", true},
		{"over 256 bytes fails", strings.Repeat("x", 257), "ana@mall.cl", false},
		{"exactly the minimum passes", "zq7-Lm2-pW", "ana@mall.cl", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckPassword(tc.password, tc.email)
			if tc.ok != (err == nil) {
				t.Fatalf("CheckPassword(%q) = %v", tc.password, err)
			}
			var de *domain.Error
			if err != nil && (!errors.As(err, &de) || de.Code != "weak_password" || de.Details["password"] == "") {
				t.Fatalf("error %v lacks the weak_password code and a reason", err)
			}
		})
	}
}

func TestPasswordHash(t *testing.T) {
	h1, err := HashPassword("Correct-Horse-Battery-42")
	if err != nil || !strings.HasPrefix(h1, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash %q, %v", h1, err)
	}
	h2, _ := HashPassword("Correct-Horse-Battery-42")
	if h1 == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		password string
		want     bool
	}{{"Correct-Horse-Battery-42", true}, {"correct-horse-battery-42", false}, {"", false}} {
		if ok, err := VerifyPassword(h1, tc.password); ok != tc.want || err != nil {
			t.Errorf("VerifyPassword(%q) = %v, %v", tc.password, ok, err)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=x$a$b", "$argon2id$v=19$m=65536,t=3,p=2$!!$aGFzaA"} {
		if ok, err := VerifyPassword(bad, "x"); ok || err == nil {
			t.Errorf("VerifyPassword accepted the hash %q", bad)
		}
	}
	if p := GeneratePassword(); CheckPassword(p, "ana@mall.cl") != nil || len(p) < 20 {
		t.Fatalf("generated password %q fails the policy", p)
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range []string{"admin", "editor", "operator", "viewer"} {
		if got, err := ParseRole(r); err != nil || string(got) != r {
			t.Errorf("ParseRole(%q) = %v, %v", r, got, err)
		}
	}
	for _, r := range []string{"", "platform_admin", "Admin", "root"} {
		if _, err := ParseRole(r); err == nil {
			t.Errorf("ParseRole(%q) accepted", r)
		}
	}
}
