package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// mainTables are the tables the drill counts in the source and in the copy.
var mainTables = []string{"households", "residents", "dossiers", "bookings", "audit_log", "outbox"}

func tableCounts(t *testing.T, dsn string) map[string]int {
	t.Helper()
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	out := map[string]int{}
	for _, tbl := range mainTables {
		var n int
		if err := d.QueryRow(context.Background(), `SELECT count(*) FROM `+tbl).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", tbl, err)
		}
		out[tbl] = n
	}
	return out
}

// TestBackupRestoreDrill (issue 15 item 5): a server with the demo commune takes writes from
// several clients, `xaso backup` runs in the middle of them, `xaso restore` puts the copy in a
// fresh data directory (SQLite) or a fresh database (PostgreSQL), and a server starts on it.
// The copy holds every write acknowledged before the backup started, is one moment of the
// source (each main table's count between the source's at the backup's start and at its end,
// every write with its audit entry and its event), its audit chain verifies, and the restored
// server serves its home page and a dossier's public lookup.
func TestBackupRestoreDrill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			if engine == "postgres" {
				for _, tool := range []string{"pg_dump", "pg_restore"} {
					if _, err := exec.LookPath(tool); err != nil {
						dbtest.Require(t, tool+" is not on the PATH: the PostgreSQL backup and restore need the client tools")
					}
				}
			}
			src := newPlace(t, engine, dbtest.PostgresDatabase)
			restoreDrill(t, bin, engine, src, newPlace(t, engine, dbtest.PostgresDatabase))
		})
	}
}

func restoreDrill(t *testing.T, bin, engine string, src, dst dataPlace) {
	srv := startChild(t, bin, src.serveArgs("demo")...)
	tg := prepareTarget(t, bin, src, srv)
	load := &writeLoad{}
	ctx, cancel := context.WithCancel(context.Background())
	wait := load.start(ctx, tg, 2)
	defer func() { cancel(); wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for len(load.acks()) < 40 {
		if time.Now().After(deadline) {
			t.Fatalf("only %d writes acknowledged in 60 s: %.3q\n%s", len(load.acks()), load.unexpected(), srv.out.tail())
		}
		time.Sleep(20 * time.Millisecond)
	}

	// The backup, in the middle of the writes.
	before := tableCounts(t, src.DSN())
	ackedBefore := load.acks()
	copyFile := filepath.Join(t.TempDir(), "xaso-"+engine+".backup")
	began := time.Now()
	out, err := src.xasoCmd(t, bin, "backup", "--to", copyFile)
	took := time.Since(began)
	attemptedAfter := load.attempted.Load()
	after := tableCounts(t, src.DSN())
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	time.Sleep(200 * time.Millisecond) // writes go on after the backup, and must not be in it
	cancel()
	wait()
	if bad := load.unexpected(); len(bad) > 0 {
		t.Fatalf("%d unexpected answers, first: %s", len(bad), bad[0])
	}
	srv.stop(t)
	fi, _ := os.Stat(copyFile)
	t.Logf("backup of %d bytes in %v while %d writes went on (%d acknowledged before it began, %d in all)",
		fi.Size(), took.Round(time.Millisecond), attemptedAfter-int64(len(ackedBefore)), len(ackedBefore), len(load.acks()))

	// The keys are kept apart from the backups; the operator puts them back.
	for _, name := range []string{"audit.key", "secret.keys"} {
		b, err := os.ReadFile(filepath.Join(src.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst.dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	began = time.Now()
	out, err = dst.xasoCmd(t, bin, "restore", "--from", copyFile)
	if err != nil || !strings.Contains(out, "Đã khôi phục") || strings.Contains(out, "CẢNH BÁO") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	t.Logf("restored in %v", time.Since(began).Round(time.Millisecond))
	if out, err := dst.xasoCmd(t, bin, "restore", "--from", copyFile); err == nil || !strings.Contains(out+err.Error(), "not empty") {
		t.Errorf("a second restore onto the restored database: %v\n%s", err, out)
	}

	// One moment of the source, between the backup's start and its end.
	got := tableCounts(t, dst.DSN())
	for _, tbl := range mainTables {
		if got[tbl] < before[tbl] || got[tbl] > after[tbl] {
			t.Errorf("%s: %d rows in the copy; the source had %d when the backup began and %d when it ended", tbl, got[tbl], before[tbl], after[tbl])
		}
	}
	counts := checkWrites(t, dst.DSN(), ackedBefore, attemptedAfter)
	t.Logf("the copy holds %s; source counts at start %v, copy %v, at end %v", counts, before, got, after)
	verifyAudit(t, bin, dst)

	// A server on the copy serves the portal and finds a dossier for its applicant.
	restored := startChild(t, bin, dst.serveArgs("serve")...)
	c := publicClient()
	if home, err := get(c, restored.url+"/"); err != nil || !strings.Contains(home, "Bình Yên") {
		t.Errorf("home page of the restored server: %v\n%.500s", err, home)
	}
	var code, last4 string
	for _, a := range ackedBefore {
		if a.kind == kindDossier {
			code = a.code
			break
		}
	}
	if code == "" {
		t.Fatal("no dossier acknowledged before the backup")
	}
	d, err := db.Open(context.Background(), dst.DSN())
	if err != nil {
		t.Fatal(err)
	}
	err = d.QueryRow(context.Background(), `SELECT phone_last4 FROM dossiers WHERE code = $1`, code).Scan(&last4)
	d.Close()
	if err != nil {
		t.Fatalf("dossier %s in the copy: %v", code, err)
	}
	req, _ := http.NewRequest(http.MethodPost, restored.url+"/tra-cuu", strings.NewReader(url.Values{"ma": {code}, "so": {last4}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	browserHeaders(req, restored.url)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), code) {
		t.Errorf("public lookup of %s on the restored server: status %d\n%.1000s", code, resp.StatusCode, body)
	}
	restored.stop(t)
}

// TestRestoreCommand: `xaso restore` wants --from, refuses a file that is not a xaso copy,
// restores into an empty data directory and warns that the keys, kept apart, must be put back.
func TestRestoreCommand(t *testing.T) {
	_, env := demoDir(t)
	copyFile := filepath.Join(t.TempDir(), "copy.db")
	mustXaso(t, env, "backup", "--to", copyFile)
	fresh := map[string]string{"XASO_DATA_DIR": filepath.Join(t.TempDir(), "data")}
	if _, err := xaso(t, t.Context(), fresh, "restore"); err == nil || !strings.Contains(err.Error(), "--from") {
		t.Errorf("restore without --from: %v", err)
	}
	junk := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(junk, []byte("không phải cơ sở dữ liệu"), 0o600)
	if _, err := xaso(t, t.Context(), fresh, "restore", "--from", junk); err == nil || !strings.Contains(err.Error(), "not a SQLite database") {
		t.Errorf("restore of a text file: %v", err)
	}
	out := mustXaso(t, fresh, "restore", "--from", copyFile)
	if !strings.Contains(out, "Đã khôi phục") || !strings.Contains(out, "audit.key") || !strings.Contains(out, "secret.keys") {
		t.Errorf("restore printed:\n%s", out)
	}
	if _, err := xaso(t, t.Context(), fresh, "restore", "--from", copyFile); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("restore onto the restored database: %v", err)
	}
	mustXaso(t, fresh, "restore", "--from", copyFile, "--force")
}
