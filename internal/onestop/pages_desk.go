package onestop

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The desk's lists: dossiers with filters, the board, and the dossiers behind the month's
// on-time rate.

// dueParams are the ?han= values of the list and the filters they stand for.
var dueParams = map[string]string{"hom-nay": DueToday, "sap-den-han": DueRisk, "qua-han": DueOverdue}

// dueParamOf is the ?han= value of a filter.
func dueParamOf(f string) string {
	for k, v := range dueParams {
		if v == f {
			return k
		}
	}
	return ""
}

func (p *pages) listDossiers(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	q := r.URL.Query()
	pg := web.NewPager(r, DefaultPageSize)
	f := DossierFilter{Procedure: strings.TrimSpace(q.Get("thu-tuc")), Query: q.Get("q"), Limit: pg.PerPage, Offset: pg.Offset()}
	if st := State(q.Get("trang-thai")); st == StateOpen || contains(States, st) {
		f.State = st
	}
	if d, ok := dueParams[q.Get("han")]; ok {
		f.Due = d
	}
	if h := strings.TrimSpace(q.Get("nguoi-giu")); h != "" {
		f.HolderID, f.HolderRole = h, auth.Role(q.Get("bo-phan"))
	}
	f.ReceivedFor = q.Get("ho-xa-khac") == "1"
	list, total, err := p.svc.ListDossiers(r.Context(), t.ID, f)
	if err != nil {
		return err
	}
	pg.Total = total
	procs, _, err := p.svc.Procedures(r.Context(), t.ID, ProcedureFilter{Limit: MaxPageSize})
	if err != nil {
		return err
	}
	cal, err := p.svc.calendar(r.Context(), t.ID)
	if err != nil {
		return err
	}
	years, err := p.svc.RegisterYears(r.Context(), t.ID)
	if err != nil {
		return err
	}
	if this := calendar.DateOf(p.svc.nowUTC()).Year; !slices.Contains(years, this) {
		years = append([]int{this}, years...)
	}
	states := append([]State{StateOpen}, States...)
	return p.s.RenderForm(w, r, http.StatusOK, p.dossiers, "onestop.page.dossiers.title",
		map[string]any{"Rows": rowsOf(list, cal, p.svc.nowUTC()), "Total": total, "Pager": pg, "States": states,
			"Procedures": procs, "Holder": f.HolderID != "", "Years": years}, q, nil)
}

// boardCount is one number of the board with the list it stands for.
type boardCount struct {
	Label string // catalogue key, or a state's label key
	N     int
	URL   string
	Bad   bool
}

// officerRow is one line of the per-officer table.
type officerRow struct {
	OfficerLoad
	Name                      string
	OpenURL, RiskURL, LateURL string
}

func (p *pages) showBoard(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	b, err := p.svc.Board(ctx, t.ID)
	if err != nil {
		return err
	}
	count := func(due string) (int, error) {
		_, n, err := p.svc.ListDossiers(ctx, t.ID, DossierFilter{Due: due, Limit: 1})
		return n, err
	}
	var dueCounts []boardCount
	for _, c := range []struct{ due, key string }{{DueToday, "onestop.page.board.due_today"}, {DueRisk, "onestop.page.board.at_risk"},
		{DueOverdue, "onestop.page.board.overdue"}} {
		n, err := count(c.due)
		if err != nil {
			return err
		}
		dueCounts = append(dueCounts, boardCount{Label: c.key, N: n, URL: "/ho-so?han=" + dueParamOf(c.due), Bad: c.due == DueOverdue && n > 0})
	}
	var byState []boardCount
	total := 0
	for _, st := range States {
		byState = append(byState, boardCount{Label: st.Label(), N: b.ByState[st], URL: "/ho-so?trang-thai=" + string(st)})
		total += b.ByState[st]
	}
	var officers []officerRow
	for _, o := range b.Officers {
		holder := url.Values{"nguoi-giu": {o.HolderID}}
		if o.HolderID == "" {
			holder = url.Values{"nguoi-giu": {"-"}, "bo-phan": {string(o.HolderRole)}}
		}
		link := func(extra string) string {
			v := url.Values{}
			for k, x := range holder {
				v[k] = x
			}
			if extra != "" {
				v.Set("han", extra)
			} else {
				v.Set("trang-thai", string(StateOpen))
			}
			return "/ho-so?" + v.Encode()
		}
		name := o.HolderName
		if name == "" {
			name = p.s.T(r, officeKeyOf(o.HolderRole))
		}
		officers = append(officers, officerRow{OfficerLoad: o, Name: name, OpenURL: link(""),
			RiskURL: link("sap-den-han"), LateURL: link("qua-han")})
	}
	month, err := monthParam(r.URL.Query().Get("thang"), p.svc.nowUTC())
	if err != nil {
		return err
	}
	st, err := p.svc.OnTimeStats(ctx, t.ID, month)
	if err != nil {
		return err
	}
	m := month.In(calendar.Zone).Format("2006-01")
	prev := month.In(calendar.Zone).AddDate(0, -1, 0).Format("2006-01")
	next := ""
	if n := month.In(calendar.Zone).AddDate(0, 1, 0); !n.After(p.svc.nowUTC()) {
		next = n.Format("2006-01")
	}
	return p.s.Render(w, r, http.StatusOK, p.board, "onestop.page.board.title", map[string]any{
		"At": b.At, "DueCounts": dueCounts, "ByState": byState, "Total": total, "Officers": officers, "Stats": st,
		"Rate": p.dec(web.LangOf(r), st.Rate), "Month": m, "MonthText": month.In(calendar.Zone).Format("01/2006"),
		"Prev": prev, "Next": next,
	})
}

// officeKeyOf names an office for the board when a dossier is held by the office, not a person.
func officeKeyOf(role auth.Role) string {
	switch role {
	case auth.Specialist:
		return "onestop.office.specialist"
	case auth.Leader:
		return "onestop.office.leader"
	}
	return "onestop.office.desk"
}

// monthParam reads ?thang=2026-03 (default: the month of now), in Vietnam's time.
func monthParam(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return now, nil
	}
	t, err := time.ParseInLocation("2006-01", s, calendar.Zone)
	if err != nil || t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, errs.E("onestop: month", errs.NotFound, "error.not_found")
	}
	return t, nil
}

// statKinds are the lists behind the on-time rate (?loai=).
var statKinds = map[string]string{"dung-han": "onestop.page.stats.on_time", "tre-han": "onestop.page.stats.late", "qua-han": "onestop.page.stats.overdue_open"}

func (p *pages) showStatList(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	q := r.URL.Query()
	month, err := monthParam(q.Get("thang"), p.svc.nowUTC())
	if err != nil {
		return err
	}
	kind := q.Get("loai")
	title, ok := statKinds[kind]
	if !ok {
		return errs.E("onestop: stats", errs.NotFound, "error.not_found")
	}
	st, err := p.svc.OnTimeStats(r.Context(), t.ID, month)
	if err != nil {
		return err
	}
	list := map[string][]StatDossier{"dung-han": st.OnTimeDossiers, "tre-han": st.LateDossiers, "qua-han": st.OverdueDossiers}[kind]
	pg := web.NewPager(r, DefaultPageSize)
	pg.Total = len(list)
	from := min(pg.Offset(), len(list))
	page := list[from:min(from+pg.PerPage, len(list))]
	type statRow struct {
		StatDossier
		WhyKeys []string
	}
	rows := make([]statRow, len(page))
	for i, sd := range page {
		rows[i] = statRow{StatDossier: sd}
		if sd.Why != "" {
			for _, w := range strings.Split(sd.Why, "+") {
				rows[i].WhyKeys = append(rows[i].WhyKeys, "onestop.page.stats.why."+w)
			}
		}
	}
	return p.s.Render(w, r, http.StatusOK, p.statList, title, map[string]any{"Rows": rows, "Pager": pg, "Total": len(list),
		"MonthText": month.In(calendar.Zone).Format("01/2006"), "Month": month.In(calendar.Zone).Format("2006-01"), "Heading": title})
}
