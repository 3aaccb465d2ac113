// Package azuracast plays MediaFlow announcements on a mall's existing
// AzuraCast radio station through AzuraCast's public REST API. It needs only
// the station's URL, an API key and the station's id: no shell, no docker
// exec, and no need to run on the same host.
//
// Every call goes to <BaseURL>/api with the key in the X-API-Key header.
// The endpoints used, and why:
//
//   - GET /station/{id}: the station exists, and its display name (Check).
//   - GET /station/{id}/playlists: proves the key may manage the station
//     and finds the announcements playlist, which must be enabled and
//     include its songs in requests (Check, Play).
//   - POST /station/{id}/files: uploads the MP3 as JSON holding the
//     destination path and the base64 of the file (Play).
//   - GET /station/{id}/files?searchPhrase=: finds the uploaded file when
//     an AzuraCast version answers the upload without the new record, and
//     lists the earlier uploads with their times for the clean-up (Play).
//   - PUT /station/{id}/file/{media_id}: assigns the file to the
//     announcements playlist, which makes it requestable (Play).
//   - DELETE /station/{id}/file/{media_id}: removes an earlier
//     announcement from the library (Play's clean-up).
//   - POST /station/{id}/request/{unique_id}: a song request, which the
//     AutoDJ plays before its own picks (Play).
//   - POST /station/{id}/backend/skip: ends the current track (Skip, and
//     Play with interrupt).
//   - GET /nowplaying/{id}: what is on air (NowPlaying).
//
// The station must accept song requests, and for announcements its request
// delay and request threshold are best set to 0 so that a request is played
// at once and may repeat. AzuraCast also refuses a request whose title was
// on air within that threshold, so announcements should carry distinct ID3
// titles.
//
// Announcements go to the folder "mediaflow/", which belongs to MediaFlow.
// So that it does not grow forever, each successful Play then deletes the
// files in it last written (AzuraCast's mtime or uploaded_at, whichever is
// later) more than Config.KeepUploads ago, 24 hours unless configured, up
// to 50 at a time. The clean-up never fails Play; the result says how it
// went.
//
// Failures are *Error values with a stable Code. Reads and repeatable
// writes are retried up to twice on 429, 5xx, timeouts and lost
// connections, honouring Retry-After within a cap; song requests and skips
// are retried only when AzuraCast cannot have acted on them, since a
// repeated skip would cut the announcement itself.
package azuracast
