package db

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// ErrNotEmpty is returned by Restore when the database it would write already holds tables.
var ErrNotEmpty = errors.New("db: restore: the target database is not empty")

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force replaces a target that already holds tables: on SQLite the file (and its -wal and
	// -shm) is replaced, on PostgreSQL pg_restore drops each object of the copy first
	// (--clean --if-exists). Without it such a target is refused with ErrNotEmpty.
	Force bool
}

// xasoTables are tables every xaso schema has: a file without them is not a copy of xaso.
var xasoTables = []string{"schema_migrations", "audit_log", "communes", "outbox"}

// Restore puts a copy written by Backup in place as the database dsn names. On SQLite the copy
// (a VACUUM INTO file) is checked (SQLite header, quick_check, the xaso tables) in a temporary
// file beside the target, then renamed over it, so that a failed restore leaves the target as
// it was. On PostgreSQL the pg_dump --format=custom copy is checked with pg_restore --list and
// loaded with pg_restore into the database in one transaction. The server must not be running
// on the target while it is restored.
func Restore(ctx context.Context, dsn, file string, o RestoreOptions) error {
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return restorePostgres(ctx, dsn, file, o)
	case strings.HasPrefix(dsn, "sqlite:"), strings.HasSuffix(dsn, ".db"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return errors.New("db: restore: sqlite DSN without a path")
		}
		return restoreSQLite(ctx, path, file, o)
	}
	return fmt.Errorf("db: restore: unknown DSN %q (want sqlite:PATH or postgres://…)", dsn)
}

// sqliteHeader begins every SQLite 3 database file (the file format's first 16 bytes).
const sqliteHeader = "SQLite format 3\x00"

func restoreSQLite(ctx context.Context, target, file string, o RestoreOptions) error {
	if err := checkHeader(file, sqliteHeader); err != nil {
		return fmt.Errorf("db: restore: %s is not a SQLite database (%v): give a copy written by `xaso backup`", file, err)
	}
	if abs(file) == abs(target) {
		return errors.New("db: restore: the copy is the target database itself")
	}
	n, err := sqliteTableCount(ctx, target)
	if err != nil {
		return fmt.Errorf("db: restore: read %s: %w", target, err)
	}
	if n > 0 && !o.Force {
		return fmt.Errorf("%w: %s holds %d tables (use --force to replace it)", ErrNotEmpty, target, n)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	// Work on a copy beside the target: the check opens it read-write (a VACUUM INTO file of a
	// WAL database is itself in WAL mode), and the rename below is atomic on one file system.
	tmp := target + ".restore"
	removeSQLite(tmp)
	if err := copyPrivate(file, tmp); err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	if err := checkSQLiteCopy(ctx, tmp); err != nil {
		removeSQLite(tmp)
		return fmt.Errorf("db: restore: %s: %w", file, err)
	}
	// A -wal left by the database replaced would be replayed into the copy on the next open and
	// corrupt it: it goes first, with the -shm.
	for _, ext := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(target + ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
			removeSQLite(tmp)
			return fmt.Errorf("db: restore: %w", err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		removeSQLite(tmp)
		return fmt.Errorf("db: restore: %w", err)
	}
	removeSQLite(tmp)
	return nil
}

// sqliteTableCount counts the tables of a SQLite file; a missing or empty file has none.
func sqliteTableCount(ctx context.Context, path string) (int, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && fi.Size() == 0 {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return 0, err
	}
	defer c.Close()
	var n int
	err = c.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&n)
	return n, err
}

// checkSQLiteCopy checks a SQLite file is whole and holds the xaso schema.
func checkSQLiteCopy(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		return fmt.Errorf("not a readable SQLite database: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("the copy is damaged (quick_check: %s)", res)
	}
	for _, tbl := range xasoTables {
		var n int
		if err := c.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1`, tbl).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("not a xaso database (no table %s)", tbl)
		}
	}
	var applied int
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil || applied == 0 {
		return fmt.Errorf("not a xaso database (no migration recorded): %v", err)
	}
	return nil
}

func removeSQLite(path string) {
	for _, ext := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + ext)
	}
}

// copyPrivate copies src to a new owner-only file dst (it holds residents' data, as the
// database does).
func copyPrivate(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

func checkHeader(path, magic string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	b := make([]byte, len(magic))
	if _, err := io.ReadFull(f, b); err != nil {
		return fmt.Errorf("too short: %w", err)
	}
	if string(b) != magic {
		return errors.New("wrong file header")
	}
	return nil
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// pgDumpMagic begins every pg_dump archive in the custom format.
const pgDumpMagic = "PGDMP"

func restorePostgres(ctx context.Context, dsn, file string, o RestoreOptions) error {
	if err := checkHeader(file, pgDumpMagic); err != nil {
		return fmt.Errorf("db: restore: %s is not a pg_dump custom archive (%v): give a copy written by `xaso backup` on PostgreSQL", file, err)
	}
	list, err := exec.CommandContext(ctx, "pg_restore", "--list", file).CombinedOutput()
	if err != nil {
		return fmt.Errorf("db: restore: pg_restore --list: %w: %s", err, bytes.TrimSpace(list))
	}
	for _, tbl := range xasoTables {
		if !containsTable(string(list), tbl) {
			return fmt.Errorf("db: restore: %s is not a copy of a xaso database (no table %s)", file, tbl)
		}
	}
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	var n int
	err = p.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`).Scan(&n)
	p.Close()
	if err != nil {
		return fmt.Errorf("db: restore: connect: %w", err)
	}
	if n > 0 && !o.Force {
		return fmt.Errorf("%w: it holds %d tables (use --force to replace them)", ErrNotEmpty, n)
	}
	conn, err := LibpqDSN(dsn)
	if err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	// One transaction: a copy that fails half-way leaves the database as it was. Owners and
	// grants are the source server's business; the configured role owns what it restores.
	args := []string{"--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"}
	if o.Force {
		args = append(args, "--clean", "--if-exists")
	}
	args = append(args, "--dbname="+conn, file)
	if out, err := exec.CommandContext(ctx, "pg_restore", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("db: restore with pg_restore: %w: %s", err, bytes.TrimSpace(out))
	}
	return nil
}

// containsTable reports whether a pg_restore --list names a table (lines like
// "215; 1259 16390 TABLE public audit_log postgres").
func containsTable(list, name string) bool {
	for _, line := range strings.Split(list, "\n") {
		f := strings.Fields(line)
		for i := 0; i+2 < len(f); i++ {
			if f[i] == "TABLE" && f[i+2] == name {
				return true
			}
		}
	}
	return false
}

// LibpqDSN turns a DSN pgx accepts into one the PostgreSQL command-line tools accept: pgx
// takes unknown query parameters (search_path, as the tests' fresh schemas use) as run-time
// settings, libpq refuses them, so they travel in options=-c… instead.
func LibpqDSN(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("postgres DSN: %w", err)
	}
	q := u.Query()
	var opts []string
	if o := q.Get("options"); o != "" {
		opts = append(opts, o)
	}
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if !libpqParams[k] {
			// Spaces separate options; a value with a space is escaped with a backslash.
			opts = append(opts, "-c "+k+"="+strings.ReplaceAll(q.Get(k), " ", `\ `))
			q.Del(k)
		}
	}
	if len(opts) > 0 {
		q.Set("options", strings.Join(opts, " "))
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// libpqParams are the connection parameters libpq knows (PostgreSQL 15 documentation, 34.1.2
// "Parameter Key Words"); any other query parameter of a URI is an error to libpq.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "password": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true, "application_name": true,
	"fallback_application_name": true, "keepalives": true, "keepalives_idle": true, "keepalives_interval": true,
	"keepalives_count": true, "tcp_user_timeout": true, "replication": true, "gssencmode": true, "sslmode": true,
	"requiressl": true, "sslcompression": true, "sslcert": true, "sslkey": true, "sslpassword": true, "sslrootcert": true,
	"sslcrl": true, "sslcrldir": true, "sslsni": true, "requirepeer": true, "ssl_min_protocol_version": true,
	"ssl_max_protocol_version": true, "krbsrvname": true, "gsslib": true, "service": true, "target_session_attrs": true,
	"load_balance_hosts": true,
}
