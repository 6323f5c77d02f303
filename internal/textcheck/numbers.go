// Package textcheck holds the checks the tests run over what xaso shows and prints: pages,
// PDF forms, exports. It is used by tests only, and kept out of _test files so that every
// room's tests share one set of rules.
package textcheck

import (
	"regexp"
	"strings"
)

// numberRules are the ways a page can write a number wrong (issue 8 item 8): a year or a page
// number grouped like a count ("Năm 2.026", "Trang 99.999 / 2"), a Vietnamese decimal with a
// point ("76.5 %", "21.3 / 48") and an English decimal with a comma.
var numberRules = []struct {
	lang, why string
	re        *regexp.Regexp
}{
	{"", "a year grouped like a count", regexp.MustCompile(`(?i)(?:năm|year|tháng \d{1,2}/|/\d{1,2}/)\s?[12][.,][09]\d\d\b`)},
	{"", "a page number grouped like a count", regexp.MustCompile(`(?i)(?:trang|page)\s+\d{1,3}[.,]\d{3}\b|\d{1,3}[.,]\d{3}\s*/\s*\d+\s*(?:trang|pages)`)},
	{"vi", "a Vietnamese decimal written with a point", regexp.MustCompile(`(?:^|[^\d.])\d+\.\d{1,2}(?:[^\d.]|$)`)},
	{"en", "an English decimal written with a comma", regexp.MustCompile(`(?:^|[^\d,])\d+,\d{1,2}(?:[^\d,]|$)`)},
}

// sectionRef is a reference to a numbered part of a document ("mục 2.3 của Kế hoạch",
// "khoản 1.2"): a code, not a decimal.
var sectionRef = regexp.MustCompile(`(?i)\b(?:mục|tiểu mục|điểm|khoản|section)\s+\d+(?:\.\d+)+`)

// NumberMistakes returns each stretch of text that breaks a rule for lang.
func NumberMistakes(lang, text string) []string {
	var out []string
	text = sectionRef.ReplaceAllString(text, " ")
	for _, r := range numberRules {
		if r.lang != "" && r.lang != lang {
			continue
		}
		for _, m := range r.re.FindAllString(text, 5) {
			out = append(out, r.why+": "+strings.TrimSpace(m))
		}
	}
	return out
}
