package db_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// putSetting writes one row the copy must carry.
func putSetting(t *testing.T, d *db.DB, key, value string) {
	t.Helper()
	if _, err := d.Exec(context.Background(), `INSERT INTO settings (commune_id, key, value, updated_at) VALUES ($1,$2,$3,$4)`, "c", key, value, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func setting(t *testing.T, dsn, key string) string {
	t.Helper()
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var v string
	if err := d.QueryRow(context.Background(), `SELECT value FROM settings WHERE key = $1`, key).Scan(&v); err != nil {
		t.Fatalf("read %s from the restored database: %v", key, err)
	}
	return v
}

// TestRestoreSQLite: a backup goes in place in an empty data directory; a target holding tables
// is refused (and left as it was) unless forced; files that are not a xaso copy are refused.
func TestRestoreSQLite(t *testing.T) {
	ctx := context.Background()
	src := dbtest.SQLite(t)
	putSetting(t, src, "k", "first")
	copyFile := filepath.Join(t.TempDir(), "copy.db")
	if err := src.Backup(ctx, copyFile); err != nil {
		t.Fatal(err)
	}
	target := db.DefaultDSN(filepath.Join(t.TempDir(), "data"))
	if err := db.Restore(ctx, target, copyFile, db.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	if v := setting(t, target, "k"); v != "first" {
		t.Fatalf("restored value %q", v)
	}
	path := strings.TrimPrefix(target, "sqlite:")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored file mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
	if _, err := os.Stat(path + ".restore"); err == nil {
		t.Error("the temporary copy was left behind")
	}

	// A second copy, taken later, does not replace the restored database unless forced.
	putSetting(t, src, "k2", "second")
	later := filepath.Join(t.TempDir(), "later.db")
	if err := src.Backup(ctx, later); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, target, later, db.RestoreOptions{}); !errors.Is(err, db.ErrNotEmpty) {
		t.Fatalf("restore over a database with tables: %v, want ErrNotEmpty", err)
	}
	if err := db.Restore(ctx, target, later, db.RestoreOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if v := setting(t, target, "k2"); v != "second" {
		t.Fatalf("forced restore: %q", v)
	}

	// Not a copy of xaso: garbage, a SQLite file of another program, a damaged copy.
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("this is not a database at all, just text"), 0o600)
	other := filepath.Join(t.TempDir(), "other.db")
	o, err := sql.Open("sqlite", "file:"+other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	o.Close()
	damaged := filepath.Join(t.TempDir(), "damaged.db")
	b, _ := os.ReadFile(later)
	for i := 4096; i < len(b); i += 97 {
		b[i] ^= 0xff
	}
	os.WriteFile(damaged, b, 0o600)
	for name, f := range map[string]string{"text": junk, "another program's database": other, "damaged copy": damaged, "missing": filepath.Join(t.TempDir(), "none.db")} {
		fresh := db.DefaultDSN(t.TempDir())
		if err := db.Restore(ctx, fresh, f, db.RestoreOptions{}); err == nil {
			t.Errorf("%s restored", name)
		}
		if fi, err := os.Stat(strings.TrimPrefix(fresh, "sqlite:")); err == nil && fi.Size() > 0 {
			t.Errorf("%s: a refused restore left a database behind", name)
		}
	}
	if err := db.Restore(ctx, target, path, db.RestoreOptions{Force: true}); err == nil {
		t.Error("a database restored onto itself")
	}
}

// TestRestorePostgres: a pg_dump copy goes into an empty database with pg_restore; a database
// with tables is refused unless forced; a SQLite file is not taken for a dump.
func TestRestorePostgres(t *testing.T) {
	ctx := context.Background()
	srcDSN := dbtest.PostgresDatabase(t)
	src, err := db.Open(ctx, srcDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := src.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	putSetting(t, src, "k", "first")
	dump := filepath.Join(t.TempDir(), "copy.dump")
	if err := src.Backup(ctx, dump); err != nil {
		t.Fatal(err)
	}
	target := dbtest.PostgresDatabase(t)
	if err := db.Restore(ctx, target, dump, db.RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	if v := setting(t, target, "k"); v != "first" {
		t.Fatalf("restored value %q", v)
	}
	restored, err := db.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	ok, pending, err := restored.UpToDate(ctx)
	restored.Close()
	if err != nil || !ok {
		t.Fatalf("restored schema up to date: %v, %d pending, %v", ok, pending, err)
	}
	if err := db.Restore(ctx, target, dump, db.RestoreOptions{}); !errors.Is(err, db.ErrNotEmpty) {
		t.Fatalf("restore over a database with tables: %v, want ErrNotEmpty", err)
	}
	putSetting(t, src, "k2", "second")
	later := filepath.Join(t.TempDir(), "later.dump")
	if err := src.Backup(ctx, later); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, target, later, db.RestoreOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if v := setting(t, target, "k2"); v != "second" {
		t.Fatalf("forced restore: %q", v)
	}
	lite := filepath.Join(t.TempDir(), "lite.db")
	if err := dbtest.SQLite(t).Backup(ctx, lite); err != nil {
		t.Fatal(err)
	}
	if err := db.Restore(ctx, dbtest.PostgresDatabase(t), lite, db.RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("a SQLite file restored into PostgreSQL: %v", err)
	}
}

// TestLibpqDSN: the tests' DSNs carry search_path, which libpq refuses; LibpqDSN
// passes it as an option so that the command-line tools reach the same schema.
func TestLibpqDSN(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"postgres://u@h:5432/db?sslmode=disable", "postgres://u@h:5432/db?sslmode=disable"},
		{"postgres://u@h/db?search_path=t_1&sslmode=disable", "postgres://u@h/db?options=-c+search_path%3Dt_1&sslmode=disable"},
		{"postgres://u@h/db?options=-c+work_mem%3D4MB&search_path=a", "postgres://u@h/db?options=-c+work_mem%3D4MB+-c+search_path%3Da"},
	} {
		got, err := db.LibpqDSN(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("LibpqDSN(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func FuzzLibpqDSN(f *testing.F) {
	f.Add("postgres://u@h/db?search_path=t_1&sslmode=disable")
	f.Add("postgres://u:p@h:1/db?options=-c%20x%3Dy&a=b%20c")
	f.Fuzz(func(t *testing.T, dsn string) {
		out, err := db.LibpqDSN(dsn)
		if err != nil {
			return
		}
		u, err := url.Parse(out)
		if err != nil {
			t.Fatalf("LibpqDSN(%q) = %q, which does not parse: %v", dsn, out, err)
		}
		for k := range u.Query() {
			if k != "options" && strings.Contains(k, "search_path") {
				t.Fatalf("LibpqDSN(%q) = %q kept %q", dsn, out, k)
			}
		}
	})
}
