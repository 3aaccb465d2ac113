package elevenlabs

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeAPI answers on loopback the way ElevenLabs does: the same paths, the
// same xi-api-key check, the same error bodies and headers. Scripted answers
// are given first, one per request, before it behaves normally.
type fakeAPI struct {
	*httptest.Server
	key    string
	voices map[string]string // voice ID → name

	mu      sync.Mutex
	seen    []seenRequest
	script  []answer
	arrived chan struct{} // one token per request that hangs
}

// seenRequest is what the fake recorded of one request.
type seenRequest struct {
	Method, Path, OutputFormat, APIKey, ContentType, Accept string
	Body                                                    map[string]any
}

// answer is one scripted reply.
type answer struct {
	status int
	header map[string]string
	body   string
	hang   bool // never answer; wait for the client to give up
	stall  bool // send the headers and some audio, then wait
}

// fakeMP3 is the start of an MPEG-1 Layer III stream: an ID3v2 tag and a
// frame header, as the service's audio/mpeg answers begin.
var fakeMP3 = append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), 0xFF, 0xFB, 0x90, 0x64, 0x00, 0x00, 0x00, 0x00)

func newFakeAPI(t *testing.T, key string) *fakeAPI {
	t.Helper()
	f := &fakeAPI{
		key:     key,
		voices:  map[string]string{"21m00Tcm4TlvDq8ikWAM": "Rachel", "EXAVITQu4vr4xnSDxMaL": "Sarah"},
		arrived: make(chan struct{}, 16),
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// then queues scripted answers.
func (f *fakeAPI) then(a ...answer) *fakeAPI {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, a...)
	return f
}

func (f *fakeAPI) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.seen...)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	next, scripted := f.record(r)
	w.Header().Set("request-id", fmt.Sprintf("req-%d", len(f.requests())))
	if scripted {
		f.play(w, r, next)
		return
	}
	if r.Header.Get("xi-api-key") != f.key {
		detail(w, http.StatusUnauthorized, "invalid_api_key", "Invalid API key")
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/voices":
		f.listVoices(w)
	case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/text-to-speech/"):
		f.speak(w, r, strings.TrimPrefix(r.URL.Path, "/v1/text-to-speech/"))
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"detail":"Not Found"}`))
	}
}

// record notes the request and takes the next scripted answer, if any.
func (f *fakeAPI) record(r *http.Request) (answer, bool) {
	seen := seenRequest{
		Method: r.Method, Path: r.URL.Path, OutputFormat: r.URL.Query().Get("output_format"),
		APIKey: r.Header.Get("xi-api-key"), ContentType: r.Header.Get("Content-Type"), Accept: r.Header.Get("Accept"),
	}
	json.NewDecoder(r.Body).Decode(&seen.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, seen)
	if len(f.script) == 0 {
		return answer{}, false
	}
	next := f.script[0]
	f.script = f.script[1:]
	return next, true
}

func (f *fakeAPI) play(w http.ResponseWriter, r *http.Request, a answer) {
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	switch {
	case a.hang:
		f.arrived <- struct{}{}
		<-r.Context().Done()
	case a.stall:
		w.Header().Set("Content-Type", "audio/mpeg")
		w.WriteHeader(http.StatusOK)
		w.Write(fakeMP3[:8])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	default:
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(a.status)
		w.Write([]byte(a.body))
	}
}

func (f *fakeAPI) speak(w http.ResponseWriter, r *http.Request, voiceID string) {
	if _, ok := f.voices[voiceID]; !ok {
		detail(w, http.StatusNotFound, "voice_not_found", fmt.Sprintf("A voice with voice_id '%s' does not exist.", voiceID))
		return
	}
	text, _ := f.requests()[len(f.requests())-1].Body["text"].(string)
	w.Header().Set("Content-Type", "audio/mpeg")
	w.Header().Set("character-cost", fmt.Sprint(len([]rune(text))))
	w.Header().Set("history-item-id", "hist-0001")
	w.Write(fakeMP3)
}

func (f *fakeAPI) listVoices(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"voices":[
		{"voice_id":"21m00Tcm4TlvDq8ikWAM","name":"Rachel","category":"premade",
		 "description":"Calm and clear","labels":{"accent":"american","gender":"female","use_case":"narration"},
		 "preview_url":"https://storage.example/voices/rachel.mp3","settings":null,"samples":null},
		{"voice_id":"EXAVITQu4vr4xnSDxMaL","name":"Sarah","category":"premade",
		 "description":null,"labels":{"accent":"american","age":"young"},"preview_url":"https://storage.example/voices/sarah.mp3"},
		{"voice_id":"cl0n3dV01c3xxxxxxxxx","name":"Mall voice","category":"cloned","labels":{"language":"es","weight":2}}
	]}`))
}

// detail writes an error the way the service does.
func detail(w http.ResponseWriter, status int, word, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"detail": map[string]string{"status": word, "message": message}})
}

// problemBody is an error body as the service writes it.
func problemBody(word, message string) string {
	b, _ := json.Marshal(map[string]any{"detail": map[string]string{"status": word, "message": message}})
	return string(b)
}
