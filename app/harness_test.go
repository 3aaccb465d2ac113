package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gorm.io/gorm"

	"mediaflow/domain/accounts"
	"mediaflow/domain/audit"
	"mediaflow/domain/studio"
	"mediaflow/infra/authz"
	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
	"mediaflow/infra/elevenlabs"
	"mediaflow/infra/events"
	"mediaflow/infra/localtts"
	"mediaflow/infra/ratelimit"
	"mediaflow/infra/secretbox"
	"mediaflow/infra/storage"
	"mediaflow/tenants"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// testIndex stands for the built web app's index.html.
const testIndex = `<!doctype html><html lang="es-CL" data-theme="light"><head><!--mediaflow:head--></head><body><div id="app"></div></body></html>`

// harness is a server over a real database with two tenants that hold the
// same kind of content, so every test can try the other tenant too.
type harness struct {
	t        *testing.T
	srv      *Server
	svc      *tenants.Service
	resolver *tenants.Resolver
	metrics  *Metrics
	store    *storage.Local
	accounts *accounts.Service
	limiter  *ratelimit.Memory
	sessions map[string]*session // by email and host, for callAs
	studio   *studio.Service
	eleven   *elevenLabsVoice
	db       *gorm.DB
	onAir    *OnAir
}

type harnessOption func(*ServerDeps)

func newHarness(t *testing.T, driver string, opts ...harnessOption) *harness {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Migrated(t, driver)
	tenantStore := database.NewTenantStore(db)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	files, err := storage.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rec := audit.NewRecorder(database.NewAuditStore(db), log)
	svc := tenants.NewService(tenants.ServiceDeps{Store: tenantStore, Files: files, Audit: rec, Log: log, ReservedHosts: []string{"platform.mediaflow.test"}})
	limiter := ratelimit.NewMemory()
	acc := accounts.NewService(database.NewAccountStore(db), accounts.NewTokens(testSecret, 30*time.Minute), limiter, rec, accounts.Options{})
	enforcer, err := authz.New(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []tenants.CreateInput{
		{Slug: "mall-a", Name: "Mall A", Host: "mall-a.mediaflow.test", PrimaryColor: "#E91E63", SecondaryColor: "#9C27B0"},
		{Slug: "mall-b", Name: "Mall B <Sur>", Host: "mall-b.mediaflow.test", PrimaryColor: "#0171DC", SecondaryColor: "#FFC221", Theme: "dark", Locale: "en"},
	} {
		if _, err := svc.Create(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	bus := events.NewMemory()
	local := localtts.New(localtts.Options{})
	engine := newStudioEngine(log)
	box, _ := secretbox.New(testSecret)
	synths := map[string]studio.Synthesizer{studio.ProviderLocal: localVoice{local}}
	studioSvc := newStudioService(db, files, engine, synths, bus, rec, log, t.TempDir(), box)
	// Tests that speak through ElevenLabs point this at a local server.
	eleven := newElevenLabsVoice(elevenlabs.Config{BaseURL: "http://127.0.0.1:9", MaxRetries: 1, Timeout: 5 * time.Second}, studioSvc.ElevenLabsKey)
	synths[studio.ProviderElevenLabs] = eleven
	prov := provisioner{studioSvc, engine, local, log}
	for _, slug := range []string{"mall-a", "mall-b"} {
		tn, _ := svc.Get(ctx, slug)
		if err := prov.provision(ctx, tn); err != nil {
			t.Fatal(err)
		}
	}
	onAir := newOnAir(onAirDeps{DB: db, Bus: bus, Tenants: tenantStore, Studio: studioSvc, Files: files, Audit: rec, Log: log,
		Sealer: box, Limiter: limiter})
	hubCtx, stopHub := context.WithCancel(context.Background())
	t.Cleanup(stopHub)
	if err := onAir.Hub.Start(hubCtx); err != nil {
		t.Fatal(err)
	}
	metrics := NewMetrics()
	resolver := tenants.NewResolver(tenantStore, tenants.ResolverOptions{Observe: metrics.ObserveTenantCache})
	deps := ServerDeps{
		Log: log, Version: "9.9.9-test", Resolver: resolver, Storage: files, Metrics: metrics,
		WebApp: fstest.MapFS{
			"index.html":            {Data: []byte(testIndex)},
			"assets/index-abc12.js": {Data: []byte("console.log('app')")},
			"robots.txt":            {Data: []byte("User-agent: *")},
		},
		PingDB:       func(ctx context.Context) error { return database.Ping(ctx, db) },
		PlatformHost: "platform.mediaflow.test",
		Tenants:      svc, Accounts: acc, Authz: enforcer, Audit: rec,
		Studio: studioSvc, OnAir: onAir, Bus: bus, WorkDir: t.TempDir(), MaxBodyBytes: 50 << 20,
		CheckAudio: engine.Check, Provision: prov.provision,
	}
	for _, o := range opts {
		o(&deps)
	}
	return &harness{t: t, srv: NewServer(deps), svc: svc, resolver: resolver, metrics: metrics, store: files, accounts: acc, limiter: limiter,
		studio: studioSvc, eleven: eleven, db: db, onAir: onAir}
}

// do sends a request to host and returns the recorded response.
func (h *harness) do(method, host, target string, header ...string) *httptest.ResponseRecorder {
	h.t.Helper()
	req := httptest.NewRequest(method, target, nil)
	req.Host = host
	req.RemoteAddr = "192.0.2.10:41000"
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.srv.Handler().ServeHTTP(rec, req)
	return rec
}

func (h *harness) get(host, target string, header ...string) *httptest.ResponseRecorder {
	return h.do(http.MethodGet, host, target, header...)
}

func mustContain(t *testing.T, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Fatalf("body lacks %q:\n%s", p, body)
		}
	}
}

func mustNotContain(t *testing.T, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(body, p) {
			t.Fatalf("body contains %q:\n%s", p, body)
		}
	}
}
