package onestop

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The dossier page: everything about one dossier, its control slip, the forms to print, and one
// small form per action its state allows the signed-in officer.

// pageAction is an action as the pages post it: POST /ho-so/{code}/{slug}. Confirm marks the
// final ones, which show a confirmation page before anything is done.
type pageAction struct {
	action  Action
	slug    string
	confirm bool
}

var pageActions = []pageAction{
	{ActAccept, "tiep-nhan", false},
	{ActHandover, "chuyen", false},
	{ActSupplementRequest, "yeu-cau-bo-sung", false},
	{ActSupplementReceived, "nhan-bo-sung", false},
	{ActApprove, "phe-duyet", false},
	{ActApology, "xin-loi", false},
	{ActResultReady, "co-ket-qua", false},
	{ActReturn, "tra-ket-qua", true},
	{ActRefuse, "tu-choi", true},
	{ActWithdraw, "rut-ho-so", true},
	{ActStop, "dung", true},
}

// actionView is one action form of the dossier page. The steps off the usual path (a
// supplement, an apology, a refusal, a withdrawal, a stop) are folded until opened, or until
// their form comes back with an error.
type actionView struct {
	Action  Action
	Name    string // the action as a string, the prefix of its fields ("refuse.reasons")
	Slug    string
	Confirm bool
	Folded  bool
	Open    bool
}

// foldedActions are the steps off a dossier's usual path.
var foldedActions = []Action{ActSupplementRequest, ActApology, ActRefuse, ActWithdraw, ActStop}

// handoverOption is one choice of the "hand over to" list: an office, or a named officer of it.
type handoverOption struct {
	Value, Label string
}

type handoverGroup struct {
	Label   string
	Options []handoverOption
}

// docView is a document of the procedure's list and whether the dossier has it; on the
// dossier page, Given says how it was handed in (its form, number and scan, once per round).
type docView struct {
	Document
	Handed bool
	Given  []givenView
	Extra  bool // not on the procedure's list (any more): never offered for a supplement request
}

// Scans are the hand-ins of the document that came with a scan.
func (v docView) Scans() []givenView {
	var out []givenView
	for _, g := range v.Given {
		if g.URL != "" {
			out = append(out, g)
		}
	}
	return out
}

// givenView is one hand-in of a document, with the link to its scan when there is one.
type givenView struct {
	SubmittedDocument
	URL string
}

// dossierDocs lists the procedure's documents with what the dossier holds of each, then what
// it holds that the list no longer has (the list may have been edited since).
func dossierDocs(pr Procedure, d Dossier) []docView {
	given := map[string][]givenView{}
	var order []string
	for _, s := range d.Submitted {
		if _, ok := given[s.DocumentID]; !ok {
			order = append(order, s.DocumentID)
		}
		g := givenView{SubmittedDocument: s}
		if s.SHA256 != "" {
			g.URL = fileURL(d.Code, s.SHA256)
		}
		given[s.DocumentID] = append(given[s.DocumentID], g)
	}
	docs := make([]docView, 0, len(pr.Documents))
	for _, doc := range pr.Documents {
		docs = append(docs, docView{Document: doc, Handed: slices.Contains(d.Documents, doc.ID) || len(given[doc.ID]) > 0, Given: given[doc.ID]})
	}
	for _, id := range order {
		if slices.ContainsFunc(pr.Documents, func(x Document) bool { return x.ID == id }) {
			continue
		}
		g := given[id]
		docs = append(docs, docView{Document: Document{ID: id, Name: g[0].Name, Kind: g[0].Kind, Quantity: g[0].Quantity},
			Handed: true, Given: g, Extra: true})
	}
	return docs
}

// formLink is a printable form of the dossier.
type formLink struct {
	Label, URL string
}

// formsOf lists the forms that apply to the dossier, in the order of their numbers.
func formsOf(d Dossier) []formLink {
	var out []formLink
	base := "/dossiers/" + d.Code + "/forms/"
	for _, f := range formNames {
		if f.applies(d) {
			out = append(out, formLink{Label: "onestop.page.form." + f.name, URL: base + f.name + ".pdf"})
		}
	}
	return out
}

// receiptOnly keeps the receipt of a dossier's forms.
func receiptOnly(forms []formLink) []formLink {
	var out []formLink
	for _, f := range forms {
		if strings.HasSuffix(f.URL, "/receipt.pdf") {
			out = append(out, f)
		}
	}
	return out
}

// offered lists the actions the dossier's state allows and the user's roles may do. An apology
// is offered only while it can still be given (once, at least one working day before the due date).
func offered(d Dossier, u *auth.User, cal *calendar.Calendar, now time.Time) []actionView {
	allowed := Allowed(d.snapshot(Procedure{}), ActorOf(u))
	var out []actionView
	for _, a := range pageActions {
		if !slices.Contains(allowed, a.action) || !auth.Roles(actionRoles(a.action)...).Allows(u) {
			continue
		}
		if a.action == ActApology && (d.Apologies > 0 || d.DueAt.IsZero() || !apologyInTime(now, d.DueAt, cal)) {
			continue
		}
		out = append(out, actionView{Action: a.action, Name: string(a.action), Slug: a.slug, Confirm: a.confirm,
			Folded: slices.Contains(foldedActions, a.action)})
	}
	return out
}

// handoverTargets are the offices the state's hand-overs go to, onward first.
func handoverTargets(st State) []auth.Role {
	var out []auth.Role
	for _, r := range handoverPreference[st] {
		for _, t := range transitions {
			if t.From == st && t.Action == ActHandover && t.To == r && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

func (p *pages) handoverGroups(r *http.Request, st State) ([]handoverGroup, error) {
	var users []*auth.User
	if p.deps.Staff != nil {
		var err error
		if users, _, err = p.deps.Staff.Users(r.Context(), web.TenantOf(r).ID, 500, 0); err != nil {
			return nil, err
		}
	}
	var out []handoverGroup
	for _, role := range handoverTargets(st) {
		office := p.s.T(r, officeKeyOf(role))
		g := handoverGroup{Label: office, Options: []handoverOption{{Value: string(role), Label: p.s.T(r, "onestop.page.handover.office", office)}}}
		for _, u := range users {
			if !u.Disabled && u.Has(role) {
				g.Options = append(g.Options, handoverOption{Value: string(role) + "|" + u.Username, Label: u.FullName + " (" + u.Username + ")"})
			}
		}
		out = append(out, g)
	}
	return out, nil
}

func (p *pages) showDossier(w http.ResponseWriter, r *http.Request) error {
	return p.renderDossier(w, r, http.StatusOK, nil, nil)
}

// renderDossier draws the dossier page; posted and fe are an action form sent back with its
// errors. Every form's fields carry its action's name as a prefix, so that one form's values
// and errors never spill into another.
func (p *pages) renderDossier(w http.ResponseWriter, r *http.Request, status int, posted url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	d, readOnly, err := p.svc.DossierForDesk(ctx, t.ID, r.PathValue("code"))
	if err != nil {
		return err
	}
	cal, err := p.svc.calendar(ctx, d.CommuneID)
	if err != nil {
		return err
	}
	pr, err := p.svc.Procedure(ctx, d.CommuneID, d.ProcedureCode)
	if err != nil && errs.KindOf(err) != errs.NotFound {
		return err
	}
	docs := dossierDocs(pr, d)
	now := p.svc.nowUTC()
	actions := offered(d, web.UserOf(r), cal, now)
	// Province mode: which centre received it, or whose dossier this desk received.
	var owner, receiver string
	forms := formsOf(d)
	if readOnly {
		// The receiving centre hands the applicant the receipt (Decree 118/2025); everything
		// else belongs to the competent commune.
		actions, forms = nil, receiptOnly(forms)
		if _, owner, err = p.svc.agency(ctx, p.svc.d, d.CommuneID); err != nil {
			return err
		}
	} else if d.ReceivedBy != "" {
		if _, receiver, err = p.svc.agency(ctx, p.svc.d, d.ReceivedBy); err != nil {
			return err
		}
	}
	for i, a := range actions {
		for k := range fe {
			if strings.HasPrefix(k, a.Name+".") {
				actions[i].Open = true
			}
		}
	}
	var groups []handoverGroup
	for _, a := range actions {
		if a.Action == ActHandover {
			if groups, err = p.handoverGroups(r, d.Status); err != nil {
				return err
			}
		}
	}
	form := url.Values{"apology.new_due_time": {cal.Hours().Closing().String()}, "return.method": {"counter"}}
	if !d.DueAt.IsZero() {
		form.Set("apology.new_due_date", cal.AddWorkingDays(calendar.DateOf(d.DueAt), 1).String())
	}
	for k, v := range posted {
		form[k] = v
	}
	// The supplement request starts with the required documents the dossier lacks.
	checked := map[string]bool{}
	if posted.Has(string(ActSupplementRequest) + ".documents") {
		for _, id := range posted[string(ActSupplementRequest)+".documents"] {
			checked[id] = true
		}
	} else {
		for _, doc := range docs {
			checked[doc.ID] = doc.Required && !doc.Handed
		}
	}
	return p.s.RenderForm(w, r, status, p.dossier, "onestop.page.dossier.title", map[string]any{
		"D": d, "P": pr, "Docs": docs, "Due": dueState(d, cal, now), "DueHelp": p.dueHelp(r, cal, d),
		"Forms": forms, "Actions": actions, "Handover": groups,
		"SupplementNames": supplementNames(pr, d.Supplements), "RefusedAtIntake": refusedAtIntake(d), "Checked": checked,
		"AttachResult": !readOnly && p.canAttach(d, web.UserOf(r)), "ResultURL": resultURL(d),
		"ReceivedFor": owner, "ReceivedAt": receiver,
	}, form, fe)
}

// supplementNames names the documents of each supplement request, by round.
func supplementNames(pr Procedure, supp []SupplementRequest) map[int]string {
	out := map[int]string{}
	for _, s := range supp {
		out[s.Round] = docNames(pr, s.Documents)
	}
	return out
}

// inputOf reads an action's form. The date of an apology is a date and a time of day in
// Vietnam's time; a date that does not parse is reported on its field.
func inputOf(r *http.Request, a Action) (ActionInput, errs.FieldErrors) {
	f := func(k string) string { return r.PostFormValue(string(a) + "." + k) }
	in := ActionInput{Note: f("note")}
	fe := errs.FieldErrors{}
	switch a {
	case ActHandover:
		role, user, _ := strings.Cut(f("to"), "|")
		in.ToRole, in.ToUsername = auth.Role(role), user
	case ActSupplementRequest:
		in.Documents, in.Reason = r.PostForm[string(a)+".documents"], f("reason")
	case ActRefuse:
		in.Reasons = f("reasons")
	case ActApology:
		in.Reason = f("reason")
		if day := strings.TrimSpace(f("new_due_date")); day != "" {
			clock := strings.TrimSpace(f("new_due_time"))
			if clock == "" {
				clock = calendar.DefaultHours().Closing().String()
			}
			at, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, calendar.Zone)
			if err != nil {
				fe[string(a)+".new_due_date"] = "onestop.page.apology.date_invalid"
			}
			in.NewDueAt = at
		}
	case ActReturn:
		in.Method, in.TrackingNumber = f("method"), f("tracking_number")
	case ActWithdraw, ActStop:
		in.Reason = f("reason")
	}
	return in, fe
}

// formErrors renames the Service's field errors to the fields of action a's form.
func formErrors(a Action, fe errs.FieldErrors) errs.FieldErrors {
	out := errs.FieldErrors{}
	for k, v := range fe {
		switch {
		case strings.HasPrefix(k, "documents"):
			k = "documents"
		case k == "new_due_at":
			k = "new_due_date"
		case k == "to_role" || k == "to_username":
			k = "to"
		}
		if _, dup := out[string(a)+"."+k]; !dup {
			out[string(a)+"."+k] = v
		}
	}
	return out
}

// act handles one action's form. A final action first shows its confirmation page (after the
// rules have checked it, so that a mistake shows on the dossier page, not after confirming).
func (p *pages) act(pa pageAction) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		t, u := web.TenantOf(r), web.UserOf(r)
		ctx := r.Context()
		code := r.PathValue("code")
		if err := r.ParseForm(); err != nil {
			return errs.E("onestop: action form", errs.Invalid, "error.form_invalid")
		}
		in, fe := inputOf(r, pa.action)
		if len(fe) > 0 {
			if _, err := p.svc.Dossier(ctx, t.ID, code); err != nil {
				return err
			}
			return p.renderDossier(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
		}
		if pa.confirm && r.PostFormValue("confirm") != "1" {
			return p.confirmAction(w, r, pa, in)
		}
		d, err := p.svc.Do(ctx, t.ID, code, ActorOf(u), pa.action, in)
		if fe, ok := errs.Fields(err); ok {
			return p.renderDossier(w, r, http.StatusUnprocessableEntity, r.PostForm, formErrors(pa.action, fe))
		}
		if err != nil {
			return err
		}
		p.s.Flash(w, r, "onestop.page.done."+string(pa.action))
		return web.Redirect(w, r, "/ho-so/"+d.Code)
	}
}

// hiddenField is a posted value carried by the confirmation page.
type hiddenField struct{ Name, Value string }

// confirmAction checks a final action against the rules without doing it, then asks for
// confirmation with a summary; the confirmation posts the same fields again with confirm=1.
func (p *pages) confirmAction(w http.ResponseWriter, r *http.Request, pa pageAction, in ActionInput) error {
	t := web.TenantOf(r)
	d, err := p.svc.Dossier(r.Context(), t.ID, r.PathValue("code"))
	if err != nil {
		return err
	}
	cal, err := p.svc.calendar(r.Context(), t.ID)
	if err != nil {
		return err
	}
	req := Request{Action: pa.action, By: ActorOf(web.UserOf(r)), Reason: in.Reason, Reasons: in.Reasons, Method: strings.TrimSpace(in.Method), Tracking: in.TrackingNumber}
	if _, err := Decide(d.snapshot(Procedure{}), req, p.svc.nowUTC(), cal); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.renderDossier(w, r, http.StatusUnprocessableEntity, r.PostForm, formErrors(pa.action, fe))
		}
		return err
	}
	var hidden []hiddenField
	for k, vs := range r.PostForm {
		if strings.HasPrefix(k, string(pa.action)+".") {
			for _, v := range vs {
				hidden = append(hidden, hiddenField{Name: k, Value: v})
			}
		}
	}
	slices.SortFunc(hidden, func(a, b hiddenField) int { return strings.Compare(a.Name, b.Name) })
	return p.s.Render(w, r, http.StatusOK, p.confirm, "onestop.page.confirm.title", map[string]any{
		"D": d, "Action": pa.action, "Slug": pa.slug, "Hidden": hidden, "In": in,
		"Question": "onestop.page.confirm." + string(pa.action),
	})
}
