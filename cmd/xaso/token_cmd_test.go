package main

import (
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
)

// TestTokenListAndRevoke: `xaso token list` shows a token's id, owner, name and expiry (never
// its secret) and `xaso token revoke ID` ends it; neither command existed on today's main.
func TestTokenListAndRevoke(t *testing.T) {
	dir, env := demoDir(t)
	mustXaso(t, env, "user", "add", "--name", "admin", "--full-name", "Quản trị", "--roles", "admin", "--password", "matkhau123")
	tok := strings.TrimSpace(mustXaso(t, env, "token", "create", "--user", "admin", "--name", "cổng tỉnh", "--days", "30"))
	out := mustXaso(t, env, "token", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "\tadmin\tcổng tỉnh\t") || strings.Contains(out, tok) {
		t.Fatalf("token list printed:\n%s", out)
	}
	id, _, _ := strings.Cut(lines[1], "\t")
	if _, err := xaso(t, t.Context(), env, "token", "create", "--user", "admin", "--days", "9999"); err == nil {
		t.Error("a 9999-day token was issued")
	}
	if _, err := xaso(t, t.Context(), env, "token", "revoke", "khong-co"); err == nil || !strings.Contains(err.Error(), `no token "khong-co"`) {
		t.Errorf("revoke of an unknown id: %v", err)
	}
	if out := mustXaso(t, env, "token", "revoke", id); out != "token "+id+" revoked\n" {
		t.Errorf("revoke printed %q", out)
	}
	d := openDB(t, db.DefaultDSN(dir))
	c, err := commune.FirstCommune(t.Context(), d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auth.NewStore(d, auth.DefaultHasher).TokenUser(t.Context(), c.ID, tok); err == nil {
		t.Fatal("a revoked token still works")
	}
	if out := mustXaso(t, env, "token", "list"); strings.Count(out, "\n") != 1 {
		t.Errorf("after revoke, token list printed:\n%s", out)
	}
}

func TestTrustedProxyFlag(t *testing.T) {
	var p proxyFlag
	if err := p.Set("10.0.0.0/8,127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("::1"); err != nil {
		t.Fatal(err)
	}
	if err := p.Set("proxy.local"); err == nil {
		t.Fatal("a host name accepted as a proxy range")
	}
	got, err := p.prefixes()
	if err != nil || len(got) != 3 {
		t.Fatalf("flags: %v %v", got, err)
	}
	env := proxyFlag{env: "192.168.0.0/16"}
	if got, err := env.prefixes(); err != nil || len(got) != 1 || got[0].String() != "192.168.0.0/16" {
		t.Fatalf("from XASO_TRUSTED_PROXY: %v %v", got, err)
	}
	if _, err := xaso(t, t.Context(), map[string]string{"XASO_DATA_DIR": t.TempDir()}, "serve", "--trusted-proxy", "not-a-range"); err == nil || !strings.Contains(err.Error(), "not-a-range") {
		t.Fatalf("serve with a bad proxy: %v", err)
	}
}
