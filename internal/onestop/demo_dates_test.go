package onestop_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// Issue 8 item 15: every demo dossier is received in office hours on a working day of the
// calendar (the demo once received one on 24 November 2026, Vietnamese Culture Day).
func TestDemoDossiersAreReceivedOnWorkingDays(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	if _, err := onestop.SeedDemoDossiers(e.ctx, d, e.cid, rand.New(rand.NewPCG(7, 8)), 600); err != nil {
		t.Fatal(err)
	}
	cal := calendar.Default()
	rows, err := d.Query(e.ctx, `SELECT code, received_at FROM dossiers WHERE commune_id = $1`, e.cid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var code string
		var at time.Time
		if err := rows.Scan(&code, &at); err != nil {
			t.Fatal(err)
		}
		n++
		day := calendar.DateOf(at)
		if !cal.IsWorkingDay(day) {
			t.Errorf("%s received on %s, not a working day (%s)", code, day, cal.DayInfo(day).Reason)
		}
		local := at.In(calendar.Zone)
		m := calendar.NewClock(local.Hour(), local.Minute())
		inOffice := false
		for _, s := range cal.Hours().Sessions {
			inOffice = inOffice || m >= s.Start && m <= s.End
		}
		if !inOffice {
			t.Errorf("%s received at %s, outside office hours", code, local.Format("15:04"))
		}
	}
	if n < 500 {
		t.Fatalf("only %d demo dossiers", n)
	}
}
