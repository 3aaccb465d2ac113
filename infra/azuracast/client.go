package azuracast

import (
	"cmp"
	"context"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"mediaflow/infra/httpretry"
)

// Defaults for the zero values of Config.
const (
	DefaultPlaylist    = "MediaFlow"
	DefaultTimeout     = 15 * time.Second
	DefaultKeepUploads = 24 * time.Hour
)

// Config says how to reach one station of an AzuraCast installation.
type Config struct {
	// BaseURL is the installation's origin, such as "https://radio.mall.cl";
	// the client appends /api/... to it. A trailing "/api" is accepted too.
	BaseURL string
	// APIKey is an AzuraCast API key. It travels only in the X-API-Key
	// header and is never logged nor part of an error.
	APIKey string
	// StationID is the station's numeric id or its short name.
	StationID string
	// Playlist names the playlist announcements are assigned to;
	// DefaultPlaylist when empty.
	Playlist string
	// Timeout bounds each attempt, the answer's body included;
	// DefaultTimeout when zero.
	Timeout time.Duration
	// KeepUploads is how long an announcement stays in the station's
	// library after it was uploaded. After each successful Play, files in
	// MediaFolder older than this are deleted, so the folder must hold
	// nothing but MediaFlow's uploads. DefaultKeepUploads when zero; a
	// negative value keeps every upload. It should be longer than the
	// longest wait for an announcement to go on air.
	KeepUploads time.Duration
	// HTTPClient sends the requests. A copy of it is used that never
	// follows redirects, so the key cannot travel to another host.
	HTTPClient *http.Client
}

// Client talks to one AzuraCast station. It is safe for concurrent use.
type Client struct {
	api      *url.URL // the installation's /api root
	key      string
	station  string
	playlist string
	timeout  time.Duration
	keep     time.Duration // negative: never remove uploads
	http     *http.Client

	// Seams for tests: how to wait, how to draw jitter, what time it is.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(n int64) int64
	now    func() time.Time
}

// New checks cfg and returns a client. It refuses a base URL that is not an
// absolute http(s) URL with a host, an empty key and an empty station.
func New(cfg Config) (*Client, error) {
	api, err := apiRoot(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	key := strings.TrimSpace(cfg.APIKey)
	switch {
	case key == "":
		return nil, invalidConfig("the API key is missing")
	case strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return nil, invalidConfig("the API key contains spaces or control characters")
	}
	station := strings.TrimSpace(cfg.StationID)
	if station == "" {
		return nil, invalidConfig("the station id is missing")
	}
	if !validRef(station) {
		return nil, invalidConfig("the station id may hold only letters, digits, '-' and '_'")
	}
	if cfg.Timeout < 0 {
		return nil, invalidConfig("the timeout cannot be negative")
	}
	return &Client{
		api:      api,
		key:      key,
		station:  station,
		playlist: cmp.Or(strings.TrimSpace(cfg.Playlist), DefaultPlaylist),
		timeout:  cmp.Or(cfg.Timeout, DefaultTimeout),
		keep:     cmp.Or(cfg.KeepUploads, DefaultKeepUploads),
		http:     httpretry.NoRedirects(cfg.HTTPClient),
		sleep:    httpretry.Sleep,
		jitter:   rand.Int64N,
		now:      time.Now,
	}, nil
}

// apiRoot turns the configured origin into the URL of /api. The URL itself
// is never repeated in errors: a mistyped one may hold credentials.
func apiRoot(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, invalidConfig("the base URL is missing")
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, invalidConfig("the base URL is not a valid URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, invalidConfig("the base URL must start with https:// or http://")
	case u.Host == "" || u.Hostname() == "":
		return nil, invalidConfig("the base URL has no host")
	case u.User != nil:
		return nil, invalidConfig("the base URL must not hold credentials; use APIKey")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, invalidConfig("the base URL must not have a query or fragment")
	}
	path := strings.TrimSuffix(u.Path, "/")
	path = strings.TrimSuffix(path, "/api")
	u.Path, u.RawPath = path+"/api", ""
	return u, nil
}

// validRef accepts what AzuraCast uses as a reference in a path: a number,
// a station's short name or a file's unique id, made of letters, digits,
// '-' and '_'. Nothing else may reach a URL path.
func validRef(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	})
}
