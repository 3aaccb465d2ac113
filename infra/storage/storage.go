package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"path"
	"strings"
	"time"

	"mediaflow/domain"
)

// File is an opened stored file that supports seeking, so HTTP Range requests work.
type File interface {
	io.ReadSeekCloser
	// Size is the length of the file in bytes when it was opened.
	Size() int64
	// ModTime is when the file was last written.
	ModTime() time.Time
}

// Store keeps files under keys. Local and S3 implement it with the same rules
// for keys, the same atomic replacement and the same errors.
type Store interface {
	// Put writes r under key; readers see the old file or the whole new
	// one, never a part.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open returns the file under key, or a not-found *domain.Error with
	// the code file_not_found.
	Open(ctx context.Context, key string) (File, error)
	// Delete removes the file under key; a missing file is not an error.
	Delete(ctx context.Context, key string) error
	// CheckWritable writes and removes a small file, for readiness checks.
	CheckWritable(ctx context.Context) error
}

var (
	_ Store = (*Local)(nil)
	_ Store = (*S3)(nil)
)

// ErrBadKey is returned for a key that is empty, absolute, or climbs out of
// the store with "..".
var ErrBadKey = domain.Invalid("invalid_storage_key", "the file key is not valid", nil)

// errNotFound is the answer for a key that holds no file.
func errNotFound() error {
	return domain.NotFound("file_not_found", "the file does not exist")
}

// checkKey accepts keys that are clean, relative, slash-separated paths, so
// that a key names the same file in every store and never leaves it.
func checkKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, "\\") || strings.ContainsRune(key, 0) {
		return ErrBadKey
	}
	clean := path.Clean(key)
	if clean != key || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return ErrBadKey
	}
	return nil
}

// checkWritable puts and deletes a small file with a random key.
func checkWritable(ctx context.Context, s Store) error {
	b := make([]byte, 8)
	rand.Read(b)
	key := ".ready/" + hex.EncodeToString(b)
	if err := s.Put(ctx, key, strings.NewReader("ok")); err != nil {
		return err
	}
	return s.Delete(ctx, key)
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

// readerWithContext stops a copy as soon as ctx is done.
func readerWithContext(ctx context.Context, r io.Reader) io.Reader { return ctxReader{ctx, r} }
