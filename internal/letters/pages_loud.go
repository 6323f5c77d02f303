package letters

import (
	"net/http"
	"net/url"

	"xaso/internal/commune"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The loudspeaker pages (/thu/loa): the scripts, a new one (pasted, or a greeting's text),
// the script as read, printable, with the hamlets and when it was read in each.

func (p *pages) mountLoud(s *web.Server) {
	s.Handle("GET "+base+"/loa", canWork, p.loudList)
	s.Handle("GET "+base+"/loa/moi", canWork, p.loudForm)
	s.Handle("POST "+base+"/loa/moi", canWork, p.loudCreate)
	s.Handle("GET "+base+"/loa/{id}/ban-doc", canWork, p.script)
	s.Handle("GET "+base+"/loa/{id}/ban-doc.pdf", canWork, p.scriptPDF)
	s.Handle("POST "+base+"/loa/{id}/da-doc", canWork, p.recordReading)
}

func (p *pages) loudList(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	pager := web.NewPager(r, perPage)
	rows, total, err := p.svc.Scripts(r.Context(), web.TenantOf(r).ID, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	return p.s.Render(w, r, http.StatusOK, p.pLoudList, "letters.loud.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager})
}

func (p *pages) loudFormPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	hamlets, err := p.svc.Hamlets(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	chosen := map[string]bool{}
	for _, h := range form["hamlets"] {
		chosen[h] = true
	}
	data := map[string]any{"Hamlets": hamlets, "Chosen": chosen}
	if body := form.Get("body"); body != "" {
		sc := Script{Body: body, Southern: form.Get("southern") == "1"}
		data["Preview"] = sc.SpokenLines()
	}
	return p.s.RenderForm(w, r, status, p.pLoudForm, "letters.loud.new", data, form, fe)
}

func (p *pages) loudForm(w http.ResponseWriter, r *http.Request) error {
	form := url.Values{"read_on": {p.svc.Today().String()}}
	if id := r.URL.Query().Get("thu"); id != "" {
		l, err := p.svc.Get(r.Context(), web.TenantOf(r).ID, id)
		if err != nil {
			return err
		}
		form.Set("title", l.Title)
		form.Set("body", l.Body)
		form.Set("letter", l.ID)
	}
	return p.loudFormPage(w, r, http.StatusOK, form, nil)
}

func (p *pages) loudCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if f.Get("action") == "preview" {
		return p.loudFormPage(w, r, http.StatusOK, f, nil)
	}
	sc, err := p.svc.CreateScript(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), ScriptInput{Title: f.Get("title"),
		Body: f.Get("body"), ReadOn: f.Get("read_on"), HamletIDs: f["hamlets"], Southern: f.Get("southern") == "1", LetterID: f.Get("letter")})
	if fe, ok := errs.Fields(err); ok {
		return p.loudFormPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "letters.flash.script_created")
	return web.Redirect(w, r, sc.URL())
}

func (p *pages) script(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	sc, err := p.svc.GetScript(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.s.Render(w, r, http.StatusOK, p.pScript, "letters.loud.script_title", map[string]any{"S": sc})
}

func (p *pages) scriptPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	sc, err := p.svc.GetScript(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	pdfHeaders(w, "ban-doc-loa.pdf")
	return renderDoc(w, ScriptDoc(c, sc, p.svc.now()))
}

func (p *pages) recordReading(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := p.svc.RecordReading(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), id, f.Get("hamlet")); err != nil {
		if _, ok := errs.Fields(err); ok {
			return errs.E("letters: reading", errs.Invalid, "letters.err.hamlet")
		}
		return err
	}
	p.s.Flash(w, r, "letters.flash.read")
	return web.Redirect(w, r, base+"/loa/"+id+"/ban-doc")
}
