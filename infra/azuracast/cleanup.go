package azuracast

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxRemovals bounds the deletions made after one Play, so that a long
// backlog is worked off over several plays instead of holding one up.
const maxRemovals = 50

// uploadAnswer is the part of Api_StationMedia the clean-up reads. It is
// kept apart from mediaAnswer so that an odd time field in a listing can
// only spoil the clean-up, never an upload.
type uploadAnswer struct {
	ID   int64  `json:"id"`
	Path string `json:"path"`
	// MTime is when the file was last written, in Unix seconds; uploading
	// the same path again moves it forward.
	MTime int64 `json:"mtime"`
	// UploadedAt is when the file was first imported, in Unix seconds.
	UploadedAt int64 `json:"uploaded_at"`
}

// lastWrite is the later of the two times AzuraCast keeps for a file, so
// that an announcement uploaded again to the same path counts from its
// latest upload. It is zero when AzuraCast sent neither.
func (u uploadAnswer) lastWrite() time.Time {
	latest := max(u.MTime, u.UploadedAt)
	if latest <= 0 {
		return time.Time{}
	}
	return time.Unix(latest, 0)
}

// removeOldUploads deletes from MediaFolder the files last written more
// than the keep period ago, oldest first and at most maxRemovals of them,
// never the file justUploaded nor a file whose age AzuraCast does not say.
// It returns how many deletions AzuraCast confirmed, how many files that
// were due are still there, and why. A file already gone (404) counts as
// neither.
func (c *Client) removeOldUploads(ctx context.Context, justUploaded int64) (removed, left int, err error) {
	if c.keep < 0 {
		return 0, 0, nil
	}
	list, err := c.listUploads(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("remove old uploads: %w", err)
	}
	due := c.dueForRemoval(list, justUploaded)

	s := c.deleteEach(ctx, due)
	if s.err != nil {
		left = len(due) - s.removed - s.gone
		return s.removed, left, fmt.Errorf("remove old uploads: %d of %d due files remain: %w", left, len(due), s.err)
	}
	return s.removed, 0, nil
}

// sweep is what deleteEach got done.
type sweep struct {
	removed, gone int
	err           error // the first failure
}

// deleteEach deletes the files in order. It goes on past a failure that
// concerns one file, and stops at one that would repeat for every file: a
// refused key, rate limiting, an unreachable station or a cancelled ctx.
func (c *Client) deleteEach(ctx context.Context, due []uploadAnswer) sweep {
	var s sweep
	for _, u := range due {
		err := c.deleteFile(ctx, u.ID)
		switch code := errorCode(err); {
		case err == nil:
			s.removed++
		case code == CodeNotFound:
			s.gone++
		default:
			if s.err == nil {
				s.err = err
			}
			if ctx.Err() != nil || code == CodeUnauthorized || code == CodeRateLimited || code == CodeUnavailable {
				return s
			}
		}
	}
	return s
}

// dueForRemoval picks the files under MediaFolder written before the keep
// period began, oldest first, at most maxRemovals.
func (c *Client) dueForRemoval(list []uploadAnswer, justUploaded int64) []uploadAnswer {
	cutoff := c.now().Add(-c.keep)
	var due []uploadAnswer
	for _, u := range list {
		written := u.lastWrite()
		if u.ID <= 0 || u.ID == justUploaded || written.IsZero() || !written.Before(cutoff) {
			continue
		}
		if strings.HasPrefix(u.Path, MediaFolder+"/") {
			due = append(due, u)
		}
	}
	slices.SortFunc(due, func(a, b uploadAnswer) int {
		return cmp.Or(a.lastWrite().Compare(b.lastWrite()), cmp.Compare(a.ID, b.ID))
	})
	return due[:min(len(due), maxRemovals)]
}

// listUploads lists the library's files whose path, title or artist
// holds "mediaflow/", with GET /station/{id}/files?searchPhrase=. Without
// paging parameters AzuraCast answers the whole match as one array.
func (c *Client) listUploads(ctx context.Context) ([]uploadAnswer, error) {
	var list []uploadAnswer
	err := c.getJSON(ctx, call{op: "list uploads", method: http.MethodGet,
		path: []string{"station", c.station, "files"}, query: url.Values{"searchPhrase": {MediaFolder + "/"}},
		safe: true, subject: c.stationSubject()}, &list)
	return list, err
}

// deleteFile removes one file from the library and its playlists, with
// DELETE /station/{id}/file/{media_id}. Repeating it is harmless: a file
// deleted by an attempt whose answer was lost is then not found.
func (c *Client) deleteFile(ctx context.Context, mediaID int64) error {
	id := strconv.FormatInt(mediaID, 10)
	return c.action(ctx, call{op: "delete file " + id, method: http.MethodDelete,
		path: []string{"station", c.station, "file", id}, safe: true, subject: "file " + id})
}

// errorCode is the Code of the *Error in err's chain, or "".
func errorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
