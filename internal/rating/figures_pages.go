package rating

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The figures: per officer, per procedure and per month, each figure linking to the ratings
// behind it; the list of those ratings, a page at a time; the same list as CSV, streamed.

// query is what the figures' and the list's addresses say.
type query struct {
	Month    time.Time // the first day of the month, in Vietnam
	From     time.Time // the list's first month (the month alone when zero)
	Officer  string
	Proc     string
	Level    Level
	Scoped   bool // the user sees only their own ratings
	ScopeFor string
}

// monthParam reads a month (YYYY-MM), the current one when empty; a malformed one is not found.
func monthParam(s string, now time.Time) (time.Time, error) {
	if s == "" {
		y, m, _ := now.In(calendar.Zone).Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, calendar.Zone), nil
	}
	t, err := time.ParseInLocation("2006-01", s, calendar.Zone)
	if err != nil || t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, errs.E("rating: month", errs.NotFound, "error.not_found")
	}
	return t, nil
}

// levelParam reads ?muc=: hai-long (4–5), chua-hai-long (1–2) or a level 1–5.
func levelParam(s string) Level {
	switch s {
	case "hai-long":
		return LevelSatisfied
	case "chua-hai-long":
		return LevelUnsatisfied
	}
	if n, err := strconv.Atoi(s); err == nil && n >= MinLevel && n <= MaxLevel {
		return Level(s)
	}
	return AllLevels
}

func levelWord(l Level) string {
	switch l {
	case LevelSatisfied:
		return "hai-long"
	case LevelUnsatisfied:
		return "chua-hai-long"
	}
	return string(l)
}

func (p *pages) queryOf(r *http.Request) (query, error) {
	q := r.URL.Query()
	m, err := monthParam(q.Get("thang"), p.svc.now())
	if err != nil {
		return query{}, err
	}
	out := query{Month: m, Officer: strings.TrimSpace(q.Get("can-bo")), Proc: strings.TrimSpace(q.Get("thu-tuc")), Level: levelParam(q.Get("muc"))}
	if s := q.Get("tu"); s != "" {
		if out.From, err = monthParam(s, p.svc.now()); err != nil {
			return query{}, err
		}
		if out.From.After(out.Month) {
			out.From = out.Month
		}
	}
	if len(out.Officer) > 64 || len(out.Proc) > 64 {
		return query{}, errs.E("rating: figures", errs.NotFound, "error.not_found")
	}
	if own := officerScope(web.UserOf(r)); own != "" {
		out.Officer, out.Scoped = own, true
	}
	return out, nil
}

func (q query) scope() Scope {
	from := q.Month
	if !q.From.IsZero() {
		from = q.From
	}
	return Scope{FromMonth: from.Format("2006-01"), ToMonth: q.Month.Format("2006-01"), OfficerID: q.Officer, Procedure: q.Proc}
}

// listURL is the list behind a figure: the query's month (or months), officer and procedure,
// changed by the key/value pairs given ("" removes a key).
func (q query) listURL(kv ...string) string {
	v := url.Values{"thang": {q.Month.Format("2006-01")}}
	if !q.From.IsZero() {
		v.Set("tu", q.From.Format("2006-01"))
	}
	if q.Officer != "" && !q.Scoped {
		v.Set("can-bo", q.Officer)
	}
	if q.Proc != "" {
		v.Set("thu-tuc", q.Proc)
	}
	if q.Level != AllLevels {
		v.Set("muc", levelWord(q.Level))
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	return base + "/danh-sach?" + v.Encode()
}

// figureRow is a figure with the links to its lists.
type figureRow struct {
	Figure
	Label                    string
	All, Satisfied, NotSatis string // the lists' addresses
}

func rows(fs []Figure, label func(Figure) string, link func(kv ...string) string, key string) []figureRow {
	out := make([]figureRow, len(fs))
	for i, f := range fs {
		out[i] = figureRow{Figure: f, Label: label(f), All: link(key, f.Key, "muc", ""), Satisfied: link(key, f.Key, "muc", "hai-long"),
			NotSatis: link(key, f.Key, "muc", "chua-hai-long")}
	}
	return out
}

func (p *pages) figures(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	q, err := p.queryOf(r)
	if err != nil {
		return err
	}
	q.From, q.Level = time.Time{}, AllLevels
	web.NoStore(w)
	ctx := r.Context()
	sc := q.scope()
	total, err := p.svc.Total(ctx, t.ID, sc)
	if err != nil {
		return err
	}
	op := web.NewParamPager(r, "trang-can-bo", figuresPage)
	byOfficer, n, err := p.svc.ByOfficer(ctx, t.ID, sc, op.PerPage, op.Offset())
	if err != nil {
		return err
	}
	op.Total = n
	pp := web.NewParamPager(r, "trang-thu-tuc", figuresPage)
	byProc, n, err := p.svc.ByProcedure(ctx, t.ID, sc, pp.PerPage, pp.Offset())
	if err != nil {
		return err
	}
	pp.Total = n
	months := sc
	months.FromMonth = q.Month.AddDate(0, 1-monthsShown, 0).Format("2006-01")
	byMonth, _, err := p.svc.ByMonth(ctx, t.ID, months, monthsShown, 0)
	if err != nil {
		return err
	}
	m := q.Month.Format("2006-01")
	monthList := func(kv ...string) string {
		// The month's figure links to that month's list, whatever month the page shows.
		qq := q
		if len(kv) > 1 {
			qq.Month, _ = time.ParseInLocation("2006-01", kv[1], calendar.Zone)
		}
		return qq.listURL(kv[2:]...)
	}
	csvQ := url.Values{"thang": {m}}
	if q.Officer != "" && !q.Scoped {
		csvQ.Set("can-bo", q.Officer)
	}
	if q.Proc != "" {
		csvQ.Set("thu-tuc", q.Proc)
	}
	return p.s.Render(w, r, http.StatusOK, p.pFigures, "rating.figures.title", map[string]any{
		"Month": m, "MonthText": q.Month.Format("01/2006"), "Scoped": q.Scoped, "Q": q,
		"Prev": q.Month.AddDate(0, -1, 0).Format("2006-01"), "Next": q.Month.AddDate(0, 1, 0).Format("2006-01"),
		"Total":     figureRow{Figure: total, All: q.listURL(), Satisfied: q.listURL("muc", "hai-long"), NotSatis: q.listURL("muc", "chua-hai-long")},
		"ByOfficer": rows(byOfficer, func(f Figure) string { return f.Name }, q.listURL, "can-bo"), "OfficerPager": op,
		"ByProc": rows(byProc, func(f Figure) string { return f.Key + " – " + f.Name }, q.listURL, "thu-tuc"), "ProcPager": pp,
		"ByMonth": rows(byMonth, func(f Figure) string { return monthText(f.Key) }, monthList, "thang"),
		"CSV":     base + "/xuat.csv?" + csvQ.Encode(),
	})
}

// monthText writes a stored month the Vietnamese way: 12/2026.
func monthText(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	return t.Format("01/2006")
}

func (p *pages) list(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	q, err := p.queryOf(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	pg := web.NewPager(r, listPage)
	list, total, err := p.svc.List(r.Context(), t.ID, q.scope(), q.Level, pg.PerPage, pg.Offset())
	if err != nil {
		return err
	}
	pg.Total = total
	sc := q.scope()
	csvQ := r.URL.Query()
	csvQ.Del("trang")
	return p.s.Render(w, r, http.StatusOK, p.pList, "rating.list.title", map[string]any{
		"Rows": list, "Total": total, "Pager": pg, "Q": q, "FromText": monthText(sc.FromMonth), "ToText": monthText(sc.ToMonth),
		"LevelKey": levelKey(q.Level), "Figures": base + "?thang=" + q.Month.Format("2006-01"), "CSV": base + "/xuat.csv?" + csvQ.Encode(),
	})
}

// levelKey is the catalogue key naming a level filter ("" for all).
func levelKey(l Level) string {
	switch l {
	case AllLevels:
		return ""
	case LevelSatisfied:
		return "rating.filter.satisfied"
	case LevelUnsatisfied:
		return "rating.filter.unsatisfied"
	}
	return "rating.level." + string(l)
}

// export streams the ratings of the list's scope as CSV (UTF-8 with a byte-order mark, which
// spreadsheets need to read Vietnamese), flushed every 500 rows.
func (p *pages) export(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	q, err := p.queryOf(r)
	if err != nil {
		return err
	}
	sc := q.scope()
	web.NoStore(w)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="danh-gia-`+sc.FromMonth+`-`+sc.ToMonth+`.csv"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	T := func(k string, args ...any) string { return p.s.T(r, k, args...) }
	cw.Write([]string{T("rating.col.dossier"), T("rating.col.procedure_code"), T("rating.col.procedure"), T("rating.col.officer"),
		T("rating.col.level"), T("rating.col.level_text"), T("rating.col.reasons"), T("rating.col.comment"), T("rating.col.channel"), T("rating.col.at")})
	n := 0
	err = p.svc.Each(r.Context(), t.ID, sc, q.Level, func(rt Rating) error {
		reasons := make([]string, len(rt.Reasons))
		for i, k := range rt.Reasons {
			reasons[i] = T("rating.reason." + k)
		}
		cw.Write([]string{rt.Code, rt.ProcedureCode, docs.SafeCell(rt.ProcedureName), docs.SafeCell(rt.OfficerName), strconv.Itoa(rt.Level),
			T("rating.level." + strconv.Itoa(rt.Level)), strings.Join(reasons, "; "), docs.SafeCell(rt.Comment),
			T("rating.channel." + string(rt.Channel)), localTime(rt.RatedAt).Format("02/01/2006 15:04")})
		if n++; n%500 == 0 {
			cw.Flush()
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
		}
		return cw.Error()
	})
	cw.Flush()
	return err
}
