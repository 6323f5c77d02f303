package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/fold"
)

// The disclosure portal's benchmark (issue 10): the public list, its searches and one
// disclosure over 50,000 published disclosures, beside the bare handler of the same run
// (x-bare-time: how many bare requests one costs), with the list's weight gzip-compressed:
//
//	go test ./cmd/xaso/ -run '^$' -bench 'DisclosurePortal' -benchtime 2s
//
// XASO_TEST_PG runs it on PostgreSQL too.

// titles are the shapes of the seeded disclosures' titles, one per category of Art. 11.
var disclosureTitles = []string{
	"Kế hoạch phát triển kinh tế - xã hội năm %d, bản số %d",
	"Dự toán ngân sách xã năm %d, báo cáo số %d",
	"Quy hoạch sử dụng đất đai năm %d, phương án số %d",
	"Quy chế thực hiện dân chủ ở xã, sửa đổi năm %d lần %d",
	"Các khoản huy động Nhân dân đóng góp năm %d, đợt %d",
	"Thanh lý tài sản công năm %d, lô %d",
	"Danh sách hộ nghèo được hỗ trợ năm %d, đợt %d",
	"Cứu trợ thiệt hại do bão năm %d, đợt %d",
	"Danh sách gọi công dân nhập ngũ năm %d, đợt %d",
	"Kết quả kiểm tra cán bộ năm %d, kết luận số %d",
	"Lấy ý kiến Nhân dân về dự thảo năm %d, nội dung %d",
	"Mức thu phí chợ năm %d, quyết định số %d",
	"Thủ tục hành chính do xã giải quyết năm %d, danh mục %d",
	"Thông báo khác năm %d, số %d",
}

// seedDisclosures writes n published disclosures straight into the table, in transactions
// of 2,000, published over the last three years. It bypasses the room's service (whose
// audit entries, events and duties a read benchmark does not need) and so builds the
// search text as the room does: fold.Join of the title, the summary and the body's text.
func seedDisclosures(b *testing.B, d *db.DB, communeID string, n int) (lastID string) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	today := calendar.DateOf(time.Now())
	for done := 0; done < n; {
		err := d.Tx(ctx, func(tx *db.Tx) error {
			for i := 0; i < 2000 && done < n; i++ {
				cat := done%14 + 1
				on := today.AddDays(-(done % 1000))
				title := fmt.Sprintf(disclosureTitles[cat-1], on.Year, done)
				summary := "Ủy ban nhân dân xã công khai để Nhân dân biết, theo dõi và giám sát."
				body := "<p>Toàn văn được niêm yết tại trụ sở Ủy ban nhân dân xã và nhà văn hóa các xóm.</p>"
				at := on.Time().Add(time.Duration(done%600) * time.Second).UTC()
				lastID = fmt.Sprintf("0190d000-0000-7000-8000-%012d", done)
				if _, err := tx.Exec(ctx, `INSERT INTO disclosures (commune_id, id, category_no, title, summary, body, attachments, decision_date,
					status, version, published_on, first_published_on, published_at, search_fold, created_at, created_by, updated_at, updated_by)
					VALUES ($1, $2, $3, $4, $5, $6, '[]', $7, 'published', 1, $8, $8, $9, $10, $9, 'Cán bộ thử', $9, 'Cán bộ thử')`,
					communeID, lastID, cat, title, summary, body, on.AddDays(-2).String(), on.String(), at,
					fold.Join(title, summary, "Toàn văn được niêm yết tại trụ sở Ủy ban nhân dân xã và nhà văn hóa các xóm.")); err != nil {
					return err
				}
				done++
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if d.Engine == db.Postgres {
		if _, err := d.Exec(ctx, `VACUUM ANALYZE disclosures`); err != nil {
			b.Fatal(err)
		}
	} else if _, err := d.Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d disclosures in %s", n, time.Since(start).Round(time.Millisecond))
	return lastID
}

// gzipSize is the size of the page at url once gzip-compressed (level 6, what a proxy uses).
func gzipSize(b *testing.B, url string) (raw, compressed int) {
	b.Helper()
	resp, err := http.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d", url, resp.StatusCode)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, 6)
	zw.Write(body)
	zw.Close()
	return len(body), buf.Len()
}

func BenchmarkDisclosurePortal(b *testing.B) {
	benchEngines(b, func(b *testing.B, d *db.DB) {
		pb := newPetitionBench(b, d)
		if _, err := pb.a.Disclosure.Categories(context.Background(), pb.cid); err != nil {
			b.Fatal(err)
		}
		last := seedDisclosures(b, d, pb.cid, 50000)
		bareNs := bareBaseline(b)
		for _, page := range []string{"/cong-khai", "/cong-khai?trang=100", "/cong-khai?muc=2", "/cong-khai?q=ngan+sach",
			"/cong-khai?q=dat+dai+2025", "/cong-khai?q=khong+co+tu+nay", "/cong-khai/" + last, "/cong-khai/tin.atom"} {
			b.Run("GET "+page, func(b *testing.B) {
				benchGet(b, pb.srv.URL+page)
				reportRatio(b, bareNs)
				// After the timed part: ResetTimer drops the metrics reported before it.
				if strings.HasPrefix(page, "/cong-khai?") || page == "/cong-khai" {
					raw, gz := gzipSize(b, pb.srv.URL+page)
					b.ReportMetric(float64(gz)/1024, "KB-gzip")
					b.ReportMetric(float64(raw)/1024, "KB-raw")
				}
			})
		}
	})
}
