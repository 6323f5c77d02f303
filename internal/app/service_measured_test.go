package app_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db/dbtest"
)

// Issue 13's whole path: a birth registration returned at the desk yields, through the outbox,
// a dossier waiting on the counter tablet and a congratulation letter in the print queue; the
// resident's low rating on the tablet becomes a conduct report for the chairman; and the
// leader's pages show the officer's figures and, once a survey is closed, the SIPAS index.
func TestFriendlyServiceMeasured(t *testing.T) {
	f := newRatingFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	desk, lead := f.client(auth.Desk), f.client(auth.Leader)
	code := lettersReturnBirth(t, f)

	checkPage(f, desk, "GET", "/danh-gia/quay", nil, http.StatusOK, code, "Đăng ký khai sinh")
	checkPage(f, desk, "GET", "/thu/in", nil, http.StatusOK, "Chúc mừng đăng ký khai sinh", "Nông Thị Hoa")

	checkPage(f, desk, "POST", "/danh-gia/quay", url.Values{"dossier": {code}, "level": {"1"}}, http.StatusOK, "Xin ông/bà cho biết lý do")
	if st, loc, _ := f.post(desk, "/danh-gia/quay", url.Values{"dossier": {code}, "level": {"1"}, "step": {"why"},
		"reason": {"attitude"}, "comment": {"Cán bộ nói trống không."}}); st != http.StatusSeeOther || loc != "/danh-gia/quay/cam-on" {
		t.Fatalf("the tablet rating: %d %s", st, loc)
	}
	if _, err := f.a.Events.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	checkPage(f, lead, "GET", "/ung-xu", nil, http.StatusOK, "Người thử desk")
	checkPage(f, lead, "GET", "/danh-gia", nil, http.StatusOK, "Người thử desk", "Đăng ký khai sinh")

	if err := f.a.SeedServiceDemo(ctx, f.commune.ID, audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}); err != nil {
		t.Fatal(err)
	}
	checkPage(f, lead, "GET", "/chi-so-hai-long", nil, http.StatusOK, "Chỉ số theo năm so với mục tiêu", "87,00 %", "85,00 %", "Đạt mục tiêu")
	checkPage(f, f.client(""), "GET", "/chi-so-hai-long/ket-qua", nil, http.StatusOK, "87,00 %")
}
