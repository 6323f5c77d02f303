package disclosure

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
)

// The texts this room writes for other channels: a loudspeaker script read aloud by the
// commune's announcer, and a message ready to paste into the hamlets' Zalo groups (Art. 12.1).

var digitWords = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// SpellNumber writes n in words as it is read aloud: 15 "mười lăm", 21 "hai mươi mốt",
// 105 "một trăm linh năm", 2026 "hai nghìn không trăm hai mươi sáu".
func SpellNumber(n int64) string {
	if n < 0 {
		if n == -n { // the smallest int64 has no positive counterpart
			return "âm " + spellDigits(strconv.FormatInt(n, 10)[1:])
		}
		return "âm " + SpellNumber(-n)
	}
	if n == 0 {
		return digitWords[0]
	}
	const billion = 1_000_000_000
	if n >= billion {
		s := SpellNumber(n/billion) + " tỷ"
		if rest := n % billion; rest > 0 {
			s += " " + belowBillion(rest, true)
		}
		return s
	}
	return belowBillion(n, false)
}

// belowBillion reads 1 ≤ n < 10⁹ by groups of three digits, skipping empty groups; full reads
// the first group with its hundreds ("không trăm linh năm"), as inside a larger number.
func belowBillion(n int64, full bool) string {
	groups := []struct {
		v    int64
		unit string
	}{{n / 1_000_000, "triệu"}, {n / 1000 % 1000, "nghìn"}, {n % 1000, ""}}
	var parts []string
	for _, g := range groups {
		if g.v == 0 {
			continue
		}
		w := triple(int(g.v), full || len(parts) > 0)
		if g.unit != "" {
			w += " " + g.unit
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, " ")
}

// triple reads 0 < n < 1000; full reads a zero hundreds digit ("không trăm").
func triple(n int, full bool) string {
	h, t, u := n/100, n/10%10, n%10
	var parts []string
	if h > 0 || full {
		parts = append(parts, digitWords[h]+" trăm")
	}
	switch {
	case t == 0 && u != 0 && len(parts) > 0:
		parts = append(parts, "linh "+digitWords[u])
	case t == 0 && u != 0:
		parts = append(parts, digitWords[u])
	case t == 1:
		parts = append(parts, "mười"+unitAfterTen(u, false))
	case t > 1:
		parts = append(parts, digitWords[t]+" mươi"+unitAfterTen(u, true))
	}
	return strings.Join(parts, " ")
}

// unitAfterTen is the units digit after "mười"/"mươi": 5 is "lăm"; after "mươi" 1 is "mốt"
// and 4 "tư".
func unitAfterTen(u int, tens bool) string {
	switch {
	case u == 0:
		return ""
	case u == 5:
		return " lăm"
	case tens && u == 1:
		return " mốt"
	case tens && u == 4:
		return " tư"
	}
	return " " + digitWords[u]
}

// spellDigits reads a string of digits one by one ("không năm").
func spellDigits(s string) string {
	var parts []string
	for _, r := range s {
		if r >= '0' && r <= '9' {
			parts = append(parts, digitWords[r-'0'])
		}
	}
	return strings.Join(parts, " ")
}

// spellMonth is a month as read after "tháng": "một" … "tư" … "mười hai".
func spellMonth(m int) string {
	if m == 4 {
		return "tư"
	}
	return SpellNumber(int64(m))
}

// spellDay is a day of the month as read after "ngày": 1–10 with "mồng".
func spellDay(d int) string {
	if d <= 10 {
		return "mồng " + SpellNumber(int64(d))
	}
	return SpellNumber(int64(d))
}

// SpellDate writes a date as read aloud: "ngày mười lăm tháng mười hai năm hai nghìn không
// trăm hai mươi sáu".
func SpellDate(d calendar.Date) string {
	return "ngày " + spellDay(d.Day) + " tháng " + spellMonth(int(d.Month)) + " năm " + SpellNumber(int64(d.Year))
}

var (
	fullDateRe  = regexp.MustCompile(`(?i)(ngày\s+)?\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	monthYearRe = regexp.MustCompile(`(?i)(tháng\s+)?\b(\d{1,2})/(\d{4})\b`)
	rangeRe     = regexp.MustCompile(`(\d)\s*[-–]\s*(\d)`)
	numberRe    = regexp.MustCompile(`\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?`)
	unitRe      = regexp.MustCompile(`(\d)\s*(%|m2\b|m²|km\b|ha\b)`)
	spaceRe     = regexp.MustCompile(`[ \t]+`)
)

// abbreviations are the short forms an announcer reads in full.
var abbreviations = strings.NewReplacer(
	"UBND", "Ủy ban nhân dân", "HĐND", "Hội đồng nhân dân", "MTTQ", "Mặt trận Tổ quốc", "QĐ", "quyết định",
	"TTHC", "thủ tục hành chính", "NĐ-CP", "Nghị định của Chính phủ",
)

var unitWords = map[string]string{"%": "phần trăm", "m2": "mét vuông", "m²": "mét vuông", "km": "ki-lô-mét", "ha": "héc-ta"}

// Spoken turns written text into what an announcer reads: dates, numbers and units in words,
// common abbreviations in full.
func Spoken(s string) string {
	s = fullDateRe.ReplaceAllStringFunc(s, func(m string) string {
		p := fullDateRe.FindStringSubmatch(m)
		day, _ := strconv.Atoi(p[2])
		month, _ := strconv.Atoi(p[3])
		year, _ := strconv.Atoi(p[4])
		d := calendar.NewDate(year, timeMonth(month), day)
		if !d.Valid() || d.Day != day || int(d.Month) != month {
			return m
		}
		return SpellDate(d)
	})
	s = monthYearRe.ReplaceAllStringFunc(s, func(m string) string {
		p := monthYearRe.FindStringSubmatch(m)
		month, _ := strconv.Atoi(p[2])
		year, _ := strconv.Atoi(p[3])
		if month < 1 || month > 12 {
			return m
		}
		return "tháng " + spellMonth(month) + " năm " + SpellNumber(int64(year))
	})
	s = rangeRe.ReplaceAllString(s, "$1 đến $2")
	s = unitRe.ReplaceAllStringFunc(s, func(m string) string {
		p := unitRe.FindStringSubmatch(m)
		return p[1] + " " + unitWords[strings.ToLower(p[2])]
	})
	s = abbreviations.Replace(s)
	s = numberRe.ReplaceAllStringFunc(s, spellWritten)
	s = strings.ReplaceAll(s, "/", " ")
	return strings.TrimSpace(spaceRe.ReplaceAllString(s, " "))
}

// spellWritten reads a number as Vietnamese writes it: "1.500.000" (dots between thousands),
// "2,5" (a decimal comma).
func spellWritten(m string) string {
	whole, frac, hasFrac := strings.Cut(strings.ReplaceAll(m, ".", ""), ",")
	var out string
	if n, err := strconv.ParseInt(whole, 10, 64); err == nil && len(whole) <= 15 {
		out = SpellNumber(n)
	} else {
		out = spellDigits(whole)
	}
	if hasFrac {
		if n, err := strconv.ParseInt(frac, 10, 64); err == nil && !strings.HasPrefix(frac, "0") && len(frac) <= 3 {
			out += " phẩy " + SpellNumber(n)
		} else {
			out += " phẩy " + spellDigits(frac)
		}
	}
	return out
}

// FormatDate is a date as Vietnamese documents write it: 15/12/2026.
func FormatDate(d calendar.Date) string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// LoudspeakerScript is the text the announcer reads on the commune's loudspeakers (items
// 7–12 are broadcast at least 3 consecutive days, Art. 13), in plain spoken Vietnamese.
// hamlets are the names of the hamlets concerned; none addresses the whole commune.
func LoudspeakerScript(communeName string, d Disclosure, cat Category, hamlets []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Thông báo của Ủy ban nhân dân xã %s.\n\n", communeName)
	if len(hamlets) == 0 {
		b.WriteString("Kính thưa toàn thể bà con nhân dân trong xã.\n\n")
	} else {
		fmt.Fprintf(&b, "Kính thưa bà con nhân dân %s.\n\n", strings.Join(hamlets, ", "))
	}
	fmt.Fprintf(&b, "Thực hiện Luật Thực hiện dân chủ ở cơ sở, Ủy ban nhân dân xã thông báo công khai về %s: %s.\n\n",
		strings.ToLower(firstRune(cat.NameVI))+restRunes(cat.NameVI), strings.TrimRight(Spoken(d.Title), "."))
	if text := Spoken(d.Summary); text != "" {
		b.WriteString(text)
		if !strings.HasSuffix(text, ".") {
			b.WriteString(".")
		}
		b.WriteString("\n\n")
	}
	if d.DecisionDate != (calendar.Date{}) {
		fmt.Fprintf(&b, "Quyết định được ban hành %s.\n\n", SpellDate(d.DecisionDate))
	}
	b.WriteString("Toàn văn được niêm yết tại trụ sở Ủy ban nhân dân xã, tại nhà văn hóa các xóm và đăng trên trang thông tin " +
		"điện tử của xã. Bà con có ý kiến xin liên hệ Ủy ban nhân dân xã hoặc trưởng xóm.\n\n")
	b.WriteString("Xin trân trọng thông báo!")
	return b.String()
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

func restRunes(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[1:])
}

// ZaloText is a message ready to paste into a Zalo group: the title, the summary, the
// category, the dates and link (the public page's address, as the caller builds it).
func ZaloText(communeName string, d Disclosure, cat Category, link string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[CÔNG KHAI] %s\n", d.Title)
	text := d.Summary
	if text == "" {
		text = strings.Join(strings.Fields(plainText(d.Body)), " ")
		if r := []rune(text); len(r) > 500 {
			text = string(r[:499]) + "…"
		}
	}
	if text != "" {
		fmt.Fprintf(&b, "\n%s\n", text)
	}
	fmt.Fprintf(&b, "\nNội dung công khai: %s (mục %d Điều 11 Luật Thực hiện dân chủ ở cơ sở)\n", cat.NameVI, cat.No)
	if d.DecisionDate != (calendar.Date{}) {
		fmt.Fprintf(&b, "Ngày ban hành: %s\n", FormatDate(d.DecisionDate))
	}
	if d.PublishedOn != (calendar.Date{}) {
		fmt.Fprintf(&b, "Ngày công khai: %s\n", FormatDate(d.PublishedOn))
	}
	if link = strings.TrimSpace(link); link != "" {
		fmt.Fprintf(&b, "Xem toàn văn: %s\n", link)
	}
	fmt.Fprintf(&b, "\nỦy ban nhân dân xã %s", communeName)
	return b.String()
}

func timeMonth(m int) time.Month { return time.Month(m) }
