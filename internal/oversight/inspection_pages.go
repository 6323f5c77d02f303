package oversight

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"xaso/internal/errs"
	"xaso/internal/web"
)

func (p *pages) mountBoard(s *web.Server) {
	s.Handle("GET "+inspectionBase, canSeeBoard, p.overview)
	s.Handle("POST "+inspectionBase+"/co-quan-chi-dao", canDirect, p.saveDirectedBy)
	s.Handle("GET "+inspectionBase+"/nhiem-ky/moi", canKeepBoard, p.newBoard)
	s.Handle("POST "+inspectionBase+"/nhiem-ky/moi", canKeepBoard, p.createBoard)
	s.Handle("GET "+inspectionBase+"/nhiem-ky/{id}", canSeeBoard, p.board)
	s.Handle("POST "+inspectionBase+"/nhiem-ky/{id}", canKeepBoard, p.saveBoard)
	s.Handle("GET "+inspectionBase+"/nhiem-ky/{id}/thanh-vien/moi", canKeepBoard, p.newMember)
	s.Handle("POST "+inspectionBase+"/nhiem-ky/{id}/thanh-vien/moi", canKeepBoard, p.addMember)
	s.Handle("GET "+inspectionBase+"/thanh-vien/{id}", canSeeBoard, p.member)
	s.Handle("POST "+inspectionBase+"/thanh-vien/{id}", canKeepBoard, p.saveMember)
	s.Handle("GET "+inspectionBase+"/ke-hoach/moi", canWork, p.newPlan)
	s.Handle("POST "+inspectionBase+"/ke-hoach/moi", canWork, p.createPlan)
	s.Handle("GET "+inspectionBase+"/ke-hoach/{id}", canSeeBoard, p.plan)
	s.Handle("POST "+inspectionBase+"/ke-hoach/{id}", canWork, p.savePlan)
	s.Handle("POST "+inspectionBase+"/ke-hoach/{id}/kiem-tra", canWork, p.addInspection)
	s.Handle("POST "+inspectionBase+"/kiem-tra/{id}/gui", canWork, p.recordSent)
	s.Handle("POST "+inspectionBase+"/kiem-tra/{id}/ket-thuc", canWork, p.finishInspection)
}

func (p *pages) overview(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	boards, err := p.svc.Boards(r.Context(), t.ID)
	if err != nil {
		return err
	}
	directedBy, err := p.svc.DirectedBy(r.Context(), t.ID)
	if err != nil {
		return err
	}
	data := map[string]any{"Boards": boards, "DirectedBy": directedBy}
	var b InspectionBoard
	found := false
	if id := r.URL.Query().Get("ban"); id != "" {
		for _, x := range boards {
			if x.ID == id {
				b, found = x, true
			}
		}
	}
	if !found {
		if b, found, err = p.svc.CurrentBoard(r.Context(), t.ID); err != nil {
			return err
		}
	}
	if found {
		v, err := p.svc.View(r.Context(), t.ID, b.ID)
		if err != nil {
			return err
		}
		pager := web.NewPager(r, inspectionPerPage)
		plans, total, err := p.svc.Plans(r.Context(), t.ID, b.ID, pager.PerPage, pager.Offset())
		if err != nil {
			return err
		}
		pager.Total = total
		today := p.svc.Today()
		year, quarter := quarterOf(today)
		data["V"], data["Plans"], data["PlanTotal"], data["Pager"] = v, plans, total, pager
		data["ReportYear"] = year
		data["Spans"] = []ReportSpan{{PeriodQuarter, year, quarter}, {PeriodHalf, year, (int(today.Month)-1)/6 + 1}, {PeriodYear, year, 0}, {PeriodTerm, 0, 0}}
	}
	return p.s.Render(w, r, http.StatusOK, p.pOverview, "inspection.title", data)
}

// saveDirectedBy sets the body that recognises and directs the boards (a setting, because Law
// 97/2025/QH15 reorganised the Fatherland Front).
func (p *pages) saveDirectedBy(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.SaveDirectedBy(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), f.Get("directed_by"))
	return p.after(w, r, err, "inspection.flash.directed_by", inspectionBase, nil)
}

// Boards.

func boardInput(f url.Values) BoardInput {
	return BoardInput{TermStart: f.Get("term_start"), TermEnd: f.Get("term_end"), RecognisedBy: f.Get("recognised_by"),
		ElectedRef: f.Get("elected_ref"), Note: f.Get("note")}
}

func boardForm(b InspectionBoard) url.Values {
	return url.Values{"term_start": {dayOrEmpty(b.TermStart)}, "term_end": {dayOrEmpty(b.TermEnd)}, "recognised_by": {b.RecognisedBy},
		"elected_ref": {b.ElectedRef}, "note": {b.Note}}
}

func (p *pages) boardPage(w http.ResponseWriter, r *http.Request, status int, b *InspectionBoard, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	action, heading := inspectionBase+"/nhiem-ky/moi", "inspection.board.new"
	if b != nil {
		action, heading = b.URL(), "inspection.board.edit"
	}
	if form == nil {
		body, err := p.svc.DirectedBy(r.Context(), web.TenantOf(r).ID)
		if err != nil {
			return err
		}
		form = url.Values{"recognised_by": {body}}
	}
	return p.s.RenderForm(w, r, status, p.pBoardForm, heading, map[string]any{"B": b, "Action": action, "Heading": heading}, form, fe)
}

func (p *pages) newBoard(w http.ResponseWriter, r *http.Request) error {
	return p.boardPage(w, r, http.StatusOK, nil, nil, nil)
}

func (p *pages) createBoard(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	b, err := p.svc.CreateBoard(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), boardInput(f))
	return p.after(w, r, err, "inspection.flash.board", inspectionBase+"?ban="+b.ID, func(fe errs.FieldErrors) error {
		return p.boardPage(w, r, http.StatusUnprocessableEntity, nil, f, fe)
	})
}

func (p *pages) board(w http.ResponseWriter, r *http.Request) error {
	b, err := p.svc.GetBoard(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.boardPage(w, r, http.StatusOK, &b, boardForm(b), nil)
}

func (p *pages) saveBoard(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	b, err := p.svc.GetBoard(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.UpdateBoard(r.Context(), t.ID, b.ID, web.UserOf(r).Actor(), boardInput(f))
	return p.after(w, r, err, "inspection.flash.board", inspectionBase+"?ban="+b.ID, func(fe errs.FieldErrors) error {
		return p.boardPage(w, r, http.StatusUnprocessableEntity, &b, f, fe)
	})
}

// Members.

func memberInput(f url.Values) MemberInput {
	return MemberInput{FullName: f.Get("full_name"), HamletID: f.Get("hamlet"), ResidentRef: f.Get("resident_ref"), Phone: f.Get("phone"),
		Position: f.Get("position"), ElectedOn: f.Get("elected_on"), ElectedRef: f.Get("elected_ref"), ByElection: f.Get("by_election") == "1",
		LeftOn: f.Get("left_on"), LeftReason: f.Get("left_reason"), ElectionID: f.Get("election")}
}

func memberForm(m BoardMember) url.Values {
	by := ""
	if m.ByElection {
		by = "1"
	}
	return url.Values{"full_name": {m.FullName}, "hamlet": {m.HamletID}, "resident_ref": {m.ResidentRef}, "phone": {m.Phone},
		"position": {string(m.Position)}, "elected_on": {dayOrEmpty(m.ElectedOn)}, "elected_ref": {m.ElectedRef}, "by_election": {by},
		"left_on": {dayOrEmpty(m.LeftOn)}, "left_reason": {m.LeftReason}, "election": {strings.TrimPrefix(m.ElectionURL(), "/bau-cu/")}}
}

func (p *pages) memberPage(w http.ResponseWriter, r *http.Request, status int, b InspectionBoard, m *BoardMember, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	hs, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	action, heading := b.URL()+"/thanh-vien/moi", "inspection.member.new"
	elections, err := p.svc.Elections(r.Context(), t.ID)
	if err != nil {
		return err
	}
	data := map[string]any{"B": b, "M": m, "Hamlets": hs, "Positions": Positions, "Action": action, "Elections": elections}
	if m != nil {
		data["Action"], heading = m.URL(), "inspection.member.edit"
		staff, err := p.svc.StaffDirectory(r.Context(), t.ID)
		if err != nil {
			return err
		}
		data["Matches"] = EligibilityMatches(m.FullName, m.Phone, staff)
		data["ByElectionDue"] = m.LeftOn.Valid() && ByElectionDue(m.LeftOn, b.TermEnd)
	}
	data["Heading"] = heading
	if form == nil {
		form = url.Values{"position": {string(PosMember)}}
	}
	return p.s.RenderForm(w, r, status, p.pMemberForm, heading, data, form, fe)
}

func (p *pages) newMember(w http.ResponseWriter, r *http.Request) error {
	b, err := p.svc.GetBoard(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.memberPage(w, r, http.StatusOK, b, nil, nil, nil)
}

func (p *pages) addMember(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	b, err := p.svc.GetBoard(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	m, err := p.svc.AddMember(r.Context(), t.ID, b.ID, web.UserOf(r).Actor(), memberInput(f))
	return p.after(w, r, err, "inspection.flash.member", m.URL(), func(fe errs.FieldErrors) error {
		return p.memberPage(w, r, http.StatusUnprocessableEntity, b, nil, f, fe)
	})
}

func (p *pages) memberAndBoard(r *http.Request) (BoardMember, InspectionBoard, error) {
	t := web.TenantOf(r)
	m, err := p.svc.GetMember(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return m, InspectionBoard{}, err
	}
	b, err := p.svc.GetBoard(r.Context(), t.ID, m.BoardID)
	return m, b, err
}

func (p *pages) member(w http.ResponseWriter, r *http.Request) error {
	m, b, err := p.memberAndBoard(r)
	if err != nil {
		return err
	}
	return p.memberPage(w, r, http.StatusOK, b, &m, memberForm(m), nil)
}

func (p *pages) saveMember(w http.ResponseWriter, r *http.Request) error {
	m, b, err := p.memberAndBoard(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.UpdateMember(r.Context(), web.TenantOf(r).ID, m.ID, web.UserOf(r).Actor(), memberInput(f))
	return p.after(w, r, err, "inspection.flash.member", m.URL(), func(fe errs.FieldErrors) error {
		return p.memberPage(w, r, http.StatusUnprocessableEntity, b, &m, f, fe)
	})
}

// Plans and inspections.

func planInput(f url.Values) PlanInput {
	return PlanInput{Period: f.Get("period"), Year: f.Get("year"), Part: f.Get("part"), Content: f.Get("content"), Subjects: f.Get("subjects")}
}

func planForm(pl Plan) url.Values {
	return url.Values{"period": {string(pl.Period)}, "year": {strconv.Itoa(pl.Year)}, "part": {strconv.Itoa(pl.Part)},
		"content": {pl.Content}, "subjects": {pl.Subjects}}
}

func (p *pages) newPlan(w http.ResponseWriter, r *http.Request) error {
	b, err := p.svc.GetBoard(r.Context(), web.TenantOf(r).ID, r.URL.Query().Get("ban"))
	if err != nil {
		return err
	}
	y, q := quarterOf(p.svc.Today())
	return p.planFormPage(w, r, http.StatusOK, b, url.Values{"period": {string(PeriodQuarter)}, "year": {strconv.Itoa(y)}, "part": {strconv.Itoa(q)}}, nil)
}

func (p *pages) planFormPage(w http.ResponseWriter, r *http.Request, status int, b InspectionBoard, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	return p.s.RenderForm(w, r, status, p.pPlanForm, "inspection.plan.new", map[string]any{"B": b, "Periods": Periods,
		"Action": inspectionBase + "/ke-hoach/moi?ban=" + url.QueryEscape(b.ID)}, form, fe)
}

func (p *pages) createPlan(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	b, err := p.svc.GetBoard(r.Context(), t.ID, r.URL.Query().Get("ban"))
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	pl, err := p.svc.SavePlan(r.Context(), t.ID, b.ID, "", web.UserOf(r).Actor(), planInput(f))
	return p.after(w, r, err, "inspection.flash.plan", pl.URL(), func(fe errs.FieldErrors) error {
		return p.planFormPage(w, r, http.StatusUnprocessableEntity, b, f, fe)
	})
}

func (p *pages) planPage(w http.ResponseWriter, r *http.Request, status int, pl Plan, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	if form == nil {
		form = planForm(pl)
	}
	form.Set("today", dayOrEmpty(p.svc.Today()))
	return p.s.RenderForm(w, r, status, p.pPlan, "inspection.plan.title", map[string]any{"P": pl, "Periods": Periods,
		"Recipients": Recipients, "Today": p.svc.Today()}, form, fe)
}

func (p *pages) plan(w http.ResponseWriter, r *http.Request) error {
	pl, err := p.svc.GetPlan(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.planPage(w, r, http.StatusOK, pl, nil, nil)
}

func (p *pages) savePlan(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	pl, err := p.svc.GetPlan(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.SavePlan(r.Context(), t.ID, pl.BoardID, pl.ID, web.UserOf(r).Actor(), planInput(f))
	return p.after(w, r, err, "inspection.flash.plan", pl.URL(), func(fe errs.FieldErrors) error {
		return p.planPage(w, r, http.StatusUnprocessableEntity, pl, f, fe)
	})
}

func (p *pages) addInspection(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	pl, err := p.svc.GetPlan(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.AddInspection(r.Context(), t.ID, pl.ID, web.UserOf(r).Actor(), InspectionInput{Subject: f.Get("subject"),
		Content: f.Get("check_content"), StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on")})
	if fe, ok := errs.Fields(err); ok && fe["content"] != "" {
		fe["check_content"] = fe["content"]
		delete(fe, "content")
	}
	return p.after(w, r, err, "inspection.flash.inspection", pl.URL(), func(fe errs.FieldErrors) error {
		form := planForm(pl)
		for k, v := range f {
			form[k] = v
		}
		return p.planPage(w, r, http.StatusUnprocessableEntity, pl, form, fe)
	})
}

func (p *pages) recordSent(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	i, err := p.svc.GetInspection(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.RecordSent(r.Context(), t.ID, i.ID, web.UserOf(r).Actor(), Recipient(f.Get("to")), f.Get("sent_on"))
	return p.after(w, r, err, "inspection.flash.sent", i.URL(), nil)
}

func (p *pages) finishInspection(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	i, err := p.svc.GetInspection(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	done := f.Get("outcome") != "cancelled"
	_, err = p.svc.FinishInspection(r.Context(), t.ID, i.ID, web.UserOf(r).Actor(), done, f.Get("result"), f.Get("done_on"))
	return p.after(w, r, err, "inspection.flash.finished", i.URL(), nil)
}
