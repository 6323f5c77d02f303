package consult_test

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
	"xaso/internal/democracy/consult"
	"xaso/internal/disclosure"
	"xaso/internal/errs"
	"xaso/internal/richtext"
)

// env is a commune with three hamlets, the room's service wired to the real disclosure room,
// on Monday 2 March 2026.
type env struct {
	t          *testing.T
	ctx        context.Context
	d          *db.DB
	now        time.Time
	cid        string
	h1, h2, h3 string
	svc        *consult.Service
	disc       *disclosure.Service
}

var leader = audit.Actor{ID: "u-leader", Name: "Ma Văn Hùng"}

func newEnv(t *testing.T, d *db.DB) *env {
	return newCommuneEnv(t, d, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
}

func newCommuneEnv(t *testing.T, d *db.DB, cm commune.Commune) *env {
	ctx := context.Background()
	var c commune.Commune
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, cm)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, d: d, now: time.Date(2026, 3, 2, 9, 0, 0, 0, calendar.Zone), cid: c.ID}
	d.Clock = func() time.Time { return e.now }
	st := commune.New(d)
	var ids []string
	for i, name := range []string{"Đồng Tâm", "Nà Pồng", "Khuổi Nọi"} {
		h, err := st.CreateHamlet(ctx, c.ID, leader, commune.Hamlet{Name: name, SortOrder: i + 1})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, h.ID)
	}
	e.h1, e.h2, e.h3 = ids[0], ids[1], ids[2]
	now := func() time.Time { return e.now }
	e.disc = disclosure.New(disclosure.Deps{DB: d, Now: now, Sanitize: richtext.Sanitize})
	e.svc = consult.New(consult.Deps{DB: d, Now: now, Sanitize: richtext.Sanitize,
		Disclose: func(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, in consult.Disclosure) (string, error) {
			dd, err := e.disc.PublishInTx(ctx, tx, communeID, by, disclosure.Input{CategoryNo: 11, Title: in.Title, Summary: in.Summary,
				Body: in.Body, DecisionDate: in.DecisionDate, HamletIDs: in.HamletIDs, Attachments: in.Attachments}, calendar.Date{})
			return dd.PublicURL(), err
		}})
	return e
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) today() calendar.Date { return calendar.DateOf(e.now) }

func fieldErr(t *testing.T, err error, field, key string) {
	t.Helper()
	fe, ok := errs.Fields(err)
	if !ok || fe[field] != key {
		t.Fatalf("want %s on %s, got %v (%v)", key, field, fe, err)
	}
}

// input is a consultation of hamlets h1 and h2 for 20 days from today, its plan sent.
func (e *env) input() consult.Input {
	return consult.Input{Topic: consult.TopicConstructionPlanning, Title: "Lấy ý kiến về quy hoạch khu dân cư Đồng Tâm",
		Draft: `<p onclick="x()">Dự thảo quy hoạch</p><script>alert(1)</script>`, Forms: []string{"website", "household_form", "meeting"},
		Plan: "Kế hoạch số 05/KH-UBND", PlanCouncilOn: e.today().AddDays(-1).String(), PlanFrontOn: e.today().AddDays(-1).String(),
		OpensOn: e.today().String(), ClosesOn: e.today().AddDays(20).String(), HamletIDs: []string{e.h2, e.h1}}
}

// A consultation's life: a draft (script removed, hamlets in the registry's order), refused
// a period of 19 days, published for 20; public and typed-in opinions while open; groups and
// answers; the closing refused while the period runs, with a group unanswered, against the
// majority without explanation; then closed, the summary published as a disclosure of
// category 11, the duty ended, no opinion taken after.
func TestConsultationLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.input()
		in.ClosesOn = e.today().AddDays(19).String()
		_, err := e.svc.Create(e.ctx, e.cid, leader, in)
		fieldErr(t, err, "closes_on", "consult.err.period_short")
		in = e.input()
		c, err := e.svc.Create(e.ctx, e.cid, leader, in)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != consult.Draft || strings.Contains(c.Draft, "script") || strings.Contains(c.Draft, "onclick") ||
			len(c.HamletIDs) != 2 || c.HamletIDs[0] != e.h1 || len(c.Forms) != 3 || c.Forms[0] != consult.FormMeeting {
			t.Fatalf("created %+v", c)
		}
		if _, err := e.svc.Public(e.ctx, e.cid, c.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("a draft is public: %v", err)
		}
		if _, err := e.svc.SubmitPublic(e.ctx, e.cid, c.ID, consult.OpinionInput{Body: "x"}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("an opinion on a draft: %v", err)
		}
		// Published a day later, the 20 days no longer fit.
		e.now = e.now.AddDate(0, 0, 1)
		_, err = e.svc.Publish(e.ctx, e.cid, c.ID, leader, calendar.Date{})
		fieldErr(t, err, "closes_on", "consult.err.period_short")
		_, err = e.svc.Publish(e.ctx, e.cid, c.ID, leader, e.today().AddDays(1))
		fieldErr(t, err, "published_on", "consult.err.date_future")
		if c, err = e.svc.Publish(e.ctx, e.cid, c.ID, leader, e.today().AddDays(-1)); err != nil || c.Status != consult.Open || c.OpensOn != e.today().AddDays(-1) {
			t.Fatalf("published %+v %v", c, err)
		}
		if _, err := e.svc.Update(e.ctx, e.cid, c.ID, leader, e.input()); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("published content edited: %v", err)
		}
		if n := e.count(`SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND subject_id = $2 AND kind = $3 AND is_open = TRUE`, e.cid, c.ID, consult.DutyAnswer); n != 1 {
			t.Fatalf("%d open answer duties", n)
		}

		o1, err := e.svc.SubmitPublic(e.ctx, e.cid, c.ID, consult.OpinionInput{HamletID: e.h1, Body: "  Đề nghị giữ lại sân bóng của xóm.  "})
		if err != nil || o1.Source != consult.FormWebsite || o1.Body != "Đề nghị giữ lại sân bóng của xóm." || !o1.Anonymous() {
			t.Fatalf("public opinion %+v %v", o1, err)
		}
		_, err = e.svc.SubmitPublic(e.ctx, e.cid, c.ID, consult.OpinionInput{HamletID: e.h3, Body: "Xóm khác"})
		fieldErr(t, err, "hamlet", "consult.err.hamlet_unknown")
		_, err = e.svc.SubmitPublic(e.ctx, e.cid, c.ID, consult.OpinionInput{Body: strings.Repeat("ý", consult.MaxOpinion+1)})
		fieldErr(t, err, "body", "consult.err.opinion_too_long")
		o2, err := e.svc.SubmitPublic(e.ctx, e.cid, c.ID, consult.OpinionInput{Name: "Hoàng Thị Lan", Phone: "0912 345 678",
			Body: strings.Repeat("ý", consult.MaxOpinion)})
		if err != nil || o2.AuthorPhone != "0912345678" {
			t.Fatalf("named opinion %+v %v", o2, err)
		}
		_, err = e.svc.AddOpinion(e.ctx, e.cid, c.ID, leader, consult.OpinionInput{Source: consult.FormWebsite, Body: "x", ReceivedOn: e.today().String()})
		fieldErr(t, err, "source", "consult.err.source")
		_, err = e.svc.AddOpinion(e.ctx, e.cid, c.ID, leader, consult.OpinionInput{Source: consult.FormHouseholdForm, Body: "x", ReceivedOn: e.today().AddDays(-2).String()})
		fieldErr(t, err, "received_on", "consult.err.received_outside")
		o3, err := e.svc.AddOpinion(e.ctx, e.cid, c.ID, leader, consult.OpinionInput{Source: consult.FormHouseholdForm, HamletID: e.h2,
			Name: "Hộ ông Lục Văn Sáng", Body: "Đồng ý với dự thảo.", ReceivedOn: e.today().String()})
		if err != nil || o3.Hamlet != "Nà Pồng" {
			t.Fatalf("typed-in opinion %+v %v", o3, err)
		}

		tally, err := e.svc.Tally(e.ctx, e.cid, c.ID)
		if err != nil || tally.Total != 3 || tally.Ungrouped != 3 || len(tally.ByHamlet) != 3 || tally.ByHamlet[0].Key != e.h1 ||
			tally.ByHamlet[2].Key != "" || tally.ByHamlet[2].N != 1 || len(tally.BySource) != 2 || tally.BySource[0].Key != "household_form" {
			t.Fatalf("tally %+v %v", tally, err)
		}
		list, total, err := e.svc.Opinions(e.ctx, e.cid, c.ID, consult.OpinionFilter{HamletID: consult.NoHamlet})
		if err != nil || total != 1 || list[0].ID != o2.ID {
			t.Fatalf("opinions without hamlet %d %v", total, err)
		}
		if _, total, _ := e.svc.Opinions(e.ctx, e.cid, c.ID, consult.OpinionFilter{Source: consult.FormWebsite, Limit: 1}); total != 2 {
			t.Fatalf("web opinions %d", total)
		}

		g1, err := e.svc.CreateGroup(e.ctx, e.cid, c.ID, leader, consult.GroupInput{Title: "Giữ sân bóng"})
		if err != nil {
			t.Fatal(err)
		}
		g2, err := e.svc.CreateGroup(e.ctx, e.cid, c.ID, leader, consult.GroupInput{Title: "Đồng ý", AnswerKind: consult.Accepted, Answer: "Tiếp thu."})
		if err != nil || !g2.Answered() {
			t.Fatalf("group 2 %+v %v", g2, err)
		}
		_, err = e.svc.SaveGroup(e.ctx, e.cid, c.ID, g1.ID, leader, consult.GroupInput{Title: "Giữ sân bóng", AnswerKind: consult.Explained})
		fieldErr(t, err, "answer", "consult.err.answer_required")
		if n, err := e.svc.AssignOpinions(e.ctx, e.cid, c.ID, leader, g1.ID, []string{o1.ID, o2.ID, o3.ID}); err != nil || n != 3 {
			t.Fatalf("assigned %d %v", n, err)
		}
		// An opinion is in at most one group: placing it again moves it.
		if _, err := e.svc.AssignOpinions(e.ctx, e.cid, c.ID, leader, g2.ID, []string{o3.ID}); err != nil {
			t.Fatal(err)
		}
		gs, err := e.svc.Groups(e.ctx, e.cid, c.ID)
		if err != nil || len(gs) != 2 || gs[0].Opinions != 2 || gs[1].Opinions != 1 {
			t.Fatalf("groups %+v %v", gs, err)
		}
		if _, err := e.svc.AssignOpinions(e.ctx, e.cid, c.ID, leader, "khong-co", []string{o3.ID}); err == nil {
			t.Fatal("assigned to an unknown group")
		}

		closing := consult.CloseInput{Summary: "Đa số ý kiến đề nghị giữ sân bóng.", Decision: "Quyết định số 20/QĐ-UBND phê duyệt quy hoạch, bỏ phương án làm nhà văn hóa trên sân bóng.", FollowsMajority: true}
		if _, err := e.svc.Close(e.ctx, e.cid, c.ID, leader, closing); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("closed during the period: %v", err)
		}
		e.now = time.Date(2026, 3, 23, 8, 0, 0, 0, calendar.Zone) // the day after the last (2 March + 20 = 22 March)
		if _, err := e.svc.SubmitPublic(e.ctx, e.cid, c.ID, consult.OpinionInput{Body: "Muộn"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("an opinion after the period: %v", err)
		}
		_, err = e.svc.Close(e.ctx, e.cid, c.ID, leader, closing)
		fieldErr(t, err, "groups", "consult.err.unanswered")
		if _, err := e.svc.SaveGroup(e.ctx, e.cid, c.ID, g1.ID, leader, consult.GroupInput{Title: "Giữ sân bóng", AnswerKind: consult.Accepted,
			Answer: "Giữ nguyên sân bóng, chuyển nhà văn hóa sang khu đất khác."}); err != nil {
			t.Fatal(err)
		}
		against := closing
		against.FollowsMajority = false
		_, err = e.svc.Close(e.ctx, e.cid, c.ID, leader, against)
		fieldErr(t, err, "explanation", "consult.err.explanation_required")
		if n := e.count(`SELECT COUNT(*) FROM disclosures WHERE commune_id = $1`, e.cid); n != 0 {
			t.Fatalf("%d disclosures after refused closings", n)
		}
		c, err = e.svc.Close(e.ctx, e.cid, c.ID, leader, closing)
		if err != nil || c.Status != consult.Closed || !strings.HasPrefix(c.DisclosureURL, "/cong-khai/") {
			t.Fatalf("closed %+v %v", c, err)
		}
		dd, err := e.disc.Get(e.ctx, e.cid, strings.TrimPrefix(c.DisclosureURL, "/cong-khai/"))
		if err != nil || dd.CategoryNo != 11 || !dd.Status.Public() || !strings.Contains(dd.Body, "Giữ nguyên sân bóng") ||
			!strings.Contains(dd.Title, c.Title) || len(dd.HamletIDs) != 2 {
			t.Fatalf("disclosure %+v %v", dd, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM disclosure_postings WHERE commune_id = $1 AND disclosure_id = $2 AND channel = 'website'`, e.cid, dd.ID); n != 1 {
			t.Fatalf("%d website postings", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND subject_id = $2 AND kind = $3 AND is_open = TRUE`, e.cid, c.ID, consult.DutyAnswer); n != 0 {
			t.Fatalf("the answer duty is still open")
		}
		if _, err := e.svc.AddOpinion(e.ctx, e.cid, c.ID, leader, consult.OpinionInput{Source: consult.FormMeeting, Body: "x",
			ReceivedOn: "2026-03-10"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("an opinion typed into a closed consultation: %v", err)
		}
		if _, err := e.svc.Close(e.ctx, e.cid, c.ID, leader, closing); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("closed twice: %v", err)
		}
		if n := e.count(`SELECT COUNT(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, consult.TopicOpinion); n != 3 {
			t.Errorf("%d opinion events, want 3", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND object_id = $2`, e.cid, c.ID); n < 5 {
			t.Errorf("%d audit entries of the consultation", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND summary LIKE '%0912345678%'`, e.cid); n != 0 {
			t.Errorf("a phone number in the audit log")
		}
	})
}

// A decision against the majority view closes once explained; the explanation is published.
func TestCloseAgainstMajorityExplained(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.input()
		in.HamletIDs = nil
		c, err := e.svc.Create(e.ctx, e.cid, leader, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Publish(e.ctx, e.cid, c.ID, leader, calendar.Date{}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SubmitPublic(e.ctx, e.cid, c.ID, consult.OpinionInput{HamletID: e.h3, Body: "Không đồng ý"}); err != nil {
			t.Fatalf("a commune-wide consultation refused a hamlet: %v", err)
		}
		e.now = e.now.AddDate(0, 0, 21)
		_, err = e.svc.Close(e.ctx, e.cid, c.ID, leader, consult.CloseInput{Decision: "Quyết định số 3", FollowsMajority: true})
		fieldErr(t, err, "groups", "consult.err.ungrouped")
		g, err := e.svc.CreateGroup(e.ctx, e.cid, c.ID, leader, consult.GroupInput{Title: "Không đồng ý", AnswerKind: consult.Explained, Answer: "Vì an toàn giao thông."})
		if err != nil {
			t.Fatal(err)
		}
		list, _, _ := e.svc.Opinions(e.ctx, e.cid, c.ID, consult.OpinionFilter{})
		if _, err := e.svc.AssignOpinions(e.ctx, e.cid, c.ID, leader, g.ID, []string{list[0].ID}); err != nil {
			t.Fatal(err)
		}
		c, err = e.svc.Close(e.ctx, e.cid, c.ID, leader, consult.CloseInput{Decision: "Quyết định số 3", FollowsMajority: false,
			Explanation: "Bảo đảm an toàn giao thông trên quốc lộ."})
		if err != nil || c.FollowsMajority {
			t.Fatalf("closed %+v %v", c, err)
		}
		got, err := e.svc.Get(e.ctx, e.cid, c.ID)
		if err != nil || got.Explanation != "Bảo đảm an toàn giao thông trên quốc lộ." || got.FollowsMajority || got.Status != consult.Closed {
			t.Fatalf("stored %+v %v", got, err)
		}
		var body string
		if err := d.QueryRow(e.ctx, `SELECT body FROM disclosures WHERE commune_id = $1 AND category_no = 11`, e.cid).Scan(&body); err != nil ||
			!strings.Contains(body, "an toàn giao thông trên quốc lộ") {
			t.Fatalf("published body %q %v", body, err)
		}
	})
}

// The lists: phases counted in one query, the public list without drafts, another commune's
// consultation unknown.
func TestListsAndTenants(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		draft, err := e.svc.Create(e.ctx, e.cid, leader, e.input())
		if err != nil {
			t.Fatal(err)
		}
		open, err := e.svc.Create(e.ctx, e.cid, leader, e.input())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Publish(e.ctx, e.cid, open.ID, leader, calendar.Date{}); err != nil {
			t.Fatal(err)
		}
		counts, err := e.svc.PhaseCounts(e.ctx, e.cid)
		if err != nil || counts[consult.PhaseDraft] != 1 || counts[consult.PhaseCollecting] != 1 {
			t.Fatalf("counts %v %v", counts, err)
		}
		pub, total, err := e.svc.List(e.ctx, e.cid, consult.Filter{Public: true})
		if err != nil || total != 1 || pub[0].ID != open.ID || len(pub[0].Hamlets) != 2 {
			t.Fatalf("public list %d %v", total, err)
		}
		if _, total, _ := e.svc.List(e.ctx, e.cid, consult.Filter{Phase: consult.PhaseDraft}); total != 1 {
			t.Fatalf("drafts %d", total)
		}
		e.now = e.now.AddDate(0, 0, 25)
		if _, total, _ := e.svc.List(e.ctx, e.cid, consult.Filter{Phase: consult.PhaseSynthesis}); total != 1 {
			t.Fatalf("in synthesis %d", total)
		}
		other := newCommuneEnv(t, d, commune.Commune{Code: "KH", Name: "Khác", Province: "Thái Nguyên", AgencyCode: "000.00.12.H99"})
		if _, err := other.svc.Get(e.ctx, other.cid, draft.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("another commune's consultation: %v", err)
		}
		if _, err := other.svc.SubmitPublic(e.ctx, other.cid, open.ID, consult.OpinionInput{Body: "x"}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("an opinion on another commune's consultation: %v", err)
		}
	})
}
