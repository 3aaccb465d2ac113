package studio

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// staleAfter is how long a message may stay rendering before a restart
// treats it as abandoned.
const staleAfter = 5 * time.Minute

func (s *Service) enqueue(j job) {
	select {
	case s.queue <- j:
	default: // full: the poller finds the job in the database later
	}
}

// Run starts workers and a poller, and returns when ctx ends and the
// workers have stopped. Jobs another replica queued, or that a restart
// interrupted, are picked up by the poller; the claim in the database makes
// sure each renders once.
func (s *Service) Run(ctx context.Context, workers int, poll time.Duration) {
	s.recoverStale(ctx)
	var wg sync.WaitGroup
	for i := 0; i < max(workers, 1); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case j := <-s.queue:
					s.renderJob(ctx, j)
				}
			}
		}()
	}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		s.pollQueued(ctx)
		select {
		case <-ctx.Done():
			wg.Wait()
			return
		case <-tick.C:
		}
	}
}

func (s *Service) pollQueued(ctx context.Context) {
	queued, err := s.Store.QueuedMessages(ctx, cap(s.queue)/2)
	if err != nil {
		if ctx.Err() == nil {
			s.Log.Warn("poll render queue", slog.String("error", err.Error()))
		}
		return
	}
	for _, m := range queued {
		s.enqueue(job{m.TenantID, m.ID})
	}
}

// recoverStale gives messages a crashed server left rendering one more try,
// or fails them with a reason when they already had one.
func (s *Service) recoverStale(ctx context.Context) {
	stale, err := s.Store.StaleRendering(ctx, s.now().Add(-staleAfter))
	if err != nil {
		s.Log.Warn("find interrupted renders", slog.String("error", err.Error()))
		return
	}
	for i := range stale {
		m := &stale[i]
		if m.Attempts < 2 {
			m.Status, m.Progress = StatusQueued, 0
		} else {
			m.Status, m.ErrorCode, m.ErrorMessage = StatusFailed, "render_interrupted", "rendering was interrupted twice; generate it again"
		}
		if err := s.Store.UpdateMessage(ctx, m); err != nil {
			s.Log.Warn("recover interrupted render", slog.Uint64("message_id", m.ID), slog.String("error", err.Error()))
		}
	}
}
