package campaign_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/campaign"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/richtext"
)

// env is a commune with three hamlets and the room's service, on Monday 2 March 2026.
type env struct {
	t          *testing.T
	ctx        context.Context
	d          *db.DB
	now        time.Time
	cid        string
	h1, h2, h3 string
	svc        *campaign.Service
}

var leader = audit.Actor{ID: "u-leader", Name: "Ma Văn Hùng"}

func newEnv(t *testing.T, d *db.DB) *env {
	return newCommuneEnv(t, d, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
}

// otherEnv is a second commune, with hamlets of the same names.
func otherEnv(t *testing.T, d *db.DB) *env {
	return newCommuneEnv(t, d, commune.Commune{Code: "KH", Name: "Khác", Province: "Thái Nguyên", AgencyCode: "000.00.12.H99"})
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
	e.svc = campaign.New(campaign.Deps{DB: d, Now: func() time.Time { return e.now }, Sanitize: richtext.Sanitize})
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

func fieldErr(t *testing.T, err error, field, key string) {
	t.Helper()
	fe, ok := errs.Fields(err)
	if !ok || fe[field] != key {
		t.Fatalf("want %s on %s, got %v (%v)", key, field, fe, err)
	}
}

// An article: a draft with its script removed, off the portal; published, first in the public
// list; edited while published; withdrawn, gone from the portal; published again. Each step
// is in the audit log and the outbox.
func TestArticleLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a, err := e.svc.CreateArticle(e.ctx, e.cid, leader, campaign.ArticleInput{Title: "  Xã triển khai mô hình  ",
			Summary: "Tóm tắt", Body: `<p onclick="x()">Nội dung</p><script>alert(1)</script>`})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != campaign.Draft || a.Title != "Xã triển khai mô hình" || a.Author != leader.Name || strings.Contains(a.Body, "script") || strings.Contains(a.Body, "onclick") {
			t.Fatalf("created %+v", a)
		}
		if _, err := e.svc.PublicArticle(e.ctx, e.cid, a.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("a draft is public: %v", err)
		}
		if _, err := e.svc.WithdrawArticle(e.ctx, e.cid, a.ID, leader); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a draft withdrawn: %v", err)
		}
		older, err := e.svc.CreateArticle(e.ctx, e.cid, leader, campaign.ArticleInput{Title: "Bài cũ", Body: "<p>x</p>", Author: "Văn phòng"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.PublishArticle(e.ctx, e.cid, older.ID, leader); err != nil {
			t.Fatal(err)
		}
		e.now = e.now.Add(time.Hour)
		a, err = e.svc.PublishArticle(e.ctx, e.cid, a.ID, leader)
		if err != nil || a.Status != campaign.Published || !a.PublishedAt.Equal(e.now.UTC()) {
			t.Fatalf("published %+v %v", a, err)
		}
		if _, err := e.svc.PublishArticle(e.ctx, e.cid, a.ID, leader); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("published twice: %v", err)
		}
		list, total, err := e.svc.PublicArticles(e.ctx, e.cid, 20, 0)
		if err != nil || total != 2 || list[0].ID != a.ID || list[1].ID != older.ID {
			t.Fatalf("public list %d %v", total, err)
		}
		if a, err = e.svc.UpdateArticle(e.ctx, e.cid, a.ID, leader, campaign.ArticleInput{Title: "Tiêu đề mới", Body: "<p>Mới</p>"}); err != nil ||
			a.Status != campaign.Published || a.Author != leader.Name {
			t.Fatalf("updated %+v %v", a, err)
		}
		if got, err := e.svc.PublicArticle(e.ctx, e.cid, a.ID); err != nil || got.Title != "Tiêu đề mới" {
			t.Fatalf("public after the edit %+v %v", got, err)
		}
		if a, err = e.svc.WithdrawArticle(e.ctx, e.cid, a.ID, leader); err != nil || a.Status != campaign.Withdrawn || a.WithdrawnAt.IsZero() {
			t.Fatalf("withdrawn %+v %v", a, err)
		}
		if _, err := e.svc.PublicArticle(e.ctx, e.cid, a.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("a withdrawn article is public: %v", err)
		}
		if _, total, _ := e.svc.PublicArticles(e.ctx, e.cid, 20, 0); total != 1 {
			t.Fatalf("public after the withdrawal: %d", total)
		}
		if all, total, err := e.svc.Articles(e.ctx, e.cid, 1, 1); err != nil || total != 2 || len(all) != 1 || all[0].ID != a.ID {
			t.Fatalf("second page of the staff list: %d %v", total, err)
		}
		if a, err = e.svc.PublishArticle(e.ctx, e.cid, a.ID, leader); err != nil || a.Status != campaign.Published || !a.WithdrawnAt.IsZero() {
			t.Fatalf("republished %+v %v", a, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND object_id = $2`, e.cid, a.ID); n != 5 {
			t.Errorf("%d audit entries, want 5 (create, publish, update, withdraw, publish)", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, campaign.TopicArticlePublished); n != 3 {
			t.Errorf("%d publication events, want 3", n)
		}
		if _, err := e.svc.Article(e.ctx, e.cid, "khong-co"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("unknown article: %v", err)
		}
		other := otherEnv(t, d)
		if _, err := other.svc.PublicArticle(other.ctx, other.cid, a.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("another commune reads the article: %v", err)
		}
		if _, total, _ := other.svc.PublicArticles(other.ctx, other.cid, 20, 0); total != 0 {
			t.Fatalf("another commune lists %d articles", total)
		}
	})
}

// A bad article or session names every field at fault, in the room's keys.
func TestValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := e.svc.CreateArticle(e.ctx, e.cid, leader, campaign.ArticleInput{Title: " ", Body: "<script>x</script>", Author: strings.Repeat("a", 201)})
		fe, _ := errs.Fields(err)
		if fe["title"] != "campaign.err.title_required" || fe["body"] != "campaign.err.body_required" || fe["author"] != "campaign.err.too_long" {
			t.Fatalf("article errors %v", fe)
		}
		_, err = e.svc.RecordSession(e.ctx, e.cid, leader, campaign.SessionInput{Kind: "party", HeldOn: "2026-03-03",
			HamletIDs: []string{e.h1, "not-a-hamlet"}, Attendance: "1,5"})
		fe, _ = errs.Fields(err)
		want := errs.FieldErrors{"kind": "campaign.err.kind", "title": "campaign.err.session_title_required", "held_on": "campaign.err.held_on_future",
			"place": "campaign.err.place_required", "attendance": "campaign.err.attendance_invalid", "hamlets": "campaign.err.hamlet_unknown"}
		if !reflect.DeepEqual(fe, want) {
			t.Fatalf("session errors\n got %v\nwant %v", fe, want)
		}
		for _, c := range []struct{ held, att, field, key string }{
			{"", "10", "held_on", "campaign.err.held_on_required"},
			{"31/02/2026", "10", "held_on", "campaign.err.date_invalid"},
			{"2026-03-01", "", "attendance", "campaign.err.attendance_required"},
			{"2026-03-01", "-3", "attendance", "campaign.err.attendance_invalid"},
			{"2026-03-01", "100001", "attendance", "campaign.err.attendance_too_many"},
		} {
			_, err := e.svc.RecordSession(e.ctx, e.cid, leader, campaign.SessionInput{Kind: campaign.Training, Title: "Tập huấn", HeldOn: c.held, Place: "Hội trường", Attendance: c.att})
			fieldErr(t, err, c.field, c.key)
		}
		// Another commune's hamlet is unknown here.
		other := otherEnv(t, d)
		_, err = e.svc.RecordSession(e.ctx, e.cid, leader, campaign.SessionInput{Kind: campaign.Training, Title: "Tập huấn", HeldOn: "2026-03-01",
			Place: "Hội trường", Attendance: "5", HamletIDs: []string{other.h1}})
		fieldErr(t, err, "hamlets", "campaign.err.hamlet_unknown")
		if n := e.count(`SELECT COUNT(*) FROM campaign_sessions WHERE commune_id = $1`, e.cid); n != 0 {
			t.Fatalf("%d sessions written by bad input", n)
		}
		for in, want := range map[string]int{"45": 45, " 1.200 ": 1200, "1 200": 1200, "0": 0, "100.000": 100000} {
			if n, key := campaign.ParseAttendance(in); n != want || key != "" {
				t.Errorf("ParseAttendance(%q) = %d %s, want %d", in, n, key, want)
			}
		}
	})
}

// Sessions keep their hamlets in the registry's order; an edit changes them; a deletion
// removes the session and its hamlets, and leaves the audit entry.
func TestSessionsRecordEditDelete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ss, err := e.svc.RecordSession(e.ctx, e.cid, leader, campaign.SessionInput{Kind: campaign.Conference, Title: " Hội nghị tuyên truyền ",
			HeldOn: "28/02/2026", Place: "Nhà văn hóa", HamletIDs: []string{e.h3, e.h1, e.h3, ""}, Attendance: "1.200", Note: "Ghi chú"})
		if err != nil {
			t.Fatal(err)
		}
		if ss.Title != "Hội nghị tuyên truyền" || ss.HeldOn != calendar.NewDate(2026, 2, 28) || ss.Attendance != 1200 ||
			!reflect.DeepEqual(ss.HamletIDs, []string{e.h1, e.h3}) || !reflect.DeepEqual(ss.Hamlets, []string{"Đồng Tâm", "Khuổi Nọi"}) {
			t.Fatalf("recorded %+v", ss)
		}
		got, err := e.svc.Session(e.ctx, e.cid, ss.ID)
		if err != nil || !reflect.DeepEqual(got.HamletIDs, ss.HamletIDs) || got.Attendance != 1200 || got.Note != "Ghi chú" {
			t.Fatalf("stored %+v %v", got, err)
		}
		wide, err := e.svc.RecordSession(e.ctx, e.cid, leader, campaign.SessionInput{Kind: campaign.Training, Title: "Tập huấn",
			HeldOn: "2026-03-02", Place: "Hội trường", Attendance: "0"})
		if err != nil || !wide.CommuneWide() {
			t.Fatalf("commune-wide %+v %v", wide, err)
		}
		ss, err = e.svc.UpdateSession(e.ctx, e.cid, ss.ID, leader, campaign.SessionInput{Kind: campaign.Conference, Title: "Hội nghị",
			HeldOn: "2026-02-27", Place: "Nhà văn hóa", HamletIDs: []string{e.h2}, Attendance: "30"})
		if err != nil || !reflect.DeepEqual(ss.HamletIDs, []string{e.h2}) || ss.CreatedBy != leader.Name {
			t.Fatalf("updated %+v %v", ss, err)
		}
		list, total, err := e.svc.Sessions(e.ctx, e.cid, campaign.YearOf(calendar.NewDate(2026, 1, 1)), 20, 0)
		if err != nil || total != 2 || list[0].ID != wide.ID || list[1].ID != ss.ID || !reflect.DeepEqual(list[1].Hamlets, []string{"Nà Pồng"}) {
			t.Fatalf("sessions %+v %d %v", list, total, err)
		}
		if _, total, _ := e.svc.Sessions(e.ctx, e.cid, campaign.YearOf(calendar.NewDate(2025, 1, 1)), 20, 0); total != 0 {
			t.Fatalf("%d sessions in 2025", total)
		}
		if err := e.svc.DeleteSession(e.ctx, e.cid, ss.ID, leader); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Session(e.ctx, e.cid, ss.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("deleted session still there: %v", err)
		}
		if err := e.svc.DeleteSession(e.ctx, e.cid, ss.ID, leader); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("deleted twice: %v", err)
		}
		if n := e.count(`SELECT COUNT(*) FROM campaign_session_hamlets WHERE commune_id = $1 AND session_id = $2`, e.cid, ss.ID); n != 0 {
			t.Fatalf("%d hamlets left", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND object_id = $2`, e.cid, ss.ID); n != 3 {
			t.Fatalf("%d audit entries, want 3", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM outbox WHERE commune_id = $1 AND topic LIKE 'campaign.session.%'`, e.cid); n != 4 {
			t.Fatalf("%d session events, want 4", n)
		}
	})
}

// The coverage of 2026: 2 of 3 hamlets held an awareness conference (66 %, not complete); a
// hamlet with only a training, a commune-wide conference and a conference of 2025 do not
// count; a session for two hamlets counts in both.
func TestCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rec := func(k campaign.Kind, day, att string, hamlets ...string) {
			t.Helper()
			if _, err := e.svc.RecordSession(e.ctx, e.cid, leader, campaign.SessionInput{Kind: k, Title: "Buổi " + day, HeldOn: day,
				Place: "Nhà văn hóa", HamletIDs: hamlets, Attendance: att}); err != nil {
				t.Fatal(err)
			}
		}
		rec(campaign.Conference, "2026-01-10", "40", e.h1)
		rec(campaign.Conference, "2026-02-10", "50", e.h1, e.h2)
		rec(campaign.Training, "2026-02-11", "20", e.h3)
		rec(campaign.Conference, "2026-02-12", "100")      // commune-wide
		rec(campaign.Conference, "2025-12-31", "70", e.h3) // last year
		year := campaign.YearOf(calendar.NewDate(2026, 3, 2))
		c, err := e.svc.Coverage(e.ctx, e.cid, year)
		if err != nil {
			t.Fatal(err)
		}
		want := []campaign.HamletCoverage{
			{Hamlet: campaign.Hamlet{ID: e.h1, Name: "Đồng Tâm"}, Conferences: 2, Attendance: 90},
			{Hamlet: campaign.Hamlet{ID: e.h2, Name: "Nà Pồng"}, Conferences: 1, Attendance: 50},
			{Hamlet: campaign.Hamlet{ID: e.h3, Name: "Khuổi Nọi"}, Trainings: 1, Attendance: 20},
		}
		if !reflect.DeepEqual(c.Hamlets, want) {
			t.Fatalf("hamlets\n got %+v\nwant %+v", c.Hamlets, want)
		}
		if c.Reached != (campaign.Ratio{N: 2, D: 3, Percent: 66}) {
			t.Fatalf("reached %+v", c.Reached)
		}
		if c.Totals != (campaign.Totals{Sessions: 4, Conferences: 3, Trainings: 1, Attendance: 210, CommuneWide: 1}) {
			t.Fatalf("totals %+v", c.Totals)
		}
		// With 2025 included, the third hamlet's conference counts: complete.
		c, err = e.svc.Coverage(e.ctx, e.cid, campaign.Period{From: calendar.NewDate(2025, 12, 1), To: year.To})
		if err != nil || c.Reached != (campaign.Ratio{N: 3, D: 3, Percent: 100, Complete: true}) {
			t.Fatalf("with December 2025: %+v %v", c.Reached, err)
		}
		// The ends of the period are included.
		c, _ = e.svc.Coverage(e.ctx, e.cid, campaign.Period{From: calendar.NewDate(2026, 1, 10), To: calendar.NewDate(2026, 1, 10)})
		if c.Reached.N != 1 || c.Totals.Sessions != 1 {
			t.Fatalf("one day: %+v %+v", c.Reached, c.Totals)
		}
		// A commune without hamlets: 0/0, not complete.
		other := otherEnv(t, d)
		if _, err := other.d.Exec(other.ctx, `DELETE FROM hamlets WHERE commune_id = $1`, other.cid); err != nil {
			t.Fatal(err)
		}
		if c, err := other.svc.Coverage(other.ctx, other.cid, year); err != nil || c.Reached != (campaign.Ratio{}) || len(c.Hamlets) != 0 {
			t.Fatalf("no hamlets: %+v %v", c, err)
		}
	})
}

func TestRatioAndPeriod(t *testing.T) {
	for _, c := range []struct {
		n, d, pct int
		complete  bool
	}{{2, 3, 66, false}, {1, 3, 33, false}, {3, 3, 100, true}, {0, 0, 0, false}, {199, 200, 99, false}, {0, 5, 0, false}} {
		if r := campaign.NewRatio(c.n, c.d); r.Percent != c.pct || r.Complete != c.complete {
			t.Errorf("%d/%d: %+v", c.n, c.d, r)
		}
	}
	today := calendar.NewDate(2026, 3, 2)
	for _, c := range []struct {
		from, to string
		want     campaign.Period
		bad      string
	}{
		{"", "", campaign.YearOf(today), ""},
		{"2026-02-01", "2026-02-28", campaign.Period{From: calendar.NewDate(2026, 2, 1), To: calendar.NewDate(2026, 2, 28)}, ""},
		{"01/02/2025", "", campaign.Period{From: calendar.NewDate(2025, 2, 1), To: calendar.NewDate(2025, 12, 31)}, ""},
		{"", "2025-06-30", campaign.Period{From: calendar.NewDate(2025, 1, 1), To: calendar.NewDate(2025, 6, 30)}, ""},
		{"2026-03-01", "2026-02-01", campaign.YearOf(today), "den"},
		{"2026-13-01", "", campaign.YearOf(today), "tu"},
		{"2000-01-01", "2026-01-01", campaign.YearOf(today), "den"},
	} {
		p, fe := campaign.ParsePeriod(c.from, c.to, today)
		if p != c.want || (c.bad == "") != (len(fe) == 0) || (c.bad != "" && fe[c.bad] == "") {
			t.Errorf("ParsePeriod(%q, %q) = %v %v", c.from, c.to, p, fe)
		}
	}
}

// The demo publishes two articles and reaches some hamlets, not all; a second run does nothing.
func TestSeedDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for range 2 {
			if err := e.svc.SeedDemo(e.ctx, e.cid, leader); err != nil {
				t.Fatal(err)
			}
		}
		if _, total, err := e.svc.PublicArticles(e.ctx, e.cid, 20, 0); err != nil || total != 2 {
			t.Fatalf("%d published articles %v", total, err)
		}
		c, err := e.svc.Coverage(e.ctx, e.cid, campaign.YearOf(calendar.DateOf(e.now)))
		if err != nil || c.Reached.N == 0 || c.Reached.Complete || c.Totals.CommuneWide != 1 || c.Totals.Trainings != 1 {
			t.Fatalf("demo coverage %+v %v", c, err)
		}
	})
}
