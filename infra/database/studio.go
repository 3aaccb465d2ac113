package database

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"gorm.io/gorm"

	"mediaflow/domain"
	"mediaflow/domain/studio"
)

type voiceRow struct {
	ID              uint64 `gorm:"primaryKey"`
	TenantID        uint64
	Provider        string
	ProviderVoiceID string
	Name            string
	Gender          string
	Accent          string
	Description     string
	Stability       int
	Similarity      int
	Style           int
	SpeakerBoost    bool
	Speed           float64
	GainDB          float64 `gorm:"column:gain_db"`
	LeadSilenceMS   int     `gorm:"column:lead_silence_ms"`
	TrailSilenceMS  int     `gorm:"column:trail_silence_ms"`
	IsDefault       bool
	SortOrder       int
	Active          bool
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (voiceRow) TableName() string { return "voices" }

type soundRow struct {
	ID              uint64 `gorm:"primaryKey"`
	TenantID        uint64
	Kind            string
	Name            string
	Artist          string
	Mood            string
	StorageKey      string
	DurationSeconds float64
	LoudnessLUFS    float64 `gorm:"column:loudness_lufs"`
	TruePeakDBTP    float64 `gorm:"column:true_peak_dbtp"`
	IsDefault       bool
	SortOrder       int
	Active          bool
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (soundRow) TableName() string { return "sounds" }

type categoryRow struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	Name      string
	Icon      string
	Color     string
	SortOrder int
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (categoryRow) TableName() string { return "categories" }

type messageRow struct {
	ID              uint64 `gorm:"primaryKey"`
	TenantID        uint64
	Source          string
	Text            string
	SpokenText      string
	NormalizeText   bool
	VoiceID         *uint64
	MusicID         *uint64
	IntroChimeID    *uint64
	OutroChimeID    *uint64
	CategoryID      *uint64
	Status          string
	Progress        int
	Attempts        int
	ErrorCode       string
	ErrorMessage    string
	AudioKey        string
	OpusKey         string
	DurationSeconds float64
	LoudnessLUFS    float64 `gorm:"column:loudness_lufs"`
	TruePeakDBTP    float64 `gorm:"column:true_peak_dbtp"`
	Saved           bool
	DisplayName     string
	CreatedBy       *uint64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	RenderedAt      *time.Time
	DeletedAt       *time.Time
}

func (messageRow) TableName() string { return "messages" }

type speechTakeRow struct {
	ID              uint64 `gorm:"primaryKey"`
	TenantID        uint64
	Hash            string
	StorageKey      string
	DurationSeconds float64
	LoudnessLUFS    float64 `gorm:"column:loudness_lufs"`
	TruePeakDBTP    float64 `gorm:"column:true_peak_dbtp"`
	CreatedAt       time.Time
}

func (speechTakeRow) TableName() string { return "speech_takes" }

type settingsRow struct {
	TenantID     uint64  `gorm:"primaryKey;autoIncrement:false"`
	TargetLUFS   float64 `gorm:"column:target_lufs"`
	TruePeakDBTP float64 `gorm:"column:true_peak_dbtp"`
	DuckDepthDB  float64 `gorm:"column:duck_depth_db"`
	BedLeadInMS  int     `gorm:"column:bed_lead_in_ms"`
	BedTailMS    int     `gorm:"column:bed_tail_ms"`
	KeepUnsaved  int
	Lexicon      string
	ProviderKey  string `gorm:"column:eleven_labs_key"`
	UpdatedAt    time.Time
}

func (settingsRow) TableName() string { return "audio_settings" }

// StudioStore keeps voices, sounds, categories, messages and speech takes.
type StudioStore struct {
	db *gorm.DB
}

// NewStudioStore returns a studio store on db.
func NewStudioStore(db *gorm.DB) *StudioStore { return &StudioStore{db: db} }

var _ studio.Store = (*StudioStore)(nil)

func ref(id uint64) *uint64 {
	if id == 0 {
		return nil
	}
	return &id
}

func deref(p *uint64) uint64 {
	if p == nil {
		return 0
	}
	return *p
}

func (s *StudioStore) scoped(ctx context.Context, tenantID uint64) *gorm.DB {
	return s.db.WithContext(ctx).Where("tenant_id = ?", tenantID)
}

func toVoice(r voiceRow) studio.Voice {
	return studio.Voice{ID: r.ID, TenantID: r.TenantID, Provider: r.Provider, ProviderVoiceID: r.ProviderVoiceID, Name: r.Name,
		Gender: r.Gender, Accent: r.Accent, Description: r.Description, Stability: r.Stability, Similarity: r.Similarity,
		Style: r.Style, SpeakerBoost: r.SpeakerBoost, Speed: r.Speed, GainDB: r.GainDB,
		LeadSilence: time.Duration(r.LeadSilenceMS) * time.Millisecond, TrailSilence: time.Duration(r.TrailSilenceMS) * time.Millisecond,
		IsDefault: r.IsDefault, SortOrder: r.SortOrder, Active: r.Active, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// Voices lists the tenant's voices in order.
func (s *StudioStore) Voices(ctx context.Context, tenantID uint64) ([]studio.Voice, error) {
	var rows []voiceRow
	if err := s.scoped(ctx, tenantID).Order("sort_order, name").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]studio.Voice, 0, len(rows))
	for _, r := range rows {
		out = append(out, toVoice(r))
	}
	return out, nil
}

// Voice returns one of the tenant's voices.
func (s *StudioStore) Voice(ctx context.Context, tenantID, id uint64) (*studio.Voice, error) {
	var r voiceRow
	if err := s.scoped(ctx, tenantID).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "voice_not_found", "no such voice")
	}
	v := toVoice(r)
	return &v, nil
}

// SaveVoice inserts or updates v; a default voice clears the tenant's others.
func (s *StudioStore) SaveVoice(ctx context.Context, v *studio.Voice) error {
	r := voiceRow{ID: v.ID, TenantID: v.TenantID, Provider: v.Provider, ProviderVoiceID: v.ProviderVoiceID, Name: v.Name, Gender: v.Gender,
		Accent: v.Accent, Description: v.Description, Stability: v.Stability, Similarity: v.Similarity, Style: v.Style,
		SpeakerBoost: v.SpeakerBoost, Speed: v.Speed, GainDB: v.GainDB, LeadSilenceMS: int(v.LeadSilence.Milliseconds()),
		TrailSilenceMS: int(v.TrailSilence.Milliseconds()), IsDefault: v.IsDefault, SortOrder: v.SortOrder, Active: v.Active, CreatedAt: v.CreatedAt}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if v.IsDefault {
			if err := tx.Model(&voiceRow{}).Where("tenant_id = ? AND id <> ?", v.TenantID, v.ID).Update("is_default", false).Error; err != nil {
				return err
			}
		}
		if r.ID == 0 {
			return tx.Create(&r).Error
		}
		res := tx.Model(&voiceRow{}).Where("tenant_id = ? AND id = ?", v.TenantID, v.ID).Select("*").Omit("id", "tenant_id", "created_at").Updates(&r)
		if res.Error == nil && res.RowsAffected == 0 {
			return domain.NotFound("voice_not_found", "no such voice")
		}
		return res.Error
	})
	if err != nil {
		return conflict(err, "voice_exists", "a voice with this name already exists")
	}
	v.ID, v.CreatedAt, v.UpdatedAt = r.ID, r.CreatedAt, r.UpdatedAt
	return nil
}

// DeleteVoice removes one of the tenant's voices.
func (s *StudioStore) DeleteVoice(ctx context.Context, tenantID, id uint64) error {
	return s.scoped(ctx, tenantID).Where("id = ?", id).Delete(&voiceRow{}).Error
}

func toSound(r soundRow) studio.Sound {
	return studio.Sound{ID: r.ID, TenantID: r.TenantID, Kind: r.Kind, Name: r.Name, Artist: r.Artist, Mood: r.Mood, StorageKey: r.StorageKey,
		Loudness:  studio.Loudness{IntegratedLUFS: r.LoudnessLUFS, TruePeakDBTP: r.TruePeakDBTP, DurationSeconds: r.DurationSeconds},
		IsDefault: r.IsDefault, SortOrder: r.SortOrder, Active: r.Active, CreatedAt: r.CreatedAt}
}

// Sounds lists the tenant's sounds of a kind.
func (s *StudioStore) Sounds(ctx context.Context, tenantID uint64, kind string) ([]studio.Sound, error) {
	var rows []soundRow
	if err := s.scoped(ctx, tenantID).Where("kind = ?", kind).Order("sort_order, name").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]studio.Sound, 0, len(rows))
	for _, r := range rows {
		out = append(out, toSound(r))
	}
	return out, nil
}

// Sound returns one of the tenant's sounds.
func (s *StudioStore) Sound(ctx context.Context, tenantID, id uint64) (*studio.Sound, error) {
	var r soundRow
	if err := s.scoped(ctx, tenantID).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "sound_not_found", "no such sound")
	}
	snd := toSound(r)
	return &snd, nil
}

// SaveSound inserts or updates snd; a default clears the others of its kind.
func (s *StudioStore) SaveSound(ctx context.Context, snd *studio.Sound) error {
	r := soundRow{ID: snd.ID, TenantID: snd.TenantID, Kind: snd.Kind, Name: snd.Name, Artist: snd.Artist, Mood: snd.Mood, StorageKey: snd.StorageKey,
		DurationSeconds: snd.Loudness.DurationSeconds, LoudnessLUFS: snd.Loudness.IntegratedLUFS, TruePeakDBTP: snd.Loudness.TruePeakDBTP,
		IsDefault: snd.IsDefault, SortOrder: snd.SortOrder, Active: snd.Active, CreatedAt: snd.CreatedAt}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if snd.IsDefault {
			if err := tx.Model(&soundRow{}).Where("tenant_id = ? AND kind = ? AND id <> ?", snd.TenantID, snd.Kind, snd.ID).Update("is_default", false).Error; err != nil {
				return err
			}
		}
		if r.ID == 0 {
			return tx.Create(&r).Error
		}
		return tx.Model(&soundRow{}).Where("tenant_id = ? AND id = ?", snd.TenantID, snd.ID).Updates(map[string]any{
			"name": r.Name, "artist": r.Artist, "mood": r.Mood, "is_default": r.IsDefault, "sort_order": r.SortOrder, "active": r.Active, "updated_at": time.Now().UTC(),
		}).Error
	})
	if snd.ID == 0 {
		snd.ID = r.ID
	}
	return err
}

// DeleteSound removes one of the tenant's sounds.
func (s *StudioStore) DeleteSound(ctx context.Context, tenantID, id uint64) error {
	return s.scoped(ctx, tenantID).Where("id = ?", id).Delete(&soundRow{}).Error
}

// Categories lists the tenant's categories in order.
func (s *StudioStore) Categories(ctx context.Context, tenantID uint64) ([]studio.Category, error) {
	var rows []categoryRow
	if err := s.scoped(ctx, tenantID).Order("sort_order, name").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]studio.Category, 0, len(rows))
	for _, r := range rows {
		out = append(out, studio.Category{ID: r.ID, TenantID: r.TenantID, Name: r.Name, Icon: r.Icon, Color: r.Color, SortOrder: r.SortOrder})
	}
	return out, nil
}

// Category returns one of the tenant's categories.
func (s *StudioStore) Category(ctx context.Context, tenantID, id uint64) (*studio.Category, error) {
	var r categoryRow
	if err := s.scoped(ctx, tenantID).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "category_not_found", "no such category")
	}
	return &studio.Category{ID: r.ID, TenantID: r.TenantID, Name: r.Name, Icon: r.Icon, Color: r.Color, SortOrder: r.SortOrder}, nil
}

// SaveCategory inserts or updates c.
func (s *StudioStore) SaveCategory(ctx context.Context, c *studio.Category) error {
	r := categoryRow{ID: c.ID, TenantID: c.TenantID, Name: c.Name, Icon: c.Icon, Color: c.Color, SortOrder: c.SortOrder}
	var err error
	if r.ID == 0 {
		err = s.db.WithContext(ctx).Create(&r).Error
	} else {
		err = s.db.WithContext(ctx).Model(&categoryRow{}).Where("tenant_id = ? AND id = ?", c.TenantID, c.ID).
			Updates(map[string]any{"name": c.Name, "icon": c.Icon, "color": c.Color, "sort_order": c.SortOrder, "updated_at": time.Now().UTC()}).Error
	}
	if err != nil {
		return conflict(err, "category_exists", "a category with this name already exists")
	}
	if c.ID == 0 {
		c.ID = r.ID
	}
	return nil
}

// DeleteCategory removes a category and uncategorises its messages.
func (s *StudioStore) DeleteCategory(ctx context.Context, tenantID, id uint64) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&messageRow{}).Where("tenant_id = ? AND category_id = ?", tenantID, id).Update("category_id", nil).Error; err != nil {
			return err
		}
		return tx.Where("tenant_id = ? AND id = ?", tenantID, id).Delete(&categoryRow{}).Error
	})
}

func toMessageRow(m *studio.Message) messageRow {
	return messageRow{ID: m.ID, TenantID: m.TenantID, Source: m.Source, Text: m.Text, SpokenText: m.SpokenText, NormalizeText: m.NormalizeText,
		VoiceID: ref(m.VoiceID), MusicID: ref(m.MusicID), IntroChimeID: ref(m.IntroChimeID), OutroChimeID: ref(m.OutroChimeID),
		CategoryID: ref(m.CategoryID), Status: m.Status, Progress: m.Progress, Attempts: m.Attempts, ErrorCode: m.ErrorCode,
		ErrorMessage: truncate(m.ErrorMessage, 500), AudioKey: m.AudioKey, OpusKey: m.OpusKey, DurationSeconds: m.Loudness.DurationSeconds,
		LoudnessLUFS: m.Loudness.IntegratedLUFS, TruePeakDBTP: m.Loudness.TruePeakDBTP, Saved: m.Saved, DisplayName: m.DisplayName,
		CreatedBy: ref(m.CreatedBy), CreatedAt: m.CreatedAt, RenderedAt: m.RenderedAt, DeletedAt: m.DeletedAt}
}

func toMessage(r messageRow) studio.Message {
	return studio.Message{ID: r.ID, TenantID: r.TenantID, Source: r.Source, Text: r.Text, SpokenText: r.SpokenText, NormalizeText: r.NormalizeText,
		VoiceID: deref(r.VoiceID), MusicID: deref(r.MusicID), IntroChimeID: deref(r.IntroChimeID), OutroChimeID: deref(r.OutroChimeID),
		CategoryID: deref(r.CategoryID), Status: r.Status, Progress: r.Progress, Attempts: r.Attempts, ErrorCode: r.ErrorCode,
		ErrorMessage: r.ErrorMessage, AudioKey: r.AudioKey, OpusKey: r.OpusKey,
		Loudness: studio.Loudness{IntegratedLUFS: r.LoudnessLUFS, TruePeakDBTP: r.TruePeakDBTP, DurationSeconds: r.DurationSeconds},
		Saved:    r.Saved, DisplayName: r.DisplayName, CreatedBy: deref(r.CreatedBy), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		RenderedAt: r.RenderedAt, DeletedAt: r.DeletedAt}
}

// CreateMessage inserts m and sets its ID.
func (s *StudioStore) CreateMessage(ctx context.Context, m *studio.Message) error {
	r := toMessageRow(m)
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return err
	}
	m.ID, m.CreatedAt, m.UpdatedAt = r.ID, r.CreatedAt, r.UpdatedAt
	return nil
}

// Message returns one of the tenant's messages, deleted ones included.
func (s *StudioStore) Message(ctx context.Context, tenantID, id uint64) (*studio.Message, error) {
	var r messageRow
	if err := s.scoped(ctx, tenantID).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "message_not_found", "no such message")
	}
	m := toMessage(r)
	return &m, nil
}

// UpdateMessage writes every field of m.
func (s *StudioStore) UpdateMessage(ctx context.Context, m *studio.Message) error {
	r := toMessageRow(m)
	res := s.db.WithContext(ctx).Model(&messageRow{}).Where("tenant_id = ? AND id = ?", m.TenantID, m.ID).
		Select("*").Omit("id", "tenant_id", "created_at").Updates(&r)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return domain.NotFound("message_not_found", "no such message")
	}
	return nil
}

var sortColumns = map[string]string{"created_at": "messages.created_at", "name": "messages.display_name", "duration": "messages.duration_seconds", "category": "categories.name"}

// ListMessages returns a page of the tenant's messages and how many match.
func (s *StudioStore) ListMessages(ctx context.Context, tenantID uint64, q studio.Query) ([]studio.Message, int64, error) {
	db := s.db.WithContext(ctx).Model(&messageRow{}).Where("messages.tenant_id = ?", tenantID)
	switch q.View {
	case studio.ViewTrash:
		db = db.Where("messages.deleted_at IS NOT NULL")
	case studio.ViewRecent:
		db = db.Where("messages.deleted_at IS NULL AND NOT messages.saved")
	default:
		db = db.Where("messages.deleted_at IS NULL AND messages.saved")
	}
	if q.Search != "" {
		like := "%" + escapeLike(q.Search) + "%"
		db = db.Where("(LOWER(messages.display_name) LIKE ? OR LOWER(messages.text) LIKE ?)", like, like)
	}
	if q.Uncategorised {
		db = db.Where("messages.category_id IS NULL")
	} else if q.CategoryID != 0 {
		db = db.Where("messages.category_id = ?", q.CategoryID)
	}
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	order := sortColumns[q.Sort]
	if q.Desc {
		order += " DESC"
	}
	var rows []messageRow
	err := db.Select("messages.*").Joins("LEFT JOIN categories ON categories.id = messages.category_id AND categories.tenant_id = messages.tenant_id").
		Order(order + ", messages.id DESC").Offset((q.Page - 1) * q.PerPage).Limit(q.PerPage).Find(&rows).Error
	if err != nil {
		return nil, 0, err
	}
	out := make([]studio.Message, 0, len(rows))
	for _, r := range rows {
		out = append(out, toMessage(r))
	}
	return out, total, nil
}

// SetDeleted soft-deletes (at set) or restores (at nil) messages.
func (s *StudioStore) SetDeleted(ctx context.Context, tenantID uint64, ids []uint64, at *time.Time) (int64, error) {
	res := s.scoped(ctx, tenantID).Model(&messageRow{}).Where("id IN ?", ids).Update("deleted_at", at)
	return res.RowsAffected, res.Error
}

// SetCategory moves messages to a category (0: none).
func (s *StudioStore) SetCategory(ctx context.Context, tenantID uint64, ids []uint64, categoryID uint64) (int64, error) {
	res := s.scoped(ctx, tenantID).Model(&messageRow{}).Where("id IN ?", ids).Update("category_id", ref(categoryID))
	return res.RowsAffected, res.Error
}

// ClaimMessage moves a queued message to rendering; only one caller wins.
func (s *StudioStore) ClaimMessage(ctx context.Context, tenantID, id uint64) (bool, error) {
	res := s.db.WithContext(ctx).Model(&messageRow{}).Where("tenant_id = ? AND id = ? AND status = ?", tenantID, id, studio.StatusQueued).
		Updates(map[string]any{"status": studio.StatusRendering, "attempts": gorm.Expr("attempts + 1"), "updated_at": time.Now().UTC()})
	return res.RowsAffected == 1, res.Error
}

// QueuedMessages lists queued messages of every tenant, oldest first.
func (s *StudioStore) QueuedMessages(ctx context.Context, limit int) ([]studio.Message, error) {
	return s.findMessages(s.db.WithContext(ctx).Where("status = ?", studio.StatusQueued).Order("id").Limit(limit))
}

// StaleRendering lists messages rendering since before the cut-off.
func (s *StudioStore) StaleRendering(ctx context.Context, before time.Time) ([]studio.Message, error) {
	return s.findMessages(s.db.WithContext(ctx).Where("status = ? AND updated_at < ?", studio.StatusRendering, before.UTC()))
}

// UnsavedBeyond lists the tenant's unsaved messages older than the newest
// keep. A message a schedule plays is never among them.
func (s *StudioStore) UnsavedBeyond(ctx context.Context, tenantID uint64, keep int) ([]studio.Message, error) {
	return s.findMessages(s.scoped(ctx, tenantID).Where("NOT saved AND status IN ?", []string{studio.StatusReady, studio.StatusFailed}).
		Where("id NOT IN (SELECT message_id FROM schedules WHERE tenant_id = ?)", tenantID).
		Order("id DESC").Offset(keep).Limit(1000))
}

func (s *StudioStore) findMessages(db *gorm.DB) ([]studio.Message, error) {
	var rows []messageRow
	if err := db.Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]studio.Message, 0, len(rows))
	for _, r := range rows {
		out = append(out, toMessage(r))
	}
	return out, nil
}

// PurgeMessage deletes a message row for good.
func (s *StudioStore) PurgeMessage(ctx context.Context, tenantID, id uint64) error {
	return s.scoped(ctx, tenantID).Where("id = ?", id).Delete(&messageRow{}).Error
}

// SpeechTake returns a cached take by its hash.
func (s *StudioStore) SpeechTake(ctx context.Context, tenantID uint64, hash string) (*studio.SpeechTake, error) {
	var r speechTakeRow
	if err := s.scoped(ctx, tenantID).Where("hash = ?", hash).Take(&r).Error; err != nil {
		return nil, notFound(err, "speech_not_found", "no cached speech")
	}
	return &studio.SpeechTake{TenantID: r.TenantID, Hash: r.Hash, StorageKey: r.StorageKey,
		Loudness: studio.Loudness{IntegratedLUFS: r.LoudnessLUFS, TruePeakDBTP: r.TruePeakDBTP, DurationSeconds: r.DurationSeconds}}, nil
}

// SaveSpeechTake records a cached take; a concurrent duplicate is fine.
func (s *StudioStore) SaveSpeechTake(ctx context.Context, t *studio.SpeechTake) error {
	r := speechTakeRow{TenantID: t.TenantID, Hash: t.Hash, StorageKey: t.StorageKey, DurationSeconds: t.Loudness.DurationSeconds,
		LoudnessLUFS: t.Loudness.IntegratedLUFS, TruePeakDBTP: t.Loudness.TruePeakDBTP}
	err := s.db.WithContext(ctx).Create(&r).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil
	}
	return err
}

// Settings returns the tenant's audio settings, or the defaults.
func (s *StudioStore) Settings(ctx context.Context, tenantID uint64) (studio.Settings, error) {
	var r settingsRow
	err := s.db.WithContext(ctx).Where("tenant_id = ?", tenantID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return studio.DefaultSettings(tenantID), nil
	}
	if err != nil {
		return studio.Settings{}, err
	}
	st := studio.Settings{TenantID: tenantID, TargetLUFS: r.TargetLUFS, TruePeakDBTP: r.TruePeakDBTP, DuckDepthDB: r.DuckDepthDB,
		BedLeadIn: time.Duration(r.BedLeadInMS) * time.Millisecond, BedTail: time.Duration(r.BedTailMS) * time.Millisecond, KeepUnsaved: r.KeepUnsaved}
	if err := json.Unmarshal([]byte(r.Lexicon), &st.Lexicon); err != nil || st.Lexicon == nil {
		st.Lexicon = map[string]string{}
	}
	return st, nil
}

// SaveSettings stores the tenant's audio settings.
func (s *StudioStore) SaveSettings(ctx context.Context, st studio.Settings) error {
	r := settingsRow{TenantID: st.TenantID, TargetLUFS: st.TargetLUFS, TruePeakDBTP: st.TruePeakDBTP, DuckDepthDB: st.DuckDepthDB,
		BedLeadInMS: int(st.BedLeadIn.Milliseconds()), BedTailMS: int(st.BedTail.Milliseconds()), KeepUnsaved: st.KeepUnsaved, UpdatedAt: time.Now().UTC()}
	lexicon, err := json.Marshal(st.Lexicon)
	if err != nil || st.Lexicon == nil {
		lexicon = []byte("{}")
	}
	r.Lexicon = string(lexicon)
	return s.db.WithContext(ctx).Omit("ProviderKey").Save(&r).Error
}

// ProviderKey returns the tenant's sealed ElevenLabs key, "" when unset.
func (s *StudioStore) ProviderKey(ctx context.Context, tenantID uint64) (string, error) {
	var keys []string
	if err := s.db.WithContext(ctx).Model(&settingsRow{}).Where("tenant_id = ?", tenantID).Pluck("eleven_labs_key", &keys).Error; err != nil {
		return "", err
	}
	if len(keys) == 0 {
		return "", nil
	}
	return keys[0], nil
}

// SetProviderKey stores the tenant's sealed ElevenLabs key.
func (s *StudioStore) SetProviderKey(ctx context.Context, tenantID uint64, sealed string) error {
	st, err := s.Settings(ctx, tenantID)
	if err != nil {
		return err
	}
	if err := s.SaveSettings(ctx, st); err != nil { // make sure the row exists
		return err
	}
	return s.db.WithContext(ctx).Model(&settingsRow{}).Where("tenant_id = ?", tenantID).Update("eleven_labs_key", sealed).Error
}
