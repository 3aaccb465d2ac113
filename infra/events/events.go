// Package events fans messages out to every subscriber of a topic: inside
// one process by default, or across replicas through Redis pub/sub.
package events

import (
	"context"
	"sync"
)

// Bus publishes messages on topics and delivers them to subscribers.
type Bus interface {
	Publish(ctx context.Context, topic string, payload []byte) error
	// Subscribe calls fn for every message on topic until the returned
	// function is called or ctx ends. fn must not block for long.
	Subscribe(ctx context.Context, topic string, fn func(payload []byte)) (unsubscribe func(), err error)
}

// Memory is a Bus for a single process.
type Memory struct {
	mu   sync.RWMutex
	next int
	subs map[string]map[int]func([]byte)
}

// NewMemory returns an in-process bus.
func NewMemory() *Memory {
	return &Memory{subs: map[string]map[int]func([]byte){}}
}

// Publish calls every subscriber of topic before it returns.
func (m *Memory) Publish(ctx context.Context, topic string, payload []byte) error {
	m.mu.RLock()
	fns := make([]func([]byte), 0, len(m.subs[topic]))
	for _, fn := range m.subs[topic] {
		fns = append(fns, fn)
	}
	m.mu.RUnlock()
	for _, fn := range fns {
		fn(payload)
	}
	return nil
}

// Subscribe registers fn for topic.
func (m *Memory) Subscribe(ctx context.Context, topic string, fn func([]byte)) (func(), error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.subs[topic] == nil {
		m.subs[topic] = map[int]func([]byte){}
	}
	id := m.next
	m.next++
	m.subs[topic][id] = fn
	var once sync.Once
	unsubscribe := func() {
		once.Do(func() {
			m.mu.Lock()
			delete(m.subs[topic], id)
			m.mu.Unlock()
		})
	}
	context.AfterFunc(ctx, unsubscribe)
	return unsubscribe, nil
}
