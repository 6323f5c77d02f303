package tasks

import (
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's pages: the plans (this file), a task and its forms (pages_task.go), the load
// form (pages_load.go) and the printable and the export (print.go, export.go). Each reads a
// form, calls the Service and draws the answer; every rule is the Service's. No page needs
// JavaScript.

//go:embed all:templates
var templateFS embed.FS

// Who may use which page: every staff member reads the plans and their tasks; leaders and the
// office (admin) keep the plans; a task's owner (its account, or its office when no account
// is named) reports its progress and evidence, as leaders and the office may.
var (
	canRead   = auth.AnyStaff()
	canManage = auth.Roles(auth.Leader, auth.Admin)
)

const (
	planBase     = "/ke-hoach"
	plansPerPage = 10
	tasksPerPage = 50
	minePerPage  = 20
	notesPerPage = 20
	evidencePage = 20
	maxForm      = 256 << 10
)

type pages struct {
	s   *web.Server
	svc *Service

	pList, pMine, pPlan, pPlanForm, pLoad, pTask, pTaskForm, pCancel web.Page
}

// Mount adds the room's pages:
//
//	GET       /ke-hoach                                        staff: the plans with their progress (?trang=)
//	GET       /ke-hoach/cua-toi                                staff: the open tasks the account owes (?trang=)
//	GET, POST /ke-hoach/moi                                    leader, admin: type a plan in
//	GET, POST /ke-hoach/nap                                    leader, admin: load a plan from a file (JSON, or CSV of tasks)
//	GET       /ke-hoach/nap/mau.csv                            leader, admin: a CSV of tasks to fill in
//	GET       /ke-hoach/{id}                                   staff: a plan, its progress by section, its tasks (?muc=&trang-thai=&qua-han=1&trang=)
//	GET, POST /ke-hoach/{id}/sua                               leader, admin: change the plan's own fields, sections and targets
//	GET       /ke-hoach/{id}/in                                staff: the appendix "Phụ lục phân công nhiệm vụ" (PDF, A4 landscape)
//	GET       /ke-hoach/{id}/xuat.csv                          staff: the plan's tasks as CSV, streamed
//	GET, POST /ke-hoach/{id}/nhiem-vu/moi                      leader, admin: add a task
//	GET       /ke-hoach/{id}/nhiem-vu/{task}                   staff: a task, its evidence and notes (?trang=&trang-mc=), its forms
//	GET, POST /ke-hoach/{id}/nhiem-vu/{task}/sua               leader, admin: change the task's five clears
//	POST      /ke-hoach/{id}/nhiem-vu/{task}/tien-do           the task's owner, leader, admin: a progress report
//	POST      /ke-hoach/{id}/nhiem-vu/{task}/minh-chung        the task's owner, leader, admin: a link as evidence
//	POST      /ke-hoach/{id}/nhiem-vu/{task}/minh-chung/tep    the task's owner, leader, admin: a file as evidence
//	GET       /ke-hoach/{id}/nhiem-vu/{task}/minh-chung/{ev}   staff: an uploaded piece of evidence
//	GET, POST /ke-hoach/{id}/nhiem-vu/{task}/huy               leader, admin: confirm, then cancel the task with the reason
//	POST      /ke-hoach/{id}/nhiem-vu/{task}/mo-lai            leader, admin: reopen a done or cancelled task
//
// A home card shows staff the open tasks they owe and how many are overdue.
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("tasks", sub)
	p := &pages{s: s, svc: svc,
		pList: s.Page("tasks/list.html"), pMine: s.Page("tasks/mine.html"), pPlan: s.Page("tasks/plan.html"),
		pPlanForm: s.Page("tasks/plan_form.html"), pLoad: s.Page("tasks/load.html"), pTask: s.Page("tasks/task.html"),
		pTaskForm: s.Page("tasks/task_form.html"), pCancel: s.Page("tasks/cancel.html")}
	s.Handle("GET "+planBase, canRead, p.list)
	s.Handle("GET "+planBase+"/cua-toi", canRead, p.mine)
	s.Handle("GET "+planBase+"/moi", canManage, p.newPlan)
	s.Handle("POST "+planBase+"/moi", canManage, p.createPlan)
	s.Handle("GET "+planBase+"/nap", canManage, p.loadForm)
	s.Handle("POST "+planBase+"/nap", canManage, p.load)
	s.Handle("GET "+planBase+"/nap/mau.csv", canManage, p.sampleCSV)
	s.Handle("GET "+planBase+"/{id}", canRead, p.plan)
	s.Handle("GET "+planBase+"/{id}/sua", canManage, p.editPlan)
	s.Handle("POST "+planBase+"/{id}/sua", canManage, p.updatePlan)
	s.Handle("GET "+planBase+"/{id}/in", canRead, p.printPlan)
	s.Handle("GET "+planBase+"/{id}/xuat.csv", canRead, p.exportCSV)
	p.mountTasks(s)
	s.AddHomeCard(p.homeCard)
}

// member is the signed-in account as the room sees it.
func member(r *http.Request) Member {
	u := web.UserOf(r)
	if u == nil {
		return Member{}
	}
	return Member{Actor: u.Actor(), Roles: u.Roles}
}

func communeOf(r *http.Request) string { return web.TenantOf(r).ID }

// homeCard shows a staff member the open tasks they owe, and those overdue.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canRead.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	open, overdue, err := p.svc.MineCounts(r.Context(), t.ID, member(r))
	if err != nil || open == 0 {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "tasks.home.title", URL: planBase + "/cua-toi", Text: "tasks.home.card",
		Args: []any{open, overdue}, Alert: overdue > 0}, true, nil
}

func (p *pages) list(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	pager := web.NewPager(r, plansPerPage)
	rows, total, err := p.svc.ListPlans(r.Context(), communeOf(r), pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	return p.s.Render(w, r, http.StatusOK, p.pList, "tasks.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager,
		"Manages": member(r).Manages()})
}

func (p *pages) mine(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	ctx, cid, m := r.Context(), communeOf(r), member(r)
	pager := web.NewPager(r, minePerPage)
	rows, total, err := p.svc.Mine(ctx, cid, m, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	_, overdue, err := p.svc.MineCounts(ctx, cid, m)
	if err != nil {
		return err
	}
	pager.Total = total
	return p.s.Render(w, r, http.StatusOK, p.pMine, "tasks.mine.title", map[string]any{"Rows": rows, "Total": total,
		"Overdue": overdue, "Pager": pager})
}

// group is a section's run of tasks on a page of a plan.
type group struct {
	Section Section
	Anchor  string
	Tasks   []Task
}

// groupTasks cuts a page of tasks (in the plan's order) into runs by section.
func groupTasks(pl Plan, tasks []Task) []group {
	var out []group
	for _, t := range tasks {
		if len(out) == 0 || out[len(out)-1].Section.Code != t.Section {
			sec := Section{Code: t.Section}
			if s := pl.Section(t.Section); s != nil {
				sec = *s
			}
			out = append(out, group{Section: sec, Anchor: strconv.Itoa(len(out) + 1)})
		}
		out[len(out)-1].Tasks = append(out[len(out)-1].Tasks, t)
	}
	return out
}

// filterOf reads a plan page's filters.
func filterOf(q url.Values, pl Plan) TaskFilter {
	f := TaskFilter{Overdue: q.Get("qua-han") == "1"}
	if s := q.Get("muc"); pl.Section(s) != nil {
		f.Section = s
	}
	if st := Status(q.Get("trang-thai")); st.Valid() {
		f.Status = st
	}
	return f
}

func (p *pages) plan(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	ctx, cid := r.Context(), communeOf(r)
	pl, err := p.svc.Plan(ctx, cid, r.PathValue("id"))
	if err != nil {
		return err
	}
	prog, err := p.svc.Progress(ctx, cid, pl.ID)
	if err != nil {
		return err
	}
	f := filterOf(r.URL.Query(), pl)
	pager := web.NewPager(r, tasksPerPage)
	f.Limit, f.Offset = pager.PerPage, pager.Offset()
	tasks, total, err := p.svc.Tasks(ctx, cid, pl.ID, f)
	if err != nil {
		return err
	}
	pager.Total = total
	return p.s.Render(w, r, http.StatusOK, p.pPlan, "tasks.plan.title", map[string]any{"Plan": pl, "Progress": prog,
		"Filter": f, "Groups": groupTasks(pl, tasks), "Total": total, "Pager": pager, "Statuses": Statuses,
		"Manages": member(r).Manages()})
}

// Plan forms.

func (p *pages) planFormPage(w http.ResponseWriter, r *http.Request, status int, pl *Plan, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	action := planBase + "/moi"
	data := map[string]any{"Action": action}
	if pl != nil {
		data["Plan"], data["Action"] = *pl, pl.URL()+"/sua"
	}
	if form == nil {
		form = url.Values{}
	}
	return p.s.RenderForm(w, r, status, p.pPlanForm, "tasks.plan.form_title", data, form, fe)
}

func (p *pages) newPlan(w http.ResponseWriter, r *http.Request) error {
	return p.planFormPage(w, r, http.StatusOK, nil, nil, nil)
}

// readForm parses a posted form within the room's size cap.
func readForm(w http.ResponseWriter, r *http.Request, op string) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.E(op, errs.TooLarge, "tasks.err.form_large")
		}
		return errs.E(op, errs.Invalid, "error.bad_request")
	}
	return nil
}

// merged is the service's field errors over the form's own.
func merged(form map[string]string, err error) (errs.FieldErrors, bool) {
	fe, ok := errs.Fields(err)
	if !ok {
		return nil, false
	}
	out := errs.FieldErrors{}
	for k, v := range form {
		out[k] = v
	}
	for k, v := range fe {
		out[k] = v
	}
	return out, true
}

func (p *pages) createPlan(w http.ResponseWriter, r *http.Request) error {
	const op = "tasks: create plan form"
	if err := readForm(w, r, op); err != nil {
		return err
	}
	in, bad := ParsePlanForm(r.PostForm)
	if len(bad) > 0 {
		for k, v := range CheckPlan(in) {
			if bad[k] == "" {
				bad[k] = v
			}
		}
		return p.planFormPage(w, r, http.StatusUnprocessableEntity, nil, r.PostForm, bad)
	}
	pl, err := p.svc.CreatePlan(r.Context(), communeOf(r), web.UserOf(r).Actor(), in)
	if fe, ok := merged(bad, err); ok {
		return p.planFormPage(w, r, http.StatusUnprocessableEntity, nil, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "tasks.flash.plan_created")
	return web.Redirect(w, r, pl.URL())
}

func (p *pages) editPlan(w http.ResponseWriter, r *http.Request) error {
	pl, err := p.svc.Plan(r.Context(), communeOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.planFormPage(w, r, http.StatusOK, &pl, PlanFormValues(pl), nil)
}

func (p *pages) updatePlan(w http.ResponseWriter, r *http.Request) error {
	const op = "tasks: update plan form"
	if err := readForm(w, r, op); err != nil {
		return err
	}
	pl, err := p.svc.Plan(r.Context(), communeOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	in, bad := ParsePlanForm(r.PostForm)
	if len(bad) > 0 {
		return p.planFormPage(w, r, http.StatusUnprocessableEntity, &pl, r.PostForm, bad)
	}
	_, err = p.svc.UpdatePlan(r.Context(), communeOf(r), pl.ID, web.UserOf(r).Actor(), in)
	if fe, ok := merged(bad, err); ok {
		return p.planFormPage(w, r, http.StatusUnprocessableEntity, &pl, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "tasks.flash.plan_saved")
	return web.Redirect(w, r, pl.URL())
}
