// Package httpretry holds what MediaFlow's clients of remote HTTP APIs share
// to send a call safely and to repeat an attempt that failed: an http.Client
// that keeps API keys from following redirects, a pause that ends with its
// context, telling an attempt's own timeout from a caller who gave up, and
// how long to wait before the next attempt.
//
// Which answers deserve another attempt, how many attempts to make and how
// failures are reported stay with each client, since every API differs.
package httpretry

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryAfterSeconds bounds a Retry-After given in seconds, so that an
// absurd number cannot overflow a time.Duration.
const maxRetryAfterSeconds = 24 * 3600

// maxDoublings is how many times Backoff doubles its base at the most. Any
// sensible base doubled this often has long passed any sensible ceiling,
// and the shift stays in range.
const maxDoublings = 32

// NoRedirects returns a copy of hc, or of a zero http.Client when hc is nil,
// that hands 3xx answers back as they are instead of following them. Go
// copies custom headers such as an API key onto a redirected request, so
// following a redirect could send the key to another host. hc itself is
// left unchanged.
func NoRedirects(hc *http.Client) *http.Client {
	c := &http.Client{}
	if hc != nil {
		*c = *hc
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// Sleep waits for d to pass. It returns ctx's error instead when ctx ends
// first.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TimedOut reports whether err, returned by an attempt made under a
// context derived from parent, means the attempt ran out of its own time.
// It is false whenever parent has ended: then the caller gave up, and
// another attempt would be pointless.
func TimedOut(parent context.Context, err error) bool {
	if parent.Err() != nil {
		return false
	}
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// RetryAfter reads the Retry-After header of h, given either as a number of
// seconds or as an HTTP date, and returns how long the server asks to wait
// from now. It returns zero when the header is missing, unreadable, not
// positive or a date already past. A number of seconds counts for a day at
// the most; callers apply their own, usually much shorter, cap.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Duration(min(max(secs, 0), maxRetryAfterSeconds)) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0)
	}
	return 0
}

// Backoff returns how long to wait before retry n, counted from zero for the
// first retry: base doubled n times and capped at ceiling, of which a random
// share between half and all is kept, so that clients failing together do
// not retry together. draw(k) must return a number in [0, k), as
// rand.Int64N does; tests pass a fixed one. base and ceiling must not be
// negative.
func Backoff(n int, base, ceiling time.Duration, draw func(k int64) int64) time.Duration {
	n = max(n, 0)
	d := ceiling
	if n < maxDoublings && base <= ceiling>>n {
		d = base << n
	}
	half := int64(d / 2)
	return time.Duration(half + draw(half+1))
}
