package app

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"mediaflow/domain/players"
	"mediaflow/domain/schedules"
)

type scheduleJSON struct {
	ID          uint64 `json:"id"`
	MessageID   uint64 `json:"message_id"`
	MessageName string `json:"message_name"`
	Name        string `json:"name"`
	schedules.Rule
	Priority     int             `json:"priority"`
	Targets      players.Targets `json:"targets"`
	Paused       bool            `json:"paused"`
	NextRunAt    *time.Time      `json:"next_run_at"`
	NextRunLocal *string         `json:"next_run_local"`
	LastRunAt    *time.Time      `json:"last_run_at"`
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
}

func toScheduleJSON(sc schedules.Schedule, loc *time.Location) scheduleJSON {
	out := scheduleJSON{ID: sc.ID, MessageID: sc.MessageID, MessageName: sc.MessageName, Name: sc.Name, Rule: sc.Rule,
		Priority: sc.Priority, Targets: sc.Targets, Paused: sc.Paused, NextRunAt: sc.NextRunAt, LastRunAt: sc.LastRunAt,
		CreatedAt: sc.CreatedAt, UpdatedAt: sc.UpdatedAt}
	if sc.NextRunAt != nil {
		local := sc.NextRunAt.In(loc).Format(time.RFC3339)
		out.NextRunLocal = &local
	}
	return out
}

// scheduleInput is a schedule as submitted; an edit sends it whole.
type scheduleInput struct {
	MessageID uint64 `json:"message_id"`
	Name      string `json:"name"`
	schedules.Rule
	Priority int             `json:"priority"`
	Targets  players.Targets `json:"targets"`
	Paused   bool            `json:"paused"`
}

func (in scheduleInput) apply(sc *schedules.Schedule) {
	if in.MessageID != 0 {
		sc.MessageID = in.MessageID
	}
	sc.Name, sc.Rule, sc.Priority, sc.Targets, sc.Paused = in.Name, in.Rule, in.Priority, in.Targets, in.Paused
}

func (s *Server) listSchedules(c echo.Context) error {
	list, err := s.deps.OnAir.Schedules.Schedules(c.Request().Context(), tenantID(c))
	if err != nil {
		return err
	}
	loc := s.tenantLocation(c)
	out := make([]scheduleJSON, 0, len(list))
	for _, sc := range list {
		out = append(out, toScheduleJSON(sc, loc))
	}
	return c.JSON(http.StatusOK, map[string]any{"schedules": out, "timezone": loc.String()})
}

func (s *Server) createSchedule(c echo.Context) error {
	var in scheduleInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	sc := schedules.Schedule{TenantID: tenantID(c), CreatedBy: principal(c).UserID}
	in.apply(&sc)
	if err := s.deps.OnAir.Schedules.Save(c.Request().Context(), &sc); err != nil {
		return err
	}
	return s.respondSchedule(c, http.StatusCreated, sc.ID)
}

// respondSchedule answers with the stored schedule, so names filled by the
// store (the message's) are included.
func (s *Server) respondSchedule(c echo.Context, status int, id uint64) error {
	sc, err := s.deps.OnAir.Schedules.Schedule(c.Request().Context(), tenantID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(status, toScheduleJSON(*sc, s.tenantLocation(c)))
}

func (s *Server) scheduleParam(c echo.Context) (*schedules.Schedule, error) {
	id, err := idParam(c, "schedule_not_found")
	if err != nil {
		return nil, err
	}
	return s.deps.OnAir.Schedules.Schedule(c.Request().Context(), tenantID(c), id)
}

func (s *Server) getSchedule(c echo.Context) error {
	sc, err := s.scheduleParam(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toScheduleJSON(*sc, s.tenantLocation(c)))
}

func (s *Server) updateSchedule(c echo.Context) error {
	sc, err := s.scheduleParam(c)
	if err != nil {
		return err
	}
	in := scheduleInput{Paused: sc.Paused}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	in.apply(sc)
	if err := s.deps.OnAir.Schedules.Save(c.Request().Context(), sc); err != nil {
		return err
	}
	return s.respondSchedule(c, http.StatusOK, sc.ID)
}

func (s *Server) pauseSchedule(paused bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "schedule_not_found")
		if err != nil {
			return err
		}
		if _, err := s.deps.OnAir.Schedules.SetPaused(c.Request().Context(), tenantID(c), id, paused); err != nil {
			return err
		}
		return s.respondSchedule(c, http.StatusOK, id)
	}
}

func (s *Server) calendar(c echo.Context) error {
	occ, err := s.deps.OnAir.Schedules.Calendar(c.Request().Context(), tenantID(c), c.QueryParam("from"), c.QueryParam("to"))
	if err != nil {
		return err
	}
	type occurrenceJSON struct {
		ScheduleID uint64          `json:"schedule_id"`
		MessageID  uint64          `json:"message_id"`
		Title      string          `json:"title"`
		Priority   int             `json:"priority"`
		Targets    players.Targets `json:"targets"`
		Paused     bool            `json:"paused"`
		At         time.Time       `json:"at"`
		Local      string          `json:"local"`
	}
	out := make([]occurrenceJSON, 0, len(occ))
	for _, o := range occ {
		out = append(out, occurrenceJSON{o.ScheduleID, o.MessageID, o.Title, o.Priority, o.Targets, o.Paused, o.At, o.Local.Format(time.RFC3339)})
	}
	return c.JSON(http.StatusOK, map[string]any{"timezone": s.tenantLocation(c).String(), "occurrences": out})
}
