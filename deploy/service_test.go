package deploy

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"mediaflow/app/config"
)

const unitPath = "systemd/mediaflow.service"

// unitFile is a parsed systemd unit: section, then key, then every value in order.
type unitFile map[string]map[string][]string

func parseUnit(t *testing.T, path string) unitFile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u := unitFile{}
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
			u[section] = map[string][]string{}
		case section == "":
			t.Fatalf("%s:%d: %q is outside any section", path, n, line)
		default:
			key, value, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("%s:%d: %q is not KEY=value", path, n, line)
			}
			key = strings.TrimSpace(key)
			u[section][key] = append(u[section][key], strings.TrimSpace(value))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return u
}

func (u unitFile) get(section, key string) string {
	v := u[section][key]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

func TestSystemdUnitHasTheRequiredSettings(t *testing.T) {
	u := parseUnit(t, unitPath)
	want := []struct{ section, key, value string }{
		{"Service", "User", "mediaflow"},
		{"Service", "Group", "mediaflow"},
		{"Service", "EnvironmentFile", "/etc/mediaflow/mediaflow.env"},
		{"Service", "WorkingDirectory", "/var/lib/mediaflow"},
		{"Service", "ExecStartPre", "/usr/local/bin/mediaflow migrate up"},
		{"Service", "ExecStart", "/usr/local/bin/mediaflow serve"},
		{"Service", "Restart", "on-failure"},
		{"Service", "KillSignal", "SIGTERM"},
		{"Service", "NoNewPrivileges", "yes"},
		{"Service", "ProtectSystem", "strict"},
		{"Service", "ReadWritePaths", "/var/lib/mediaflow"},
		{"Service", "PrivateTmp", "yes"},
		{"Service", "ProtectHome", "yes"},
		{"Service", "PrivateDevices", "yes"},
		{"Service", "CapabilityBoundingSet", ""},
		{"Install", "WantedBy", "multi-user.target"},
	}
	for _, w := range want {
		values, ok := u[w.section][w.key]
		if !ok || !slices.Contains(values, w.value) {
			t.Errorf("[%s] %s = %q, want %q", w.section, w.key, values, w.value)
		}
	}
	if n, err := strconv.Atoi(u.get("Service", "LimitNOFILE")); err != nil || n < 65536 {
		t.Errorf("LimitNOFILE = %q, want at least 65536", u.get("Service", "LimitNOFILE"))
	}
	if len(u["Service"]["ExecStart"]) != 1 {
		t.Errorf("ExecStart appears %d times, want once", len(u["Service"]["ExecStart"]))
	}
}

// systemd-analyze verify checks every directive's name and value. It also
// insists that the programs exist, so it verifies a copy whose mediaflow
// path points at a stand-in script.
func TestSystemdAnalyzeVerifiesTheUnit(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Fatal("systemd-analyze is required by this test and is not installed (Debian package: systemd)")
	}
	dir := t.TempDir()
	stub := filepath.Join(dir, "mediaflow")
	mustWriteMode(t, stub, "#!/bin/sh\nexit 0\n", 0o755)
	unit := adapt(t, unitPath, "/usr/local/bin/mediaflow", stub)
	path := filepath.Join(dir, "mediaflow.service")
	mustWrite(t, path, unit)

	out, err := exec.Command(analyze, "verify", "--man=no", "--generators=no", path).CombinedOutput()
	if err != nil {
		t.Fatalf("systemd-analyze verify failed: %v\n%s", err, out)
	}
	// Unknown keys and bad values are only warnings to systemd; here they fail.
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "mediaflow.service") {
			t.Errorf("systemd-analyze: %s", line)
		}
	}
}

// readEnvExample returns the NAME=value lines of env.example, and the names
// that appear only in comments.
func readEnvExample(t *testing.T) (set map[string]string, mentioned string) {
	t.Helper()
	b, err := os.ReadFile("env.example")
	if err != nil {
		t.Fatal(err)
	}
	set = map[string]string{}
	assignment := regexp.MustCompile(`^([A-Z][A-Z0-9_]*)=(.*)$`)
	for n, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		m := assignment.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("env.example:%d: %q is neither a comment nor NAME=value", n+1, line)
		}
		if strings.ContainsAny(m[2], "\"'#") {
			t.Errorf("env.example:%d: %s has quotes or a trailing comment, which systemd keeps in the value", n+1, m[1])
		}
		set[m[1]] = m[2]
	}
	return set, string(b)
}

func TestEnvExampleDocumentsEverySetting(t *testing.T) {
	set, text := readEnvExample(t)
	for _, name := range []string{
		"APP_ENV", "DEBUG", "HOST", "PORT", "DATA_DIR", "DATABASE_URL", "DB_ECHO", "STORAGE_PATH",
		"MAX_UPLOAD_SIZE", "CORS_ORIGINS", "SECRET_KEY", "REDIS_URL", "REDIS_PREFIX", "PLATFORM_HOST",
		"TRUSTED_PROXIES", "TENANT_CACHE_TTL", "TENANT_NEGATIVE_CACHE_TTL", "TENANT_CHANGE_POLL_INTERVAL",
		"SHUTDOWN_TIMEOUT", "LOG_LEVEL",
	} {
		if _, ok := set[name]; !ok {
			t.Errorf("env.example has no %s= line", name)
		}
	}
	for _, legacy := range []string{"TENANT_ID", "TENANT_DOMAIN", "TENANT_PRIMARY_COLOR"} {
		if !strings.Contains(text, legacy) {
			t.Errorf("env.example does not explain v2.1's %s", legacy)
		}
		if _, ok := set[legacy]; ok {
			t.Errorf("env.example sets v2.1's %s; it should only be explained", legacy)
		}
	}
}

func TestEnvExampleIsAcceptedInProductionOnceTheSecretIsSet(t *testing.T) {
	set, _ := readEnvExample(t)
	lookup := func(secret string) func(string) (string, bool) {
		return func(name string) (string, bool) {
			if name == "SECRET_KEY" {
				return secret, true
			}
			v, ok := set[name]
			return v, ok
		}
	}

	if _, err := config.FromLookup(lookup("")); err == nil || !strings.Contains(err.Error(), "SECRET_KEY") {
		t.Errorf("without a SECRET_KEY the example should be refused naming SECRET_KEY; got %v", err)
	}

	cfg, err := config.FromLookup(lookup(strings.Repeat("0123456789abcdef", 4))) // as install.sh generates: 64 hex digits
	if err != nil {
		t.Fatalf("the example with a generated SECRET_KEY is refused: %v", err)
	}
	if !cfg.Production() || cfg.Addr() != "127.0.0.1:8080" || cfg.DatabaseDriver != "sqlite" {
		t.Errorf("env = %s, listen = %s, database = %s; want production on 127.0.0.1:8080 with SQLite", cfg.AppEnv, cfg.Addr(), cfg.DatabaseDriver)
	}
	if cfg.DatabaseDSN != "/var/lib/mediaflow/mediaflow.db" || cfg.StoragePath != "/var/lib/mediaflow/storage" {
		t.Errorf("database %s, storage %s; want both under /var/lib/mediaflow", cfg.DatabaseDSN, cfg.StoragePath)
	}
	trusted := fmt.Sprint(cfg.TrustedProxies)
	if !strings.Contains(trusted, "127.0.0.1/32") {
		t.Errorf("TRUSTED_PROXIES = %s, want nginx on 127.0.0.1 trusted", trusted)
	}
}

// The files are written separately but describe one installation; these
// values must agree between them.
func TestDeployFilesAgreeWithEachOther(t *testing.T) {
	set, _ := readEnvExample(t)
	u := parseUnit(t, unitPath)
	site := readText(t, "nginx/mediaflow.conf")
	proxy := readText(t, "nginx/mediaflow-proxy.conf")
	compose := readText(t, "container/compose.yaml")
	containerfile := readText(t, "container/Containerfile")

	if got := "server " + set["HOST"] + ":" + set["PORT"] + ";"; !strings.Contains(site, got) {
		t.Errorf("nginx upstream does not point at HOST:PORT of env.example (%s)", got)
	}
	if set["MAX_UPLOAD_SIZE"] != "50MB" || !strings.Contains(proxy, "client_max_body_size 50m;") {
		t.Errorf("MAX_UPLOAD_SIZE=%s and nginx's client_max_body_size must both be 50 MB", set["MAX_UPLOAD_SIZE"])
	}
	for _, dir := range []string{set["DATA_DIR"], set["STORAGE_PATH"]} {
		if !strings.HasPrefix(dir, u.get("Service", "ReadWritePaths")) {
			t.Errorf("%s is outside the unit's ReadWritePaths %s", dir, u.get("Service", "ReadWritePaths"))
		}
	}
	if set["DATA_DIR"] != u.get("Service", "WorkingDirectory") {
		t.Errorf("DATA_DIR %s differs from the unit's WorkingDirectory %s", set["DATA_DIR"], u.get("Service", "WorkingDirectory"))
	}
	shutdown, err1 := time.ParseDuration(set["SHUTDOWN_TIMEOUT"])
	stop, err2 := time.ParseDuration(u.get("Service", "TimeoutStopSec") + "s")
	if err1 != nil || err2 != nil || stop <= shutdown {
		t.Errorf("TimeoutStopSec (%s) must exceed SHUTDOWN_TIMEOUT (%s) so systemd never kills a graceful shutdown",
			u.get("Service", "TimeoutStopSec"), set["SHUTDOWN_TIMEOUT"])
	}
	for _, want := range []string{"ffmpeg", "espeak-ng", "ca-certificates", "curl", "USER mediaflow", "HEALTHCHECK", "CGO_ENABLED=0"} {
		if !strings.Contains(containerfile, want) {
			t.Errorf("Containerfile lacks %q", want)
		}
	}
	for _, want := range []string{"postgres:15", "redis:7", "mediaflow-1:", "mediaflow-2:", `["migrate", "up"]`, "service_completed_successfully"} {
		if !strings.Contains(compose, want) {
			t.Errorf("compose.yaml lacks %q", want)
		}
	}
}

func mustWriteMode(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}
