package players

import (
	"context"
	"time"
)

// Store persists players, deliveries and plays. Every method takes the
// tenant ID and every query filters by it.
type Store interface {
	Players(ctx context.Context, tenantID uint64) ([]Player, error)
	Player(ctx context.Context, tenantID, id uint64) (*Player, error)
	// SavePlayer inserts p when its ID is 0 and updates its settings
	// otherwise (name, zone, volume, ducking, music); it never touches the
	// credential, pairing or presence columns.
	SavePlayer(ctx context.Context, p *Player) error
	DeletePlayer(ctx context.Context, tenantID, id uint64) error

	// SetPairingCode stores the hash of a player's new pairing code,
	// replacing any earlier one.
	SetPairingCode(ctx context.Context, tenantID, playerID uint64, codeHash string, expiresAt time.Time) error
	// RedeemPairingCode finds the player whose unexpired code has codeHash,
	// clears the code and stores credentialHash, in one transaction. It
	// returns a not-found error when no code matches.
	RedeemPairingCode(ctx context.Context, tenantID uint64, codeHash, credentialHash string, now time.Time) (*Player, error)
	// SetCredential replaces the player's credential; "" revokes it.
	SetCredential(ctx context.Context, tenantID, playerID uint64, credentialHash string) error
	PlayerByCredential(ctx context.Context, tenantID uint64, credentialHash string) (*Player, error)
	// Touch records that the player was heard from.
	Touch(ctx context.Context, tenantID, playerID uint64, seen time.Time, version, nowPlaying string) error

	// CreateDelivery inserts d and its plays in one transaction, filling IDs.
	CreateDelivery(ctx context.Context, d *Delivery) error
	Delivery(ctx context.Context, tenantID, id uint64) (*Delivery, error)
	Play(ctx context.Context, tenantID, id uint64) (*Play, error)
	// ScheduledPlay returns the player's latest play of a schedule requested
	// within [from, to], or a not-found error.
	ScheduledPlay(ctx context.Context, tenantID, playerID, scheduleID uint64, from, to time.Time) (*Play, error)
	// AdvancePlay moves one of the player's plays to status when its
	// current status is one of from, setting the time column that goes
	// with status (received, started, or finished for outcomes) and the
	// error text. It reports whether a row changed.
	AdvancePlay(ctx context.Context, tenantID, playerID, playID uint64, from []string, status string, at time.Time, errText string) (bool, error)
	// OpenPlays lists the player's plays still pending or received (not
	// started), requested at or after since, oldest first: what a player
	// that reconnects or reloads must queue again.
	OpenPlays(ctx context.Context, tenantID, playerID uint64, since time.Time) ([]Play, error)
	// ExpirePlays marks plays still pending that were requested before
	// cut-off as skipped with errText, across tenants, and returns how many.
	ExpirePlays(ctx context.Context, before time.Time, errText string) (int64, error)
	// Plays lists the report's rows, newest first, with the total count.
	Plays(ctx context.Context, tenantID uint64, q PlayQuery) ([]Play, int64, error)
}

// Messages tells the service about the tenant's messages.
type Messages interface {
	// Playable returns a ready message's display name and duration, or a
	// not-found error when the tenant has no such ready message.
	Playable(ctx context.Context, tenantID, messageID uint64) (Audio, error)
}

// Audio describes a message a player can play.
type Audio struct {
	Title           string
	DurationSeconds float64
}

// Live sends commands to connected players, on whichever replica holds
// their connection.
type Live interface {
	Send(ctx context.Context, tenantID uint64, playerIDs []uint64, cmd Command) error
}

// Output plays a delivery somewhere other than the tenant's players, such
// as an AzuraCast station. It returns false when it does not serve targets.
type Output interface {
	Deliver(ctx context.Context, tenantID uint64, d Delivery) (bool, error)
}
