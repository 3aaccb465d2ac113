package players

import "time"

// ProtocolVersion is the version of the live channel's JSON messages.
// Every message carries it as "v"; a player speaking another version is
// refused with a close reason naming the version expected.
const ProtocolVersion = 1

// Commands sent from the server to a player.
const (
	CommandWelcome = "welcome" // the player's settings, sent after hello
	CommandPlay    = "play"
	CommandStop    = "stop"   // stop the current announcement (PlayID 0) or one play
	CommandVolume  = "volume" // set the player's own volume
	CommandResync  = "resync" // reload settings and music, re-report status
	CommandError   = "error"  // the last report was refused; Error says why
	CommandAcked   = "acked"  // an ack was recorded; PlayID and Status say which
)

// Command is a server-to-player message.
type Command struct {
	V               int       `json:"v"`
	Type            string    `json:"type"`
	PlayID          uint64    `json:"play_id,omitempty"`
	MessageID       uint64    `json:"message_id,omitempty"`
	Priority        int       `json:"priority,omitempty"`
	Title           string    `json:"title,omitempty"`
	AudioURL        string    `json:"audio_url,omitempty"`
	DurationSeconds float64   `json:"duration_seconds,omitempty"`
	RequestedAt     time.Time `json:"requested_at,omitzero"`
	Volume          *int      `json:"volume,omitempty"`
	Player          *Welcome  `json:"player,omitempty"`
	Error           string    `json:"error,omitempty"`
	// ScheduleID names, in a play, the schedule that fired it; in an acked
	// answer to an offline report, the schedule reported, with At.
	ScheduleID uint64    `json:"schedule_id,omitempty"`
	At         time.Time `json:"at,omitzero"`
	// Status is, in an acked command, the status the player reported.
	Status string `json:"status,omitempty"`
	// IssuedAt is, in an error that ends the player's credential, when the
	// server issued it: connections whose credential was checked later
	// hold a newer credential and are left open.
	IssuedAt time.Time `json:"issued_at,omitzero"`
}

// Welcome carries the player's own settings.
type Welcome struct {
	ID            uint64 `json:"id"`
	Name          string `json:"name"`
	Zone          string `json:"zone"`
	Volume        int    `json:"volume"`
	DuckDB        int    `json:"duck_db"`
	DuckAttackMS  int    `json:"duck_attack_ms"`
	DuckReleaseMS int    `json:"duck_release_ms"`
	MusicEnabled  bool   `json:"music_enabled"`
}

// Reports sent from a player to the server.
const (
	ReportHello     = "hello"     // first message: credential and version
	ReportAck       = "ack"       // a play moved on; Status says where
	ReportHeartbeat = "heartbeat" // I am alive, this is what I play
	// ReportOffline tells of a scheduled occurrence the player played on
	// its own, from its agenda, while it could not hear the server.
	ReportOffline = "offline"
)

// Report is a player-to-server message.
type Report struct {
	V          int       `json:"v"`
	Type       string    `json:"type"`
	Token      string    `json:"token,omitempty"`
	Version    string    `json:"version,omitempty"`
	PlayID     uint64    `json:"play_id,omitempty"`
	Status     string    `json:"status,omitempty"` // received, started, finished, failed, interrupted, skipped
	At         time.Time `json:"at,omitzero"`      // when it happened on the player; the server's clock when zero
	Error      string    `json:"error,omitempty"`
	NowPlaying string    `json:"now_playing,omitempty"`
	Queue      int       `json:"queue,omitempty"`

	// Offline reports name the occurrence (its schedule and At) and when
	// it started and finished on the player.
	ScheduleID uint64    `json:"schedule_id,omitempty"`
	MessageID  uint64    `json:"message_id,omitempty"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
}
