package audit

import (
	"context"
	"errors"
	"sync"
)

// Memory is a Store that keeps entries in memory, for tests of the
// services that record actions.
type Memory struct {
	mu      sync.Mutex
	entries []Entry
}

// AddAudit keeps e.
func (m *Memory) AddAudit(ctx context.Context, e Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = append(m.entries, e)
	return nil
}

// ListAudit is not offered: tests read Actions.
func (m *Memory) ListAudit(ctx context.Context, f Filter) ([]Entry, int64, error) {
	return nil, 0, errors.New("the in-memory audit store does not list")
}

// Actions returns the actions recorded so far, in order.
func (m *Memory) Actions() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.entries))
	for _, e := range m.entries {
		out = append(out, e.Action)
	}
	return out
}
