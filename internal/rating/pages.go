package rating

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's pages. Each reads a form, calls the Service and draws the answer; every rule is
// the Service's. No page needs JavaScript: the tablet's script only restarts its return timer
// when touched.

//go:embed all:templates
var templateFS embed.FS

//go:embed assets/rating.css
var styleCSS []byte

//go:embed assets/kiosk.js
var kioskJS []byte

// Who may use which page: the officers who return results sign in on the tablet at their
// counter (desk, specialist, leader); the same read the figures, leaders for every officer,
// the others their own.
var (
	canKiosk   = auth.Roles(auth.Desk, auth.Specialist, auth.Leader)
	canFigures = auth.Roles(auth.Leader, auth.Desk, auth.Specialist)
)

const (
	base      = "/danh-gia"
	kioskPath = base + "/quay"
	// The tablet's screens return by themselves: the waiting screen looks for the next
	// return, the question gives way to a newer return, the thank-you page resets.
	waitRefresh   = 12
	offerRefresh  = 45
	whyRefresh    = 120
	thanksRefresh = 30
	// A rating form is a few kilobytes.
	maxForm      = 16 << 10
	figuresPage  = 20
	listPage     = 50
	monthsShown  = 12
	maxCodeBytes = 64
)

type pages struct {
	s   *web.Server
	svc *Service

	pKiosk, pWhy, pThanks, pRate, pFigures, pList web.Page
}

// asset is a file the room serves itself under a fingerprinted address (the shell's CSP
// allows styles and scripts from 'self'); it could move to internal/web/static.
type asset struct {
	path, ctype string
	body        []byte
	sum         string
}

func newAsset(path, ctype string, b []byte) asset {
	h := sha256.Sum256(b)
	return asset{path: path, ctype: ctype, body: b, sum: hex.EncodeToString(h[:])[:12]}
}

func (a asset) URL() string { return a.path + "?v=" + a.sum }

func (a asset) serve(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	if r.URL.Query().Get("v") == a.sum {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("ETag", `"`+a.sum+`"`)
	if r.Header.Get("If-None-Match") == `"`+a.sum+`"` {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	_, err := w.Write(a.body)
	return err
}

var (
	styleAsset = newAsset(base+"/tep/danh-gia.css", "text/css; charset=utf-8", styleCSS)
	kioskAsset = newAsset(base+"/tep/quay.js", "text/javascript; charset=utf-8", kioskJS)
)

// Mount adds the room's pages:
//
//	GET  /danh-gia/quay              desk, specialist, leader: the counter tablet (waiting, or the question for the officer's last return)
//	POST /danh-gia/quay              desk, specialist, leader: a tap on a level; a low one asks why first
//	GET  /danh-gia/quay/cam-on       desk, specialist, leader: the thank-you screen, back to the tablet after 30 s
//	GET  /danh-gia/ho-so/{code}      public, with ?k= (the signed link of the receipt and the SMS; &qua=qr|sms): the dossier's rating page
//	POST /danh-gia/ho-so/{code}      public, with ?k=: rate the dossier
//	GET  /danh-gia/phan-anh/{code}   public, with ?k= (the signed link of the answer's SMS and the tracking page): an answered petition's rating page
//	POST /danh-gia/phan-anh/{code}   public, with ?k=: rate the petition's handling
//	GET  /danh-gia                   leader, desk, specialist: the figures per officer, procedure and month (?thang=&can-bo=&thu-tuc=)
//	GET  /danh-gia/danh-sach         leader, desk, specialist: the ratings behind a figure (?thang=&tu=&can-bo=&thu-tuc=&muc=&trang=)
//	GET  /danh-gia/xuat.csv          leader, desk, specialist: the same ratings as CSV, streamed
//	GET  /danh-gia/tep/danh-gia.css  public: the room's stylesheet
//	GET  /danh-gia/tep/quay.js       public: the tablet's timer
//
// Leaders see every officer's ratings; the desk and specialists see their own.
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("rating", sub)
	p := &pages{s: s, svc: svc,
		pKiosk: s.Page("rating/kiosk.html"), pWhy: s.Page("rating/kiosk_why.html"), pThanks: s.Page("rating/kiosk_thanks.html"),
		pRate: s.Page("rating/rate.html"), pFigures: s.Page("rating/figures.html"), pList: s.Page("rating/list.html")}
	public := auth.Public()
	s.Handle("GET "+kioskPath, canKiosk, p.kiosk)
	s.Handle("POST "+kioskPath, canKiosk, p.kioskRate)
	s.Handle("GET "+kioskPath+"/cam-on", canKiosk, p.kioskThanks)
	s.Handle("GET "+base+"/ho-so/{code}", public, p.ratePage)
	s.Handle("POST "+base+"/ho-so/{code}", public, p.rate)
	s.Handle("GET "+petitionBase+"/{code}", public, p.ratePetitionPage)
	s.Handle("POST "+petitionBase+"/{code}", public, p.ratePetition)
	s.Handle("GET "+base, canFigures, p.figures)
	s.Handle("GET "+base+"/danh-sach", canFigures, p.list)
	s.Handle("GET "+base+"/xuat.csv", canFigures, p.export)
	s.Handle("GET "+styleAsset.path, public, styleAsset.serve)
	s.Handle("GET "+kioskAsset.path, public, kioskAsset.serve)
	s.AddHomeCard(p.homeCard)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("rating: page", errs.NotFound, "error.not_found")
}

// officerScope is whose ratings the user sees: everyone's for a leader, else their own.
func officerScope(u *auth.User) string {
	if u.Has(auth.Leader) {
		return ""
	}
	return u.ID
}

// homeCard shows the officers today's ratings, and how many were not satisfied.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t, u := web.TenantOf(r), web.UserOf(r)
	if t == nil || !canFigures.Allows(u) {
		return web.HomeCard{}, false, nil
	}
	f, err := p.svc.Today(r.Context(), t.ID, officerScope(u))
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "rating.title", Text: "rating.home.card", Args: []any{f.Count, f.Unsatisfied},
		URL: base, Alert: f.Unsatisfied > 0}, true, nil
}

// localTime is a stored moment in Vietnam's time.
func localTime(t time.Time) time.Time { return t.In(calendar.Zone) }
