package httpretry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// fakeNetError is a net.Error whose Timeout answer a test chooses.
type fakeNetError struct{ timeout bool }

func (e fakeNetError) Error() string   { return "network trouble" }
func (e fakeNetError) Timeout() bool   { return e.timeout }
func (e fakeNetError) Temporary() bool { return false }

func TestNoRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elsewhere" {
			t.Error("the redirect was followed")
		}
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	t.Cleanup(srv.Close)

	tests := []struct {
		name string
		hc   *http.Client
	}{
		{name: "a nil client gives a fresh one", hc: nil},
		{name: "a given client is copied with its settings", hc: &http.Client{Timeout: 7 * time.Second, Transport: srv.Client().Transport}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NoRedirects(tt.hc)
			if c == tt.hc {
				t.Fatal("the given client was returned instead of a copy")
			}
			resp, err := c.Get(srv.URL + "/start")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("status = %d, want %d", resp.StatusCode, http.StatusFound)
			}
			if tt.hc == nil {
				return
			}
			if tt.hc.CheckRedirect != nil {
				t.Error("the given client was changed")
			}
			if c.Timeout != tt.hc.Timeout || c.Transport != tt.hc.Transport {
				t.Errorf("copy lost settings: timeout %v, transport %v", c.Timeout, c.Transport)
			}
		})
	}
}

func TestSleep(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		name string
		ctx  context.Context
		d    time.Duration
		want error
	}{
		{name: "a short wait passes", ctx: context.Background(), d: time.Millisecond, want: nil},
		{name: "an ended context cuts a long wait short", ctx: cancelled, d: time.Hour, want: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := Sleep(tt.ctx, tt.d)
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("Sleep = %v, want %v", err, tt.want)
			}
			took := time.Since(start)
			if tt.want == nil && took < tt.d {
				t.Fatalf("Sleep returned after %v, before %v passed", took, tt.d)
			}
			if tt.want != nil && took > time.Minute {
				t.Fatalf("Sleep took %v after its context ended", took)
			}
		})
	}
}

func TestTimedOut(t *testing.T) {
	ended, cancel := context.WithCancel(context.Background())
	cancel()

	tests := []struct {
		name   string
		parent context.Context
		err    error
		want   bool
	}{
		{name: "the attempt's deadline passed", parent: context.Background(), err: context.DeadlineExceeded, want: true},
		{name: "a wrapped deadline still counts", parent: context.Background(), err: fmt.Errorf("read answer: %w", context.DeadlineExceeded), want: true},
		{name: "a network timeout counts", parent: context.Background(), err: fakeNetError{timeout: true}, want: true},
		{name: "another network error does not", parent: context.Background(), err: fakeNetError{timeout: false}, want: false},
		{name: "a plain error does not", parent: context.Background(), err: errors.New("connection reset"), want: false},
		{name: "a caller who gave up is no timeout", parent: ended, err: context.DeadlineExceeded, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TimedOut(tt.parent, tt.err); got != tt.want {
				t.Fatalf("TimedOut = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		value string
		want  time.Duration
	}{
		{name: "no header means no wait", value: "", want: 0},
		{name: "seconds are read", value: "7", want: 7 * time.Second},
		{name: "spaces around seconds are ignored", value: " 7 ", want: 7 * time.Second},
		{name: "zero seconds mean no wait", value: "0", want: 0},
		{name: "negative seconds mean no wait", value: "-3", want: 0},
		{name: "seconds count for a day at the most", value: "100000", want: 24 * time.Hour},
		{name: "a huge number does not overflow", value: "9223372036854775807", want: 24 * time.Hour},
		{name: "a future date is read", value: now.Add(3 * time.Second).Format(http.TimeFormat), want: 3 * time.Second},
		{name: "a past date means no wait", value: now.Add(-time.Minute).Format(http.TimeFormat), want: 0},
		{name: "a far date is not capped", value: now.Add(48 * time.Hour).Format(http.TimeFormat), want: 48 * time.Hour},
		{name: "anything else means no wait", value: "soon", want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.value != "" {
				h.Set("Retry-After", tt.value)
			}
			if got := RetryAfter(h, now); got != tt.want {
				t.Fatalf("RetryAfter(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	lowest := func(int64) int64 { return 0 }
	highest := func(k int64) int64 { return k - 1 }

	tests := []struct {
		name          string
		n             int
		base, ceiling time.Duration
		low, high     time.Duration
	}{
		{name: "the first retry waits about the base", n: 0, base: 100 * time.Millisecond, ceiling: 5 * time.Second, low: 50 * time.Millisecond, high: 100 * time.Millisecond},
		{name: "each retry doubles the wait", n: 3, base: 100 * time.Millisecond, ceiling: 5 * time.Second, low: 400 * time.Millisecond, high: 800 * time.Millisecond},
		{name: "the ceiling caps the doubling", n: 6, base: 100 * time.Millisecond, ceiling: 5 * time.Second, low: 2500 * time.Millisecond, high: 5 * time.Second},
		{name: "many retries wait the ceiling", n: 40, base: 100 * time.Millisecond, ceiling: 5 * time.Second, low: 2500 * time.Millisecond, high: 5 * time.Second},
		{name: "a base above the ceiling is capped", n: 0, base: time.Minute, ceiling: 4 * time.Second, low: 2 * time.Second, high: 4 * time.Second},
		{name: "a large base does not overflow", n: 31, base: 20 * time.Second, ceiling: 20 * time.Hour, low: 10 * time.Hour, high: 20 * time.Hour},
		{name: "a negative retry counts as the first", n: -1, base: time.Second, ceiling: time.Minute, low: 500 * time.Millisecond, high: time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Backoff(tt.n, tt.base, tt.ceiling, lowest); got != tt.low {
				t.Errorf("lowest Backoff = %v, want %v", got, tt.low)
			}
			if got := Backoff(tt.n, tt.base, tt.ceiling, highest); got != tt.high {
				t.Errorf("highest Backoff = %v, want %v", got, tt.high)
			}
		})
	}
}

func TestBackoffDrawsFromHalfTheDelay(t *testing.T) {
	var asked int64
	draw := func(k int64) int64 { asked = k; return 1 }
	got := Backoff(1, time.Second, time.Minute, draw)
	if asked != int64(time.Second)+1 {
		t.Fatalf("draw asked for [0, %d), want [0, %d)", asked, int64(time.Second)+1)
	}
	if want := time.Second + 1; got != want {
		t.Fatalf("Backoff = %v, want %v", got, want)
	}
}
