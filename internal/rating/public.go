package rating

import (
	"net/http"
	"net/url"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The rating page of a dossier, opened from the receipt's QR code, the SMS or a typed link:
// GET and POST /danh-gia/ho-so/{code}?k=TOKEN[&qua=qr|sms]; and of an answered petition, from
// the answer's SMS or the tracking page: GET and POST /danh-gia/phan-anh/{code}?k=TOKEN. A
// wrong token is "not found", whatever the code; before the return (the answer) the page says
// it cannot be rated yet; after a rating it shows the rating given.

const petitionBase = base + "/phan-anh"

// rateView is what the page draws.
type rateView struct {
	Code        string
	Petition    bool // a petition's page, not a dossier's
	Subject     *Subject
	NotReturned bool
	Rating      *Rating
	Levels      []int
	Reasons     []string
	Checked     map[string]bool // the reasons ticked, when the form comes back with an error
	Action      string          // the form's address, with its token and channel
	CSS         string
}

// linkOf checks the request's code and token for a subject of this type; a wrong one is NotFound.
func (p *pages) linkOf(r *http.Request, typ SubjectType) (string, string, error) {
	t, err := tenant(r)
	if err != nil {
		return "", "", err
	}
	code := r.PathValue("code")
	if code == "" || len(code) > maxCodeBytes {
		return "", "", errs.E("rating: page", errs.NotFound, "error.not_found")
	}
	signed := code
	if typ == SubjectPetition {
		signed = petitionCode(code)
	}
	ok, err := p.svc.CheckToken(r.Context(), t.ID, signed, r.URL.Query().Get("k"))
	if err != nil {
		return "", "", err
	}
	if !ok {
		return "", "", errs.E("rating: page", errs.NotFound, "error.not_found")
	}
	return t.ID, code, nil
}

// action is the page's own address, keeping its token and channel.
func action(r *http.Request, typ SubjectType, code string) string {
	q := url.Values{"k": {r.URL.Query().Get("k")}}
	if ch := ParseChannel(r.URL.Query().Get("qua")); ch != ChannelWeb {
		q.Set("qua", string(ch))
	}
	path := base + "/ho-so/"
	if typ == SubjectPetition {
		path = petitionBase + "/"
	}
	return path + url.PathEscape(code) + "?" + q.Encode()
}

func (p *pages) ratePage(w http.ResponseWriter, r *http.Request) error {
	return p.renderRate(w, r, SubjectDossier, http.StatusOK, nil, nil)
}

func (p *pages) ratePetitionPage(w http.ResponseWriter, r *http.Request) error {
	return p.renderRate(w, r, SubjectPetition, http.StatusOK, nil, nil)
}

func (p *pages) renderRate(w http.ResponseWriter, r *http.Request, typ SubjectType, status int, form url.Values, fe errs.FieldErrors) error {
	communeID, code, err := p.linkOf(r, typ)
	if err != nil {
		return err
	}
	web.NoStore(w)
	v := rateView{Code: code, Petition: typ == SubjectPetition, Levels: []int{5, 4, 3, 2, 1}, Reasons: Reasons,
		Action: action(r, typ, code), CSS: styleAsset.URL(), Checked: checked(form["reason"])}
	sub, err := subjectByCode(r.Context(), p.svc.d, communeID, typ, code)
	switch {
	case errs.KindOf(err) == errs.NotFound:
		v.NotReturned = true
	case err != nil:
		return err
	default:
		v.Subject = &sub
		rt, rated, err := p.svc.ratingOf(r.Context(), communeID, typ, code)
		if err != nil {
			return err
		}
		if rated {
			v.Rating = &rt
		}
	}
	title := "rating.public.title"
	if v.Petition {
		title = "rating.petition.title"
	}
	return p.s.RenderForm(w, r, status, p.pRate, title, v, form, fe)
}

func (p *pages) rate(w http.ResponseWriter, r *http.Request) error {
	return p.rateSubject(w, r, SubjectDossier)
}

func (p *pages) ratePetition(w http.ResponseWriter, r *http.Request) error {
	return p.rateSubject(w, r, SubjectPetition)
}

func (p *pages) rateSubject(w http.ResponseWriter, r *http.Request, typ SubjectType) error {
	communeID, code, err := p.linkOf(r, typ)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("rating: rate", errs.TooLarge, "error.too_large")
	}
	in, fe := ParseInput(r.PostForm)
	if fe != nil {
		return p.renderRate(w, r, typ, http.StatusUnprocessableEntity, r.PostForm, fe)
	}
	ch := ParseChannel(r.URL.Query().Get("qua"))
	if typ == SubjectPetition {
		_, err = p.svc.RatePetition(r.Context(), communeID, code, in, ch, Web)
	} else {
		_, err = p.svc.Rate(r.Context(), communeID, code, in, ch, Web)
	}
	if err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.renderRate(w, r, typ, http.StatusUnprocessableEntity, r.PostForm, fe)
		}
		return err
	}
	p.s.Flash(w, r, "rating.public.thanks")
	return web.Redirect(w, r, action(r, typ, code))
}
