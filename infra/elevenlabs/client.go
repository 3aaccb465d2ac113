// Package elevenlabs turns text into speech with ElevenLabs' cloud voices.
//
// The client speaks the public HTTP API (POST /v1/text-to-speech/{voice_id},
// GET /v1/voices), retries what is worth retrying, and reports every failure
// as a *domain.Error with a stable tts_* code. The API key travels only in the
// xi-api-key header: it is never logged and never part of an error.
package elevenlabs

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"mediaflow/infra/httpretry"
)

// Defaults for the zero values of Config.
const (
	DefaultBaseURL      = "https://api.elevenlabs.io"
	DefaultModelID      = "eleven_multilingual_v2"
	DefaultOutputFormat = "mp3_44100_128"
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRetries   = 3
	DefaultBaseBackoff  = 500 * time.Millisecond
	DefaultMaxBackoff   = 20 * time.Second
)

// Config says how to reach ElevenLabs. Only APIKey is required.
type Config struct {
	// BaseURL is the API's origin; DefaultBaseURL when empty.
	BaseURL string
	APIKey  string
	// ModelID is the speech model; DefaultModelID when empty.
	ModelID string
	// OutputFormat is codec_samplerate_bitrate; DefaultOutputFormat when empty.
	OutputFormat string
	// Timeout bounds each attempt, the answer's body included.
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt is repeated: zero means
	// DefaultMaxRetries and a negative number means never.
	MaxRetries int
	// BaseBackoff is the first wait between attempts; it doubles each time
	// up to MaxBackoff, which also caps a server's Retry-After.
	BaseBackoff, MaxBackoff time.Duration
	// HTTPClient sends the requests; a copy of it is used that never
	// follows redirects, so the key cannot leak to another host.
	HTTPClient *http.Client
	// Logger receives one warning per retried attempt; nil discards.
	Logger *slog.Logger
}

// Client calls ElevenLabs. It is safe for concurrent use.
type Client struct {
	base       *url.URL
	key        string
	model      string
	format     string
	timeout    time.Duration
	retries    int
	backoff    time.Duration
	maxBackoff time.Duration
	http       *http.Client
	log        *slog.Logger

	// Seams for tests: how to wait, how to draw jitter, what time it is.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(n int64) int64
	now    func() time.Time
}

// New checks cfg and returns a client. It refuses a missing key and a base
// URL that is not an absolute http(s) URL.
func New(cfg Config) (*Client, error) {
	key := strings.TrimSpace(cfg.APIKey)
	if key == "" {
		return nil, errors.New("elevenlabs: the API key is missing")
	}
	if strings.ContainsFunc(key, func(r rune) bool { return r < 0x21 || r == 0x7f }) {
		return nil, errors.New("elevenlabs: the API key contains spaces or control characters")
	}
	base, err := parseBaseURL(orDefault(cfg.BaseURL, DefaultBaseURL))
	if err != nil {
		return nil, err
	}
	if cfg.Timeout < 0 || cfg.BaseBackoff < 0 || cfg.MaxBackoff < 0 {
		return nil, errors.New("elevenlabs: timeout and backoffs cannot be negative")
	}
	c := &Client{
		base:       base,
		key:        key,
		model:      orDefault(cfg.ModelID, DefaultModelID),
		format:     orDefault(cfg.OutputFormat, DefaultOutputFormat),
		timeout:    orDefault(cfg.Timeout, DefaultTimeout),
		retries:    retriesFrom(cfg.MaxRetries),
		backoff:    orDefault(cfg.BaseBackoff, DefaultBaseBackoff),
		maxBackoff: orDefault(cfg.MaxBackoff, DefaultMaxBackoff),
		http:       httpretry.NoRedirects(cfg.HTTPClient),
		log:        cfg.Logger,
		sleep:      httpretry.Sleep,
		jitter:     rand.Int64N,
		now:        time.Now,
	}
	if c.maxBackoff < c.backoff {
		return nil, errors.New("elevenlabs: MaxBackoff is shorter than BaseBackoff")
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// parseBaseURL accepts an origin with an optional path prefix. The URL is
// not repeated in errors: a mistyped one may hold credentials.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("elevenlabs: the base URL is not a valid URL")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("elevenlabs: the base URL must start with https:// or http://")
	case u.Host == "":
		return nil, errors.New("elevenlabs: the base URL has no host")
	case u.User != nil:
		return nil, errors.New("elevenlabs: the base URL must not hold credentials; use APIKey")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, errors.New("elevenlabs: the base URL must not have a query or fragment")
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func retriesFrom(n int) int {
	switch {
	case n == 0:
		return DefaultMaxRetries
	case n < 0:
		return 0
	}
	return n
}

// orDefault returns v, or def when v is the zero value.
func orDefault[T comparable](v, def T) T {
	return cmp.Or(v, def)
}
