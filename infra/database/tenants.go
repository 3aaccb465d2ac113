package database

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"mediaflow/domain"
	"mediaflow/tenants"
)

type tenantRow struct {
	ID             uint64 `gorm:"primaryKey"`
	Slug           string
	Name           string
	Status         string
	Logo           string
	Favicon        string
	PrimaryColor   string
	SecondaryColor string
	Theme          string
	Locale         string
	TimeZone       string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (tenantRow) TableName() string { return "tenants" }

type hostRow struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	Host      string
	IsPrimary bool
	CreatedAt time.Time
}

func (hostRow) TableName() string { return "tenant_hosts" }

// TenantStore keeps tenants and their host names.
type TenantStore struct {
	db *gorm.DB
}

// NewTenantStore returns a tenant store on db.
func NewTenantStore(db *gorm.DB) *TenantStore {
	return &TenantStore{db: db}
}

var _ tenants.Store = (*TenantStore)(nil)

// FindByHost returns the tenant that owns the normalised host name.
func (s *TenantStore) FindByHost(ctx context.Context, host string) (*tenants.Tenant, error) {
	var row tenantRow
	err := s.db.WithContext(ctx).
		Joins("JOIN tenant_hosts ON tenant_hosts.tenant_id = tenants.id").
		Where("tenant_hosts.host = ?", host).
		Take(&row).Error
	return s.withHosts(ctx, row, err)
}

// FindBySlug returns the tenant with the given slug.
func (s *TenantStore) FindBySlug(ctx context.Context, slug string) (*tenants.Tenant, error) {
	var row tenantRow
	err := s.db.WithContext(ctx).Where("slug = ?", slug).Take(&row).Error
	return s.withHosts(ctx, row, err)
}

func (s *TenantStore) withHosts(ctx context.Context, row tenantRow, err error) (*tenants.Tenant, error) {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, tenants.ErrTenantNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("find tenant: %w", err)
	}
	var hosts []hostRow
	if err := s.db.WithContext(ctx).Where("tenant_id = ?", row.ID).Order("id").Find(&hosts).Error; err != nil {
		return nil, fmt.Errorf("load hosts of tenant %d: %w", row.ID, err)
	}
	return toTenant(row, hosts), nil
}

// List returns every tenant with its hosts, ordered by slug.
func (s *TenantStore) List(ctx context.Context) ([]tenants.Tenant, error) {
	var rows []tenantRow
	if err := s.db.WithContext(ctx).Order("slug").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	var hosts []hostRow
	if err := s.db.WithContext(ctx).Order("id").Find(&hosts).Error; err != nil {
		return nil, fmt.Errorf("list tenant hosts: %w", err)
	}
	byTenant := map[uint64][]hostRow{}
	for _, h := range hosts {
		byTenant[h.TenantID] = append(byTenant[h.TenantID], h)
	}
	out := make([]tenants.Tenant, 0, len(rows))
	for _, r := range rows {
		out = append(out, *toTenant(r, byTenant[r.ID]))
	}
	return out, nil
}

// Count returns how many tenants exist.
func (s *TenantStore) Count(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&tenantRow{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count tenants: %w", err)
	}
	return n, nil
}

// Create inserts a tenant with its hosts and sets t.ID.
func (s *TenantStore) Create(ctx context.Context, t *tenants.Tenant) error {
	return s.change(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&tenantRow{}).Where("slug = ?", t.Slug).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return domain.Conflict("tenant_exists", "a tenant with this slug already exists")
		}
		row := fromTenant(t)
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		for _, h := range t.Hosts {
			if err := insertHost(tx, row.ID, h.Name, h.Primary); err != nil {
				return err
			}
		}
		t.ID, t.CreatedAt, t.UpdatedAt = row.ID, row.CreatedAt, row.UpdatedAt
		return nil
	})
}

// Update writes every field of t except its hosts.
func (s *TenantStore) Update(ctx context.Context, t *tenants.Tenant) error {
	return s.change(ctx, func(tx *gorm.DB) error {
		row := fromTenant(t)
		res := tx.Model(&tenantRow{}).Where("id = ?", t.ID).Select("*").Omit("id", "created_at").Updates(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return tenants.ErrTenantNotFound()
		}
		return nil
	})
}

// AddHost maps host to the tenant. Adding a host the tenant already has
// only changes its primary flag.
func (s *TenantStore) AddHost(ctx context.Context, tenantID uint64, host string, primary bool) error {
	return s.change(ctx, func(tx *gorm.DB) error {
		var existing hostRow
		err := tx.Where("host = ?", host).Take(&existing).Error
		switch {
		case err == nil && existing.TenantID != tenantID:
			return domain.Conflict("host_taken", "this host already belongs to another tenant")
		case err == nil:
			if primary {
				return makePrimary(tx, tenantID, host)
			}
			return nil
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return err
		}
		var primaries int64
		if err := tx.Model(&hostRow{}).Where("tenant_id = ? AND is_primary", tenantID).Count(&primaries).Error; err != nil {
			return err
		}
		if err := insertHost(tx, tenantID, host, false); err != nil {
			return err
		}
		if primary || primaries == 0 {
			return makePrimary(tx, tenantID, host)
		}
		return nil
	})
}

// RemoveHost unmaps host from the tenant, keeping at least one host and
// promoting the oldest remaining host when the primary one goes.
func (s *TenantStore) RemoveHost(ctx context.Context, tenantID uint64, host string) error {
	return s.change(ctx, func(tx *gorm.DB) error {
		var hosts []hostRow
		if err := tx.Where("tenant_id = ?", tenantID).Order("id").Find(&hosts).Error; err != nil {
			return err
		}
		idx := -1
		for i, h := range hosts {
			if h.Host == host {
				idx = i
			}
		}
		if idx < 0 {
			return domain.NotFound("host_not_found", "the tenant has no such host")
		}
		if len(hosts) == 1 {
			return domain.Invalid("last_host", "a tenant keeps at least one host; add another before removing this one", map[string]string{"host": host})
		}
		if err := tx.Delete(&hostRow{}, hosts[idx].ID).Error; err != nil {
			return err
		}
		if !hosts[idx].IsPrimary {
			return nil
		}
		next := hosts[0]
		if idx == 0 {
			next = hosts[1]
		}
		return makePrimary(tx, tenantID, next.Host)
	})
}

// ChangeVersion returns the tenant change counter.
func (s *TenantStore) ChangeVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.WithContext(ctx).Table("platform_state").Where("id = 1").Pluck("tenant_version", &v).Error
	if err != nil {
		return 0, fmt.Errorf("read tenant change version: %w", err)
	}
	return v, nil
}

// change runs fn in a transaction that also advances the change counter.
func (s *TenantStore) change(ctx context.Context, fn func(tx *gorm.DB) error) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := fn(tx); err != nil {
			return err
		}
		return tx.Exec("UPDATE platform_state SET tenant_version = tenant_version + 1 WHERE id = 1").Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return domain.Conflict("already_exists", "a tenant or host with this name already exists")
	}
	return err
}

func insertHost(tx *gorm.DB, tenantID uint64, host string, primary bool) error {
	var n int64
	if err := tx.Model(&hostRow{}).Where("host = ?", host).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return domain.Conflict("host_taken", "this host already belongs to a tenant")
	}
	return tx.Create(&hostRow{TenantID: tenantID, Host: host, IsPrimary: primary}).Error
}

func makePrimary(tx *gorm.DB, tenantID uint64, host string) error {
	if err := tx.Model(&hostRow{}).Where("tenant_id = ?", tenantID).Update("is_primary", false).Error; err != nil {
		return err
	}
	return tx.Model(&hostRow{}).Where("tenant_id = ? AND host = ?", tenantID, host).Update("is_primary", true).Error
}

func toTenant(r tenantRow, hosts []hostRow) *tenants.Tenant {
	t := &tenants.Tenant{
		ID: r.ID, Slug: r.Slug, Name: r.Name, Status: tenants.Status(r.Status),
		LogoKey: r.Logo, FaviconKey: r.Favicon, PrimaryColor: r.PrimaryColor, SecondaryColor: r.SecondaryColor,
		Theme: r.Theme, Locale: r.Locale, TimeZone: r.TimeZone, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
	for _, h := range hosts {
		t.Hosts = append(t.Hosts, tenants.Host{Name: h.Host, Primary: h.IsPrimary})
	}
	return t
}

func fromTenant(t *tenants.Tenant) tenantRow {
	return tenantRow{
		ID: t.ID, Slug: t.Slug, Name: t.Name, Status: string(t.Status), Logo: t.LogoKey, Favicon: t.FaviconKey,
		PrimaryColor: t.PrimaryColor, SecondaryColor: t.SecondaryColor, Theme: t.Theme, Locale: t.Locale,
		TimeZone: t.TimeZone, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
	}
}

// TimeZone returns a tenant's IANA time zone name.
func (s *TenantStore) TimeZone(ctx context.Context, tenantID uint64) (string, error) {
	var zone string
	err := s.db.WithContext(ctx).Model(&tenantRow{}).Where("id = ?", tenantID).Pluck("time_zone", &zone).Error
	if err != nil {
		return "", fmt.Errorf("read time zone of tenant %d: %w", tenantID, err)
	}
	if zone == "" {
		return "", domain.NotFound("tenant_not_found", "no such tenant")
	}
	return zone, nil
}
