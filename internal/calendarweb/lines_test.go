package calendarweb

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"xaso/internal/calendar"
)

func TestParseLines(t *testing.T) {
	day := func(s string) calendar.Date {
		v, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		in    string
		want  []calendar.Holiday
		probs []string // keys, in order
	}{
		{in: "", want: nil},
		{in: "\n \r\n\t\n", want: nil},
		{in: "2027-02-05 Nghỉ Tết", want: []calendar.Holiday{{Date: day("2027-02-05"), Reason: "Nghỉ Tết"}}},
		{in: "  5/2/2027\tNghỉ   Tết  Nguyên đán  |  ghi  chú | thêm \r\n", want: []calendar.Holiday{{Date: day("2027-02-05"), Reason: "Nghỉ Tết Nguyên đán", Note: "ghi chú | thêm"}}},
		{in: "05/02/2027 A\n2027-02-06 B", want: []calendar.Holiday{{Date: day("2027-02-05"), Reason: "A"}, {Date: day("2027-02-06"), Reason: "B"}}},
		{in: "2027-02-05", probs: []string{"calendar.line.no_reason"}},
		{in: "2027-02-05 | chỉ ghi chú", probs: []string{"calendar.line.no_reason"}},
		{in: "2027-02-29 A\n29/02/2027 B\n2027-2-5 C\n5-2-2027 D\n005/02/2027 E", probs: []string{
			"calendar.line.bad_date", "calendar.line.bad_date", "calendar.line.bad_date", "calendar.line.bad_date", "calendar.line.bad_date"}},
		{in: "2027-02-05 A\x00B", probs: []string{"calendar.line.control"}},
		{in: "2027-02-05 \xff", probs: []string{"calendar.line.bad_text"}},
		{in: "2027-02-05 " + strings.Repeat("a", 201), probs: []string{"calendar.line.reason_long"}},
		{in: "2027-02-05 a | " + strings.Repeat("a", 401), probs: []string{"calendar.line.note_long"}},
		{in: strings.Repeat("2027-02-05 A\n", maxLines+1), probs: []string{"calendar.line.too_many"}},
	} {
		got, probs := parseLines(tc.in)
		var keys []string
		for _, p := range probs {
			keys = append(keys, p.Key)
		}
		if !reflect.DeepEqual(keys, tc.probs) {
			t.Errorf("parseLines(%q) problems %v, want %v", tc.in, keys, tc.probs)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseLines(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	// Problems name their line, counting blank lines too.
	_, probs := parseLines("2027-02-05 A\n\nsai B")
	if len(probs) != 1 || probs[0].Line != 3 || probs[0].Args[0] != "3" || probs[0].Args[1] != "sai" {
		t.Errorf("problem: %+v", probs)
	}
}

// FuzzParseLines: the parser never panics, what it accepts is well formed, and formatting
// the days and reading them again gives the same days.
func FuzzParseLines(f *testing.F) {
	for _, s := range []string{
		"2027-02-05 Nghỉ Tết Nguyên đán\n2027-02-06 Nghỉ Tết | ghi chú",
		"5/2/2027\tA  B\r\n\r\n31/12/2027 C|D|E",
		"2027-02-05", "|", " | a", "2027-02-30 A", "0001-01-01 x", "9999-12-31 y",
		"2027-02-05 a\u00a0b\u2028c", "2027-02-05 \x1b[31m", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		days, probs := parseLines(in)
		if len(probs) > 0 {
			if days != nil {
				t.Fatalf("days returned with problems: %q", in)
			}
			for _, p := range probs {
				if !strings.HasPrefix(p.Key, "calendar.line.") {
					t.Fatalf("problem key %q", p.Key)
				}
			}
			return
		}
		for _, h := range days {
			if !h.Date.Valid() || h.Reason == "" || strings.Contains(h.Reason, "|") ||
				h.Reason != fold(h.Reason) || h.Note != fold(h.Note) ||
				utf8.RuneCountInString(h.Reason) > maxReasonRune || !utf8.ValidString(h.Reason+h.Note) {
				t.Fatalf("parseLines(%q) accepted %+v", in, h)
			}
		}
		again, probs := parseLines(formatLines(days))
		if len(probs) > 0 || !reflect.DeepEqual(again, days) {
			t.Fatalf("round trip of %q: %+v (%v), want %+v", in, again, probs, days)
		}
	})
}
