package elevenlabs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"mediaflow/domain"
)

const (
	testKey   = "sk_test_8f1c2b9e7d6a5f4e3c2b1a0987654321"
	testVoice = "21m00Tcm4TlvDq8ikWAM"
)

// sleeps records the waits between attempts instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

var fixedNow = time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)

// newTestClient returns a client for f whose waits are recorded, whose
// jitter is the largest possible and whose clock stands still. Its log is
// checked for the key when the test ends.
func newTestClient(t *testing.T, f *fakeAPI, edit func(*Config)) (*Client, *sleeps) {
	t.Helper()
	var logs bytes.Buffer
	cfg := Config{
		BaseURL: f.URL, APIKey: testKey, Timeout: 5 * time.Second, MaxRetries: 2,
		BaseBackoff: 100 * time.Millisecond, MaxBackoff: 10 * time.Second,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &sleeps{}
	c.sleep, c.jitter, c.now = s.sleep, func(n int64) int64 { return n - 1 }, func() time.Time { return fixedNow }
	t.Cleanup(func() {
		if strings.Contains(logs.String(), testKey) {
			t.Errorf("the API key was logged:\n%s", logs.String())
		}
	})
	return c, s
}

// errorCode checks that err is a *domain.Error that does not leak the key,
// and returns it.
func domainError(t *testing.T, err error) *domain.Error {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T) is not a *domain.Error", err, err)
	}
	text := fmt.Sprintf("%v %+v %#v", err, err, de.Details)
	if strings.Contains(text, testKey) {
		t.Fatalf("the error shows the API key: %s", text)
	}
	return de
}

func TestSynthesizeSendsTheDocumentedRequest(t *testing.T) {
	f := newFakeAPI(t, testKey)
	c, _ := newTestClient(t, f, nil)

	text := `Atención: el auto patente "AB-123" debe moverse; gracias.`
	audio, err := c.Synthesize(context.Background(), testVoice, text, VoiceSettings{
		Stability: 0.4, SimilarityBoost: 0.8, Style: 0.1, UseSpeakerBoost: true, Speed: 1.1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(audio, fakeMP3) {
		t.Fatalf("audio = %x, want the bytes served", audio)
	}
	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	checks := []struct{ name, got, want string }{
		{"method", r.Method, http.MethodPost},
		{"path", r.Path, "/v1/text-to-speech/" + testVoice},
		{"xi-api-key", r.APIKey, testKey},
		{"output_format", r.OutputFormat, DefaultOutputFormat},
		{"content type", r.ContentType, "application/json"},
		{"accept", r.Accept, "audio/mpeg"},
		{"text", fmt.Sprint(r.Body["text"]), text},
		{"model_id", fmt.Sprint(r.Body["model_id"]), DefaultModelID},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %q, want %q", ch.name, ch.got, ch.want)
		}
	}
	settings, _ := r.Body["voice_settings"].(map[string]any)
	want := map[string]any{"stability": 0.4, "similarity_boost": 0.8, "style": 0.1, "use_speaker_boost": true, "speed": 1.1}
	if fmt.Sprint(settings) != fmt.Sprint(want) {
		t.Errorf("voice_settings = %v, want %v", settings, want)
	}
}

func TestSynthesizeUsesConfiguredModelAndFormat(t *testing.T) {
	f := newFakeAPI(t, testKey)
	c, _ := newTestClient(t, f, func(cfg *Config) {
		cfg.ModelID, cfg.OutputFormat = "eleven_flash_v2_5", "mp3_22050_32"
		cfg.BaseURL = f.URL + "/"
	})
	if _, err := c.Synthesize(context.Background(), testVoice, "Hola", VoiceSettings{}); err != nil {
		t.Fatal(err)
	}
	r := f.requests()[0]
	if r.Path != "/v1/text-to-speech/"+testVoice || r.OutputFormat != "mp3_22050_32" || r.Body["model_id"] != "eleven_flash_v2_5" {
		t.Fatalf("request = %+v", r)
	}
	if speed := r.Body["voice_settings"].(map[string]any)["speed"]; speed != 1.0 {
		t.Fatalf("a zero speed was sent as %v, want 1", speed)
	}
}

func TestSynthesizeFailures(t *testing.T) {
	tooMany := answer{status: 429, header: map[string]string{"Retry-After": "7"},
		body: problemBody("too_many_concurrent_requests", "You have too many concurrent requests. Please try again later.")}
	serverError := answer{status: 500, body: problemBody("internal_server_error", "An internal error occurred.")}
	cases := []struct {
		name     string
		key      string
		voice    string
		script   []answer
		code     string
		kind     domain.Kind
		attempts int
		check    func(t *testing.T, de *domain.Error)
	}{
		{name: "a wrong key fails authentication without retrying", key: "sk_wrong_key_000000",
			code: "tts_auth_failed", kind: domain.KindUnavailable, attempts: 1},
		{name: "a 401 that says quota reports the quota", script: []answer{{status: 401,
			body: problemBody("quota_exceeded", "This request exceeds your quota of 10000. You have 12 credits remaining, while 84 credits are required for this request.")}},
			code: "tts_quota_exceeded", kind: domain.KindUnavailable, attempts: 1},
		{name: "a 429 that says quota is not retried", script: []answer{{status: 429,
			body: `{"detail":{"type":"rate_limit_error","code":"quota_exceeded","status":"quota_exceeded","message":"Quota exceeded."}}`}},
			code: "tts_quota_exceeded", kind: domain.KindUnavailable, attempts: 1},
		{name: "a 402 that says quota reports the quota", script: []answer{{status: 402, body: problemBody("payment_required_quota_exceeded", "Upgrade your plan.")}},
			code: "tts_quota_exceeded", kind: domain.KindUnavailable, attempts: 1},
		{name: "an unknown voice is not found", voice: "NoSuchVoice000000000",
			code: "tts_voice_not_found", kind: domain.KindNotFound, attempts: 1},
		{name: "a key without permission fails authentication", script: []answer{{status: 403,
			body: problemBody("missing_permissions", "The API key you used is missing the permission text_to_speech.")}},
			code: "tts_auth_failed", kind: domain.KindUnavailable, attempts: 1},
		{name: "a 422 about the text is invalid text with the field's message", script: []answer{{status: 422,
			body: `{"detail":[{"type":"string_too_short","loc":["body","text"],"msg":"String should have at least 1 character","input":""}]}`}},
			code: "tts_text_invalid", kind: domain.KindInvalid, attempts: 1,
			check: func(t *testing.T, de *domain.Error) {
				if de.Details["text"] != "String should have at least 1 character" {
					t.Errorf("details = %v", de.Details)
				}
			}},
		{name: "a 400 over the character limit is text too long", script: []answer{{status: 400,
			body: problemBody("max_character_limit_exceeded", "This request's text has 5627 characters and exceeds the character limit of 5000 characters.")}},
			code: "tts_text_too_long", kind: domain.KindInvalid, attempts: 1,
			check: func(t *testing.T, de *domain.Error) {
				if !strings.Contains(de.Details["text"], "5627 characters") {
					t.Errorf("details = %v", de.Details)
				}
			}},
		{name: "a 429 that never clears is rate limited with the server's Retry-After",
			script: []answer{tooMany, tooMany, tooMany}, code: "tts_rate_limited", kind: domain.KindTooManyRequests, attempts: 3,
			check: func(t *testing.T, de *domain.Error) {
				if de.RetryAfter != 7*time.Second {
					t.Errorf("RetryAfter = %v, want 7s", de.RetryAfter)
				}
			}},
		{name: "a 500 that never clears is unavailable after every retry",
			script: []answer{serverError, serverError, serverError}, code: "tts_unavailable", kind: domain.KindUnavailable, attempts: 3},
		{name: "a gateway's HTML error page is unavailable", script: []answer{
			{status: 502, header: map[string]string{"Content-Type": "text/html"}, body: "<html>Bad gateway</html>"},
			{status: 503, body: ""}, {status: 504, body: ""}},
			code: "tts_unavailable", kind: domain.KindUnavailable, attempts: 3},
		{name: "a success that carries JSON instead of audio is unavailable", script: []answer{{status: 200, body: `{"ok":true}`}},
			code: "tts_unavailable", kind: domain.KindUnavailable, attempts: 1},
		{name: "a redirect is not followed", script: []answer{{status: 307, header: map[string]string{"Location": "http://127.0.0.1:1/v1/x"}}},
			code: "tts_unavailable", kind: domain.KindUnavailable, attempts: 1},
		{name: "a message that echoes the key is redacted", script: []answer{{status: 400,
			body: problemBody("invalid_request", "the key "+testKey+" cannot be used here")}},
			code: "tts_text_invalid", kind: domain.KindInvalid, attempts: 1,
			check: func(t *testing.T, de *domain.Error) {
				if !strings.Contains(de.Error(), "[redacted]") || !strings.Contains(de.Details["text"], "[redacted]") {
					t.Errorf("error = %v, details = %v; want the key redacted", de, de.Details)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t, testKey).then(tc.script...)
			c, _ := newTestClient(t, f, func(cfg *Config) { cfg.APIKey = orDefault(tc.key, testKey) })
			_, err := c.Synthesize(context.Background(), orDefault(tc.voice, testVoice), "Hola a todos", DefaultVoiceSettings())
			de := domainError(t, err)
			if de.Code != tc.code || de.Kind != tc.kind {
				t.Fatalf("error = %v (kind %d), want code %s kind %d", err, de.Kind, tc.code, tc.kind)
			}
			if n := len(f.requests()); n != tc.attempts {
				t.Fatalf("%d attempts, want %d", n, tc.attempts)
			}
			if tc.key != "" && strings.Contains(err.Error(), tc.key) {
				t.Fatalf("the error shows the key: %v", err)
			}
			if tc.check != nil {
				tc.check(t, de)
			}
		})
	}
}

func TestRetries(t *testing.T) {
	cases := []struct {
		name   string
		script []answer
		waits  []time.Duration
	}{
		{"a 429 with Retry-After in seconds waits that long, then succeeds",
			[]answer{{status: 429, header: map[string]string{"Retry-After": "3"}, body: problemBody("system_busy", "The system is busy.")}},
			[]time.Duration{3 * time.Second}},
		{"a 429 with Retry-After as an HTTP date waits until then",
			[]answer{{status: 429, header: map[string]string{"Retry-After": fixedNow.Add(4 * time.Second).Format(http.TimeFormat)}, body: problemBody("system_busy", "busy")}},
			[]time.Duration{4 * time.Second}},
		{"a Retry-After beyond MaxBackoff is capped",
			[]answer{{status: 429, header: map[string]string{"Retry-After": "120"}, body: problemBody("rate_limit_exceeded", "slow down")}},
			[]time.Duration{10 * time.Second}},
		{"server errors back off exponentially, then succeed",
			[]answer{{status: 500, body: "{}"}, {status: 503, body: "{}"}},
			[]time.Duration{100 * time.Millisecond, 200 * time.Millisecond}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t, testKey).then(tc.script...)
			c, s := newTestClient(t, f, nil)
			audio, err := c.Synthesize(context.Background(), testVoice, "Hola", DefaultVoiceSettings())
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(audio, fakeMP3) {
				t.Fatalf("audio = %x", audio)
			}
			if got := s.waits(); fmt.Sprint(got) != fmt.Sprint(tc.waits) {
				t.Fatalf("waits = %v, want %v", got, tc.waits)
			}
		})
	}

	t.Run("jitter keeps each wait between half and all of the backoff", func(t *testing.T) {
		f := newFakeAPI(t, testKey)
		c, _ := newTestClient(t, f, nil)
		c.jitter = func(int64) int64 { return 0 }
		if got := []time.Duration{c.wait(0, 0), c.wait(3, 0), c.wait(40, 0)}; fmt.Sprint(got) != "[50ms 400ms 5s]" {
			t.Fatalf("lowest waits = %v", got)
		}
	})

	t.Run("real timers with short backoffs retry a 500 and succeed", func(t *testing.T) {
		f := newFakeAPI(t, testKey).then(answer{status: 500, body: "{}"})
		c, err := New(Config{BaseURL: f.URL, APIKey: testKey, BaseBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Synthesize(context.Background(), testVoice, "Hola", VoiceSettings{}); err != nil {
			t.Fatal(err)
		}
		if n := len(f.requests()); n != 2 {
			t.Fatalf("%d attempts, want 2", n)
		}
	})

	t.Run("a negative MaxRetries never retries", func(t *testing.T) {
		f := newFakeAPI(t, testKey).then(answer{status: 500, body: "{}"})
		c, _ := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = -1 })
		_, err := c.Synthesize(context.Background(), testVoice, "Hola", VoiceSettings{})
		if de := domainError(t, err); de.Code != "tts_unavailable" || len(f.requests()) != 1 {
			t.Fatalf("error %v after %d attempts", err, len(f.requests()))
		}
	})
}

func TestTimeoutsAndCancellation(t *testing.T) {
	short := func(cfg *Config) { cfg.Timeout, cfg.MaxRetries = 50*time.Millisecond, 1 }

	t.Run("an answer that never comes times out on every attempt", func(t *testing.T) {
		f := newFakeAPI(t, testKey).then(answer{hang: true}, answer{hang: true})
		c, s := newTestClient(t, f, short)
		_, err := c.Synthesize(context.Background(), testVoice, "Hola", VoiceSettings{})
		de := domainError(t, err)
		if de.Code != "tts_unavailable" || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("error = %v, want tts_unavailable wrapping a deadline", err)
		}
		if len(f.requests()) != 2 || len(s.waits()) != 1 {
			t.Fatalf("%d attempts and %d waits, want 2 and 1", len(f.requests()), len(s.waits()))
		}
	})

	t.Run("an answer whose audio stalls is abandoned and retried", func(t *testing.T) {
		f := newFakeAPI(t, testKey).then(answer{stall: true})
		c, _ := newTestClient(t, f, short)
		audio, err := c.Synthesize(context.Background(), testVoice, "Hola", VoiceSettings{})
		if err != nil || !bytes.Equal(audio, fakeMP3) {
			t.Fatalf("Synthesize = %x, %v; want the whole audio of the second attempt", audio, err)
		}
	})

	t.Run("a cancelled context stops the call at once without retrying", func(t *testing.T) {
		f := newFakeAPI(t, testKey).then(answer{hang: true})
		c, s := newTestClient(t, f, nil)
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-f.arrived; cancel() }()
		_, err := c.Synthesize(ctx, testVoice, "Hola", VoiceSettings{})
		if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), testKey) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
		if len(f.requests()) != 1 || len(s.waits()) != 0 {
			t.Fatalf("%d attempts and %d waits after cancelling", len(f.requests()), len(s.waits()))
		}
	})

	t.Run("a context cancelled during the backoff stops the retries", func(t *testing.T) {
		f := newFakeAPI(t, testKey).then(answer{status: 503, body: "{}"})
		c, _ := newTestClient(t, f, nil)
		ctx, cancel := context.WithCancel(context.Background())
		c.sleep = func(context.Context, time.Duration) error { cancel(); return ctx.Err() }
		_, err := c.Synthesize(ctx, testVoice, "Hola", VoiceSettings{})
		if !errors.Is(err, context.Canceled) || len(f.requests()) != 1 {
			t.Fatalf("error = %v after %d attempts", err, len(f.requests()))
		}
	})

	t.Run("a context cancelled before the call sends nothing", func(t *testing.T) {
		f := newFakeAPI(t, testKey)
		c, _ := newTestClient(t, f, nil)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.Synthesize(ctx, testVoice, "Hola", VoiceSettings{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v", err)
		}
		if len(f.requests()) != 0 {
			t.Fatal("a request was sent with a cancelled context")
		}
	})
}

func TestRedirectsNeverCarryTheKey(t *testing.T) {
	var leaked []string
	var mu sync.Mutex
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		leaked = append(leaked, r.Header.Get("xi-api-key"))
		mu.Unlock()
	}))
	defer other.Close()
	f := newFakeAPI(t, testKey).then(answer{status: http.StatusFound, header: map[string]string{"Location": other.URL + "/steal"}})
	c, _ := newTestClient(t, f, func(cfg *Config) { cfg.HTTPClient = &http.Client{} })
	_, err := c.Synthesize(context.Background(), testVoice, "Hola", VoiceSettings{})
	domainError(t, err)
	mu.Lock()
	defer mu.Unlock()
	if len(leaked) != 0 {
		t.Fatalf("the redirect was followed and the other host saw key %q", leaked)
	}
}

func TestValidationHappensBeforeAnyRequest(t *testing.T) {
	cases := []struct {
		name  string
		voice string
		text  string
		s     VoiceSettings
		code  string
		field string
	}{
		{"empty text is refused", testVoice, "", VoiceSettings{}, "tts_text_invalid", "text"},
		{"text of only spaces is refused", testVoice, " \n\t ", VoiceSettings{}, "tts_text_invalid", "text"},
		{"text that is not UTF-8 is refused", testVoice, "hola \xff", VoiceSettings{}, "tts_text_invalid", "text"},
		{"text over 5000 characters is refused", testVoice, strings.Repeat("ñ", 5001), VoiceSettings{}, "tts_text_too_long", "text"},
		{"a stability above 1 is refused", testVoice, "Hola", VoiceSettings{Stability: 1.01}, "tts_settings_invalid", "stability"},
		{"a negative similarity boost is refused", testVoice, "Hola", VoiceSettings{SimilarityBoost: -0.1}, "tts_settings_invalid", "similarity_boost"},
		{"a style above 1 is refused", testVoice, "Hola", VoiceSettings{Style: 2}, "tts_settings_invalid", "style"},
		{"a speed below 0.7 is refused", testVoice, "Hola", VoiceSettings{Speed: 0.69}, "tts_settings_invalid", "speed"},
		{"a speed above 1.2 is refused", testVoice, "Hola", VoiceSettings{Speed: 1.3}, "tts_settings_invalid", "speed"},
		{"an empty voice ID is refused", "", "Hola", VoiceSettings{}, "tts_voice_invalid", "voice_id"},
		{"a voice ID that climbs paths is refused", "../v1/voices", "Hola", VoiceSettings{}, "tts_voice_invalid", "voice_id"},
		{"a voice ID with a query is refused", "abc?x=1", "Hola", VoiceSettings{}, "tts_voice_invalid", "voice_id"},
	}
	f := newFakeAPI(t, testKey)
	c, _ := newTestClient(t, f, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Synthesize(context.Background(), tc.voice, tc.text, tc.s)
			de := domainError(t, err)
			if de.Kind != domain.KindInvalid || de.Code != tc.code || de.Details[tc.field] == "" {
				t.Fatalf("error = %v %v, want %s on %s", err, de.Details, tc.code, tc.field)
			}
		})
	}
	if n := len(f.requests()); n != 0 {
		t.Fatalf("%d requests sent for invalid input", n)
	}

	t.Run("exactly 5000 characters are accepted", func(t *testing.T) {
		if _, err := c.Synthesize(context.Background(), testVoice, strings.Repeat("ñ", 5000), DefaultVoiceSettings()); err != nil {
			t.Fatal(err)
		}
	})
}

func TestVoices(t *testing.T) {
	t.Run("the account's voices are listed with their labels", func(t *testing.T) {
		f := newFakeAPI(t, testKey)
		c, _ := newTestClient(t, f, nil)
		voices, err := c.Voices(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(voices) != 3 {
			t.Fatalf("%d voices, want 3", len(voices))
		}
		rachel := voices[0]
		if rachel.ID != testVoice || rachel.Name != "Rachel" || rachel.Category != "premade" || rachel.Description != "Calm and clear" ||
			rachel.Labels["accent"] != "american" || rachel.PreviewURL != "https://storage.example/voices/rachel.mp3" {
			t.Errorf("first voice = %+v", rachel)
		}
		if voices[1].Description != "" || voices[2].Labels["weight"] != "2" || voices[2].Labels["language"] != "es" {
			t.Errorf("other voices = %+v", voices[1:])
		}
		r := f.requests()[0]
		if r.Method != http.MethodGet || r.Path != "/v1/voices" || r.APIKey != testKey {
			t.Errorf("request = %+v", r)
		}
	})

	t.Run("a wrong key fails authentication", func(t *testing.T) {
		f := newFakeAPI(t, testKey)
		c, _ := newTestClient(t, f, func(cfg *Config) { cfg.APIKey = "sk_other" })
		_, err := c.Voices(context.Background())
		if de := domainError(t, err); de.Code != "tts_auth_failed" {
			t.Fatalf("error = %v", err)
		}
	})

	t.Run("a body that is not a voice list is unavailable", func(t *testing.T) {
		f := newFakeAPI(t, testKey).then(answer{status: 200, body: "<html>"})
		c, _ := newTestClient(t, f, nil)
		_, err := c.Voices(context.Background())
		if de := domainError(t, err); de.Code != "tts_unavailable" {
			t.Fatalf("error = %v", err)
		}
	})
}

func TestNew(t *testing.T) {
	bad := []struct {
		name string
		cfg  Config
	}{
		{"a missing key is refused", Config{}},
		{"a key of spaces is refused", Config{APIKey: "   "}},
		{"a key with a line break is refused", Config{APIKey: "sk_abc\r\nX-Evil: 1"}},
		{"a base URL of another scheme is refused", Config{APIKey: "k", BaseURL: "ftp://api.elevenlabs.io"}},
		{"a base URL without a host is refused", Config{APIKey: "k", BaseURL: "https://"}},
		{"a relative base URL is refused", Config{APIKey: "k", BaseURL: "api.elevenlabs.io"}},
		{"a base URL that does not parse is refused", Config{APIKey: "k", BaseURL: "http://[::1"}},
		{"a base URL with credentials is refused", Config{APIKey: "k", BaseURL: "https://user:pw@api.elevenlabs.io"}},
		{"a base URL with a query is refused", Config{APIKey: "k", BaseURL: "https://api.elevenlabs.io?x=1"}},
		{"a negative timeout is refused", Config{APIKey: "k", Timeout: -time.Second}},
		{"a MaxBackoff below BaseBackoff is refused", Config{APIKey: "k", BaseBackoff: time.Second, MaxBackoff: time.Millisecond}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.cfg); err == nil {
				t.Fatal("New succeeded")
			} else if strings.Contains(err.Error(), "pw") || strings.Contains(err.Error(), "Evil") {
				t.Fatalf("the error repeats a secret: %v", err)
			}
		})
	}

	t.Run("zero values take the documented defaults", func(t *testing.T) {
		c, err := New(Config{APIKey: "k"})
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(c.base, c.model, c.format, c.timeout, c.retries, c.backoff, c.maxBackoff)
		want := fmt.Sprint(DefaultBaseURL, DefaultModelID, DefaultOutputFormat, DefaultTimeout, DefaultMaxRetries, DefaultBaseBackoff, DefaultMaxBackoff)
		if got != want {
			t.Fatalf("defaults = %s, want %s", got, want)
		}
	})
}
