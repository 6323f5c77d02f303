package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// anchorEnv is a data directory holding the audit key and the demo commune, its database
// SQLite in the directory or PostgreSQL (XASO_TEST_PG; skipped without it), and an open
// handle on that database sealed with the directory's key.
func anchorEnv(t *testing.T, engine string) (string, map[string]string, *db.DB) {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"XASO_DATA_DIR": dir}
	dsn := db.DefaultDSN(dir)
	if engine == "postgres" {
		dsn = dbtest.PostgresDSN(t)
		env["XASO_DB"] = dsn
	}
	mustXaso(t, env, "migrate", "up")
	d, err := db.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	df := dataFlags{dataDir: dir}
	if d.ChainKey, err = df.chainKey(false); err != nil || d.ChainKey == nil {
		t.Fatalf("audit key: %v", err)
	}
	if _, err := commune.SeedDemo(t.Context(), d, rand.New(rand.NewPCG(1, 2)), commune.DemoOptions{}); err != nil {
		t.Fatal(err)
	}
	return dir, env, d
}

func fileLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ls := strings.SplitAfter(string(b), "\n")
	return ls[:len(ls)-1]
}

// Issue 15 item 6: `audit head --write` signs the heads into the data directory; someone with
// the database alone cuts the log's tail and winds its head back (which verifies on its own),
// or deletes the commune's chain: `audit verify` reads the file by itself and reports the
// break with the signed entry, and the next write refuses to sign the shortened head.
func TestAuditHeadsFileCatchesARewrittenChain(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dir, env, d := anchorEnv(t, engine)
			heads := filepath.Join(dir, audit.AnchorFileName)
			if out := mustXaso(t, env, "audit", "verify"); !strings.Contains(out, "no signed heads at "+heads) || !strings.HasSuffix(out, "audit log OK\n") {
				t.Fatalf("verify before any signed head:\n%s", out)
			}
			if out := mustXaso(t, env, "audit", "head", "--write"); !strings.Contains(out, "1 heads appended to "+heads) {
				t.Fatalf("head --write:\n%s", out)
			}
			mustXaso(t, env, "user", "add", "--name", "levanx", "--full-name", "Lê Văn X", "--roles", "desk", "--password", "matkhau123")
			mustXaso(t, env, "audit", "head", "--write")
			if n := len(fileLines(t, heads)); n != 2 {
				t.Fatalf("%d lines after two writes", n)
			}
			if out := mustXaso(t, env, "audit", "verify"); !strings.Contains(out, "2 signed heads read") || !strings.HasSuffix(out, "audit log OK\n") {
				t.Fatalf("verify of an untouched log:\n%s", out)
			}

			ctx := t.Context()
			var n int64
			if err := d.QueryRow(ctx, `SELECT seq FROM audit_head`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			var hash string
			if err := d.QueryRow(ctx, `SELECT hash FROM audit_log WHERE seq = $1`, n-2).Scan(&hash); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Exec(ctx, `DELETE FROM audit_log WHERE seq > $1`, n-2); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Exec(ctx, `UPDATE audit_head SET seq = $1, hash = $2`, n-2, hash); err != nil {
				t.Fatal(err)
			}
			signed := strconv.FormatInt(n, 10)
			out, err := xaso(t, ctx, env, "audit", "verify")
			if err == nil || !strings.Contains(err.Error(), "audit chain broken in 1 commune(s)") {
				t.Fatalf("verify of a cut log returned %v\n%s", err, out)
			}
			if !strings.Contains(out, "cut at the tail: anchored entry "+signed) || !strings.Contains(out, "last signed head: entry "+signed+" on ") ||
				strings.Contains(out, "audit log OK") {
				t.Fatalf("verify of a cut log printed:\n%s", out)
			}
			if out, err := xaso(t, ctx, env, "audit", "head", "--write"); err == nil || !strings.Contains(err.Error(), "refused to sign") || !strings.Contains(err.Error(), "entry "+signed+" was signed") {
				t.Fatalf("head --write after the cut: %v\n%s", err, out)
			}
			if n := len(fileLines(t, heads)); n != 2 {
				t.Fatalf("the shortened head was signed: %d lines", n)
			}

			// The whole chain deleted.
			d.Exec(ctx, `DELETE FROM audit_log`)
			d.Exec(ctx, `DELETE FROM audit_head`)
			out, err = xaso(t, ctx, env, "audit", "verify")
			if err == nil || !strings.Contains(out, "no audit chain") || !strings.Contains(out, "last signed head: entry "+signed) {
				t.Fatalf("verify of a deleted chain: %v\n%s", err, out)
			}

			// A heads' file named but missing is an error, not a quiet check without it.
			if _, err := xaso(t, ctx, env, "audit", "verify", "--heads", filepath.Join(t.TempDir(), "none.jsonl")); err == nil || !strings.Contains(err.Error(), "no such file") {
				t.Fatalf("verify with a missing --heads: %v", err)
			}
		})
	}
}

var seqRE = regexp.MustCompile(`"seq":(\d+)`)

// A line of the heads' file changed or deleted is reported with its line number, the chain
// is still checked against the lines before it, and no head is signed onto a broken file.
func TestAuditHeadsFileTampered(t *testing.T) {
	dir, env, _ := anchorEnv(t, "sqlite")
	heads := filepath.Join(dir, audit.AnchorFileName)
	for range 3 {
		mustXaso(t, env, "audit", "head", "--write")
	}
	ls := fileLines(t, heads)
	if len(ls) != 3 {
		t.Fatalf("%d lines after three writes", len(ls))
	}
	raised := seqRE.ReplaceAllStringFunc(ls[1], func(m string) string {
		n, _ := strconv.Atoi(seqRE.FindStringSubmatch(m)[1])
		return `"seq":` + strconv.Itoa(n+1)
	})
	for _, tt := range []struct {
		name, content, want string
	}{
		{"entry number raised on line 2", ls[0] + raised + ls[2], "line 2: signature does not match"},
		{"line 2 deleted", ls[0] + ls[2], "line 2: does not follow the line before it"},
		{"line 3 cut off", ls[0] + ls[1] + ls[2][:30], "line 3: the line is incomplete"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(heads, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := xaso(t, t.Context(), env, "audit", "verify")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("verify of a tampered file returned %v\n%s", err, out)
			}
			if !strings.Contains(out, "signed heads BROKEN") || !strings.Contains(out, "chain intact") || strings.Contains(out, "audit log OK") {
				t.Fatalf("verify of a tampered file printed:\n%s", out)
			}
			if _, err := xaso(t, t.Context(), env, "audit", "head", "--write"); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("head --write onto a tampered file: %v", err)
			}
			if b, _ := os.ReadFile(heads); string(b) != tt.content {
				t.Fatal("a tampered file was written to")
			}
		})
	}
}
