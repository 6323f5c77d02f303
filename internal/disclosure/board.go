package disclosure

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The compliance board (Art. 11–13), the quarterly list of what was disclosed (Art. 13) and
// the disclosure report for the commune council and the Fatherland Front (Art. 14), each as
// a page and, for the last two, as a PDF in the Decree 30/2020 layout.

func (p *pages) mountBoard(s *web.Server) {
	p.sBoard, p.sQuarter, p.sReport = s.Page("disclosure/staff_board.html"), s.Page("disclosure/staff_quarter.html"), s.Page("disclosure/staff_report.html")
	s.Handle("GET "+staffBase+"/kiem-tra", canCheck, p.board)
	s.Handle("GET "+staffBase+"/danh-muc-quy", canCheck, p.quarter)
	s.Handle("GET "+staffBase+"/danh-muc-quy.pdf", canCheck, p.quarterPDF)
	s.Handle("GET "+staffBase+"/bao-cao", canCheck, p.report)
	s.Handle("GET "+staffBase+"/bao-cao.pdf", canCheck, p.reportPDF)
}

// scopeView is one scope of the board with what the page needs to name things.
type scopeView struct {
	Name  string
	S     Scope
	Count int
}

func (p *pages) board(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	q := r.URL.Query()
	asOf := p.svc.today()
	var fe errs.FieldErrors
	if d, ok := parseDay(q.Get("ngay")); !ok {
		fe = errs.FieldErrors{"ngay": "disclosure.date_invalid"}
	} else if d.Valid() {
		asOf = d
	}
	rep, err := p.svc.Compliance(r.Context(), t.ID, asOf)
	if err != nil {
		return err
	}
	_, names, err := p.names(r, t.ID)
	if err != nil {
		return err
	}
	count := func(s Scope) int {
		return len(s.MissingCategories) + len(s.Late) + len(s.ShortPostings) + len(s.Loudspeaker)
	}
	scopes := []scopeView{{Name: vi("disclosure.whole_commune"), S: rep.Commune, Count: count(rep.Commune)}}
	if web.LangOf(r) == "en" {
		scopes[0].Name = Messages["disclosure.whole_commune"][1]
	}
	for _, h := range rep.Hamlets {
		scopes = append(scopes, scopeView{Name: h.HamletName, S: h, Count: count(h)})
	}
	form := q
	if form.Get("ngay") == "" {
		form = map[string][]string{"ngay": {asOf.String()}}
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.sBoard, "disclosure.compliance.title", map[string]any{
		"AsOf": asOf, "Report": rep, "Scopes": scopes, "Names": names, "Clean": rep.Clean()}, form, fe)
}

// quarterRow is a line of the quarterly list as drawn.
type quarterRow struct {
	E        QuarterEntry
	Category string
	Channels []string
}

// quarterRows reads ?nam=&quy= and builds the list's lines.
func (p *pages) quarterRows(r *http.Request) (int, int, []quarterRow, error) {
	t := web.TenantOf(r)
	q := r.URL.Query()
	year, quarter, ok := parseYearQuarter(q.Get("nam"), q.Get("quy"), p.svc.today())
	if !ok {
		return 0, 0, nil, errs.E("disclosure: quarterly", errs.Invalid, "disclosure.quarter_invalid")
	}
	list, err := p.svc.Quarterly(r.Context(), t.ID, year, quarter)
	if err != nil {
		return 0, 0, nil, err
	}
	_, names, err := p.names(r, t.ID)
	if err != nil {
		return 0, 0, nil, err
	}
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return 0, 0, nil, err
	}
	hname := nameMap(hamlets)
	lang := 0
	if web.LangOf(r) == "en" {
		lang = 1
	}
	rows := make([]quarterRow, len(list))
	for i, e := range list {
		rows[i] = quarterRow{E: e, Category: names[e.CategoryNo], Channels: describePostings(e.Postings, hname, lang)}
	}
	return year, quarter, rows, nil
}

// describePostings writes each posting as "channel (hamlet): from – to".
func describePostings(list []Posting, hname map[string]string, lang int) []string {
	out := make([]string, 0, len(list))
	for _, x := range list {
		s := Messages["disclosure.channel."+string(x.Channel)][lang]
		if h := hname[x.HamletID]; h != "" {
			s += " (" + h + ")"
		}
		s += ": " + FormatDate(x.PutUp)
		if x.TakenDown.Valid() {
			if x.TakenDown != x.PutUp {
				s += " – " + FormatDate(x.TakenDown)
			}
		} else {
			s += " – " + Messages["disclosure.posting.still_up"][lang]
		}
		out = append(out, s)
	}
	return out
}

// roman is a quarter's number as Vietnamese documents write it.
func roman(q int) string { return [...]string{"", "I", "II", "III", "IV"}[q] }

func (p *pages) quarter(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	year, quarter, rows, err := p.quarterRows(r)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.sQuarter, "disclosure.quarterly.page", map[string]any{
		"Year": year, "Quarter": quarter, "Roman": roman(quarter), "Rows": rows, "Years": yearsUpTo(p.svc.today().Year)},
		map[string][]string{"nam": {strconv.Itoa(year)}, "quy": {strconv.Itoa(quarter)}}, nil)
}

// yearsUpTo are the years a report may be asked for, newest first.
func yearsUpTo(y int) []int {
	out := []int{}
	for i := y; i >= max(2023, y-5); i-- {
		out = append(out, i)
	}
	return out
}

// QuarterDoc is the quarterly list of what was disclosed (Art. 13), on A4 turned.
func QuarterDoc(c commune.Commune, year, quarter int, rows []quarterRow, now time.Time) docs.Doc {
	tbl := docs.Table{Columns: []docs.Column{{Title: "STT", Width: 0.5, Align: docs.Center}, {Title: vi("disclosure.pdf.col.category"), Width: 0.8, Align: docs.Center},
		{Title: vi("disclosure.pdf.col.title"), Width: 4}, {Title: vi("disclosure.pdf.col.decision"), Width: 1.2, Align: docs.Center},
		{Title: vi("disclosure.pdf.col.published"), Width: 1.2, Align: docs.Center}, {Title: vi("disclosure.quarterly.channel"), Width: 4.5},
		{Title: vi("disclosure.pdf.col.note"), Width: 1.3}}}
	for i, x := range rows {
		note := vi("disclosure.status." + string(x.E.Status))
		if x.E.Version > 1 {
			note = fmt.Sprintf(vi("disclosure.pdf.republished_n"), x.E.Version)
		}
		tbl.Rows = append(tbl.Rows, []string{strconv.Itoa(i + 1), strconv.Itoa(x.E.CategoryNo), x.E.Title, dmy(x.E.DecisionDate),
			dmy(x.E.PublishedOn), strings.Join(x.Channels, "; "), note})
	}
	blocks := []docs.Block{docs.Para(fmt.Sprintf(vi("disclosure.pdf.quarter_intro"), roman(quarter), year))}
	if len(rows) == 0 {
		blocks = append(blocks, docs.Para(vi("disclosure.quarterly.empty")))
	} else {
		blocks = append(blocks, tbl)
	}
	_, to := QuarterBounds(year, quarter)
	date := to.Time()
	if n := calendar.DateOf(now); n.Before(to) {
		date = n.Time()
	}
	return docs.Doc{Size: docs.A4, Landscape: true, Letterhead: c.Letterhead(), Date: date,
		Title: vi("disclosure.pdf.quarter_title"), Subtitle: fmt.Sprintf(vi("disclosure.pdf.quarter_subject"), roman(quarter), year), Blocks: blocks,
		Signature:  &docs.Signature{Authority: vi("disclosure.pdf.authority"), Title: vi("disclosure.pdf.chairman"), Name: c.Chairman},
		Recipients: []string{vi("disclosure.notice.to_hamlets"), vi("disclosure.notice.to_front"), vi("disclosure.pdf.archive")},
		Author:     c.Committee(), Created: now}
}

func (p *pages) quarterPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	year, quarter, rows, err := p.quarterRows(r)
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="danh-muc-cong-khai-quy-%d-%d.pdf"`, quarter, year))
	return docs.Render(w, QuarterDoc(c, year, quarter, rows, p.svc.now()))
}

// reportPeriod reads ?nam= (this year by default): the year, to today if it is not over.
func (p *pages) reportPeriod(r *http.Request) (calendar.Date, calendar.Date, error) {
	today := p.svc.today()
	year := today.Year
	if s := strings.TrimSpace(r.URL.Query().Get("nam")); s != "" {
		n, ok := digits(s, 4, 4)
		if !ok || n < 2000 || n > today.Year {
			return calendar.Date{}, calendar.Date{}, errs.E("disclosure: report", errs.Invalid, "disclosure.period_invalid")
		}
		year = n
	}
	from, to := calendar.NewDate(year, time.January, 1), calendar.NewDate(year, time.December, 31)
	if today.Before(to) {
		to = today
	}
	return from, to, nil
}

func (p *pages) report(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	from, to, err := p.reportPeriod(r)
	if err != nil {
		return err
	}
	sum, err := p.svc.Report(r.Context(), t.ID, from, to)
	if err != nil {
		return err
	}
	_, names, err := p.names(r, t.ID)
	if err != nil {
		return err
	}
	gaps := countGaps(sum.Compliance)
	return p.s.RenderForm(w, r, http.StatusOK, p.sReport, "disclosure.report.title", map[string]any{
		"S": sum, "Names": names, "Channels": Channels, "Gaps": gaps, "Years": yearsUpTo(p.svc.today().Year), "Year": from.Year},
		map[string][]string{"nam": {strconv.Itoa(from.Year)}}, nil)
}

// Gaps are the board's findings counted over the commune and its hamlets, each counted once.
type Gaps struct {
	MissingCategories, Late, ShortPostings, Loudspeaker int
}

func countGaps(rep Report) Gaps {
	var g Gaps
	seen := map[string]bool{}
	add := func(key string, n *int) {
		if !seen[key] {
			seen[key] = true
			*n++
		}
	}
	for _, s := range append([]Scope{rep.Commune}, rep.Hamlets...) {
		g.MissingCategories += len(s.MissingCategories)
		for _, l := range s.Late {
			add("late:"+l.DisclosureID+l.DecisionDate.String(), &g.Late)
		}
		for _, x := range s.ShortPostings {
			add("post:"+x.PostingID, &g.ShortPostings)
		}
		for _, x := range s.Loudspeaker {
			add("loud:"+x.DisclosureID+":"+x.HamletID, &g.Loudspeaker)
		}
	}
	return g
}

// ReportDoc is the disclosure report for the commune council (Art. 14).
func ReportDoc(c commune.Commune, sum Summary, names map[int]string, now time.Time) docs.Doc {
	t := sum.Total
	g := countGaps(sum.Compliance)
	blocks := []docs.Block{
		docs.Para(strings.NewReplacer("{commune}", c.Name, "{from}", FormatDate(sum.From), "{to}", FormatDate(sum.To)).Replace(vi("disclosure.pdf.report_intro"))),
		docs.Paragraph{Runs: []docs.Run{{Text: vi("disclosure.pdf.report_h1"), Style: docs.Bold}}},
		docs.Para(fmt.Sprintf(vi("disclosure.pdf.report_totals"), t.Published, t.Republished, t.OnTime, t.WithDecision, t.Late, sum.Pending)),
	}
	tbl := docs.Table{Columns: []docs.Column{{Title: vi("disclosure.pdf.col.category"), Width: 0.7, Align: docs.Center}, {Title: vi("disclosure.field.category"), Width: 5},
		{Title: vi("disclosure.report.col.published"), Width: 1.2, Align: docs.Right}, {Title: vi("disclosure.report.col.republished"), Width: 1.2, Align: docs.Right},
		{Title: vi("disclosure.report.col.on_time"), Width: 1.5, Align: docs.Right}, {Title: vi("disclosure.report.col.late"), Width: 1, Align: docs.Right}}}
	for _, x := range sum.Categories {
		tbl.Rows = append(tbl.Rows, []string{strconv.Itoa(x.CategoryNo), names[x.CategoryNo], strconv.Itoa(x.Published), strconv.Itoa(x.Republished),
			fmt.Sprintf("%d/%d", x.OnTime, x.WithDecision), strconv.Itoa(x.Late)})
	}
	blocks = append(blocks, tbl, docs.Paragraph{Runs: []docs.Run{{Text: vi("disclosure.pdf.report_h2"), Style: docs.Bold}}})
	for _, ch := range Channels {
		blocks = append(blocks, docs.Para("- "+vi("disclosure.channel."+string(ch))+": "+strconv.Itoa(sum.Channels[ch])))
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("disclosure.pdf.report_h3"), Style: docs.Bold}}})
	if sum.Compliance.Clean() {
		blocks = append(blocks, docs.Para(strings.Replace(vi("disclosure.pdf.report_clean"), "{to}", FormatDate(sum.To), 1)))
	} else {
		blocks = append(blocks, docs.Para(strings.NewReplacer("{to}", FormatDate(sum.To), "{missing}", strconv.Itoa(len(sum.Compliance.Commune.MissingCategories)),
			"{late}", strconv.Itoa(g.Late), "{short}", strconv.Itoa(g.ShortPostings), "{loud}", strconv.Itoa(g.Loudspeaker)).Replace(vi("disclosure.pdf.report_gaps"))))
		for _, no := range sum.Compliance.Commune.MissingCategories {
			blocks = append(blocks, docs.Para("- "+vi("disclosure.compliance.missing_categories")+": "+strconv.Itoa(no)+". "+names[no]))
		}
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("disclosure.pdf.report_h4"), Style: docs.Bold}}},
		docs.Para(vi("disclosure.pdf.report_next")))
	date := sum.To.Time()
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Number: "      /BC-UBND", Date: date,
		Title: vi("disclosure.pdf.report_title"), Subtitle: fmt.Sprintf(vi("disclosure.pdf.report_subject"), sum.From.Year), Blocks: blocks,
		Signature:  &docs.Signature{Authority: vi("disclosure.pdf.authority"), Title: vi("disclosure.pdf.chairman"), Name: c.Chairman},
		Recipients: []string{vi("disclosure.pdf.to_council"), vi("disclosure.notice.to_front"), vi("disclosure.pdf.archive")},
		Author:     c.Committee(), Created: now}
}

func (p *pages) reportPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	from, to, err := p.reportPeriod(r)
	if err != nil {
		return err
	}
	sum, err := p.svc.Report(r.Context(), t.ID, from, to)
	if err != nil {
		return err
	}
	cats, err := p.svc.Categories(r.Context(), t.ID)
	if err != nil {
		return err
	}
	names := categoryNames(cats, "vi")
	c, err := commune.GetCommune(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="bao-cao-cong-khai-%d.pdf"`, from.Year))
	return docs.Render(w, ReportDoc(c, sum, names, p.svc.now()))
}
