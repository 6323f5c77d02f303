package onestop

import (
	"net/http"
	"net/url"
	"strings"

	"xaso/internal/auth"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The leaders' page of the national indicators (indicators.go), its spreadsheet and its JSON.

// canIndicators: the index is the committee's report on its own service, read by its leaders.
var canIndicators = auth.Roles(auth.Leader, auth.Admin)

// mountIndicators mounts:
//
//	GET /ho-so/chi-so            leader, admin: the month's index (?thang=2026-03&thu-tuc=1.001193&dinh-dang=xlsx)
//	GET /ho-so/chi-so/ho-so      leader, admin: the dossiers behind one indicator (&chi-so=on_time)
//
// The JSON (GET /api/v1/indicators) is mounted by MountAPI.
func (p *pages) mountIndicators() {
	p.indicators = p.s.Page("onestop/indicators.html")
	p.indicatorList = p.s.Page("onestop/indicators_list.html")
	p.s.Handle("GET /ho-so/chi-so", canIndicators, p.showIndicators)
	p.s.Handle("GET /ho-so/chi-so/ho-so", canIndicators, p.showIndicatorDossiers)
}

// indicatorsOf reads the month and procedure of the request and computes the index.
func indicatorsOf(svc *Service, r *http.Request, monthKey, procKey string) (Indicators, error) {
	t := web.TenantOf(r)
	month, err := monthParam(r.URL.Query().Get(monthKey), svc.nowUTC())
	if err != nil {
		return Indicators{}, err
	}
	proc := strings.TrimSpace(r.URL.Query().Get(procKey))
	if proc != "" && !codeRE.MatchString(proc) {
		return Indicators{}, errs.E("onestop: indicators", errs.NotFound, "error.not_found")
	}
	return svc.Indicators(r.Context(), t.ID, month, proc)
}

// indicatorRow is an indicator as the page shows it, with the link to its dossiers.
type indicatorRow struct {
	Indicator
	Value, Threshold, Points string
	URL                      string
}

// dec writes a rate or points the way the page's language writes decimals ("76,5" in
// Vietnamese), with the one formatter of the web shell.
func (p *pages) dec(lang string, x float64) string { return p.s.Catalog().Decimal(lang, x) }

func (p *pages) showIndicators(w http.ResponseWriter, r *http.Request) error {
	ind, err := indicatorsOf(p.svc, r, "thang", "thu-tuc")
	if err != nil {
		return err
	}
	m := ind.Month.Format("2006-01")
	if r.URL.Query().Get("dinh-dang") == "xlsx" {
		return p.indicatorsXLSX(w, ind)
	}
	rows := make([]indicatorRow, len(ind.Items))
	for i, it := range ind.Items {
		v := url.Values{"thang": {m}, "chi-so": {it.Key}}
		if ind.Procedure != "" {
			v.Set("thu-tuc", ind.Procedure)
		}
		lang := web.LangOf(r)
		rows[i] = indicatorRow{Indicator: it, Value: p.dec(lang, it.Value), Threshold: p.dec(lang, it.Threshold), Points: p.dec(lang, it.Points),
			URL: "/ho-so/chi-so/ho-so?" + v.Encode()}
	}
	procs, _, err := p.svc.Procedures(r.Context(), web.TenantOf(r).ID, ProcedureFilter{Limit: MaxPageSize})
	if err != nil {
		return err
	}
	xlsx := url.Values{"thang": {m}, "dinh-dang": {"xlsx"}}
	if ind.Procedure != "" {
		xlsx.Set("thu-tuc", ind.Procedure)
	}
	return p.s.Render(w, r, http.StatusOK, p.indicators, "onestop.page.indicators.title", map[string]any{
		"Rows": rows, "Month": m, "MonthText": ind.Month.Format("01/2006"), "Procedure": ind.Procedure, "Procedures": procs,
		"Total": p.dec(web.LangOf(r), ind.TotalPoints), "Max": p.dec(web.LangOf(r), ind.MaxPoints), "XLSX": "/ho-so/chi-so?" + xlsx.Encode(),
		"Prev": ind.Month.AddDate(0, -1, 0).Format("2006-01"), "Next": ind.Month.AddDate(0, 1, 0).Format("2006-01"),
	})
}

func (p *pages) showIndicatorDossiers(w http.ResponseWriter, r *http.Request) error {
	ind, err := indicatorsOf(p.svc, r, "thang", "thu-tuc")
	if err != nil {
		return err
	}
	it, ok := ind.Item(r.URL.Query().Get("chi-so"))
	if !ok {
		return errs.E("onestop: indicators", errs.NotFound, "error.not_found")
	}
	// Counted first, then the rest of the denominator, a page at a time; the counts are of
	// the whole lists.
	all := make([]indicatorCode, 0, len(it.Counted)+len(it.Others))
	for _, c := range it.Counted {
		all = append(all, indicatorCode{Code: c, Counted: true})
	}
	for _, c := range it.Others {
		all = append(all, indicatorCode{Code: c})
	}
	pg := web.NewPager(r, indicatorPageSize)
	pg.Total = len(all)
	from := min(pg.Offset(), len(all))
	rows := all[from:min(from+pg.PerPage, len(all))]
	return p.s.Render(w, r, http.StatusOK, p.indicatorList, "onestop.page.indicators.dossiers", map[string]any{
		"I": it, "Month": ind.Month.Format("2006-01"), "MonthText": ind.Month.Format("01/2006"),
		"Rows": rows, "Pager": pg, "Counted": len(it.Counted), "Others": len(it.Others),
		// The catalogue's procedures are listed by code, dossiers link to their page.
		"Procedures": it.Key == IndOnlineProcedures,
		// Reports and recommendations are petitions, by number.
		"Petitions": it.Key == IndPetitionsOnTime || it.Key == IndPetitionSatisfaction,
	})
}

// indicatorPageSize is the number of codes a page of an indicator's list shows.
const indicatorPageSize = 50

// indicatorCode is a line of an indicator's list: a dossier (or procedure) code, counted in
// the numerator or only in the denominator.
type indicatorCode struct {
	Code    string
	Counted bool
}

// indicatorsXLSX streams the index as a spreadsheet.
func (p *pages) indicatorsXLSX(w http.ResponseWriter, ind Indicators) error {
	m := ind.Month.Format("2006-01")
	title := "Chỉ số QĐ 766 tháng " + ind.Month.Format("01-2006")
	if ind.Procedure != "" {
		title += " thủ tục " + ind.Procedure
	}
	sheet := docs.Sheet{Title: title, Header: []string{"Mã chỉ số", "Chỉ số", "Cách tính", "Giá trị", "Tử số", "Mẫu số",
		"Ngưỡng", "Điểm", "Điểm tối đa"}, Widths: []float64{20, 40, 60, 10, 10, 10, 10, 10, 12}}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="chi-so-766-`+m+`.xlsx"`)
	h.Set("Cache-Control", "no-store")
	return docs.WriteXLSX(w, sheet, func(yield func([]any) error) error {
		for _, it := range ind.Items {
			if err := yield([]any{it.Key, it.Name, it.Formula, it.Value, it.Numerator, it.Denominator, it.Threshold,
				it.Points, it.MaxPoints}); err != nil {
				return err
			}
		}
		return yield([]any{"total", "Tổng điểm", "", nil, nil, nil, nil, ind.TotalPoints, ind.MaxPoints})
	})
}

// indicators answers GET /api/v1/indicators?month=YYYY-MM[&procedure=CODE] for leaders and
// administrators: {"month", "indicators": [{key, name, formula, value, numerator, denominator,
// threshold, points, max_points}], "total_points", "max_points"}.
func (h *api) indicators(w http.ResponseWriter, r *http.Request) error {
	if web.TenantOf(r) == nil {
		return errNoCommune
	}
	ind, err := indicatorsOf(h.svc, r, "month", "procedure")
	if err != nil {
		return err
	}
	type item struct {
		Key         string  `json:"key"`
		Name        string  `json:"name"`
		Formula     string  `json:"formula"`
		Value       float64 `json:"value"`
		Numerator   int     `json:"numerator"`
		Denominator int     `json:"denominator"`
		Threshold   float64 `json:"threshold"`
		Points      float64 `json:"points"`
		MaxPoints   float64 `json:"max_points"`
	}
	out := struct {
		Month       string  `json:"month"`
		Procedure   string  `json:"procedure,omitempty"`
		Indicators  []item  `json:"indicators"`
		TotalPoints float64 `json:"total_points"`
		MaxPoints   float64 `json:"max_points"`
	}{Month: ind.Month.Format("2006-01"), Procedure: ind.Procedure, TotalPoints: ind.TotalPoints, MaxPoints: ind.MaxPoints}
	for _, it := range ind.Items {
		out.Indicators = append(out.Indicators, item{it.Key, it.Name, it.Formula, it.Value, it.Numerator, it.Denominator,
			it.Threshold, it.Points, it.MaxPoints})
	}
	return web.WriteJSON(w, http.StatusOK, out)
}
