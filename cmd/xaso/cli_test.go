package main

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
)

// xaso calls run as main does, with the environment taken from env only (never the test
// runner's), and returns what it printed.
func xaso(t *testing.T, ctx context.Context, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(ctx, args, func(k string) string { return env[k] }, &out)
	return out.String(), err
}

// mustXaso is xaso for commands that must succeed.
func mustXaso(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	out, err := xaso(t, t.Context(), env, args...)
	if err != nil {
		t.Fatalf("xaso %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// demoDir returns a data directory migrated by `xaso migrate up` and holding the demo commune
// (without accounts), and the environment that points the commands at it.
func demoDir(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"XASO_DATA_DIR": dir}
	mustXaso(t, env, "migrate", "up")
	d := openDB(t, db.DefaultDSN(dir))
	if _, err := commune.SeedDemo(t.Context(), d, rand.New(rand.NewPCG(1, 2)), commune.DemoOptions{}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	return dir, env
}

func openDB(t *testing.T, dsn string) *db.DB {
	t.Helper()
	d, err := db.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	// Entries this test writes directly are sealed with the data directory's key, as the
	// program's own would be.
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		df := dataFlags{dataDir: filepath.Dir(path)}
		if d.ChainKey, err = df.chainKey(false); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

var migrationLineRE = regexp.MustCompile(`^\d{4}_\w+\t(pending|applied)$`)

// migrationStates runs `migrate status` and counts the migrations in each state.
func migrationStates(t *testing.T, env map[string]string) map[string]int {
	t.Helper()
	out := mustXaso(t, env, "migrate", "status")
	states := map[string]int{}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		m := migrationLineRE.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("migrate status line %q is not \"NNNN_name<TAB>state\":\n%s", line, out)
		}
		states[m[1]]++
	}
	return states
}

func TestMigrateStatusThenUp(t *testing.T) {
	env := map[string]string{"XASO_DATA_DIR": t.TempDir()}
	before := migrationStates(t, env)
	if before["pending"] == 0 || before["applied"] != 0 {
		t.Fatalf("fresh database: %v, want every migration pending", before)
	}
	total := before["pending"]

	out := mustXaso(t, env, "migrate", "up")
	if want := "applied " + strconv.Itoa(total) + " migrations (sqlite)\n"; out != want {
		t.Errorf("migrate up printed %q, want %q", out, want)
	}
	if after := migrationStates(t, env); after["applied"] != total || after["pending"] != 0 {
		t.Errorf("after migrate up: %v, want all %d applied", after, total)
	}
	// `migrate` alone means up, and a second run has nothing left to do.
	if out := mustXaso(t, env, "migrate"); out != "applied 0 migrations (sqlite)\n" {
		t.Errorf("second migrate printed %q", out)
	}
	if _, err := xaso(t, t.Context(), env, "migrate", "down"); err == nil || !strings.Contains(err.Error(), `unknown subcommand "down"`) {
		t.Errorf("migrate down: %v, want an unknown subcommand error", err)
	}
}

func TestServeRefusesOutOfDateSchema(t *testing.T) {
	fresh := func(t *testing.T) string { return t.TempDir() }
	onePending := func(t *testing.T) string {
		dir := t.TempDir()
		mustXaso(t, map[string]string{"XASO_DATA_DIR": dir}, "migrate", "up")
		d := openDB(t, db.DefaultDSN(dir))
		if _, err := d.Exec(t.Context(), `DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
			t.Fatal(err)
		}
		d.Close()
		return dir
	}
	total := migrationStates(t, map[string]string{"XASO_DATA_DIR": t.TempDir()})["pending"]
	for _, tt := range []struct {
		name    string
		dir     func(t *testing.T) string
		pending int
	}{
		{"fresh database", fresh, total},
		{"last migration not applied", onePending, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Were serve to start anyway, it would listen until the context ends and return nil.
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			out, err := xaso(t, ctx, map[string]string{}, "serve", "--data-dir", tt.dir(t), "--addr", "127.0.0.1:0")
			if err == nil {
				t.Fatalf("serve accepted an out-of-date schema:\n%s", out)
			}
			if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
				t.Fatalf("serve ran until the context ended (%v) instead of refusing at once", err)
			}
			for _, want := range []string{"schema is out of date", "(" + strconv.Itoa(tt.pending) + " migrations pending)", "xaso migrate", "--migrate"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			if strings.Contains(out, "đang chạy") {
				t.Errorf("serve listened before refusing:\n%s", out)
			}
		})
	}
}

// TestServeStartsAndStops is the positive control of the test above: on a current schema serve
// listens, answers /healthz and /readyz, and returns nil when its context ends.
func TestServeStartsAndStops(t *testing.T) {
	dir := t.TempDir()
	mustXaso(t, map[string]string{"XASO_DATA_DIR": dir}, "migrate", "up")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, func(k string) string {
			return map[string]string{"XASO_DATA_DIR": dir}[k]
		}, out)
	}()
	var base string
	deadline := time.Now().Add(30 * time.Second)
	for base == "" {
		if m := listeningRE.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve returned before listening: %v\n%s", err, out.tail())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not listen within 30 s:\n%s", out.tail())
		}
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", path, resp.StatusCode)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after its context ended, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not return within 15 s of its context ending")
	}
}

func TestUserAddListAndToken(t *testing.T) {
	dir, env := demoDir(t)

	// A username has at least two characters: "x" alone is refused before anything is written.
	if _, err := xaso(t, t.Context(), env, "user", "add", "--name", "x", "--full-name", "Lê Văn X", "--roles", "desk", "--password", "matkhau123"); err == nil || !strings.Contains(err.Error(), "--name") || !strings.Contains(err.Error(), "Tên đăng nhập") {
		t.Errorf("user add --name x: %v, want an error about the username", err)
	}
	out := mustXaso(t, env, "user", "add", "--name", "levanx", "--full-name", "Lê Văn X", "--roles", "desk", "--password", "matkhau123")
	if want := "created levanx (desk) in " + commune.DemoCommuneCode + "\n"; out != want {
		t.Errorf("user add printed %q, want %q", out, want)
	}
	if out := mustXaso(t, env, "user", "list"); out != "levanx\tLê Văn X\tdesk\tactive\n" {
		t.Errorf("user list printed %q, want the one account levanx", out)
	}
	if _, err := xaso(t, t.Context(), env, "user", "add", "--name", "LeVanX", "--full-name", "Lê Văn X", "--roles", "desk", "--password", "matkhau123"); err == nil || !strings.Contains(err.Error(), "--name") || !strings.Contains(err.Error(), "Tên đăng nhập") {
		t.Errorf("a second account levanx (in capitals): %v, want the username refused", err)
	}

	out = mustXaso(t, env, "token", "create", "--user", "levanx")
	tok := strings.TrimSuffix(out, "\n")
	if !strings.HasPrefix(tok, "xaso_") || strings.ContainsAny(tok, " \n\t") {
		t.Fatalf("token create printed %q, want one line starting with xaso_", out)
	}
	// The printed token is the one the API accepts for x.
	d := openDB(t, db.DefaultDSN(dir))
	c, err := commune.FirstCommune(t.Context(), d)
	if err != nil {
		t.Fatal(err)
	}
	u, err := auth.NewStore(d, auth.DefaultHasher).TokenUser(t.Context(), c.ID, tok)
	if err != nil || u.Username != "levanx" {
		t.Errorf("token %q: user %+v, %v; want levanx", tok, u, err)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"token", "create", "--user", "nobody"}, `no user "nobody"`},
		{[]string{"token", "frob"}, "token create --user NAME"},
		{[]string{"token", "revoke"}, "token revoke ID"},
		{[]string{"user", "passwd", "--name", "nobody", "--password", "matkhau123"}, `no user "nobody"`},
		{[]string{"user", "remove", "--name", "levanx"}, `unknown subcommand "remove"`},
		{[]string{"user"}, "want add, passwd or list"},
	} {
		if _, err := xaso(t, t.Context(), env, tt.args...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("xaso %s: %v, want an error saying %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}

func TestUserAddNeedsACommune(t *testing.T) {
	env := map[string]string{"XASO_DATA_DIR": t.TempDir()}
	mustXaso(t, env, "migrate", "up")
	_, err := xaso(t, t.Context(), env, "user", "add", "--name", "levanx", "--full-name", "Lê Văn X", "--roles", "desk", "--password", "matkhau123")
	if err == nil || !strings.Contains(err.Error(), "no commune in this database") {
		t.Errorf("user add without a commune: %v", err)
	}
}

func TestBackup(t *testing.T) {
	dir, env := demoDir(t)
	to := filepath.Join(t.TempDir(), "sub", "copy.db")
	if out := mustXaso(t, env, "backup", "--to", to); out != "backup written to "+to+"\n" {
		t.Errorf("backup printed %q", out)
	}
	head := make([]byte, 16)
	f, err := os.Open(to)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Read(head)
	f.Close()
	if err != nil || string(head) != "SQLite format 3\x00" {
		t.Fatalf("backup header %q, %v: not an SQLite file", head, err)
	}
	src, cp := openDB(t, db.DefaultDSN(dir)), openDB(t, "sqlite:"+to)
	var check string
	if err := cp.QueryRow(t.Context(), `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check of the copy: %q, %v", check, err)
	}
	for _, table := range []string{"communes", "hamlets", "households", "residents", "audit_log", "schema_migrations"} {
		var a, b int
		if err := src.QueryRow(t.Context(), `SELECT count(*) FROM `+table).Scan(&a); err != nil {
			t.Fatal(err)
		}
		if err := cp.QueryRow(t.Context(), `SELECT count(*) FROM `+table).Scan(&b); err != nil {
			t.Fatalf("copy: %v", err)
		}
		if a != b || a == 0 {
			t.Errorf("%s: %d rows in the database, %d in the copy", table, a, b)
		}
	}
	// The copy is a working data directory: its audit chain verifies.
	if out := mustXaso(t, env, "audit", "verify", "--db", "sqlite:"+to); !strings.Contains(out, "audit log OK") {
		t.Errorf("audit verify of the copy:\n%s", out)
	}

	if _, err := xaso(t, t.Context(), env, "backup", "--to", to); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if _, err := xaso(t, t.Context(), env, "backup"); err == nil || !strings.Contains(err.Error(), "--to FILE is required") {
		t.Errorf("backup without --to: %v", err)
	}
}

func TestAuditVerify(t *testing.T) {
	dir, env := demoDir(t)
	// More entries after the demo's: the chain has a first, middle ones and a last one.
	mustXaso(t, env, "user", "add", "--name", "levanx", "--full-name", "Lê Văn X", "--roles", "desk", "--password", "matkhau123")
	mustXaso(t, env, "token", "create", "--user", "levanx")
	d := openDB(t, db.DefaultDSN(dir))
	var n int
	if err := d.QueryRow(t.Context(), `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if n < 3 {
		t.Fatalf("%d audit entries after seeding, adding an account and a token; want at least 3", n)
	}
	last, beforeLast := strconv.Itoa(n), strconv.Itoa(n-1)
	out := mustXaso(t, env, "audit", "verify")
	if !strings.Contains(out, ": "+last+" entries, chain intact\n") || !strings.HasSuffix(out, "audit log OK\n") {
		t.Fatalf("audit verify of an untouched log:\n%s", out)
	}

	for _, tt := range []struct {
		name, tamper, want string
	}{
		{"summary of entry 1 edited", `UPDATE audit_log SET summary = '{}' WHERE seq = 1`, "chain BROKEN at entry 1: content was altered"},
		{"actor of entry 2 edited", `UPDATE audit_log SET actor_name = 'Người khác' WHERE seq = 2`, "chain BROKEN at entry 2: content was altered"},
		{"entry 1 deleted", `DELETE FROM audit_log WHERE seq = 1`, "chain BROKEN at entry 1: entry 1 is missing"},
		{"last entry deleted", `DELETE FROM audit_log WHERE seq = ` + last, "chain BROKEN at entry " + last + ": log ends at entry " + beforeLast + " but " + last + " were written"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Each case tampers with its own copy, made by the backup command.
			to := filepath.Join(t.TempDir(), "xaso.db")
			mustXaso(t, env, "backup", "--to", to)
			d := openDB(t, "sqlite:"+to)
			if _, err := d.Exec(t.Context(), tt.tamper); err != nil {
				t.Fatal(err)
			}
			d.Close()
			out, err := xaso(t, t.Context(), map[string]string{"XASO_DATA_DIR": filepath.Dir(to), "XASO_AUDIT_KEY_FILE": filepath.Join(dir, "audit.key")}, "audit", "verify")
			if err == nil || !strings.Contains(err.Error(), "audit chain broken in 1 commune(s)") {
				t.Errorf("audit verify of a tampered log returned %v", err)
			}
			if !strings.Contains(out, tt.want) || strings.Contains(out, "audit log OK") {
				t.Errorf("audit verify printed:\n%s\nwant it to say %q", out, tt.want)
			}
		})
	}
}

// Issue 16 item 11: the key lives beside the data, owner-only; the exported head catches a log
// cut at the tail with its head wound back, which verifies on its own; without the key nothing
// verifies.
func TestAuditHeadAnchorsTheChain(t *testing.T) {
	dir, env := demoDir(t)
	for _, f := range []string{"audit.key", "xaso.db"} {
		fi, err := os.Stat(filepath.Join(dir, f))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v, want mode 0600", f, fi, err)
		}
	}
	heads := mustXaso(t, env, "audit", "head")
	anchor := filepath.Join(t.TempDir(), "heads.jsonl")
	if err := os.WriteFile(anchor, []byte(heads), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := mustXaso(t, env, "audit", "verify", "--anchor", anchor); !strings.Contains(out, "1 anchors matched") {
		t.Fatalf("verify against a fresh anchor:\n%s", out)
	}
	d := openDB(t, db.DefaultDSN(dir))
	var n int64
	var prev string
	if err := d.QueryRow(t.Context(), `SELECT seq, prev_hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&n, &prev); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(t.Context(), `DELETE FROM audit_log WHERE seq = $1`, n); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(t.Context(), `UPDATE audit_head SET seq = $1, hash = $2`, n-1, prev); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if out := mustXaso(t, env, "audit", "verify"); !strings.Contains(out, "audit log OK") {
		t.Fatalf("the cut log on its own:\n%s", out)
	}
	out, err := xaso(t, t.Context(), env, "audit", "verify", "--anchor", anchor)
	if err == nil || !strings.Contains(out, "cut at the tail") {
		t.Fatalf("verify of a cut log against the anchor: %v\n%s", err, out)
	}
	other := map[string]string{"XASO_DATA_DIR": dir, "XASO_AUDIT_KEY_FILE": filepath.Join(t.TempDir(), "none.key")}
	if _, err := xaso(t, t.Context(), other, "audit", "verify"); err == nil || !strings.Contains(err.Error(), "no audit key") {
		t.Fatalf("verify without the key: %v", err)
	}
}
