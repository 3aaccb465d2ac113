package tenants

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"mediaflow/domain"
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

// Service applies validated changes to tenants and tells every replica.
type Service struct {
	store    Store
	feed     Publisher
	reserved map[string]bool // hosts no tenant may claim, such as the platform host
	log      *slog.Logger
}

// NewService returns a tenant service. reservedHosts are normalised here.
func NewService(store Store, feed Publisher, log *slog.Logger, reservedHosts ...string) *Service {
	reserved := map[string]bool{}
	for _, h := range reservedHosts {
		if n, err := NormalizeHost(h); err == nil {
			reserved[n] = true
		}
	}
	return &Service{store: store, feed: feed, reserved: reserved, log: log}
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
	for dst, src := range map[*string]*string{
		&t.Name: p.Name, &t.PrimaryColor: p.PrimaryColor, &t.SecondaryColor: p.SecondaryColor,
		&t.Theme: p.Theme, &t.Locale: p.Locale, &t.TimeZone: p.TimeZone,
		&t.LogoKey: p.LogoKey, &t.FaviconKey: p.FaviconKey,
	} {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	return s.save(ctx, t)
}

// SetStatus suspends or resumes a tenant.
func (s *Service) SetStatus(ctx context.Context, slug string, status Status) (*Tenant, error) {
	t, err := s.store.FindBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	t.Status = status
	return s.save(ctx, t)
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
