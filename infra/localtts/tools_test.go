package localtts

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// The real engines are product dependencies: a test that needs one
// installs it, and fails with a clear message when it cannot.
var (
	espeakOnce, picoOnce sync.Once
	espeakErr, picoErr   error
)

// requireEspeak makes sure espeak-ng is installed, from Debian's main
// component, and returns its path.
func requireEspeak(t *testing.T) string {
	t.Helper()
	espeakOnce.Do(func() {
		if _, err := exec.LookPath("espeak-ng"); err != nil {
			espeakErr = aptInstall("espeak-ng")
		}
	})
	path, err := exec.LookPath("espeak-ng")
	if espeakErr != nil || err != nil {
		t.Fatalf("espeak-ng is required (Debian package espeak-ng; scripts/install-deps.sh installs it) and could not be installed: %v %v", espeakErr, err)
	}
	return path
}

// requirePico makes sure pico2wave is installed, with the project's own
// script (contrib/non-free through a private sources list), and returns
// its path.
func requirePico(t *testing.T) string {
	t.Helper()
	picoOnce.Do(func() {
		if _, err := exec.LookPath("pico2wave"); err != nil {
			picoErr = runLogged(exec.Command("bash", filepath.Join("..", "..", "scripts", "install-better-voices.sh")))
		}
	})
	path, err := exec.LookPath("pico2wave")
	if picoErr != nil || err != nil {
		t.Fatalf("pico2wave is required (scripts/install-better-voices.sh installs libttspico-utils) and could not be installed: %v %v", picoErr, err)
	}
	return path
}

// aptInstall installs a Debian package. apt waits for a held dpkg lock by
// itself (DPkg::Lock::Timeout); a failed try refreshes the package lists
// and tries again.
func aptInstall(pkg string) error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("not root; run: apt-get install -y --no-install-recommends %s", pkg)
	}
	lock := []string{"-o", "DPkg::Lock::Timeout=300", "-o", "Acquire::Retries=3"}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		install := exec.Command("apt-get", append(lock, "install", "-y", "-q", "--no-install-recommends", pkg)...)
		if err = runLogged(install); err == nil {
			return nil
		}
		runLogged(exec.Command("apt-get", append(lock, "update", "-q")...))
	}
	return err
}

func runLogged(cmd *exec.Cmd) error {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if err := cmd.Run(); err != nil {
		return errors.Join(err, fmt.Errorf("%s", lastLines(out.String(), 5)))
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(s)), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte(" | ")))
}

// standIn writes an executable shell script that plays an engine, and
// returns its path.
func standIn(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}
