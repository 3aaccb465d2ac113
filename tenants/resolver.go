package tenants

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"mediaflow/domain"
)

// Lookup is what the resolver needs from storage.
type Lookup interface {
	FindByHost(ctx context.Context, host string) (*Tenant, error)
	ChangeVersion(ctx context.Context) (int64, error)
}

// Cache outcomes reported to the observer.
const (
	OutcomeHit         = "hit"
	OutcomeNegativeHit = "negative_hit"
	OutcomeMiss        = "miss"
)

// ResolverOptions tunes the resolver's cache.
type ResolverOptions struct {
	TTL         time.Duration        // how long a known host stays cached
	NegativeTTL time.Duration        // how long an unknown host stays cached
	MaxEntries  int                  // a full cache is emptied rather than grown
	Observe     func(outcome string) // optional: counts hits and misses
	Now         func() time.Time     // optional: the clock, for tests
}

// Resolver maps request hosts to tenants through an in-process cache.
// Unknown hosts are cached briefly too, so random Host headers cannot hammer
// the database; concurrent misses for one host share a single query.
type Resolver struct {
	lookup Lookup
	opts   ResolverOptions
	group  singleflight.Group

	mu         sync.RWMutex
	entries    map[string]cacheEntry
	generation uint64 // bumped by every invalidation, so fills begun before it are dropped
	version    int64  // last tenant change counter seen in the database
}

type cacheEntry struct {
	tenant  *Tenant // nil for a host known not to exist
	expires time.Time
}

// NewResolver returns a resolver with sensible defaults for unset options.
func NewResolver(lookup Lookup, opts ResolverOptions) *Resolver {
	if opts.TTL <= 0 {
		opts.TTL = 5 * time.Minute
	}
	if opts.NegativeTTL <= 0 {
		opts.NegativeTTL = 5 * time.Second
	}
	if opts.MaxEntries <= 0 {
		opts.MaxEntries = 100_000
	}
	if opts.Observe == nil {
		opts.Observe = func(string) {}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Resolver{lookup: lookup, opts: opts, entries: map[string]cacheEntry{}, version: -1}
}

// Resolve returns the tenant served at rawHost. An unparseable or unknown host
// is a tenant_not_found error; a database failure is returned as it is and
// never cached.
func (r *Resolver) Resolve(ctx context.Context, rawHost string) (*Tenant, error) {
	host, err := NormalizeHost(rawHost)
	if err != nil {
		return nil, ErrTenantNotFound()
	}
	now := r.opts.Now()
	r.mu.RLock()
	e, ok := r.entries[host]
	gen := r.generation
	r.mu.RUnlock()
	if ok && now.Before(e.expires) {
		if e.tenant == nil {
			r.opts.Observe(OutcomeNegativeHit)
			return nil, ErrTenantNotFound()
		}
		r.opts.Observe(OutcomeHit)
		return e.tenant, nil
	}
	r.opts.Observe(OutcomeMiss)
	v, err, _ := r.group.Do(host, func() (any, error) { return r.fill(ctx, host, gen) })
	if err != nil {
		return nil, err
	}
	return v.(*Tenant), nil
}

func (r *Resolver) fill(ctx context.Context, host string, gen uint64) (*Tenant, error) {
	t, err := r.lookup.FindByHost(ctx, host)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return nil, fmt.Errorf("resolve host %q: %w", host, err)
	}
	entry := cacheEntry{tenant: t, expires: r.opts.Now().Add(r.opts.TTL)}
	if err != nil {
		entry = cacheEntry{expires: r.opts.Now().Add(r.opts.NegativeTTL)}
	}
	r.mu.Lock()
	if r.generation == gen {
		if len(r.entries) >= r.opts.MaxEntries {
			r.entries = map[string]cacheEntry{}
		}
		r.entries[host] = entry
	}
	r.mu.Unlock()
	if t == nil {
		return nil, ErrTenantNotFound()
	}
	return t, nil
}

// InvalidateTenant drops the cached entries of one tenant and every negative
// entry, since the change may have added a host that was unknown until now.
func (r *Resolver) InvalidateTenant(id uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.generation++
	for host, e := range r.entries {
		if e.tenant == nil || e.tenant.ID == id {
			delete(r.entries, host)
		}
	}
}

// HandleChange applies a change announced on ChangeTopic. A payload it
// cannot read empties the whole cache, which is always safe.
func (r *Resolver) HandleChange(payload []byte) {
	var c Change
	if err := json.Unmarshal(payload, &c); err != nil || c.TenantID == 0 {
		r.Flush()
		return
	}
	r.InvalidateTenant(c.TenantID)
}

// Flush empties the cache.
func (r *Resolver) Flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.generation++
	r.entries = map[string]cacheEntry{}
}

// Len reports how many hosts are cached, known or unknown.
func (r *Resolver) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.entries)
}

// CheckVersion reads the tenant change counter and empties the cache when it
// moved since the last call. It reports whether the cache was flushed.
func (r *Resolver) CheckVersion(ctx context.Context) (bool, error) {
	v, err := r.lookup.ChangeVersion(ctx)
	if err != nil {
		return false, fmt.Errorf("read tenant change version: %w", err)
	}
	r.mu.Lock()
	changed := r.version != v
	r.version = v
	r.mu.Unlock()
	if changed {
		r.Flush()
	}
	return changed, nil
}

// WatchVersion calls CheckVersion every interval until ctx ends. It is the
// way a replica notices changes written by another process (the CLI, or a
// replica without a shared message bus).
func (r *Resolver) WatchVersion(ctx context.Context, interval time.Duration, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := r.CheckVersion(ctx); err != nil && ctx.Err() == nil {
				log.Warn("tenant change check failed", slog.String("error", err.Error()))
			}
		}
	}
}
