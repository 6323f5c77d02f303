package calendarweb

import (
	"context"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db/dbtest"
)

// TestCalendarCache: a save in this process is seen at once; a change made by another process
// (here, straight in the database) is seen once the cached calendar is older than cacheTTL.
func TestCalendarCache(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, created_at) VALUES ('c1', 'BY', 'Bình Yên', 'Thái Nguyên', $1)`, time.Now()); err != nil {
		t.Fatal(err)
	}
	s := New(d)
	clock := time.Date(2026, 2, 10, 9, 0, 0, 0, calendar.Zone)
	s.now = func() time.Time { return clock }
	day := calendar.NewDate(2026, time.March, 10)

	c1, err := s.Calendar(ctx, "c1")
	if err != nil || !c1.IsWorkingDay(day) {
		t.Fatalf("before: %v", err)
	}
	if c2, _ := s.Calendar(ctx, "c1"); c2 != c1 {
		t.Error("the calendar is not cached")
	}
	if _, err := s.SaveClosures(ctx, "c1", audit.System, []calendar.Holiday{{Date: day, Reason: "Nghỉ do bão"}}); err != nil {
		t.Fatal(err)
	}
	c3, _ := s.Calendar(ctx, "c1")
	if c3.IsWorkingDay(day) {
		t.Error("a save did not drop the cached calendar")
	}
	// Another commune is not affected.
	if other, _ := s.Calendar(ctx, "c2"); !other.IsWorkingDay(day) {
		t.Error("the closure of c1 applies to c2")
	}

	if _, err := d.Exec(ctx, `UPDATE settings SET value = '[]' WHERE commune_id = 'c1'`); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(cacheTTL - time.Second)
	if c, _ := s.Calendar(ctx, "c1"); c.IsWorkingDay(day) {
		t.Error("the cache was refreshed before its time")
	}
	clock = clock.Add(2 * time.Second)
	if c, _ := s.Calendar(ctx, "c1"); !c.IsWorkingDay(day) {
		t.Error("the cache was not refreshed after cacheTTL")
	}
}

// TestBrokenSettingIsAnError: a stored value that bypassed the checks is reported, not
// silently replaced by another calendar.
func TestBrokenSettingIsAnError(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	for _, v := range []struct{ key, value string }{
		{"calendar.notice.2027", `{"year":2028,"days_off":[{"date":"2028-01-01","reason":"x"}]}`},
		{"calendar.notice.2027", `{"year":2027,"days_off":[]}`},
		{"calendar.closures", `[{"date":"2027-02-30","reason":"x"}]`},
	} {
		if _, err := d.Exec(ctx, `DELETE FROM settings`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `INSERT INTO settings (commune_id, key, value, updated_at) VALUES ('c1', $1, $2, $3)`, v.key, v.value, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := New(d).Calendar(ctx, "c1"); err == nil {
			t.Errorf("%s = %s was accepted", v.key, v.value)
		}
	}
}
