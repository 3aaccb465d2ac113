package studio

import (
	"context"
	"strings"
	"unicode/utf8"

	"mediaflow/domain"
)

// Library views.
const (
	ViewRecent  = "recent"  // unsaved messages, newest first
	ViewLibrary = "library" // saved messages
	ViewTrash   = "trash"   // soft-deleted messages
)

// Sort fields a client may ask for.
var SortFields = []string{"created_at", "name", "duration", "category"}

// Query selects messages of one tenant.
type Query struct {
	View          string
	Search        string // in the display name and the text
	CategoryID    uint64
	Uncategorised bool
	Sort          string // one of SortFields, default created_at
	Desc          bool
	Page, PerPage int
}

// Normalise checks q and fills defaults.
func (q *Query) Normalise() error {
	details := map[string]string{}
	switch q.View {
	case "":
		q.View = ViewLibrary
	case ViewRecent, ViewLibrary, ViewTrash:
	default:
		details["view"] = "must be recent, library or trash"
	}
	if q.Sort == "" {
		q.Sort, q.Desc = "created_at", true
	} else if !contains(SortFields, q.Sort) {
		details["sort"] = "must be one of " + strings.Join(SortFields, ", ")
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 {
		q.PerPage = 24
	}
	if q.PerPage > 100 {
		details["per_page"] = "at most 100"
	}
	if utf8.RuneCountInString(q.Search) > 200 {
		details["q"] = "at most 200 characters"
	}
	if len(details) > 0 {
		return domain.Invalid("invalid_query", "some filters are not valid", details)
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Messages lists the tenant's messages.
func (s *Service) Messages(ctx context.Context, tenantID uint64, q Query) ([]Message, int64, error) {
	if err := q.Normalise(); err != nil {
		return nil, 0, err
	}
	return s.Store.ListMessages(ctx, tenantID, q)
}

// SaveMessage keeps a rendered message in the library under a name.
func (s *Service) SaveMessage(ctx context.Context, tenantID, id uint64, name string, categoryID uint64) (*Message, error) {
	m, err := s.Store.Message(ctx, tenantID, id)
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	details := map[string]string{}
	if n := utf8.RuneCountInString(name); n == 0 || n > 200 {
		details["display_name"] = "must have 1 to 200 characters"
	}
	if m.Status != StatusReady {
		details["id"] = "only a rendered message can be saved"
	}
	if categoryID != 0 {
		if _, err := s.Store.Category(ctx, tenantID, categoryID); err != nil {
			details["category_id"] = "no such category"
		}
	}
	if len(details) > 0 {
		return nil, domain.Invalid("invalid_message", "the message cannot be saved", details)
	}
	m.Saved, m.DisplayName, m.CategoryID = true, name, categoryID
	if err := s.Store.UpdateMessage(ctx, m); err != nil {
		return nil, err
	}
	s.Audit.RecordAction(ctx, tenantID, "message.saved", name, nil)
	return m, nil
}

// Batch actions on messages.
const (
	BatchDelete     = "delete"
	BatchRestore    = "restore"
	BatchCategorise = "categorise"
)

// Batch applies an action to several of the tenant's messages and reports
// how many it changed; IDs of other tenants are silently not found.
func (s *Service) Batch(ctx context.Context, tenantID uint64, action string, ids []uint64, categoryID uint64) (int64, error) {
	if len(ids) == 0 || len(ids) > 500 {
		return 0, domain.Invalid("invalid_batch", "give 1 to 500 message IDs", map[string]string{"ids": "1 to 500 IDs"})
	}
	switch action {
	case BatchDelete:
		now := s.now().UTC()
		return s.Store.SetDeleted(ctx, tenantID, ids, &now)
	case BatchRestore:
		return s.Store.SetDeleted(ctx, tenantID, ids, nil)
	case BatchCategorise:
		if categoryID != 0 {
			if _, err := s.Store.Category(ctx, tenantID, categoryID); err != nil {
				return 0, domain.Invalid("invalid_batch", "no such category", map[string]string{"category_id": "no such category"})
			}
		}
		return s.Store.SetCategory(ctx, tenantID, ids, categoryID)
	default:
		return 0, domain.Invalid("invalid_batch", "unknown action", map[string]string{"action": "must be delete, restore or categorise"})
	}
}
