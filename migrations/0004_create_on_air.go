package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// createOnAir adds what puts messages on air: the players paired to each
// tenant, deliveries and their plays (the proof of play), schedules with
// the runs that make each occurrence fire once, and the tenant's optional
// AzuraCast station.
func createOnAir() *gormigrate.Migration {
	type tenant struct{ ID uint64 }
	type message struct{ ID uint64 }
	type player struct {
		ID               uint64  `gorm:"primaryKey;autoIncrement"`
		TenantID         uint64  `gorm:"not null;uniqueIndex:ux_players_tenant_name,priority:1"`
		Name             string  `gorm:"size:100;not null;uniqueIndex:ux_players_tenant_name,priority:2"`
		Zone             string  `gorm:"size:100;not null;default:''"`
		Volume           int     `gorm:"not null;default:80"`
		DuckDB           int     `gorm:"column:duck_db;not null;default:-18"`
		DuckAttackMS     int     `gorm:"column:duck_attack_ms;not null;default:400"`
		DuckReleaseMS    int     `gorm:"column:duck_release_ms;not null;default:1200"`
		MusicEnabled     bool    `gorm:"not null;default:true"`
		MusicIDs         string  `gorm:"column:music_ids;type:text;not null;default:'[]'"` // JSON array of sound IDs
		CredentialHash   *string `gorm:"size:64;uniqueIndex:ux_players_credential"`        // NULL while unpaired
		PairedAt         *time.Time
		PairingCodeHash  *string `gorm:"size:64;index:ix_players_pairing_code"`
		PairingExpiresAt *time.Time
		LastSeenAt       *time.Time
		Version          string    `gorm:"size:40;not null;default:''"`
		NowPlaying       string    `gorm:"size:200;not null;default:''"`
		CreatedAt        time.Time `gorm:"not null"`
		UpdatedAt        time.Time `gorm:"not null"`
		Tenant           *tenant   `gorm:"constraint:OnDelete:CASCADE"`
	}
	type delivery struct {
		ID          uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID    uint64    `gorm:"not null;index:ix_deliveries_tenant_created,priority:1"`
		MessageID   uint64    `gorm:"not null"`
		Priority    int       `gorm:"not null"`
		Source      string    `gorm:"size:10;not null"`
		ScheduleID  *uint64   // no foreign key: deliveries outlive their schedule
		RequestedBy *uint64   // the user; NULL for schedules
		Targets     string    `gorm:"type:text;not null;default:'{}'"` // JSON
		CreatedAt   time.Time `gorm:"not null;index:ix_deliveries_tenant_created,priority:2"`
		Tenant      *tenant   `gorm:"constraint:OnDelete:CASCADE"`
	}
	type play struct {
		ID          uint64 `gorm:"primaryKey;autoIncrement"`
		TenantID    uint64 `gorm:"not null;index:ix_plays_tenant_requested,priority:1;index:ix_plays_tenant_player_status,priority:1"`
		DeliveryID  uint64 `gorm:"not null;index:ix_plays_delivery"`
		MessageID   uint64 `gorm:"not null"`
		MessageName string `gorm:"size:200;not null;default:''"`
		// PlayerID has no foreign key: the proof stays after a player goes.
		PlayerID    uint64    `gorm:"not null;index:ix_plays_tenant_player_status,priority:2"`
		PlayerName  string    `gorm:"size:100;not null;default:''"`
		Zone        string    `gorm:"size:100;not null;default:''"`
		ScheduleID  *uint64   `gorm:"index:ix_plays_schedule"`
		Source      string    `gorm:"size:10;not null"`
		Priority    int       `gorm:"not null"`
		Status      string    `gorm:"size:12;not null;index:ix_plays_tenant_player_status,priority:3;index:ix_plays_status_requested,priority:1"`
		RequestedAt time.Time `gorm:"not null;index:ix_plays_tenant_requested,priority:2;index:ix_plays_status_requested,priority:2"`
		ReceivedAt  *time.Time
		StartedAt   *time.Time
		FinishedAt  *time.Time
		Error       string    `gorm:"size:500;not null;default:''"`
		Tenant      *tenant   `gorm:"constraint:OnDelete:CASCADE"`
		Delivery    *delivery `gorm:"constraint:OnDelete:CASCADE"`
	}
	type schedule struct {
		ID        uint64     `gorm:"primaryKey;autoIncrement"`
		TenantID  uint64     `gorm:"not null;index:ix_schedules_tenant_message,priority:1"`
		MessageID uint64     `gorm:"not null;index:ix_schedules_tenant_message,priority:2"`
		Name      string     `gorm:"size:120;not null;default:''"`
		Kind      string     `gorm:"size:10;not null"`
		Rule      string     `gorm:"type:text;not null"` // JSON of the whole rule
		Priority  int        `gorm:"not null;default:4"`
		Targets   string     `gorm:"type:text;not null;default:'{}'"` // JSON
		Paused    bool       `gorm:"not null;default:false;index:ix_schedules_due,priority:1"`
		NextRunAt *time.Time `gorm:"index:ix_schedules_due,priority:2"` // UTC, whole seconds; NULL when none is left
		LastRunAt *time.Time
		CreatedBy *uint64
		CreatedAt time.Time `gorm:"not null"`
		UpdatedAt time.Time `gorm:"not null"`
		Tenant    *tenant   `gorm:"constraint:OnDelete:CASCADE"`
		Message   *message  `gorm:"constraint:OnDelete:CASCADE"`
	}
	type scheduleRun struct {
		ID           uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID     uint64    `gorm:"not null;index:ix_schedule_runs_tenant"`
		ScheduleID   uint64    `gorm:"not null;uniqueIndex:ux_schedule_runs_occurrence,priority:1"`
		OccurrenceAt time.Time `gorm:"not null;uniqueIndex:ux_schedule_runs_occurrence,priority:2"`
		Outcome      string    `gorm:"size:10;not null"`
		DeliveryID   *uint64
		Error        string    `gorm:"size:500;not null;default:''"`
		CreatedAt    time.Time `gorm:"not null"`
		Tenant       *tenant   `gorm:"constraint:OnDelete:CASCADE"`
		Schedule     *schedule `gorm:"constraint:OnDelete:CASCADE"`
	}
	type station struct {
		TenantID     uint64    `gorm:"primaryKey;autoIncrement:false"`
		BaseURL      string    `gorm:"column:base_url;size:255;not null"`
		APIKeySealed string    `gorm:"column:api_key_sealed;type:text;not null;default:''"` // encrypted with SECRET_KEY
		StationID    string    `gorm:"size:100;not null;default:''"`
		StationName  string    `gorm:"size:200;not null;default:''"` // as the station answered when last checked
		Zone         string    `gorm:"size:100;not null;default:''"`
		Playlist     string    `gorm:"size:100;not null;default:''"`
		Enabled      bool      `gorm:"not null;default:false"`
		UpdatedAt    time.Time `gorm:"not null"`
		Tenant       *tenant   `gorm:"constraint:OnDelete:CASCADE"`
	}
	return &gormigrate.Migration{
		ID: "202612030004_create_on_air",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(&player{}, &delivery{}, &play{}, &schedule{}, &scheduleRun{}); err != nil {
				return err
			}
			return tx.Table("stations").Migrator().CreateTable(&station{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("stations", "schedule_runs", "schedules", "plays", "deliveries", "players")
		},
	}
}
