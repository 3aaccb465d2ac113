package localtts

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestWAV(t *testing.T) {
	mono16k := wavFormat{audioFormat: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16}
	second := bytes.Repeat([]byte{1, 0}, 16000)

	t.Run("an encoded file parses back to its format and samples", func(t *testing.T) {
		f, pcm, err := parseWAV(encodeWAV(mono16k, second))
		if err != nil || f != mono16k || !bytes.Equal(pcm, second) {
			t.Fatalf("parseWAV = %+v, %d bytes, %v", f, len(pcm), err)
		}
	})

	t.Run("a data size larger than the file, as written to a pipe, is cut to the file", func(t *testing.T) {
		b := encodeWAV(mono16k, second)
		binary.LittleEndian.PutUint32(b[40:], 0x7ffff000)
		if d, err := wavDuration(b); err != nil || d != time.Second {
			t.Fatalf("duration = %v, %v; want 1s", d, err)
		}
	})

	t.Run("chunks before the data are skipped", func(t *testing.T) {
		b := encodeWAV(mono16k, second)
		list := append([]byte("LIST\x03\x00\x00\x00abc\x00"), b[36:]...)
		b = append(b[:36:36], list...)
		if _, pcm, err := parseWAV(b); err != nil || !bytes.Equal(pcm, second) {
			t.Fatalf("parseWAV with a LIST chunk = %d bytes, %v", len(pcm), err)
		}
	})

	t.Run("files of one format join into one file", func(t *testing.T) {
		joined, err := joinWAV(encodeWAV(mono16k, second), encodeWAV(mono16k, second[:16000]))
		if err != nil {
			t.Fatal(err)
		}
		if d, _ := wavDuration(joined); d != 1500*time.Millisecond {
			t.Fatalf("joined duration = %v, want 1.5s", d)
		}
	})

	bad := []struct {
		name  string
		parts [][]byte
	}{
		{"files of different rates do not join", [][]byte{encodeWAV(mono16k, second), encodeWAV(wavFormat{1, 1, 22050, 16}, second)}},
		{"nothing does not join", nil},
		{"a file without samples is refused", [][]byte{encodeWAV(mono16k, nil)}},
		{"text is not a WAV file", [][]byte{[]byte("Can't write to: /tmp/x.wav")}},
		{"a float WAV is refused", [][]byte{encodeWAV(wavFormat{3, 1, 16000, 32}, second)}},
		{"a file cut inside its header is refused", [][]byte{encodeWAV(mono16k, second)[:30]}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := joinWAV(tc.parts...); err == nil {
				t.Fatal("joinWAV succeeded")
			}
		})
	}
}

func FuzzParseWAV(f *testing.F) {
	f.Add(encodeWAV(wavFormat{1, 1, 16000, 16}, []byte{1, 2, 3, 4}))
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVEdata\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		format, pcm, err := parseWAV(b)
		if err == nil && len(pcm)%int(format.blockAlign()) != 0 {
			t.Fatalf("%d bytes of samples for block size %d", len(pcm), format.blockAlign())
		}
	})
}

func TestSplitText(t *testing.T) {
	cases := []struct {
		name string
		text string
		max  int
		want []string
	}{
		{"short text stays whole", "Hola a todos.", 50, []string{"Hola a todos."}},
		{"sentences are packed up to the limit", "Uno. Dos. Tres. Cuatro.", 10,
			[]string{"Uno. Dos.", "Tres.", "Cuatro."}},
		{"questions, exclamations and semicolons end sentences", "¿Sí? ¡No! Tal vez; quizás.", 14,
			[]string{"¿Sí? ¡No!", "Tal vez;", "quizás."}},
		{"a decimal point is not a sentence end", "Cuesta 3.5 pesos. Gracias.", 20,
			[]string{"Cuesta 3.5 pesos.", "Gracias."}},
		{"line breaks end sentences", "Primera línea\nsegunda línea", 16,
			[]string{"Primera línea", "segunda línea"}},
		{"a long sentence is cut after a comma", "Estimados clientes, el local cierra pronto", 30,
			[]string{"Estimados clientes,", "el local cierra pronto"}},
		{"a long sentence without commas is cut between words", "uno dos tres cuatro cinco seis", 12,
			[]string{"uno dos tres", "cuatro cinco", "seis"}},
		{"a word longer than the limit is cut between characters", "ñññññ", 4,
			[]string{"ññ", "ññ", "ñ"}},
		{"spaces alone give nothing", "   \n  ", 10, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := splitText(tc.text, tc.max)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Fatalf("splitText = %q, want %q", got, tc.want)
			}
		})
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add("Hola. ¿Qué tal? Bien, gracias; adiós.\nFin", 8)
	f.Add("ñandú…  ¡ya!", 3)
	f.Fuzz(func(t *testing.T, text string, max int) {
		if max < 4 || max > 200 || !utf8.ValidString(text) {
			return
		}
		chunks := splitText(text, max)
		for _, c := range chunks {
			if len(c) > max || c == "" || !utf8.ValidString(c) {
				t.Fatalf("chunk %q breaks the rules for max %d", c, max)
			}
		}
		if strings.Join(strings.Fields(strings.Join(chunks, "")), "") != strings.Join(strings.Fields(text), "") {
			t.Fatalf("the chunks %q lost text from %q", chunks, text)
		}
	})
}
