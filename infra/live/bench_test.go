package live_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"mediaflow/infra/events"
	"mediaflow/infra/live"
)

// The simulated players run in a child process (this test binary started
// again, see TestMain), so the hub's memory is measured without theirs.
const (
	benchClientsURL   = "MEDIAFLOW_LIVE_BENCH_URL"
	benchClientsCount = "MEDIAFLOW_LIVE_BENCH_PLAYERS"
	benchTenant       = 1
)

// BenchmarkDeliverToEveryPlayerOfATenant connects N players of one tenant
// and measures the hub's heap per connection (B/conn) and the time from
// Send until every player has the command (ns/op), with the players on
// the sending hub or on a second hub reached through Redis.
func BenchmarkDeliverToEveryPlayerOfATenant(b *testing.B) {
	raiseFileLimit(b)
	for _, mode := range []string{"one-hub", "two-hubs-redis"} {
		for _, n := range []int{1000, 5000} {
			b.Run(fmt.Sprintf("%s/players=%d", mode, n), func(b *testing.B) { benchDeliver(b, mode, n) })
		}
	}
}

func benchDeliver(b *testing.B, mode string, n int) {
	fake := newFakePlayers()
	ids := make([]uint64, n)
	for i := range ids {
		ids[i] = uint64(i + 1)
		fake.add(benchTenant, ids[i])
	}
	mem := events.NewMemory()
	sendBus, serveBus := events.Bus(mem), events.Bus(mem)
	if mode == "two-hubs-redis" {
		prefix := fmt.Sprintf("bench:live:%d:", time.Now().UnixNano())
		sendBus, serveBus = redisBus(b, prefix), redisBus(b, prefix)
	}
	sender, srv, _ := startHub(b, sendBus, fake, live.Options{})
	receiver := sender
	if serveBus != sendBus {
		receiver, srv, _ = startHub(b, serveBus, fake, live.Options{})
	}

	before := heap()
	clients := startBenchClients(b, srv, n)
	if got := receiver.Connected(benchTenant); got != n {
		b.Fatalf("%d players connected, want %d", got, n)
	}
	after := heap()
	b.Cleanup(func() { clients.stop(b, receiver) })

	ctx := context.Background()
	for b.Loop() {
		if err := sender.Send(ctx, benchTenant, ids, play(1)); err != nil {
			b.Fatal(err)
		}
		clients.waitDelivered(b)
	}
	// Reported after the loop, whose start resets reported metrics.
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(n), "B/conn")
	b.ReportMetric(float64(int64(after.StackInuse)-int64(before.StackInuse))/float64(n), "stack-B/conn")
}

func heap() runtime.MemStats {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m
}

// raiseFileLimit lifts the open-file limit to its maximum: every simulated
// player is one socket here and one in the child.
func raiseFileLimit(b *testing.B) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatalf("read file limit: %v", err)
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatalf("raise file limit: %v", err)
	}
	if lim.Cur < 12000 {
		b.Fatalf("open-file limit %d is too low for 5000 players", lim.Cur)
	}
}

// benchClients is the child process holding the simulated players.
type benchClients struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
}

func startBenchClients(b *testing.B, srv *httptest.Server, n int) *benchClients {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), benchClientsURL+"="+wsURL(srv, benchTenant), benchClientsCount+"="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatalf("start simulated players: %v", err)
	}
	c := &benchClients{cmd: cmd, stdin: stdin, lines: make(chan string, 16)}
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	c.expect(b, "ready", 3*time.Minute)
	return c
}

func (c *benchClients) expect(b *testing.B, want string, within time.Duration) {
	select {
	case line, ok := <-c.lines:
		if !ok || line != want {
			c.cmd.Process.Kill()
			b.Fatalf("simulated players said %q (open %v), want %q", line, ok, want)
		}
	case <-time.After(within):
		c.cmd.Process.Kill()
		b.Fatalf("simulated players did not say %q within %s", want, within)
	}
}

func (c *benchClients) waitDelivered(b *testing.B) { c.expect(b, "delivered", time.Minute) }

// stop ends the child and waits until the hub has let its players go.
func (c *benchClients) stop(b *testing.B, hub *live.Hub) {
	c.stdin.Close()
	exited := make(chan struct{})
	go func() { c.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		<-exited
	}
	waitWithin(b, "the hub to let the players go", 30*time.Second, func() bool { return hub.Total() == 0 })
}

// runBenchClients is the child process: it connects the players, says
// "ready", then says "delivered" each time every player has received one
// more command, until its standard input closes.
func runBenchClients(url string) int {
	n, err := strconv.Atoi(os.Getenv(benchClientsCount))
	if err != nil || n <= 0 {
		fmt.Fprintln(os.Stderr, "simulated players: bad count")
		return 2
	}
	conns, err := dialBenchClients(url, n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "simulated players:", err)
		return 1
	}
	var received atomic.Int64
	var out sync.Mutex
	for _, ws := range conns {
		go func() {
			for {
				if _, _, err := ws.Read(context.Background()); err != nil {
					return
				}
				if received.Add(1)%int64(n) == 0 {
					out.Lock()
					os.Stdout.WriteString("delivered\n")
					out.Unlock()
				}
			}
		}()
	}
	os.Stdout.WriteString("ready\n")
	io.Copy(io.Discard, os.Stdin)
	return 0
}

// dialBenchClients connects n players, a few at a time, and reads each
// one's welcome.
func dialBenchClients(url string, n int) ([]*websocket.Conn, error) {
	conns := make([]*websocket.Conn, n)
	errs := make(chan error, n)
	slots := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i := range conns {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			ws, err := dialBenchClient(url, fmt.Sprintf("mfp_%d_%d", benchTenant, i+1))
			if err != nil {
				errs <- fmt.Errorf("player %d: %w", i+1, err)
				return
			}
			conns[i] = ws
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return conns, nil
}

func dialBenchClient(url, token string) (*websocket.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	hello := fmt.Sprintf(`{"v":1,"type":"hello","token":%q,"version":"bench"}`, token)
	if err := ws.Write(ctx, websocket.MessageText, []byte(hello)); err != nil {
		return nil, fmt.Errorf("say hello: %w", err)
	}
	if _, _, err := ws.Read(ctx); err != nil {
		return nil, fmt.Errorf("read welcome: %w", err)
	}
	return ws, nil
}
