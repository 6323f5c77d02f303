package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// Issue 16 item 7: one address booked a whole day with fake phones, and the kiosk gave 50
// tickets in a second. Anonymous bookings and kiosk tickets are braked per address; staff
// booking for callers are not.
func TestBookingAndKioskFloodsAreBraked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := newClockFixture(t, d, vnAt(2026, 3, 2, 8, 0))
		anon, desk := f.client(""), f.client(auth.Desk)
		slots := []string{"07:30", "08:00", "08:30", "09:00", "09:30", "10:00", "10:30"}
		book := func(c string, i int) (int, string) {
			cl := anon
			if c == "desk" {
				cl = desk
			}
			st, _, body := f.post(cl, "/dat-lich", url.Values{"procedure": {onestop.CodeBirth}, "day": {"2026-03-04"}, "slot": {slots[i]},
				"name": {"Người thử"}, "phone": {fmt.Sprintf("09120000%02d", i)}})
			return st, body
		}
		// A mistake costs nothing.
		if st, _, _ := f.post(anon, "/dat-lich", url.Values{"procedure": {onestop.CodeBirth}, "day": {"2026-03-04"}, "name": {""}, "phone": {"1"}}); st != 422 {
			t.Fatalf("invalid form: %d", st)
		}
		for i := 0; i < 5; i++ {
			if st, body := book("anon", i); st != 303 {
				t.Fatalf("booking %d: %d %.300s", i+1, st, body)
			}
		}
		if st, body := book("anon", 5); st != 429 || !strings.Contains(body, "đã đặt 5 lịch trong 15 phút") {
			t.Fatalf("sixth booking from one address: %d %.300s", st, body)
		}
		if st, body := book("desk", 6); st != 303 {
			t.Fatalf("the desk booking for a caller: %d %.300s", st, body)
		}

		got := 0
		for i := 0; i < 70; i++ {
			st, _, body := f.post(anon, "/kiosk/lay-so", url.Values{"field": {"Hộ tịch"}})
			if st == 429 {
				if !strings.Contains(body, "lấy số đang được dùng quá nhanh") {
					t.Fatalf("kiosk 429 body: %.300s", body)
				}
				break
			}
			if st != 303 {
				t.Fatalf("ticket %d: %d %.300s", i+1, st, body)
			}
			got++
		}
		if got != 60 {
			t.Fatalf("%d tickets before the brake, want 60", got)
		}
	})
}
