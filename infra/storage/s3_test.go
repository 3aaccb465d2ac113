package storage

import (
	"context"
	"net"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

const (
	testAccessKey = "AKIAMEDIAFLOWTEST"
	testSecretKey = "s3cr3t/with+odd=chars"
	testBucket    = "mediaflow-test"
)

// newTestS3 starts an in-memory S3 server on loopback and returns a store for
// one fresh bucket in it, reached through minio-go like a real deployment.
func newTestS3(t *testing.T) *S3 {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(testBucket); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)

	s, err := NewS3(S3Config{
		Endpoint:  strings.TrimPrefix(srv.URL, "http://"),
		Region:    "us-east-1",
		Bucket:    testBucket,
		AccessKey: testAccessKey,
		SecretKey: testSecretKey,
		PathStyle: true,
		SpoolDir:  t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestS3Store(t *testing.T) {
	ctx := context.Background()

	t.Run("uploads leave no spool files behind", func(t *testing.T) {
		s := newTestS3(t)
		mustPut(t, s, "tenants/1/a.txt", "content")
		s.Put(ctx, "tenants/1/a.txt", &failingReader{})
		entries, err := os.ReadDir(s.spool)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 0 {
			t.Fatalf("spool files left behind: %v", entries)
		}
	})

	t.Run("a missing bucket fails the readiness check", func(t *testing.T) {
		s := newTestS3(t)
		s.bucket = "no-such-bucket"
		if err := s.CheckWritable(ctx); err == nil {
			t.Fatal("CheckWritable passed without a bucket")
		}
	})

	t.Run("an unreachable server fails the readiness check", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		s, err := NewS3(S3Config{Endpoint: addr, Region: "us-east-1", Bucket: testBucket, AccessKey: "a", SecretKey: "b", PathStyle: true, Attempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CheckWritable(ctx); err == nil {
			t.Fatal("CheckWritable passed with no server")
		}
	})
}

func TestParseS3URL(t *testing.T) {
	valid := []struct {
		name string
		raw  string
		want S3Config
	}{
		{
			"a full URL sets every field",
			"s3://AK:SK@127.0.0.1:9000/media?region=eu-west-1&tls=false&path_style=true",
			S3Config{Endpoint: "127.0.0.1:9000", Region: "eu-west-1", Bucket: "media", AccessKey: "AK", SecretKey: "SK", TLS: false, PathStyle: true},
		},
		{
			"TLS is on and path style off unless said otherwise",
			"s3://AK:SK@s3.example.com/media",
			S3Config{Endpoint: "s3.example.com", Bucket: "media", AccessKey: "AK", SecretKey: "SK", TLS: true},
		},
		{
			"a percent-encoded secret is decoded",
			"s3://AK:a%2Fb%2Bc%40d@s3.example.com/media?tls=1",
			S3Config{Endpoint: "s3.example.com", Bucket: "media", AccessKey: "AK", SecretKey: "a/b+c@d", TLS: true},
		},
	}
	for _, c := range valid {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseS3URL(c.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Fatalf("ParseS3URL = %+v, want %+v", got, c.want)
			}
		})
	}

	invalid := []struct {
		name string
		raw  string
	}{
		{"another scheme is refused", "https://AK:hunter2@host/media"},
		{"a URL without credentials is refused", "s3://host/media"},
		{"a URL without a secret is refused", "s3://AK@host/media"},
		{"a URL without a host is refused", "s3://AK:hunter2@/media"},
		{"a URL without a bucket is refused", "s3://AK:hunter2@host"},
		{"a bucket with a path after it is refused", "s3://AK:hunter2@host/media/sub"},
		{"a bucket name S3 would refuse is refused", "s3://AK:hunter2@host/Media_Files"},
		{"an unknown option is refused", "s3://AK:hunter2@host/media?pathstyle=true"},
		{"an option that is not a boolean is refused", "s3://AK:hunter2@host/media?tls=maybe"},
		{"an option given twice is refused", "s3://AK:hunter2@host/media?region=a&region=b"},
		{"a secret with an unencoded slash is refused", "s3://AK:hunter2/PART@host/media"},
		{"a malformed URL is refused", "s3://AK:hunter2%zz@host/media"},
	}
	for _, c := range invalid {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseS3URL(c.raw)
			if err == nil {
				t.Fatalf("ParseS3URL(%q) succeeded", c.raw)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("the error repeats the secret: %v", err)
			}
		})
	}
}
