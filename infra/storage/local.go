// Package storage keeps files (logos, audio) under keys such as
// "tenants/42/branding/logo-3f9a.png". The local adapter writes into one
// directory and the S3 adapter into one bucket of an S3-compatible object
// store; in both, keys can never escape.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
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

func (l *Local) path(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return filepath.Join(l.root, filepath.FromSlash(key)), nil
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

// Open returns the file stored under key. A directory is not a file, so a
// key that names one is not found, as it would not be in an object store.
func (l *Local) Open(ctx context.Context, key string) (File, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, errNotFound()
	}
	return localFile{File: f, info: info}, nil
}

// Delete removes the file under key; a missing file is not an error, and
// neither is a key that names a directory, which holds no file to remove.
func (l *Local) Delete(ctx context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if info, err := os.Lstat(p); err == nil && info.IsDir() {
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// CheckWritable writes and removes a small file, for readiness checks.
func (l *Local) CheckWritable(ctx context.Context) error {
	return checkWritable(ctx, l)
}

// localFile is an open file with the facts read when it was opened.
type localFile struct {
	*os.File
	info os.FileInfo
}

func (f localFile) Size() int64 { return f.info.Size() }

func (f localFile) ModTime() time.Time { return f.info.ModTime() }
