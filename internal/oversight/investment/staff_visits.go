package investment

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/oversight"
	"xaso/internal/web"
)

// draftJS keeps the typed fields of the site-visit form in the phone's localStorage, restores
// them on load, and sends the form itself so that a dropped link keeps the page and says so.
// It is the room's own, served from the room under a fingerprinted address (the shell's CSP
// allows scripts from 'self'); it could move to internal/web/static with the others.
//
//go:embed draft.js
var draftJS []byte

var draftSum = func() string { s := sha256.Sum256(draftJS); return hex.EncodeToString(s[:])[:12] }()

// ScriptURL is the script's fingerprinted address.
func ScriptURL() string { return staffBase + "/ban-nhap.js?v=" + draftSum }

func serveScript(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	if r.URL.Query().Get("v") == draftSum {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("ETag", `"`+draftSum+`"`)
	if r.Header.Get("If-None-Match") == `"`+draftSum+`"` {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	_, err := w.Write(draftJS)
	return err
}

func (p *pages) mountVisits(s *web.Server) {
	s.Handle("GET "+staffBase+"/{id}/giam-sat/moi", canVisit, p.newVisit)
	s.Handle("POST "+staffBase+"/{id}/giam-sat/moi", canVisit, p.createVisit)
	s.Handle("GET "+staffBase+"/{id}/giam-sat/{vid}", canSee, p.visit)
	s.Handle("POST "+staffBase+"/{id}/giam-sat/{vid}", canVisit, p.saveVisit)
	s.Handle("GET "+staffBase+"/{id}/giam-sat/{vid}/anh/{sha}", canSee, p.photo)
	s.Handle("POST "+staffBase+"/{id}/kien-nghi", canVisit, p.recommend)
}

// maxVisitForm bounds a visit with its photos (a phone's photos are a few MB each).
const maxVisitForm = 40 << 20

// draftKey names the form's copy in the phone's storage.
func draftKey(projectID, visitID string) string {
	if visitID == "" {
		visitID = "moi"
	}
	return "xaso-giam-sat:" + projectID + ":" + visitID
}

func visitForm(v Visit) url.Values {
	f := url.Values{"visited_on": {dayText(v.VisitedOn)}, "place": {v.Place}, "notes": {v.Notes}, "findings": {v.Findings}}
	for item, c := range v.Checks {
		f.Set("check_"+string(item), string(c.Result))
		f.Set("note_"+string(item), c.Note)
	}
	return f
}

// visitFormPage draws the form of a new visit (v nil) or of a draft.
func (p *pages) visitFormPage(w http.ResponseWriter, r *http.Request, status int, x Project, v *Visit, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	action, vid := x.URL()+"/giam-sat/moi", ""
	if v != nil {
		action, vid = v.URL(), v.ID
	}
	if form == nil {
		form = url.Values{"visited_on": {p.svc.Today().String()}}
	}
	items := Checklist(x.Kind)
	for _, it := range items {
		if form.Get("check_"+string(it)) == "" {
			form.Set("check_"+string(it), string(Unchecked))
		}
	}
	saved := r.URL.Query().Get("da-luu") == "1"
	clear := ""
	if saved {
		clear = draftKey(x.ID, "") // the new visit's copy reached the server
	}
	return p.s.RenderForm(w, r, status, p.pVisitForm, "investment.visit.title", map[string]any{"P": x, "V": v, "Action": action,
		"Items": items, "Results": Results, "Key": draftKey(x.ID, vid), "Saved": saved, "Clear": clear, "Script": ScriptURL()}, form, fe)
}

// memberOf checks the signed-in user serves on the project's board.
func (p *pages) memberOf(r *http.Request, projectID string) (Project, Board, error) {
	cid, u := actor(r)
	x, err := p.svc.Project(r.Context(), cid, projectID)
	if err != nil {
		return Project{}, Board{}, err
	}
	b, ok, err := p.svc.BoardOf(r.Context(), cid, x.ID)
	if err != nil {
		return Project{}, Board{}, err
	}
	if !ok || !b.HasAccount(u.ID) {
		return Project{}, Board{}, errs.E("investment: visit", errs.Forbidden, "investment.err.not_member")
	}
	return x, b, nil
}

func (p *pages) newVisit(w http.ResponseWriter, r *http.Request) error {
	x, _, err := p.memberOf(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.visitFormPage(w, r, http.StatusOK, x, nil, nil, nil)
}

// readVisit reads the visit form with its photos, storing the photos first.
func (p *pages) readVisit(w http.ResponseWriter, r *http.Request, x Project) (VisitInput, url.Values, errs.FieldErrors, error) {
	const op = "investment: visit form"
	cid, _ := actor(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxVisitForm)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := web.ParseMultipartForm(r, 8<<20); err != nil {
			return VisitInput{}, nil, nil, errs.E(op, errs.Invalid, "investment.err.upload_too_large")
		}
	} else if err := r.ParseForm(); err != nil {
		return VisitInput{}, nil, nil, errs.E(op, errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	fe := errs.FieldErrors{}
	in := ParseVisitForm(f, Checklist(x.Kind))
	if r.MultipartForm != nil {
		taken, ok := parseMoment(f.Get("photo_time"))
		if !ok {
			fe["photo_time"] = "investment.err.moment"
		}
		for _, fh := range r.MultipartForm.File["photos"] {
			if fh.Size == 0 {
				continue
			}
			file, err := fh.Open()
			if err != nil {
				fe["photos"] = "investment.err.photo"
				continue
			}
			b, err := p.svc.StorePhoto(r.Context(), cid, fh.Filename, file)
			file.Close()
			if err != nil {
				if errs.KindOf(err) == errs.Internal {
					return VisitInput{}, nil, nil, err
				}
				fe["photos"] = "investment.err.photo"
				continue
			}
			in.Photos = append(in.Photos, PhotoInput{SHA256: b.SHA256, TakenAt: taken, Place: f.Get("photo_place")})
		}
	}
	return in, f, fe, nil
}

// ParseVisitForm reads the visit's fields and its checklist from a form.
func ParseVisitForm(f url.Values, items []CheckItem) VisitInput {
	in := VisitInput{VisitedOn: f.Get("visited_on"), Place: f.Get("place"), Notes: f.Get("notes"), Findings: f.Get("findings"),
		Submit: f.Get("action") == "submit", Checks: map[CheckItem]Check{}}
	for _, it := range items {
		in.Checks[it] = Check{Result: Result(f.Get("check_" + string(it))), Note: f.Get("note_" + string(it))}
	}
	return in
}

// parseMoment reads the photos' time from a datetime-local field ("2026-12-07T09:30"), in
// Vietnam's time; "" is the time of the upload.
func parseMoment(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "02/01/2006 15:04"} {
		if t, err := time.ParseInLocation(layout, s, calendar.Zone); err == nil && t.Year() >= 2000 && t.Year() <= 2200 {
			return t, true
		}
	}
	return time.Time{}, false
}

func (p *pages) createVisit(w http.ResponseWriter, r *http.Request) error {
	x, _, err := p.memberOf(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.storeVisit(w, r, x, nil)
}

func (p *pages) storeVisit(w http.ResponseWriter, r *http.Request, x Project, old *Visit) error {
	cid, u := actor(r)
	in, f, fe, err := p.readVisit(w, r, x)
	if err != nil {
		return err
	}
	redraw := func(fe errs.FieldErrors) error {
		return p.visitFormPage(w, r, http.StatusUnprocessableEntity, x, old, f, fe)
	}
	if len(fe) > 0 {
		return redraw(fe)
	}
	id := ""
	if old != nil {
		id = old.ID
	}
	v, err := p.svc.SaveVisit(r.Context(), cid, u.Actor(), x.ID, id, in)
	okKey, back := "investment.visit.draft_saved", v.URL()+"?da-luu=1"
	if in.Submit {
		okKey = "investment.visit.submitted"
	}
	return p.after(w, r, err, okKey, back, redraw)
}

// visit draws a visit: its member goes on with a draft in the form; everyone else, and a
// submitted visit, sees it read only. A board member alone sees its own boards' visits.
func (p *pages) visit(w http.ResponseWriter, r *http.Request) error {
	cid, u := actor(r)
	v, x, b, err := p.visitOf(r, cid, u)
	if err != nil {
		return err
	}
	if v.Status == Draft && b.HasAccount(u.ID) && !b.Dissolved() {
		return p.visitFormPage(w, r, http.StatusOK, x, &v, visitForm(v), nil)
	}
	web.NoStore(w)
	clear := ""
	if r.URL.Query().Get("da-luu") == "1" {
		clear = draftKey(x.ID, "") + " " + draftKey(x.ID, v.ID)
	}
	return p.s.Render(w, r, http.StatusOK, p.pVisit, "investment.visit.title", map[string]any{"P": x, "V": v, "Board": b,
		"Items": Checklist(x.Kind), "Clear": clear, "Script": ScriptURL(), "Member": b.HasAccount(u.ID)})
}

// visitOf reads a visit the user may see, with its project and board.
func (p *pages) visitOf(r *http.Request, cid string, u *auth.User) (Visit, Project, Board, error) {
	v, err := p.svc.Visit(r.Context(), cid, r.PathValue("vid"))
	if err != nil {
		return Visit{}, Project{}, Board{}, err
	}
	if v.ProjectID != r.PathValue("id") {
		return Visit{}, Project{}, Board{}, errs.E("investment: visit", errs.NotFound, "investment.err.not_found")
	}
	x, err := p.svc.Project(r.Context(), cid, v.ProjectID)
	if err != nil {
		return Visit{}, Project{}, Board{}, err
	}
	b, _, err := p.svc.BoardOf(r.Context(), cid, x.ID)
	if err != nil {
		return Visit{}, Project{}, Board{}, err
	}
	if !seeAll.Allows(u) && !b.HasAccount(u.ID) {
		return Visit{}, Project{}, Board{}, errs.E("investment: visit", errs.NotFound, "investment.err.not_found")
	}
	return v, x, b, nil
}

func (p *pages) saveVisit(w http.ResponseWriter, r *http.Request) error {
	cid, u := actor(r)
	v, x, b, err := p.visitOf(r, cid, u)
	if err != nil {
		return err
	}
	if !b.HasAccount(u.ID) {
		return errs.E("investment: visit", errs.Forbidden, "investment.err.not_member")
	}
	return p.storeVisit(w, r, x, &v)
}

func (p *pages) photo(w http.ResponseWriter, r *http.Request) error {
	cid, u := actor(r)
	v, _, _, err := p.visitOf(r, cid, u)
	if err != nil {
		return err
	}
	return p.svc.ServePhoto(w, r, cid, v, r.PathValue("sha"))
}

func (p *pages) recommend(w http.ResponseWriter, r *http.Request) error {
	cid, u := actor(r)
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	rec, err := p.svc.Recommend(r.Context(), cid, u.Actor(), r.PathValue("id"), RecommendInput{Title: f.Get("rec_title"), Text: f.Get("rec_text"),
		To: oversight.Addressee(f.Get("rec_to")), SentOn: f.Get("rec_sent_on"), Suspend: f.Get("rec_suspend") == "1"})
	if err == nil {
		p.s.Flash(w, r, "investment.rec.sent")
		return web.Redirect(w, r, rec.URL())
	}
	return p.after(w, r, err, "", staffBase+"/"+r.PathValue("id")+"#kien-nghi", func(fe errs.FieldErrors) error {
		return p.projectPage(w, r, http.StatusUnprocessableEntity, f, fe)
	})
}
