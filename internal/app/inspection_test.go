package app_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy/election"
	"xaso/internal/oversight"
	"xaso/internal/oversight/investment"
)

var inspectionBoardLoc = regexp.MustCompile(`ban=([0-9a-f-]{36})`)

// The People's Inspection Board through the assembled application: the Front records the
// board and a member, the board plans an inspection and receives a case, the leader reads it
// but may not change it, and residents see the board without phones or the staff flags.
func TestInspectionThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := newClockFixture(t, d, vnAt(2026, 12, 7, 8, 0))
		anon, board, front, leader := f.client(""), f.client(auth.Inspection), f.client(auth.Front), f.client(auth.Leader)
		if st, _ := f.do(anon, "GET", "/thanh-tra-nhan-dan", nil); st != http.StatusOK {
			t.Fatalf("the public board page: %d", st)
		}
		st, loc, body := f.post(front, "/ban-thanh-tra/nhiem-ky/moi", url.Values{"term_start": {"01/07/2025"}, "term_end": {"30/06/2027"}})
		if st != http.StatusSeeOther {
			t.Fatalf("board: %d %s", st, errorText(body))
		}
		m := inspectionBoardLoc.FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("board location %q", loc)
		}
		hamlets, err := f.a.Democracy.Hamlets(t.Context(), f.commune.ID)
		if err != nil || len(hamlets) == 0 {
			t.Fatalf("hamlets %v", err)
		}
		if st, _, body = f.post(front, "/ban-thanh-tra/nhiem-ky/"+m[1]+"/thanh-vien/moi", url.Values{"full_name": {"Lò Văn Sáng"}, "hamlet": {hamlets[0].ID},
			"position": {"head"}, "phone": {"0912 000 111"}, "elected_on": {"05/07/2025"}}); st != http.StatusSeeOther {
			t.Fatalf("member: %d %s", st, errorText(body))
		}
		st, loc, _ = f.post(board, "/ban-thanh-tra/ke-hoach/moi?ban="+m[1], url.Values{"period": {"quarter"}, "year": {"2026"}, "part": {"4"}, "content": {"Giám sát thu chi quỹ"}})
		if st != http.StatusSeeOther {
			t.Fatalf("plan: %d", st)
		}
		if st, _, _ = f.post(board, loc+"/kiem-tra", url.Values{"subject": {"Bộ phận Một cửa"}, "check_content": {"Niêm yết"}, "starts_on": {"14/12/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("inspection: %d", st)
		}
		if _, body = f.do(board, "GET", "/viec-den-han", nil); !strings.Contains(body, "Gửi kế hoạch kiểm tra") {
			t.Fatal("the 5-working-day duty is not in the register")
		}
		st, loc, _ = f.post(board, "/ban-thanh-tra/vu-viec/moi", url.Values{"source": {"direct"}, "received_on": {"01/12/2026"}, "raised_by": {"Nông Văn Dũng"},
			"title": {"Đường bê tông nứt"}, "content": {"Mặt đường nứt."}})
		if st != http.StatusSeeOther {
			t.Fatalf("case: %d", st)
		}
		if _, body = f.do(leader, "GET", loc, nil); strings.Contains(body, "Nông Văn Dũng") || !strings.Contains(body, "Đường bê tông nứt") {
			t.Fatal("leader's view of a case")
		}
		if st, _, _ = f.post(leader, loc+"/xac-minh", url.Values{"findings": {"x"}}); st != http.StatusForbidden {
			t.Fatalf("leader changed a case: %d", st)
		}
		if _, body = f.do(anon, "GET", "/thanh-tra-nhan-dan", nil); !strings.Contains(body, "Lò Văn Sáng") || strings.Contains(body, "0912 000 111") {
			t.Fatal("public board page")
		}
	})
}

// The demo's oversight: the board, its late recommendation on the public pages and on the
// board's home card, and the investment projects beside it.
func TestOversightDemo(t *testing.T) {
	f, _ := newClockFixture(t, dbtest.SQLite(t), vnAt(2026, 12, 7, 8, 0))
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	if err := f.a.SeedOversightDemo(t.Context(), f.commune.ID, by, "u-investmentwatch"); err != nil {
		t.Fatal(err)
	}
	if err := f.a.SeedOversightDemo(t.Context(), f.commune.ID, by, "u-investmentwatch"); err != nil {
		t.Fatalf("a second seed: %v", err)
	}
	_, body := f.do(f.client(""), "GET", "/thanh-tra-nhan-dan", nil)
	if !strings.Contains(body, "Hoàng Văn Thụ") || !strings.Contains(body, "1 kiến nghị của Ban đã quá 15 ngày") {
		t.Fatalf("public board page:\n%s", pageText(body))
	}
	if _, body = f.do(f.client(""), "GET", "/kien-nghi-giam-sat?tre=1", nil); !strings.Contains(body, "Yêu cầu nhà thầu sửa chữa") {
		t.Fatal("the late recommendation is not listed in public")
	}
	if _, body = f.do(f.client(auth.Inspection), "GET", "/", nil); !strings.Contains(body, "1 kiến nghị chờ Ủy ban nhân dân xã trả lời, 1 quá hạn 15 ngày") {
		t.Fatalf("the board's home card:\n%s", pageText(body))
	}
	if _, body = f.do(f.client(""), "GET", "/giam-sat-dau-tu", nil); !strings.Contains(body, "100") {
		t.Fatal("the investment projects' coverage")
	}
	if _, body = f.do(f.client(auth.Front), "GET", "/ban-thanh-tra", nil); !strings.Contains(body, "6 tháng lần 2 năm 2026") || !strings.Contains(body, "&amp;ky=nhiem-ky\"") {
		t.Fatalf("the report links of the board page:\n%s", body[strings.Index(body, "reports-h"):][:900])
	}
	if st, _, _ := f.post(f.client(auth.Inspection), "/ban-thanh-tra/co-quan-chi-dao", url.Values{"directed_by": {"X"}}); st != http.StatusForbidden {
		t.Fatalf("the board changed who directs it: %d", st)
	}
	if st, _, _ := f.post(f.client(auth.Front), "/ban-thanh-tra/co-quan-chi-dao", url.Values{"directed_by": {"Ủy ban Mặt trận Tổ quốc Việt Nam xã Bình Yên"}}); st != http.StatusSeeOther {
		t.Fatalf("the Front's setting: %d", st)
	}
	if _, body := f.do(f.client(auth.Front), "GET", "/ban-thanh-tra", nil); !strings.Contains(body, "chỉ đạo hoạt động của Ban: Ủy ban Mặt trận Tổ quốc Việt Nam xã Bình Yên") {
		t.Fatal("the setting is not shown")
	}
	link := regexp.MustCompile(`href="(/ban-thanh-tra/bao-cao\.pdf\?[^"]*6-thang[^"]*)"`).FindStringSubmatch(body)
	if link == nil {
		t.Fatal("no half-year report link")
	}
	st, ct, pdf := f.getBytes(f.client(auth.Front), html.UnescapeString(link[1]))
	if st != http.StatusOK || ct != "application/pdf" {
		t.Fatalf("half-year report: %d %s", st, ct)
	}
	if text := osPDFText(t, pdf); !strings.Contains(text, "6 tháng lần 2 năm 2026") || !strings.Contains(text, "Mặt đường bê tông mới làm đã nứt") {
		t.Fatalf("half-year report text:\n%s", text)
	}
}

// seedInspection records a board with its head, a quarter's plan with one inspection, and a
// case, so that the walk of the site reaches every page of the board.
func (f *fixture) seedInspection() (board, plan, kase string) {
	f.t.Helper()
	ctx := context.Background()
	by := audit.Actor{ID: f.userID("u-front"), Name: "Người thử front"}
	b, err := f.a.Inspection.CreateBoard(ctx, f.commune.ID, by, oversight.BoardInput{TermStart: "01/07/2025", TermEnd: "30/06/2027"})
	if err != nil {
		f.t.Fatal(err)
	}
	hamlets, err := f.a.Democracy.Hamlets(ctx, f.commune.ID)
	if err != nil || len(hamlets) == 0 {
		f.t.Fatalf("hamlets %v", err)
	}
	if _, err := f.a.Inspection.AddMember(ctx, f.commune.ID, b.ID, by, oversight.MemberInput{FullName: "Lò Văn Sáng", HamletID: hamlets[0].ID,
		Position: "head", ElectedOn: "05/07/2025"}); err != nil {
		f.t.Fatal(err)
	}
	p, err := f.a.Inspection.SavePlan(ctx, f.commune.ID, b.ID, "", by, oversight.PlanInput{Period: "year", Year: "2026", Content: "Giám sát thu chi quỹ"})
	if err != nil {
		f.t.Fatal(err)
	}
	c, err := f.a.Inspection.OpenCase(ctx, f.commune.ID, b.ID, by, oversight.CaseInput{Source: "direct", ReceivedOn: "02/03/2026",
		RaisedBy: "Nông Văn Dũng", Title: "Đường bê tông nứt", Content: "Mặt đường nứt."})
	if err != nil {
		f.t.Fatal(err)
	}
	return b.URL(), p.URL(), c.URL()
}

// recognisedElection runs an election of kind in hamlet h through the elections room, from
// its plan (the clock's day) to the Front's recognition on the election day three weeks on,
// electing name; the clock is left on that day.
func (f *fixture) recognisedElection(t *testing.T, clk *testClock, kind election.Kind, h election.Hamlet, name, project string) election.Election {
	t.Helper()
	ctx := t.Context()
	leader := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	front := audit.Actor{ID: f.userID("u-front"), Name: "Người thử front"}
	var households int
	if err := f.d.QueryRow(ctx, `SELECT COUNT(*) FROM households WHERE commune_id = $1 AND hamlet_id = $2`, f.commune.ID, h.ID).Scan(&households); err != nil || households == 0 {
		t.Fatalf("households %d %v", households, err)
	}
	today := calendar.DateOf(clk.now())
	day := today.AddDays(21)
	el, err := f.a.Election.Create(ctx, f.commune.ID, leader, election.Input{Kind: kind, HamletID: h.ID, Day: day.String(), Place: "Nhà văn hóa",
		Project: project, Seats: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Election.AddCandidate(ctx, f.commune.ID, el.ID, front, election.CandidateInput{Name: name, BirthYear: "1970"}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct {
		step election.Step
		in   election.StepInput
	}{
		{election.StepPlan, election.StepInput{On: today.String(), Ref: "12/QĐ-UBND"}},
		{election.StepCandidates, election.StepInput{On: today.String()}},
		{election.StepTeam, election.StepInput{On: today.String(), Leader: "Hoàng Văn Nam"}},
		{election.StepAnnounce, election.StepInput{On: today.String(), How: "Loa truyền thanh"}},
	} {
		if _, err := f.a.Election.RecordStep(ctx, f.commune.ID, el.ID, st.step, leader, st.in); err != nil {
			t.Fatalf("%s: %v", st.step, err)
		}
	}
	clk.set(day.At(calendar.NewClock(9, 0)))
	if err := f.a.Election.EnterPapers(ctx, f.commune.ID, el.ID, front, []string{"1"}, false, strconv.Itoa(households/2+1)); err != nil {
		t.Fatal(err)
	}
	if err := f.a.Election.RecordReturns(ctx, f.commune.ID, el.ID, front, strconv.Itoa(households), strconv.Itoa(households/2+1)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Election.FinishCount(ctx, f.commune.ID, el.ID, front, ""); err != nil {
		t.Fatal(err)
	}
	el, err = f.a.Election.Resolve(ctx, f.commune.ID, el.ID, front, []auth.Role{auth.Front}, true, election.DecisionInput{On: day.String(), Ref: "05/QĐ-MTTQ"})
	if err != nil {
		t.Fatal(err)
	}
	return el
}

// A member of the board linked to the hamlet's recognised election (Law 10/2022 Art. 36.2):
// the Front recognises the election in the elections room, and the member form offers it; a
// name the election did not elect is refused, the one it elected is linked to its page.
func TestBoardMembersFromElections(t *testing.T) {
	f, clk := newClockFixture(t, dbtest.SQLite(t), vnAt(2026, 3, 2, 9, 0))
	hamlets, err := f.a.Election.Hamlets(t.Context(), f.commune.ID)
	if err != nil || len(hamlets) == 0 {
		t.Fatalf("hamlets %v", err)
	}
	h := hamlets[0]
	el := f.recognisedElection(t, clk, election.Inspection, h, "Hoàng Văn Thụ", "")

	c := f.client(auth.Front)
	st, loc, body := f.post(c, "/ban-thanh-tra/nhiem-ky/moi", url.Values{"term_start": {"01/07/2025"}, "term_end": {"30/06/2027"}})
	m := inspectionBoardLoc.FindStringSubmatch(loc)
	if st != http.StatusSeeOther || m == nil {
		t.Fatalf("board: %d %s", st, errorText(body))
	}
	form := "/ban-thanh-tra/nhiem-ky/" + m[1] + "/thanh-vien/moi"
	if _, body = f.do(c, "GET", form, nil); !strings.Contains(body, `value="`+el.ID+`"`) {
		t.Fatal("the member form does not offer the recognised election")
	}
	member := url.Values{"full_name": {"Lò Văn Sáng"}, "hamlet": {h.ID}, "position": {"head"}, "election": {el.ID}}
	if st, _, body = f.post(c, form, member); st != http.StatusUnprocessableEntity || !strings.Contains(body, "không có tên trong danh sách trúng cử") {
		t.Fatalf("a name the election did not elect: %d %s", st, errorText(body))
	}
	member.Set("full_name", "Hoàng Văn Thụ")
	if len(hamlets) > 1 {
		member.Set("hamlet", hamlets[1].ID)
		if st, _, body = f.post(c, form, member); st != http.StatusUnprocessableEntity || !strings.Contains(body, "của xóm khác") {
			t.Fatalf("the election of another hamlet: %d %s", st, errorText(body))
		}
		member.Set("hamlet", h.ID)
	}
	st, loc, body = f.post(c, form, member)
	if st != http.StatusSeeOther {
		t.Fatalf("the elected member: %d %s", st, errorText(body))
	}
	if _, body = f.do(c, "GET", loc, nil); !strings.Contains(body, `href="/bau-cu/`+el.ID+`"`) || !strings.Contains(body, `value="`+el.Day.String()+`"`) {
		t.Fatalf("the member is not linked to the election:\n%s", body[strings.Index(body, "<main"):])
	}

	// A residents' representative on the supervision board of a project of hamlet h.
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	p, err := f.a.Investment.CreateProject(t.Context(), f.commune.ID, by, investment.ProjectInput{Kind: "residents", Name: "Đường bê tông " + h.Name,
		Investor: "Ủy ban nhân dân xã", Status: "preparing", HamletIDs: []string{h.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Investment.SetUpBoard(t.Context(), f.commune.ID, by, p.ID, investment.BoardInput{SetUpOn: el.Day.String()}); err != nil {
		t.Fatal(err)
	}
	rep := f.recognisedElection(t, clk, election.Investment, h, "Lò Thị Mai", p.Name)
	add := url.Values{"member_name": {"Lò Văn Sáng"}, "origin": {"resident"}, "position": {"member"}, "hamlet": {h.ID}, "election": {rep.ID}}
	if st, _, body = f.post(c, p.URL()+"/ban/thanh-vien", add); st != http.StatusUnprocessableEntity || !strings.Contains(body, "không có tên trong danh sách trúng cử") {
		t.Fatalf("a representative the election did not elect: %d %s", st, errorText(body))
	}
	add.Set("election", el.ID) // the inspection board's election is not one of residents' representatives
	add.Set("member_name", "Hoàng Văn Thụ")
	if st, _, body = f.post(c, p.URL()+"/ban/thanh-vien", add); st != http.StatusUnprocessableEntity {
		t.Fatalf("linked to another kind of election: %d %s", st, errorText(body))
	}
	add.Set("election", rep.ID)
	add.Set("member_name", "Lò Thị Mai")
	if st, _, body = f.post(c, p.URL()+"/ban/thanh-vien", add); st != http.StatusSeeOther {
		t.Fatalf("the elected representative: %d %s", st, errorText(body))
	}
	if _, body = f.do(c, "GET", p.URL()+"/ban", nil); !strings.Contains(body, `href="/bau-cu/`+rep.ID+`"`) {
		t.Fatal("the representative is not linked to the election")
	}
}
