package app_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// TestProcedureSearchAndCount (issue 8 item 16): every word of the query counts, in any order;
// a page past the end says so instead of "found N" above "no procedure matches"; the portal and
// the API count the same procedures.
func TestProcedureSearchAndCount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		anon := f.client("")
		body := osPage(t, f, anon, "GET", "/thu-tuc?q="+"%C4%91%C4%83ng+k%C3%BD+khai+sinh", nil, 200, "Đăng ký khai sinh")
		if !strings.Contains(body, "Đăng ký lại khai sinh") {
			t.Error(`search "đăng ký khai sinh" misses "Đăng ký lại khai sinh"`)
		}
		osPage(t, f, anon, "GET", "/thu-tuc?q=khai+sinh+lai", nil, 200, "Đăng ký lại khai sinh")
		if strings.Contains(osPage(t, f, anon, "GET", "/thu-tuc?q=khai+sinh+lai", nil, 200), "Đăng ký kết hôn") {
			t.Error(`search "khai sinh lai" shows marriage registration`)
		}

		past := osPage(t, f, anon, "GET", "/thu-tuc?trang=9", nil, 200, "Không có trang 9", "trang=2")
		if strings.Contains(past, "Không có thủ tục nào phù hợp") {
			t.Error("a page past the end says no procedure matches")
		}

		m := regexp.MustCompile(`Tìm thấy (\d+) thủ tục`).FindStringSubmatch(osPage(t, f, anon, "GET", "/thu-tuc", nil, 200))
		if m == nil {
			t.Fatal("no count on /thu-tuc")
		}
		st, js, raw := f.apiAs("").call("GET", "/api/v1/procedures?per_page=100", nil)
		if st != 200 {
			t.Fatalf("api: %d %.200s", st, raw)
		}
		if got := strconv.Itoa(int(js["total"].(float64))); got != m[1] {
			t.Errorf("portal counts %s procedures, the API %s", m[1], got)
		}
	})
}
