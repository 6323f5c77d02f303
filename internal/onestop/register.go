package onestop

import (
	"bytes"
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

// Form 07 (06 under Circular 01/2018), the dossier register (sổ theo dõi hồ sơ): one line per
// dossier of the year, numbered from 01 each year, on A4 landscape or as a spreadsheet.

// registerColumns are the register's columns, in the forms' words.
var registerColumns = []string{"onestop.pdf.col.no", "onestop.pdf.col.code", "onestop.pdf.col.procedure",
	"onestop.pdf.col.applicant", "onestop.pdf.col.received", "onestop.pdf.col.due", "onestop.pdf.col.finished",
	"onestop.pdf.col.returned", "onestop.pdf.col.notes"}

// registerNotes is the last column: the state, and what the on-time count will say of it.
func registerNotes(d Dossier, now time.Time) string {
	parts := []string{vi(d.Status.Label())}
	if d.Overdue(now) {
		parts = append(parts, vi("onestop.page.badge.overdue"))
	}
	if d.Apology != nil || d.Apologies > 0 {
		parts = append(parts, vi("onestop.pdf.register.apology", shortDate(d.DueAt)))
	}
	if d.ReturnMethod == "post" {
		parts = append(parts, vi("onestop.pdf.register.post", d.TrackingNumber))
	}
	if d.Status == StateRejected || d.Status == StateStopped || d.Status == StateWithdrawn {
		if d.Reasons != "" {
			parts = append(parts, d.Reasons)
		}
	}
	return strings.Join(parts, "; ")
}

func shortDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Zone).Format("02/01/2006")
}

func (p *pages) register(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	now := p.svc.nowUTC()
	year := calendar.DateOf(now).Year
	q := r.URL.Query()
	if s := q.Get("nam"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			return errs.E("onestop: register", errs.NotFound, "error.not_found")
		}
		year = y
	}
	c, err := p.communeOf(ctx, t.ID)
	if err != nil {
		return err
	}
	switch q.Get("dinh-dang") {
	case "", "pdf":
	case "xlsx":
		return p.registerXLSX(w, r, year, c.Committee(), now)
	default:
		return errs.E("onestop: register", errs.NotFound, "error.not_found")
	}
	var rows [][]string
	err = p.svc.EachRegisterEntry(ctx, t.ID, year, func(d Dossier) error {
		rows = append(rows, registerRow(d, now))
		return nil
	})
	if err != nil {
		return err
	}
	doc := registerDoc(c, year, rows, now)
	doc.Author = web.UserOf(r).FullName
	var buf bytes.Buffer
	if err := docs.Render(&buf, doc); err != nil {
		return errs.Wrap("onestop: register pdf", err)
	}
	return writePDF(w, buf.Bytes(), "so-theo-doi-ho-so-"+strconv.Itoa(year)+".pdf")
}

// registerRow is one dossier's line of the register.
func registerRow(d Dossier, now time.Time) []string {
	who := d.Applicant.Name
	if d.Applicant.Address != "" {
		who += ", " + d.Applicant.Address
	}
	if d.Applicant.Phone != "" {
		who += ", ĐT " + d.Applicant.Phone
	}
	return []string{registerNo(d.RegisterNumber), d.Code, d.ProcedureName, who, shortDate(d.ReceivedAt),
		shortDate(d.DueAt), shortDate(d.FinishedAt), shortDate(d.ReturnedAt), registerNotes(d, now)}
}

// registerDoc is the register of a year on A4 landscape, its table at 11 pt. The widths are
// millimetres of the 252 mm line: a dossier code (45 mm at 11 pt) and a date (18 mm) each
// fit one line with the cell's padding, and the names share the rest.
func registerDoc(c commune.Commune, year int, rows [][]string, now time.Time) docs.Doc {
	tbl := docs.Table{Size: 11, Rows: rows}
	widths := []float64{13, 48, 40, 36, 21, 21, 21, 21, 31} // the entry number: five digits
	for i, k := range registerColumns {
		tbl.Columns = append(tbl.Columns, docs.Column{Title: vi(k), Width: widths[i]})
	}
	tbl.Columns[0].Align = docs.Center
	blocks := []docs.Block{docs.Para(vi("onestop.pdf.register.intro", c.Name, year, len(rows)))}
	if len(rows) > 0 {
		blocks = append(blocks, tbl)
	}
	// The register of a past year is on the form of that year's end: 06 of Circular 01/2018
	// for 2024, 07 of Circular 03/2025 from 2025 on.
	at := now
	if end := time.Date(year, 12, 31, 12, 0, 0, 0, calendar.Zone); end.Before(at) {
		at = end
	}
	return formSetAt(at).apply("register", docs.Doc{Letterhead: c.Letterhead(), Date: now.In(calendar.Zone),
		Subtitle: vi("onestop.pdf.register.year", year), Blocks: blocks, Created: now})
}

// registerNo writes an entry number with the leading zero of registers: 01, 02 … 10.
func registerNo(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// registerXLSX streams the register as a spreadsheet, read and written row by row.
func (p *pages) registerXLSX(w http.ResponseWriter, r *http.Request, year int, committee string, now time.Time) error {
	t := web.TenantOf(r)
	header := make([]string, 0, len(registerColumns)+2)
	for _, k := range registerColumns[:4] {
		header = append(header, vi(k))
	}
	header = append(header, vi("onestop.pdf.col.address"), vi("onestop.pdf.col.phone"))
	for _, k := range registerColumns[4:] {
		header = append(header, vi(k))
	}
	sheet := docs.Sheet{Title: vi("onestop.pdf.register.sheet", year, committee), Header: header,
		Widths: []float64{6, 26, 40, 24, 30, 14, 17, 17, 17, 17, 40}}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="so-theo-doi-ho-so-`+strconv.Itoa(year)+`.xlsx"`)
	h.Set("Cache-Control", "no-store")
	at := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.In(calendar.Zone)
	}
	return docs.WriteXLSX(w, sheet, func(yield func([]any) error) error {
		return p.svc.EachRegisterEntry(r.Context(), t.ID, year, func(d Dossier) error {
			return yield([]any{d.RegisterNumber, d.Code, d.ProcedureName, d.Applicant.Name, d.Applicant.Address, d.Applicant.Phone,
				at(d.ReceivedAt), at(d.DueAt), at(d.FinishedAt), at(d.ReturnedAt), registerNotes(d, now)})
		})
	})
}
