package events_test

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

func buses(t *testing.T) map[string]func() events.Bus {
	url := dbtest.RedisURL(t)
	prefix := fmt.Sprintf("test:%d:", time.Now().UnixNano())
	return map[string]func() events.Bus{
		"memory": func() events.Bus { m := events.NewMemory(); return m },
		"redis": func() events.Bus {
			c, err := events.ParseRedisURL(url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			return events.NewRedis(c, prefix)
		},
	}
}

func TestBusDeliversToSubscribersOfTheTopic(t *testing.T) {
	for name, newBus := range buses(t) {
		t.Run("on "+name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			pub := newBus()
			sub := pub
			if name == "redis" {
				sub = newBus() // another replica's connection
			}
			got := make(chan string, 10)
			other := make(chan string, 10)
			unsub, err := sub.Subscribe(ctx, "tenants.changed", func(p []byte) { got <- string(p) })
			if err != nil {
				t.Fatal(err)
			}
			if _, err := sub.Subscribe(ctx, "other.topic", func(p []byte) { other <- string(p) }); err != nil {
				t.Fatal(err)
			}
			if err := pub.Publish(ctx, "tenants.changed", []byte(`{"tenant_id":7}`)); err != nil {
				t.Fatal(err)
			}
			select {
			case p := <-got:
				if p != `{"tenant_id":7}` {
					t.Fatalf("payload %q", p)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("message not delivered")
			}
			unsub()
			pub.Publish(ctx, "tenants.changed", []byte("after"))
			pub.Publish(ctx, "other.topic", []byte("marker"))
			select {
			case <-other:
			case <-time.After(5 * time.Second):
				t.Fatal("marker not delivered")
			}
			select {
			case p := <-got:
				t.Fatalf("delivered %q after unsubscribe", p)
			default:
			}
		})
	}
}
