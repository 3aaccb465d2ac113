package database

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"mediaflow/domain/audit"
)

type auditRow struct {
	ID          uint64 `gorm:"primaryKey"`
	TenantID    *uint64
	CreatedAt   time.Time
	ActorUserID *uint64
	Actor       string
	Action      string
	Target      string
	IP          string
	Details     string
	TenantSlug  string `gorm:"->;-:migration"` // read from a join
}

func (auditRow) TableName() string { return "audit_log" }

// AuditStore keeps the audit log.
type AuditStore struct {
	db *gorm.DB
}

// NewAuditStore returns an audit store on db.
func NewAuditStore(db *gorm.DB) *AuditStore { return &AuditStore{db: db} }

// AddAudit appends e.
func (s *AuditStore) AddAudit(ctx context.Context, e audit.Entry) error {
	details, _ := json.Marshal(e.Details)
	if e.Details == nil {
		details = []byte("{}")
	}
	r := auditRow{TenantID: tenantRef(e.TenantID), CreatedAt: e.At, ActorUserID: tenantRef(e.ActorUserID), Actor: truncate(e.Actor, 254),
		Action: e.Action, Target: truncate(e.Target, 254), IP: truncate(e.IP, 64), Details: string(details)}
	return s.db.WithContext(ctx).Omit("TenantSlug").Create(&r).Error
}

// ListAudit returns a page of entries, newest first, and how many match.
func (s *AuditStore) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, int64, error) {
	q := s.db.WithContext(ctx).Table("audit_log")
	switch {
	case f.AllTenants:
	case f.TenantID == 0:
		q = q.Where("audit_log.tenant_id IS NULL")
	default:
		q = q.Where("audit_log.tenant_id = ?", f.TenantID)
	}
	if f.Action != "" {
		q = q.Where("audit_log.action = ?", f.Action)
	}
	if f.Actor != "" {
		q = q.Where("LOWER(audit_log.actor) LIKE ?", "%"+escapeLike(f.Actor)+"%")
	}
	if !f.From.IsZero() {
		q = q.Where("audit_log.created_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("audit_log.created_at < ?", f.To)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var rows []auditRow
	err := q.Select("audit_log.*, tenants.slug AS tenant_slug").Joins("LEFT JOIN tenants ON tenants.id = audit_log.tenant_id").
		Order("audit_log.created_at DESC, audit_log.id DESC").Offset((f.Page - 1) * f.PerPage).Limit(f.PerPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, err
	}
	out := make([]audit.Entry, 0, len(rows))
	for _, r := range rows {
		e := audit.Entry{ID: r.ID, At: r.CreatedAt, Actor: r.Actor, Action: r.Action, Target: r.Target, IP: r.IP, TenantSlug: r.TenantSlug}
		if r.TenantID != nil {
			e.TenantID = *r.TenantID
		}
		if r.ActorUserID != nil {
			e.ActorUserID = *r.ActorUserID
		}
		json.Unmarshal([]byte(r.Details), &e.Details)
		out = append(out, e)
	}
	return out, total, nil
}

func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range []rune(strings.ToLower(s)) {
		if r == '%' || r == '_' || r == '\\' {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// truncate cuts s to at most n bytes without splitting a character, which
// PostgreSQL would refuse as invalid UTF-8.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
