package onestop_test

import (
	"strings"
	"testing"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/onestop"
)

func TestCodeFormatAndParse(t *testing.T) {
	got := onestop.FormatCode("000.00.12.H55", at(2026, 3, 2, 23, 30), 7)
	if got != "000.00.12.H55-260302-0007" {
		t.Fatalf("FormatCode = %s", got)
	}
	// 17:30 UTC on 1 March is 00:30 on 2 March in Vietnam.
	if c := onestop.FormatCode("X", time.Date(2026, 3, 1, 17, 30, 0, 0, time.UTC), 1); !strings.Contains(c, "-260302-") {
		t.Errorf("date taken outside Vietnam's time: %s", c)
	}
	c, err := onestop.ParseCode(" 000.00.12.h55-260302-0007 ")
	if err != nil || c.Agency != "000.00.12.H55" || c.Date != calendar.NewDate(2026, 3, 2) || c.Seq != 7 {
		t.Fatalf("ParseCode = %+v, %v", c, err)
	}
	for _, bad := range []string{"", "-260302-0001", "A-260230-0001", "A-261302-0001", "A-260302-001", "A-260302-00001",
		"A-2603020-0001", "A-260302-0000", "A_B-260302-0001", ".A-260302-0001", "A-26O302-0001", "A-260302-+001", "A260302-0001"} {
		if _, err := onestop.ParseCode(bad); err == nil {
			t.Errorf("ParseCode(%q) accepted", bad)
		}
	}
}

// Issue 16 item 9: the day's sequence grows past 9999 instead of running out.
func TestCodeSequenceGrowsPastFourDigits(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for seq, want := range map[int]string{1: "A-260302-0001", 9999: "A-260302-9999", 10000: "A-260302-10000", 999999: "A-260302-999999"} {
		got := onestop.FormatCode("A", at, seq)
		if got != want {
			t.Errorf("FormatCode(%d) = %q, want %q", seq, got, want)
		}
		if c, err := onestop.ParseCode(got); err != nil || c.Seq != seq {
			t.Errorf("ParseCode(%q) = %+v, %v", got, c, err)
		}
	}
	for _, bad := range []string{"A-260302-1000000", "A-260302-012345", "A-260302-000001"} {
		if _, err := onestop.ParseCode(bad); err == nil {
			t.Errorf("ParseCode(%q) accepted", bad)
		}
	}
}

func FuzzParseCode(f *testing.F) {
	f.Add("A-260302-10000")
	for _, s := range []string{"000.00.12.H55-260302-0001", "BINHYEN-251231-9999", "A-000101-0001", "--", "A-260229-0001", "ẞ-260302-0001", "A-260302-TT0042", "A-260302-tt999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := onestop.ParseCode(s)
		if err != nil {
			return
		}
		// A parsed code writes back to a string that parses to the same code.
		again, err := onestop.ParseCode(c.String())
		if err != nil || again != c {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, c, c.String(), again, err)
		}
		limit := onestop.MaxSeq
		if c.Online {
			limit = onestop.MaxOnlineSeq
		}
		if c.Seq < 1 || c.Seq > limit || !c.Date.Valid() || !onestop.ValidAgency(c.Agency) {
			t.Fatalf("%q parsed to an impossible code %+v", s, c)
		}
	})
}
