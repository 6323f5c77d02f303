package election

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/web"
)

// The printables, in the layout of Decree 30/2020 (package docs): the election ballot, the
// candidate-list minutes and the count minutes. The texts are the catalogue's Vietnamese.

func vi(key string) string { return Messages[key][0] }

func day(d interface{ String() string }) string {
	s := d.String()
	if len(s) != 10 {
		return "…"
	}
	return s[8:10] + "/" + s[5:7] + "/" + s[0:4]
}

// BallotDoc is the election ballot of a hamlet (phiếu bầu): the candidates' names and how to
// mark. Decree 59 leaves the form to the commune committee; the marking instruction follows
// the usual practice of Vietnamese elections (strike out the names not chosen), and a hamlet
// ballot is signed by the hamlet head or, for an election, the election team's head (bottom
// right; Decree 59 Art. 4.5 for household ballots).
func BallotDoc(c commune.Commune, e Election, now time.Time) docs.Doc {
	blocks := []docs.Block{
		docs.Paragraph{Runs: []docs.Run{{Text: e.Title, Style: docs.Bold}}, Align: docs.Center, NoIndent: true},
		docs.Paragraph{Runs: []docs.Run{{Text: vi("election.field.day") + ": " + day(e.Day)}}, Align: docs.Center, NoIndent: true},
		docs.Space{MM: 4},
	}
	rows := make([][]string, len(e.Candidates))
	for i, cd := range e.Candidates {
		rows[i] = []string{fmt.Sprint(cd.No), cd.Name, cd.BirthYear}
	}
	blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: vi("election.col.no"), Width: 1, Align: docs.Center},
		{Title: vi("election.col.name"), Width: 6}, {Title: vi("election.field.birth_year"), Width: 2, Align: docs.Center}}, Rows: rows},
		docs.Space{MM: 4},
		docs.Paragraph{Runs: []docs.Run{{Text: strings.Replace(vi("election.pdf.ballot_how"), "{n}", fmt.Sprint(e.Seats), 1), Style: docs.Italic}}},
		docs.SignatureRow{Signers: []docs.Signature{{}, {Title: vi("election.pdf.team_head"), Hint: vi("election.pdf.sign_hint"), Name: e.TeamLeader}}})
	return docs.Doc{Size: docs.A5, Letterhead: c.Letterhead(), Title: vi("election.pdf.ballot_title"), Blocks: blocks, Author: c.Committee(), Created: now}
}

// CandidatesDoc is the minutes of the hamlet Front committee's candidate list. Decree 59 names
// the form Mẫu 05; its official layout could not be read, so this follows the contents the
// decree names (the election, the meeting of the Front committee, the list of at least one
// candidate) and leaves the signatures to write by hand. It does not claim to be the form.
func CandidatesDoc(c commune.Commune, e Election, now time.Time) docs.Doc {
	blocks := []docs.Block{
		docs.Para(strings.NewReplacer("{hamlet}", e.Hamlet, "{title}", e.Title, "{day}", day(e.Day)).Replace(vi("election.pdf.candidates_intro"))),
	}
	if d := e.Steps[StepCandidates]; d.Valid() {
		blocks = append(blocks, docs.Field{Label: vi("election.step.candidates.on"), Value: day(d)})
	}
	rows := make([][]string, len(e.Candidates))
	for i, cd := range e.Candidates {
		rows[i] = []string{fmt.Sprint(cd.No), cd.Name, cd.BirthYear, cd.Address, cd.Note}
	}
	blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: vi("election.col.no"), Width: 1, Align: docs.Center},
		{Title: vi("election.col.name"), Width: 4}, {Title: vi("election.field.birth_year"), Width: 2}, {Title: vi("election.field.address"), Width: 4},
		{Title: vi("election.field.note"), Width: 3}}, Rows: rows},
		docs.Para(vi("election.pdf.candidates_note")),
		docs.SignatureRow{Signers: []docs.Signature{{Title: vi("election.pdf.secretary"), Hint: vi("election.pdf.sign_hint")},
			{Title: vi("election.pdf.front_head"), Hint: vi("election.pdf.sign_hint")}}})
	return docs.Doc{Size: docs.A4, Letterhead: docs.Letterhead{ParentBody: strings.ToUpper(c.Committee()), IssuingBody: "BAN CÔNG TÁC MẶT TRẬN THÔN " + strings.ToUpper(e.Hamlet), Place: c.Name},
		Title: vi("election.pdf.candidates_title"), Subtitle: e.Title, Blocks: blocks, Author: c.Committee(), Created: now}
}

// CountDoc is the count minutes (biên bản kiểm phiếu): the ballots issued and returned, valid,
// blank and invalid, each candidate's votes against all the households of the hamlet, who is
// elected and why (or why nobody), the late steps, and the hash of the papers. Meeting count
// minutes are made in 3 copies (Decree 59 Art. 3.5.c).
func CountDoc(c commune.Commune, e Election, res Result, now time.Time) docs.Doc {
	o, n := res.Outcome, res.Count
	blocks := []docs.Block{
		docs.Para(strings.NewReplacer("{title}", e.Title, "{day}", day(e.Day), "{place}", e.Place).Replace(vi("election.pdf.count_intro"))),
		docs.Field{Label: vi("election.pdf.team"), Value: e.TeamLeader + "; " + e.TeamMembers},
		docs.Field{Label: vi("election.result.households"), Value: fmt.Sprint(o.Households)},
		docs.Field{Label: vi("election.result.issued"), Value: fmt.Sprint(n.Issued)},
		docs.Field{Label: vi("election.result.returned"), Value: fmt.Sprint(n.Returned)},
		docs.Field{Label: vi("election.result.valid"), Value: fmt.Sprint(n.Valid)},
		docs.Field{Label: vi("election.result.blank"), Value: fmt.Sprint(n.Blank)},
		docs.Field{Label: vi("election.result.invalid"), Value: fmt.Sprint(n.Invalid)},
		docs.Para(strings.NewReplacer("{m}", fmt.Sprint(o.Households), "{k}", fmt.Sprint(o.Needed)).Replace(vi("election.pdf.rule"))),
	}
	rows := make([][]string, len(o.Standings))
	for i, s := range o.Standings {
		mark := vi("election.result.not_elected")
		if s.Elected {
			mark = vi("election.result.elected")
		} else if s.Tied {
			mark = vi("election.result.tied")
		}
		rows[i] = []string{fmt.Sprint(s.No), s.Name, fmt.Sprintf("%d/%d", s.Votes, o.Households), mark}
	}
	blocks = append(blocks, docs.Table{Columns: []docs.Column{{Title: vi("election.col.no"), Width: 1, Align: docs.Center},
		{Title: vi("election.col.name"), Width: 5}, {Title: vi("election.col.votes"), Width: 3, Align: docs.Right}, {Title: vi("election.col.outcome"), Width: 3}}, Rows: rows})
	switch {
	case o.NoWinner():
		blocks = append(blocks, docs.Para(vi("election.result.nobody")))
	case o.Unfilled() > 0:
		blocks = append(blocks, docs.Para(strings.Replace(vi("election.pdf.unfilled"), "{n}", fmt.Sprint(o.Unfilled()), 1)))
	}
	if o.Tie {
		blocks = append(blocks, docs.Para(vi("election.result.tie")))
	}
	for _, st := range res.Late {
		blocks = append(blocks, docs.Para(vi("election.pdf.late")+" "+vi("election.step."+string(st))))
	}
	if e.ResultNote != "" {
		blocks = append(blocks, docs.Field{Label: vi("election.field.result_note"), Value: e.ResultNote})
	}
	blocks = append(blocks, docs.Field{Label: vi("election.result.hash"), Value: n.Hash},
		docs.Para(vi("election.pdf.copies")),
		docs.SignatureRow{Signers: []docs.Signature{{Title: vi("election.pdf.secretary"), Hint: vi("election.pdf.sign_hint")},
			{Title: vi("election.pdf.team_head"), Hint: vi("election.pdf.sign_hint"), Name: e.TeamLeader}}})
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Title: vi("election.pdf.count_title"), Subtitle: e.Title, Blocks: blocks,
		Author: c.Committee(), Created: now}
}

func (p *pages) pdf(w http.ResponseWriter, r *http.Request, name string, build func(c commune.Commune, e Election) (docs.Doc, error)) error {
	e, err := p.get(r)
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	d, err := build(c, e)
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	return docs.Render(w, d)
}

func (p *pages) ballotPDF(w http.ResponseWriter, r *http.Request) error {
	return p.pdf(w, r, "phieu-bau.pdf", func(c commune.Commune, e Election) (docs.Doc, error) { return BallotDoc(c, e, p.svc.now()), nil })
}

func (p *pages) candidatesPDF(w http.ResponseWriter, r *http.Request) error {
	return p.pdf(w, r, "danh-sach-ung-cu-vien.pdf", func(c commune.Commune, e Election) (docs.Doc, error) { return CandidatesDoc(c, e, p.svc.now()), nil })
}

func (p *pages) countPDF(w http.ResponseWriter, r *http.Request) error {
	return p.pdf(w, r, "bien-ban-kiem-phieu.pdf", func(c commune.Commune, e Election) (docs.Doc, error) {
		res, err := p.svc.Result(r.Context(), c.ID, e)
		return CountDoc(c, e, res, p.svc.now()), err
	})
}
