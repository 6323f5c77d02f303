package investment

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseVND: never panics; what it takes is positive, bounded, and written back by
// FormatVND it reads the same.
func FuzzParseVND(f *testing.F) {
	for _, s := range []string{"1.200.000.000", "1 200 000 000", "500.000đ", "1,5", "-1", "", "1..0", "9999999999999999999", "0.000", "\u00a0100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := ParseVND(s)
		if !ok {
			return
		}
		if n <= 0 || n > MaxAmount {
			t.Fatalf("%q → %d", s, n)
		}
		if back, ok := ParseVND(FormatVND(n)); !ok || back != n {
			t.Fatalf("%q → %d → %q → %d", s, n, FormatVND(n), back)
		}
	})
}

// FuzzDays: the day, per cent, moment and period parsers never panic, and a day they take is
// a real day that reads back the same.
func FuzzDays(f *testing.F) {
	for _, s := range []string{"2026-12-07", "7/12/2026", "31/02/2026", "", "2026-12-07T09:30", "45 %", "quy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := ParseDay(s); ok && d.Valid() {
			if back, ok := ParseDay(d.String()); !ok || back != d {
				t.Fatalf("%q → %v → %v", s, d, back)
			}
		}
		if n, ok := ParsePercent(s); ok && (n < 0 || n > 100) {
			t.Fatalf("%q → %d %%", s, n)
		}
		parseMoment(s)
		if p, ok := ParsePeriod(s, s, s); ok && p.Kind != "term" {
			if from, to := p.Bounds(); !from.Valid() || !to.Valid() || to.Before(from) {
				t.Fatalf("%q: %v–%v", s, from, to)
			}
		}
	})
}

// FuzzVisitForm: any form body reads into a visit input without panicking, with only the
// checklist's items.
func FuzzVisitForm(f *testing.F) {
	f.Add("visited_on=2026-12-07&check_plan=ok&note_plan=T%E1%BB%91t&action=submit")
	f.Add("check_land=problem&check_bogus=ok&findings=%00%ff")
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		in := ParseVisitForm(v, Checklist(KindPPP))
		if len(in.Checks) != len(Checklist(KindPPP)) {
			t.Fatalf("%d checks", len(in.Checks))
		}
		for _, c := range in.Checks {
			if s, ok := clean(c.Note, maxText); ok && (!utf8.ValidString(s) || strings.ContainsRune(s, 0)) {
				t.Fatalf("cleaned note %q", s)
			}
		}
	})
}
