package rating

import (
	"net/http"

	"xaso/internal/audit"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The counter tablet (kiosk mode). The officer signs in on it once; after each return the
// tablet asks the resident at the counter, with five big buttons, how satisfied they are. A
// low rating asks why; then a thank-you screen returns to the waiting screen by itself. Each
// screen is a plain page and a plain POST form.

// kioskView is what the tablet's screens draw.
type kioskView struct {
	Subject *Subject
	Name    string // the applicant's name, shortened (MaskName)
	Levels  []int  // best first
	Level   int    // the low level being explained
	Reasons []string
	Checked map[string]bool // the reasons ticked, when the form comes back with an error
	Message string          // the thank-you screen's message (catalogue key)
	Refresh int             // seconds before the screen returns to the tablet
	Next    string
	CSS, JS string
}

func (p *pages) view(refresh int) kioskView {
	return kioskView{Levels: []int{5, 4, 3, 2, 1}, Reasons: Reasons, Refresh: refresh, Next: kioskPath,
		CSS: styleAsset.URL(), JS: kioskAsset.URL()}
}

// kiosk is the waiting screen, or the question for the officer's latest return.
func (p *pages) kiosk(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	sub, ok, err := p.svc.AwaitingAtCounter(r.Context(), t.ID, web.UserOf(r).ID)
	if err != nil {
		return err
	}
	v := p.view(waitRefresh)
	if ok {
		v.Subject, v.Name, v.Refresh = &sub, MaskName(sub.ApplicantName), offerRefresh
	}
	return p.s.Render(w, r, http.StatusOK, p.pKiosk, "rating.kiosk.title", v)
}

// kioskRate takes a tap: a level of 3–5 is recorded at once, a low one first asks why (the
// second form carries step=why), then the thank-you screen.
func (p *pages) kioskRate(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("rating: kiosk", errs.TooLarge, "error.too_large")
	}
	code := r.PostForm.Get("dossier")
	in, fe := ParseInput(r.PostForm)
	if _, bad := fe["level"]; bad || code == "" || len(code) > maxCodeBytes {
		return web.Redirect(w, r, kioskPath)
	}
	v := p.view(whyRefresh)
	v.Level = in.Level
	v.Checked = checked(r.PostForm["reason"])
	if fe != nil || (Unsatisfied(in.Level) && r.PostForm.Get("step") != "why") {
		sub, err := p.svc.Subject(r.Context(), t.ID, code)
		if err != nil {
			return p.kioskGone(w, r, err)
		}
		v.Subject, v.Name = &sub, MaskName(sub.ApplicantName)
		status := http.StatusOK
		if fe != nil {
			status = http.StatusUnprocessableEntity
		}
		return p.s.RenderForm(w, r, status, p.pWhy, "rating.kiosk.why", v, r.PostForm, fe)
	}
	u := web.UserOf(r)
	if _, err := p.svc.RateAtCounter(r.Context(), t.ID, code, in, audit.Actor{ID: u.ID, Name: u.FullName}); err != nil {
		return p.kioskGone(w, r, err)
	}
	return web.Redirect(w, r, kioskPath+"/cam-on")
}

// kioskGone answers a tap on a dossier the tablet no longer offers (rated meanwhile, or
// replaced by a newer return) on the tablet's own thank-you screen, politely, rather than on
// the error page: a resident is reading it.
func (p *pages) kioskGone(w http.ResponseWriter, r *http.Request, err error) error {
	e, ok := errs.As(err)
	if !ok || (e.Kind != errs.Conflict && e.Kind != errs.NotFound) {
		return err
	}
	v := p.view(thanksRefresh)
	v.Message = e.Key
	if e.Kind == errs.NotFound {
		v.Message = "rating.err.counter_gone"
	}
	return p.s.Render(w, r, http.StatusConflict, p.pThanks, "rating.kiosk.thanks_title", v)
}

func (p *pages) kioskThanks(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	v := p.view(thanksRefresh)
	v.Message = "rating.kiosk.thanks"
	return p.s.Render(w, r, http.StatusOK, p.pThanks, "rating.kiosk.thanks_title", v)
}

// checked is the set of reasons a form ticked.
func checked(reasons []string) map[string]bool {
	m := map[string]bool{}
	for _, r := range reasons {
		m[r] = true
	}
	return m
}
