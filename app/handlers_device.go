package app

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
	"mediaflow/domain/audit"
	"mediaflow/domain/players"
	"mediaflow/domain/studio"
)

const deviceKey = "mediaflow.device"

// device returns the player calling a device route.
func device(c echo.Context) *players.Player {
	p, _ := c.Get(deviceKey).(*players.Player)
	return p
}

// deviceGuard admits a player holding its credential for this tenant.
func (s *Server) deviceGuard(c echo.Context, next echo.HandlerFunc) error {
	scheme, token, _ := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return domain.Unauthorized("device_token_invalid", "the player's credential is missing; pair it again")
	}
	p, err := s.deps.OnAir.Players.Authenticate(c.Request().Context(), tenantID(c), strings.TrimSpace(token))
	if err != nil {
		return err
	}
	c.Set(deviceKey, p)
	return next(c)
}

// pairDevice exchanges a pairing code for the player's credential.
func (s *Server) pairDevice(c echo.Context) error {
	var in struct {
		Code string `json:"code"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	req := c.Request()
	ctx := audit.WithActor(req.Context(), audit.Actor{Label: "player", IP: c.RealIP()})
	paired, err := s.deps.OnAir.Players.Pair(ctx, tenantID(c), in.Code, c.RealIP())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"token": paired.Token, "player": players.WelcomeFor(paired.Player)})
}

type trackJSON struct {
	ID              uint64  `json:"id"`
	Name            string  `json:"name"`
	Artist          string  `json:"artist"`
	DurationSeconds float64 `json:"duration_seconds"`
	AudioURL        string  `json:"audio_url"`
}

type upcomingJSON struct {
	ScheduleID      uint64    `json:"schedule_id"`
	MessageID       uint64    `json:"message_id"`
	Priority        int       `json:"priority"`
	Title           string    `json:"title"`
	DurationSeconds float64   `json:"duration_seconds"`
	At              time.Time `json:"at"`
	AudioURL        string    `json:"audio_url"`
}

// deviceConfig tells a player its settings, its music and the scheduled
// plays of the next day, whose audio it should fetch ahead of time.
func (s *Server) deviceConfig(c echo.Context) error {
	ctx, p := c.Request().Context(), device(c)
	beds, err := s.deps.Studio.Sounds(ctx, p.TenantID, studio.KindBed)
	if err != nil {
		return err
	}
	music := []trackJSON{}
	for _, b := range beds {
		if b.Active && p.MusicEnabled && (len(p.MusicIDs) == 0 || containsID(p.MusicIDs, b.ID)) {
			music = append(music, trackJSON{ID: b.ID, Name: b.Name, Artist: b.Artist, DurationSeconds: b.Loudness.DurationSeconds,
				AudioURL: fmt.Sprintf("/api/v1/device/sounds/%d/audio", b.ID)})
		}
	}
	now := time.Now()
	next, err := s.deps.OnAir.Schedules.Upcoming(ctx, p.TenantID, *p, now, now.Add(24*time.Hour))
	if err != nil {
		return err
	}
	upcoming := make([]upcomingJSON, 0, len(next))
	audio := map[uint64]players.Audio{}
	for _, u := range next {
		a, known := audio[u.MessageID]
		if !known {
			a, err = s.deps.OnAir.messages.Playable(ctx, p.TenantID, u.MessageID)
			if errors.Is(err, domain.ErrNotFound) {
				continue // no longer playable: the scheduler records what happens
			}
			if err != nil {
				return err
			}
			audio[u.MessageID] = a
		}
		upcoming = append(upcoming, upcomingJSON{ScheduleID: u.ScheduleID, MessageID: u.MessageID, Priority: u.Priority, Title: a.Title,
			DurationSeconds: a.DurationSeconds, At: u.At, AudioURL: fmt.Sprintf("/api/v1/device/messages/%d/audio", u.MessageID)})
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"player": players.WelcomeFor(*p), "music": music, "upcoming": upcoming})
}

func containsID(ids []uint64, id uint64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// deviceMessageAudio serves a ready message of the player's tenant.
func (s *Server) deviceMessageAudio(c echo.Context) error {
	id, err := idParam(c, "message_not_found")
	if err != nil {
		return err
	}
	m, err := s.deps.OnAir.messages.ready(c.Request().Context(), device(c).TenantID, id)
	if err != nil {
		return err
	}
	return s.serveStored(c, m.AudioKey, "", false)
}

// deviceSoundAudio serves one of the tenant's music beds.
func (s *Server) deviceSoundAudio(c echo.Context) error {
	id, err := idParam(c, "sound_not_found")
	if err != nil {
		return err
	}
	snd, err := s.deps.Studio.Sound(c.Request().Context(), device(c).TenantID, id)
	if err != nil {
		return err
	}
	if snd.Kind != studio.KindBed {
		return domain.NotFound("sound_not_found", "no such music bed")
	}
	return s.serveStored(c, snd.StorageKey, "", false)
}

// playerSocket upgrades to the live channel; the player authenticates with
// its first message, since browsers cannot set headers on a WebSocket.
func (s *Server) playerSocket(c echo.Context) error {
	// The server's read and write timeouts are meant for requests; a
	// player's connection lives for days.
	rc := http.NewResponseController(c.Response())
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	err := s.deps.OnAir.Hub.Serve(c.Response(), c.Request(), tenantID(c))
	if err != nil && !c.Response().Committed {
		return err
	}
	return nil
}
