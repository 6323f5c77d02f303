package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"xaso/internal/db"
)

// runRestore is `xaso restore --from FILE`: a copy written by `xaso backup` put in place as the
// configured database (SQLite: the data directory's file; PostgreSQL: pg_restore into the
// configured, empty database). The server must be stopped first. The keys are not in the copy
// (they are kept apart from the backups): the command says where they must be put back.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	flags := newFlagSet("restore", stdout)
	var df dataFlags
	df.register(flags, getenv)
	from := flags.String("from", "", "copy written by `xaso backup` (a SQLite file, or a pg_dump archive on PostgreSQL)")
	force := flags.Bool("force", false, "replace a database that already holds tables")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return errors.New("restore: --from FILE is required")
	}
	if err := os.MkdirAll(df.dataDir, 0o750); err != nil {
		return fmt.Errorf("restore: data dir: %w", err)
	}
	if err := db.Restore(ctx, df.DSN(), absPath(*from), db.RestoreOptions{Force: *force}); err != nil {
		if errors.Is(err, db.ErrNotEmpty) {
			return fmt.Errorf("cơ sở dữ liệu đích đã có dữ liệu, không ghi đè (the target database is not empty; stop the server and give --force to replace it): %w", err)
		}
		return err
	}
	d, err := db.Open(ctx, df.DSN())
	if err != nil {
		return err
	}
	defer d.Close()
	ok, pending, err := d.UpToDate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã khôi phục %s vào %s (restored into the %s database)\n", *from, redactDSN(df.DSN()), d.Engine)
	if !ok {
		fmt.Fprintf(stdout, "the copy is %d migrations behind this binary: `xaso migrate` (or serve --migrate) brings it up to date\n", pending)
	}
	// Without the audit key the server would make a new one and every old entry would fail
	// `xaso audit verify`; without the denouncers' key their identities cannot be read.
	if df.keyHex == "" {
		if _, err := os.Stat(df.keyPath()); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stdout, "CẢNH BÁO: chưa có khóa nhật ký %s. Chép khóa đã cất riêng vào đó trước khi chạy máy chủ (WARNING: no audit key at %s: put back the copy kept apart from the backups before serving)\n", df.keyPath(), df.keyPath())
		}
	}
	if df.secretEnv == "" {
		if _, err := os.Stat(df.secretPath()); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stdout, "CẢNH BÁO: chưa có khóa bảo mật %s (WARNING: no secret key file at %s: put back the copy kept apart from the backups)\n", df.secretPath(), df.secretPath())
		}
	}
	// Uploaded scans live beside the database, not in it.
	if _, err := os.Stat(filepath.Join(df.dataDir, "blobs")); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stdout, "note: %s holds no blobs/ directory: the scans and files are not in the database copy; restore them from the file backup\n", df.dataDir)
	}
	return nil
}

// redactDSN hides a PostgreSQL password in what the command prints.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}
