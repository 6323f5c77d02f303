package app_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strconv"
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

// The open data: the CSV and the JSON list the public disclosure with its category, and count it.
func TestDisclosureOpenData(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	dd := f.publishDisclosure()
	anon := f.client("")
	status, body := f.do(anon, "GET", "/cong-khai/du-lieu.csv", nil)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if status != 200 || err != nil || len(rows) != 2 || rows[0][0] != "id" || rows[1][0] != dd.ID || rows[1][1] != "2" || rows[1][2] != dd.Title {
		t.Fatalf("csv: %d %v %q", status, err, rows)
	}
	status, body = f.do(anon, "GET", "/cong-khai/du-lieu.json", nil)
	var data struct {
		Commune     string                          `json:"commune"`
		Disclosures []disclosure.OpenRecord         `json:"disclosures"`
		ByCategory  []struct{ Category, Count int } `json:"by_category"`
	}
	if status != 200 || json.Unmarshal([]byte(body), &data) != nil || len(data.Disclosures) != 1 || data.Disclosures[0].ID != dd.ID || len(data.ByCategory) != 14 {
		t.Fatalf("json: %d %s", status, body)
	}
	for _, c := range data.ByCategory {
		if want := map[bool]int{true: 1, false: 0}[c.Category == 2]; c.Count != want {
			t.Errorf("category %d counts %d, want %d", c.Category, c.Count, want)
		}
	}
}

// The open data reads the list a page at a time after the last row: across three pages of
// disclosures published the same day, every one comes once, newest first; the aggregates
// count per hamlet (own, and with those for the whole commune).
func TestDisclosureOpenDataPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
		hamlets, err := f.a.Disclosure.Hamlets(ctx, f.commune.ID)
		if err != nil || len(hamlets) < 2 {
			t.Fatalf("hamlets: %v %d", err, len(hamlets))
		}
		const n = 230
		var want []string
		for i := range n {
			in := disclosure.Input{CategoryNo: i%13 + 1, Title: "Thông báo số " + strconv.Itoa(i), Summary: "Nội dung."}
			if i%10 == 0 {
				in.HamletIDs = []string{hamlets[0].ID}
			}
			dd, err := f.a.Disclosure.Create(ctx, f.commune.ID, by, in)
			if err == nil {
				dd, err = f.a.Disclosure.Publish(ctx, f.commune.ID, by, dd.ID, calendar.Date{})
			}
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, dd.ID)
		}
		slices.Reverse(want) // newest first; ties on the day are broken by the moment, then the id
		_, body := f.do(f.client(""), "GET", "/cong-khai/du-lieu.csv", nil)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
		if err != nil || len(rows) != n+1 || rows[0][10] != "hamlets" {
			t.Fatalf("csv: %v, %d rows", err, len(rows))
		}
		var got []string
		for _, r := range rows[1:] {
			got = append(got, r[0])
		}
		if !slices.Equal(got, want) {
			t.Fatalf("the CSV does not list each disclosure once, newest first")
		}
		if rows[len(rows)-1][10] != hamlets[0].Name {
			t.Errorf("hamlets column %q, want %q", rows[len(rows)-1][10], hamlets[0].Name)
		}
		var data struct {
			Whole    int `json:"whole_commune"`
			ByHamlet []struct {
				ID              string `json:"hamlet_id"`
				Own, Concerning int
			} `json:"by_hamlet"`
		}
		_, body = f.do(f.client(""), "GET", "/cong-khai/du-lieu.json", nil)
		if err := json.Unmarshal([]byte(body), &data); err != nil || data.Whole != n-n/10 || len(data.ByHamlet) != len(hamlets) {
			t.Fatalf("json: %v whole=%d", err, data.Whole)
		}
		if h := data.ByHamlet[0]; h.ID != hamlets[0].ID || h.Own != n/10 || h.Concerning != n {
			t.Errorf("first hamlet: %+v", h)
		}
		if h := data.ByHamlet[1]; h.Own != 0 || h.Concerning != n-n/10 {
			t.Errorf("second hamlet: %+v", h)
		}
	})
}
