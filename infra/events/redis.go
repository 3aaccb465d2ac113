package events

import (
	"context"
	"fmt"
	"sync"

	"github.com/redis/go-redis/v9"
)

// Redis is a Bus shared by every replica connected to one Redis server.
// Channels are named prefix + topic so deployments can share a server.
type Redis struct {
	client *redis.Client
	prefix string
}

// NewRedis returns a bus on client.
func NewRedis(client *redis.Client, prefix string) *Redis {
	return &Redis{client: client, prefix: prefix}
}

// Publish sends payload to every replica subscribed to topic.
func (r *Redis) Publish(ctx context.Context, topic string, payload []byte) error {
	if err := r.client.Publish(ctx, r.prefix+topic, payload).Err(); err != nil {
		return fmt.Errorf("publish on %s: %w", topic, err)
	}
	return nil
}

// Subscribe returns once Redis has confirmed the subscription, so a message
// published after it returns is delivered. The client reconnects by itself
// after a network failure; messages sent while it was away are lost, which
// is why tenant changes also move a counter in the database.
func (r *Redis) Subscribe(ctx context.Context, topic string, fn func([]byte)) (func(), error) {
	ps := r.client.Subscribe(ctx, r.prefix+topic)
	if _, err := ps.Receive(ctx); err != nil {
		ps.Close()
		return nil, fmt.Errorf("subscribe to %s: %w", topic, err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for msg := range ps.Channel() {
			fn([]byte(msg.Payload))
		}
	}()
	var once sync.Once
	unsubscribe := func() {
		once.Do(func() {
			ps.Close()
			<-done
		})
	}
	context.AfterFunc(ctx, unsubscribe)
	return unsubscribe, nil
}

// ParseRedisURL opens a client for a redis:// or rediss:// URL.
func ParseRedisURL(raw string) (*redis.Client, error) {
	opts, err := redis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("parse REDIS_URL: %w", err)
	}
	return redis.NewClient(opts), nil
}
