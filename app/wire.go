package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"mediaflow/app/config"
	"mediaflow/domain/accounts"
	"mediaflow/domain/audit"
	"mediaflow/domain/speech"
	"mediaflow/domain/studio"
	"mediaflow/infra/authz"
	"mediaflow/infra/database"
	"mediaflow/infra/elevenlabs"
	"mediaflow/infra/events"
	"mediaflow/infra/localtts"
	"mediaflow/infra/ratelimit"
	"mediaflow/infra/secretbox"
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
	Audit       *audit.Recorder
	Accounts    *accounts.Service
	Authz       *authz.Enforcer
	Files       storage.Store
	Engine      *studioEngine
	LocalVoices *localtts.Engine
	Studio      *studio.Service
	OnAir       *OnAir
	// PlatformElevenLabs says whether ELEVENLABS_API_KEY is set for every tenant.
	PlatformElevenLabs bool
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
	local, err := storage.NewLocal(cfg.StoragePath)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("STORAGE_PATH: %w", err)
	}
	if a.Files, err = openFiles(cfg, local); err != nil {
		a.Close()
		return nil, err
	}
	a.TenantStore = database.NewTenantStore(db)
	a.Audit = audit.NewRecorder(database.NewAuditStore(db), log)
	a.Tenants = tenants.NewService(tenants.ServiceDeps{
		Store: a.TenantStore, Feed: a.Bus, Files: a.Files, Audit: a.Audit, Log: log, ReservedHosts: []string{cfg.PlatformHost},
	})
	var limiter accounts.Limiter = ratelimit.NewMemory()
	if a.Redis != nil {
		limiter = ratelimit.NewRedis(a.Redis, cfg.RedisPrefix)
	}
	a.Accounts = accounts.NewService(database.NewAccountStore(db), accounts.NewTokens(cfg.SecretKey, cfg.AccessTokenTTL),
		limiter, a.Audit, accounts.Options{RefreshTTL: cfg.RefreshTokenTTL})
	box, err := a.openStudio()
	if err != nil {
		a.Close()
		return nil, err
	}
	a.OnAir = newOnAir(onAirDeps{DB: db, Bus: a.Bus, Tenants: a.TenantStore, Studio: a.Studio, Files: a.Files, Audit: a.Audit,
		Log: log, Sealer: box, Limiter: limiter, OfflineAfter: cfg.PlayerOfflineAfter, Grace: cfg.ScheduleGrace})
	return a, nil
}

// openStudio builds the announcement studio: speech engines, the FFmpeg
// render engine and the service with its worker pool (started by Serve).
// It returns the box that seals tenants' secrets.
func (a *App) openStudio() (*secretbox.Box, error) {
	cfg := a.Config
	if err := os.MkdirAll(cfg.WorkDir, 0o750); err != nil {
		return nil, fmt.Errorf("WORK_DIR: %w", err)
	}
	a.Engine = newStudioEngine(a.Log)
	a.LocalVoices = localtts.New(localtts.Options{})
	box, err := secretbox.New(cfg.SecretKey)
	if err != nil {
		return nil, fmt.Errorf("SECRET_KEY: %w", err)
	}
	eleven := elevenlabs.Config{BaseURL: cfg.ElevenLabsBaseURL, APIKey: cfg.ElevenLabsAPIKey, ModelID: cfg.ElevenLabsModelID, Logger: a.Log}
	if cfg.ElevenLabsAPIKey != "" {
		if _, err := elevenlabs.New(eleven); err != nil {
			return nil, fmt.Errorf("ELEVENLABS_API_KEY or ELEVENLABS_BASE_URL: %w", err)
		}
	}
	synths := map[string]studio.Synthesizer{studio.ProviderLocal: localVoice{a.LocalVoices}}
	a.Studio = newStudioService(a.DB, a.Files, a.Engine, synths, a.Bus, a.Audit, a.Log, cfg.WorkDir, box)
	synths[studio.ProviderElevenLabs] = newElevenLabsVoice(eleven, a.Studio.ElevenLabsKey)
	a.PlatformElevenLabs = cfg.ElevenLabsAPIKey != ""
	return box, nil
}

// newStudioService wires the studio's domain service to its adapters.
func newStudioService(db *gorm.DB, files storage.Store, engine studio.Engine, synths map[string]studio.Synthesizer,
	bus events.Bus, rec *audit.Recorder, log *slog.Logger, workDir string, sealer studio.Sealer) *studio.Service {
	return studio.NewService(studio.Deps{
		Store: database.NewStudioStore(db), Files: studioFiles{files}, Engine: engine, Synthesizers: synths,
		Normalize: func(text string, lexicon map[string]string) string {
			return speech.Normalize(text, speech.Options{Lexicon: lexicon})
		},
		Events: bus, Audit: rec, Log: log, WorkDir: workDir, Sealer: sealer,
	})
}

// openFiles returns the S3 store when STORAGE_URL is set, the local one otherwise.
func openFiles(cfg *config.Config, local *storage.Local) (storage.Store, error) {
	if cfg.StorageURL == "" {
		return local, nil
	}
	s3cfg, err := storage.ParseS3URL(cfg.StorageURL)
	if err != nil {
		return nil, fmt.Errorf("STORAGE_URL: %w", err)
	}
	s3cfg.SpoolDir = cfg.WorkDir
	s3, err := storage.NewS3(s3cfg)
	if err != nil {
		return nil, fmt.Errorf("STORAGE_URL: %w", err)
	}
	return s3, nil
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
