package schedules

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mediaflow/domain"
	"mediaflow/domain/audit"
	"mediaflow/domain/players"
)

// Defaults.
const (
	// DefaultGrace is how late an occurrence may still fire; past it the
	// occurrence is recorded as missed instead of playing late.
	DefaultGrace = 2 * time.Minute
	// MaxCalendarDays bounds one calendar request.
	MaxCalendarDays  = 62
	maxCalendarItems = 20000
	claimBatch       = 200
)

// Deps are the collaborators of the schedules service.
type Deps struct {
	Store      Store
	Dispatcher Dispatcher
	Messages   Messages
	Zones      Zones
	Audit      *audit.Recorder
	Log        *slog.Logger
	Grace      time.Duration
}

// Service keeps schedules and fires their occurrences exactly once across
// every replica that runs it.
type Service struct {
	Deps
	now func() time.Time
}

// NewService returns a schedules service; call Run to start firing.
func NewService(d Deps) *Service {
	if d.Grace <= 0 {
		d.Grace = DefaultGrace
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{Deps: d, now: time.Now}
}

// Schedules lists the tenant's schedules.
func (s *Service) Schedules(ctx context.Context, tenantID uint64) ([]Schedule, error) {
	return s.Store.Schedules(ctx, tenantID)
}

// Schedule returns one of the tenant's schedules.
func (s *Service) Schedule(ctx context.Context, tenantID, id uint64) (*Schedule, error) {
	return s.Store.Schedule(ctx, tenantID, id)
}

// Save validates a new or edited schedule, computes its next run at once
// and stores it.
func (s *Service) Save(ctx context.Context, sc *Schedule) error {
	sc.Rule = sc.Rule.Normalized()
	sc.Name = strings.TrimSpace(sc.Name)
	if sc.Priority == 0 {
		sc.Priority = players.PriorityNormal
	}
	details := map[string]string{}
	var ruleErr *domain.Error
	if err := sc.Rule.Validate(); errors.As(err, &ruleErr) {
		for k, v := range ruleErr.Details {
			details[k] = v
		}
	} else if err != nil {
		return err
	}
	if sc.Priority < players.PriorityEmergency || sc.Priority > players.PriorityLow {
		details["priority"] = "must be 1 to 5"
	}
	if sc.Targets.Empty() {
		details["targets"] = "choose all players, some zones or some players"
	}
	if utf8.RuneCountInString(sc.Name) > 120 {
		details["name"] = "must have at most 120 characters"
	}
	if _, err := s.Messages.Playable(ctx, sc.TenantID, sc.MessageID); errors.Is(err, domain.ErrNotFound) {
		details["message_id"] = "no such ready message"
	} else if err != nil {
		return err
	}
	if len(details) > 0 {
		return domain.Invalid("invalid_schedule", "the schedule is not valid", details)
	}
	if err := s.setNext(ctx, sc); err != nil {
		return err
	}
	created := sc.ID == 0
	if err := s.Store.SaveSchedule(ctx, sc); err != nil {
		return err
	}
	action := "schedule.updated"
	if created {
		action = "schedule.created"
	}
	s.Audit.RecordAction(ctx, sc.TenantID, action, strconv.FormatUint(sc.ID, 10), map[string]string{"kind": string(sc.Rule.Kind)})
	return nil
}

// setNext computes the next run from now, so an edit takes effect at once
// and a paused schedule resumes from the present, not from its past.
func (s *Service) setNext(ctx context.Context, sc *Schedule) error {
	loc, err := s.Zones(ctx, sc.TenantID)
	if err != nil {
		return fmt.Errorf("time zone of tenant %d: %w", sc.TenantID, err)
	}
	sc.NextRunAt = nil
	if next, ok := sc.Rule.Next(s.now().Add(-time.Second), loc); ok && !sc.Paused {
		sc.NextRunAt = &next
	}
	return nil
}

// SetPaused pauses or resumes a schedule; resuming recomputes its next run.
func (s *Service) SetPaused(ctx context.Context, tenantID, id uint64, paused bool) (*Schedule, error) {
	sc, err := s.Store.Schedule(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	sc.Paused = paused
	if err := s.setNext(ctx, sc); err != nil {
		return nil, err
	}
	if err := s.Store.SaveSchedule(ctx, sc); err != nil {
		return nil, err
	}
	action := "schedule.resumed"
	if paused {
		action = "schedule.paused"
	}
	s.Audit.RecordAction(ctx, tenantID, action, strconv.FormatUint(id, 10), nil)
	return sc, nil
}

// Delete removes a schedule; what it played stays in the proof of play.
func (s *Service) Delete(ctx context.Context, tenantID, id uint64) error {
	if err := s.Store.DeleteSchedule(ctx, tenantID, id); err != nil {
		return err
	}
	s.Audit.RecordAction(ctx, tenantID, "schedule.deleted", strconv.FormatUint(id, 10), nil)
	return nil
}

// Run fires due occurrences every poll interval until ctx ends.
func (s *Service) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := s.FireDue(ctx); err != nil && ctx.Err() == nil {
			s.Log.ErrorContext(ctx, "fire due schedules", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// FireDue claims and fires every occurrence due now, and returns how many
// this replica claimed. Occurrences later than the grace window are
// recorded as missed.
func (s *Service) FireDue(ctx context.Context) (int, error) {
	claimed := 0
	for {
		due, err := s.Store.Due(ctx, s.now().UTC(), claimBatch)
		if err != nil {
			return claimed, err
		}
		n := 0
		for _, sc := range due {
			ok, err := s.fire(ctx, sc)
			if err != nil {
				s.Log.ErrorContext(ctx, "fire schedule", "tenant_id", sc.TenantID, "schedule_id", sc.ID, "error", err)
				continue
			}
			if ok {
				n++
			}
		}
		claimed += n
		// Each pass moves every due schedule on by one occurrence; a
		// server back from a long outage goes on until it has caught up.
		if n == 0 || ctx.Err() != nil {
			return claimed, nil
		}
	}
}

// fire claims one due occurrence; the replica whose claim wins plays it.
func (s *Service) fire(ctx context.Context, sc Schedule) (bool, error) {
	loc, err := s.Zones(ctx, sc.TenantID)
	if err != nil {
		return false, err
	}
	due := *sc.NextRunAt
	var next *time.Time
	if n, ok := sc.Rule.Next(due, loc); ok {
		next = &n
	}
	late := s.now().Sub(due) > s.Grace
	run := &Run{TenantID: sc.TenantID, ScheduleID: sc.ID, OccurrenceAt: due, Outcome: RunFired}
	if late {
		run.Outcome = RunMissed
	}
	won, err := s.Store.Claim(ctx, sc.TenantID, sc.ID, due, next, run)
	if err != nil || !won {
		return false, err
	}
	req := players.Request{MessageID: sc.MessageID, Targets: sc.Targets, Priority: sc.Priority,
		Source: players.SourceSchedule, ScheduleID: sc.ID}
	log := s.Log.With("tenant_id", sc.TenantID, "schedule_id", sc.ID, "occurrence", due)
	if late {
		if err := s.Dispatcher.RecordMissed(ctx, sc.TenantID, req, due); err != nil {
			log.WarnContext(ctx, "missed occurrence not recorded in proof of play", "error", err)
		}
		log.WarnContext(ctx, "schedule occurrence missed", "late_ms", s.now().Sub(due).Milliseconds())
		return true, nil
	}
	d, err := s.Dispatcher.Dispatch(ctx, sc.TenantID, req)
	if err != nil {
		log.WarnContext(ctx, "schedule occurrence failed", "error", err)
		return true, s.Store.FinishRun(ctx, sc.TenantID, run.ID, RunFailed, 0, err.Error())
	}
	log.InfoContext(ctx, "schedule fired", "delivery_id", d.ID, "players", len(d.Plays))
	return true, s.Store.FinishRun(ctx, sc.TenantID, run.ID, RunFired, d.ID, "")
}

// Occurrence is one expected play of a schedule, for the calendar.
type Occurrence struct {
	ScheduleID uint64
	MessageID  uint64
	Title      string
	Priority   int
	Targets    players.Targets
	Paused     bool
	At         time.Time // UTC
	Local      time.Time // in the tenant's zone
}

// Calendar expands every schedule's occurrences between two local dates,
// both inclusive, ordered by time.
func (s *Service) Calendar(ctx context.Context, tenantID uint64, fromDate, toDate string) ([]Occurrence, error) {
	loc, err := s.Zones(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	from, err1 := time.ParseInLocation(time.DateOnly, fromDate, loc)
	to, err2 := time.ParseInLocation(time.DateOnly, toDate, loc)
	details := map[string]string{}
	if err1 != nil {
		details["from"] = "must be a date YYYY-MM-DD"
	}
	if err2 != nil {
		details["to"] = "must be a date YYYY-MM-DD"
	}
	if err1 == nil && err2 == nil && (to.Before(from) || civilDays(from, to) > MaxCalendarDays) {
		details["to"] = fmt.Sprintf("must be on or after from, at most %d days later", MaxCalendarDays)
	}
	if len(details) > 0 {
		return nil, domain.Invalid("invalid_range", "the calendar range is not valid", details)
	}
	end := time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, loc)
	all, err := s.Store.Schedules(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	var out []Occurrence
	for _, sc := range all {
		for _, at := range sc.Rule.Occurrences(from, end, loc, maxCalendarItems) {
			out = append(out, Occurrence{ScheduleID: sc.ID, MessageID: sc.MessageID, Title: title(sc), Priority: sc.Priority,
				Targets: sc.Targets, Paused: sc.Paused, At: at.UTC(), Local: at.In(loc)})
		}
	}
	sortOccurrences(out)
	if len(out) > maxCalendarItems {
		out = out[:maxCalendarItems]
	}
	return out, nil
}

// civilDays counts calendar days from a to b, whatever their length in
// hours: a day of a daylight-saving change has 23 or 25.
func civilDays(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

func title(sc Schedule) string {
	if sc.Name != "" {
		return sc.Name
	}
	return sc.MessageName
}

// Upcoming lists the active schedules' plays for player p between from and
// to, so the player can fetch their audio ahead of time.
func (s *Service) Upcoming(ctx context.Context, tenantID uint64, p players.Player, from, to time.Time) ([]players.Upcoming, error) {
	loc, err := s.Zones(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.Schedules(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	var out []players.Upcoming
	for _, sc := range all {
		if sc.Paused || !sc.Targets.Includes(p) {
			continue
		}
		for _, at := range sc.Rule.Occurrences(from, to, loc, 50) {
			out = append(out, players.Upcoming{ScheduleID: sc.ID, MessageID: sc.MessageID, Priority: sc.Priority, At: at.UTC()})
		}
	}
	return out, nil
}

func sortOccurrences(o []Occurrence) {
	slices.SortStableFunc(o, func(a, b Occurrence) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.ScheduleID, b.ScheduleID)
	})
}
