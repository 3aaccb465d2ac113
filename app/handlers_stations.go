package app

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
	"mediaflow/domain/stations"
)

func stationJSON(st *stations.Settings) map[string]any {
	if st == nil {
		return map[string]any{"configured": false, "base_url": "", "station_id": "", "station_name": "", "zone": "", "playlist": "",
			"enabled": false, "key_set": false}
	}
	return map[string]any{"configured": true, "base_url": st.BaseURL, "station_id": st.StationID, "station_name": st.StationName,
		"zone": st.Zone, "playlist": st.Playlist, "enabled": st.Enabled, "key_set": st.SealedKey != ""}
}

func (s *Server) getStation(c echo.Context) error {
	st, err := s.deps.OnAir.Stations.Station(c.Request().Context(), tenantID(c))
	if errors.Is(err, domain.ErrNotFound) {
		return c.JSON(http.StatusOK, stationJSON(nil))
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, stationJSON(st))
}

func (s *Server) putStation(c echo.Context) error {
	var in struct {
		BaseURL   string `json:"base_url"`
		APIKey    string `json:"api_key"`
		StationID string `json:"station_id"`
		Zone      string `json:"zone"`
		Playlist  string `json:"playlist"`
		Enabled   *bool  `json:"enabled"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx, tid := c.Request().Context(), tenantID(c)
	err := s.deps.OnAir.Stations.Save(ctx, tid, stations.Input{BaseURL: in.BaseURL, APIKey: in.APIKey, StationID: in.StationID,
		Zone: in.Zone, Playlist: in.Playlist, Enabled: in.Enabled == nil || *in.Enabled})
	if err != nil {
		return err
	}
	st, err := s.deps.OnAir.Stations.Station(ctx, tid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, stationJSON(st))
}

func (s *Server) deleteStation(c echo.Context) error {
	if err := s.deps.OnAir.Stations.Delete(c.Request().Context(), tenantID(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) stationNowPlaying(c echo.Context) error {
	np, err := s.deps.OnAir.Stations.NowPlaying(c.Request().Context(), tenantID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"title": np.Title, "artist": np.Artist, "elapsed_seconds": np.Elapsed.Seconds(),
		"duration_seconds": np.Duration.Seconds(), "listeners": np.Listeners})
}

func (s *Server) skipStation(c echo.Context) error {
	if err := s.deps.OnAir.Stations.Skip(c.Request().Context(), tenantID(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
