package onestop_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// madeDossier is one row of a hand-made month.
type madeDossier struct {
	code, proc              string
	status                  onestop.State
	channel                 int
	received, due, finished time.Time
	days, supplements       int
	fee                     int64
	paid, paidOnline        bool
	reused                  int
	eResult, digitised      bool
}

func insertMade(t *testing.T, e *env, ds []madeDossier) {
	t.Helper()
	cols := []string{"commune_id", "id", "code", "procedure_code", "procedure_name", "status", "channel", "applicant_name",
		"processing_days", "received_at", "clock_start_at", "due_at", "finished_at", "supplement_requests", "fee_amount",
		"fee_paid", "paid_online", "register_year", "register_number", "search", "created_at", "updated_at",
		"reused_parts", "e_result", "digitised"}
	var rows [][]any
	for i, d := range ds {
		var fin any
		if !d.finished.IsZero() {
			fin = d.finished
		}
		rows = append(rows, []any{e.cid, fmt.Sprintf("id-%d", i), d.code, d.proc, d.proc, string(d.status), d.channel, "Người nộp",
			d.days, d.received, d.received, d.due, fin, d.supplements, d.fee, d.paid, d.paidOnline, 2026, i + 1, d.code,
			d.received, d.received, d.reused, d.eResult, d.digitised})
	}
	if err := e.d.Tx(e.ctx, func(tx *db.Tx) error { return db.InsertRows(e.ctx, tx, "dossiers", cols, rows) }); err != nil {
		t.Fatal(err)
	}
}

func TestIndicatorsOnAHandMadeMonth(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// The catalogue: five active procedures, three of them offered online.
		if _, err := d.Exec(e.ctx, `UPDATE procedures SET active = $2, online_allowed = $2 WHERE commune_id = $1`, e.cid, false); err != nil {
			t.Fatal(err)
		}
		for i, c := range []string{"1.001193", "1.004873", "2.000815", "1.000894", "1.001022"} {
			if _, err := d.Exec(e.ctx, `UPDATE procedures SET active = $3, online_allowed = $4 WHERE commune_id = $1 AND code = $2`,
				e.cid, c, true, i < 3); err != nil {
				t.Fatal(err)
			}
		}
		const p1, p2 = "1.001193", "1.004873"
		insertMade(t, e, []madeDossier{
			// D1 online, on time, 1 working day (Mon 2 → Tue 3), reused a part, electronic result, digitised.
			{code: "X-260302-0001", proc: p1, status: onestop.StateReturned, channel: 2, received: at(2026, 3, 2, 9, 0),
				due: at(2026, 3, 4, 17, 0), finished: at(2026, 3, 3, 10, 0), days: 2, reused: 1, eResult: true, digitised: true},
			// D2 at the counter, late (Fri 6 > Wed 4), 4 working days; fee paid at the counter.
			{code: "X-260302-0002", proc: p1, status: onestop.StateReturned, channel: 1, received: at(2026, 3, 2, 9, 0),
				due: at(2026, 3, 4, 17, 0), finished: at(2026, 3, 6, 10, 0), days: 2, fee: 50000, paid: true},
			// D3 before its due date but with two supplement requests: late; 3 working days; paid online.
			{code: "X-260302-0003", proc: p2, status: onestop.StateProcessed, channel: 1, received: at(2026, 3, 2, 9, 0),
				due: at(2026, 3, 9, 17, 0), finished: at(2026, 3, 5, 10, 0), days: 5, supplements: 2, fee: 50000, paid: true,
				paidOnline: true, eResult: true, digitised: true},
			// D4 online, refused on time after 1 working day: no result to issue electronically.
			{code: "X-260303-0001", proc: p2, status: onestop.StateRejected, channel: 2, received: at(2026, 3, 3, 9, 0),
				due: at(2026, 3, 5, 17, 0), finished: at(2026, 3, 4, 10, 0), days: 2},
			// D5 received in March, still open: only the "received" indicators count it.
			{code: "X-260310-0001", proc: p2, status: onestop.StateProcessing, channel: 1, received: at(2026, 3, 10, 9, 0),
				due: at(2026, 3, 12, 17, 0), days: 2, reused: 1},
			// D6 received in February (Fri 27), finished Mon 2 March on time: 1 working day.
			{code: "X-260227-0001", proc: p2, status: onestop.StateReturned, channel: 1, received: at(2026, 2, 27, 9, 0),
				due: at(2026, 3, 3, 17, 0), finished: at(2026, 3, 2, 10, 0), days: 2, eResult: true, digitised: true},
			// D7 withdrawn by the applicant: received, but its end is not the office's work.
			{code: "X-260303-0002", proc: p2, status: onestop.StateWithdrawn, channel: 1, received: at(2026, 3, 3, 9, 0),
				due: at(2026, 3, 5, 17, 0), finished: at(2026, 3, 4, 9, 0), days: 2},
		})
		ind, err := e.svc.Indicators(e.ctx, e.cid, at(2026, 3, 15, 0, 0), "")
		if err != nil {
			t.Fatal(err)
		}
		// Received in March: D1 D2 D3 D4 D5 D7 = 6. Ended in March (not withdrawn): D1 D2 D3 D4 D6 = 5.
		want := []struct {
			key           string
			num, den      int
			value, points float64
		}{
			// D1 D4 D6 on time of 5 = 60 %; 60 × 10 ÷ 98 = 6.122… → 6.12.
			{onestop.IndOnTime, 3, 5, 60, 6.12},
			// (1 + 4 + 3 + 1 + 1) = 10 days ÷ 5 = 2.0, within the legal average (2+2+5+2+2) ÷ 5 = 2.6: full 10.
			{onestop.IndAvgHandlingDays, 10, 5, 2, 10},
			// 3 of 5 active procedures online = 60 %; 60 × 4 ÷ 80 = 3.
			{onestop.IndOnlineProcedures, 3, 5, 60, 3},
			// D1 D4 online of 6 received = 33.33 %; 33.33… × 6 ÷ 50 = 4.
			{onestop.IndOnlineShare, 2, 6, 33.33, 4},
			// Fees paid: D2 (counter), D3 (online) = 50 %; 50 × 4 ÷ 60 = 3.333… → 3.33.
			{onestop.IndOnlinePayment, 1, 2, 50, 3.33},
			// Results (refusal D4 left out): D1 D2 D3 D6, electronic D1 D3 D6 = 75 %; 75 × 4 ÷ 100 = 3.
			{onestop.IndEResult, 3, 4, 75, 3},
			// Digitised D1 D3 D6 of 5 = 60 %; 60 × 6 ÷ 80 = 4.5.
			{onestop.IndDigitised, 3, 5, 60, 4.5},
			// Reuse D1 D5 of 6 = 33.33 %; 33.33… × 4 ÷ 80 = 1.666… → 1.67.
			{onestop.IndReuse, 2, 6, 33.33, 1.67},
		}
		for _, w := range want {
			it, ok := ind.Item(w.key)
			if !ok {
				t.Fatalf("no indicator %s", w.key)
			}
			if it.Numerator != w.num || it.Denominator != w.den || math.Abs(it.Value-w.value) > 0.005 || math.Abs(it.Points-w.points) > 0.005 {
				t.Errorf("%s = %d/%d value %v points %v, want %d/%d value %v points %v", w.key, it.Numerator, it.Denominator,
					it.Value, it.Points, w.num, w.den, w.value, w.points)
			}
		}
		avg, _ := ind.Item(onestop.IndAvgHandlingDays)
		if avg.Threshold != 2.6 {
			t.Errorf("legal average = %v, want 2.6", avg.Threshold)
		}
		// 6.12 + 10 + 3 + 4 + 3.33 + 3 + 4.5 + 1.67 = 35.62 of 10+10+4+6+4+4+6+4 = 48.
		if ind.TotalPoints != 35.62 || ind.MaxPoints != 48 {
			t.Errorf("total %v / %v, want 35.62 / 48", ind.TotalPoints, ind.MaxPoints)
		}
		onTime, _ := ind.Item(onestop.IndOnTime)
		if got := strings.Join(onTime.Others, " "); got != "X-260302-0003 X-260302-0002" && got != "X-260302-0002 X-260302-0003" {
			t.Errorf("late dossiers %q", got)
		}

		// One procedure: D1 D2 only. On time 1 of 2 = 50 % → 50 × 10 ÷ 98 = 5.10; average (1 + 4) ÷ 2 = 2.5
		// days against a 2-day limit: 10 × 2 ÷ 2.5 = 8; 1 of 1 procedure online = 100 % → full 4.
		one, err := e.svc.Indicators(e.ctx, e.cid, at(2026, 3, 1, 0, 0), p1)
		if err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string][3]float64{onestop.IndOnTime: {1, 2, 5.1}, onestop.IndAvgHandlingDays: {5, 2, 8},
			onestop.IndOnlineProcedures: {1, 1, 4}} {
			it, _ := one.Item(key)
			if float64(it.Numerator) != want[0] || float64(it.Denominator) != want[1] || math.Abs(it.Points-want[2]) > 0.005 {
				t.Errorf("%s for %s = %d/%d, %v points; want %v", key, p1, it.Numerator, it.Denominator, it.Points, want)
			}
		}

		// An empty month: nothing fell short, every rate is 100 % and earns its maximum.
		none, err := e.svc.Indicators(e.ctx, e.cid, at(2025, 1, 1, 0, 0), p1)
		if err != nil {
			t.Fatal(err)
		}
		if none.TotalPoints != none.MaxPoints {
			t.Errorf("empty month: %v of %v", none.TotalPoints, none.MaxPoints)
		}
	})
}

// The on-time indicator is OnTimeStats's rule, dossier for dossier.
func TestIndicatorOnTimeMatchesStats(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.intake("1.001193", at(2026, 3, 2, 9, 0))
		e.finish(a.Code, at(2026, 3, 2, 9, 30))
		b := e.intake("1.001193", at(2026, 3, 2, 10, 0))
		e.finish(b.Code, at(2026, 3, 20, 9, 0))
		st, err := e.svc.OnTimeStats(e.ctx, e.cid, at(2026, 3, 1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		ind, err := e.svc.Indicators(e.ctx, e.cid, at(2026, 3, 1, 0, 0), "")
		if err != nil {
			t.Fatal(err)
		}
		it, _ := ind.Item(onestop.IndOnTime)
		if it.Numerator != st.OnTime || it.Denominator != st.Finished || st.Finished != 2 || st.OnTime != 1 {
			t.Errorf("indicator %d/%d, stats %d/%d", it.Numerator, it.Denominator, st.OnTime, st.Finished)
		}
	})
}
