// Package ratelimit counts failures per key within a window: in process by
// default, or in Redis so that every replica sees the same counts.
package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Memory counts in this process.
type Memory struct {
	mu      sync.Mutex
	windows map[string]window
	now     func() time.Time
}

type window struct {
	count int
	ends  time.Time
}

// NewMemory returns an in-process limiter.
func NewMemory() *Memory { return &Memory{windows: map[string]window{}, now: time.Now} }

// Blocked reports how long key stays blocked once it reached limit.
func (m *Memory) Blocked(ctx context.Context, key string, limit int) (time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	w, ok := m.windows[key]
	now := m.now()
	if !ok || !now.Before(w.ends) {
		return 0, nil
	}
	if w.count >= limit {
		return w.ends.Sub(now), nil
	}
	return 0, nil
}

// Fail counts one failure.
func (m *Memory) Fail(ctx context.Context, key string, span time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if len(m.windows) > 100_000 {
		m.sweep(now)
	}
	w := m.windows[key]
	if !now.Before(w.ends) {
		w = window{ends: now.Add(span)}
	}
	w.count++
	m.windows[key] = w
	return nil
}

// Reset forgets key.
func (m *Memory) Reset(ctx context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.windows, key)
	return nil
}

func (m *Memory) sweep(now time.Time) {
	for k, w := range m.windows {
		if !now.Before(w.ends) {
			delete(m.windows, k)
		}
	}
}

// Redis counts in a Redis server shared by every replica.
type Redis struct {
	client *redis.Client
	prefix string
}

// NewRedis returns a limiter on client; keys are prefix + "ratelimit:" + key.
func NewRedis(client *redis.Client, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix + "ratelimit:"}
}

// Blocked reports how long key stays blocked once it reached limit.
func (r *Redis) Blocked(ctx context.Context, key string, limit int) (time.Duration, error) {
	k := r.prefix + key
	n, err := r.client.Get(ctx, k).Int()
	if err == redis.Nil {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read rate limit: %w", err)
	}
	if n < limit {
		return 0, nil
	}
	ttl, err := r.client.PTTL(ctx, k).Result()
	if err != nil {
		return 0, fmt.Errorf("read rate limit: %w", err)
	}
	return max(ttl, time.Second), nil
}

// Fail counts one failure; the first one starts the window.
func (r *Redis) Fail(ctx context.Context, key string, span time.Duration) error {
	k := r.prefix + key
	pipe := r.client.TxPipeline()
	pipe.Incr(ctx, k)
	pipe.ExpireNX(ctx, k, span)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("count rate limit: %w", err)
	}
	return nil
}

// Reset forgets key.
func (r *Redis) Reset(ctx context.Context, key string) error {
	return r.client.Del(ctx, r.prefix+key).Err()
}
