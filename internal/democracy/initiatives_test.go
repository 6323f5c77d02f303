package democracy_test

import (
	"testing"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy"
)

// A citizens' initiative in a hamlet of 21 households needs 3 (10 % of all, rounded up):
// two collected by the hamlet head, the third online with a member's identity number; it then
// waits for the hamlet head, who puts it on a meeting. Another one expires after 3 months.
func TestInitiative(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.addHouseholds(e.b, "NP", 18) // 21 in all
		homes := e.homes[e.b]
		if _, err := d.Exec(e.ctx, `INSERT INTO residents (commune_id, id, household_id, full_name, id_number, search, created_at, updated_at)
			VALUES ($1, 'r-1', $2, 'Lò Văn Sáng', '019090001234', 'lo van sang', $3, $3)`, e.cid, homes[2], e.now.UTC()); err != nil {
			t.Fatal(err)
		}
		own := democracy.Scope{HeadedBy: head.ID}
		in := democracy.InitiativeInput{HamletID: e.b, Title: "Lắp đèn đường đầu xóm", Content: "Các hộ đề nghị lắp 10 bóng đèn.", Proposer: "Lò Văn Sáng"}
		_, err := e.svc.ProposeInitiative(e.ctx, e.cid, head, own, in)
		fieldErr(t, err, "hamlet", "democracy.err.hamlet_scope")
		i, err := e.svc.ProposeInitiative(e.ctx, e.cid, leader, democracy.Scope{}, in)
		if err != nil {
			t.Fatal(err)
		}
		if i.Households != 21 || i.Needed() != 3 || i.ExpiresOn() != day(t, "2027-03-07") {
			t.Fatalf("initiative %+v needed %d expires %s", i, i.Needed(), i.ExpiresOn())
		}
		if i, err = e.svc.Support(e.ctx, e.cid, leader, democracy.Scope{}, i.ID, homes[:2]); err != nil || i.Supporters != 2 || i.Status != democracy.Gathering {
			t.Fatalf("support %+v %v", i, err)
		}
		_, err = e.svc.SupportOnline(e.ctx, e.cid, i.ID, democracy.Proof{HouseholdCode: "NP-khong-co", IDNumber: "019090001234"})
		fieldErr(t, err, "household_code", "democracy.err.proof")
		var code string
		if err := d.QueryRow(e.ctx, `SELECT code FROM households WHERE commune_id = $1 AND id = $2`, e.cid, homes[2]).Scan(&code); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.SupportOnline(e.ctx, e.cid, i.ID, democracy.Proof{HouseholdCode: code, IDNumber: "019090009999"})
		fieldErr(t, err, "household_code", "democracy.err.proof")
		if i, err = e.svc.SupportOnline(e.ctx, e.cid, i.ID, democracy.Proof{HouseholdCode: code, IDNumber: "0190 9000 1234"}); err != nil || i.Status != democracy.Reached || i.Supporters != 3 {
			t.Fatalf("online support %+v %v", i, err)
		}
		if dd := e.duty(i.ID, democracy.DutySchedule); !dd.Open || calendar.DateOf(dd.DueAt) != day(t, "2027-03-07") {
			t.Fatalf("schedule duty %+v", dd)
		}
		_, err = e.svc.SupportOnline(e.ctx, e.cid, i.ID, democracy.Proof{HouseholdCode: code, IDNumber: "019090001234"})
		kindErr(t, err, "democracy.err.initiative_done")
		// The hamlet head of another hamlet cannot schedule it; the commune can, on B's meeting.
		m, err := e.svc.PlanMeeting(e.ctx, e.cid, leader, democracy.Scope{}, democracy.MeetingInput{Kind: democracy.DecisionMeeting, Title: "Họp xóm Nà Pồng",
			HamletID: e.b, Place: "Nhà văn hóa", Day: "2026-12-20", Time: "19:30", Agenda: "Làm đường"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Schedule(e.ctx, e.cid, head, own, i.ID, m.ID)
		kindErr(t, err, "democracy.err.hamlet_scope")
		if i, err = e.svc.Schedule(e.ctx, e.cid, leader, democracy.Scope{}, i.ID, m.ID); err != nil || i.Status != democracy.Scheduled {
			t.Fatalf("schedule %+v %v", i, err)
		}
		if m, _ = e.svc.GetMeeting(e.ctx, e.cid, m.ID); len(m.Agenda) != 2 || m.Agenda[1] != "Sáng kiến của công dân: Lắp đèn đường đầu xóm" {
			t.Fatalf("agenda %q", m.Agenda)
		}
		if e.duty(i.ID, democracy.DutySchedule).Open {
			t.Fatal("the schedule duty stays open")
		}

		// A proposal online counts its household; three months and a day later support ends.
		j, err := e.svc.ProposeOnline(e.ctx, e.cid, democracy.Proof{HouseholdCode: code, IDNumber: "019090001234"},
			democracy.InitiativeInput{Title: "Sân chơi cho trẻ em", Content: "Dùng đất trống cạnh nhà văn hóa.", Proposer: "Lò Văn Sáng"})
		if err != nil || j.HamletID != e.b || j.Supporters != 1 {
			t.Fatalf("online proposal %+v %v", j, err)
		}
		open, total, err := e.svc.Initiatives(e.ctx, e.cid, democracy.InitiativeFilter{Open: true, Today: e.svc.Today()})
		if err != nil || total != 1 || open[0].ID != j.ID {
			t.Fatalf("open initiatives %d %v", total, err)
		}
		e.now = time.Date(2027, 3, 8, 8, 0, 0, 0, calendar.Zone)
		_, err = e.svc.Support(e.ctx, e.cid, leader, democracy.Scope{}, j.ID, homes[3:4])
		kindErr(t, err, "democracy.err.initiative_expired")
		if _, total, _ = e.svc.Initiatives(e.ctx, e.cid, democracy.InitiativeFilter{Open: true, Today: e.svc.Today()}); total != 0 {
			t.Fatalf("an expired initiative is listed as open")
		}
	})
}
