package database

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"mediaflow/domain"
	"mediaflow/domain/stations"
)

type stationRow struct {
	TenantID     uint64 `gorm:"primaryKey;autoIncrement:false"`
	BaseURL      string `gorm:"column:base_url"`
	APIKeySealed string `gorm:"column:api_key_sealed"`
	StationID    string
	StationName  string
	Zone         string
	Playlist     string
	Enabled      bool
	UpdatedAt    time.Time
}

func (stationRow) TableName() string { return "stations" }

// StationStore keeps each tenant's AzuraCast station settings.
type StationStore struct {
	db *gorm.DB
}

// NewStationStore returns a station store on db.
func NewStationStore(db *gorm.DB) *StationStore { return &StationStore{db: db} }

var _ stations.Store = (*StationStore)(nil)

func (s *StationStore) scoped(ctx context.Context, tenantID uint64) *gorm.DB {
	return s.db.WithContext(ctx).Where("tenant_id = ?", tenantID)
}

// Station returns the tenant's station settings.
func (s *StationStore) Station(ctx context.Context, tenantID uint64) (*stations.Settings, error) {
	var r stationRow
	if err := s.scoped(ctx, tenantID).Take(&r).Error; err != nil {
		return nil, notFound(err, "station_not_found", "no station is connected")
	}
	return &stations.Settings{TenantID: r.TenantID, BaseURL: r.BaseURL, SealedKey: r.APIKeySealed, StationID: r.StationID,
		StationName: r.StationName, Zone: r.Zone, Playlist: r.Playlist, Enabled: r.Enabled, UpdatedAt: r.UpdatedAt}, nil
}

// SaveStation inserts or replaces the tenant's station settings.
func (s *StationStore) SaveStation(ctx context.Context, st *stations.Settings) error {
	r := stationRow{TenantID: st.TenantID, BaseURL: st.BaseURL, APIKeySealed: st.SealedKey, StationID: st.StationID,
		StationName: st.StationName, Zone: st.Zone, Playlist: st.Playlist, Enabled: st.Enabled, UpdatedAt: time.Now().UTC()}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "tenant_id"}}, UpdateAll: true}).Create(&r).Error
	if err != nil {
		return fmt.Errorf("save station of tenant %d: %w", st.TenantID, err)
	}
	st.UpdatedAt = r.UpdatedAt
	return nil
}

// DeleteStation disconnects the tenant's station.
func (s *StationStore) DeleteStation(ctx context.Context, tenantID uint64) error {
	res := s.scoped(ctx, tenantID).Delete(&stationRow{})
	if res.Error != nil {
		return fmt.Errorf("delete station of tenant %d: %w", tenantID, res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.NotFound("station_not_found", "no station is connected")
	}
	return nil
}
