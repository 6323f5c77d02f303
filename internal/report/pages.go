package report

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/chart"
	"xaso/internal/errs"
	"xaso/internal/web"
)

//go:embed all:templates
var templateFS embed.FS

// Who sees what: the figures are aggregates without personal data, published to residents
// (the plan's results are theirs to judge); the links to the records behind a figure lead to
// staff pages, which check their own permissions; the editable reports are for the
// committee's leaders and the office that drafts them.
var (
	public     = auth.Public()
	canReports = auth.Roles(auth.Leader, auth.Admin, auth.Specialist, auth.Front)
)

const (
	dashPath     = "/chi-tieu"
	provincePath = "/chi-tieu/tinh"
	dataPath     = "/du-lieu-mo"
	reportPath   = "/bao-cao/tai"
)

// PageDeps is what the pages need besides the Service.
type PageDeps struct {
	// CommuneHead is the letterhead and the signer of the commune's reports.
	CommuneHead func(r *http.Request) (Head, error)
	// AuditHead is the line of the newest signed audit head before until ("" if none).
	AuditHead func(ctx context.Context, communeID string, until time.Time) (string, error)
}

type pages struct {
	s    *web.Server
	svc  *Service
	deps PageDeps

	pDash, pProvince, pData web.Page
}

// Mount adds the room's pages:
//
//	GET /chi-tieu                    public: every target of the plan with its measured value (?ky=thang|quy|nam&nam=&phan=)
//	GET /chi-tieu/tinh               public: the communes of the tenant's province, ranked (same period query)
//	GET /chi-tieu/tinh/{code}        public: the dashboard of one commune of the province (its aggregates only)
//	GET /du-lieu-mo                  public: the open data and its schema
//	GET /du-lieu-mo/chi-tieu.csv     public: the dashboard's figures as CSV (same period query)
//	GET /du-lieu-mo/chi-tieu.json    public: the same as JSON
//	GET /du-lieu-mo/tinh.csv         public: every commune of the province, one row per commune and target
//	GET /bao-cao/tai                 leader, admin, specialist, front: the report (&dinh-dang=docx|pdf|xlsx)
func Mount(s *web.Server, svc *Service, deps PageDeps) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("report", sub)
	p := &pages{s: s, svc: svc, deps: deps, pDash: s.Page("report/dashboard.html"), pProvince: s.Page("report/province.html"),
		pData: s.Page("report/opendata.html")}
	s.Handle("GET "+dashPath, public, p.dashboard)
	s.Handle("GET "+provincePath, public, p.province)
	s.Handle("GET "+provincePath+"/{code}", public, p.communeOfProvince)
	s.Handle("GET "+dataPath, public, p.openData)
	s.Handle("GET "+dataPath+"/chi-tieu.csv", public, p.dataCSV)
	s.Handle("GET "+dataPath+"/chi-tieu.json", public, p.dataJSON)
	s.Handle("GET "+dataPath+"/tinh.csv", public, p.provinceCSV)
	s.Handle("GET "+reportPath, canReports, p.download)
	s.AddHomeCard(p.homeCard)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("report: page", errs.NotFound, "error.not_found")
}

// boardOf reads the tenant and the period and measures the dashboard.
func (p *pages) boardOf(r *http.Request) (*web.Tenant, Dashboard, error) {
	t, err := tenant(r)
	if err != nil {
		return nil, Dashboard{}, err
	}
	per, err := ParsePeriod(r.URL.Query(), p.svc.now())
	if err != nil {
		return nil, Dashboard{}, err
	}
	b, err := p.svc.Dashboard(r.Context(), t.ID, per)
	return t, b, err
}

// sectionView is a plan section with its measures, as the dashboard draws it.
type sectionView struct {
	Key      string
	Measures []Measure
}

func sectionsOf(b Dashboard) []sectionView {
	var out []sectionView
	for _, s := range Sections {
		if ms := b.Section(s); len(ms) > 0 {
			out = append(out, sectionView{Key: s, Measures: ms})
		}
	}
	return out
}

// percentChart draws the dashboard's percentages against their targets.
func (p *pages) percentChart(lang string, b Dashboard) chart.Bars {
	c := chart.Bars{Title: p.s.Catalog().T(lang, "report.chart.title", b.Period.Label()), Unit: chart.Percent, Lang: lang,
		Summary: p.s.Catalog().T(lang, "report.chart.desc"), Max: 100, ID: "kpi"}
	for _, m := range b.Measures {
		if m.Unit != Percent || (m.Status != Met && m.Status != NotMet && m.Status != NoTarget) {
			continue
		}
		bar := chart.Bar{Label: p.s.Catalog().T(lang, "report.m."+m.Key), Value: m.Rate}
		if m.HasTarget {
			bar.Target = chart.Goal(m.Target)
		}
		c.Items = append(c.Items, bar)
	}
	return c
}

// trendChart draws the on-time rate month by month; "" when there is no trend.
func (p *pages) trendChart(r *http.Request, communeID string, b Dashboard) (template.HTML, error) {
	pts, err := p.svc.Trend(r.Context(), communeID, b.Period)
	if err != nil || len(pts) == 0 {
		return "", err
	}
	lang := web.LangOf(r)
	c := chart.Series{Title: p.s.Catalog().T(lang, "report.trend.title", b.Period.Label()), Kind: chart.Columns, Unit: chart.Percent,
		Max: 100, Target: chart.Goal(100), Lang: lang, ID: "trend"}
	for _, pt := range pts {
		v := math.NaN()
		if pt.Den > 0 {
			v = math.Round(float64(pt.Num)*1000/float64(pt.Den)) / 10
		}
		c.Points = append(c.Points, chart.Point{Label: "T" + strconv.Itoa(int(pt.Month.Month())), Value: v})
	}
	return c.SVG(), nil
}

func (p *pages) dashboard(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	t, b, err := p.boardOf(r)
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	trend, err := p.trendChart(r, t.ID, b)
	if err != nil {
		return err
	}
	return p.s.Render(w, r, http.StatusOK, p.pDash, "report.title", map[string]any{
		"Trend":  trend,
		"Action": dashPath, "B": b, "Sections": sectionsOf(b), "Chart": p.percentChart(lang, b).SVG(), "Period": b.Period,
		"Prev": b.Period.Prev(), "Next": b.Period.Next(), "Kinds": []PeriodKind{Month, Quarter, Year},
		"Staff": canReports.Allows(web.UserOf(r)), "Multi": p.svc.communes != nil,
		"Rate": func(m Measure) string { return p.rate(lang, m) }, "Target": func(m Measure) string { return p.target(lang, m) },
	})
}

// rate writes a measured value in its unit; "" when unknown.
func (p *pages) rate(lang string, m Measure) string {
	switch m.Status {
	case Unknown, NotSource:
		return ""
	}
	switch m.Unit {
	case Percent:
		return chart.Number(lang, m.Rate, 1) + " %"
	case Points:
		return chart.Number(lang, m.Rate, 2) + " / " + web.Number(lang, m.Value.Den)
	}
	return web.Number(lang, m.Value.Num)
}

// target writes the numeric target ("100 %", "0"); "" when the plan gives none.
func (p *pages) target(lang string, m Measure) string {
	if !m.HasTarget {
		return ""
	}
	if m.Unit == Percent {
		return chart.Number(lang, m.Target, 1) + " %"
	}
	if m.Lower {
		return "≤ " + chart.Number(lang, m.Target, 0)
	}
	return chart.Number(lang, m.Target, 2)
}

func (p *pages) province(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	t, err := tenant(r)
	if err != nil {
		return err
	}
	per, err := ParsePeriod(r.URL.Query(), p.svc.now())
	if err != nil {
		return err
	}
	rows, err := p.svc.Province(r.Context(), t.Province, per)
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	total := Total(rows, per, p.svc.now())
	return p.s.Render(w, r, http.StatusOK, p.pProvince, "report.province", map[string]any{
		"Total": total, "Sections": sectionsOf(total), "Staff": false, "Target": func(m Measure) string { return p.target(lang, m) },
		"Action": provincePath, "Rows": rows, "Period": per, "Province": t.Province, "Prev": per.Prev(), "Next": per.Next(), "Kinds": []PeriodKind{Month, Quarter, Year},
		"Score": func(x float64) string { return chart.Number(lang, x, 1) + " %" },
		"Rate":  func(m Measure) string { return p.rate(lang, m) },
		"Keys":  []string{KeyDossiersOnTime, KeyPetitionsOnTime, KeyDisclosuresOnTime, KeyHamletsConferences, KeyProjectsSupervised},
		"Get": func(b Dashboard, key string) Measure {
			m, _ := b.Get(key)
			return m
		},
	})
}

func (p *pages) openData(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	per, err := ParsePeriod(r.URL.Query(), p.svc.now())
	if err != nil {
		return err
	}
	return p.s.Render(w, r, http.StatusOK, p.pData, "report.open_data", map[string]any{"Defs": Defs, "Period": per, "Fields": dataFields})
}

// homeCard shows leaders the share of targets met this year.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t, u := web.TenantOf(r), web.UserOf(r)
	if t == nil || !auth.Roles(auth.Leader, auth.Admin).Allows(u) {
		return web.HomeCard{}, false, nil
	}
	per, _ := NewPeriod(Year, p.svc.now().In(calendar.Zone).Year(), 0)
	b, err := p.svc.Dashboard(r.Context(), t.ID, per)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "report.nav", Text: "report.home.card", Args: []any{b.Met, b.Judged, per.Year},
		URL: dashPath, Alert: b.Met < b.Judged}, true, nil
}

// format reads ?dinh-dang=.
func format(r *http.Request) (string, error) {
	f := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("dinh-dang")))
	switch f {
	case "docx", "pdf", "xlsx":
		return f, nil
	}
	return "", errs.E("report: download", errs.Invalid, "report.err.format")
}

// itoa is strconv.Itoa, for templates' sake.
func itoa(n int) string { return strconv.Itoa(n) }

// communeOfProvince is another commune's dashboard, reached from the province's ranking: the
// same page, without the links to records (those are the other commune's staff pages).
func (p *pages) communeOfProvince(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	t, err := tenant(r)
	if err != nil {
		return err
	}
	per, err := ParsePeriod(r.URL.Query(), p.svc.now())
	if err != nil {
		return err
	}
	c, ok, err := p.svc.communeOf(r.Context(), t.Province, r.PathValue("code"))
	if err != nil {
		return err
	}
	if !ok {
		return errs.E("report: commune", errs.NotFound, "error.not_found")
	}
	b, err := p.svc.Dashboard(r.Context(), c.ID, per)
	if err != nil {
		return err
	}
	lang := web.LangOf(r)
	return p.s.Render(w, r, http.StatusOK, p.pDash, "report.title", map[string]any{
		"Action": provincePath + "/" + c.Code, "B": b, "Sections": sectionsOf(b), "Chart": p.percentChart(lang, b).SVG(), "Period": b.Period,
		"Prev": b.Period.Prev(), "Next": b.Period.Next(), "Kinds": []PeriodKind{Month, Quarter, Year},
		"Staff": false, "Multi": true, "Other": c.Name,
		"Rate": func(m Measure) string { return p.rate(lang, m) }, "Target": func(m Measure) string { return p.target(lang, m) },
	})
}
