package storage

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"mediaflow/domain"
)

// storeCase is one behaviour every Store must show.
type storeCase struct {
	name string
	run  func(t *testing.T, s Store)
}

// TestStores runs the same behaviour table against every implementation.
func TestStores(t *testing.T) {
	stores := map[string]func(t *testing.T) Store{
		"local": func(t *testing.T) Store { return newTestLocal(t) },
		"s3":    func(t *testing.T) Store { return newTestS3(t) },
	}
	for name, open := range stores {
		for _, c := range storeCases() {
			t.Run(name+": "+c.name, func(t *testing.T) { c.run(t, open(t)) })
		}
	}
}

func storeCases() []storeCase {
	return []storeCase{
		{"put, open, replace and delete a file", testLifecycle},
		{"bad keys are refused by every method", testBadKeys},
		{"a missing key is not found", testMissing},
		{"a prefix of a stored key is not a file", testPrefixIsNotAFile},
		{"a cancelled write leaves the old file", testCancelledWrite},
		{"a write that fails halfway leaves the old file", testFailedWrite},
		{"seeking reads the right parts of the file", testSeek},
		{"an opened file knows its size and time", testSizeAndTime},
		{"an empty file can be stored", testEmptyFile},
		{"the store reports itself writable", testWritable},
	}
}

func testLifecycle(t *testing.T, s Store) {
	ctx := context.Background()
	key := "tenants/1/branding/logo.png"
	mustPut(t, s, key, "first")
	mustPut(t, s, key, "second")
	if got := mustRead(t, s, key); got != "second" {
		t.Fatalf("read %q, want the replacement", got)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, key); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("Open after Delete = %v, want not found", err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Fatalf("deleting a missing file = %v, want nil", err)
	}
}

var badKeys = []string{
	"", "/etc/passwd", "../outside", "tenants/1/../../outside", "a//b", "a/./b",
	"a\\b", "tenants/1/", ".", "..", "nul\x00byte",
}

func testBadKeys(t *testing.T, s Store) {
	ctx := context.Background()
	for _, key := range badKeys {
		if err := s.Put(ctx, key, strings.NewReader("x")); !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("Put(%q) = %v, want invalid", key, err)
		}
		if _, err := s.Open(ctx, key); !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("Open(%q) = %v, want invalid", key, err)
		}
		if err := s.Delete(ctx, key); !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("Delete(%q) = %v, want invalid", key, err)
		}
	}
	var de *domain.Error
	if err := s.Put(ctx, "../x", strings.NewReader("x")); !errors.As(err, &de) || de.Code != "invalid_storage_key" {
		t.Errorf("bad key error = %v, want code invalid_storage_key", err)
	}
}

func testMissing(t *testing.T, s Store) {
	_, err := s.Open(context.Background(), "tenants/1/none.mp3")
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindNotFound || de.Code != "file_not_found" {
		t.Fatalf("Open(missing) = %v, want not found with code file_not_found", err)
	}
}

func testPrefixIsNotAFile(t *testing.T, s Store) {
	ctx := context.Background()
	mustPut(t, s, "tenants/7/audio/a.mp3", "audio")
	if _, err := s.Open(ctx, "tenants/7/audio"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("Open(prefix) = %v, want not found", err)
	}
	if err := s.Delete(ctx, "tenants/7/audio"); err != nil {
		t.Fatalf("Delete(prefix) = %v, want nil", err)
	}
	if got := mustRead(t, s, "tenants/7/audio/a.mp3"); got != "audio" {
		t.Fatalf("file under the prefix now reads %q", got)
	}
}

func testCancelledWrite(t *testing.T, s Store) {
	key := "tenants/1/a.txt"
	mustPut(t, s, key, "old")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Put(ctx, key, strings.NewReader("new")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Put = %v, want context.Canceled", err)
	}
	if got := mustRead(t, s, key); got != "old" {
		t.Fatalf("file is %q after a cancelled write", got)
	}
}

// failingReader gives some bytes, then cancels the write's context or fails.
type failingReader struct {
	sent   bool
	cancel context.CancelFunc
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.sent {
		if r.cancel != nil {
			r.cancel()
			return 0, context.Canceled
		}
		return 0, errors.New("connection reset by the uploader")
	}
	r.sent = true
	return copy(p, "partial new content"), nil
}

func testFailedWrite(t *testing.T, s Store) {
	key := "tenants/1/b.txt"
	mustPut(t, s, key, "old")
	if err := s.Put(context.Background(), key, &failingReader{}); err == nil {
		t.Fatal("a write whose reader failed succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Put(ctx, key, &failingReader{cancel: cancel}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put cancelled halfway = %v, want context.Canceled", err)
	}
	if got := mustRead(t, s, key); got != "old" {
		t.Fatalf("file is %q after failed writes", got)
	}
}

func testSeek(t *testing.T, s Store) {
	key := "tenants/2/audio/long.wav"
	content := bytes.Repeat([]byte("0123456789"), 1000)
	if err := s.Put(context.Background(), key, bytes.NewReader(content)); err != nil {
		t.Fatal(err)
	}
	f := mustOpen(t, s, key)
	defer f.Close()

	steps := []struct {
		name   string
		offset int64
		whence int
		want   int64
		n      int
	}{
		{"from the start", 5000, io.SeekStart, 5000, 10},
		{"back from the end", -7, io.SeekEnd, int64(len(content)) - 7, 7},
		{"relative to the current position", -500, io.SeekCurrent, int64(len(content)) - 500, 20},
		{"back to the start", 0, io.SeekStart, 0, 3},
	}
	for _, st := range steps {
		pos, err := f.Seek(st.offset, st.whence)
		if err != nil || pos != st.want {
			t.Fatalf("seek %s = %d, %v; want %d", st.name, pos, err, st.want)
		}
		buf := make([]byte, st.n)
		if _, err := io.ReadFull(f, buf); err != nil {
			t.Fatalf("read after seeking %s: %v", st.name, err)
		}
		if want := content[pos : pos+int64(st.n)]; !bytes.Equal(buf, want) {
			t.Fatalf("after seeking %s read %q, want %q", st.name, buf, want)
		}
	}
}

func testSizeAndTime(t *testing.T, s Store) {
	before := time.Now().Add(-time.Second).Truncate(time.Second)
	mustPut(t, s, "tenants/3/x.bin", "twelve bytes")
	after := time.Now().Add(time.Second)

	f := mustOpen(t, s, "tenants/3/x.bin")
	defer f.Close()
	if f.Size() != 12 {
		t.Errorf("Size() = %d, want 12", f.Size())
	}
	if m := f.ModTime(); m.Before(before) || m.After(after) {
		t.Errorf("ModTime() = %v, want between %v and %v", m, before, after)
	}
}

func testEmptyFile(t *testing.T, s Store) {
	mustPut(t, s, "tenants/4/empty.txt", "")
	f := mustOpen(t, s, "tenants/4/empty.txt")
	defer f.Close()
	if f.Size() != 0 {
		t.Fatalf("Size() = %d, want 0", f.Size())
	}
}

func testWritable(t *testing.T, s Store) {
	if err := s.CheckWritable(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func mustPut(t *testing.T, s Store, key, content string) {
	t.Helper()
	if err := s.Put(context.Background(), key, strings.NewReader(content)); err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

func mustOpen(t *testing.T, s Store, key string) File {
	t.Helper()
	f, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	return f
}

func mustRead(t *testing.T, s Store, key string) string {
	t.Helper()
	f := mustOpen(t, s, key)
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return string(b)
}
