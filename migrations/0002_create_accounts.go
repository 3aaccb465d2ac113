package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// defaultPolicies are the role permissions as they were when accounts were
// introduced: subject (role), domain ("*" for every tenant), object, action.
var defaultPolicies0002 = [][4]string{
	{"platform_admin", "*", "*", "*"},
	{"admin", "*", "branding", "read"}, {"admin", "*", "branding", "write"},
	{"admin", "*", "users", "read"}, {"admin", "*", "users", "write"}, {"admin", "*", "sessions", "revoke"},
	{"admin", "*", "api_keys", "read"}, {"admin", "*", "api_keys", "write"}, {"admin", "*", "audit", "read"},
	{"admin", "*", "players", "write"}, {"admin", "*", "voices", "write"}, {"admin", "*", "settings", "write"},
}

func init0002Policies() [][4]string {
	out := append([][4]string{}, defaultPolicies0002...)
	for _, role := range []string{"admin", "editor", "operator", "viewer"} {
		for _, obj := range []string{"messages", "library", "schedules", "players"} {
			out = append(out, [4]string{role, "*", obj, "read"})
		}
	}
	for _, role := range []string{"admin", "editor"} {
		for _, obj := range []string{"messages", "library", "campaigns", "schedules"} {
			out = append(out, [4]string{role, "*", obj, "write"})
		}
	}
	for _, role := range []string{"admin", "editor", "operator"} {
		out = append(out, [4]string{role, "*", "announcements", "play"}, [4]string{role, "*", "shortcuts", "use"})
	}
	return out
}

// createAccounts adds users, their per-tenant memberships, refresh tokens,
// API keys, the audit log, Casbin's policy table with the default role
// permissions, and a session epoch on tenants for "sign out everyone".
func createAccounts() *gormigrate.Migration {
	type tenant struct {
		ID uint64
	}
	type user struct {
		ID              uint64    `gorm:"primaryKey;autoIncrement"`
		Email           string    `gorm:"size:254;not null;uniqueIndex:ux_users_email"`
		Name            string    `gorm:"size:120;not null;default:''"`
		PasswordHash    string    `gorm:"size:255;not null"`
		IsPlatformAdmin bool      `gorm:"not null;default:false"`
		Disabled        bool      `gorm:"not null;default:false"`
		SessionEpoch    int64     `gorm:"not null;default:0"`
		CreatedAt       time.Time `gorm:"not null"`
		UpdatedAt       time.Time `gorm:"not null"`
		LastLoginAt     *time.Time
	}
	type membership struct {
		ID           uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID     uint64    `gorm:"not null;uniqueIndex:ux_memberships_tenant_user,priority:1"`
		UserID       uint64    `gorm:"not null;uniqueIndex:ux_memberships_tenant_user,priority:2;index:ix_memberships_user"`
		Role         string    `gorm:"size:20;not null"`
		Disabled     bool      `gorm:"not null;default:false"`
		SessionEpoch int64     `gorm:"not null;default:0"`
		CreatedAt    time.Time `gorm:"not null"`
		UpdatedAt    time.Time `gorm:"not null"`
		LastLoginAt  *time.Time
		Tenant       *tenant `gorm:"constraint:OnDelete:CASCADE"`
		User         *user   `gorm:"constraint:OnDelete:CASCADE"`
	}
	type refreshToken struct {
		ID        uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID  *uint64   `gorm:"index:ix_refresh_tokens_tenant_user,priority:1"` // nil for the platform console
		UserID    uint64    `gorm:"not null;index:ix_refresh_tokens_tenant_user,priority:2"`
		FamilyID  string    `gorm:"size:32;not null;index:ix_refresh_tokens_family"`
		TokenHash string    `gorm:"size:64;not null;uniqueIndex:ux_refresh_tokens_hash"`
		ExpiresAt time.Time `gorm:"not null"`
		RevokedAt *time.Time
		IP        string    `gorm:"size:64;not null;default:''"`
		UserAgent string    `gorm:"size:255;not null;default:''"`
		CreatedAt time.Time `gorm:"not null"`
		Tenant    *tenant   `gorm:"constraint:OnDelete:CASCADE"`
		User      *user     `gorm:"constraint:OnDelete:CASCADE"`
	}
	type apiKey struct {
		ID         uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID   uint64    `gorm:"not null;index:ix_api_keys_tenant"`
		Name       string    `gorm:"size:80;not null"`
		Role       string    `gorm:"size:20;not null"`
		Prefix     string    `gorm:"size:16;not null"`
		KeyHash    string    `gorm:"size:64;not null;uniqueIndex:ux_api_keys_hash"`
		CreatedBy  *uint64   `gorm:"index"`
		CreatedAt  time.Time `gorm:"not null"`
		LastUsedAt *time.Time
		RevokedAt  *time.Time
		Tenant     *tenant `gorm:"constraint:OnDelete:CASCADE"`
	}
	type auditEntry struct {
		ID          uint64    `gorm:"primaryKey;autoIncrement"`
		TenantID    *uint64   `gorm:"index:ix_audit_tenant_time,priority:1"`
		CreatedAt   time.Time `gorm:"not null;index:ix_audit_tenant_time,priority:2"`
		ActorUserID *uint64
		Actor       string `gorm:"size:254;not null;default:''"`
		Action      string `gorm:"size:64;not null;index:ix_audit_action"`
		Target      string `gorm:"size:254;not null;default:''"`
		IP          string `gorm:"size:64;not null;default:''"`
		Details     string `gorm:"type:text;not null;default:'{}'"`
	}
	type casbinRule struct {
		ID    uint64 `gorm:"primaryKey;autoIncrement"`
		Ptype string `gorm:"size:16;not null;uniqueIndex:ux_casbin_rule,priority:1"`
		V0    string `gorm:"size:100;not null;default:'';uniqueIndex:ux_casbin_rule,priority:2"`
		V1    string `gorm:"size:100;not null;default:'';uniqueIndex:ux_casbin_rule,priority:3"`
		V2    string `gorm:"size:100;not null;default:'';uniqueIndex:ux_casbin_rule,priority:4"`
		V3    string `gorm:"size:100;not null;default:'';uniqueIndex:ux_casbin_rule,priority:5"`
		V4    string `gorm:"size:100;not null;default:'';uniqueIndex:ux_casbin_rule,priority:6"`
		V5    string `gorm:"size:100;not null;default:'';uniqueIndex:ux_casbin_rule,priority:7"`
	}
	type tenantEpoch struct {
		SessionEpoch int64 `gorm:"not null;default:0"`
	}
	return &gormigrate.Migration{
		ID: "202612030002_create_accounts",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Table("tenants").Migrator().AddColumn(&tenantEpoch{}, "SessionEpoch"); err != nil {
				return err
			}
			if err := tx.Migrator().CreateTable(&user{}, &membership{}, &refreshToken{}, &apiKey{}); err != nil {
				return err
			}
			if err := tx.Table("audit_log").Migrator().CreateTable(&auditEntry{}); err != nil {
				return err
			}
			if err := tx.Table("casbin_rule").Migrator().CreateTable(&casbinRule{}); err != nil {
				return err
			}
			for _, p := range init0002Policies() {
				rule := casbinRule{Ptype: "p", V0: p[0], V1: p[1], V2: p[2], V3: p[3]}
				if err := tx.Table("casbin_rule").Create(&rule).Error; err != nil {
					return err
				}
			}
			return nil
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("casbin_rule", "audit_log", "api_keys", "refresh_tokens", "memberships", "users"); err != nil {
				return err
			}
			return tx.Table("tenants").Migrator().DropColumn(&tenantEpoch{}, "SessionEpoch")
		},
	}
}
