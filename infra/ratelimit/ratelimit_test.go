package ratelimit

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"mediaflow/infra/dbtest"
	"mediaflow/infra/events"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

type limiter interface {
	Blocked(ctx context.Context, key string, limit int) (time.Duration, error)
	Fail(ctx context.Context, key string, span time.Duration) error
	Reset(ctx context.Context, key string) error
}

func TestLimiters(t *testing.T) {
	ctx := context.Background()
	client, err := events.ParseRedisURL(dbtest.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	for name, l := range map[string]limiter{
		"memory": NewMemory(),
		"redis":  NewRedis(client, fmt.Sprintf("test-%d:", time.Now().UnixNano())),
	} {
		t.Run("on "+name, func(t *testing.T) {
			for i := 0; i < 3; i++ {
				if wait, _ := l.Blocked(ctx, "k", 3); wait != 0 {
					t.Fatalf("blocked after %d failures", i)
				}
				if err := l.Fail(ctx, "k", time.Minute); err != nil {
					t.Fatal(err)
				}
			}
			wait, err := l.Blocked(ctx, "k", 3)
			if err != nil || wait <= 50*time.Second || wait > time.Minute {
				t.Fatalf("after 3 failures wait = %v, %v; want about a minute", wait, err)
			}
			if wait, _ := l.Blocked(ctx, "other", 3); wait != 0 {
				t.Fatal("another key is blocked")
			}
			l.Reset(ctx, "k")
			if wait, _ := l.Blocked(ctx, "k", 3); wait != 0 {
				t.Fatal("still blocked after reset")
			}
		})
	}
	t.Run("the memory window ends", func(t *testing.T) {
		m := NewMemory()
		now := time.Unix(0, 0)
		m.now = func() time.Time { return now }
		m.Fail(ctx, "k", time.Minute)
		now = now.Add(61 * time.Second)
		m.Fail(ctx, "k", time.Minute)
		if wait, _ := m.Blocked(ctx, "k", 2); wait != 0 {
			t.Fatal("failures from an ended window still count")
		}
	})
}
