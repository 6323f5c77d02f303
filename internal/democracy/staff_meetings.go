package democracy

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"xaso/internal/errs"
	"xaso/internal/web"
)

func (p *pages) mountMeetings(s *web.Server) {
	s.Handle("GET "+staffBase, canSee, p.overview)
	s.Handle("GET "+staffBase+"/hop/moi", canChange, p.newMeeting)
	s.Handle("POST "+staffBase+"/hop/moi", canChange, p.createMeeting)
	s.Handle("GET "+staffBase+"/hop/{id}", canSee, p.meeting)
	s.Handle("GET "+staffBase+"/hop/{id}/sua", canChange, p.editMeeting)
	s.Handle("POST "+staffBase+"/hop/{id}/sua", canChange, p.saveMeeting)
	s.Handle("POST "+staffBase+"/hop/{id}/da-hop", canChange, p.held)
	s.Handle("GET "+staffBase+"/hop/{id}/huy", canChange, p.confirmCancel)
	s.Handle("POST "+staffBase+"/hop/{id}/huy", canChange, p.cancel)
	s.Handle("GET "+staffBase+"/hop/{id}/thong-bao", canSee, p.notices)
	s.Handle("POST "+staffBase+"/hop/{id}/thong-bao", canChange, p.inform)
	s.Handle("POST "+staffBase+"/hop/{id}/thong-bao/ca-xom", canChange, p.informHamlet)
	s.Handle("GET "+staffBase+"/hop/{id}/diem-danh", canSee, p.attendance)
	s.Handle("POST "+staffBase+"/hop/{id}/diem-danh", canChange, p.checkIn)
	s.Handle("POST "+staffBase+"/hop/{id}/diem-danh/bo", canChange, p.uncheck)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows staff the meetings planned from today.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canSee.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	_, n, err := p.svc.Meetings(r.Context(), t.ID, MeetingFilter{Upcoming: true, From: p.svc.Today().At(startOfDay).UTC(), Scope: scopeOf(r), Limit: 1})
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "democracy.title", URL: staffBase, Text: "democracy.home.card", Args: []any{n}}, true, nil
}

func (p *pages) overview(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	sc := scopeOf(r)
	mp := web.NewPager(r, staffPerPage)
	meetings, mtotal, err := p.svc.Meetings(r.Context(), t.ID, MeetingFilter{Scope: sc, Limit: mp.PerPage, Offset: mp.Offset()})
	if err != nil {
		return err
	}
	mp.Total = mtotal
	dp := web.NewParamPager(r, "trang-bq", staffPerPage)
	decisions, dtotal, err := p.svc.Decisions(r.Context(), t.ID, DecisionFilter{Scope: sc, Limit: dp.PerPage, Offset: dp.Offset()})
	if err != nil {
		return err
	}
	dp.Total = dtotal
	return p.s.Render(w, r, http.StatusOK, p.pOverview, "democracy.title", map[string]any{
		"Meetings": meetings, "MeetingTotal": mtotal, "MeetingPager": mp,
		"Decisions": decisions, "DecisionTotal": dtotal, "DecisionPager": dp, "Today": p.svc.Today()})
}

func readMeeting(f url.Values) MeetingInput {
	return MeetingInput{Kind: Kind(f.Get("kind")), Title: f.Get("title"), HamletID: f.Get("hamlet"), Cluster: f.Get("cluster"),
		Place: f.Get("place"), Day: f.Get("day"), Time: f.Get("time"), Chair: f.Get("chair"), Secretary: f.Get("secretary"),
		NoticeOn: f.Get("notice_on"), Agenda: f.Get("agenda"), Note: f.Get("note")}
}

func meetingForm(m Meeting) url.Values {
	f := url.Values{"kind": {string(m.Kind)}, "title": {m.Title}, "hamlet": {m.HamletID}, "cluster": {m.Cluster}, "place": {m.Place},
		"day": {m.Day().String()}, "time": {m.StartsAt.In(zone()).Format("15:04")}, "chair": {m.Chair}, "secretary": {m.Secretary},
		"agenda": {strings.Join(m.Agenda, "\n")}, "note": {m.Note}}
	if m.NoticeOn.Valid() {
		f.Set("notice_on", m.NoticeOn.String())
	}
	return f
}

func (p *pages) meetingFormPage(w http.ResponseWriter, r *http.Request, status int, m *Meeting, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	hamlets, err := p.svc.Hamlets(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	sc := scopeOf(r)
	var mine []Hamlet
	for _, h := range hamlets {
		if sc.Covers(h) {
			mine = append(mine, h)
		}
	}
	title, action := "democracy.meeting.new", staffBase+"/hop/moi"
	if m != nil {
		title, action = "democracy.meeting.edit", m.URL()+"/sua"
	}
	return p.s.RenderForm(w, r, status, p.pMeetingForm, title, map[string]any{"M": m, "Action": action, "Heading": title,
		"Kinds": Kinds, "Hamlets": mine, "CommuneWide": sc.HeadedBy == "", "Cluster": ClusterHouseholds}, form, fe)
}

func (p *pages) newMeeting(w http.ResponseWriter, r *http.Request) error {
	f := url.Values{"kind": {string(DecisionMeeting)}, "day": {p.svc.Today().AddDays(3).String()}, "time": {"19:30"}}
	if h := r.URL.Query().Get("thon"); h != "" {
		f.Set("hamlet", h)
	}
	return p.meetingFormPage(w, r, http.StatusOK, nil, f, nil)
}

func (p *pages) createMeeting(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	m, err := p.svc.PlanMeeting(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), readMeeting(f))
	if fe, ok := errs.Fields(err); ok {
		return p.meetingFormPage(w, r, http.StatusUnprocessableEntity, nil, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "democracy.flash.meeting_saved")
	return web.Redirect(w, r, m.URL())
}

// scopedMeeting reads the meeting of the path, refusing a hamlet head another hamlet's.
func (p *pages) scopedMeeting(r *http.Request) (Meeting, error) {
	t := web.TenantOf(r)
	m, err := p.svc.GetMeeting(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return Meeting{}, err
	}
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return Meeting{}, err
	}
	if err := checkScope("democracy: meeting page", hamlets, scopeOf(r), m); err != nil {
		return Meeting{}, err
	}
	return m, nil
}

func (p *pages) editMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	return p.meetingFormPage(w, r, http.StatusOK, &m, meetingForm(m), nil)
}

func (p *pages) saveMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.EditMeeting(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), m.ID, readMeeting(f))
	return p.after(w, r, err, "democracy.flash.meeting_saved", m.URL(), func(fe errs.FieldErrors) error {
		return p.meetingFormPage(w, r, http.StatusUnprocessableEntity, &m, f, fe)
	})
}

func (p *pages) meeting(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	reach, err := p.svc.Reach(r.Context(), t.ID, m)
	if err != nil {
		return err
	}
	decisions, _, err := p.svc.Decisions(r.Context(), t.ID, DecisionFilter{MeetingID: m.ID, Limit: 50})
	if err != nil {
		return err
	}
	web.NoStore(w)
	today := p.svc.Today()
	return p.s.Render(w, r, http.StatusOK, p.pMeeting, "democracy.meeting.title", map[string]any{"M": m, "Reach": reach,
		"Decisions": decisions, "NoticeLate": m.NoticeLate(today), "Started": !m.StartsAt.After(p.svc.Now()),
		"CanDecide": m.Status != Cancelled && (m.Kind == DecisionMeeting || m.Kind == YearEndMeeting)})
}

func (p *pages) held(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.SetStatus(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), m.ID, Held, f.Get("note"))
	return p.after(w, r, err, "democracy.flash.meeting_held", m.URL(), nil)
}

func (p *pages) confirmCancel(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	return p.s.RenderForm(w, r, http.StatusOK, p.pCancel, "democracy.meeting.cancel", map[string]any{"M": m}, url.Values{}, nil)
}

func (p *pages) cancel(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.SetStatus(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), m.ID, Cancelled, f.Get("note"))
	return p.after(w, r, err, "democracy.flash.meeting_cancelled", m.URL(), func(fe errs.FieldErrors) error {
		web.NoStore(w)
		return p.s.RenderForm(w, r, http.StatusUnprocessableEntity, p.pCancel, "democracy.meeting.cancel", map[string]any{"M": m}, f, fe)
	})
}

// householdFilter reads a household list's filter from the query.
func householdFilter(r *http.Request, pager *web.Pager) HouseholdFilter {
	q := r.URL.Query()
	return HouseholdFilter{HamletID: q.Get("thon"), Query: q.Get("q"), Missing: q.Get("chua") == "1", Limit: pager.PerPage, Offset: pager.Offset()}
}

// householdPage draws the notice or the door list of a meeting.
func (p *pages) householdPage(w http.ResponseWriter, r *http.Request, list List, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	pager := web.NewPager(r, listPerPage)
	f := householdFilter(r, pager)
	rows, total, err := p.svc.Households(r.Context(), t.ID, m, list, f)
	if err != nil {
		return err
	}
	pager.Total = total
	reach, err := p.svc.Reach(r.Context(), t.ID, m)
	if err != nil {
		return err
	}
	sc := scopeOf(r)
	mine := map[string]bool{}
	for _, h := range reach.Hamlets {
		mine[h.ID] = sc.Covers(h.Hamlet)
	}
	web.NoStore(w)
	page, title := p.pNotices, "democracy.notice.title"
	if list == AttendanceList {
		page, title = p.pAttendance, "democracy.attendance.title"
	}
	q := r.URL.Query()
	if form == nil {
		form = url.Values{"channel": {string(ByVisit)}}
	}
	for _, k := range []string{"thon", "q", "chua"} {
		form.Set(k, q.Get(k))
	}
	return p.s.RenderForm(w, r, status, page, title, map[string]any{"M": m, "Rows": rows, "Total": total, "Pager": pager,
		"Reach": reach, "Mine": mine, "Channels": Channels, "Filter": f, "Back": r.URL.RequestURI(),
		"Open": m.Status != Cancelled}, form, fe)
}

func (p *pages) notices(w http.ResponseWriter, r *http.Request) error {
	return p.householdPage(w, r, NoticeList, http.StatusOK, nil, nil)
}

// back is the list the form came from (its filter and page), or the meeting's list.
func back(f url.Values, fallback string) string {
	return web.LocalPath(f.Get("back"), fallback)
}

func (p *pages) inform(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	at, key := parseMoment(f.Get("at"))
	if key != "" {
		return p.householdPage(w, r, NoticeList, http.StatusUnprocessableEntity, f, errs.FieldErrors{"at": key})
	}
	_, err = p.svc.Inform(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), m.ID,
		InformInput{HouseholdIDs: f["household"], Channel: Channel(f.Get("channel")), Papers: f.Get("papers") == "1", At: at})
	return p.after(w, r, err, "democracy.flash.informed", back(f, m.URL()+"/thong-bao"), func(fe errs.FieldErrors) error {
		return p.householdPage(w, r, NoticeList, http.StatusUnprocessableEntity, f, fe)
	})
}

func (p *pages) informHamlet(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	if f.Get("hamlet") == "" {
		return p.householdPage(w, r, NoticeList, http.StatusUnprocessableEntity, f, errs.FieldErrors{"hamlet": "democracy.err.hamlet_choose"})
	}
	_, err = p.svc.Inform(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), m.ID,
		InformInput{HamletID: f.Get("hamlet"), Channel: Channel(f.Get("channel")), Papers: f.Get("papers") == "1"})
	return p.after(w, r, err, "democracy.flash.informed", back(f, m.URL()+"/thong-bao"), func(fe errs.FieldErrors) error {
		return p.householdPage(w, r, NoticeList, http.StatusUnprocessableEntity, f, fe)
	})
}

func (p *pages) attendance(w http.ResponseWriter, r *http.Request) error {
	return p.householdPage(w, r, AttendanceList, http.StatusOK, nil, nil)
}

func (p *pages) checkIn(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	err = p.svc.CheckIn(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), m.ID, f.Get("household"), f.Get("representative"), f.Get("proxy") == "1")
	return p.after(w, r, err, "democracy.flash.checked_in", back(f, m.URL()+"/diem-danh"), func(fe errs.FieldErrors) error {
		return p.householdPage(w, r, AttendanceList, http.StatusUnprocessableEntity, f, fe)
	})
}

func (p *pages) uncheck(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	err = p.svc.Uncheck(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), m.ID, f.Get("household"))
	return p.after(w, r, err, "democracy.flash.unchecked", back(f, m.URL()+"/diem-danh"), nil)
}

// parseMoment reads a local date-time typed in a form ("2026-12-08T19:30"); "" is now.
func parseMoment(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ""
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "02/01/2006 15:04"} {
		if t, err := time.ParseInLocation(layout, s, zone()); err == nil {
			return t.UTC(), ""
		}
	}
	return time.Time{}, "democracy.err.moment_invalid"
}
