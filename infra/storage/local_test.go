package storage

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mediaflow/domain"
)

func TestLocalKeys(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := NewLocal(filepath.Join(dir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"", "/etc/passwd", "../outside", "tenants/1/../../outside", "a//b", "a/./b", "a\\b", "tenants/1/", "."} {
		t.Run("the key "+key+" is refused", func(t *testing.T) {
			if err := s.Put(ctx, key, strings.NewReader("x")); !errors.Is(err, domain.ErrInvalid) {
				t.Fatalf("Put(%q) = %v, want invalid", key, err)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "outside")); err == nil {
		t.Fatal("a file escaped the store")
	}

	t.Run("put, open, replace and delete a file", func(t *testing.T) {
		key := "tenants/1/branding/logo.png"
		if err := s.Put(ctx, key, strings.NewReader("first")); err != nil {
			t.Fatal(err)
		}
		if err := s.Put(ctx, key, strings.NewReader("second")); err != nil {
			t.Fatal(err)
		}
		f, err := s.Open(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if string(b) != "second" {
			t.Fatalf("read %q", b)
		}
		entries, _ := os.ReadDir(filepath.Join(dir, "store/tenants/1/branding"))
		if len(entries) != 1 {
			t.Fatalf("temporary files left behind: %v", entries)
		}
		if err := s.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Open(ctx, key); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("Open after delete = %v", err)
		}
	})

	t.Run("a cancelled write leaves the old file", func(t *testing.T) {
		key := "tenants/1/a.txt"
		s.Put(ctx, key, strings.NewReader("old"))
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Put(cctx, key, strings.NewReader("new")); err == nil {
			t.Fatal("cancelled write succeeded")
		}
		f, _ := s.Open(ctx, key)
		b, _ := io.ReadAll(f)
		f.Close()
		if string(b) != "old" {
			t.Fatalf("file is %q after a failed write", b)
		}
	})

	t.Run("the store reports itself writable", func(t *testing.T) {
		if err := s.CheckWritable(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
