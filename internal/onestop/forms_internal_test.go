package onestop

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/textcheck"
)

// formFixture is a dossier that has been through every form: received, asked for a
// supplement, late and apologised for, then stopped; received at rec.
func formFixture(rec time.Time) (commune.Commune, Dossier, Procedure) {
	c := commune.Commune{Name: "Bình Yên", Province: "Thái Nguyên", Address: "Thôn Đồng Kệu, xã Bình Yên, tỉnh Thái Nguyên",
		Phone: "0208 3878 123", Chairman: "Hoàng Văn Thụ", AgencyCode: "000.00.12.H55"}
	at := func(d time.Duration) time.Time { return rec.Add(d) }
	d := Dossier{Code: "000.00.12.H55-260105-0001", ProcedureCode: "1.001193", Status: StateStopped,
		ProcedureName: "Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
		Applicant:     Applicant{Name: "Nguyễn Thị Hồng Nhung", IDNumber: "019190001234", Phone: "0912 345 678", Address: "Xóm Na Mao, xã Bình Yên"},
		ReceivedAt:    rec, DueAt: at(72 * time.Hour), FinishedAt: at(70 * time.Hour), RegisterYear: rec.Year(), RegisterNumber: 7,
		Reasons: "Người nộp hồ sơ đề nghị dừng giải quyết để bổ sung giấy tờ chứng minh nơi cư trú.",
		Fee:     Fee{Amount: 8000, Paid: true},
		Submitted: []SubmittedDocument{{Name: "Tờ khai đăng ký khai sinh", Kind: KindOriginal, Quantity: 1},
			{Name: "Giấy chứng sinh", Kind: KindOriginal, Quantity: 1}},
		Supplements: []SupplementRequest{{Round: 1, RequestedAt: at(2 * time.Hour), ByName: "Đặng Văn Ưng", Documents: []string{"giay-chung-sinh"}, Reason: "Giấy chứng sinh không rõ chữ."}},
		Apology:     &Apology{At: at(48 * time.Hour), Reason: "cần xác minh nơi cư trú", OldDueAt: at(72 * time.Hour), NewDueAt: at(120 * time.Hour)},
		History: []HistoryEntry{
			{Action: ActIntake, At: rec, FromName: "Đặng Văn Ưng", ToName: "Đặng Văn Ưng", StatusAfter: StateReceived},
			{Action: ActHandover, At: at(time.Hour), FromName: "Đặng Văn Ưng", ToName: "Lường Thị Ơn", StatusAfter: StateProcessing},
			{Action: ActStop, At: at(70 * time.Hour), FromName: "Lường Thị Ơn", FromRole: auth.Specialist, StatusAfter: StateStopped,
				SignerName: "Hoàng Văn Thụ", SignerRole: auth.Leader},
		}}
	return c, d, Procedure{}
}

// box is one word of pdftotext -bbox, in points.
type box struct {
	XMin, YMin, XMax, YMax float64
	Text                   string
}

type bboxPage struct {
	Width, Height float64
	Words         []box
}

// bboxPages runs pdftotext -bbox on pdf.
func bboxPages(t *testing.T, pdf []byte) []bboxPage {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-bbox", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var doc struct {
		Pages []struct {
			Width  float64 `xml:"width,attr"`
			Height float64 `xml:"height,attr"`
			Words  []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	// The output is XHTML with a doctype the decoder need not read.
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox output: %v", err)
	}
	var pages []bboxPage
	for _, p := range doc.Pages {
		bp := bboxPage{Width: p.Width, Height: p.Height}
		for _, w := range p.Words {
			bp.Words = append(bp.Words, box{w.XMin, w.YMin, w.XMax, w.YMax, norm.NFC.String(w.Text)})
		}
		pages = append(pages, bp)
	}
	return pages
}

const ptMM = 25.4 / 72

// measure is what the test reads of a form: the smallest margin on each side over every page
// (page numbers, which Decree 30 puts in the top margin, left out) and the body size, the
// commonest word height.
type measure struct {
	pages                    int
	left, right, top, bottom float64 // mm
	landscape                bool
	bodyPt                   float64
}

func measureForm(t *testing.T, pdf []byte) measure {
	pages := bboxPages(t, pdf)
	m := measure{pages: len(pages), left: 1e9, right: 1e9, top: 1e9, bottom: 1e9}
	heights := map[float64]int{}
	for _, p := range pages {
		m.landscape = p.Width > p.Height
		for _, w := range p.Words {
			if _, err := strconv.Atoi(w.Text); err == nil && w.YMax*ptMM < 20 {
				continue // the page number
			}
			m.left = min(m.left, w.XMin*ptMM)
			m.right = min(m.right, (p.Width-w.XMax)*ptMM)
			m.top = min(m.top, w.YMin*ptMM)
			m.bottom = min(m.bottom, (p.Height-w.YMax)*ptMM)
			heights[float64(int((w.YMax-w.YMin)*10+0.5))/10]++
		}
	}
	if os.Getenv("FORMS_DEBUG") != "" {
		os.WriteFile(filepath.Join(os.TempDir(), "form-"+strconv.Itoa(len(pdf))+".pdf"), pdf, 0o600)
	}
	best := 0
	for h, n := range heights {
		if n > best || (n == best && h > m.bodyPt) {
			m.bodyPt, best = h, n
		}
	}
	return m
}

// Liberation Serif's word boxes are ascent+descent high, 0.891 + 0.216 of the font size, so
// a word of 13 pt measures 14.4 pt.
const boxPerPt = 1.108

// TestFormsDecree30Margins renders every form, 01 to 07 and both variants of 04, reads the
// text boxes back with pdftotext -bbox, and checks them against Decree 30/2020 Annex I: left
// 30–35 mm, right 15–20, top and bottom 20–25 (text inside the margins, so at least these),
// body 13–14 pt. The old layout (A5 left 20, right 10, top 15, body 12) fails it.
func TestFormsDecree30Margins(t *testing.T) {
	now := time.Date(2026, 1, 9, 10, 0, 0, 0, calendar.Zone)
	type form struct {
		name string
		pdf  func() (docs.Doc, error)
	}
	in := func(rec time.Time) formInput {
		c, d, p := formFixture(rec)
		return formInput{C: c, D: d, P: p, BaseURL: "https://binhyen.example.vn", Now: now}
	}
	new, old := time.Date(2026, 1, 5, 9, 30, 0, 0, calendar.Zone), time.Date(2025, 3, 5, 9, 30, 0, 0, calendar.Zone)
	forms := []form{
		{"01 receipt", func() (docs.Doc, error) { return receiptForm(in(new)) }},
		{"02 supplement", func() (docs.Doc, error) { return supplementForm(in(new)) }},
		{"03 refusal", func() (docs.Doc, error) { return refusalForm(in(new)) }},
		{"04 apology and extension (tt03-2025)", func() (docs.Doc, error) { return apologyForm(in(new)) }},
		{"04 apology (tt01-2018)", func() (docs.Doc, error) { return apologyForm(in(old)) }},
		{"05 stop", func() (docs.Doc, error) { return stopForm(in(new)) }},
		{"06 control slip", func() (docs.Doc, error) { return controlSlipForm(in(new)) }},
		{"07 register", func() (docs.Doc, error) {
			_, d, _ := formFixture(new)
			var rows [][]string
			for i := range 40 {
				d.RegisterNumber = i + 981 // past 1000: an entry number is never grouped
				rows = append(rows, registerRow(d, now))
			}
			return registerDoc(in(new).C, 2026, rows, now), nil
		}},
	}
	var report []string
	for _, f := range forms {
		doc, err := f.pdf()
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		var buf bytes.Buffer
		if err := docs.Render(&buf, doc); err != nil {
			t.Fatalf("%s: render: %v", f.name, err)
		}
		// Numbers as Vietnamese writes them (issue 8 item 8): years, entry and page numbers
		// plain, decimals with a comma, amounts grouped with dots.
		var text strings.Builder
		for _, p := range bboxPages(t, buf.Bytes()) {
			for _, w := range p.Words {
				text.WriteString(w.Text + " ")
			}
			text.WriteString("\n")
		}
		for _, bad := range textcheck.NumberMistakes("vi", text.String()) {
			t.Errorf("%s: %s", f.name, bad)
		}
		if strings.HasPrefix(f.name, "07") && (!strings.Contains(text.String(), "1020") || strings.Contains(text.String(), "1.020")) {
			t.Errorf("%s: entry number 1020 is missing or grouped", f.name)
		}
		m := measureForm(t, buf.Bytes())
		report = append(report, fmt.Sprintf("%-38s %d p. left %.2f right %.2f top %.2f bottom %.2f mm, body %.1f pt",
			f.name, m.pages, m.left, m.right, m.top, m.bottom, m.bodyPt/boxPerPt))
		// A word's box is the font's, a little taller than the line the renderer gives it:
		// it may reach 0.25 mm past the line's edge without ink there.
		const slack = 0.25
		if m.left < 30-slack || m.left > 35+10 {
			t.Errorf("%s: left margin %.1f mm, Decree 30 wants 30–35", f.name, m.left)
		}
		if m.right < 15-slack {
			t.Errorf("%s: right margin %.1f mm, Decree 30 wants 15–20", f.name, m.right)
		}
		if m.top < 20-slack {
			t.Errorf("%s: top margin %.1f mm, Decree 30 wants 20–25", f.name, m.top)
		}
		if m.bottom < 20-slack {
			t.Errorf("%s: bottom margin %.1f mm, Decree 30 wants 20–25", f.name, m.bottom)
		}
		if pt := m.bodyPt / boxPerPt; pt < 12.9 || pt > 14.1 {
			// The register's table is the body of form 07; on A4 landscape it is 11 pt.
			if !strings.HasPrefix(f.name, "07") {
				t.Errorf("%s: body %.1f pt, Decree 30 wants 13–14", f.name, pt)
			}
		}
		if !strings.HasPrefix(f.name, "07") && m.pages != 1 {
			t.Errorf("%s: %d pages, want one A5 page", f.name, m.pages)
		}
		if strings.HasPrefix(f.name, "07") {
			if !m.landscape {
				t.Errorf("%s: portrait, want A4 landscape", f.name)
			}
			// Readable columns: a dossier code and a date are each one word on one line.
			words := map[string]bool{}
			for _, p := range bboxPages(t, buf.Bytes()) {
				for _, w := range p.Words {
					words[w.Text] = true
				}
			}
			if !words["000.00.12.H55-260105-0001"] || !words["05/01/2026"] {
				t.Errorf("%s: the code or the date wraps in its column", f.name)
			}
		}
	}
	sort.Strings(report)
	t.Log("measured:\n" + strings.Join(report, "\n"))
}

// TestFormSetByReceiptDate: a dossier received before 2025-07-01 prints on the Circular
// 01/2018 set (six forms, the control slip 05), one received on or after it on the Circular
// 03/2025 set (seven, the stop notice 05 and the control slip 06).
func TestFormSetByReceiptDate(t *testing.T) {
	for _, tc := range []struct {
		at                 time.Time
		version, slip, reg string
		stop               bool
	}{
		{time.Date(2025, 6, 30, 23, 59, 0, 0, calendar.Zone), "tt01-2018", "05", "06", false},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, calendar.Zone), "tt03-2025", "06", "07", true},
		{time.Date(2026, 1, 5, 9, 0, 0, 0, calendar.Zone), "tt03-2025", "06", "07", true},
		{time.Date(2019, 1, 5, 9, 0, 0, 0, calendar.Zone), "tt01-2018", "05", "06", false},
		{time.Time{}, "tt03-2025", "06", "07", true},
	} {
		s := formSetAt(tc.at)
		if s.Version != tc.version {
			t.Errorf("formSetAt(%v) = %s, want %s", tc.at, s.Version, tc.version)
			continue
		}
		if f, _ := s.spec("controlslip"); f.Number != tc.slip {
			t.Errorf("%s: control slip %s, want %s", s.Version, f.Number, tc.slip)
		}
		if f, _ := s.spec("register"); f.Number != tc.reg || f.Orientation != "landscape" || f.Size != "A4" {
			t.Errorf("%s: register %+v, want %s on A4 landscape", s.Version, f, tc.reg)
		}
		if _, ok := s.spec("stop"); ok != tc.stop {
			t.Errorf("%s: has a stop notice %v, want %v", s.Version, ok, tc.stop)
		}
	}
	if got := formSetAt(time.Date(2026, 1, 5, 0, 0, 0, 0, calendar.Zone)).line("stop"); got != "Mẫu số 05 (Thông tư số 03/2025/TT-VPCP)" {
		t.Errorf("stop line %q", got)
	}
}

// pdfText renders doc and reads its words back, flattened.
func pdfText(t *testing.T, doc docs.Doc) string {
	t.Helper()
	var buf bytes.Buffer
	if err := docs.Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, p := range bboxPages(t, buf.Bytes()) {
		for _, w := range p.Words {
			words = append(words, w.Text)
		}
	}
	return strings.Join(words, " ")
}

// TestFormsWording: form 04 of Circular 03/2025 asks for the extension, the old one only
// apologises; form 05 carries the stop's reason and its recorded signer; the control slip
// has the hand-over signature cells and the on-time outcome.
func TestFormsWording(t *testing.T) {
	now := time.Date(2026, 1, 9, 10, 0, 0, 0, calendar.Zone)
	in := func(rec time.Time) formInput {
		c, d, p := formFixture(rec)
		return formInput{C: c, D: d, P: p, Now: now}
	}
	newRec, oldRec := time.Date(2026, 1, 5, 9, 30, 0, 0, calendar.Zone), time.Date(2025, 3, 5, 9, 30, 0, 0, calendar.Zone)
	check := func(name string, doc docs.Doc, err error, want, not []string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := pdfText(t, doc)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", name, w, got)
			}
		}
		for _, w := range not {
			if strings.Contains(got, w) {
				t.Errorf("%s has %q:\n%s", name, w, got)
			}
		}
	}
	doc, err := apologyForm(in(newRec))
	check("04 (tt03-2025)", doc, err, []string{"Mẫu số 04 (Thông tư số 03/2025/TT-VPCP)",
		"VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "đồng ý gia hạn"}, nil)
	doc, err = apologyForm(in(oldRec))
	check("04 (tt01-2018)", doc, err, []string{"Mẫu số 04 (Thông tư số 01/2018/TT-VPCP)",
		"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"}, []string{"gia hạn"})
	doc, err = stopForm(in(newRec))
	check("05", doc, err, []string{"Mẫu số 05 (Thông tư số 03/2025/TT-VPCP)", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
		"bổ sung giấy tờ chứng minh nơi cư trú", "TM. ỦY BAN NHÂN DÂN", "Hoàng Văn Thụ"}, []string{"Lường Thị Ơn"})
	doc, err = controlSlipForm(in(newRec))
	check("06", doc, err, []string{"Mẫu số 06 (Thông tư số 03/2025/TT-VPCP)", "BÊN GIAO HỒ SƠ", "BÊN NHẬN HỒ SƠ",
		"Kết quả giải quyết hồ sơ: Đúng hạn", "Trước hạn / Đúng hạn / Quá hạn"}, nil)
	doc, err = controlSlipForm(in(oldRec))
	check("05 (tt01-2018)", doc, err, []string{"Mẫu số 05 (Thông tư số 01/2018/TT-VPCP)"}, nil)
	doc = registerDoc(in(newRec).C, 2026, nil, now)
	check("07", doc, nil, []string{"Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)", "SỔ THEO DÕI HỒ SƠ", "Năm 2026"}, []string{"2.026"})
	check("06 (register of 2024)", registerDoc(in(newRec).C, 2024, nil, now), nil, []string{"Mẫu số 06 (Thông tư số 01/2018/TT-VPCP)", "Năm 2024"}, nil)
	// A dossier of Circular 01/2018 stopped today gets the notice of the set in force.
	doc, err = stopForm(in(oldRec))
	check("05 (received under tt01-2018)", doc, err, []string{"Mẫu số 05 (Thông tư số 03/2025/TT-VPCP)", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"}, nil)
}

// TestOnTimeOutcome: finished before, on and after the due day.
func TestOnTimeOutcome(t *testing.T) {
	due := time.Date(2026, 1, 8, 16, 0, 0, 0, calendar.Zone)
	for _, tc := range []struct {
		fin  time.Time
		want string
	}{
		{time.Date(2026, 1, 7, 10, 0, 0, 0, calendar.Zone), "Trước hạn"},
		{time.Date(2026, 1, 8, 9, 0, 0, 0, calendar.Zone), "Đúng hạn"},
		{time.Date(2026, 1, 8, 16, 30, 0, 0, calendar.Zone), "Quá hạn"},
		{time.Time{}, ""},
	} {
		if got := onTimeOutcome(Dossier{DueAt: due, FinishedAt: tc.fin}); got != tc.want {
			t.Errorf("finished %v: %q, want %q", tc.fin, got, tc.want)
		}
	}
}
