package tasks

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The printable: the plan's appendix "Phụ lục phân công nhiệm vụ", its tasks with the five
// clears in one table on A4 landscape, in the layout of Decree 30/2020 (letterhead, title,
// the table, the chairman's signature), with where each task stands on the day it is printed.

// EachTask calls fn for every task of a plan in the plan's order, reading them as a stream
// (the export and the printable never hold more than the rows they are writing).
func (s *Service) EachTask(ctx context.Context, communeID, planID string, fn func(Task) error) error {
	const op = "tasks: each task"
	now := s.now()
	rows, err := s.d.Query(ctx, `SELECT `+taskCols+taskFrom+` LEFT JOIN task_sections s ON s.commune_id = t.commune_id
		AND s.plan_id = t.plan_id AND s.code = t.section_code WHERE t.commune_id = $1 AND t.plan_id = $2
		ORDER BY COALESCE(s.sort_order, 0), t.seq`, communeID, planID)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTask(rows, now)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return errs.Wrap(op, rows.Err())
}

// StandingOf says in words where a task stands: its status, percent and, when open, the
// register's overdue or at-risk state.
func StandingOf(t Task) string {
	s := vi("tasks.status." + string(t.Status))
	switch t.Status {
	case InProgress:
		s += " " + strconv.Itoa(t.Percent) + " %"
	case Done:
		if t.DoneOn.Valid() {
			s += " " + FormatDate(t.DoneOn)
		}
	}
	if t.Status.Open() {
		switch {
		case t.Overdue():
			s += "; " + vi("tasks.state.overdue")
		case t.AtRisk():
			s += "; " + vi("tasks.state.at_risk")
		}
	}
	return s
}

// responsibility writes the lead and cooperating units in one cell.
func responsibility(t Task) string {
	s := vi("tasks.pdf.lead") + " " + t.Lead
	if len(t.Cooperating) > 0 {
		s += "\n" + vi("tasks.pdf.cooperating") + " " + strings.Join(t.Cooperating, "; ")
	}
	return s
}

// ownerText is the owner as printed: the person and their title, or the unit.
func ownerText(t Task) string {
	if t.OwnerTitle != "" {
		return t.OwnerName + " (" + t.OwnerTitle + ")"
	}
	return t.OwnerName
}

// dueText is the deadline as printed, with how it was counted.
func dueText(t Task) string {
	if t.DueRule != "" {
		return FormatDate(t.DueOn) + "\n(" + t.DueRule + ")"
	}
	return FormatDate(t.DueOn)
}

// Appendix builds the printed appendix of a plan with its tasks (in the plan's order), where
// they stand on today, under the commune's letterhead; issuer names the commune's committee
// in the subtitle ("UBND xã Bình Yên").
func Appendix(pl Plan, tasks []Task, c Counts, lh docs.Letterhead, issuer string, today calendar.Date, now time.Time) docs.Doc {
	// "Kèm theo Kế hoạch số 05/KH-UBND ngày … của UBND xã …", or the plan's title while it
	// has no number.
	sub := vi("tasks.pdf.with") + " " + pl.Reference()
	if pl.Numbered() {
		if pl.IssuedOn.Valid() {
			sub += " " + vi("tasks.pdf.dated") + " " + FormatDate(pl.IssuedOn)
		}
		if issuer != "" {
			sub += " " + vi("tasks.pdf.of") + " " + issuer
		}
	}
	period := fmt.Sprintf(vi("tasks.pdf.period"), FormatDate(pl.From), FormatDate(pl.To))
	if pl.ReportOn.Valid() {
		period += "; " + fmt.Sprintf(vi("tasks.pdf.report"), FormatDate(pl.ReportOn))
	}
	var blocks []docs.Block
	if pl.Numbered() {
		blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: pl.Title, Style: docs.Bold}}, Align: docs.Center, NoIndent: true})
	}
	blocks = append(blocks, docs.Para(period),
		docs.Para(fmt.Sprintf(vi("tasks.pdf.standing"), FormatDate(today), c.Total, c.Done, c.InProgress, c.NotStarted, c.Overdue)))
	cols := []docs.Column{{Title: vi("tasks.pdf.col.no"), Width: 0.6, Align: docs.Center},
		{Title: vi("tasks.pdf.col.what"), Width: 4}, {Title: vi("tasks.pdf.col.who"), Width: 1.9},
		{Title: vi("tasks.pdf.col.responsibility"), Width: 2.2}, {Title: vi("tasks.pdf.col.when"), Width: 1.2, Align: docs.Center},
		{Title: vi("tasks.pdf.col.result"), Width: 2.6}, {Title: vi("tasks.pdf.col.standing"), Width: 1.4}}
	var rows [][]string
	section, n := "", 0
	for _, t := range tasks {
		if t.Section != section {
			section, n = t.Section, 0
			title := vi("tasks.pdf.section") + " " + t.Section
			if s := pl.Section(t.Section); s != nil && s.Title != "" {
				title += ". " + s.Title
			}
			rows = append(rows, []string{"", title})
		}
		n++
		rows = append(rows, []string{strconv.Itoa(n), t.Body, ownerText(t), responsibility(t), dueText(t), t.Result, StandingOf(t)})
	}
	if len(rows) == 0 {
		blocks = append(blocks, docs.Para(vi("tasks.list.none")))
	} else {
		blocks = append(blocks, docs.Table{Columns: cols, Rows: rows, Size: 10})
	}
	title := pl.SignerTitle
	if title == "" {
		title = vi("tasks.pdf.chairman")
	}
	var issued time.Time // blank, to fill by hand, until the plan is dated
	if pl.IssuedOn.Valid() {
		issued = pl.IssuedOn.Time()
	}
	return docs.Doc{Size: docs.A4, Landscape: true, Letterhead: lh, Date: issued, Title: vi("tasks.pdf.title"),
		Subtitle: sub, Blocks: blocks, Signature: &docs.Signature{Authority: vi("tasks.pdf.authority"), Title: title, Name: pl.SignerName},
		Author: issuer, Created: now}
}

// letterheadOf is the commune's letterhead (the composition root's, or one made from the
// commune's name and province) and its committee's name as a sentence writes it.
func (p *pages) letterheadOf(r *http.Request) (docs.Letterhead, string, error) {
	t := web.TenantOf(r)
	issuer := vi("tasks.pdf.issuer") + " " + t.Name
	if p.svc.letterhead != nil {
		lh, err := p.svc.letterhead(r.Context(), t.ID)
		return lh, issuer, err
	}
	lh := docs.Letterhead{IssuingBody: "UBND XÃ " + strings.ToUpper(t.Name), Place: t.Name}
	if t.Province != "" {
		lh.ParentBody = "UBND TỈNH " + strings.ToUpper(t.Province)
	}
	return lh, issuer, nil
}

func (p *pages) printPlan(w http.ResponseWriter, r *http.Request) error {
	ctx, cid := r.Context(), communeOf(r)
	pl, err := p.svc.Plan(ctx, cid, r.PathValue("id"))
	if err != nil {
		return err
	}
	var tasks []Task
	var c Counts
	if err := p.svc.EachTask(ctx, cid, pl.ID, func(t Task) error {
		tasks = append(tasks, t)
		c.add(taskState{status: t.Status, percent: t.Percent, dueOn: t.DueOn, doneOn: t.DoneOn, state: t.State})
		return nil
	}); err != nil {
		return err
	}
	lh, issuer, err := p.letterheadOf(r)
	if err != nil {
		return err
	}
	d := Appendix(pl, tasks, c, lh, issuer, p.svc.Today(), p.svc.now())
	// Rendered to memory first, so that a failure is an error page and not half a file.
	var buf bytes.Buffer
	if err := docs.Render(&buf, d); err != nil {
		return errs.Wrap("tasks: print", err)
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="phu-luc-phan-cong-nhiem-vu.pdf"`)
	_, err = w.Write(buf.Bytes())
	return err
}
