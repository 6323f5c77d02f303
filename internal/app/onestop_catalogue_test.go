package app_test

import (
	"strings"
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// Issue 8 item 16: the portal counts the catalogue as the README and the API do (34 in force on
// the fixture's day: 32 standing and 2 temporary under Decree 120/2025), a page
// past the end says one thing, and a search by words finds "Đăng ký lại khai sinh".
func TestOnestopCatalogueListAgrees(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		anon := f.client("")
		osPage(t, f, anon, "GET", "/thu-tuc", nil, 200, "Tìm thấy 34 thủ tục")
		body := osPage(t, f, anon, "GET", "/thu-tuc?trang=9", nil, 200, "Trang này không có kết quả; có 34 thủ tục", `href="/thu-tuc">`)
		for _, bad := range []string{"Tìm thấy", "Không có thủ tục nào phù hợp"} {
			if strings.Contains(body, bad) {
				t.Errorf("page past the end also says %q", bad)
			}
		}
		osPage(t, f, anon, "GET", "/thu-tuc?q="+strings.ReplaceAll("đăng ký khai sinh", " ", "+"), nil, 200, "Đăng ký lại khai sinh")
		osPage(t, f, anon, "GET", "/thu-tuc?q=xyzzy", nil, 200, "Không có thủ tục nào phù hợp")
		// A procedure the desk does not receive is guidance: shown, not open to submission.
		body = osPage(t, f, anon, "GET", "/thu-tuc/1.004222", nil, 200, "Đăng ký thường trú", "Công an cấp xã", "không tiếp nhận")
		if strings.Contains(body, "/thu-tuc/1.004222/nop") {
			t.Error("residence registration offers online submission")
		}
		osPage(t, f, anon, "GET", "/thu-tuc/1.004222/nop", nil, 404)
	})
}
