package storage

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newTestLocal(t *testing.T) *Local {
	t.Helper()
	s, err := NewLocal(filepath.Join(t.TempDir(), "store"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLocalFiles checks what only the local store can get wrong: files on
// disk outside its directory and temporary files left behind.
func TestLocalFiles(t *testing.T) {
	ctx := context.Background()

	t.Run("no key writes outside the store directory", func(t *testing.T) {
		s := newTestLocal(t)
		for _, key := range badKeys {
			s.Put(ctx, key, strings.NewReader("x"))
		}
		parent := filepath.Dir(s.Root())
		entries, err := os.ReadDir(parent)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Name() != "store" {
			t.Fatalf("files escaped the store: %v", entries)
		}
	})

	t.Run("replacing a file leaves no temporary files behind", func(t *testing.T) {
		s := newTestLocal(t)
		key := "tenants/1/branding/logo.png"
		mustPut(t, s, key, "first")
		mustPut(t, s, key, "second")
		s.Put(ctx, key, &failingReader{})
		entries, err := os.ReadDir(filepath.Join(s.Root(), "tenants/1/branding"))
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 {
			t.Fatalf("temporary files left behind: %v", entries)
		}
	})
}
