package db

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Backup writes a consistent copy of the database to path while it is in use. On SQLite it uses
// VACUUM INTO (a snapshot under a read transaction); on PostgreSQL it runs pg_dump.
func (d *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("db: backup: %s already exists", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	switch d.Engine {
	case SQLite:
		if strings.ContainsRune(path, '\'') {
			return fmt.Errorf("db: backup: path may not contain a quote")
		}
		if _, err := d.read.ExecContext(ctx, "VACUUM INTO '"+path+"'"); err != nil {
			return fmt.Errorf("db: backup: %w", err)
		}
		return nil
	default:
		cmd := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--file="+path, d.DSN)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("db: backup with pg_dump: %w: %s", err, out)
		}
		return nil
	}
}
