package players

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"mediaflow/domain"
)

// Request asks for a message to be played.
type Request struct {
	MessageID   uint64
	Targets     Targets
	Priority    int // 0 means PriorityNormal
	Source      string
	ScheduleID  uint64
	RequestedBy uint64
}

func (r *Request) check() error {
	if r.Priority == 0 {
		r.Priority = PriorityNormal
	}
	if r.Priority < PriorityEmergency || r.Priority > PriorityLow {
		return domain.Invalid("invalid_priority", "priority goes from 1 (emergency) to 5 (low)", map[string]string{"priority": "must be 1 to 5"})
	}
	if r.Source == "" {
		r.Source = SourceManual
	}
	return nil
}

// Dispatch records a delivery with one play per targeted player and sends
// each player its play command. Players that are offline get it when they
// reconnect, within the replay window.
func (s *Service) Dispatch(ctx context.Context, tenantID uint64, r Request) (*Delivery, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	audio, err := s.Messages.Playable(ctx, tenantID, r.MessageID)
	if err != nil {
		return nil, err
	}
	targets, err := s.resolve(ctx, tenantID, r.Targets)
	if err != nil {
		return nil, err
	}
	d := s.newDelivery(tenantID, r, targets, StatusPending, audio.Title)
	if err := s.Store.CreateDelivery(ctx, d); err != nil {
		return nil, fmt.Errorf("record delivery of message %d: %w", r.MessageID, err)
	}
	for _, p := range d.Plays {
		s.sendQuiet(ctx, tenantID, []uint64{p.PlayerID}, s.playCommand(p, audio))
	}
	s.deliverOutputs(ctx, tenantID, *d)
	if r.Source == SourceManual {
		s.Audit.RecordAction(ctx, tenantID, "message.played", audio.Title, map[string]string{
			"message_id": strconv.FormatUint(r.MessageID, 10), "priority": strconv.Itoa(r.Priority), "players": strconv.Itoa(len(d.Plays)),
		})
	}
	return d, nil
}

func (s *Service) newDelivery(tenantID uint64, r Request, targets []Player, status, title string) *Delivery {
	now := s.now().UTC()
	d := &Delivery{TenantID: tenantID, MessageID: r.MessageID, Priority: r.Priority, Source: r.Source,
		ScheduleID: r.ScheduleID, RequestedBy: r.RequestedBy, Targets: r.Targets, CreatedAt: now}
	for _, p := range targets {
		d.Plays = append(d.Plays, Play{TenantID: tenantID, MessageID: r.MessageID, PlayerID: p.ID, ScheduleID: r.ScheduleID,
			Source: r.Source, Priority: r.Priority, Status: status, RequestedAt: now, MessageName: title, PlayerName: p.Name, Zone: p.Zone})
	}
	return d
}

func (s *Service) playCommand(p Play, audio Audio) Command {
	return Command{V: ProtocolVersion, Type: CommandPlay, PlayID: p.ID, MessageID: p.MessageID, Priority: p.Priority, ScheduleID: p.ScheduleID,
		Title: audio.Title, AudioURL: s.AudioURL(p.MessageID), DurationSeconds: audio.DurationSeconds, RequestedAt: p.RequestedAt}
}

func (s *Service) deliverOutputs(ctx context.Context, tenantID uint64, d Delivery) {
	for _, out := range s.Outputs {
		if _, err := out.Deliver(ctx, tenantID, d); err != nil {
			s.Log.WarnContext(ctx, "output did not take the delivery", "tenant_id", tenantID, "delivery_id", d.ID, "error", err)
		}
	}
}

// RecordMissed writes the proof of play of a scheduled occurrence that
// could not fire in time: one missed play per targeted player.
func (s *Service) RecordMissed(ctx context.Context, tenantID uint64, r Request, due time.Time) error {
	if err := r.check(); err != nil {
		return err
	}
	targets, err := s.resolve(ctx, tenantID, r.Targets)
	if err != nil {
		return err
	}
	audio, _ := s.Messages.Playable(ctx, tenantID, r.MessageID) // a title is nice to have, not required
	d := s.newDelivery(tenantID, r, targets, StatusMissed, audio.Title)
	for i := range d.Plays {
		d.Plays[i].RequestedAt = due.UTC()
		d.Plays[i].Error = "the server was not running when it was due"
	}
	return s.Store.CreateDelivery(ctx, d)
}

// Delivery returns one of the tenant's deliveries with its plays.
func (s *Service) Delivery(ctx context.Context, tenantID, id uint64) (*Delivery, error) {
	return s.Store.Delivery(ctx, tenantID, id)
}

// ackTransitions says, for each status a player reports, the status it
// records and the statuses it may come from. Outcomes are final.
var ackTransitions = map[string]struct {
	to   string
	from []string
}{
	"received":    {StatusReceived, []string{StatusPending}},
	"started":     {StatusStarted, []string{StatusPending, StatusReceived}},
	"finished":    {StatusPlayed, []string{StatusPending, StatusReceived, StatusStarted}},
	"failed":      {StatusFailed, []string{StatusPending, StatusReceived, StatusStarted}},
	"interrupted": {StatusInterrupted, []string{StatusStarted}},
	"skipped":     {StatusSkipped, []string{StatusPending, StatusReceived}},
}

// Ack records what a player reports about one of its plays. A play of
// another player or tenant is refused as not found.
func (s *Service) Ack(ctx context.Context, tenantID, playerID uint64, r Report) error {
	t, ok := ackTransitions[r.Status]
	if !ok {
		return domain.Invalid("invalid_ack", "unknown acknowledgement status", map[string]string{"status": "one of received, started, finished, failed, interrupted, skipped"})
	}
	at := clampReported(r.At, s.now())
	changed, err := s.Store.AdvancePlay(ctx, tenantID, playerID, r.PlayID, t.from, t.to, at, truncate(r.Error, 500))
	if err != nil {
		return err
	}
	if !changed {
		// Either not this player's play, or a repeated or late report of
		// a play already further on; both leave the record as it is.
		p, err := s.Store.Play(ctx, tenantID, r.PlayID)
		if err != nil {
			return err
		}
		if p.PlayerID != playerID {
			return domain.NotFound("play_not_found", "no such play for this player")
		}
	}
	return nil
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// offlineWindow is how far from an occurrence's time the play the server
// recorded for it may lie: fired a little late, or recorded missed.
const offlineWindow = 10 * time.Minute

// Offline records a scheduled occurrence the player played from its own
// agenda while it could not hear the server, on the play the server
// recorded for that occurrence, even one it had written off as skipped or
// missed: the player is the witness of what was heard.
func (s *Service) Offline(ctx context.Context, tenantID, playerID uint64, r Report) error {
	if r.ScheduleID == 0 || r.At.IsZero() || (r.Status != "finished" && r.Status != "failed") {
		return domain.Invalid("invalid_report", "an offline report names a schedule, its time and finished or failed",
			map[string]string{"schedule_id": "required", "at": "required", "status": "finished or failed"})
	}
	p, err := s.Store.ScheduledPlay(ctx, tenantID, playerID, r.ScheduleID, r.At.Add(-2*time.Minute), r.At.Add(offlineWindow))
	if err != nil {
		return err
	}
	now := s.now()
	started, finished := clampReported(r.StartedAt, now), clampReported(r.FinishedAt, now)
	open := []string{StatusPending, StatusReceived, StatusSkipped, StatusMissed}
	if r.Status == "failed" {
		_, err := s.Store.AdvancePlay(ctx, tenantID, playerID, p.ID, append(open, StatusStarted), StatusFailed, finished, truncate(r.Error, 500))
		return err
	}
	if _, err := s.Store.AdvancePlay(ctx, tenantID, playerID, p.ID, open, StatusStarted, started, ""); err != nil {
		return err
	}
	_, err = s.Store.AdvancePlay(ctx, tenantID, playerID, p.ID, []string{StatusStarted}, StatusPlayed, finished, "")
	return err
}

// clampReported takes a time from a player's clock, which may be wrong:
// never more than a minute ahead of the server's, the server's when absent.
func clampReported(at, now time.Time) time.Time {
	if at.IsZero() || at.After(now.Add(time.Minute)) {
		return now.UTC()
	}
	return at.UTC()
}

// Heartbeat records that a player is alive and what it plays.
func (s *Service) Heartbeat(ctx context.Context, tenantID, playerID uint64, r Report) error {
	return s.Store.Touch(ctx, tenantID, playerID, s.now().UTC(), truncate(r.Version, 40), truncate(r.NowPlaying, 200))
}

// Connected greets a player that has just said hello: it records the visit
// and returns its settings followed by the plays it missed while away.
func (s *Service) Connected(ctx context.Context, tenantID uint64, p Player, hello Report) ([]Command, error) {
	if err := s.Heartbeat(ctx, tenantID, p.ID, hello); err != nil {
		return nil, err
	}
	cmds := []Command{{V: ProtocolVersion, Type: CommandWelcome, Player: WelcomeFor(p)}}
	open, err := s.Store.OpenPlays(ctx, tenantID, p.ID, s.now().Add(-ReplayWindow).UTC())
	if err != nil {
		return nil, err
	}
	for _, play := range open {
		audio, err := s.Messages.Playable(ctx, tenantID, play.MessageID)
		if errors.Is(err, domain.ErrNotFound) {
			continue // deleted since; the expiry sweep records it skipped
		}
		if err != nil {
			return nil, err
		}
		cmds = append(cmds, s.playCommand(play, audio))
	}
	return cmds, nil
}

// ExpireStale records plays that never reached their player within the
// replay window as skipped, so the proof of play says what happened.
func (s *Service) ExpireStale(ctx context.Context) (int64, error) {
	return s.Store.ExpirePlays(ctx, s.now().Add(-ReplayWindow).UTC(), "the player was not connected in time")
}

// RunExpiry sweeps stale plays every interval until ctx ends.
func (s *Service) RunExpiry(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.ExpireStale(ctx); err != nil {
				s.Log.ErrorContext(ctx, "expire stale plays", "error", err)
			} else if n > 0 {
				s.Log.InfoContext(ctx, "plays expired", "count", n)
			}
		}
	}
}

// Report lists the proof of play.
func (s *Service) Report(ctx context.Context, tenantID uint64, q PlayQuery) ([]Play, int64, error) {
	if q.PerPage < 0 || q.PerPage > 500 {
		return nil, 0, domain.Invalid("invalid_query", "per_page goes from 1 to 500", map[string]string{"per_page": "must be 1 to 500"})
	}
	return s.Store.Plays(ctx, tenantID, q)
}
