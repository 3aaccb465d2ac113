package azuracast

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"mediaflow/infra/httpretry"
)

// Retry policy. Waits are capped so that a generous Retry-After cannot hold
// an announcement back for long; the caller's context still bounds it all.
const (
	maxAttempts   = 3 // the first try and up to two retries
	baseBackoff   = 500 * time.Millisecond
	maxBackoff    = 4 * time.Second
	maxRetryAfter = 10 * time.Second
	maxAnswer     = 8 << 20 // larger JSON answers are refused
)

// call is one API call, repeated as is on every attempt.
type call struct {
	op     string // for errors: "check station", "upload file"
	method string
	path   []string // segments below /api, escaped when the URL is built
	query  url.Values
	body   []byte // JSON, or nil
	// safe says repeating the call cannot do harm: a read, or a write that
	// lands on the same state. Unsafe calls are repeated only when
	// AzuraCast cannot have acted on them.
	safe bool
	// subject names what a 404 says is missing: "station", "file".
	subject string
}

// reply is what one attempt got back.
type reply struct {
	status     int
	body       []byte
	err        error // no answer, or the answer broke off
	timedOut   bool
	retryAfter time.Duration
}

func (r reply) ok() bool { return r.err == nil && r.status >= 200 && r.status < 300 }

// do runs cl until it succeeds, fails for good or runs out of attempts, and
// returns the successful answer.
func (c *Client) do(ctx context.Context, cl call) (reply, error) {
	for attempt := 1; ; attempt++ {
		r := c.attempt(ctx, cl)
		if r.ok() {
			return r, nil
		}
		if err := ctx.Err(); err != nil {
			return reply{}, c.gaveUp(cl, err)
		}
		if attempt >= maxAttempts || !retryable(cl, r) {
			return reply{}, c.failure(cl, r)
		}
		wait := c.pause(attempt, r.retryAfter)
		if deadline, ok := ctx.Deadline(); ok && c.now().Add(wait).After(deadline) {
			return reply{}, c.failure(cl, r)
		}
		if err := c.sleep(ctx, wait); err != nil {
			return reply{}, c.gaveUp(cl, err)
		}
	}
}

// getJSON runs cl and decodes its answer into out.
func (c *Client) getJSON(ctx context.Context, cl call, out any) error {
	r, err := c.do(ctx, cl)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(r.body, out); err != nil {
		return c.badResponse(cl.op, r.status, err)
	}
	return nil
}

// attempt makes one try within the per-attempt timeout, body included.
func (c *Client) attempt(ctx context.Context, cl call) reply {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	u := c.api.JoinPath(cl.path...)
	u.RawQuery = cl.query.Encode()
	req, err := http.NewRequestWithContext(actx, cl.method, u.String(), bytes.NewReader(cl.body))
	if err != nil {
		return reply{err: fmt.Errorf("build request: %w", err)}
	}
	req.Header.Set("X-API-Key", c.key)
	req.Header.Set("Accept", "application/json")
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return reply{err: err, timedOut: httpretry.TimedOut(ctx, err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err == nil && len(body) > maxAnswer {
		err = fmt.Errorf("answer larger than %d bytes", maxAnswer)
	}
	if err != nil {
		return reply{err: fmt.Errorf("read answer: %w", err), timedOut: httpretry.TimedOut(ctx, err)}
	}
	return reply{status: resp.StatusCode, body: body, retryAfter: httpretry.RetryAfter(resp.Header, c.now())}
}

// retryable says whether another attempt may succeed and cannot do harm.
func retryable(cl call, r reply) bool {
	switch {
	case r.err != nil:
		return cl.safe || neverSent(r.err)
	case r.status == http.StatusTooManyRequests:
		return true
	case r.status == http.StatusBadGateway || r.status == http.StatusServiceUnavailable:
		// The proxy in front of AzuraCast could not hand the call over,
		// or AzuraCast is not taking calls; either way nothing was done.
		return true
	case r.status >= 500:
		return cl.safe && !isRefusal(r.body)
	}
	return false
}

// neverSent recognises a connection that failed before the request left.
func neverSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// pause is how long to wait after the given failed attempt: the server's
// Retry-After when it sent one, else exponential backoff with jitter
// (between half and all of the doubled delay); both capped.
func (c *Client) pause(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, maxRetryAfter)
	}
	return httpretry.Backoff(attempt-1, baseBackoff, maxBackoff, c.jitter)
}
