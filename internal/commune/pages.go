package commune

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"

	"xaso/internal/auth"
	"xaso/internal/blob"
	"xaso/internal/errs"
	"xaso/internal/web"
)

//go:embed all:templates
var templateFS embed.FS

// Who may see and change the registry: residents' personal data stays with the staff who need
// it (Decree 13/2023 on personal data protection: access limited to the purpose).
var (
	canRead   = auth.Roles(auth.Desk, auth.Specialist, auth.Leader, auth.HamletHead, auth.Admin)
	canWrite  = auth.Roles(auth.Desk, auth.Specialist, auth.Admin)
	canStaff  = auth.Roles(auth.Leader, auth.Admin)
	canImport = auth.Roles(auth.Specialist, auth.Admin)
	// The commune's own details are the committee's: its leaders and the administrator.
	canCommune = auth.Roles(auth.Admin, auth.Leader)
)

// pages serves the registry's HTML pages.
type pages struct {
	s     *web.Server
	st    *Store
	blobs *blob.Store
	wake  func()
	heads HeadAccounts

	households, household, householdNew, residents, staffList, staffForm, importForm, importPreview web.Page
	communeForm, hamlets, hamletForm, residentForm, residentRemove                                  web.Page
}

// Mount adds the registry's pages to the shell. wake nudges the outbox after a change; heads
// lists the accounts that can be named hamlet heads.
func Mount(s *web.Server, st *Store, blobs *blob.Store, wake func(), heads HeadAccounts) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("commune", sub)
	p := &pages{s: s, st: st, blobs: blobs, wake: wake, heads: heads,
		households: s.Page("commune/households.html"), household: s.Page("commune/household.html"),
		householdNew: s.Page("commune/household_new.html"), residents: s.Page("commune/residents.html"),
		staffList: s.Page("commune/staff.html"), staffForm: s.Page("commune/staff_form.html"),
		importForm: s.Page("commune/import.html"), importPreview: s.Page("commune/import_preview.html"),
		communeForm: s.Page("commune/commune_form.html"), hamlets: s.Page("commune/hamlets.html"),
		hamletForm: s.Page("commune/hamlet_form.html"), residentForm: s.Page("commune/resident_form.html"),
		residentRemove: s.Page("commune/resident_remove.html")}
	s.Handle("GET /quan-tri/xa", canCommune, p.editCommune)
	s.Handle("POST /quan-tri/xa", canCommune, p.saveCommune)
	s.Handle("GET /xom", canRead, p.listHamlets)
	s.Handle("GET /xom/moi", canWrite, p.newHamlet)
	s.Handle("POST /xom/moi", canWrite, p.saveHamlet)
	s.Handle("GET /xom/{id}", canWrite, p.editHamlet)
	s.Handle("POST /xom/{id}", canWrite, p.saveHamlet)
	s.Handle("GET /ho-gia-dinh", canRead, p.listHouseholds)
	s.Handle("GET /ho-gia-dinh/moi", canWrite, p.newHousehold)
	s.Handle("POST /ho-gia-dinh/moi", canWrite, p.createHousehold)
	s.Handle("GET /ho-gia-dinh/{id}", canRead, p.showHousehold)
	s.Handle("POST /ho-gia-dinh/{id}", canWrite, p.updateHousehold)
	s.Handle("POST /ho-gia-dinh/{id}/nhan-khau", canWrite, p.addResident)
	s.Handle("POST /ho-gia-dinh/{id}/chu-ho", canWrite, p.changeHead)
	s.Handle("GET /nhan-khau", canRead, p.listResidents)
	s.Handle("GET /nhan-khau/{id}", canWrite, p.editResident)
	s.Handle("POST /nhan-khau/{id}", canWrite, p.updateResident)
	s.Handle("GET /nhan-khau/{id}/xoa", canWrite, p.confirmRemoveResident)
	s.Handle("POST /nhan-khau/{id}/xoa", canWrite, p.removeResident)
	s.Handle("GET /can-bo", auth.Public(), p.listStaff)
	s.Handle("GET /can-bo/moi", canStaff, p.newStaff)
	s.Handle("POST /can-bo/moi", canStaff, p.saveStaff)
	s.Handle("GET /can-bo/{id}", canStaff, p.editStaff)
	s.Handle("POST /can-bo/{id}", canStaff, p.saveStaff)
	s.Handle("GET /can-bo/{id}/anh", auth.Public(), p.staffPhoto)
	s.Handle("GET /nhap-du-lieu", canImport, p.importPage)
	s.Handle("POST /nhap-du-lieu", canImport, p.importUpload)
	s.Handle("POST /nhap-du-lieu/xac-nhan", canImport, p.importConfirm)
}

func (p *pages) done() {
	if p.wake != nil {
		p.wake()
	}
}

func pageOf(pg *web.Pager) Page { return Page{Limit: pg.PerPage, Offset: pg.Offset()} }

func (p *pages) listHouseholds(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	pg := web.NewPager(r, DefaultPageSize)
	q := r.URL.Query()
	v := viewerOf(r)
	list, total, err := p.st.ListHouseholds(r.Context(), t.ID, HouseholdFilter{Query: v.query(q.Get("q")), HamletID: q.Get("xom"), HeadedBy: v.headedBy, Page: pageOf(pg)})
	if err != nil {
		return err
	}
	pg.Total = total
	hamlets, err := p.st.ListHamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.households, "commune.households.title",
		map[string]any{"Households": list, "Hamlets": v.hamlets(hamlets), "Unassigned": v.headedBy != "" && len(v.hamlets(hamlets)) == 0, "Pager": pg, "Total": total, "Hamlet": q.Get("xom")}, q, nil)
}

func (p *pages) newHousehold(w http.ResponseWriter, r *http.Request) error {
	hamlets, err := p.st.ListHamlets(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	return p.s.Render(w, r, http.StatusOK, p.householdNew, "commune.households.new", map[string]any{"Hamlets": hamlets})
}

// newMemberPrefix starts the field names of the household page's "add a member" form.
const newMemberPrefix = "new."

// prefixFields renames a store's field errors to the names of a form whose fields carry prefix.
func prefixFields(prefix string, fe errs.FieldErrors) errs.FieldErrors {
	out := make(errs.FieldErrors, len(fe))
	for k, v := range fe {
		out[prefix+k] = v
	}
	return out
}

func residentFromForm(r *http.Request, prefix string) Resident {
	f := func(k string) string { return r.PostFormValue(prefix + k) }
	return Resident{FullName: f("full_name"), BirthDate: f("birth_date"), Gender: f("gender"),
		IDNumber: f("id_number"), Phone: f("phone"), Relation: f("relation")}
}

func (p *pages) createHousehold(w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	head := residentFromForm(r, "members.0.")
	head.Relation = RelationHead
	h := Household{Code: r.PostFormValue("code"), HamletID: r.PostFormValue("hamlet_id"), Address: r.PostFormValue("address"),
		Phone: r.PostFormValue("phone"), Members: []Resident{head}}
	created, err := p.st.CreateHousehold(r.Context(), t.ID, u.Actor(), h)
	if fe, ok := errs.Fields(err); ok {
		hamlets, herr := p.st.ListHamlets(r.Context(), t.ID)
		if herr != nil {
			return herr
		}
		return p.s.RenderForm(w, r, http.StatusUnprocessableEntity, p.householdNew, "commune.households.new",
			map[string]any{"Hamlets": hamlets}, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.done()
	p.s.Flash(w, r, "commune.households.created")
	return web.Redirect(w, r, "/ho-gia-dinh/"+created.ID)
}

func (p *pages) showHousehold(w http.ResponseWriter, r *http.Request) error {
	return p.renderHousehold(w, r, http.StatusOK, nil, nil)
}

// renderHousehold draws the household page with its forms (edit the household, add a member,
// change the head). posted is the form sent back after an error, if any; the other forms show
// the household as stored. The forms' field names do not overlap (the added member's carry
// newMemberPrefix), so that one form's values and errors never spill into another.
func (p *pages) renderHousehold(w http.ResponseWriter, r *http.Request, status int, posted url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	h, err := p.st.GetHousehold(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	v := viewerOf(r)
	if ok, err := v.sees(r.Context(), p.st, t.ID, h.HamletID); err != nil {
		return err
	} else if !ok {
		// Another hamlet's household is not found for this hamlet head, as in another commune.
		return errs.E("commune: show household", errs.NotFound, "commune.household.not_found")
	}
	if r.Method == http.MethodGet {
		if err := p.st.RecordView(r.Context(), t.ID, web.UserOf(r).Actor(), "household", h.ID); err != nil {
			return err
		}
	}
	h.Members = v.mask(h.Members)
	hamlets, err := p.st.ListHamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	form := url.Values{"code": {h.Code}, "hamlet_id": {h.HamletID}, "address": {h.Address}, "phone": {h.Phone}}
	for k, v := range posted {
		form[k] = v
	}
	head, _ := h.Head()
	return p.s.RenderForm(w, r, status, p.household, "commune.household.title",
		map[string]any{"Household": h, "Head": head, "Hamlets": hamlets, "OtherRelations": otherRelations(), "Today": p.st.today()}, form, fe)
}

func (p *pages) updateHousehold(w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	h, err := p.st.GetHousehold(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.Code, h.HamletID, h.Address, h.Phone = r.PostFormValue("code"), r.PostFormValue("hamlet_id"), r.PostFormValue("address"), r.PostFormValue("phone")
	_, err = p.st.UpdateHousehold(r.Context(), t.ID, u.Actor(), h)
	if fe, ok := errs.Fields(err); ok {
		return p.renderHousehold(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.done()
	p.s.Flash(w, r, "commune.saved")
	return web.Redirect(w, r, "/ho-gia-dinh/"+h.ID)
}

func (p *pages) addResident(w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	res := residentFromForm(r, newMemberPrefix)
	res.HouseholdID = r.PathValue("id")
	_, err := p.st.AddResident(r.Context(), t.ID, u.Actor(), res)
	if fe, ok := errs.Fields(err); ok {
		return p.renderHousehold(w, r, http.StatusUnprocessableEntity, r.PostForm, prefixFields(newMemberPrefix, fe))
	}
	if err != nil {
		return err
	}
	p.done()
	p.s.Flash(w, r, "commune.resident.added")
	return web.Redirect(w, r, "/ho-gia-dinh/"+res.HouseholdID)
}

func (p *pages) listResidents(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	pg := web.NewPager(r, DefaultPageSize)
	q := r.URL.Query()
	v := viewerOf(r)
	list, total, err := p.st.ListResidents(r.Context(), t.ID, ResidentFilter{Query: v.query(q.Get("q")), HamletID: q.Get("xom"), VotersOnly: q.Get("cu-tri") == "1", HeadedBy: v.headedBy, Page: pageOf(pg)})
	if err != nil {
		return err
	}
	pg.Total = total
	hamlets, err := p.st.ListHamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.residents, "commune.residents.title",
		map[string]any{"Residents": v.mask(list), "Hamlets": v.hamlets(hamlets), "Unassigned": v.headedBy != "" && len(v.hamlets(hamlets)) == 0, "Pager": pg, "Total": total, "Hamlet": q.Get("xom"), "Today": p.st.today()}, q, nil)
}

func (p *pages) listStaff(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t := web.TenantOf(r)
	pg := web.NewPager(r, DefaultPageSize)
	q := r.URL.Query()
	list, total, err := p.st.ListStaff(r.Context(), t.ID, StaffFilter{Query: q.Get("q"), Page: pageOf(pg)})
	if err != nil {
		return err
	}
	pg.Total = total
	return p.s.RenderForm(w, r, http.StatusOK, p.staffList, "commune.staff.title", map[string]any{"Staff": list, "Pager": pg, "Total": total}, q, nil)
}

func (p *pages) newStaff(w http.ResponseWriter, r *http.Request) error {
	return p.s.Render(w, r, http.StatusOK, p.staffForm, "commune.staff.new", map[string]any{"New": true})
}

func (p *pages) editStaff(w http.ResponseWriter, r *http.Request) error {
	st, err := p.st.GetStaff(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	form := map[string][]string{"full_name": {st.FullName}, "title": {st.Title}, "unit": {st.Unit}, "phone": {st.Phone}, "email": {st.Email}}
	return p.s.RenderForm(w, r, http.StatusOK, p.staffForm, "commune.staff.edit", map[string]any{"Staff": st}, form, nil)
}

func (p *pages) saveStaff(w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	if err := web.ParseMultipartForm(r, p.blobs.MaxSize()); err != nil && err != http.ErrNotMultipart {
		return errs.E("commune: save staff", errs.TooLarge, "error.too_large")
	}
	st := Staff{}
	id := r.PathValue("id")
	if id != "" {
		var err error
		if st, err = p.st.GetStaff(r.Context(), t.ID, id); err != nil {
			return err
		}
	}
	st.FullName, st.Title, st.Unit = r.PostFormValue("full_name"), r.PostFormValue("title"), r.PostFormValue("unit")
	st.Phone, st.Email = r.PostFormValue("phone"), r.PostFormValue("email")
	// The fields are checked before the photo is stored, and the photo by its content before
	// anything is written: a refused form leaves no orphan file behind.
	check := st
	if fe := check.normalize(); len(fe) > 0 {
		data := map[string]any{"New": id == "", "Staff": st}
		return p.s.RenderForm(w, r, http.StatusUnprocessableEntity, p.staffForm, "commune.staff.edit", data, r.PostForm, fe)
	}
	if file, hdr, err := r.FormFile("photo"); err == nil {
		defer file.Close()
		b, err := p.blobs.PutImage(r.Context(), t.ID, hdr.Filename, file)
		if e, ok := errs.As(err); ok && (e.Kind == errs.Invalid || e.Kind == errs.TooLarge) {
			data := map[string]any{"New": id == "", "Staff": st}
			return p.s.RenderForm(w, r, http.StatusUnprocessableEntity, p.staffForm, "commune.staff.edit", data, r.PostForm,
				errs.FieldErrors{"photo": "commune.staff.photo_not_image"})
		}
		if err != nil {
			return err
		}
		st.PhotoSHA256 = b.SHA256
	}
	var err error
	if id == "" {
		_, err = p.st.CreateStaff(r.Context(), t.ID, u.Actor(), st)
	} else {
		_, err = p.st.UpdateStaff(r.Context(), t.ID, u.Actor(), st)
	}
	if fe, ok := errs.Fields(err); ok {
		data := map[string]any{"New": id == "", "Staff": st}
		return p.s.RenderForm(w, r, http.StatusUnprocessableEntity, p.staffForm, "commune.staff.edit", data, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.done()
	p.s.Flash(w, r, "commune.saved")
	return web.Redirect(w, r, "/can-bo")
}

func (p *pages) staffPhoto(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	st, err := p.st.GetStaff(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if st.PhotoSHA256 == "" {
		return errs.E("commune: staff photo", errs.NotFound, "error.not_found")
	}
	return p.blobs.Serve(w, r, t.ID, st.PhotoSHA256)
}
