package democracy

import (
	"net/http"
	"net/url"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

func (p *pages) mountDecisions(s *web.Server) {
	s.Handle("GET "+staffBase+"/bieu-quyet/moi", canChange, p.newDecision)
	s.Handle("POST "+staffBase+"/bieu-quyet/moi", canChange, p.createDecision)
	s.Handle("GET "+staffBase+"/bieu-quyet/{id}", canSee, p.decision)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/kiem-phieu", canChange, p.count)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/to-kiem-phieu", canChange, p.committee)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/chung-kien", canChange, p.witnesses)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/ke-hoach", canChange, p.planSent)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/chot", canChange, p.finalise)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/ky", canChange, p.signers)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/gui", canChange, p.sent)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/tra-loi", canAnswer, p.answer)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/ket-thuc", canChange, p.closeOnline)
	s.Handle("GET "+publicBase+"/bieu-quyet/{id}", auth.Public(), p.voteForm)
	s.Handle("POST "+publicBase+"/bieu-quyet/{id}", auth.Public(), p.vote)
	s.Handle("GET "+staffBase+"/bieu-quyet/{id}/phieu", canSee, p.ballots)
	s.Handle("POST "+staffBase+"/bieu-quyet/{id}/phieu", canChange, p.trackBallots)
}

func readDecision(f url.Values) DecisionInput {
	return DecisionInput{MeetingID: f.Get("meeting"), HamletID: f.Get("hamlet"), Matter: f.Get("matter"), Form: Form(f.Get("form")),
		Title: f.Get("title"), Question: f.Get("question"), FallbackOf: f.Get("fallback_of"), Team: f.Get("team"),
		PlanOn: f.Get("plan_on"), BallotsFrom: f.Get("ballots_from"), BallotsTo: f.Get("ballots_to"),
		AgreedOn: f.Get("agreed_on"), InformedOn: f.Get("informed_on"), PollYes: f.Get("poll_yes")}
}

func (p *pages) decisionFormPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	data := map[string]any{"Matters": Matters, "Forms": Forms}
	if id := form.Get("meeting"); id != "" {
		m, err := p.svc.GetMeeting(r.Context(), t.ID, id)
		if err != nil {
			return err
		}
		data["M"] = m
	}
	if id := form.Get("fallback_of"); id != "" {
		d, err := p.svc.GetDecision(r.Context(), t.ID, id)
		if err != nil {
			return err
		}
		data["Fallback"] = d
	}
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
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
	data["Hamlets"], data["CommuneWide"] = mine, sc.HeadedBy == ""
	return p.s.RenderForm(w, r, status, p.pDecisionForm, "democracy.decision.new", data, form, fe)
}

func (p *pages) newDecision(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := url.Values{"meeting": {q.Get("hop")}, "form": {string(ShowOfHands)}}
	if id := q.Get("thay-the"); id != "" {
		d, err := p.svc.GetDecision(r.Context(), web.TenantOf(r).ID, id)
		if err != nil {
			return err
		}
		f = url.Values{"fallback_of": {d.ID}, "form": {string(HouseholdBallot)}, "matter": {itoa(int(d.Matter))}, "title": {d.Title},
			"question": {d.Question}, "hamlet": {d.HamletID}, "plan_on": {p.svc.Today().String()}}
	} else if q.Get("hop") == "" {
		f.Set("form", string(HouseholdBallot))
		f.Set("plan_on", p.svc.Today().String())
	}
	return p.decisionFormPage(w, r, http.StatusOK, f, nil)
}

func (p *pages) createDecision(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	d, err := p.svc.OpenDecision(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), readDecision(f))
	if fe, ok := errs.Fields(err); ok {
		return p.decisionFormPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "democracy.flash.decision_opened")
	return web.Redirect(w, r, d.URL())
}

// scopedDecision reads the decision of the path within the user's scope.
func (p *pages) scopedDecision(r *http.Request) (Decision, error) {
	d, err := p.svc.GetDecision(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return Decision{}, err
	}
	if err := p.svc.inScope(r.Context(), p.svc.d, "democracy: decision page", web.TenantOf(r).ID, scopeOf(r), d); err != nil {
		// A hamlet head follows a commune-wide decision, without acting on it.
		if !(d.CommuneWide() && r.Method == http.MethodGet) {
			return Decision{}, err
		}
	}
	return d, nil
}

func (p *pages) decisionPage(w http.ResponseWriter, r *http.Request, d Decision, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	tally, err := p.svc.Tally(r.Context(), t.ID, d)
	if err != nil {
		return err
	}
	data := map[string]any{"D": d, "Tally": tally, "R": tally.Result, "Today": p.svc.Today(),
		"PlanLate": d.PlanLate(p.svc.Today()), "AnnouncedLate": d.AnnouncedLate()}
	if d.MeetingID != "" {
		m, err := p.svc.GetMeeting(r.Context(), t.ID, d.MeetingID)
		if err != nil {
			return err
		}
		data["M"] = m
		if d.Status == Counting {
			// The count forms start from the households checked in at the door.
			if data["Present"], err = p.svc.Present(r.Context(), t.ID, m.ID); err != nil {
				return err
			}
		}
	}
	if d.Form == HouseholdBallot {
		c, err := p.svc.BallotCounts(r.Context(), t.ID, d)
		if err != nil {
			return err
		}
		data["Ballots"] = c
	}
	if d.Form == OnlineVote {
		on, err := p.svc.Online(r.Context(), t.ID, d)
		if err != nil {
			return err
		}
		hs, err := p.svc.Hamlets(r.Context(), t.ID)
		if err != nil {
			return err
		}
		h, _ := hamletByID(hs, d.HamletID)
		data["Online"], data["OnlineHouseholds"], data["VoteOver"] = on, h.Households, p.svc.Today().After(d.BallotsTo)
	}
	u := web.UserOf(r)
	data["MayAnswer"] = (d.Recogniser() == "committee" && u.Has(auth.Leader)) || (d.Recogniser() == "front" && u.Has(auth.Front))
	data["MayChange"] = canChange.Allows(u) && p.svc.inScope(r.Context(), p.svc.d, "", t.ID, scopeOf(r), d) == nil
	if form == nil {
		form = url.Values{"front_head": {d.FrontHead}, "signer1": {d.Signer1}, "signer2": {d.Signer2}}
	}
	web.NoStore(w)
	return p.s.RenderForm(w, r, status, p.pDecision, "democracy.decision.title", data, form, fe)
}

func (p *pages) decision(w http.ResponseWriter, r *http.Request) error {
	d, err := p.scopedDecision(r)
	if err != nil {
		return err
	}
	return p.decisionPage(w, r, d, http.StatusOK, nil, nil)
}

// step runs one action on the decision of the path and answers with its page.
func (p *pages) step(w http.ResponseWriter, r *http.Request, okKey string, fn func(d Decision, f url.Values, by auth.User) error) error {
	d, err := p.scopedDecision(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	err = fn(d, f, *u)
	return p.after(w, r, err, okKey, d.URL(), func(fe errs.FieldErrors) error {
		return p.decisionPage(w, r, d, http.StatusUnprocessableEntity, f, fe)
	})
}

func (p *pages) count(w http.ResponseWriter, r *http.Request) error {
	return p.step(w, r, "democracy.flash.counted", func(d Decision, f url.Values, u auth.User) error {
		_, err := p.svc.EnterCount(r.Context(), u.CommuneID, u.Actor(), u.ID, scopeOf(r), d.ID, CountInput{HamletID: f.Get("hamlet"),
			Present: f.Get("present"), Yes: f.Get("yes"), No: f.Get("no"), Invalid: f.Get("invalid")})
		return err
	})
}

func (p *pages) committee(w http.ResponseWriter, r *http.Request) error {
	return p.step(w, r, "democracy.flash.saved", func(d Decision, f url.Values, u auth.User) error {
		_, err := p.svc.SetCommittee(r.Context(), u.CommuneID, u.Actor(), scopeOf(r), d.ID, f.Get("committee"), f.Get("approvals"))
		return err
	})
}

func (p *pages) witnesses(w http.ResponseWriter, r *http.Request) error {
	return p.step(w, r, "democracy.flash.saved", func(d Decision, f url.Values, u auth.User) error {
		_, err := p.svc.SetWitnesses(r.Context(), u.CommuneID, u.Actor(), scopeOf(r), d.ID, f.Get("witnesses"))
		return err
	})
}

func (p *pages) planSent(w http.ResponseWriter, r *http.Request) error {
	return p.step(w, r, "democracy.flash.saved", func(d Decision, f url.Values, u auth.User) error {
		_, err := p.svc.RecordPlanSent(r.Context(), u.CommuneID, u.Actor(), scopeOf(r), d.ID, f.Get("plan_sent_on"))
		return err
	})
}

func (p *pages) finalise(w http.ResponseWriter, r *http.Request) error {
	return p.step(w, r, "democracy.flash.decided", func(d Decision, f url.Values, u auth.User) error {
		_, _, err := p.svc.Finalise(r.Context(), u.CommuneID, u.Actor(), scopeOf(r), d.ID)
		return err
	})
}

func (p *pages) signers(w http.ResponseWriter, r *http.Request) error {
	return p.step(w, r, "democracy.flash.saved", func(d Decision, f url.Values, u auth.User) error {
		_, err := p.svc.SetSigners(r.Context(), u.CommuneID, u.Actor(), scopeOf(r), d.ID, SignersInput{FrontHead: f.Get("front_head"),
			Signer1: f.Get("signer1"), Signer2: f.Get("signer2")})
		return err
	})
}

func (p *pages) sent(w http.ResponseWriter, r *http.Request) error {
	return p.step(w, r, "democracy.flash.sent", func(d Decision, f url.Values, u auth.User) error {
		_, err := p.svc.MarkSent(r.Context(), u.CommuneID, u.Actor(), scopeOf(r), d.ID, f.Get("sent_on"))
		return err
	})
}

func (p *pages) answer(w http.ResponseWriter, r *http.Request) error {
	return p.step(w, r, "democracy.flash.answered", func(d Decision, f url.Values, u auth.User) error {
		answerer := "committee"
		if d.Recogniser() == "front" && u.Has(auth.Front) {
			answerer = "front"
		} else if !u.Has(auth.Leader) {
			answerer = "front"
		}
		_, err := p.svc.Answer(r.Context(), u.CommuneID, u.Actor(), answerer, d.ID, AnswerInput{Recognise: f.Get("outcome") == "recognise",
			On: f.Get("on"), EffectOn: f.Get("effect_on"), Text: f.Get("text")})
		return err
	})
}

func (p *pages) ballotsPage(w http.ResponseWriter, r *http.Request, status int, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	d, err := p.scopedDecision(r)
	if err != nil {
		return err
	}
	if d.Form != HouseholdBallot {
		return errs.E("democracy: ballots", errs.NotFound, "democracy.err.not_found")
	}
	pager := web.NewPager(r, listPerPage)
	f := householdFilter(r, pager)
	rows, total, err := p.svc.Ballots(r.Context(), t.ID, d, f)
	if err != nil {
		return err
	}
	pager.Total = total
	c, err := p.svc.BallotCounts(r.Context(), t.ID, d)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	form := url.Values{"thon": {q.Get("thon")}, "q": {q.Get("q")}, "chua": {q.Get("chua")}}
	web.NoStore(w)
	return p.s.RenderForm(w, r, status, p.pBallots, "democracy.ballots.title", map[string]any{"D": d, "Rows": rows, "Total": total,
		"Pager": pager, "Counts": c, "Back": r.URL.RequestURI(), "Open": d.Status == Counting}, form, fe)
}

func (p *pages) ballots(w http.ResponseWriter, r *http.Request) error {
	return p.ballotsPage(w, r, http.StatusOK, nil)
}

func (p *pages) trackBallots(w http.ResponseWriter, r *http.Request) error {
	d, err := p.scopedDecision(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	step := Delivered
	if f.Get("step") == "returned" {
		step = Returned
	}
	_, err = p.svc.TrackBallots(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), d.ID, step, f["household"])
	return p.after(w, r, err, "democracy.flash.ballots", back(f, d.URL()+"/phieu"), func(fe errs.FieldErrors) error {
		return p.ballotsPage(w, r, http.StatusUnprocessableEntity, fe)
	})
}

func (p *pages) closeOnline(w http.ResponseWriter, r *http.Request) error {
	return p.step(w, r, "democracy.flash.decided", func(d Decision, f url.Values, u auth.User) error {
		_, err := p.svc.CloseOnline(r.Context(), u.CommuneID, u.Actor(), scopeOf(r), d.ID)
		return err
	})
}

// The households' voting page of an online vote.

func (p *pages) votePage(w http.ResponseWriter, r *http.Request, d Decision, status int, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	return p.s.RenderForm(w, r, status, p.pVote, "democracy.vote.title", map[string]any{"D": d, "Open": p.svc.VoteOpen(d)}, form, fe)
}

func (p *pages) onlineDecision(r *http.Request) (Decision, error) {
	t, err := publicTenant(r)
	if err != nil {
		return Decision{}, err
	}
	d, err := p.svc.GetDecision(r.Context(), t.ID, r.PathValue("id"))
	if err == nil && d.Form != OnlineVote {
		err = errs.E("democracy: vote page", errs.NotFound, "democracy.err.not_found")
	}
	return d, err
}

func (p *pages) voteForm(w http.ResponseWriter, r *http.Request) error {
	d, err := p.onlineDecision(r)
	if err != nil {
		return err
	}
	return p.votePage(w, r, d, http.StatusOK, url.Values{}, nil)
}

func (p *pages) vote(w http.ResponseWriter, r *http.Request) error {
	d, err := p.onlineDecision(r)
	if err != nil {
		return err
	}
	f, proof, err := readPublic(w, r)
	if err != nil {
		return err
	}
	yes, ok := onlineChoice(f.Get("choice"))
	if !ok {
		return p.votePage(w, r, d, http.StatusUnprocessableEntity, f, errs.FieldErrors{"choice": "democracy.err.vote_choice"})
	}
	err = p.svc.Vote(r.Context(), web.TenantOf(r).ID, d.ID, proof, yes)
	return p.after(w, r, err, "democracy.flash.voted", publicBase+"/bieu-quyet/"+d.ID, func(fe errs.FieldErrors) error {
		return p.votePage(w, r, d, http.StatusUnprocessableEntity, f, fe)
	})
}
