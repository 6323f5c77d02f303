package oversight

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The board's printables in the Decree 30/2020 layout: the written result of a case to the
// person who raised it (Decree 59/2023 Art. 14: results in writing) and the quarterly report
// to the Front (Law 10/2022 Art. 39). No official form for either was found: each carries the
// contents the articles ask for, not a copy of a model.

func iv(key string) string { return Messages[key][0] }

// ddmmyyyy writes a day as dd/mm/yyyy.
func ddmmyyyy(d calendar.Date) string {
	if !d.Valid() {
		return "…/…/……"
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// boardLetterhead is the board's under the commune. The team could not confirm which body
// heads the board's letters after Law 97/2025 reorganised the Front, so the line above the
// board names the commune, not the Front's committee (a setting to add if the texts say so).
func boardLetterhead(c commune.Commune) docs.Letterhead {
	return docs.Letterhead{ParentBody: "XÃ " + strings.ToUpper(c.Name), IssuingBody: strings.ToUpper(iv("inspection.pdf.board")), Place: c.Name}
}

func (p *pages) mountPrint(s *web.Server) {
	s.Handle("GET "+inspectionBase+"/vu-viec/{id}/tra-loi.pdf", canWork, p.resultPDF)
	s.Handle("GET "+inspectionBase+"/bao-cao.pdf", canSeeBoard, p.reportPDF)
}

func writePDF(w http.ResponseWriter, name string, d docs.Doc) error {
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	return docs.Render(w, d)
}

// headOf is the serving head's name, who signs for the board ("" leaves it to write by hand).
func (s *Service) headOf(ctx context.Context, communeID, boardID string) (string, error) {
	ms, err := membersOf(ctx, s.d, communeID, boardID)
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		if m.Serving() && m.Position == PosHead {
			return m.FullName, nil
		}
	}
	return "", nil
}

func boardSignature(head string) *docs.Signature {
	return &docs.Signature{Authority: iv("inspection.pdf.on_behalf"), Title: iv("inspection.pdf.head"), Name: head}
}

// ResultDoc is the written result of a case to the person who raised it: what was raised and
// when, what the board verified and found, and its conclusion.
func ResultDoc(c commune.Commune, b InspectionBoard, k Case, head string, now time.Time) docs.Doc {
	line := func(label, value string) docs.Block {
		return docs.Paragraph{Runs: []docs.Run{{Text: label + ": ", Style: docs.Bold}, {Text: value}}, NoIndent: true}
	}
	to := k.RaisedBy
	if k.RaisedAddress != "" {
		to += " (" + k.RaisedAddress + ")"
	}
	var blocks []docs.Block
	if to == "" {
		blocks = append(blocks, docs.Field{Label: iv("inspection.pdf.to"), Leaders: true})
	} else {
		blocks = append(blocks, line(iv("inspection.pdf.to"), to))
	}
	received := fmt.Sprintf(iv("inspection.pdf.received"), ddmmyyyy(k.ReceivedOn), strings.ToLower(iv("inspection.source."+string(k.Source))))
	if k.PetitionRef != "" {
		received += " (" + iv("inspection.field.petition_ref") + " " + k.PetitionRef + ")"
	}
	blocks = append(blocks, docs.Para(received+"."), line(iv("inspection.field.title"), k.Title),
		docs.Paragraph{Runs: []docs.Run{{Text: "1. " + iv("inspection.pdf.content"), Style: docs.Bold}}, NoIndent: true})
	for _, l := range docs.Lines(k.Content) {
		blocks = append(blocks, docs.Para(l))
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: "2. " + iv("inspection.pdf.findings"), Style: docs.Bold}}, NoIndent: true})
	for _, l := range docs.Lines(k.Findings) {
		blocks = append(blocks, docs.Para(l))
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: "3. " + iv("inspection.pdf.conclusion"), Style: docs.Bold}}, NoIndent: true})
	for _, l := range docs.Lines(k.Result) {
		blocks = append(blocks, docs.Para(l))
	}
	blocks = append(blocks, docs.Para(iv("inspection.pdf.result_closing")))
	date := time.Time{}
	if k.ResultOn.Valid() {
		date = k.ResultOn.Time()
	}
	recipients := []string{iv("inspection.pdf.to_person"), b.RecognisedBy, iv("inspection.pdf.archive")}
	return docs.Doc{Size: docs.A4, Letterhead: boardLetterhead(c), Number: "      /TB-TTND", Date: date, Title: iv("inspection.pdf.result_title"),
		Subtitle: fmt.Sprintf(iv("inspection.pdf.result_subject"), k.Code()), Blocks: blocks, Signature: boardSignature(head),
		Recipients: recipients, Author: strings.ToUpper(iv("inspection.pdf.board")), Created: now}
}

func (p *pages) resultPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	k, err := p.svc.GetCase(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if k.Status == CaseOpen {
		return errs.E("oversight: result", errs.Conflict, "inspection.err.no_result")
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	b, err := p.svc.GetBoard(r.Context(), t.ID, k.BoardID)
	if err != nil {
		return err
	}
	head, err := p.svc.headOf(r.Context(), t.ID, b.ID)
	if err != nil {
		return err
	}
	return writePDF(w, "tra-loi-"+strconv.Itoa(k.Year)+"-"+strconv.Itoa(k.Number)+".pdf", ResultDoc(c, b, k, head, p.svc.Now()))
}

// quarterOf is the year and quarter of day d.
func quarterOf(d calendar.Date) (int, int) { return d.Year, (int(d.Month)-1)/3 + 1 }

// PeriodTerm is the board's whole term, for the report at its end (Decree 59/2023 Art. 14:
// reports each quarter, half-year and term).
const PeriodTerm Period = "term"

// ReportSpan is the period a report covers: a quarter, a half-year or a year of Year, or the
// board's term.
type ReportSpan struct {
	Period     Period
	Year, Part int
}

// ParseReportSpan reads the report period of a query (ky=quy|6-thang|nam|nhiem-ky, nam, phan;
// quy=N alone is the older link of a quarter), defaulting to the quarter of today.
func ParseReportSpan(q url.Values, today calendar.Date) ReportSpan {
	year, quarter := quarterOf(today)
	sp := ReportSpan{Period: PeriodQuarter, Year: year, Part: quarter}
	if n, err := strconv.Atoi(q.Get("nam")); err == nil && n >= 2000 && n <= 2200 {
		sp.Year = n
	}
	part := q.Get("phan")
	switch q.Get("ky") {
	case "6-thang":
		sp.Period, sp.Part = PeriodHalf, (int(today.Month)-1)/6+1
	case "nam":
		sp.Period, sp.Part = PeriodYear, 0
	case "nhiem-ky":
		sp.Period, sp.Part = PeriodTerm, 0
	default:
		if part == "" {
			part = q.Get("quy")
		}
	}
	if n, err := strconv.Atoi(part); err == nil && n >= 1 && n <= sp.Period.parts() {
		sp.Part = n
	}
	return sp
}

// Query is the span as the report link writes it.
func (sp ReportSpan) Query() string {
	v := url.Values{"nam": {strconv.Itoa(sp.Year)}}
	switch sp.Period {
	case PeriodQuarter:
		v.Set("ky", "quy")
		v.Set("phan", strconv.Itoa(sp.Part))
	case PeriodHalf:
		v.Set("ky", "6-thang")
		v.Set("phan", strconv.Itoa(sp.Part))
	case PeriodYear:
		v.Set("ky", "nam")
	case PeriodTerm:
		v = url.Values{"ky": {"nhiem-ky"}}
	}
	return v.Encode()
}

// URL is the link of the board's report for the span.
func (sp ReportSpan) URL(boardID string) string {
	return inspectionBase + "/bao-cao.pdf?ban=" + url.QueryEscape(boardID) + "&" + sp.Query()
}

// Key is the catalogue key naming the span ("inspection.span.quarter": "quý %d năm %d"); Args
// are its arguments.
func (sp ReportSpan) Key() string { return "inspection.span." + string(sp.Period) }

// Args are the arguments of Key.
func (sp ReportSpan) Args() []any {
	switch sp.Period {
	case PeriodQuarter, PeriodHalf:
		return []any{sp.Part, sp.Year}
	case PeriodYear:
		return []any{sp.Year}
	}
	return nil
}

// Text is the span in Vietnamese, for the PDF.
func (sp ReportSpan) Text() string { return fmt.Sprintf(iv(sp.Key()), sp.Args()...) }

// Report is what the board did in a period, for the Front.
type Report struct {
	Board           InspectionBoard
	Span            ReportSpan
	From, To        calendar.Date
	Plans           []Plan       // plans whose period meets the span
	Inspections     []Inspection // inspections starting in the span
	Cases           []Case       // cases received in the span (at most 200)
	CaseTotal       int
	Recommendations []Recommendation // the board's recommendations sent in the span (at most 500)
	RecTotal        int
	Today           calendar.Date
}

// QuarterReport is the report of a quarter.
func (s *Service) QuarterReport(ctx context.Context, communeID, boardID string, year, quarter int) (Report, error) {
	return s.PeriodReport(ctx, communeID, boardID, ReportSpan{Period: PeriodQuarter, Year: year, Part: quarter})
}

// PeriodReport gathers the plans, inspections, cases and recommendations of a board in a
// quarter, a half-year, a year or its term, in a few queries. A span is cut to the term.
func (s *Service) PeriodReport(ctx context.Context, communeID, boardID string, sp ReportSpan) (Report, error) {
	b, err := getBoard(ctx, s.d, communeID, boardID)
	if err != nil {
		return Report{}, err
	}
	rep := Report{Board: b, Span: sp, Today: s.Today()}
	if sp.Period == PeriodTerm {
		rep.From, rep.To = b.TermStart, b.TermEnd
	} else {
		rep.From, rep.To = sp.Period.Span(sp.Year, sp.Part)
	}
	plans, _, err := s.Plans(ctx, communeID, boardID, 200, 0)
	if err != nil {
		return Report{}, err
	}
	for _, pl := range plans {
		from, to := pl.Period.Span(pl.Year, pl.Part)
		if !to.Before(rep.From) && !from.After(rep.To) {
			rep.Plans = append(rep.Plans, pl)
		}
		for _, i := range pl.Inspections {
			if !i.StartsOn.Before(rep.From) && !i.StartsOn.After(rep.To) {
				rep.Inspections = append(rep.Inspections, i)
			}
		}
	}
	if rep.Cases, rep.CaseTotal, err = s.Cases(ctx, communeID, CaseFilter{BoardID: boardID, From: rep.From, To: rep.To, Limit: 200}); err != nil {
		return Report{}, err
	}
	if rep.Recommendations, rep.RecTotal, err = ListRecommendations(ctx, s.d, communeID, RecFilter{Board: BoardInspection, BoardID: boardID,
		SentFrom: rep.From, SentTo: rep.To, Limit: 500}); err != nil {
		return Report{}, err
	}
	return rep, nil
}

// ReportDoc is the report of the board to the Front for a quarter, a half-year, a year or its term.
func ReportDoc(c commune.Commune, rep Report, head string, now time.Time) docs.Doc {
	bold := func(text string) docs.Block {
		return docs.Paragraph{Runs: []docs.Run{{Text: text, Style: docs.Bold}}, NoIndent: true}
	}
	blocks := []docs.Block{docs.Para(fmt.Sprintf(iv("inspection.pdf.report_intro"), rep.Span.Text(), ddmmyyyy(rep.From), ddmmyyyy(rep.To)))}
	done := 0
	for _, i := range rep.Inspections {
		if i.Status == InspectionDone {
			done++
		}
	}
	blocks = append(blocks, bold("I. "+iv("inspection.pdf.report_plans")),
		docs.Para(fmt.Sprintf(iv("inspection.pdf.report_plans_count"), len(rep.Plans), len(rep.Inspections), done)))
	for _, pl := range rep.Plans {
		blocks = append(blocks, docs.Para("- "+periodText(pl)+": "+firstLine(pl.Content)))
	}
	if len(rep.Inspections) > 0 {
		t := docs.Table{Columns: []docs.Column{{Title: iv("inspection.col.subject"), Width: 2.4}, {Title: iv("inspection.col.starts"), Width: 1.1},
			{Title: iv("inspection.col.notice"), Width: 1.6}, {Title: iv("inspection.col.status"), Width: 1.2}}}
		for _, i := range rep.Inspections {
			t.Rows = append(t.Rows, []string{i.Subject, ddmmyyyy(i.StartsOn), iv("inspection.notice." + string(i.Notice)), iv("inspection.check." + string(i.Status))})
		}
		blocks = append(blocks, t)
	}
	counts := map[CaseStatus]int{}
	for _, k := range rep.Cases {
		counts[k.Status]++
	}
	blocks = append(blocks, bold("II. "+iv("inspection.pdf.report_cases")),
		docs.Para(fmt.Sprintf(iv("inspection.pdf.report_cases_count"), rep.CaseTotal, counts[CaseOpen], counts[CaseConcluded], counts[CaseClosed])))
	if len(rep.Cases) > 0 {
		t := docs.Table{Columns: []docs.Column{{Title: iv("inspection.col.code"), Width: 0.9}, {Title: iv("inspection.col.title"), Width: 3},
			{Title: iv("inspection.col.received"), Width: 1.1}, {Title: iv("inspection.col.status"), Width: 1.3}}}
		for _, k := range rep.Cases {
			t.Rows = append(t.Rows, []string{k.Code(), k.Title, ddmmyyyy(k.ReceivedOn), iv("inspection.case_status." + string(k.Status))})
		}
		blocks = append(blocks, t)
	}
	blocks = append(blocks, bold("III. "+iv("inspection.pdf.report_recs")))
	late := 0
	for _, r := range rep.Recommendations {
		if r.Overdue(rep.Today) {
			late++
		}
	}
	blocks = append(blocks, docs.Para(fmt.Sprintf(iv("inspection.pdf.report_recs_count"), rep.RecTotal, late)))
	if len(rep.Recommendations) > 0 {
		t := docs.Table{Columns: []docs.Column{{Title: iv("inspection.col.title"), Width: 2.6}, {Title: iv("inspection.col.sent"), Width: 1},
			{Title: iv("inspection.col.due"), Width: 1}, {Title: iv("inspection.col.answer"), Width: 2}}}
		for _, r := range rep.Recommendations {
			answer := iv("inspection.rec.waiting")
			if r.AnsweredOn.Valid() {
				answer = ddmmyyyy(r.AnsweredOn) + ": " + firstLine(r.Answer)
			}
			if r.Overdue(rep.Today) {
				answer += " (" + fmt.Sprintf(iv("inspection.rec.late"), r.DaysLate(rep.Today)) + ")"
			}
			t.Rows = append(t.Rows, []string{r.Title, ddmmyyyy(r.SentOn), ddmmyyyy(r.DueOn), answer})
		}
		blocks = append(blocks, t)
	}
	return docs.Doc{Size: docs.A4, Letterhead: boardLetterhead(c), Number: "      /BC-TTND", Date: rep.Today.Time(),
		Title: iv("inspection.pdf.report_title"), Subtitle: fmt.Sprintf(iv("inspection.pdf.report_subject"), rep.Span.Text()),
		Blocks: blocks, Signature: boardSignature(head), Recipients: []string{rep.Board.RecognisedBy, iv("inspection.pdf.to_chairman"), iv("inspection.pdf.archive")},
		Author: strings.ToUpper(iv("inspection.pdf.board")), Created: now}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if rs := []rune(s); len(rs) > 200 {
		s = string(rs[:199]) + "…"
	}
	return s
}

func periodText(pl Plan) string {
	switch pl.Period {
	case PeriodYear:
		return fmt.Sprintf(iv(pl.PeriodKey()), pl.Year)
	}
	return fmt.Sprintf(iv(pl.PeriodKey()), pl.Part, pl.Year)
}

func (p *pages) reportPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	q := r.URL.Query()
	sp := ParseReportSpan(q, p.svc.Today())
	var b InspectionBoard
	var err error
	if id := q.Get("ban"); id != "" {
		b, err = p.svc.GetBoard(r.Context(), t.ID, id)
	} else {
		b, err = p.currentBoard(r)
	}
	if err != nil {
		return err
	}
	rep, err := p.svc.PeriodReport(r.Context(), t.ID, b.ID, sp)
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	head, err := p.svc.headOf(r.Context(), t.ID, b.ID)
	if err != nil {
		return err
	}
	return writePDF(w, "bao-cao-"+reportFileName(sp)+".pdf", ReportDoc(c, rep, head, p.svc.Now()))
}

// reportFileName names the report's file by its span ("quy-4-2026", "6-thang-2-2026", "nam-2026", "nhiem-ky").
func reportFileName(sp ReportSpan) string {
	switch sp.Period {
	case PeriodQuarter:
		return fmt.Sprintf("quy-%d-%d", sp.Part, sp.Year)
	case PeriodHalf:
		return fmt.Sprintf("6-thang-%d-%d", sp.Part, sp.Year)
	case PeriodYear:
		return fmt.Sprintf("nam-%d", sp.Year)
	}
	return "nhiem-ky"
}
