package elevenlabs

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"mediaflow/infra/httpretry"
)

// maxBody bounds what is read from one answer; five minutes of 192 kb/s
// MP3 is about 7 MB.
const maxBody = 64 << 20

// request is one API call, repeated as is on every attempt.
type request struct {
	op     string // for errors and logs: "synthesize", "list voices"
	method string
	path   string
	query  url.Values
	body   []byte
	accept string
	// voiceScoped says a 404 means the voice in the path does not exist.
	voiceScoped bool
}

// outcome is what one attempt got back.
type outcome struct {
	status     int
	header     http.Header
	body       []byte
	err        error // no answer, or the answer broke off
	timedOut   bool
	retryAfter time.Duration
}

func (o outcome) ok() bool { return o.err == nil && o.status >= 200 && o.status < 300 }

func (o outcome) retryable() bool {
	if o.err != nil {
		return o.timedOut
	}
	return o.status == http.StatusTooManyRequests && !isQuota(parseProblem(o.body)) || o.status >= 500
}

// do runs req until it succeeds, fails for good, or runs out of retries,
// and returns the successful answer.
//
// TODO(#4): a 429 for too many concurrent requests is met with backoff
// only; a per-key limit on requests in flight would avoid it altogether.
func (c *Client) do(ctx context.Context, req request) (outcome, error) {
	for attempt := 0; ; attempt++ {
		out := c.try(ctx, req)
		if out.ok() {
			return out, nil
		}
		if err := ctx.Err(); err != nil {
			return outcome{}, fmt.Errorf("elevenlabs %s: %w", req.op, err)
		}
		if !out.retryable() || attempt >= c.retries {
			return outcome{}, c.failure(req, out)
		}
		wait := c.wait(attempt, out.retryAfter)
		c.log.WarnContext(ctx, "elevenlabs attempt failed; retrying",
			"op", req.op, "attempt", attempt+1, "status", out.status, "timed_out", out.timedOut, "wait_ms", wait.Milliseconds())
		if err := c.sleep(ctx, wait); err != nil {
			return outcome{}, fmt.Errorf("elevenlabs %s: %w", req.op, err)
		}
	}
}

// try makes one attempt within the per-attempt timeout, body included.
func (c *Client) try(ctx context.Context, req request) outcome {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	u := c.base.JoinPath(req.path)
	u.RawQuery = req.query.Encode()
	hreq, err := http.NewRequestWithContext(actx, req.method, u.String(), bytes.NewReader(req.body))
	if err != nil {
		return outcome{err: fmt.Errorf("build request: %w", err)}
	}
	hreq.Header.Set("xi-api-key", c.key)
	hreq.Header.Set("Accept", req.accept)
	if req.body != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(hreq)
	if err != nil {
		return outcome{err: err, timedOut: httpretry.TimedOut(ctx, err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err == nil && len(body) > maxBody {
		err = fmt.Errorf("answer larger than %d bytes", maxBody)
	}
	out := outcome{status: resp.StatusCode, header: resp.Header, body: body,
		retryAfter: httpretry.RetryAfter(resp.Header, c.now())}
	if err != nil {
		out.err, out.timedOut = fmt.Errorf("read answer: %w", err), httpretry.TimedOut(ctx, err)
	}
	return out
}

// wait is how long to pause before the next attempt: the server's
// Retry-After when it sent one, else exponential backoff with jitter
// (between half and all of the doubled delay); both capped at MaxBackoff.
func (c *Client) wait(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, c.maxBackoff)
	}
	return httpretry.Backoff(attempt, c.backoff, c.maxBackoff, c.jitter)
}
