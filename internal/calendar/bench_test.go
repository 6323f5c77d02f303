package calendar

import "testing"

func BenchmarkAddWorkingDays30(b *testing.B) {
	c := Default()
	d := mustDate(b, "2025-12-20")
	c.AddWorkingDays(d, 30) // fill the per-year cache
	for b.Loop() {
		c.AddWorkingDays(d, 30)
	}
}

func BenchmarkSolarToLunar(b *testing.B) {
	d := mustDate(b, "2026-02-17")
	SolarToLunar(d)
	for b.Loop() {
		SolarToLunar(d)
	}
}

func BenchmarkLunarToSolar(b *testing.B) {
	l := LunarDate{Year: 2020, Month: 4, Day: 1, Leap: true}
	if _, err := LunarToSolar(l); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_, _ = LunarToSolar(l)
	}
}

// BenchmarkNewLunarSpan is the cost of one uncached lunar year.
func BenchmarkNewLunarSpan(b *testing.B) {
	for b.Loop() {
		newLunarSpan(2026)
	}
}
