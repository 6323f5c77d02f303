package commune

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// Editing and removing a member of a household, and changing its head.

// otherRelations are the usual relations to the head, but for the head itself.
func otherRelations() []string {
	return slices.DeleteFunc(slices.Clone(Relations), func(s string) bool { return s == RelationHead })
}

// Values of the voter field of the resident form.
const (
	voterFieldAuto = "auto"
	voterFieldYes  = "yes"
	voterFieldNo   = "no"
)

// voterFromForm reads the voter field; anything but "yes" or "no" asks the store to derive the
// flag from the birth date.
func voterFromForm(s string) VoterFlag {
	switch s {
	case voterFieldYes:
		return VoterYes
	case voterFieldNo:
		return VoterNo
	}
	return VoterAuto
}

// voterField is the choice to show for a stored resident: the store keeps only yes or no, so a
// flag that matches the age is shown as "auto", one that differs as the override it must be.
func voterField(res Resident, today time.Time) string {
	byAge := res.Age(today) >= VoterAge
	switch {
	case res.IsVoter() == byAge:
		return voterFieldAuto
	case res.IsVoter():
		return voterFieldYes
	}
	return voterFieldNo
}

func (p *pages) editResident(w http.ResponseWriter, r *http.Request) error {
	res, err := p.st.GetResident(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := p.st.RecordView(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), "resident", res.ID); err != nil {
		return err
	}
	form := url.Values{"full_name": {res.FullName}, "birth_date": {res.BirthDate}, "gender": {res.Gender},
		"id_number": {res.IDNumber}, "phone": {res.Phone}, "relation": {res.Relation}, "voter": {voterField(res, p.st.today())}}
	return p.renderResident(w, r, http.StatusOK, res, form, nil)
}

func (p *pages) renderResident(w http.ResponseWriter, r *http.Request, status int, res Resident, form url.Values, fe errs.FieldErrors) error {
	return p.s.RenderForm(w, r, status, p.residentForm, "commune.resident.edit",
		map[string]any{"Resident": res, "Relations": otherRelations()}, form, fe)
}

func (p *pages) updateResident(w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	old, err := p.st.GetResident(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	res := residentFromForm(r, "")
	res.ID, res.HouseholdID = old.ID, old.HouseholdID
	if old.IsHead() {
		// The head's relation is not on the form: a new head is named on the household page.
		res.Relation = RelationHead
	}
	res.Voter = voterFromForm(r.PostFormValue("voter"))
	_, err = p.st.UpdateResident(r.Context(), t.ID, u.Actor(), res)
	if fe, ok := errs.Fields(err); ok {
		return p.renderResident(w, r, http.StatusUnprocessableEntity, old, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.done()
	p.s.Flash(w, r, "commune.saved")
	return web.Redirect(w, r, "/ho-gia-dinh/"+old.HouseholdID)
}

// confirmRemoveResident asks before removing: a removal cannot be undone from the pages (the
// audit log keeps what was removed).
func (p *pages) confirmRemoveResident(w http.ResponseWriter, r *http.Request) error {
	return p.renderRemove(w, r, http.StatusOK, "")
}

// renderRemove draws the confirmation; refusal is the message key of a refused removal ("" for
// none). The head is refused before asking: the store would refuse it anyway.
func (p *pages) renderRemove(w http.ResponseWriter, r *http.Request, status int, refusal string) error {
	t := web.TenantOf(r)
	res, err := p.st.GetResident(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	h, err := p.st.GetHousehold(r.Context(), t.ID, res.HouseholdID)
	if err != nil {
		return err
	}
	if refusal == "" && res.IsHead() {
		refusal = "commune.resident.remove_head"
	}
	return p.s.Render(w, r, status, p.residentRemove, "commune.resident.remove_title",
		map[string]any{"Resident": res, "Household": h, "Refusal": refusal})
}

func (p *pages) removeResident(w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	res, err := p.st.GetResident(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	err = p.st.RemoveResident(r.Context(), t.ID, u.Actor(), res.ID)
	if e, ok := errs.As(err); ok && e.Kind == errs.Conflict {
		return p.renderRemove(w, r, http.StatusConflict, e.Key)
	}
	if err != nil {
		return err
	}
	p.done()
	p.s.Flash(w, r, "commune.resident.removed")
	return web.Redirect(w, r, "/ho-gia-dinh/"+res.HouseholdID)
}

// changeHead names another member head of the household (POST /ho-gia-dinh/{id}/chu-ho):
// the store changes the head through the household's full member list, in one transaction, so
// that the household never has no head or two.
func (p *pages) changeHead(w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	h, err := p.st.GetHousehold(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	fe := errs.FieldErrors{}
	newHead := slices.IndexFunc(h.Members, func(m Resident) bool { return m.ID == r.PostFormValue("new_head") })
	if newHead < 0 || h.Members[newHead].IsHead() {
		fe["new_head"] = "commune.household.new_head_invalid"
	}
	oldRelation, isHead := NormalizeRelation(r.PostFormValue("old_head_relation"))
	switch {
	case oldRelation == "":
		fe["old_head_relation"] = "commune.resident.relation_required"
	case isHead:
		fe["old_head_relation"] = "commune.household.old_head_relation_invalid"
	}
	if len(fe) > 0 {
		return p.renderHousehold(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
	}
	// The new head first, the others in their order.
	members := make([]Resident, 0, len(h.Members))
	members = append(members, h.Members[newHead])
	members[0].Relation = RelationHead
	for i, m := range h.Members {
		if i == newHead {
			continue
		}
		if m.IsHead() {
			m.Relation = oldRelation
		}
		members = append(members, m)
	}
	h.Members = members
	_, err = p.st.UpdateHousehold(r.Context(), t.ID, u.Actor(), h)
	if fe, ok := errs.Fields(err); ok {
		if k, ok := fe["members"]; ok {
			fe["new_head"] = k // the list as a whole: shown at the choice of the new head
		}
		return p.renderHousehold(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.done()
	p.s.Flash(w, r, "commune.household.head_changed")
	return web.Redirect(w, r, "/ho-gia-dinh/"+h.ID)
}
