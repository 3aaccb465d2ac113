package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/s3utils"
)

// S3Config says where an S3-compatible bucket is and how to reach it.
type S3Config struct {
	// Endpoint is host[:port] without a scheme, e.g. "s3.eu-west-1.amazonaws.com"
	// or "127.0.0.1:9000".
	Endpoint string
	// Region of the bucket; empty asks the server once.
	Region    string
	Bucket    string
	AccessKey string
	SecretKey string
	// TLS selects https.
	TLS bool
	// PathStyle addresses the bucket as https://host/bucket/key instead of
	// https://bucket.host/key; MinIO and most self-hosted stores need it.
	PathStyle bool
	// SpoolDir holds uploads while their size is learnt; empty is the
	// system's temporary directory.
	SpoolDir string
	// Transport replaces the HTTP transport, e.g. for custom CAs.
	Transport http.RoundTripper
	// Attempts is how often a failed request is tried in all; zero keeps
	// minio-go's default of 10, one disables retries.
	Attempts int
}

// ParseS3URL reads a bucket's address written as one URL, e.g.
//
//	s3://ACCESS:SECRET@host:port/bucket?region=eu-west-1&tls=false&path_style=true
//
// tls defaults to true and path_style to false; region may be left out.
// Characters of the secret that URLs reserve ("/", "@", ":", "?", "#", "%")
// must be percent-encoded. Errors never repeat the URL, since it holds the secret.
func ParseS3URL(raw string) (S3Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return S3Config{}, errors.New("s3 storage URL is not a valid URL (check that reserved characters in the secret are percent-encoded)")
	}
	if u.Scheme != "s3" {
		return S3Config{}, errors.New("s3 storage URL must start with s3://")
	}
	cfg := S3Config{Endpoint: u.Host, Bucket: strings.TrimPrefix(u.Path, "/"), TLS: true}
	if err := cfg.readCredentials(u.User); err != nil {
		return S3Config{}, err
	}
	if err := cfg.readOptions(u.Query()); err != nil {
		return S3Config{}, err
	}
	if u.Hostname() == "" {
		return S3Config{}, errors.New("s3 storage URL has no host")
	}
	if err := s3utils.CheckValidBucketNameStrict(cfg.Bucket); err != nil {
		return S3Config{}, fmt.Errorf("s3 storage URL: bucket %q: %w", cfg.Bucket, err)
	}
	return cfg, nil
}

func (c *S3Config) readCredentials(user *url.Userinfo) error {
	if user == nil {
		return errors.New("s3 storage URL has no ACCESS:SECRET@ before the host")
	}
	secret, _ := user.Password()
	if user.Username() == "" || secret == "" {
		return errors.New("s3 storage URL needs both an access key and a secret")
	}
	c.AccessKey, c.SecretKey = user.Username(), secret
	return nil
}

func (c *S3Config) readOptions(q url.Values) error {
	for name, values := range q {
		if len(values) != 1 {
			return fmt.Errorf("s3 storage URL: %s is given %d times", name, len(values))
		}
		var err error
		switch v := values[0]; name {
		case "region":
			c.Region = v
		case "tls":
			c.TLS, err = strconv.ParseBool(v)
		case "path_style":
			c.PathStyle, err = strconv.ParseBool(v)
		default:
			return fmt.Errorf("s3 storage URL: unknown option %q (known: region, tls, path_style)", name)
		}
		if err != nil {
			return fmt.Errorf("s3 storage URL: %s must be true or false", name)
		}
	}
	return nil
}

// S3 stores files as objects in one bucket of an S3-compatible store.
type S3 struct {
	client *minio.Client
	bucket string
	spool  string
}

// NewS3 returns a store for the bucket in cfg. It does not contact the
// server: CheckWritable does, at readiness.
func NewS3(cfg S3Config) (*S3, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, errors.New("s3 storage needs an endpoint and a bucket")
	}
	lookup := minio.BucketLookupAuto
	if cfg.PathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:       cfg.TLS,
		Region:       cfg.Region,
		BucketLookup: lookup,
		Transport:    cfg.Transport,
		MaxRetries:   cfg.Attempts,
	})
	if err != nil {
		return nil, fmt.Errorf("s3 storage at %s: %w", cfg.Endpoint, err)
	}
	return &S3{client: client, bucket: cfg.Bucket, spool: cfg.SpoolDir}, nil
}

// Put uploads r under key. The body is first spooled to a temporary file so
// that its size is known: the object is then sent in one PUT (or, above the
// client's part size, one multipart upload), which S3 makes visible whole or
// not at all. A read that fails or a cancelled ctx leaves the old object.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) error {
	if err := checkKey(key); err != nil {
		return err
	}
	tmp, size, err := s.spoolBody(ctx, r)
	if err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()

	// The spooled *os.File goes in as it is: minio-go seeks in it to sign
	// the payload, and ctx stops the request. Without TLS, minio-go signs
	// the body in chunks and sends an empty one with no Content-Length,
	// which servers refuse; an empty body has nothing to sign.
	opts := minio.PutObjectOptions{ContentType: contentType(key), DisableContentSha256: size == 0}
	if _, err := s.client.PutObject(ctx, s.bucket, key, tmp, size, opts); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	return nil
}

// spoolBody copies r into a temporary file and rewinds it.
//
// TODO(#4): spooling needs local disk as large as the upload; callers that
// know the size could stream straight to S3 instead.
func (s *S3) spoolBody(ctx context.Context, r io.Reader) (*os.File, int64, error) {
	tmp, err := os.CreateTemp(s.spool, "mediaflow-upload-*")
	if err != nil {
		return nil, 0, err
	}
	size, err := io.Copy(tmp, readerWithContext(ctx, r))
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, 0, err
	}
	return tmp, size, nil
}

// Open returns the object under key. Reads and seeks fetch byte ranges as
// they are needed, with ctx, so the file is usable while ctx lives.
func (s *S3) Open(ctx context.Context, key string) (File, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	info, err := obj.Stat()
	if err != nil {
		obj.Close()
		if isNoSuchKey(err) {
			return nil, errNotFound()
		}
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	return s3File{Object: obj, info: info}, nil
}

// Delete removes the object under key; a missing object is not an error.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
	if err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// CheckWritable writes and removes a small object, for readiness checks.
func (s *S3) CheckWritable(ctx context.Context) error {
	return checkWritable(ctx, s)
}

// s3File is an object being read, with the facts from its first answer.
type s3File struct {
	*minio.Object
	info minio.ObjectInfo
}

func (f s3File) Size() int64 { return f.info.Size }

func (f s3File) ModTime() time.Time { return f.info.LastModified }

func isNoSuchKey(err error) bool {
	var resp minio.ErrorResponse
	if !errors.As(err, &resp) {
		return false
	}
	return resp.Code == "NoSuchKey"
}

// contentType guesses from the key's extension, so that the object is
// served with the right type should it ever be fetched directly.
func contentType(key string) string {
	if t := mime.TypeByExtension(path.Ext(key)); t != "" {
		return t
	}
	return "application/octet-stream"
}
