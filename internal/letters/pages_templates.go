package letters

import (
	"net/http"
	"net/url"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The templates page (/thu/mau): every occasion with whether the commune wrote its own text,
// and the editor of one, with the placeholders it may use and those it must.

func (p *pages) templatesPage(w http.ResponseWriter, r *http.Request, status int, o Occasion, form url.Values, fe errs.FieldErrors, problems map[string]string) error {
	web.NoStore(w)
	t := web.TenantOf(r)
	custom, err := p.svc.Customised(r.Context(), t.ID)
	if err != nil {
		return err
	}
	rule, _ := RuleOf(o)
	required := map[string]bool{}
	for _, n := range rule.Required {
		required[n] = true
	}
	return p.s.RenderForm(w, r, status, p.pTemplates, "letters.templates.title", map[string]any{"Occasions": Occasions,
		"Occasion": o, "Custom": custom, "Allowed": rule.Allowed, "Required": required, "Problems": problems}, form, fe)
}

func occasionParam(s string) Occasion {
	if o := Occasion(s); o.Valid() {
		return o
	}
	return OccBirth
}

func (p *pages) templates(w http.ResponseWriter, r *http.Request) error {
	o := occasionParam(r.URL.Query().Get("dip"))
	t, _, err := p.svc.Template(r.Context(), web.TenantOf(r).ID, o)
	if err != nil {
		return err
	}
	return p.templatesPage(w, r, http.StatusOK, o, url.Values{"occasion": {string(o)}, "title": {t.Title}, "body": {t.Body}, "short": {t.Short}}, nil, nil)
}

func (p *pages) saveTemplate(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	o := Occasion(f.Get("occasion"))
	if !o.Valid() {
		return errs.E("letters: template", errs.NotFound, "letters.err.not_found")
	}
	by := web.UserOf(r).Actor()
	to := base + "/mau?dip=" + string(o)
	if f.Get("action") == "reset" {
		if err := p.svc.ResetTemplate(r.Context(), web.TenantOf(r).ID, by, o); err != nil {
			return err
		}
		p.s.Flash(w, r, "letters.flash.template_reset")
		return web.Redirect(w, r, to)
	}
	err = p.svc.SaveTemplate(r.Context(), web.TenantOf(r).ID, by, o, Text{Title: f.Get("title"), Body: f.Get("body"), Short: f.Get("short")})
	if fe, ok := errs.Fields(err); ok {
		// Every message names the placeholder it is about; what was typed is drawn again.
		msgs := map[string]string{}
		if ps, ok := TemplateProblems(err); ok {
			for field, pe := range ps {
				msgs[field] = p.s.T(r, pe.Key, pe.Name)
			}
		}
		return p.templatesPage(w, r, http.StatusUnprocessableEntity, o, f, fe, msgs)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "letters.flash.template_saved")
	return web.Redirect(w, r, to)
}
