package consult

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/richtext"
	"xaso/internal/web"
)

// The printables, in the layout of Decree 30/2020: the household opinion form (phiếu lấy ý
// kiến hộ gia đình, Art. 26) handed to each household, and the synthesis report (báo cáo tổng
// hợp) of the opinions and the answers. The law and Decree 59/2023 give no model for either
// (Decree 59's forms Mẫu 01–05 are for the matters residents decide and the elections): no
// form number is printed.

// maxDraftLines bounds the draft printed on the form: the full text is on the website and
// posted; the form carries its gist.
const maxDraftLines = 40

// HouseholdForm is the opinion form of a consultation for a household to fill by hand.
func HouseholdForm(c commune.Commune, k Consultation, hamlets []string, now time.Time) docs.Doc {
	blocks := []docs.Block{
		docs.Paragraph{Runs: []docs.Run{{Text: vi("consult.field.topic") + ": ", Style: docs.Bold}, {Text: vi("consult.topic." + string(k.Topic))}}},
		docs.Paragraph{Runs: []docs.Run{{Text: vi("consult.pdf.period") + ": ", Style: docs.Bold},
			{Text: fmt.Sprintf(vi("consult.pdf.period_text"), formatDate(k.OpensOn), formatDate(k.ClosesOn))}}},
	}
	where := vi("consult.whole_commune")
	if len(hamlets) > 0 {
		where = strings.Join(hamlets, ", ")
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("consult.field.hamlets") + ": ", Style: docs.Bold}, {Text: where}}})
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("consult.pdf.content"), Style: docs.Bold}}})
	lines := docs.Lines(richtext.Text(k.Draft))
	if len(lines) > maxDraftLines {
		lines = append(lines[:maxDraftLines], vi("consult.pdf.draft_more"))
	}
	for _, l := range lines {
		blocks = append(blocks, docs.Para(l))
	}
	blocks = append(blocks, docs.Space{MM: 3},
		docs.Paragraph{Runs: []docs.Run{{Text: vi("consult.pdf.household"), Style: docs.Bold}}},
		docs.Field{Label: vi("consult.pdf.head"), Leaders: true},
		docs.Field{Label: vi("consult.pdf.address"), Leaders: true},
		docs.Field{Label: vi("consult.pdf.phone"), Leaders: true},
		docs.Paragraph{Runs: []docs.Run{{Text: vi("consult.pdf.opinion"), Style: docs.Bold}}, NoIndent: true})
	for i := 0; i < 12; i++ {
		blocks = append(blocks, docs.Field{Label: " ", Leaders: true})
	}
	blocks = append(blocks, docs.Para(fmt.Sprintf(vi("consult.pdf.return"), formatDate(k.ClosesOn))),
		docs.SignatureRow{Signers: []docs.Signature{{}, {Title: vi("consult.pdf.household_rep"), Hint: vi("consult.pdf.sign_hint")}}})
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Title: vi("consult.pdf.form_title"),
		Subtitle: vi("consult.pdf.about") + " " + k.Title, Blocks: blocks, Author: c.Committee(), Created: now}
}

// SynthesisReport is the report of the opinions received, their groups and answers, and,
// once closed, the decision.
func SynthesisReport(c commune.Commune, k Consultation, gs []Group, t Tally, now time.Time) docs.Doc {
	blocks := []docs.Block{
		docs.Para(fmt.Sprintf(vi("consult.pdf.report_intro"), c.Name, k.Title, formatDate(k.OpensOn), formatDate(k.ClosesOn))),
		docs.Paragraph{Runs: []docs.Run{{Text: "I. " + vi("consult.pdf.received"), Style: docs.Bold}}, NoIndent: true},
		docs.Para(fmt.Sprintf(vi("consult.pdf.total"), t.Total)),
	}
	if len(t.BySource) > 0 {
		rows := [][]string{}
		for _, s := range t.BySource {
			rows = append(rows, []string{vi("consult.form." + s.Key), fmt.Sprint(s.N)})
		}
		blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: vi("consult.col.source"), Width: 4}, {Title: vi("consult.col.count"), Width: 1, Align: docs.Right}}, Rows: rows})
	}
	if len(t.ByHamlet) > 0 {
		rows := [][]string{}
		for _, h := range t.ByHamlet {
			name := h.Name
			if h.Key == "" {
				name = vi("consult.no_hamlet")
			}
			rows = append(rows, []string{name, fmt.Sprint(h.N)})
		}
		blocks = append(blocks, docs.Space{MM: 2}, docs.Table{Columns: []docs.Column{{Title: vi("consult.col.hamlet"), Width: 4}, {Title: vi("consult.col.count"), Width: 1, Align: docs.Right}}, Rows: rows})
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: "II. " + vi("consult.pdf.groups"), Style: docs.Bold}}, NoIndent: true})
	if len(gs) == 0 {
		blocks = append(blocks, docs.Para(vi("consult.group.none")))
	} else {
		rows := [][]string{}
		for i, g := range gs {
			answer := vi("consult.answer.none")
			if g.Answered() {
				answer = vi("consult.answer."+string(g.AnswerKind)) + ": " + g.Answer
			}
			content := g.Title
			if g.Summary != "" {
				content += "\n" + g.Summary
			}
			rows = append(rows, []string{fmt.Sprint(i + 1), content, fmt.Sprint(g.Opinions), answer})
		}
		blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: vi("consult.col.no"), Width: 0.6, Align: docs.Center},
			{Title: vi("consult.col.group"), Width: 4}, {Title: vi("consult.col.count"), Width: 1, Align: docs.Right},
			{Title: vi("consult.col.answer"), Width: 5}}, Rows: rows})
	}
	if k.Summary != "" {
		blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("consult.field.summary"), Style: docs.Bold}}, NoIndent: true})
		for _, l := range docs.Lines(k.Summary) {
			blocks = append(blocks, docs.Para(l))
		}
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: "III. " + vi("consult.field.decision"), Style: docs.Bold}}, NoIndent: true})
	if k.Status == Closed {
		blocks = append(blocks, docs.Para(k.Decision))
		if k.FollowsMajority {
			blocks = append(blocks, docs.Para(vi("consult.close.follows")))
		} else {
			blocks = append(blocks, docs.Para(vi("consult.close.against")), docs.Para(vi("consult.field.explanation")+": "+k.Explanation))
		}
	} else {
		blocks = append(blocks, docs.Para(vi("consult.pdf.not_decided")))
	}
	date := time.Time{}
	if k.Status == Closed {
		date = k.ClosedAt
	}
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Number: "      /BC-UBND", Date: date,
		Title: vi("consult.pdf.report_title"), Subtitle: vi("consult.pdf.report_about") + " " + k.Title, Blocks: blocks,
		Signature:  &docs.Signature{Authority: vi("consult.pdf.authority"), Title: vi("consult.pdf.chairman"), Name: c.Chairman},
		Recipients: []string{vi("consult.pdf.to_council"), vi("consult.pdf.to_front"), vi("consult.pdf.to_hamlets"), vi("consult.pdf.archive")},
		Author:     c.Committee(), Created: now}
}

func (p *pages) pdf(w http.ResponseWriter, name string, d docs.Doc) error {
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	return docs.Render(w, d)
}

func (p *pages) householdPDF(w http.ResponseWriter, r *http.Request) error {
	k, err := p.consultation(r)
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	return p.pdf(w, "phieu-lay-y-kien.pdf", HouseholdForm(c, k, k.Hamlets, p.svc.now()))
}

func (p *pages) reportPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	k, err := p.consultation(r)
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	gs, err := p.svc.Groups(r.Context(), t.ID, k.ID)
	if err != nil {
		return err
	}
	tally, err := p.svc.Tally(r.Context(), t.ID, k.ID)
	if err != nil {
		return err
	}
	return p.pdf(w, "bao-cao-tong-hop-y-kien.pdf", SynthesisReport(c, k, gs, tally, p.svc.now()))
}
