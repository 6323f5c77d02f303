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
	// The copy is created first, owner-only and empty (VACUUM INTO and pg_dump both write into
	// an empty file), so that it is never readable by others, not even for a moment.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	f.Close()
	if err := d.backup(ctx, path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

func (d *DB) backup(ctx context.Context, path string) error {
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
		// libpq refuses the search_path parameter pgx takes (the tests' DSNs carry it).
		conn, err := LibpqDSN(d.DSN)
		if err != nil {
			return fmt.Errorf("db: backup: %w", err)
		}
		cmd := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--file="+path, conn)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("db: backup with pg_dump: %w: %s", err, out)
		}
		return nil
	}
}
