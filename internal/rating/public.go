package rating

import (
	"net/http"
	"net/url"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The rating page of a dossier, opened from the receipt's QR code, the SMS or a typed link:
// GET and POST /danh-gia/ho-so/{code}?k=TOKEN[&qua=qr|sms]. A wrong token is "not found",
// whatever the code; before the return the page says the dossier is not returned yet; after
// a rating it shows the rating given.

// rateView is what the page draws.
type rateView struct {
	Code        string
	Subject     *Subject
	NotReturned bool
	Rating      *Rating
	Levels      []int
	Reasons     []string
	Checked     map[string]bool // the reasons ticked, when the form comes back with an error
	Action      string          // the form's address, with its token and channel
	CSS         string
}

// linkOf checks the request's code and token; a wrong one is NotFound.
func (p *pages) linkOf(r *http.Request) (string, string, error) {
	t, err := tenant(r)
	if err != nil {
		return "", "", err
	}
	code := r.PathValue("code")
	if code == "" || len(code) > maxCodeBytes {
		return "", "", errs.E("rating: page", errs.NotFound, "error.not_found")
	}
	ok, err := p.svc.CheckToken(r.Context(), t.ID, code, r.URL.Query().Get("k"))
	if err != nil {
		return "", "", err
	}
	if !ok {
		return "", "", errs.E("rating: page", errs.NotFound, "error.not_found")
	}
	return t.ID, code, nil
}

// action is the page's own address, keeping its token and channel.
func action(r *http.Request, code string) string {
	q := url.Values{"k": {r.URL.Query().Get("k")}}
	if ch := ParseChannel(r.URL.Query().Get("qua")); ch != ChannelWeb {
		q.Set("qua", string(ch))
	}
	return base + "/ho-so/" + url.PathEscape(code) + "?" + q.Encode()
}

func (p *pages) ratePage(w http.ResponseWriter, r *http.Request) error {
	return p.renderRate(w, r, http.StatusOK, nil, nil)
}

func (p *pages) renderRate(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	communeID, code, err := p.linkOf(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	v := rateView{Code: code, Levels: []int{5, 4, 3, 2, 1}, Reasons: Reasons, Action: action(r, code), CSS: styleAsset.URL(),
		Checked: checked(form["reason"])}
	sub, err := p.svc.Subject(r.Context(), communeID, code)
	switch {
	case errs.KindOf(err) == errs.NotFound:
		v.NotReturned = true
	case err != nil:
		return err
	default:
		v.Subject = &sub
		rt, rated, err := p.svc.RatingOf(r.Context(), communeID, code)
		if err != nil {
			return err
		}
		if rated {
			v.Rating = &rt
		}
	}
	return p.s.RenderForm(w, r, status, p.pRate, "rating.public.title", v, form, fe)
}

func (p *pages) rate(w http.ResponseWriter, r *http.Request) error {
	communeID, code, err := p.linkOf(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("rating: rate", errs.TooLarge, "error.too_large")
	}
	in, fe := ParseInput(r.PostForm)
	if fe != nil {
		return p.renderRate(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
	}
	if _, err := p.svc.Rate(r.Context(), communeID, code, in, ParseChannel(r.URL.Query().Get("qua")), Web); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.renderRate(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
		}
		return err
	}
	p.s.Flash(w, r, "rating.public.thanks")
	return web.Redirect(w, r, action(r, code))
}
