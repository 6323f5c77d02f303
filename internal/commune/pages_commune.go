package commune

import (
	"net/http"
	"net/url"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The commune's own details (the tenant): what the portal, the letterhead and dossier codes
// show. The code is shown but not editable here: it is the tenant's key in links, file names
// and other systems' references, and changing it is an operator's act.

func communeValues(c Commune) url.Values {
	return url.Values{"name": {c.Name}, "province": {c.Province}, "address": {c.Address}, "phone": {c.Phone},
		"email": {c.Email}, "chairman": {c.Chairman}, "working_hours": {c.WorkingHours}, "parent_body": {c.ParentBody},
		"agency_code": {c.AgencyCode}, "host": {c.Host}}
}

func (p *pages) editCommune(w http.ResponseWriter, r *http.Request) error {
	c, err := p.st.Commune(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.communeForm, "commune.info.title", map[string]any{"Commune": c}, communeValues(c), nil)
}

func (p *pages) saveCommune(w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	old, err := p.st.Commune(r.Context(), t.ID)
	if err != nil {
		return err
	}
	c := old // the code and the creation time are kept as they are
	f := r.PostFormValue
	c.Name, c.Province, c.Address, c.Phone, c.Email = f("name"), f("province"), f("address"), f("phone"), f("email")
	c.Chairman, c.WorkingHours, c.ParentBody, c.AgencyCode, c.Host = f("chairman"), f("working_hours"), f("parent_body"), f("agency_code"), f("host")
	_, err = p.st.UpdateCommune(r.Context(), t.ID, u.Actor(), c)
	if fe, ok := errs.Fields(err); ok {
		return p.s.RenderForm(w, r, http.StatusUnprocessableEntity, p.communeForm, "commune.info.title",
			map[string]any{"Commune": old}, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.done()
	// The shell caches the tenant for 30 s (app.tenantCache): the page and the flash say so.
	p.s.Flash(w, r, "commune.info.saved")
	return web.Redirect(w, r, "/quan-tri/xa")
}
