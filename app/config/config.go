// Package config reads MediaFlow's settings from the environment (and an
// optional .env file), checks them, and stops start-up with a message that
// names the variable when one is wrong.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"
)

// Environments.
const (
	EnvDevelopment = "development"
	EnvProduction  = "production"
	EnvTest        = "test"
)

// Config is every setting of the server and the CLI.
type Config struct {
	AppEnv   string
	Debug    bool
	Host     string
	Port     int
	DataDir  string
	LogLevel string

	DatabaseDriver string // sqlite or postgres
	DatabaseDSN    string
	DBEcho         bool

	StoragePath   string
	MaxUploadSize int64
	CORSOrigins   []string
	SecretKey     string
	RedisURL      string
	RedisPrefix   string
	PlatformHost  string

	ElevenLabsAPIKey  string
	ElevenLabsBaseURL string
	ElevenLabsModelID string
	RenderWorkers     int
	WorkDir           string
	StorageURL        string

	AccessTokenTTL  time.Duration
	RefreshTokenTTL time.Duration
	MetricsToken    string

	TrustedProxies     []netip.Prefix
	TenantCacheTTL     time.Duration
	TenantNegativeTTL  time.Duration
	TenantPollInterval time.Duration
	ShutdownTimeout    time.Duration

	SchedulerPoll      time.Duration // how often each replica looks for due schedules
	ScheduleGrace      time.Duration // how late an occurrence may still play
	PlayerOfflineAfter time.Duration // silence after which a player shows offline

	// LegacyTenant holds v2.1's TENANT_* variables when present. They only
	// seed the first tenant of a fresh install.
	LegacyTenant map[string]string
}

// Production reports whether the server runs in production.
func (c *Config) Production() bool { return c.AppEnv == EnvProduction }

// Addr is the address the HTTP server listens on.
func (c *Config) Addr() string { return netJoin(c.Host, c.Port) }

func netJoin(host string, port int) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]:" + strconv.Itoa(port)
	}
	return host + ":" + strconv.Itoa(port)
}

// Error is a configuration error that names the variable at fault.
type Error struct {
	Var, Problem string
}

func (e *Error) Error() string { return fmt.Sprintf("configuration: %s %s", e.Var, e.Problem) }

// Load reads .env (when present, without overriding the environment) and
// the environment, and validates the result.
func Load(envFile string) (*Config, error) {
	if envFile != "" {
		if err := godotenv.Load(envFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("configuration: read %s: %w", envFile, err)
		}
	}
	return FromLookup(os.LookupEnv)
}

// FromLookup builds the configuration from a variable lookup function.
func FromLookup(lookup func(string) (string, bool)) (*Config, error) {
	r := reader{lookup: lookup}
	c := &Config{
		AppEnv:             r.oneOf("APP_ENV", EnvDevelopment, EnvDevelopment, EnvProduction, EnvTest),
		Debug:              r.boolean("DEBUG", false),
		Host:               r.str("HOST", "0.0.0.0"),
		Port:               r.integer("PORT", 8080, 1, 65535),
		DataDir:            r.str("DATA_DIR", "data"),
		DBEcho:             r.boolean("DB_ECHO", false),
		MaxUploadSize:      r.size("MAX_UPLOAD_SIZE", 50<<20),
		RedisURL:           r.str("REDIS_URL", ""),
		RedisPrefix:        r.str("REDIS_PREFIX", "mediaflow:"),
		TenantCacheTTL:     r.duration("TENANT_CACHE_TTL", 5*time.Minute),
		TenantNegativeTTL:  r.duration("TENANT_NEGATIVE_CACHE_TTL", 5*time.Second),
		TenantPollInterval: r.duration("TENANT_CHANGE_POLL_INTERVAL", 500*time.Millisecond),
		SchedulerPoll:      r.duration("SCHEDULER_POLL", time.Second),
		ScheduleGrace:      r.duration("SCHEDULE_GRACE", 2*time.Minute),
		PlayerOfflineAfter: r.duration("PLAYER_OFFLINE_AFTER", 60*time.Second),
		ShutdownTimeout:    r.duration("SHUTDOWN_TIMEOUT", 15*time.Second),
		CORSOrigins:        r.list("CORS_ORIGINS"),
		AccessTokenTTL:     time.Duration(r.integer("ACCESS_TOKEN_EXPIRE_MINUTES", 30, 1, 24*60)) * time.Minute,
		RefreshTokenTTL:    time.Duration(r.integer("REFRESH_TOKEN_EXPIRE_DAYS", 14, 1, 365)) * 24 * time.Hour,
		MetricsToken:       r.str("METRICS_TOKEN", ""),
		ElevenLabsAPIKey:   r.str("ELEVENLABS_API_KEY", ""),
		ElevenLabsBaseURL:  r.str("ELEVENLABS_BASE_URL", "https://api.elevenlabs.io"),
		ElevenLabsModelID:  r.str("ELEVENLABS_MODEL_ID", "eleven_multilingual_v2"),
		RenderWorkers:      r.integer("RENDER_WORKERS", runtime.NumCPU(), 1, 256),
		StorageURL:         r.str("STORAGE_URL", ""),
		TrustedProxies:     r.prefixes("TRUSTED_PROXIES"),
	}
	c.LogLevel = r.oneOf("LOG_LEVEL", "info", "debug", "info", "warn", "error")
	if c.Debug {
		c.LogLevel = "debug"
	}
	c.StoragePath = r.str("STORAGE_PATH", filepath.Join(c.DataDir, "storage"))
	c.WorkDir = r.str("WORK_DIR", filepath.Join(c.DataDir, "work"))
	if c.StorageURL != "" && !strings.HasPrefix(c.StorageURL, "s3://") {
		r.fail("STORAGE_URL", "must be an s3:// URL such as s3://KEY:SECRET@host:9000/bucket?region=us-east-1")
	}
	c.DatabaseDriver, c.DatabaseDSN = r.database(c.DataDir)
	c.PlatformHost = r.host("PLATFORM_HOST")
	if c.RedisURL != "" {
		if u, err := url.Parse(c.RedisURL); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") {
			r.fail("REDIS_URL", "must be a redis:// or rediss:// URL")
		}
	}
	c.SecretKey = r.secret(c.AppEnv, c.DataDir)
	c.LegacyTenant = map[string]string{}
	for _, k := range []string{"TENANT_ID", "TENANT_NAME", "TENANT_LOGO", "TENANT_PRIMARY_COLOR", "TENANT_SECONDARY_COLOR", "TENANT_DOMAIN", "TENANT_FAVICON"} {
		if v, ok := lookup(k); ok && strings.TrimSpace(v) != "" {
			c.LegacyTenant[k] = strings.TrimSpace(v)
		}
	}
	if len(r.errs) > 0 {
		return nil, errors.Join(r.errs...)
	}
	return c, nil
}

type reader struct {
	lookup func(string) (string, bool)
	errs   []error
}

func (r *reader) fail(name, problem string) {
	r.errs = append(r.errs, &Error{Var: name, Problem: problem})
}

func (r *reader) str(name, def string) string {
	if v, ok := r.lookup(name); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return def
}

func (r *reader) oneOf(name, def string, allowed ...string) string {
	v := strings.ToLower(r.str(name, def))
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.fail(name, fmt.Sprintf("must be one of %s, got %q", strings.Join(allowed, ", "), v))
	return def
}

func (r *reader) boolean(name string, def bool) bool {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(strings.ToLower(v))
	if err != nil {
		r.fail(name, fmt.Sprintf("must be true or false, got %q", v))
	}
	return b
}

func (r *reader) integer(name string, def, min, max int) int {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		r.fail(name, fmt.Sprintf("must be a whole number from %d to %d, got %q", min, max, v))
		return def
	}
	return n
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.fail(name, fmt.Sprintf("must be a positive duration such as 500ms or 5m, got %q", v))
		return def
	}
	return d
}

// size accepts a byte count, optionally with a KB, MB or GB suffix (powers of 1024).
func (r *reader) size(name string, def int64) int64 {
	v := strings.ToUpper(strings.ReplaceAll(r.str(name, ""), " ", ""))
	if v == "" {
		return def
	}
	mult := int64(1)
	for i, unit := range []string{"K", "M", "G"} {
		if s, ok := strings.CutSuffix(strings.TrimSuffix(v, "B"), unit); ok {
			v, mult = s, int64(1)<<(10*(i+1))
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		r.fail(name, fmt.Sprintf("must be a positive size such as 52428800 or 50MB, got %q", v))
		return def
	}
	return n * mult
}

// list accepts v2.1's JSON list form and a plain comma-separated list.
func (r *reader) list(name string) []string {
	v := r.str(name, "")
	if v == "" {
		return nil
	}
	var out []string
	if strings.HasPrefix(v, "[") {
		if err := json.Unmarshal([]byte(v), &out); err != nil {
			r.fail(name, "must be a JSON list of strings or a comma-separated list")
		}
		return out
	}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (r *reader) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range r.list(name) {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				r.fail(name, fmt.Sprintf("must list IP addresses or CIDR ranges, got %q", s))
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out
}

func (r *reader) host(name string) string {
	v := r.str(name, "")
	if v == "" {
		return ""
	}
	if strings.ContainsAny(v, "/ @") {
		r.fail(name, fmt.Sprintf("must be a host name, got %q", v))
		return ""
	}
	return strings.ToLower(strings.TrimSuffix(v, "."))
}
