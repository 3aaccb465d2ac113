package audio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"mediaflow/domain"
)

// Probe describes an accepted upload.
type Probe struct {
	Format          string  // demuxer, e.g. "mp3", "wav", "ogg"
	Codec           string  // codec of the first audio stream, e.g. "mp3", "opus"
	DurationSeconds float64 // decoded length
	SampleRate      int
	Channels        int
}

// uploadFormats are the containers an upload may be in. Probing is limited
// to them so that a crafted text file (a playlist, a concat script) is never
// followed to other files or hosts.
const uploadFormats = "mp3,wav,flac,ogg,mov,aac,matroska,aiff"

// truncationSlack is how much shorter than its header claims a file may
// decode before it counts as truncated (MP3 headers include the encoder's
// padding, about 50 ms).
const truncationSlack = 0.5

// ProbeUpload checks an uploaded audio file by its content, never its name:
// FFprobe reads the container, then FFmpeg decodes the first audio stream to
// the end. It refuses, with a *domain.Error, files that are empty
// (audio_empty), not audio or not decodable (audio_unreadable), without an
// audio stream (audio_no_stream), shorter than their header says
// (audio_truncated), or longer than maxDuration (audio_too_long; zero means
// no limit). Decoding stops just past maxDuration, so a long upload costs no
// more than an allowed one.
//
// TODO(#4): a constant-bit-rate MP3 without a Xing/Info header carries no
// length, so a truncated one decodes cleanly as a shorter file and passes.
func (e *Engine) ProbeUpload(ctx context.Context, path string, maxDuration time.Duration) (Probe, error) {
	ctx, cancel := e.limit(ctx)
	defer cancel()
	info, err := os.Stat(path)
	if err != nil {
		return Probe{}, fmt.Errorf("probe upload: %w", err)
	}
	if info.Size() == 0 {
		return Probe{}, domain.Invalid("audio_empty", "the file is empty", nil)
	}
	link, cleanup, err := nameless(path)
	if err != nil {
		return Probe{}, fmt.Errorf("probe upload: %w", err)
	}
	defer cleanup()

	p, declared, err := e.probeStreams(ctx, link)
	if err != nil {
		return Probe{}, e.uploadFailure(ctx, err)
	}
	limit := maxDuration.Seconds()
	if maxDuration > 0 && declared > limit+truncationSlack {
		return Probe{}, tooLong(maxDuration)
	}
	var decodeErr error
	p.DurationSeconds, decodeErr, err = e.decodedLength(ctx, link, limit)
	if err != nil {
		return Probe{}, e.uploadFailure(ctx, err)
	}
	if err := checkLength(p.DurationSeconds, declared, maxDuration); err != nil {
		return Probe{}, err
	}
	if decodeErr != nil {
		return Probe{}, e.uploadFailure(ctx, decodeErr)
	}
	return p, nil
}

// nameless gives FFmpeg a path to the file without its name's extension, so
// that probing goes by content alone.
func nameless(path string) (string, func(), error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "mediaflow-probe-")
	if err != nil {
		return "", nil, err
	}
	link := filepath.Join(dir, "upload")
	if err := os.Symlink(abs, link); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return link, func() { os.RemoveAll(dir) }, nil
}

type ffprobeOutput struct {
	Streams []struct {
		CodecType  string `json:"codec_type"`
		CodecName  string `json:"codec_name"`
		SampleRate string `json:"sample_rate"`
		Channels   int    `json:"channels"`
		Duration   string `json:"duration"`
	} `json:"streams"`
	Format struct {
		FormatName string `json:"format_name"`
		Duration   string `json:"duration"`
	} `json:"format"`
}

// Errors that say the upload itself is at fault.
var (
	errNoAudio = errors.New("no audio stream")
	errDecode  = errors.New("decoding failed")
)

// probeStreams reads the container and returns the first audio stream and
// the length the file declares (0 when it declares none).
func (e *Engine) probeStreams(ctx context.Context, link string) (Probe, float64, error) {
	stdout, _, err := e.run(ctx, e.ffprobe, "-v", "error",
		"-format_whitelist", uploadFormats, "-protocol_whitelist", "file",
		"-show_entries", "format=format_name,duration:stream=codec_type,codec_name,sample_rate,channels,duration",
		"-of", "json", inputArg(link))
	if err != nil {
		return Probe{}, 0, err
	}
	var out ffprobeOutput
	if err := json.Unmarshal(stdout, &out); err != nil {
		return Probe{}, 0, fmt.Errorf("read ffprobe output: %w", err)
	}
	for _, s := range out.Streams {
		if s.CodecType != "audio" {
			continue
		}
		rate, _ := strconv.Atoi(s.SampleRate)
		p := Probe{Format: out.Format.FormatName, Codec: s.CodecName, SampleRate: rate, Channels: s.Channels}
		declared := parseSeconds(s.Duration)
		if declared == 0 {
			declared = parseSeconds(out.Format.Duration)
		}
		return p, declared, nil
	}
	return Probe{}, 0, errNoAudio
}

func parseSeconds(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0 {
		return 0
	}
	return v
}

// decodedLength decodes the first audio stream to the end, or to just past
// limit seconds, and returns how long it was and what the decoder
// complained about, if anything.
func (e *Engine) decodedLength(ctx context.Context, link string, limit float64) (seconds float64, decodeErr, err error) {
	args := []string{"-nostdin", "-hide_banner", "-nostats", "-loglevel", "error",
		"-format_whitelist", uploadFormats, "-protocol_whitelist", "file",
		"-i", inputArg(link), "-map", "0:a:0"}
	if limit > 0 {
		args = append(args, "-t", strconv.FormatFloat(limit+2*truncationSlack, 'f', 3, 64))
	}
	args = append(args, "-f", "null", "-", "-progress", "pipe:1")
	stdout, stderr, err := e.run(ctx, e.ffmpeg, args...)
	if err != nil {
		return 0, nil, err
	}
	if msg := strings.TrimSpace(string(stderr)); msg != "" {
		decodeErr = fmt.Errorf("%w: %s", errDecode, lastLines(msg, stderrTailLines))
	}
	seconds, err = progressDuration(stdout)
	return seconds, decodeErr, err
}

func checkLength(decoded, declared float64, maxDuration time.Duration) error {
	switch {
	case decoded <= 0:
		return domain.Invalid("audio_empty", "the file holds no sound", nil)
	case maxDuration > 0 && decoded > maxDuration.Seconds()+truncationSlack:
		return tooLong(maxDuration)
	case declared > 0 && declared-decoded > max(truncationSlack, 0.05*declared):
		return domain.Invalid("audio_truncated", "the file ends before its header says it should; upload it again",
			map[string]string{"declared_seconds": fmt.Sprintf("%.1f", declared), "decoded_seconds": fmt.Sprintf("%.1f", decoded)})
	}
	return nil
}

func tooLong(maxDuration time.Duration) error {
	return domain.Invalid("audio_too_long", "the recording is longer than allowed",
		map[string]string{"max_seconds": strconv.Itoa(int(maxDuration.Seconds()))})
}

// uploadFailure maps a failed probe or decode to the error a user sees.
func (e *Engine) uploadFailure(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return e.failure(ctx, "audio_analysis_timeout", "probe upload", err)
	}
	if errors.Is(err, errNoAudio) {
		return domain.Invalid("audio_no_stream", "the file holds no audio track", nil)
	}
	var pe *ProcessError
	if errors.As(err, &pe) || errors.Is(err, errDecode) {
		return &domain.Error{Kind: domain.KindInvalid, Code: "audio_unreadable",
			Message: "the file is not audio in a format we can read", Err: err}
	}
	return fmt.Errorf("probe upload: %w", err)
}
