package players

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mediaflow/domain"
	"mediaflow/domain/audit"
)

// Limiter counts failed pairing attempts so codes cannot be guessed.
type Limiter interface {
	Blocked(ctx context.Context, key string, limit int) (time.Duration, error)
	Fail(ctx context.Context, key string, window time.Duration) error
	Reset(ctx context.Context, key string) error
}

// Agenda lists a player's upcoming scheduled plays, so it can fetch their
// audio before they are due.
type Agenda interface {
	Upcoming(ctx context.Context, tenantID uint64, p Player, from, to time.Time) ([]Upcoming, error)
}

// Upcoming is a scheduled play a player should have ready, and play on its
// own if it cannot hear the server when it falls due.
type Upcoming struct {
	ScheduleID uint64
	MessageID  uint64
	Priority   int
	At         time.Time
}

// Deps are the collaborators of the players service.
type Deps struct {
	Store    Store
	Messages Messages
	Live     Live
	Outputs  []Output
	Agenda   Agenda // optional
	Limiter  Limiter
	Audit    *audit.Recorder
	Log      *slog.Logger
	// OfflineAfter is how long a silent player still counts as online.
	OfflineAfter time.Duration
	// AudioURL returns where a player fetches a message's audio.
	AudioURL func(messageID uint64) string
}

// Service manages players, deliveries and the proof of play.
type Service struct {
	Deps
	now func() time.Time
}

// NewService returns a players service.
func NewService(d Deps) *Service {
	if d.OfflineAfter <= 0 {
		d.OfflineAfter = DefaultOfflineAfter
	}
	if d.AudioURL == nil {
		d.AudioURL = func(id uint64) string { return fmt.Sprintf("/api/v1/device/messages/%d/audio", id) }
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{Deps: d, now: time.Now}
}

// Credential and code formats.
const (
	credentialPrefix = "mfp_"
	codeAlphabet     = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/I
	codeLength       = 8
	pairFailures     = 10
)

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func newCode() string {
	b := make([]byte, codeLength)
	rand.Read(b)
	out := make([]byte, 0, codeLength+1)
	for i, c := range b {
		if i == codeLength/2 {
			out = append(out, '-')
		}
		out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return string(out)
}

// normalizeCode accepts a code typed in any case, with or without spaces
// and the dash.
func normalizeCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if strings.ContainsRune(codeAlphabet, r) {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if len(s) != codeLength {
		return ""
	}
	return s[:codeLength/2] + "-" + s[codeLength/2:]
}

// Players lists the tenant's players.
func (s *Service) Players(ctx context.Context, tenantID uint64) ([]Player, error) {
	return s.Store.Players(ctx, tenantID)
}

// Player returns one of the tenant's players.
func (s *Service) Player(ctx context.Context, tenantID, id uint64) (*Player, error) {
	return s.Store.Player(ctx, tenantID, id)
}

// Online reports whether p counts as online now.
func (s *Service) Online(p Player) bool { return p.Online(s.now(), s.OfflineAfter) }

// SavePlayer validates and stores a player's settings. Start a new player
// from NewPlayer, which holds the defaults.
func (s *Service) SavePlayer(ctx context.Context, p *Player) error {
	p.Name, p.Zone = strings.TrimSpace(p.Name), strings.TrimSpace(p.Zone)
	details := map[string]string{}
	if n := utf8.RuneCountInString(p.Name); n == 0 || n > 80 {
		details["name"] = "must have 1 to 80 characters"
	}
	if utf8.RuneCountInString(p.Zone) > 80 {
		details["zone"] = "must have at most 80 characters"
	}
	if p.Volume < 0 || p.Volume > 100 {
		details["volume"] = "must be between 0 and 100"
	}
	if p.DuckDB < -40 || p.DuckDB > 0 {
		details["duck_db"] = "must be between -40 and 0"
	}
	for field, ms := range map[string]int{"duck_attack_ms": p.DuckAttackMS, "duck_release_ms": p.DuckReleaseMS} {
		if ms < 50 || ms > 5000 {
			details[field] = "must be between 50 and 5000"
		}
	}
	if len(details) > 0 {
		return domain.Invalid("invalid_player", "the player's settings are not valid", details)
	}
	created := p.ID == 0
	if err := s.Store.SavePlayer(ctx, p); err != nil {
		return err
	}
	action := "player.updated"
	if created {
		action = "player.created"
	}
	s.Audit.RecordAction(ctx, p.TenantID, action, p.Name, map[string]string{"zone": p.Zone})
	if !created {
		s.sendQuiet(ctx, p.TenantID, []uint64{p.ID}, Command{Type: CommandResync})
	}
	return nil
}

// NewPlayer returns a player with the default settings.
func NewPlayer(tenantID uint64) Player {
	return Player{TenantID: tenantID, Volume: DefaultVolume, DuckDB: DefaultDuckDB, DuckAttackMS: DefaultDuckAttackMS,
		DuckReleaseMS: DefaultDuckReleaseMS, MusicEnabled: true}
}

// DeletePlayer removes a player; its proof of play stays.
func (s *Service) DeletePlayer(ctx context.Context, tenantID, id uint64) error {
	p, err := s.Store.Player(ctx, tenantID, id)
	if err != nil {
		return err
	}
	if err := s.Store.DeletePlayer(ctx, tenantID, id); err != nil {
		return err
	}
	s.sendQuiet(ctx, tenantID, []uint64{id}, Command{Type: CommandError, Error: "player_removed"})
	s.Audit.RecordAction(ctx, tenantID, "player.deleted", p.Name, nil)
	return nil
}

// PairingCode is a code shown to the admin, typed on the player's page.
type PairingCode struct {
	Code      string
	ExpiresAt time.Time
}

// NewPairingCode issues a one-time code for a player, replacing any
// earlier one. Pairing with it replaces the player's credential.
func (s *Service) NewPairingCode(ctx context.Context, tenantID, playerID uint64) (*PairingCode, error) {
	p, err := s.Store.Player(ctx, tenantID, playerID)
	if err != nil {
		return nil, err
	}
	pc := &PairingCode{Code: newCode(), ExpiresAt: s.now().Add(PairingCodeTTL).UTC()}
	if err := s.Store.SetPairingCode(ctx, tenantID, playerID, hashSecret(pc.Code), pc.ExpiresAt); err != nil {
		return nil, err
	}
	s.Audit.RecordAction(ctx, tenantID, "player.pairing_code", p.Name, nil)
	return pc, nil
}

// Paired is the result of pairing: Token is the device credential, shown
// to the player once.
type Paired struct {
	Player Player
	Token  string
}

// Pair exchanges a pairing code for a device credential. Failed attempts
// are counted per client address so codes cannot be guessed.
func (s *Service) Pair(ctx context.Context, tenantID uint64, code, clientIP string) (*Paired, error) {
	limitKey := fmt.Sprintf("%d:pair:%s", tenantID, clientIP)
	if s.Limiter != nil {
		wait, err := s.Limiter.Blocked(ctx, limitKey, pairFailures)
		if err != nil {
			return nil, err
		}
		if wait > 0 {
			return nil, domain.TooManyRequests("too_many_attempts", "too many wrong codes; wait before trying again", wait)
		}
	}
	token := credentialPrefix + randomHex(24)
	var p *Player
	var err error
	if norm := normalizeCode(code); norm != "" {
		p, err = s.Store.RedeemPairingCode(ctx, tenantID, hashSecret(norm), hashSecret(token), s.now().UTC())
	} else {
		err = domain.ErrNotFound
	}
	if errors.Is(err, domain.ErrNotFound) {
		if s.Limiter != nil {
			if ferr := s.Limiter.Fail(ctx, limitKey, 15*time.Minute); ferr != nil {
				return nil, ferr
			}
		}
		return nil, domain.Invalid("pairing_code_invalid", "the code is wrong or has expired", map[string]string{"code": "wrong or expired"})
	}
	if err != nil {
		return nil, err
	}
	if s.Limiter != nil {
		if err := s.Limiter.Reset(ctx, limitKey); err != nil {
			s.Log.WarnContext(ctx, "pairing attempts not reset", "tenant_id", tenantID, "error", err)
		}
	}
	s.sendQuiet(ctx, tenantID, []uint64{p.ID}, Command{Type: CommandError, Error: "credential_replaced"})
	s.Audit.RecordAction(ctx, tenantID, "player.paired", p.Name, map[string]string{"ip": clientIP})
	return &Paired{Player: *p, Token: token}, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Revoke removes a player's credential; the device must pair again.
func (s *Service) Revoke(ctx context.Context, tenantID, playerID uint64) error {
	p, err := s.Store.Player(ctx, tenantID, playerID)
	if err != nil {
		return err
	}
	if err := s.Store.SetCredential(ctx, tenantID, playerID, ""); err != nil {
		return err
	}
	s.sendQuiet(ctx, tenantID, []uint64{playerID}, Command{Type: CommandError, Error: "credential_revoked"})
	s.Audit.RecordAction(ctx, tenantID, "player.revoked", p.Name, nil)
	return nil
}

// errDeviceToken is the answer to any credential that does not open this
// tenant's player, so a token of another tenant learns nothing.
var errDeviceToken = domain.Unauthorized("device_token_invalid", "the player's credential is not valid here; pair it again")

// Authenticate returns the tenant's player holding token.
func (s *Service) Authenticate(ctx context.Context, tenantID uint64, token string) (*Player, error) {
	if !strings.HasPrefix(token, credentialPrefix) || len(token) > 100 {
		return nil, errDeviceToken
	}
	p, err := s.Store.PlayerByCredential(ctx, tenantID, hashSecret(token))
	if errors.Is(err, domain.ErrNotFound) {
		return nil, errDeviceToken
	}
	return p, err
}

// WelcomeFor describes p's settings to the player itself.
func WelcomeFor(p Player) *Welcome {
	return &Welcome{ID: p.ID, Name: p.Name, Zone: p.Zone, Volume: p.Volume, DuckDB: p.DuckDB,
		DuckAttackMS: p.DuckAttackMS, DuckReleaseMS: p.DuckReleaseMS, MusicEnabled: p.MusicEnabled}
}

// sendQuiet sends a command whose loss only delays the player: it logs a
// failure rather than failing the admin's request.
func (s *Service) sendQuiet(ctx context.Context, tenantID uint64, ids []uint64, cmd Command) {
	if s.Live == nil {
		return
	}
	cmd.V = ProtocolVersion
	if err := s.Live.Send(ctx, tenantID, ids, cmd); err != nil {
		s.Log.WarnContext(ctx, "live command not sent", "tenant_id", tenantID, "type", cmd.Type, "error", err)
	}
}

// SetVolume changes a player's volume and tells it at once.
func (s *Service) SetVolume(ctx context.Context, tenantID, playerID uint64, volume int) (*Player, error) {
	p, err := s.Store.Player(ctx, tenantID, playerID)
	if err != nil {
		return nil, err
	}
	p.Volume = volume
	if err := s.SavePlayer(ctx, p); err != nil {
		return nil, err
	}
	s.sendQuiet(ctx, tenantID, []uint64{playerID}, Command{Type: CommandVolume, Volume: &volume})
	return p, nil
}

// Stop asks the targeted players to stop the announcement they play.
func (s *Service) Stop(ctx context.Context, tenantID uint64, t Targets) error {
	ps, err := s.resolve(ctx, tenantID, t)
	if err != nil {
		return err
	}
	s.sendQuiet(ctx, tenantID, ids(ps), Command{Type: CommandStop})
	return nil
}

func ids(ps []Player) []uint64 {
	out := make([]uint64, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// resolve turns targets into the tenant's players. A player ID that is not
// the tenant's fails the request rather than being silently dropped.
func (s *Service) resolve(ctx context.Context, tenantID uint64, t Targets) ([]Player, error) {
	if t.Empty() {
		return nil, domain.Invalid("invalid_targets", "choose all players, some zones or some players", map[string]string{"targets": "required"})
	}
	all, err := s.Store.Players(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	known := map[uint64]bool{}
	zones := map[string]bool{}
	var out []Player
	for _, p := range all {
		known[p.ID] = true
		zones[p.Zone] = true
		if t.Includes(p) {
			out = append(out, p)
		}
	}
	for _, id := range t.PlayerIDs {
		if !known[id] {
			return nil, domain.Invalid("invalid_targets", "a chosen player does not exist", map[string]string{"player_ids": "unknown player " + strconv.FormatUint(id, 10)})
		}
	}
	for _, z := range t.Zones {
		if !zones[z] {
			return nil, domain.Invalid("invalid_targets", "a chosen zone has no players", map[string]string{"zones": "unknown zone " + z})
		}
	}
	return out, nil
}
