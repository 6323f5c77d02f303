package inforequest

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

// Printable papers of a request, in the Decree 30/2020 layout. Decree 13/2018/NĐ-CP Art. 5
// sets forms 01a/01b (request), 02 (receipt), 03 (resolution), 04 (extension notice) and 05
// (refusal); their layouts could not be read (law-check-2026.md row 10), so these papers do not
// claim those numbers: they carry what the Law itself requires, the request's fields (Art.
// 24.2) with its number and date, and the written answer or the refusal with its reasons
// (Art. 28) and the copying-cost note (Art. 12).

func vi(key string) string { return Messages[key][0] }

// field is a labelled line; an empty value leaves dots to write by hand.
func field(key, value string) docs.Field {
	return docs.Field{Label: vi(key), Value: value, Leaders: value == ""}
}

// SlipDoc is the request as received, to sign and hand back: the requester's fields of Art.
// 24.2, the number, the date and the time the law gives.
func SlipDoc(c commune.Commune, r Request, now time.Time) docs.Doc {
	at := r.ReceivedAt.In(calendar.Zone)
	blocks := []docs.Block{
		field("inforequest.field.kind", vi("inforequest.kind."+string(r.Kind))),
		field("inforequest.field.name", r.Requester.Name),
		field("inforequest.field.address", r.Requester.Address),
		field("inforequest.field.id_number", r.Requester.IDNumber),
		field("inforequest.field.phone", r.Requester.Phone),
		field("inforequest.field.email", r.Requester.Email),
		field("inforequest.field.information", r.Information),
		field("inforequest.field.purpose", r.Purpose),
		field("inforequest.field.delivery", vi("inforequest.delivery."+r.Delivery)),
		docs.Space{MM: 3},
		field("inforequest.print.number", r.Number),
		field("inforequest.print.received", at.Format("15:04 02/01/2006")+" ("+vi("inforequest.channel."+string(r.Channel))+")"),
		field("inforequest.col.due", r.DueAt.In(calendar.Zone).Format("15:04 02/01/2006")),
		docs.Para(vi("inforequest.col.basis") + ": " + r.Plan().Basis),
		docs.Para(vi("inforequest.form.cost")),
		docs.SignatureRow{Signers: []docs.Signature{{Title: vi("inforequest.print.requester"), Hint: vi("inforequest.print.sign"), Name: r.Requester.Name},
			{Title: vi("inforequest.print.receiver"), Hint: vi("inforequest.print.sign"), Name: r.ReceivedBy}}},
	}
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Date: at, Title: vi("inforequest.print.slip_title"),
		Subtitle: r.Number, Blocks: blocks, Author: c.Committee(), Created: now}
}

// AnswerDoc is the written answer: the information provided (or how), with the cost note, or
// the refusal with its reasons.
func AnswerDoc(c commune.Commune, r Request, now time.Time) docs.Doc {
	intro := strings.NewReplacer("{date}", r.ReceivedAt.In(calendar.Zone).Format("02/01/2006"), "{number}", r.Number,
		"{who}", r.Requester.Name).Replace(vi("inforequest.print.intro"))
	blocks := []docs.Block{docs.Para(intro), docs.Para(vi("inforequest.field.information") + ": " + r.Information)}
	title := vi("inforequest.print.answer_title")
	if r.Status == StatusRefused {
		title = vi("inforequest.print.refusal_title")
		blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("inforequest.detail.refusal") + ":", Style: docs.Bold}}})
		for _, l := range docs.Lines(r.Refusal) {
			blocks = append(blocks, docs.Para(l))
		}
	} else {
		blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("inforequest.detail.answer") + ":", Style: docs.Bold}}})
		for _, l := range docs.Lines(r.Answer) {
			blocks = append(blocks, docs.Para(l))
		}
		cost := r.CostNote
		if cost == "" {
			cost = vi("inforequest.print.no_cost")
		}
		blocks = append(blocks, docs.Para(vi("inforequest.field.cost")+": "+cost))
	}
	date := r.AnsweredAt
	if !date.IsZero() {
		date = date.In(calendar.Zone)
	}
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Number: "      /TB-UBND", Date: date, Title: vi("inforequest.print.notice"),
		Subtitle: title, Blocks: blocks,
		Signature:  &docs.Signature{Authority: vi("inforequest.print.authority"), Title: vi("inforequest.print.chairman"), Name: c.Chairman},
		Recipients: []string{r.Requester.Name + ";", vi("inforequest.print.archive")}, Author: c.Committee(), Created: now}
}

func (h *handlers) pdf(w http.ResponseWriter, r *http.Request, name string, build func(commune.Commune, Request) (docs.Doc, error)) error {
	t := web.TenantOf(r)
	req, err := h.svc.Get(r.Context(), t.ID, r.PathValue("number"))
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(r.Context(), h.svc.d, t.ID)
	if err != nil {
		return err
	}
	d, err := build(c, req)
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`-`+req.Number+`.pdf"`)
	return docs.Render(w, d)
}

func (h *handlers) slipPDF(w http.ResponseWriter, r *http.Request) error {
	return h.pdf(w, r, "phieu-yeu-cau", func(c commune.Commune, req Request) (docs.Doc, error) {
		return SlipDoc(c, req, h.svc.now()), nil
	})
}

func (h *handlers) answerPDF(w http.ResponseWriter, r *http.Request) error {
	return h.pdf(w, r, "tra-loi", func(c commune.Commune, req Request) (docs.Doc, error) {
		if req.Status != StatusAnswered && req.Status != StatusRefused {
			return docs.Doc{}, errs.E("inforequest: answer pdf", errs.Conflict, "inforequest.err.no_answer")
		}
		return AnswerDoc(c, req, h.svc.now()), nil
	})
}
