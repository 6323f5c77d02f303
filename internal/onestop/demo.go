package onestop

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// DemoResult describes the demo dossiers.
type DemoResult struct {
	Created int
	ByState map[State]int
}

// Demo staff who act on demo dossiers; the demo accounts of `xaso demo` (motcua, chuyenmon,
// chutich) carry the same roles.
var (
	demoDesk       = Actor{ID: "demo-motcua", Name: "Hoàng Thị Thu", Roles: []auth.Role{auth.Desk}}
	demoSpecialist = Actor{ID: "demo-chuyenmon", Name: "Lương Văn Tuấn", Roles: []auth.Role{auth.Specialist}}
	demoLeader     = Actor{ID: "demo-chutich", Name: "Ma Văn Hùng", Roles: []auth.Role{auth.Leader}}
)

// SeedDemoDossiers fills a commune with n dossiers received over the last six weeks, walked
// through the real rules with a clock that moves in office hours: most returned on time, some
// late, some late with an apology and a new date, some waiting for a supplement, some
// refused or withdrawn, the rest still open (a few at risk or overdue). It seeds the
// catalogue first if needed, and does nothing when the commune already has dossiers. The
// data depends only on rng and the current time.
func SeedDemoDossiers(ctx context.Context, d *db.DB, communeID string, rng *rand.Rand, n int) (DemoResult, error) {
	const op = "onestop: seed demo dossiers"
	res := DemoResult{ByState: map[State]int{}}
	var have int
	if err := d.QueryRow(ctx, `SELECT count(*) FROM dossiers WHERE commune_id = $1`, communeID).Scan(&have); err != nil {
		return res, errs.Wrap(op, err)
	}
	if have > 0 || n <= 0 {
		return res, nil
	}
	cal := calendar.Default()
	realNow := time.Now().UTC()
	var clock time.Time
	svc := New(Deps{DB: d, Calendars: func(context.Context, string) (*calendar.Calendar, error) { return cal, nil },
		Now: func() time.Time { return clock }})
	if _, err := svc.EnsureCatalogue(ctx, communeID); err != nil {
		return res, err
	}
	ps, _, err := svc.Procedures(ctx, communeID, ProcedureFilter{ActiveOnly: true, InForceOn: svc.today(), Limit: MaxPageSize})
	if err != nil {
		return res, err
	}
	var procs []Procedure
	for _, p := range ps {
		full, err := svc.Procedure(ctx, communeID, p.Code)
		if err != nil {
			return res, err
		}
		// The common procedures come up more often, as at a real desk.
		w := 1
		switch p.Code {
		case CodeBirth, "2.000815", "2.000884":
			w = 6
		case CodeMarriage, CodeDeath, "1.004873", "2.000635":
			w = 3
		}
		for range w {
			procs = append(procs, full)
		}
	}
	if len(procs) == 0 {
		return res, nil
	}
	// Receipt moments, in order, within office hours of the last six weeks.
	start := realNow.Add(-42 * 24 * time.Hour)
	moments := make([]time.Time, n)
	for i := range moments {
		// A moment that office hours push past now (one drawn on the weekend, seeded on a
		// Monday morning) is drawn again, so that the demo has its n dossiers whatever the day.
		for try := 0; try < 20; try++ {
			t := start.Add(time.Duration(rng.Int64N(int64(realNow.Sub(start) - 2*time.Hour))))
			// At least a minute of office time: adding none leaves a moment where it fell, on a
			// Sunday night or a holiday (issue 8 item 15), instead of moving it into office hours.
			moments[i] = cal.AddWorkingHours(t, time.Duration(1+rng.IntN(60))*time.Minute).UTC()
			if moments[i].Before(realNow) {
				break
			}
		}
	}
	slices.SortFunc(moments, func(a, b time.Time) int { return a.Compare(b) })
	g := demoWalk{svc: svc, cal: cal, clock: &clock, realNow: realNow, rng: rng, communeID: communeID}
	for i, at := range moments {
		if !at.Before(realNow) {
			continue
		}
		p := procs[rng.IntN(len(procs))]
		st, err := g.walk(ctx, p, at, i)
		if err != nil {
			return res, fmt.Errorf("%s: dossier %d (%s): %w", op, i, p.Code, err)
		}
		res.Created++
		res.ByState[st]++
	}
	return res, nil
}

type demoWalk struct {
	svc       *Service
	cal       *calendar.Calendar
	clock     *time.Time
	realNow   time.Time
	rng       *rand.Rand
	communeID string
}

// advance moves the clock by d of office time and reports whether that is still in the past.
func (g *demoWalk) advance(d time.Duration) bool {
	next := g.cal.AddWorkingHours(*g.clock, d).UTC()
	if !next.Before(g.realNow) {
		return false
	}
	*g.clock = next
	return true
}

var demoFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Ma", "Lương", "Nông", "Hà", "Đặng", "Vi", "Triệu"}
var demoMiddle = []string{"Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Hồng"}
var demoGiven = []string{"An", "Bình", "Chi", "Dũng", "Giang", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam", "Nga", "Phúc", "Quỳnh", "Sơn", "Thảo", "Tuấn", "Yến"}
var demoHamlets = []string{"Xóm Trung Tâm", "Xóm Na Mạt", "Xóm Đồng Kệu", "Xóm Khau Đu", "Xóm Làng Chẽ"}

func (g *demoWalk) applicant() Applicant {
	r := g.rng
	return Applicant{
		Name:     demoFamily[r.IntN(len(demoFamily))] + " " + demoMiddle[r.IntN(len(demoMiddle))] + " " + demoGiven[r.IntN(len(demoGiven))],
		IDNumber: fmt.Sprintf("0190%08d", r.IntN(100_000_000)),
		Phone:    fmt.Sprintf("09%08d", r.IntN(100_000_000)),
		Address:  demoHamlets[r.IntN(len(demoHamlets))] + ", xã Bình Yên",
	}
}

// walk receives one dossier at `at` and takes it as far as its scenario and the present allow.
func (g *demoWalk) walk(ctx context.Context, p Procedure, at time.Time, i int) (State, error) {
	*g.clock = at
	var required []string
	for _, d := range p.Documents {
		if d.Required {
			required = append(required, d.ID)
		}
	}
	scenario := g.rng.IntN(100)
	req := IntakeRequest{ProcedureCode: p.Code, Applicant: g.applicant(), Documents: required, Channel: ChannelCounter}
	if g.rng.IntN(4) == 0 && p.OnlineAllowed {
		req.Channel = ChannelOnline
	}
	if scenario >= 90 && scenario < 94 && len(required) > 1 {
		// Incomplete at the desk: kept with a supplement request.
		req.Documents, req.IfIncomplete = required[:len(required)-1], IncompleteSupplement
	}
	if p.FeeAmount > 0 {
		req.Fee = &IntakeFee{Paid: true, PaidOnline: req.Channel == ChannelOnline}
	}
	d, err := g.svc.Intake(ctx, g.communeID, demoDesk, req)
	if err != nil {
		return "", err
	}
	code := d.Code
	do := func(by Actor, a Action, in ActionInput) bool {
		if err != nil {
			return false
		}
		d, err = g.svc.Do(ctx, g.communeID, code, by, a, in)
		return err == nil
	}
	step := func(minutes int) bool {
		return err == nil && g.advance(time.Duration(minutes+g.rng.IntN(minutes+1))*time.Minute)
	}
	if d.Status == StateSupplement {
		if step(60*24) && g.rng.IntN(2) == 0 {
			do(demoDesk, ActSupplementReceived, ActionInput{})
		} else {
			return d.Status, err
		}
	}
	if !step(30) || !do(demoDesk, ActHandover, ActionInput{ToRole: auth.Specialist, Note: "Chuyển xử lý"}) {
		return d.Status, err
	}
	budget := d.DueAt.Sub(*g.clock)
	switch {
	case scenario < 8: // refused after review
		if step(60) {
			do(demoSpecialist, ActRefuse, ActionInput{Reasons: "Hồ sơ không đủ điều kiện giải quyết theo quy định."})
		}
		return d.Status, err
	case scenario < 11: // withdrawn
		if step(60) {
			do(demoDesk, ActWithdraw, ActionInput{Reason: "Công dân đề nghị rút hồ sơ."})
		}
		return d.Status, err
	case scenario < 20: // supplement asked during processing
		if !step(90) {
			return d.Status, err
		}
		docs := []string{p.Documents[g.rng.IntN(len(p.Documents))].ID}
		if !do(demoSpecialist, ActSupplementRequest, ActionInput{Documents: docs, Reason: "Giấy tờ nộp chưa rõ nội dung."}) {
			return d.Status, err
		}
		if !step(60*16) || g.rng.IntN(3) == 0 || !do(demoDesk, ActSupplementReceived, ActionInput{}) {
			return d.Status, err
		}
		budget = d.DueAt.Sub(*g.clock)
	case scenario < 30 && p.Processing.Days >= 2: // late, with an apology and a new date
		if !step(60) {
			return d.Status, err
		}
		newDue := g.cal.AddWorkingDays(calendar.DateOf(d.DueAt), 2+g.rng.IntN(3)).At(g.cal.Hours().Closing())
		if !do(demoSpecialist, ActApology, ActionInput{Reason: "cần xác minh thêm thông tin tại cơ quan khác", NewDueAt: newDue}) {
			if errs.KindOf(err) == errs.Conflict { // too close to the due date: carry on without one
				err = nil
			} else {
				return d.Status, err
			}
		}
		budget = d.DueAt.Sub(*g.clock) + 8*time.Hour
	}
	late := scenario >= 30 && scenario < 38
	// Spend part of the budget (more than all of it when late), in office time.
	spend := func(share float64) bool {
		mins := int(float64(budget/time.Minute) * share)
		if late {
			mins = int(float64(budget/time.Minute)*share*1.6) + 120
		}
		if mins < 5 {
			mins = 5
		}
		*g.clock = g.clock.Add(time.Duration(mins) * time.Minute)
		return g.clock.Before(g.realNow)
	}
	if !spend(0.3) || !do(demoSpecialist, ActHandover, ActionInput{ToRole: auth.Leader, Note: "Trình ký"}) {
		return d.Status, err
	}
	if !spend(0.3) || !do(demoLeader, ActApprove, ActionInput{}) {
		return d.Status, err
	}
	if !step(20) || !do(demoLeader, ActHandover, ActionInput{ToRole: auth.Desk}) {
		return d.Status, err
	}
	if !step(120) {
		return d.Status, err
	}
	in := ActionInput{Method: "counter"}
	if d.Channel == ChannelOnline && g.rng.IntN(2) == 0 {
		in = ActionInput{Method: "post", TrackingNumber: fmt.Sprintf("EB%09dVN", g.rng.IntN(1_000_000_000))}
	}
	do(demoDesk, ActReturn, in)
	_ = i
	return d.Status, err
}
