package docs_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"xaso/internal/docs"
)

func TestWriteXLSXRoundTrip(t *testing.T) {
	s := docs.Sheet{
		Title:  "Sổ theo dõi hồ sơ: tháng 01/2026 [Bình Yên]",
		Header: []string{"STT", "Mã hồ sơ", "Người nộp", "Ngày nhận", "Hẹn trả", "Lệ phí", "Đúng hạn", "Ghi chú"},
		Widths: []float64{6, 28, 26, 12, 18, 10, 10},
	}
	received := time.Date(2026, 1, 5, 0, 0, 0, 0, hcm)
	due := time.Date(2026, 1, 6, 14, 0, 0, 0, hcm)
	data := [][]any{
		{1, "000.00.12.H56-260105-0001", "Nguyễn Thị Hồng Nhung", received, due, 8000, true, nil},
		{2, "000.00.12.H56-260105-0002", norm.NFD.String("Đặng Văn Ưng"), received, due, 12500.5, false, "Lường Thị Ơn ủy quyền"},
	}
	var buf bytes.Buffer
	err := docs.WriteXLSX(&buf, s, func(yield func([]any) error) error {
		for _, r := range data {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if want := "Sổ theo dõi hồ sơ tháng 012026"; len(sheets) != 1 || sheets[0] != want {
		t.Fatalf("sheets %q, want one named %q", sheets, want)
	}
	sh := sheets[0]
	cell := func(ref string) string {
		v, err := f.GetCellValue(sh, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	raw := func(ref string) string {
		v, err := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for ref, want := range map[string]string{
		"A1": s.Title, "A2": "STT", "C2": "Người nộp", "H2": "Ghi chú",
		"B3": "000.00.12.H56-260105-0001", "C3": "Nguyễn Thị Hồng Nhung",
		"C4": "Đặng Văn Ưng", // NFD in, NFC out
		"D3": "05/01/2026", "E3": "06/01/2026 14:00", "G3": "TRUE", "H3": "", "H4": "Lường Thị Ơn ủy quyền",
	} {
		if got := cell(ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	// Numbers are numbers and dates are real Excel dates, not text.
	if got := raw("F4"); got != "12500.5" {
		t.Errorf("F4 raw = %q, want 12500.5", got)
	}
	if got := raw("A4"); got != "2" {
		t.Errorf("A4 raw = %q, want 2", got)
	}
	for ref, want := range map[string]time.Time{"D3": received, "E3": due} {
		serial, err := strconv.ParseFloat(raw(ref), 64)
		if err != nil {
			t.Fatalf("%s is not a number: %q", ref, raw(ref))
		}
		got, err := excelize.ExcelDateToTime(serial, false)
		if err != nil {
			t.Fatal(err)
		}
		if w := want.Format("2006-01-02 15:04"); got.Format("2006-01-02 15:04") != w {
			t.Errorf("%s = %v, want %s (wall time in its own zone)", ref, got, w)
		}
	}
	for _, ref := range []string{"A1", "B2"} {
		id, err := f.GetCellStyle(sh, ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Font == nil || !st.Font.Bold {
			t.Errorf("%s is not bold", ref)
		}
	}
	if w, _ := f.GetColWidth(sh, "B"); w != 28 {
		t.Errorf("column B width %v, want 28", w)
	}
}

func TestSheetName(t *testing.T) {
	for in, want := range map[string]string{
		"Sổ đăng ký":                "Sổ đăng ký",
		"Hồ sơ [01/2026]: *mới*?\\": "Hồ sơ 012026 mới",
		"'Danh sách'":               "Danh sách",
		"Sổ theo dõi hồ sơ tiếp nhận và trả kết quả": "Sổ theo dõi hồ sơ tiếp nhận và",
		norm.NFD.String("Lường Thị Ơn"):              "Lường Thị Ơn",
		"":                                           "Sheet1",
		"[]:*?/\\":                                   "Sheet1",
	} {
		got := docs.SheetName(in)
		if got != want {
			t.Errorf("SheetName(%q) = %q, want %q", in, got, want)
		}
		if n := len([]rune(got)); n > 31 {
			t.Errorf("SheetName(%q) has %d characters", in, n)
		}
	}
}

func TestWriteXLSXStopsOnRowError(t *testing.T) {
	stop := errors.New("database gone")
	err := docs.WriteXLSX(&bytes.Buffer{}, docs.Sheet{Title: "x"}, func(yield func([]any) error) error {
		if err := yield([]any{"a"}); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Errorf("err = %v, want %v", err, stop)
	}
}

// TestWriteXLSXStreamsInBoundedMemory writes 100 000 rows (about 40 MB of sheet XML) and
// checks that the heap stays bounded: excelize's stream writer keeps at most 16 MiB of rows in
// memory and spills the rest to a temporary file.
func TestWriteXLSXStreamsInBoundedMemory(t *testing.T) {
	const rows = 100_000
	const limit = 64 << 20
	if testing.Short() {
		t.Skip("writes 100 000 rows")
	}
	path := filepath.Join(t.TempDir(), "register.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()

	runtime.GC()
	var ms runtime.MemStats
	peak := uint64(0)
	// After a collection HeapInuse is what the writer holds; without one it would also count
	// garbage awaiting the collector, which depends on GOGC rather than on the writer.
	sample := func() {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	day := time.Date(2026, 1, 1, 7, 30, 0, 0, hcm)
	names := []string{"Nguyễn Thị Hồng Nhung", "Đặng Văn Ưng", "Lường Thị Ơn"}
	err = docs.WriteXLSX(out, docs.Sheet{
		Title:  "Sổ theo dõi hồ sơ năm 2026",
		Header: []string{"STT", "Mã hồ sơ", "Người nộp", "Thủ tục", "Ngày nhận", "Lệ phí"},
	}, func(yield func([]any) error) error {
		for i := 1; i <= rows; i++ {
			err := yield([]any{
				i,
				fmt.Sprintf("000.00.12.H56-%s-%04d", day.Format("060102"), i%10000),
				names[i%len(names)],
				"Chứng thực bản sao từ bản chính giấy tờ, văn bản",
				day.Add(time.Duration(i) * time.Minute),
				float64(i%7) * 2500,
			})
			if err != nil {
				return err
			}
			if i%10_000 == 0 {
				sample()
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sample()
	t.Logf("peak heap in use while writing %d rows: %.1f MiB", rows, float64(peak)/(1<<20))
	if peak > limit {
		t.Errorf("heap in use reached %.1f MiB, want under %d MiB", float64(peak)/(1<<20), limit>>20)
	}

	// Read it back as a stream too: every row is there, the last one intact.
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	it, err := f.Rows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last []string
	for it.Next() {
		n++
		if last, err = it.Columns(excelize.Options{RawCellValue: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := it.Close(); err != nil {
		t.Fatal(err)
	}
	if n != rows+2 {
		t.Errorf("%d rows read back, want %d (title, header, data)", n, rows+2)
	}
	if len(last) < 3 || last[0] != strconv.Itoa(rows) || last[2] != names[rows%len(names)] {
		t.Errorf("last row %q", last)
	}
}
