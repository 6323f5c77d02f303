package tasks

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"xaso/internal/errs"
	"xaso/internal/web"
)

func (p *pages) mountTasks(s *web.Server) {
	base := planBase + "/{id}/nhiem-vu"
	s.Handle("GET "+base+"/moi", canManage, p.newTask)
	s.Handle("POST "+base+"/moi", canManage, p.createTask)
	s.Handle("GET "+base+"/{task}", canRead, p.task)
	s.Handle("GET "+base+"/{task}/sua", canManage, p.editTask)
	s.Handle("POST "+base+"/{task}/sua", canManage, p.updateTask)
	s.Handle("POST "+base+"/{task}/tien-do", canRead, p.report)
	s.Handle("POST "+base+"/{task}/minh-chung", canRead, p.addLink)
	s.Handle("POST "+base+"/{task}/minh-chung/tep", canRead, p.addFile)
	s.Handle("GET "+base+"/{task}/minh-chung/{ev}", canRead, p.evidenceFile)
	s.Handle("GET "+base+"/{task}/huy", canManage, p.cancelForm)
	s.Handle("POST "+base+"/{task}/huy", canManage, p.cancel)
	s.Handle("POST "+base+"/{task}/mo-lai", canManage, p.reopen)
}

// taskOf reads the task of the path, which must belong to the path's plan.
func (p *pages) taskOf(r *http.Request) (Task, error) {
	t, err := p.svc.Task(r.Context(), communeOf(r), r.PathValue("task"))
	if err != nil {
		return t, err
	}
	if t.PlanID != r.PathValue("id") {
		return Task{}, errs.E("tasks: page", errs.NotFound, "tasks.err.not_found")
	}
	return t, nil
}

// taskPage draws a task with its evidence and notes, and the forms the reader may use.
func (p *pages) taskPage(w http.ResponseWriter, r *http.Request, status int, t Task, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	ctx, cid := r.Context(), communeOf(r)
	pl, err := p.svc.Plan(ctx, cid, t.PlanID)
	if err != nil {
		return err
	}
	notesPager := web.NewPager(r, notesPerPage)
	notes, nTotal, err := p.svc.Notes(ctx, cid, t.ID, notesPager.PerPage, notesPager.Offset())
	if err != nil {
		return err
	}
	notesPager.Total = nTotal
	evPager := web.NewParamPager(r, "trang-mc", evidencePage)
	evidence, eTotal, err := p.svc.EvidenceOf(ctx, cid, t.ID, evPager.PerPage, evPager.Offset())
	if err != nil {
		return err
	}
	evPager.Total = eTotal
	m := member(r)
	if form == nil {
		form = url.Values{"percent": {strconv.Itoa(t.Percent)}, "on": {p.svc.Today().String()}}
	}
	return p.s.RenderForm(w, r, status, p.pTask, "tasks.task.title", map[string]any{"Task": t, "Plan": pl,
		"Section": pl.Section(t.Section), "Target": pl.Target(t.Target), "Notes": notes, "NotesPager": notesPager,
		"Evidence": evidence, "EvidenceTotal": eTotal, "EvidencePager": evPager, "Reportable": t.ReportableBy(m),
		"Manages": m.Manages(), "Kinds": EvidenceKinds, "Uploads": p.svc.files != nil, "MaxMB": p.svc.maxFile >> 20,
		"Today": p.svc.Today().String()}, form, fe)
}

func (p *pages) task(w http.ResponseWriter, r *http.Request) error {
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	return p.taskPage(w, r, http.StatusOK, t, nil, nil)
}

// taskFormPage draws the form to add or change a task.
func (p *pages) taskFormPage(w http.ResponseWriter, r *http.Request, status int, pl Plan, t *Task, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	staff, err := p.svc.staff(r.Context(), communeOf(r))
	if err != nil {
		return err
	}
	data := map[string]any{"Plan": pl, "Staff": staff, "Roles": OwnerRoles, "Action": pl.URL() + "/nhiem-vu/moi"}
	if t != nil {
		data["Task"], data["Action"] = *t, t.URL()+"/sua"
	}
	if form == nil {
		form = url.Values{}
	}
	return p.s.RenderForm(w, r, status, p.pTaskForm, "tasks.task.form_title", data, form, fe)
}

func (p *pages) newTask(w http.ResponseWriter, r *http.Request) error {
	pl, err := p.svc.Plan(r.Context(), communeOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	form := url.Values{}
	if sec := r.URL.Query().Get("muc"); pl.Section(sec) != nil {
		form.Set("section", sec)
	}
	return p.taskFormPage(w, r, http.StatusOK, pl, nil, form, nil)
}

func (p *pages) createTask(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r, "tasks: add task form"); err != nil {
		return err
	}
	pl, err := p.svc.Plan(r.Context(), communeOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	in, bad := ParseTaskForm(r.PostForm)
	var t Task
	if len(bad) == 0 {
		t, err = p.svc.AddTask(r.Context(), communeOf(r), pl.ID, web.UserOf(r).Actor(), in)
	} else {
		err = p.formErrors(r, pl, in, bad)
	}
	if fe, ok := merged(bad, err); ok {
		return p.taskFormPage(w, r, http.StatusUnprocessableEntity, pl, nil, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "tasks.flash.task_added")
	return web.Redirect(w, r, t.URL())
}

// formErrors are a task form's own mistakes with those the Service would find.
func (p *pages) formErrors(r *http.Request, pl Plan, in TaskInput, bad map[string]string) error {
	rules, err := p.svc.CheckInput(r.Context(), communeOf(r), pl, in)
	if err != nil {
		return err
	}
	fe := errs.FieldErrors{}
	for k, v := range rules {
		fe[k] = v
	}
	for k, v := range bad {
		fe[k] = v
	}
	return fe.Err("tasks: task form")
}

func (p *pages) editTask(w http.ResponseWriter, r *http.Request) error {
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	pl, err := p.svc.Plan(r.Context(), communeOf(r), t.PlanID)
	if err != nil {
		return err
	}
	return p.taskFormPage(w, r, http.StatusOK, pl, &t, TaskFormValues(t), nil)
}

func (p *pages) updateTask(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r, "tasks: update task form"); err != nil {
		return err
	}
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	pl, err := p.svc.Plan(r.Context(), communeOf(r), t.PlanID)
	if err != nil {
		return err
	}
	in, bad := ParseTaskForm(r.PostForm)
	if len(bad) == 0 {
		_, err = p.svc.UpdateTask(r.Context(), communeOf(r), t.ID, web.UserOf(r).Actor(), in)
	} else {
		err = p.formErrors(r, pl, in, bad)
	}
	if fe, ok := merged(bad, err); ok {
		return p.taskFormPage(w, r, http.StatusUnprocessableEntity, pl, &t, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "tasks.flash.task_saved")
	return web.Redirect(w, r, t.URL())
}

func (p *pages) report(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r, "tasks: report form"); err != nil {
		return err
	}
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	in, bad := ParseProgressForm(r.PostForm, p.svc.Today())
	_, err = p.svc.Report(r.Context(), communeOf(r), t.ID, member(r), in, bad)
	if fe, ok := errs.Fields(err); ok {
		return p.taskPage(w, r, http.StatusUnprocessableEntity, t, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	if in.Status == Done {
		p.s.Flash(w, r, "tasks.flash.done")
	} else {
		p.s.Flash(w, r, "tasks.flash.reported")
	}
	return web.Redirect(w, r, t.URL())
}

func (p *pages) addLink(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r, "tasks: link form"); err != nil {
		return err
	}
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	in, bad := ParseLinkForm(r.PostForm)
	_, err = p.svc.AddLink(r.Context(), communeOf(r), t.ID, member(r), in, bad)
	if fe, ok := errs.Fields(err); ok {
		return p.taskPage(w, r, http.StatusUnprocessableEntity, t, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "tasks.flash.evidence")
	return web.Redirect(w, r, t.URL()+"#evidence-h")
}

// addFile takes an uploaded file as evidence. The body is capped a little above the file's
// own cap (the form's other fields), and parsed with web.ParseMultipartForm, which removes
// the temporary files.
func (p *pages) addFile(w http.ResponseWriter, r *http.Request) error {
	const op = "tasks: file form"
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, p.svc.maxFile+1<<20)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return errs.E(op, errs.Invalid, "error.bad_request")
	}
	if err := web.ParseMultipartForm(r, 8<<20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.E(op, errs.TooLarge, "tasks.err.file_too_large", p.svc.maxFile>>20)
		}
		return errs.E(op, errs.Invalid, "error.bad_request")
	}
	form := r.MultipartForm.Value
	fhs := r.MultipartForm.File["file"]
	if len(fhs) != 1 || fhs[0].Size == 0 {
		return p.taskPage(w, r, http.StatusUnprocessableEntity, t, form, errs.FieldErrors{"file": "tasks.err.file_empty"})
	}
	f, err := fhs[0].Open()
	if err != nil {
		return errs.E(op, errs.Invalid, "tasks.err.file_unreadable")
	}
	defer f.Close()
	_, err = p.svc.AddFile(r.Context(), communeOf(r), t.ID, member(r), EvidenceKind(url.Values(form).Get("file_kind")),
		url.Values(form).Get("file_caption"), fhs[0].Filename, f)
	if fe, ok := errs.Fields(err); ok {
		// The file form's fields are named apart from the link form's.
		out := errs.FieldErrors{}
		for k, v := range fe {
			out["file_"+k] = v
		}
		return p.taskPage(w, r, http.StatusUnprocessableEntity, t, form, out)
	}
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid && slices.Contains(fileKeys, e.Key) {
		return p.taskPage(w, r, http.StatusUnprocessableEntity, t, form, errs.FieldErrors{"file": e.Key})
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "tasks.flash.evidence")
	return web.Redirect(w, r, t.URL()+"#evidence-h")
}

// fileKeys are the refusals of an uploaded file, shown at the file field.
var fileKeys = []string{"tasks.err.file_unreadable", "tasks.err.file_empty", "tasks.err.file_type"}

func (p *pages) evidenceFile(w http.ResponseWriter, r *http.Request) error {
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	return p.svc.ServeEvidence(w, r, communeOf(r), t.ID, r.PathValue("ev"))
}

func (p *pages) cancelPage(w http.ResponseWriter, r *http.Request, status int, t Task, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	if !t.Status.Open() {
		return errs.E("tasks: cancel", errs.Conflict, "tasks.err.closed")
	}
	return p.s.RenderForm(w, r, status, p.pCancel, "tasks.cancel.title", map[string]any{"Task": t}, form, fe)
}

func (p *pages) cancelForm(w http.ResponseWriter, r *http.Request) error {
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	return p.cancelPage(w, r, http.StatusOK, t, nil, nil)
}

// cancel cancels a task, once the confirmation page was seen (its hidden field).
func (p *pages) cancel(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r, "tasks: cancel form"); err != nil {
		return err
	}
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	if r.PostForm.Get("confirm") != "1" {
		return p.cancelPage(w, r, http.StatusOK, t, r.PostForm, nil)
	}
	_, err = p.svc.Cancel(r.Context(), communeOf(r), t.ID, web.UserOf(r).Actor(), r.PostForm.Get("reason"))
	if fe, ok := errs.Fields(err); ok {
		return p.cancelPage(w, r, http.StatusUnprocessableEntity, t, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "tasks.flash.cancelled")
	return web.Redirect(w, r, t.URL())
}

func (p *pages) reopen(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r, "tasks: reopen form"); err != nil {
		return err
	}
	t, err := p.taskOf(r)
	if err != nil {
		return err
	}
	_, err = p.svc.Reopen(r.Context(), communeOf(r), t.ID, web.UserOf(r).Actor(), r.PostForm.Get("reason"))
	if fe, ok := errs.Fields(err); ok {
		return p.taskPage(w, r, http.StatusUnprocessableEntity, t, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "tasks.flash.reopened")
	return web.Redirect(w, r, t.URL())
}
