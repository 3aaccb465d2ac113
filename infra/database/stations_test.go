package database_test

import (
	"context"
	"testing"

	"mediaflow/domain/stations"
	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
)

func TestStationStore(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			s := database.NewStationStore(f.db)
			if _, err := s.Station(ctx, f.a); !isNotFound(err, "station_not_found") {
				t.Fatalf("a tenant without a station: %v", err)
			}
			want := stations.Settings{TenantID: f.a, BaseURL: "https://radio.mall.cl", SealedKey: "sealed-1", StationID: "mall",
				Zone: "Nivel 1", Playlist: "Avisos", Enabled: true}

			t.Run("settings are saved and replaced", func(t *testing.T) {
				first := want
				first.StationID, first.Enabled = "old", false
				if err := s.SaveStation(ctx, &first); err != nil || first.UpdatedAt.IsZero() {
					t.Fatalf("save = %+v, %v", first, err)
				}
				if err := s.SaveStation(ctx, &want); err != nil {
					t.Fatal(err)
				}
				got, err := s.Station(ctx, f.a)
				if err != nil {
					t.Fatal(err)
				}
				got.UpdatedAt = want.UpdatedAt
				if *got != want {
					t.Fatalf("station = %+v, want %+v", *got, want)
				}
			})

			t.Run("another tenant neither reads nor deletes them", func(t *testing.T) {
				if _, err := s.Station(ctx, f.b); !isNotFound(err, "station_not_found") {
					t.Fatalf("tenant b read tenant a's station: %v", err)
				}
				if err := s.DeleteStation(ctx, f.b); !isNotFound(err, "station_not_found") {
					t.Fatalf("tenant b deleted a station: %v", err)
				}
				if got, err := s.Station(ctx, f.a); err != nil || got.SealedKey != "sealed-1" {
					t.Fatalf("tenant a's station = %+v, %v", got, err)
				}
			})

			t.Run("deleting disconnects the station", func(t *testing.T) {
				if err := s.DeleteStation(ctx, f.a); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Station(ctx, f.a); !isNotFound(err, "station_not_found") {
					t.Fatalf("a deleted station is still read: %v", err)
				}
			})
		})
	}
}
