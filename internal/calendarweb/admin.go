package calendarweb

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// maxForm bounds an admin form's body: a year of days with notes is a few kilobytes.
const maxForm = 256 << 10

// maxSource bounds the notice's source line.
const maxSource = 500

// noticeRow is one year in the admin list.
type noticeRow struct {
	Year, Source, Status, StatusClass string
	DaysOff, Worked                   int
}

func (h *handlers) adminList(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	q := r.URL.Query()
	if v := strings.TrimSpace(q.Get("nam")); v != "" {
		if y, ok := parseYear(v); ok {
			return web.Redirect(w, r, "/quan-tri/lich/"+strconv.Itoa(y))
		}
	}
	list, err := h.svc.Notices(r.Context(), t.ID)
	if err != nil {
		return err
	}
	// This year and next are always listed, so that a year without a notice yet is one click
	// away.
	this := calendar.DateOf(h.now()).Year
	for _, y := range []int{this, this + 1} {
		found := false
		for _, n := range list {
			found = found || n.Year == y
		}
		if !found {
			list = append(list, YearNotice{Year: y, Origin: Statutory})
		}
	}
	slices.SortFunc(list, func(a, b YearNotice) int { return a.Year - b.Year })
	rows := make([]noticeRow, len(list))
	for i, n := range list {
		rows[i] = noticeRow{Year: strconv.Itoa(n.Year), Source: n.Notice.Source, DaysOff: len(n.Notice.DaysOff), Worked: len(n.Notice.WorkedDays)}
		rows[i].Status, rows[i].StatusClass = h.originText(r, n.Origin)
	}
	closures, err := h.svc.Closures(r.Context(), t.ID)
	if err != nil {
		return err
	}
	var fe errs.FieldErrors
	status := http.StatusOK
	if q.Get("nam") != "" { // not a year, or we would have gone there
		fe, status = errs.FieldErrors{"nam": "calendar.admin.bad_year"}, http.StatusUnprocessableEntity
	}
	data := map[string]any{"Rows": rows, "Closures": len(closures), "Min": strconv.Itoa(minYear), "Max": strconv.Itoa(maxYear)}
	return h.s.RenderForm(w, r, status, h.pAdmin, "calendar.admin.title", data, q, fe)
}

func (h *handlers) originText(r *http.Request, o Origin) (text, class string) {
	switch o {
	case Edited:
		return h.s.T(r, "calendar.origin.edited"), "ok"
	case Shipped:
		return h.s.T(r, "calendar.origin.shipped"), ""
	}
	return h.s.T(r, "calendar.origin.statutory"), "bad"
}

// parseYear reads a year the calendar serves, written with four digits.
func parseYear(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < minYear || y > maxYear {
		return 0, false
	}
	return y, true
}

// yearOf reads the {year} of the path; an unknown year is a page that does not exist.
func yearOf(r *http.Request) (int, error) {
	y, ok := parseYear(r.PathValue("year"))
	if !ok {
		return 0, errs.E("calendarweb: year", errs.NotFound, "error.not_found")
	}
	return y, nil
}

// parseForm reads a bounded form body.
func parseForm(w http.ResponseWriter, r *http.Request, op string) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.E(op, errs.TooLarge, "error.too_large")
		}
		return errs.E(op, errs.Invalid, "error.form_invalid")
	}
	return nil
}

// noticeData is what the notice form shows besides the form's values.
func (h *handlers) noticeData(r *http.Request, yn YearNotice) map[string]any {
	status, class := h.originText(r, yn.Origin)
	return map[string]any{"Year": strconv.Itoa(yn.Year), "Status": status, "StatusClass": class,
		"Edited": yn.Origin == Edited, "HasShipped": yn.HasShipped, "Draft": yn.Origin == Statutory}
}

func (h *handlers) noticeForm(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	y, err := yearOf(r)
	if err != nil {
		return err
	}
	yn, err := h.svc.Notice(r.Context(), t.ID, y)
	if err != nil {
		return err
	}
	n := yn.Notice
	if yn.Origin == Statutory {
		// calendar.StatutoryHolidays is the draft of a new year's notice: the admin corrects
		// it to the government's notice when that is published.
		n = calendar.Notice{Year: y, DaysOff: calendar.StatutoryHolidays(y)}
	}
	data := h.noticeData(r, yn)
	if r.URL.Query().Get("da-luu") != "" {
		saved, err := h.svc.lastChange(r.Context(), t.ID, auditNotice, strconv.Itoa(y), describeNotice(h.s, r))
		if err != nil {
			return err
		}
		data["Saved"] = saved
	}
	form := url.Values{"source": {n.Source}, "days_off": {formatLines(n.DaysOff)}, "worked_days": {formatLines(n.WorkedDays)}}
	return h.s.RenderForm(w, r, http.StatusOK, h.pNotice, "calendar.notice.title", data, form, nil)
}

// fieldProblems translates a field's line problems, each starting with the field's name.
func (h *handlers) fieldProblems(r *http.Request, labelKey string, probs []lineProblem) []string {
	out := make([]string, len(probs))
	for i, p := range probs {
		args := make([]any, len(p.Args))
		for j, a := range p.Args {
			args[j] = a
		}
		out[i] = h.s.T(r, "calendar.problem_in", h.s.T(r, labelKey), h.s.T(r, p.Key, args...))
	}
	return out
}

func (h *handlers) saveNotice(w http.ResponseWriter, r *http.Request) error {
	const op = "calendarweb: save notice"
	t, u := web.TenantOf(r), web.UserOf(r)
	y, err := yearOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r, op); err != nil {
		return err
	}
	daysOff, p1 := parseLines(r.PostFormValue("days_off"))
	worked, p2 := parseLines(r.PostFormValue("worked_days"))
	source := fold(r.PostFormValue("source"))
	fe := errs.FieldErrors{}
	problems := h.fieldProblems(r, "calendar.notice.days_off", p1)
	problems = append(problems, h.fieldProblems(r, "calendar.notice.worked_days", p2)...)
	if len(p1) > 0 {
		fe["days_off"] = "calendar.field_has_errors"
	}
	if len(p2) > 0 {
		fe["worked_days"] = "calendar.field_has_errors"
	}
	if !utf8.ValidString(source) || utf8.RuneCountInString(source) > maxSource || strings.IndexFunc(source, isForbidden) >= 0 {
		fe["source"] = "calendar.notice.source_bad"
		problems = append(problems, h.s.T(r, "calendar.notice.source_bad"))
	}
	changed := false
	if len(problems) == 0 {
		n := calendar.Notice{Year: y, Source: source, DaysOff: daysOff, WorkedDays: worked}
		changed, err = h.svc.SaveNotice(r.Context(), t.ID, u.Actor(), n)
		if errs.KindOf(err) == errs.Invalid {
			problems = sentences(Problems(err))
		} else if err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		yn, err := h.svc.Notice(r.Context(), t.ID, y)
		if err != nil {
			return err
		}
		data := h.noticeData(r, yn)
		data["Draft"] = false // the form holds what was typed, not the draft
		data["Problems"] = problems
		return h.s.RenderForm(w, r, http.StatusUnprocessableEntity, h.pNotice, "calendar.notice.title", data, r.PostForm, fe)
	}
	to := "/quan-tri/lich/" + strconv.Itoa(y)
	if !changed {
		h.s.Flash(w, r, "calendar.unchanged")
		return web.Redirect(w, r, to)
	}
	return web.Redirect(w, r, to+"?da-luu=1")
}

func (h *handlers) resetNotice(w http.ResponseWriter, r *http.Request) error {
	y, err := yearOf(r)
	if err != nil {
		return err
	}
	if err := h.svc.ResetNotice(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), y); err != nil {
		return err
	}
	return web.Redirect(w, r, "/quan-tri/lich/"+strconv.Itoa(y)+"?da-luu=1")
}

func (h *handlers) closuresForm(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	cs, err := h.svc.Closures(r.Context(), t.ID)
	if err != nil {
		return err
	}
	data := map[string]any{}
	if r.URL.Query().Get("da-luu") != "" {
		saved, err := h.svc.lastChange(r.Context(), t.ID, auditClosures, t.ID, describeClosures(h.s, r))
		if err != nil {
			return err
		}
		data["Saved"] = saved
	}
	return h.s.RenderForm(w, r, http.StatusOK, h.pClosures, "calendar.closures.title", data,
		url.Values{"closures": {formatLines(cs)}}, nil)
}

func (h *handlers) saveClosures(w http.ResponseWriter, r *http.Request) error {
	const op = "calendarweb: save closures"
	t, u := web.TenantOf(r), web.UserOf(r)
	if err := parseForm(w, r, op); err != nil {
		return err
	}
	cs, probs := parseLines(r.PostFormValue("closures"))
	problems := h.fieldProblems(r, "calendar.closures.field", probs)
	changed := false
	if len(problems) == 0 {
		var err error
		changed, err = h.svc.SaveClosures(r.Context(), t.ID, u.Actor(), cs)
		if errs.KindOf(err) == errs.Invalid {
			problems = sentences(Problems(err))
		} else if err != nil {
			return err
		}
	}
	if len(problems) > 0 {
		return h.s.RenderForm(w, r, http.StatusUnprocessableEntity, h.pClosures, "calendar.closures.title",
			map[string]any{"Problems": problems}, r.PostForm, errs.FieldErrors{"closures": "calendar.field_has_errors"})
	}
	if !changed {
		h.s.Flash(w, r, "calendar.unchanged")
		return web.Redirect(w, r, "/quan-tri/lich/nghi-rieng")
	}
	return web.Redirect(w, r, "/quan-tri/lich/nghi-rieng?da-luu=1")
}

// sentences starts each of the calendar's messages ("ngày … được khai báo hai lần") with a
// capital letter, as a line of its own.
func sentences(msgs []string) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m
		if r, n := utf8.DecodeRuneInString(m); n > 0 && r != utf8.RuneError {
			out[i] = string(unicode.ToUpper(r)) + m[n:]
		}
	}
	return out
}
