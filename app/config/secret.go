package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// minSecretLength is the shortest SECRET_KEY production accepts.
const minSecretLength = 32

// weakSecrets are values seen in examples and v2.1's templates.
var weakSecrets = []string{"secret", "changeme", "change-me", "your-secret-key", "your-secret-key-here", "mediaflow", "development", "password"}

// secret returns SECRET_KEY. Production refuses a missing or weak key;
// elsewhere a missing key is generated once and kept in the data directory
// so sessions survive restarts.
func (r *reader) secret(env, dataDir string) string {
	const name = "SECRET_KEY"
	v := r.str(name, "")
	if v != "" {
		if env == EnvProduction && weakSecret(v) {
			r.fail(name, "is too weak for production: use at least 32 random characters (for example: openssl rand -hex 32)")
		}
		return v
	}
	if env == EnvProduction {
		r.fail(name, "is required in production: set at least 32 random characters (for example: openssl rand -hex 32)")
		return ""
	}
	key, err := keptSecret(filepath.Join(dataDir, "secret_key"))
	if err != nil {
		r.fail(name, "is unset and a development key could not be kept in "+dataDir+": "+err.Error())
	}
	return key
}

func weakSecret(v string) bool {
	if len(v) < minSecretLength {
		return true
	}
	lower := strings.ToLower(v)
	for _, w := range weakSecrets {
		if strings.Contains(lower, w) && len(lower) < len(w)+minSecretLength {
			return true
		}
	}
	distinct := map[rune]bool{}
	for _, c := range v {
		distinct[c] = true
	}
	return len(distinct) < 8
}

func keptSecret(path string) (string, error) {
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= minSecretLength {
		return strings.TrimSpace(string(b)), nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	key := hex.EncodeToString(b)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(key+"\n"), 0o600); err != nil {
		return "", err
	}
	return key, os.Rename(tmp, path)
}
