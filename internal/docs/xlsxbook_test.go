package docs_test

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"xaso/internal/docs"
)

// rowsOf yields fixed rows.
func rowsOf(rows ...[]any) func(func([]any) error) error {
	return func(yield func([]any) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestWriteXLSXBookSheets(t *testing.T) {
	day := time.Date(2026, 1, 5, 0, 0, 0, 0, hcm)
	many := func(yield func([]any) error) error {
		for i := 1; i <= 3000; i++ {
			if err := yield([]any{i, fmt.Sprintf("Hồ sơ %04d", i), day.AddDate(0, 0, i%30)}); err != nil {
				return err
			}
		}
		return nil
	}
	sheets := []docs.BookSheet{
		{Sheet: docs.Sheet{Title: "Tư pháp - hộ tịch", Header: []string{"Chỉ tiêu", "Số hồ sơ", "Tỷ lệ đúng hạn (%)"}, Widths: []float64{30, 10, 12}},
			Rows: rowsOf([]any{"Đăng ký khai sinh", 120, 98.5}, []any{norm.NFD.String("Đăng ký kết hôn"), 35, 100})},
		{Sheet: docs.Sheet{Title: "Đất đai: [tháng 01/2026]", Header: []string{"Chỉ tiêu", "Số hồ sơ"}},
			Rows: rowsOf([]any{"Cấp giấy chứng nhận", 12})},
		{Sheet: docs.Sheet{Title: "TƯ PHÁP - HỘ TỊCH"}, Rows: rowsOf([]any{"trùng tên, viết hoa"})},
		{Sheet: docs.Sheet{Title: "Sổ theo dõi hồ sơ tiếp nhận và trả kết quả", Header: []string{"STT", "Hồ sơ", "Ngày"}}, Rows: many},
		{Sheet: docs.Sheet{Title: "Sổ theo dõi hồ sơ tiếp nhận và trả kết quả"}},
	}
	var buf bytes.Buffer
	if err := docs.WriteXLSXBook(&buf, sheets); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Tư pháp - hộ tịch", "Đất đai tháng 012026", "TƯ PHÁP - HỘ TỊCH (2)", "Sổ theo dõi hồ sơ tiếp nhận và", "Sổ theo dõi hồ sơ tiếp nhận (2)"}
	got := f.GetSheetList()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	for _, n := range got {
		if len([]rune(n)) > 31 {
			t.Errorf("sheet name %q longer than 31", n)
		}
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the first", f.GetActiveSheetIndex())
	}
	cell := func(sheet, ref string, raw bool) string {
		v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: raw})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct{ sheet, ref, want string }{
		{want[0], "A1", "Tư pháp - hộ tịch"}, {want[0], "C2", "Tỷ lệ đúng hạn (%)"},
		{want[0], "A3", "Đăng ký khai sinh"}, {want[0], "A4", "Đăng ký kết hôn"},
		{want[1], "A1", "Đất đai: [tháng 01/2026]"}, {want[1], "A3", "Cấp giấy chứng nhận"},
		{want[2], "A2", "trùng tên, viết hoa"},
		{want[3], "B3002", "Hồ sơ 3000"}, {want[3], "C3", "06/01/2026"},
	} {
		if got := cell(c.sheet, c.ref, false); got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.ref, got, c.want)
		}
	}
	if got := cell(want[0], "C3", true); got != "98.5" {
		t.Errorf("a number should stay a number: %q", got)
	}
	if rows, _ := f.GetRows(want[4]); len(rows) != 1 {
		t.Errorf("a sheet without rows has its title only: %q", rows)
	}
	id, _ := f.GetCellStyle(want[1], "B2")
	if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("the second sheet's header is not bold")
	}
	if w, _ := f.GetColWidth(want[0], "A"); w != 30 {
		t.Errorf("column A width %v, want 30", w)
	}
	panes, err := f.GetPanes(want[3])
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v, %v: title and header should stay in view", panes, err)
	}
}

func TestWriteXLSXBookErrors(t *testing.T) {
	if err := docs.WriteXLSXBook(&bytes.Buffer{}, nil); err == nil {
		t.Error("an empty workbook should be refused")
	}
	stop := errors.New("database gone")
	err := docs.WriteXLSXBook(&bytes.Buffer{}, []docs.BookSheet{
		{Sheet: docs.Sheet{Title: "một"}, Rows: rowsOf([]any{1})},
		{Sheet: docs.Sheet{Title: "hai"}, Rows: func(yield func([]any) error) error { return stop }},
	})
	if !errors.Is(err, stop) {
		t.Errorf("err = %v, want %v", err, stop)
	}
	// Thirty sheets of one title get thirty names.
	var ss []docs.BookSheet
	for range 30 {
		ss = append(ss, docs.BookSheet{Sheet: docs.Sheet{Title: "Nhóm chỉ tiêu về cải cách hành chính"}})
	}
	var buf bytes.Buffer
	if err := docs.WriteXLSXBook(&buf, ss); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := f.GetSheetList()
	if len(names) != 30 || names[29] != "Nhóm chỉ tiêu về cải cách (30)" {
		t.Errorf("names %q", names)
	}
	seen := map[string]bool{}
	for i, n := range names {
		if seen[n] {
			t.Errorf("name %q twice", n)
		}
		seen[n] = true
		if i > 0 && n != "Nhóm chỉ tiêu về cải cách h ("+strconv.Itoa(i+1)+")" && i < 9 {
			t.Errorf("sheet %d named %q", i+1, n)
		}
	}
}
