package studio

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"mediaflow/domain"
)

// ImportMessage puts an existing recording into the library: checked by
// its content, converted once, normalised to the tenant's target, saved.
func (s *Service) ImportMessage(ctx context.Context, tenantID, userID uint64, name string, categoryID uint64, upload string) (*Message, error) {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n == 0 || n > 200 {
		return nil, domain.Invalid("invalid_message", "the recording needs a name", map[string]string{"display_name": "1 to 200 characters"})
	}
	if categoryID != 0 {
		if _, err := s.Store.Category(ctx, tenantID, categoryID); err != nil {
			return nil, domain.Invalid("invalid_message", "no such category", map[string]string{"category_id": "no such category"})
		}
	}
	settings, err := s.Store.Settings(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	out := filepath.Join(filepath.Dir(upload), "imported.mp3")
	level, err := s.Engine.Import(ctx, upload, out, settings)
	if err != nil {
		return nil, err
	}
	key := tenantKey(tenantID, "messages", randomKey()+".mp3")
	if err := s.putFile(ctx, key, out); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	m := &Message{TenantID: tenantID, Source: SourceUpload, Text: name, Status: StatusReady, Progress: 100, AudioKey: key,
		Loudness: level, Saved: true, DisplayName: name, CategoryID: categoryID, CreatedBy: userID, RenderedAt: &now}
	if err := s.Store.CreateMessage(ctx, m); err != nil {
		s.Files.Delete(context.WithoutCancel(ctx), key)
		return nil, err
	}
	s.Audit.RecordAction(ctx, tenantID, "message.uploaded", name, nil)
	return m, nil
}

// OpusKey returns the key of the message's OGG/Opus version, converting it
// once and keeping it for next time.
func (s *Service) OpusKey(ctx context.Context, m *Message) (string, error) {
	if m.OpusKey != "" {
		return m.OpusKey, nil
	}
	dir, err := os.MkdirTemp(s.WorkDir, "opus-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "in.mp3"), filepath.Join(dir, "out.ogg")
	if err := s.Files.Fetch(ctx, m.AudioKey, in); err != nil {
		return "", err
	}
	if err := s.Engine.ToOpus(ctx, in, out); err != nil {
		return "", err
	}
	key := tenantKey(m.TenantID, "messages", randomKey()+".ogg")
	if err := s.putFile(ctx, key, out); err != nil {
		return "", err
	}
	m.OpusKey = key
	if err := s.Store.UpdateMessage(ctx, m); err != nil {
		s.Files.Delete(context.WithoutCancel(ctx), key)
		return "", err
	}
	return key, nil
}
