package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"mediaflow/app/config"
	"mediaflow/domain/accounts"
	"mediaflow/domain/audit"
	"mediaflow/infra/authz"
	"mediaflow/infra/database"
	"mediaflow/infra/events"
	"mediaflow/infra/ratelimit"
	"mediaflow/infra/storage"
	"mediaflow/migrations"
	"mediaflow/tenants"
)

// App holds the long-lived parts built from the configuration. The CLI and
// the server share it; each builds only what it uses on top.
type App struct {
	Config      *config.Config
	Log         *slog.Logger
	DB          *gorm.DB
	Redis       *redis.Client // nil without REDIS_URL
	Bus         events.Bus
	TenantStore *database.TenantStore
	Tenants     *tenants.Service
	Storage     *storage.Local
	Audit       *audit.Recorder
	Accounts    *accounts.Service
	Authz       *authz.Enforcer
}

// Open connects to the database, Redis and storage, and builds the services.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*App, error) {
	db, err := database.Open(ctx, database.Options{Driver: cfg.DatabaseDriver, DSN: cfg.DatabaseDSN, Echo: cfg.DBEcho})
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: log, DB: db, Bus: events.NewMemory()}
	if cfg.RedisURL != "" {
		if a.Redis, err = events.ParseRedisURL(cfg.RedisURL); err != nil {
			a.Close()
			return nil, err
		}
		if err := a.Redis.Ping(ctx).Err(); err != nil {
			a.Close()
			return nil, fmt.Errorf("reach Redis at REDIS_URL: %w", err)
		}
		a.Bus = events.NewRedis(a.Redis, cfg.RedisPrefix)
	}
	if a.Storage, err = storage.NewLocal(cfg.StoragePath); err != nil {
		a.Close()
		return nil, fmt.Errorf("STORAGE_PATH: %w", err)
	}
	a.TenantStore = database.NewTenantStore(db)
	a.Audit = audit.NewRecorder(database.NewAuditStore(db), log)
	a.Tenants = tenants.NewService(tenants.ServiceDeps{
		Store: a.TenantStore, Feed: a.Bus, Files: a.Storage, Audit: a.Audit, Log: log, ReservedHosts: []string{cfg.PlatformHost},
	})
	var limiter accounts.Limiter = ratelimit.NewMemory()
	if a.Redis != nil {
		limiter = ratelimit.NewRedis(a.Redis, cfg.RedisPrefix)
	}
	a.Accounts = accounts.NewService(database.NewAccountStore(db), accounts.NewTokens(cfg.SecretKey, cfg.AccessTokenTTL),
		limiter, a.Audit, accounts.Options{RefreshTTL: cfg.RefreshTokenTTL})
	return a, nil
}

// OpenAuthz loads the authorization policies; only the server needs them.
func (a *App) OpenAuthz() error {
	e, err := authz.New(a.DB)
	if err != nil {
		return err
	}
	a.Authz = e
	return nil
}

// Close releases connections.
func (a *App) Close() {
	if a.Redis != nil {
		a.Redis.Close()
	}
	if a.DB != nil {
		database.Close(a.DB)
	}
}

// RequireSchema fails when migrations are pending, naming the fix.
func (a *App) RequireSchema(ctx context.Context) error {
	pending, err := migrations.Pending(ctx, a.DB)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("the database has %d pending migration(s) (%s); run `mediaflow migrate up` or start the server with --migrate",
			len(pending), strings.Join(pending, ", "))
	}
	return nil
}

// NewLogger returns the process logger: JSON in production, text otherwise.
func NewLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Production() {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
