package investment

import (
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
)

// MaxAmount bounds an amount typed in: a million billion đồng, far above any commune project,
// and far below int64's limit, so that sums of many sources cannot overflow.
const MaxAmount int64 = 1_000_000_000_000_000

// ParseVND reads an amount of đồng as staff type it: "1.200.000.000", "1 200 000 000",
// "1200000000", with an optional "đ", "đồng" or "VND" after it. Dots and spaces group
// thousands (Vietnamese writing); a comma is the decimal mark there, and an amount in đồng has
// no decimals, so a comma is refused rather than guessed at. Groups after the first must have
// three digits. Zero and negative amounts are refused.
func ParseVND(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, suffix := range []string{"đồng", "đ", "VNĐ", "VND", "vnđ", "vnd"} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			s = strings.TrimSpace(t)
			break
		}
	}
	if s == "" || len(s) > 40 {
		return 0, false
	}
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ' ' || r == '\u00a0' })
	if len(groups) == 0 {
		return 0, false
	}
	// A separator must stand between digits: "1..000", ".100" and "100." are typing mistakes.
	if strings.Contains(s, "..") || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") {
		return 0, false
	}
	var digits strings.Builder
	for i, g := range groups {
		for _, c := range g {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		if len(groups) > 1 && ((i == 0 && len(g) > 3) || (i > 0 && len(g) != 3)) {
			return 0, false
		}
		digits.WriteString(g)
	}
	d := strings.TrimLeft(digits.String(), "0")
	if d == "" || len(d) > 16 {
		return 0, false
	}
	n, err := strconv.ParseInt(d, 10, 64)
	if err != nil || n <= 0 || n > MaxAmount {
		return 0, false
	}
	return n, true
}

// FormatVND writes an amount the Vietnamese way, "1.200.000.000".
func FormatVND(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ParsePercent reads a whole per cent 0–100 ("45", "45 %", "45%").
func ParsePercent(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" || len(s) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 100 || strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-") {
		return 0, false
	}
	return n, true
}

// ParseDay reads a day typed in a form (YYYY-MM-DD or d/m/yyyy); "" is no day (ok, zero).
func ParseDay(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}, true
	}
	d, err := calendar.ParseDay(s)
	return d, err == nil
}

// Period is a reporting period: a quarter (1–4), a half year (1–2), or the board's term.
type Period struct {
	Kind string // "quarter", "half", "term"
	Year int
	Part int
}

// Bounds is the first and last day of a quarter or half year; a term has none (its bounds
// are the board's).
func (p Period) Bounds() (calendar.Date, calendar.Date) {
	switch p.Kind {
	case "quarter":
		m := time.Month(3*(p.Part-1) + 1)
		return calendar.NewDate(p.Year, m, 1), calendar.NewDate(p.Year, m+3, 0)
	case "half":
		m := time.Month(6*(p.Part-1) + 1)
		return calendar.NewDate(p.Year, m, 1), calendar.NewDate(p.Year, m+6, 0)
	}
	return calendar.Date{}, calendar.Date{}
}

// ParsePeriod reads ?ky=quy|nua-nam|nhiem-ky&nam=2026&so=4.
func ParsePeriod(kind, year, part string) (Period, bool) {
	switch kind {
	case "nhiem-ky":
		return Period{Kind: "term"}, true
	case "quy", "nua-nam":
	default:
		return Period{}, false
	}
	y, err1 := strconv.Atoi(strings.TrimSpace(year))
	n, err2 := strconv.Atoi(strings.TrimSpace(part))
	if err1 != nil || err2 != nil || y < 2000 || y > 2200 {
		return Period{}, false
	}
	if kind == "quy" {
		if n < 1 || n > 4 {
			return Period{}, false
		}
		return Period{Kind: "quarter", Year: y, Part: n}, true
	}
	if n < 1 || n > 2 {
		return Period{}, false
	}
	return Period{Kind: "half", Year: y, Part: n}, true
}
