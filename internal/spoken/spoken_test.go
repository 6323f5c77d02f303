package spoken

import (
	"math"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The hard cases of reading a number, each a rule someone gets wrong: mốt and một, lăm and
// năm, mười and mươi, linh (or lẻ) for a zero tens digit, không trăm inside the thousands, tư
// as an option, the scales, zero and the limits of int64.
func TestNumberHardCases(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "không"},
		{1, "một"},
		{4, "bốn"},
		{5, "năm"},
		{10, "mười"},
		{11, "mười một"},
		{14, "mười bốn"},
		{15, "mười lăm"},
		{19, "mười chín"},
		{20, "hai mươi"},
		{21, "hai mươi mốt"},
		{24, "hai mươi bốn"},
		{25, "hai mươi lăm"},
		{31, "ba mươi mốt"},
		{50, "năm mươi"},
		{55, "năm mươi lăm"},
		{99, "chín mươi chín"},
		{100, "một trăm"},
		{101, "một trăm linh một"},
		{104, "một trăm linh bốn"},
		{105, "một trăm linh năm"},
		{110, "một trăm mười"},
		{111, "một trăm mười một"},
		{115, "một trăm mười lăm"},
		{121, "một trăm hai mươi mốt"},
		{205, "hai trăm linh năm"},
		{1000, "một nghìn"},
		{1001, "một nghìn không trăm linh một"},
		{1005, "một nghìn không trăm linh năm"},
		{1010, "một nghìn không trăm mười"},
		{1015, "một nghìn không trăm mười lăm"},
		{1050, "một nghìn không trăm năm mươi"},
		{1500, "một nghìn năm trăm"},
		{2026, "hai nghìn không trăm hai mươi sáu"},
		{10000, "mười nghìn"},
		{15000, "mười lăm nghìn"},
		{21000, "hai mươi mốt nghìn"},
		{105000, "một trăm linh năm nghìn"},
		{1000000, "một triệu"},
		{1000005, "một triệu không trăm linh năm"},
		{1500000, "một triệu năm trăm nghìn"},
		{2005000, "hai triệu không trăm linh năm nghìn"},
		{1000000000, "một tỷ"},
		{1005000000, "một tỷ không trăm linh năm triệu"},
		{3000000021, "ba tỷ không trăm hai mươi mốt"},
		{1000000000000, "một nghìn tỷ"},
		{-21, "âm hai mươi mốt"},
		{math.MaxInt64, "chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi bốn triệu bảy trăm bảy mươi lăm nghìn tám trăm linh bảy"},
		{math.MinInt64, "âm chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi bốn triệu bảy trăm bảy mươi lăm nghìn tám trăm linh tám"},
	} {
		if got := Number(c.n); got != c.want {
			t.Errorf("Number(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// The southern options change only what they say: lẻ, tư (not in the teens), ngàn.
func TestNumberOptions(t *testing.T) {
	for _, c := range []struct {
		o    Options
		n    int64
		want string
	}{
		{Options{Le: true}, 105, "một trăm lẻ năm"},
		{Options{Le: true}, 1005, "một nghìn không trăm lẻ năm"},
		{Options{Le: true}, 115, "một trăm mười lăm"},
		{Options{Tu: true}, 24, "hai mươi tư"},
		{Options{Tu: true}, 14, "mười bốn"},
		{Options{Tu: true}, 104, "một trăm linh bốn"},
		{Options{Tu: true}, 4, "bốn"},
		{Options{Ngan: true}, 2500, "hai ngàn năm trăm"},
		{Southern, 1024, "một ngàn không trăm hai mươi tư"},
	} {
		if got := c.o.Number(c.n); got != c.want {
			t.Errorf("%+v Number(%d) = %q, want %q", c.o, c.n, got, c.want)
		}
	}
}

func TestDecimalsDatesTimes(t *testing.T) {
	o := Options{}
	for _, c := range []struct{ got, want string }{
		{o.Decimal("12", "5"), "mười hai phẩy năm"},
		{o.Decimal("0", "05"), "không phẩy không năm"},
		{o.Decimal("3", "14"), "ba phẩy mười bốn"},
		{o.Percent("12", "5"), "mười hai phẩy năm phần trăm"},
		{o.Money(1500000), "một triệu năm trăm nghìn đồng"},
		{o.Date(15, 12, 2026), "ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu"},
		{o.Date(30, 4, 0), "ngày ba mươi tháng tư"},
		{o.MonthYear(1, 2027), "tháng một năm hai nghìn không trăm hai mươi bảy"},
		{o.Time(7, 30), "bảy giờ ba mươi phút"},
		{o.Time(14, 0), "mười bốn giờ"},
		{o.Time(7, 5), "bảy giờ năm phút"},
		{Digits("0912"), "không chín một hai"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Script writes out what an announcement writes in figures and short forms, and keeps the
// rest, line breaks included.
func TestScript(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"15/12/2026", "ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu"},
		{"Họp lúc 7 giờ 30 ngày 15/12/2026.", "Họp lúc bảy giờ ba mươi phút ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu."},
		{"7h30 sáng", "bảy giờ ba mươi phút sáng"},
		{"từ 07:30 đến 11:00", "từ bảy giờ ba mươi phút đến mười một giờ"},
		{"lúc 14h, ", "lúc mười bốn giờ,"},
		{"7 giờ 30 phút", "bảy giờ ba mươi phút"},
		{"Mức thu 1.500.000 đồng/hộ", "Mức thu một triệu năm trăm nghìn đồng/hộ"},
		{"ủng hộ 200.000đ.", "ủng hộ hai trăm nghìn đồng."},
		{"tăng 12,5 % so với", "tăng mười hai phẩy năm phần trăm so với"},
		{"đạt 98%", "đạt chín mươi tám phần trăm"},
		{"UBND xã Bình Yên và MTTQ, HĐND, TDP số 3", "Ủy ban nhân dân xã Bình Yên và Mặt trận Tổ quốc, Hội đồng nhân dân, tổ dân phố số ba"},
		{"UBNDX", "UBNDX"},
		{"tháng 12/2026", "tháng mười hai năm hai nghìn không trăm hai mươi sáu"},
		{"từ 20/12 đến 25/12", "từ ngày hai mươi tháng mười hai đến ngày hai mươi lăm tháng mười hai"},
		{"Quyết định số 12/2025/QĐ-UBND", "Quyết định số mười hai/hai nghìn không trăm hai mươi lăm/quyết định-Ủy ban nhân dân"},
		{"gọi 0912 345 678", "gọi không chín một hai ba trăm bốn mươi lăm sáu trăm bảy mươi tám"},
		{"5 ha lúa, 3 km đường, 120m2", "năm héc-ta lúa, ba ki-lô-mét đường, một trăm hai mươi mét vuông"},
		{"15-20 người", "mười lăm đến hai mươi người"},
		{"Dòng 1\nDòng  2", "Dòng một\nDòng hai"},
		{"năm 2026", "năm hai nghìn không trăm hai mươi sáu"},
		{"31/02/2026", "ba mươi mốt/không hai/hai nghìn không trăm hai mươi sáu"},
		{"Tết Đinh Mùi", "Tết Đinh Mùi"},
		{"Chúc mừng năm mới!", "Chúc mừng năm mới!"},
	} {
		if got := Script(c.in); got != c.want {
			t.Errorf("Script(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	if got := Southern.Script("105 hộ, 24 người"); got != "một trăm lẻ năm hộ, hai mươi tư người" {
		t.Errorf("southern script: %q", got)
	}
}

// A decomposed text (NFD) reads as its composed form.
func TestScriptNormalises(t *testing.T) {
	nfd := "U\u0309y ban" // "Ủy" with a combining hook above
	if got := Script(nfd + " 5"); got != "Ủy ban năm" {
		t.Errorf("%q", got)
	}
}

// Whatever is typed, Script does not panic, writes valid UTF-8 and leaves no figure; a text
// of figures and signs becomes letters, spaces and punctuation only.
func FuzzScript(f *testing.F) {
	for _, s := range []string{"15/12/2026", "7 giờ 30", "1.500.000 đồng", "12,5 %", "UBND", "0912345678",
		"99999999999999999999999", "1.000.000.000.000.000.000.000", "29/02/2027", "24:00", "7h", "1,", ",5", "00", "٣", "½", "m²",
		"1/2/3/4", "-1-2-", "\xff1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Script(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 for %q", s)
		}
		figuresOnly := true
		for _, r := range s {
			if !(r >= '0' && r <= '9' || strings.ContainsRune(" ./:,-%\n", r)) {
				figuresOnly = false
			}
		}
		for _, r := range out {
			if unicode.IsNumber(r) {
				t.Fatalf("Script(%q) = %q keeps a figure", s, out)
			}
			if figuresOnly && !(unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.IsSpace(r) || unicode.IsPunct(r)) {
				t.Fatalf("Script(%q) = %q writes %q", s, out, r)
			}
		}
	})
}

// Every number reads with words of the spoken vocabulary only, and twice the same.
func FuzzNumber(f *testing.F) {
	f.Add(int64(0))
	f.Add(int64(1005))
	f.Add(int64(math.MinInt64))
	vocab := map[string]bool{"âm": true, "trăm": true, "mười": true, "mươi": true, "mốt": true, "lăm": true, "linh": true, "nghìn": true, "triệu": true, "tỷ": true}
	for _, w := range digitWords {
		vocab[w] = true
	}
	f.Fuzz(func(t *testing.T, n int64) {
		got := Number(n)
		for _, w := range strings.Fields(got) {
			if !vocab[w] {
				t.Fatalf("Number(%d) = %q: word %q", n, got, w)
			}
		}
		if strings.Contains(got, "mười mốt") || strings.Contains(got, "linh lăm") || strings.Contains(got, "  ") {
			t.Fatalf("Number(%d) = %q", n, got)
		}
	})
}
