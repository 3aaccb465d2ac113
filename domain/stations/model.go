// Package stations sends announcements to a tenant's own AzuraCast radio
// station, beside its players.
package stations

import (
	"context"
	"time"
)

// Settings connect a tenant to its AzuraCast station.
type Settings struct {
	TenantID  uint64
	BaseURL   string
	SealedKey string // the API key, encrypted; never returned by the API
	StationID string
	// StationName is the station's own name, as it answered the last check.
	StationName string
	// Zone limits the station to deliveries that target this zone; empty
	// means deliveries to all players only.
	Zone      string
	Playlist  string
	Enabled   bool
	UpdatedAt time.Time
}

// Store keeps each tenant's station settings.
type Store interface {
	// Station returns the tenant's settings or a not-found error.
	Station(ctx context.Context, tenantID uint64) (*Settings, error)
	SaveStation(ctx context.Context, s *Settings) error // insert or replace
	DeleteStation(ctx context.Context, tenantID uint64) error
}
