package reception

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's HTML pages: each reads a form, calls the Service and draws the answer; every rule
// is the Service's. No page needs JavaScript.

//go:embed all:templates
var templateFS embed.FS

// Who may use which page. The logbook holds names, addresses, ID numbers and a denouncer's
// identity (Decree 13/2023/NĐ-CP: access limited to the purpose): the officers who receive
// citizens, the leaders, and the administrator who oversees the schedule.
var (
	canSeeReception = auth.Roles(auth.Leader, auth.Desk, auth.Specialist, auth.Admin)
	canPlan         = auth.Roles(auth.Leader, auth.Desk, auth.Admin)
	canPublish      = auth.Roles(auth.Leader, auth.Admin)
	canReceive      = auth.Roles(auth.Leader, auth.Desk, auth.Specialist)
)

const (
	perPage     = 50
	logbookPage = 200
	// publicPast is how far back the public schedule reaches (4 weeks); publicAhead how far on.
	publicPast  = 28
	publicAhead = 366
	// staffWeeks is how many weeks from this one the staff page checks for a regular session.
	staffWeeks = 8
	// staffAhead is how many days on the staff page lists the schedule.
	staffAhead = 120
)

type handlers struct {
	s   *web.Server
	svc *Service

	pPublic, pStaff, pSessionForm, pVisitForm, pVisit, pLogbook web.Page
}

// Mount adds the room's pages to the shell:
//
//	GET       /lich-tiep-cong-dan                    public: the published schedule, the last 4 weeks and on; printable, cacheable, no personal data
//	GET       /tiep-cong-dan                         leader, desk, specialist, admin: the schedule with drafts, weeks without a regular session, the latest visits (?trang=)
//	GET, POST /tiep-cong-dan/lich/moi                leader, desk, admin: a new session (saved as a draft)
//	POST      /tiep-cong-dan/lich/{id}/cong-bo       leader, admin: publish a session (5 working days ahead unless ad hoc)
//	GET, POST /tiep-cong-dan/luot/moi                leader, desk, specialist: record a visit in the logbook
//	GET       /tiep-cong-dan/luot/{id}               leader, desk, specialist, admin: a visit, its reply and its petition
//	POST      /tiep-cong-dan/luot/{id}/tra-loi       leader, desk, specialist: record the reply (closes the 10-working-day duty)
//	POST      /tiep-cong-dan/luot/{id}/chuyen-don    leader, desk, specialist: turn the visit into a petition (303 to the petition)
//	GET       /tiep-cong-dan/so                      leader, desk, specialist, admin: the logbook of a year (?nam=2026, ?trang=), printable
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("reception", sub)
	h := &handlers{s: s, svc: svc,
		pPublic: s.Page("reception/public.html"), pStaff: s.Page("reception/staff.html"),
		pSessionForm: s.Page("reception/session_form.html"), pVisitForm: s.Page("reception/visit_form.html"),
		pVisit: s.Page("reception/visit.html"), pLogbook: s.Page("reception/logbook.html")}
	s.Handle("GET /lich-tiep-cong-dan", auth.Public(), h.public)
	s.Handle("GET /tiep-cong-dan", canSeeReception, h.staff)
	s.Handle("GET /tiep-cong-dan/lich/moi", canPlan, h.sessionForm)
	s.Handle("POST /tiep-cong-dan/lich/moi", canPlan, h.sessionCreate)
	s.Handle("POST /tiep-cong-dan/lich/{id}/cong-bo", canPublish, h.sessionPublish)
	s.Handle("GET /tiep-cong-dan/luot/moi", canReceive, h.visitForm)
	s.Handle("POST /tiep-cong-dan/luot/moi", canReceive, h.visitCreate)
	s.Handle("GET /tiep-cong-dan/luot/{id}", canSeeReception, h.visit)
	s.Handle("POST /tiep-cong-dan/luot/{id}/tra-loi", canReceive, h.reply)
	s.Handle("POST /tiep-cong-dan/luot/{id}/chuyen-don", canReceive, h.toPetition)
	s.Handle("GET /tiep-cong-dan/so", canSeeReception, h.logbook)
}

// tenant is the request's commune; NotFound before any commune exists.
func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("reception: page", errs.NotFound, "reception.not_found")
}

// render draws a page of the room.
func (h *handlers) render(w http.ResponseWriter, r *http.Request, status int, page web.Page, title string, data map[string]any, form url.Values, fe errs.FieldErrors) error {
	if data == nil {
		data = map[string]any{}
	}
	return h.s.RenderForm(w, r, status, page, title, data, form, fe)
}

// dayLabel is "Thứ Hai, 07/09/2026" in the request's language.
func (h *handlers) dayLabel(r *http.Request, d calendar.Date) string {
	return h.s.T(r, "reception.wd."+strconv.Itoa(int(d.Weekday()))) + ", " + dmy(d)
}

// sessionRow is a session as the lists draw it.
type sessionRow struct {
	S          Session
	Day, Hours string
	KindKey    string
	ModeKey    string
	Past       bool
	CanPublish bool
	Error      string // why publishing it failed, translated
}

func (h *handlers) sessionRows(r *http.Request, list []Session, today calendar.Date) []sessionRow {
	u := web.UserOf(r)
	mayPublish := u.Has(auth.Leader) || u.Has(auth.Admin)
	rows := make([]sessionRow, len(list))
	for i, ss := range list {
		rows[i] = sessionRow{S: ss, Day: h.dayLabel(r, ss.Day), Hours: ss.Start.String() + "–" + ss.End.String(),
			KindKey: "reception.session.kind." + string(ss.Kind), ModeKey: "reception.mode." + string(ss.Mode),
			Past: ss.Day.Before(today), CanPublish: mayPublish && !ss.Published() && !ss.Day.Before(today)}
	}
	return rows
}

// public is the schedule as the HQ's notice board and the website show it (Art. 24.4): place,
// hours, host, who attends, the planned topics. It holds no personal data, so it may be cached.
func (h *handlers) public(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	today := h.svc.today()
	list, err := h.svc.Sessions(r.Context(), t.ID, today.AddDays(-publicPast), today.AddDays(publicAhead), true)
	if err != nil {
		return err
	}
	var upcoming, past []sessionRow
	for _, row := range h.sessionRows(r, list, today) {
		row.CanPublish = false
		if row.Past {
			past = append(past, row)
		} else {
			upcoming = append(upcoming, row)
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	return h.render(w, r, http.StatusOK, h.pPublic, "reception.public.title", map[string]any{
		"Upcoming": upcoming, "Past": past, "Today": dmy(today)}, nil, nil)
}

// visitRow is a visit in the staff list: a denouncer's identity is already withheld.
type visitRow struct {
	V                            Visit
	Day, Name, KindKey, StateKey string
	Overdue                      bool
}

func (h *handlers) staff(w http.ResponseWriter, r *http.Request) error {
	return h.staffPage(w, r, http.StatusOK, "", nil)
}

// staffPage draws the staff page; failedID and fe say why publishing a session failed.
func (h *handlers) staffPage(w http.ResponseWriter, r *http.Request, status int, failedID string, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	ctx := r.Context()
	today := h.svc.today()
	sessions, err := h.svc.Sessions(ctx, t.ID, today.AddDays(-publicPast), today.AddDays(staffAhead), false)
	if err != nil {
		return err
	}
	gaps, err := h.svc.WeeksWithoutSession(ctx, t.ID, today, today.AddDays(7*(staffWeeks-1)))
	if err != nil {
		return err
	}
	gapLabels := make([]string, len(gaps))
	for i, m := range gaps {
		gapLabels[i] = dmy(m) + "–" + dmy(m.AddDays(6))
	}
	rows := h.sessionRows(r, sessions, today)
	var failed string
	for i := range rows {
		if rows[i].S.ID == failedID {
			for _, k := range fe {
				rows[i].Error = h.s.T(r, k)
				failed = rows[i].Error
			}
		}
	}
	pager := web.NewPager(r, perPage)
	visits, total, err := h.svc.Visits(ctx, t.ID, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	earliest, err := h.svc.EarliestPublishable(ctx, t.ID, today)
	if err != nil {
		return err
	}
	return h.render(w, r, status, h.pStaff, "reception.staff.title", map[string]any{
		"Sessions": rows, "Gaps": gapLabels, "Visits": h.visitRows(r, visits), "Pager": pager, "Failed": failed,
		"Earliest": h.dayLabel(r, earliest), "Year": today.Year}, nil, nil)
}

func (h *handlers) visitRows(r *http.Request, list []Visit) []visitRow {
	now := h.svc.now()
	rows := make([]visitRow, len(list))
	for i, v := range list {
		name := v.Name
		if v.Secret {
			name = h.s.T(r, "reception.secret")
		}
		state := "reception.visit.state.owed"
		if v.Replied() {
			state = "reception.reply.outcome." + string(v.Reply.Outcome)
		}
		rows[i] = visitRow{V: v, Day: dmy(v.Day), Name: name, KindKey: "reception.kind." + string(v.Kind), StateKey: state,
			Overdue: !v.Replied() && now.After(v.ReplyDueAt)}
	}
	return rows
}

// The session form.

func (h *handlers) sessionForm(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	form := url.Values{"start": {"07:30"}, "end": {"11:30"}, "host_title": {DefaultHostTitle},
		"place": {h.s.T(r, "reception.session.place_default")}, "kind": {string(Regular)}, "mode": {string(InPerson)}}
	return h.sessionFormPage(w, r, http.StatusOK, form, nil)
}

func (h *handlers) sessionFormPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	earliest, err := h.svc.EarliestPublishable(r.Context(), t.ID, h.svc.today())
	if err != nil {
		return err
	}
	return h.render(w, r, status, h.pSessionForm, "reception.session.new", map[string]any{
		"Earliest": h.dayLabel(r, earliest), "Kinds": []SessionKind{Regular, AdHoc}, "Modes": []Mode{InPerson, Online}}, form, fe)
}

func (h *handlers) sessionCreate(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	if err := r.ParseForm(); err != nil {
		return errs.E("reception: session form", errs.Invalid, "error.form_invalid")
	}
	f := r.PostForm
	_, err := h.svc.CreateSession(r.Context(), t.ID, web.UserOf(r).Actor(), SessionInput{
		Day: f.Get("day"), Start: f.Get("start"), End: f.Get("end"), Place: f.Get("place"), HostName: f.Get("host_name"),
		HostTitle: f.Get("host_title"), Attendees: f.Get("attendees"), Topics: f.Get("topics"),
		Kind: SessionKind(f.Get("kind")), Mode: Mode(f.Get("mode"))})
	if fe, ok := errs.Fields(err); ok {
		return h.sessionFormPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "reception.flash.session_created")
	return web.Redirect(w, r, "/tiep-cong-dan")
}

func (h *handlers) sessionPublish(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	id := r.PathValue("id")
	_, err := h.svc.PublishSession(r.Context(), t.ID, web.UserOf(r).Actor(), id)
	if fe, ok := errs.Fields(err); ok {
		return h.staffPage(w, r, http.StatusUnprocessableEntity, id, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "reception.flash.session_published")
	return web.Redirect(w, r, "/tiep-cong-dan")
}

// The logbook form.

func (h *handlers) visitForm(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	form := url.Values{"day": {dmy(h.svc.today())}, "people": {"1"}, "mode": {string(InPerson)}}
	if sid := r.URL.Query().Get("phien"); sid != "" {
		form.Set("session", sid)
	}
	return h.visitFormPage(w, r, http.StatusOK, form, nil)
}

// sessionOption is a session the visit may belong to.
type sessionOption struct{ ID, Label string }

func (h *handlers) visitFormPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	today := h.svc.today()
	list, err := h.svc.Sessions(r.Context(), t.ID, today.AddDays(-publicPast), today, false)
	if err != nil {
		return err
	}
	opts := make([]sessionOption, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		ss := list[i]
		opts = append(opts, sessionOption{ID: ss.ID, Label: h.dayLabel(r, ss.Day) + ", " + ss.Start.String() + "–" + ss.End.String() + " (" + ss.Host() + ")"})
	}
	return h.render(w, r, status, h.pVisitForm, "reception.visit.new", map[string]any{
		"Sessions": opts, "Kinds": MatterKinds, "Modes": []Mode{InPerson, Online}}, form, fe)
}

func (h *handlers) visitCreate(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	if err := r.ParseForm(); err != nil {
		return errs.E("reception: visit form", errs.Invalid, "error.form_invalid")
	}
	f := r.PostForm
	v, err := h.svc.RecordVisit(r.Context(), t.ID, web.UserOf(r).Actor(), VisitInput{
		Day: f.Get("day"), SessionID: f.Get("session"), Name: f.Get("name"), Address: f.Get("address"),
		IDNumber: f.Get("id_number"), People: f.Get("people"), Kind: MatterKind(f.Get("kind")), Matter: f.Get("matter"),
		History: f.Get("history"), Request: f.Get("request"), Handling: f.Get("handling"), Mode: Mode(f.Get("mode"))})
	if fe, ok := errs.Fields(err); ok {
		return h.visitFormPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "reception.flash.visit_recorded")
	return web.Redirect(w, r, v.URL())
}

func (h *handlers) visit(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	return h.visitPage(w, r, http.StatusOK, nil, nil)
}

func (h *handlers) visitPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	v, err := h.svc.Visit(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	var session string
	if v.SessionID != "" {
		if ss, err := h.svc.Session(r.Context(), t.ID, v.SessionID); err == nil {
			session = h.dayLabel(r, ss.Day) + ", " + ss.Start.String() + "–" + ss.End.String() + " (" + ss.Host() + ")"
		}
	}
	if form == nil {
		form = url.Values{"day": {dmy(h.svc.today())}}
	}
	u := web.UserOf(r)
	mayAct := u.Has(auth.Leader) || u.Has(auth.Desk) || u.Has(auth.Specialist)
	row := h.visitRows(r, []Visit{v})[0]
	return h.render(w, r, status, h.pVisit, "reception.visit.title", map[string]any{
		"V": v, "Row": row, "Session": session, "Due": v.ReplyDueAt.In(calendar.Zone).Format("15:04, 02/01/2006"),
		"ReplyDay": dmy(v.Reply.Day), "Outcomes": Outcomes, "CanReply": mayAct && !v.Replied(),
		"CanPetition": mayAct && h.svc.CanPetition() && v.PetitionAt.IsZero()}, form, fe)
}

func (h *handlers) reply(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	if err := r.ParseForm(); err != nil {
		return errs.E("reception: reply form", errs.Invalid, "error.form_invalid")
	}
	f := r.PostForm
	v, err := h.svc.RecordReply(r.Context(), t.ID, web.UserOf(r).Actor(), r.PathValue("id"), ReplyInput{
		Outcome: Outcome(f.Get("outcome")), Text: f.Get("text"), ForwardedTo: f.Get("forwarded_to"), Day: f.Get("day")})
	if fe, ok := errs.Fields(err); ok {
		return h.visitPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "reception.flash.replied")
	return web.Redirect(w, r, v.URL())
}

func (h *handlers) toPetition(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	v, err := h.svc.ToPetition(r.Context(), t.ID, web.UserOf(r).Actor(), r.PathValue("id"))
	if err != nil {
		return err
	}
	to := v.PetitionURL
	if to == "" || !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") {
		to = v.URL()
	}
	h.s.Flash(w, r, "reception.flash.petition")
	return web.Redirect(w, r, to)
}

// logRow is a line of the printed logbook, with the identity the reader may see.
type logRow struct {
	V                        Visit
	Day, Name, Address, Kind string
	Reply                    string
}

func (h *handlers) logbook(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	year := h.svc.today().Year
	if s := strings.TrimSpace(r.URL.Query().Get("nam")); s != "" {
		n, ok := number(s, 4, 4)
		if !ok || n < 2000 {
			return errs.E("reception: logbook", errs.NotFound, "reception.not_found")
		}
		year = n
	}
	pager := web.NewPager(r, logbookPage)
	list, total, err := h.svc.Logbook(r.Context(), t.ID, year, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	rows := make([]logRow, len(list))
	for i, v := range list {
		row := logRow{V: v, Day: dmy(v.Day), Name: v.Name, Address: v.Address, Kind: h.s.T(r, "reception.kind."+string(v.Kind))}
		if v.Secret {
			row.Name, row.Address = h.s.T(r, "reception.secret"), h.s.T(r, "reception.secret")
		}
		if v.Replied() {
			row.Reply = h.s.T(r, "reception.reply.outcome."+string(v.Reply.Outcome)) + " (" + dmy(v.Reply.Day) + ")"
			if v.Reply.ForwardedTo != "" {
				row.Reply += ": " + v.Reply.ForwardedTo
			}
		}
		rows[i] = row
	}
	return h.render(w, r, http.StatusOK, h.pLogbook, "reception.logbook.title", map[string]any{
		"Rows": rows, "Year": year, "Pager": pager, "Prev": year - 1, "Next": year + 1}, url.Values{"nam": {strconv.Itoa(year)}}, nil)
}
