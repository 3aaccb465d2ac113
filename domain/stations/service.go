package stations

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"mediaflow/domain"
	"mediaflow/domain/audit"
	"mediaflow/domain/players"
)

// Client talks to one AzuraCast station.
type Client interface {
	// Check verifies the key and the station and returns its name.
	Check(ctx context.Context) (string, error)
	// Play uploads an MP3 and has the station play it next; interrupt
	// also skips what plays now.
	Play(ctx context.Context, name string, r io.Reader, interrupt bool) error
	NowPlaying(ctx context.Context) (NowPlaying, error)
	Skip(ctx context.Context) error
}

// NowPlaying is what a station plays.
type NowPlaying struct {
	Title, Artist     string
	Elapsed, Duration time.Duration
	Listeners         int
}

// Dialer builds a client for settings and the plain API key.
type Dialer func(s Settings, apiKey string) (Client, error)

// Sealer encrypts the API key at rest.
type Sealer interface {
	Seal(plain string) (string, error)
	Open(sealed string) (string, error)
}

// Audio opens a ready message's MP3.
type Audio interface {
	OpenAudio(ctx context.Context, tenantID, messageID uint64) (io.ReadCloser, string, error)
}

// Deps are the collaborators of the stations service.
type Deps struct {
	Store  Store
	Dial   Dialer
	Sealer Sealer
	Audio  Audio
	Audit  *audit.Recorder
	Log    *slog.Logger
	// Timeout bounds one delivery to a station, upload included.
	Timeout time.Duration
}

// Service keeps each tenant's station and delivers messages to it.
type Service struct {
	Deps
	pending chan struct{} // bounds deliveries running at once
}

// NewService returns a stations service.
func NewService(d Deps) *Service {
	if d.Timeout <= 0 {
		d.Timeout = 2 * time.Minute
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{Deps: d, pending: make(chan struct{}, 8)}
}

// Input is what an admin submits; an empty APIKey keeps the stored one.
type Input struct {
	BaseURL, APIKey, StationID, Zone, Playlist string
	Enabled                                    bool
}

// Station returns the tenant's settings.
func (s *Service) Station(ctx context.Context, tenantID uint64) (*Settings, error) {
	return s.Store.Station(ctx, tenantID)
}

// Save checks the connection with the station before storing the settings,
// so a wrong URL, key or station is reported at once, and keeps the name
// the station gave.
func (s *Service) Save(ctx context.Context, tenantID uint64, in Input) error {
	st := Settings{TenantID: tenantID, BaseURL: strings.TrimRight(strings.TrimSpace(in.BaseURL), "/"),
		StationID: strings.TrimSpace(in.StationID), Zone: strings.TrimSpace(in.Zone),
		Playlist: strings.TrimSpace(in.Playlist), Enabled: in.Enabled}
	key := strings.TrimSpace(in.APIKey)
	if key == "" {
		if old, err := s.Store.Station(ctx, tenantID); err == nil && old.SealedKey != "" {
			if key, err = s.Sealer.Open(old.SealedKey); err != nil {
				return fmt.Errorf("open stored station key: %w", err)
			}
		}
	}
	if err := validate(st, key); err != nil {
		return err
	}
	client, err := s.Dial(st, key)
	if err != nil {
		return domain.Invalid("invalid_station", "the station settings are not valid", map[string]string{"base_url": err.Error()})
	}
	name, err := client.Check(ctx)
	if err != nil {
		return err
	}
	st.StationName = name
	if st.SealedKey, err = s.Sealer.Seal(key); err != nil {
		return err
	}
	st.UpdatedAt = time.Now().UTC()
	if err := s.Store.SaveStation(ctx, &st); err != nil {
		return err
	}
	s.Audit.RecordAction(ctx, tenantID, "station.saved", st.BaseURL, map[string]string{"station": st.StationID, "zone": st.Zone})
	return nil
}

func validate(st Settings, key string) error {
	details := map[string]string{}
	if u, err := url.Parse(st.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		details["base_url"] = "must be an http or https address"
	}
	if key == "" {
		details["api_key"] = "required"
	}
	if st.StationID == "" || utf8.RuneCountInString(st.StationID) > 60 {
		details["station_id"] = "required, at most 60 characters"
	}
	if utf8.RuneCountInString(st.Zone) > 80 || utf8.RuneCountInString(st.Playlist) > 80 {
		details["zone"] = "zone and playlist have at most 80 characters"
	}
	if len(details) > 0 {
		return domain.Invalid("invalid_station", "the station settings are not valid", details)
	}
	return nil
}

// Delete forgets the tenant's station.
func (s *Service) Delete(ctx context.Context, tenantID uint64) error {
	if err := s.Store.DeleteStation(ctx, tenantID); err != nil {
		return err
	}
	s.Audit.RecordAction(ctx, tenantID, "station.deleted", "", nil)
	return nil
}

func (s *Service) client(ctx context.Context, tenantID uint64) (*Settings, Client, error) {
	st, err := s.Store.Station(ctx, tenantID)
	if err != nil {
		return nil, nil, err
	}
	key, err := s.Sealer.Open(st.SealedKey)
	if err != nil {
		return nil, nil, fmt.Errorf("open station key of tenant %d: %w", tenantID, err)
	}
	c, err := s.Dial(*st, key)
	return st, c, err
}

// NowPlaying asks the tenant's station what it plays.
func (s *Service) NowPlaying(ctx context.Context, tenantID uint64) (NowPlaying, error) {
	_, c, err := s.client(ctx, tenantID)
	if err != nil {
		return NowPlaying{}, err
	}
	return c.NowPlaying(ctx)
}

// Skip skips the track the tenant's station plays.
func (s *Service) Skip(ctx context.Context, tenantID uint64) error {
	_, c, err := s.client(ctx, tenantID)
	if err != nil {
		return err
	}
	if err := c.Skip(ctx); err != nil {
		return err
	}
	s.Audit.RecordAction(ctx, tenantID, "station.skipped", "", nil)
	return nil
}

// Targeted reports whether a delivery's targets include the station.
func (st Settings) Targeted(t players.Targets) bool {
	if !st.Enabled {
		return false
	}
	if t.All {
		return true
	}
	for _, z := range t.Zones {
		if st.Zone != "" && z == st.Zone {
			return true
		}
	}
	return false
}

// Deliver implements players.Output: when the tenant's station is among
// the targets it uploads the message and has it played, in the background
// so the players are not kept waiting. Emergencies and urgent messages
// interrupt what the station plays.
func (s *Service) Deliver(ctx context.Context, tenantID uint64, d players.Delivery) (bool, error) {
	st, c, err := s.client(ctx, tenantID)
	if errors.Is(err, domain.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !st.Targeted(d.Targets) {
		return false, nil
	}
	select {
	case s.pending <- struct{}{}:
	default:
		return false, fmt.Errorf("too many station deliveries at once; delivery %d not sent", d.ID)
	}
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.Timeout)
	go func() {
		defer func() { <-s.pending; cancel() }()
		s.deliver(bg, c, tenantID, d)
	}()
	return true, nil
}

func (s *Service) deliver(ctx context.Context, c Client, tenantID uint64, d players.Delivery) {
	log := s.Log.With("tenant_id", tenantID, "delivery_id", d.ID, "message_id", d.MessageID)
	audio, name, err := s.Audio.OpenAudio(ctx, tenantID, d.MessageID)
	if err == nil {
		err = c.Play(ctx, fmt.Sprintf("%d-%s", d.ID, name), audio, d.Priority <= players.PriorityUrgent)
		audio.Close()
	}
	outcome := "station.delivered"
	if err != nil {
		outcome = "station.delivery_failed"
		log.WarnContext(ctx, "station delivery failed", "error", err)
	} else {
		log.InfoContext(ctx, "station delivery sent")
	}
	details := map[string]string{"delivery_id": fmt.Sprint(d.ID)}
	if err != nil {
		details["error"] = err.Error()
	}
	s.Audit.RecordAction(ctx, tenantID, outcome, fmt.Sprint(d.MessageID), details)
}

// Wait blocks until deliveries running in the background have ended; for
// shutdown and tests.
func (s *Service) Wait() {
	for i := 0; i < cap(s.pending); i++ {
		s.pending <- struct{}{}
	}
	for i := 0; i < cap(s.pending); i++ {
		<-s.pending
	}
}
