package tenants

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"mediaflow/domain"
	"mediaflow/domain/audit"
)

// ChangeTopic is the event topic on which tenant changes are announced.
const ChangeTopic = "tenants.changed"

// Change says that a tenant or its hosts changed.
type Change struct {
	TenantID uint64 `json:"tenant_id"`
}

// Publisher sends events to every replica (in process, or over Redis).
type Publisher interface {
	Publish(ctx context.Context, topic string, payload []byte) error
}

// Files is where branding images are kept.
type Files interface {
	Put(ctx context.Context, key string, r io.Reader) error
	Delete(ctx context.Context, key string) error
}

// ServiceDeps are the collaborators of the tenant service; Feed, Files and
// Audit may be nil where a caller does not need them.
type ServiceDeps struct {
	Store         Store
	Feed          Publisher
	Files         Files
	Audit         *audit.Recorder
	Log           *slog.Logger
	ReservedHosts []string // hosts no tenant may claim, such as the platform host
}

// Service applies validated changes to tenants, records them in the audit
// log and tells every replica.
type Service struct {
	store    Store
	feed     Publisher
	files    Files
	audit    *audit.Recorder
	reserved map[string]bool
	log      *slog.Logger
}

// NewService returns a tenant service. Reserved hosts are normalised here.
func NewService(d ServiceDeps) *Service {
	reserved := map[string]bool{}
	for _, h := range d.ReservedHosts {
		if n, err := NormalizeHost(h); err == nil {
			reserved[n] = true
		}
	}
	return &Service{store: d.Store, feed: d.Feed, files: d.Files, audit: d.Audit, reserved: reserved, log: d.Log}
}

// CreateInput describes a new tenant. Empty optional fields take defaults.
type CreateInput struct {
	Slug, Name, Host                                      string
	PrimaryColor, SecondaryColor, Theme, Locale, TimeZone string
}

// Patch changes some fields of a tenant; nil fields stay as they are.
type Patch struct {
	Name, PrimaryColor, SecondaryColor, Theme, Locale, TimeZone *string
	LogoKey, FaviconKey                                         *string
}

// Create validates and stores a new active tenant with its first host.
func (s *Service) Create(ctx context.Context, in CreateInput) (*Tenant, error) {
	t := &Tenant{
		Slug: strings.TrimSpace(in.Slug), Name: strings.TrimSpace(in.Name), Status: StatusActive,
		PrimaryColor: or(in.PrimaryColor, DefaultPrimaryColor), SecondaryColor: or(in.SecondaryColor, DefaultSecondaryColor),
		Theme: or(in.Theme, ThemeLight), Locale: or(in.Locale, DefaultLocale), TimeZone: or(in.TimeZone, DefaultTimeZone),
	}
	host, hostErr := s.checkHost(in.Host)
	err := t.Validate()
	if err != nil || hostErr != nil {
		return nil, mergeInvalid(err, hostErr)
	}
	t.Hosts = []Host{{Name: host, Primary: true}}
	if err := s.store.Create(ctx, t); err != nil {
		return nil, fmt.Errorf("create tenant %s: %w", t.Slug, err)
	}
	s.announce(ctx, t.ID)
	s.audit.RecordAction(ctx, t.ID, "tenant.created", t.Slug, map[string]string{"host": host})
	return t, nil
}

// Get returns the tenant with the given slug.
func (s *Service) Get(ctx context.Context, slug string) (*Tenant, error) {
	return s.store.FindBySlug(ctx, slug)
}

// List returns every tenant ordered by slug.
func (s *Service) List(ctx context.Context) ([]Tenant, error) {
	return s.store.List(ctx)
}

// Update applies a patch to the tenant with the given slug.
func (s *Service) Update(ctx context.Context, slug string, p Patch) (*Tenant, error) {
	t, err := s.store.FindBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	changed := map[string]string{}
	for field, pair := range map[string][2]*string{
		"name": {&t.Name, p.Name}, "primary_color": {&t.PrimaryColor, p.PrimaryColor}, "secondary_color": {&t.SecondaryColor, p.SecondaryColor},
		"theme": {&t.Theme, p.Theme}, "locale": {&t.Locale, p.Locale}, "timezone": {&t.TimeZone, p.TimeZone},
		"logo": {&t.LogoKey, p.LogoKey}, "favicon": {&t.FaviconKey, p.FaviconKey},
	} {
		if dst, src := pair[0], pair[1]; src != nil && strings.TrimSpace(*src) != *dst {
			*dst = strings.TrimSpace(*src)
			changed[field] = *dst
		}
	}
	saved, err := s.save(ctx, t)
	if err == nil && len(changed) > 0 {
		s.audit.RecordAction(ctx, t.ID, "branding.updated", t.Slug, changed)
	}
	return saved, err
}

// SetStatus suspends or resumes a tenant.
func (s *Service) SetStatus(ctx context.Context, slug string, status Status) (*Tenant, error) {
	t, err := s.store.FindBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if t.Status == status {
		return t, nil
	}
	t.Status = status
	saved, err := s.save(ctx, t)
	if err == nil {
		action := "tenant.resumed"
		if status == StatusSuspended {
			action = "tenant.suspended"
		}
		s.audit.RecordAction(ctx, t.ID, action, t.Slug, nil)
	}
	return saved, err
}

func (s *Service) save(ctx context.Context, t *Tenant) (*Tenant, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := s.store.Update(ctx, t); err != nil {
		return nil, fmt.Errorf("update tenant %s: %w", t.Slug, err)
	}
	s.announce(ctx, t.ID)
	return s.store.FindBySlug(ctx, t.Slug)
}

// AddHost maps another host name to a tenant; primary makes it the one
// used in links and answered as tenant_domain.
func (s *Service) AddHost(ctx context.Context, slug, rawHost string, primary bool) (*Tenant, error) {
	host, err := s.checkHost(rawHost)
	if err != nil {
		return nil, err
	}
	t, err := s.store.FindBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if err := s.store.AddHost(ctx, t.ID, host, primary); err != nil {
		return nil, fmt.Errorf("add host %s to tenant %s: %w", host, slug, err)
	}
	s.announce(ctx, t.ID)
	action := "host.added"
	for _, h := range t.Hosts {
		if h.Name == host {
			action = "host.primary_changed"
		}
	}
	s.audit.RecordAction(ctx, t.ID, action, host, map[string]string{"primary": fmt.Sprint(primary)})
	return s.store.FindBySlug(ctx, slug)
}

// RemoveHost unmaps a host name. A tenant keeps at least one host; when
// the primary host goes, the oldest remaining one becomes primary.
func (s *Service) RemoveHost(ctx context.Context, slug, rawHost string) (*Tenant, error) {
	host, err := NormalizeHost(rawHost)
	if err != nil {
		return nil, domain.Invalid("invalid_host", "the host name is not valid", map[string]string{"host": rawHost})
	}
	t, err := s.store.FindBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if err := s.store.RemoveHost(ctx, t.ID, host); err != nil {
		return nil, fmt.Errorf("remove host %s from tenant %s: %w", host, slug, err)
	}
	s.announce(ctx, t.ID)
	s.audit.RecordAction(ctx, t.ID, "host.removed", host, nil)
	return s.store.FindBySlug(ctx, slug)
}

func (s *Service) checkHost(raw string) (string, error) {
	host, err := NormalizeHost(raw)
	if err != nil {
		return "", domain.Invalid("invalid_host", "the host name is not valid", map[string]string{"host": "not a valid host name"})
	}
	if s.reserved[host] {
		return "", domain.Invalid("host_reserved", "this host is reserved for the platform", map[string]string{"host": "reserved for the platform console"})
	}
	return host, nil
}

// announce tells other replicas about a committed change. A failure is only
// logged: the change counter written with the change reaches them anyway,
// a little later.
func (s *Service) announce(ctx context.Context, id uint64) {
	if s.feed == nil {
		return
	}
	payload, _ := json.Marshal(Change{TenantID: id})
	if err := s.feed.Publish(ctx, ChangeTopic, payload); err != nil {
		s.log.Warn("publish tenant change failed", slog.Uint64("tenant_id", id), slog.String("error", err.Error()))
	}
}

func or(v, def string) string {
	if v = strings.TrimSpace(v); v != "" {
		return v
	}
	return def
}

// mergeInvalid joins the per-field details of two validation errors.
func mergeInvalid(errs ...error) error {
	details := map[string]string{}
	for _, err := range errs {
		if e, ok := err.(*domain.Error); ok {
			for k, v := range e.Details {
				details[k] = v
			}
		} else if err != nil {
			return err
		}
	}
	return domain.Invalid("invalid_tenant", "the tenant has invalid fields", details)
}

// SetImage checks an uploaded logo or favicon, stores it under the tenant's
// prefix with an unguessable name, points the tenant at it, and only then
// deletes the file it replaces. Nothing is written when the check fails.
func (s *Service) SetImage(ctx context.Context, slug string, kind ImageKind, data []byte) (*Tenant, error) {
	img, err := CheckImage(kind, data)
	if err != nil {
		return nil, err
	}
	t, err := s.store.FindBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("tenants/%d/branding/%s-%s%s", t.ID, kind, randomName(), img.Ext)
	if err := s.files.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("store %s of tenant %s: %w", kind, slug, err)
	}
	return s.replaceImage(ctx, t, kind, key)
}

// ClearImage goes back to the bundled default logo or favicon.
func (s *Service) ClearImage(ctx context.Context, slug string, kind ImageKind) (*Tenant, error) {
	t, err := s.store.FindBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	return s.replaceImage(ctx, t, kind, "")
}

func (s *Service) replaceImage(ctx context.Context, t *Tenant, kind ImageKind, key string) (*Tenant, error) {
	field := &t.LogoKey
	if kind == KindFavicon {
		field = &t.FaviconKey
	}
	old := *field
	*field = key
	saved, err := s.save(ctx, t)
	if err != nil {
		if key != "" {
			s.files.Delete(ctx, key)
		}
		return nil, err
	}
	if old != "" && old != key {
		if err := s.files.Delete(ctx, old); err != nil {
			s.log.Warn("delete replaced branding file", slog.String("key", old), slog.String("error", err.Error()))
		}
	}
	s.audit.RecordAction(ctx, t.ID, "branding."+string(kind)+"_changed", t.Slug, map[string]string{"custom": fmt.Sprint(key != "")})
	return saved, nil
}

func randomName() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}
