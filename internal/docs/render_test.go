package docs_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"xaso/internal/db/dbtest"
	"xaso/internal/docs"
)

// tool finds a poppler-utils program, or skips (fails under XASO_REQUIRE_ALL=1).
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		dbtest.Require(t, name+" (poppler-utils) is not installed")
	}
	return p
}

func render(t testing.TB, d docs.Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := docs.Render(&buf, d); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

// run writes pdf to a file and runs a poppler program on it, returning its output.
func run(t *testing.T, pdf []byte, prog string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool(t, prog), append(args, path)...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", prog, args, err)
	}
	return string(out)
}

// text is the page text as pdftotext -layout reads it, in NFC.
func text(t *testing.T, pdf []byte, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args = append(append([]string{"-layout", "-enc", "UTF-8"}, args...), path, "-")
	out, err := exec.Command(tool(t, "pdftotext"), args...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return norm.NFC.String(string(out))
}

// flat collapses all white space, so that a sentence wrapped over lines reads as one.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func info(t *testing.T, pdf []byte) (pages int, size string) {
	t.Helper()
	out := run(t, pdf, "pdfinfo")
	for _, l := range strings.Split(out, "\n") {
		k, v, _ := strings.Cut(l, ":")
		switch strings.TrimSpace(k) {
		case "Pages":
			pages, _ = strconv.Atoi(strings.TrimSpace(v))
		case "Page size":
			size = strings.TrimSpace(v)
		}
	}
	return pages, size
}

func TestRenderA5Receipt(t *testing.T) {
	pdf := render(t, receipt())
	pages, size := info(t, pdf)
	if pages != 1 || !strings.HasPrefix(size, "419.53 x 595.28 pts") {
		t.Errorf("pdfinfo: %d pages of %q, want 1 page of 419.53 x 595.28 pts (A5)", pages, size)
	}
	got := text(t, pdf)
	for _, want := range []string{
		"UBND HUYỆN PHÚ LƯƠNG",
		"UBND XÃ BÌNH YÊN",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"Số: 05/PTN-UBND",
		"Bình Yên, ngày 05 tháng 01 năm 2026",
		"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
		"Nguyễn Thị Hồng Nhung",
		"Người được ủy quyền: Đặng Văn Ưng",
		"Người làm chứng: Lường Thị Ơn",
		"Số điện thoại: 0912 345 678 ....",
		"Quét mã để tra cứu tình trạng hồ sơ",
		"NGƯỜI NỘP HỒ SƠ",
		"NGƯỜI TIẾP NHẬN",
		"(Ký, ghi rõ họ tên)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("pdftotext lacks %q; got:\n%s", want, got)
		}
	}
	for _, want := range []string{"Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành hai bản.",
		"Giấy tờ tùy thân của người đi"} {
		if !strings.Contains(flat(got), want) {
			t.Errorf("pdftotext lacks the wrapped sentence %q; got:\n%s", want, got)
		}
	}
	// The page number appears from page 2 only.
	if first := strings.Fields(got)[0]; first == "1" {
		t.Errorf("page 1 is numbered")
	}

	// Fonts are embedded, and only the faces used are there (the receipt has no bold italic).
	fonts := run(t, pdf, "pdffonts")
	var names []string
	for _, l := range strings.Split(fonts, "\n")[2:] {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		names = append(names, f[0])
		if !strings.Contains(l, " yes ") {
			t.Errorf("font not embedded: %s", l)
		}
	}
	slices.Sort(names)
	if strings.Join(names, " ") != "utf8serif utf8serifB utf8serifI" {
		t.Errorf("fonts %v, want the regular, bold and italic faces only", names)
	}
}

// letters is every Vietnamese vowel with every tone, upper and lower case, and đ Đ.
func letters() []string {
	marks := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"} // ngang huyền sắc hỏi ngã nặng
	var out []string
	for _, base := range "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" {
		for _, m := range marks {
			out = append(out, string(base)+m)
		}
	}
	return append(out, "đ", "Đ", "ĐƯỢC", "ƯỚC", "ƠN")
}

func TestRenderAllVietnameseLettersInEveryStyle(t *testing.T) {
	line := norm.NFD.String(strings.Join(letters(), " "))
	if norm.NFC.IsNormalString(line) {
		t.Fatal("the input should be decomposed, else this test proves nothing")
	}
	d := docs.Doc{Size: docs.A4, Created: time.Unix(0, 0)}
	for _, st := range []docs.Style{docs.Regular, docs.Bold, docs.Italic, docs.BoldItalic} {
		d.Blocks = append(d.Blocks, docs.Paragraph{Runs: []docs.Run{{Text: line, Style: st}}, Align: docs.Left, NoIndent: true})
	}
	// pdftotext guesses spaces from gaps and drops some between one-letter words: compare
	// without them.
	got := strings.Join(strings.Fields(text(t, render(t, d))), "")
	want := strings.ReplaceAll(norm.NFC.String(line), " ", "")
	if n := strings.Count(got, want); n != 4 {
		t.Errorf("every letter should come back in each of 4 styles, found %d times\nwant %s\ngot  %s", n, want, got)
	}
}

// mapText applies f to every string of a document.
func mapText(d docs.Doc, f func(string) string) docs.Doc {
	d.Letterhead = docs.Letterhead{ParentBody: f(d.Letterhead.ParentBody), IssuingBody: f(d.Letterhead.IssuingBody), Place: f(d.Letterhead.Place)}
	d.Number, d.Title, d.Subtitle = f(d.Number), f(d.Title), f(d.Subtitle)
	sig := func(s docs.Signature) docs.Signature {
		return docs.Signature{Authority: f(s.Authority), Title: f(s.Title), Hint: f(s.Hint), Name: f(s.Name)}
	}
	blocks := make([]docs.Block, len(d.Blocks))
	for i, b := range d.Blocks {
		switch b := b.(type) {
		case docs.Paragraph:
			runs := make([]docs.Run, len(b.Runs))
			for j, r := range b.Runs {
				runs[j] = docs.Run{Text: f(r.Text), Style: r.Style}
			}
			b.Runs = runs
			blocks[i] = b
		case docs.Field:
			b.Label, b.Value = f(b.Label), f(b.Value)
			blocks[i] = b
		case docs.Table:
			cols := make([]docs.Column, len(b.Columns))
			for j, c := range b.Columns {
				c.Title = f(c.Title)
				cols[j] = c
			}
			rows := make([][]string, len(b.Rows))
			for j, r := range b.Rows {
				for _, c := range r {
					rows[j] = append(rows[j], f(c))
				}
			}
			b.Columns, b.Rows = cols, rows
			blocks[i] = b
		case docs.QR:
			b.Text, b.Caption = f(b.Text), f(b.Caption)
			blocks[i] = b
		case docs.SignatureRow:
			var ss []docs.Signature
			for _, s := range b.Signers {
				ss = append(ss, sig(s))
			}
			blocks[i] = docs.SignatureRow{Signers: ss}
		default:
			blocks[i] = b
		}
	}
	d.Blocks = blocks
	if d.Signature != nil {
		s := sig(*d.Signature)
		d.Signature = &s
	}
	var rs []string
	for _, r := range d.Recipients {
		rs = append(rs, f(r))
	}
	d.Recipients = rs
	return d
}

func TestDecomposedInputRendersLikeComposed(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  docs.Doc
	}{{"A5 receipt", receipt()}, {"A4 register", register(30)}} {
		t.Run(tc.name, func(t *testing.T) {
			nfd := mapText(tc.doc, norm.NFD.String)
			if nfd.Blocks[0].(docs.Paragraph).Runs[0].Text == tc.doc.Blocks[0].(docs.Paragraph).Runs[0].Text {
				t.Fatal("the NFD document should differ from the NFC one")
			}
			composed, decomposed := render(t, tc.doc), render(t, nfd)
			if !bytes.Equal(composed, decomposed) {
				t.Errorf("NFD input gives a different PDF (%d bytes) from NFC input (%d bytes)", len(decomposed), len(composed))
			}
			if a, b := text(t, composed), text(t, decomposed); a != b {
				t.Errorf("extracted text differs:\nNFC: %s\nNFD: %s", a, b)
			}
		})
	}
}

func TestRenderA4TableAcrossPages(t *testing.T) {
	const rows = 120
	pdf := render(t, register(rows))
	pages, size := info(t, pdf)
	if pages < 3 || !strings.HasPrefix(size, "595.28 x 841.89 pts") {
		t.Fatalf("pdfinfo: %d pages of %q, want at least 3 pages of A4 595.28 x 841.89 pts", pages, size)
	}
	code := regexp.MustCompile(`260105-(\d{4})`)
	next := 1
	for p := 1; p <= pages; p++ {
		n := strconv.Itoa(p)
		page := text(t, pdf, "-f", n, "-l", n)
		first := strings.Fields(page)[0]
		if p == 1 && first == "1" || p > 1 && first != n {
			t.Errorf("page %d starts with %q; want its number centred at the top from page 2", p, first)
		}
		codes := code.FindAllStringSubmatch(page, -1)
		if len(codes) > 0 && !(strings.Contains(page, "STT") && strings.Contains(page, "Người nộp") && strings.Contains(page, "Mã hồ sơ")) {
			t.Errorf("page %d has table rows but no header row:\n%s", p, page)
		}
		for _, c := range codes {
			if got, _ := strconv.Atoi(c[1]); got != next {
				t.Fatalf("page %d: row %d where row %d was expected", p, got, next)
			}
			next++
		}
	}
	if next != rows+1 {
		t.Errorf("found %d rows, want %d", next-1, rows)
	}
	last := text(t, pdf, "-f", strconv.Itoa(pages), "-l", strconv.Itoa(pages))
	// Decree 30/2020: "Nơi nhận" on the left at the height of the signing authority.
	if !regexp.MustCompile(`Nơi nhận:\s+TM\. ỦY BAN NHÂN DÂN`).MatchString(last) {
		t.Errorf("closing: want \"Nơi nhận:\" beside \"TM. ỦY BAN NHÂN DÂN\"; got:\n%s", last)
	}
	for _, want := range []string{"CHỦ TỊCH", "Lường Thị Ơn", "- UBND tỉnh Thái Nguyên (b/c);", "- Lưu: VT, VP."} {
		if !strings.Contains(last, want) {
			t.Errorf("last page lacks %q:\n%s", want, last)
		}
	}
	all := text(t, pdf)
	for _, want := range []string{"Bình Yên, ngày 09 tháng 3 năm 2026", "Số: 12/BC-UBND", "BÁO CÁO", "Tình hình tiếp nhận và giải quyết hồ sơ tháng 01 năm 2026"} {
		if !strings.Contains(all, want) {
			t.Errorf("document lacks %q", want)
		}
	}
}

func TestRenderRowTallerThanAPage(t *testing.T) {
	var lines []string
	for i := 1; i <= 90; i++ {
		lines = append(lines, fmt.Sprintf("dòng %03d", i))
	}
	d := docs.Doc{Size: docs.A5, Created: time.Unix(0, 0), Blocks: []docs.Block{docs.Table{
		Columns: []docs.Column{{Title: "Nội dung"}, {Title: "Ghi chú"}},
		Rows:    [][]string{{"trước", ""}, {strings.Join(lines, "\n"), "ô bên"}, {"sau", ""}},
	}}}
	pdf := render(t, d)
	if pages, _ := info(t, pdf); pages < 2 {
		t.Fatalf("%d pages; a 90-line row should span more than one A5 page", pages)
	}
	got := text(t, pdf)
	idx := regexp.MustCompile(`dòng (\d{3})`).FindAllStringSubmatch(got, -1)
	if len(idx) != 90 {
		t.Fatalf("found %d of 90 lines", len(idx))
	}
	for i, m := range idx {
		if m[1] != fmt.Sprintf("%03d", i+1) {
			t.Fatalf("line %d reads %s: out of order", i+1, m[1])
		}
	}
	if strings.Index(got, "trước") > strings.Index(got, "dòng 001") || strings.Index(got, "sau") < strings.Index(got, "dòng 090") {
		t.Errorf("rows out of order:\n%s", got)
	}
}

func TestRenderOddText(t *testing.T) {
	d := docs.Doc{Size: docs.A5, Created: time.Unix(0, 0), Blocks: []docs.Block{
		docs.Paragraph{Runs: []docs.Run{{Text: "tab\tnul\x00emoji🙂bad\xffend"}}, NoIndent: true},
		docs.Para(strings.Repeat("0123456789", 20)),
		docs.Para(""),
		docs.Field{Label: "Địa chỉ:", Leaders: true},
		docs.Space{MM: 500},
		docs.PageBreak{},
		docs.SignatureRow{},
		docs.Table{},
	}}
	pdf := render(t, d)
	got := text(t, pdf)
	if !strings.Contains(got, "tab nulemoji?bad?end") {
		t.Errorf("control characters and runes the PDF cannot encode should become spaces, nothing or ?; got:\n%s", got)
	}
	if !strings.Contains(flat(got), "Địa chỉ: ....") || strings.Contains(got, "Địa chỉ::") {
		t.Errorf("field label: got:\n%s", got)
	}
	// A long unbroken word is cut to the text width rather than running off the page.
	if !strings.Contains(strings.ReplaceAll(flat(got), " ", ""), strings.Repeat("0123456789", 20)) {
		t.Errorf("long word lost; got:\n%s", got)
	}
	for _, l := range strings.Split(got, "\n") {
		if strings.Contains(l, "0123456789") && len(l) > 120 {
			t.Errorf("long word not cut: %q", l)
		}
	}
	if pages, _ := info(t, pdf); pages != 3 {
		t.Errorf("%d pages, want 3 (space overflowing the page, then a page break)", pages)
	}
}

func TestRenderRejects(t *testing.T) {
	for name, d := range map[string]docs.Doc{
		"unknown size": {Size: docs.Size(9)},
		"row too wide": {Blocks: []docs.Block{docs.Table{Columns: []docs.Column{{Title: "a"}}, Rows: [][]string{{"1", "2"}}}}},
	} {
		var buf bytes.Buffer
		if err := docs.Render(&buf, d); err == nil {
			t.Errorf("%s: no error", name)
		} else if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", name, buf.Len())
		}
	}
}

func TestPlaceDate(t *testing.T) {
	for _, tc := range []struct {
		place string
		date  time.Time
		want  string
	}{
		{"Bình Yên", time.Date(2026, 1, 5, 23, 0, 0, 0, hcm), "Bình Yên, ngày 05 tháng 01 năm 2026"},
		{"Bình Yên", time.Date(2026, 2, 28, 0, 0, 0, 0, hcm), "Bình Yên, ngày 28 tháng 02 năm 2026"},
		{"Bình Yên", time.Date(2026, 3, 9, 0, 0, 0, 0, hcm), "Bình Yên, ngày 09 tháng 3 năm 2026"},
		{"Bình Yên", time.Date(2026, 10, 10, 0, 0, 0, 0, hcm), "Bình Yên, ngày 10 tháng 10 năm 2026"},
		{" Bình Yên ", time.Date(2026, 12, 31, 0, 0, 0, 0, hcm), "Bình Yên, ngày 31 tháng 12 năm 2026"},
		{"", time.Date(2025, 9, 2, 0, 0, 0, 0, hcm), "ngày 02 tháng 9 năm 2025"},
		{"Bình Yên", time.Time{}, "Bình Yên, ngày ..... tháng ..... năm ......."},
	} {
		if got := docs.PlaceDate(tc.place, tc.date); got != tc.want {
			t.Errorf("PlaceDate(%q, %v) = %q, want %q", tc.place, tc.date, got, tc.want)
		}
	}
}

func BenchmarkRenderA5Receipt(b *testing.B) {
	d := receipt()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := docs.Render(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "pdf-bytes")
}

// TestRenderStaysInsideMargins reads every word's box and checks the Decree 30/2020 margins:
// A4 top/bottom 20 mm, left 30 mm, right 15 mm; A5 15, 20 and 10 mm. Only page numbers sit in
// the top margin.
func landscape(d docs.Doc) docs.Doc { d.Landscape = true; return d }

// TestRenderLandscape: a turned A4 is 297 mm wide, the form line is drawn top right.
func TestRenderLandscape(t *testing.T) {
	d := landscape(register(5))
	d.Form = "Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)"
	pdf := render(t, d)
	if _, size := info(t, pdf); !strings.HasPrefix(size, "841.89 x 595.28 pts") {
		t.Errorf("page size %q, want A4 landscape 841.89 x 595.28 pts", size)
	}
	if got := flat(text(t, pdf)); !strings.Contains(got, "Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)") {
		t.Errorf("no form line:\n%s", got)
	}
}

func TestRenderStaysInsideMargins(t *testing.T) {
	const mm = 72 / 25.4
	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	for _, tc := range []struct {
		name                     string
		doc                      docs.Doc
		w, h                     float64
		top, bottom, left, right float64
	}{
		{"A5 receipt", receipt(), 148, 210, 20, 20, 30, 15},
		{"A4 register", register(60), 210, 297, 20, 20, 30, 15},
		{"A4 landscape register", landscape(register(60)), 297, 210, 20, 20, 30, 15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := text(t, render(t, tc.doc), "-bbox")
			words := word.FindAllStringSubmatch(out, -1)
			if len(words) < 50 {
				t.Fatalf("only %d words read", len(words))
			}
			const slack = 0.5 // points
			for _, w := range words {
				f := func(i int) float64 { v, _ := strconv.ParseFloat(w[i], 64); return v / mm }
				x0, y0, x1, y1, s := f(1), f(2), f(3), f(4), w[5]
				if x0 < tc.left-slack/mm || x1 > tc.w-tc.right+slack/mm || y1 > tc.h-tc.bottom+slack/mm {
					t.Errorf("%q at x %.1f–%.1f mm, y %.1f–%.1f mm: outside the margins", s, x0, x1, y0, y1)
				}
				if _, err := strconv.Atoi(s); y0 < tc.top-slack/mm && err != nil {
					t.Errorf("%q at y %.1f mm: only page numbers go in the top margin", s, y0)
				}
			}
		})
	}
}
