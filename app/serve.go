package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"mediaflow/app/config"
	"mediaflow/frontend"
	"mediaflow/migrations"
	"mediaflow/tenants"
)

// ServeOptions are the serve command's flags.
type ServeOptions struct {
	Migrate bool // apply pending migrations instead of refusing to start
	Demo    bool // seed the demo tenants when absent
	// Ready, when set, receives the listening address once the server
	// accepts connections.
	Ready func(addr string)
	// Out receives messages for the person who started the server, such as
	// the demo sign-in details.
	Out io.Writer
}

// Serve runs the HTTP server until ctx ends, then shuts down gracefully.
func Serve(ctx context.Context, a *App, opts ServeOptions) error {
	cfg, log := a.Config, a.Log
	if opts.Migrate || opts.Demo {
		if err := migrations.Up(ctx, a.DB); err != nil {
			return err
		}
	}
	if err := a.RequireSchema(ctx); err != nil {
		return err
	}
	if err := seedLegacyTenant(ctx, a); err != nil {
		return err
	}
	if opts.Demo {
		if err := seedDemo(ctx, a, opts.Out); err != nil {
			return err
		}
	}
	if err := a.OpenAuthz(); err != nil {
		return err
	}
	if err := a.provisionAll(ctx); err != nil {
		return err
	}
	if err := a.OnAir.Hub.Start(ctx); err != nil {
		return err
	}
	var workers sync.WaitGroup
	workers.Go(func() { a.Studio.Run(ctx, cfg.RenderWorkers, 2*time.Second) })
	workers.Go(func() { a.OnAir.Schedules.Run(ctx, cfg.SchedulerPoll) })
	workers.Go(func() { a.OnAir.Players.RunExpiry(ctx, 30*time.Second) })
	defer func() {
		workers.Wait()
		a.OnAir.Stations.Wait()
	}()

	metrics := NewMetrics()
	resolver := tenants.NewResolver(a.TenantStore, tenants.ResolverOptions{
		TTL: cfg.TenantCacheTTL, NegativeTTL: cfg.TenantNegativeTTL, Observe: metrics.ObserveTenantCache,
	})
	if _, err := resolver.CheckVersion(ctx); err != nil {
		return err
	}
	if _, err := a.Bus.Subscribe(ctx, tenants.ChangeTopic, resolver.HandleChange); err != nil {
		return err
	}
	go resolver.WatchVersion(ctx, cfg.TenantPollInterval, log)

	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return fmt.Errorf("open embedded web app: %w", err)
	}
	deps := ServerDeps{
		Log: log, Version: Version, Resolver: resolver, Storage: a.Files, WebApp: dist, Metrics: metrics,
		PingDB: a.pingDB, PlatformHost: cfg.PlatformHost, TrustedProxies: cfg.TrustedProxies,
		CORSOrigins: cfg.CORSOrigins, MaxBodyBytes: cfg.MaxUploadSize, MetricsToken: cfg.MetricsToken,
		Tenants: a.Tenants, Accounts: a.Accounts, Authz: a.Authz, Audit: a.Audit, SecureCookies: cfg.AppEnv != config.EnvDevelopment,
		Studio: a.Studio, OnAir: a.OnAir, Bus: a.Bus, WorkDir: cfg.WorkDir, CheckAudio: a.Engine.Check, Provision: a.ProvisionTenant,
		PlatformElevenLabs: a.PlatformElevenLabs,
	}
	if a.Redis != nil {
		deps.PingRedis = func(ctx context.Context) error { return a.Redis.Ping(ctx).Err() }
	}
	srv := &http.Server{
		Handler:           NewServer(deps).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr())
	if err != nil {
		return fmt.Errorf("listen on %s (HOST, PORT): %w", cfg.Addr(), err)
	}
	log.Info("mediaflow listening", slog.String("addr", ln.Addr().String()), slog.String("version", Version),
		slog.String("env", cfg.AppEnv), slog.String("database", cfg.DatabaseDriver), slog.Bool("redis", a.Redis != nil))
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", slog.Duration("timeout", cfg.ShutdownTimeout))
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down http server: %w", err)
	}
	return nil
}

func (a *App) pingDB(ctx context.Context) error {
	sqlDB, err := a.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}
