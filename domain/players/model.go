// Package players delivers announcements to the players in a mall: the
// devices that play the tenant's music and its spots, paired with a one-time
// code, reached over a live channel, and the proof of what each one played.
package players

import (
	"time"
)

// Limits and defaults.
const (
	DefaultVolume        = 80
	DefaultDuckDB        = -18
	DefaultDuckAttackMS  = 400
	DefaultDuckReleaseMS = 1200
	// DefaultOfflineAfter is how long a player may stay silent before the
	// admin sees it offline.
	DefaultOfflineAfter = 60 * time.Second
	// PairingCodeTTL is how long a pairing code may be used.
	PairingCodeTTL = 15 * time.Minute
	// ReplayWindow bounds how old a play may be and still reach a player
	// that reconnects; older ones are recorded as skipped.
	ReplayWindow = 10 * time.Minute
)

// Player is a device that plays a tenant's music and announcements.
type Player struct {
	ID            uint64
	TenantID      uint64
	Name          string
	Zone          string
	Volume        int // 0–100
	DuckDB        int // music level under an announcement, −40…0 dB
	DuckAttackMS  int // ramp down, 50–5000 ms
	DuckReleaseMS int // ramp up, 50–5000 ms
	MusicEnabled  bool
	MusicIDs      []uint64 // music beds to play; empty means every active bed
	Paired        bool     // holds a device credential
	PairedAt      *time.Time
	LastSeenAt    *time.Time
	Version       string
	NowPlaying    string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Online reports whether the player was heard from within offlineAfter.
func (p Player) Online(now time.Time, offlineAfter time.Duration) bool {
	return p.LastSeenAt != nil && now.Sub(*p.LastSeenAt) <= offlineAfter
}

// Priorities, most urgent first.
const (
	PriorityEmergency  = 1 // mutes music, interrupts anything
	PriorityUrgent     = 2 // interrupts lower priorities
	PriorityOperations = 3
	PriorityNormal     = 4 // the default
	PriorityLow        = 5 // waits for the current item to end
)

// Targets chooses players: all of the tenant's, those in some zones, or
// some players by ID. Zones and players add up.
type Targets struct {
	All       bool     `json:"all,omitempty"`
	Zones     []string `json:"zones,omitempty"`
	PlayerIDs []uint64 `json:"player_ids,omitempty"`
}

// Empty reports whether the targets choose nothing.
func (t Targets) Empty() bool { return !t.All && len(t.Zones) == 0 && len(t.PlayerIDs) == 0 }

// Includes reports whether the targets choose p.
func (t Targets) Includes(p Player) bool {
	if t.All {
		return true
	}
	for _, z := range t.Zones {
		if z == p.Zone {
			return true
		}
	}
	for _, id := range t.PlayerIDs {
		if id == p.ID {
			return true
		}
	}
	return false
}

// Sources of a play.
const (
	SourceManual   = "manual"
	SourceSchedule = "schedule"
)

// Play statuses. A play starts pending and moves forward only; the last
// five are outcomes and final.
const (
	StatusPending     = "pending"  // recorded, not yet acknowledged by the player
	StatusReceived    = "received" // the player has it queued
	StatusStarted     = "started"
	StatusPlayed      = "played"
	StatusFailed      = "failed"
	StatusInterrupted = "interrupted"
	StatusSkipped     = "skipped"
	StatusMissed      = "missed" // a schedule's occurrence the server could not fire in time
)

// Final reports whether status is an outcome.
func Final(status string) bool {
	switch status {
	case StatusPlayed, StatusFailed, StatusInterrupted, StatusSkipped, StatusMissed:
		return true
	}
	return false
}

// Delivery is one request to play a message on some players.
type Delivery struct {
	ID          uint64
	TenantID    uint64
	MessageID   uint64
	Priority    int
	Source      string
	ScheduleID  uint64 // 0 unless Source is SourceSchedule
	RequestedBy uint64 // the user, 0 for schedules
	Targets     Targets
	CreatedAt   time.Time
	Plays       []Play
}

// Play is one message on one player: the proof-of-play record.
type Play struct {
	ID          uint64
	TenantID    uint64
	DeliveryID  uint64
	MessageID   uint64
	PlayerID    uint64
	ScheduleID  uint64
	Source      string
	Priority    int
	Status      string
	RequestedAt time.Time
	ReceivedAt  *time.Time
	StartedAt   *time.Time
	FinishedAt  *time.Time
	Error       string

	// Kept with the play, so the proof stays readable after the message
	// or the player is gone.
	MessageName string
	PlayerName  string
	Zone        string
}

// PlayQuery filters the proof-of-play report. Zero values do not filter.
type PlayQuery struct {
	From, To  time.Time // requested_at in [From, To)
	PlayerID  uint64
	Zone      string
	MessageID uint64
	Source    string
	Status    string
	Page      int // from 1
	PerPage   int // 1–500; 0 means every row (exports)
}
