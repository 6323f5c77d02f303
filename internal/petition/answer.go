package petition

import (
	"net/http"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The written answer to the sender, in the layout of Decree 30/2020/NĐ-CP (internal/docs):
// a notice of the commune's answer to a report or recommendation, or of the result of a
// complaint or denunciation. Decree 124/2020 and Decree 31/2019 prescribe forms for complaint
// decisions and denunciation conclusions; their field lists could not be read here, so this is
// the notice of the result, with the decision or conclusion as staff wrote it.

func vi(key string) string { return Messages[key][0] }

// AnswerDoc builds the document. id is the denouncer's identity, opened by the caller.
func AnswerDoc(c commune.Commune, p Petition, id *Identity, now time.Time) docs.Doc {
	sender := p.Sender
	if id != nil {
		sender = id.Sender
	}
	who := sender.Name
	if who == "" {
		who = vi("petition.pdf.no_name")
	}
	title, subject := vi("petition.pdf.title"), vi("petition.pdf.subject."+string(p.Kind))
	received := p.ReceivedAt.In(calendar.Zone).Format("02/01/2006")
	intro := vi("petition.pdf.received")
	intro = strings.NewReplacer("{date}", received, "{number}", p.Number, "{who}", who, "{kind}", strings.ToLower(vi("petition.kind."+string(p.Kind))),
		"{topic}", strings.ToLower(vi("petition.topic."+p.Topic))).Replace(intro)
	if sender.Address != "" {
		intro = strings.Replace(intro, who, who+" ("+sender.Address+")", 1)
	}
	blocks := []docs.Block{docs.Para(intro), docs.Para(vi("petition.pdf.content") + " " + p.Content)}
	if p.Decision != "" {
		blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("petition.pdf.decision"), Style: docs.Bold}}})
		for _, line := range docs.Lines(p.Decision) {
			blocks = append(blocks, docs.Para(line))
		}
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("petition.pdf.answer"), Style: docs.Bold}}})
	for _, line := range docs.Lines(p.Answer) {
		blocks = append(blocks, docs.Para(line))
	}
	blocks = append(blocks, docs.Para(strings.Replace(vi("petition.pdf.closing"), "{who}", who, 1)))
	date := p.AnsweredAt
	if !date.IsZero() {
		date = date.In(calendar.Zone)
	}
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(),
		Number: p.AnswerNumber, Date: date, Title: title, Subtitle: subject, Blocks: blocks,
		Signature:  &docs.Signature{Authority: vi("petition.pdf.authority"), Title: vi("petition.pdf.chairman"), Name: c.Chairman},
		Recipients: []string{who + ";", vi("petition.pdf.archive")}, Author: c.Committee(), Created: now}
}

func (p *pages) answerPDF(w http.ResponseWriter, r *http.Request) error {
	const op = "petition: answer pdf"
	t, err := tenant(r)
	if err != nil {
		return err
	}
	pt, err := p.svc.Get(r.Context(), t.ID, r.PathValue("number"))
	if err != nil {
		return err
	}
	if pt.Answer == "" {
		return errs.E(op, errs.Conflict, "petition.err.no_answer")
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	var id *Identity
	if pt.Sealed {
		// The letter names the denouncer: only those who may see them print it, and it is audited.
		got, err := p.svc.Reveal(r.Context(), t.ID, pt.Number, ActorOf(web.UserOf(r)))
		if err != nil {
			return err
		}
		id = &got
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="tra-loi-`+pt.Number+`.pdf"`)
	return docs.Render(w, AnswerDoc(c, pt, id, p.svc.now()))
}
