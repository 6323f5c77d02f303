// Package db opens xaso's database (embedded SQLite by default, PostgreSQL at scale), applies
// the embedded migrations of that engine and runs transactions. It is the one seam for engine
// differences: feature rooms write one SQL text with $n placeholders and never ask which engine
// they are on.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// ForUpdate is the clause that locks the rows a SELECT inside a write transaction reads, until
// the commit, so that two transactions reading then writing the same row take turns: " FOR
// UPDATE" on PostgreSQL, nothing on SQLite, whose one writer already takes them in turn.
func (e Engine) ForUpdate() string { return e.lockClause(" FOR UPDATE") }

// ForShare is ForUpdate's shared lock: the readers of a row go together, a writer of it waits
// for them (and they for it).
func (e Engine) ForShare() string { return e.lockClause(" FOR SHARE") }

// ForUpdateSkipLocked is ForUpdate that leaves out the rows another transaction holds
// (claiming work from a queue that several processes share).
func (e Engine) ForUpdateSkipLocked() string { return e.lockClause(" FOR UPDATE SKIP LOCKED") }

func (e Engine) lockClause(clause string) string {
	if e == Postgres {
		return clause
	}
	return ""
}

// DB is an open database: a read pool and a write pool (the same pool on PostgreSQL; a single
// connection on SQLite, which has one writer at a time anyway).
type DB struct {
	Engine Engine
	DSN    string
	// Clock gives each transaction its time (time.Now when nil). The composition root sets the
	// same clock the rest of the program uses, so that rows, audit entries and outbox events
	// agree with the dispatcher and the rules when a test sets the time.
	Clock func() time.Time
	// ChainKey is a secret kept outside the database (a file or the environment, read in cmd/).
	// The audit chain is sealed with it (HMAC), so that someone who can write the database but
	// not read that file cannot rewrite the log and have it verify.
	ChainKey []byte
	read     *sql.DB
	write    *sql.DB
	groups   txGroups
}

// DefaultDSN is the SQLite file inside a data directory.
func DefaultDSN(dataDir string) string {
	return "sqlite:" + filepath.Join(dataDir, "xaso.db")
}

// Open opens a DSN: "sqlite:PATH" (or a bare path ending in .db) or "postgres://…".
func Open(ctx context.Context, dsn string) (*DB, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("db: open postgres: %w", err)
		}
		p.SetMaxOpenConns(20)
		p.SetMaxIdleConns(20)
		p.SetConnMaxIdleTime(5 * time.Minute)
		d := &DB{Engine: Postgres, DSN: dsn, read: p, write: p}
		if err := p.PingContext(ctx); err != nil {
			p.Close()
			return nil, fmt.Errorf("db: connect postgres: %w", err)
		}
		return d, nil
	case strings.HasPrefix(dsn, "sqlite:"), strings.HasSuffix(dsn, ".db"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, errors.New("db: sqlite DSN without a path")
		}
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("db: create data dir: %w", err)
			}
		}
		if err := private(path); err != nil {
			return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
		}
		q := url.Values{}
		for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)", "foreign_keys(1)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		base := "file:" + path + "?" + q.Encode()
		w, err := sql.Open("sqlite", base)
		if err != nil {
			return nil, fmt.Errorf("db: open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		if err := w.PingContext(ctx); err != nil {
			w.Close()
			return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
		}
		r, err := sql.Open("sqlite", base)
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("db: open sqlite: %w", err)
		}
		r.SetMaxOpenConns(8)
		r.SetMaxIdleConns(8)
		return &DB{Engine: SQLite, DSN: dsn, read: r, write: w}, nil
	}
	return nil, fmt.Errorf("db: unknown DSN %q (want sqlite:PATH or postgres://…)", dsn)
}

// private makes the database file readable by its owner only, creating it empty if need be:
// it holds residents' ID numbers. SQLite gives its -wal and -shm files the same mode.
func private(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	return os.Chmod(path, 0o600)
}

// Close closes both pools.
func (d *DB) Close() error {
	err := d.read.Close()
	if d.write != d.read {
		err = errors.Join(err, d.write.Close())
	}
	return err
}

// Ping checks the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.read.PingContext(ctx) }

// Q is what feature code queries through: the database outside a transaction, or a Tx.
type Q interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

// Exec runs a statement outside a transaction (on the write pool).
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.write.ExecContext(ctx, query, d.args(args)...)
}

// Query reads on the read pool.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.read.QueryContext(ctx, query, d.args(args)...)
}

// QueryRow reads one row on the read pool.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return d.read.QueryRowContext(ctx, query, d.args(args)...)
}

// Tx is a transaction; it also carries the moment it began, so that every row and audit entry
// it writes shares one time.
type Tx struct {
	tx  *sql.Tx
	d   *DB
	Now time.Time
	// deferred is the work kept for the end of the transaction (Defer), in the order first asked.
	deferred []deferredWork
}

type deferredWork struct {
	key   any
	value any
	flush func(ctx context.Context, tx *Tx, value any) error
}

// Defer keeps work for the end of the transaction: the first call with key stores start() and
// registers flush, which runs just before the commit, after everything else the transaction did;
// every call returns the value stored under key, for the caller to add to. Works that take a
// row lock every writer of a commune needs (the audit chain's head) use it, so that the lock is
// held from the end of the transaction to its commit rather than through all of it, and so that
// several entries of one transaction are written together.
func (t *Tx) Defer(key any, start func() any, flush func(ctx context.Context, tx *Tx, value any) error) any {
	for _, w := range t.deferred {
		if w.key == key {
			return w.value
		}
	}
	v := start()
	t.deferred = append(t.deferred, deferredWork{key: key, value: v, flush: flush})
	return v
}

// finish runs the deferred work in order; work may defer more (it runs too).
func (t *Tx) finish(ctx context.Context) error {
	for i := 0; i < len(t.deferred); i++ {
		w := t.deferred[i]
		if err := w.flush(ctx, t, w.value); err != nil {
			return err
		}
	}
	return nil
}

// ChainKey is the database's sealing key (see DB.ChainKey); nil when none was configured.
func (t *Tx) ChainKey() []byte { return t.d.ChainKey }

func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, query, t.d.args(args)...)
}
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, query, t.d.args(args)...)
}
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, query, t.d.args(args)...)
}

// Tx runs fn in one write transaction, committing when fn returns nil.
func (d *DB) Tx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	t, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	now := time.Now
	if d.Clock != nil {
		now = d.Clock
	}
	tx := &Tx{tx: t, d: d, Now: now().UTC().Truncate(time.Microsecond)}
	defer func() {
		if p := recover(); p != nil {
			t.Rollback()
			panic(p)
		}
		if err != nil {
			t.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.finish(ctx); err != nil {
		return err
	}
	if err = t.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// timeLayout is fixed-width so that SQLite, which keeps times as text, orders and compares
// them correctly (RFC3339Nano drops trailing zeros and would not).
const timeLayout = "2006-01-02T15:04:05.000000Z"

// args adapts argument values to the engine: times become UTC (and fixed-width text on SQLite).
func (d *DB) args(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			args[i] = d.timeArg(v)
		case *time.Time:
			if v == nil {
				args[i] = nil
			} else {
				args[i] = d.timeArg(*v)
			}
		}
	}
	return args
}

func (d *DB) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Microsecond)
	if d.Engine == SQLite {
		return t.Format(timeLayout)
	}
	return t
}

// IsUniqueViolation reports whether err is a unique-key violation on either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// Placeholders returns "$from, $from+1, …" n times: for IN lists and multi-row inserts.
func Placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

// NullableTime stores a zero time as NULL.
func NullableTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// TimeOf reads a nullable time column: the zero time for NULL, else the time in UTC.
func TimeOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
