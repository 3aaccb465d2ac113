// Package database opens the SQL database (SQLite or PostgreSQL) through GORM
// and implements the stores the rest of the product declares.
package database

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Drivers the product runs on.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// Options says which database to open.
type Options struct {
	Driver string // DriverSQLite or DriverPostgres
	DSN    string // a file path for SQLite, a URL or key=value string for PostgreSQL
	Echo   bool   // log every statement
}

// Open connects to the database and checks that it answers.
func Open(ctx context.Context, o Options) (*gorm.DB, error) {
	level := logger.Warn
	if o.Echo {
		level = logger.Info
	}
	cfg := &gorm.Config{
		TranslateError: true,
		Logger: logger.New(log.New(os.Stderr, "", log.LstdFlags), logger.Config{
			SlowThreshold: 500 * time.Millisecond, LogLevel: level, IgnoreRecordNotFoundError: true,
		}),
		NowFunc: func() time.Time { return time.Now().UTC() },
	}
	var dialector gorm.Dialector
	switch o.Driver {
	case DriverSQLite:
		if err := os.MkdirAll(filepath.Dir(o.DSN), 0o750); err != nil && o.DSN != ":memory:" {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
		dialector = sqlite.Open(sqliteDSN(o.DSN))
	case DriverPostgres:
		dialector = postgres.Open(o.DSN)
	default:
		return nil, fmt.Errorf("unknown database driver %q", o.Driver)
	}
	db, err := gorm.Open(dialector, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", o.Driver, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", o.Driver, err)
	}
	if o.Driver == DriverPostgres {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("reach %s database: %w", o.Driver, err)
	}
	return db, nil
}

// sqliteDSN turns on foreign keys, write-ahead logging and a busy timeout, so
// several processes (the server and the CLI) can share one file.
func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)"
}

// Close releases the database's connections.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that the database answers.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}
