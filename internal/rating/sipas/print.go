package sipas

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/web"
)

// The printables: the paper questionnaire of a sampled dossier, in the layout of Decree
// 30/2020 (letterhead, title, body), and the CSV of the answers. The method's legal basis
// gives no form number this room could verify: none is printed.

func vi(key string) string { return Messages[key][0] }

// Questionnaire is the paper form of invitation i: the dossier it is about, the questions of
// m with a box per level of the scale, a space for comments, and the link (and its QR code)
// to answer online instead.
func Questionnaire(c commune.Commune, v Survey, m Method, i Invitation, link string, now time.Time) docs.Doc {
	blocks := []docs.Block{
		docs.Para(fmt.Sprintf(vi("sipas.pdf.intro"), c.Committee())),
		docs.Field{Label: vi("sipas.pdf.dossier"), Value: i.DossierCode, Bold: true},
		docs.Field{Label: vi("sipas.pdf.procedure"), Value: i.ProcedureName},
		docs.Field{Label: vi("sipas.pdf.returned"), Value: i.ReturnedAt.In(calendar.Zone).Format("02/01/2006")},
		docs.Paragraph{Runs: []docs.Run{{Text: vi("sipas.pdf.how"), Style: docs.Italic}}},
	}
	// The levels head their columns by number, and a line under the instructions names them:
	// a level's name does not fit a column narrow enough to leave the criterion its line.
	cols := []docs.Column{{Title: vi("sipas.pdf.col.criterion"), Width: 6}}
	var legend []string
	for _, l := range m.Scale {
		cols = append(cols, docs.Column{Title: strconv.Itoa(l.Value), Width: 0.8, Align: docs.Center})
		legend = append(legend, strconv.Itoa(l.Value)+" – "+l.Label)
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("sipas.pdf.levels") + " ", Style: docs.Bold}, {Text: strings.Join(legend, "; ") + "."}}})
	for _, e := range m.Elements {
		blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: e.Code + ". " + e.Name, Style: docs.Bold}}, NoIndent: true})
		rows := make([][]string, 0, len(e.Criteria))
		for _, cr := range e.Criteria {
			row := []string{cr.Code + ". " + cr.Text}
			for range m.Scale {
				row = append(row, "")
			}
			rows = append(rows, row)
		}
		blocks = append(blocks, docs.Table{Columns: cols, Rows: rows})
	}
	blocks = append(blocks, docs.Space{MM: 2}, docs.Paragraph{Runs: []docs.Run{{Text: vi("sipas.pdf.comment"), Style: docs.Bold}}, NoIndent: true})
	for range 4 {
		blocks = append(blocks, docs.Field{Label: " ", Leaders: true})
	}
	blocks = append(blocks, docs.Para(vi("sipas.pdf.return_to")))
	if link != "" {
		blocks = append(blocks, docs.QR{Text: link, Caption: fmt.Sprintf(vi("sipas.pdf.online"), link)})
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: fmt.Sprintf(vi("sipas.pdf.method"), v.MethodName, v.MethodVersion,
		v.LegalBasis), Style: docs.Italic}}, Size: 9, NoIndent: true})
	if !v.MethodVerified {
		blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("sipas.method.unverified"), Style: docs.Italic}}, Size: 9, NoIndent: true})
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("sipas.pdf.thanks"), Style: docs.BoldItalic}}, Align: docs.Center})
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Title: vi("sipas.pdf.title"), Subtitle: vi("sipas.pdf.subtitle"),
		Blocks: blocks, Author: c.Committee(), Created: now}
}

func (p *pages) questionnairePDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	v, err := p.survey(r)
	if err != nil {
		return err
	}
	i, err := p.svc.Invitation(r.Context(), t.ID, v.ID, r.PathValue("inv"))
	if err != nil {
		return err
	}
	m, err := p.svc.Method(r.Context(), t.ID, v.MethodID)
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	link := ""
	if v.Status == Open && !i.Answered() {
		link = strings.TrimSuffix(p.base, "/") + i.Link()
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="phieu-khao-sat-`+strconv.Itoa(i.Seq)+`.pdf"`)
	return docs.Render(w, Questionnaire(c, v, m, i, link, p.svc.now()))
}

// answersCSV streams the survey's answers: one line per questionnaire, one column per
// criterion holding the level chosen (empty: not answered). No personal data: no name, phone,
// dossier code, invitation or comment (a comment may name someone).
func (p *pages) answersCSV(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	v, err := p.survey(r)
	if err != nil {
		return err
	}
	m, err := p.svc.Method(r.Context(), t.ID, v.MethodID)
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="khao-sat-sipas-`+strconv.Itoa(v.Year)+`.csv"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	T := func(k string) string { return p.s.T(r, k) }
	head := []string{T("sipas.csv.number"), T("sipas.csv.field"), T("sipas.csv.procedure_code"), T("sipas.csv.procedure"),
		T("sipas.csv.channel"), T("sipas.csv.answered_on")}
	crit := m.Criteria()
	for _, c := range crit {
		head = append(head, c.Code)
	}
	cw.Write(head)
	n := 0
	err = p.svc.EachResponse(r.Context(), t.ID, v.ID, func(row ResponseRow) error {
		line := []string{strconv.Itoa(row.Number), docs.SafeCell(row.Field), docs.SafeCell(row.ProcedureCode), docs.SafeCell(row.ProcedureName),
			T("sipas.channel." + string(row.Channel)), row.AnsweredOn.In(calendar.Zone).Format("02/01/2006")}
		for _, c := range crit {
			if x, ok := row.Values[c.Code]; ok {
				line = append(line, strconv.Itoa(x))
			} else {
				line = append(line, "")
			}
		}
		cw.Write(line)
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
