package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// createTenants adds the tenants, their host names and the platform's
// single-row change counter that replicas poll to notice tenant changes.
func createTenants() *gormigrate.Migration {
	type tenant struct {
		ID             uint64    `gorm:"primaryKey;autoIncrement"`
		Slug           string    `gorm:"size:40;not null;uniqueIndex:ux_tenants_slug"`
		Name           string    `gorm:"size:120;not null"`
		Status         string    `gorm:"size:16;not null;default:active"`
		Logo           string    `gorm:"size:255;not null;default:''"`
		Favicon        string    `gorm:"size:255;not null;default:''"`
		PrimaryColor   string    `gorm:"size:7;not null"`
		SecondaryColor string    `gorm:"size:7;not null"`
		Theme          string    `gorm:"size:16;not null;default:light"`
		Locale         string    `gorm:"size:16;not null;default:es-CL"`
		TimeZone       string    `gorm:"size:64;not null;default:America/Santiago"`
		CreatedAt      time.Time `gorm:"not null"`
		UpdatedAt      time.Time `gorm:"not null"`
	}
	type tenantHost struct {
		ID        uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID  uint64    `gorm:"not null;index:ix_tenant_hosts_tenant"`
		Host      string    `gorm:"size:253;not null;uniqueIndex:ux_tenant_hosts_host"`
		IsPrimary bool      `gorm:"not null;default:false"`
		CreatedAt time.Time `gorm:"not null"`
		Tenant    *tenant   `gorm:"constraint:OnDelete:CASCADE"`
	}
	type platformState struct {
		ID            int   `gorm:"primaryKey;autoIncrement:false"`
		TenantVersion int64 `gorm:"not null;default:0"`
	}
	return &gormigrate.Migration{
		ID: "202612030001_create_tenants",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Migrator().CreateTable(&tenant{}, &tenantHost{}); err != nil {
				return err
			}
			if err := tx.Table("platform_state").Migrator().CreateTable(&platformState{}); err != nil {
				return err
			}
			return tx.Table("platform_state").Create(&platformState{ID: 1}).Error
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("platform_state", "tenant_hosts", "tenants")
		},
	}
}
