package schedules

import (
	"context"
	"time"

	"mediaflow/domain/players"
)

// Schedule plays a message on some players whenever its rule says.
type Schedule struct {
	ID        uint64
	TenantID  uint64
	MessageID uint64
	Name      string // optional; the message's name is shown otherwise
	Rule      Rule
	Priority  int
	Targets   players.Targets
	Paused    bool
	// NextRunAt is the next occurrence in UTC, nil when none is left.
	NextRunAt *time.Time
	LastRunAt *time.Time
	CreatedBy uint64
	CreatedAt time.Time
	UpdatedAt time.Time

	MessageName string // filled by reads
}

// Run outcomes.
const (
	RunFired  = "fired"
	RunMissed = "missed"
	RunFailed = "failed"
)

// Run is one occurrence a replica claimed, kept once per schedule and
// occurrence so it can never fire twice.
type Run struct {
	ID           uint64
	TenantID     uint64
	ScheduleID   uint64
	OccurrenceAt time.Time
	Outcome      string
	DeliveryID   uint64
	Error        string
	CreatedAt    time.Time
}

// Store persists schedules. Every tenant method takes the tenant ID and
// every query filters by it.
type Store interface {
	Schedules(ctx context.Context, tenantID uint64) ([]Schedule, error)
	Schedule(ctx context.Context, tenantID, id uint64) (*Schedule, error)
	// SaveSchedule inserts s when its ID is 0 and replaces its rule,
	// targets, priority, message, pause and next run otherwise.
	SaveSchedule(ctx context.Context, s *Schedule) error
	DeleteSchedule(ctx context.Context, tenantID, id uint64) error

	// Due lists unpaused schedules of every tenant whose next run is at or
	// before now, earliest first.
	Due(ctx context.Context, now time.Time, limit int) ([]Schedule, error)
	// Claim moves a schedule's next run from due to next (nil: none left)
	// only if it still is due, and records run in the same transaction. It
	// reports false when another replica claimed the occurrence first.
	Claim(ctx context.Context, tenantID, scheduleID uint64, due time.Time, next *time.Time, run *Run) (bool, error)
	// FinishRun records how a claimed run ended.
	FinishRun(ctx context.Context, tenantID, runID uint64, outcome string, deliveryID uint64, errText string) error
}

// Dispatcher plays messages on players and records missed occurrences.
type Dispatcher interface {
	Dispatch(ctx context.Context, tenantID uint64, r players.Request) (*players.Delivery, error)
	RecordMissed(ctx context.Context, tenantID uint64, r players.Request, due time.Time) error
}

// Zones returns a tenant's time zone.
type Zones func(ctx context.Context, tenantID uint64) (*time.Location, error)

// Messages checks that a message is the tenant's and names it.
type Messages interface {
	Playable(ctx context.Context, tenantID, messageID uint64) (players.Audio, error)
}
