package investment

import (
	"context"
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

// The board's report to the Front per quarter, half year or term, in the Decree 30/2020
// layout. No official form for it was found by the team: the report carries what the law
// asks the board to report (Art. 43–45: what it supervised, what it found, what it
// recommended and what came of it) under a plain title, not a copy of an official form, and
// without a form number.

func vi(key string) string { return Messages[key][0] }

func dmy(d calendar.Date) string {
	if !d.Valid() {
		return "…/…/……"
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

func (p *pages) mountPrint(s *web.Server) {
	s.Handle("GET "+staffBase+"/{id}/ban/bao-cao", canSee, p.reports)
	s.Handle("GET "+staffBase+"/{id}/ban/bao-cao.pdf", canSee, p.reportPDF)
}

func (p *pages) reports(w http.ResponseWriter, r *http.Request) error {
	cid, _ := actor(r)
	x, err := p.svc.Project(r.Context(), cid, r.PathValue("id"))
	if err != nil {
		return err
	}
	today := p.svc.Today()
	return p.s.Render(w, r, http.StatusOK, p.pReports, "investment.report.title", map[string]any{"P": x, "Year": today.Year,
		"Quarter": (int(today.Month)-1)/3 + 1, "Half": (int(today.Month)-1)/6 + 1, "Years": []int{today.Year, today.Year - 1, today.Year - 2}})
}

// periodName is the period in words: "quý IV năm 2026", "6 tháng đầu năm 2026", "nhiệm kỳ".
func periodName(pd Period) string {
	switch pd.Kind {
	case "quarter":
		return fmt.Sprintf("quý %s năm %d", []string{"I", "II", "III", "IV"}[pd.Part-1], pd.Year)
	case "half":
		if pd.Part == 1 {
			return fmt.Sprintf("6 tháng đầu năm %d", pd.Year)
		}
		return fmt.Sprintf("6 tháng cuối năm %d", pd.Year)
	}
	return "nhiệm kỳ"
}

func (p *pages) reportPDF(w http.ResponseWriter, r *http.Request) error {
	cid, _ := actor(r)
	ctx := r.Context()
	q := r.URL.Query()
	pd, ok := ParsePeriod(q.Get("ky"), q.Get("nam"), q.Get("so"))
	if !ok {
		return errs.E("investment: report", errs.Invalid, "investment.err.period")
	}
	c, err := commune.GetCommune(ctx, p.svc.d, cid)
	if err != nil {
		return err
	}
	d, err := p.svc.ReportDoc(ctx, c, r.PathValue("id"), pd)
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="bao-cao-giam-sat-dau-tu.pdf"`)
	return docs.Render(w, d)
}

// ReportDoc is the board's report on its project for a period.
func (s *Service) ReportDoc(ctx context.Context, c commune.Commune, projectID string, pd Period) (docs.Doc, error) {
	const op = "investment: report"
	x, err := s.Project(ctx, c.ID, projectID)
	if err != nil {
		return docs.Doc{}, err
	}
	b, ok, err := s.BoardOf(ctx, c.ID, x.ID)
	if err != nil {
		return docs.Doc{}, err
	}
	if !ok {
		return docs.Doc{}, errs.E(op, errs.Conflict, "investment.err.no_board")
	}
	from, to := pd.Bounds()
	if pd.Kind == "term" {
		from, to = b.SetUpOn, s.Today()
		if b.Dissolved() {
			to = b.DissolvedOn
		}
	}
	visits, _, err := s.Visits(ctx, c.ID, VisitFilter{ProjectID: x.ID, SubmittedOnly: true, From: from, To: to, Limit: 200})
	if err != nil {
		return docs.Doc{}, err
	}
	recs, _, err := s.Recommendations(ctx, c.ID, x.ID, 200, 0)
	if err != nil {
		return docs.Doc{}, err
	}
	today := s.Today()
	field := func(label, value string) docs.Block { return docs.Field{Label: label, Value: value} }
	heading := func(t string) docs.Block {
		return docs.Paragraph{Runs: []docs.Run{{Text: t, Style: docs.Bold}}, NoIndent: true}
	}
	hamlets := strings.Join(x.Hamlets, ", ")
	blocks := []docs.Block{
		docs.Para(fmt.Sprintf(vi("investment.pdf.intro"), periodName(pd), dmy(from), dmy(to))),
		heading(vi("investment.pdf.part1")),
		field(vi("investment.field.name"), x.Name),
		field(vi("investment.field.kind"), vi("investment.kind."+string(x.Kind))),
		field(vi("investment.field.investor"), x.Investor),
		field(vi("investment.field.decision_maker"), x.DecisionMaker),
		field(vi("investment.field.hamlets"), hamlets),
		field(vi("investment.pdf.budget"), FormatVND(x.Budget)+" đồng"),
		field(vi("investment.pdf.residents_part"), FormatVND(x.ResidentsContribution)+" đồng"),
		field(vi("investment.field.status"), vi("investment.status."+string(x.Status))+", "+strconv.Itoa(x.Progress)+" %"),
		heading(vi("investment.pdf.part2")),
		field(vi("investment.field.set_up_on"), dmy(b.SetUpOn)+" ("+b.SetUpBy+")"),
		field(vi("investment.field.supervision_from"), dmy(b.SupervisionFrom)),
		field(vi("investment.field.notified_on"), dmy(b.NotifiedOn)),
	}
	var members [][]string
	n := 0
	for _, m := range b.Members {
		if !m.Serving() {
			continue
		}
		n++
		members = append(members, []string{strconv.Itoa(n), m.Name, vi("investment.position." + string(m.Position)), vi("investment.origin." + string(m.Origin)), m.Hamlet})
	}
	blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: "TT", Width: 0.5, Align: docs.Center}, {Title: vi("investment.field.member_name"), Width: 3},
		{Title: vi("investment.field.position"), Width: 1.6}, {Title: vi("investment.field.origin"), Width: 2.4}, {Title: vi("investment.field.hamlet"), Width: 1.6}}, Rows: members})
	blocks = append(blocks, heading(vi("investment.pdf.part3")))
	if len(visits) == 0 {
		blocks = append(blocks, docs.Para(vi("investment.pdf.no_visits")))
	} else {
		var rows [][]string
		for i, v := range visits {
			rows = append(rows, []string{strconv.Itoa(i + 1), dmy(v.VisitedOn), v.Place, strconv.Itoa(v.Problems), v.Findings})
		}
		blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: "TT", Width: 0.5, Align: docs.Center}, {Title: vi("investment.field.visited_on"), Width: 1.4},
			{Title: vi("investment.field.place"), Width: 2}, {Title: vi("investment.pdf.problems"), Width: 1, Align: docs.Center}, {Title: vi("investment.field.findings"), Width: 4}}, Rows: rows})
	}
	blocks = append(blocks, heading(vi("investment.pdf.part4")))
	var rrows [][]string
	for _, rec := range recs {
		if (from.Valid() && rec.SentOn.Before(from)) || (to.Valid() && rec.SentOn.After(to)) {
			continue
		}
		state := vi("investment.rec.waiting")
		if rec.AnsweredOn.Valid() {
			state = vi("investment.rec.answered_on") + " " + dmy(rec.AnsweredOn)
		}
		if rec.Overdue(today) {
			state += fmt.Sprintf(" ("+vi("investment.rec.late_days")+")", rec.DaysLate(today))
		}
		if rec.ActedOn.Valid() {
			state += "; " + vi("investment.rec.acted") + ": " + rec.Acted
		}
		title := rec.Title
		if rec.Suspend {
			title += " (" + vi("investment.rec.suspend_short") + ")"
		}
		rrows = append(rrows, []string{strconv.Itoa(len(rrows) + 1), dmy(rec.SentOn), title, vi("investment.rec.to." + string(rec.To)), state})
	}
	if len(rrows) == 0 {
		blocks = append(blocks, docs.Para(vi("investment.pdf.no_recs")))
	} else {
		blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: "TT", Width: 0.5, Align: docs.Center}, {Title: vi("investment.rec.sent_on"), Width: 1.4},
			{Title: vi("investment.rec.title_col"), Width: 3}, {Title: vi("investment.rec.to_col"), Width: 1.4}, {Title: vi("investment.rec.state_col"), Width: 3}}, Rows: rrows})
	}
	blocks = append(blocks, heading(vi("investment.pdf.part5")), docs.Field{Label: vi("investment.pdf.proposals"), Leaders: true},
		docs.Field{Label: "", Leaders: true})
	l := c.Letterhead()
	l.ParentBody = strings.ToUpper(b.SetUpBy + " " + c.Name)
	l.IssuingBody = vi("investment.pdf.issuer")
	return docs.Doc{Size: docs.A4, Letterhead: l, Number: "      /BC", Date: time.Time{},
		Title: vi("investment.pdf.title"), Subtitle: fmt.Sprintf(vi("investment.pdf.subject"), periodName(pd), x.Name), Blocks: blocks,
		Signature:  &docs.Signature{Authority: vi("investment.pdf.authority"), Title: vi("investment.pdf.head"), Name: b.Head()},
		Recipients: []string{b.SetUpBy + " " + c.Name, vi("investment.pdf.to_committee"), vi("investment.pdf.archive")},
		Author:     vi("investment.pdf.issuer"), Created: s.now()}, nil
}
