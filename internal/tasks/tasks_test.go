package tasks_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/tasks"
)

// env is a commune with a staff directory of three (two with accounts), the room's service
// with a real blob store, and a clock that moves one second at every reading, so that each
// transaction has its own moment.
type env struct {
	t     *testing.T
	ctx   context.Context
	d     *db.DB
	now   time.Time
	cid   string
	staff []tasks.StaffRef
	svc   *tasks.Service
}

var (
	chairman = audit.Actor{ID: "u-leader", Name: "Hoàng Văn Thắng"}
	leader   = tasks.Member{Actor: chairman, Roles: []auth.Role{auth.Leader}}
	deskMai  = tasks.Member{Actor: audit.Actor{ID: "u-desk", Name: "Hà Thị Mai"}, Roles: []auth.Role{auth.Desk}}
	deskAn   = tasks.Member{Actor: audit.Actor{ID: "u-desk2", Name: "Lê Văn An"}, Roles: []auth.Role{auth.Desk}}
	spec     = tasks.Member{Actor: audit.Actor{ID: "u-spec", Name: "Đặng Văn Long"}, Roles: []auth.Role{auth.Specialist}}
)

func newEnv(t *testing.T, d *db.DB, at time.Time) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), d: d, now: at, cid: "c1"}
	e.addCommune("c1", "BY")
	e.staff = []tasks.StaffRef{
		{ID: "s-mai", Name: "Hà Thị Mai", Title: "Công chức tiếp nhận và trả kết quả", Unit: "Bộ phận Một cửa", UserID: "u-desk"},
		{ID: "s-thang", Name: "Hoàng Văn Thắng", Title: "Chủ tịch UBND xã", Unit: "Lãnh đạo UBND xã", UserID: "u-leader"},
		{ID: "s-long", Name: "Đặng Văn Long", Title: "Công chức Tư pháp - Hộ tịch", Unit: "Tư pháp - Hộ tịch"},
		{ID: "s-bay", Name: "Nông Văn Bảy", Title: "Người hoạt động không chuyên trách"},
	}
	clock := func() time.Time { e.now = e.now.Add(time.Second); return e.now }
	d.Clock = clock
	files, err := blob.NewLocal(t.TempDir(), d, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = tasks.New(tasks.Deps{DB: d, Now: func() time.Time { return e.now }, Files: files,
		Staff: func(context.Context, string) ([]tasks.StaffRef, error) { return e.staff, nil }})
	return e
}

func (e *env) addCommune(id, code string) {
	e.t.Helper()
	if _, err := e.d.Exec(e.ctx, `INSERT INTO communes (id, code, name, province, address, created_at) VALUES ($1, $2, 'Bình Yên', 'Thái Nguyên', '', $3)`,
		id, code, time.Now()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func day(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

// plan2025 is a plan for August–December 2025 with two sections and a target.
func plan2025() tasks.PlanInput {
	return tasks.PlanInput{Title: "Kế hoạch thử", Number: "05/KH-UBND", From: day(2025, 8, 1), To: day(2025, 12, 31),
		Sections: []tasks.Section{{Code: "III.1.2", Title: "Thủ tục hành chính"}, {Code: "III.2.1", Title: "Tuyên truyền"}},
		Targets:  []tasks.Target{{Code: "CT1", Text: "Không có hồ sơ trễ hạn"}}}
}

// good is a task with its five clears, owned by the desk officer's account.
func good() tasks.TaskInput {
	return tasks.TaskInput{Section: "III.1.2", Body: "Niêm yết đầy đủ thủ tục hành chính", OwnerStaffID: "s-mai",
		Lead: "Trung tâm Phục vụ hành chính công", DueOn: day(2025, 10, 31), Result: "Thủ tục được niêm yết", Target: "CT1"}
}

func (e *env) plan(in tasks.PlanInput) tasks.Plan {
	e.t.Helper()
	p, err := e.svc.CreatePlan(e.ctx, e.cid, chairman, in)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) task(p tasks.Plan, in tasks.TaskInput) tasks.Task {
	e.t.Helper()
	t, err := e.svc.AddTask(e.ctx, e.cid, p.ID, chairman, in)
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

func (e *env) duty(taskID string) duty.Duty {
	e.t.Helper()
	d, err := duty.NewStore(e.d).Get(e.ctx, e.cid, "tasks", taskID, tasks.DutyTask)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

func fields(t *testing.T, err error) errs.FieldErrors {
	t.Helper()
	fe, ok := errs.Fields(err)
	if !ok {
		t.Fatalf("want field errors, got %v", err)
	}
	return fe
}

// A task needs its five clears (who, what, lead, deadline within the plan, result) and a
// section and target of its plan; an owner from the menu must be in the directory.
func TestFiveClearsRequired(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2025, 9, 15, 9, 0, 0, 0, calendar.Zone))
		p := e.plan(plan2025())
		cases := []struct {
			field, key string
			change     func(*tasks.TaskInput)
		}{
			{"body", "tasks.err.body_required", func(in *tasks.TaskInput) { in.Body = "" }},
			{"owner", "tasks.err.owner_required", func(in *tasks.TaskInput) { in.OwnerStaffID = "" }},
			{"owner", "tasks.err.owner_unknown", func(in *tasks.TaskInput) { in.OwnerStaffID = "s-nobody" }},
			{"lead", "tasks.err.lead_required", func(in *tasks.TaskInput) { in.Lead, in.OwnerStaffID = "", "s-bay" }},
			{"due_on", "tasks.err.due_required", func(in *tasks.TaskInput) { in.DueOn = calendar.Date{} }},
			{"due_on", "tasks.err.due_before_plan", func(in *tasks.TaskInput) { in.DueOn = day(2025, 7, 31) }},
			{"due_on", "tasks.err.due_after_plan", func(in *tasks.TaskInput) { in.DueOn = day(2026, 1, 1) }},
			{"result", "tasks.err.result_required", func(in *tasks.TaskInput) { in.Result = "" }},
			{"section", "tasks.err.section_unknown", func(in *tasks.TaskInput) { in.Section = "IV.9" }},
			{"target", "tasks.err.target_unknown", func(in *tasks.TaskInput) { in.Target = "CT9" }},
			{"owner_role", "tasks.err.role_unknown", func(in *tasks.TaskInput) { in.OwnerRole = "resident" }},
		}
		for _, c := range cases {
			in := good()
			c.change(&in)
			_, err := e.svc.AddTask(e.ctx, e.cid, p.ID, chairman, in)
			if fe := fields(t, err); fe[c.field] != c.key {
				t.Errorf("%s: %v, want %s", c.key, fe, c.field)
			}
		}
		if n := e.count(`SELECT COUNT(*) FROM task_items WHERE commune_id = $1`, e.cid); n != 0 {
			t.Fatalf("%d tasks written", n)
		}
		// A unit that does the task leads it when no lead is named; its office owes it.
		in := good()
		in.OwnerStaffID, in.OwnerName, in.Lead = "", "Trung tâm Phục vụ hành chính công", ""
		task := e.task(p, in)
		if task.Lead != "Trung tâm Phục vụ hành chính công" || task.OwnerRole != "desk" || task.OwnedByStaff() {
			t.Fatalf("%+v", task)
		}
		// A person without a lead named: their unit leads.
		in = good()
		in.Lead = ""
		if task = e.task(p, in); task.Lead != "Bộ phận Một cửa" || task.OwnerRole != "desk" {
			t.Fatalf("%+v", task)
		}
		// Counted in working days from the plan's first day, by the commune's calendar.
		in = good()
		in.DueOn, in.DueWorkingDays = calendar.Date{}, 20
		task = e.task(p, in)
		if want := calendar.Default().AddWorkingDays(day(2025, 8, 1), 20); task.DueOn != want || task.DueRule == "" {
			t.Fatalf("due %v (%s), want %v", task.DueOn, task.DueRule, want)
		}
	})
}

// A task opens its duty in the register: owed by the owner's account, due at the close of the
// deadline, at risk three working days before; a new deadline moves the same duty; done (with
// evidence) closes it in the transaction that records it; cancelled closes it; reopened opens it.
func TestDutyFollowsTheTask(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2025, 9, 15, 9, 0, 0, 0, calendar.Zone))
		p := e.plan(plan2025())
		task := e.task(p, good())
		cal := calendar.Default()
		du := e.duty(task.ID)
		if !du.Open || du.Owner.ID != "u-desk" || du.Owner.Role != "desk" || du.URL != task.URL() || !strings.Contains(du.LegalBasis, "05/KH-UBND") {
			t.Fatalf("duty %+v", du)
		}
		if want := day(2025, 10, 31).At(cal.Hours().Closing()).UTC(); !du.DueAt.Equal(want) {
			t.Fatalf("due at %v, want %v", du.DueAt, want)
		}
		if want := cal.AddWorkingDays(day(2025, 10, 31), -tasks.AtRiskDays).At(cal.Hours().Opening()).UTC(); !du.AtRiskFrom.Equal(want) {
			t.Fatalf("at risk from %v, want %v", du.AtRiskFrom, want)
		}
		// The deadline moves the duty.
		in := good()
		in.DueOn = day(2025, 11, 28)
		moved, err := e.svc.UpdateTask(e.ctx, e.cid, task.ID, chairman, in)
		if err != nil {
			t.Fatal(err)
		}
		du = e.duty(task.ID)
		if moved.DueOn != day(2025, 11, 28) || !du.DueAt.Equal(day(2025, 11, 28).At(cal.Hours().Closing()).UTC()) {
			t.Fatalf("moved to %v, duty %v", moved.DueOn, du.DueAt)
		}
		if n := e.count(`SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND subject_id = $2`, e.cid, task.ID); n != 1 {
			t.Fatalf("%d duties for one task", n)
		}
		// Done without evidence is refused, and nothing changes.
		done := tasks.ProgressInput{On: day(2025, 9, 15), Status: tasks.Done, Percent: 100, Note: "Đã niêm yết"}
		_, err = e.svc.Report(e.ctx, e.cid, task.ID, deskMai, done, nil)
		if fe := fields(t, err); fe["status"] != "tasks.err.done_needs_evidence" {
			t.Fatalf("%v", fe)
		}
		if !e.duty(task.ID).Open || e.count(`SELECT COUNT(*) FROM task_notes WHERE commune_id = $1`, e.cid) != 0 {
			t.Fatal("a refused report changed something")
		}
		if _, err := e.svc.AddLink(e.ctx, e.cid, task.ID, deskMai, tasks.EvidenceInput{Kind: "disclosure", Caption: "Bảng niêm yết", URL: "/cong-khai"}, nil); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Report(e.ctx, e.cid, task.ID, deskMai, done, nil)
		if err != nil {
			t.Fatal(err)
		}
		du = e.duty(task.ID)
		if got.Status != tasks.Done || got.Percent != 100 || got.DoneOn != day(2025, 9, 15) || du.Open || du.Outcome != "done" {
			t.Fatalf("task %+v duty %+v", got, du)
		}
		// Closed in the same transaction: the clock moves at every reading, so only one
		// transaction writes the task and the duty at the same moment.
		var updated time.Time
		if err := e.d.QueryRow(e.ctx, `SELECT updated_at FROM task_items WHERE commune_id = $1 AND id = $2`, e.cid, task.ID).Scan(&updated); err != nil {
			t.Fatal(err)
		}
		if !updated.Equal(du.ClosedAt) {
			t.Fatalf("task written at %v, duty closed at %v", updated, du.ClosedAt)
		}
		if _, err := e.svc.Report(e.ctx, e.cid, task.ID, deskMai, done, nil); fields(t, err)["status"] != "tasks.err.closed" {
			t.Fatalf("a done task took a report: %v", err)
		}
		// Reopened, the duty is open again; cancelled, closed "cancelled" with the reason.
		if _, err := e.svc.Reopen(e.ctx, e.cid, task.ID, chairman, "Bảng niêm yết chưa đủ thủ tục"); err != nil {
			t.Fatal(err)
		}
		if du = e.duty(task.ID); !du.Open {
			t.Fatal("reopened task has no open duty")
		}
		if _, err := e.svc.Cancel(e.ctx, e.cid, task.ID, chairman, "  "); fields(t, err)["reason"] != "tasks.err.reason_required" {
			t.Fatalf("cancel without a reason: %v", err)
		}
		c, err := e.svc.Cancel(e.ctx, e.cid, task.ID, chairman, "Nhiệm vụ gộp vào nhiệm vụ khác")
		if err != nil {
			t.Fatal(err)
		}
		if du = e.duty(task.ID); du.Open || du.Outcome != "cancelled" || c.CancelReason != "Nhiệm vụ gộp vào nhiệm vụ khác" || c.Status != tasks.Cancelled {
			t.Fatalf("cancel: %+v %+v", c, du)
		}
		// Every change is audited and announced without a person's name.
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND object_id = $2`, e.cid, task.ID); n != 6 {
			t.Fatalf("%d audit entries, want 6 (create, update, evidence, done, reopen, cancel)", n)
		}
		rows, err := e.d.Query(e.ctx, `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, tasks.TopicTaskChanged)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var payload string
			rows.Scan(&payload)
			n++
			if strings.Contains(payload, "Mai") || strings.Contains(payload, "Thắng") || !strings.Contains(payload, task.ID) {
				t.Errorf("payload %s", payload)
			}
		}
		if n != 6 {
			t.Fatalf("%d events, want 6", n)
		}
	})
}

// Progress reports: only the task's owner (its account, or its office when none is named), a
// leader or the office; the percent is 0 to 100; a note and a day not in the future.
func TestProgressRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2025, 9, 15, 9, 0, 0, 0, calendar.Zone))
		p := e.plan(plan2025())
		mine := e.task(p, good())
		unit := good()
		unit.OwnerStaffID, unit.OwnerName = "", "Bộ phận Một cửa"
		office := e.task(p, unit)
		step := tasks.ProgressInput{On: day(2025, 9, 15), Status: tasks.InProgress, Percent: 40, Note: "Đã rà soát"}
		for _, c := range []struct {
			m    tasks.Member
			task tasks.Task
			ok   bool
		}{{deskMai, mine, true}, {deskAn, mine, false}, {spec, mine, false}, {leader, mine, true},
			{deskAn, office, true}, {spec, office, false}} {
			_, err := e.svc.Report(e.ctx, e.cid, c.task.ID, c.m, step, nil)
			if (err == nil) != c.ok || (err != nil && errs.KindOf(err) != errs.Forbidden) {
				t.Errorf("%s on %s: %v", c.m.Name, c.task.OwnerName, err)
			}
		}
		for _, c := range []struct {
			change func(*tasks.ProgressInput)
			field  string
			key    string
		}{
			{func(in *tasks.ProgressInput) { in.Percent = 101 }, "percent", "tasks.err.percent_range"},
			{func(in *tasks.ProgressInput) { in.Percent = -1 }, "percent", "tasks.err.percent_range"},
			{func(in *tasks.ProgressInput) { in.Note = "" }, "note", "tasks.err.note_required"},
			{func(in *tasks.ProgressInput) { in.On = day(2025, 9, 16) }, "on", "tasks.err.date_future"},
			{func(in *tasks.ProgressInput) { in.Status = tasks.Cancelled }, "status", "tasks.err.status_unknown"},
		} {
			in := step
			c.change(&in)
			_, err := e.svc.Report(e.ctx, e.cid, mine.ID, deskMai, in, nil)
			if fe := fields(t, err); fe[c.field] != c.key {
				t.Errorf("%s: %v", c.key, fe)
			}
		}
		got, _ := e.svc.Task(e.ctx, e.cid, mine.ID)
		if got.Status != tasks.InProgress || got.Percent != 40 {
			t.Fatalf("%+v", got)
		}
		notes, total, err := e.svc.Notes(e.ctx, e.cid, mine.ID, 10, 0)
		if err != nil || total != 2 || notes[0].Body != "Đã rà soát" || notes[0].Status != tasks.InProgress {
			t.Fatalf("notes %d %+v %v", total, notes, err)
		}
		// Evidence: a local path only, a known kind, a caption; not on a cancelled task.
		for _, in := range []tasks.EvidenceInput{{Kind: "dossier", Caption: "Hồ sơ", URL: "https://example.com/x"},
			{Kind: "dossier", Caption: "Hồ sơ", URL: "//example.com/x"}, {Kind: "photo", Caption: "Ảnh", URL: "/ho-so"},
			{Kind: "dossier", Caption: "", URL: "/ho-so"}} {
			if _, err := e.svc.AddLink(e.ctx, e.cid, mine.ID, deskMai, in, nil); errs.KindOf(err) != errs.Invalid {
				t.Errorf("%+v: %v", in, err)
			}
		}
		if _, err := e.svc.AddLink(e.ctx, e.cid, mine.ID, spec, tasks.EvidenceInput{Kind: "dossier", Caption: "Hồ sơ", URL: "/ho-so"}, nil); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a stranger added evidence: %v", err)
		}
	})
}

// Uploaded evidence goes to the blob store when it is a PDF, JPEG, PNG, DOCX or XLSX by its
// bytes and within the cap; anything else is refused before it is stored.
func TestEvidenceFiles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2025, 9, 15, 9, 0, 0, 0, calendar.Zone))
		p := e.plan(plan2025())
		task := e.task(p, good())
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 200)...)
		ev, err := e.svc.AddFile(e.ctx, e.cid, task.ID, deskMai, "other", "Ảnh bảng niêm yết", "bang.png", bytes.NewReader(png))
		if err != nil || !ev.IsFile() || ev.ContentType != "image/png" || ev.Size != int64(len(png)) {
			t.Fatalf("%+v %v", ev, err)
		}
		for name, body := range map[string][]byte{"ghi-chu.pdf": []byte("chỉ là chữ"), "a.zip": []byte("PK\x03\x04xxxx"), "a.svg": []byte("<svg/>")} {
			if _, err := e.svc.AddFile(e.ctx, e.cid, task.ID, deskMai, "other", "Tệp", name, bytes.NewReader(body)); err == nil || errs.KindOf(err) != errs.Invalid {
				t.Errorf("%s: %v", name, err)
			}
		}
		small := tasks.New(tasks.Deps{DB: d, Now: func() time.Time { return e.now }, MaxFileBytes: 100,
			Files: mustStore(t, d), Staff: func(context.Context, string) ([]tasks.StaffRef, error) { return e.staff, nil }})
		if _, err := small.AddFile(e.ctx, e.cid, task.ID, deskMai, "other", "Ảnh", "a.png", bytes.NewReader(png)); errs.KindOf(err) != errs.TooLarge {
			t.Fatalf("over the cap: %v", err)
		}
		if _, total, _ := e.svc.EvidenceOf(e.ctx, e.cid, task.ID, 10, 0); total != 1 {
			t.Fatalf("%d pieces of evidence, want 1", total)
		}
	})
}

func mustStore(t *testing.T, d *db.DB) *blob.Store {
	s, err := blob.NewLocal(t.TempDir(), d, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Progress counts a plan's tasks by status and by section; the overdue flag is the
// register's, for open tasks past their deadline; Plans and the home card's counts agree.
func TestProgressCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2025, 9, 15, 9, 0, 0, 0, calendar.Zone))
		p := e.plan(plan2025())
		a := e.task(p, good()) // due 31/10
		b := good()
		b.DueOn = day(2025, 9, 30)
		bt := e.task(p, b)
		c := good()
		c.Section, c.DueOn, c.Target = "III.2.1", day(2025, 12, 31), ""
		ct := e.task(p, c)
		dd := good()
		dd.Section = "III.2.1"
		dt := e.task(p, dd)
		if _, err := e.svc.Report(e.ctx, e.cid, bt.ID, deskMai, tasks.ProgressInput{On: day(2025, 9, 15), Status: tasks.InProgress, Percent: 50, Note: "Một nửa"}, nil); err != nil {
			t.Fatal(err)
		}
		e.svc.AddLink(e.ctx, e.cid, ct.ID, leader, tasks.EvidenceInput{Kind: "meeting", Caption: "Hội nghị", URL: "/dan-chu"}, nil)
		if _, err := e.svc.Report(e.ctx, e.cid, ct.ID, leader, tasks.ProgressInput{On: day(2025, 9, 15), Status: tasks.Done, Percent: 100, Note: "Xong"}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Cancel(e.ctx, e.cid, dt.ID, chairman, "Không còn cần"); err != nil {
			t.Fatal(err)
		}
		// 2 October: b (due 30/9, in progress) is overdue; a (due 31/10) is not yet at risk.
		e.now = time.Date(2025, 10, 2, 9, 0, 0, 0, calendar.Zone)
		pp, err := e.svc.Progress(e.ctx, e.cid, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pp.Total != 4 || pp.Done != 1 || pp.DoneOnTime != 1 || pp.InProgress != 1 || pp.NotStarted != 1 || pp.Cancelled != 1 || pp.Overdue != 1 || pp.Percent != 50 {
			t.Fatalf("%+v", pp.Counts)
		}
		if len(pp.Sections) != 2 || pp.Sections[0].Code != "III.1.2" || pp.Sections[0].Total != 2 || pp.Sections[0].Overdue != 1 ||
			pp.Sections[1].Done != 1 || pp.Sections[1].Cancelled != 1 {
			t.Fatalf("%+v", pp.Sections)
		}
		got, _ := e.svc.Task(e.ctx, e.cid, bt.ID)
		if !got.Overdue() {
			t.Fatalf("b not overdue: %s", got.State)
		}
		if got, _ := e.svc.Task(e.ctx, e.cid, a.ID); got.State != duty.OnTime {
			t.Fatalf("a: %s", got.State)
		}
		// 28 October: a is at risk.
		e.now = time.Date(2025, 10, 28, 9, 0, 0, 0, calendar.Zone)
		if got, _ := e.svc.Task(e.ctx, e.cid, a.ID); got.State != duty.AtRisk {
			t.Fatalf("a: %s", got.State)
		}
		plans, err := e.svc.Plans(e.ctx, e.cid)
		if err != nil || len(plans) != 1 || plans[0].Total != 4 || plans[0].Overdue != 1 || plans[0].AtRisk != 1 {
			t.Fatalf("%+v %v", plans, err)
		}
		open, overdue, err := e.svc.MineCounts(e.ctx, e.cid, deskMai)
		if err != nil || open != 2 || overdue != 1 {
			t.Fatalf("mine: %d %d %v", open, overdue, err)
		}
		if open, _, _ := e.svc.MineCounts(e.ctx, e.cid, spec); open != 0 {
			t.Fatalf("a specialist owes %d", open)
		}
		list, total, err := e.svc.Tasks(e.ctx, e.cid, p.ID, tasks.TaskFilter{Overdue: true})
		if err != nil || total != 1 || list[0].ID != bt.ID {
			t.Fatalf("overdue filter: %d %v", total, err)
		}
		// b done late (28 October, due 30 September): done, not on time, no longer overdue.
		e.svc.AddLink(e.ctx, e.cid, bt.ID, deskMai, tasks.EvidenceInput{Kind: "dossier", Caption: "Hồ sơ", URL: "/ho-so"}, nil)
		if _, err := e.svc.Report(e.ctx, e.cid, bt.ID, deskMai, tasks.ProgressInput{On: day(2025, 10, 28), Status: tasks.Done, Percent: 100, Note: "Xong muộn"}, nil); err != nil {
			t.Fatal(err)
		}
		if pp, _ = e.svc.Progress(e.ctx, e.cid, p.ID); pp.Done != 2 || pp.DoneOnTime != 1 || pp.Overdue != 0 {
			t.Fatalf("after b: %+v", pp.Counts)
		}
		// Another commune sees none of it.
		e.addCommune("c2", "KH")
		if _, err := e.svc.Task(e.ctx, "c2", a.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("cross-commune task: %v", err)
		}
		if _, err := e.svc.Progress(e.ctx, "c2", p.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("cross-commune progress: %v", err)
		}
	})
}

const csvWithMistakes = "Mục;Nhiệm vụ;Người/đơn vị thực hiện;Thời hạn;Kết quả dự kiến\n" +
	"III.1.2;Niêm yết thủ tục;Hà Thị Mai;31/10/2025;Thủ tục được niêm yết\n" +
	"III.1.2;Hướng dẫn nộp trực tuyến;;31/10/2025;Người dân nộp được trực tuyến\n" +
	"III.2.1;Hội nghị tuyên truyền;Các xóm thuộc xã;31/01/2026;Hội nghị ở 100% các xóm\n"

// A loaded CSV is checked whole: a task without its owner or with a deadline past the plan is
// told by its line and nothing is written; corrected, it makes the plan, its owners looked up
// in the directory (a name is the person, anything else a unit and its office).
func TestLoadFile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2025, 9, 15, 9, 0, 0, 0, calendar.Zone))
		meta := tasks.PlanInput{Title: "Kế hoạch nạp", From: day(2025, 8, 1), To: day(2025, 12, 31)}
		_, err := e.svc.LoadFile(e.ctx, e.cid, chairman, "nhiem-vu.csv", strings.NewReader(csvWithMistakes), meta)
		fe, ok := tasks.FileErrorsOf(err)
		if !ok || len(fe) != 2 || fe[0].Line != 3 || fe[0].Key != "tasks.err.owner_required" || fe[1].Line != 4 || fe[1].Key != "tasks.err.due_after_plan" {
			t.Fatalf("%v", err)
		}
		if n := e.count(`SELECT COUNT(*) FROM task_plans WHERE commune_id = $1`, e.cid); n != 0 {
			t.Fatalf("%d plans written from a wrong file", n)
		}
		fixed := strings.Replace(strings.Replace(csvWithMistakes, ";;31/10/2025", ";Trung tâm Phục vụ hành chính công;31/10/2025", 1), "31/01/2026", "12/2025", 1)
		p, err := e.svc.LoadFile(e.ctx, e.cid, chairman, "nhiem-vu.csv", strings.NewReader(fixed), meta)
		if err != nil {
			t.Fatal(err)
		}
		list, total, err := e.svc.Tasks(e.ctx, e.cid, p.ID, tasks.TaskFilter{})
		if err != nil || total != 3 {
			t.Fatalf("%d %v", total, err)
		}
		if list[0].OwnerStaffID != "s-mai" || list[0].OwnerUserID != "u-desk" || list[1].OwnerRole != "desk" || list[1].OwnedByStaff() ||
			list[2].OwnerRole != "hamlethead" || list[2].DueOn != day(2025, 12, 31) {
			t.Fatalf("%+v", list)
		}
		if n := e.count(`SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND room = 'tasks' AND is_open = TRUE`, e.cid); n != 3 {
			t.Fatalf("%d duties", n)
		}
	})
}

// The demo writes the Bình Yên plan of 2025 once: run twice, the same counts. Seeded after
// the plan's end, every task is done with its evidence but one, in progress and overdue;
// "Chủ tịch UBND xã" is the directory's chairman.
func TestSeedDemoIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, time.Date(2026, 3, 2, 9, 0, 0, 0, calendar.Zone))
		counts := func() [5]int {
			var c [5]int
			for i, table := range []string{"task_plans", "task_items", "task_notes", "task_evidence", "duties"} {
				c[i] = e.count(`SELECT COUNT(*) FROM `+table+` WHERE commune_id = $1`, e.cid)
			}
			return c
		}
		for range 2 {
			if err := e.svc.SeedDemo(e.ctx, e.cid, chairman, e.staff); err != nil {
				t.Fatal(err)
			}
		}
		first := counts()
		if err := e.svc.SeedDemo(e.ctx, e.cid, chairman, e.staff); err != nil {
			t.Fatal(err)
		}
		if again := counts(); again != first || first[0] != 1 || first[1] != 37 {
			t.Fatalf("counts %v then %v", first, again)
		}
		plans, err := e.svc.Plans(e.ctx, e.cid)
		if err != nil || len(plans) != 1 {
			t.Fatal(err)
		}
		pp, err := e.svc.Progress(e.ctx, e.cid, plans[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if pp.Total != 37 || pp.Done != 36 || pp.DoneOnTime != 36 || pp.InProgress != 1 || pp.Overdue != 1 || pp.NotStarted != 0 {
			t.Fatalf("%+v", pp.Counts)
		}
		var chair int
		if err := e.svc.EachTask(e.ctx, e.cid, plans[0].ID, func(task tasks.Task) error {
			if task.OwnerStaffID == "s-thang" {
				chair++
			}
			if task.Status == tasks.Done {
				if _, n, _ := e.svc.EvidenceOf(e.ctx, e.cid, task.ID, 1, 0); n == 0 {
					t.Errorf("%s done without evidence", task.Label())
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if chair != 2 {
			t.Fatalf("%d tasks of the chairman, want 2 (III.1.3, III.1.6)", chair)
		}
	})
}
