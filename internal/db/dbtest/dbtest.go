// Package dbtest runs a test body on every configured engine: SQLite always, PostgreSQL when
// XASO_TEST_PG names a database (each test in a fresh schema). With XASO_REQUIRE_ALL=1 a
// missing engine fails the test instead of skipping it.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xaso/internal/db"
)

// Each runs fn once per engine as a subtest named after the engine, on a migrated database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a fresh, migrated SQLite database in a temporary directory.
func SQLite(tb testing.TB) *db.DB {
	tb.Helper()
	return open(tb, db.DefaultDSN(tb.TempDir()))
}

// Postgres opens a fresh, migrated schema in the database named by XASO_TEST_PG, or skips.
func Postgres(tb testing.TB) *db.DB {
	tb.Helper()
	dsn := PostgresDSN(tb)
	return open(tb, dsn)
}

// PostgresDSN creates a fresh schema and returns a DSN that uses it (dropped after the test).
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	u, schema := freshOnServer(tb, "t_", "CREATE SCHEMA %s", "DROP SCHEMA %s CASCADE")
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// PostgresDatabase creates a whole fresh database on the XASO_TEST_PG server (dropped after the
// test) and returns its DSN, for what needs more than a schema: a pg_dump restored into it keeps
// its schema's name, so a copy taken through PostgresDSN's search_path cannot land in another.
func PostgresDatabase(tb testing.TB) string {
	tb.Helper()
	u, name := freshOnServer(tb, "r_", "CREATE DATABASE %s", "DROP DATABASE IF EXISTS %s WITH (FORCE)")
	u.Path = "/" + name
	return u.String()
}

// freshOnServer creates an object with a random name (prefix and 12 hex digits) on the
// XASO_TEST_PG server with create, drops it with drop after the test, and returns
// XASO_TEST_PG parsed and the name.
func freshOnServer(tb testing.TB, prefix, create, drop string) (*url.URL, string) {
	tb.Helper()
	base := os.Getenv("XASO_TEST_PG")
	if base == "" {
		Require(tb, "PostgreSQL tests need XASO_TEST_PG (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("dbtest: XASO_TEST_PG: %v", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := prefix + hex.EncodeToString(b[:])
	if _, err := admin.Exec(fmt.Sprintf(create, name)); err != nil {
		admin.Close()
		tb.Fatalf("dbtest: %s: %v", fmt.Sprintf(create, name), err)
	}
	tb.Cleanup(func() {
		admin.Exec(fmt.Sprintf(drop, name))
		admin.Close()
	})
	return u, name
}

func open(tb testing.TB, dsn string) *db.DB {
	tb.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		tb.Fatalf("dbtest: open %s: %v", dsn, err)
	}
	tb.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		tb.Fatalf("dbtest: migrate: %v", err)
	}
	return d
}

// Require skips with why, or fails when XASO_REQUIRE_ALL=1 demands every test run.
func Require(tb testing.TB, why string) {
	tb.Helper()
	if os.Getenv("XASO_REQUIRE_ALL") == "1" {
		tb.Fatalf("XASO_REQUIRE_ALL=1 but: %s", why)
	}
	tb.Skip("skipped: " + why)
}

// TempPath returns a path in the test's temporary directory.
func TempPath(tb testing.TB, name string) string {
	return filepath.Join(tb.TempDir(), strings.ReplaceAll(name, "/", "_"))
}
