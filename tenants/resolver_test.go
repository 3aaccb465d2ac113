package tenants

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type fakeLookup struct {
	mu      sync.Mutex
	hosts   map[string]*Tenant
	version int64
	calls   atomic.Int64
	block   chan struct{} // when set, lookups wait on it
	fail    error
}

func (f *fakeLookup) FindByHost(ctx context.Context, host string) (*Tenant, error) {
	f.calls.Add(1)
	if f.block != nil {
		<-f.block
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	if t, ok := f.hosts[host]; ok {
		return t, nil
	}
	return nil, ErrTenantNotFound()
}

func (f *fakeLookup) ChangeVersion(ctx context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.version, nil
}

func (f *fakeLookup) set(host string, t *Tenant) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t == nil {
		delete(f.hosts, host)
	} else {
		f.hosts[host] = t
	}
	f.version++
}

type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func newTestResolver() (*Resolver, *fakeLookup, *clock, map[string]int) {
	f := &fakeLookup{hosts: map[string]*Tenant{"a.test": {ID: 1, Slug: "a", Name: "A"}}}
	c := &clock{now: time.Unix(1_800_000_000, 0)}
	seen := map[string]int{}
	var mu sync.Mutex
	r := NewResolver(f, ResolverOptions{TTL: time.Minute, NegativeTTL: 5 * time.Second, Now: c.Now,
		Observe: func(o string) { mu.Lock(); seen[o]++; mu.Unlock() }})
	return r, f, c, seen
}

func TestResolverCaches(t *testing.T) {
	ctx := context.Background()

	t.Run("a known host is looked up once, then served from cache", func(t *testing.T) {
		r, f, _, seen := newTestResolver()
		for _, h := range []string{"a.test", "A.TEST:8080", "a.test."} {
			if got, err := r.Resolve(ctx, h); err != nil || got.Slug != "a" {
				t.Fatalf("Resolve(%q) = %v, %v", h, got, err)
			}
		}
		if f.calls.Load() != 1 || seen[OutcomeHit] != 2 || seen[OutcomeMiss] != 1 {
			t.Fatalf("lookups = %d, outcomes = %v", f.calls.Load(), seen)
		}
	})

	t.Run("an unknown host is cached briefly, then looked up again", func(t *testing.T) {
		r, f, c, seen := newTestResolver()
		for i := 0; i < 3; i++ {
			if _, err := r.Resolve(ctx, "x.test"); err == nil {
				t.Fatal("unknown host resolved")
			}
		}
		if f.calls.Load() != 1 || seen[OutcomeNegativeHit] != 2 {
			t.Fatalf("lookups = %d, outcomes = %v", f.calls.Load(), seen)
		}
		c.now = c.now.Add(6 * time.Second)
		r.Resolve(ctx, "x.test")
		if f.calls.Load() != 2 {
			t.Fatalf("expired negative entry was not looked up again")
		}
	})

	t.Run("a host added to a tenant is not hidden by a negative entry", func(t *testing.T) {
		r, f, _, _ := newTestResolver()
		r.Resolve(ctx, "new.test")
		f.set("new.test", &Tenant{ID: 1, Slug: "a"})
		r.InvalidateTenant(1)
		if got, err := r.Resolve(ctx, "new.test"); err != nil || got.Slug != "a" {
			t.Fatalf("Resolve after invalidation = %v, %v", got, err)
		}
	})

	t.Run("invalidating one tenant keeps the others cached", func(t *testing.T) {
		r, f, _, _ := newTestResolver()
		f.set("b.test", &Tenant{ID: 2, Slug: "b"})
		r.Resolve(ctx, "a.test")
		r.Resolve(ctx, "b.test")
		f.set("a.test", &Tenant{ID: 1, Slug: "a", Name: "A2"})
		r.InvalidateTenant(1)
		before := f.calls.Load()
		if got, _ := r.Resolve(ctx, "a.test"); got.Name != "A2" {
			t.Fatalf("stale tenant served after invalidation: %+v", got)
		}
		r.Resolve(ctx, "b.test")
		if f.calls.Load() != before+1 {
			t.Fatalf("lookups after invalidating tenant 1: %d, want 1", f.calls.Load()-before)
		}
	})

	t.Run("a moved change counter flushes the cache", func(t *testing.T) {
		r, f, _, _ := newTestResolver()
		if changed, _ := r.CheckVersion(ctx); !changed {
			t.Fatal("first check should record the version")
		}
		r.Resolve(ctx, "a.test")
		if changed, _ := r.CheckVersion(ctx); changed || r.Len() != 1 {
			t.Fatal("unchanged counter flushed the cache")
		}
		f.set("a.test", &Tenant{ID: 1, Slug: "a", Name: "changed elsewhere"})
		if changed, _ := r.CheckVersion(ctx); !changed || r.Len() != 0 {
			t.Fatal("moved counter did not flush the cache")
		}
		if got, _ := r.Resolve(ctx, "a.test"); got.Name != "changed elsewhere" {
			t.Fatalf("got %+v", got)
		}
	})

	t.Run("concurrent misses share one lookup", func(t *testing.T) {
		r, f, _, _ := newTestResolver()
		f.block = make(chan struct{})
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); r.Resolve(ctx, "a.test") }()
		}
		for f.calls.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		close(f.block)
		wg.Wait()
		if n := f.calls.Load(); n > 2 {
			t.Fatalf("%d lookups for one host", n)
		}
	})

	t.Run("a lookup that began before an invalidation is not cached", func(t *testing.T) {
		r, f, _, _ := newTestResolver()
		f.block = make(chan struct{})
		done := make(chan struct{})
		go func() { r.Resolve(ctx, "a.test"); close(done) }()
		for f.calls.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		r.InvalidateTenant(1)
		close(f.block)
		<-done
		if r.Len() != 0 {
			t.Fatal("a possibly stale answer was cached after an invalidation")
		}
	})

	t.Run("a database failure is returned and not cached", func(t *testing.T) {
		r, f, _, _ := newTestResolver()
		f.fail = errors.New("connection refused")
		if _, err := r.Resolve(ctx, "a.test"); err == nil || errors.Is(err, ErrTenantNotFound()) {
			t.Fatalf("err = %v, want the database failure", err)
		}
		if r.Len() != 0 {
			t.Fatal("failure was cached")
		}
	})

	t.Run("a full cache is emptied instead of growing", func(t *testing.T) {
		f := &fakeLookup{hosts: map[string]*Tenant{}}
		r := NewResolver(f, ResolverOptions{MaxEntries: 10})
		for i := 0; i < 25; i++ {
			r.Resolve(ctx, string(rune('a'+i))+".test")
		}
		if r.Len() > 10 {
			t.Fatalf("cache grew to %d entries", r.Len())
		}
	})
}
