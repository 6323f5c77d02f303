package app_test

import (
	"context"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// Issue 9 item 8: "Việc đến hạn" lists the commune's open duties (here a dossier's), each
// officer starts from their own, the chairman from all, and the chairman's home shows the count.
func TestDutiesPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		by := onestop.Actor{ID: "u", Name: "Cán bộ một cửa", Roles: []auth.Role{auth.Desk}}
		dd, err := f.a.Onestop.Intake(ctx, f.commune.ID, by, onestop.IntakeRequest{ProcedureCode: "1.001193", Channel: 1,
			Documents: []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"},
			Applicant: onestop.Applicant{Name: "Nguyễn Văn Bé", Phone: "0912345678"}})
		if err != nil {
			t.Fatal(err)
		}
		link := `href="/ho-so/` + dd.Code + `"`
		leader, desk, spec := f.client(auth.Leader), f.client(auth.Desk), f.client(auth.Specialist)
		checkPage(f, leader, "GET", "/viec-den-han", nil, 200, link, "Giải quyết hồ sơ thủ tục hành chính", "Nghị định 118/2025/NĐ-CP", "Tổng số: 1<")
		checkPage(f, desk, "GET", "/viec-den-han", nil, 200, link) // owed by the desk office, whoever holds the desk
		if body := checkPage(f, spec, "GET", "/viec-den-han", nil, 200, "Tổng số: 0<"); strings.Contains(body, link) {
			t.Errorf("a specialist's own list shows the desk's dossier")
		}
		checkPage(f, spec, "GET", "/viec-den-han?nguoi=tat-ca", nil, 200, link)
		checkPage(f, leader, "GET", "/viec-den-han?tinh-trang=qua-han", nil, 200, "Tổng số: 0<")
		checkPage(f, leader, "GET", "/viec-den-han?trang=5", nil, 200, "Trang này không còn việc nào")
		checkPage(f, leader, "GET", "/", nil, 200, `href="/viec-den-han"`, "1 việc đang phải làm, ")
		if body := checkPage(f, f.client(""), "GET", "/", nil, 200); strings.Contains(body, "/viec-den-han") {
			t.Errorf("the public home page shows the duties card")
		}
	})
}
