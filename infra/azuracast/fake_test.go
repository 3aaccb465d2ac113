package azuracast

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeStation answers on loopback the way AzuraCast's API does for the
// calls this package makes: the same paths under /api, the X-API-Key check
// on the endpoints that need one, station lookup by id or short name, the
// Api_Error and Api_Status bodies, a media library filled by base64 JSON
// uploads that keeps AzuraCast's mtime and uploaded_at times and deletes
// files, playlists, a song request queue with AzuraCast's refusals, and a
// skip counter. Scripted answers for a method and path are served first.
type fakeStation struct {
	*httptest.Server
	key       string
	id        string
	shortcode string
	name      string

	mu sync.Mutex
	// badKeyStatus is the status for a wrong key: AzuraCast answers 403;
	// a proxy in front of it may answer 401.
	badKeyStatus int
	// requestsEnabled mirrors the station's "allow song requests" switch.
	requestsEnabled bool
	// uploadAnswersStatus makes uploads answer Api_Status instead of the
	// new record, as AzuraCast does when it cannot hand the record back.
	uploadAnswersStatus bool
	// echoKey puts the caller's key into every error message, to prove the
	// client never repeats it.
	echoKey    atomic.Bool
	playlists  []*fakePlaylist
	media      []*fakeMedia
	lastID     int64            // ids are never reused, as in a database
	now        func() time.Time // the station's clock, for file times
	queue      []string         // unique ids of pending song requests
	skips      int
	nowPlaying string // Api_NowPlaying JSON
	script     map[string][]scripted
	hits       map[string]int
	keysSeen   []string
}

type fakePlaylist struct {
	ID       int64
	Name     string
	Enabled  bool
	Requests bool
}

type fakeMedia struct {
	ID        int64
	UniqueID  string
	Path      string
	Data      []byte
	Playlists []int64
	// MTime is when the file was last written and UploadedAt when it was
	// first imported, in Unix seconds, as AzuraCast reports them.
	MTime, UploadedAt int64
}

// scripted is one canned answer.
type scripted struct {
	status     int
	retryAfter string
	body       string
	location   string
	hang       bool // answer nothing until the client gives up
}

const (
	fakeKey       = "a1b2c3d4e5f60718:0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	fakeStationID = "1"
	fakeShortcode = "plaza_oeste"
	fakeName      = "Radio Plaza Oeste"
)

func newFakeStation(t *testing.T) *fakeStation {
	t.Helper()
	f := &fakeStation{
		key: fakeKey, id: fakeStationID, shortcode: fakeShortcode, name: fakeName,
		badKeyStatus:    http.StatusForbidden,
		requestsEnabled: true,
		playlists: []*fakePlaylist{
			{ID: 1, Name: "default", Enabled: true},
			{ID: 7, Name: "MediaFlow", Enabled: true, Requests: true},
		},
		nowPlaying: nowPlayingOnAir,
		now:        time.Now,
		script:     map[string][]scripted{},
		hits:       map[string]int{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/station/{station}", f.getStation)
	mux.HandleFunc("GET /api/nowplaying/{station}", f.getNowPlaying)
	mux.HandleFunc("GET /api/station/{station}/playlists", f.getPlaylists)
	mux.HandleFunc("GET /api/station/{station}/files", f.listFiles)
	mux.HandleFunc("POST /api/station/{station}/files", f.uploadFile)
	mux.HandleFunc("PUT /api/station/{station}/file/{id}", f.editFile)
	mux.HandleFunc("DELETE /api/station/{station}/file/{id}", f.deleteFile)
	mux.HandleFunc("POST /api/station/{station}/request/{request_id}", f.submitRequest)
	mux.HandleFunc("POST /api/station/{station}/backend/{action}", f.backendAction)
	f.Server = httptest.NewServer(f.scripted(mux))
	t.Cleanup(f.Close)
	return f
}

// on queues canned answers for "METHOD /api/path".
func (f *fakeStation) on(route string, answers ...scripted) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script[route] = append(f.script[route], answers...)
}

// hitsOn counts the requests that reached "METHOD /api/path".
func (f *fakeStation) hitsOn(route string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[route]
}

func (f *fakeStation) totalHits() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, h := range f.hits {
		n += h
	}
	return n
}

// with runs fn under the fake's lock, to set it up or read its state.
func (f *fakeStation) with(fn func(f *fakeStation)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

// scripted records every request and serves canned answers first.
func (f *fakeStation) scripted(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route := r.Method + " " + r.URL.Path
		f.mu.Lock()
		f.hits[route]++
		f.keysSeen = append(f.keysSeen, r.Header.Get("X-API-Key"))
		var a *scripted
		if q := f.script[route]; len(q) > 0 {
			a, f.script[route] = &q[0], q[1:]
		}
		f.mu.Unlock()
		if a == nil {
			next.ServeHTTP(w, r)
			return
		}
		f.answer(w, r, *a)
	})
}

func (f *fakeStation) answer(w http.ResponseWriter, r *http.Request, a scripted) {
	if a.hang {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return
	}
	if a.retryAfter != "" {
		w.Header().Set("Retry-After", a.retryAfter)
	}
	if a.location != "" {
		w.Header().Set("Location", a.location)
	}
	if a.body == "" {
		// As a proxy or a crashed PHP process answers: plain text, with
		// the key when echoKey asks for it.
		msg := http.StatusText(a.status)
		if f.echoKey.Load() {
			msg += " (key " + r.Header.Get("X-API-Key") + ")"
		}
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(a.status)
		fmt.Fprint(w, msg)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	fmt.Fprint(w, a.body)
}

// fail writes an Api_Error body. It takes no lock, so handlers may call
// it while they hold one.
func (f *fakeStation) fail(w http.ResponseWriter, r *http.Request, status int, typ, msg string) {
	if f.echoKey.Load() {
		msg += " (key " + r.Header.Get("X-API-Key") + ")"
	}
	writeJSON(w, status, map[string]any{
		"code": status, "type": typ, "message": msg, "formatted_message": "<b>" + msg + "</b>",
		"extra_data": []any{}, "success": false,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeStatus(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": msg, "formatted_message": msg})
}

// knownStation answers 404 for a station that is neither the id nor the
// short name, as AzuraCast's RequireStation does.
func (f *fakeStation) knownStation(w http.ResponseWriter, r *http.Request) bool {
	s := r.PathValue("station")
	if s == f.id || s == f.shortcode {
		return true
	}
	f.fail(w, r, http.StatusNotFound, "NotFoundException", "Station not found.")
	return false
}

// authorized checks the key on endpoints that need a user; AzuraCast
// treats an unknown key as no login at all.
func (f *fakeStation) authorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("X-API-Key") == f.key {
		return true
	}
	f.mu.Lock()
	status := f.badKeyStatus
	f.mu.Unlock()
	f.fail(w, r, status, "NotLoggedInException", "You must be logged in to access this page.")
	return false
}

func (f *fakeStation) stationJSON() map[string]any {
	return map[string]any{
		"id": 1, "name": f.name, "shortcode": f.shortcode, "description": "Música para el mall",
		"frontend": "icecast", "backend": "liquidsoap", "timezone": "America/Santiago",
		"listen_url": "https://radio.example/listen/plaza_oeste/radio.mp3", "url": "",
		"public_player_url": "https://radio.example/public/plaza_oeste",
		"playlist_pls_url":  "https://radio.example/public/plaza_oeste/playlist.pls",
		"playlist_m3u_url":  "https://radio.example/public/plaza_oeste/playlist.m3u",
		"is_public":         true, "mounts": []any{}, "remotes": []any{},
		"hls_enabled": false, "hls_is_default": false, "hls_url": nil, "hls_listeners": 0,
	}
}

func (f *fakeStation) getStation(w http.ResponseWriter, r *http.Request) {
	if f.knownStation(w, r) {
		writeJSON(w, http.StatusOK, f.stationJSON())
	}
}

func (f *fakeStation) getNowPlaying(w http.ResponseWriter, r *http.Request) {
	if !f.knownStation(w, r) {
		return
	}
	f.mu.Lock()
	body := f.nowPlaying
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, body)
}

func (f *fakeStation) getPlaylists(w http.ResponseWriter, r *http.Request) {
	if !f.knownStation(w, r) || !f.authorized(w, r) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []map[string]any{}
	for _, p := range f.playlists {
		out = append(out, map[string]any{
			"id": p.ID, "name": p.Name, "short_name": strings.ToLower(p.Name), "type": "default",
			"source": "songs", "order": "shuffle", "remote_url": nil, "remote_type": "stream",
			"remote_buffer": 0, "is_enabled": p.Enabled, "is_jingle": false, "play_per_songs": 0,
			"play_per_minutes": 0, "play_per_hour_minute": 0, "weight": 3,
			"include_in_requests": p.Requests, "include_in_on_demand": false,
			"backend_options": []any{}, "avoid_duplicates": true, "schedule_items": []any{},
			"podcasts": []any{}, "links": map[string]any{},
		})
	}
	writeJSON(w, http.StatusOK, out)
}

func (f *fakeStation) mediaJSON(m *fakeMedia) map[string]any {
	title := strings.TrimSuffix(m.Path[strings.LastIndex(m.Path, "/")+1:], ".mp3")
	lists := []map[string]any{}
	for _, id := range m.Playlists {
		lists = append(lists, map[string]any{"id": id, "name": f.playlistName(id), "count": 1})
	}
	return map[string]any{
		"id": m.ID, "unique_id": m.UniqueID, "song_id": fmt.Sprintf("%032x", m.ID),
		"art": "", "path": m.Path, "mtime": m.MTime, "uploaded_at": m.UploadedAt,
		"art_updated_at": 0, "length": 4, "length_text": "0:04",
		"custom_fields": map[string]any{}, "extra_metadata": map[string]any{},
		"playlists": lists, "text": " - " + title, "artist": nil, "title": title,
		"album": nil, "genre": nil, "isrc": nil, "lyrics": nil, "links": map[string]any{},
	}
}

func (f *fakeStation) playlistName(id int64) string {
	for _, p := range f.playlists {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

func (f *fakeStation) listFiles(w http.ResponseWriter, r *http.Request) {
	if !f.knownStation(w, r) || !f.authorized(w, r) {
		return
	}
	phrase := strings.ToLower(r.URL.Query().Get("searchPhrase"))
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []map[string]any{}
	for _, m := range f.media {
		if strings.Contains(strings.ToLower(m.Path), phrase) {
			out = append(out, f.mediaJSON(m))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// uploadFile takes Api_UploadFile: exactly a path and the base64 file.
func (f *fakeStation) uploadFile(w http.ResponseWriter, r *http.Request) {
	if !f.knownStation(w, r) || !f.authorized(w, r) {
		return
	}
	if r.Header.Get("Content-Type") != "application/json" {
		f.fail(w, r, http.StatusBadRequest, "Error", "Expected a JSON body.")
		return
	}
	var in struct {
		Path string `json:"path"`
		File string `json:"file"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || in.Path == "" || in.File == "" {
		f.fail(w, r, http.StatusBadRequest, "ValidationException", "path and file are required.")
		return
	}
	data, err := base64.StdEncoding.Strict().DecodeString(in.File)
	if err != nil {
		f.fail(w, r, http.StatusBadRequest, "ValidationException", "file is not base64.")
		return
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	path := strings.TrimLeft(in.Path, "/")
	var m *fakeMedia
	for _, old := range f.media {
		if old.Path == path {
			m = old
		}
	}
	now := f.now().Unix()
	if m == nil {
		m = f.newMedia(path, now)
	}
	m.Data, m.MTime = data, now
	if f.uploadAnswersStatus {
		writeJSON(w, http.StatusOK, map[string]any{"success": true, "message": "Changes saved successfully."})
		return
	}
	writeJSON(w, http.StatusOK, f.mediaJSON(m))
}

// editFile finds the file by id, unique id or song id, as AzuraCast does,
// and replaces its playlists when the body names them.
func (f *fakeStation) editFile(w http.ResponseWriter, r *http.Request) {
	if !f.knownStation(w, r) || !f.authorized(w, r) {
		return
	}
	var in struct {
		Playlists []json.RawMessage `json:"playlists"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		f.fail(w, r, http.StatusInternalServerError, "InvalidArgumentException", "Could not parse input data.")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.findMedia(r.PathValue("id"))
	if m == nil {
		f.fail(w, r, http.StatusNotFound, "Error", "Record not found")
		return
	}
	if in.Playlists != nil {
		ids, ok := f.playlistIDs(in.Playlists)
		if !ok {
			f.fail(w, r, http.StatusBadRequest, "ValidationException", "Unknown playlist.")
			return
		}
		m.Playlists = ids
	}
	writeStatus(w, "Record updated.")
}

// newMedia adds an empty library entry first imported at uploadedAt; the
// caller holds the lock.
func (f *fakeStation) newMedia(path string, uploadedAt int64) *fakeMedia {
	f.lastID++
	id := f.lastID
	m := &fakeMedia{ID: id, UniqueID: fmt.Sprintf("%024x", id*0x9e3779b1), Path: path,
		MTime: uploadedAt, UploadedAt: uploadedAt}
	f.media = append(f.media, m)
	return m
}

// addMedia puts a file in the library as if it had been uploaded at
// uploadedAt and last written at modified; a zero time is sent as 0.
func (f *fakeStation) addMedia(path string, uploadedAt, modified time.Time) *fakeMedia {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.newMedia(path, unixOrZero(uploadedAt))
	m.MTime = unixOrZero(modified)
	m.Data = []byte("ID3")
	return m
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// paths lists the library's paths in the order the files were added.
func (f *fakeStation) paths() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, m := range f.media {
		out = append(out, m.Path)
	}
	return out
}

// deleteFile removes a file found by id, unique id or song id and answers
// Api_Status, or 404 when there is no such file.
func (f *fakeStation) deleteFile(w http.ResponseWriter, r *http.Request) {
	if !f.knownStation(w, r) || !f.authorized(w, r) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.findMedia(r.PathValue("id"))
	if m == nil {
		f.fail(w, r, http.StatusNotFound, "NotFoundException", "Record not found.")
		return
	}
	f.media = slices.DeleteFunc(f.media, func(x *fakeMedia) bool { return x == m })
	f.queue = slices.DeleteFunc(f.queue, func(id string) bool { return id == m.UniqueID })
	writeStatus(w, "Record deleted successfully.")
}

func (f *fakeStation) findMedia(ref string) *fakeMedia {
	for _, m := range f.media {
		if strconv.FormatInt(m.ID, 10) == ref || m.UniqueID == ref || fmt.Sprintf("%032x", m.ID) == ref {
			return m
		}
	}
	return nil
}

// playlistIDs reads playlist references given as ids or {"id": n} objects.
func (f *fakeStation) playlistIDs(raw []json.RawMessage) ([]int64, bool) {
	var ids []int64
	for _, item := range raw {
		var id int64
		if json.Unmarshal(item, &id) != nil {
			var obj struct {
				ID int64 `json:"id"`
			}
			if json.Unmarshal(item, &obj) != nil {
				return nil, false
			}
			id = obj.ID
		}
		if f.playlistName(id) == "" {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

// submitRequest applies the checks AzuraCast makes before it queues a song
// request. Refusals come as CannotCompleteActionException with status 500.
func (f *fakeStation) submitRequest(w http.ResponseWriter, r *http.Request) {
	if !f.knownStation(w, r) {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	refuse := func(status int, typ, msg string) { f.fail(w, r, status, typ, msg) }
	if !f.requestsEnabled {
		refuse(http.StatusInternalServerError, "StationUnsupportedException", "This station does not currently accept requests.")
		return
	}
	m := f.findMedia(r.PathValue("request_id"))
	switch {
	case m == nil || m.UniqueID != r.PathValue("request_id"):
		refuse(http.StatusNotFound, "NotFoundException", "Record not found.")
	case !f.requestable(m):
		refuse(http.StatusInternalServerError, "CannotCompleteActionException", "Cannot submit request: This track is not requestable.")
	case slices.Contains(f.queue, m.UniqueID):
		refuse(http.StatusInternalServerError, "CannotCompleteActionException", "Cannot submit request: This song was already requested and will play soon.")
	case r.Header.Get("X-API-Key") != f.key && len(f.queue) > 0:
		refuse(http.StatusInternalServerError, "CannotCompleteActionException", "Cannot submit request: You have submitted a request too recently!")
	default:
		f.queue = append(f.queue, m.UniqueID)
		writeStatus(w, "Your request has been submitted and will be played soon.")
	}
}

func (f *fakeStation) requestable(m *fakeMedia) bool {
	for _, id := range m.Playlists {
		for _, p := range f.playlists {
			if p.ID == id && p.Enabled && p.Requests {
				return true
			}
		}
	}
	return false
}

func (f *fakeStation) backendAction(w http.ResponseWriter, r *http.Request) {
	if !f.knownStation(w, r) || !f.authorized(w, r) {
		return
	}
	if r.PathValue("action") != "skip" {
		f.fail(w, r, http.StatusBadRequest, "Error", "This client only skips.")
		return
	}
	f.mu.Lock()
	f.skips++
	f.mu.Unlock()
	writeStatus(w, "Song skipped.")
}

// nowPlayingOnAir is Api_NowPlaying as AzuraCast documents it, for a
// station playing a track from its AutoDJ.
const nowPlayingOnAir = `{
  "station": {"id": 1, "name": "Radio Plaza Oeste", "shortcode": "plaza_oeste", "description": "",
    "frontend": "icecast", "backend": "liquidsoap", "timezone": "America/Santiago",
    "listen_url": "https://radio.example/listen/plaza_oeste/radio.mp3", "url": null,
    "public_player_url": "https://radio.example/public/plaza_oeste",
    "playlist_pls_url": "https://radio.example/public/plaza_oeste/playlist.pls",
    "playlist_m3u_url": "https://radio.example/public/plaza_oeste/playlist.m3u",
    "is_public": true, "mounts": [], "remotes": [], "hls_enabled": false, "hls_is_default": false,
    "hls_url": null, "hls_listeners": 0},
  "listeners": {"total": 12, "unique": 9, "current": 12},
  "live": {"is_live": false, "streamer_name": "", "broadcast_start": null, "art": null},
  "now_playing": {"sh_id": 4411, "played_at": 1700000000, "duration": 215, "playlist": "default",
    "playlist_chain": null, "playlist_source": null, "streamer": "", "is_request": false,
    "song": {"id": "9f33bbc912c19603e51be8e0987d076b", "text": "Los Jaivas - Todos Juntos",
      "artist": "Los Jaivas", "title": "Todos Juntos", "album": "", "genre": "", "isrc": "",
      "lyrics": "", "art": "https://radio.example/api/station/1/art/abc", "custom_fields": []},
    "elapsed": 63, "remaining": 152},
  "playing_next": null,
  "song_history": [],
  "is_online": true,
  "cache": "hit"
}`
