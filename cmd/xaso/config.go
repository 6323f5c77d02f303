package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"xaso/internal/db"
)

// dataFlags are the flags every command that touches data takes.
type dataFlags struct {
	dsn, dataDir string
}

func (f *dataFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&f.dsn, "db", getenv("XASO_DB"), "database DSN: sqlite:PATH or postgres://… (default: xaso.db in the data dir)")
	fs.StringVar(&f.dataDir, "data-dir", envOr(getenv, "XASO_DATA_DIR", "data"), "data directory (database, uploads)")
}

func (f *dataFlags) DSN() string {
	if f.dsn != "" {
		return f.dsn
	}
	return db.DefaultDSN(f.dataDir)
}

// existing opens a database that must already exist (for backup and audit): a mistyped data
// directory must not quietly create an empty one.
func (f *dataFlags) existing(ctx context.Context, stdout io.Writer) (*db.DB, error) {
	if path, ok := strings.CutPrefix(f.DSN(), "sqlite:"); ok {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("không tìm thấy cơ sở dữ liệu %s (no database there: check --data-dir or --db)", path)
		}
	}
	return f.open(ctx, false, stdout)
}

// open opens the database and, unless migrate is set, refuses an out-of-date schema.
func (f *dataFlags) open(ctx context.Context, migrate bool, stdout io.Writer) (*db.DB, error) {
	if err := os.MkdirAll(f.dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	d, err := db.Open(ctx, f.DSN())
	if err != nil {
		return nil, err
	}
	if migrate {
		n, err := d.Migrate(ctx)
		if err != nil {
			d.Close()
			return nil, err
		}
		if n > 0 {
			fmt.Fprintf(stdout, "Đã cập nhật cơ sở dữ liệu: %d bước (applied %d migrations)\n", n, n)
		}
		return d, nil
	}
	ok, pending, err := d.UpToDate(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	if !ok {
		d.Close()
		return nil, fmt.Errorf("the database schema is out of date (%d migrations pending): run `xaso migrate` or start with --migrate", pending)
	}
	return d, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func newFlagSet(name string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	return fs
}

func newLogger(stdout io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(stdout, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
