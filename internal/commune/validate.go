package commune

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"xaso/internal/fold"
)

// Lengths, in characters, beyond which a text field is refused.
const (
	maxName     = 100
	maxCode     = 20
	maxAddress  = 200
	maxRelation = 30
	maxTitle    = 150
)

// Gender values as stored and shown.
const (
	Male   = "Nam"
	Female = "Nữ"
)

// RelationHead is the relation of the head of household to themselves.
const RelationHead = "Chủ hộ"

// Relations are the usual relations to the head of household, in the words of the residence
// registry; other words are kept as typed.
var Relations = []string{RelationHead, "Vợ", "Chồng", "Con", "Con dâu", "Con rể", "Cháu", "Bố", "Mẹ",
	"Ông", "Bà", "Anh", "Chị", "Em", "Bố vợ", "Mẹ vợ", "Bố chồng", "Mẹ chồng", "Khác"}

var relationByFold = func() map[string]string {
	m := map[string]string{}
	for _, r := range Relations {
		m[fold.String(r)] = r
	}
	return m
}()

// clean trims, composes (NFC: names typed on some systems arrive decomposed), drops control
// characters and collapses runs of spaces.
func clean(s string) string {
	if isPlainASCII(s) {
		s = strings.TrimSpace(s)
		if !strings.Contains(s, "  ") {
			return s
		}
	} else {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r) && !unicode.IsSpace(r), r == '\u200b', r == '\ufeff',
			unicode.Is(unicode.Bidi_Control, r): // a right-to-left override makes a name read backwards
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c < ' ' {
			return false
		}
	}
	return true
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// NormalizeIDNumber checks a số định danh cá nhân (the 12-digit number printed on the căn
// cước card, Law on Identification 2023 Art. 12). Spaces and dots are ignored; "" is allowed
// (the number is optional). It returns the digits, or a message key.
func NormalizeIDNumber(s string) (string, string) {
	s = stripSeparators(s)
	if s == "" {
		return "", ""
	}
	if len(s) != 12 || !allDigits(s) {
		return s, "commune.id_number_invalid"
	}
	return s, ""
}

// NormalizeMobile checks a Vietnamese mobile number: 10 digits starting 03, 05, 07, 08 or 09
// (the plan of 2018). "+84" and "84" prefixes, spaces, dots and dashes are accepted and
// removed. "" is allowed.
func NormalizeMobile(s string) (string, string) {
	s = stripSeparators(s)
	if s == "" {
		return "", ""
	}
	s = national(s)
	if len(s) == 10 && allDigits(s) && s[0] == '0' && strings.IndexByte("35789", s[1]) >= 0 {
		return s, ""
	}
	return s, "commune.mobile_invalid"
}

// NormalizePhone accepts a mobile number or a fixed line (11 digits starting 02, area code
// included, since 2017). "" is allowed.
func NormalizePhone(s string) (string, string) {
	m, key := NormalizeMobile(s)
	if key == "" {
		return m, ""
	}
	if len(m) == 11 && allDigits(m) && strings.HasPrefix(m, "02") {
		return m, ""
	}
	return m, "commune.phone_invalid"
}

func national(s string) string {
	s = strings.TrimPrefix(s, "+")
	if strings.HasPrefix(s, "84") && (len(s) == 11 || len(s) == 12) {
		return "0" + s[2:]
	}
	return s
}

func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '(', ')', '\u00a0', '\t':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

var (
	dmyRe = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$`)
	ymdRe = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
)

// earliestBirth is the earliest birth date accepted (no one alive was born before it).
var earliestBirth = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// ParseBirthDate reads a birth date written dd/mm/yyyy (also with - or .) or yyyy-mm-dd and
// returns it as YYYY-MM-DD, or a message key: invalid, or not between 1900 and today.
func ParseBirthDate(s string, today time.Time) (string, string) {
	s = strings.TrimSpace(s)
	var y, m, d int
	if g := dmyRe.FindStringSubmatch(s); g != nil {
		d, m, y = atoi(g[1]), atoi(g[2]), atoi(g[3])
	} else if g := ymdRe.FindStringSubmatch(s); g != nil {
		y, m, d = atoi(g[1]), atoi(g[2]), atoi(g[3])
	} else {
		return "", "commune.birth_date_invalid"
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return "", "commune.birth_date_invalid" // 31/02/1990 and the like
	}
	if t.After(dateOf(today)) {
		return "", "commune.birth_date_future"
	}
	if t.Before(earliestBirth) {
		return "", "commune.birth_date_too_old"
	}
	return t.Format(time.DateOnly), ""
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// NormalizeGender reads "Nam"/"Nữ" (also without diacritics, or male/female) and returns the
// stored form, or a message key. "" is allowed.
func NormalizeGender(s string) (string, string) {
	switch fold.String(s) {
	case "":
		return "", ""
	case "nam", "male", "m":
		return Male, ""
	case "nu", "female", "f":
		return Female, ""
	}
	return s, "commune.gender_invalid"
}

// NormalizeRelation returns the usual spelling of a relation to the head of household (as typed
// when it is not a usual one) and whether it names the head.
func NormalizeRelation(s string) (string, bool) {
	s = clean(s)
	if r, ok := relationByFold[fold.String(s)]; ok {
		return r, r == RelationHead
	}
	return s, false
}

// Age is the age in whole years on the given day of someone born on birth (YYYY-MM-DD); -1
// when the date is unknown.
func Age(birth string, on time.Time) int {
	b, err := time.Parse(time.DateOnly, birth)
	if err != nil {
		return -1
	}
	y, m, d := on.In(vnZone).Date()
	age := y - b.Year()
	if m < b.Month() || (m == b.Month() && d < b.Day()) {
		age--
	}
	return age
}

// VoterAge is the voting age: Law on the Election of National Assembly and People's Council
// Deputies 2015 Art. 2: citizens aged eighteen or older have the right to vote.
const VoterAge = 18

var emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func validEmail(s string) bool { return s == "" || (len(s) <= 254 && emailRe.MatchString(s)) }

var sha256Re = regexp.MustCompile(`^[0-9a-f]{64}$`)
