package app

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
	"mediaflow/domain/players"
	"mediaflow/tenants"
)

type playerJSON struct {
	ID            uint64     `json:"id"`
	Name          string     `json:"name"`
	Zone          string     `json:"zone"`
	Volume        int        `json:"volume"`
	DuckDB        int        `json:"duck_db"`
	DuckAttackMS  int        `json:"duck_attack_ms"`
	DuckReleaseMS int        `json:"duck_release_ms"`
	MusicEnabled  bool       `json:"music_enabled"`
	MusicIDs      []uint64   `json:"music_ids"`
	Paired        bool       `json:"paired"`
	PairedAt      *time.Time `json:"paired_at"`
	Online        bool       `json:"online"`
	LastSeenAt    *time.Time `json:"last_seen_at"`
	Version       string     `json:"version"`
	NowPlaying    string     `json:"now_playing"`
	CreatedAt     time.Time  `json:"created_at"`
}

func (s *Server) toPlayerJSON(p players.Player) playerJSON {
	ids := p.MusicIDs
	if ids == nil {
		ids = []uint64{}
	}
	return playerJSON{ID: p.ID, Name: p.Name, Zone: p.Zone, Volume: p.Volume, DuckDB: p.DuckDB, DuckAttackMS: p.DuckAttackMS,
		DuckReleaseMS: p.DuckReleaseMS, MusicEnabled: p.MusicEnabled, MusicIDs: ids, Paired: p.Paired, PairedAt: p.PairedAt,
		Online: s.deps.OnAir.Players.Online(p), LastSeenAt: p.LastSeenAt, Version: p.Version, NowPlaying: p.NowPlaying, CreatedAt: p.CreatedAt}
}

func (s *Server) listPlayers(c echo.Context) error {
	list, err := s.deps.OnAir.Players.Players(c.Request().Context(), tenantID(c))
	if err != nil {
		return err
	}
	out := make([]playerJSON, 0, len(list))
	for _, p := range list {
		out = append(out, s.toPlayerJSON(p))
	}
	return c.JSON(http.StatusOK, map[string]any{"players": out, "offline_after_seconds": int(s.deps.OnAir.Players.OfflineAfter.Seconds())})
}

// playerInput is a player's editable settings; absent fields keep their
// value (or the default, for a new player).
type playerInput struct {
	Name          *string   `json:"name"`
	Zone          *string   `json:"zone"`
	Volume        *int      `json:"volume"`
	DuckDB        *int      `json:"duck_db"`
	DuckAttackMS  *int      `json:"duck_attack_ms"`
	DuckReleaseMS *int      `json:"duck_release_ms"`
	MusicEnabled  *bool     `json:"music_enabled"`
	MusicIDs      *[]uint64 `json:"music_ids"`
}

func (in playerInput) apply(p *players.Player) {
	set(&p.Name, in.Name)
	set(&p.Zone, in.Zone)
	set(&p.Volume, in.Volume)
	set(&p.DuckDB, in.DuckDB)
	set(&p.DuckAttackMS, in.DuckAttackMS)
	set(&p.DuckReleaseMS, in.DuckReleaseMS)
	set(&p.MusicEnabled, in.MusicEnabled)
	set(&p.MusicIDs, in.MusicIDs)
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func (s *Server) createPlayer(c echo.Context) error {
	var in playerInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p := players.NewPlayer(tenantID(c))
	in.apply(&p)
	if err := s.deps.OnAir.Players.SavePlayer(c.Request().Context(), &p); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.toPlayerJSON(p))
}

func (s *Server) playerParam(c echo.Context) (*players.Player, error) {
	id, err := idParam(c, "player_not_found")
	if err != nil {
		return nil, err
	}
	return s.deps.OnAir.Players.Player(c.Request().Context(), tenantID(c), id)
}

func (s *Server) updatePlayer(c echo.Context) error {
	p, err := s.playerParam(c)
	if err != nil {
		return err
	}
	var in playerInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	in.apply(p)
	if err := s.deps.OnAir.Players.SavePlayer(c.Request().Context(), p); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toPlayerJSON(*p))
}

func (s *Server) setPlayerVolume(c echo.Context) error {
	id, err := idParam(c, "player_not_found")
	if err != nil {
		return err
	}
	var in struct {
		Volume *int `json:"volume"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Volume == nil {
		return domain.Invalid("invalid_player", "the volume is missing", map[string]string{"volume": "required"})
	}
	p, err := s.deps.OnAir.Players.SetVolume(c.Request().Context(), tenantID(c), id, *in.Volume)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toPlayerJSON(*p))
}

func (s *Server) pairingCode(c echo.Context) error {
	id, err := idParam(c, "player_not_found")
	if err != nil {
		return err
	}
	pc, err := s.deps.OnAir.Players.NewPairingCode(c.Request().Context(), tenantID(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"code": pc.Code, "expires_at": pc.ExpiresAt})
}

func (s *Server) revokePlayer(c echo.Context) error {
	id, err := idParam(c, "player_not_found")
	if err != nil {
		return err
	}
	if err := s.deps.OnAir.Players.Revoke(c.Request().Context(), tenantID(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) stopPlayers(c echo.Context) error {
	var in struct {
		Targets players.Targets `json:"targets"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.OnAir.Players.Stop(c.Request().Context(), tenantID(c), in.Targets); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listZones(c echo.Context) error {
	list, err := s.deps.OnAir.Players.Players(c.Request().Context(), tenantID(c))
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, p := range list {
		if p.Zone != "" { // a player without a zone is reached as itself or with all
			counts[p.Zone]++
		}
	}
	type zoneJSON struct {
		Name    string `json:"name"`
		Players int    `json:"players"`
	}
	zones := make([]zoneJSON, 0, len(counts))
	for name, n := range counts {
		zones = append(zones, zoneJSON{name, n})
	}
	sort.Slice(zones, func(i, j int) bool { return zones[i].Name < zones[j].Name })
	return c.JSON(http.StatusOK, map[string]any{"zones": zones})
}

type playJSON struct {
	ID          uint64     `json:"id"`
	DeliveryID  uint64     `json:"delivery_id"`
	MessageID   uint64     `json:"message_id"`
	MessageName string     `json:"message_name"`
	PlayerID    uint64     `json:"player_id"`
	PlayerName  string     `json:"player_name"`
	Zone        string     `json:"zone"`
	Source      string     `json:"source"`
	ScheduleID  uint64     `json:"schedule_id,omitempty"`
	Priority    int        `json:"priority"`
	Status      string     `json:"status"`
	RequestedAt time.Time  `json:"requested_at"`
	ReceivedAt  *time.Time `json:"received_at"`
	StartedAt   *time.Time `json:"started_at"`
	FinishedAt  *time.Time `json:"finished_at"`
	Error       string     `json:"error,omitempty"`
}

func toPlayJSON(p players.Play) playJSON {
	return playJSON{ID: p.ID, DeliveryID: p.DeliveryID, MessageID: p.MessageID, MessageName: p.MessageName, PlayerID: p.PlayerID,
		PlayerName: p.PlayerName, Zone: p.Zone, Source: p.Source, ScheduleID: p.ScheduleID, Priority: p.Priority, Status: p.Status,
		RequestedAt: p.RequestedAt, ReceivedAt: p.ReceivedAt, StartedAt: p.StartedAt, FinishedAt: p.FinishedAt, Error: p.Error}
}

func toDeliveryJSON(d players.Delivery) map[string]any {
	plays := make([]playJSON, 0, len(d.Plays))
	for _, p := range d.Plays {
		plays = append(plays, toPlayJSON(p))
	}
	return map[string]any{"id": d.ID, "message_id": d.MessageID, "priority": d.Priority, "source": d.Source,
		"schedule_id": d.ScheduleID, "targets": d.Targets, "created_at": d.CreatedAt, "plays": plays}
}

func (s *Server) playMessage(c echo.Context) error {
	id, err := idParam(c, "message_not_found")
	if err != nil {
		return err
	}
	var in struct {
		Targets  players.Targets `json:"targets"`
		Priority int             `json:"priority"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	d, err := s.deps.OnAir.Players.Dispatch(c.Request().Context(), tenantID(c), players.Request{
		MessageID: id, Targets: in.Targets, Priority: in.Priority, Source: players.SourceManual, RequestedBy: principal(c).UserID,
	})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", fmt.Sprintf("/api/v1/deliveries/%d", d.ID))
	return c.JSON(http.StatusAccepted, toDeliveryJSON(*d))
}

func (s *Server) getDelivery(c echo.Context) error {
	id, err := idParam(c, "delivery_not_found")
	if err != nil {
		return err
	}
	d, err := s.deps.OnAir.Players.Delivery(c.Request().Context(), tenantID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toDeliveryJSON(*d))
}

// playQuery reads the report's filters; dates are local to the tenant and
// both inclusive.
func playQuery(c echo.Context, loc *time.Location) (players.PlayQuery, error) {
	q := players.PlayQuery{Zone: c.QueryParam("zone"), Source: c.QueryParam("source"), Status: c.QueryParam("status"), Page: 1, PerPage: 50}
	details := map[string]string{}
	for name, dst := range map[string]*time.Time{"from": &q.From, "to": &q.To} {
		if v := c.QueryParam(name); v != "" {
			d, err := time.ParseInLocation(time.DateOnly, v, loc)
			if err != nil {
				details[name] = "must be a date YYYY-MM-DD"
				continue
			}
			if name == "to" {
				d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
			}
			*dst = d.UTC()
		}
	}
	for name, dst := range map[string]*uint64{"player_id": &q.PlayerID, "message_id": &q.MessageID} {
		if v := c.QueryParam(name); v != "" {
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				details[name] = "must be a positive number"
			}
			*dst = n
		}
	}
	for name, dst := range map[string]*int{"page": &q.Page, "per_page": &q.PerPage} {
		if v := c.QueryParam(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || (name == "per_page" && n > 500) {
				details[name] = "out of range"
			}
			*dst = n
		}
	}
	if len(details) > 0 {
		return q, domain.Invalid("invalid_query", "the report's filters are not valid", details)
	}
	return q, nil
}

// tenantLocation is the time zone of the request's tenant, whose dates and
// times the API reads and writes.
func (s *Server) tenantLocation(c echo.Context) *time.Location {
	loc, err := s.deps.OnAir.zones.load(tenants.Current(c).TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

func (s *Server) listPlays(c echo.Context) error {
	loc := s.tenantLocation(c)
	q, err := playQuery(c, loc)
	if err != nil {
		return err
	}
	list, total, err := s.deps.OnAir.Players.Report(c.Request().Context(), tenantID(c), q)
	if err != nil {
		return err
	}
	out := make([]playJSON, 0, len(list))
	for _, p := range list {
		out = append(out, toPlayJSON(p))
	}
	return c.JSON(http.StatusOK, map[string]any{"plays": out, "total": total, "page": q.Page, "per_page": q.PerPage, "timezone": loc.String()})
}

// exportPlays answers the report as CSV, every matching row, with times in
// the tenant's zone and in UTC.
func (s *Server) exportPlays(c echo.Context) error {
	loc := s.tenantLocation(c)
	q, err := playQuery(c, loc)
	if err != nil {
		return err
	}
	q.Page, q.PerPage = 1, 0
	list, _, err := s.deps.OnAir.Players.Report(c.Request().Context(), tenantID(c), q)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "reproducciones-"+time.Now().In(loc).Format("2006-01-02")+".csv"))
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	w.Write([]string{"play_id", "message_id", "message", "player_id", "player", "zone", "source", "priority", "status",
		"requested_local", "started_local", "finished_local", "requested_utc", "started_utc", "finished_utc", "error"})
	for _, p := range list {
		w.Write([]string{strconv.FormatUint(p.ID, 10), strconv.FormatUint(p.MessageID, 10), csvSafe(p.MessageName),
			strconv.FormatUint(p.PlayerID, 10), csvSafe(p.PlayerName), csvSafe(p.Zone), p.Source, strconv.Itoa(p.Priority), p.Status,
			localTime(&p.RequestedAt, loc), localTime(p.StartedAt, loc), localTime(p.FinishedAt, loc),
			utcTime(&p.RequestedAt), utcTime(p.StartedAt), utcTime(p.FinishedAt), csvSafe(p.Error)})
	}
	w.Flush()
	return w.Error()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

func localTime(t *time.Time, loc *time.Location) string {
	if t == nil {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04:05")
}

func utcTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
