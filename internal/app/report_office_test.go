package app_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db/dbtest"
	"xaso/internal/officetest"
	"xaso/internal/onestop"
)

// The year-end report downloaded as DOCX opens in LibreOffice: converted to PDF with
// `soffice --headless`, its text has the letterhead, the plan's sections with the figures,
// the summary table and the signature block, in Vietnamese.
func TestYearEndReportOpensInLibreOffice(t *testing.T) {
	officetest.Office(t)
	f := newFixture(t, dbtest.SQLite(t))
	if _, err := onestop.SeedDemoDossiers(context.Background(), f.d, f.commune.ID, rand.New(rand.NewPCG(9, 10)), 40); err != nil {
		t.Fatal(err)
	}
	st, _, docx := f.getBytes(f.client(auth.Leader), "/bao-cao/tai?ky=nam&dinh-dang=docx")
	if st != 200 {
		t.Fatalf("docx: %d", st)
	}
	pdf := officetest.Convert(t, map[string][]byte{"bao-cao-nam": docx})["bao-cao-nam"]
	text := strings.Join(strings.Fields(officetest.Text(t, pdf, false)), " ")
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "I. KẾT QUẢ THỰC HIỆN",
		"III.1.2. Giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông", "Hồ sơ thủ tục hành chính giải quyết đúng hạn",
		"Bảng tổng hợp các chỉ tiêu", "II. ĐÁNH GIÁ CHUNG", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nơi nhận:"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report, opened in LibreOffice, lacks %q", want)
		}
	}
}
