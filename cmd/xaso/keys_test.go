package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xaso/internal/db"
	"xaso/internal/petition"
	"xaso/internal/secret"
)

// The denouncer key: created on first start while nothing is sealed; with denunciations
// stored, a missing, loose or wrong key file refuses the start; `xaso key rotate` reseals.
func TestSecretKeyLifecycle(t *testing.T) {
	dir, env := demoDir(t)
	ctx := t.Context()
	df := dataFlags{dataDir: dir}
	d := openDB(t, db.DefaultDSN(dir))
	defer d.Close()
	var out strings.Builder
	ring, err := df.secretKeys(ctx, d, true, &out)
	if err != nil || ring == nil || !strings.Contains(out.String(), "secret.keys") {
		t.Fatalf("first start: %v %v %q", ring, err, out.String())
	}
	var cid string
	if err := d.QueryRow(ctx, `SELECT id FROM communes LIMIT 1`).Scan(&cid); err != nil {
		t.Fatal(err)
	}
	svc := petition.New(petition.Deps{DB: d, Keys: ring})
	if _, err := svc.File(ctx, cid, petition.Actor{ID: "t", Name: "Thử"}, petition.Intake{Kind: petition.Denunciation, Channel: petition.ChannelLetter,
		Topic: "can-bo", Content: "Tố cáo việc thu tiền trái phép ở chợ xã.", Sender: petition.Sender{Name: "Lò Văn Sáng"}}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "secret.keys")
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := df.secretKeys(ctx, d, true, &out); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a key file readable by others was taken: %v", err)
	}
	os.Chmod(path, 0o600)
	saved, _ := os.ReadFile(path)
	os.Remove(path)
	if _, err := df.secretKeys(ctx, d, true, &out); err == nil {
		t.Fatal("started with denunciations stored and no key")
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("a fresh key was made while denunciations sealed under the old one exist")
	}
	if _, err := secret.Create(path); err != nil {
		t.Fatal(err)
	}
	if _, err := df.secretKeys(ctx, d, true, &out); err == nil {
		t.Fatal("started with a key that does not open the stored denunciations")
	}
	os.Remove(path)
	if err := os.WriteFile(path, saved, 0o600); err != nil {
		t.Fatal(err)
	}
	got := mustXaso(t, env, "key", "rotate")
	if !strings.Contains(got, "1 mục") {
		t.Fatalf("rotate: %q", got)
	}
	rotated, err := secret.Load(path)
	if err != nil || len(rotated.IDs()) != 2 {
		t.Fatalf("after rotation: %v %v", rotated, err)
	}
	var sealed []byte
	if err := d.QueryRow(context.Background(), `SELECT identity_sealed FROM petitions LIMIT 1`).Scan(&sealed); err != nil || rotated.NeedsRotation(sealed) {
		t.Fatalf("still under the old key: %v", err)
	}
	if got := mustXaso(t, env, "key", "check"); !strings.Contains(got, rotated.ActiveID()) {
		t.Fatalf("check: %q", got)
	}
	// The key may come from the environment instead of the file.
	var keyLines []string
	for _, l := range strings.Split(string(mustRead(t, path)), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			keyLines = append(keyLines, l)
		}
	}
	env[secret.EnvVar] = strings.Join(keyLines, ";")
	if got := mustXaso(t, env, "key", "check"); !strings.Contains(got, rotated.ActiveID()) {
		t.Fatalf("check from the environment: %q", got)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
