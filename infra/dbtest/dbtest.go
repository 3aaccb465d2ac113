// Package dbtest gives tests real databases and a real Redis server: a fresh
// SQLite file, or a fresh database on a PostgreSQL server, and a Redis URL.
// Servers come from MEDIAFLOW_TEST_POSTGRES_URL and MEDIAFLOW_TEST_REDIS_URL
// when set (the test task starts them once for the whole run); otherwise the
// package starts throwaway servers on loopback and stops them in Main.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"mediaflow/infra/database"
	"mediaflow/migrations"
)

var (
	mu       sync.Mutex
	stops    []func()
	pgAdmin  string
	redisURL string
)

// Main runs the package's tests and stops any server this package started.
// Call it from TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	mu.Lock()
	defer mu.Unlock()
	for i := len(stops) - 1; i >= 0; i-- {
		stops[i]()
	}
	return code
}

// Drivers lists the databases every store test runs on.
var Drivers = []string{database.DriverSQLite, database.DriverPostgres}

// Options returns connection options for a new, empty database of the given
// driver. The database is dropped when the test ends.
func Options(t testing.TB, driver string) database.Options {
	t.Helper()
	if driver == database.DriverSQLite {
		return database.Options{Driver: driver, DSN: filepath.Join(t.TempDir(), "test.db")}
	}
	admin := postgresAdminURL(t)
	name := "t_" + randomHex(8)
	db, err := database.Open(context.Background(), database.Options{Driver: driver, DSN: admin})
	if err != nil {
		t.Fatalf("connect to test PostgreSQL: %v", err)
	}
	defer database.Close(db)
	if err := db.Exec("CREATE DATABASE " + name).Error; err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		db, err := database.Open(context.Background(), database.Options{Driver: driver, DSN: admin})
		if err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			database.Close(db)
		}
	})
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	return database.Options{Driver: driver, DSN: u.String()}
}

// Open returns a connection to a new, empty database of the given driver.
func Open(t testing.TB, driver string) *gorm.DB {
	t.Helper()
	db, err := database.Open(context.Background(), Options(t, driver))
	if err != nil {
		t.Fatalf("open %s test database: %v", driver, err)
	}
	t.Cleanup(func() { database.Close(db) })
	return db
}

// Migrated returns a new database with every migration applied.
func Migrated(t testing.TB, driver string) *gorm.DB {
	t.Helper()
	db := Open(t, driver)
	if err := migrations.Up(context.Background(), db); err != nil {
		t.Fatalf("migrate %s test database: %v", driver, err)
	}
	return db
}

// RedisURL returns the URL of a Redis server for tests. Tests share it, so
// they must use their own key prefix.
func RedisURL(t testing.TB) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if redisURL != "" {
		return redisURL
	}
	if v := os.Getenv("MEDIAFLOW_TEST_REDIS_URL"); v != "" {
		redisURL = v
		return v
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("no Redis for tests: set MEDIAFLOW_TEST_REDIS_URL or install redis-server")
	}
	dir, err := os.MkdirTemp("", "mediaflow-redis-")
	if err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no", "--dir", dir)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	stops = append(stops, func() { cmd.Process.Kill(); cmd.Wait(); os.RemoveAll(dir) })
	waitForPort(t, port)
	redisURL = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	return redisURL
}

// PostgresAdminURL returns a URL to the test server's postgres database.
func postgresAdminURL(t testing.TB) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if pgAdmin != "" {
		return pgAdmin
	}
	if v := os.Getenv("MEDIAFLOW_TEST_POSTGRES_URL"); v != "" {
		pgAdmin = v
		return v
	}
	pgAdmin = startPostgres(t)
	return pgAdmin
}

// startPostgres creates a throwaway cluster in a temporary directory. The
// server refuses to run as root, so it runs as the postgres user then.
func startPostgres(t testing.TB) string {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		t.Fatalf("no PostgreSQL for tests: set MEDIAFLOW_TEST_POSTGRES_URL or install the server binaries")
	}
	binDir := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("", "mediaflow-pg-")
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) *exec.Cmd { return exec.Command(args[0], args[1:]...) }
	if os.Geteuid() == 0 {
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs a postgres user: %v", err)
		}
		exec.Command("chown", pg.Uid+":"+pg.Gid, dir).Run()
		run = func(args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--"}, args...)...)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := run(filepath.Join(binDir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	port := freePort(t)
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if out, err := run(filepath.Join(binDir, "pg_ctl"), "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start").CombinedOutput(); err != nil {
		t.Fatalf("start PostgreSQL: %v\n%s", err, out)
	}
	stops = append(stops, func() {
		run(filepath.Join(binDir, "pg_ctl"), "-D", data, "-m", "immediate", "stop").Run()
		os.RemoveAll(dir)
	})
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitForPort(t testing.TB, port int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("nothing listens on port %d", port)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}
