package letters_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/letters"
)

// env is a commune with two hamlets and the room's service, on Monday 7 December 2026.
type env struct {
	t      testing.TB
	ctx    context.Context
	d      *db.DB
	now    time.Time
	c      commune.Commune
	h1, h2 string
	svc    *letters.Service
}

var desk = audit.Actor{ID: "u-desk", Name: "Hoàng Thị Lan"}

func newEnv(t testing.TB, d *db.DB) *env {
	ctx := context.Background()
	var c commune.Commune
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên",
			AgencyCode: "000.00.12.H55", Chairman: "Ma Văn Hùng"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, d: d, now: time.Date(2026, 12, 7, 9, 0, 0, 0, calendar.Zone), c: c}
	d.Clock = func() time.Time { return e.now }
	st := commune.New(d)
	for i, name := range []string{"Xóm Na Mạt", "Xóm Nà Lá"} {
		h, err := st.CreateHamlet(ctx, c.ID, desk, commune.Hamlet{Name: name, SortOrder: i + 1})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			e.h1 = h.ID
		} else {
			e.h2 = h.ID
		}
	}
	e.svc = letters.New(letters.Deps{DB: d, Now: func() time.Time { return e.now }})
	return e
}

// dossierEvent is an outbox event as the one-stop room publishes it (the JSON names of
// onestop.DossierEvent).
func (e *env) dossierEvent(topic, id, procedure string, due, at time.Time, apology map[string]any) events.Event {
	p := map[string]any{"commune_id": e.c.ID, "dossier_id": id, "code": "000.00.12.H55-261201-0001", "procedure_code": procedure,
		"procedure_name": "Đăng ký khai sinh", "action": "return", "status": "returned", "channel": 1,
		"applicant":   map[string]any{"name": "Nông Thị Hoa", "phone": "0912345678", "address": "Xóm Na Mạt, xã Bình Yên"},
		"received_at": due.Add(-48 * time.Hour), "due_at": due, "at": at, "officer": map[string]any{"id": "u-desk", "name": "Hoàng Thị Lan"}}
	if apology != nil {
		p["apology"] = apology
	}
	b, _ := json.Marshal(p)
	return events.Event{CommuneID: e.c.ID, ID: "ev-" + id, Topic: topic, Payload: b}
}

func (e *env) count(where string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, `SELECT count(*) FROM letters WHERE commune_id = $1 `+where, append([]any{e.c.ID}, args...)...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) outbox(topic string) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, `SELECT count(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.c.ID, topic).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// A returned birth registration makes one congratulation, however often and however
// concurrently the outbox delivers the event; its text names the applicant and the hamlet is
// found from the address.
func TestReturnedBirthIsCongratulatedOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		due := e.now.Add(24 * time.Hour)
		ev := e.dossierEvent(letters.TopicDossierReturned, "dos-1", letters.CodeBirth, due, e.now, nil)
		for range 2 { // a replay
			if err := e.svc.OnDossierReturned(e.ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errsCh := make(chan error, 4)
		ev2 := e.dossierEvent(letters.TopicDossierReturned, "dos-2", letters.CodeMarriage, due, e.now, nil)
		for range 4 { // deliveries at once
			wg.Add(1)
			go func() { defer wg.Done(); errsCh <- e.svc.OnDossierReturned(e.ctx, ev2) }()
		}
		wg.Wait()
		close(errsCh)
		for err := range errsCh {
			if err != nil {
				t.Fatalf("concurrent delivery: %v", err)
			}
		}
		if n := e.count(`AND source_ref = 'dos-1'`); n != 1 {
			t.Fatalf("letters for dos-1: %d", n)
		}
		if n := e.count(`AND source_ref = 'dos-2'`); n != 1 {
			t.Fatalf("letters for dos-2 after concurrent deliveries: %d", n)
		}
		if n := e.outbox(letters.TopicCreated); n != 2 {
			t.Errorf("created events: %d, want 2", n)
		}
		ls, total, err := e.svc.List(e.ctx, e.c.ID, letters.Filter{Status: letters.Waiting, Oldest: true})
		if err != nil || total != 2 {
			t.Fatalf("queue: %d %v", total, err)
		}
		l := ls[0]
		if l.Occasion != letters.OccBirth || l.Kind != letters.Congratulation || l.HamletID != e.h1 || l.Hamlet != "Xóm Na Mạt" {
			t.Errorf("birth letter: %+v", l)
		}
		if !strings.Contains(l.Body, "Kính gửi: Ông/Bà Nông Thị Hoa") || !strings.Contains(l.Body, "07/12/2026") || !strings.Contains(l.Body, "xã Bình Yên") {
			t.Errorf("body:\n%s", l.Body)
		}
		if strings.Contains(l.Body, "{{") || !strings.Contains(l.Short, "Nông Thị Hoa") {
			t.Errorf("placeholders left: %q / %q", l.Body, l.Short)
		}
		// Other procedures returned on time make no letter.
		if err := e.svc.OnDossierReturned(e.ctx, e.dossierEvent(letters.TopicDossierReturned, "dos-3", "1.004873", due, e.now, nil)); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`AND source_ref = 'dos-3'`); n != 0 {
			t.Errorf("a certification returned on time got %d letters", n)
		}
	})
}

// A result returned after its due time gets an apology (once), beside the congratulation; an
// apology with a new date gets its own letter, with the reason and both dates.
func TestLateReturnAndApology(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		due := e.now.Add(-26 * time.Hour) // due Saturday 5 December, 07:00
		ev := e.dossierEvent(letters.TopicDossierReturned, "dos-late", letters.CodeBirth, due, e.now, nil)
		for range 3 {
			if err := e.svc.OnDossierReturned(e.ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		if n := e.count(`AND source_ref = 'dos-late'`); n != 2 {
			t.Fatalf("letters of a late birth registration: %d, want a congratulation and an apology", n)
		}
		if n := e.count(`AND source_ref = 'dos-late' AND occasion = 'late' AND kind = 'apology'`); n != 1 {
			t.Fatalf("apologies: %d", n)
		}
		// On time to the second: no apology.
		onTime := e.dossierEvent(letters.TopicDossierReturned, "dos-ontime", "1.004873", e.now, e.now, nil)
		if err := e.svc.OnDossierReturned(e.ctx, onTime); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`AND source_ref = 'dos-ontime'`); n != 0 {
			t.Errorf("a result returned at its due time got %d letters", n)
		}
		newDue := e.now.Add(72 * time.Hour)
		ap := e.dossierEvent(letters.TopicDossierApologised, "dos-ap", "1.004873", e.now, e.now,
			map[string]any{"reason": "cần xác minh thêm thông tin", "old_due_at": e.now, "new_due_at": newDue})
		for range 2 {
			if err := e.svc.OnDossierApologised(e.ctx, ap); err != nil {
				t.Fatal(err)
			}
		}
		ls, _, err := e.svc.List(e.ctx, e.c.ID, letters.Filter{Kind: letters.Apology})
		if err != nil {
			t.Fatal(err)
		}
		var body string
		n := 0
		for _, l := range ls {
			if l.SourceRef == "dos-ap" {
				body, n = l.Body, n+1
			}
		}
		if n != 1 || !strings.Contains(body, "cần xác minh thêm thông tin") || !strings.Contains(body, "10/12/2026") || !strings.Contains(body, "000.00.12.H55-261201-0001") {
			t.Errorf("apology letters %d:\n%s", n, body)
		}
	})
}

// A template is refused when it uses a placeholder its occasion does not know, lacks a required
// one, or leaves braces open, each message naming it; a good one is used by the next letter.
func TestTemplatesValidated(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		good := letters.Defaults[letters.OccContribution]
		for _, c := range []struct {
			text        letters.Text
			field, key  string
			placeholder string
		}{
			{letters.Text{Title: good.Title, Body: good.Body + " {{ma_ho_so}}", Short: good.Short}, "body", "letters.err.placeholder_unknown", "ma_ho_so"},
			{letters.Text{Title: good.Title, Body: "Kính gửi: {{ho_ten}}", Short: good.Short}, "body", "letters.err.placeholder_missing", "ly_do"},
			{letters.Text{Title: good.Title, Body: good.Body + " {{ho_ten", Short: good.Short}, "body", "letters.err.placeholder_unclosed", "ho_ten"},
			{letters.Text{Title: "Thư {{Họ tên}}", Body: good.Body, Short: good.Short}, "title", "letters.err.placeholder_bad", "Họ tên"},
			{letters.Text{Title: good.Title, Body: good.Body, Short: "Cảm ơn {{nguoi}}"}, "short", "letters.err.placeholder_unknown", "nguoi"},
		} {
			err := e.svc.SaveTemplate(e.ctx, e.c.ID, desk, letters.OccContribution, c.text)
			fe, ok := errs.Fields(err)
			ps, ok2 := letters.TemplateProblems(err)
			if !ok || !ok2 || fe[c.field] != c.key || ps[c.field] == nil || ps[c.field].Name != c.placeholder {
				t.Errorf("%+v: %v (%v, %+v)", c.text, err, fe, ps[c.field])
			}
		}
		if _, custom, _ := e.svc.Template(e.ctx, e.c.ID, letters.OccContribution); custom {
			t.Fatal("a refused template was stored")
		}
		mine := letters.Text{Title: "Thư cảm ơn", Body: "Kính gửi: {{ ho_ten }}\nXã {{xa}} cảm ơn ông/bà đã {{ly_do}}.", Short: "Cảm ơn {{ho_ten}}."}
		if err := e.svc.SaveTemplate(e.ctx, e.c.ID, desk, letters.OccContribution, mine); err != nil {
			t.Fatal(err)
		}
		l, err := e.svc.Create(e.ctx, e.c.ID, desk, letters.HandInput{Occasion: letters.OccContribution, Name: "Bà Lường Thị Mai",
			Reason: "ủng hộ 20.000.000 đồng làm đường vào xóm", Address: "Nà Lá, Bình Yên"})
		if err != nil {
			t.Fatal(err)
		}
		if l.Body != "Kính gửi: Bà Lường Thị Mai\nXã Bình Yên cảm ơn ông/bà đã ủng hộ 20.000.000 đồng làm đường vào xóm." || l.HamletID != e.h2 {
			t.Errorf("letter from the commune's template: %q (hamlet %q)", l.Body, l.HamletID)
		}
		if err := e.svc.ResetTemplate(e.ctx, e.c.ID, desk, letters.OccContribution); err != nil {
			t.Fatal(err)
		}
		if tx, custom, _ := e.svc.Template(e.ctx, e.c.ID, letters.OccContribution); custom || tx != letters.Defaults[letters.OccContribution] {
			t.Error("reset did not bring the shipped text back")
		}
		// The letter written before keeps its text.
		if again, _ := e.svc.Get(e.ctx, e.c.ID, l.ID); again.Body != l.Body {
			t.Error("a letter changed with its template")
		}
	})
}

// Every shipped template passes its own occasion's check.
func TestDefaultsAreValid(t *testing.T) {
	for _, o := range letters.Occasions {
		d, ok := letters.Defaults[o]
		if !ok {
			t.Fatalf("no shipped text for %s", o)
		}
		if _, err := letters.CheckTemplate(o, d); err != nil {
			t.Errorf("%s: %v", o, err)
		}
	}
}

// A letter goes waiting → printed → delivered; an SMS delivery asks the notify room for the
// short text in the same transaction; a hamlet head delivers their hamlet's letters in person
// only; a cancelled letter is not delivered.
func TestPrintDeliverCancel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		l, err := e.svc.Create(e.ctx, e.c.ID, desk, letters.HandInput{Occasion: letters.OccContribution, Name: "Ông Hoàng Văn Tư",
			Phone: "0912 000 111", Reason: "hiến 200 m² đất làm nhà văn hóa", HamletID: e.h1})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.MarkPrinted(e.ctx, e.c.ID, desk, []string{l.ID, l.ID, "unknown"}); err != nil || n != 1 {
			t.Fatalf("mark printed: %d %v", n, err)
		}
		if n, _ := e.svc.MarkPrinted(e.ctx, e.c.ID, desk, []string{l.ID}); n != 0 {
			t.Errorf("printed twice: %d", n)
		}
		if err := e.svc.Deliver(e.ctx, e.c.ID, desk, l.ID, letters.DeliveryInput{Method: letters.BySMS}); err != nil {
			t.Fatal(err)
		}
		var body string
		if err := d.QueryRow(e.ctx, `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = 'notify.send'`, e.c.ID).Scan(&body); err != nil {
			t.Fatalf("no SMS asked for: %v", err)
		}
		if !strings.Contains(body, "0912000111") || !strings.Contains(body, "Hoàng Văn Tư") || !strings.Contains(body, `"channel":"sms"`) {
			t.Errorf("SMS: %s", body)
		}
		// A hamlet head of another hamlet does not see it; of its hamlet, in person only.
		if err := e.svc.Deliver(e.ctx, e.c.ID, desk, l.ID, letters.DeliveryInput{Method: letters.InPerson, Hamlets: []string{e.h2}}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("another hamlet's head: %v", err)
		}
		if err := e.svc.Deliver(e.ctx, e.c.ID, desk, l.ID, letters.DeliveryInput{Method: letters.ByZalo, Hamlets: []string{e.h1}}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("hamlet head by Zalo: %v", err)
		}
		if err := e.svc.Deliver(e.ctx, e.c.ID, desk, l.ID, letters.DeliveryInput{Method: letters.InPerson, Note: "Trao tại nhà", Hamlets: []string{e.h1}}); err != nil {
			t.Fatal(err)
		}
		ds, err := e.svc.Deliveries(e.ctx, e.c.ID, l.ID)
		if err != nil || len(ds) != 2 || ds[0].Method != letters.BySMS || ds[1].Note != "Trao tại nhà" || ds[1].ByName != desk.Name {
			t.Fatalf("deliveries: %+v %v", ds, err)
		}
		got, _ := e.svc.Get(e.ctx, e.c.ID, l.ID)
		if got.Status != letters.Delivered || got.DeliveredAt.IsZero() {
			t.Errorf("after delivery: %s", got.Status)
		}
		// The plan's dashboard counts it in the span of its delivery, once, and not outside it.
		at := got.DeliveredAt
		if n, err := e.svc.DeliveredBetween(e.ctx, e.c.ID, at.Add(-time.Hour), at.Add(time.Hour)); err != nil || n != 1 {
			t.Errorf("delivered around the delivery: %d %v", n, err)
		}
		if n, err := e.svc.DeliveredBetween(e.ctx, e.c.ID, at.Add(time.Second), at.Add(time.Hour)); err != nil || n != 0 {
			t.Errorf("delivered after the delivery: %d %v", n, err)
		}
		if err := e.svc.Cancel(e.ctx, e.c.ID, desk, l.ID, "nhầm"); errs.KindOf(err) != errs.Conflict {
			t.Errorf("cancel a delivered letter: %v", err)
		}
		h, _ := e.svc.History(e.ctx, e.c.ID, l.ID)
		if len(h) != 4 || h[0].Action != "create" || h[1].Action != "print" || h[3].Action != "deliver" {
			t.Errorf("history: %+v", h)
		}
		// A letter without a phone cannot be texted; a cancelled one is not delivered.
		m, _ := e.svc.Create(e.ctx, e.c.ID, desk, letters.HandInput{Occasion: letters.OccMistake, Name: "Bà Lò Thị Hiền", Reason: "ghi sai tên đệm trong giấy xác nhận"})
		if fe, ok := errs.Fields(e.svc.Deliver(e.ctx, e.c.ID, desk, m.ID, letters.DeliveryInput{Method: letters.BySMS})); !ok || fe["method"] != "letters.err.no_phone" {
			t.Errorf("SMS without a phone: %v", fe)
		}
		if err := e.svc.Cancel(e.ctx, e.c.ID, desk, m.ID, " "); err == nil {
			t.Error("cancel without a reason")
		}
		if err := e.svc.Cancel(e.ctx, e.c.ID, desk, m.ID, "Gia đình đề nghị không gửi"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Deliver(e.ctx, e.c.ID, desk, m.ID, letters.DeliveryInput{Method: letters.InPerson}); errs.KindOf(err) != errs.Conflict {
			t.Errorf("deliver a cancelled letter: %v", err)
		}
		// The hand form refuses what it must.
		_, fe := letters.CheckHand(letters.HandInput{Occasion: letters.OccHoliday})
		if fe["holiday"] != "letters.err.holiday_required" || fe["name"] != "" {
			t.Errorf("greeting without a holiday: %v", fe)
		}
		_, fe = letters.CheckHand(letters.HandInput{Occasion: letters.OccLate, Name: "A", Phone: "12ab"})
		if fe["occasion"] == "" || fe["phone"] == "" {
			t.Errorf("late by hand, bad phone: %v", fe)
		}
	})
}

// A loudspeaker script is for the chosen hamlets (none: all), read in the spoken form, and
// each reading is recorded once.
func TestLoudspeakerScript(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := e.svc.CreateScript(e.ctx, e.c.ID, desk, letters.ScriptInput{Title: "x", Body: "y", ReadOn: "32/12/2026"}); err == nil {
			t.Error("a script on no day")
		}
		sc, err := e.svc.CreateScript(e.ctx, e.c.ID, desk, letters.ScriptInput{Title: "Thông báo tiêm chủng",
			Body: "UBND xã thông báo: 7 giờ 30 ngày 15/12/2026 tiêm chủng tại trạm y tế.", ReadOn: "14/12/2026"})
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.Readings) != 2 {
			t.Fatalf("readings of a script for every hamlet: %d", len(sc.Readings))
		}
		want := "Ủy ban nhân dân xã thông báo: bảy giờ ba mươi phút ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu tiêm chủng tại trạm y tế."
		if sc.Spoken() != want {
			t.Errorf("spoken: %q", sc.Spoken())
		}
		for range 2 {
			if err := e.svc.RecordReading(e.ctx, e.c.ID, desk, sc.ID, e.h2); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.svc.RecordReading(e.ctx, e.c.ID, desk, sc.ID, "other"); err == nil {
			t.Error("a reading in an unknown hamlet")
		}
		got, err := e.svc.GetScript(e.ctx, e.c.ID, sc.ID)
		if err != nil || got.ReadCount() != 1 || e.outbox(letters.TopicRead) != 1 {
			t.Fatalf("readings: %+v %v", got.Readings, err)
		}
		one, err := e.svc.CreateScript(e.ctx, e.c.ID, desk, letters.ScriptInput{Title: "Chúc Tết", Body: "105 hộ", ReadOn: "2027-02-05",
			HamletIDs: []string{e.h1}, Southern: true})
		if err != nil || len(one.Readings) != 1 || one.Spoken() != "một trăm lẻ năm hộ" {
			t.Fatalf("one hamlet, southern: %+v %v", one, err)
		}
		list, total, err := e.svc.Scripts(e.ctx, e.c.ID, 10, 0)
		if err != nil || total != 2 || list[0].ID != one.ID || len(list[1].Readings) != 2 {
			t.Fatalf("scripts: %d %v", total, err)
		}
	})
}

// The holidays a greeting can be for come from the calendar, with Tết named by its lunar year.
func TestHolidayChoices(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	hs, err := e.svc.Holidays(e.ctx, e.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, h := range hs {
		names = append(names, h.Name)
	}
	all := strings.Join(names, "|")
	for _, w := range []string{"Tết Dương lịch 2027", "Tết Nguyên đán Đinh Mùi 2027", "Quốc khánh"} {
		if !strings.Contains(all, w) {
			t.Errorf("holidays lack %q: %s", w, all)
		}
	}
	if strings.Contains(all, "Nghỉ bù") {
		t.Errorf("make-up days offered: %s", all)
	}
}

// The batch of the print queue is one PDF holding every letter, each in its own Decree 30
// layout (letterhead, title, signature), that poppler reads.
func TestBatchPDF(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	var ls []letters.Letter
	for _, name := range []string{"Nông Văn An", "Lường Thị Bích", "Hoàng Văn Cường"} {
		l, err := e.svc.Create(e.ctx, e.c.ID, desk, letters.HandInput{Occasion: letters.OccContribution, Name: name, Reason: "ủng hộ quỹ vì người nghèo"})
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
	var b bytes.Buffer
	if err := letters.WriteBatch(&b, e.c, ls, e.now); err != nil {
		t.Fatal(err)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		dbtest.Require(t, "PDF checks need pdftotext (Debian's poppler-utils)")
	}
	in := filepath.Join(t.TempDir(), "batch.pdf")
	os.WriteFile(in, b.Bytes(), 0o600)
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").CombinedOutput()
	if err != nil || strings.Contains(string(out), "Error") {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	if n := strings.Count(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"); n != 3 {
		t.Errorf("letterheads: %d, want 3\n%s", n, text)
	}
	for _, w := range []string{"Nông Văn An", "Lường Thị Bích", "Hoàng Văn Cường", "THƯ CẢM ƠN", "Bình Yên, ngày 07 tháng 12 năm 2026", "Ma Văn Hùng", "TM. ỦY BAN NHÂN DÂN"} {
		if !strings.Contains(text, w) {
			t.Errorf("batch lacks %q", w)
		}
	}
	if strings.Index(text, "Nông Văn An") > strings.Index(text, "Lường Thị Bích") {
		t.Error("the batch is out of order")
	}
	if info, err := exec.Command("pdfinfo", in).Output(); err == nil && !regexp.MustCompile(`Pages:\s+3\n`).Match(info) {
		t.Errorf("pdfinfo:\n%s", info)
	}
}
