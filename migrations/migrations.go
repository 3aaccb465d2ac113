// Package migrations holds the database schema as an append-only list of
// gormigrate steps. Each step declares the table shapes as they were when it
// was written and never imports today's models, so old steps keep meaning the
// same thing forever.
package migrations

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// tableName is where applied migration IDs are recorded.
const tableName = "schema_migrations"

// All returns every migration in the order it must run. Append only.
func All() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		createTenants(),
		createAccounts(),
		createStudio(),
		createOnAir(),
	}
}

func newMigrator(db *gorm.DB, steps []*gormigrate.Migration) *gormigrate.Gormigrate {
	return gormigrate.New(db, &gormigrate.Options{
		TableName:      tableName,
		IDColumnName:   "id",
		IDColumnSize:   190,
		UseTransaction: true,
	}, steps)
}

// lockKey is the PostgreSQL advisory lock that serialises migrations when
// several replicas start at once.
const lockKey = 727_300_001

// Up applies every pending migration. On PostgreSQL it holds an advisory
// lock meanwhile, so replicas starting together migrate one after another;
// SQLite's own write lock does the same for a single file.
func Up(ctx context.Context, db *gorm.DB) error {
	return withLock(ctx, db, func(db *gorm.DB) error {
		if err := newMigrator(db, All()).Migrate(); err != nil {
			return fmt.Errorf("apply migrations: %w", err)
		}
		return nil
	})
}

func withLock(ctx context.Context, db *gorm.DB, fn func(*gorm.DB) error) error {
	if db.Dialector.Name() != "postgres" {
		return fn(db.WithContext(ctx))
	}
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx) // advisory locks belong to one session
	if err != nil {
		return fmt.Errorf("lock migrations: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return fmt.Errorf("lock migrations: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey)
	return fn(db.WithContext(ctx))
}

// UpTo applies the migrations up to and including id.
func UpTo(ctx context.Context, db *gorm.DB, id string) error {
	if err := newMigrator(db.WithContext(ctx), All()).MigrateTo(id); err != nil {
		return fmt.Errorf("apply migrations up to %s: %w", id, err)
	}
	return nil
}

// Down rolls back the last applied migration. It returns the ID it rolled
// back, or "" when nothing was applied.
func Down(ctx context.Context, db *gorm.DB) (string, error) {
	applied, err := Applied(ctx, db)
	if err != nil || len(applied) == 0 {
		return "", err
	}
	if err := newMigrator(db.WithContext(ctx), All()).RollbackLast(); err != nil {
		if errors.Is(err, gormigrate.ErrNoRunMigration) {
			return "", nil
		}
		return "", fmt.Errorf("roll back migration: %w", err)
	}
	last := ""
	for _, m := range All() {
		if applied[m.ID] {
			last = m.ID
		}
	}
	return last, nil
}

// Applied returns the set of applied migration IDs. A database that was
// never migrated has none.
func Applied(ctx context.Context, db *gorm.DB) (map[string]bool, error) {
	db = db.WithContext(ctx)
	applied := map[string]bool{}
	if !db.Migrator().HasTable(tableName) {
		return applied, nil
	}
	var ids []string
	if err := db.Table(tableName).Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	for _, id := range ids {
		applied[id] = true
	}
	return applied, nil
}

// Status describes one migration.
type Status struct {
	ID      string
	Applied bool
}

// List returns every known migration with whether it has been applied.
func List(ctx context.Context, db *gorm.DB) ([]Status, error) {
	applied, err := Applied(ctx, db)
	if err != nil {
		return nil, err
	}
	out := make([]Status, 0, len(All()))
	for _, m := range All() {
		out = append(out, Status{ID: m.ID, Applied: applied[m.ID]})
	}
	return out, nil
}

// Pending returns the IDs of the migrations not yet applied.
func Pending(ctx context.Context, db *gorm.DB) ([]string, error) {
	list, err := List(ctx, db)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, s := range list {
		if !s.Applied {
			ids = append(ids, s.ID)
		}
	}
	return ids, nil
}
