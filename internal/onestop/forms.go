package onestop

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The one-stop forms as PDF, in the layout of Decree 30/2020/NĐ-CP through package docs. Under
// Circular 03/2025/TT-VPCP: 01 receipt and appointment, 02 supplement request, 03 refusal, 04
// apology and request to extend, 05 notice of stopping, 06 processing control slip, all on A5,
// and 07 the register (register.go). Number, title, paper and legal basis come from the form
// set in force when the dossier was received (formsets.go); a dossier received before
// 2025-07-01 prints on the Circular 01/2018 set. The form fields are those of
// onestop-rules.md §1 (as seen in systems in use): the fields of Circular 03/2025's annex could
// not be read. The words of the forms are Vietnamese whatever the page's language: they are
// official documents.

// formInput is everything a form is drawn from.
type formInput struct {
	C       commune.Commune
	D       Dossier
	P       Procedure
	BaseURL string    // public address of the portal, for the receipt's QR code
	RateURL string    // the dossier's rating page (receipt), "" without the rating room
	Now     time.Time // when the form is printed
	Round   int       // form 02: the supplement round (0: the latest)
}

// formName is one printable form: its file name and when it applies to a dossier.
type formName struct {
	name    string
	applies func(Dossier) bool
	build   func(formInput) (docs.Doc, error)
}

var formNames = []formName{
	{"receipt", func(d Dossier) bool { return !acceptedAt(d).IsZero() }, receiptForm},
	{"supplement", func(d Dossier) bool { return len(d.Supplements) > 0 }, supplementForm},
	{"refusal", func(d Dossier) bool { return d.Status == StateRejected }, refusalForm},
	{"apology", func(d Dossier) bool { return d.Apology != nil }, apologyForm},
	{"stop", func(d Dossier) bool { return d.Status == StateStopped }, stopForm},
	{"controlslip", func(d Dossier) bool { return len(d.History) > 0 }, controlSlipForm},
}

// form serves GET /dossiers/{code}/forms/{form}.pdf: 404 for a form that does not apply to
// the dossier (an apology when none was issued).
func (p *pages) form(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	name, ok := strings.CutSuffix(r.PathValue("form"), ".pdf")
	var f *formName
	for i := range formNames {
		if formNames[i].name == name {
			f = &formNames[i]
		}
	}
	if !ok || f == nil {
		return errs.E("onestop: form", errs.NotFound, "error.not_found")
	}
	d, readOnly, err := p.svc.DossierForDesk(ctx, t.ID, r.PathValue("code"))
	if err != nil {
		return err
	}
	// A centre that received the dossier for another commune prints the receipt it hands the
	// applicant (Decree 118/2025), nothing else.
	if readOnly && f.name != "receipt" {
		return errs.E("onestop: form", errs.NotFound, "error.not_found")
	}
	if !f.applies(d) {
		return errs.E("onestop: form", errs.NotFound, "onestop.page.form.not_applicable")
	}
	c, err := p.communeOf(ctx, t.ID)
	if err != nil {
		return err
	}
	owner := t.ID
	if d.CommuneID != "" {
		owner = d.CommuneID
	}
	pr, err := p.svc.Procedure(ctx, owner, d.ProcedureCode)
	if err != nil && errs.KindOf(err) != errs.NotFound {
		return err
	}
	in := formInput{C: c, D: d, P: pr, BaseURL: p.baseURL(r), Now: p.svc.nowUTC()}
	// The rating page is the owning commune's, on its own site: a centre printing another
	// commune's receipt leaves it out.
	if f.name == "receipt" && owner == t.ID {
		in.RateURL = p.svc.rateLink(owner, d.Code, "qr", in.BaseURL)
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("lan")); err == nil {
		in.Round = n
	}
	doc, err := f.build(in)
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	doc.Author = u.FullName
	if doc.Signature != nil && doc.Signature.Name != "" {
		doc.Author = doc.Signature.Name // a decision is the signer's, whoever prints it
	}
	var buf bytes.Buffer
	if err := docs.Render(&buf, doc); err != nil {
		return errs.Wrap("onestop: form "+name, err)
	}
	return writePDF(w, buf.Bytes(), name+"-"+d.Code+".pdf")
}

func writePDF(w http.ResponseWriter, b []byte, filename string) error {
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "no-store")
	_, err := w.Write(b)
	return err
}

// vi is a form's words: the Vietnamese of a message of this room.
func vi(key string, args ...any) string {
	m, ok := PageMessages[key]
	if !ok {
		if m, ok = Messages[key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return m[0]
	}
	return fmt.Sprintf(m[0], args...)
}

// clockDate writes a moment as the forms do: "09 giờ 30 phút, ngày 05/01/2026".
func clockDate(t time.Time) string {
	if t.IsZero() {
		return "..... giờ ..... phút, ngày ...../...../.........."
	}
	t = t.In(calendar.Zone)
	return t.Format("15") + " giờ " + t.Format("04") + " phút, ngày " + t.Format("02/01/2006")
}

// shortTime writes "09:30 05/01/2026".
func shortTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Zone).Format("15:04 02/01/2006")
}

// money writes đồng with dots between thousands (200.000 đồng), by the shell's formatter.
func money(n int64) string { return web.Number("vi", n) + " đồng" }

// kindText is a document kind in the forms' words.
func kindText(k string) string { return vi("onestop.pdf.kind." + k) }

// receiverOf is the officer who received the dossier (the intake row of the control slip).
func receiverOf(d Dossier) string {
	for _, h := range d.History {
		if h.Action == ActIntake {
			return h.ToName
		}
	}
	return ""
}

func applicantFields(d Dossier) []docs.Block {
	a := d.Applicant
	out := []docs.Block{docs.Field{Label: vi("onestop.pdf.applicant"), Value: a.Name, Bold: true}}
	if a.IDNumber != "" {
		out = append(out, docs.Field{Label: vi("onestop.pdf.id_number"), Value: a.IDNumber})
	}
	out = append(out, docs.Field{Label: vi("onestop.pdf.phone"), Value: a.Phone, Leaders: a.Phone == ""},
		docs.Field{Label: vi("onestop.pdf.address"), Value: a.Address, Leaders: a.Address == ""})
	return out
}

func requestField(d Dossier) docs.Field {
	return docs.Field{Label: vi("onestop.pdf.request"), Value: d.ProcedureName + " (" + d.ProcedureCode + ")"}
}

// receiptForm is form 01, the receipt and appointment slip, with a QR code to the status page.
// Its lines are kept few so that it fits one A5 page with both signatures.
func receiptForm(in formInput) (docs.Doc, error) {
	d, c := in.D, in.C
	at := acceptedAt(d)
	tbl := docs.Table{Columns: []docs.Column{
		{Title: vi("onestop.pdf.col.no"), Width: 0.8, Align: docs.Center},
		{Title: vi("onestop.pdf.col.document"), Width: 5.2},
		{Title: vi("onestop.pdf.col.kind_short"), Width: 2.1, Align: docs.Center},
		{Title: vi("onestop.pdf.col.copies"), Width: 1.6, Align: docs.Center},
	}}
	// The documents as the desk received them (their form and number), not the procedure's list.
	for _, s := range d.Submitted {
		tbl.Rows = append(tbl.Rows, []string{strconv.Itoa(len(tbl.Rows) + 1), s.Name, kindText(s.Kind), strconv.Itoa(max(s.Quantity, 1))})
	}
	fee := money(d.Fee.Amount)
	if d.Fee.Exemption != "" {
		fee += " (" + vi("onestop.pdf.fee_exempt", d.Fee.Exemption) + ")"
	} else if d.Fee.Paid {
		fee += " (" + vi("onestop.pdf.fee_paid") + ")"
	}
	a := d.Applicant
	who := []docs.Run{{Text: vi("onestop.pdf.applicant") + ": "}, {Text: a.Name, Style: docs.Bold}}
	if a.IDNumber != "" {
		who = append(who, docs.Run{Text: "; " + vi("onestop.pdf.id_number_short") + ": " + a.IDNumber})
	}
	blocks := []docs.Block{docs.Para(vi("onestop.pdf.receipt.intro")),
		docs.Paragraph{Runs: who, Align: docs.Left, NoIndent: true},
		docs.Field{Label: vi("onestop.pdf.phone"), Value: a.Phone, Leaders: a.Phone == ""},
		docs.Field{Label: vi("onestop.pdf.address"), Value: a.Address, Leaders: a.Address == ""},
		requestField(d), tbl,
		docs.Field{Label: vi("onestop.pdf.received_at"), Value: clockDate(at)},
		docs.Field{Label: vi("onestop.pdf.due_at"), Value: dueText(d), Bold: true},
		docs.Field{Label: vi("onestop.pdf.collect_at"), Value: vi("onestop.pdf.collect_place", c.Address)},
		docs.Field{Label: vi("onestop.pdf.fee"), Value: vi("onestop.pdf.fee_register", fee, d.RegisterYear, registerNo(d.RegisterNumber))},
		receiptQR(in)}
	blocks = append(blocks, docs.SignatureRow{Signers: []docs.Signature{
		{Title: vi("onestop.pdf.sign.submitter"), Hint: vi("onestop.pdf.sign.hint"), Name: a.Name},
		{Title: vi("onestop.pdf.sign.receiver"), Hint: vi("onestop.pdf.sign.hint"), Name: receiverOf(d)},
	}})
	return formSetAt(d.ReceivedAt).apply("receipt", docs.Doc{Letterhead: c.Letterhead(), Date: at.In(calendar.Zone),
		Subtitle: vi("onestop.pdf.code", d.Code), Blocks: blocks, Created: in.Now}), nil
}

// receiptQR is the receipt's QR code: the dossier's tracking page or, with the rating room
// connected, its rating page, which before the return leads to the tracking page and after it
// takes the resident's rating (plan III.1.5, Law 10/2022 Art. 35.2.a). One code, not two:
// the receipt must stay one A5 page with both signatures, and a second code does not fit.
func receiptQR(in formInput) docs.QR {
	if in.RateURL != "" {
		return docs.QR{Text: in.RateURL, Caption: vi("onestop.pdf.rate_caption"), Size: 12}
	}
	return docs.QR{Text: in.BaseURL + "/tra-cuu?ma=" + url.QueryEscape(in.D.Code), Caption: vi("onestop.pdf.qr_caption"), Size: 12}
}

// supplementForm is form 02 for one round (the latest unless asked).
func supplementForm(in formInput) (docs.Doc, error) {
	d, c := in.D, in.C
	sr := d.Supplements[len(d.Supplements)-1]
	if in.Round > 0 {
		found := false
		for _, s := range d.Supplements {
			if s.Round == in.Round {
				sr, found = s, true
			}
		}
		if !found {
			return docs.Doc{}, errs.E("onestop: form supplement", errs.NotFound, "onestop.page.form.not_applicable")
		}
	}
	tbl := docs.Table{Columns: []docs.Column{
		{Title: vi("onestop.pdf.col.no"), Width: 0.8, Align: docs.Center},
		{Title: vi("onestop.pdf.col.document"), Width: 4.6},
		{Title: vi("onestop.page.kind.original"), Width: 1.5, Align: docs.Center},
		{Title: vi("onestop.page.kind.certified_copy"), Width: 1.9, Align: docs.Center},
		{Title: vi("onestop.pdf.col.photocopy"), Width: 1.5, Align: docs.Center},
	}}
	for _, id := range sr.Documents {
		row := []string{strconv.Itoa(len(tbl.Rows) + 1), id, "", "", ""}
		if doc, ok := in.P.Document(id); ok {
			row[1] = doc.Name
			q := strconv.Itoa(max(doc.Quantity, 1))
			switch doc.Kind {
			case KindOriginal, KindPresent:
				row[2] = q
			case KindCertifiedCopy:
				row[3] = q
			default:
				row[4] = q
			}
			if doc.Kind == KindPresent {
				row[1] += " (" + kindText(KindPresent) + ")"
			}
		}
		tbl.Rows = append(tbl.Rows, row)
	}
	blocks := []docs.Block{docs.Para(vi("onestop.pdf.supplement.intro", c.Name))}
	blocks = append(blocks, applicantFields(d)...)
	blocks = append(blocks, requestField(d), docs.Para(vi("onestop.pdf.supplement.ask")), tbl)
	if sr.Reason != "" {
		blocks = append(blocks, docs.Field{Label: vi("onestop.pdf.reason"), Value: sr.Reason})
	}
	blocks = append(blocks, docs.Para(vi("onestop.pdf.supplement.contact", c.Name, c.Address, c.Phone)))
	return formSetAt(d.ReceivedAt).apply("supplement", docs.Doc{Letterhead: c.Letterhead(), Date: sr.RequestedAt.In(calendar.Zone),
		Subtitle: vi("onestop.pdf.code", d.Code), Blocks: blocks,
		Signature: &docs.Signature{Title: vi("onestop.pdf.sign.guide"), Hint: vi("onestop.pdf.sign.hint"), Name: sr.ByName},
		Created:   in.Now}), nil
}

// signatureOf is the signature block of an officer acting for an office: the committee's
// leader signs for the committee, others under their own title.
func signatureOf(role auth.Role, name string) *docs.Signature {
	switch role {
	case auth.Leader:
		return &docs.Signature{Authority: vi("onestop.pdf.sign.authority"), Title: vi("onestop.pdf.sign.chairman"), Name: name}
	case auth.Specialist:
		return &docs.Signature{Title: vi("onestop.pdf.sign.specialist"), Hint: vi("onestop.pdf.sign.hint"), Name: name}
	}
	return &docs.Signature{Title: vi("onestop.pdf.sign.receiver"), Hint: vi("onestop.pdf.sign.hint"), Name: name}
}

// signer is who signs the paper of a step: the signer recorded with the decision, or for
// steps recorded before signers were, the one who took it.
func signer(h HistoryEntry) (auth.Role, string) {
	if h.SignerName != "" {
		return h.SignerRole, h.SignerName
	}
	return h.FromRole, h.FromName
}

// apologySigner is the chairman (or leader) recorded with the apology; the commune's chairman
// of today only for an apology recorded before signers were.
func apologySigner(d Dossier, c commune.Commune) string {
	for _, h := range d.History {
		if h.Action == ActApology && h.SignerName != "" {
			return h.SignerName
		}
	}
	return c.Chairman
}

// refusalForm is form 03: the refusal with its reasons and legal basis.
func refusalForm(in formInput) (docs.Doc, error) {
	d, c := in.D, in.C
	var step HistoryEntry
	for _, h := range d.History {
		if h.Action == ActRefuse {
			step = h
		}
	}
	basis := vi("onestop.pdf.refusal.basis_processing")
	if refusedAtIntake(d) {
		basis = vi("onestop.pdf.refusal.basis_intake")
	}
	if in.P.LegalBasis != "" {
		basis += " " + in.P.LegalBasis
	}
	blocks := []docs.Block{docs.Para(vi("onestop.pdf.refusal.intro", c.Name, clockDate(d.ReceivedAt)))}
	blocks = append(blocks, applicantFields(d)...)
	blocks = append(blocks, requestField(d), docs.Para(vi("onestop.pdf.refusal.decision", c.Name)),
		docs.Paragraph{Runs: []docs.Run{{Text: d.Reasons, Style: docs.Bold}}},
		docs.Field{Label: vi("onestop.pdf.legal_basis"), Value: basis},
		docs.Para(vi("onestop.pdf.refusal.end")))
	return formSetAt(d.ReceivedAt).apply("refusal", docs.Doc{Letterhead: c.Letterhead(), Date: step.At.In(calendar.Zone),
		Subtitle: vi("onestop.pdf.code", d.Code), Blocks: blocks,
		Signature: signatureOf(signer(step)), Recipients: []string{vi("onestop.pdf.to_applicant"), vi("onestop.pdf.archive")},
		Created: in.Now}), nil
}

// apologyForm is form 04: the apology, the reason of the delay and the new date, signed for
// the committee by its chairman. Under Circular 03/2025 it is the apology and request to
// extend the processing time: the new date is asked for as an extension.
func apologyForm(in formInput) (docs.Doc, error) {
	d, c, a := in.D, in.C, in.D.Apology
	set := formSetAt(d.ReceivedAt)
	newKey, thanksKey := "onestop.pdf.apology.new", "onestop.pdf.apology.thanks"
	if f, _ := set.spec("apology"); f.Extension {
		newKey, thanksKey = "onestop.pdf.apology.extend", "onestop.pdf.apology.extend_thanks"
	}
	blocks := []docs.Block{
		docs.Paragraph{Runs: []docs.Run{{Text: vi("onestop.pdf.apology.to")}, {Text: d.Applicant.Name, Style: docs.Bold}}, Align: docs.Center, NoIndent: true},
		docs.Para(vi("onestop.pdf.apology.received", d.ReceivedAt.In(calendar.Zone).Format("02/01/2006"), c.Name, d.ProcedureName, d.Code)),
		docs.Para(vi("onestop.pdf.apology.due", clockDate(a.OldDueAt))),
		docs.Para(vi("onestop.pdf.apology.reason", c.Name, a.Reason)),
		docs.Para(vi("onestop.pdf.apology.sorry", c.Name)),
		docs.Paragraph{Runs: []docs.Run{{Text: vi(newKey)}, {Text: clockDate(a.NewDueAt), Style: docs.Bold}, {Text: "."}}},
		docs.Para(vi(thanksKey)),
	}
	return set.apply("apology", docs.Doc{Letterhead: c.Letterhead(), Date: a.At.In(calendar.Zone),
		Subtitle: vi("onestop.pdf.code", d.Code), Blocks: blocks,
		Signature:  &docs.Signature{Authority: vi("onestop.pdf.sign.authority"), Title: vi("onestop.pdf.sign.chairman"), Name: apologySigner(d, c)},
		Recipients: []string{vi("onestop.pdf.as_above"), vi("onestop.pdf.desk"), vi("onestop.pdf.archive")}, Created: in.Now}), nil
}

// stopForm is form 05 of Circular 03/2025: the notice that processing of the dossier has
// stopped, with the reason, signed by the signer recorded with the stop. A dossier received
// under Circular 01/2018, which had no such form, is given the newest set's.
func stopForm(in formInput) (docs.Doc, error) {
	d, c := in.D, in.C
	var step HistoryEntry
	for _, h := range d.History {
		if h.Action == ActStop {
			step = h
		}
	}
	set := formSetAt(d.ReceivedAt)
	if _, ok := set.spec("stop"); !ok {
		set = formSetAt(time.Time{})
	}
	reason := d.Reasons
	if reason == "" {
		reason = step.Note
	}
	blocks := []docs.Block{docs.Para(vi("onestop.pdf.stop.intro", c.Name, clockDate(d.ReceivedAt)))}
	blocks = append(blocks, applicantFields(d)...)
	blocks = append(blocks, requestField(d), docs.Para(vi("onestop.pdf.stop.decision", c.Name, clockDate(step.At))),
		docs.Field{Label: vi("onestop.pdf.reason"), Value: reason, Bold: true},
		docs.Para(vi("onestop.pdf.stop.end")))
	return set.apply("stop", docs.Doc{Letterhead: c.Letterhead(), Date: step.At.In(calendar.Zone),
		Subtitle: vi("onestop.pdf.code", d.Code), Blocks: blocks,
		Signature: signatureOf(signer(step)), Recipients: []string{vi("onestop.pdf.to_applicant"), vi("onestop.pdf.archive")},
		Created: in.Now}), nil
}

// onTimeOutcome is the control slip's result: before, on or after the due date, or empty
// while the dossier is not finished.
func onTimeOutcome(d Dossier) string {
	if d.FinishedAt.IsZero() || d.DueAt.IsZero() {
		return ""
	}
	fin, due := calendar.DateOf(d.FinishedAt), calendar.DateOf(d.DueAt)
	switch {
	case d.FinishedAt.After(d.DueAt):
		return vi("onestop.pdf.outcome.late")
	case fin == due:
		return vi("onestop.pdf.outcome.on_time")
	}
	return vi("onestop.pdf.outcome.early")
}

// controlSlipForm is form 06 (05 under Circular 01/2018): every hand-over of the dossier, who
// gave, who received, when, with what result, the signatures of both sides, and whether the
// dossier was finished before, on or after the due date.
func controlSlipForm(in formInput) (docs.Doc, error) {
	d, c := in.D, in.C
	tbl := docs.Table{Columns: []docs.Column{
		{Title: vi("onestop.pdf.col.office"), Width: 2.2},
		{Title: vi("onestop.pdf.col.at"), Width: 1.9, Align: docs.Center},
		{Title: vi("onestop.pdf.col.giver"), Width: 2},
		{Title: vi("onestop.pdf.col.receiver"), Width: 2},
		{Title: vi("onestop.pdf.col.result"), Width: 2},
		{Title: vi("onestop.pdf.col.notes"), Width: 2.3},
	}, Size: 8}
	for _, h := range d.History {
		note := h.Note
		if h.Action != ActIntake && h.Action != ActHandover {
			note = joinNote(vi(h.Action.Label()), h.Note)
		}
		tbl.Rows = append(tbl.Rows, []string{vi(officeKey(h)), shortTime(h.At), h.FromName, h.ToName, vi(h.StatusAfter.Label()), note})
	}
	blocks := []docs.Block{docs.Field{Label: vi("onestop.pdf.office"), Value: c.Committee()}}
	blocks = append(blocks, docs.Field{Label: vi("onestop.pdf.applicant"), Value: d.Applicant.Name, Bold: true}, requestField(d),
		docs.Field{Label: vi("onestop.pdf.received_at"), Value: clockDate(d.ReceivedAt)},
		docs.Field{Label: vi("onestop.pdf.due_at"), Value: clockDate(d.DueAt)}, tbl)
	outcome := onTimeOutcome(d)
	blocks = append(blocks, docs.Field{Label: vi("onestop.pdf.outcome"), Value: outcome, Leaders: outcome == "", Bold: true},
		docs.Para(vi("onestop.pdf.outcome.choices")),
		docs.SignatureRow{Signers: []docs.Signature{
			{Title: vi("onestop.pdf.sign.handing"), Hint: vi("onestop.pdf.sign.hint")},
			{Title: vi("onestop.pdf.sign.receiving"), Hint: vi("onestop.pdf.sign.hint")},
		}})
	return formSetAt(d.ReceivedAt).apply("controlslip", docs.Doc{Letterhead: c.Letterhead(), Date: in.Now.In(calendar.Zone),
		Subtitle: vi("onestop.pdf.code", d.Code), Blocks: blocks, Created: in.Now}), nil
}

// dueText is the receipt's due line: "Trả ngay" for a procedure done immediately on a complete
// dossier, the extended limit named when the desk marked that checks are needed.
func dueText(d Dossier) string {
	switch {
	case d.LegalDueAt().IsZero():
		return clockDate(d.LegalDueAt())
	case d.Processing.Immediate():
		return vi("onestop.pdf.due_immediate", shortDate(d.LegalDueAt()))
	case d.NeedsVerification:
		return vi("onestop.pdf.due_verification", clockDate(d.LegalDueAt()), d.Processing.Days)
	}
	return clockDate(d.LegalDueAt())
}

// rateLink is the dossier's rating page with the channel it is given by (via: "qr" on the
// receipt, "sms" in the SMS), completed with base when the rating room gives a path; "" when
// the rating room is not connected.
func (s *Service) rateLink(communeID, code, via, base string) string {
	if s.ratings.RateURL == nil {
		return ""
	}
	u := s.ratings.RateURL(communeID, code)
	if u == "" {
		return ""
	}
	if strings.HasPrefix(u, "/") {
		u = strings.TrimRight(base, "/") + u
	}
	return u + "&qua=" + via
}

// rateSMS is the result-ready SMS's sentence inviting a rating, or "".
func (s *Service) rateSMS(communeID, code string) string {
	// A bare path (no portal address configured) is no use in a text message.
	if u := s.rateLink(communeID, code, "sms", ""); u != "" && !strings.HasPrefix(u, "/") {
		return vi("onestop.sms.rate_link", u)
	}
	return ""
}
