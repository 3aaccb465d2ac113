package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(t *testing.T, vars map[string]string) func(string) (string, bool) {
	if _, ok := vars["DATA_DIR"]; !ok {
		vars["DATA_DIR"] = t.TempDir()
	}
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

func TestDatabaseURL(t *testing.T) {
	cases := []struct {
		name, in, driver, dsn string
	}{
		{"a postgres URL is kept", "postgres://u:p@db:5432/mf?sslmode=disable", "postgres", "postgres://u:p@db:5432/mf?sslmode=disable"},
		{"postgresql:// is accepted", "postgresql://u@db/mf", "postgres", "postgres://u@db/mf"},
		{"v2.1's asyncpg form is accepted", "postgresql+asyncpg://mediaflow:pw@localhost:5432/mediaflow", "postgres", "postgres://mediaflow:pw@localhost:5432/mediaflow"},
		{"a sqlite: relative path", "sqlite:data/x.db", "sqlite", "data/x.db"},
		{"a sqlite:// relative path", "sqlite://data/x.db", "sqlite", "data/x.db"},
		{"SQLAlchemy's sqlite:/// relative path", "sqlite:///./x.db", "sqlite", "./x.db"},
		{"SQLAlchemy's sqlite://// absolute path", "sqlite+aiosqlite:////var/lib/mf.db", "sqlite", "/var/lib/mf.db"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := FromLookup(env(t, map[string]string{"DATABASE_URL": tc.in}))
			if err != nil || c.DatabaseDriver != tc.driver || c.DatabaseDSN != tc.dsn {
				t.Fatalf("got %q %q, %v; want %q %q", c.DatabaseDriver, c.DatabaseDSN, err, tc.driver, tc.dsn)
			}
		})
	}
	t.Run("unset means a SQLite file in the data directory", func(t *testing.T) {
		c, err := FromLookup(env(t, map[string]string{"DATA_DIR": "/srv/mf"}))
		if err != nil || c.DatabaseDriver != "sqlite" || c.DatabaseDSN != "/srv/mf/mediaflow.db" {
			t.Fatalf("got %q %q, %v", c.DatabaseDriver, c.DatabaseDSN, err)
		}
	})
}

func TestWrongValuesNameTheVariable(t *testing.T) {
	cases := []struct {
		name, variable, value string
	}{
		{"a port that is not a number", "PORT", "eighty"},
		{"a port out of range", "PORT", "70000"},
		{"an unknown environment", "APP_ENV", "staging"},
		{"a boolean that is not one", "DEBUG", "sometimes"},
		{"an unsupported database", "DATABASE_URL", "mysql://x@y/z"},
		{"a database URL without a scheme", "DATABASE_URL", "just-a-name"},
		{"a postgres URL without a host", "DATABASE_URL", "postgres:///nohost"},
		{"a bad upload size", "MAX_UPLOAD_SIZE", "lots"},
		{"a redis URL of another scheme", "REDIS_URL", "http://redis:6379"},
		{"a bad duration", "TENANT_CACHE_TTL", "forever"},
		{"a bad trusted proxy", "TRUSTED_PROXIES", "10.0.0.0/8,not-an-ip"},
		{"CORS origins in broken JSON", "CORS_ORIGINS", `["http://a"`},
		{"a platform host with a path", "PLATFORM_HOST", "admin.example/x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FromLookup(env(t, map[string]string{tc.variable: tc.value}))
			var ce *Error
			if !errors.As(err, &ce) || ce.Var != tc.variable {
				t.Fatalf("err = %v, want one naming %s", err, tc.variable)
			}
		})
	}
}

func TestValues(t *testing.T) {
	c, err := FromLookup(env(t, map[string]string{
		"MAX_UPLOAD_SIZE": "50MB", "CORS_ORIGINS": `["https://a.cl","https://b.cl"]`, "TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
		"PLATFORM_HOST": "Admin.MediaFlow.cl.", "TENANT_NAME": "Mall Viejo", "DEBUG": "True",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxUploadSize != 50<<20 || len(c.CORSOrigins) != 2 || len(c.TrustedProxies) != 2 || c.PlatformHost != "admin.mediaflow.cl" {
		t.Fatalf("parsed %+v", c)
	}
	if c.LegacyTenant["TENANT_NAME"] != "Mall Viejo" || c.LogLevel != "debug" || c.Port != 8080 {
		t.Fatalf("parsed %+v", c)
	}
	c, _ = FromLookup(env(t, map[string]string{"CORS_ORIGINS": "https://a.cl, https://b.cl", "MAX_UPLOAD_SIZE": "1024"}))
	if len(c.CORSOrigins) != 2 || c.CORSOrigins[1] != "https://b.cl" || c.MaxUploadSize != 1024 {
		t.Fatalf("parsed %+v", c)
	}
}

func TestSecretKey(t *testing.T) {
	t.Run("production refuses a missing key", func(t *testing.T) {
		_, err := FromLookup(env(t, map[string]string{"APP_ENV": "production"}))
		if err == nil || !strings.Contains(err.Error(), "SECRET_KEY") {
			t.Fatalf("err = %v", err)
		}
	})
	for _, weak := range []string{"secret", "changeme-changeme-changeme-changeme", strings.Repeat("a", 40), "short-but-random-Xy7"} {
		t.Run("production refuses the weak key "+weak, func(t *testing.T) {
			_, err := FromLookup(env(t, map[string]string{"APP_ENV": "production", "SECRET_KEY": weak}))
			if err == nil || !strings.Contains(err.Error(), "SECRET_KEY") {
				t.Fatalf("err = %v", err)
			}
		})
	}
	t.Run("production accepts a strong key", func(t *testing.T) {
		c, err := FromLookup(env(t, map[string]string{"APP_ENV": "production", "SECRET_KEY": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}))
		if err != nil || c.SecretKey == "" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("development generates a key once and keeps it", func(t *testing.T) {
		dir := t.TempDir()
		c1, err := FromLookup(env(t, map[string]string{"DATA_DIR": dir}))
		if err != nil || len(c1.SecretKey) < 32 {
			t.Fatalf("first key %q, %v", c1.SecretKey, err)
		}
		c2, _ := FromLookup(env(t, map[string]string{"DATA_DIR": dir}))
		if c2.SecretKey != c1.SecretKey {
			t.Fatal("the generated key changed between starts")
		}
		if st, err := os.Stat(filepath.Join(dir, "secret_key")); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("kept key file: %v %v", st, err)
		}
	})
}

func TestEnvFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	path := filepath.Join(dir, ".env")
	os.WriteFile(path, []byte("MF_TEST_ONLY_VAR=from-file\n"), 0o600)
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("MF_TEST_ONLY_VAR") != "from-file" {
		t.Fatal(".env was not read")
	}
	os.Unsetenv("MF_TEST_ONLY_VAR")
	if _, err := Load(filepath.Join(dir, "missing.env")); err != nil {
		t.Fatalf("a missing .env should be fine: %v", err)
	}
}
