package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"xaso/internal/web"

	"xaso/internal/db"
	"xaso/internal/secret"
)

// dataFlags are the flags every command that touches data takes.
type dataFlags struct {
	dsn, dataDir, keyFile string
	keyHex                string
	readOnly              bool
	// secretFile and secretEnv give the key that seals denouncers' identities (keys.go).
	secretFile, secretEnv string
}

func (f *dataFlags) register(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&f.dsn, "db", getenv("XASO_DB"), "database DSN: sqlite:PATH or postgres://… (default: xaso.db in the data dir)")
	fs.StringVar(&f.dataDir, "data-dir", envOr(getenv, "XASO_DATA_DIR", "data"), "data directory (database, uploads)")
	fs.StringVar(&f.keyFile, "audit-key-file", getenv("XASO_AUDIT_KEY_FILE"), "file with the key that seals the audit log (default: audit.key in the data dir, created on first start); keep a copy apart from the backups")
	f.keyHex = getenv("XASO_AUDIT_KEY")
	fs.StringVar(&f.secretFile, "secret-keys", getenv("XASO_SECRET_KEYS_FILE"), "file with the keys that seal denouncers' identities (default: secret.keys in the data dir, created on first start; env "+secret.EnvVar+" may hold the keys instead); mode 600, kept apart from the backups")
	f.secretEnv = getenv(secret.EnvVar)
}

// keyPath is where the audit key lives.
func (f *dataFlags) keyPath() string {
	if f.keyFile != "" {
		return f.keyFile
	}
	return filepath.Join(f.dataDir, "audit.key")
}

// chainKey reads the key that seals the audit chain: from XASO_AUDIT_KEY (hex), else from the
// key file, which is created (32 random bytes, owner-only) when create is set and it is missing.
// The key is kept outside the database so that whoever can write the database cannot reseal a
// rewritten log. It returns nil, nil when there is no key and create is false.
func (f *dataFlags) chainKey(create bool) ([]byte, error) {
	if f.keyHex != "" {
		k, err := hex.DecodeString(strings.TrimSpace(f.keyHex))
		if err != nil || len(k) < 16 {
			return nil, errors.New("XASO_AUDIT_KEY must be at least 16 bytes written in hex")
		}
		return k, nil
	}
	path := f.keyPath()
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		k, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(k) < 16 {
			return nil, fmt.Errorf("audit key %s: want at least 16 bytes written in hex", path)
		}
		return k, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("audit key: %w", err)
	case !create:
		return nil, nil
	}
	k := make([]byte, 32)
	rand.Read(k)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	// O_EXCL: two processes starting at once must not end with different keys.
	w, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return f.chainKey(false)
	}
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	if _, err := w.Write([]byte(hex.EncodeToString(k) + "\n")); err != nil {
		w.Close()
		return nil, fmt.Errorf("audit key: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	return k, nil
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
	f.readOnly = true
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
	// Commands that only read (backup, audit verify) open through existing and never create a
	// key: a verify with a fresh key would call every entry altered.
	if d.ChainKey, err = f.chainKey(!f.readOnly); err != nil {
		d.Close()
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
	// ID numbers and phones never reach the log (issue 15 item 7): masked in every record.
	return slog.New(web.RedactingHandler(slog.NewTextHandler(stdout, &slog.HandlerOptions{Level: slog.LevelInfo})))
}

func absPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
