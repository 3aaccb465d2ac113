// Package localtts speaks Spanish text offline with the speech engines that
// Debian packages: espeak-ng (main; robotic but always available) and SVOX
// Pico's pico2wave (libttspico-utils, from contrib/non-free; Spain Spanish,
// the most natural of them). Text reaches the engines on standard input,
// never through a shell or the argument list, and the result is a WAV file.
package localtts

import (
	"os"
	"os/exec"
	"time"
)

// Engine names, the part of a voice ID before the colon.
const (
	EngineEspeak = "espeak-ng"
	EnginePico   = "pico"
)

// Voice is one installed voice.
type Voice struct {
	// ID is what Synthesize takes: "<engine>:<language>", e.g. "pico:es-ES".
	ID       string
	Name     string
	Engine   string
	Language string
	Gender   string
}

// Options say where the engines are. An empty path looks the engine up on
// PATH; a path that does not exist means the engine is not installed.
type Options struct {
	EspeakPath string
	PicoPath   string
	// Timeout bounds one Synthesize call; 30 s when zero.
	Timeout time.Duration
}

// DefaultTimeout bounds a Synthesize call when Options.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// picoChunkBytes is the most text given to one pico2wave run. Pico refuses
// (or, past 64 KiB, silently truncates) inputs over 32767 bytes; far smaller
// pieces keep each run short and leave room for the speed markup.
const picoChunkBytes = 2000

// Engine runs the local speech engines found on this machine.
type Engine struct {
	espeak, pico string // executable paths; empty when not installed
	timeout      time.Duration
	picoChunk    int
	voices       []Voice
}

// New finds the engines. It starts no process.
func New(opts Options) *Engine {
	e := &Engine{
		espeak:    findTool(opts.EspeakPath, "espeak-ng"),
		pico:      findTool(opts.PicoPath, "pico2wave"),
		timeout:   opts.Timeout,
		picoChunk: picoChunkBytes,
	}
	if e.timeout <= 0 {
		e.timeout = DefaultTimeout
	}
	e.voices = e.installedVoices()
	return e
}

func findTool(path, name string) string {
	if path == "" {
		found, err := exec.LookPath(name)
		if err != nil {
			return ""
		}
		return found
	}
	info, err := os.Stat(path)
	if err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
		return ""
	}
	return path
}

// installedVoices lists the Spanish voices of the engines present, the most
// natural first. Debian's espeak-ng-data always ships both Spanish variants;
// pico2wave's Spanish is Spain Spanish only.
//
// TODO(#4): the voices are inferred from the executables found; asking the
// engines (espeak-ng --voices, Pico's lingware files) would catch a broken
// install before the first announcement does.
func (e *Engine) installedVoices() []Voice {
	var voices []Voice
	if e.pico != "" {
		voices = append(voices, Voice{ID: "pico:es-ES", Name: "Español de España (Pico)", Engine: EnginePico, Language: "es-ES", Gender: "female"})
	}
	if e.espeak != "" {
		voices = append(voices,
			Voice{ID: "espeak-ng:es", Name: "Español de España (eSpeak NG)", Engine: EngineEspeak, Language: "es", Gender: "male"},
			Voice{ID: "espeak-ng:es-419", Name: "Español latinoamericano (eSpeak NG)", Engine: EngineEspeak, Language: "es-419", Gender: "male"},
		)
	}
	return voices
}

// Voices returns the installed voices, the best Spanish voice first.
func (e *Engine) Voices() []Voice {
	return append([]Voice(nil), e.voices...)
}

// Best returns the most natural installed voice, and false when no engine
// is installed.
func (e *Engine) Best() (Voice, bool) {
	if len(e.voices) == 0 {
		return Voice{}, false
	}
	return e.voices[0], true
}

func (e *Engine) voice(id string) (Voice, bool) {
	for _, v := range e.voices {
		if v.ID == id {
			return v, true
		}
	}
	return Voice{}, false
}
