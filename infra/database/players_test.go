package database_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"mediaflow/domain"
	"mediaflow/domain/players"
	"mediaflow/domain/studio"
	"mediaflow/infra/database"
	"mediaflow/infra/dbtest"
	"mediaflow/tenants"
)

// onAir is a migrated database with two tenants, a and b.
type onAir struct {
	db   *gorm.DB
	a, b uint64
}

func newOnAir(t *testing.T, driver string) onAir {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Migrated(t, driver)
	svc := tenants.NewService(tenants.ServiceDeps{Store: database.NewTenantStore(db)})
	a, err := svc.Create(ctx, tenants.CreateInput{Slug: "a", Name: "A", Host: "a.test"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := svc.Create(ctx, tenants.CreateInput{Slug: "b", Name: "B", Host: "b.test"})
	if err != nil {
		t.Fatal(err)
	}
	return onAir{db: db, a: a.ID, b: b.ID}
}

// message stores a ready message of the tenant; a name saves it.
func (f onAir) message(t *testing.T, tenantID uint64, text, name string) uint64 {
	t.Helper()
	m := &studio.Message{TenantID: tenantID, Source: studio.SourceStudio, Text: text, Status: studio.StatusReady,
		Saved: name != "", DisplayName: name}
	if err := database.NewStudioStore(f.db).CreateMessage(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func (f onAir) player(t *testing.T, s *database.PlayerStore, tenantID uint64, name, zone string) players.Player {
	t.Helper()
	p := players.NewPlayer(tenantID)
	p.Name, p.Zone = name, zone
	if err := s.SavePlayer(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func isNotFound(err error, code string) bool {
	return errors.Is(err, domain.ErrNotFound) && codeOf(err) == code
}

func TestPlayerStore(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			s := database.NewPlayerStore(f.db)
			hall := players.NewPlayer(f.a)
			hall.Name, hall.Zone, hall.MusicIDs = "Hall", "Nivel 1", []uint64{3, 5}
			if err := s.SavePlayer(ctx, &hall); err != nil || hall.ID == 0 || hall.CreatedAt.IsZero() {
				t.Fatalf("save = %+v, %v", hall, err)
			}
			patio := f.player(t, s, f.a, "Patio", "Nivel 2")
			other := f.player(t, s, f.b, "Hall", "Nivel 1")

			t.Run("a name is unique within a tenant only", func(t *testing.T) {
				dup := players.NewPlayer(f.a)
				dup.Name = "Hall"
				if err := s.SavePlayer(ctx, &dup); !errors.Is(err, domain.ErrConflict) || codeOf(err) != "player_exists" {
					t.Fatalf("second Hall in tenant a: %v", err)
				}
				renamed := patio
				renamed.Name = "Hall"
				if err := s.SavePlayer(ctx, &renamed); codeOf(err) != "player_exists" {
					t.Fatalf("renaming onto an existing name: %v", err)
				}
				if other.ID == 0 {
					t.Fatal("tenant b could not have its own Hall")
				}
			})

			t.Run("a tenant lists and reads only its players", func(t *testing.T) {
				list, err := s.Players(ctx, f.a)
				if err != nil || len(list) != 2 || list[0].ID != hall.ID || list[1].ID != patio.ID {
					t.Fatalf("players of a = %+v, %v", list, err)
				}
				got, err := s.Player(ctx, f.a, hall.ID)
				if err != nil || got.Name != "Hall" || got.Zone != "Nivel 1" || !slices.Equal(got.MusicIDs, []uint64{3, 5}) ||
					got.Volume != players.DefaultVolume || got.DuckDB != players.DefaultDuckDB || !got.MusicEnabled || got.Paired {
					t.Fatalf("player = %+v, %v", got, err)
				}
				if _, err := s.Player(ctx, f.b, hall.ID); !isNotFound(err, "player_not_found") {
					t.Fatalf("tenant b read tenant a's player: %v", err)
				}
			})

			t.Run("settings change without touching the credential", func(t *testing.T) {
				if err := s.SetCredential(ctx, f.a, patio.ID, "cred-patio"); err != nil {
					t.Fatal(err)
				}
				patio.Volume, patio.DuckDB, patio.DuckAttackMS, patio.DuckReleaseMS = 55, -24, 300, 900
				patio.MusicEnabled, patio.MusicIDs, patio.Zone = false, []uint64{9}, "Terraza"
				if err := s.SavePlayer(ctx, &patio); err != nil {
					t.Fatal(err)
				}
				got, _ := s.Player(ctx, f.a, patio.ID)
				if got.Volume != 55 || got.DuckDB != -24 || got.DuckAttackMS != 300 || got.DuckReleaseMS != 900 ||
					got.MusicEnabled || !slices.Equal(got.MusicIDs, []uint64{9}) || got.Zone != "Terraza" || !got.Paired {
					t.Fatalf("after save = %+v", got)
				}
			})

			t.Run("another tenant cannot change or delete a player", func(t *testing.T) {
				stolen := hall
				stolen.TenantID, stolen.Name = f.b, "Stolen"
				if err := s.SavePlayer(ctx, &stolen); !isNotFound(err, "player_not_found") {
					t.Fatalf("save across tenants: %v", err)
				}
				if err := s.DeletePlayer(ctx, f.b, hall.ID); !isNotFound(err, "player_not_found") {
					t.Fatalf("delete across tenants: %v", err)
				}
				if err := s.Touch(ctx, f.b, hall.ID, time.Now(), "9", "x"); !isNotFound(err, "player_not_found") {
					t.Fatalf("touch across tenants: %v", err)
				}
				if err := s.SetCredential(ctx, f.b, patio.ID, ""); !isNotFound(err, "player_not_found") {
					t.Fatalf("revoke across tenants: %v", err)
				}
				if err := s.SetPairingCode(ctx, f.b, hall.ID, "code-b", time.Now().Add(time.Hour)); !isNotFound(err, "player_not_found") {
					t.Fatalf("pairing code across tenants: %v", err)
				}
				got, err := s.Player(ctx, f.a, hall.ID)
				if err != nil || got.Name != "Hall" || got.LastSeenAt != nil {
					t.Fatalf("tenant a's player changed: %+v, %v", got, err)
				}
				if p, _ := s.Player(ctx, f.a, patio.ID); !p.Paired {
					t.Fatal("tenant b revoked tenant a's credential")
				}
			})

			t.Run("touch records presence", func(t *testing.T) {
				seen := time.Date(2026, 12, 24, 18, 30, 5, 0, time.UTC)
				if err := s.Touch(ctx, f.a, hall.ID, seen, "1.0.0", "Jingle"); err != nil {
					t.Fatal(err)
				}
				got, _ := s.Player(ctx, f.a, hall.ID)
				if got.LastSeenAt == nil || !got.LastSeenAt.Equal(seen) || got.Version != "1.0.0" || got.NowPlaying != "Jingle" {
					t.Fatalf("after touch = %+v", got)
				}
			})

			t.Run("deleting a player removes it", func(t *testing.T) {
				gone := f.player(t, s, f.a, "Gone", "")
				if err := s.DeletePlayer(ctx, f.a, gone.ID); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Player(ctx, f.a, gone.ID); !isNotFound(err, "player_not_found") {
					t.Fatalf("deleted player still read: %v", err)
				}
			})
		})
	}
}

func TestPairing(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			s := database.NewPlayerStore(f.db)
			hall := f.player(t, s, f.a, "Hall", "")
			patio := f.player(t, s, f.a, "Patio", "")
			now := time.Now().UTC()

			t.Run("a code is redeemed once, in its own tenant, before it expires", func(t *testing.T) {
				if err := s.SetPairingCode(ctx, f.a, hall.ID, "code-1", now.Add(players.PairingCodeTTL)); err != nil {
					t.Fatal(err)
				}
				if _, err := s.RedeemPairingCode(ctx, f.b, "code-1", "cred-b", now); !isNotFound(err, "player_not_found") {
					t.Fatalf("tenant b redeemed tenant a's code: %v", err)
				}
				if _, err := s.RedeemPairingCode(ctx, f.a, "code-1", "cred-late", now.Add(16*time.Minute)); !isNotFound(err, "player_not_found") {
					t.Fatalf("an expired code was redeemed: %v", err)
				}
				p, err := s.RedeemPairingCode(ctx, f.a, "code-1", "cred-1", now)
				if err != nil || p.ID != hall.ID || !p.Paired || p.PairedAt == nil {
					t.Fatalf("redeem = %+v, %v", p, err)
				}
				if _, err := s.RedeemPairingCode(ctx, f.a, "code-1", "cred-2", now); !isNotFound(err, "player_not_found") {
					t.Fatalf("a code was redeemed twice: %v", err)
				}
				if got, err := s.PlayerByCredential(ctx, f.a, "cred-1"); err != nil || got.ID != hall.ID {
					t.Fatalf("by credential = %+v, %v", got, err)
				}
			})

			t.Run("a new code replaces the old one and pairing replaces the credential", func(t *testing.T) {
				s.SetPairingCode(ctx, f.a, hall.ID, "code-2", now.Add(time.Minute))
				if err := s.SetPairingCode(ctx, f.a, hall.ID, "code-3", now.Add(time.Minute)); err != nil {
					t.Fatal(err)
				}
				if _, err := s.RedeemPairingCode(ctx, f.a, "code-2", "cred-x", now); !isNotFound(err, "player_not_found") {
					t.Fatalf("a replaced code was redeemed: %v", err)
				}
				if _, err := s.RedeemPairingCode(ctx, f.a, "code-3", "cred-3", now); err != nil {
					t.Fatal(err)
				}
				if _, err := s.PlayerByCredential(ctx, f.a, "cred-1"); !isNotFound(err, "player_not_found") {
					t.Fatalf("the old credential still opens the player: %v", err)
				}
			})

			t.Run("a credential opens its tenant's player only", func(t *testing.T) {
				if _, err := s.PlayerByCredential(ctx, f.b, "cred-3"); !isNotFound(err, "player_not_found") {
					t.Fatalf("tenant b found tenant a's player by credential: %v", err)
				}
				if _, err := s.PlayerByCredential(ctx, f.a, ""); !isNotFound(err, "player_not_found") {
					t.Fatalf("an empty credential found a player: %v", err)
				}
				if err := s.SetCredential(ctx, f.a, patio.ID, "cred-3"); !errors.Is(err, domain.ErrConflict) {
					t.Fatalf("two players share a credential: %v", err)
				}
			})

			t.Run("revoking clears the credential", func(t *testing.T) {
				for _, id := range []uint64{hall.ID, patio.ID} { // many unpaired players may coexist
					if err := s.SetCredential(ctx, f.a, id, ""); err != nil {
						t.Fatal(err)
					}
				}
				got, _ := s.Player(ctx, f.a, hall.ID)
				if got.Paired || got.PairedAt != nil {
					t.Fatalf("after revoke = %+v", got)
				}
				if _, err := s.PlayerByCredential(ctx, f.a, "cred-3"); !isNotFound(err, "player_not_found") {
					t.Fatalf("a revoked credential still opens the player: %v", err)
				}
				if err := s.SetCredential(ctx, f.a, hall.ID, "cred-4"); err != nil {
					t.Fatal(err)
				}
				if got, _ := s.PlayerByCredential(ctx, f.a, "cred-4"); got == nil || !got.Paired || got.PairedAt == nil {
					t.Fatalf("a set credential = %+v", got)
				}
			})
		})
	}
}

// delivery records a delivery of message to ps, requested at at.
func delivery(t *testing.T, s *database.PlayerStore, tenantID, messageID uint64, source string, at time.Time, ps ...players.Player) *players.Delivery {
	t.Helper()
	d := &players.Delivery{TenantID: tenantID, MessageID: messageID, Priority: players.PriorityNormal, Source: source,
		Targets: players.Targets{All: true}, CreatedAt: at}
	for _, p := range ps {
		d.Plays = append(d.Plays, players.Play{TenantID: tenantID, MessageID: messageID, PlayerID: p.ID, Source: source,
			Priority: players.PriorityNormal, Status: players.StatusPending, RequestedAt: at, MessageName: "Aviso",
			PlayerName: p.Name, Zone: p.Zone})
	}
	if err := s.CreateDelivery(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDeliveries(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			s := database.NewPlayerStore(f.db)
			hall := f.player(t, s, f.a, "Hall", "Nivel 1")
			patio := f.player(t, s, f.a, "Patio", "Nivel 2")
			now := time.Now().UTC().Truncate(time.Millisecond)

			d := &players.Delivery{TenantID: f.a, MessageID: 12, Priority: players.PriorityEmergency, Source: players.SourceSchedule,
				ScheduleID: 7, Targets: players.Targets{Zones: []string{"Nivel 2"}, PlayerIDs: []uint64{hall.ID}}, CreatedAt: now}
			for _, p := range []players.Player{hall, patio} {
				d.Plays = append(d.Plays, players.Play{MessageID: 12, PlayerID: p.ID, ScheduleID: 7, Source: players.SourceSchedule,
					Priority: players.PriorityEmergency, Status: players.StatusPending, RequestedAt: now, MessageName: "Cierre",
					PlayerName: p.Name, Zone: p.Zone})
			}
			if err := s.CreateDelivery(ctx, d); err != nil {
				t.Fatal(err)
			}

			t.Run("a delivery reads back with its plays", func(t *testing.T) {
				if d.ID == 0 || d.Plays[0].ID == 0 || d.Plays[1].ID <= d.Plays[0].ID || d.Plays[1].DeliveryID != d.ID || d.Plays[0].TenantID != f.a {
					t.Fatalf("IDs not filled: %+v", d)
				}
				got, err := s.Delivery(ctx, f.a, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.MessageID != 12 || got.Priority != 1 || got.Source != players.SourceSchedule || got.ScheduleID != 7 || got.RequestedBy != 0 ||
					!slices.Equal(got.Targets.Zones, []string{"Nivel 2"}) || !slices.Equal(got.Targets.PlayerIDs, []uint64{hall.ID}) ||
					!got.CreatedAt.Equal(now) || len(got.Plays) != 2 {
					t.Fatalf("delivery = %+v", got)
				}
				p := got.Plays[1]
				if p.ID != d.Plays[1].ID || p.PlayerID != patio.ID || p.PlayerName != "Patio" || p.Zone != "Nivel 2" || p.MessageName != "Cierre" ||
					p.Status != players.StatusPending || p.ScheduleID != 7 || !p.RequestedAt.Equal(now) || p.ReceivedAt != nil {
					t.Fatalf("play = %+v", p)
				}
			})

			t.Run("another tenant cannot read a delivery or its plays", func(t *testing.T) {
				if _, err := s.Delivery(ctx, f.b, d.ID); !isNotFound(err, "delivery_not_found") {
					t.Fatalf("tenant b read the delivery: %v", err)
				}
				if _, err := s.Play(ctx, f.b, d.Plays[0].ID); !isNotFound(err, "play_not_found") {
					t.Fatalf("tenant b read a play: %v", err)
				}
			})

			t.Run("a play only moves forward", func(t *testing.T) {
				play := d.Plays[0]
				early, later := now.Add(time.Second), now.Add(5*time.Second)
				pending, received, started, played := players.StatusPending, players.StatusReceived, players.StatusStarted, players.StatusPlayed
				open := []string{pending, received, started}
				receivedAt := func(p players.Play) *time.Time { return p.ReceivedAt }
				startedAt := func(p players.Play) *time.Time { return p.StartedAt }
				finishedAt := func(p players.Play) *time.Time { return p.FinishedAt }
				steps := []struct {
					name     string
					tenant   uint64
					player   uint64
					from     []string
					status   string
					changed  bool
					wantNow  string
					wantTime func(players.Play) *time.Time
				}{
					{"another tenant cannot advance it", f.b, hall.ID, open[:1], received, false, pending, nil},
					{"another player cannot advance it", f.a, patio.ID, open[:1], received, false, pending, nil},
					{"received from pending", f.a, hall.ID, open[:1], received, true, received, receivedAt},
					{"received again changes nothing", f.a, hall.ID, open[:1], received, false, received, nil},
					{"started from received", f.a, hall.ID, open[:2], started, true, started, startedAt},
					{"played is an outcome", f.a, hall.ID, open, played, true, played, finishedAt},
					{"a late started report changes nothing", f.a, hall.ID, open[:2], started, false, played, nil},
					{"an outcome is final", f.a, hall.ID, open, players.StatusFailed, false, played, nil},
				}
				for _, st := range steps {
					at := early
					if st.status == players.StatusPlayed {
						at = later
					}
					changed, err := s.AdvancePlay(ctx, st.tenant, st.player, play.ID, st.from, st.status, at, "")
					if err != nil || changed != st.changed {
						t.Fatalf("%s: changed = %v, %v; want %v", st.name, changed, err, st.changed)
					}
					got, _ := s.Play(ctx, f.a, play.ID)
					if got.Status != st.wantNow {
						t.Fatalf("%s: status = %s, want %s", st.name, got.Status, st.wantNow)
					}
					if st.wantTime != nil {
						if ts := st.wantTime(*got); ts == nil || !ts.Equal(at) {
							t.Fatalf("%s: time column = %v, want %v", st.name, ts, at)
						}
					}
				}
				changed, err := s.AdvancePlay(ctx, f.a, patio.ID, d.Plays[1].ID, open, players.StatusFailed, later, "no audio")
				got, _ := s.Play(ctx, f.a, d.Plays[1].ID)
				if !changed || err != nil || got.Status != players.StatusFailed || got.Error != "no audio" || got.FinishedAt == nil {
					t.Fatalf("failed play = %+v, %v, %v", got, changed, err)
				}
				if _, err := s.AdvancePlay(ctx, f.a, hall.ID, play.ID, open, "bogus", later, ""); err == nil {
					t.Fatal("an unknown status was accepted")
				}
			})
		})
	}
}

func TestOpenAndExpiredPlays(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			s := database.NewPlayerStore(f.db)
			hall := f.player(t, s, f.a, "Hall", "")
			far := f.player(t, s, f.b, "Far", "")
			now := time.Now().UTC()
			since := now.Add(-players.ReplayWindow)

			old := delivery(t, s, f.a, 1, players.SourceManual, since.Add(-time.Minute), hall).Plays[0]
			oldReceived := delivery(t, s, f.a, 1, players.SourceManual, since.Add(-time.Minute), hall).Plays[0]
			oldB := delivery(t, s, f.b, 1, players.SourceManual, since.Add(-time.Minute), far).Plays[0]
			first := delivery(t, s, f.a, 2, players.SourceManual, now.Add(-5*time.Minute), hall).Plays[0]
			second := delivery(t, s, f.a, 3, players.SourceManual, now.Add(-time.Minute), hall).Plays[0]
			started := delivery(t, s, f.a, 4, players.SourceManual, now.Add(-time.Minute), hall).Plays[0]
			pending := []string{players.StatusPending}
			s.AdvancePlay(ctx, f.a, hall.ID, oldReceived.ID, pending, players.StatusReceived, now, "")
			s.AdvancePlay(ctx, f.a, hall.ID, first.ID, pending, players.StatusReceived, now, "")
			s.AdvancePlay(ctx, f.a, hall.ID, started.ID, pending, players.StatusStarted, now, "")

			t.Run("open plays are the recent pending and received ones, oldest first", func(t *testing.T) {
				open, err := s.OpenPlays(ctx, f.a, hall.ID, since)
				if err != nil {
					t.Fatal(err)
				}
				var ids []uint64
				for _, p := range open {
					ids = append(ids, p.ID)
				}
				if !slices.Equal(ids, []uint64{first.ID, second.ID}) {
					t.Fatalf("open plays = %v, want %v", ids, []uint64{first.ID, second.ID})
				}
				if open, _ := s.OpenPlays(ctx, f.b, hall.ID, since); len(open) != 0 {
					t.Fatalf("tenant b sees tenant a's open plays: %+v", open)
				}
			})

			t.Run("old pending plays of every tenant expire as skipped", func(t *testing.T) {
				n, err := s.ExpirePlays(ctx, since, "the player was not connected in time")
				if err != nil || n != 2 {
					t.Fatalf("expired %d, %v; want 2", n, err)
				}
				for _, c := range []struct {
					tenant uint64
					play   players.Play
					status string
				}{
					{f.a, old, players.StatusSkipped},
					{f.b, oldB, players.StatusSkipped},
					{f.a, oldReceived, players.StatusReceived},
					{f.a, second, players.StatusPending},
				} {
					got, _ := s.Play(ctx, c.tenant, c.play.ID)
					if got.Status != c.status {
						t.Fatalf("play %d is %s, want %s", c.play.ID, got.Status, c.status)
					}
					if c.status == players.StatusSkipped && (got.FinishedAt == nil || got.Error != "the player was not connected in time") {
						t.Fatalf("skipped play = %+v", got)
					}
				}
				if n, _ := s.ExpirePlays(ctx, since, "again"); n != 0 {
					t.Fatalf("a second sweep expired %d plays", n)
				}
			})
		})
	}
}

func TestPlayReport(t *testing.T) {
	ctx := context.Background()
	for _, driver := range dbtest.Drivers {
		t.Run("on "+driver, func(t *testing.T) {
			f := newOnAir(t, driver)
			s := database.NewPlayerStore(f.db)
			hall := f.player(t, s, f.a, "Hall", "Nivel 1")
			patio := f.player(t, s, f.a, "Patio", "Nivel 2")
			far := f.player(t, s, f.b, "Far", "Nivel 1")
			day := time.Date(2026, 12, 24, 12, 0, 0, 0, time.UTC)

			d1 := delivery(t, s, f.a, 10, players.SourceManual, day, hall, patio)             // 2 plays at noon
			d2 := delivery(t, s, f.a, 11, players.SourceSchedule, day.Add(time.Hour), hall)   // 13:00
			d3 := delivery(t, s, f.a, 10, players.SourceManual, day.Add(24*time.Hour), patio) // next day
			delivery(t, s, f.b, 10, players.SourceManual, day, far)                           // another tenant
			s.AdvancePlay(ctx, f.a, hall.ID, d2.Plays[0].ID, []string{players.StatusPending}, players.StatusPlayed, day, "")
			ids := func(ps ...players.Play) []uint64 {
				out := []uint64{}
				for _, p := range ps {
					out = append(out, p.ID)
				}
				return out
			}
			all := ids(d3.Plays[0], d2.Plays[0], d1.Plays[1], d1.Plays[0]) // newest first, then by id descending

			cases := []struct {
				name  string
				q     players.PlayQuery
				want  []uint64
				total int64
			}{
				{"everything, newest first", players.PlayQuery{}, all, 4},
				{"a time range is half open", players.PlayQuery{From: day, To: day.Add(time.Hour)}, ids(d1.Plays[1], d1.Plays[0]), 2},
				{"from a time on", players.PlayQuery{From: day.Add(time.Minute)}, ids(d3.Plays[0], d2.Plays[0]), 2},
				{"one player", players.PlayQuery{PlayerID: patio.ID}, ids(d3.Plays[0], d1.Plays[1]), 2},
				{"one zone", players.PlayQuery{Zone: "Nivel 1"}, ids(d2.Plays[0], d1.Plays[0]), 2},
				{"one message", players.PlayQuery{MessageID: 11}, ids(d2.Plays[0]), 1},
				{"one source", players.PlayQuery{Source: players.SourceManual}, ids(d3.Plays[0], d1.Plays[1], d1.Plays[0]), 3},
				{"one status", players.PlayQuery{Status: players.StatusPlayed}, ids(d2.Plays[0]), 1},
				{"the first page", players.PlayQuery{Page: 1, PerPage: 3}, all[:3], 4},
				{"the second page", players.PlayQuery{Page: 2, PerPage: 3}, all[3:], 4},
				{"a page past the end", players.PlayQuery{Page: 3, PerPage: 3}, []uint64{}, 4},
				{"filters add up", players.PlayQuery{Zone: "Nivel 2", Source: players.SourceManual, To: day.Add(time.Hour)}, ids(d1.Plays[1]), 1},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					got, total, err := s.Plays(ctx, f.a, c.q)
					if err != nil || total != c.total || !slices.Equal(ids(got...), c.want) {
						t.Fatalf("plays = %v (total %d), %v; want %v (total %d)", ids(got...), total, err, c.want, c.total)
					}
				})
			}
			t.Run("another tenant sees only its own", func(t *testing.T) {
				got, total, err := s.Plays(ctx, f.b, players.PlayQuery{MessageID: 10})
				if err != nil || total != 1 || len(got) != 1 || got[0].PlayerID != far.ID {
					t.Fatalf("tenant b plays = %+v (total %d), %v", got, total, err)
				}
			})
		})
	}
}
