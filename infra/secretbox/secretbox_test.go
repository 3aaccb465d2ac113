package secretbox

import (
	"errors"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	b, err := New("a-long-secret-key-for-tests-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	s1, _ := b.Seal("sk_live_key")
	s2, _ := b.Seal("sk_live_key")
	if s1 == s2 || strings.Contains(s1, "sk_live_key") || !strings.HasPrefix(s1, "v1:") {
		t.Fatalf("sealed %q and %q", s1, s2)
	}
	if got, err := b.Open(s1); err != nil || got != "sk_live_key" {
		t.Fatalf("open = %q, %v", got, err)
	}
	other, _ := New("another-secret-key-entirely-0123456789")
	for name, sealed := range map[string]string{"another key's box": s1, "garbage": "v1:???", "no prefix": "abc", "tampered": s1[:len(s1)-2] + "AA"} {
		t.Run(name+" cannot be opened", func(t *testing.T) {
			box := b
			if name == "another key's box" {
				box = other
			}
			if _, err := box.Open(sealed); !errors.Is(err, ErrUnreadable) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	if _, err := New(""); err == nil {
		t.Fatal("an empty secret was accepted")
	}
}
