package localtts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"
)

// wavFormat is the part of a WAV "fmt " chunk that decides whether two
// files can be joined sample for sample.
type wavFormat struct {
	audioFormat   uint16 // 1 is integer PCM
	channels      uint16
	sampleRate    uint32
	bitsPerSample uint16
}

// supported is integer PCM with sizes that real files have, which also
// keeps blockAlign and byteRate from overflowing.
func (f wavFormat) supported() bool {
	bits := f.bitsPerSample
	return f.audioFormat == 1 && f.channels >= 1 && f.channels <= 8 &&
		f.sampleRate >= 1000 && f.sampleRate <= 384000 && (bits == 8 || bits == 16 || bits == 24 || bits == 32)
}

func (f wavFormat) blockAlign() uint16 { return f.channels * f.bitsPerSample / 8 }

func (f wavFormat) byteRate() uint32 { return f.sampleRate * uint32(f.blockAlign()) }

// parseWAV reads a RIFF/WAVE file and returns its format and samples. A
// data size larger than the file, as engines writing to a pipe leave it, is
// cut to what is there.
func parseWAV(b []byte) (wavFormat, []byte, error) {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return wavFormat{}, nil, errors.New("not a RIFF/WAVE file")
	}
	var (
		f      wavFormat
		hasFmt bool
	)
	for off := 12; off+8 <= len(b); {
		id, size := string(b[off:off+4]), int(binary.LittleEndian.Uint32(b[off+4:off+8]))
		body := b[off+8:]
		if size < len(body) {
			body = body[:size]
		}
		switch id {
		case "fmt ":
			if len(body) < 16 {
				return wavFormat{}, nil, errors.New("short fmt chunk")
			}
			f = wavFormat{
				audioFormat:   binary.LittleEndian.Uint16(body[0:2]),
				channels:      binary.LittleEndian.Uint16(body[2:4]),
				sampleRate:    binary.LittleEndian.Uint32(body[4:8]),
				bitsPerSample: binary.LittleEndian.Uint16(body[14:16]),
			}
			hasFmt = true
		case "data":
			if !hasFmt {
				return wavFormat{}, nil, errors.New("data chunk before fmt chunk")
			}
			if !f.supported() {
				return wavFormat{}, nil, fmt.Errorf("unsupported WAV format %+v", f)
			}
			return f, body[:len(body)-len(body)%int(f.blockAlign())], nil
		}
		off += 8 + size + size%2
	}
	return wavFormat{}, nil, errors.New("no data chunk")
}

// encodeWAV writes the canonical 44-byte header and the samples.
func encodeWAV(f wavFormat, pcm []byte) []byte {
	out := make([]byte, 44, 44+len(pcm))
	copy(out[0:], "RIFF")
	binary.LittleEndian.PutUint32(out[4:], uint32(36+len(pcm)))
	copy(out[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(out[16:], 16)
	binary.LittleEndian.PutUint16(out[20:], f.audioFormat)
	binary.LittleEndian.PutUint16(out[22:], f.channels)
	binary.LittleEndian.PutUint32(out[24:], f.sampleRate)
	binary.LittleEndian.PutUint32(out[28:], f.byteRate())
	binary.LittleEndian.PutUint16(out[32:], f.blockAlign())
	binary.LittleEndian.PutUint16(out[34:], f.bitsPerSample)
	copy(out[36:], "data")
	binary.LittleEndian.PutUint32(out[40:], uint32(len(pcm)))
	return append(out, pcm...)
}

// joinWAV concatenates WAV files of one format into one file.
func joinWAV(parts ...[]byte) ([]byte, error) {
	var (
		format wavFormat
		pcm    []byte
	)
	for i, p := range parts {
		f, samples, err := parseWAV(p)
		if err != nil {
			return nil, fmt.Errorf("part %d: %w", i+1, err)
		}
		if i > 0 && f != format {
			return nil, fmt.Errorf("part %d is %+v, unlike part 1 (%+v)", i+1, f, format)
		}
		format = f
		pcm = append(pcm, samples...)
	}
	if len(parts) == 0 || len(pcm) == 0 {
		return nil, errors.New("no samples")
	}
	return encodeWAV(format, pcm), nil
}

// wavDuration is how long a WAV file plays.
func wavDuration(b []byte) (time.Duration, error) {
	f, pcm, err := parseWAV(b)
	if err != nil {
		return 0, err
	}
	return time.Duration(len(pcm)) * time.Second / time.Duration(f.byteRate()), nil
}

// readWAVs reads the files an engine wrote and joins them. Its errors do
// not wrap file-system errors: a missing file means the engine failed, not
// that it is missing.
func readWAVs(paths ...string) ([]byte, error) {
	parts := make([][]byte, len(paths))
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("the engine wrote no audio: %v", err)
		}
		parts[i] = b
	}
	wav, err := joinWAV(parts...)
	if err != nil {
		return nil, fmt.Errorf("the engine wrote no usable audio: %v", err)
	}
	return wav, nil
}
