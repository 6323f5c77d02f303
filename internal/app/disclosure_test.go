package app_test

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/disclosure"
)

// publishDisclosure files and publishes a budget disclosure with a script in its body.
func (f *fixture) publishDisclosure() disclosure.Disclosure {
	f.t.Helper()
	ctx := context.Background()
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	d, err := f.a.Disclosure.Create(ctx, f.commune.ID, by, disclosure.Input{CategoryNo: 2, Title: "Dự toán ngân sách xã năm 2026",
		Summary: "Tổng thu và chi ngân sách xã năm 2026.", Body: `<p>Tổng chi: <strong>12 tỷ đồng</strong>.</p><script>alert(1)</script><p onclick="x()">Chi tiết kèm theo.</p>`})
	if err != nil {
		f.t.Fatal(err)
	}
	if d, err = f.a.Disclosure.Publish(ctx, f.commune.ID, by, d.ID, calendar.Date{}); err != nil {
		f.t.Fatal(err)
	}
	return d
}

// A resident finds the budget by typing without diacritics, reads it (no script survives),
// and its category's Atom feed lists it.
func TestDisclosurePortal(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		dd := f.publishDisclosure()
		anon := f.client("")
		status, body := f.do(anon, "GET", "/cong-khai?q=du+toan+ngan+sach", nil)
		if status != 200 || !strings.Contains(body, "Dự toán ngân sách xã năm 2026") || !strings.Contains(body, "/cong-khai/"+dd.ID) {
			t.Fatalf("search: %d", status)
		}
		if _, body := f.do(anon, "GET", "/cong-khai?q=dat+dai", nil); strings.Contains(body, "Dự toán ngân sách") {
			t.Fatal("an unrelated search found the budget")
		}
		status, body = f.do(anon, "GET", "/cong-khai/"+dd.ID, nil)
		if status != 200 || !strings.Contains(body, "<strong>12 tỷ đồng</strong>") || strings.Contains(body, "alert(1)") || strings.Contains(body, "onclick") {
			t.Fatalf("item: %d", status)
		}
		if status, _ := f.do(anon, "GET", "/cong-khai/khong-co", nil); status != 404 {
			t.Fatalf("unknown: %d", status)
		}
		status, body = f.do(anon, "GET", "/cong-khai/tin.atom?muc=2", nil)
		var feed struct {
			Title   string `xml:"title"`
			Entries []struct {
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
			} `xml:"entry"`
		}
		if status != 200 || xml.Unmarshal([]byte(body), &feed) != nil || len(feed.Entries) != 1 || feed.Entries[0].Title != dd.Title ||
			!strings.HasSuffix(feed.Entries[0].Updated, "Z") {
			t.Fatalf("feed: %d %s", status, body)
		}
		if _, body := f.do(anon, "GET", "/cong-khai/tin.atom?muc=3", nil); strings.Contains(body, "<entry>") {
			t.Fatal("another category's feed lists the budget")
		}
	})
}
