package disclosure

import (
	"strings"
	"testing"
	"time"

	"xaso/internal/calendar"
)

func TestSpellNumber(t *testing.T) {
	cases := map[int64]string{
		0: "không", 1: "một", 4: "bốn", 5: "năm", 10: "mười", 11: "mười một", 14: "mười bốn", 15: "mười lăm",
		20: "hai mươi", 21: "hai mươi mốt", 24: "hai mươi tư", 25: "hai mươi lăm", 30: "ba mươi",
		100: "một trăm", 101: "một trăm linh một", 105: "một trăm linh năm", 110: "một trăm mười",
		115: "một trăm mười lăm", 121: "một trăm hai mươi mốt", 1000: "một nghìn", 1005: "một nghìn không trăm linh năm",
		1010: "một nghìn không trăm mười", 2026: "hai nghìn không trăm hai mươi sáu", 2000: "hai nghìn",
		15000: "mười lăm nghìn", 1_500_000: "một triệu năm trăm nghìn", 1_000_005: "một triệu không trăm linh năm",
		250_000_000: "hai trăm năm mươi triệu", 1_000_000_000: "một tỷ", 2_300_000_000: "hai tỷ ba trăm triệu",
		-3: "âm ba",
	}
	for n, want := range cases {
		if got := SpellNumber(n); got != want {
			t.Errorf("SpellNumber(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSpellDate(t *testing.T) {
	cases := map[calendar.Date]string{
		calendar.NewDate(2026, time.December, 15): "ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu",
		calendar.NewDate(2026, time.April, 1):     "ngày mồng một tháng tư năm hai nghìn không trăm hai mươi sáu",
		calendar.NewDate(2027, time.January, 21):  "ngày hai mươi mốt tháng một năm hai nghìn không trăm hai mươi bảy",
	}
	for d, want := range cases {
		if got := SpellDate(d); got != want {
			t.Errorf("SpellDate(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestSpoken(t *testing.T) {
	cases := map[string]string{
		"Hạn nộp ngày 15/12/2026.":        "Hạn nộp ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu.",
		"Mức hỗ trợ 1.500.000 đồng/người": "Mức hỗ trợ một triệu năm trăm nghìn đồng người",
		"Diện tích 250m2, tăng 2,5%":      "Diện tích hai trăm năm mươi mét vuông, tăng hai phẩy năm phần trăm",
		"Kỳ 2021-2025 của UBND xã":        "Kỳ hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm của Ủy ban nhân dân xã",
		"Quý IV, tháng 10/2026":           "Quý IV, tháng mười năm hai nghìn không trăm hai mươi sáu",
		"Không có số":                     "Không có số",
	}
	for in, want := range cases {
		if got := Spoken(in); got != want {
			t.Errorf("Spoken(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

func TestScriptAndZalo(t *testing.T) {
	d := Disclosure{Title: "Danh sách hộ nghèo năm 2026", Summary: "Xã có 35 hộ nghèo, hỗ trợ 500.000 đồng mỗi hộ.",
		DecisionDate: calendar.NewDate(2026, time.December, 15), PublishedOn: calendar.NewDate(2026, time.December, 16)}
	cat := LegalCategories[6]
	s := LoudspeakerScript("Bình Yên", d, cat, []string{"Xóm Đồng Kệu"})
	for _, want := range []string{"Thông báo của Ủy ban nhân dân xã Bình Yên.", "Kính thưa bà con nhân dân Xóm Đồng Kệu.",
		"danh sách hộ nghèo năm hai nghìn không trăm hai mươi sáu", "ba mươi lăm hộ nghèo", "năm trăm nghìn đồng",
		"ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu", "Xin trân trọng thông báo!"} {
		if !strings.Contains(strings.ToLower(s), strings.ToLower(want)) {
			t.Errorf("script lacks %q:\n%s", want, s)
		}
	}
	if strings.ContainsAny(s, "0123456789") {
		t.Errorf("script has digits:\n%s", s)
	}
	z := ZaloText("Bình Yên", d, cat, "https://binhyen.example/cong-khai/1")
	for _, want := range []string{"[CÔNG KHAI] Danh sách hộ nghèo năm 2026\n", "\nXã có 35 hộ nghèo", "(mục 7 Điều 11",
		"Ngày ban hành: 15/12/2026\n", "Ngày công khai: 16/12/2026\n", "Xem toàn văn: https://binhyen.example/cong-khai/1\n",
		"\nỦy ban nhân dân xã Bình Yên"} {
		if !strings.Contains(z, want) {
			t.Errorf("zalo text lacks %q:\n%s", want, z)
		}
	}
	if z := ZaloText("Bình Yên", Disclosure{Title: "T", Body: "<p>Nội <b>dung</b></p>"}, cat, ""); strings.Contains(z, "Xem toàn văn") ||
		!strings.Contains(z, "Nội dung") {
		t.Errorf("zalo text without link or summary:\n%s", z)
	}
}
