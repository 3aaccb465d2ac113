package database

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"mediaflow/domain"
	"mediaflow/domain/schedules"
	"mediaflow/domain/studio"
)

type scheduleRow struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	MessageID uint64
	Name      string
	Kind      string
	Rule      string
	Priority  int
	Targets   string
	Paused    bool
	NextRunAt *time.Time
	LastRunAt *time.Time
	CreatedBy *uint64
	CreatedAt time.Time
	UpdatedAt time.Time

	// Read from the joined message, never written: what its title needs.
	MessageDisplayName string `gorm:"->"`
	MessageText        string `gorm:"->"`
}

func (scheduleRow) TableName() string { return "schedules" }

type scheduleRunRow struct {
	ID           uint64 `gorm:"primaryKey"`
	TenantID     uint64
	ScheduleID   uint64
	OccurrenceAt time.Time
	Outcome      string
	DeliveryID   *uint64
	Error        string
	CreatedAt    time.Time
}

func (scheduleRunRow) TableName() string { return "schedule_runs" }

// messageTitleSQL reads what a schedule's message needs for its title;
// the text only as far as the title shows, studio.TitleRunes characters
// (SUBSTR counts characters).
const messageTitleSQL = "messages.display_name AS message_display_name, SUBSTR(messages.text, 1, 60) AS message_text"

// defaultDueBatch bounds Due when the caller gives no limit.
const defaultDueBatch = 200

// errNoClaim rolls back a claim that lost the race; it never leaves the
// store.
var errNoClaim = errors.New("occurrence already claimed")

// ScheduleStore keeps schedules and the runs that fire them once.
type ScheduleStore struct {
	db *gorm.DB
}

// NewScheduleStore returns a schedule store on db.
func NewScheduleStore(db *gorm.DB) *ScheduleStore { return &ScheduleStore{db: db} }

var _ schedules.Store = (*ScheduleStore)(nil)

func errScheduleNotFound() error { return domain.NotFound("schedule_not_found", "no such schedule") }

// wholeSecond is how instants are stored and compared in schedules, so an
// equality test matches on SQLite, which keeps times as text, and on
// PostgreSQL alike.
func wholeSecond(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

func wholeSecondRef(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := wholeSecond(*t)
	return &u
}

// scoped reads schedules with their message's name; every condition must
// name its table, because messages has the same columns.
func (s *ScheduleStore) scoped(ctx context.Context, tenantID uint64) *gorm.DB {
	return s.named(ctx).Where("schedules.tenant_id = ?", tenantID)
}

func (s *ScheduleStore) named(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Table("schedules").Select("schedules.*, " + messageTitleSQL).
		Joins("JOIN messages ON messages.id = schedules.message_id AND messages.tenant_id = schedules.tenant_id")
}

func toSchedule(r scheduleRow) (schedules.Schedule, error) {
	sc := schedules.Schedule{ID: r.ID, TenantID: r.TenantID, MessageID: r.MessageID, Name: r.Name, Priority: r.Priority,
		Paused: r.Paused, NextRunAt: utcRef(r.NextRunAt), LastRunAt: utcRef(r.LastRunAt), CreatedBy: deref(r.CreatedBy),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		MessageName: studio.Message{DisplayName: r.MessageDisplayName, Text: r.MessageText}.Title()}
	if err := json.Unmarshal([]byte(r.Rule), &sc.Rule); err != nil {
		return sc, fmt.Errorf("decode rule of schedule %d: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Targets), &sc.Targets); err != nil {
		return sc, fmt.Errorf("decode targets of schedule %d: %w", r.ID, err)
	}
	return sc, nil
}

func (s *ScheduleStore) find(db *gorm.DB) ([]schedules.Schedule, error) {
	var rows []scheduleRow
	if err := db.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list schedules: %w", err)
	}
	out := make([]schedules.Schedule, 0, len(rows))
	for _, r := range rows {
		sc, err := toSchedule(r)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// Schedules lists the tenant's schedules, soonest first; those with no
// next run come last.
func (s *ScheduleStore) Schedules(ctx context.Context, tenantID uint64) ([]schedules.Schedule, error) {
	return s.find(s.scoped(ctx, tenantID).
		Order("CASE WHEN schedules.next_run_at IS NULL THEN 1 ELSE 0 END, schedules.next_run_at, schedules.id"))
}

// Schedule returns one of the tenant's schedules.
func (s *ScheduleStore) Schedule(ctx context.Context, tenantID, id uint64) (*schedules.Schedule, error) {
	var r scheduleRow
	if err := s.scoped(ctx, tenantID).Where("schedules.id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "schedule_not_found", "no such schedule")
	}
	sc, err := toSchedule(r)
	if err != nil {
		return nil, err
	}
	return &sc, nil
}

// SaveSchedule inserts sc when its ID is 0 and otherwise replaces its
// message, name, rule, priority, targets, pause and next run. The message
// must be the tenant's. NextRunAt is stored, and left, in whole seconds.
func (s *ScheduleStore) SaveSchedule(ctx context.Context, sc *schedules.Schedule) error {
	rule, err := json.Marshal(sc.Rule)
	if err != nil {
		return fmt.Errorf("encode rule: %w", err)
	}
	targets, err := json.Marshal(sc.Targets)
	if err != nil {
		return fmt.Errorf("encode targets: %w", err)
	}
	r := scheduleRow{ID: sc.ID, TenantID: sc.TenantID, MessageID: sc.MessageID, Name: sc.Name, Kind: string(sc.Rule.Kind),
		Rule: string(rule), Priority: sc.Priority, Targets: string(targets), Paused: sc.Paused,
		NextRunAt: wholeSecondRef(sc.NextRunAt), CreatedBy: ref(sc.CreatedBy), UpdatedAt: time.Now().UTC()}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := messageOfTenant(tx, sc.TenantID, sc.MessageID); err != nil {
			return err
		}
		if r.ID == 0 {
			return tx.Create(&r).Error
		}
		return updateSchedule(tx, r)
	})
	if err != nil {
		return err
	}
	sc.ID, sc.NextRunAt, sc.UpdatedAt = r.ID, r.NextRunAt, r.UpdatedAt
	if !r.CreatedAt.IsZero() {
		sc.CreatedAt = r.CreatedAt
	}
	return nil
}

func messageOfTenant(tx *gorm.DB, tenantID, messageID uint64) error {
	var n int64
	if err := tx.Model(&messageRow{}).Where("tenant_id = ? AND id = ?", tenantID, messageID).Count(&n).Error; err != nil {
		return fmt.Errorf("find message %d: %w", messageID, err)
	}
	if n == 0 {
		return domain.NotFound("message_not_found", "no such message")
	}
	return nil
}

func updateSchedule(tx *gorm.DB, r scheduleRow) error {
	res := tx.Model(&scheduleRow{}).Where("tenant_id = ? AND id = ?", r.TenantID, r.ID).Updates(map[string]any{
		"message_id": r.MessageID, "name": r.Name, "kind": r.Kind, "rule": r.Rule, "priority": r.Priority,
		"targets": r.Targets, "paused": r.Paused, "next_run_at": r.NextRunAt, "updated_at": r.UpdatedAt,
	})
	if res.Error != nil {
		return fmt.Errorf("update schedule %d: %w", r.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return errScheduleNotFound()
	}
	return nil
}

// DeleteSchedule removes one of the tenant's schedules and its runs; what
// it played stays in the proof of play.
func (s *ScheduleStore) DeleteSchedule(ctx context.Context, tenantID, id uint64) error {
	res := s.db.WithContext(ctx).Where("tenant_id = ? AND id = ?", tenantID, id).Delete(&scheduleRow{})
	if res.Error != nil {
		return fmt.Errorf("delete schedule %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return errScheduleNotFound()
	}
	return nil
}

// Due lists unpaused schedules of every tenant whose next run is at or
// before now, earliest first.
func (s *ScheduleStore) Due(ctx context.Context, now time.Time, limit int) ([]schedules.Schedule, error) {
	if limit <= 0 {
		limit = defaultDueBatch
	}
	return s.find(s.named(ctx).
		Where("schedules.paused = ? AND schedules.next_run_at IS NOT NULL AND schedules.next_run_at <= ?", false, wholeSecond(now)).
		Order("schedules.next_run_at, schedules.id").Limit(limit))
}

// Claim moves the schedule's next run from due to next only where it still
// is due, and records run in the same transaction. It reports false, with
// nothing written, when another claimer got there first.
func (s *ScheduleStore) Claim(ctx context.Context, tenantID, scheduleID uint64, due time.Time, next *time.Time, run *schedules.Run) (bool, error) {
	due = wholeSecond(due)
	now := time.Now().UTC()
	r := scheduleRunRow{TenantID: tenantID, ScheduleID: scheduleID, OccurrenceAt: due, Outcome: run.Outcome,
		DeliveryID: ref(run.DeliveryID), Error: truncate(run.Error, 500), CreatedAt: now}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec("UPDATE schedules SET next_run_at = ?, last_run_at = ?, updated_at = ? "+
			"WHERE id = ? AND tenant_id = ? AND paused = ? AND next_run_at = ?",
			wholeSecondRef(next), due, now, scheduleID, tenantID, false, due)
		if res.Error != nil {
			return fmt.Errorf("move next run: %w", res.Error)
		}
		if res.RowsAffected != 1 {
			return errNoClaim
		}
		if err := tx.Create(&r).Error; errors.Is(err, gorm.ErrDuplicatedKey) {
			return errNoClaim
		} else if err != nil {
			return fmt.Errorf("record run: %w", err)
		}
		return nil
	})
	if errors.Is(err, errNoClaim) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim schedule %d at %s: %w", scheduleID, due.Format(time.RFC3339), err)
	}
	run.ID, run.TenantID, run.ScheduleID, run.OccurrenceAt, run.CreatedAt = r.ID, tenantID, scheduleID, due, r.CreatedAt
	return true, nil
}

// FinishRun records how a claimed run ended.
func (s *ScheduleStore) FinishRun(ctx context.Context, tenantID, runID uint64, outcome string, deliveryID uint64, errText string) error {
	res := s.db.WithContext(ctx).Model(&scheduleRunRow{}).Where("tenant_id = ? AND id = ?", tenantID, runID).
		Updates(map[string]any{"outcome": outcome, "delivery_id": ref(deliveryID), "error": truncate(errText, 500)})
	if res.Error != nil {
		return fmt.Errorf("finish run %d: %w", runID, res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.NotFound("run_not_found", "no such schedule run")
	}
	return nil
}
