package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// database parses DATABASE_URL. It accepts postgres:// and postgresql://
// URLs, v2.1's SQLAlchemy forms (postgresql+asyncpg://, sqlite+aiosqlite://),
// and sqlite: paths. Unset means a SQLite file under the data directory.
func (r *reader) database(dataDir string) (driver, dsn string) {
	const name = "DATABASE_URL"
	raw := r.str(name, "")
	if raw == "" {
		return "sqlite", filepath.Join(dataDir, "mediaflow.db")
	}
	scheme, rest, ok := strings.Cut(raw, ":")
	if !ok {
		r.fail(name, "must be a postgres:// URL or a sqlite: path")
		return "", ""
	}
	base, _, _ := strings.Cut(strings.ToLower(scheme), "+") // drop SQLAlchemy's driver suffix
	switch base {
	case "postgres", "postgresql":
		u, err := url.Parse("postgres:" + rest)
		if err != nil || u.Host == "" {
			r.fail(name, "must be a URL such as postgres://user:password@host:5432/mediaflow")
			return "", ""
		}
		return "postgres", u.String()
	case "sqlite":
		path := strings.TrimPrefix(rest, "//")
		if strings.HasPrefix(path, "/") && strings.HasPrefix(rest, "///") {
			path = rest[3:] // sqlite:///relative/path as SQLAlchemy writes it
			if strings.HasPrefix(path, "/") {
				path = "/" + strings.TrimLeft(path, "/")
			}
		}
		if path == "" {
			r.fail(name, "sqlite: needs a file path, such as sqlite:data/mediaflow.db")
			return "", ""
		}
		return "sqlite", path
	default:
		r.fail(name, fmt.Sprintf("has an unsupported scheme %q; use postgres:// or sqlite:", scheme))
		return "", ""
	}
}
