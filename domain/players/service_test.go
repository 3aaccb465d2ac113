package players

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"mediaflow/domain"
)

// domainError returns err as a *domain.Error with the wanted code, failing
// the test otherwise.
func domainError(t *testing.T, err error, code string) *domain.Error {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != code {
		t.Fatalf("error = %v, want %s", err, code)
	}
	return de
}

func TestSavePlayerValidatesEachField(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Player)
		field string // "" when valid
	}{
		{"defaults are valid", func(p *Player) {}, ""},
		{"the lowest settings are valid", func(p *Player) {
			p.Volume, p.DuckDB, p.DuckAttackMS, p.DuckReleaseMS = 0, -40, 50, 50
		}, ""},
		{"the highest settings are valid", func(p *Player) {
			p.Volume, p.DuckDB, p.DuckAttackMS, p.DuckReleaseMS = 100, 0, 5000, 5000
		}, ""},
		{"80 accented characters are a valid name and zone", func(p *Player) {
			p.Name, p.Zone = strings.Repeat("ñ", 80), strings.Repeat("é", 80)
		}, ""},
		{"an empty name", func(p *Player) { p.Name = "" }, "name"},
		{"a name of spaces", func(p *Player) { p.Name = "   " }, "name"},
		{"a name of 81 characters", func(p *Player) { p.Name = strings.Repeat("ñ", 81) }, "name"},
		{"a zone of 81 characters", func(p *Player) { p.Zone = strings.Repeat("a", 81) }, "zone"},
		{"a negative volume", func(p *Player) { p.Volume = -1 }, "volume"},
		{"a volume over 100", func(p *Player) { p.Volume = 101 }, "volume"},
		{"ducking below -40 dB", func(p *Player) { p.DuckDB = -41 }, "duck_db"},
		{"ducking above 0 dB", func(p *Player) { p.DuckDB = 1 }, "duck_db"},
		{"an attack under 50 ms", func(p *Player) { p.DuckAttackMS = 49 }, "duck_attack_ms"},
		{"an attack over 5000 ms", func(p *Player) { p.DuckAttackMS = 5001 }, "duck_attack_ms"},
		{"no release time", func(p *Player) { p.DuckReleaseMS = 0 }, "duck_release_ms"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			p := NewPlayer(tenantA)
			p.Name, p.Zone = "  Sala de ventas ", " Nivel 3 "
			c.edit(&p)
			err := w.svc.SavePlayer(context.Background(), &p)
			if c.field == "" {
				if err != nil {
					t.Fatalf("SavePlayer: %v", err)
				}
				stored, err := w.store.Player(context.Background(), tenantA, p.ID)
				if err != nil || stored.Name != strings.TrimSpace(stored.Name) || stored.Zone != strings.TrimSpace(stored.Zone) {
					t.Errorf("stored %+v, %v; want it stored with trimmed name and zone", stored, err)
				}
				return
			}
			de := domainError(t, err, "invalid_player")
			if len(de.Details) != 1 || de.Details[c.field] == "" {
				t.Errorf("details = %v, want only %s", de.Details, c.field)
			}
			if p.ID != 0 {
				t.Errorf("an invalid player was stored as %d", p.ID)
			}
		})
	}
}

func TestSavePlayerTellsAnExistingPlayerToResync(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	p := NewPlayer(tenantA)
	p.Name = "Nuevo"
	if err := w.svc.SavePlayer(ctx, &p); err != nil {
		t.Fatalf("create: %v", err)
	}
	if s := w.live.all(); len(s) != 0 {
		t.Errorf("creating a player sent %+v", s)
	}
	p.Volume = 55
	if err := w.svc.SavePlayer(ctx, &p); err != nil {
		t.Fatalf("update: %v", err)
	}
	s := w.live.all()
	if len(s) != 1 || s[0].cmd.Type != CommandResync || s[0].cmd.V != ProtocolVersion || !slices.Equal(s[0].playerIDs, []uint64{p.ID}) {
		t.Errorf("sent %+v, want one resync to player %d", s, p.ID)
	}
	if a := w.audit.Actions(); !slices.Equal(a, []string{"player.created", "player.updated"}) {
		t.Errorf("audit = %v", a)
	}
}

var codeFormat = regexp.MustCompile(`^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$`)

func TestNewPairingCodeStoresOnlyItsHash(t *testing.T) {
	w := newWorld(t)
	pc, err := w.svc.NewPairingCode(context.Background(), tenantA, w.food.ID)
	if err != nil {
		t.Fatalf("NewPairingCode: %v", err)
	}
	if !codeFormat.MatchString(pc.Code) {
		t.Errorf("code %q does not look like ABCD-EF23", pc.Code)
	}
	if want := w.now.Add(PairingCodeTTL); !pc.ExpiresAt.Equal(want) {
		t.Errorf("expires at %v, want %v", pc.ExpiresAt, want)
	}
	if _, ok := w.store.codes[hashSecret(pc.Code)]; !ok || len(w.store.codes) != 1 {
		t.Errorf("stored codes %v, want only the hash of %q", w.store.codes, pc.Code)
	}
	if _, err := w.svc.NewPairingCode(context.Background(), tenantA, w.other.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a code for another tenant's player = %v, want not found", err)
	}
}

func TestPairAcceptsACodeTypedLoosely(t *testing.T) {
	cases := []struct {
		name string
		typo func(code string) string
	}{
		{"as shown", func(c string) string { return c }},
		{"in lowercase", strings.ToLower},
		{"without the dash", func(c string) string { return strings.ReplaceAll(c, "-", "") }},
		{"with spaces", func(c string) string { return " " + strings.Join(strings.Split(c, ""), " ") + " " }},
		{"lowercase with a space for the dash", func(c string) string { return strings.ToLower(strings.Replace(c, "-", " ", 1)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			w := newWorld(t)
			pc, err := w.svc.NewPairingCode(ctx, tenantA, w.food.ID)
			if err != nil {
				t.Fatalf("NewPairingCode: %v", err)
			}
			got, err := w.svc.Pair(ctx, tenantA, c.typo(pc.Code), "10.0.0.9")
			if err != nil {
				t.Fatalf("Pair(%q): %v", c.typo(pc.Code), err)
			}
			if got.Player.ID != w.food.ID || !strings.HasPrefix(got.Token, "mfp_") || len(got.Token) < 40 {
				t.Errorf("paired %+v, want player %d with an mfp_ credential", got, w.food.ID)
			}
			if w.store.credentials[w.food.ID] != hashSecret(got.Token) {
				t.Errorf("stored credential %q, want the SHA-256 of the token", w.store.credentials[w.food.ID])
			}
			for _, s := range w.store.secrets {
				if strings.Contains(s, got.Token) || strings.Contains(s, pc.Code) {
					t.Errorf("the store was handed a raw secret %q", s)
				}
			}
			sends := w.live.all()
			if len(sends) != 1 || sends[0].cmd.Type != CommandError || sends[0].cmd.Error != "credential_replaced" ||
				!slices.Equal(sends[0].playerIDs, []uint64{w.food.ID}) {
				t.Errorf("sent %+v, want credential_replaced to the old connection", sends)
			}
			if p, err := w.svc.Authenticate(ctx, tenantA, got.Token); err != nil || p.ID != w.food.ID {
				t.Errorf("Authenticate with the new token = %+v, %v", p, err)
			}
		})
	}
}

func TestPairRefusesACodeThatDoesNotOpenAPlayer(t *testing.T) {
	cases := []struct {
		name string
		code func(w *world, issued string) string
	}{
		{"a wrong code", func(w *world, issued string) string { return "ZZZZ-ZZZZ" }},
		{"a code too short", func(w *world, issued string) string { return issued[:6] }},
		{"a code with letters not in the alphabet", func(w *world, issued string) string { return "ABCD-EF2O" }},
		{"a code already used", func(w *world, issued string) string {
			if _, err := w.svc.Pair(context.Background(), tenantA, issued, "10.0.0.1"); err != nil {
				panic(err)
			}
			return issued
		}},
		{"a code that has expired", func(w *world, issued string) string {
			w.now = w.now.Add(PairingCodeTTL + time.Minute)
			return issued
		}},
		{"another tenant's code", func(w *world, issued string) string {
			pc, err := w.svc.NewPairingCode(context.Background(), tenantB, w.other.ID)
			if err != nil {
				panic(err)
			}
			return pc.Code
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			pc, err := w.svc.NewPairingCode(context.Background(), tenantA, w.food.ID)
			if err != nil {
				t.Fatalf("NewPairingCode: %v", err)
			}
			code := c.code(w, pc.Code)
			_, err = w.svc.Pair(context.Background(), tenantA, code, "10.0.0.9")
			de := domainError(t, err, "pairing_code_invalid")
			if de.Kind != domain.KindInvalid || de.Details["code"] == "" {
				t.Errorf("error %+v, want an invalid code detail", de)
			}
			if w.limiter.failures["1:pair:10.0.0.9"] != 1 {
				t.Errorf("failures counted = %v, want one for the address", w.limiter.failures)
			}
		})
	}
}

func TestPairBlocksAnAddressAfterTenWrongCodes(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	pc, err := w.svc.NewPairingCode(ctx, tenantA, w.food.ID)
	if err != nil {
		t.Fatalf("NewPairingCode: %v", err)
	}
	for range 10 {
		_, err := w.svc.Pair(ctx, tenantA, "ZZZZ-ZZZZ", "10.0.0.9")
		domainError(t, err, "pairing_code_invalid")
	}

	_, err = w.svc.Pair(ctx, tenantA, pc.Code, "10.0.0.9")
	de := domainError(t, err, "too_many_attempts")
	if de.Kind != domain.KindTooManyRequests || de.RetryAfter != 15*time.Minute {
		t.Errorf("error %+v, want too many requests for 15 minutes", de)
	}
	_, err = w.svc.Pair(ctx, tenantB, "ZZZZ-ZZZZ", "10.0.0.9")
	domainError(t, err, "pairing_code_invalid") // another tenant counts its own failures
	if got, err := w.svc.Pair(ctx, tenantA, pc.Code, "10.0.0.10"); err != nil || got.Player.ID != w.food.ID {
		t.Errorf("another address with the right code = %+v, %v; want paired", got, err)
	}
}

func TestAuthenticateRefusesCredentialsThatAreNotThisTenants(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	pair := func(tenantID, playerID uint64) string {
		pc, err := w.svc.NewPairingCode(ctx, tenantID, playerID)
		if err != nil {
			t.Fatalf("NewPairingCode: %v", err)
		}
		got, err := w.svc.Pair(ctx, tenantID, pc.Code, "10.0.0.1")
		if err != nil {
			t.Fatalf("Pair: %v", err)
		}
		return got.Token
	}
	tokenA, tokenB := pair(tenantA, w.cinema.ID), pair(tenantB, w.other.ID)

	if p, err := w.svc.Authenticate(ctx, tenantA, tokenA); err != nil || p.ID != w.cinema.ID {
		t.Fatalf("Authenticate = %+v, %v; want the cinema player", p, err)
	}
	// stored puts the token's hash on the lobby player first, so that only
	// the format check can refuse it.
	cases := []struct {
		name, token string
		stored      bool
	}{
		{"an empty token", "", false},
		{"a token without the prefix", strings.TrimPrefix(tokenA, "mfp_"), false},
		{"a stored token with another prefix", "mfx_" + strings.TrimPrefix(tokenA, "mfp_"), true},
		{"a stored token longer than 100 characters", "mfp_" + strings.Repeat("0", 97), true},
		{"an unknown token", "mfp_0123456789abcdef", false},
		{"another tenant's token", tokenB, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.stored {
				w.store.credentials[w.lobby.ID] = hashSecret(c.token)
				defer delete(w.store.credentials, w.lobby.ID)
			}
			p, err := w.svc.Authenticate(ctx, tenantA, c.token)
			de := domainError(t, err, "device_token_invalid")
			if de.Kind != domain.KindUnauthorized || p != nil {
				t.Errorf("Authenticate = %+v, %+v; want unauthorized and no player", p, de)
			}
		})
	}
}

func TestRevokeDropsTheCredentialAndTellsThePlayer(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	pc, _ := w.svc.NewPairingCode(ctx, tenantA, w.lobby.ID)
	paired, err := w.svc.Pair(ctx, tenantA, pc.Code, "10.0.0.1")
	if err != nil {
		t.Fatalf("Pair: %v", err)
	}

	if err := w.svc.Revoke(ctx, tenantB, w.lobby.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("Revoke from another tenant = %v, want not found", err)
	}
	if _, err := w.svc.Authenticate(ctx, tenantA, paired.Token); err != nil {
		t.Fatalf("another tenant's revoke took effect: %v", err)
	}
	if err := w.svc.Revoke(ctx, tenantA, w.lobby.ID); err != nil {
		t.Fatalf("Revoke: %v", err)
	}
	if _, err := w.svc.Authenticate(ctx, tenantA, paired.Token); err == nil {
		t.Error("the revoked token still authenticates")
	}
	sends := w.live.all()
	last := sends[len(sends)-1]
	want := Command{V: ProtocolVersion, Type: CommandError, Error: "credential_revoked"}
	if !reflect.DeepEqual(last.cmd, want) || !slices.Equal(last.playerIDs, []uint64{w.lobby.ID}) || last.tenantID != tenantA {
		t.Errorf("last send %+v, want %+v to player %d", last, want, w.lobby.ID)
	}
}

func TestDispatchChecksThePriority(t *testing.T) {
	cases := []struct {
		priority, want int
		invalid        bool
	}{
		{0, PriorityNormal, false},
		{PriorityEmergency, PriorityEmergency, false},
		{PriorityLow, PriorityLow, false},
		{6, 0, true},
		{-1, 0, true},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("priority %d", c.priority), func(t *testing.T) {
			w := newWorld(t)
			d, err := w.svc.Dispatch(context.Background(), tenantA, Request{MessageID: msgReady, Targets: Targets{All: true}, Priority: c.priority})
			if c.invalid {
				de := domainError(t, err, "invalid_priority")
				if de.Details["priority"] == "" || len(w.store.plays) != 0 || len(w.live.all()) != 0 {
					t.Errorf("error %+v; plays %d, sends %d; want nothing recorded or sent", de, len(w.store.plays), len(w.live.all()))
				}
				return
			}
			if err != nil {
				t.Fatalf("Dispatch: %v", err)
			}
			if d.Priority != c.want {
				t.Errorf("delivery priority = %d, want %d", d.Priority, c.want)
			}
			for _, s := range w.live.all() {
				if s.cmd.Priority != c.want {
					t.Errorf("play command priority = %d, want %d", s.cmd.Priority, c.want)
				}
			}
		})
	}
}

func TestDispatchResolvesTargets(t *testing.T) {
	w := newWorld(t)
	lobby, food, cinema, other := w.lobby.ID, w.food.ID, w.cinema.ID, w.other.ID
	cases := []struct {
		name    string
		targets Targets
		want    []uint64
		field   string // detail of an invalid_targets error
	}{
		{"all players of the tenant", Targets{All: true}, []uint64{lobby, food, cinema}, ""},
		{"a zone", Targets{Zones: []string{"Nivel 2"}}, []uint64{food, cinema}, ""},
		{"some players", Targets{PlayerIDs: []uint64{cinema, lobby}}, []uint64{lobby, cinema}, ""},
		{"a zone and a player add up", Targets{Zones: []string{"Nivel 1"}, PlayerIDs: []uint64{food}}, []uint64{lobby, food}, ""},
		{"a player also in the zone plays once", Targets{Zones: []string{"Nivel 2"}, PlayerIDs: []uint64{food, food}}, []uint64{food, cinema}, ""},
		{"all and a zone are all", Targets{All: true, Zones: []string{"Nivel 2"}}, []uint64{lobby, food, cinema}, ""},
		{"no targets", Targets{}, nil, "targets"},
		{"an unknown player", Targets{PlayerIDs: []uint64{food, 9999}}, nil, "player_ids"},
		{"another tenant's player", Targets{PlayerIDs: []uint64{other}}, nil, "player_ids"},
		{"an unknown zone", Targets{Zones: []string{"Nivel 2", "Subterráneo"}}, nil, "zones"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			d, err := w.svc.Dispatch(context.Background(), tenantA, Request{MessageID: msgReady, Targets: c.targets})
			if c.field != "" {
				de := domainError(t, err, "invalid_targets")
				if de.Details[c.field] == "" {
					t.Errorf("details = %v, want %s", de.Details, c.field)
				}
				if len(w.store.plays) != 0 || len(w.live.all()) != 0 || len(w.output.deliveries) != 0 {
					t.Error("an invalid dispatch recorded, sent or delivered something")
				}
				return
			}
			if err != nil {
				t.Fatalf("Dispatch: %v", err)
			}
			var got, sentTo []uint64
			for _, p := range d.Plays {
				got = append(got, p.PlayerID)
			}
			for _, s := range w.live.all() {
				sentTo = append(sentTo, s.playerIDs...)
			}
			slices.Sort(got)
			slices.Sort(sentTo)
			if !slices.Equal(got, c.want) || !slices.Equal(sentTo, c.want) {
				t.Errorf("plays for %v, sent to %v; want %v", got, sentTo, c.want)
			}
		})
	}
}

func TestDispatchRefusesAMessageThatIsNotReady(t *testing.T) {
	for _, msg := range []uint64{msgDraft, msgOfB} {
		w := newWorld(t)
		_, err := w.svc.Dispatch(context.Background(), tenantA, Request{MessageID: msg, Targets: Targets{All: true}})
		if !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("Dispatch of message %d = %v, want not found", msg, err)
		}
		if len(w.store.plays) != 0 || len(w.live.all()) != 0 {
			t.Errorf("message %d: something was recorded or sent", msg)
		}
	}
}

func TestDispatchRecordsEveryPlayBeforeSendingAny(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.live.onSend = func(s sent) {
		if len(w.store.plays) != 3 {
			t.Errorf("a command was sent with %d of 3 plays recorded", len(w.store.plays))
		}
		p := w.store.play(t, s.cmd.PlayID)
		if p.Status != StatusPending || !slices.Equal(s.playerIDs, []uint64{p.PlayerID}) {
			t.Errorf("play %d is %s for player %d, sent to %v", p.ID, p.Status, p.PlayerID, s.playerIDs)
		}
	}
	d, err := w.svc.Dispatch(ctx, tenantA, Request{MessageID: msgReady, Targets: Targets{All: true}, Priority: PriorityUrgent, RequestedBy: 42})
	if err != nil {
		t.Fatalf("Dispatch: %v", err)
	}

	if d.ID == 0 || d.Source != SourceManual || d.RequestedBy != 42 || !d.CreatedAt.Equal(w.now) || len(d.Plays) != 3 {
		t.Fatalf("delivery %+v", d)
	}
	names := map[uint64]string{w.lobby.ID: "Hall central", w.food.ID: "Patio de comidas", w.cinema.ID: "Cines"}
	commands := map[uint64]Command{}
	for _, s := range w.live.all() {
		if len(s.playerIDs) != 1 || s.tenantID != tenantA {
			t.Fatalf("send %+v, want one player of tenant A at a time", s)
		}
		commands[s.playerIDs[0]] = s.cmd
	}
	for _, p := range d.Plays {
		if p.ID == 0 || p.DeliveryID != d.ID || p.Status != StatusPending || p.Source != SourceManual || p.Priority != PriorityUrgent ||
			p.MessageName != "Cierre en 15 minutos" || p.PlayerName != names[p.PlayerID] || !p.RequestedAt.Equal(w.now) {
			t.Errorf("play %+v", p)
		}
		want := Command{V: ProtocolVersion, Type: CommandPlay, PlayID: p.ID, MessageID: msgReady, Priority: PriorityUrgent,
			Title: "Cierre en 15 minutos", AudioURL: "https://a.test/audio/500", DurationSeconds: 12.5, RequestedAt: w.now}
		if got := commands[p.PlayerID]; !reflect.DeepEqual(got, want) {
			t.Errorf("player %d got %+v, want %+v", p.PlayerID, got, want)
		}
	}
	if len(w.output.deliveries) != 1 || w.output.deliveries[0].ID != d.ID || len(w.output.deliveries[0].Plays) != 3 {
		t.Errorf("outputs were offered %+v, want the recorded delivery once", w.output.deliveries)
	}
	if a := w.audit.Actions(); !slices.Equal(a, []string{"message.played"}) {
		t.Errorf("audit = %v, want message.played", a)
	}
}

func TestDispatchSucceedsWhenTheLiveChannelFails(t *testing.T) {
	w := newWorld(t)
	w.live.err = errors.New("redis down")
	d, err := w.svc.Dispatch(context.Background(), tenantA, Request{MessageID: msgReady, Targets: Targets{Zones: []string{"Nivel 2"}},
		Source: SourceSchedule, ScheduleID: 3})
	if err != nil {
		t.Fatalf("Dispatch: %v", err)
	}
	for _, p := range d.Plays {
		if stored := w.store.play(t, p.ID); stored.Status != StatusPending || stored.ScheduleID != 3 || stored.Source != SourceSchedule {
			t.Errorf("stored play %+v, want a pending scheduled play the player gets on reconnection", stored)
		}
	}
	if a := w.audit.Actions(); len(a) != 0 {
		t.Errorf("a scheduled play was audited as %v", a)
	}
}

// dispatchOne plays msgReady on one of tenant A's players and returns
// its play.
func (w *world) dispatchOne(t *testing.T, p Player) Play {
	t.Helper()
	d, err := w.svc.Dispatch(context.Background(), tenantA, Request{MessageID: msgReady, Targets: Targets{PlayerIDs: []uint64{p.ID}}})
	if err != nil || len(d.Plays) != 1 {
		t.Fatalf("dispatch to player %d: %+v, %v", p.ID, d, err)
	}
	return d.Plays[0]
}

func TestAckMovesAPlayForwardOnly(t *testing.T) {
	cases := []struct {
		name    string
		reports []string
		want    string
	}{
		{"received, started, finished is played", []string{"received", "started", "finished"}, StatusPlayed},
		{"a repeated finish is harmless", []string{"received", "started", "finished", "finished"}, StatusPlayed},
		{"a late received after started changes nothing", []string{"started", "received"}, StatusStarted},
		{"finished straight from pending is played", []string{"finished"}, StatusPlayed},
		{"finished after failed changes nothing", []string{"started", "failed", "finished"}, StatusFailed},
		{"failed after played changes nothing", []string{"finished", "failed"}, StatusPlayed},
		{"interrupted needs a started play", []string{"received", "interrupted"}, StatusReceived},
		{"interrupted after started", []string{"received", "started", "interrupted"}, StatusInterrupted},
		{"skipped from the queue", []string{"received", "skipped"}, StatusSkipped},
		{"skipped after started changes nothing", []string{"started", "skipped"}, StatusStarted},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			play := w.dispatchOne(t, w.food)
			for _, r := range c.reports {
				w.now = w.now.Add(time.Second)
				if err := w.svc.Ack(context.Background(), tenantA, w.food.ID, Report{Type: ReportAck, PlayID: play.ID, Status: r}); err != nil {
					t.Fatalf("Ack %s: %v", r, err)
				}
			}
			got := w.store.play(t, play.ID)
			if got.Status != c.want {
				t.Errorf("status = %s, want %s", got.Status, c.want)
			}
			if Final(got.Status) != (got.FinishedAt != nil) {
				t.Errorf("status %s with finished at %v", got.Status, got.FinishedAt)
			}
		})
	}
}

func TestAckRecordsTimesFromThePlayerButNeverTheFuture(t *testing.T) {
	now := newWorld(t).now
	cases := []struct {
		name string
		at   time.Time
		want time.Time
	}{
		{"no time means now", time.Time{}, now},
		{"a past time is kept", now.Add(-3 * time.Minute), now.Add(-3 * time.Minute)},
		{"a time an hour ahead is clamped to now", now.Add(time.Hour), now},
		{"a time in another zone is stored in UTC", now.Add(-time.Minute).In(time.FixedZone("-03", -3*3600)), now.Add(-time.Minute)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			play := w.dispatchOne(t, w.cinema)
			if err := w.svc.Ack(context.Background(), tenantA, w.cinema.ID, Report{PlayID: play.ID, Status: "received", At: c.at}); err != nil {
				t.Fatalf("Ack: %v", err)
			}
			got := w.store.play(t, play.ID).ReceivedAt
			if got == nil || !got.Equal(c.want) || got.Location() != time.UTC {
				t.Errorf("received at %v, want %v in UTC", got, c.want)
			}
		})
	}
}

func TestAckRefusesAReportItCannotApply(t *testing.T) {
	cases := []struct {
		name   string
		report func(w *world, play Play) (uint64, uint64, Report) // tenant, player, report
		code   string
	}{
		{"an unknown status", func(w *world, play Play) (uint64, uint64, Report) {
			return tenantA, w.food.ID, Report{PlayID: play.ID, Status: "done"}
		}, "invalid_ack"},
		{"another player's play", func(w *world, play Play) (uint64, uint64, Report) {
			return tenantA, w.cinema.ID, Report{PlayID: play.ID, Status: "finished"}
		}, "play_not_found"},
		{"a play of another tenant", func(w *world, play Play) (uint64, uint64, Report) {
			return tenantB, w.other.ID, Report{PlayID: play.ID, Status: "finished"}
		}, "play_not_found"},
		{"a play that does not exist", func(w *world, play Play) (uint64, uint64, Report) {
			return tenantA, w.food.ID, Report{PlayID: 987654, Status: "started"}
		}, "play_not_found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			play := w.dispatchOne(t, w.food)
			tenantID, playerID, r := c.report(w, play)
			domainError(t, w.svc.Ack(context.Background(), tenantID, playerID, r), c.code)
			if got := w.store.play(t, play.ID); got.Status != StatusPending || got.ReceivedAt != nil || got.FinishedAt != nil {
				t.Errorf("the play changed to %+v", got)
			}
		})
	}
}

// The error text is cut to fit its column; the cut must not split a
// character, or PostgreSQL refuses the row as invalid UTF-8.
func TestAckKeepsALongErrorTextValidUTF8(t *testing.T) {
	w := newWorld(t)
	play := w.dispatchOne(t, w.food)
	report := Report{PlayID: play.ID, Status: "failed", Error: strings.Repeat("a", 499) + "ó no se pudo reproducir"}
	if err := w.svc.Ack(context.Background(), tenantA, w.food.ID, report); err != nil {
		t.Fatalf("Ack: %v", err)
	}
	got := w.store.play(t, play.ID).Error
	if !utf8.ValidString(got) || len(got) > 500 || !strings.HasPrefix(got, strings.Repeat("a", 499)) {
		t.Errorf("stored error text of %d bytes, valid UTF-8 %v; want at most 500 bytes of whole characters",
			len(got), utf8.ValidString(got))
	}
}

func TestConnectedSendsWelcomeThenOpenPlaysOldestFirst(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.messages.ready[tenantA][msgDraft] = Audio{Title: "Borrado"}
	at := func(ago time.Duration) time.Time { return w.now.Add(-ago) }
	play := func(player, msg uint64, status string, ago time.Duration) Play {
		return w.store.addPlay(Play{TenantID: tenantA, PlayerID: player, MessageID: msg, Status: status, Priority: PriorityOperations,
			Source: SourceManual, RequestedAt: at(ago)})
	}
	recent := play(w.food.ID, msgReady, StatusPending, 2*time.Minute)
	queued := play(w.food.ID, msgOther, StatusReceived, 5*time.Minute)
	play(w.food.ID, msgReady, StatusPending, 20*time.Minute) // past the replay window
	play(w.food.ID, msgReady, StatusStarted, time.Minute)    // already playing
	play(w.food.ID, msgReady, StatusPlayed, time.Minute)
	play(w.food.ID, msgDraft, StatusPending, time.Minute)   // its message is deleted below
	play(w.cinema.ID, msgReady, StatusPending, time.Minute) // another player's
	w.messages.remove(tenantA, msgDraft)

	food := w.food
	food.Volume, food.MusicEnabled = 65, false
	cmds, err := w.svc.Connected(ctx, tenantA, food, Report{Type: ReportHello, Version: "1.0.0"})
	if err != nil {
		t.Fatalf("Connected: %v", err)
	}
	want := []Command{
		{V: ProtocolVersion, Type: CommandWelcome, Player: &Welcome{ID: food.ID, Name: "Patio de comidas", Zone: "Nivel 2", Volume: 65,
			DuckDB: DefaultDuckDB, DuckAttackMS: DefaultDuckAttackMS, DuckReleaseMS: DefaultDuckReleaseMS, MusicEnabled: false}},
		{V: ProtocolVersion, Type: CommandPlay, PlayID: queued.ID, MessageID: msgOther, Priority: PriorityOperations, Title: "Ofertas",
			AudioURL: "https://a.test/audio/501", DurationSeconds: 30, RequestedAt: queued.RequestedAt},
		{V: ProtocolVersion, Type: CommandPlay, PlayID: recent.ID, MessageID: msgReady, Priority: PriorityOperations, Title: "Cierre en 15 minutos",
			AudioURL: "https://a.test/audio/500", DurationSeconds: 12.5, RequestedAt: recent.RequestedAt},
	}
	if !reflect.DeepEqual(cmds, want) {
		t.Errorf("commands:\n%+v\nwant:\n%+v", cmds, want)
	}
	if len(w.store.openSince) != 1 || !w.store.openSince[0].Equal(w.now.Add(-ReplayWindow)) {
		t.Errorf("open plays asked since %v, want %v", w.store.openSince, w.now.Add(-ReplayWindow))
	}
	if len(w.store.touches) != 1 || w.store.touches[0] != (touch{playerID: food.ID, seen: w.now, version: "1.0.0"}) {
		t.Errorf("touches = %+v, want the visit recorded with its version", w.store.touches)
	}
}

func TestRecordMissedWritesMissedPlaysAtTheDueTime(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	due := w.now.Add(-7 * time.Minute)
	r := Request{MessageID: msgReady, Targets: Targets{Zones: []string{"Nivel 2"}}, Source: SourceSchedule, ScheduleID: 9}
	if err := w.svc.RecordMissed(ctx, tenantA, r, due.In(time.FixedZone("-03", -3*3600))); err != nil {
		t.Fatalf("RecordMissed: %v", err)
	}
	if len(w.store.deliveries) != 1 || len(w.store.plays) != 2 {
		t.Fatalf("stored %d deliveries and %d plays, want 1 and 2", len(w.store.deliveries), len(w.store.plays))
	}
	var players []uint64
	for _, p := range w.store.plays {
		players = append(players, p.PlayerID)
		if p.Status != StatusMissed || !p.RequestedAt.Equal(due) || p.RequestedAt.Location() != time.UTC || p.Priority != PriorityNormal ||
			p.Source != SourceSchedule || p.ScheduleID != 9 || p.MessageName != "Cierre en 15 minutos" || p.Error == "" {
			t.Errorf("play %+v, want missed at %v", p, due)
		}
	}
	slices.Sort(players)
	if !slices.Equal(players, []uint64{w.food.ID, w.cinema.ID}) {
		t.Errorf("missed plays for %v, want the zone's players", players)
	}
	if len(w.live.all()) != 0 || len(w.output.deliveries) != 0 {
		t.Error("a missed occurrence was sent to players or outputs")
	}

	r.Targets = Targets{Zones: []string{"Terraza"}}
	domainError(t, w.svc.RecordMissed(ctx, tenantA, r, due), "invalid_targets")
}

func TestExpireStaleCutsOffAtTheReplayWindow(t *testing.T) {
	w := newWorld(t)
	old := w.store.addPlay(Play{TenantID: tenantA, PlayerID: w.food.ID, Status: StatusPending, RequestedAt: w.now.Add(-ReplayWindow - time.Second)})
	edge := w.store.addPlay(Play{TenantID: tenantA, PlayerID: w.food.ID, Status: StatusPending, RequestedAt: w.now.Add(-ReplayWindow)})
	otherTenant := w.store.addPlay(Play{TenantID: tenantB, PlayerID: w.other.ID, Status: StatusPending, RequestedAt: w.now.Add(-time.Hour)})

	n, err := w.svc.ExpireStale(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("ExpireStale = %d, %v; want 2", n, err)
	}
	if e := w.store.expiries; len(e) != 1 || !e[0].before.Equal(w.now.Add(-ReplayWindow)) || e[0].before.Location() != time.UTC || e[0].errText == "" {
		t.Errorf("expiry calls %+v, want one cut-off at %v", e, w.now.Add(-ReplayWindow))
	}
	for id, want := range map[uint64]string{old.ID: StatusSkipped, edge.ID: StatusPending, otherTenant.ID: StatusSkipped} {
		if got := w.store.play(t, id).Status; got != want {
			t.Errorf("play %d is %s, want %s", id, got, want)
		}
	}
}
