// Package studio turns text into finished announcements: the tenant's
// voices, sounds (music beds and chimes) and categories, messages and their
// render jobs, and the library of saved messages.
package studio

import "time"

// Voice providers.
const (
	ProviderElevenLabs = "elevenlabs"
	ProviderLocal      = "local"
)

// Voice is a TTS voice a tenant offers, with how it should sound.
type Voice struct {
	ID              uint64
	TenantID        uint64
	Provider        string
	ProviderVoiceID string
	Name            string
	Gender          string // "M", "F" or ""
	Accent          string
	Description     string
	Stability       int // 0–100
	Similarity      int // 0–100
	Style           int // 0–100
	SpeakerBoost    bool
	Speed           float64 // 0.7–1.2
	GainDB          float64 // −20…+20
	LeadSilence     time.Duration
	TrailSilence    time.Duration
	IsDefault       bool
	SortOrder       int
	Active          bool
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Sound kinds.
const (
	KindBed   = "bed"
	KindChime = "chime"
)

// Sound is a music bed or a chime, stored normalised with its loudness
// measured when it entered the system.
type Sound struct {
	ID         uint64
	TenantID   uint64
	Kind       string
	Name       string
	Artist     string
	Mood       string
	StorageKey string
	Loudness   Loudness
	IsDefault  bool
	SortOrder  int
	Active     bool
	CreatedAt  time.Time
}

// Category groups messages in the library.
type Category struct {
	ID        uint64
	TenantID  uint64
	Name      string
	Icon      string
	Color     string
	SortOrder int
}

// Loudness is what a measurement of an audio file found.
type Loudness struct {
	IntegratedLUFS  float64
	TruePeakDBTP    float64
	DurationSeconds float64
}

// Message statuses: queued → rendering → ready | failed.
const (
	StatusQueued    = "queued"
	StatusRendering = "rendering"
	StatusReady     = "ready"
	StatusFailed    = "failed"
)

// Message sources.
const (
	SourceStudio = "studio"
	SourceUpload = "upload"
)

// Message is one announcement: the text, how to render it, and the result.
type Message struct {
	ID            uint64
	TenantID      uint64
	Source        string
	Text          string
	SpokenText    string
	NormalizeText bool
	VoiceID       uint64
	MusicID       uint64
	IntroChimeID  uint64
	OutroChimeID  uint64
	CategoryID    uint64
	Status        string
	Progress      int
	Attempts      int
	ErrorCode     string
	ErrorMessage  string
	AudioKey      string
	OpusKey       string
	Loudness      Loudness
	Saved         bool
	DisplayName   string
	CreatedBy     uint64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	RenderedAt    *time.Time
	DeletedAt     *time.Time
}

// Settings are a tenant's audio defaults.
type Settings struct {
	TenantID     uint64
	TargetLUFS   float64
	TruePeakDBTP float64
	DuckDepthDB  float64
	BedLeadIn    time.Duration
	BedTail      time.Duration
	KeepUnsaved  int
	// Lexicon maps brand names and words to how they are spoken.
	Lexicon map[string]string
}

// DefaultSettings are used until a tenant changes them.
func DefaultSettings(tenantID uint64) Settings {
	return Settings{TenantID: tenantID, TargetLUFS: -16, TruePeakDBTP: -1.5, DuckDepthDB: -18,
		BedLeadIn: 2 * time.Second, BedTail: 3 * time.Second, KeepUnsaved: 50, Lexicon: map[string]string{}}
}

// TitleRunes bounds a title taken from a message's text.
const TitleRunes = 60

// Title names a message for lists, players and reports: its library name,
// or else the first TitleRunes characters of its text.
func (m Message) Title() string {
	if m.DisplayName != "" {
		return m.DisplayName
	}
	if r := []rune(m.Text); len(r) > TitleRunes {
		return string(r[:TitleRunes])
	}
	return m.Text
}
