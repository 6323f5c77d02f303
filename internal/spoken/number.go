// Package spoken writes numbers, dates, times, money and percentages as Vietnamese speaks
// them, and rewrites a plain announcement for the hamlet loudspeaker (Script): whoever reads
// it on air, or a speech synthesiser, reads words, never figures or abbreviations.
//
// It is pure computation: no database, no clock, no network, and it knows nothing of the
// rooms that use it. The reading rules are those of standard Vietnamese as schools teach it
// (the northern usage by default); Options switch to the southern "lẻ" and "ngàn" and to "tư".
package spoken

import "strings"

// Options choose between the regional ways of reading a number. The zero value is the
// standard (northern) reading: "một trăm linh năm", "hai mươi bốn", "nghìn".
type Options struct {
	// Le reads a zero tens digit "lẻ", as the South does: 105 → "một trăm lẻ năm".
	Le bool
	// Tu reads a final 4 after a tens digit of 2 or more "tư": 24 → "hai mươi tư".
	Tu bool
	// Ngan says "ngàn" for a thousand, as the South does, instead of "nghìn".
	Ngan bool
}

// Southern is the southern reading: "lẻ", "tư" and "ngàn".
var Southern = Options{Le: true, Tu: true, Ngan: true}

var digitWords = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// Number is n in words with the standard reading.
func Number(n int64) string { return Options{}.Number(n) }

// Number is n in words: 0 → "không", 21 → "hai mươi mốt", 1005 → "một nghìn không trăm
// linh năm", -3 → "âm ba".
func (o Options) Number(n int64) string {
	if n < 0 {
		return "âm " + o.Unsigned(uint64(-(n+1))+1)
	}
	return o.Unsigned(uint64(n))
}

// Unsigned is n in words.
func (o Options) Unsigned(n uint64) string {
	if n == 0 {
		return digitWords[0]
	}
	return strings.Join(o.words(n, false), " ")
}

// words reads n > 0. full says something was read before n in the same number, so that its
// first group reads its zero hundreds ("một nghìn không trăm linh năm").
func (o Options) words(n uint64, full bool) []string {
	if n >= 1_000_000_000 {
		// Past a billion the scale words repeat: 10^12 is "nghìn tỷ", 10^18 "tỷ tỷ".
		w := append(o.words(n/1_000_000_000, full), "tỷ")
		if lo := n % 1_000_000_000; lo > 0 {
			w = append(w, o.words(lo, true)...)
		}
		return w
	}
	thousand := "nghìn"
	if o.Ngan {
		thousand = "ngàn"
	}
	var w []string
	for _, g := range []struct {
		n     uint64
		scale string
	}{{n / 1_000_000, "triệu"}, {n / 1000 % 1000, thousand}, {n % 1000, ""}} {
		if g.n == 0 {
			continue // a zero group is not read: 1.000.005 is "một triệu không trăm linh năm"
		}
		w = append(w, o.triple(int(g.n), full)...)
		if g.scale != "" {
			w = append(w, g.scale)
		}
		full = true
	}
	return w
}

// triple reads 1..999; full reads the hundreds even when they are zero.
func (o Options) triple(n int, full bool) []string {
	h, t, u := n/100, n/10%10, n%10
	var w []string
	if h > 0 || full {
		w = append(w, digitWords[h], "trăm")
	}
	switch t {
	case 0:
		if u == 0 {
			return w
		}
		if len(w) > 0 {
			// A zero tens digit between hundreds and units: "linh" (North) or "lẻ" (South).
			if o.Le {
				w = append(w, "lẻ")
			} else {
				w = append(w, "linh")
			}
		}
		return append(w, digitWords[u]) // 5 stays "năm", 1 "một", 4 "bốn"
	case 1:
		w = append(w, "mười")
		switch u {
		case 0:
		case 5:
			w = append(w, "lăm") // 15 "mười lăm"
		default:
			w = append(w, digitWords[u]) // 11 "mười một", never "mười mốt"; 14 "mười bốn"
		}
		return w
	}
	w = append(w, digitWords[t], "mươi")
	switch u {
	case 0:
	case 1:
		w = append(w, "mốt") // 21 "hai mươi mốt"
	case 4:
		if o.Tu {
			w = append(w, "tư")
		} else {
			w = append(w, "bốn")
		}
	case 5:
		w = append(w, "lăm") // 25 "hai mươi lăm"
	default:
		w = append(w, digitWords[u])
	}
	return w
}

// Digits reads a string of ASCII digits one by one, as a phone number or a code is read:
// "0912" → "không chín một hai". Other characters are skipped.
func Digits(s string) string {
	var w []string
	for _, r := range s {
		if r >= '0' && r <= '9' {
			w = append(w, digitWords[r-'0'])
		}
	}
	return strings.Join(w, " ")
}

// maxDigits is the longest run of digits read as one number (int64 holds 18 digits for sure);
// a longer run is read digit by digit.
const maxDigits = 18

// integer reads a run of ASCII digits as a number, or digit by digit when it is too long.
func (o Options) integer(digits string) string {
	if len(digits) > maxDigits {
		return Digits(digits)
	}
	var n uint64
	for _, r := range digits {
		n = n*10 + uint64(r-'0')
	}
	return o.Unsigned(n)
}

// Decimal reads a number written with a decimal comma, as Vietnamese writes it: whole "12"
// and fraction "5" → "mười hai phẩy năm"; the fraction's leading zeros are read one by one
// ("0,05" → "không phẩy không năm"). An empty fraction reads the whole part alone.
func (o Options) Decimal(whole, fraction string) string {
	s := o.integer(whole)
	if fraction == "" {
		return s
	}
	var w []string
	rest := strings.TrimLeft(fraction, "0")
	for range len(fraction) - len(rest) {
		w = append(w, digitWords[0])
	}
	if rest != "" {
		w = append(w, o.integer(rest))
	}
	return s + " phẩy " + strings.Join(w, " ")
}

// Money reads an amount of đồng: 1500000 → "một triệu năm trăm nghìn đồng".
func (o Options) Money(n int64) string { return o.Number(n) + " đồng" }

// Percent reads a percentage: whole "12", fraction "5" → "mười hai phẩy năm phần trăm".
func (o Options) Percent(whole, fraction string) string {
	return o.Decimal(whole, fraction) + " phần trăm"
}

// month reads a month's name: April is "tháng tư", never "tháng bốn".
func (o Options) month(m int) string {
	if m == 4 {
		return "tư"
	}
	return o.Number(int64(m))
}

// Date reads a day of the solar calendar: 15, 12, 2026 → "ngày mười lăm tháng mười hai năm
// hai nghìn không trăm hai mươi sáu". A zero year leaves the year out.
func (o Options) Date(day, month, year int) string {
	s := "ngày " + o.Number(int64(day)) + " tháng " + o.month(month)
	if year != 0 {
		s += " năm " + o.Number(int64(year))
	}
	return s
}

// MonthYear reads a month of a year: 12, 2026 → "tháng mười hai năm hai nghìn không trăm
// hai mươi sáu".
func (o Options) MonthYear(month, year int) string {
	return "tháng " + o.month(month) + " năm " + o.Number(int64(year))
}

// Time reads a time of day: 7, 30 → "bảy giờ ba mươi phút"; 14, 0 → "mười bốn giờ".
func (o Options) Time(hour, minute int) string {
	s := o.Number(int64(hour)) + " giờ"
	if minute != 0 {
		s += " " + o.Number(int64(minute)) + " phút"
	}
	return s
}
