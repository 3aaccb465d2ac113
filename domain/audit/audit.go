// Package audit records who did what, when and from where.
package audit

import (
	"context"
	"log/slog"
	"time"
)

// Entry is one line of the audit log. TenantID 0 means a platform action.
type Entry struct {
	ID          uint64
	TenantID    uint64
	TenantSlug  string
	At          time.Time
	ActorUserID uint64
	Actor       string // an email, "api key NAME" or "cli"
	Action      string
	Target      string
	IP          string
	Details     map[string]string
}

// Filter selects entries. TenantID 0 with AllTenants false means platform
// entries only.
type Filter struct {
	TenantID   uint64
	AllTenants bool
	Action     string
	Actor      string // substring of the actor
	From, To   time.Time
	Page       int
	PerPage    int
}

// Store keeps the audit log.
type Store interface {
	AddAudit(ctx context.Context, e Entry) error
	ListAudit(ctx context.Context, f Filter) ([]Entry, int64, error)
}

// Recorder writes audit entries; a failure to write is logged, never
// returned, so auditing cannot break the action it describes.
type Recorder struct {
	store Store
	log   *slog.Logger
	now   func() time.Time
}

// NewRecorder returns a recorder on store.
func NewRecorder(store Store, log *slog.Logger) *Recorder {
	return &Recorder{store: store, log: log, now: time.Now}
}

// Record adds e, stamping its time.
func (r *Recorder) Record(ctx context.Context, e Entry) {
	if r == nil {
		return
	}
	if e.At.IsZero() {
		e.At = r.now().UTC()
	}
	if err := r.store.AddAudit(ctx, e); err != nil {
		r.log.Error("write audit entry", slog.String("action", e.Action), slog.Uint64("tenant_id", e.TenantID), slog.String("error", err.Error()))
	}
}

// List returns a page of entries matching f, and the total count.
func (r *Recorder) List(ctx context.Context, f Filter) ([]Entry, int64, error) {
	if f.PerPage <= 0 || f.PerPage > 200 {
		f.PerPage = 50
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	return r.store.ListAudit(ctx, f)
}

// Actor is who acts, carried in the context from the request or the CLI.
type Actor struct {
	UserID uint64
	Label  string
	IP     string
}

type actorKey struct{}

// WithActor returns a context that names who acts.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or an anonymous one.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// RecordAction records an action by the context's actor.
func (r *Recorder) RecordAction(ctx context.Context, tenantID uint64, action, target string, details map[string]string) {
	a := ActorFrom(ctx)
	r.Record(ctx, Entry{TenantID: tenantID, ActorUserID: a.UserID, Actor: a.Label, IP: a.IP, Action: action, Target: target, Details: details})
}
