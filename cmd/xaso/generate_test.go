package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/onestop"
)

// TestGenerate fills a fresh SQLite database with a few thousand dossiers over two communes:
// every dossier is written, progress is printed in tenths, the measurements run, and a real
// intake afterwards continues the generated numbering instead of colliding with it.
func TestGenerate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out bytes.Buffer
	err := runGenerate(ctx, []string{"--dossiers", "3001", "--communes", "2", "--years", "2", "--data-dir", dir}, func(string) string { return "" }, &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{" 10%", "100%", "generated 3001 dossiers", "board (Board)", "indicators, month"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	d, err := db.Open(ctx, db.DefaultDSN(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n, communes, badDue int
	if err := d.QueryRow(ctx, `SELECT count(*), count(DISTINCT commune_id) FROM dossiers`).Scan(&n, &communes); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(ctx, `SELECT count(*) FROM dossiers WHERE due_at < received_at`).Scan(&badDue); err != nil {
		t.Fatal(err)
	}
	if n != 3001 || communes != 2 || badDue != 0 {
		t.Errorf("%d dossiers in %d communes, %d due before receipt", n, communes, badDue)
	}
	c, err := pickCommune(ctx, d, "G001")
	if err != nil {
		t.Fatal(err)
	}
	svc := onestop.New(onestop.Deps{DB: d})
	desk := onestop.Actor{ID: "u", Name: "Cán bộ", Roles: []auth.Role{auth.Desk}}
	if _, err := svc.Intake(ctx, c.ID, desk, onestop.IntakeRequest{ProcedureCode: "1.001193", Channel: 1, Documents: []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"},
		Applicant: onestop.Applicant{Name: "Nguyễn Văn An", Phone: "0912345678"}}); err != nil {
		t.Fatalf("intake after generation: %v", err)
	}
}
