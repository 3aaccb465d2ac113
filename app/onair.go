package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"gorm.io/gorm"

	"mediaflow/domain"
	"mediaflow/domain/audit"
	"mediaflow/domain/players"
	"mediaflow/domain/schedules"
	"mediaflow/domain/stations"
	"mediaflow/domain/studio"
	"mediaflow/infra/azuracast"
	"mediaflow/infra/database"
	"mediaflow/infra/events"
	"mediaflow/infra/live"
)

// OnAir is what gets spots onto the speakers: players and their live
// channel, schedules, and AzuraCast stations.
type OnAir struct {
	Players   *players.Service
	Schedules *schedules.Service
	Stations  *stations.Service
	Hub       *live.Hub
	// messages are the studio's ready messages as players see them.
	messages playableMessages
	zones    *zoneCache
}

// onAirDeps are what the on-air services are built from.
type onAirDeps struct {
	DB           *gorm.DB
	Bus          events.Bus
	Tenants      *database.TenantStore
	Studio       *studio.Service
	Files        Files
	Audit        *audit.Recorder
	Log          *slog.Logger
	Sealer       stations.Sealer
	Limiter      players.Limiter
	OfflineAfter time.Duration
	Grace        time.Duration
	Dial         stations.Dialer // nil dials AzuraCast
}

// newOnAir wires the on-air services to their stores, to each other and to
// the live hub, which Serve starts.
func newOnAir(d onAirDeps) *OnAir {
	msgs := playableMessages{d.Studio, d.Files}
	zones := &zoneCache{}
	if d.Dial == nil {
		d.Dial = dialAzuraCast(d.Log)
	}
	st := stations.NewService(stations.Deps{Store: database.NewStationStore(d.DB), Dial: d.Dial, Sealer: d.Sealer,
		Audio: msgs, Audit: d.Audit, Log: d.Log})
	ps := players.NewService(players.Deps{Store: database.NewPlayerStore(d.DB), Messages: msgs, Outputs: []players.Output{st},
		Limiter: d.Limiter, Audit: d.Audit, Log: d.Log, OfflineAfter: d.OfflineAfter})
	sc := schedules.NewService(schedules.Deps{Store: database.NewScheduleStore(d.DB), Dispatcher: ps, Messages: msgs,
		Zones: tenantZones(d.Tenants, zones), Audit: d.Audit, Log: d.Log, Grace: d.Grace})
	ps.Agenda = sc
	hub := live.NewHub(d.Bus, ps, live.Options{Log: d.Log})
	ps.Live = hub
	return &OnAir{Players: ps, Schedules: sc, Stations: st, Hub: hub, messages: msgs, zones: zones}
}

// tenantZones reads a tenant's time zone for the scheduler, which works
// outside any request.
func tenantZones(store *database.TenantStore, cache *zoneCache) schedules.Zones {
	return func(ctx context.Context, tenantID uint64) (*time.Location, error) {
		name, err := store.TimeZone(ctx, tenantID)
		if err != nil {
			return nil, err
		}
		loc, err := cache.load(name)
		if err != nil {
			return nil, fmt.Errorf("time zone %q of tenant %d: %w", name, tenantID, err)
		}
		return loc, nil
	}
}

// zoneCache keeps loaded time zones by name: time.LoadLocation reads and
// parses the zone file on every call, and the scheduler asks for every due
// schedule.
type zoneCache struct{ m sync.Map }

func (z *zoneCache) load(name string) (*time.Location, error) {
	if loc, ok := z.m.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	z.m.Store(name, loc)
	return loc, nil
}

// playableMessages lets players and schedules see the studio's ready
// messages and their audio.
type playableMessages struct {
	studio *studio.Service
	files  Files
}

var errNotPlayable = domain.NotFound("message_not_found", "no such ready message")

func (m playableMessages) ready(ctx context.Context, tenantID, id uint64) (*studio.Message, error) {
	msg, err := m.studio.Message(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	if msg.Status != studio.StatusReady || msg.AudioKey == "" || msg.DeletedAt != nil {
		return nil, errNotPlayable
	}
	return msg, nil
}

func (m playableMessages) Playable(ctx context.Context, tenantID, id uint64) (players.Audio, error) {
	msg, err := m.ready(ctx, tenantID, id)
	if err != nil {
		return players.Audio{}, err
	}
	return players.Audio{Title: msg.Title(), DurationSeconds: msg.Loudness.DurationSeconds}, nil
}

func (m playableMessages) OpenAudio(ctx context.Context, tenantID, id uint64) (io.ReadCloser, string, error) {
	msg, err := m.ready(ctx, tenantID, id)
	if err != nil {
		return nil, "", err
	}
	f, err := m.files.Open(ctx, msg.AudioKey)
	if err != nil {
		return nil, "", err
	}
	return f, fmt.Sprintf("mensaje-%d.mp3", msg.ID), nil
}

// dialAzuraCast builds AzuraCast clients for tenants' stations.
func dialAzuraCast(log *slog.Logger) stations.Dialer {
	return func(s stations.Settings, apiKey string) (stations.Client, error) {
		c, err := azuracast.New(azuracast.Config{BaseURL: s.BaseURL, APIKey: apiKey, StationID: s.StationID, Playlist: s.Playlist})
		if err != nil {
			return nil, err
		}
		return azuraClient{c, log.With("tenant_id", s.TenantID, "station", s.StationID)}, nil
	}
}

type azuraClient struct {
	c   *azuracast.Client
	log *slog.Logger
}

func (a azuraClient) Check(ctx context.Context) (string, error) {
	name, err := a.c.Check(ctx)
	return name, stationError(err)
}

func (a azuraClient) Skip(ctx context.Context) error { return stationError(a.c.Skip(ctx)) }

func (a azuraClient) Play(ctx context.Context, name string, r io.Reader, interrupt bool) error {
	res, err := a.c.Play(ctx, name, r, interrupt)
	if res.CleanupErr != nil || res.Removed > 0 {
		a.log.InfoContext(ctx, "station uploads cleaned up", "removed", res.Removed, "left", res.CleanupFailed, "error", res.CleanupErr)
	}
	return stationError(err)
}

func (a azuraClient) NowPlaying(ctx context.Context) (stations.NowPlaying, error) {
	np, err := a.c.NowPlaying(ctx)
	if err != nil {
		return stations.NowPlaying{}, stationError(err)
	}
	return stations.NowPlaying{Title: np.Title, Artist: np.Artist, Elapsed: np.Elapsed, Duration: np.Duration, Listeners: np.Listeners}, nil
}

// stationError gives AzuraCast's answers the product's error kinds: a
// refused key, an unknown station or a station not set up for requests is
// the admin's to fix (422); anything else is the station being unavailable
// (503).
func stationError(err error) error {
	var ae *azuracast.Error
	if !errors.As(err, &ae) {
		return err
	}
	kind := domain.KindUnavailable
	switch ae.Code {
	case azuracast.CodeUnauthorized, azuracast.CodeNotFound, azuracast.CodeRejected, azuracast.CodePlaylistUnusable,
		azuracast.CodeInvalidConfig, azuracast.CodeInvalidInput:
		kind = domain.KindInvalid
	case azuracast.CodeRateLimited:
		kind = domain.KindTooManyRequests
	}
	return &domain.Error{Kind: kind, Code: ae.Code, Message: ae.Error(), Err: err}
}
