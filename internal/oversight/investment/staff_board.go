package investment

import (
	"net/http"
	"net/url"

	"xaso/internal/errs"
	"xaso/internal/web"
)

func (p *pages) mountBoard(s *web.Server) {
	s.Handle("GET "+staffBase+"/{id}/ban", canSee, p.board)
	s.Handle("POST "+staffBase+"/{id}/ban", canBoard, p.setUpBoard)
	s.Handle("POST "+staffBase+"/{id}/ban/sua", canBoard, p.updateBoard)
	s.Handle("POST "+staffBase+"/{id}/ban/thong-bao", canBoard, p.notice)
	s.Handle("POST "+staffBase+"/{id}/ban/thanh-vien", canBoard, p.addMember)
	s.Handle("POST "+staffBase+"/{id}/ban/thanh-vien/{mid}", canBoard, p.updateMember)
	s.Handle("POST "+staffBase+"/{id}/ban/thanh-vien/{mid}/roi", canBoard, p.memberLeaves)
}

func boardForm(b Board) url.Values {
	return url.Values{"set_up_on": {dayText(b.SetUpOn)}, "decision_ref": {b.DecisionRef}, "supervision_from": {dayText(b.SupervisionFrom)}, "plan": {b.Plan}}
}

// board draws the board: who set it up, its start and notice, the size rules it breaks, each
// member with its flags (not declared, declared relatives, a name matching a party), and the
// Front's forms.
func (p *pages) board(w http.ResponseWriter, r *http.Request) error {
	return p.boardPage(w, r, http.StatusOK, nil, nil)
}

func (p *pages) boardPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	cid, u := actor(r)
	ctx := r.Context()
	web.NoStore(w)
	x, err := p.svc.Project(ctx, cid, r.PathValue("id"))
	if err != nil {
		return err
	}
	b, ok, err := p.svc.BoardOf(ctx, cid, x.ID)
	if err != nil {
		return err
	}
	hs, err := p.svc.Hamlets(ctx, cid)
	if err != nil {
		return err
	}
	elections, err := p.svc.Elections(ctx, cid)
	if err != nil {
		return err
	}
	today := p.svc.Today()
	if form == nil {
		form = url.Values{"set_up_on": {today.String()}, "notified_on": {today.String()}, "position": {string(Member)}, "origin": {string(FromResidents)}}
		if ok {
			for k, v := range boardForm(b) {
				form[k] = v
			}
		}
	}
	return p.s.RenderForm(w, r, status, p.pBoard, "investment.board.title", map[string]any{"P": x, "Board": b, "HasBoard": ok,
		"Hamlets": hs, "Elections": elections, "Origins": Origins, "Positions": Positions, "Today": today, "SetUpBy": p.svc.SetUpBy(),
		"Min": MinMembers, "MaxResidents": MaxResidents, "MaxDeputies": MaxDeputies, "NoticeDays": NoticeDays,
		"CanBoard": canBoard.Allows(u), "Year": today.Year, "Quarter": (int(today.Month)-1)/3 + 1}, form, fe)
}

func readBoardForm(f url.Values) BoardInput {
	return BoardInput{SetUpOn: f.Get("set_up_on"), DecisionRef: f.Get("decision_ref"), SupervisionFrom: f.Get("supervision_from"), Plan: f.Get("plan")}
}

// boardAction runs a Front's action from the board page, redrawing it with the form's errors.
func (p *pages) boardAction(w http.ResponseWriter, r *http.Request, okKey string, do func(cid string, f url.Values) error) error {
	cid, _ := actor(r)
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	err = do(cid, f)
	return p.after(w, r, err, okKey, staffBase+"/"+r.PathValue("id")+"/ban", func(fe errs.FieldErrors) error {
		return p.boardPage(w, r, http.StatusUnprocessableEntity, f, fe)
	})
}

func (p *pages) setUpBoard(w http.ResponseWriter, r *http.Request) error {
	return p.boardAction(w, r, "investment.board.set_up_done", func(cid string, f url.Values) error {
		_, err := p.svc.SetUpBoard(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"), readBoardForm(f))
		return err
	})
}

func (p *pages) updateBoard(w http.ResponseWriter, r *http.Request) error {
	return p.boardAction(w, r, "investment.board.saved", func(cid string, f url.Values) error {
		_, err := p.svc.UpdateBoard(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"), readBoardForm(f))
		return err
	})
}

func (p *pages) notice(w http.ResponseWriter, r *http.Request) error {
	return p.boardAction(w, r, "investment.board.notified", func(cid string, f url.Values) error {
		_, err := p.svc.RecordNotice(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"), f.Get("notified_on"))
		return err
	})
}

func readMemberForm(f url.Values) MemberInput {
	return MemberInput{Name: f.Get("member_name"), Origin: Origin(f.Get("origin")), Position: Position(f.Get("position")),
		HamletID: f.Get("hamlet"), Phone: f.Get("phone"), Username: f.Get("username"), Declared: f.Get("declared") == "1",
		Relatives: f.Get("relatives"), DeclaredOn: f.Get("declared_on"), ElectionID: f.Get("election")}
}

func (p *pages) addMember(w http.ResponseWriter, r *http.Request) error {
	return p.boardAction(w, r, "investment.member.added", func(cid string, f url.Values) error {
		_, err := p.svc.AddMember(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"), readMemberForm(f))
		return err
	})
}

func (p *pages) updateMember(w http.ResponseWriter, r *http.Request) error {
	cid, u := actor(r)
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.UpdateMember(r.Context(), cid, u.Actor(), r.PathValue("id"), r.PathValue("mid"), readMemberForm(f))
	// The member's own small form has no place to draw errors: the first is flashed.
	return p.after(w, r, err, "investment.member.saved", staffBase+"/"+r.PathValue("id")+"/ban#tv-"+r.PathValue("mid"), nil)
}

func (p *pages) memberLeaves(w http.ResponseWriter, r *http.Request) error {
	cid, u := actor(r)
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	err = p.svc.MemberLeaves(r.Context(), cid, u.Actor(), r.PathValue("id"), r.PathValue("mid"), f.Get("left_on"))
	return p.after(w, r, err, "investment.member.left", staffBase+"/"+r.PathValue("id")+"/ban", nil)
}
