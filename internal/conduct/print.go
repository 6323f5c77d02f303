package conduct

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The printables: the badges (badgepdf.go draws them) and the chairman's year summary of the
// conduct log, in the layout of Decree 30/2020. The summary is a report (báo cáo) with a blank
// number: no model form exists for it.

// maxPhotoBytes bounds a photo read for a badge (the blob store's own limit is larger).
const maxPhotoBytes = 8 << 20

// base is the site's address for the QR codes.
func (p *pages) base(r *http.Request) string {
	if p.baseURL != "" {
		return p.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// card builds a badge's content, reading its photo (one blob lookup each).
func (p *pages) card(ctx context.Context, communeID string, c commune.Commune, b Badge, base string) BadgeCard {
	card := BadgeCard{Committee: c.Committee(), Name: b.Staff.FullName, Title: b.Staff.Title, Unit: b.Staff.Unit, Code: b.Code,
		URL: base + b.PublicPath()}
	if b.Staff.PhotoSHA256 != "" && p.photos != nil {
		if f, _, err := p.photos.Open(ctx, communeID, b.Staff.PhotoSHA256); err == nil {
			card.Photo, _ = io.ReadAll(io.LimitReader(f, maxPhotoBytes))
			f.Close()
		}
	}
	return card
}

func (p *pages) writePDF(w http.ResponseWriter, name string, render func(io.Writer) error) error {
	// Rendered to memory first, so that a failure is an error page and not half a file.
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return errs.Wrap("conduct: pdf", err)
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	_, err := w.Write(buf.Bytes())
	return err
}

func (p *pages) badgePDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	b, err := p.svc.Badge(ctx, t.ID, r.PathValue("staff"))
	if err != nil {
		return err
	}
	if b.Code == "" {
		return errs.E("conduct: badge", errs.Conflict, "conduct.err.no_code")
	}
	c, err := commune.GetCommune(ctx, p.svc.d, t.ID)
	if err != nil {
		return err
	}
	card := p.card(ctx, t.ID, c, b, p.base(r))
	return p.writePDF(w, "the-cong-chuc.pdf", func(out io.Writer) error {
		return RenderBadges(out, []BadgeCard{card}, vi("conduct.badges.pdf_title")+" "+b.Staff.FullName, p.svc.now())
	})
}

func (p *pages) sheetPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	all, err := p.svc.AllBadges(ctx, t.ID)
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(ctx, p.svc.d, t.ID)
	if err != nil {
		return err
	}
	base := p.base(r)
	var cards []BadgeCard
	for _, b := range all {
		if b.Code != "" {
			cards = append(cards, p.card(ctx, t.ID, c, b, base))
		}
	}
	if len(cards) == 0 {
		return errs.E("conduct: badges", errs.Conflict, "conduct.err.no_code")
	}
	return p.writePDF(w, "the-cong-chuc-toan-xa.pdf", func(out io.Writer) error {
		return RenderBadges(out, cards, vi("conduct.badges.pdf_title")+" "+c.Committee(), p.svc.now())
	})
}

func (p *pages) summaryPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	year := p.yearParam(r)
	target, err := p.svc.YearTarget(ctx, t.ID, year)
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(ctx, p.svc.d, t.ID)
	if err != nil {
		return err
	}
	d := YearSummary(c, target, p.svc.Today(), p.svc.now())
	return p.writePDF(w, "bao-cao-van-hoa-cong-vu-"+strconv.Itoa(year)+".pdf", func(out io.Writer) error { return docs.Render(out, d) })
}

// YearSummary is the chairman's report of a year's conduct log: the reports by source and by
// outcome, those still waiting, the officers found in breach, and whether the plan's yearly
// target is met.
func YearSummary(c commune.Commune, t Target, today calendar.Date, now time.Time) docs.Doc {
	n := func(x int) string { return strconv.Itoa(x) }
	blocks := []docs.Block{
		docs.Para(fmt.Sprintf(vi("conduct.pdf.intro"), c.Name, t.Year)),
		docs.Paragraph{Runs: []docs.Run{{Text: "I. " + vi("conduct.pdf.received"), Style: docs.Bold}}, NoIndent: true},
		docs.Para(fmt.Sprintf(vi("conduct.pdf.received_text"), t.Received, t.Open, t.Overdue)),
	}
	rows := [][]string{}
	for _, s := range t.BySource {
		rows = append(rows, []string{vi("conduct.source." + s.Key), n(s.N)})
	}
	blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: vi("conduct.col.source"), Width: 4},
		{Title: vi("conduct.col.count"), Width: 1, Align: docs.Right}}, Rows: rows})
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: "II. " + vi("conduct.pdf.outcomes"), Style: docs.Bold}}, NoIndent: true})
	rows = [][]string{}
	for _, o := range t.ByOutcome {
		rows = append(rows, []string{vi("conduct.outcome." + o.Key), n(o.N)})
	}
	rows = append(rows, []string{vi("conduct.status.open"), n(t.Open)})
	blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: vi("conduct.col.outcome"), Width: 4},
		{Title: vi("conduct.col.count"), Width: 1, Align: docs.Right}}, Rows: rows})
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: "III. " + vi("conduct.pdf.target"), Style: docs.Bold}}, NoIndent: true},
		docs.Para(vi("conduct.target.text")))
	if t.Met() {
		blocks = append(blocks, docs.Para(fmt.Sprintf(vi("conduct.pdf.met"), t.Year)))
	} else {
		blocks = append(blocks, docs.Para(fmt.Sprintf(vi("conduct.pdf.not_met"), t.Year, len(t.Officers), t.Disciplined)))
		rows = [][]string{}
		for i, o := range t.Officers {
			rows = append(rows, []string{n(i + 1), o.Name, o.Title, n(o.Breaches), n(o.Discipline)})
		}
		blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: vi("conduct.col.no"), Width: 0.6, Align: docs.Center},
			{Title: vi("conduct.col.officer"), Width: 3}, {Title: vi("conduct.col.title"), Width: 3},
			{Title: vi("conduct.col.breaches"), Width: 1.2, Align: docs.Right}, {Title: vi("conduct.col.discipline"), Width: 1.2, Align: docs.Right}},
			Rows: rows})
	}
	blocks = append(blocks, docs.Para(fmt.Sprintf(vi("conduct.pdf.as_of"), formatDate(today))), docs.Para(vi("conduct.pdf.discipline_note")))
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Number: "      /BC-UBND", Date: now,
		Title: vi("conduct.pdf.title"), Subtitle: fmt.Sprintf(vi("conduct.pdf.subtitle"), t.Year), Blocks: blocks,
		Signature:  &docs.Signature{Authority: vi("conduct.pdf.authority"), Title: vi("conduct.pdf.chairman"), Name: c.Chairman},
		Recipients: []string{vi("conduct.pdf.to_party"), vi("conduct.pdf.to_front"), vi("conduct.pdf.archive")},
		Author:     c.Committee(), Created: now}
}
