package calendar

import (
	"math/rand/v2"
	"testing"
)

func TestAddWorkingDays(t *testing.T) {
	c := Default()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2025-11-28", 5, "2025-12-05"},   // over a weekend
		{"2025-11-28", 0, "2025-11-28"},   // n = 0 is the day itself
		{"2025-11-30", 1, "2025-12-01"},   // from a Sunday
		{"2025-01-24", 1, "2025-02-03"},   // over the Tết 2025 break
		{"2025-04-25", 1, "2025-04-26"},   // Saturday 26 April 2025 is worked
		{"2025-04-29", 1, "2025-05-05"},   // 30/4, 1/5, 2/5 off, then the weekend
		{"2026-02-13", 3, "2026-02-25"},   // over the Tết 2026 break
		{"2026-04-24", 1, "2026-04-28"},   // Monday 27 April 2026 makes up Hùng Kings' day
		{"2025-12-31", 2, "2026-01-06"},   // New Year 2026: 1–4 Jan off
		{"2025-12-05", -5, "2025-11-28"},  // counting back
		{"2025-02-03", -1, "2025-01-24"},  // back over Tết
		{"2025-12-20", 30, "2026-02-02"},  // 30 working days across a year boundary
		{"2026-02-02", -30, "2025-12-19"}, // and back
	}
	for _, tt := range tests {
		from := mustDate(t, tt.from)
		if got := c.AddWorkingDays(from, tt.n); got.String() != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", from, tt.n, got, tt.want)
		}
		got, steps := c.AddWorkingDaysExplained(from, tt.n)
		if got.String() != tt.want {
			t.Errorf("AddWorkingDaysExplained(%s, %d) = %s, want %s", from, tt.n, got, tt.want)
		}
		counted := 0
		for _, s := range steps {
			if s.Counted {
				counted++
			} else if s.Reason == "" {
				t.Errorf("%s + %d: skipped %s without a reason", from, tt.n, s.Date)
			}
		}
		if want := max(tt.n, -tt.n); counted != want {
			t.Errorf("%s + %d: %d days counted in the explanation", from, tt.n, counted)
		}
	}
}

// TestAddThenCount checks, for many random starts and lengths, that counting the working
// days up to the result of AddWorkingDays gives back n, that the result is a working day,
// and that the fast path agrees with the explained walk.
func TestAddThenCount(t *testing.T) {
	c := Default()
	rng := rand.New(rand.NewPCG(2025, 11))
	base := mustDate(t, "1990-01-01")
	for i := 0; i < 20000; i++ {
		d := base.AddDays(rng.IntN(365 * 60))
		n := rng.IntN(601) - 300
		got := c.AddWorkingDays(d, n)
		if between := c.WorkingDaysBetween(d, got); between != n {
			t.Fatalf("WorkingDaysBetween(%s, AddWorkingDays(%s, %d) = %s) = %d", d, d, n, got, between)
		}
		if n != 0 && !c.IsWorkingDay(got) {
			t.Fatalf("AddWorkingDays(%s, %d) = %s, a day off (%s)", d, n, got, c.DayInfo(got).Reason)
		}
		if c.IsWorkingDay(d) {
			if back := c.AddWorkingDays(got, -n); back != d {
				t.Fatalf("AddWorkingDays(AddWorkingDays(%s, %d), %d) = %s", d, n, -n, back)
			}
		}
		if i%50 == 0 {
			if slow, _ := c.AddWorkingDaysExplained(d, n); slow != got {
				t.Fatalf("explained walk gives %s, fast path %s for %s + %d", slow, got, d, n)
			}
		}
	}
}

// TestWorkingDaysBetweenNaive compares the prefix-sum count with a day-by-day count.
func TestWorkingDaysBetweenNaive(t *testing.T) {
	c := Default()
	rng := rand.New(rand.NewPCG(7, 7))
	base := mustDate(t, "2020-01-01")
	for i := 0; i < 2000; i++ {
		a := base.AddDays(rng.IntN(3000))
		b := a.AddDays(rng.IntN(900) - 450)
		want := 0
		if !b.Before(a) {
			for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
				if c.IsWorkingDay(d) {
					want++
				}
			}
		} else {
			for d := b; d.Before(a); d = d.AddDays(1) {
				if c.IsWorkingDay(d) {
					want--
				}
			}
		}
		if got := c.WorkingDaysBetween(a, b); got != want {
			t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", a, b, got, want)
		}
	}
}

// TestAddWorkingDaysLong exercises the whole-year skipping of the fast path.
func TestAddWorkingDaysLong(t *testing.T) {
	c := Default()
	d := mustDate(t, "2000-06-15")
	for _, n := range []int{250, 251, 2500, -2500, 9999} {
		slow, _ := c.AddWorkingDaysExplained(d, n)
		if fast := c.AddWorkingDays(d, n); fast != slow {
			t.Errorf("AddWorkingDays(%s, %d) = %s, walk gives %s", d, n, fast, slow)
		}
	}
}

func TestStepString(t *testing.T) {
	c := Default()
	_, steps := c.AddWorkingDaysExplained(mustDate(t, "2025-04-24"), 3)
	want := []string{
		"2025-04-25 Thứ Sáu: ngày làm việc thứ 1",
		"2025-04-26 Thứ Bảy: ngày làm việc thứ 2 (Thứ Bảy làm việc bù)",
		"2025-04-27 Chủ nhật: bỏ qua (Chủ nhật)",
		"2025-04-28 Thứ Hai: ngày làm việc thứ 3",
	}
	if len(steps) != len(want) {
		t.Fatalf("steps: %v", steps)
	}
	for i, s := range steps {
		if s.String() != want[i] {
			t.Errorf("step %d: %q, want %q", i, s, want[i])
		}
	}
}

// TestFarYearsDoNotPanic walks across the edges of the supported years.
func TestFarYearsDoNotPanic(t *testing.T) {
	c := Default()
	if got := c.AddWorkingDays(mustDate(t, "0001-01-05"), -10); !got.Before(mustDate(t, "0001-01-01")) {
		t.Errorf("AddWorkingDays(0001-01-05, -10) = %s", got)
	}
	if got := c.AddWorkingDays(mustDate(t, "9999-12-20"), 10); got.Year != 10000 {
		t.Errorf("AddWorkingDays(9999-12-20, 10) = %s", got)
	}
	if d := Tet(0); d != (Date{}) {
		t.Errorf("Tet(0) = %s", d)
	}
}
