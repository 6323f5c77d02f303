package db_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

func TestEnginesHaveSameColumns(t *testing.T) {
	ctx := context.Background()
	lite := dbtest.SQLite(t)
	pg := dbtest.Postgres(t)
	a, err := lite.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pg.Columns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) < 10 {
		t.Fatalf("only %d columns on sqlite", len(a))
	}
	if !reflect.DeepEqual(a, b) {
		am := map[db.Column]bool{}
		for _, c := range a {
			am[c] = true
		}
		for _, c := range b {
			if !am[c] {
				t.Errorf("only on postgres: %v", c)
			}
			delete(am, c)
		}
		for c := range am {
			t.Errorf("only on sqlite: %v", c)
		}
	}
}

func TestMigrateIsIdempotentAndUpToDate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n, err := d.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate ran %d, err %v", n, err)
		}
		ok, pending, err := d.UpToDate(ctx)
		if err != nil || !ok || pending != 0 {
			t.Fatalf("UpToDate = %v %d %v", ok, pending, err)
		}
	})
}

func TestFreshDatabaseIsNotUpToDate(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, db.DefaultDSN(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ok, pending, err := d.UpToDate(ctx)
	if err != nil || ok || pending == 0 {
		t.Fatalf("UpToDate on empty db = %v %d %v", ok, pending, err)
	}
}

// Times round-trip and compare in order on both engines, including fractions that
// RFC3339Nano would shorten.
func TestTimesOrderAndRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		base := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		times := []time.Time{base.Add(700 * time.Millisecond), base.Add(703 * time.Millisecond), base.Add(time.Second)}
		for i, tm := range times {
			_, err := d.Exec(ctx, `INSERT INTO settings (commune_id, key, value, updated_at) VALUES ($1, $2, $3, $4)`,
				"c", fmt.Sprint("k", i), "v", tm.In(time.FixedZone("ICT", 7*3600)))
			if err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM settings WHERE updated_at < $1`, times[1]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("count before .703 = %d, want 1", n)
		}
		var got time.Time
		if err := d.QueryRow(ctx, `SELECT updated_at FROM settings WHERE key = $1`, "k1").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(times[1]) {
			t.Fatalf("round trip %v != %v", got, times[1])
		}
	})
}

// Placeholders are bound by number on both engines (the reason modernc was chosen).
func TestPlaceholdersByNumber(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		var a, b string
		if err := d.QueryRow(context.Background(), `SELECT $2, $1`, "one", "two").Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		if a != "two" || b != "one" {
			t.Fatalf("got %q %q", a, b)
		}
	})
}

func TestTxRollsBackOnError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		want := fmt.Errorf("boom")
		err := d.Tx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO settings (commune_id, key, value, updated_at) VALUES ($1,$2,$3,$4)`, "c", "k", "v", tx.Now); err != nil {
				return err
			}
			return want
		})
		if err != want {
			t.Fatalf("err = %v", err)
		}
		var n int
		d.QueryRow(ctx, `SELECT count(*) FROM settings`).Scan(&n)
		if n != 0 {
			t.Fatalf("rolled back insert is visible: %d rows", n)
		}
	})
}

func TestBackupSQLite(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	if _, err := d.Exec(ctx, `INSERT INTO settings (commune_id, key, value, updated_at) VALUES ($1,$2,$3,$4)`, "c", "k", "v", time.Now()); err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), "b", "copy.db")
	if err := d.Backup(ctx, to); err != nil {
		t.Fatal(err)
	}
	// Issue 16 item 12: a copy of residents' data is readable by its owner only.
	if fi, err := os.Stat(to); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	c, err := db.Open(ctx, "sqlite:"+to)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var v string
	if err := c.QueryRow(ctx, `SELECT value FROM settings WHERE key = 'k'`).Scan(&v); err != nil || v != "v" {
		t.Fatalf("backup content: %q %v", v, err)
	}
	if err := d.Backup(ctx, to); err == nil {
		t.Fatal("backup over an existing file should fail")
	}
}

// A transaction takes its time from the database's clock when one is set (tests set the time).
func TestTxUsesClock(t *testing.T) {
	d := dbtest.SQLite(t)
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	d.Clock = func() time.Time { return at }
	var got time.Time
	if err := d.Tx(context.Background(), func(tx *db.Tx) error { got = tx.Now; return nil }); err != nil {
		t.Fatal(err)
	}
	if !got.Equal(at) {
		t.Fatalf("tx.Now = %v, want %v", got, at)
	}
}

// Issue 16 item 12: the database and its WAL files are owner-only, new or old.
func TestDatabaseFilesArePrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	if err := os.WriteFile(old, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(dir, "new.db"), old} {
		d, err := db.Open(ctx, "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("%s: mode %v, want 0600", filepath.Base(f), fi.Mode().Perm())
			}
		}
		d.Close()
	}
}
