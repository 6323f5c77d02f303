package commune_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
)

var importOpts = commune.ImportOptions{Today: today}

const validCSV = `Xóm,Số hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh,Điện thoại,Quan hệ với chủ hộ,Địa chỉ
Xóm Đồng Kệu,101,Nguyễn Văn An,12/05/1975,Nam,019075000101,0912345678,Chủ hộ,"Xóm Đồng Kệu, xã Bình Yên"
Xóm Đồng Kệu,101,Hoàng Thị Bích,1978-09-02,Nữ,019 178 000 102,,Vợ,
Đồng Kệu,101,Nguyễn Đức Cường,01/01/2012,Nam,,,Con,

Nà Lá,102,Ma Văn Dũng,3/4/1960,nam,019060000103,+84 987 654 321,chủ hộ,Xóm Nà Lá
`

// importCommune makes a commune with two hamlets and one registered household ("0001",
// head's ID number 019075000001).
func importCommune(t *testing.T, d *db.DB) (*commune.Store, commune.Commune) {
	t.Helper()
	s := newStore(d)
	c := mkCommune(t, d, "BY")
	hm := mkHamlet(t, s, c.ID, "Xóm Đồng Kệu")
	mkHamlet(t, s, c.ID, "Xóm Nà Lá")
	if _, err := s.CreateHousehold(context.Background(), c.ID, officer, family("0001", hm.ID, "01907500")); err != nil {
		t.Fatal(err)
	}
	return s, c
}

func parse(t *testing.T, name, content string) *commune.ImportPreview {
	t.Helper()
	p, err := commune.ParseImport(name, strings.NewReader(content), importOpts)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return p
}

// errorSet renders row errors as "row/column/key" for comparison.
func errorSet(es []commune.RowError) []string {
	var out []string
	for _, e := range es {
		out = append(out, fmt.Sprintf("%d/%s/%s", e.Row, e.Column, e.Key))
	}
	return out
}

func TestImportValidCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c := importCommune(t, d)
		p := parse(t, "ho-gia-dinh.csv", validCSV)
		if !p.OK() || len(p.Households) != 2 || p.Residents() != 4 || p.Rows != 4 || p.Format != "csv" {
			t.Fatalf("preview: %+v", p)
		}
		if err := s.ValidateImport(ctx, c.ID, p); err != nil || !p.OK() {
			t.Fatalf("validate: %v %v", err, p.Errors)
		}
		res, err := s.ApplyImport(ctx, c.ID, officer, p)
		if err != nil || res.Households != 2 || res.Residents != 4 {
			t.Fatalf("apply: %+v %v", res, err)
		}
		h, err := s.HouseholdByCode(ctx, c.ID, "101")
		if err != nil {
			t.Fatal(err)
		}
		h, _ = s.GetHousehold(ctx, c.ID, h.ID)
		if h.HeadName != "Nguyễn Văn An" || h.HamletName != "Xóm Đồng Kệu" || h.Address != "Xóm Đồng Kệu, xã Bình Yên" ||
			h.Phone != "0912345678" || h.MemberCount != 3 {
			t.Fatalf("household 101: %+v", h)
		}
		if m := h.Members[1]; m.IDNumber != "019178000102" || m.BirthDate != "1978-09-02" || !m.IsVoter() || h.Members[2].IsVoter() {
			t.Fatalf("members: %+v", h.Members)
		}
		h2, _ := s.HouseholdByCode(ctx, c.ID, "102")
		if h2.HamletName != "Xóm Nà Lá" || h2.Phone != "0987654321" {
			t.Fatalf("household 102: %+v", h2)
		}
		if auditCount(t, d, c.ID, "household.import") != 1 || eventCount(t, d, c.ID, commune.TopicImportApplied) != 1 {
			t.Fatal("import not audited once")
		}
		// The same file again: every household exists now, nothing is written.
		p = parse(t, "ho-gia-dinh.csv", validCSV)
		_, err = s.ApplyImport(ctx, c.ID, officer, p)
		wantKind(t, err, errs.Invalid)
		if got := errorSet(p.Errors); len(got) < 2 || got[0] != "2/Số hộ/commune.import.household_exists" {
			t.Fatalf("second import errors: %v", got)
		}
		if n := count(t, d, `SELECT count(*) FROM residents WHERE commune_id = $1`, c.ID); n != 3+4 {
			t.Fatalf("%d residents", n)
		}
	})
}

// buildXLSX writes the file the way a commune clerk would: a title above the header, a blank
// row, dates as date cells and ID and phone numbers typed into number cells.
func buildXLSX(t *testing.T, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	rows := [][]any{
		{"DANH SÁCH HỘ GIA ĐÌNH XÃ BÌNH YÊN"},
		nil,
		{"STT", "Họ và tên", "Số hộ", "Xóm", "Ngày sinh", "Giới tính", "Số định danh", "Điện thoại", "Quan hệ với chủ hộ", "Ghi chú"},
		{1, "Lường Văn Hải", "201", "Xóm Đồng Kệu", time.Date(1970, 7, 20, 0, 0, 0, 0, time.UTC), "Nam", 19070000201, 912000111, "Chủ hộ", ""},
		{2, "Ma Thị Hoa", "201", "Xóm Đồng Kệu", "15/08/1972", "Nữ", "019172000202", "", "Vợ", ""},
		nil,
		{3, "Lường Thị Linh", "201", "Xóm Đồng Kệu", time.Date(2010, 1, 31, 0, 0, 0, 0, time.UTC), "Nữ", 1010000203, "", "Con", "số định danh bắt đầu 001"},
		{4, "Hà Văn Tâm", 202, "Xóm Nà Lá", "1990-12-01", "Nam", "", "", "Chủ hộ", ""},
	}
	for i, r := range rows {
		if r == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportValidXLSX(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c := importCommune(t, d)
		p, err := commune.ParseImport("danh-sach.xlsx", bytes.NewReader(buildXLSX(t, nil)), importOpts)
		if err != nil {
			t.Fatal(err)
		}
		if !p.OK() || p.Format != "xlsx" || p.HeaderRow != 3 || len(p.Households) != 2 || p.Residents() != 4 {
			t.Fatalf("preview: %+v", p)
		}
		m := p.Households[0].Members
		if m[0].BirthDate != "1970-07-20" || m[0].IDNumber != "019070000201" || m[0].Phone != "0912000111" ||
			m[2].BirthDate != "2010-01-31" || m[2].IDNumber != "001010000203" || m[2].Row != 7 {
			t.Fatalf("cells read back: %+v", m)
		}
		res, err := s.ApplyImport(ctx, c.ID, officer, p)
		if err != nil || res.Residents != 4 {
			t.Fatalf("apply: %+v %v", res, err)
		}
		if _, total, _ := s.ListResidents(ctx, c.ID, commune.ResidentFilter{Query: "luong"}); total != 2 {
			t.Fatalf("imported residents found: %d", total)
		}

		// Errors carry the row numbers of the sheet (title and blank rows counted).
		bad := buildXLSX(t, func(f *excelize.File) {
			f.SetCellValue("Sheet1", "F7", "X")     // gender of row 7
			f.SetCellValue("Sheet1", "I8", "Con")   // household 202 loses its head
			f.SetCellValue("Sheet1", "G5", "01917") // short ID in text
		})
		p, err = commune.ParseImport("danh-sach.xlsx", bytes.NewReader(bad), importOpts)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"5/Số định danh/commune.id_number_invalid", "7/Giới tính/commune.gender_invalid",
			"8/Quan hệ với chủ hộ/commune.import.head_missing"}
		if got := errorSet(p.Errors); !reflect.DeepEqual(got, want) {
			t.Fatalf("errors:\n got %v\nwant %v", got, want)
		}
	})
}

func TestImportWithErrorsWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c := importCommune(t, d)
		file := strings.Join([]string{
			"Số hộ;Xóm;Họ và tên;Ngày sinh;Giới tính;Số định danh;Điện thoại;Quan hệ với chủ hộ",
			"201;Xóm Đồng Kệu;Nguyễn Văn Hải;01/01/1970;Nam;019070000201;;Chủ hộ", // 2 ok
			"201;Xóm Đồng Kệu;Ma Thị Hoa;31/02/1972;Nữ;;;Vợ",                      // 3 bad date
			"201;Xóm Đồng Kệu;Nguyễn Văn Nam;01/01/1995;Nam;19095000203;;Con",     // 4 11 digits
			"201;Xóm Đồng Kệu;Nguyễn Thị Na;01/01/1997;Nữ;019070000201;;Con",      // 5 repeated ID
			"202;Xóm Nà Lá;Hà Văn Tâm;01/01/1990;Nam;;;Con",                       // 6 no head in 202
			"203;Xóm Không Có;Nông Văn Quý;01/01/1980;Nam;;;Chủ hộ",               // 7 unknown hamlet
			"201;Xóm Đồng Kệu;Nguyễn Văn Út;01/01/2001;Nam;;012345;Con",           // 8 bad phone
			"201;Xóm Đồng Kệu;Nguyễn Văn Bé;20/03/2026;Nam;;;Con",                 // 9 future
			"204;Xóm Nà Lá;Đặng Văn Lực;01/01/1981;Nam;019075000001;;Chủ hộ",      // 10 ID in database
			"0001;Xóm Nà Lá;Triệu Văn Sinh;01/01/1982;Nam;;;Chủ hộ",               // 11 household exists
			"205;Nà Lá;;01/01/1983;;;;Chủ hộ",                                     // 12 no name, no gender
			"201;Xóm Nà Lá;Nguyễn Văn Xa;01/01/1999;Nam;;;Con",                    // 13 other hamlet
			"201;Xóm Đồng Kệu;Nguyễn Văn Hai;01/01/1960;Nam;;;Chủ hộ",             // 14 second head
		}, "\r\n")
		p := parse(t, "loi.csv", file)
		if err := s.ValidateImport(ctx, c.ID, p); err != nil {
			t.Fatal(err)
		}
		want := []string{
			"3/Ngày sinh/commune.birth_date_invalid",
			"4/Số định danh/commune.import.id_number_lost_zero",
			"5/Số định danh/commune.import.id_number_repeated",
			"6/Quan hệ với chủ hộ/commune.import.head_missing",
			"7/Xóm/commune.import.hamlet_unknown",
			"8/Điện thoại/commune.mobile_invalid",
			"9/Ngày sinh/commune.birth_date_future",
			"10/Số định danh/commune.import.id_number_exists",
			"11/Số hộ/commune.import.household_exists",
			"12/Họ và tên/commune.resident.name_required",
			"12/Giới tính/commune.gender_required",
			"13/Xóm/commune.import.hamlet_differs",
			"14/Quan hệ với chủ hộ/commune.import.head_repeated",
		}
		if got := errorSet(p.Errors); !reflect.DeepEqual(got, want) {
			t.Fatalf("errors:\n got %v\nwant %v", got, want)
		}
		if e := p.Errors[2]; !reflect.DeepEqual(e.Args, []any{2}) {
			t.Fatalf("repeated ID should name the first row: %+v", e)
		}
		if e := p.Errors[4]; !reflect.DeepEqual(e.Args, []any{"Xóm Không Có"}) {
			t.Fatalf("unknown hamlet should name it: %+v", e)
		}
		before := count(t, d, `SELECT count(*) FROM audit_log WHERE commune_id = $1`, c.ID)
		_, err := s.ApplyImport(ctx, c.ID, officer, p)
		wantKind(t, err, errs.Invalid)
		if n := count(t, d, `SELECT count(*) FROM households WHERE commune_id = $1`, c.ID); n != 1 {
			t.Fatalf("%d households after a failed import", n)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE commune_id = $1`, c.ID); n != before {
			t.Fatal("a failed import was audited")
		}
		// Validating twice does not repeat the database errors.
		s.ValidateImport(ctx, c.ID, p)
		if len(p.Errors) != len(want) {
			t.Fatalf("errors after a second validation: %d", len(p.Errors))
		}
	})
}

// A preview that was valid when shown but is no longer (someone registered one of its
// households meanwhile) writes nothing.
func TestImportRechecksInsideTheTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c := importCommune(t, d)
		p := parse(t, "a.csv", validCSV)
		if err := s.ValidateImport(ctx, c.ID, p); err != nil || !p.OK() {
			t.Fatal(err, p.Errors)
		}
		hamlets, _ := s.ListHamlets(ctx, c.ID)
		if _, err := s.CreateHousehold(ctx, c.ID, officer, commune.Household{Code: "102", HamletID: hamlets[1].ID,
			Members: []commune.Resident{{FullName: "Ma Văn Dũng", BirthDate: "1960-04-03", Gender: "Nam", Relation: "Chủ hộ"}}}); err != nil {
			t.Fatal(err)
		}
		_, err := s.ApplyImport(ctx, c.ID, officer, p)
		wantKind(t, err, errs.Invalid)
		if got := errorSet(p.Errors); !reflect.DeepEqual(got, []string{"6/Số hộ/commune.import.household_exists"}) {
			t.Fatalf("errors: %v", got)
		}
		if _, err := s.HouseholdByCode(ctx, c.ID, "101"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("household 101 was written: %v", err)
		}
	})
}

func TestImportHeaderVariations(t *testing.T) {
	rows := func(header string, sep string) string {
		r := []string{
			header,
			strings.Join([]string{"Chủ hộ", "Xóm Nà Lá", "7", "Hoàng Văn Sơn", "1965-02-03", "Nam", "019065000701", "0912000777", "Xóm Nà Lá"}, sep),
			strings.Join([]string{"Vợ", "Xóm Nà Lá", "7", "Lường Thị Hà", "04/05/1968", "Nữ", "", "", ""}, sep),
		}
		return strings.Join(r, "\n") + "\n"
	}
	cases := map[string]string{
		"diacritics":                     rows("Quan hệ với chủ hộ,Xóm,Số hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh,Điện thoại,Địa chỉ", ","),
		"no diacritics, semicolons, BOM": "\ufeff" + rows("Quan he voi chu ho;XOM;so ho;Ho va ten;Ngay sinh;Gioi tinh;So dinh danh;Dien thoai;Dia chi", ";"),
		"aliases and notes":              rows(`"Quan hệ (với chủ hộ)"	Thôn/xóm	Mã hộ	Họ tên	Ngày sinh (dd/mm/yyyy)	Giới tính (*)	CCCD	SĐT	Nơi ở hiện tại`, "\t"),
		"decomposed Unicode":             rows("Quan he\u0323 vơ\u0301i chu\u0309 hô\u0323,Xo\u0301m,Sô\u0301 hô\u0323,Ho\u0323 va\u0300 tên,Nga\u0300y sinh,Giơ\u0301i ti\u0301nh,Sô\u0301 đi\u0323nh danh,Điê\u0323n thoa\u0323i,Đi\u0323a chi\u0309", ","),
		"title rows and numbering": "DANH SÁCH NHÂN KHẨU\nXóm Nà Lá\n" +
			strings.Replace(rows("Quan hệ với chủ hộ,Xóm,Số hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh,Điện thoại,Địa chỉ", ","),
				"\n", "\n(1),(2),(3),(4),(5),(6),(7),(8),(9)\n", 1),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			p := parse(t, "x.csv", content)
			if !p.OK() || len(p.Households) != 1 {
				t.Fatalf("preview: %+v", p)
			}
			h := p.Households[0]
			if h.Code != "7" || h.HamletName != "Xóm Nà Lá" || h.Address != "Xóm Nà Lá" || h.Phone != "0912000777" || len(h.Members) != 2 {
				t.Fatalf("household: %+v", h)
			}
			if m := h.Members[1]; m.FullName != "Lường Thị Hà" || m.BirthDate != "1968-05-04" || m.Relation != "Vợ" || m.Gender != "Nữ" {
				t.Fatalf("member: %+v", m)
			}
		})
	}

	t.Run("Windows-1258 and UTF-16", func(t *testing.T) {
		text := "Xom,So ho,Ho va ten,Ngay sinh,Gioi tinh,Quan he\r\nXóm Nà Lá,8,Hà Văn Tâm,01/02/1990,Nam,Chủ hộ\r\n"
		legacy, err := charmap.Windows1258.NewEncoder().String(strings.Replace(text, "Chủ hộ", "Chu ho", 1))
		if err != nil {
			t.Fatal(err)
		}
		utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(text, ",", "\t"))
		if err != nil {
			t.Fatal(err)
		}
		for _, content := range []string{legacy, utf16} {
			p := parse(t, "x.csv", content)
			if !p.OK() || p.Households[0].Members[0].FullName != "Hà Văn Tâm" || p.Households[0].HamletName != "Xóm Nà Lá" {
				t.Fatalf("preview: %+v", p)
			}
		}
	})

	t.Run("missing and repeated columns", func(t *testing.T) {
		p := parse(t, "x.csv", "Xóm,Số hộ,Họ và tên,Ngày sinh,Quan hệ,Họ tên\nA,1,B,01/01/1990,Chủ hộ,C\n")
		want := []string{"1/Họ và tên/commune.import.column_repeated", "1/Giới tính/commune.import.column_missing"}
		if got := errorSet(p.Errors); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		p = parse(t, "x.csv", "a,b,c\n1,2,3\n")
		if got := errorSet(p.Errors); !reflect.DeepEqual(got, []string{"1//commune.import.header_missing"}) {
			t.Fatalf("got %v", got)
		}
		// Issue 16 item 12: bytes that are neither UTF-8 nor a readable Windows-1258 header
		// are an encoding problem, and the user is told how to save the file.
		p = parse(t, "x.csv", "X\xf3m,S\xff h\xfe,H\xfd t\xean\nA,1,B\n")
		if got := errorSet(p.Errors); !reflect.DeepEqual(got, []string{"1//commune.import.not_utf8"}) {
			t.Fatalf("invalid UTF-8: got %v", got)
		}
	})
}

func TestImportLimits(t *testing.T) {
	big := validCSV + strings.Repeat("Xóm Nà Lá,9,Hà Văn Tâm,01/02/1990,Nam,,,Con,\n", 10)
	cases := []struct {
		name    string
		file    string
		content string
		opts    commune.ImportOptions
		kind    errs.Kind
		key     string
	}{
		{"too large", "a.csv", big, commune.ImportOptions{MaxBytes: 100}, errs.TooLarge, "commune.import.too_large"},
		{"too many rows", "a.csv", big, commune.ImportOptions{MaxRows: 10}, errs.TooLarge, "commune.import.too_many_rows"},
		{"empty", "a.csv", " \n\n", commune.ImportOptions{}, errs.Invalid, "commune.import.empty"},
		{"xls", "a.xls", "\xD0\xCF\x11\xE0rest", commune.ImportOptions{}, errs.Invalid, "commune.import.xls_unsupported"},
		{"broken xlsx", "a.xlsx", "PK\x03\x04garbage", commune.ImportOptions{}, errs.Invalid, "commune.import.xlsx_unreadable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := commune.ParseImport(tc.file, strings.NewReader(tc.content), tc.opts)
			e, ok := errs.As(err)
			if !ok || e.Kind != tc.kind || e.Key != tc.key {
				t.Fatalf("got %v, want %v %s", err, tc.kind, tc.key)
			}
		})
	}
	p := parse(t, "a.csv", big)
	if p.Rows != 14 || p.OK() {
		t.Fatalf("rows %d (household 9 has no head, so not OK)", p.Rows)
	}
}

// importFile makes a valid CSV of about rows rows (households of four).
func importFile(rows int) string {
	var b strings.Builder
	b.WriteString("Xóm,Số hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh,Điện thoại,Quan hệ với chủ hộ,Địa chỉ\n")
	rels := []string{"Chủ hộ", "Vợ", "Con", "Con"}
	genders := []string{"Nam", "Nữ", "Nam", "Nữ"}
	births := []string{"12/05/1970", "03/09/1972", "20/11/1996", "01/06/2005"}
	for i := range rows {
		hh := i / 4
		fmt.Fprintf(&b, "Xóm Nà Lá,H%05d,Nguyễn Văn Người %d,%s,%s,0191%08d,09%08d,%s,Xóm Nà Lá\n",
			hh, i, births[i%4], genders[i%4], i, i, rels[i%4])
	}
	return b.String()
}

func TestImportFiveThousandRows(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short: imports 5,000 rows")
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c := importCommune(t, d)
		content := importFile(5000)
		start := time.Now()
		p := parse(t, "big.csv", content)
		parsed := time.Since(start)
		if err := s.ValidateImport(ctx, c.ID, p); err != nil || !p.OK() {
			t.Fatal(err, p.Errors[:min(5, len(p.Errors))])
		}
		res, err := s.ApplyImport(ctx, c.ID, officer, p)
		if err != nil || res.Residents != 5000 || res.Households != 1250 {
			t.Fatalf("%+v %v", res, err)
		}
		total := time.Since(start)
		t.Logf("5,000 rows: parse %v, parse+validate+apply %v (%.0f rows/s)", parsed.Round(time.Millisecond),
			total.Round(time.Millisecond), 5000/total.Seconds())
	})
}

func FuzzParseImportCSV(f *testing.F) {
	f.Add([]byte(validCSV))
	f.Add([]byte("\ufeffXom;So ho;Ho va ten;Ngay sinh;Gioi tinh;Quan he\n1;2;3;4;5;6\n"))
	f.Add([]byte("Xóm,Số hộ,Họ và tên,Ngày sinh,Giới tính,Quan hệ\n\"a,1,b\n"))
	f.Add([]byte("Xóm,Số hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh,Quan hệ\nA,1,B,29/02/2000,Nữ,1.9E+11,Chủ hộ\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := commune.ParseImport("fuzz.csv", bytes.NewReader(data), commune.ImportOptions{Today: today, MaxRows: 200})
		if err != nil {
			e, ok := errs.As(err)
			if !ok || e.Kind == errs.Internal {
				t.Fatalf("unclassified error: %v", err)
			}
			if _, ok := commune.Messages[e.Key]; !ok {
				t.Fatalf("error key %q not in the catalogue", e.Key)
			}
			return
		}
		for _, re := range p.Errors {
			if re.Row < 1 {
				t.Fatalf("row error without a row: %+v", re)
			}
			if _, ok := commune.Messages[re.Key]; !ok {
				t.Fatalf("row error key %q not in the catalogue", re.Key)
			}
		}
		for _, h := range p.Households {
			if h.Code == "" || len(h.Members) == 0 {
				t.Fatalf("empty household in preview: %+v", h)
			}
		}
	})
}
