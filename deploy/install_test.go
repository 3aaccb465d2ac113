package deploy

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The system paths install.sh writes to. Dry runs must leave them as they were.
var installTargets = []string{
	"/usr/local/bin/mediaflow", "/etc/mediaflow", "/etc/mediaflow/mediaflow.env", "/var/lib/mediaflow",
	"/etc/systemd/system/mediaflow.service", "/etc/nginx/sites-available/mediaflow.conf",
	"/etc/nginx/sites-enabled/mediaflow.conf", "/etc/nginx/snippets/mediaflow-proxy.conf",
	"/etc/nginx/mediaflow-hosts", "/etc/ssl/mediaflow", "/var/www/mediaflow-acme",
}

var secretLine = regexp.MustCompile(`(?m)^SECRET_KEY=([0-9a-f]{64})$`)

func TestInstallScriptParses(t *testing.T) {
	out, err := exec.Command(requireBash(t), "-n", "install.sh").CombinedOutput()
	if err != nil {
		t.Fatalf("bash -n install.sh: %v\n%s", err, out)
	}
}

func TestInstallScriptRefusesToRunWithoutRoot(t *testing.T) {
	stub := stubBinary(t, sharedTempDir(t), "1.0.0")
	out, err := asUnprivileged(t, "./install.sh", "--binary", stub).CombinedOutput()
	if err == nil {
		t.Fatalf("install.sh ran without root; output:\n%s", out)
	}
	if !strings.Contains(string(out), "must run as root") {
		t.Errorf("install.sh failed without saying it needs root:\n%s", out)
	}
}

func TestInstallScriptDryRunChangesNothing(t *testing.T) {
	stub := stubBinary(t, sharedTempDir(t), "1.0.0")
	before := snapshot(installTargets)
	out, err := asUnprivileged(t, "./install.sh", "--dry-run", "--binary", stub).CombinedOutput()
	if err != nil {
		t.Fatalf("install.sh --dry-run: %v\n%s", err, out)
	}
	for _, step := range []string{
		"dry run: nothing will be changed", "installing mediaflow 1.0.0", "==> system packages", "==> service user mediaflow",
		"==> directories", "==> binary /usr/local/bin/mediaflow", "==> settings /etc/mediaflow/mediaflow.env",
		"==> systemd unit", "==> nginx site", "==> service mediaflow",
	} {
		if !strings.Contains(string(out), step) {
			t.Errorf("dry run output lacks %q:\n%s", step, out)
		}
	}
	if after := snapshot(installTargets); after != before {
		t.Errorf("the dry run changed the system:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// The installer runs for real inside a sandbox: every destination path
// points into a temporary directory, and the commands that would touch the
// host (apt-get, systemctl, nginx, useradd) are stand-ins that record their
// arguments and remember state.
func TestInstallScriptInSandbox(t *testing.T) {
	sb := newSandbox(t)
	health := startHealthServer(t)

	t.Run("first run installs everything and creates the settings with a new secret", func(t *testing.T) {
		out := sb.run(t, "--binary", sb.binary("1.0.0"), "--no-start")
		calls := sb.calls(t)
		for _, want := range []string{
			"apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends ffmpeg espeak-ng ca-certificates openssl nginx",
			"systemctl daemon-reload", "systemctl enable mediaflow.service", "nginx -t", "systemctl enable --now nginx",
		} {
			if !strings.Contains(calls, want+"\n") {
				t.Errorf("no call %q; calls:\n%s\noutput:\n%s", want, calls, out)
			}
		}
		if strings.Contains(calls, "useradd") || strings.Contains(calls, "systemctl start") {
			t.Errorf("unexpected useradd or start (--no-start):\n%s", calls)
		}
		sb.checkFile(t, "usr/local/bin/mediaflow", sb.binary("1.0.0"), 0o755)
		sb.checkFile(t, "etc/systemd/system/mediaflow.service", "systemd/mediaflow.service", 0o644)
		sb.checkFile(t, "etc/nginx/sites-available/mediaflow.conf", "nginx/mediaflow.conf", 0o644)
		sb.checkFile(t, "etc/nginx/snippets/mediaflow-proxy.conf", "nginx/mediaflow-proxy.conf", 0o644)
		sb.checkFile(t, "etc/nginx/mediaflow-hosts/custom-domain.conf.example", "nginx/custom-domain.conf.example", 0o644)
		if target, err := os.Readlink(sb.path("etc/nginx/sites-enabled/mediaflow.conf")); err != nil || target != sb.path("etc/nginx/sites-available/mediaflow.conf") {
			t.Errorf("sites-enabled link -> %q (%v), want the installed site", target, err)
		}
		if _, err := os.Lstat(sb.path("etc/nginx/sites-enabled/default")); !os.IsNotExist(err) {
			t.Errorf("the default site is still enabled (%v)", err)
		}
		for _, f := range []string{"etc/ssl/mediaflow/fullchain.pem", "etc/ssl/mediaflow/privkey.pem"} {
			if _, err := os.Stat(sb.path(f)); err != nil {
				t.Errorf("no placeholder certificate: %v", err)
			}
		}
		if mode := fileMode(t, sb.path("etc/ssl/mediaflow/privkey.pem")); mode != 0o600 {
			t.Errorf("placeholder key mode %o, want 600", mode)
		}

		env := sb.read(t, "etc/mediaflow/mediaflow.env")
		if mode := fileMode(t, sb.path("etc/mediaflow/mediaflow.env")); mode != 0o640 {
			t.Errorf("settings file mode %o, want 640", mode)
		}
		if !secretLine.MatchString(env) {
			t.Fatalf("settings file has no generated 64-hex-digit SECRET_KEY")
		}
		example := readText(t, "env.example")
		if got := secretLine.ReplaceAllString(env, "SECRET_KEY="); got != example {
			t.Errorf("settings file differs from env.example in more than SECRET_KEY")
		}
	})
	firstSecret := secretLine.FindString(sb.read(t, "etc/mediaflow/mediaflow.env"))

	// Point the health check at a stand-in server for the start.
	sb.setEnv(t, "PORT", health.port)

	t.Run("second run changes nothing, starts the service and waits for it", func(t *testing.T) {
		before := sb.snapshot()
		sb.run(t, "--binary", sb.binary("1.0.0"))
		if after := sb.snapshot(); after != before {
			t.Errorf("the second run rewrote installed files:\nbefore:\n%s\nafter:\n%s", before, after)
		}
		calls := sb.calls(t)
		for _, unwanted := range []string{"apt-get", "daemon-reload", "systemctl reload nginx", "systemctl enable"} {
			if strings.Contains(calls, unwanted) {
				t.Errorf("second run did %q again:\n%s", unwanted, calls)
			}
		}
		if !strings.Contains(calls, "systemctl start mediaflow.service\n") {
			t.Errorf("the stopped service was not started:\n%s", calls)
		}
		if health.hits.Load() == 0 {
			t.Error("the installer did not wait for /healthz")
		}
		if got := secretLine.FindString(sb.read(t, "etc/mediaflow/mediaflow.env")); got != firstSecret {
			t.Error("the second run replaced SECRET_KEY")
		}
	})

	t.Run("a run with nothing new leaves the running service alone", func(t *testing.T) {
		before := sb.snapshot()
		out := sb.run(t, "--binary", sb.binary("1.0.0"))
		if after := sb.snapshot(); after != before {
			t.Errorf("the run rewrote installed files:\nbefore:\n%s\nafter:\n%s", before, after)
		}
		if calls := sb.calls(t); strings.Contains(calls, "systemctl start") || strings.Contains(calls, "systemctl restart") {
			t.Errorf("the service was restarted although nothing changed:\n%s", calls)
		}
		if !strings.Contains(out, "running, nothing changed") {
			t.Errorf("output does not say nothing changed:\n%s", out)
		}
	})

	t.Run("a new binary is installed and the service restarted", func(t *testing.T) {
		sb.run(t, "--binary", sb.binary("1.1.0"))
		if calls := sb.calls(t); !strings.Contains(calls, "systemctl restart mediaflow.service\n") {
			t.Errorf("no restart after a new binary:\n%s", calls)
		}
		sb.checkFile(t, "usr/local/bin/mediaflow", sb.binary("1.1.0"), 0o755)
	})

	t.Run("a dry run in a fresh sandbox only reads", func(t *testing.T) {
		fresh := newSandbox(t)
		out := fresh.run(t, "--dry-run", "--binary", fresh.binary("1.0.0"))
		calls := fresh.calls(t)
		for _, line := range strings.Split(strings.TrimSpace(calls), "\n") {
			if line != "" && !strings.HasPrefix(line, "systemctl is-") {
				t.Errorf("dry run called %q", line)
			}
		}
		for _, f := range []string{"usr/local/bin/mediaflow", "etc/mediaflow", "var/lib/mediaflow", "etc/ssl/mediaflow"} {
			if _, err := os.Lstat(fresh.path(f)); !os.IsNotExist(err) {
				t.Errorf("dry run created %s", f)
			}
		}
		if !strings.Contains(out, "would run: apt-get") || !strings.Contains(out, "would create it from env.example") {
			t.Errorf("dry run does not describe the package install and the settings file:\n%s", out)
		}
	})
}

func TestInstallScriptNeverReplacesAnExistingSecret(t *testing.T) {
	const kept = "SECRET_KEY=f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed\n"
	cases := []struct {
		name, before string
		keep         bool
	}{
		{"an existing key is kept byte for byte", "APP_ENV=production\n" + kept + "PORT=9000\n", true},
		{"an empty key is filled in place", "APP_ENV=production\nSECRET_KEY=\nPORT=9000\n", false},
		{"a quoted empty key is filled", "APP_ENV=production\nSECRET_KEY=\"\"\nPORT=9000\n", false},
		{"a missing key is appended", "APP_ENV=production\nPORT=9000\n", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := newSandbox(t)
			mustMkdir(t, sb.path("etc/mediaflow"))
			mustWrite(t, sb.path("etc/mediaflow/mediaflow.env"), tc.before)
			sb.runFunction(t, "ensure_env_file")
			after := sb.read(t, "etc/mediaflow/mediaflow.env")
			if tc.keep {
				if after != tc.before {
					t.Errorf("settings changed:\n%s", after)
				}
				return
			}
			if n := len(secretLine.FindAllString(after, -1)); n != 1 {
				t.Fatalf("%d generated SECRET_KEY lines, want 1:\n%s", n, after)
			}
			if !strings.Contains(after, "APP_ENV=production\n") || !strings.Contains(after, "PORT=9000\n") {
				t.Errorf("other settings were lost:\n%s", after)
			}
		})
	}
}

// --- sandbox -----------------------------------------------------------------

type sandbox struct {
	root  string // stands for /
	state string // what the stand-in commands remember
	bin   string // stand-in commands, first on PATH
	bash  string
}

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	base := t.TempDir()
	sb := &sandbox{root: filepath.Join(base, "root"), state: filepath.Join(base, "state"), bin: filepath.Join(base, "bin"), bash: requireBash(t)}
	// Directories a Debian host with nginx already has.
	for _, d := range []string{"usr/local/bin", "etc/systemd/system", "etc/nginx/sites-available", "etc/nginx/sites-enabled", "etc/nginx/snippets"} {
		mustMkdir(t, sb.path(d))
	}
	if err := os.Symlink("../sites-available/default", sb.path("etc/nginx/sites-enabled/default")); err != nil {
		t.Fatal(err)
	}
	mustMkdir(t, sb.state)
	mustMkdir(t, sb.bin)
	log := `echo "$(basename "$0") $*" >>"$STATE/calls.log"` + "\n"
	stubs := map[string]string{
		"apt-get": log + `if [[ " $* " == *" install "* ]]; then
    for a in "$@"; do [[ $a == -* || $a == install || $a == DPkg* ]] || touch "$STATE/pkg-$a"; done
fi`,
		"dpkg-query": `[[ -e "$STATE/pkg-${!#}" ]] && printf 'install ok installed'; exit 0`,
		"systemctl": log + `unit=${!#}
case $1 in
    is-active) [[ -e "$STATE/active-$unit" ]] ;;
    is-enabled) [[ -e "$STATE/enabled-$unit" ]] ;;
    enable) touch "$STATE/enabled-$unit"; [[ $2 == --now ]] && touch "$STATE/active-$unit"; true ;;
    start | restart) touch "$STATE/active-$unit" ;;
esac`,
		"nginx":   log,
		"useradd": log,
	}
	for name, body := range stubs {
		mustWriteMode(t, filepath.Join(sb.bin, name), "#!/bin/bash\nset -u\n"+body+"\n", 0o755)
	}
	return sb
}

func (sb *sandbox) path(rel string) string { return filepath.Join(sb.root, rel) }

// snapshot describes every file the installer writes in the sandbox.
func (sb *sandbox) snapshot() string {
	var paths []string
	for _, rel := range []string{
		"usr/local/bin/mediaflow", "etc/mediaflow/mediaflow.env", "etc/systemd/system/mediaflow.service",
		"etc/nginx/sites-available/mediaflow.conf", "etc/nginx/sites-enabled/mediaflow.conf",
		"etc/nginx/snippets/mediaflow-proxy.conf", "etc/nginx/mediaflow-hosts/custom-domain.conf.example",
		"etc/ssl/mediaflow/fullchain.pem", "etc/ssl/mediaflow/privkey.pem",
	} {
		paths = append(paths, sb.path(rel))
	}
	return snapshot(paths)
}

// binary returns a stand-in mediaflow binary reporting version.
func (sb *sandbox) binary(version string) string {
	dir := filepath.Join(filepath.Dir(sb.root), "build-"+version)
	path := filepath.Join(dir, "mediaflow")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(path, []byte("#!/bin/sh\necho mediaflow "+version+"\n"), 0o755)
	return path
}

// script sources install.sh and points every destination into the sandbox.
func (sb *sandbox) script(t *testing.T, call string) string {
	t.Helper()
	self, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	group, err := user.LookupGroupId(self.Gid)
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs("install.sh")
	if err != nil {
		t.Fatal(err)
	}
	r := sb.root
	return fmt.Sprintf(`set -euo pipefail
source %q
REQUIRE_ROOT=0
BIN_PATH=%[2]s/usr/local/bin/mediaflow
ETC_DIR=%[2]s/etc/mediaflow
ENV_FILE=%[2]s/etc/mediaflow/mediaflow.env
DATA_DIR=%[2]s/var/lib/mediaflow
UNIT_PATH=%[2]s/etc/systemd/system/mediaflow.service
NGINX_SITE=%[2]s/etc/nginx/sites-available/mediaflow.conf
NGINX_LINK=%[2]s/etc/nginx/sites-enabled/mediaflow.conf
NGINX_DEFAULT_LINK=%[2]s/etc/nginx/sites-enabled/default
NGINX_SNIPPET=%[2]s/etc/nginx/snippets/mediaflow-proxy.conf
NGINX_HOSTS_DIR=%[2]s/etc/nginx/mediaflow-hosts
CERT_DIR=%[2]s/etc/ssl/mediaflow
ACME_ROOT=%[2]s/var/www/mediaflow-acme
SERVICE_USER=%[3]s
SERVICE_GROUP=%[4]s
ROOT_OWNER=%[3]s
ROOT_GROUP=%[4]s
%[5]s
`, abs, r, self.Username, group.Name, call)
}

func (sb *sandbox) exec(t *testing.T, script string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_ = os.Remove(filepath.Join(sb.state, "calls.log"))
	cmd := exec.CommandContext(ctx, sb.bash, append([]string{"-c", script, "install.sh"}, args...)...)
	cmd.Env = append(os.Environ(), "PATH="+sb.bin+":"+os.Getenv("PATH"), "STATE="+sb.state)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("install.sh %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// run runs the whole installer with args.
func (sb *sandbox) run(t *testing.T, args ...string) string {
	t.Helper()
	return sb.exec(t, sb.script(t, `main "$@"`), args...)
}

// runFunction runs one step of the installer.
func (sb *sandbox) runFunction(t *testing.T, name string) string {
	t.Helper()
	return sb.exec(t, sb.script(t, name))
}

// calls returns the stand-in commands the last run invoked, one a line.
func (sb *sandbox) calls(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sb.state, "calls.log"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

func (sb *sandbox) read(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(sb.path(rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (sb *sandbox) setEnv(t *testing.T, name, value string) {
	t.Helper()
	env := sb.read(t, "etc/mediaflow/mediaflow.env")
	re := regexp.MustCompile(`(?m)^` + name + `=.*$`)
	if !re.MatchString(env) {
		t.Fatalf("settings file has no %s line", name)
	}
	mustWriteMode(t, sb.path("etc/mediaflow/mediaflow.env"), re.ReplaceAllString(env, name+"="+value), 0o640)
}

// checkFile compares an installed file with its source and checks its mode.
func (sb *sandbox) checkFile(t *testing.T, rel, source string, mode os.FileMode) {
	t.Helper()
	got, err := os.ReadFile(sb.path(rel))
	if err != nil {
		t.Errorf("not installed: %v", err)
		return
	}
	want, err := os.ReadFile(source)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s", rel, source)
	}
	if m := fileMode(t, sb.path(rel)); m != mode {
		t.Errorf("%s has mode %o, want %o", rel, m, mode)
	}
}

// --- helpers ------------------------------------------------------------------

type healthServer struct {
	port string
	hits atomic.Int64
}

func startHealthServer(t *testing.T) *healthServer {
	t.Helper()
	h := &healthServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		h.hits.Add(1)
		fmt.Fprintln(w, `{"status":"ok"}`)
	}))
	t.Cleanup(srv.Close)
	_, h.port, _ = net.SplitHostPort(srv.Listener.Addr().String())
	return h
}

func requireBash(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal("bash is required by this test and is not installed")
	}
	return p
}

// sharedTempDir is a temporary directory that every user may read, for
// files the unprivileged runs need.
func sharedTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "mediaflow-install-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// stubBinary writes a stand-in mediaflow binary that everyone may run.
func stubBinary(t *testing.T, dir, version string) string {
	t.Helper()
	path := filepath.Join(dir, "mediaflow")
	mustWriteMode(t, path, "#!/bin/sh\necho mediaflow "+version+"\n", 0o755)
	return path
}

// asUnprivileged runs a command as the current user, or as nobody when the
// tests run as root.
func asUnprivileged(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	if os.Geteuid() != 0 {
		return exec.Command(name, args...)
	}
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		t.Fatal("runuser (util-linux) is required to run this test as root")
	}
	// nobody must be able to reach the script: its directory may sit under a
	// home directory it cannot enter, so it runs from a readable copy.
	dir := sharedTempDir(t)
	copyTree(t, ".", dir, "install.sh", "env.example", "systemd/mediaflow.service", "nginx/mediaflow.conf",
		"nginx/mediaflow-proxy.conf", "nginx/custom-domain.conf.example")
	cmd := exec.Command(runuser, append([]string{"-u", "nobody", "--", filepath.Join(dir, name)}, args...)...)
	cmd.Dir = dir
	return cmd
}

func copyTree(t *testing.T, from, to string, files ...string) {
	t.Helper()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(from, f))
		if err != nil {
			t.Fatal(err)
		}
		mustMkdir(t, filepath.Dir(filepath.Join(to, f)))
		info, err := os.Stat(filepath.Join(from, f))
		if err != nil {
			t.Fatal(err)
		}
		mustWriteMode(t, filepath.Join(to, f), string(b), info.Mode().Perm()|0o444)
	}
}

// snapshot describes each path: missing, or its type, mode, size and time.
func snapshot(paths []string) string {
	var b strings.Builder
	for _, p := range paths {
		info, err := os.Lstat(p)
		if err != nil {
			fmt.Fprintf(&b, "%s: missing\n", p)
			continue
		}
		fmt.Fprintf(&b, "%s: %s %d %s\n", p, info.Mode(), info.Size(), info.ModTime().Format(time.RFC3339Nano))
	}
	return b.String()
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}
