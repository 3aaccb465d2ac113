package app

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mediaflow/infra/dbtest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the mediaflow command once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mediaflow-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "mediaflow")
		out, err := exec.Command("go", "build", "-o", binPath, "mediaflow").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func freeTCPPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startServe runs `mediaflow serve` as its own process and waits until it
// answers; it is stopped when the test ends.
func startServe(t *testing.T, env []string, args ...string) string {
	t.Helper()
	port := freeTCPPort(t)
	cmd := exec.Command(binary(t), append([]string{"serve", "--env-file", ""}, args...)...)
	cmd.Env = append(os.Environ(), append(env, "HOST=127.0.0.1", fmt.Sprintf("PORT=%d", port))...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("server on port %d logged:\n%s", port, logs.String())
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			t.Fatalf("serve exited early:\n%s", logs.String())
		default:
		}
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return base
			}
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("serve did not answer within 30 s:\n%s", logs.String())
	return ""
}

func runBinary(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"--env-file", ""}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("mediaflow %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func tenantConfig(t *testing.T, base, host string) string {
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/config/tenant", nil)
	req.Host = host
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// waitForAll polls every server until each body contains want, and fails
// after limit.
func waitForAll(t *testing.T, limit time.Duration, host, want string, bases ...string) time.Duration {
	t.Helper()
	start := time.Now()
	pending := map[string]bool{}
	for _, b := range bases {
		pending[b] = true
	}
	for len(pending) > 0 {
		for b := range pending {
			if strings.Contains(tenantConfig(t, b, host), want) {
				delete(pending, b)
			}
		}
		if len(pending) > 0 && time.Since(start) > limit {
			t.Fatalf("after %v, %d server(s) still do not serve %s", time.Since(start), len(pending), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

func TestReplicasSeeTenantChanges(t *testing.T) {
	t.Run("two servers on PostgreSQL and Redis serve a CLI change within a second", func(t *testing.T) {
		dsn := dbtest.Options(t, "postgres").DSN
		env := []string{"APP_ENV=test", "DATA_DIR=" + t.TempDir(), "DATABASE_URL=" + dsn, "REDIS_URL=" + dbtest.RedisURL(t),
			fmt.Sprintf("REDIS_PREFIX=test-%d:", time.Now().UnixNano()),
			"TENANT_CHANGE_POLL_INTERVAL=1h"} // only Redis can explain a prompt change
		runBinary(t, env, "migrate", "up")
		runBinary(t, env, "tenant", "create", "--slug", "mallbarrio", "--name", "Mall Barrio", "--host", "mallbarrio.localhost", "--primary-color", "#E91E63")
		a := startServe(t, env)
		b := startServe(t, env)
		for _, base := range []string{a, b} { // warm both caches
			if body := tenantConfig(t, base, "mallbarrio.localhost"); !strings.Contains(body, "#E91E63") {
				t.Fatalf("before the change: %s", body)
			}
		}
		runBinary(t, env, "tenant", "update", "mallbarrio", "--primary-color", "#123456")
		took := waitForAll(t, time.Second, "mallbarrio.localhost", "#123456", a, b)
		t.Logf("both replicas served the new colour %v after the CLI returned", took)

		runBinary(t, env, "tenant", "add-host", "mallbarrio", "nuevo.mallbarrio.localhost")
		waitForAll(t, time.Second, "nuevo.mallbarrio.localhost", `"tenant_id":"mallbarrio"`, a, b)
	})

	t.Run("without Redis a server on SQLite serves a CLI change within a second", func(t *testing.T) {
		dir := t.TempDir()
		env := []string{"APP_ENV=test", "DATA_DIR=" + dir}
		a := startServe(t, env, "--demo")
		if body := tenantConfig(t, a, "demo.localhost"); !strings.Contains(body, "#4F46E5") {
			t.Fatalf("before the change: %s", body)
		}
		if body := tenantConfig(t, a, "later.localhost"); !strings.Contains(body, "tenant_not_found") {
			t.Fatalf("unknown host: %s", body)
		}
		runBinary(t, env, "tenant", "update", "demo", "--primary-color", "#654321")
		runBinary(t, env, "tenant", "add-host", "demo", "later.localhost")
		took := waitForAll(t, time.Second, "demo.localhost", "#654321", a)
		waitForAll(t, time.Second, "later.localhost", `"tenant_id":"demo"`, a)
		t.Logf("the server served the new colour %v after the CLI returned", took)
	})

	t.Run("serve refuses to start with pending migrations", func(t *testing.T) {
		cmd := exec.Command(binary(t), "serve", "--env-file", "")
		cmd.Env = append(os.Environ(), "APP_ENV=test", "DATA_DIR="+t.TempDir(), fmt.Sprintf("PORT=%d", freeTCPPort(t)))
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "pending migration") || !strings.Contains(string(out), "--migrate") {
			t.Fatalf("err %v out %s", err, out)
		}
	})
}
