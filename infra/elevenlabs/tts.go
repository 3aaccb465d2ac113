package elevenlabs

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"mediaflow/domain"
)

// MaxTextLength is the most characters one request may carry.
const MaxTextLength = 5000

// VoiceSettings tune a voice for one request.
type VoiceSettings struct {
	// Stability, SimilarityBoost and Style lie between 0 and 1.
	Stability       float64
	SimilarityBoost float64
	Style           float64
	UseSpeakerBoost bool
	// Speed lies between 0.7 and 1.2; zero means the normal pace, 1.
	Speed float64
}

// DefaultVoiceSettings are ElevenLabs' own defaults for its voices.
func DefaultVoiceSettings() VoiceSettings {
	return VoiceSettings{Stability: 0.5, SimilarityBoost: 0.75, UseSpeakerBoost: true, Speed: 1}
}

// Voice is one voice the account may use.
type Voice struct {
	ID, Name, Category, Description string
	Labels                          map[string]string
	PreviewURL                      string
}

type ttsRequest struct {
	Text          string        `json:"text"`
	ModelID       string        `json:"model_id"`
	VoiceSettings voiceSettings `json:"voice_settings"`
}

type voiceSettings struct {
	Stability       float64 `json:"stability"`
	SimilarityBoost float64 `json:"similarity_boost"`
	Style           float64 `json:"style"`
	UseSpeakerBoost bool    `json:"use_speaker_boost"`
	Speed           float64 `json:"speed"`
}

// Synthesize speaks text with the voice and returns the audio, MP3 unless
// Config.OutputFormat says otherwise. Inputs are checked before any request.
func (c *Client) Synthesize(ctx context.Context, voiceID, text string, s VoiceSettings) ([]byte, error) {
	if err := validate(voiceID, text, s); err != nil {
		return nil, err
	}
	body, err := json.Marshal(ttsRequest{Text: text, ModelID: c.model, VoiceSettings: voiceSettings{
		Stability: s.Stability, SimilarityBoost: s.SimilarityBoost, Style: s.Style,
		UseSpeakerBoost: s.UseSpeakerBoost, Speed: orDefault(s.Speed, 1),
	}})
	if err != nil {
		return nil, fmt.Errorf("elevenlabs synthesize: encode request: %w", err)
	}
	req := request{
		op: "synthesize", method: http.MethodPost,
		path:  "/v1/text-to-speech/" + voiceID, // validVoiceID keeps it path-safe
		query: url.Values{"output_format": {c.format}},
		body:  body, accept: "audio/mpeg", voiceScoped: true,
	}
	out, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if ct := out.header.Get("Content-Type"); len(out.body) == 0 || isDocument(ct) {
		return nil, unavailable("the voice service returned no audio",
			fmt.Errorf("elevenlabs synthesize: HTTP %d with %d bytes of %q", out.status, len(out.body), ct))
	}
	return out.body, nil
}

// isDocument tells a page or JSON (from a proxy, say) from audio.
func isDocument(contentType string) bool {
	ct := strings.ToLower(contentType)
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "xml")
}

type voicesResponse struct {
	Voices []struct {
		VoiceID     string         `json:"voice_id"`
		Name        string         `json:"name"`
		Category    string         `json:"category"`
		Description string         `json:"description"`
		Labels      map[string]any `json:"labels"`
		PreviewURL  string         `json:"preview_url"`
	} `json:"voices"`
}

// Voices lists the voices the account may use, in the service's order.
func (c *Client) Voices(ctx context.Context) ([]Voice, error) {
	out, err := c.do(ctx, request{op: "list voices", method: http.MethodGet, path: "/v1/voices", accept: "application/json"})
	if err != nil {
		return nil, err
	}
	var resp voicesResponse
	if err := json.Unmarshal(out.body, &resp); err != nil {
		return nil, unavailable("the voice service sent a voice list that could not be read", err)
	}
	voices := make([]Voice, 0, len(resp.Voices))
	for _, v := range resp.Voices {
		voices = append(voices, Voice{
			ID: v.VoiceID, Name: v.Name, Category: v.Category, Description: v.Description,
			Labels: stringLabels(v.Labels), PreviewURL: v.PreviewURL,
		})
	}
	return voices, nil
}

// stringLabels keeps labels as text; the API sends strings today, and
// anything else is written out rather than failing the whole list.
func stringLabels(in map[string]any) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		if s, ok := v.(string); ok {
			out[k] = s
			continue
		}
		b, _ := json.Marshal(v)
		out[k] = string(b)
	}
	return out
}

// validate refuses what the service would refuse, without spending a call.
func validate(voiceID, text string, s VoiceSettings) error {
	if !validVoiceID(voiceID) {
		return domain.Invalid("tts_voice_invalid", "the voice ID is not valid",
			map[string]string{"voice_id": "letters, digits, - and _ only, 1 to 64 of them"})
	}
	if strings.TrimSpace(text) == "" || !utf8.ValidString(text) {
		return domain.Invalid("tts_text_invalid", "the text to speak is empty or not valid text",
			map[string]string{"text": "required"})
	}
	if n := utf8.RuneCountInString(text); n > MaxTextLength {
		return domain.Invalid("tts_text_too_long", fmt.Sprintf("the text has %d characters; at most %d fit in one announcement", n, MaxTextLength),
			map[string]string{"text": "at most " + strconv.Itoa(MaxTextLength) + " characters", "length": strconv.Itoa(n)})
	}
	return validateSettings(s)
}

func validVoiceID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func validateSettings(s VoiceSettings) error {
	details := map[string]string{}
	for name, v := range map[string]float64{"stability": s.Stability, "similarity_boost": s.SimilarityBoost, "style": s.Style} {
		if !between(v, 0, 1) {
			details[name] = "between 0 and 1"
		}
	}
	if s.Speed != 0 && !between(s.Speed, 0.7, 1.2) {
		details["speed"] = "between 0.7 and 1.2"
	}
	if len(details) > 0 {
		return domain.Invalid("tts_settings_invalid", "the voice settings are out of range", details)
	}
	return nil
}

func between(v, lo, hi float64) bool {
	return !math.IsNaN(v) && v >= lo && v <= hi
}
