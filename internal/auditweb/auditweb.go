// Package auditweb is the public page of the audit chain's signed heads (issue 15 item 6):
// for the commune of the request, the head last signed into the file outside the database
// (its day, entry number and hash in groups of eight, to read aloud and compare) and those of
// the last 30 days, with a plain explanation of what they prove and how to check them, as a
// page and as JSON. It reads the heads through a func the composition root gives it (one
// reading the signed file) and knows nothing of the database or the file.
package auditweb

import (
	"context"
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

//go:embed templates
var templateFS embed.FS

const (
	// Path is the page's address; PathJSON the same as JSON.
	Path     = "/nhat-ky-kiem-toan"
	PathJSON = Path + ".json"
	// Days is how far back the page lists the signed heads.
	Days = 30
)

// Deps is what the page needs from the composition root.
type Deps struct {
	// Anchors returns a commune's signed heads, newest first (audit.DailyAnchorer.Recent).
	// When the file is broken it returns those verified before the broken line with an
	// *audit.FileError, which the page shows. Nil: no head has been signed.
	Anchors func(ctx context.Context, communeID string) ([]audit.Anchor, error)
	// Now is the clock the 30 days are counted from; time.Now if nil.
	Now func() time.Time
}

type pages struct {
	s    *web.Server
	deps Deps
	page web.Page
}

// Mount adds the room's pages:
//
//	GET /nhat-ky-kiem-toan       public: the commune's last signed head and those of the last 30 days, and how to check them
//	GET /nhat-ky-kiem-toan.json  public: the same as JSON
func Mount(s *web.Server, deps Deps) {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("auditweb", sub)
	p := &pages{s: s, deps: deps, page: s.Page("auditweb/head.html")}
	s.Handle("GET "+Path, auth.Public(), p.html)
	s.Handle("GET "+PathJSON, auth.Public(), p.json)
}

// Head is one signed head as the page shows it.
type Head struct {
	At     time.Time
	Day    string   // dd/mm/yyyy in Vietnam
	ISO    string   // YYYY-MM-DD, for <time>
	Time   string   // hh:mm in Vietnam
	Seq    int64    // the number of the commune's last entry
	Hash   string   // whole, lower-case hex
	Groups []string // Hash in groups of 8, to read aloud
}

// view is what the page draws.
type view struct {
	Latest     *Head
	Rows       []Head // the last Days days, newest first
	BrokenLine int    // the signed file is broken from this line (0: sound)
	Days       int
	JSON       string
}

func groups(h string) []string {
	var out []string
	for len(h) > 8 {
		out = append(out, h[:8])
		h = h[8:]
	}
	if h != "" {
		out = append(out, h)
	}
	return out
}

func headOf(a audit.Anchor) Head {
	at := a.At.In(calendar.Zone)
	return Head{At: a.At, Day: at.Format("02/01/2006"), ISO: at.Format(time.DateOnly), Time: at.Format("15:04"),
		Seq: a.Seq, Hash: a.Hash, Groups: groups(a.Hash)}
}

// load builds the view of the request's commune.
func (p *pages) load(r *http.Request) (view, error) {
	t := web.TenantOf(r)
	if t == nil {
		return view{}, errs.E("auditweb: page", errs.NotFound, "error.not_found")
	}
	v := view{Days: Days, JSON: PathJSON}
	if p.deps.Anchors == nil {
		return v, nil
	}
	as, err := p.deps.Anchors(r.Context(), t.ID)
	var fe *audit.FileError
	switch {
	case errors.As(err, &fe):
		v.BrokenLine = fe.Line
	case errors.Is(err, audit.ErrNoKey):
		// Nothing can be signed without the key: the page says none is.
	case err != nil:
		return view{}, errs.Wrap("auditweb: anchors", err)
	}
	since := p.deps.Now().AddDate(0, 0, -Days)
	for i, a := range as {
		if i == 0 {
			h := headOf(a)
			v.Latest = &h
		}
		if a.At.Before(since) {
			break
		}
		v.Rows = append(v.Rows, headOf(a))
	}
	return v, nil
}

func (p *pages) html(w http.ResponseWriter, r *http.Request) error {
	v, err := p.load(r)
	if err != nil {
		return err
	}
	// The same for every visitor: the shell may serve it again for a moment.
	web.Cacheable(w)
	return p.s.Render(w, r, http.StatusOK, p.page, "auditweb.title", v)
}

// headJSON is one signed head in the JSON answer.
type headJSON struct {
	Day  string    `json:"day"`
	At   time.Time `json:"at"`
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
}

// answerJSON is the JSON answer: the commune, whether the signed file is sound, its latest
// head and those of the last days.
type answerJSON struct {
	Schema     string     `json:"schema"`
	Commune    string     `json:"commune"`
	Signed     bool       `json:"signed"`      // every head listed was read from a file whose signatures verified
	BrokenLine int        `json:"broken_line"` // the file is broken from this line (0: sound)
	Latest     *headJSON  `json:"latest"`
	Heads      []headJSON `json:"heads"`
	Verify     string     `json:"verify"`
}

func toJSON(h Head) headJSON {
	return headJSON{Day: h.ISO, At: h.At.UTC(), Seq: h.Seq, Hash: h.Hash}
}

func (p *pages) json(w http.ResponseWriter, r *http.Request) error {
	v, err := p.load(r)
	if err != nil {
		return err
	}
	web.Cacheable(w)
	a := answerJSON{Schema: "xaso.audit-heads.v1", Commune: web.TenantOf(r).Code, Signed: v.BrokenLine == 0 && v.Latest != nil,
		BrokenLine: v.BrokenLine, Heads: []headJSON{}, Verify: "xaso audit verify"}
	if v.Latest != nil {
		l := toJSON(*v.Latest)
		a.Latest = &l
	}
	for _, h := range v.Rows {
		a.Heads = append(a.Heads, toJSON(h))
	}
	return web.WriteJSON(w, http.StatusOK, a)
}

// GroupsText is a hash in groups of 8 separated by spaces.
func (h Head) GroupsText() string { return strings.Join(h.Groups, " ") }
