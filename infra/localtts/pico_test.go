package localtts

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var picoFormat = wavFormat{audioFormat: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16}

// fakePico is a stand-in pico2wave that records each run's arguments and
// standard input, and writes a different WAV file for each run, so that the
// joined result shows the order of the parts.
type fakePico struct {
	dir, path string
}

func newFakePico(t *testing.T) *fakePico {
	t.Helper()
	dir := t.TempDir()
	for n := 1; n <= 40; n++ {
		part := encodeWAV(picoFormat, bytes.Repeat([]byte{byte(n), 0}, 50*n))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("part-%d.wav", n)), part, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "count"), []byte("0"), 0o644)
	script := fmt.Sprintf(`dir='%s'
n=$(( $(cat "$dir/count") + 1 ))
echo "$n" > "$dir/count"
printf '%%s\n' "$@" > "$dir/args-$n"
cat > "$dir/input-$n"
while [ $# -gt 1 ]; do
  if [ "$1" = "-w" ]; then cp "$dir/part-$n.wav" "$2"; fi
  shift
done`, dir)
	return &fakePico{dir: dir, path: standIn(t, "pico2wave", script)}
}

// runs returns each run's arguments and input, in order.
func (f *fakePico) runs(t *testing.T) (args [][]string, inputs []string) {
	t.Helper()
	count, _ := os.ReadFile(filepath.Join(f.dir, "count"))
	var n int
	fmt.Sscan(string(count), &n)
	for i := 1; i <= n; i++ {
		a, _ := os.ReadFile(filepath.Join(f.dir, fmt.Sprintf("args-%d", i)))
		in, _ := os.ReadFile(filepath.Join(f.dir, fmt.Sprintf("input-%d", i)))
		args = append(args, strings.Split(strings.TrimSuffix(string(a), "\n"), "\n"))
		inputs = append(inputs, string(in))
	}
	return args, inputs
}

func TestPicoWithAStandIn(t *testing.T) {
	ctx := context.Background()

	t.Run("long text is cut at sentence ends and the parts are joined in order", func(t *testing.T) {
		f := newFakePico(t)
		e := New(Options{EspeakPath: missingTool, PicoPath: f.path})
		e.picoChunk = 60
		text := "Buenas tardes. La tienda de deportes del segundo piso tiene descuentos; " +
			"¡aproveche hoy! ¿Necesita ayuda? Acérquese al mesón de informaciones, junto a la escalera mecánica, " +
			"donde con gusto le atenderemos durante todo el día, de lunes a domingo y también los festivos."
		wav, err := e.Synthesize(ctx, "pico:es-ES", text, 1)
		if err != nil {
			t.Fatal(err)
		}
		args, inputs := f.runs(t)
		if len(inputs) < 4 {
			t.Fatalf("%d runs, want the text cut in at least 4 parts", len(inputs))
		}
		for i, a := range args {
			want := []string{"-l", "es-ES", "-w", ""}
			if len(a) != 4 || a[0] != want[0] || a[1] != want[1] || a[2] != want[2] || !strings.HasSuffix(a[3], fmt.Sprintf("part-%03d.wav", i)) {
				t.Errorf("run %d arguments = %q, want -l es-ES -w <part file>", i+1, a)
			}
			if len(inputs[i]) > 60 || strings.Contains(strings.Join(a, " "), "tienda") {
				t.Errorf("run %d got %d bytes (%q) and arguments %q", i+1, len(inputs[i]), inputs[i], a)
			}
		}
		if !strings.HasPrefix(inputs[0], "Buenas tardes.") || !strings.HasSuffix(inputs[1], "descuentos;") {
			t.Errorf("the cuts are not at sentence ends: %q", inputs)
		}
		if strings.Join(inputs, " ") != text {
			t.Errorf("the parts do not add up to the text:\n%q\n%q", strings.Join(inputs, " "), text)
		}
		var want []byte
		for n := 1; n <= len(inputs); n++ {
			want = append(want, bytes.Repeat([]byte{byte(n), 0}, 50*n)...)
		}
		if !bytes.Equal(wav, encodeWAV(picoFormat, want)) {
			t.Fatal("the WAV is not the parts joined in order under one header")
		}
	})

	t.Run("a speed other than 1 is sent as Pico markup around text stripped of markup", func(t *testing.T) {
		f := newFakePico(t)
		e := New(Options{EspeakPath: missingTool, PicoPath: f.path})
		if _, err := e.Synthesize(ctx, "pico:es-ES", `Hola <pitch level="300">a todos</pitch>`, 1.5); err != nil {
			t.Fatal(err)
		}
		_, inputs := f.runs(t)
		want := `<speed level="150">Hola  pitch level="300" a todos /pitch</speed>`
		if len(inputs) != 1 || inputs[0] != want {
			t.Fatalf("input = %q, want %q", inputs, want)
		}
	})

	t.Run("the normal speed sends the text alone", func(t *testing.T) {
		f := newFakePico(t)
		e := New(Options{EspeakPath: missingTool, PicoPath: f.path})
		if _, err := e.Synthesize(ctx, "pico:es-ES", "Hola a todos.", 0); err != nil {
			t.Fatal(err)
		}
		if _, inputs := f.runs(t); len(inputs) != 1 || inputs[0] != "Hola a todos." {
			t.Fatalf("inputs = %q", inputs)
		}
	})

	t.Run("a failing part fails the whole with the engine's words", func(t *testing.T) {
		e := New(Options{EspeakPath: missingTool, PicoPath: standIn(t, "pico2wave", "echo 'Cannot put Text (-102): invalid argument supplied' >&2\nexit 154")})
		_, err := e.Synthesize(ctx, "pico:es-ES", "Hola.", 1)
		if err == nil || !strings.Contains(err.Error(), "tts_failed") || !strings.Contains(err.Error(), "Cannot put Text") {
			t.Fatalf("error = %v", err)
		}
	})
}

func TestPicoForReal(t *testing.T) {
	e := New(Options{EspeakPath: missingTool, PicoPath: requirePico(t)})
	ctx := context.Background()
	sentence := "Estimados clientes, les recordamos que el estacionamiento del nivel dos se encuentra completo. "

	t.Run("a text longer than one part is spoken whole in Spain Spanish", func(t *testing.T) {
		text := strings.Repeat(sentence, 25) // about 2,400 bytes: two parts
		wav, err := e.Synthesize(ctx, "pico:es-ES", text, 1)
		if err != nil {
			t.Fatal(err)
		}
		f, _, err := parseWAV(wav)
		if err != nil || f != picoFormat {
			t.Fatalf("format = %+v, %v; want 16-bit mono PCM at 16000 Hz", f, err)
		}
		single, err := e.Synthesize(ctx, "pico:es-ES", sentence, 1)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := wavDuration(wav)
		d1, _ := wavDuration(single)
		if d1 < 3*time.Second || d < 20*d1 {
			t.Fatalf("one sentence lasts %v and 25 last %v; want several seconds and about 25 times as long", d1, d)
		}
	})

	t.Run("a faster speed gives a shorter recording", func(t *testing.T) {
		normal, err := e.Synthesize(ctx, "pico:es-ES", sentence, 1)
		if err != nil {
			t.Fatal(err)
		}
		fast, err := e.Synthesize(ctx, "pico:es-ES", sentence, 1.6)
		if err != nil {
			t.Fatal(err)
		}
		dn, _ := wavDuration(normal)
		df, _ := wavDuration(fast)
		if float64(df) > 0.8*float64(dn) {
			t.Fatalf("at 1 it lasts %v and at 1.6 %v; want the fast one clearly shorter", dn, df)
		}
	})
}
