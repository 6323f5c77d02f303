package inforequest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/inforequest"
)

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.Zone)
}

// The deadlines of Law 104/2016 by channel, counted from Monday 2 March 2026, 09:00.
func TestPlanDeadlines(t *testing.T) {
	cal := calendar.Default()
	mon := at(2026, 3, 2, 9, 0)
	for _, c := range []struct {
		name          string
		kind          inforequest.Kind
		ch            inforequest.Channel
		complex       bool
		from          time.Time
		notice, due   time.Time
		extendedUntil time.Time
	}{
		{"in person, simple: the same day", inforequest.KindRequest, inforequest.InPerson, false, mon, time.Time{}, at(2026, 3, 2, 17, 0), time.Time{}},
		{"in person on a Saturday: the next working day", inforequest.KindRequest, inforequest.InPerson, false, at(2026, 3, 7, 9, 0), time.Time{}, at(2026, 3, 9, 17, 0), time.Time{}},
		{"in person, complex: 10 working days, +10", inforequest.KindRequest, inforequest.InPerson, true, mon, time.Time{}, at(2026, 3, 16, 17, 0), at(2026, 3, 30, 17, 0)},
		{"electronic, simple: 3 working days", inforequest.KindRequest, inforequest.Electronic, false, mon, time.Time{}, at(2026, 3, 5, 17, 0), time.Time{}},
		{"electronic, complex: notice in 3, answer in 15, +15", inforequest.KindRequest, inforequest.Electronic, true, mon, at(2026, 3, 5, 17, 0), at(2026, 3, 23, 17, 0), at(2026, 4, 13, 17, 0)},
		{"post, simple: 5 working days", inforequest.KindRequest, inforequest.Post, false, mon, time.Time{}, at(2026, 3, 9, 17, 0), time.Time{}},
		{"fax, complex: notice in 3, answer in 15", inforequest.KindRequest, inforequest.Fax, true, mon, at(2026, 3, 5, 17, 0), at(2026, 3, 23, 17, 0), at(2026, 4, 13, 17, 0)},
		{"correction: 15 days", inforequest.KindCorrection, inforequest.InPerson, false, mon, time.Time{}, at(2026, 3, 17, 17, 0), time.Time{}},
		{"correction ending on a Saturday moves to Monday", inforequest.KindCorrection, inforequest.Post, false, at(2026, 3, 6, 9, 0), time.Time{}, at(2026, 3, 23, 17, 0), time.Time{}},
	} {
		p := inforequest.PlanFor(c.kind, c.ch, c.complex)
		notice, due := p.Due(cal, c.from)
		if !notice.Equal(c.notice) || !due.Equal(c.due) {
			t.Errorf("%s: notice %s due %s, want %s %s", c.name, notice.In(calendar.Zone), due.In(calendar.Zone), c.notice, c.due)
		}
		if !c.extendedUntil.IsZero() {
			if got := p.Extend(cal, due); !got.Equal(c.extendedUntil) {
				t.Errorf("%s: extended to %s, want %s", c.name, got.In(calendar.Zone), c.extendedUntil)
			}
		} else if p.ExtendDays != 0 {
			t.Errorf("%s: an extension of %d days where the law gives none", c.name, p.ExtendDays)
		}
		if p.Basis == "" {
			t.Errorf("%s: no legal basis", c.name)
		}
	}
}

type env struct {
	t   *testing.T
	ctx context.Context
	d   *db.DB
	now time.Time
	cid string
	svc *inforequest.Service
}

func newEnv(t *testing.T, d *db.DB) *env {
	ctx := context.Background()
	var c commune.Commune
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, d: d, now: at(2026, 3, 2, 9, 0), cid: c.ID}
	e.svc = inforequest.New(inforequest.Deps{DB: d, Now: func() time.Time { return e.now }})
	return e
}

var desk = audit.Actor{ID: "u-desk", Name: "Hoàng Thị Thu"}

func input(ch inforequest.Channel) inforequest.Input {
	return inforequest.Input{Channel: ch, Requester: inforequest.Requester{Name: "Nông Thị Hằng", Address: "Xóm Đồng Tâm",
		IDNumber: "019 190 001 234", Phone: "0912345678", Email: "hang@example.vn"},
		Information: "Kế hoạch sử dụng đất năm 2026 của xã", Delivery: "paper_copy", Purpose: "Tìm hiểu quy hoạch"}
}

func (e *env) duties(id string) map[string]time.Time {
	e.t.Helper()
	rows, err := e.d.Query(e.ctx, `SELECT kind, due_at FROM duties WHERE commune_id = $1 AND subject_id = $2 AND is_open = TRUE`, e.cid, id)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var k string
		var due time.Time
		if err := rows.Scan(&k, &due); err != nil {
			e.t.Fatal(err)
		}
		out[k] = due.UTC()
	}
	return out
}

// An electronic request: received with its number and 3-day duty; marked complex, it owes a
// notice in 3 and the answer in 15; the notice closes its duty; one extension with a reason;
// the answer closes the register line and the duty.
func TestRequestFromReceiptToAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r, err := e.svc.Receive(e.ctx, e.cid, desk, input(inforequest.Electronic))
		if err != nil {
			t.Fatal(err)
		}
		if r.Number != "TT-2026-00001" || r.Requester.IDNumber != "019190001234" {
			t.Fatalf("received %+v", r)
		}
		if got := e.duties(r.ID); len(got) != 1 || !got[inforequest.DutyAnswer].Equal(at(2026, 3, 5, 17, 0)) {
			t.Fatalf("duties %v", got)
		}
		e.now = at(2026, 3, 3, 10, 0)
		r, err = e.svc.Do(e.ctx, e.cid, strings.ToLower(r.Number), desk, inforequest.ActClassify, inforequest.Step{Complex: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := e.duties(r.ID); !got[inforequest.DutyNotice].Equal(at(2026, 3, 5, 17, 0)) || !got[inforequest.DutyAnswer].Equal(at(2026, 3, 23, 17, 0)) {
			t.Fatalf("complex duties %v", got)
		}
		if r, err = e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActNotify, inforequest.Step{}); err != nil || r.Status != inforequest.StatusNotified {
			t.Fatalf("notify: %+v %v", r, err)
		}
		if got := e.duties(r.ID); len(got) != 1 {
			t.Fatalf("after the notice %v", got)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActClassify, inforequest.Step{}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("reclassified after the notice: %v", err)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActExtend, inforequest.Step{}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("extension without a reason: %v", err)
		}
		if r, err = e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActExtend, inforequest.Step{Text: "Cần tổng hợp từ nhiều xóm"}); err != nil {
			t.Fatal(err)
		}
		if got := e.duties(r.ID); !got[inforequest.DutyAnswer].Equal(at(2026, 4, 13, 17, 0)) {
			t.Fatalf("extended duty %v", got)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActExtend, inforequest.Step{Text: "lần hai"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second extension: %v", err)
		}
		e.now = at(2026, 4, 14, 9, 0)
		if list, total, err := e.svc.List(e.ctx, e.cid, inforequest.Filter{Overdue: true}); err != nil || total != 1 || list[0].Number != r.Number {
			t.Fatalf("overdue list %d %v", total, err)
		}
		if r, err = e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActAnswer, inforequest.Step{Text: "Gửi bản sao kế hoạch", Cost: "Phô tô 12 trang: 6.000 đồng"}); err != nil {
			t.Fatal(err)
		}
		if got := e.duties(r.ID); len(got) != 0 {
			t.Fatalf("duties after the answer %v", got)
		}
		stored, err := e.svc.Get(e.ctx, e.cid, r.Number)
		if err != nil || stored.Status != inforequest.StatusAnswered || stored.CostNote == "" || stored.AnsweredAt.IsZero() || !stored.NoticedAt.Equal(at(2026, 3, 3, 10, 0).UTC()) {
			t.Fatalf("stored %+v %v", stored, err)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActRefuse, inforequest.Step{Text: "x"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("refused after the answer: %v", err)
		}
		var n int
		if err := d.QueryRow(e.ctx, `SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND object_id = $2 AND summary LIKE '%Hằng%'`, e.cid, r.ID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("the audit log holds the requester's name: %d %v", n, err)
		}
	})
}

// A refusal needs its reasons; a bad form names every field at fault.
func TestRefusalAndBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := e.svc.Receive(e.ctx, e.cid, desk, inforequest.Input{Channel: inforequest.Electronic, Requester: inforequest.Requester{IDNumber: "12345"}, Delivery: "fax"})
		fe, _ := errs.Fields(err)
		if fe["name"] == "" || fe["address"] == "" || fe["information"] == "" || fe["id_number"] != "inforequest.err.id_number_invalid" ||
			fe["delivery"] == "" || fe["email"] != "inforequest.err.contact_required" {
			t.Fatalf("field errors %v (%v)", fe, err)
		}
		r, err := e.svc.Receive(e.ctx, e.cid, desk, input(inforequest.InPerson))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActRefuse, inforequest.Step{}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("refusal without reasons: %v", err)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActExtend, inforequest.Step{Text: "x"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a simple in-person request extended: %v", err)
		}
		r, err = e.svc.Do(e.ctx, e.cid, r.Number, desk, inforequest.ActRefuse, inforequest.Step{Text: "Thông tin thuộc bí mật nhà nước (Điều 6)"})
		if err != nil || r.Status != inforequest.StatusRefused {
			t.Fatalf("refuse %+v %v", r, err)
		}
		if _, err := e.svc.Get(e.ctx, e.cid, "TT-2026-99999"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("unknown: %v", err)
		}
	})
}
