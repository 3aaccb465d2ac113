package azuracast

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// sampleMP3 is an ID3v2 tag, an MPEG-1 Layer III frame header and every
// byte value, so its base64 holds '+' and '/' as real files do.
func sampleMP3() []byte {
	b := append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), 0xFF, 0xFB, 0x90, 0x64)
	for i := range 512 {
		b = append(b, byte(i*7))
	}
	return b
}

// waits records the pauses the client asked for instead of sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.d)
}

func newTestClient(t *testing.T, f *fakeStation, adjust func(*Config)) (*Client, *waits) {
	t.Helper()
	cfg := Config{BaseURL: f.URL, APIKey: fakeKey, StationID: fakeStationID}
	if adjust != nil {
		adjust(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	w := &waits{}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		w.mu.Lock()
		w.d = append(w.d, d)
		w.mu.Unlock()
		return ctx.Err()
	}
	c.jitter = func(n int64) int64 { return n - 1 } // always the longest pause
	return c, w
}

// wantCode fails unless err is an *Error with the given code and status.
func wantCode(t *testing.T, err error, code string, status int) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *Error with code %s", err, err, code)
	}
	if e.Code != code || e.Status != status {
		t.Fatalf("error = %q, code %s, status %d; want code %s, status %d", e, e.Code, e.Status, code, status)
	}
	return e
}

func TestNewValidatesTheConfiguration(t *testing.T) {
	good := Config{BaseURL: "https://radio.mall.cl", APIKey: fakeKey, StationID: "1"}
	tests := []struct {
		name   string
		adjust func(*Config)
	}{
		{"a missing base URL is refused", func(c *Config) { c.BaseURL = "" }},
		{"a base URL without scheme is refused", func(c *Config) { c.BaseURL = "radio.mall.cl" }},
		{"an ftp base URL is refused", func(c *Config) { c.BaseURL = "ftp://radio.mall.cl" }},
		{"a base URL without host is refused", func(c *Config) { c.BaseURL = "https://" }},
		{"a base URL with credentials is refused", func(c *Config) { c.BaseURL = "https://admin:s3cr3t@radio.mall.cl" }},
		{"a base URL with a query is refused", func(c *Config) { c.BaseURL = "https://radio.mall.cl/?x=1" }},
		{"a missing key is refused", func(c *Config) { c.APIKey = "  " }},
		{"a key with spaces is refused", func(c *Config) { c.APIKey = "abc def" }},
		{"a missing station is refused", func(c *Config) { c.StationID = "" }},
		{"a station with a slash is refused", func(c *Config) { c.StationID = "1/../2" }},
		{"a negative timeout is refused", func(c *Config) { c.Timeout = -time.Second }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.adjust(&cfg)
			_, err := New(cfg)
			wantCode(t, err, CodeInvalidConfig, 0)
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error repeats the URL's password: %v", err)
			}
		})
	}
}

func TestNewBuildsTheAPIRootAndDefaults(t *testing.T) {
	tests := []struct {
		base, want string
	}{
		{"https://radio.mall.cl", "https://radio.mall.cl/api"},
		{"https://radio.mall.cl/", "https://radio.mall.cl/api"},
		{"https://radio.mall.cl/api/", "https://radio.mall.cl/api"},
		{"http://10.0.0.5:8080/radio", "http://10.0.0.5:8080/radio/api"},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			c, err := New(Config{BaseURL: tt.base, APIKey: fakeKey, StationID: "plaza_oeste"})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if got := c.api.String(); got != tt.want {
				t.Errorf("api root = %s, want %s", got, tt.want)
			}
			if c.playlist != DefaultPlaylist || c.timeout != DefaultTimeout || c.keep != DefaultKeepUploads {
				t.Errorf("defaults = %q, %s, %s; want %q, %s, %s", c.playlist, c.timeout, c.keep,
					DefaultPlaylist, DefaultTimeout, DefaultKeepUploads)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name     string
		adjust   func(*Config)
		setup    func(*fakeStation)
		wantName string
		code     string
		status   int
	}{
		{name: "a good key and a known station give the station's name", wantName: fakeName},
		{name: "the station may be named by its short name", wantName: fakeName,
			adjust: func(c *Config) { c.StationID = fakeShortcode }},
		{name: "a wrong key answered 403, as AzuraCast does, is unauthorized",
			adjust: func(c *Config) { c.APIKey = "0000000000000000:ffffffffffffffffffffffffffffffff" },
			code:   CodeUnauthorized, status: http.StatusForbidden},
		{name: "a wrong key answered 401 by a proxy is unauthorized",
			adjust: func(c *Config) { c.APIKey = "0000000000000000:ffffffffffffffffffffffffffffffff" },
			setup:  func(f *fakeStation) { f.badKeyStatus = http.StatusUnauthorized },
			code:   CodeUnauthorized, status: http.StatusUnauthorized},
		{name: "an unknown station is not found",
			adjust: func(c *Config) { c.StationID = "99" },
			code:   CodeNotFound, status: http.StatusNotFound},
		{name: "a missing announcements playlist is reported",
			adjust: func(c *Config) { c.Playlist = "Anuncios" },
			code:   CodePlaylistUnusable},
		{name: "a playlist that takes no requests is reported",
			setup: func(f *fakeStation) { f.playlists[1].Requests = false },
			code:  CodePlaylistUnusable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStation(t)
			if tt.setup != nil {
				f.with(tt.setup)
			}
			c, _ := newTestClient(t, f, tt.adjust)
			got, err := c.Check(context.Background())
			if tt.code != "" {
				wantCode(t, err, tt.code, tt.status)
				return
			}
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if got != tt.wantName {
				t.Errorf("name = %q, want %q", got, tt.wantName)
			}
			f.with(func(f *fakeStation) {
				for _, k := range f.keysSeen {
					if k != fakeKey {
						t.Errorf("a request carried X-API-Key %q", k)
					}
				}
			})
		})
	}
}

func TestPlay(t *testing.T) {
	tests := []struct {
		name      string
		interrupt bool
		setup     func(*fakeStation)
		wantSkips int
		wantLists int // GET files calls: one for the clean-up, one more when the upload hides the id
	}{
		{name: "without interrupt the announcement is queued and nothing is skipped", wantLists: 1},
		{name: "with interrupt the current track is skipped once", interrupt: true, wantSkips: 1, wantLists: 1},
		{name: "an upload answered with a plain status is found in the library",
			setup:     func(f *fakeStation) { f.uploadAnswersStatus = true },
			wantLists: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStation(t)
			if tt.setup != nil {
				f.with(tt.setup)
			}
			c, _ := newTestClient(t, f, nil)
			audio := sampleMP3()

			res, err := c.Play(context.Background(), "Aviso Estacionamiento Nº 3", bytes.NewReader(audio), tt.interrupt)
			if err != nil {
				t.Fatalf("Play: %v", err)
			}

			f.with(func(f *fakeStation) {
				if len(f.media) != 1 {
					t.Fatalf("library holds %d files, want 1", len(f.media))
				}
				m := f.media[0]
				if m.Path != "mediaflow/aviso-estacionamiento-n-3.mp3" {
					t.Errorf("path = %q", m.Path)
				}
				if !bytes.Equal(m.Data, audio) {
					t.Errorf("stored %d bytes that differ from the %d sent", len(m.Data), len(audio))
				}
				if !slices.Equal(m.Playlists, []int64{7}) {
					t.Errorf("playlists = %v, want [7]", m.Playlists)
				}
				if !slices.Equal(f.queue, []string{m.UniqueID}) {
					t.Errorf("request queue = %v, want [%s]", f.queue, m.UniqueID)
				}
				if f.skips != tt.wantSkips {
					t.Errorf("skips = %d, want %d", f.skips, tt.wantSkips)
				}
				want := PlayResult{MediaID: "1", RequestID: m.UniqueID, Skipped: tt.interrupt}
				if res != want {
					t.Errorf("result = %+v, want %+v", res, want)
				}
			})
			if got := f.hitsOn("GET /api/station/1/files"); got != tt.wantLists {
				t.Errorf("library listings = %d, want %d", got, tt.wantLists)
			}
		})
	}
}

func TestPlayRefusesWhatCannotWork(t *testing.T) {
	wav := []byte("RIFF\x24\x00\x00\x00WAVEfmt ")
	tests := []struct {
		name        string
		title       string
		audio       io.Reader
		setup       func(*fakeStation)
		code        string
		status      int
		wantUploads int
		wantMedia   bool // the result names the uploaded file
	}{
		{name: "a name without letters or digits", title: "¡¡ !!", audio: bytes.NewReader(sampleMP3()),
			code: CodeInvalidInput},
		{name: "empty audio", title: "aviso", audio: bytes.NewReader(nil), code: CodeInvalidInput},
		{name: "audio that is not an MP3", title: "aviso", audio: bytes.NewReader(wav), code: CodeInvalidInput},
		{name: "a disabled playlist, before anything is uploaded", title: "aviso",
			audio: bytes.NewReader(sampleMP3()),
			setup: func(f *fakeStation) { f.playlists[1].Enabled = false },
			code:  CodePlaylistUnusable},
		{name: "a station that takes no requests, without retrying", title: "aviso",
			audio: bytes.NewReader(sampleMP3()),
			setup: func(f *fakeStation) { f.requestsEnabled = false },
			code:  CodeRejected, status: http.StatusInternalServerError, wantUploads: 1, wantMedia: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStation(t)
			if tt.setup != nil {
				f.with(tt.setup)
			}
			c, _ := newTestClient(t, f, nil)

			res, err := c.Play(context.Background(), tt.title, tt.audio, true)

			wantCode(t, err, tt.code, tt.status)
			if got := f.hitsOn("POST /api/station/1/files"); got != tt.wantUploads {
				t.Errorf("uploads = %d, want %d", got, tt.wantUploads)
			}
			if (res.MediaID != "") != tt.wantMedia || res.RequestID != "" || res.Skipped {
				t.Errorf("result = %+v", res)
			}
			if tt.wantUploads > 0 && f.hitsOn("POST /api/station/1/request/"+mediaUniqueID(f)) != 1 {
				t.Errorf("the refused request was sent %d times, want 1", f.hitsOn("POST /api/station/1/request/"+mediaUniqueID(f)))
			}
			f.with(func(f *fakeStation) {
				if f.skips != 0 {
					t.Errorf("skips = %d after a failed play", f.skips)
				}
			})
		})
	}
}

func mediaUniqueID(f *fakeStation) string {
	var id string
	f.with(func(f *fakeStation) {
		if len(f.media) > 0 {
			id = f.media[0].UniqueID
		}
	})
	return id
}

func TestPlayingTheSameAnnouncementWhilePendingIsRejected(t *testing.T) {
	f := newFakeStation(t)
	c, _ := newTestClient(t, f, nil)
	ctx := context.Background()

	first, err := c.Play(ctx, "cierre-20h", bytes.NewReader(sampleMP3()), false)
	if err != nil {
		t.Fatalf("first Play: %v", err)
	}
	second, err := c.Play(ctx, "Cierre 20h.mp3", bytes.NewReader(sampleMP3()), false)

	wantCode(t, err, CodeRejected, http.StatusInternalServerError)
	if second.MediaID != first.MediaID || second.RequestID != "" {
		t.Errorf("second result = %+v, want the same file and no request", second)
	}
	if got := f.hitsOn("POST /api/station/1/request/" + first.RequestID); got != 2 {
		t.Errorf("request calls = %d, want one per Play", got)
	}
}

func TestSanitizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"aviso", "aviso"},
		{"Aviso Estacionamiento Nº 3", "aviso-estacionamiento-n-3"},
		{"  Cierre a las 20:00 hrs.MP3 ", "cierre-a-las-20-00-hrs"},
		{"Niño perdido en el 2º piso", "nino-perdido-en-el-2-piso"},
		{"../../etc/passwd", "etc-passwd"},
		{"promo_verano..2025", "promo_verano.2025"},
		{"¡¡ !!", ""},
		{"___", ""},
		{strings.Repeat("a", 200), strings.Repeat("a", maxNameLen)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := sanitizeName(tt.in); got != tt.want {
				t.Errorf("sanitizeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNowPlaying(t *testing.T) {
	tests := []struct {
		name string
		body string
		want NowPlaying
	}{
		{name: "a track from the AutoDJ", body: nowPlayingOnAir, want: NowPlaying{
			Title: "Todos Juntos", Artist: "Los Jaivas", Elapsed: 63 * time.Second,
			Duration: 215 * time.Second, Listeners: 12}},
		{name: "an offline station has nothing on air",
			body: `{"station":{"id":1,"name":"Radio Plaza Oeste"},"listeners":{"total":0,"unique":0,"current":0},
				"live":{"is_live":false,"streamer_name":"","broadcast_start":null,"art":null},
				"now_playing":null,"playing_next":null,"song_history":[],"is_online":false,"cache":null}`,
			want: NowPlaying{}},
		{name: "a live DJ with only the song text",
			body: `{"station":{"id":1,"name":"Radio Plaza Oeste"},"listeners":{"current":3},
				"live":{"is_live":true,"streamer_name":"DJ Feria","broadcast_start":1700000000,"art":null},
				"now_playing":{"elapsed":10,"remaining":0,"duration":0,"is_request":false,
				"song":{"id":"x","text":"Sesión en vivo","artist":null,"title":null}},"is_online":true}`,
			want: NowPlaying{Title: "Sesión en vivo", Elapsed: 10 * time.Second, Listeners: 3, Live: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStation(t)
			f.with(func(f *fakeStation) { f.nowPlaying = tt.body })
			c, _ := newTestClient(t, f, nil)

			got, err := c.NowPlaying(context.Background())
			if err != nil {
				t.Fatalf("NowPlaying: %v", err)
			}
			if got != tt.want {
				t.Errorf("NowPlaying = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRetries(t *testing.T) {
	const nowPlaying = "GET /api/nowplaying/1"
	const skip = "POST /api/station/1/backend/skip"
	fixedNow := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		route     string
		answers   []scripted
		ctxLimit  time.Duration
		code      string // "" for success
		status    int
		wantHits  int
		wantWaits []time.Duration
	}{
		{name: "429 with Retry-After in seconds is waited out, then succeeds", route: nowPlaying,
			answers:  []scripted{{status: 429, retryAfter: "2"}},
			wantHits: 2, wantWaits: []time.Duration{2 * time.Second}},
		{name: "429 with Retry-After as a date is waited out, then succeeds", route: nowPlaying,
			answers:  []scripted{{status: 429, retryAfter: fixedNow.Add(3 * time.Second).Format(http.TimeFormat)}},
			wantHits: 2, wantWaits: []time.Duration{3 * time.Second}},
		{name: "a long Retry-After is capped", route: nowPlaying,
			answers:  []scripted{{status: 429, retryAfter: "120"}},
			wantHits: 2, wantWaits: []time.Duration{maxRetryAfter}},
		{name: "a Retry-After past the caller's deadline fails at once", route: nowPlaying,
			answers:  []scripted{{status: 429, retryAfter: "5"}},
			ctxLimit: time.Second, code: CodeRateLimited, status: 429, wantHits: 1},
		{name: "persistent 429 is rate limited after two retries", route: nowPlaying,
			answers: []scripted{{status: 429, retryAfter: "1"}, {status: 429, retryAfter: "1"}, {status: 429, retryAfter: "1"}},
			code:    CodeRateLimited, status: 429, wantHits: 3,
			wantWaits: []time.Duration{time.Second, time.Second}},
		{name: "500 then success backs off once", route: nowPlaying,
			answers:  []scripted{{status: 500}},
			wantHits: 2, wantWaits: []time.Duration{baseBackoff}},
		{name: "persistent 503 is unavailable after two retries", route: nowPlaying,
			answers: []scripted{{status: 503}, {status: 503}, {status: 503}},
			code:    CodeUnavailable, status: 503, wantHits: 3,
			wantWaits: []time.Duration{baseBackoff, 2 * baseBackoff}},
		{name: "persistent 503 with an AzuraCast error body is still unavailable", route: nowPlaying,
			answers: []scripted{jsonError(503, "Error"), jsonError(503, "Error"), jsonError(503, "Error")},
			code:    CodeUnavailable, status: 503, wantHits: 3,
			wantWaits: []time.Duration{baseBackoff, 2 * baseBackoff}},
		{name: "a refusal answered 500 is not retried", route: nowPlaying,
			answers: []scripted{jsonError(500, "CannotCompleteActionException")},
			code:    CodeRejected, status: 500, wantHits: 1},
		{name: "an unexpected exception answered 500 is retried", route: nowPlaying,
			answers:  []scripted{jsonError(500, "RuntimeException")},
			wantHits: 2, wantWaits: []time.Duration{baseBackoff}},
		{name: "an undecodable answer is a bad response and is not retried", route: nowPlaying,
			answers: []scripted{{status: 200, body: "<html>maintenance</html>"}},
			code:    CodeBadResponse, status: 200, wantHits: 1},
		{name: "a skip answered 502 never reached AzuraCast and is retried", route: skip,
			answers:  []scripted{{status: 502}},
			wantHits: 2, wantWaits: []time.Duration{baseBackoff}},
		{name: "a skip answered 500 may have happened and is not retried", route: skip,
			answers: []scripted{{status: 500}},
			code:    CodeUnavailable, status: 500, wantHits: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStation(t)
			f.on(tt.route, tt.answers...)
			c, w := newTestClient(t, f, nil)
			c.now = func() time.Time { return fixedNow }
			ctx := context.Background()
			if tt.ctxLimit > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctxLimit)
				defer cancel()
				c.now = time.Now
			}

			var err error
			if tt.route == skip {
				err = c.Skip(ctx)
			} else {
				_, err = c.NowPlaying(ctx)
			}

			if tt.code == "" && err != nil {
				t.Fatalf("call failed: %v", err)
			}
			if tt.code != "" {
				wantCode(t, err, tt.code, tt.status)
			}
			if got := f.hitsOn(tt.route); got != tt.wantHits {
				t.Errorf("attempts = %d, want %d", got, tt.wantHits)
			}
			if got := w.all(); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
		})
	}
}

// jsonError is a scripted Api_Error body of the given type.
func jsonError(status int, typ string) scripted {
	return scripted{status: status, body: fmt.Sprintf(`{"code":%d,"type":%q,"message":"Something failed.","formatted_message":"","extra_data":[],"success":false}`, status, typ)}
}

func TestTimeouts(t *testing.T) {
	hang := scripted{hang: true}
	tests := []struct {
		name       string
		timeout    time.Duration
		ctxLimit   time.Duration
		wantHits   int
		wantCtxErr bool
	}{
		{name: "each attempt past the per-request timeout is retried, then unavailable",
			timeout: 40 * time.Millisecond, wantHits: 3},
		{name: "the caller's deadline stops the call at once",
			timeout: 10 * time.Second, ctxLimit: 60 * time.Millisecond, wantHits: 1, wantCtxErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStation(t)
			f.on("GET /api/nowplaying/1", hang, hang, hang)
			c, _ := newTestClient(t, f, func(cfg *Config) { cfg.Timeout = tt.timeout })
			ctx := context.Background()
			if tt.ctxLimit > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctxLimit)
				defer cancel()
			}

			start := time.Now()
			_, err := c.NowPlaying(ctx)
			took := time.Since(start)

			wantCode(t, err, CodeUnavailable, 0)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("errors.Is(err, DeadlineExceeded) = false for %v", err)
			}
			if tt.wantCtxErr && ctx.Err() == nil {
				t.Errorf("the call returned before the caller's deadline")
			}
			if took > 3*time.Second {
				t.Errorf("the call took %s", took)
			}
			if got := f.hitsOn("GET /api/nowplaying/1"); got != tt.wantHits {
				t.Errorf("attempts = %d, want %d", got, tt.wantHits)
			}
		})
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	var leaked []string
	var mu sync.Mutex
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		leaked = append(leaked, r.Header.Get("X-API-Key"))
		mu.Unlock()
	}))
	t.Cleanup(other.Close)
	f := newFakeStation(t)
	f.on("GET /api/nowplaying/1", scripted{status: http.StatusFound, location: other.URL + "/steal"})
	c, _ := newTestClient(t, f, nil)

	_, err := c.NowPlaying(context.Background())

	wantCode(t, err, CodeUnavailable, http.StatusFound)
	mu.Lock()
	defer mu.Unlock()
	if len(leaked) != 0 {
		t.Errorf("the redirect target received %d requests", len(leaked))
	}
}

func TestTheKeyNeverAppearsInErrors(t *testing.T) {
	const wrongKey = "1111111111111111:22222222222222222222222222222222"
	keyed503 := scripted{status: 503, body: `{"code":503,"type":"Error","message":"down for ` + fakeKey + `","success":false}`}
	keyed400 := scripted{status: 400, body: `{"code":400,"type":"ValidationException","message":"cannot delete for ` + fakeKey + `","success":false}`}
	tests := []struct {
		name     string
		key      string
		setup    func(*fakeStation)
		script   map[string][]scripted
		run      func(context.Context, *Client) error
		closed   bool // the server is gone before the call
		redacted bool // AzuraCast's message, with the key, reaches the error
	}{
		{name: "a refused key", key: wrongKey,
			run: func(ctx context.Context, c *Client) error { _, err := c.Check(ctx); return err }, redacted: true},
		{name: "a refused song request", key: fakeKey,
			run: func(ctx context.Context, c *Client) error {
				c.Play(ctx, "aviso", bytes.NewReader(sampleMP3()), false)
				_, err := c.Play(ctx, "aviso", bytes.NewReader(sampleMP3()), false)
				return err
			}, redacted: true},
		{name: "persistent 503 whose body names the key", key: fakeKey,
			script: map[string][]scripted{"POST /api/station/1/backend/skip": {keyed503, keyed503, keyed503}},
			run:    func(ctx context.Context, c *Client) error { return c.Skip(ctx) }, redacted: true},
		{name: "a refused deletion of an old upload", key: fakeKey,
			setup: func(f *fakeStation) {
				f.addMedia("mediaflow/viejo.mp3", time.Now().Add(-48*time.Hour), time.Now().Add(-48*time.Hour))
			},
			script: map[string][]scripted{"DELETE /api/station/1/file/1": {keyed400}},
			run: func(ctx context.Context, c *Client) error {
				res, err := c.Play(ctx, "aviso", bytes.NewReader(sampleMP3()), false)
				if err != nil {
					return fmt.Errorf("play itself failed: %w", err)
				}
				return res.CleanupErr
			}, redacted: true},
		{name: "no server at all", key: fakeKey, closed: true,
			run: func(ctx context.Context, c *Client) error { _, err := c.NowPlaying(ctx); return err }},
		{name: "a timeout", key: fakeKey,
			script: map[string][]scripted{"GET /api/nowplaying/1": {{hang: true}, {hang: true}, {hang: true}}},
			run:    func(ctx context.Context, c *Client) error { _, err := c.NowPlaying(ctx); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeStation(t)
			f.echoKey.Store(true)
			if tt.setup != nil {
				tt.setup(f)
			}
			for route, answers := range tt.script {
				f.on(route, answers...)
			}
			c, _ := newTestClient(t, f, func(cfg *Config) { cfg.APIKey = tt.key; cfg.Timeout = 50 * time.Millisecond })
			if tt.closed {
				f.Close()
			}

			err := tt.run(context.Background(), c)
			if err == nil {
				t.Fatal("the call succeeded; the case must produce an error")
			}
			texts := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
			for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
				texts = append(texts, e.Error())
			}
			for _, s := range texts {
				if strings.Contains(s, tt.key) || strings.Contains(s, tt.key[strings.Index(tt.key, ":")+1:]) {
					t.Fatalf("the key leaked into %q", s)
				}
			}
			if tt.redacted && !strings.Contains(err.Error(), "[redacted]") {
				t.Errorf("AzuraCast's message did not reach the error: %v", err)
			}
		})
	}
}
