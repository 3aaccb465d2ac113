package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// createStudio adds what the announcement studio keeps per tenant: voices,
// sounds (music beds and chimes), categories, messages with their render
// jobs, cached speech, and the tenant's audio settings.
func createStudio() *gormigrate.Migration {
	type tenant struct{ ID uint64 }
	type voice struct {
		ID              uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID        uint64    `gorm:"not null;uniqueIndex:ux_voices_tenant_name,priority:1"`
		Provider        string    `gorm:"size:20;not null"`
		ProviderVoiceID string    `gorm:"size:120;not null"`
		Name            string    `gorm:"size:100;not null;uniqueIndex:ux_voices_tenant_name,priority:2"`
		Gender          string    `gorm:"size:1;not null;default:''"`
		Accent          string    `gorm:"size:50;not null;default:''"`
		Description     string    `gorm:"size:500;not null;default:''"`
		Stability       int       `gorm:"not null;default:50"`
		Similarity      int       `gorm:"not null;default:75"`
		Style           int       `gorm:"not null;default:0"`
		SpeakerBoost    bool      `gorm:"not null;default:true"`
		Speed           float64   `gorm:"not null;default:1"`
		GainDB          float64   `gorm:"not null;default:0"`
		LeadSilenceMS   int       `gorm:"not null;default:0"`
		TrailSilenceMS  int       `gorm:"not null;default:0"`
		IsDefault       bool      `gorm:"not null;default:false"`
		SortOrder       int       `gorm:"not null;default:0"`
		Active          bool      `gorm:"not null;default:true"`
		CreatedAt       time.Time `gorm:"not null"`
		UpdatedAt       time.Time `gorm:"not null"`
		Tenant          *tenant   `gorm:"constraint:OnDelete:CASCADE"`
	}
	type sound struct {
		ID              uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID        uint64    `gorm:"not null;index:ix_sounds_tenant_kind,priority:1"`
		Kind            string    `gorm:"size:10;not null;index:ix_sounds_tenant_kind,priority:2"`
		Name            string    `gorm:"size:100;not null"`
		Artist          string    `gorm:"size:100;not null;default:''"`
		Mood            string    `gorm:"size:50;not null;default:''"`
		StorageKey      string    `gorm:"size:255;not null"`
		DurationSeconds float64   `gorm:"not null;default:0"`
		LoudnessLUFS    float64   `gorm:"not null;default:0"`
		TruePeakDBTP    float64   `gorm:"not null;default:0"`
		IsDefault       bool      `gorm:"not null;default:false"`
		SortOrder       int       `gorm:"not null;default:0"`
		Active          bool      `gorm:"not null;default:true"`
		CreatedAt       time.Time `gorm:"not null"`
		UpdatedAt       time.Time `gorm:"not null"`
		Tenant          *tenant   `gorm:"constraint:OnDelete:CASCADE"`
	}
	type category struct {
		ID        uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID  uint64    `gorm:"not null;uniqueIndex:ux_categories_tenant_name,priority:1"`
		Name      string    `gorm:"size:100;not null;uniqueIndex:ux_categories_tenant_name,priority:2"`
		Icon      string    `gorm:"size:50;not null;default:''"`
		Color     string    `gorm:"size:7;not null;default:''"`
		SortOrder int       `gorm:"not null;default:0"`
		CreatedAt time.Time `gorm:"not null"`
		UpdatedAt time.Time `gorm:"not null"`
		Tenant    *tenant   `gorm:"constraint:OnDelete:CASCADE"`
	}
	type message struct {
		ID              uint64  `gorm:"primaryKey;autoIncrement"`
		TenantID        uint64  `gorm:"not null;index:ix_messages_tenant_saved,priority:1;index:ix_messages_tenant_status,priority:1"`
		Source          string  `gorm:"size:10;not null;default:studio"`
		Text            string  `gorm:"type:text;not null"`
		SpokenText      string  `gorm:"type:text;not null;default:''"`
		NormalizeText   bool    `gorm:"not null;default:true"`
		VoiceID         *uint64 `gorm:"index"`
		MusicID         *uint64
		IntroChimeID    *uint64
		OutroChimeID    *uint64
		CategoryID      *uint64 `gorm:"index"`
		Status          string  `gorm:"size:12;not null;index:ix_messages_tenant_status,priority:2"`
		Progress        int     `gorm:"not null;default:0"`
		Attempts        int     `gorm:"not null;default:0"`
		ErrorCode       string  `gorm:"size:64;not null;default:''"`
		ErrorMessage    string  `gorm:"size:500;not null;default:''"`
		AudioKey        string  `gorm:"size:255;not null;default:''"`
		OpusKey         string  `gorm:"size:255;not null;default:''"`
		DurationSeconds float64 `gorm:"not null;default:0"`
		LoudnessLUFS    float64 `gorm:"not null;default:0"`
		TruePeakDBTP    float64 `gorm:"not null;default:0"`
		Saved           bool    `gorm:"not null;default:false;index:ix_messages_tenant_saved,priority:2"`
		DisplayName     string  `gorm:"size:200;not null;default:''"`
		CreatedBy       *uint64
		CreatedAt       time.Time `gorm:"not null"`
		UpdatedAt       time.Time `gorm:"not null"`
		RenderedAt      *time.Time
		DeletedAt       *time.Time `gorm:"index"`
		Tenant          *tenant    `gorm:"constraint:OnDelete:CASCADE"`
	}
	type speechTake struct {
		ID              uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID        uint64    `gorm:"not null;uniqueIndex:ux_speech_takes_tenant_hash,priority:1"`
		Hash            string    `gorm:"size:64;not null;uniqueIndex:ux_speech_takes_tenant_hash,priority:2"`
		StorageKey      string    `gorm:"size:255;not null"`
		DurationSeconds float64   `gorm:"not null;default:0"`
		LoudnessLUFS    float64   `gorm:"not null;default:0"`
		TruePeakDBTP    float64   `gorm:"not null;default:0"`
		CreatedAt       time.Time `gorm:"not null"`
		Tenant          *tenant   `gorm:"constraint:OnDelete:CASCADE"`
	}
	type audioSettings struct {
		TenantID      uint64    `gorm:"primaryKey;autoIncrement:false"`
		TargetLUFS    float64   `gorm:"not null;default:-16"`
		TruePeakDBTP  float64   `gorm:"not null;default:-1.5"`
		DuckDepthDB   float64   `gorm:"not null;default:-18"`
		BedLeadInMS   int       `gorm:"not null;default:2000"`
		BedTailMS     int       `gorm:"not null;default:3000"`
		KeepUnsaved   int       `gorm:"not null;default:50"`
		ElevenLabsKey string    `gorm:"type:text;not null;default:''"`   // encrypted with SECRET_KEY
		Lexicon       string    `gorm:"type:text;not null;default:'{}'"` // JSON: written form → spoken form
		UpdatedAt     time.Time `gorm:"not null"`
		Tenant        *tenant   `gorm:"constraint:OnDelete:CASCADE"`
	}
	return &gormigrate.Migration{
		ID: "202612030003_create_studio",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(&voice{}, &sound{}, &category{}, &message{}, &speechTake{}); err != nil {
				return err
			}
			return tx.Table("audio_settings").Migrator().CreateTable(&audioSettings{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("audio_settings", "speech_takes", "messages", "categories", "sounds", "voices")
		},
	}
}
