package textcheck

import "testing"

func TestNumberRulesCatchTheSeenMistakes(t *testing.T) {
	for _, c := range []struct {
		lang, text string
		bad        bool
	}{
		{"vi", "Năm 2.026", true}, {"vi", "Trang 99.999 / 2", true}, {"vi", "76.5 %", true}, {"vi", "21.3 / 48", true},
		{"en", "Year 2,026", true}, {"en", "76,5 %", true}, {"en", "Page 1,000 of 2", true},
		{"vi", "Năm 2026", false}, {"vi", "Trang 2 / 3", false}, {"vi", "76,5 %", false}, {"vi", "1.234 hồ sơ", false},
		{"vi", "Mã thủ tục 1.004873", false}, {"vi", "07:30 06/12/2026", false}, {"vi", "200.000 đồng", false},
		{"en", "76.5 %", false}, {"en", "1,234 dossiers", false}, {"en", "Year 2026", false},
		{"vi", "tại mục 2.3 của Kế hoạch", false}, {"vi", "khoản 1.2", false}, {"vi", "mục 2.3, tỷ lệ 76.5 %", true},
	} {
		if got := NumberMistakes(c.lang, c.text); (len(got) > 0) != c.bad {
			t.Errorf("%s %q: mistakes %v, want bad=%v", c.lang, c.text, got, c.bad)
		}
	}
}
