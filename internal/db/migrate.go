package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Each engine has its own folder of migrations, numbered NNNN_name.sql and applied in order.
// The two folders must describe the same tables and columns (a test checks it).
//
//go:embed migrations
var migrationFS embed.FS

// Migration is one schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
	Applied bool
}

func (d *DB) migrations() ([]Migration, error) {
	dir := path.Join("migrations", string(d.Engine))
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("db: read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, rest, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("db: migration %s: name must be NNNN_name.sql", name)
		}
		b, err := fs.ReadFile(migrationFS, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: rest, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i := 1; i < len(ms); i++ {
		if ms[i].Version == ms[i-1].Version {
			return nil, fmt.Errorf("db: two migrations numbered %d", ms[i].Version)
		}
	}
	return ms, nil
}

func (d *DB) ensureMigrationTable(ctx context.Context) error {
	_, err := d.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
	return err
}

// MigrationStatus lists every known migration with whether it is applied.
func (d *DB) MigrationStatus(ctx context.Context) ([]Migration, error) {
	ms, err := d.migrations()
	if err != nil {
		return nil, err
	}
	if err := d.ensureMigrationTable(ctx); err != nil {
		return nil, fmt.Errorf("db: migration table: %w", err)
	}
	rows, err := d.Query(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("db: read applied migrations: %w", err)
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range ms {
		ms[i].Applied = applied[ms[i].Version]
	}
	return ms, nil
}

// UpToDate reports whether every embedded migration has been applied.
func (d *DB) UpToDate(ctx context.Context) (bool, int, error) {
	ms, err := d.MigrationStatus(ctx)
	if err != nil {
		return false, 0, err
	}
	pending := 0
	for _, m := range ms {
		if !m.Applied {
			pending++
		}
	}
	return pending == 0, pending, nil
}

// Migrate applies the pending migrations, each in its own transaction, and returns how many ran.
func (d *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := d.MigrationStatus(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range ms {
		if m.Applied {
			continue
		}
		err := d.Tx(ctx, func(tx *Tx) error {
			for _, stmt := range splitStatements(m.SQL) {
				if _, err := tx.Exec(ctx, stmt); err != nil {
					return fmt.Errorf("%w\n%s", err, stmt)
				}
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, tx.Now.Format(timeLayout))
			return err
		})
		if err != nil {
			return n, fmt.Errorf("db: migration %04d_%s: %w", m.Version, m.Name, err)
		}
		n++
	}
	return n, nil
}

// splitStatements cuts a migration at semicolons that end a line. Migrations keep to plain DDL
// (no procedural bodies), so this is enough and works the same on both engines.
func splitStatements(src string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// Column is one column of a table, for comparing the engines' schemas.
type Column struct{ Table, Name string }

// Columns lists the columns of every application table.
func (d *DB) Columns(ctx context.Context) ([]Column, error) {
	var q string
	switch d.Engine {
	case SQLite:
		q = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2`
	default:
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY 1, 2`
	}
	rows, err := d.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cs []Column
	for rows.Next() {
		var c Column
		if err := rows.Scan(&c.Table, &c.Name); err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, rows.Err()
}
