package spoken

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Abbreviations are the short forms an announcement uses and the words read for them, in the
// terms of the law. A short form is replaced only when it stands as a whole word, in capitals.
var Abbreviations = map[string]string{
	"UBND":   "Ủy ban nhân dân",
	"HĐND":   "Hội đồng nhân dân",
	"MTTQ":   "Mặt trận Tổ quốc",
	"UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
	"TDP":    "tổ dân phố",
	"TTHC":   "thủ tục hành chính",
	"CCCD":   "căn cước công dân",
	"BHYT":   "bảo hiểm y tế",
	"BHXH":   "bảo hiểm xã hội",
	"THCS":   "trung học cơ sở",
	"THPT":   "trung học phổ thông",
	"HTX":    "hợp tác xã",
	"CBCC":   "cán bộ, công chức",
	"SĐT":    "số điện thoại",
	"VN":     "Việt Nam",
	"TW":     "Trung ương",
	"QĐ":     "quyết định",
	"NQ":     "nghị quyết",
}

// units are the measures read after a number.
var units = map[string]string{
	"km": "ki-lô-mét", "m": "mét", "m2": "mét vuông", "m²": "mét vuông", "m3": "mét khối", "m³": "mét khối",
	"cm": "xăng-ti-mét", "mm": "mi-li-mét", "ha": "héc-ta", "kg": "ki-lô-gam",
}

var (
	reDate      = regexp.MustCompile(`^(\d{1,2})[/-](\d{1,2})[/-](\d{4})`)
	reMonthYear = regexp.MustCompile(`^(\d{1,2})/(\d{4})`)
	reDayMonth  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})`)
	reClock     = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::\d{2})?`)
	reHourMin   = regexp.MustCompile(`^(\d{1,2}) ?(?:h|g|giờ) ?(\d{1,2})(?: ?(?:phút|'))?`)
	reHour      = regexp.MustCompile(`^(\d{1,2}) ?(?:h|giờ)`)
	reNumber    = regexp.MustCompile(`^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?`)
	rePercent   = regexp.MustCompile(`^ ?%`)
	reMoney     = regexp.MustCompile(`^ ?(?:đồng|đ|VNĐ|VND|vnđ|vnd)`)
	reUnit      = regexp.MustCompile(`^ ?(km|m2|m²|m3|m³|cm|mm|ha|kg|m)`)
)

// Script rewrites a plain announcement for the loudspeaker with the standard reading.
func Script(text string) string { return Options{}.Script(text) }

// Script rewrites a plain announcement for the loudspeaker: every number, date, time, amount
// of money and percentage is written out as it is said, the usual abbreviations are
// expanded, and the rest is kept as it was (line breaks included):
//
//	"15/12/2026" → "ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu"
//	"7 giờ 30" → "bảy giờ ba mươi phút"; "1.500.000 đồng" → "một triệu năm trăm nghìn đồng"
//	"12,5 %" → "mười hai phẩy năm phần trăm"; "UBND" → "Ủy ban nhân dân"
//
// A figure with a leading zero ("0912 345 678", "01") is read digit by digit, as people read
// phone numbers and codes. The output holds no digit of any script.
func (o Options) Script(text string) string {
	text = norm.NFC.String(strings.ToValidUTF8(text, ""))
	w := &writer{}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r >= '0' && r <= '9':
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			var words string
			var n int
			if i > 0 && strings.ContainsRune("/-.,", prev) {
				// The tail of something written with separators ("31/02/2026", "12-15"): plain numbers.
				words, n = o.plain(text[i:])
			} else {
				words, n = o.figure(text[i:], w.lastWord())
			}
			w.words(words)
			i += n
			w.spaceBefore(text[i:])
		case isLetter(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !isLetter(r2) {
					break
				}
				j += s2
			}
			word := text[i:j]
			if exp, ok := Abbreviations[word]; ok {
				w.words(exp)
			} else {
				w.raw(word)
			}
			i = j
			w.spaceBefore(text[i:])
		case unicode.IsNumber(r):
			// Digits of other scripts, fractions, superscripts: not Vietnamese, not read.
			w.raw(" ")
			i += size
		case r == '%':
			w.words("phần trăm")
			i += size
		case r == '&':
			w.words("và")
			i += size
		case r == '-' && w.afterFigure && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9':
			w.words("đến") // "15-20 người": from 15 to 20
			i += size
		default:
			w.raw(text[i : i+size])
			i += size
		}
	}
	return w.String()
}

func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

// figure reads the figure at the start of s (s starts with an ASCII digit) and returns its
// words and how many bytes it took. before is the word written just before it ("ngày" before
// a date is not said twice).
func (o Options) figure(s, before string) (string, int) {
	if strings.EqualFold(before, "số") {
		// "số 12/2025/QĐ-UBND" is a document's number, not a month.
		return o.plain(s)
	}
	if m := reDate.FindStringSubmatch(s); m != nil && !strings.HasPrefix(s[len(m[0]):], "/") {
		d, mo, y := atoi(m[1]), atoi(m[2]), atoi(m[3])
		if validDate(d, mo, y) {
			return dropLead(o.Date(d, mo, y), "ngày", before), len(m[0])
		}
	}
	if m := reMonthYear.FindStringSubmatch(s); m != nil && !followedByDigit(s, len(m[0])) && !strings.HasPrefix(s[len(m[0]):], "/") {
		if mo, y := atoi(m[1]), atoi(m[2]); mo >= 1 && mo <= 12 {
			return dropLead(o.MonthYear(mo, y), "tháng", before), len(m[0])
		}
	}
	if m := reDayMonth.FindStringSubmatch(s); m != nil && !followedByDigit(s, len(m[0])) && !strings.HasPrefix(s[len(m[0]):], "/") {
		if d, mo := atoi(m[1]), atoi(m[2]); validDate(d, mo, 2024) {
			return dropLead(o.Date(d, mo, 0), "ngày", before), len(m[0])
		}
	}
	for _, re := range []*regexp.Regexp{reClock, reHourMin} {
		if m := re.FindStringSubmatch(s); m != nil && !followedByLetter(s, len(m[0])) {
			if h, mi := atoi(m[1]), atoi(m[2]); h <= 24 && mi <= 59 {
				return o.Time(h, mi), len(m[0])
			}
		}
	}
	if m := reHour.FindStringSubmatch(s); m != nil && !followedByLetter(s, len(m[0])) {
		if h := atoi(m[1]); h <= 24 {
			return o.Time(h, 0), len(m[0])
		}
	}
	return o.plain(s)
}

// plain reads the number at the start of s with what follows it: a percent sign, the đồng,
// a unit of measure.
func (o Options) plain(s string) (string, int) {
	m := reNumber.FindStringSubmatch(s)
	n := len(m[0])
	whole := strings.ReplaceAll(m[1], ".", "")
	var words string
	if m[2] == "" && len(whole) > 1 && whole[0] == '0' {
		words = Digits(whole)
	} else {
		words = o.Decimal(whole, m[2])
	}
	rest := s[n:]
	if p := rePercent.FindString(rest); p != "" {
		return words + " phần trăm", n + len(p)
	}
	if c := reMoney.FindString(rest); c != "" && !followedByLetter(rest, len(c)) {
		return words + " đồng", n + len(c)
	}
	if u := reUnit.FindStringSubmatch(rest); u != nil && !followedByLetter(rest, len(u[0])) && !followedByDigit(rest, len(u[0])) {
		return words + " " + units[u[1]], n + len(u[0])
	}
	return words, n
}

// dropLead takes the leading word off s when the text just said it: "ngày 15/12" is read
// "ngày mười lăm tháng mười hai", not "ngày ngày …".
func dropLead(s, lead, before string) string {
	if strings.EqualFold(before, lead) {
		return strings.TrimPrefix(s, lead+" ")
	}
	return s
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func validDate(d, m, y int) bool {
	if d < 1 || m < 1 || m > 12 || y < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

func followedByLetter(s string, at int) bool {
	r, _ := utf8.DecodeRuneInString(s[at:])
	return at < len(s) && isLetter(r)
}

func followedByDigit(s string, at int) bool {
	return at < len(s) && s[at] >= '0' && s[at] <= '9'
}

// writer builds the script, keeping words apart by one space and nothing more.
type writer struct {
	b           strings.Builder
	afterFigure bool
}

// words writes spoken words, with a space before them unless a space or the line's start is
// there already.
func (w *writer) words(s string) {
	out := w.b.String()
	if out != "" {
		last, _ := utf8.DecodeLastRuneInString(out)
		if !unicode.IsSpace(last) && !strings.ContainsRune("([\"'“‘/-", last) {
			w.b.WriteByte(' ')
		}
	}
	w.b.WriteString(s)
	w.afterFigure = true
}

// raw writes text as it was.
func (w *writer) raw(s string) {
	w.b.WriteString(s)
	w.afterFigure = false
}

// spaceBefore adds a space when the text goes on with a letter or a figure right after the
// words just written ("7h30sáng" → "bảy giờ ba mươi phút sáng").
func (w *writer) spaceBefore(rest string) {
	r, _ := utf8.DecodeRuneInString(rest)
	if rest != "" && (isLetter(r) || r >= '0' && r <= '9') && w.afterFigure {
		w.b.WriteByte(' ')
	}
	if rest != "" && isLetter(r) {
		w.afterFigure = false
	}
}

// lastWord is the last word written (letters only), for dropLead.
func (w *writer) lastWord() string {
	out := strings.TrimRightFunc(w.b.String(), unicode.IsSpace)
	i := strings.LastIndexFunc(out, func(r rune) bool { return !isLetter(r) })
	if i < 0 {
		return out
	}
	_, size := utf8.DecodeRuneInString(out[i:])
	return out[i+size:]
}

// String is the script, with runs of spaces and tabs made one space on each line.
func (w *writer) String() string {
	lines := strings.Split(w.b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' }), " ")
	}
	return strings.Join(lines, "\n")
}
