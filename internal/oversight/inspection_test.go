package oversight_test

import (
	"context"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/oversight"
)

var frontActor = audit.Actor{ID: "u-front", Name: "Hà Thị Mai"}

type inspEnv struct {
	ctx     context.Context
	d       *db.DB
	now     time.Time
	cid     string
	hamlets []string
	svc     *oversight.Service
	recs    *oversight.Recommendations
}

// newInspEnv is a commune with 4 hamlets and a staff directory holding the commune's
// cadastral officer, on Monday 7 December 2026.
func newInspEnv(t *testing.T, d *db.DB) *inspEnv {
	e := &inspEnv{ctx: context.Background(), d: d, now: time.Date(2026, 12, 7, 9, 0, 0, 0, calendar.Zone)}
	var c commune.Commune
	if err := d.Tx(e.ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(e.ctx, tx, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e.cid = c.ID
	st := commune.New(d)
	for i, n := range []string{"Đồng Tâm", "Nà Pồng", "Khuổi Tát", "Bản Cái"} {
		h, err := st.CreateHamlet(e.ctx, c.ID, frontActor, commune.Hamlet{Name: n, SortOrder: i})
		if err != nil {
			t.Fatal(err)
		}
		e.hamlets = append(e.hamlets, h.ID)
	}
	if _, err := st.CreateStaff(e.ctx, c.ID, frontActor, commune.Staff{FullName: "Nguyễn Văn Bình", Title: "Công chức Địa chính", Phone: "0912345678", Roles: "specialist"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateStaff(e.ctx, c.ID, frontActor, commune.Staff{FullName: "Lò Văn Sáng", Title: "Trưởng ban Thanh tra nhân dân", Roles: "inspection"}); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return e.now }
	e.svc = oversight.New(oversight.Deps{DB: d, Now: clock})
	e.recs = oversight.NewRecommendations(oversight.RecDeps{DB: d, Now: clock})
	return e
}

func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	fe, ok := errs.Fields(err)
	if !ok || fe[field] != key {
		t.Fatalf("want %s=%s, got %v", field, key, err)
	}
}

// A board of a 4-hamlet commune: terms do not overlap; a second head is refused; the count is
// a warning; a member matching the staff directory is flagged (a board member's own account
// is not); a member leaving with at least 6 months left calls for a by-election.
func TestInspectionBoardAndMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newInspEnv(t, d)
		b, err := e.svc.CreateBoard(e.ctx, e.cid, frontActor, oversight.BoardInput{TermStart: "2025-07-01", TermEnd: "2027-06-30", ElectedRef: "Hội nghị cử tri"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.CreateBoard(e.ctx, e.cid, frontActor, oversight.BoardInput{TermStart: "2027-01-01", TermEnd: "2029-12-31"})
		wantField(t, err, "term_start", "inspection.err.term_overlap")
		add := func(name, hamlet, pos, phone string) (oversight.BoardMember, error) {
			return e.svc.AddMember(e.ctx, e.cid, b.ID, frontActor, oversight.MemberInput{FullName: name, HamletID: hamlet, Position: pos, Phone: phone, ElectedOn: "2025-07-05"})
		}
		for i, m := range [][3]string{{"Lò Văn Sáng", "head", ""}, {"Nguyen Van Binh", "deputy", "+84 912 345 678"}, {"Hoàng Thị Thu", "deputy", ""}, {"Ma Văn Tuấn", "member", ""}} {
			if _, err := add(m[0], e.hamlets[i], m[1], m[2]); err != nil {
				t.Fatalf("%s: %v", m[0], err)
			}
		}
		_, err = add("Vi Văn Khánh", e.hamlets[0], "head", "")
		wantField(t, err, "position", "inspection.err.second_head")
		_, err = add("Vi Văn Khánh", e.hamlets[0], "deputy", "")
		wantField(t, err, "position", "inspection.err.third_deputy")
		v, err := e.svc.View(e.ctx, e.cid, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Warnings) != 1 || v.Warnings[0].Key != "inspection.warn.too_few" {
			t.Fatalf("warnings %+v", v.Warnings)
		}
		if v.Flagged != 1 {
			t.Fatalf("flagged %d", v.Flagged)
		}
		for _, m := range v.Serving {
			if m.FullName == "Nguyen Van Binh" && (len(m.Matches) != 1 || m.Matches[0].Kind != "name_phone" || m.Matches[0].Staff.Title != "Công chức Địa chính") {
				t.Fatalf("matches %+v", m.Matches)
			}
		}
		fifth, err := add("Vi Văn Khánh", e.hamlets[0], "member", "")
		if err != nil {
			t.Fatal(err)
		}
		if v, _ = e.svc.View(e.ctx, e.cid, b.ID); len(v.Warnings) != 0 {
			t.Fatalf("5 members in 4 hamlets: %+v", v.Warnings)
		}
		// Leaving on 30 December 2026: the term ends 30 June 2027, exactly 6 months later.
		e.now = time.Date(2026, 12, 30, 9, 0, 0, 0, calendar.Zone)
		in := oversight.MemberInput{FullName: fifth.FullName, HamletID: fifth.HamletID, Position: "member", ElectedOn: "2025-07-05", LeftOn: "2026-12-30"}
		_, err = e.svc.UpdateMember(e.ctx, e.cid, fifth.ID, frontActor, in)
		wantField(t, err, "left_reason", "inspection.err.left_reason")
		in.LeftReason = "Chuyển nơi ở"
		if _, err := e.svc.UpdateMember(e.ctx, e.cid, fifth.ID, frontActor, in); err != nil {
			t.Fatal(err)
		}
		v, _ = e.svc.View(e.ctx, e.cid, b.ID)
		if len(v.Vacancies) != 1 || !v.Vacancies[0].ByElection || v.Vacancies[0].Filled || len(v.Serving) != 4 {
			t.Fatalf("vacancies %+v, serving %d", v.Vacancies, len(v.Serving))
		}
	})
}

// An inspection starting Monday 14 December must be sent by Monday 7 December: the duty is
// due then at the close of office hours, and closes as sent when all three had it.
func TestInspectionNoticeDuty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newInspEnv(t, d)
		b, err := e.svc.CreateBoard(e.ctx, e.cid, frontActor, oversight.BoardInput{TermStart: "2025-07-01", TermEnd: "2027-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.SavePlan(e.ctx, e.cid, b.ID, "", frontActor, oversight.PlanInput{Period: "quarter", Year: "2026", Part: "5", Content: "x"})
		wantField(t, err, "part", "inspection.err.part")
		pl, err := e.svc.SavePlan(e.ctx, e.cid, b.ID, "", frontActor, oversight.PlanInput{Period: "quarter", Year: "2026", Part: "4", Content: "Giám sát việc thu, chi quỹ"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.SavePlan(e.ctx, e.cid, b.ID, "", frontActor, oversight.PlanInput{Period: "quarter", Year: "2026", Part: "4", Content: "again"})
		wantField(t, err, "period", "inspection.err.plan_exists")
		i, err := e.svc.AddInspection(e.ctx, e.cid, pl.ID, frontActor, oversight.InspectionInput{Subject: "Bộ phận Một cửa", Content: "Việc niêm yết thủ tục", StartsOn: "14/12/2026"})
		if err != nil {
			t.Fatal(err)
		}
		if i.Deadline != calendar.NewDate(2026, 12, 7) || i.Notice != oversight.NoticePending {
			t.Fatalf("deadline %s %s", i.Deadline, i.Notice)
		}
		store := duty.NewStore(d)
		du, err := store.Get(e.ctx, e.cid, "oversight", i.ID, oversight.DutyInspectionNotice)
		if err != nil || !du.Open || !du.DueAt.Equal(time.Date(2026, 12, 7, 17, 0, 0, 0, calendar.Zone)) || du.Owner.Role != "inspection" {
			t.Fatalf("duty %+v %v", du, err)
		}
		for _, to := range oversight.Recipients {
			if _, err := e.svc.RecordSent(e.ctx, e.cid, i.ID, frontActor, to, "07/12/2026"); err != nil {
				t.Fatal(err)
			}
		}
		if du, _ = store.Get(e.ctx, e.cid, "oversight", i.ID, oversight.DutyInspectionNotice); du.Open || du.Outcome != "sent" {
			t.Fatalf("duty after sending %+v", du)
		}
		got, err := e.svc.GetPlan(e.ctx, e.cid, pl.ID)
		if err != nil || len(got.Inspections) != 1 || got.Inspections[0].Notice != oversight.NoticeOnTime {
			t.Fatalf("plan %+v %v", got, err)
		}
		_, err = e.svc.FinishInspection(e.ctx, e.cid, i.ID, frontActor, true, "Đã niêm yết đủ", "07/12/2026")
		wantField(t, err, "done_on", "inspection.err.done_before_start")
	})
}

// A case from the suggestion box: notes, findings, the written result made public without the
// person; a recommendation to the committee keeps the case open until it is answered.
func TestInspectionCaseFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newInspEnv(t, d)
		b, err := e.svc.CreateBoard(e.ctx, e.cid, frontActor, oversight.BoardInput{TermStart: "2025-07-01", TermEnd: "2027-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.OpenCase(e.ctx, e.cid, b.ID, frontActor, oversight.CaseInput{Source: "petition", ReceivedOn: "01/12/2026", Title: "x", Content: "y"})
		wantField(t, err, "petition_ref", "inspection.err.required")
		c, err := e.svc.OpenCase(e.ctx, e.cid, b.ID, frontActor, oversight.CaseInput{Source: "box", ReceivedOn: "01/12/2026", RaisedBy: "Nông Văn Dũng",
			Title: "Đường bê tông xóm Nà Pồng nứt sau 3 tháng", Content: "Mặt đường nứt nhiều đoạn."})
		if err != nil {
			t.Fatal(err)
		}
		if c.Code() != "001/2026" {
			t.Fatalf("code %s", c.Code())
		}
		if _, err := e.svc.AddNote(e.ctx, e.cid, c.ID, frontActor, oversight.NoteInput{Kind: "verification", On: "03/12/2026", Text: "Đã xem hiện trường"}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.SendResult(e.ctx, e.cid, c.ID, frontActor, oversight.ResultInput{Text: "r", On: "05/12/2026"})
		if errs.KindOf(err) != errs.Conflict {
			t.Fatalf("result before findings: %v", err)
		}
		if _, err := e.svc.SaveFindings(e.ctx, e.cid, c.ID, frontActor, "Có 4 đoạn nứt dài trên 2 m."); err != nil {
			t.Fatal(err)
		}
		rec, err := e.svc.RecommendOnCase(e.ctx, e.cid, c.ID, frontActor, oversight.CaseRecInput{Title: "Sửa đường", Text: "Đề nghị yêu cầu nhà thầu sửa chữa.", SentOn: "05/12/2026"})
		if err != nil || rec.DueOn != calendar.NewDate(2026, 12, 20) {
			t.Fatalf("recommendation %+v %v", rec, err)
		}
		if _, err := e.svc.SendResult(e.ctx, e.cid, c.ID, frontActor, oversight.ResultInput{Text: "Ban đã kiến nghị UBND xã.", On: "06/12/2026", Public: true,
			PublicSummary: "Đường nứt; Ban đã kiến nghị sửa chữa."}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.CloseCase(e.ctx, e.cid, c.ID, frontActor, "07/12/2026")
		if ek, ok := errs.As(err); !ok || ek.Key != "inspection.err.rec_waiting" {
			t.Fatalf("closed with a waiting recommendation: %v", err)
		}
		if _, err := e.recs.Record(e.ctx, e.cid, audit.Actor{ID: "u-leader", Name: "Ma Văn Hùng"}, rec.ID, oversight.StepAnswer, oversight.StepInput{Text: "Đã yêu cầu nhà thầu."}); err != nil {
			t.Fatal(err)
		}
		if c, err = e.svc.CloseCase(e.ctx, e.cid, c.ID, frontActor, "07/12/2026"); err != nil || c.Status != oversight.CaseClosed {
			t.Fatalf("close %+v %v", c, err)
		}
		pub, total, err := e.svc.Cases(e.ctx, e.cid, oversight.CaseFilter{PublicOnly: true})
		if err != nil || total != 1 || pub[0].PublicSummary == "" {
			t.Fatalf("public %+v %d %v", pub, total, err)
		}
		found, n, err := e.svc.Cases(e.ctx, e.cid, oversight.CaseFilter{Query: "na pong"})
		if err != nil || n != 1 || found[0].ID != c.ID {
			t.Fatalf("search %d %v", n, err)
		}
		rep, err := e.svc.QuarterReport(e.ctx, e.cid, b.ID, 2026, 4)
		if err != nil || rep.CaseTotal != 1 || len(rep.Recommendations) != 1 {
			t.Fatalf("report %+v %v", rep, err)
		}
		// The same work in the half-year, the year and the term; none in the first half.
		for _, c := range []struct {
			sp    oversight.ReportSpan
			cases int
		}{
			{oversight.ReportSpan{Period: oversight.PeriodHalf, Year: 2026, Part: 2}, 1},
			{oversight.ReportSpan{Period: oversight.PeriodHalf, Year: 2026, Part: 1}, 0},
			{oversight.ReportSpan{Period: oversight.PeriodYear, Year: 2026}, 1},
			{oversight.ReportSpan{Period: oversight.PeriodYear, Year: 2025}, 0},
			{oversight.ReportSpan{Period: oversight.PeriodTerm}, 1},
		} {
			rep, err := e.svc.PeriodReport(e.ctx, e.cid, b.ID, c.sp)
			if err != nil || rep.CaseTotal != c.cases || rep.RecTotal != c.cases || len(rep.Recommendations) != c.cases {
				t.Errorf("%+v: %d cases, %d recommendations: %v", c.sp, rep.CaseTotal, rep.RecTotal, err)
			}
			if c.sp.Period == oversight.PeriodTerm && (rep.From != b.TermStart || rep.To != b.TermEnd) {
				t.Errorf("term report spans %s–%s, the term %s–%s", rep.From, rep.To, b.TermStart, b.TermEnd)
			}
		}
	})
}

// The demo board: members of a 4-hamlet commune capped at 4 (one per hamlet), a head and a
// deputy, plans of the year and the quarter, an inspection whose plan has not reached its
// subject, and a recommendation the committee has not answered within 15 days, which the
// public list shows late. A second run changes nothing.
func TestInspectionDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newInspEnv(t, d)
		demo, err := e.svc.SeedDemo(e.ctx, e.cid, frontActor)
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.svc.View(e.ctx, e.cid, demo.Board.ID)
		if err != nil || len(v.Serving) != 4 || v.Serving[0].Position != oversight.PosHead {
			t.Fatalf("members %+v %v", v.Serving, err)
		}
		if demo.Inspection.Notice == oversight.NoticeState("") || demo.Inspection.Sent[oversight.ToSubject].Valid() || !demo.Inspection.Sent[oversight.ToFront].Valid() {
			t.Fatalf("inspection %+v", demo.Inspection)
		}
		today := calendar.DateOf(e.now)
		if !demo.Late.Overdue(today) {
			t.Fatalf("the demo recommendation is not late: sent %s, due %s", demo.Late.SentOn, demo.Late.DueOn)
		}
		late, n, err := oversight.ListRecommendations(e.ctx, d, e.cid, oversight.RecFilter{Late: true, Today: today})
		if err != nil || n != 1 || late[0].ID != demo.Late.ID {
			t.Fatalf("late recommendations %d %v", n, err)
		}
		if demo.Case.Status == oversight.CaseOpen && demo.Case.Findings == "" {
			t.Fatalf("case %+v", demo.Case)
		}
		again, err := e.svc.SeedDemo(e.ctx, e.cid, frontActor)
		if err != nil || again.Board.ID != "" {
			t.Fatalf("second seed %+v %v", again.Board, err)
		}
		if boards, err := e.svc.Boards(e.ctx, e.cid); err != nil || len(boards) != 1 {
			t.Fatalf("boards %d %v", len(boards), err)
		}
	})
}

// The body that recognises and directs the board is the commune's setting (Law 97/2025
// reorganised the Front): the 2022 law's body by default, and a new term takes the setting.
func TestInspectionDirectedBy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newInspEnv(t, d)
		if v, err := e.svc.DirectedBy(e.ctx, e.cid); err != nil || v != "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Bình Yên" {
			t.Fatalf("default %q %v", v, err)
		}
		if _, err := e.svc.SaveDirectedBy(e.ctx, e.cid, frontActor, "  "); err == nil {
			t.Fatal("an empty body saved")
		}
		const body = "Ủy ban Mặt trận Tổ quốc Việt Nam xã Bình Yên"
		if _, err := e.svc.SaveDirectedBy(e.ctx, e.cid, frontActor, body); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SaveDirectedBy(e.ctx, e.cid, frontActor, body); err != nil {
			t.Fatalf("saved twice: %v", err)
		}
		b, err := e.svc.CreateBoard(e.ctx, e.cid, frontActor, oversight.BoardInput{TermStart: "01/07/2025", TermEnd: "30/06/2027"})
		if err != nil || b.RecognisedBy != body {
			t.Fatalf("board %q %v", b.RecognisedBy, err)
		}
	})
}
