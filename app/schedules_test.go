package app

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mediaflow/domain/players"
)

func TestSchedulesAPI(t *testing.T) {
	h := newHarness(t, "sqlite").withAccounts()
	h.runWorkers(t)
	editor, viewer, otherAdmin := h.mustLogin(editorA), h.mustLogin(viewerA), h.mustLogin(adminB)
	admin := h.mustLogin(adminA)
	_, token := h.pairPlayer(t, admin, "Patio", "Nivel 2")
	msg := h.readyMessage(t, editor, "Recuerde validar su ticket de estacionamiento.")
	loc := mustZone(t, "America/Santiago")
	start := time.Now().In(loc).Format(time.DateOnly)
	end := time.Now().In(loc).AddDate(0, 0, 13).Format(time.DateOnly)

	rec := h.api(editor, http.MethodPost, "/api/v1/schedules", map[string]any{
		"message_id": msg, "kind": "weekly", "times": []string{"18:30", "09:00"}, "weekdays": []string{"sun", "Mon"},
		"start_date": start, "end_date": end, "targets": map[string]any{"zones": []string{"Nivel 2"}},
	})
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	sc := decode[scheduleJSON](t, rec.Body.Bytes())
	if sc.NextRunAt == nil || sc.NextRunLocal == nil || sc.Priority != 4 || sc.MessageName == "" ||
		strings.Join(sc.Times, ",") != "09:00,18:30" || strings.Join(sc.Weekdays, ",") != "mon,sun" {
		t.Fatalf("schedule: %s", rec.Body)
	}
	local, _ := time.Parse(time.RFC3339, *sc.NextRunLocal)
	if wd := local.Weekday(); (wd != time.Monday && wd != time.Sunday) || (local.Format("15:04") != "09:00" && local.Format("15:04") != "18:30") {
		t.Fatalf("next run %s is not on a chosen day and time", *sc.NextRunLocal)
	}
	path := fmt.Sprintf("/api/v1/schedules/%d", sc.ID)

	t.Run("the calendar expands two weeks of Mondays and Sundays", func(t *testing.T) {
		cal := decode[struct {
			Timezone    string `json:"timezone"`
			Occurrences []struct {
				ScheduleID uint64 `json:"schedule_id"`
				Local      string `json:"local"`
			} `json:"occurrences"`
		}](t, h.api(viewer, http.MethodGet, "/api/v1/calendar?from="+start+"&to="+end, nil).Body.Bytes())
		if cal.Timezone != "America/Santiago" || len(cal.Occurrences) < 6 || len(cal.Occurrences) > 8 {
			t.Fatalf("calendar: %+v", cal)
		}
		for _, o := range cal.Occurrences {
			at, err := time.Parse(time.RFC3339, o.Local)
			if err != nil || o.ScheduleID != sc.ID || (at.Weekday() != time.Monday && at.Weekday() != time.Sunday) {
				t.Fatalf("occurrence %+v", o)
			}
		}
		if rec := h.api(viewer, http.MethodGet, "/api/v1/calendar?from=2026-01-01&to=2026-06-01", nil); errorCode(rec) != "invalid_range" {
			t.Fatalf("a five-month range: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("the player's agenda lists the next day's occurrences with what it needs to play them alone", func(t *testing.T) {
		rec := h.api(editor, http.MethodPost, "/api/v1/schedules", map[string]any{
			"message_id": msg, "kind": "interval", "every_minutes": 30, "window_start": "00:00", "window_end": "23:30",
			"weekdays": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, "priority": 3, "targets": map[string]any{"zones": []string{"Nivel 2"}},
		})
		every := decode[scheduleJSON](t, rec.Body.Bytes())
		defer h.api(editor, http.MethodDelete, fmt.Sprintf("/api/v1/schedules/%d", every.ID), nil)
		cfg := decode[struct {
			Upcoming []upcomingJSON `json:"upcoming"`
		}](t, deviceGet(h, hostOf["mall-a"], token, "/api/v1/device/config").Body.Bytes())
		n := 0
		for _, u := range cfg.Upcoming {
			if u.ScheduleID == every.ID {
				n++
				if u.MessageID != msg || u.Priority != 3 || u.Title == "" || u.DurationSeconds <= 0 || u.AudioURL == "" {
					t.Fatalf("agenda item %+v", u)
				}
			}
		}
		if n < 46 || n > 49 { // every half hour for 24 hours
			t.Fatalf("%d occurrences of the half-hourly schedule in the next day", n)
		}
	})

	t.Run("bad rules are refused field by field", func(t *testing.T) {
		rec := h.api(editor, http.MethodPost, "/api/v1/schedules", map[string]any{
			"message_id": msg, "kind": "interval", "every_minutes": 0, "window_start": "21:00", "window_end": "10:00",
			"weekdays": []string{"funday"}, "targets": map[string]any{},
		})
		if rec.Code != http.StatusUnprocessableEntity || errorCode(rec) != "invalid_schedule" {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
		mustContain(t, rec.Body.String(), `"every_minutes"`, `"weekdays"`, `"targets"`)
	})

	t.Run("pause clears the next run and resume recomputes it", func(t *testing.T) {
		paused := decode[scheduleJSON](t, h.api(editor, http.MethodPost, path+"/pause", nil).Body.Bytes())
		if !paused.Paused || paused.NextRunAt != nil {
			t.Fatalf("paused: %+v", paused)
		}
		resumed := decode[scheduleJSON](t, h.api(editor, http.MethodPost, path+"/resume", nil).Body.Bytes())
		if resumed.Paused || resumed.NextRunAt == nil {
			t.Fatalf("resumed: %+v", resumed)
		}
	})

	t.Run("an edit recomputes the next run at once", func(t *testing.T) {
		at := time.Now().In(loc).Add(72 * time.Hour).Truncate(time.Minute)
		rec := h.api(editor, http.MethodPatch, path, map[string]any{"kind": "once", "at": at.Format("2006-01-02T15:04"), "targets": map[string]any{"all": true}, "priority": 1})
		edited := decode[scheduleJSON](t, rec.Body.Bytes())
		if rec.Code != http.StatusOK || edited.NextRunAt == nil || !edited.NextRunAt.Equal(at) || edited.Priority != 1 || edited.MessageID != msg {
			t.Fatalf("edit: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("another tenant cannot read, change, delete or reuse the schedule or its message", func(t *testing.T) {
		for _, call := range []struct {
			method, path string
			body         any
		}{
			{http.MethodGet, path, nil}, {http.MethodDelete, path, nil}, {http.MethodPost, path + "/pause", nil},
			{http.MethodPatch, path, map[string]any{"kind": "once", "at": "2030-01-01T10:00", "targets": map[string]any{"all": true}}},
		} {
			if rec := h.api(otherAdmin, call.method, call.path, call.body); rec.Code != http.StatusNotFound || errorCode(rec) != "schedule_not_found" {
				t.Errorf("%s %s as mall-b: %d %s", call.method, call.path, rec.Code, rec.Body)
			}
		}
		mustNotContain(t, h.api(otherAdmin, http.MethodGet, "/api/v1/schedules", nil).Body.String(), fmt.Sprintf(`"id":%d,`, sc.ID))
		rec := h.api(otherAdmin, http.MethodPost, "/api/v1/schedules", map[string]any{
			"message_id": msg, "kind": "once", "at": "2030-01-01T10:00", "targets": map[string]any{"all": true},
		})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"message_id"`) {
			t.Fatalf("mall-b scheduled mall-a's message: %d %s", rec.Code, rec.Body)
		}
		if rec := h.api(viewer, http.MethodPost, "/api/v1/schedules", map[string]any{"message_id": msg}); rec.Code != http.StatusForbidden {
			t.Fatalf("a viewer scheduled: %d", rec.Code)
		}
	})

	t.Run("a due occurrence fires once on the embedded database", func(t *testing.T) {
		due := time.Now().Add(-time.Second).UTC().Truncate(time.Second)
		if err := h.db.Exec("UPDATE schedules SET next_run_at = ? WHERE id = ?", due, sc.ID).Error; err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := h.onAir.Schedules.FireDue(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		plays := decode[struct {
			Plays []playJSON `json:"plays"`
		}](t, h.api(viewer, http.MethodGet, "/api/v1/plays?source=schedule", nil).Body.Bytes()).Plays
		if len(plays) != 1 || plays[0].ScheduleID != sc.ID || plays[0].Priority != 1 || plays[0].PlayerName != "Patio" {
			t.Fatalf("scheduled plays: %+v", plays)
		}
		after := decode[scheduleJSON](t, h.api(viewer, http.MethodGet, path, nil).Body.Bytes())
		t.Run("the player reports it played the occurrence on its own while offline", func(t *testing.T) {
			srv := httptest.NewServer(h.srv.Handler())
			defer srv.Close()
			live := dialPlayer(t, srv.URL, hostOf["mall-a"], token)
			live.expect(players.CommandWelcome)
			live.expect(players.CommandPlay) // the server's play of it, replayed on connection
			live.send(players.Report{Type: players.ReportOffline, ScheduleID: sc.ID, MessageID: msg, At: due,
				StartedAt: due.Add(time.Second), FinishedAt: due.Add(4 * time.Second), Status: "finished"})
			if a := live.expect(players.CommandAcked); a.ScheduleID != sc.ID || !a.At.Equal(due) || a.Status != "offline" {
				t.Fatalf("acked %+v", a)
			}
			got := decode[struct {
				Plays []playJSON `json:"plays"`
			}](t, h.api(viewer, http.MethodGet, "/api/v1/plays?source=schedule", nil).Body.Bytes()).Plays[0]
			if got.Status != players.StatusPlayed || got.StartedAt == nil || !got.StartedAt.Equal(due.Add(time.Second)) || !got.FinishedAt.Equal(due.Add(4*time.Second)) {
				t.Fatalf("the offline play was not recorded: %+v", got)
			}
			live.send(players.Report{Type: players.ReportOffline, ScheduleID: sc.ID, At: due.Add(-time.Hour), Status: "finished"})
			if e := live.expect(players.CommandError); e.Error != "play_not_found" || e.ScheduleID != sc.ID || !e.At.Equal(due.Add(-time.Hour)) {
				t.Fatalf("an occurrence the server never had: %+v", e)
			}
		})
		// The forced occurrence came before the rule's own, which stays next.
		if after.NextRunAt == nil || !after.NextRunAt.After(time.Now()) || after.LastRunAt == nil {
			t.Fatalf("after firing: next %v, last %v", after.NextRunAt, after.LastRunAt)
		}
	})

	if rec := h.api(editor, http.MethodDelete, path, nil); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	if rec := h.api(editor, http.MethodGet, path, nil); rec.Code != http.StatusNotFound {
		t.Fatalf("deleted schedule still there: %d", rec.Code)
	}
}
