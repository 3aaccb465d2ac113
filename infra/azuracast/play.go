package azuracast

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const (
	// MediaFolder is the folder of the station's library that receives
	// the announcements.
	MediaFolder = "mediaflow"
	// MaxAudioBytes bounds one announcement. The file travels base64
	// encoded inside JSON, a third larger than the MP3 itself.
	MaxAudioBytes = 32 << 20
	// maxNameLen bounds the sanitised file name, extension excluded.
	maxNameLen = 96
)

// PlayResult says what Play got done.
type PlayResult struct {
	// MediaID is the file's numeric id in the station's library.
	MediaID string
	// RequestID is the id the song request was made with: AzuraCast's
	// unique id of the file. Empty when no request was accepted.
	RequestID string
	// Skipped says the current track was cut so the announcement comes next.
	Skipped bool
	// Removed counts earlier announcements that AzuraCast confirmed it
	// deleted from MediaFolder after this one was requested.
	Removed int
	// CleanupFailed counts earlier announcements that were due for removal
	// but are still in the library: deletions that failed, and those not
	// tried after a failure that would repeat for every file, such as a key
	// that may not delete. It is zero when the library could not be listed.
	CleanupFailed int
	// CleanupErr is why the clean-up fell short, for the caller to log: a
	// failed listing, or the first failed deletion. It wraps an *Error and
	// never makes Play fail.
	CleanupErr error
}

// mediaAnswer is the part of Api_StationMedia this package reads.
type mediaAnswer struct {
	ID       int64  `json:"id"`
	UniqueID string `json:"unique_id"`
	Path     string `json:"path"`
}

// Play puts the MP3 read from r on air. It uploads it to the station's
// library as "mediaflow/<name>.mp3" (name sanitised to a-z, 0-9, '-', '_'
// and '.'), assigns it to the announcements playlist, requests it so the
// AutoDJ plays it next and, when interrupt is true, skips the current track
// so it starts now. On error the result holds what was done so far.
//
// The playlist is looked up before anything is uploaded, so a station that
// is not set up fails without leaving a file behind. Uploading the same
// name again replaces the earlier file, and AzuraCast then refuses a second
// request for it while the first is pending or was played recently (the
// station's request threshold), which is reported as CodeRejected.
//
// TODO(#5): AzuraCast offers no call to put a track at the head of its
// queue. The request waits until the AutoDJ fills its next slot, so with
// interrupt a track that AzuraCast had already cued may still play first;
// the station's "request delay" must be 0 for the request to be taken at once.
//
// Once everything else succeeded, Play deletes earlier announcements from
// MediaFolder: files last written more than Config.KeepUploads ago, oldest
// first, at most 50 per call, never the one it just uploaded. That
// clean-up is best effort: its outcome is reported in the result's Removed,
// CleanupFailed and CleanupErr, never as Play's error.
func (c *Client) Play(ctx context.Context, name string, r io.Reader, interrupt bool) (PlayResult, error) {
	var res PlayResult
	path, err := mediaPath(name)
	if err != nil {
		return res, err
	}
	audio, err := readAudio(r)
	if err != nil {
		return res, err
	}

	playlistID, err := c.announcementPlaylist(ctx)
	if err != nil {
		return res, err
	}
	media, err := c.upload(ctx, path, audio)
	if err != nil {
		return res, err
	}
	res.MediaID = strconv.FormatInt(media.ID, 10)

	if err := c.assign(ctx, media.ID, playlistID); err != nil {
		return res, err
	}
	if err := c.request(ctx, media.UniqueID); err != nil {
		return res, err
	}
	res.RequestID = media.UniqueID

	if interrupt {
		if err := c.Skip(ctx); err != nil {
			return res, err
		}
		res.Skipped = true
	}

	res.Removed, res.CleanupFailed, res.CleanupErr = c.removeOldUploads(ctx, media.ID)
	return res, nil
}

// upload sends the file with POST /station/{id}/files. Uploading to the
// same path again replaces the same library entry, so repeating it is safe.
func (c *Client) upload(ctx context.Context, path string, audio []byte) (mediaAnswer, error) {
	var m mediaAnswer
	err := c.getJSON(ctx, call{op: "upload file", method: http.MethodPost,
		path: []string{"station", c.station, "files"}, body: uploadBody(path, audio),
		safe: true, subject: c.stationSubject()}, &m)
	if err != nil {
		return mediaAnswer{}, err
	}
	if m.ID > 0 && validRef(m.UniqueID) {
		return m, nil
	}
	// Some AzuraCast versions answer a plain success status instead of the
	// new record; the library listing then says which id the file got.
	return c.findMedia(ctx, path)
}

// findMedia looks the file up by path with GET /station/{id}/files.
func (c *Client) findMedia(ctx context.Context, path string) (mediaAnswer, error) {
	var list []mediaAnswer
	err := c.getJSON(ctx, call{op: "find uploaded file", method: http.MethodGet,
		path: []string{"station", c.station, "files"}, query: url.Values{"searchPhrase": {path}},
		safe: true, subject: c.stationSubject()}, &list)
	if err != nil {
		return mediaAnswer{}, err
	}
	for _, m := range list {
		if m.Path == path && m.ID > 0 && validRef(m.UniqueID) {
			return m, nil
		}
	}
	return mediaAnswer{}, &Error{Code: CodeBadResponse, Status: http.StatusOK,
		Message: "find uploaded file: the station's library does not list " + path}
}

// assign makes the announcements playlist the file's only playlist, with
// PUT /station/{id}/file/{media_id}.
func (c *Client) assign(ctx context.Context, mediaID, playlistID int64) error {
	body, _ := json.Marshal(map[string][]int64{"playlists": {playlistID}}) // cannot fail
	return c.action(ctx, call{op: "assign playlist", method: http.MethodPut,
		path: []string{"station", c.station, "file", strconv.FormatInt(mediaID, 10)}, body: body,
		safe: true, subject: "file " + strconv.FormatInt(mediaID, 10)})
}

// request asks the AutoDJ to play the file next, with
// POST /station/{id}/request/{unique_id}. Calls made with an API key skip
// the per-listener request interval that anonymous listeners face.
func (c *Client) request(ctx context.Context, uniqueID string) error {
	return c.action(ctx, call{op: "request file", method: http.MethodPost,
		path: []string{"station", c.station, "request", uniqueID}, subject: "station or file"})
}

// uploadBody is Api_UploadFile: the destination path and the base64 of
// the file, written without building the encoded string twice.
func uploadBody(path string, audio []byte) []byte {
	quoted, _ := json.Marshal(path) // a string always marshals
	var b bytes.Buffer
	b.Grow(len(quoted) + base64.StdEncoding.EncodedLen(len(audio)) + 24)
	b.WriteString(`{"path":`)
	b.Write(quoted)
	b.WriteString(`,"file":"`)
	enc := base64.NewEncoder(base64.StdEncoding, &b)
	enc.Write(audio) // writes to a bytes.Buffer cannot fail
	enc.Close()
	b.WriteString(`"}`)
	return b.Bytes()
}

// mediaPath is where an announcement goes in the station's library.
func mediaPath(name string) (string, error) {
	base := sanitizeName(name)
	if base == "" {
		return "", invalidInput("the announcement name has no letters or digits")
	}
	return MediaFolder + "/" + base + ".mp3", nil
}

// fold spells Spanish and other common Latin letters without accents.
func fold(r rune) rune {
	switch r {
	case 'á', 'à', 'â', 'ä', 'ã':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'í', 'ì', 'î', 'ï':
		return 'i'
	case 'ó', 'ò', 'ô', 'ö', 'õ':
		return 'o'
	case 'ú', 'ù', 'û', 'ü':
		return 'u'
	case 'ñ':
		return 'n'
	case 'ç':
		return 'c'
	}
	return r
}

// sanitizeName keeps a-z, 0-9, '-', '_' and '.', turns every other run of
// characters into one '-', and drops a trailing ".mp3", which mediaPath
// adds back. It returns "" when nothing usable is left.
func sanitizeName(name string) string {
	s := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".mp3")
	var b strings.Builder
	var last rune
	for _, r := range s {
		r = fold(r)
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			r = '-'
		}
		if (r == '-' || r == '.') && r == last {
			continue
		}
		b.WriteRune(r)
		last = r
	}
	out := strings.Trim(b.String(), "-_.")
	if len(out) > maxNameLen {
		out = strings.TrimRight(out[:maxNameLen], "-_.")
	}
	if !strings.ContainsFunc(out, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' }) {
		return ""
	}
	return out
}

// readAudio takes the whole announcement and checks that it is an MP3.
func readAudio(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, invalidInput("no audio was given")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxAudioBytes+1))
	switch {
	case err != nil:
		return nil, &Error{Code: CodeInvalidInput, Message: "the audio could not be read: " + err.Error(), cause: err}
	case len(data) == 0:
		return nil, invalidInput("the audio is empty")
	case len(data) > MaxAudioBytes:
		return nil, invalidInput("the audio is larger than 32 MiB")
	case !looksLikeMP3(data):
		return nil, invalidInput("the audio is not an MP3 file")
	}
	return data, nil
}

// looksLikeMP3 recognises an ID3v2 tag or an MPEG audio frame header.
func looksLikeMP3(b []byte) bool {
	if bytes.HasPrefix(b, []byte("ID3")) {
		return true
	}
	return len(b) >= 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0
}
