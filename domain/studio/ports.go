package studio

import (
	"context"
	"io"
	"time"
)

// Store persists the studio's data. Every method takes the tenant ID and
// every query filters by it.
type Store interface {
	Voices(ctx context.Context, tenantID uint64) ([]Voice, error)
	Voice(ctx context.Context, tenantID, id uint64) (*Voice, error)
	SaveVoice(ctx context.Context, v *Voice) error // insert when ID is 0; a default voice clears the others
	DeleteVoice(ctx context.Context, tenantID, id uint64) error

	Sounds(ctx context.Context, tenantID uint64, kind string) ([]Sound, error)
	Sound(ctx context.Context, tenantID, id uint64) (*Sound, error)
	SaveSound(ctx context.Context, s *Sound) error
	DeleteSound(ctx context.Context, tenantID, id uint64) error

	Categories(ctx context.Context, tenantID uint64) ([]Category, error)
	Category(ctx context.Context, tenantID, id uint64) (*Category, error)
	SaveCategory(ctx context.Context, c *Category) error
	DeleteCategory(ctx context.Context, tenantID, id uint64) error

	CreateMessage(ctx context.Context, m *Message) error
	Message(ctx context.Context, tenantID, id uint64) (*Message, error)
	UpdateMessage(ctx context.Context, m *Message) error
	ListMessages(ctx context.Context, tenantID uint64, q Query) ([]Message, int64, error)
	SetDeleted(ctx context.Context, tenantID uint64, ids []uint64, at *time.Time) (int64, error)
	SetCategory(ctx context.Context, tenantID uint64, ids []uint64, categoryID uint64) (int64, error)

	// ClaimMessage moves a queued message to rendering and reports whether
	// this caller won it; replicas race for jobs through it.
	ClaimMessage(ctx context.Context, tenantID, id uint64) (bool, error)
	// QueuedMessages lists jobs waiting, oldest first, across tenants.
	QueuedMessages(ctx context.Context, limit int) ([]Message, error)
	// StaleRendering lists messages left rendering since before the cut-off.
	StaleRendering(ctx context.Context, before time.Time) ([]Message, error)
	// UnsavedBeyond lists a tenant's unsaved, unprotected messages past the newest keep.
	UnsavedBeyond(ctx context.Context, tenantID uint64, keep int) ([]Message, error)
	PurgeMessage(ctx context.Context, tenantID, id uint64) error

	SpeechTake(ctx context.Context, tenantID uint64, hash string) (*SpeechTake, error)
	SaveSpeechTake(ctx context.Context, t *SpeechTake) error

	Settings(ctx context.Context, tenantID uint64) (Settings, error)
	SaveSettings(ctx context.Context, s Settings) error // leaves the provider key alone
	// ProviderKey returns the tenant's sealed ElevenLabs key, "" when unset.
	ProviderKey(ctx context.Context, tenantID uint64) (string, error)
	SetProviderKey(ctx context.Context, tenantID uint64, sealed string) error
}

// Sealer encrypts secrets kept at rest.
type Sealer interface {
	Seal(plain string) (string, error)
	Open(sealed string) (string, error)
}

// SpeechTake is cached synthesised speech, found by a hash of provider,
// voice, settings and text so re-rendering with other music costs nothing.
type SpeechTake struct {
	TenantID   uint64
	Hash       string
	StorageKey string
	Loudness   Loudness
}

// Synthesizer turns text into speech with one provider.
type Synthesizer interface {
	// Synthesize returns the audio and its file extension (".mp3", ".wav").
	Synthesize(ctx context.Context, v Voice, text string) ([]byte, string, error)
}

// Files keeps audio under keys that start with tenants/<tenant id>/.
type Files interface {
	Put(ctx context.Context, key string, r io.Reader) error
	Fetch(ctx context.Context, key, path string) error // copies a stored file to a local path for FFmpeg
	Delete(ctx context.Context, key string) error
}

// Mix is what a render puts together; paths are local files.
type Mix struct {
	Voice        string
	VoiceLevel   Loudness
	VoiceGainDB  float64
	LeadSilence  time.Duration
	TrailSilence time.Duration
	IntroChime   *Input
	OutroChime   *Input
	Bed          *Input
	Settings     Settings
}

// Input is a measured sound file.
type Input struct {
	Path  string
	Level Loudness
}

// Engine renders and measures audio.
type Engine interface {
	Measure(ctx context.Context, path string) (Loudness, error)
	Render(ctx context.Context, m Mix, out string) (Loudness, error)
	// Import checks an upload by its content and converts it to the
	// product's format, normalised; it returns the measured result.
	Import(ctx context.Context, in, out string, s Settings) (Loudness, error)
	// ToOpus converts a finished MP3 to OGG/Opus.
	ToOpus(ctx context.Context, in, out string) error
}

// Publisher announces progress to the tenant's browsers on every replica.
type Publisher interface {
	Publish(ctx context.Context, topic string, payload []byte) error
}

// Normalizer rewrites text for a TTS voice, applying the tenant's lexicon.
type Normalizer func(text string, lexicon map[string]string) string
