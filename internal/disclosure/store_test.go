package disclosure_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/disclosure"
	"xaso/internal/errs"
)

// clock is a settable clock for the service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func at(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, calendar.Zone) }

func day(m time.Month, d int) calendar.Date { return calendar.NewDate(2026, m, d) }

var (
	staff  = audit.Actor{ID: "u-off", Name: "Hoàng Thị Thu"}
	leader = audit.Actor{ID: "u-lead", Name: "Ma Văn Hùng"}
)

// env is a commune with two hamlets and the room's service.
type env struct {
	t      *testing.T
	ctx    context.Context
	d      *db.DB
	svc    *disclosure.Service
	clk    *clock
	cid    string
	h1, h2 string
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	var c commune.Commune
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, d: d, clk: &clock{t: at(time.November, 30, 9)}, cid: c.ID}
	st := commune.New(d)
	for i, name := range []string{"Xóm Đồng Kệu", "Xóm Trung Tâm"} {
		h, err := st.CreateHamlet(ctx, c.ID, leader, commune.Hamlet{Name: name, SortOrder: i + 1})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			e.h1 = h.ID
		} else {
			e.h2 = h.ID
		}
	}
	e.svc = disclosure.New(disclosure.Deps{DB: d, Now: e.clk.now,
		Calendars: func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil },
		Sanitize:  func(s string) string { return strings.ReplaceAll(s, "<script>", "") }})
	return e
}

func input(cat int, title string, decision calendar.Date, hamlets ...string) disclosure.Input {
	return disclosure.Input{CategoryNo: cat, Title: title, Summary: "Tóm tắt: " + title, Body: "<p>" + title + "</p>",
		DecisionDate: decision, HamletIDs: hamlets}
}

func (e *env) create(in disclosure.Input) disclosure.Disclosure {
	e.t.Helper()
	d, err := e.svc.Create(e.ctx, e.cid, staff, in)
	if err != nil {
		e.t.Fatalf("create %q: %v", in.Title, err)
	}
	return d
}

func (e *env) publish(in disclosure.Input, on calendar.Date) disclosure.Disclosure {
	e.t.Helper()
	d := e.create(in)
	d, err := e.svc.Publish(e.ctx, e.cid, leader, d.ID, on)
	if err != nil {
		e.t.Fatalf("publish %q: %v", in.Title, err)
	}
	return d
}

func (e *env) post(d disclosure.Disclosure, ch disclosure.Channel, hamlet string, from, to calendar.Date) disclosure.Posting {
	e.t.Helper()
	p, err := e.svc.AddPosting(e.ctx, e.cid, staff, d.ID, disclosure.PostingInput{Channel: ch, HamletID: hamlet, PutUp: from, TakenDown: to})
	if err != nil {
		e.t.Fatalf("post %q on %s: %v", d.Title, ch, err)
	}
	return p
}

type dutyRow struct {
	open    bool
	due     time.Time
	outcome string
}

func (e *env) duty(id string) (dutyRow, bool) {
	e.t.Helper()
	var r dutyRow
	err := e.d.QueryRow(e.ctx, `SELECT is_open, due_at, outcome FROM duties WHERE commune_id = $1 AND room = 'disclosure' AND subject_id = $2 AND kind = $3`,
		e.cid, id, disclosure.DutyPublish).Scan(&r.open, &r.due, &r.outcome)
	if err != nil {
		return r, false
	}
	return r, true
}

func fieldErr(t *testing.T, err error, field, key string) {
	t.Helper()
	fe, ok := errs.Fields(err)
	if !ok || fe[field] != key {
		t.Fatalf("want field %s = %s, got %v", field, key, err)
	}
}

func kindErr(t *testing.T, err error, kind errs.Kind) {
	t.Helper()
	if errs.KindOf(err) != kind {
		t.Fatalf("want kind %v, got %v", kind, err)
	}
}

func TestCategoriesSeededAndEditable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		list, err := e.svc.Categories(e.ctx, e.cid)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 14 {
			t.Fatalf("%d categories", len(list))
		}
		for i, c := range list {
			l := disclosure.LegalCategories[i]
			if c.No != l.No || c.NameVI != l.NameVI || c.Posting != l.Posting || c.Loudspeaker != l.Loudspeaker || c.Required != l.Required {
				t.Errorf("category %d: %+v, want %+v", i+1, c, l)
			}
		}
		c, err := e.svc.UpdateCategory(e.ctx, e.cid, leader, 14, disclosure.CategoryInput{NameVI: "Quy ước của xóm",
			NameEN: "Hamlet covenants", Posting: disclosure.Permanent, Required: true})
		if err != nil || c.NameVI != "Quy ước của xóm" {
			t.Fatalf("update: %+v %v", c, err)
		}
		list, _ = e.svc.Categories(e.ctx, e.cid)
		if len(list) != 14 || list[13].NameVI != "Quy ước của xóm" || list[13].Posting != disclosure.Permanent || !list[13].Required ||
			list[13].UpdatedBy != leader.Name {
			t.Errorf("after update: %+v", list[13])
		}
		_, err = e.svc.UpdateCategory(e.ctx, e.cid, leader, 3, disclosure.CategoryInput{NameVI: "x", Posting: "weekly"})
		fieldErr(t, err, "posting", "disclosure.category.posting_required")
		_, err = e.svc.UpdateCategory(e.ctx, e.cid, leader, 15, disclosure.CategoryInput{NameVI: "x", Posting: disclosure.ThirtyDays})
		kindErr(t, err, errs.NotFound)
	})
}

func TestLifecycleVersionsAndDuty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cal := calendar.Default()
		e.clk.set(at(time.October, 6, 9))
		// A decision of Mon 5 Oct: published by the close of Mon 12 Oct (Art. 12.3).
		dr := e.create(input(2, "Dự toán ngân sách xã năm 2027", day(10, 5)))
		if dr.Status != disclosure.Draft || dr.Version != 0 {
			t.Fatalf("draft: %+v", dr)
		}
		row, ok := e.duty(dr.ID)
		if !ok || !row.open || !row.due.Equal(day(10, 12).At(cal.Hours().Closing())) {
			t.Fatalf("duty: %+v %v", row, ok)
		}
		// Editing the decision date moves the duty.
		in := input(2, "Dự toán ngân sách xã năm 2027 (bổ sung)", day(10, 6))
		if _, err := e.svc.Edit(e.ctx, e.cid, staff, dr.ID, in); err != nil {
			t.Fatal(err)
		}
		if row, _ := e.duty(dr.ID); !row.open || !row.due.Equal(day(10, 13).At(cal.Hours().Closing())) {
			t.Fatalf("moved duty: %+v", row)
		}
		e.clk.set(at(time.October, 8, 9))
		_, err := e.svc.Publish(e.ctx, e.cid, leader, dr.ID, day(10, 9))
		fieldErr(t, err, "published_on", "disclosure.published_on_future")
		_, err = e.svc.Publish(e.ctx, e.cid, leader, dr.ID, day(10, 5))
		fieldErr(t, err, "published_on", "disclosure.published_on_before_decision")
		pub, err := e.svc.Publish(e.ctx, e.cid, leader, dr.ID, calendar.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if pub.Status != disclosure.Published || pub.Version != 1 || pub.PublishedOn != day(10, 8) || pub.FirstPublishedOn != day(10, 8) {
			t.Fatalf("published: %+v", pub)
		}
		if row, _ := e.duty(dr.ID); row.open || row.outcome != "done" {
			t.Fatalf("duty after publishing: %+v", row)
		}
		_, err = e.svc.Publish(e.ctx, e.cid, leader, dr.ID, calendar.Date{})
		kindErr(t, err, errs.Conflict)
		_, err = e.svc.Edit(e.ctx, e.cid, staff, dr.ID, in)
		kindErr(t, err, errs.Conflict)
		// Publishing put it on the website from that day (Art. 13.1).
		ps, err := e.svc.Postings(e.ctx, e.cid, dr.ID)
		if err != nil || len(ps) != 1 || ps[0].Channel != disclosure.Website || ps[0].PutUp != day(10, 8) || !ps[0].Up(day(10, 30)) {
			t.Fatalf("postings: %+v %v", ps, err)
		}
		board := e.post(pub, disclosure.HQBoard, "", day(10, 8), calendar.Date{})

		// Republishing keeps the first version.
		e.clk.set(at(time.October, 20, 9))
		in2 := input(2, "Dự toán ngân sách xã năm 2027 (điều chỉnh)", day(10, 19))
		_, err = e.svc.Republish(e.ctx, e.cid, leader, dr.ID, in2, day(10, 7))
		fieldErr(t, err, "published_on", "disclosure.published_on_before_decision")
		up, err := e.svc.Republish(e.ctx, e.cid, leader, dr.ID, in2, calendar.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if up.Status != disclosure.Updated || up.Version != 2 || up.PublishedOn != day(10, 20) || up.FirstPublishedOn != day(10, 8) ||
			up.Title != in2.Title {
			t.Fatalf("republished: %+v", up)
		}
		vs, err := e.svc.Versions(e.ctx, e.cid, dr.ID)
		if err != nil || len(vs) != 2 || vs[0].Title != in.Title || vs[0].DecisionDate != day(10, 6) || vs[0].PublishedOn != day(10, 8) ||
			vs[1].Title != in2.Title || vs[1].Version != 2 || vs[1].PublishedBy != leader.Name {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		got, err := e.svc.Get(e.ctx, e.cid, dr.ID)
		if err != nil || !reflect.DeepEqual(got, up) {
			t.Fatalf("get:\n%+v\n%+v %v", got, up, err)
		}

		// Archiving takes the postings down that day.
		e.clk.set(at(time.November, 2, 9))
		arch, err := e.svc.Archive(e.ctx, e.cid, leader, dr.ID, calendar.Date{})
		if err != nil || arch.Status != disclosure.Archived || arch.ArchivedOn != day(11, 2) {
			t.Fatalf("archive: %+v %v", arch, err)
		}
		ps, _ = e.svc.Postings(e.ctx, e.cid, dr.ID)
		for _, p := range ps {
			if p.TakenDown != day(11, 2) || p.TakenDownBy != leader.Name {
				t.Errorf("posting after archiving: %+v", p)
			}
		}
		_, err = e.svc.TakeDown(e.ctx, e.cid, staff, board.ID, calendar.Date{})
		kindErr(t, err, errs.Conflict)
		_, err = e.svc.AddPosting(e.ctx, e.cid, staff, dr.ID, disclosure.PostingInput{Channel: disclosure.Zalo, PutUp: day(11, 2)})
		kindErr(t, err, errs.Conflict)
		_, err = e.svc.Archive(e.ctx, e.cid, leader, dr.ID, calendar.Date{})
		kindErr(t, err, errs.Conflict)

		// A draft archived or left without its decision closes its duty.
		other := e.create(input(9, "Danh sách gọi công dân nhập ngũ", day(10, 30)))
		if _, err := e.svc.Archive(e.ctx, e.cid, leader, other.ID, calendar.Date{}); err != nil {
			t.Fatal(err)
		}
		if row, _ := e.duty(other.ID); row.open || row.outcome != "withdrawn" {
			t.Fatalf("archived draft's duty: %+v", row)
		}
		third := e.create(input(9, "Danh sách tạm hoãn", day(10, 30)))
		if _, err := e.svc.Edit(e.ctx, e.cid, staff, third.ID, input(9, "Danh sách tạm hoãn", calendar.Date{})); err != nil {
			t.Fatal(err)
		}
		if row, _ := e.duty(third.ID); row.open {
			t.Fatalf("duty of a draft with no decision: %+v", row)
		}
		plain := e.create(input(4, "Quy chế dân chủ", calendar.Date{}))
		if _, ok := e.duty(plain.ID); ok {
			t.Fatal("a disclosure from no decision owes no duty")
		}

		var actions []string
		rows, err := d.Query(e.ctx, `SELECT action FROM audit_log WHERE commune_id = $1 AND object_id = $2 ORDER BY seq`, e.cid, dr.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a string
			rows.Scan(&a)
			actions = append(actions, a)
		}
		rows.Close()
		want := []string{disclosure.ActionCreate, disclosure.ActionEdit, disclosure.ActionPublish, disclosure.ActionRepublish, disclosure.ActionArchive}
		if !reflect.DeepEqual(actions, want) {
			t.Errorf("audit: %v, want %v", actions, want)
		}
	})
}

func TestValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, err := e.svc.Create(e.ctx, e.cid, staff, disclosure.Input{CategoryNo: 2, Summary: "x"})
		fieldErr(t, err, "title", "disclosure.title_required")
		_, err = e.svc.Create(e.ctx, e.cid, staff, disclosure.Input{Title: "x", Summary: "x"})
		fieldErr(t, err, "category", "disclosure.category_required")
		_, err = e.svc.Create(e.ctx, e.cid, staff, disclosure.Input{CategoryNo: 15, Title: "x", Summary: "x"})
		fieldErr(t, err, "category", "disclosure.category_required")
		_, err = e.svc.Create(e.ctx, e.cid, staff, disclosure.Input{CategoryNo: 2, Title: "x"})
		fieldErr(t, err, "summary", "disclosure.content_required")
		_, err = e.svc.Create(e.ctx, e.cid, staff, input(2, "x", calendar.Date{}, e.h1, "no-such-hamlet"))
		fieldErr(t, err, "hamlets", "disclosure.hamlet_unknown")
		_, err = e.svc.Create(e.ctx, e.cid, staff, input(2, "x", day(12, 1)))
		fieldErr(t, err, "decision_date", "disclosure.decision_date_future")
		_, err = e.svc.Create(e.ctx, e.cid, staff, disclosure.Input{CategoryNo: 2, Title: strings.Repeat("a", 301), Summary: "x"})
		fieldErr(t, err, "title", "disclosure.too_long")
		_, err = e.svc.Get(e.ctx, e.cid, "nope")
		kindErr(t, err, errs.NotFound)

		in := input(3, "Quy hoạch", day(11, 2), e.h1, e.h1, " ")
		in.Body = "<p>Quy hoạch</p><script>alert(1)</script>"
		in.Attachments = []string{"blob-1", "blob-1", "blob-2"}
		dr := e.create(in)
		if dr.Body != "<p>Quy hoạch</p>alert(1)</script>" || !reflect.DeepEqual(dr.HamletIDs, []string{e.h1}) ||
			!reflect.DeepEqual(dr.Attachments, []string{"blob-1", "blob-2"}) {
			t.Fatalf("created: %+v", dr)
		}
		_, err = e.svc.AddPosting(e.ctx, e.cid, staff, dr.ID, disclosure.PostingInput{Channel: disclosure.HQBoard, PutUp: day(11, 3)})
		kindErr(t, err, errs.Conflict) // a draft is not posted
		pub, err := e.svc.Publish(e.ctx, e.cid, leader, dr.ID, day(11, 3))
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			in         disclosure.PostingInput
			field, key string
		}{
			{disclosure.PostingInput{Channel: "radio", PutUp: day(11, 3)}, "channel", "disclosure.posting.channel_required"},
			{disclosure.PostingInput{Channel: disclosure.HQBoard, HamletID: e.h1, PutUp: day(11, 3)}, "hamlet", "disclosure.posting.no_hamlet"},
			{disclosure.PostingInput{Channel: disclosure.CulturalHouse, PutUp: day(11, 3)}, "hamlet", "disclosure.posting.hamlet_required"},
			{disclosure.PostingInput{Channel: disclosure.Loudspeaker, HamletID: "nope", PutUp: day(11, 3)}, "hamlet", "disclosure.hamlet_unknown"},
			{disclosure.PostingInput{Channel: disclosure.HQBoard}, "put_up", "disclosure.posting.put_up_required"},
			{disclosure.PostingInput{Channel: disclosure.HQBoard, PutUp: day(12, 1)}, "put_up", "disclosure.posting.put_up_future"},
			{disclosure.PostingInput{Channel: disclosure.HQBoard, PutUp: day(10, 30)}, "put_up", "disclosure.posting.put_up_before_decision"},
			{disclosure.PostingInput{Channel: disclosure.Loudspeaker, PutUp: day(11, 5), TakenDown: day(11, 4)}, "taken_down", "disclosure.posting.taken_down_before_put_up"},
		}
		for _, c := range cases {
			_, err := e.svc.AddPosting(e.ctx, e.cid, staff, pub.ID, c.in)
			fieldErr(t, err, c.field, c.key)
		}
		p := e.post(pub, disclosure.CulturalHouse, e.h1, day(11, 3), calendar.Date{})
		_, err = e.svc.TakeDown(e.ctx, e.cid, staff, p.ID, day(11, 2))
		fieldErr(t, err, "taken_down", "disclosure.posting.taken_down_before_put_up")
		p, err = e.svc.TakeDown(e.ctx, e.cid, staff, p.ID, day(11, 20))
		if err != nil || p.TakenDown != day(11, 20) || p.Up(day(11, 21)) || !p.Up(day(11, 20)) {
			t.Fatalf("take down: %+v %v", p, err)
		}
		_, err = e.svc.TakeDown(e.ctx, e.cid, staff, p.ID, day(11, 20))
		kindErr(t, err, errs.Conflict)
		_, err = e.svc.TakeDown(e.ctx, e.cid, staff, "nope", day(11, 20))
		kindErr(t, err, errs.NotFound)
	})
}

func TestPublicSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		land := e.publish(input(3, "Phương án bồi thường đất đai dự án đường liên xóm", calendar.Date{}), day(10, 1))
		budget := e.publish(input(2, "Công khai dự toán ngân sách", calendar.Date{}), day(10, 5))
		poorA := e.publish(input(7, "Danh sách hộ nghèo Xóm Đồng Kệu", calendar.Date{}, e.h1), day(10, 7))
		poorB := e.publish(input(7, "Danh sách hộ nghèo Xóm Trung Tâm", calendar.Date{}, e.h2), day(10, 9))
		e.create(input(3, "Dự thảo quy hoạch đất đai", calendar.Date{}))
		gone := e.publish(input(3, "Thu hồi đất đai cũ", calendar.Date{}), day(10, 2))
		if _, err := e.svc.Archive(e.ctx, e.cid, leader, gone.ID, day(10, 3)); err != nil {
			t.Fatal(err)
		}
		body := input(5, "Quỹ phòng chống thiên tai", calendar.Date{})
		body.Body = "<p>Mức đóng góp <b>Quỹ</b> cho <i>đê điều</i></p>"
		fund := e.publish(body, day(10, 11))

		titles := func(f disclosure.Filter) ([]string, int) {
			t.Helper()
			list, total, err := e.svc.Public(e.ctx, e.cid, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, d := range list {
				out = append(out, d.Title)
			}
			return out, total
		}
		check := func(name string, f disclosure.Filter, total int, want ...disclosure.Disclosure) {
			t.Helper()
			got, n := titles(f)
			var w []string
			for _, d := range want {
				w = append(w, d.Title)
			}
			if !reflect.DeepEqual(got, w) || n != total {
				t.Errorf("%s: %q (%d), want %q (%d)", name, got, n, w, total)
			}
		}
		check("all, newest first", disclosure.Filter{}, 5, fund, poorB, poorA, budget, land)
		check("no diacritics", disclosure.Filter{Q: "dat dai"}, 1, land)
		check("upper case with marks", disclosure.Filter{Q: "ĐẤT  Đai"}, 1, land)
		check("words anywhere", disclosure.Filter{Q: "ho ngheo trung"}, 1, poorB)
		check("in the body", disclosure.Filter{Q: "de dieu"}, 1, fund)
		check("not the tags", disclosure.Filter{Q: "<b>"}, 0)
		check("category", disclosure.Filter{Category: 7}, 2, poorB, poorA)
		check("hamlet: its own and the whole commune's", disclosure.Filter{HamletID: e.h1}, 4, fund, poorA, budget, land)
		check("hamlet and category", disclosure.Filter{HamletID: e.h2, Category: 7}, 1, poorB)
		check("page 1", disclosure.Filter{Limit: 2}, 5, fund, poorB)
		check("page 2", disclosure.Filter{Limit: 2, Offset: 2}, 5, poorA, budget)
		check("page 3", disclosure.Filter{Limit: 2, Offset: 4}, 5, land)
		check("nothing", disclosure.Filter{Q: "khong co gi"}, 0)
		list, _, _ := e.svc.Public(e.ctx, e.cid, disclosure.Filter{Category: 7, HamletID: e.h1})
		if len(list) != 1 || !reflect.DeepEqual(list[0].HamletIDs, []string{e.h1}) {
			t.Errorf("hamlets of a listed disclosure: %+v", list)
		}
		// A republication moves it to the top.
		if _, err := e.svc.Republish(e.ctx, e.cid, leader, land.ID, input(3, land.Title, calendar.Date{}), day(10, 20)); err != nil {
			t.Fatal(err)
		}
		check("republished first", disclosure.Filter{Limit: 2}, 5, land, fund)
	})
}

func TestQuarterly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		q3 := e.publish(input(2, "Báo cáo ngân sách 6 tháng", calendar.Date{}), day(9, 28))
		e.post(q3, disclosure.HQBoard, "", day(9, 28), day(10, 28))
		a := e.publish(input(7, "Danh sách hộ cận nghèo", day(10, 1)), day(10, 2))
		e.post(a, disclosure.Loudspeaker, e.h1, day(10, 2), day(10, 4))
		e.post(a, disclosure.Loudspeaker, "", day(10, 3), day(10, 5))
		if _, err := e.svc.Republish(e.ctx, e.cid, leader, a.ID, input(7, "Danh sách hộ cận nghèo (bổ sung)", day(11, 10)), day(11, 12)); err != nil {
			t.Fatal(err)
		}
		e.create(input(1, "Kế hoạch năm 2027 (dự thảo)", calendar.Date{}))
		line := func(q disclosure.QuarterEntry) string {
			var ch []string
			for _, p := range q.Postings {
				ch = append(ch, fmt.Sprintf("%s %s %s–%s", p.Channel, p.HamletID, p.PutUp, p.TakenDown))
			}
			return fmt.Sprintf("%s v%d %s %s [%s]", q.Title, q.Version, q.PublishedOn, q.Status, strings.Join(ch, "; "))
		}
		lines := func(year, quarter int) []string {
			t.Helper()
			list, err := e.svc.Quarterly(e.ctx, e.cid, year, quarter)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, q := range list {
				out = append(out, line(q))
			}
			return out
		}
		zero := calendar.Date{}
		want4 := []string{
			fmt.Sprintf("Danh sách hộ cận nghèo v1 2026-10-02 updated [website  2026-10-02–%s; loudspeaker %s 2026-10-02–2026-10-04; loudspeaker  2026-10-03–2026-10-05]", zero, e.h1),
			fmt.Sprintf("Danh sách hộ cận nghèo (bổ sung) v2 2026-11-12 updated [website  2026-10-02–%s; loudspeaker %s 2026-10-02–2026-10-04; loudspeaker  2026-10-03–2026-10-05]", zero, e.h1),
		}
		if got := lines(2026, 4); !reflect.DeepEqual(got, want4) {
			t.Errorf("Q4:\n got %q\nwant %q", got, want4)
		}
		want3 := []string{fmt.Sprintf("Báo cáo ngân sách 6 tháng v1 2026-09-28 published [website  2026-09-28–%s; hq_board  2026-09-28–2026-10-28]", zero)}
		if got := lines(2026, 3); !reflect.DeepEqual(got, want3) {
			t.Errorf("Q3:\n got %q\nwant %q", got, want3)
		}
		if got := lines(2027, 1); len(got) != 0 {
			t.Errorf("Q1 2027: %q", got)
		}
		from, to := disclosure.QuarterBounds(2026, 4)
		if from != day(10, 1) || to != day(12, 31) {
			t.Errorf("bounds %s %s", from, to)
		}
		_, err := e.svc.Quarterly(e.ctx, e.cid, 2026, 5)
		kindErr(t, err, errs.Invalid)
	})
}

// describe writes a report as sorted lines, one per gap, for exact comparison.
func describe(r disclosure.Report, names map[string]string) []string {
	var out []string
	for _, s := range append([]disclosure.Scope{r.Commune}, r.Hamlets...) {
		scope := s.HamletName
		if scope == "" {
			scope = "commune"
		}
		for _, c := range s.MissingCategories {
			out = append(out, fmt.Sprintf("%s missing %d", scope, c))
		}
		for _, l := range s.Late {
			out = append(out, fmt.Sprintf("%s late %s v%d %s→%v %d", scope, names[l.DisclosureID], l.Version, l.DecisionDate, l.PublishedOn, l.WorkingDays))
		}
		for _, p := range s.ShortPostings {
			out = append(out, fmt.Sprintf("%s short %s %s %d permanent=%v", scope, names[p.DisclosureID], p.Channel, p.Days, p.Permanent))
		}
		for _, g := range s.Loudspeaker {
			out = append(out, fmt.Sprintf("%s loudspeaker %s %d", scope, names[g.DisclosureID], g.Days))
		}
	}
	sort.Strings(out)
	return out
}

// A seeded commune: every kind of gap once, and as many things done right.
func TestComplianceOnSeededCommune(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		none := calendar.Date{}
		names := map[string]string{}
		pub := func(name string, in disclosure.Input, on calendar.Date) disclosure.Disclosure {
			x := e.publish(in, on)
			names[x.ID] = name
			return x
		}
		// Budget: decision Mon 5 Oct, published on the 5th working day, posted and still up.
		budget := pub("budget", input(2, "Dự toán ngân sách", day(10, 5)), day(10, 12))
		e.post(budget, disclosure.HQBoard, "", day(10, 12), none)
		// Support for Xóm Đồng Kệu: 7 working days late, cultural house 20 days, loudspeaker 2 days.
		support := pub("support", input(7, "Hỗ trợ hộ nghèo", day(10, 5), e.h1), day(10, 14))
		e.post(support, disclosure.CulturalHouse, e.h1, day(10, 14), day(11, 2))
		e.post(support, disclosure.Loudspeaker, e.h1, day(10, 14), day(10, 15))
		// The democracy regulation (permanent): the board's copy taken down on 20 Oct.
		regulation := pub("regulation", input(4, "Quy chế thực hiện dân chủ", none), day(10, 1))
		board := e.post(regulation, disclosure.HQBoard, "", day(10, 1), none)
		if _, err := e.svc.TakeDown(e.ctx, e.cid, staff, board.ID, day(10, 20)); err != nil {
			t.Fatal(err)
		}
		// Relief: broadcast commune-wide three days running.
		relief := pub("relief", input(8, "Cứu trợ lũ lụt", day(10, 19)), day(10, 20))
		e.post(relief, disclosure.Loudspeaker, "", day(10, 20), day(10, 22))
		// Call-up: broadcast in Xóm Đồng Kệu only.
		callup := pub("call-up", input(9, "Gọi công dân nhập ngũ", none), day(11, 2))
		e.post(callup, disclosure.Loudspeaker, e.h1, day(11, 2), day(11, 4))
		// Procedures (permanent): archived on 10 Nov, its web page with it. Nothing replaces it.
		procedures := pub("procedures", input(13, "Thủ tục hành chính", none), day(10, 1))
		if _, err := e.svc.Archive(e.ctx, e.cid, leader, procedures.ID, day(11, 10)); err != nil {
			t.Fatal(err)
		}
		// Plan: decided 2 Nov, still a draft.
		plan := e.create(input(1, "Kế hoạch phát triển kinh tế - xã hội", day(11, 2)))
		names[plan.ID] = "plan"
		// Land: published on time; republished with a new decision 10 working days late, then
		// again with the same decision (not judged twice).
		land := pub("land", input(3, "Quy hoạch đất", day(10, 1)), day(10, 5))
		if _, err := e.svc.Republish(e.ctx, e.cid, leader, land.ID, input(3, "Quy hoạch đất (điều chỉnh)", day(11, 2)), day(11, 16)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Republish(e.ctx, e.cid, leader, land.ID, input(3, "Quy hoạch đất (điều chỉnh lần 2)", day(11, 2)), day(11, 20)); err != nil {
			t.Fatal(err)
		}
		// Funds: archived after 15 days, its web page down with it.
		funds := pub("funds", input(5, "Quỹ vận động", none), day(10, 1))
		if _, err := e.svc.Archive(e.ctx, e.cid, leader, funds.ID, day(10, 15)); err != nil {
			t.Fatal(err)
		}
		// Assets: Xóm Trung Tâm only.
		pub("assets", input(6, "Thanh lý tài sản nhà văn hóa", none, e.h2), day(10, 1))

		r, err := e.svc.Compliance(e.ctx, e.cid, day(11, 30))
		if err != nil {
			t.Fatal(err)
		}
		// 24 November (Ngày Văn hóa Việt Nam) is a day off in the default calendar.
		want := []string{
			"Xóm Trung Tâm late land v2 2026-11-02→2026-11-16 10",
			"Xóm Trung Tâm late plan v0 2026-11-02→0000-00-00 19",
			"Xóm Trung Tâm loudspeaker call-up 0",
			"Xóm Đồng Kệu late land v2 2026-11-02→2026-11-16 10",
			"Xóm Đồng Kệu late plan v0 2026-11-02→0000-00-00 19",
			"Xóm Đồng Kệu late support v1 2026-10-05→2026-10-14 7",
			"Xóm Đồng Kệu loudspeaker support 2",
			"Xóm Đồng Kệu short support cultural_house 20 permanent=false",
			"commune late land v2 2026-11-02→2026-11-16 10",
			"commune late plan v0 2026-11-02→0000-00-00 19",
			"commune late support v1 2026-10-05→2026-10-14 7",
			"commune loudspeaker call-up 0",
			"commune short funds website 15 permanent=false",
			"commune short regulation hq_board 20 permanent=true",
		}
		for _, c := range []int{1, 5, 10, 11, 12, 13} {
			want = append(want, fmt.Sprintf("commune missing %d", c))
		}
		for _, c := range []int{1, 5, 6, 10, 11, 12, 13} {
			want = append(want, fmt.Sprintf("Xóm Đồng Kệu missing %d", c))
		}
		for _, c := range []int{1, 5, 7, 10, 11, 12, 13} {
			want = append(want, fmt.Sprintf("Xóm Trung Tâm missing %d", c))
		}
		sort.Strings(want)
		if got := describe(r, names); !reflect.DeepEqual(got, want) {
			t.Errorf("report:\n got %q\nwant %q", got, want)
		}
		if len(r.Hamlets) != 2 || r.Hamlets[0].HamletID != e.h1 || r.Hamlets[1].HamletID != e.h2 || r.AsOf != day(11, 30) {
			t.Errorf("scopes: %+v", r.Hamlets)
		}

		// On 13 October the support list was due and unpublished (it was entered afterwards:
		// the dates judge, not the entry); the plan was not decided yet; nothing was down.
		r, err = e.svc.Compliance(e.ctx, e.cid, day(10, 13))
		if err != nil {
			t.Fatal(err)
		}
		var late []string
		for _, l := range r.Commune.Late {
			late = append(late, fmt.Sprintf("%s v%d %d", names[l.DisclosureID], l.Version, l.WorkingDays))
		}
		if !reflect.DeepEqual(late, []string{"support v0 6"}) {
			t.Errorf("late on 13 Oct: %q", late)
		}
		if slicesContains(r.Commune.MissingCategories, 4) || !slicesContains(r.Commune.MissingCategories, 7) {
			t.Errorf("missing on 13 Oct: %v", r.Commune.MissingCategories)
		}
		if len(r.Commune.ShortPostings) != 0 {
			t.Errorf("short on 13 Oct: %+v", r.Commune.ShortPostings)
		}
	})
}

func slicesContains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
