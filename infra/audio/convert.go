package audio

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Convert decodes in once and writes out as MP3 (44.1 kHz, stereo, 192 kbps)
// at the target loudness: a static gain from one measurement of in, then the
// limiter under the true-peak ceiling. It returns the measurement of out. It is a render of a
// recipe with nothing but a voice, so it fails the way Render does.
func (e *Engine) Convert(ctx context.Context, in, out string, target Target) (Loudness, error) {
	res, err := e.Render(ctx, Recipe{Voice: Clip{Path: in}, Target: target}, out)
	return res.Loudness, err
}

// ToOpus converts a finished spot to Ogg/Opus once, for messaging apps:
// 48 kHz, mono (their voice-note players expect it), 64 kbps. Stereo is
// folded to mono by averaging the channels, so peaks do not grow and the
// file, played on both ears, is as loud as the stereo one. out is written
// atomically.
func (e *Engine) ToOpus(ctx context.Context, in, out string) error {
	ctx, cancel := e.limit(ctx)
	defer cancel()
	channels, err := e.channels(ctx, in)
	if err != nil {
		return e.renderFailure(ctx, err)
	}
	args := []string{"-nostdin", "-hide_banner", "-nostats", "-loglevel", "info", "-y",
		"-protocol_whitelist", "file", "-i", inputArg(in), "-map", "0:a:0", "-map_metadata", "-1"}
	if channels == 2 {
		args = append(args, "-af", "pan=mono|c0=0.5*c0+0.5*c1")
	}
	args = append(args, "-c:a", "libopus", "-b:a", "64k", "-ar", "48000", "-ac", "1", "-f", "ogg")
	err = writeAtomically(out, ".opus-*.ogg", func(tmp string) error {
		_, _, err := e.run(ctx, e.ffmpeg, append(args, tmp)...)
		return err
	})
	if err != nil {
		return e.renderFailure(ctx, err)
	}
	return nil
}

// channels returns how many channels the first audio stream of path has.
func (e *Engine) channels(ctx context.Context, path string) (int, error) {
	out, _, err := e.run(ctx, e.ffprobe, "-v", "error", "-protocol_whitelist", "file",
		"-select_streams", "a:0", "-show_entries", "stream=channels", "-of", "csv=p=0", inputArg(path))
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		return 0, fmt.Errorf("channels of %s: %q: %w", path, out, err)
	}
	return n, nil
}
