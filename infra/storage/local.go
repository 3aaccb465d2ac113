// Package storage keeps files (logos, audio) under keys such as
// "tenants/42/branding/logo-3f9a.png". The local adapter writes into one
// directory; keys can never escape it.
package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"mediaflow/domain"
)

// Local stores files in a directory on this machine.
type Local struct {
	root string
}

// NewLocal returns a store rooted at dir, creating it when missing.
func NewLocal(dir string) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("storage path %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("create storage directory %s: %w", abs, err)
	}
	return &Local{root: abs}, nil
}

// Root is the directory the store writes into.
func (l *Local) Root() string { return l.root }

// ErrBadKey is returned for a key that is empty, absolute, or climbs out of
// the store with "..".
var ErrBadKey = domain.Invalid("invalid_storage_key", "the file key is not valid", nil)

func (l *Local) path(key string) (string, error) {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, "\\") || strings.ContainsRune(key, 0) {
		return "", ErrBadKey
	}
	clean := path.Clean(key)
	if clean != key || clean == "." || strings.HasPrefix(clean, "../") || clean == ".." {
		return "", ErrBadKey
	}
	return filepath.Join(l.root, filepath.FromSlash(clean)), nil
}

// Put writes r under key atomically: readers see the old file or the whole
// new one, never a part.
func (l *Local) Put(ctx context.Context, key string, r io.Reader) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, readerWithContext(ctx, r)); err != nil {
		tmp.Close()
		return fmt.Errorf("store %s: %w", key, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("store %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	return nil
}

// Open returns the file stored under key.
func (l *Local) Open(ctx context.Context, key string) (*os.File, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, domain.NotFound("file_not_found", "the file does not exist")
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	return f, nil
}

// Delete removes the file under key; a missing file is not an error.
func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// CheckWritable writes and removes a small file, for readiness checks.
func (l *Local) CheckWritable(ctx context.Context) error {
	b := make([]byte, 8)
	rand.Read(b)
	key := ".ready/" + hex.EncodeToString(b)
	if err := l.Put(ctx, key, strings.NewReader("ok")); err != nil {
		return err
	}
	return l.Delete(ctx, key)
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func readerWithContext(ctx context.Context, r io.Reader) io.Reader { return ctxReader{ctx, r} }
