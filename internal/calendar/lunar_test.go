package calendar

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"
)

// TestAmlichCases checks both conversions against 5,000 cases from an independent
// implementation (see testdata/README.md).
func TestAmlichCases(t *testing.T) {
	b, err := os.ReadFile("testdata/amlich_testcase.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Solar [4]int `json:"solar"` // day, month, year, time zone
		Lunar [4]int `json:"lunar"` // day, month, year, leap (0/1)
	}
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) != 5000 {
		t.Fatalf("got %d cases, want 5000", len(cases))
	}
	for _, c := range cases {
		if c.Solar[3] != 7 {
			t.Fatalf("case %v is not for UTC+7", c)
		}
		d := Date{c.Solar[2], time.Month(c.Solar[1]), c.Solar[0]}
		l := LunarDate{Year: c.Lunar[2], Month: c.Lunar[1], Day: c.Lunar[0], Leap: c.Lunar[3] == 1}
		if got := SolarToLunar(d); got != l {
			t.Errorf("SolarToLunar(%s) = %s, want %s", d, got, l)
		}
		if got, err := LunarToSolar(l); err != nil || got != d {
			t.Errorf("LunarToSolar(%s) = %s, %v; want %s", l, got, err, d)
		}
	}
}

// TestTet checks the first day of the year in years where Vietnam (UTC+7) and China
// (UTC+8) differ, and recent years.
func TestTet(t *testing.T) {
	tests := []struct {
		year  int
		tet   string
		china string // Chinese New Year, when it differs; must not be Tết here
	}{
		{1968, "1968-01-29", "1968-01-30"}, // the North switched to UTC+7 that year
		{1969, "1969-02-16", "1969-02-17"},
		{1985, "1985-01-21", "1985-02-20"},
		{2007, "2007-02-17", "2007-02-18"},
		{2019, "2019-02-05", ""},
		{2024, "2024-02-10", ""},
		{2025, "2025-01-29", ""},
		{2026, "2026-02-17", ""},
	}
	for _, tt := range tests {
		want := mustDate(t, tt.tet)
		if got := Tet(tt.year); got != want {
			t.Errorf("Tet(%d) = %s, want %s", tt.year, got, want)
		}
		if got := SolarToLunar(want); got != (LunarDate{Year: tt.year, Month: 1, Day: 1}) {
			t.Errorf("SolarToLunar(%s) = %s, want %d-01-01", want, got, tt.year)
		}
		if tt.china != "" {
			if l := SolarToLunar(mustDate(t, tt.china)); l.Month == 1 && l.Day == 1 {
				t.Errorf("%s is Tết in the Vietnamese calendar; it should be China's only", tt.china)
			}
		}
	}
}

func TestLeapMonth(t *testing.T) {
	tests := map[int]int{2017: 6, 2020: 4, 2023: 2, 2024: 0, 2025: 6, 2026: 0, 2028: 5, 2033: 11}
	for y, want := range tests {
		if got := LeapMonth(y); got != want {
			t.Errorf("LeapMonth(%d) = %d, want %d", y, got, want)
		}
	}
}

func TestLunarToSolarRejectsMissingDays(t *testing.T) {
	for _, s := range []string{
		"2021-04L-01", // 2021 has no leap month
		"2025-05L-01", // 2025's leap month is the 6th
		"2025-12-30",  // tháng Chạp Ất Tỵ has 29 days: 16/02/2026 is its 29th, 17/02 is Tết
	} {
		l, err := ParseLunar(s)
		if err != nil {
			t.Fatal(err)
		}
		if d, err := LunarToSolar(l); err == nil {
			t.Errorf("LunarToSolar(%s) = %s, want an error", s, d)
		} else if !errors.Is(err, ErrInvalid) {
			t.Errorf("LunarToSolar(%s) error %v does not match ErrInvalid", s, err)
		}
	}
	if d, err := LunarToSolar(LunarDate{Year: 2025, Month: 12, Day: 29}); err != nil || d != mustDate(t, "2026-02-16") {
		t.Errorf("LunarToSolar(2025-12-29) = %s, %v; want 2026-02-16", d, err)
	}
}

// TestRoundTripEveryDay converts every day of 1900–2100 to the lunar calendar and back,
// and checks that lunar days follow each other without gaps.
func TestRoundTripEveryDay(t *testing.T) {
	d := mustDate(t, "1900-01-31") // Tết 1900
	end := mustDate(t, "2100-12-31")
	prev := SolarToLunar(d.AddDays(-1))
	for ; !d.After(end); d = d.AddDays(1) {
		l := SolarToLunar(d)
		back, err := LunarToSolar(l)
		if err != nil || back != d {
			t.Fatalf("%s -> %s -> %s, %v", d, l, back, err)
		}
		switch {
		case l.Day == prev.Day+1 && l.Month == prev.Month && l.Year == prev.Year && l.Leap == prev.Leap:
		case l.Day == 1 && (prev.Day == 29 || prev.Day == 30):
		default:
			t.Fatalf("%s: lunar %s does not follow %s", d, l, prev)
		}
		prev = l
	}
}

// TestSpans checks the structure behind the conversion for 1900–2101: months start on
// consecutive new moons, each 13-month span has exactly one leap month found by the rule
// (not the fallback), and its first month begins on the new moon the formula expects.
func TestSpans(t *testing.T) {
	for y := 1900; y <= 2101; y++ {
		s := newLunarSpan(y)
		if s.months[0].start != month11Start(y-1) || s.months[0].month != 11 || s.months[0].leap {
			t.Fatalf("span %d starts with %+v", y, s.months[0])
		}
		leaps := 0
		for i := 0; i < s.n; i++ {
			if n := s.monthEnd(i) - s.months[i].start; n != 29 && n != 30 {
				t.Fatalf("span %d month %d has %d days", y, i, n)
			}
			if s.months[i].leap {
				leaps++
				if solarTermSector(s.months[i].start) != solarTermSector(s.monthEnd(i)) {
					t.Errorf("span %d: leap month %d contains a major solar term", y, s.months[i].month)
				}
			}
		}
		if want := s.n - 12; leaps != want {
			t.Errorf("span %d has %d months and %d leap months", y, s.n, leaps)
		}
	}
}

func TestYearName(t *testing.T) {
	tests := map[int]string{
		1945: "Ất Dậu", 1984: "Giáp Tý", 2000: "Canh Thìn", 2019: "Kỷ Hợi",
		2023: "Quý Mão", 2025: "Ất Tỵ", 2026: "Bính Ngọ",
	}
	for y, want := range tests {
		if got := YearName(y); got != want {
			t.Errorf("YearName(%d) = %q, want %q", y, got, want)
		}
	}
	if got := SolarToLunar(mustDate(t, "2026-01-31")).YearName(); got != "Ất Tỵ" {
		t.Errorf("2026-01-31 is before Tết: year name %q, want Ất Tỵ", got)
	}
}

func TestParseLunar(t *testing.T) {
	good := map[string]LunarDate{
		"2019-01-01":  {Year: 2019, Month: 1, Day: 1},
		"2020-04L-01": {Year: 2020, Month: 4, Day: 1, Leap: true},
		"1900-12-30":  {Year: 1900, Month: 12, Day: 30},
	}
	for s, want := range good {
		got, err := ParseLunar(s)
		if err != nil || got != want {
			t.Errorf("ParseLunar(%q) = %+v, %v; want %+v", s, got, err, want)
		}
		if got.String() != s {
			t.Errorf("ParseLunar(%q).String() = %q", s, got.String())
		}
	}
	for _, s := range []string{"", "2019-1-1", "2019-13-01", "2019-00-01", "2019-01-31", "2019-01-00",
		"2020-04l-01", "2020-04X-01", "0000-01-01", "2019/01/01", "2019-01-01 ", "２０19-01-01"} {
		if l, err := ParseLunar(s); err == nil {
			t.Errorf("ParseLunar(%q) = %s, want an error", s, l)
		} else if !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseLunar(%q): %v does not match ErrInvalid", s, err)
		}
	}
}

func FuzzParseLunar(f *testing.F) {
	for _, s := range []string{"2019-01-01", "2020-04L-01", "2020-04L-1", "9999-12L-30", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ParseLunar(s)
		if err != nil {
			return
		}
		if l.String() != s {
			t.Fatalf("ParseLunar(%q).String() = %q", s, l.String())
		}
		_, _ = LunarToSolar(l) // must not panic for any parsable date
	})
}

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
