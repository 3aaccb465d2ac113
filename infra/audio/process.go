package audio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"mediaflow/domain"
)

// ProcessError is an FFmpeg or FFprobe run that failed. It carries the last
// lines the tool printed, which usually say why.
type ProcessError struct {
	Tool       string // "ffmpeg" or "ffprobe"
	Err        error  // the exit status, or the signal that stopped it
	StderrTail string // the last lines of standard error
}

// Error names the tool and how it ended, then its last lines.
func (p *ProcessError) Error() string {
	if p.StderrTail == "" {
		return fmt.Sprintf("%s: %v (no output)", p.Tool, p.Err)
	}
	return fmt.Sprintf("%s: %v; last output:\n%s", p.Tool, p.Err, p.StderrTail)
}

// Unwrap returns how the process ended.
func (p *ProcessError) Unwrap() error { return p.Err }

// stderrTailLines is how many lines of a failed run's standard error an
// error carries.
const stderrTailLines = 20

// proc is one FFmpeg or FFprobe process.
type proc struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr tailBuffer
}

// command prepares bin with args; ctx kills it. Standard output is kept
// unless the caller redirects it; so is the end of standard error (the whole
// of it for short runs, which the ebur128 summary relies on).
func (e *Engine) command(ctx context.Context, bin string, args ...string) *proc {
	p := &proc{cmd: exec.CommandContext(ctx, bin, args...), stderr: tailBuffer{max: 64 << 10}}
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	p.cmd.WaitDelay = 5 * time.Second
	return p
}

func (e *Engine) start(p *proc) error {
	if err := p.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", filepath.Base(p.cmd.Path), err)
	}
	if e.started != nil {
		e.started(p.cmd)
	}
	return nil
}

// wait waits for p; a failure carries the end of what it printed.
func (p *proc) wait() error {
	if err := p.cmd.Wait(); err != nil {
		return &ProcessError{
			Tool:       filepath.Base(p.cmd.Path),
			Err:        err,
			StderrTail: lastLines(p.stderr.String(), stderrTailLines),
		}
	}
	return nil
}

// run starts bin with args and waits for it. It returns standard output and
// the end of standard error.
func (e *Engine) run(ctx context.Context, bin string, args ...string) (stdout, stderr []byte, err error) {
	p := e.command(ctx, bin, args...)
	if err := e.start(p); err != nil {
		return nil, nil, err
	}
	err = p.wait()
	return p.stdout.Bytes(), p.stderr.Bytes(), err
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) Bytes() []byte  { return t.buf }
func (t *tailBuffer) String() string { return string(t.buf) }

// lastLines returns the last n non-empty lines of s. Progress lines that
// FFmpeg ends with a carriage return count as lines.
func lastLines(s string, n int) string {
	s = strings.ReplaceAll(s, "\r", "\n")
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// writeAtomically runs write with a temporary path in out's directory and
// renames the result to out; on failure nothing is left behind.
func writeAtomically(out, pattern string, write func(tmp string) error) error {
	dir := filepath.Dir(out)
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return fmt.Errorf("create temporary file next to %s: %w", out, err)
	}
	tmp := f.Name()
	f.Close()
	if err := write(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("move %s into place: %w", out, err)
	}
	return nil
}

// inputArg names a local file for FFmpeg so that a colon in its name is never
// read as a protocol.
func inputArg(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return "file:" + abs
}

// errTimedOut is the cause given to a call's context when the engine's own
// time limit ends it, to tell it apart from the caller cancelling.
var errTimedOut = errors.New("audio: time limit reached")

func (e *Engine) limit(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, e.timeout, errTimedOut)
}

// failure turns an error from work done under ctx into what callers see: a
// render_timeout-style domain error when the engine's limit ended it, the
// caller's context error when the caller gave up, otherwise err wrapped
// with what was being done.
func (e *Engine) failure(ctx context.Context, timeoutCode, what string, err error) error {
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errTimedOut):
		return &domain.Error{
			Kind:    domain.KindUnavailable,
			Code:    timeoutCode,
			Message: fmt.Sprintf("the audio took longer than %s to process", e.timeout),
			Err:     fmt.Errorf("%s: %w", what, err),
		}
	case cause != nil:
		return fmt.Errorf("%s: %w: %w", what, cause, err)
	default:
		return fmt.Errorf("%s: %w", what, err)
	}
}
