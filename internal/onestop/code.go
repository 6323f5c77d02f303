package onestop

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
)

// DossierCode is a parsed dossier code: <agency id>-YYMMDD-XXXX (Circular 01/2018/TT-VPCP
// Art. 19), the agency identifier per QCVN 102:2016/BTTTT (e.g. 000.00.12.H55), the date the
// dossier was received and its sequence for that agency and day (four digits, more past 9999).
//
// An online submission that the desk has not accepted yet has a submission reference instead,
// <agency id>-YYMMDD-TTnnnn ("trực tuyến"), from the commune's own online counter: it takes no
// number of the day's sequence and no register entry until it is accepted (Online is true).
type DossierCode struct {
	Agency string
	Date   calendar.Date
	Seq    int
	Online bool
}

// MaxSeq is the last sequence number of a day. The sequence is written with at least four
// digits and grows past 9999 (a province-wide centre, or a flood of online submissions, can
// take more in a day): 0001 … 9999, 10000 … 999999.
const MaxSeq = 999_999

// MaxOnlineSeq is the last number of the online counter, which never restarts (it also keys
// the register's placeholder row, a 32-bit integer on PostgreSQL).
const MaxOnlineSeq = 999_999_999

// onlineMark precedes the number of a submission reference.
const onlineMark = "TT"

// maxAgency bounds the agency identifier (QCVN 102:2016 codes are 13 characters).
const maxAgency = 40

// String writes the code.
func (c DossierCode) String() string {
	if c.Online {
		return fmt.Sprintf("%s-%02d%02d%02d-%s%04d", c.Agency, c.Date.Year%100, int(c.Date.Month), c.Date.Day, onlineMark, c.Seq)
	}
	return fmt.Sprintf("%s-%02d%02d%02d-%04d", c.Agency, c.Date.Year%100, int(c.Date.Month), c.Date.Day, c.Seq)
}

// FormatCode makes the code of the seq-th dossier an agency received on the day of t
// (Vietnam's time).
func FormatCode(agency string, t time.Time, seq int) string {
	return DossierCode{Agency: agency, Date: calendar.DateOf(t), Seq: seq}.String()
}

// FormatOnlineRef makes the reference of the seq-th online submission of the commune, sent
// on the day of t.
func FormatOnlineRef(agency string, t time.Time, seq int) string {
	return DossierCode{Agency: agency, Date: calendar.DateOf(t), Seq: seq, Online: true}.String()
}

// ValidAgency reports whether s can stand as the agency part of a code: letters, digits and
// dots, starting with a letter or digit.
func ValidAgency(s string) bool {
	if s == "" || len(s) > maxAgency || s[0] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '.') {
			return false
		}
	}
	return true
}

// ParseCode reads a dossier code. Years are 2000–2099. Surrounding spaces are ignored and the
// agency is upper-cased, so a code typed from a slip still matches.
func ParseCode(s string) (DossierCode, error) {
	bad := fmt.Errorf("onestop: %q is not a dossier code", s)
	s = strings.TrimSpace(s)
	if len(s) > maxAgency+20 { // agency, '-', YYMMDD, '-', "TT" and up to nine digits
		return DossierCode{}, bad
	}
	i := strings.LastIndexByte(s, '-')
	if i < 0 {
		return DossierCode{}, bad
	}
	num, online, maxDigits := s[i+1:], false, 6
	if len(num) > len(onlineMark) && strings.EqualFold(num[:len(onlineMark)], onlineMark) {
		num, online, maxDigits = num[len(onlineMark):], true, 9
	}
	if n := len(num); n < 4 || n > maxDigits {
		return DossierCode{}, bad
	}
	seq, ok := atoiDigits(num)
	// One way to write each number: four digits with leading zeros, more only without them.
	if !ok || seq == 0 || len(num) > 4 && num[0] == '0' {
		return DossierCode{}, bad
	}
	rest := s[:i]
	j := strings.LastIndexByte(rest, '-')
	if j < 0 || len(rest)-j-1 != 6 {
		return DossierCode{}, bad
	}
	ymd, ok := atoiDigits(rest[j+1:])
	if !ok {
		return DossierCode{}, bad
	}
	y, m, d := 2000+ymd/10000, time.Month(ymd/100%100), ymd%100
	date := calendar.NewDate(y, m, d)
	if m < 1 || m > 12 || date != (calendar.Date{Year: y, Month: m, Day: d}) {
		return DossierCode{}, bad
	}
	agency := strings.ToUpper(rest[:j])
	if !ValidAgency(agency) {
		return DossierCode{}, bad
	}
	return DossierCode{Agency: agency, Date: date, Seq: seq, Online: online}, nil
}

func atoiDigits(s string) (int, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
