package onestop

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// Intake at the desk: choose the procedure, fill in the applicant, tick the documents handed
// in. Complete → accepted (the dossier page, with its receipt to print); incomplete → the
// supplement request naming, all at once, the missing documents of the procedure's list;
// not acceptable → refused with reasons, after a confirmation.

// Outcomes of the intake form (the button pressed).
const (
	outcomeAccept     = "accept"
	outcomeSupplement = "supplement"
	outcomeRefuse     = "refuse"
	// outcomeLookup shows the documents already held for the ID number typed (no JavaScript:
	// the form comes back with them).
	outcomeLookup = "lookup"
)

func (p *pages) intakeForm(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	code := strings.TrimSpace(r.URL.Query().Get("thu-tuc"))
	if code == "" {
		procs, _, err := p.svc.Procedures(r.Context(), t.ID, ProcedureFilter{ActiveOnly: true, InForceOn: p.svc.today(), Limit: MaxPageSize})
		if err != nil {
			return err
		}
		return p.s.Render(w, r, http.StatusOK, p.intakeFor, "onestop.page.intake.title", map[string]any{"Groups": byField(procs)})
	}
	pr, err := p.svc.Procedure(r.Context(), t.ID, code)
	if err != nil {
		return err
	}
	if !pr.Active {
		return errs.E("onestop: intake", errs.NotFound, "onestop.procedure_not_found")
	}
	form := url.Values{"channel": {strconv.Itoa(ChannelCounter)}, "fee.amount": {strconv.FormatInt(pr.FeeAmount, 10)}}
	return p.renderIntake(w, r, http.StatusOK, pr, form, nil, nil)
}

// fieldGroup is the procedures of one field, for a grouped choice.
type fieldGroup struct {
	Field      string
	Procedures []Procedure
}

func byField(ps []Procedure) []fieldGroup {
	var out []fieldGroup
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1].Field == p.Field {
			out[n-1].Procedures = append(out[n-1].Procedures, p)
			continue
		}
		out = append(out, fieldGroup{Field: p.Field, Procedures: []Procedure{p}})
	}
	return out
}

// renderIntake draws the intake form of a procedure; missing, when not empty, turns it into
// the supplement request of those documents.
func (p *pages) renderIntake(w http.ResponseWriter, r *http.Request, status int, pr Procedure, form url.Values, fe errs.FieldErrors, missing []Document) error {
	handed := form["documents"]
	docs := make([]docView, len(pr.Documents))
	form = cloneValues(form)
	for i, d := range pr.Documents {
		docs[i] = docView{Document: d, Handed: slices.Contains(handed, d.ID)}
		// The form and number of each document start as the procedure's list says.
		kind, qty := detailFields(d.ID)
		if !form.Has(kind) {
			form.Set(kind, d.Kind)
		}
		if !form.Has(qty) {
			form.Set(qty, strconv.Itoa(max(d.Quantity, 1)))
		}
	}
	var channels []int
	for _, c := range []int{ChannelCounter, ChannelPost} {
		if len(pr.Channels) == 0 || contains(pr.Channels, ChannelName(c)) {
			channels = append(channels, c)
		}
	}
	held, asked, err := p.heldFor(r, form.Get("applicant.id_number"), form["reuse"], form.Get("outcome") == outcomeLookup)
	if err != nil {
		return err
	}
	// Province mode (Decree 118/2025): the desk receives for any commune of the province.
	t := web.TenantOf(r)
	communes, err := p.svc.ProvinceCommunes(r.Context(), t.ID)
	if err != nil {
		return err
	}
	if !form.Has("for_commune") {
		form.Set("for_commune", t.Code)
	}
	// The form's one-time token: a second submission of the same form (a double click, a
	// resend after a slow answer) shows the dossier the first one created. A form sent back
	// with errors keeps its token: nothing was created with it.
	if !validIdempotencyKey(form.Get("form_token")) {
		form.Set("form_token", newFormToken())
	}
	return p.s.RenderForm(w, r, status, p.intake, "onestop.page.intake.title",
		map[string]any{"P": pr, "Docs": docs, "Missing": missing, "Channels": channels, "Kinds": DocumentKinds,
			"Held": held, "Asked": asked, "Communes": communes, "Here": t.Code}, form, fe)
}

// newFormToken is a random one-time token for a form.
func newFormToken() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// intakeRequest reads the intake form.
func intakeRequest(r *http.Request) (IntakeRequest, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	req := IntakeRequest{ProcedureCode: r.PostFormValue("procedure_code"), Documents: r.PostForm["documents"],
		Applicant: Applicant{Name: r.PostFormValue("applicant.name"), IDNumber: r.PostFormValue("applicant.id_number"),
			Phone: r.PostFormValue("applicant.phone"), Address: r.PostFormValue("applicant.address"), Email: r.PostFormValue("applicant.email")},
		SupplementReason: r.PostFormValue("supplement_reason"), Reuse: r.PostForm["reuse"],
		VerifiedVNeID: r.PostFormValue("verified_vneid") == "1", ForCommune: r.PostFormValue("for_commune"),
		NeedsVerification: r.PostFormValue("needs_verification") == "1"}
	if c, err := strconv.Atoi(r.PostFormValue("channel")); err == nil {
		req.Channel = c
	}
	// How each ticked document was handed in: its form and how many copies.
	req.Details = map[string]DocumentDetail{}
	for _, id := range req.Documents {
		kf, qf := detailFields(id)
		dt := DocumentDetail{Kind: strings.TrimSpace(r.PostFormValue(kf))}
		if s := strings.TrimSpace(r.PostFormValue(qf)); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				fe["documents."+id] = "onestop.procedure.document_quantity_invalid"
			}
			dt.Quantity = n
		}
		req.Details[id] = dt
	}
	fee := &IntakeFee{Exemption: r.PostFormValue("fee.exemption"), Paid: r.PostFormValue("fee.paid") == "1"}
	if s := strings.TrimSpace(strings.NewReplacer(".", "", ",", "", " ", "").Replace(r.PostFormValue("fee.amount"))); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fe["fee.amount"] = "onestop.procedure.fee_invalid"
		}
		fee.Amount = &n
	}
	req.Fee = fee
	return req, fe
}

func (p *pages) intakeSubmit(w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		return errs.E("onestop: intake form", errs.Invalid, "error.form_invalid")
	}
	pr, err := p.svc.Procedure(ctx, t.ID, r.PostFormValue("procedure_code"))
	if err != nil {
		return err
	}
	req, fe := intakeRequest(r)
	outcome := r.PostFormValue("outcome")
	if len(fe) > 0 {
		return p.renderIntake(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, nil)
	}
	by := ActorOf(u)
	var d Dossier
	var rep *OnceReply
	// With the form's token the intake happens once (idempotency.go); a form without one (an
	// old page, a script) is taken as it comes.
	token := strings.TrimSpace(r.PostFormValue("form_token"))
	intake := func(req IntakeRequest, refuse string) (Dossier, error) {
		if !validIdempotencyKey(token) {
			if refuse != "" {
				return p.svc.RefuseAtIntake(ctx, t.ID, by, req, refuse)
			}
			return p.svc.Intake(ctx, t.ID, by, req)
		}
		d, once, err := p.svc.IntakeOnce(ctx, t.ID, by, req, OnceKey{Caller: "form:" + by.ID, Key: token}, refuse)
		rep = once
		return d, err
	}
	switch outcome {
	case outcomeLookup:
		return p.renderIntake(w, r, http.StatusOK, pr, r.PostForm, nil, nil)
	case outcomeRefuse:
		reasons := r.PostFormValue("refuse.reasons")
		if r.PostFormValue("confirm") != "1" {
			check := req
			fe := check.Validate()
			checkReason(cleanText(reasons), "refuse.reasons", "onestop.reasons_required", fe)
			if len(fe) > 0 {
				return p.renderIntake(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, nil)
			}
			return p.confirmIntakeRefusal(w, r, pr, check, reasons)
		}
		if strings.TrimSpace(reasons) == "" {
			reasons = " " // let RefuseAtIntake name the missing reasons
		}
		d, err = intake(req, reasons)
		if fe, ok := errs.Fields(err); ok {
			if v, ok := fe["reasons"]; ok {
				fe["refuse.reasons"] = v
			}
			return p.renderIntake(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, nil)
		}
	case outcomeSupplement:
		req.IfIncomplete = IncompleteSupplement
		d, err = intake(req, "")
	default:
		req.IfIncomplete = IncompleteRefuse
		d, err = intake(req, "")
		if e, ok := errs.As(err); ok && e.Key == "onestop.documents_missing" {
			_, missing, _ := IntakeCheck(pr, req.Documents)
			fe, _ := errs.Fields(err)
			return p.renderIntake(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, missing)
		}
	}
	if err == nil && rep != nil {
		p.s.Flash(w, r, "onestop.page.intake.already_sent")
		return web.Redirect(w, r, "/ho-so/"+rep.Code)
	}
	if fe, ok := errs.Fields(err); ok {
		return p.renderIntake(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, nil)
	}
	if err != nil {
		return err
	}
	switch d.Status {
	case StateSupplement:
		p.s.Flash(w, r, "onestop.page.intake.supplemented")
	case StateRejected:
		p.s.Flash(w, r, "onestop.page.intake.refused")
	default:
		p.s.Flash(w, r, "onestop.page.intake.accepted")
	}
	return web.Redirect(w, r, "/ho-so/"+d.Code)
}

// confirmIntakeRefusal asks before refusing a dossier at the counter.
func (p *pages) confirmIntakeRefusal(w http.ResponseWriter, r *http.Request, pr Procedure, req IntakeRequest, reasons string) error {
	var hidden []hiddenField
	for k, vs := range r.PostForm {
		if k == "outcome" || k == "confirm" {
			continue
		}
		for _, v := range vs {
			hidden = append(hidden, hiddenField{Name: k, Value: v})
		}
	}
	slices.SortFunc(hidden, func(a, b hiddenField) int { return strings.Compare(a.Name, b.Name) })
	hidden = append(hidden, hiddenField{Name: "outcome", Value: outcomeRefuse})
	return p.s.Render(w, r, http.StatusOK, p.confirm, "onestop.page.confirm.title", map[string]any{
		"Intake": true, "P": pr, "Applicant": req.Applicant, "Reasons": cleanText(reasons), "Hidden": hidden,
		"Action": ActRefuse, "Question": "onestop.page.confirm.refuse_at_intake",
	})
}
