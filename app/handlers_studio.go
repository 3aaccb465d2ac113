package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"mediaflow/domain"
	"mediaflow/domain/studio"
	"mediaflow/tenants"
)

type voiceJSON struct {
	ID              uint64  `json:"id"`
	Provider        string  `json:"provider"`
	ProviderVoiceID string  `json:"provider_voice_id"`
	Name            string  `json:"name"`
	Gender          string  `json:"gender"`
	Accent          string  `json:"accent"`
	Description     string  `json:"description"`
	Stability       int     `json:"stability"`
	Similarity      int     `json:"similarity"`
	Style           int     `json:"style"`
	SpeakerBoost    bool    `json:"speaker_boost"`
	Speed           float64 `json:"speed"`
	GainDB          float64 `json:"gain_db"`
	LeadSilenceMS   int64   `json:"lead_silence_ms"`
	TrailSilenceMS  int64   `json:"trail_silence_ms"`
	IsDefault       bool    `json:"is_default"`
	Order           int     `json:"order"`
	Active          bool    `json:"active"`
}

func toVoiceJSON(v studio.Voice) voiceJSON {
	return voiceJSON{ID: v.ID, Provider: v.Provider, ProviderVoiceID: v.ProviderVoiceID, Name: v.Name, Gender: v.Gender, Accent: v.Accent,
		Description: v.Description, Stability: v.Stability, Similarity: v.Similarity, Style: v.Style, SpeakerBoost: v.SpeakerBoost,
		Speed: v.Speed, GainDB: v.GainDB, LeadSilenceMS: v.LeadSilence.Milliseconds(), TrailSilenceMS: v.TrailSilence.Milliseconds(),
		IsDefault: v.IsDefault, Order: v.SortOrder, Active: v.Active}
}

func (j voiceJSON) voice(tenantID uint64) *studio.Voice {
	return &studio.Voice{ID: j.ID, TenantID: tenantID, Provider: j.Provider, ProviderVoiceID: j.ProviderVoiceID, Name: j.Name, Gender: j.Gender,
		Accent: j.Accent, Description: j.Description, Stability: j.Stability, Similarity: j.Similarity, Style: j.Style,
		SpeakerBoost: j.SpeakerBoost, Speed: j.Speed, GainDB: j.GainDB, LeadSilence: time.Duration(j.LeadSilenceMS) * time.Millisecond,
		TrailSilence: time.Duration(j.TrailSilenceMS) * time.Millisecond, IsDefault: j.IsDefault, SortOrder: j.Order, Active: j.Active}
}

func tenantID(c echo.Context) uint64 { return tenants.Current(c).ID }

func (s *Server) listVoices(c echo.Context) error {
	voices, err := s.deps.Studio.Voices(c.Request().Context(), tenantID(c))
	if err != nil {
		return err
	}
	items := make([]voiceJSON, 0, len(voices))
	for _, v := range voices {
		items = append(items, toVoiceJSON(v))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) saveVoice(c echo.Context) error {
	in := voiceJSON{Stability: 50, Similarity: 75, SpeakerBoost: true, Speed: 1, Active: true}
	ctx := c.Request().Context()
	if id := c.Param("id"); id != "" {
		n, err := idParam(c, "voice_not_found")
		if err != nil {
			return err
		}
		v, err := s.deps.Studio.Voice(ctx, tenantID(c), n)
		if err != nil {
			return err
		}
		in = toVoiceJSON(*v)
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	v := in.voice(tenantID(c))
	if id := c.Param("id"); id != "" {
		v.ID, _ = strconv.ParseUint(id, 10, 64)
	}
	if err := s.deps.Studio.SaveVoice(ctx, v); err != nil {
		return err
	}
	status := http.StatusOK
	if c.Param("id") == "" {
		status = http.StatusCreated
	}
	return c.JSON(status, toVoiceJSON(*v))
}

func (s *Server) testVoice(c echo.Context) error {
	id, err := idParam(c, "voice_not_found")
	if err != nil {
		return err
	}
	var in struct {
		Text string `json:"text"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	audio, ext, err := s.deps.Studio.TestVoice(c.Request().Context(), tenantID(c), id, in.Text)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, audioType(ext), audio)
}

func audioType(ext string) string {
	switch ext {
	case ".wav":
		return "audio/wav"
	case ".ogg", ".opus":
		return "audio/ogg"
	default:
		return "audio/mpeg"
	}
}

type soundJSON struct {
	ID              uint64  `json:"id"`
	Kind            string  `json:"kind"`
	Name            string  `json:"name"`
	Artist          string  `json:"artist"`
	Mood            string  `json:"mood"`
	DurationSeconds float64 `json:"duration_seconds"`
	LoudnessLUFS    float64 `json:"loudness_lufs"`
	IsDefault       bool    `json:"is_default"`
	Order           int     `json:"order"`
	Active          bool    `json:"active"`
	AudioURL        string  `json:"audio_url"`
}

func toSoundJSON(snd studio.Sound) soundJSON {
	return soundJSON{ID: snd.ID, Kind: snd.Kind, Name: snd.Name, Artist: snd.Artist, Mood: snd.Mood, DurationSeconds: snd.Loudness.DurationSeconds,
		LoudnessLUFS: snd.Loudness.IntegratedLUFS, IsDefault: snd.IsDefault, Order: snd.SortOrder, Active: snd.Active,
		AudioURL: fmt.Sprintf("/api/v1/sounds/%d/audio", snd.ID)}
}

func (s *Server) listSounds(c echo.Context) error {
	sounds, err := s.deps.Studio.Sounds(c.Request().Context(), tenantID(c), c.QueryParam("kind"))
	if err != nil {
		return err
	}
	items := make([]soundJSON, 0, len(sounds))
	for _, snd := range sounds {
		items = append(items, toSoundJSON(snd))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

// uploadToTemp streams the multipart field "file" to a temporary file,
// refusing more than MAX_UPLOAD_SIZE. The client's file name is ignored.
func (s *Server) uploadToTemp(c echo.Context) (path string, fields map[string]string, cleanup func(), err error) {
	dir, err := os.MkdirTemp(s.deps.WorkDir, "upload-")
	if err != nil {
		return "", nil, nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	mr, err := c.Request().MultipartReader()
	if err != nil {
		cleanup()
		return "", nil, nil, domain.Invalid("bad_request", "send the file as multipart/form-data in a field named file", nil)
	}
	fields = map[string]string{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			cleanup()
			return "", nil, nil, domain.Invalid("bad_request", "the upload could not be read", nil)
		}
		if part.FormName() != "file" {
			b, _ := io.ReadAll(io.LimitReader(part, 4096))
			fields[part.FormName()] = string(b)
			continue
		}
		path = filepath.Join(dir, "upload")
		f, err := os.Create(path)
		if err != nil {
			cleanup()
			return "", nil, nil, err
		}
		n, err := io.Copy(f, io.LimitReader(part, s.deps.MaxBodyBytes+1))
		f.Close()
		if err != nil {
			cleanup()
			return "", nil, nil, domain.Invalid("bad_request", "the upload could not be read", nil)
		}
		if n > s.deps.MaxBodyBytes && s.deps.MaxBodyBytes > 0 {
			cleanup()
			return "", nil, nil, &domain.Error{Kind: domain.KindInvalid, Code: "file_too_large", Message: "the file is larger than the upload limit"}
		}
		if n == 0 {
			cleanup()
			return "", nil, nil, domain.Invalid("file_empty", "the file is empty", map[string]string{"file": "choose a file with content"})
		}
	}
	if path == "" {
		cleanup()
		return "", nil, nil, domain.Invalid("file_empty", "the form has no field named file", map[string]string{"file": "choose a file"})
	}
	return path, fields, cleanup, nil
}

func (s *Server) uploadSound(c echo.Context) error {
	path, fields, cleanup, err := s.uploadToTemp(c)
	if err != nil {
		return err
	}
	defer cleanup()
	snd := &studio.Sound{TenantID: tenantID(c), Kind: fields["kind"], Name: fields["name"], Artist: fields["artist"], Mood: fields["mood"]}
	if err := s.deps.Studio.ImportSound(c.Request().Context(), snd, path); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toSoundJSON(*snd))
}

// soundParam loads the tenant's sound named by :id.
func (s *Server) soundParam(c echo.Context) (*studio.Sound, error) {
	id, err := idParam(c, "sound_not_found")
	if err != nil {
		return nil, err
	}
	return s.deps.Studio.Sound(c.Request().Context(), tenantID(c), id)
}

func (s *Server) updateSound(c echo.Context) error {
	snd, err := s.soundParam(c)
	if err != nil {
		return err
	}
	in := toSoundJSON(*snd)
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	snd.Name, snd.Artist, snd.Mood, snd.IsDefault, snd.SortOrder, snd.Active = in.Name, in.Artist, in.Mood, in.IsDefault, in.Order, in.Active
	if err := s.deps.Studio.UpdateSound(c.Request().Context(), snd); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSoundJSON(*snd))
}

func (s *Server) soundAudio(c echo.Context) error {
	snd, err := s.soundParam(c)
	if err != nil {
		return err
	}
	return s.serveStored(c, snd.StorageKey, snd.Name+".mp3", false)
}

// serveStored streams a stored file with Range support.
func (s *Server) serveStored(c echo.Context, key, name string, download bool) error {
	f, err := s.storage.Open(c.Request().Context(), key)
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	h.Set("Content-Type", audioType(filepath.Ext(key)))
	h.Set("Cache-Control", "private, max-age=3600")
	if download {
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", safeFileName(name)))
	}
	http.ServeContent(c.Response(), c.Request(), "", f.ModTime(), f)
	return nil
}

func safeFileName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '/' || r == '\\' || r == '"' || r < 32:
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "audio"
	}
	return b.String()
}

// deleteByID answers 204 once del has removed the tenant's item named by :id.
func deleteByID(notFound string, del func(ctx context.Context, tenantID, id uint64) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, notFound)
		if err != nil {
			return err
		}
		if err := del(c.Request().Context(), tenantID(c), id); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

type categoryJSON struct {
	ID    uint64 `json:"id"`
	Name  string `json:"name"`
	Icon  string `json:"icon"`
	Color string `json:"color"`
	Order int    `json:"order"`
}

func (s *Server) listCategories(c echo.Context) error {
	list, err := s.deps.Studio.Categories(c.Request().Context(), tenantID(c))
	if err != nil {
		return err
	}
	items := make([]categoryJSON, 0, len(list))
	for _, cat := range list {
		items = append(items, categoryJSON{ID: cat.ID, Name: cat.Name, Icon: cat.Icon, Color: cat.Color, Order: cat.SortOrder})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items})
}

func (s *Server) saveCategory(c echo.Context) error {
	var in categoryJSON
	status := http.StatusCreated
	if c.Param("id") != "" { // PATCH changes only the fields it names
		id, err := idParam(c, "category_not_found")
		if err != nil {
			return err
		}
		old, err := s.deps.Studio.Category(c.Request().Context(), tenantID(c), id)
		if err != nil {
			return err
		}
		in, status = categoryJSON{ID: old.ID, Name: old.Name, Icon: old.Icon, Color: old.Color, Order: old.SortOrder}, http.StatusOK
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	cat := &studio.Category{ID: in.ID, TenantID: tenantID(c), Name: in.Name, Icon: in.Icon, Color: in.Color, SortOrder: in.Order}
	if err := s.deps.Studio.SaveCategory(c.Request().Context(), cat); err != nil {
		return err
	}
	return c.JSON(status, categoryJSON{ID: cat.ID, Name: cat.Name, Icon: cat.Icon, Color: cat.Color, Order: cat.SortOrder})
}

type messageJSON struct {
	ID              uint64     `json:"id"`
	Status          string     `json:"status"`
	Progress        int        `json:"progress"`
	Source          string     `json:"source"`
	Text            string     `json:"text"`
	SpokenText      string     `json:"spoken_text"`
	VoiceID         uint64     `json:"voice_id,omitempty"`
	MusicID         uint64     `json:"music_id,omitempty"`
	IntroChimeID    uint64     `json:"intro_chime_id,omitempty"`
	OutroChimeID    uint64     `json:"outro_chime_id,omitempty"`
	CategoryID      uint64     `json:"category_id,omitempty"`
	DurationSeconds float64    `json:"duration_seconds"`
	LoudnessLUFS    float64    `json:"loudness_lufs"`
	TruePeakDBTP    float64    `json:"true_peak_dbtp"`
	AudioURL        string     `json:"audio_url,omitempty"`
	Saved           bool       `json:"saved"`
	DisplayName     string     `json:"display_name"`
	ErrorCode       string     `json:"error_code,omitempty"`
	ErrorMessage    string     `json:"error_message,omitempty"`
	CreatedAt       time.Time  `json:"created_at"`
	RenderedAt      *time.Time `json:"rendered_at"`
	DeletedAt       *time.Time `json:"deleted_at"`
}

func toMessageJSON(m studio.Message) messageJSON {
	out := messageJSON{ID: m.ID, Status: m.Status, Progress: m.Progress, Source: m.Source, Text: m.Text, SpokenText: m.SpokenText,
		VoiceID: m.VoiceID, MusicID: m.MusicID, IntroChimeID: m.IntroChimeID, OutroChimeID: m.OutroChimeID, CategoryID: m.CategoryID,
		DurationSeconds: m.Loudness.DurationSeconds, LoudnessLUFS: m.Loudness.IntegratedLUFS, TruePeakDBTP: m.Loudness.TruePeakDBTP,
		Saved: m.Saved, DisplayName: m.DisplayName, ErrorCode: m.ErrorCode, ErrorMessage: m.ErrorMessage,
		CreatedAt: m.CreatedAt, RenderedAt: m.RenderedAt, DeletedAt: m.DeletedAt}
	if m.Status == studio.StatusReady && m.AudioKey != "" {
		out.AudioURL = fmt.Sprintf("/api/v1/messages/%d/audio", m.ID)
	}
	return out
}

func (s *Server) createMessage(c echo.Context) error {
	var in struct {
		Text          string `json:"text"`
		VoiceID       uint64 `json:"voice_id"`
		MusicID       uint64 `json:"music_id"`
		IntroChimeID  uint64 `json:"intro_chime_id"`
		OutroChimeID  uint64 `json:"outro_chime_id"`
		CategoryID    uint64 `json:"category_id"`
		NormalizeText *bool  `json:"normalize_text"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.deps.Studio.CreateMessage(c.Request().Context(), tenantID(c), principal(c).UserID, studio.NewMessage{
		Text: in.Text, VoiceID: in.VoiceID, MusicID: in.MusicID, IntroChimeID: in.IntroChimeID, OutroChimeID: in.OutroChimeID,
		CategoryID: in.CategoryID, NormalizeText: in.NormalizeText,
	})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", fmt.Sprintf("/api/v1/messages/%d", m.ID))
	return c.JSON(http.StatusAccepted, toMessageJSON(*m))
}

func (s *Server) getMessage(c echo.Context) error {
	id, err := idParam(c, "message_not_found")
	if err != nil {
		return err
	}
	m, err := s.deps.Studio.Message(c.Request().Context(), tenantID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMessageJSON(*m))
}

func (s *Server) listMessages(c echo.Context) error {
	q := studio.Query{View: c.QueryParam("view"), Search: c.QueryParam("q"), Sort: c.QueryParam("sort"), Desc: c.QueryParam("order") == "desc",
		Uncategorised: c.QueryParam("category_id") == "none"}
	bad := map[string]string{}
	for name, dst := range map[string]*int{"page": &q.Page, "per_page": &q.PerPage} {
		if v := c.QueryParam(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				bad[name] = "must be a positive whole number"
			}
			*dst = n
		}
	}
	if v := c.QueryParam("category_id"); v != "" && v != "none" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			bad["category_id"] = "must be a category ID or none"
		}
		q.CategoryID = n
	}
	if len(bad) > 0 {
		return domain.Invalid("invalid_query", "some filters are not valid", bad)
	}
	if err := q.Normalise(); err != nil {
		return err
	}
	list, total, err := s.deps.Studio.Messages(c.Request().Context(), tenantID(c), q)
	if err != nil {
		return err
	}
	items := make([]messageJSON, 0, len(list))
	for _, m := range list {
		items = append(items, toMessageJSON(m))
	}
	return c.JSON(http.StatusOK, map[string]any{"items": items, "total": total, "page": q.Page, "per_page": q.PerPage})
}

func (s *Server) saveMessage(c echo.Context) error {
	id, err := idParam(c, "message_not_found")
	if err != nil {
		return err
	}
	var in struct {
		DisplayName string `json:"display_name"`
		CategoryID  uint64 `json:"category_id"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	m, err := s.deps.Studio.SaveMessage(c.Request().Context(), tenantID(c), id, in.DisplayName, in.CategoryID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toMessageJSON(*m))
}

func (s *Server) batchMessages(c echo.Context) error {
	var in struct {
		Action     string   `json:"action"`
		IDs        []uint64 `json:"ids"`
		CategoryID uint64   `json:"category_id"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	n, err := s.deps.Studio.Batch(c.Request().Context(), tenantID(c), in.Action, in.IDs, in.CategoryID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int64{"changed": n})
}

func (s *Server) messageAudio(download bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := idParam(c, "message_not_found")
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		m, err := s.deps.Studio.Message(ctx, tenantID(c), id)
		if err != nil {
			return err
		}
		if m.Status != studio.StatusReady || m.AudioKey == "" {
			return domain.NotFound("audio_not_ready", "the message has no audio yet")
		}
		name := m.DisplayName
		if name == "" {
			name = fmt.Sprintf("mensaje-%d", m.ID)
		}
		key, ext := m.AudioKey, ".mp3"
		if c.QueryParam("format") == "opus" {
			if key, err = s.deps.Studio.OpusKey(ctx, m); err != nil {
				return err
			}
			ext = ".ogg"
		}
		return s.serveStored(c, key, name+ext, download)
	}
}

func (s *Server) uploadMessage(c echo.Context) error {
	path, fields, cleanup, err := s.uploadToTemp(c)
	if err != nil {
		return err
	}
	defer cleanup()
	var categoryID uint64
	if v := fields["category_id"]; v != "" {
		categoryID, _ = strconv.ParseUint(v, 10, 64)
	}
	m, err := s.deps.Studio.ImportMessage(c.Request().Context(), tenantID(c), principal(c).UserID, fields["display_name"], categoryID, path)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toMessageJSON(*m))
}

// messageEvents streams the tenant's render progress as server-sent events
// until the client goes away.
func (s *Server) messageEvents(c echo.Context) error {
	ctx := c.Request().Context()
	events := make(chan []byte, 32)
	unsubscribe, err := s.deps.Bus.Subscribe(ctx, studio.MessagesTopic(tenantID(c)), func(p []byte) {
		select {
		case events <- p:
		default: // a slow client misses progress ticks, never the final state: it re-reads the message
		}
	})
	if err != nil {
		return err
	}
	defer unsubscribe()
	h := c.Response().Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	c.Response().WriteHeader(http.StatusOK)
	fmt.Fprint(c.Response(), ": connected\n\n")
	c.Response().Flush()
	keepAlive := time.NewTicker(25 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case p := <-events:
			fmt.Fprintf(c.Response(), "event: progress\ndata: %s\n\n", p)
		case <-keepAlive.C:
			fmt.Fprint(c.Response(), ": keep-alive\n\n")
		}
		c.Response().Flush()
	}
}

func (s *Server) previewSpeech(c echo.Context) error {
	var in struct {
		Text string `json:"text"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if len(in.Text) > 4*studio.MaxTextRunes {
		return domain.Invalid("invalid_text", "the text is too long", map[string]string{"text": fmt.Sprintf("at most %d characters", studio.MaxTextRunes)})
	}
	spoken, err := s.deps.Studio.PreviewText(c.Request().Context(), tenantID(c), in.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"spoken_text": spoken})
}

type settingsJSON struct {
	TargetLUFS   float64           `json:"target_lufs"`
	TruePeakDBTP float64           `json:"true_peak_dbtp"`
	DuckDepthDB  float64           `json:"duck_depth_db"`
	BedLeadInMS  int64             `json:"bed_lead_in_ms"`
	BedTailMS    int64             `json:"bed_tail_ms"`
	KeepUnsaved  int               `json:"keep_unsaved"`
	Lexicon      map[string]string `json:"lexicon"`
}

func toSettingsJSON(st studio.Settings) settingsJSON {
	return settingsJSON{st.TargetLUFS, st.TruePeakDBTP, st.DuckDepthDB, st.BedLeadIn.Milliseconds(), st.BedTail.Milliseconds(), st.KeepUnsaved, st.Lexicon}
}

func (s *Server) getAudioSettings(c echo.Context) error {
	st, err := s.deps.Studio.Settings(c.Request().Context(), tenantID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSettingsJSON(st))
}

func (s *Server) putAudioSettings(c echo.Context) error {
	ctx := c.Request().Context()
	st, err := s.deps.Studio.Settings(ctx, tenantID(c))
	if err != nil {
		return err
	}
	in := toSettingsJSON(st)
	in.Lexicon = nil // a lexicon in the body replaces the stored one; none keeps it
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Lexicon == nil {
		in.Lexicon = st.Lexicon
	}
	st = studio.Settings{TenantID: tenantID(c), TargetLUFS: in.TargetLUFS, TruePeakDBTP: in.TruePeakDBTP, DuckDepthDB: in.DuckDepthDB,
		BedLeadIn: time.Duration(in.BedLeadInMS) * time.Millisecond, BedTail: time.Duration(in.BedTailMS) * time.Millisecond, KeepUnsaved: in.KeepUnsaved,
		Lexicon: in.Lexicon}
	if err := s.deps.Studio.SaveSettings(ctx, st); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, in)
}

// getElevenLabsKey says whether ElevenLabs voices can speak for the tenant,
// and with whose key; the key itself is never returned.
func (s *Server) getElevenLabsKey(c echo.Context) error {
	key, err := s.deps.Studio.ElevenLabsKey(c.Request().Context(), tenantID(c))
	source := "none"
	switch {
	case err != nil:
		source = "unreadable"
	case key != "":
		source = "tenant"
	case s.deps.PlatformElevenLabs:
		source = "platform"
	}
	return c.JSON(http.StatusOK, map[string]any{"configured": source == "tenant" || source == "platform", "source": source})
}

func (s *Server) putElevenLabsKey(c echo.Context) error {
	var in struct {
		APIKey string `json:"api_key"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.APIKey) == "" {
		return domain.Invalid("invalid_api_key", "give the key, or use DELETE to remove it", map[string]string{"api_key": "required"})
	}
	if err := s.deps.Studio.SetElevenLabsKey(c.Request().Context(), tenantID(c), in.APIKey); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) deleteElevenLabsKey(c echo.Context) error {
	if err := s.deps.Studio.SetElevenLabsKey(c.Request().Context(), tenantID(c), ""); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
