package democracy

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The printables of Decree 59/2023 in the Decree 30/2020 layout. The appendix that draws the
// forms Mẫu 01–05 could not be read by the team: each document here carries the contents the
// articles require (Decree 59 Art. 3–4, Law 10/2022 Art. 20) under the form's number, not a
// copy of its official layout.

func vi(key string) string { return Messages[key][0] }

// dmy writes a day as dd/mm/yyyy.
func dmy(d calendar.Date) string {
	if !d.Valid() {
		return "…/…/……"
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// moment writes a meeting's start as Vietnamese text does: "19 giờ 30, ngày 10/12/2026".
func moment(t time.Time) string {
	l := t.In(zone())
	c := calendar.NewClock(l.Hour(), l.Minute())
	return c.Vietnamese() + ", ngày " + dmy(calendar.DateOf(t))
}

func (p *pages) mountPrint(s *web.Server) {
	s.Handle("GET "+staffBase+"/hop/{id}/thong-bao.pdf", canSee, p.noticePDF)
	s.Handle("GET "+staffBase+"/hop/{id}/danh-sach.pdf", canSee, p.signInPDF)
	s.Handle("GET "+staffBase+"/bieu-quyet/{id}/phieu.pdf", canSee, p.ballotPDF)
	s.Handle("GET "+staffBase+"/bieu-quyet/{id}/bien-ban.pdf", canSee, p.recordPDF)
	s.Handle("GET "+staffBase+"/bieu-quyet/{id}/kiem-phieu.pdf", canSee, p.countPDF)
}

// letterhead is the hamlet's under the commune's committee, or the committee's own for a
// commune-wide document (whose stamp then goes top left, Decree 59 Art. 4.5).
func letterhead(c commune.Commune, hamlet string) docs.Letterhead {
	l := c.Letterhead()
	if hamlet != "" {
		l.ParentBody, l.IssuingBody = c.Committee(), strings.ToUpper(vi("democracy.pdf.hamlet_word")+" "+hamlet)
	}
	return l
}

// hamletHead is the hamlet's head, who calls the meeting and signs for the hamlet.
func hamletHead(hs []Hamlet, id string) string {
	if h, ok := hamletByID(hs, id); ok {
		return h.HeadName
	}
	return ""
}

func pdf(w http.ResponseWriter, name string, d docs.Doc) error {
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	return docs.Render(w, d)
}

func (p *pages) context(ctx context.Context, communeID string) (commune.Commune, []Hamlet, error) {
	c, err := commune.GetCommune(ctx, p.svc.d, communeID)
	if err != nil {
		return commune.Commune{}, nil, err
	}
	hs, err := p.svc.Hamlets(ctx, communeID)
	return c, hs, err
}

// NoticeDoc is the notice of a community meeting (Mẫu 01; Decree 59 Art. 3.2): when, where,
// who comes (one representative per household), the agenda.
func NoticeDoc(c commune.Commune, m Meeting, head string, now time.Time) docs.Doc {
	bold := func(label, value string) docs.Block {
		return docs.Paragraph{Runs: []docs.Run{{Text: label + ": ", Style: docs.Bold}, {Text: value}}}
	}
	where := m.Hamlet
	if m.CommuneWide() {
		where = vi("democracy.whole_commune")
	} else if m.Cluster != "" {
		where += " (" + m.Cluster + ")"
	}
	blocks := []docs.Block{
		docs.Para(fmt.Sprintf(vi("democracy.pdf.notice_intro"), strings.ToLower(vi("democracy.kind."+string(m.Kind))), where)),
		bold("1. "+vi("democracy.field.time"), moment(m.StartsAt)),
		bold("2. "+vi("democracy.field.place"), m.Place),
		bold("3. "+vi("democracy.pdf.who"), vi("democracy.pdf.who_text")),
		docs.Paragraph{Runs: []docs.Run{{Text: "4. " + vi("democracy.field.agenda") + ":", Style: docs.Bold}}},
	}
	for i, it := range m.Agenda {
		blocks = append(blocks, docs.Para(fmt.Sprintf("%c) %s", 'a'+rune(i%26), it)))
	}
	if m.Chair != "" {
		blocks = append(blocks, bold("5. "+vi("democracy.field.chair"), m.Chair))
	}
	blocks = append(blocks, docs.Para(vi("democracy.pdf.notice_papers")), docs.Para(vi("democracy.pdf.notice_closing")))
	sig := &docs.Signature{Title: vi("democracy.pdf.hamlet_head"), Name: head}
	recipients := []string{vi("democracy.pdf.to_households"), vi("democracy.pdf.to_committee"), vi("democracy.pdf.to_front"), vi("democracy.pdf.archive")}
	if m.CommuneWide() {
		sig = &docs.Signature{Authority: vi("democracy.pdf.authority"), Title: vi("democracy.pdf.chairman"), Name: c.Chairman}
	}
	date := time.Time{}
	if m.NoticeOn.Valid() {
		date = m.NoticeOn.Time()
	}
	return docs.Doc{Size: docs.A4, Form: vi("democracy.pdf.form01"), Letterhead: letterhead(c, hamletName(m)), Number: "      /TB", Date: date,
		Title: vi("democracy.pdf.notice_title"), Subtitle: vi("democracy.pdf.notice_subject"), Blocks: blocks,
		Signature: sig, Recipients: recipients, Author: c.Committee(), Created: now}
}

func hamletName(m Meeting) string {
	if m.CommuneWide() {
		return ""
	}
	return m.Hamlet
}

func (p *pages) noticePDF(w http.ResponseWriter, r *http.Request) error {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	c, hs, err := p.context(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	return pdf(w, "thong-bao-hop.pdf", NoticeDoc(c, m, hamletHead(hs, m.HamletID), p.svc.Now()))
}

// maxSheet bounds the households of one sign-in sheet (a hamlet's; a commune-wide meeting
// prints one sheet per hamlet).
const maxSheet = 5000

// SignInDoc is the sign-in sheet of one hamlet's households at a meeting: one line per
// household for its representative's name and signature.
func SignInDoc(c commune.Commune, m Meeting, hamlet string, rows []HouseholdRow, now time.Time) docs.Doc {
	t := docs.Table{Columns: []docs.Column{{Title: vi("democracy.col.no"), Width: 0.6, Align: docs.Center}, {Title: vi("democracy.col.household"), Width: 1.4},
		{Title: vi("democracy.col.head"), Width: 2.4}, {Title: vi("democracy.col.representative"), Width: 2.4}, {Title: vi("democracy.col.signature"), Width: 1.6}}}
	for i, h := range rows {
		t.Rows = append(t.Rows, []string{fmt.Sprint(i + 1), h.Code, h.HeadName, h.Representative, ""})
	}
	blocks := []docs.Block{
		docs.Paragraph{Runs: []docs.Run{{Text: vi("democracy.field.title") + ": ", Style: docs.Bold}, {Text: m.Title}}, NoIndent: true},
		docs.Paragraph{Runs: []docs.Run{{Text: vi("democracy.field.time") + ": ", Style: docs.Bold}, {Text: moment(m.StartsAt) + "; " + m.Place}}, NoIndent: true},
		docs.Paragraph{Runs: []docs.Run{{Text: vi("democracy.pdf.households_total") + ": ", Style: docs.Bold}, {Text: fmt.Sprint(len(rows))}}, NoIndent: true},
		t,
	}
	return docs.Doc{Size: docs.A4, Letterhead: letterhead(c, hamlet), Title: vi("democracy.pdf.signin_title"),
		Subtitle: vi("democracy.pdf.hamlet_word") + " " + hamlet, Blocks: blocks,
		Signature: &docs.Signature{Title: vi("democracy.pdf.secretary"), Hint: vi("democracy.pdf.sign_hint"), Name: m.Secretary},
		Author:    c.Committee(), Created: now}
}

func (p *pages) signInPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	m, err := p.scopedMeeting(r)
	if err != nil {
		return err
	}
	c, hs, err := p.context(r.Context(), t.ID)
	if err != nil {
		return err
	}
	hamlet := m.HamletID
	if m.CommuneWide() {
		// One sheet per hamlet: the one asked for, or the first the user may act on.
		hamlet = r.URL.Query().Get("thon")
		if hamlet == "" {
			for _, h := range scopedHamlets(hs, m, scopeOf(r)) {
				hamlet = h.ID
				break
			}
		}
	}
	h, ok := hamletByID(scopedHamlets(hs, m, scopeOf(r)), hamlet)
	if !ok {
		return errs.E("democracy: sign-in sheet", errs.NotFound, "democracy.err.not_found")
	}
	rows, _, err := p.svc.Households(r.Context(), t.ID, m, AttendanceList, HouseholdFilter{HamletID: h.ID, Limit: 200})
	if err != nil {
		return err
	}
	for off := len(rows); off < h.Households && off < maxSheet; off = len(rows) {
		more, _, err := p.svc.Households(r.Context(), t.ID, m, AttendanceList, HouseholdFilter{HamletID: h.ID, Limit: 200, Offset: off})
		if err != nil {
			return err
		}
		if len(more) == 0 {
			break
		}
		rows = append(rows, more...)
	}
	return pdf(w, "danh-sach-du-hop.pdf", SignInDoc(c, m, h.Name, rows, p.svc.Now()))
}

// BallotDoc is the household ballot (phiếu lấy ý kiến hộ gia đình, Decree 59 Art. 4): the
// matter, the question, the choices, the household's name and signature. A hamlet's ballot is
// signed by the hamlet head bottom right; a commune-wide one carries the committee's letterhead
// top left, where its stamp goes (Art. 4.5).
func BallotDoc(c commune.Commune, d Decision, head string, now time.Time) docs.Doc {
	blocks := []docs.Block{
		docs.Paragraph{Runs: []docs.Run{{Text: vi("democracy.field.matter") + ": ", Style: docs.Bold}, {Text: vi(d.Matter.Key())}}, NoIndent: true},
		docs.Paragraph{Runs: []docs.Run{{Text: vi("democracy.field.question") + ": ", Style: docs.Bold}, {Text: firstNonEmpty(d.Question, d.Title)}}, NoIndent: true},
		docs.Field{Label: vi("democracy.pdf.household_name"), Leaders: true},
		docs.Field{Label: vi("democracy.pdf.household_address"), Leaders: true},
		docs.Paragraph{Runs: []docs.Run{{Text: vi("democracy.pdf.choose"), Style: docs.Italic}}, NoIndent: true},
		docs.Table{Columns: []docs.Column{{Title: vi("democracy.pdf.choice"), Width: 3}, {Title: vi("democracy.pdf.mark"), Width: 1, Align: docs.Center}},
			Rows: [][]string{{vi("democracy.vote.yes"), ""}, {vi("democracy.vote.no"), ""}}},
		docs.Para(fmt.Sprintf(vi("democracy.pdf.ballot_return"), dmy(d.BallotsTo))),
		docs.SignatureRow{Signers: []docs.Signature{{Title: vi("democracy.pdf.household_rep"), Hint: vi("democracy.pdf.sign_hint")},
			{Title: vi("democracy.pdf.hamlet_head"), Name: head}}},
	}
	return docs.Doc{Size: docs.A4, Letterhead: letterhead(c, d.Hamlet), Title: vi("democracy.pdf.ballot_title"),
		Subtitle: d.Title, Blocks: blocks, Author: c.Committee(), Created: now}
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func (p *pages) ballotPDF(w http.ResponseWriter, r *http.Request) error {
	d, err := p.scopedDecision(r)
	if err != nil {
		return err
	}
	if d.Form != HouseholdBallot {
		return errs.E("democracy: ballot", errs.NotFound, "democracy.err.not_found")
	}
	c, hs, err := p.context(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	head := hamletHead(hs, d.HamletID)
	if d.CommuneWide() {
		head = c.Chairman
	}
	return pdf(w, "phieu-lay-y-kien.pdf", BallotDoc(c, d, head, p.svc.Now()))
}

// arithmetic writes a hamlet's result as the record reads it.
func arithmetic(d Decision, h HamletResult) string {
	rule := vi("democracy.rule.half")
	if d.Matter.TwoThirds() {
		rule = vi("democracy.rule.two_thirds")
	}
	verdict := vi("democracy.result.failed")
	if h.Passed {
		verdict = vi("democracy.result.passed")
	}
	return fmt.Sprintf(vi("democracy.pdf.arithmetic"), h.Yes, h.Households, rule, h.Needed, verdict)
}

// RecordDoc is the record of a decision: for a vote at a meeting the minutes of the meeting
// (Mẫu 03; Law 10/2022 Art. 20: time, place, households in all, present and absent, the content,
// the form, the result, the decision, signed by the hamlet head, the head of the hamlet Front
// committee and two household representatives); for household ballots the record of their
// result (Mẫu 04; Decree 59 Art. 4.4), with the team and the two witnesses.
func RecordDoc(c commune.Commune, d Decision, m *Meeting, t Tally, head string, now time.Time) docs.Doc {
	res := t.Result
	line := func(label, value string) docs.Block {
		return docs.Paragraph{Runs: []docs.Run{{Text: label + ": ", Style: docs.Bold}, {Text: value}}, NoIndent: true}
	}
	var blocks []docs.Block
	form, title := vi("democracy.pdf.form03"), vi("democracy.pdf.record_title")
	if m != nil {
		blocks = append(blocks, line(vi("democracy.field.time"), moment(m.StartsAt)), line(vi("democracy.field.place"), m.Place),
			line(vi("democracy.field.chair"), m.Chair), line(vi("democracy.field.secretary"), m.Secretary))
	} else {
		form, title = vi("democracy.pdf.form04"), vi("democracy.pdf.result_title")
		blocks = append(blocks, line(vi("democracy.field.ballots_period"), dmy(d.BallotsFrom)+" – "+dmy(d.BallotsTo)),
			line(vi("democracy.field.team"), strings.Join(d.Team, ", ")), line(vi("democracy.field.witnesses"), strings.Join(d.Witnesses, ", ")))
	}
	present := vi("democracy.pdf.present")
	if m == nil {
		present = vi("democracy.pdf.returned")
	}
	blocks = append(blocks,
		line(vi("democracy.pdf.households_total"), fmt.Sprint(res.Households)),
		line(present, fmt.Sprint(res.Present)),
		line(vi("democracy.pdf.absent"), fmt.Sprint(max(res.Households-res.Present, 0))),
		line(vi("democracy.field.matter"), vi(d.Matter.Key())),
		line(vi("democracy.field.content"), firstNonEmpty(d.Question, d.Title)),
		line(vi("democracy.field.form"), vi("democracy.form."+string(d.Form))))
	tbl := docs.Table{Columns: []docs.Column{{Title: vi("democracy.col.hamlet"), Width: 2}, {Title: vi("democracy.col.households"), Width: 1, Align: docs.Right},
		{Title: vi("democracy.col.present"), Width: 1, Align: docs.Right}, {Title: vi("democracy.vote.yes"), Width: 1, Align: docs.Right},
		{Title: vi("democracy.vote.no"), Width: 1, Align: docs.Right}, {Title: vi("democracy.vote.invalid"), Width: 1, Align: docs.Right},
		{Title: vi("democracy.col.needed"), Width: 1, Align: docs.Right}, {Title: vi("democracy.col.result"), Width: 1.2}}}
	for _, h := range res.Hamlets {
		verdict := vi("democracy.result.failed")
		if h.Passed {
			verdict = vi("democracy.result.passed")
		}
		tbl.Rows = append(tbl.Rows, []string{h.HamletName, fmt.Sprint(h.Households), fmt.Sprint(h.Present), fmt.Sprint(h.Yes), fmt.Sprint(h.No),
			fmt.Sprint(h.Invalid), fmt.Sprint(h.Needed), verdict})
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("democracy.field.result") + ":", Style: docs.Bold}}, NoIndent: true}, tbl)
	for _, h := range res.Hamlets {
		blocks = append(blocks, docs.Para(h.HamletName+": "+arithmetic(d, h)))
	}
	if res.HamletsRule {
		blocks = append(blocks, docs.Para(fmt.Sprintf(vi("democracy.pdf.hamlets_rule"), res.HamletsPassed, res.HamletsAll, res.HamletsNeeded)))
	}
	decision := vi("democracy.pdf.decision_failed")
	if d.Passed {
		decision = vi("democracy.pdf.decision_passed")
	}
	blocks = append(blocks, line(vi("democracy.pdf.decision"), decision))
	blocks = append(blocks, docs.SignatureRow{Signers: []docs.Signature{
		{Title: vi("democracy.pdf.hamlet_head"), Hint: vi("democracy.pdf.sign_hint"), Name: head},
		{Title: vi("democracy.pdf.front_head"), Hint: vi("democracy.pdf.sign_hint"), Name: d.FrontHead}}},
		docs.SignatureRow{Signers: []docs.Signature{
			{Title: vi("democracy.pdf.household_rep"), Hint: vi("democracy.pdf.sign_hint"), Name: d.Signer1},
			{Title: vi("democracy.pdf.household_rep"), Hint: vi("democracy.pdf.sign_hint"), Name: d.Signer2}}})
	date := time.Time{}
	if d.VotedOn.Valid() {
		date = d.VotedOn.Time()
	}
	return docs.Doc{Size: docs.A4, Form: form, Letterhead: letterhead(c, d.Hamlet), Date: date, Title: title, Subtitle: d.Title,
		Blocks: blocks, Recipients: []string{vi("democracy.pdf.to_committee"), vi("democracy.pdf.to_front"), vi("democracy.pdf.archive")},
		Author: c.Committee(), Created: now}
}

func (p *pages) recordPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	d, err := p.scopedDecision(r)
	if err != nil {
		return err
	}
	if d.Status == Counting {
		return errs.E("democracy: record", errs.Conflict, "democracy.err.not_decided")
	}
	c, hs, err := p.context(r.Context(), t.ID)
	if err != nil {
		return err
	}
	tally, err := p.svc.Tally(r.Context(), t.ID, d)
	if err != nil {
		return err
	}
	var m *Meeting
	if d.MeetingID != "" {
		mm, err := p.svc.GetMeeting(r.Context(), t.ID, d.MeetingID)
		if err != nil {
			return err
		}
		m = &mm
	}
	return pdf(w, "bien-ban.pdf", RecordDoc(c, d, m, tally, hamletHead(hs, d.HamletID), p.svc.Now()))
}

// CountDoc is the count minutes of a secret ballot at a meeting (Mẫu 02; Decree 59 Art. 3.5),
// made in 3 copies and signed by the counting committee.
func CountDoc(c commune.Commune, d Decision, t Tally, now time.Time) docs.Doc {
	res := t.Result
	line := func(label string, n int) docs.Block {
		return docs.Paragraph{Runs: []docs.Run{{Text: label + ": ", Style: docs.Bold}, {Text: fmt.Sprint(n)}}, NoIndent: true}
	}
	blocks := []docs.Block{
		docs.Paragraph{Runs: []docs.Run{{Text: vi("democracy.field.committee") + ": ", Style: docs.Bold}, {Text: strings.Join(d.Committee, ", ")}}, NoIndent: true},
		docs.Para(fmt.Sprintf(vi("democracy.pdf.committee_approved"), d.CommitteeApprovals, res.Present)),
		docs.Paragraph{Runs: []docs.Run{{Text: vi("democracy.field.content") + ": ", Style: docs.Bold}, {Text: firstNonEmpty(d.Question, d.Title)}}, NoIndent: true},
		line(vi("democracy.pdf.households_total"), res.Households),
		line(vi("democracy.pdf.ballots_issued"), res.Present),
		line(vi("democracy.pdf.ballots_counted"), res.Yes+res.No+res.Invalid),
		line(vi("democracy.pdf.ballots_valid"), res.Yes+res.No),
		line(vi("democracy.vote.invalid"), res.Invalid),
		line(vi("democracy.vote.yes"), res.Yes),
		line(vi("democracy.vote.no"), res.No),
	}
	for _, h := range res.Hamlets {
		blocks = append(blocks, docs.Para(h.HamletName+": "+arithmetic(d, h)))
	}
	blocks = append(blocks, docs.Para(vi("democracy.pdf.three_copies")))
	var signers []docs.Signature
	for i, n := range d.Committee {
		title := vi("democracy.pdf.committee_member")
		if i == 0 {
			title = vi("democracy.pdf.committee_head")
		}
		signers = append(signers, docs.Signature{Title: title, Hint: vi("democracy.pdf.sign_hint"), Name: n})
	}
	for len(signers) > 0 {
		k := min(3, len(signers))
		blocks = append(blocks, docs.SignatureRow{Signers: signers[:k]})
		signers = signers[k:]
	}
	date := time.Time{}
	if d.VotedOn.Valid() {
		date = d.VotedOn.Time()
	}
	return docs.Doc{Size: docs.A4, Form: vi("democracy.pdf.form02"), Letterhead: letterhead(c, d.Hamlet), Date: date,
		Title: vi("democracy.pdf.count_title"), Subtitle: d.Title, Blocks: blocks, Author: c.Committee(), Created: now}
}

func (p *pages) countPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	d, err := p.scopedDecision(r)
	if err != nil {
		return err
	}
	if d.Form != SecretBallot {
		return errs.E("democracy: count minutes", errs.NotFound, "democracy.err.not_found")
	}
	c, _, err := p.context(r.Context(), t.ID)
	if err != nil {
		return err
	}
	tally, err := p.svc.Tally(r.Context(), t.ID, d)
	if err != nil {
		return err
	}
	return pdf(w, "bien-ban-kiem-phieu.pdf", CountDoc(c, d, tally, p.svc.Now()))
}
