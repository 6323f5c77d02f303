package calendar

import (
	"testing"
	"time"
)

// TestNextOpening: the kiosk's question (issue 8 item 11): open now, and if not, when.
func TestNextOpening(t *testing.T) {
	c := Default()
	at := func(y int, m time.Month, d, h, min int) time.Time { return NewDate(y, m, d).At(NewClock(h, min)) }
	for _, tc := range []struct {
		name    string
		t, want time.Time
		openNow bool
	}{
		{"Saturday night", at(2026, 12, 5, 21, 50), at(2026, 12, 7, 7, 30), false},
		{"Monday before opening", at(2026, 12, 7, 6, 0), at(2026, 12, 7, 7, 30), false},
		{"Monday at opening", at(2026, 12, 7, 7, 30), at(2026, 12, 7, 7, 30), true},
		{"the midday break", at(2026, 12, 7, 12, 15), at(2026, 12, 7, 12, 15), true},
		{"Friday at closing", at(2026, 12, 11, 17, 0), at(2026, 12, 14, 7, 30), false},
		{"the eve of Tết 2026", at(2026, 2, 13, 18, 0), at(2026, 2, 23, 7, 30), false},
	} {
		if got := c.OpenAt(tc.t); got != tc.openNow {
			t.Errorf("%s: open %v, want %v", tc.name, got, tc.openNow)
		}
		if got := c.NextOpening(tc.t); !got.Equal(tc.want) {
			t.Errorf("%s: next opening %s, want %s", tc.name, got.In(Zone), tc.want.In(Zone))
		}
	}
}
