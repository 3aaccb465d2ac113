package database

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"mediaflow/domain"
	"mediaflow/domain/players"
)

type playerRow struct {
	ID               uint64 `gorm:"primaryKey"`
	TenantID         uint64
	Name             string
	Zone             string
	Volume           int
	DuckDB           int `gorm:"column:duck_db"`
	DuckAttackMS     int `gorm:"column:duck_attack_ms"`
	DuckReleaseMS    int `gorm:"column:duck_release_ms"`
	MusicEnabled     bool
	MusicIDs         string `gorm:"column:music_ids"`
	CredentialHash   *string
	PairedAt         *time.Time
	PairingCodeHash  *string
	PairingExpiresAt *time.Time
	LastSeenAt       *time.Time
	Version          string
	NowPlaying       string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (playerRow) TableName() string { return "players" }

type deliveryRow struct {
	ID          uint64 `gorm:"primaryKey"`
	TenantID    uint64
	MessageID   uint64
	Priority    int
	Source      string
	ScheduleID  *uint64
	RequestedBy *uint64
	Targets     string
	CreatedAt   time.Time
}

func (deliveryRow) TableName() string { return "deliveries" }

type playRow struct {
	ID          uint64 `gorm:"primaryKey"`
	TenantID    uint64
	DeliveryID  uint64
	MessageID   uint64
	MessageName string
	PlayerID    uint64
	PlayerName  string
	Zone        string
	ScheduleID  *uint64
	Source      string
	Priority    int
	Status      string
	RequestedAt time.Time
	ReceivedAt  *time.Time
	StartedAt   *time.Time
	FinishedAt  *time.Time
	Error       string
}

func (playRow) TableName() string { return "plays" }

// maxPlayRows caps a report asked for every row (an export).
const maxPlayRows = 100000

// PlayerStore keeps players, deliveries and their plays.
type PlayerStore struct {
	db *gorm.DB
}

// NewPlayerStore returns a player store on db.
func NewPlayerStore(db *gorm.DB) *PlayerStore { return &PlayerStore{db: db} }

var _ players.Store = (*PlayerStore)(nil)

func (s *PlayerStore) scoped(ctx context.Context, tenantID uint64) *gorm.DB {
	return s.db.WithContext(ctx).Where("tenant_id = ?", tenantID)
}

func errPlayerNotFound() error { return domain.NotFound("player_not_found", "no such player") }

func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func utcRef(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func toPlayer(r playerRow) players.Player {
	p := players.Player{ID: r.ID, TenantID: r.TenantID, Name: r.Name, Zone: r.Zone, Volume: r.Volume, DuckDB: r.DuckDB,
		DuckAttackMS: r.DuckAttackMS, DuckReleaseMS: r.DuckReleaseMS, MusicEnabled: r.MusicEnabled,
		Paired: r.CredentialHash != nil, PairedAt: r.PairedAt, LastSeenAt: r.LastSeenAt, Version: r.Version,
		NowPlaying: r.NowPlaying, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	// A malformed list reads as empty: every active bed plays.
	_ = json.Unmarshal([]byte(r.MusicIDs), &p.MusicIDs)
	return p
}

func musicIDsJSON(ids []uint64) string {
	if len(ids) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ids) // a slice of integers always encodes
	return string(b)
}

// Players lists the tenant's players by name.
func (s *PlayerStore) Players(ctx context.Context, tenantID uint64) ([]players.Player, error) {
	var rows []playerRow
	if err := s.scoped(ctx, tenantID).Order("name, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list players: %w", err)
	}
	out := make([]players.Player, 0, len(rows))
	for _, r := range rows {
		out = append(out, toPlayer(r))
	}
	return out, nil
}

// Player returns one of the tenant's players.
func (s *PlayerStore) Player(ctx context.Context, tenantID, id uint64) (*players.Player, error) {
	return s.findPlayer(s.scoped(ctx, tenantID).Where("id = ?", id))
}

func (s *PlayerStore) findPlayer(db *gorm.DB) (*players.Player, error) {
	var r playerRow
	if err := db.Take(&r).Error; err != nil {
		return nil, notFound(err, "player_not_found", "no such player")
	}
	p := toPlayer(r)
	return &p, nil
}

// SavePlayer inserts p when its ID is 0 and otherwise updates its settings
// only, never its credential, pairing or presence.
func (s *PlayerStore) SavePlayer(ctx context.Context, p *players.Player) error {
	if p.ID == 0 {
		return s.insertPlayer(ctx, p)
	}
	now := time.Now().UTC()
	res := s.scoped(ctx, p.TenantID).Model(&playerRow{}).Where("id = ?", p.ID).Updates(map[string]any{
		"name": p.Name, "zone": p.Zone, "volume": p.Volume, "duck_db": p.DuckDB, "duck_attack_ms": p.DuckAttackMS,
		"duck_release_ms": p.DuckReleaseMS, "music_enabled": p.MusicEnabled, "music_ids": musicIDsJSON(p.MusicIDs), "updated_at": now,
	})
	if res.Error != nil {
		return conflict(res.Error, "player_exists", "a player with this name already exists")
	}
	if res.RowsAffected == 0 {
		return errPlayerNotFound()
	}
	p.UpdatedAt = now
	return nil
}

func (s *PlayerStore) insertPlayer(ctx context.Context, p *players.Player) error {
	r := playerRow{TenantID: p.TenantID, Name: p.Name, Zone: p.Zone, Volume: p.Volume, DuckDB: p.DuckDB,
		DuckAttackMS: p.DuckAttackMS, DuckReleaseMS: p.DuckReleaseMS, MusicEnabled: p.MusicEnabled, MusicIDs: musicIDsJSON(p.MusicIDs)}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return conflict(err, "player_exists", "a player with this name already exists")
	}
	p.ID, p.CreatedAt, p.UpdatedAt = r.ID, r.CreatedAt, r.UpdatedAt
	p.Paired, p.PairedAt, p.LastSeenAt = false, nil, nil
	return nil
}

// DeletePlayer removes one of the tenant's players; its plays stay.
func (s *PlayerStore) DeletePlayer(ctx context.Context, tenantID, id uint64) error {
	res := s.scoped(ctx, tenantID).Where("id = ?", id).Delete(&playerRow{})
	if res.Error != nil {
		return fmt.Errorf("delete player %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return errPlayerNotFound()
	}
	return nil
}

// updatePlayer sets columns of one of the tenant's players.
func (s *PlayerStore) updatePlayer(ctx context.Context, tenantID, id uint64, cols map[string]any) error {
	res := s.scoped(ctx, tenantID).Model(&playerRow{}).Where("id = ?", id).Updates(cols)
	if res.Error != nil {
		return conflict(res.Error, "credential_exists", "this credential is already in use")
	}
	if res.RowsAffected == 0 {
		return errPlayerNotFound()
	}
	return nil
}

// SetPairingCode stores the hash of the player's new pairing code,
// replacing any earlier one.
func (s *PlayerStore) SetPairingCode(ctx context.Context, tenantID, playerID uint64, codeHash string, expiresAt time.Time) error {
	return s.updatePlayer(ctx, tenantID, playerID, map[string]any{
		"pairing_code_hash": nullString(codeHash), "pairing_expires_at": expiresAt.UTC(),
	})
}

// RedeemPairingCode spends an unexpired pairing code: the player it
// belongs to gets credentialHash and loses the code, in one transaction.
func (s *PlayerStore) RedeemPairingCode(ctx context.Context, tenantID uint64, codeHash, credentialHash string, now time.Time) (*players.Player, error) {
	if codeHash == "" || credentialHash == "" {
		return nil, domain.NotFound("player_not_found", "no player has this pairing code")
	}
	var p *players.Player
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The conditional update comes first, so two redeemers of one code
		// cannot both win: the second finds the code already cleared.
		res := tx.Model(&playerRow{}).
			Where("tenant_id = ? AND pairing_code_hash = ? AND pairing_expires_at > ?", tenantID, codeHash, now.UTC()).
			Updates(map[string]any{"credential_hash": credentialHash, "paired_at": now.UTC(),
				"pairing_code_hash": nil, "pairing_expires_at": nil})
		if res.Error != nil {
			return conflict(res.Error, "credential_exists", "this credential is already in use")
		}
		if res.RowsAffected == 0 {
			return domain.NotFound("player_not_found", "no player has this pairing code")
		}
		var err error
		p, err = s.findPlayer(tx.Where("tenant_id = ? AND credential_hash = ?", tenantID, credentialHash))
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// SetCredential replaces the player's credential hash; "" revokes it.
func (s *PlayerStore) SetCredential(ctx context.Context, tenantID, playerID uint64, credentialHash string) error {
	var pairedAt *time.Time
	if credentialHash != "" {
		now := time.Now().UTC()
		pairedAt = &now
	}
	return s.updatePlayer(ctx, tenantID, playerID, map[string]any{
		"credential_hash": nullString(credentialHash), "paired_at": pairedAt,
	})
}

// PlayerByCredential returns the tenant's player holding credentialHash.
func (s *PlayerStore) PlayerByCredential(ctx context.Context, tenantID uint64, credentialHash string) (*players.Player, error) {
	if credentialHash == "" {
		return nil, errPlayerNotFound()
	}
	return s.findPlayer(s.scoped(ctx, tenantID).Where("credential_hash = ?", credentialHash))
}

// Touch records that the player was heard from, with what it reported.
func (s *PlayerStore) Touch(ctx context.Context, tenantID, playerID uint64, seen time.Time, version, nowPlaying string) error {
	return s.updatePlayer(ctx, tenantID, playerID, map[string]any{
		"last_seen_at": seen.UTC(), "version": truncate(version, 40), "now_playing": truncate(nowPlaying, 200),
	})
}

func toDeliveryRow(d *players.Delivery) (deliveryRow, error) {
	targets, err := json.Marshal(d.Targets)
	if err != nil {
		return deliveryRow{}, fmt.Errorf("encode targets: %w", err)
	}
	return deliveryRow{TenantID: d.TenantID, MessageID: d.MessageID, Priority: d.Priority, Source: d.Source,
		ScheduleID: ref(d.ScheduleID), RequestedBy: ref(d.RequestedBy), Targets: string(targets), CreatedAt: d.CreatedAt.UTC()}, nil
}

func toPlayRow(p players.Play) playRow {
	return playRow{TenantID: p.TenantID, DeliveryID: p.DeliveryID, MessageID: p.MessageID, MessageName: truncate(p.MessageName, 200),
		PlayerID: p.PlayerID, PlayerName: truncate(p.PlayerName, 100), Zone: truncate(p.Zone, 100), ScheduleID: ref(p.ScheduleID),
		Source: p.Source, Priority: p.Priority, Status: p.Status, RequestedAt: p.RequestedAt.UTC(), ReceivedAt: utcRef(p.ReceivedAt),
		StartedAt: utcRef(p.StartedAt), FinishedAt: utcRef(p.FinishedAt), Error: truncate(p.Error, 500)}
}

func toPlay(r playRow) players.Play {
	return players.Play{ID: r.ID, TenantID: r.TenantID, DeliveryID: r.DeliveryID, MessageID: r.MessageID, PlayerID: r.PlayerID,
		ScheduleID: deref(r.ScheduleID), Source: r.Source, Priority: r.Priority, Status: r.Status, RequestedAt: r.RequestedAt,
		ReceivedAt: r.ReceivedAt, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Error: r.Error,
		MessageName: r.MessageName, PlayerName: r.PlayerName, Zone: r.Zone}
}

func toPlays(rows []playRow) []players.Play {
	out := make([]players.Play, 0, len(rows))
	for _, r := range rows {
		out = append(out, toPlay(r))
	}
	return out
}

// CreateDelivery inserts d and its plays in one transaction and fills in
// their IDs.
func (s *PlayerStore) CreateDelivery(ctx context.Context, d *players.Delivery) error {
	if d.CreatedAt.IsZero() {
		d.CreatedAt = time.Now().UTC()
	}
	dr, err := toDeliveryRow(d)
	if err != nil {
		return err
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&dr).Error; err != nil {
			return err
		}
		if len(d.Plays) == 0 {
			return nil
		}
		rows := make([]playRow, len(d.Plays))
		for i, p := range d.Plays {
			p.TenantID, p.DeliveryID = d.TenantID, dr.ID
			rows[i] = toPlayRow(p)
		}
		if err := tx.CreateInBatches(&rows, 200).Error; err != nil {
			return err
		}
		for i := range d.Plays {
			d.Plays[i].ID, d.Plays[i].TenantID, d.Plays[i].DeliveryID = rows[i].ID, d.TenantID, dr.ID
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("create delivery of message %d: %w", d.MessageID, err)
	}
	d.ID, d.CreatedAt = dr.ID, dr.CreatedAt
	return nil
}

// Delivery returns one of the tenant's deliveries with its plays in order.
func (s *PlayerStore) Delivery(ctx context.Context, tenantID, id uint64) (*players.Delivery, error) {
	var r deliveryRow
	if err := s.scoped(ctx, tenantID).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "delivery_not_found", "no such delivery")
	}
	d := &players.Delivery{ID: r.ID, TenantID: r.TenantID, MessageID: r.MessageID, Priority: r.Priority, Source: r.Source,
		ScheduleID: deref(r.ScheduleID), RequestedBy: deref(r.RequestedBy), CreatedAt: r.CreatedAt}
	if err := json.Unmarshal([]byte(r.Targets), &d.Targets); err != nil {
		return nil, fmt.Errorf("decode targets of delivery %d: %w", id, err)
	}
	var rows []playRow
	if err := s.scoped(ctx, tenantID).Where("delivery_id = ?", id).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list plays of delivery %d: %w", id, err)
	}
	d.Plays = toPlays(rows)
	return d, nil
}

// Play returns one of the tenant's plays.
func (s *PlayerStore) Play(ctx context.Context, tenantID, id uint64) (*players.Play, error) {
	var r playRow
	if err := s.scoped(ctx, tenantID).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "play_not_found", "no such play")
	}
	p := toPlay(r)
	return &p, nil
}

// ScheduledPlay returns the player's latest play of a schedule requested
// between from and to.
func (s *PlayerStore) ScheduledPlay(ctx context.Context, tenantID, playerID, scheduleID uint64, from, to time.Time) (*players.Play, error) {
	var r playRow
	err := s.scoped(ctx, tenantID).Where("player_id = ? AND schedule_id = ? AND requested_at BETWEEN ? AND ?",
		playerID, scheduleID, from.UTC(), to.UTC()).Order("requested_at DESC, id DESC").Take(&r).Error
	if err != nil {
		return nil, notFound(err, "play_not_found", "no play of that schedule near that time for this player")
	}
	p := toPlay(r)
	return &p, nil
}

// timeColumn names the column that records when a play reached status.
func timeColumn(status string) (string, error) {
	switch {
	case status == players.StatusReceived:
		return "received_at", nil
	case status == players.StatusStarted:
		return "started_at", nil
	case players.Final(status):
		return "finished_at", nil
	}
	return "", fmt.Errorf("advance play: unknown status %q", status)
}

// AdvancePlay moves one of the player's plays to status when it currently
// is in one of from, and reports whether it did.
func (s *PlayerStore) AdvancePlay(ctx context.Context, tenantID, playerID, playID uint64, from []string, status string, at time.Time, errText string) (bool, error) {
	col, err := timeColumn(status)
	if err != nil || len(from) == 0 {
		return false, err
	}
	res := s.scoped(ctx, tenantID).Model(&playRow{}).Where("player_id = ? AND id = ? AND status IN ?", playerID, playID, from).
		Updates(map[string]any{"status": status, col: at.UTC(), "error": truncate(errText, 500)})
	if res.Error != nil {
		return false, fmt.Errorf("advance play %d: %w", playID, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// OpenPlays lists the player's plays not yet started, requested at or
// after since, oldest first. Received plays are included so a player that
// reloads its page gets its queue back.
func (s *PlayerStore) OpenPlays(ctx context.Context, tenantID, playerID uint64, since time.Time) ([]players.Play, error) {
	var rows []playRow
	err := s.scoped(ctx, tenantID).Where("player_id = ? AND status IN ? AND requested_at >= ?",
		playerID, []string{players.StatusPending, players.StatusReceived}, since.UTC()).
		Order("requested_at, id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list open plays of player %d: %w", playerID, err)
	}
	return toPlays(rows), nil
}

// ExpirePlays marks every tenant's plays still pending from before the
// cut-off as skipped and returns how many it marked.
func (s *PlayerStore) ExpirePlays(ctx context.Context, before time.Time, errText string) (int64, error) {
	res := s.db.WithContext(ctx).Model(&playRow{}).Where("status = ? AND requested_at < ?", players.StatusPending, before.UTC()).
		Updates(map[string]any{"status": players.StatusSkipped, "finished_at": time.Now().UTC(), "error": truncate(errText, 500)})
	if res.Error != nil {
		return 0, fmt.Errorf("expire plays: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// Plays lists a page of the tenant's proof of play, newest first, and how
// many rows match. PerPage 0 lists every row, up to a cap.
func (s *PlayerStore) Plays(ctx context.Context, tenantID uint64, q players.PlayQuery) ([]players.Play, int64, error) {
	db := s.filterPlays(s.scoped(ctx, tenantID).Model(&playRow{}), q)
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count plays: %w", err)
	}
	limit, offset := maxPlayRows, 0
	if q.PerPage > 0 {
		limit = q.PerPage
		offset = (max(q.Page, 1) - 1) * q.PerPage
	}
	var rows []playRow
	if err := db.Order("requested_at DESC, id DESC").Offset(offset).Limit(limit).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("list plays: %w", err)
	}
	return toPlays(rows), total, nil
}

func (s *PlayerStore) filterPlays(db *gorm.DB, q players.PlayQuery) *gorm.DB {
	if !q.From.IsZero() {
		db = db.Where("requested_at >= ?", q.From.UTC())
	}
	if !q.To.IsZero() {
		db = db.Where("requested_at < ?", q.To.UTC())
	}
	if q.PlayerID != 0 {
		db = db.Where("player_id = ?", q.PlayerID)
	}
	if q.Zone != "" {
		db = db.Where("zone = ?", q.Zone)
	}
	if q.MessageID != 0 {
		db = db.Where("message_id = ?", q.MessageID)
	}
	if q.Source != "" {
		db = db.Where("source = ?", q.Source)
	}
	if q.Status != "" {
		db = db.Where("status = ?", q.Status)
	}
	return db
}
