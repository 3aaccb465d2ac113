package localtts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"mediaflow/domain"
)

// MaxTextLength is the most characters one Synthesize call accepts, the
// same limit as the cloud voices.
const MaxTextLength = 5000

// Speed limits: 1 is each engine's normal pace.
const (
	MinSpeed = 0.5
	MaxSpeed = 2.0
)

// espeakWPM is espeak-ng's normal pace in words per minute.
const espeakWPM = 175

// Synthesize speaks text with the voice and returns a WAV file (16-bit PCM,
// mono). speed scales the pace; zero means normal (1).
func (e *Engine) Synthesize(ctx context.Context, voiceID, text string, speed float64) ([]byte, error) {
	if speed == 0 {
		speed = 1
	}
	if err := validate(text, speed); err != nil {
		return nil, err
	}
	v, err := e.lookup(voiceID)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "mediaflow-tts-*")
	if err != nil {
		return nil, fmt.Errorf("synthesize with %s: %w", v.ID, err)
	}
	defer os.RemoveAll(dir)

	rctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	text = plainText(text)
	var wav []byte
	if v.Engine == EnginePico {
		wav, err = e.runPico(rctx, dir, v.Language, text, speed)
	} else {
		wav, err = e.runEspeak(rctx, dir, v.Language, text, speed)
	}
	if err != nil {
		return nil, e.failure(ctx, rctx, v, err)
	}
	return wav, nil
}

// lookup finds an installed voice, telling an unknown voice from a known
// engine that is not installed here.
func (e *Engine) lookup(id string) (Voice, error) {
	if v, ok := e.voice(id); ok {
		return v, nil
	}
	engine, _, _ := strings.Cut(id, ":")
	if engine == EnginePico && e.pico == "" || engine == EngineEspeak && e.espeak == "" {
		return Voice{}, &domain.Error{Kind: domain.KindUnavailable, Code: "tts_engine_missing",
			Message: fmt.Sprintf("the %s speech engine is not installed on this server", engine)}
	}
	return Voice{}, domain.NotFound("tts_voice_not_found", "no local voice has that ID")
}

func validate(text string, speed float64) error {
	if strings.TrimSpace(text) == "" || !utf8.ValidString(text) {
		return domain.Invalid("tts_text_invalid", "the text to speak is empty or not valid text", map[string]string{"text": "required"})
	}
	if n := utf8.RuneCountInString(text); n > MaxTextLength {
		return domain.Invalid("tts_text_too_long", fmt.Sprintf("the text has %d characters; at most %d fit in one announcement", n, MaxTextLength),
			map[string]string{"text": "at most " + strconv.Itoa(MaxTextLength) + " characters", "length": strconv.Itoa(n)})
	}
	if math.IsNaN(speed) || speed < MinSpeed || speed > MaxSpeed {
		return domain.Invalid("tts_settings_invalid", "the speed is out of range", map[string]string{"speed": "between 0.5 and 2"})
	}
	return nil
}

// plainText turns control characters (NUL, escape sequences) into spaces;
// line breaks and tabs stay, since they separate sentences.
func plainText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return ' '
		}
		return r
	}, s)
}

// runEspeak speaks text in one run; espeak-ng has no input limit that an
// announcement could reach. espeak-ng exits 0 even when it could not write
// the file, so the file itself is checked.
func (e *Engine) runEspeak(ctx context.Context, dir, lang, text string, speed float64) ([]byte, error) {
	out := filepath.Join(dir, "speech.wav")
	wpm := strconv.Itoa(int(math.Round(espeakWPM * speed)))
	args := []string{"-v", lang, "-s", wpm, "-b", "1", "-w", out, "--stdin"}
	if err := run(ctx, e.espeak, args, text); err != nil {
		return nil, err
	}
	return readWAVs(out)
}

// runPico speaks text a piece at a time, since pico2wave only takes short
// inputs, and joins the pieces. pico2wave has no speed option; its own text
// markup (not SSML) sets the pace, and user text can carry no markup of its
// own because picoText removes angle brackets.
func (e *Engine) runPico(ctx context.Context, dir, lang, text string, speed float64) ([]byte, error) {
	chunks := splitText(picoText(text), e.picoChunk)
	outs := make([]string, len(chunks))
	for i, chunk := range chunks {
		outs[i] = filepath.Join(dir, fmt.Sprintf("part-%03d.wav", i))
		if speed != 1 {
			chunk = fmt.Sprintf("<speed level=\"%d\">%s</speed>", int(math.Round(speed*100)), chunk)
		}
		if err := run(ctx, e.pico, []string{"-l", lang, "-w", outs[i]}, chunk); err != nil {
			return nil, err
		}
	}
	return readWAVs(outs...)
}

// picoText keeps Pico from reading user text as markup.
func picoText(s string) string {
	return strings.NewReplacer("<", " ", ">", " ").Replace(s)
}

// runFailure is an engine that ran and failed; stderr holds its last words.
type runFailure struct {
	tool   string
	err    error
	stderr string
}

func (f *runFailure) Error() string {
	if f.stderr == "" {
		return fmt.Sprintf("%s: %v", f.tool, f.err)
	}
	return fmt.Sprintf("%s: %v: %s", f.tool, f.err, f.stderr)
}

func (f *runFailure) Unwrap() error { return f.err }

// run starts path with args (no shell), feeds input on stdin, and waits.
func run(ctx context.Context, path string, args []string, input string) error {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = strings.NewReader(input)
	var output tailBuffer
	cmd.Stdout, cmd.Stderr = &output, &output
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return &runFailure{tool: filepath.Base(path), err: err, stderr: output.String()}
	}
	return nil
}

// failure turns an engine error into the error callers see: the caller's
// own cancellation as it is, anything else as a *domain.Error.
func (e *Engine) failure(parent, rctx context.Context, v Voice, err error) error {
	if parent.Err() != nil {
		return fmt.Errorf("synthesize with %s: %w", v.ID, parent.Err())
	}
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return &domain.Error{Kind: domain.KindUnavailable, Code: "tts_engine_missing",
			Message: fmt.Sprintf("the %s speech engine could not be started", v.Engine), Err: err}
	}
	msg := fmt.Sprintf("the %s speech engine failed", v.Engine)
	if errors.Is(rctx.Err(), context.DeadlineExceeded) {
		msg = fmt.Sprintf("the %s speech engine took longer than %s", v.Engine, e.timeout)
	}
	return &domain.Error{Kind: domain.KindUnavailable, Code: "tts_failed", Message: msg, Err: err}
}

// tailBuffer keeps the last bytes written to it, enough to explain a failure.
type tailBuffer struct {
	b []byte
}

const tailMax = 1024

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > tailMax {
		t.b = t.b[len(t.b)-tailMax:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	s := strings.ToValidUTF8(string(bytes.TrimSpace(t.b)), "")
	return strings.Join(strings.Fields(s), " ")
}
