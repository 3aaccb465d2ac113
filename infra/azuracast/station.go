package azuracast

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// NowPlaying is what the station is on air with.
type NowPlaying struct {
	// Title and Artist describe the current track; both are empty when
	// nothing is playing.
	Title, Artist string
	// Elapsed and Duration are the current track's position and length.
	Elapsed, Duration time.Duration
	// Listeners counts current listeners, not necessarily unique ones.
	Listeners int
	// Live says a DJ is broadcasting live instead of the AutoDJ.
	Live bool
}

// stationAnswer is the part of Api_NowPlaying_Station this package reads.
type stationAnswer struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	Shortcode string `json:"shortcode"`
}

// nowPlayingAnswer is the part of Api_NowPlaying this package reads.
type nowPlayingAnswer struct {
	Station   stationAnswer `json:"station"`
	Listeners struct {
		Total   int `json:"total"`
		Current int `json:"current"`
	} `json:"listeners"`
	Live struct {
		IsLive bool `json:"is_live"`
	} `json:"live"`
	// NowPlaying is null while the station is offline.
	NowPlaying *struct {
		Elapsed  float64 `json:"elapsed"`
		Duration float64 `json:"duration"`
		Song     struct {
			Text   string `json:"text"`
			Artist string `json:"artist"`
			Title  string `json:"title"`
		} `json:"song"`
	} `json:"now_playing"`
}

// playlistAnswer is the part of StationPlaylist this package reads.
type playlistAnswer struct {
	ID                int64  `json:"id"`
	Name              string `json:"name"`
	IsEnabled         bool   `json:"is_enabled"`
	IncludeInRequests bool   `json:"include_in_requests"`
}

// statusAnswer is Api_Status, the answer to actions.
type statusAnswer struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
}

// Check verifies the station, the API key and the announcements playlist,
// and returns the station's display name. The station is read from the
// public GET /station/{id}; the key is proven by listing the station's
// playlists, which only a user who may manage the station can do.
func (c *Client) Check(ctx context.Context) (string, error) {
	var st stationAnswer
	err := c.getJSON(ctx, call{op: "check station", method: http.MethodGet,
		path: []string{"station", c.station}, safe: true, subject: c.stationSubject()}, &st)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(st.Name) == "" {
		return "", &Error{Code: CodeBadResponse, Status: http.StatusOK, Message: "check station: AzuraCast sent a station without a name"}
	}
	if _, err := c.announcementPlaylist(ctx); err != nil {
		return "", err
	}
	return st.Name, nil
}

// NowPlaying returns what the station is playing, from the public
// GET /nowplaying/{id}.
func (c *Client) NowPlaying(ctx context.Context) (NowPlaying, error) {
	var a nowPlayingAnswer
	err := c.getJSON(ctx, call{op: "now playing", method: http.MethodGet,
		path: []string{"nowplaying", c.station}, safe: true, subject: c.stationSubject()}, &a)
	if err != nil {
		return NowPlaying{}, err
	}
	np := NowPlaying{Listeners: a.Listeners.Total, Live: a.Live.IsLive}
	if np.Listeners == 0 {
		np.Listeners = a.Listeners.Current
	}
	if cur := a.NowPlaying; cur != nil {
		np.Title, np.Artist = cur.Song.Title, cur.Song.Artist
		if np.Title == "" && np.Artist == "" {
			np.Title = cur.Song.Text
		}
		np.Elapsed = seconds(cur.Elapsed)
		np.Duration = seconds(cur.Duration)
	}
	return np, nil
}

// Skip ends the current track so that the AutoDJ moves on to the next one,
// with POST /station/{id}/backend/skip. It is never repeated once AzuraCast
// may have acted on it: skipping twice could skip an announcement.
func (c *Client) Skip(ctx context.Context) error {
	return c.action(ctx, call{op: "skip track", method: http.MethodPost,
		path: []string{"station", c.station, "backend", "skip"}, subject: c.stationSubject()})
}

// action runs a call answered with Api_Status and checks its verdict.
func (c *Client) action(ctx context.Context, cl call) error {
	var st statusAnswer
	if err := c.getJSON(ctx, cl, &st); err != nil {
		return err
	}
	if !st.Success {
		msg := cl.op + ": AzuraCast refused"
		if reason := c.redact(strings.TrimSpace(st.Message)); reason != "" {
			msg += ": " + reason
		}
		return &Error{Code: CodeRejected, Status: http.StatusOK, Message: msg}
	}
	return nil
}

// announcementPlaylist finds the configured playlist and checks that
// AzuraCast will take song requests for its files: a request is accepted
// only for media in an enabled playlist that includes its songs in
// requests.
func (c *Client) announcementPlaylist(ctx context.Context) (int64, error) {
	var lists []playlistAnswer
	err := c.getJSON(ctx, call{op: "list playlists", method: http.MethodGet,
		path: []string{"station", c.station, "playlists"}, safe: true, subject: c.stationSubject()}, &lists)
	if err != nil {
		return 0, err
	}
	for _, p := range lists {
		if !strings.EqualFold(strings.TrimSpace(p.Name), c.playlist) {
			continue
		}
		switch {
		case !p.IsEnabled:
			return 0, c.unusablePlaylist("is disabled; enable it")
		case !p.IncludeInRequests:
			return 0, c.unusablePlaylist("does not take requests; turn on its \"include in requests\" option")
		}
		return p.ID, nil
	}
	return 0, c.unusablePlaylist("does not exist; create it enabled, with \"include in requests\" on")
}

func (c *Client) unusablePlaylist(what string) error {
	return &Error{Code: CodePlaylistUnusable,
		Message: fmt.Sprintf("the playlist %q of station %q %s", c.playlist, c.station, what)}
}

func (c *Client) stationSubject() string {
	return fmt.Sprintf("station %q", c.station)
}

// seconds converts AzuraCast's second counts, ignoring nonsense.
func seconds(s float64) time.Duration {
	if s <= 0 || s > 7*24*3600 {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}
