package onestop

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"xaso/internal/errs"
	"xaso/internal/fold"
	"xaso/internal/web"
)

// Staff editing of a procedure (GET and POST /thu-tuc/{code}/sua): everything the public page
// shows, and the list of documents as a plain multi-row form that works without JavaScript —
// the existing lines (each can be changed or removed) and a few blank lines to add new ones.
// The save goes through Service.UpdateProcedure: audited, and refused when someone else saved
// in between (the version read travels in the form).

// blankDocRows is how many empty lines the form offers for new documents; more can be added
// after saving.
const blankDocRows = 3

// Processing units of the form.
const (
	unitDays      = "days"
	unitHours     = "hours"
	unitImmediate = "immediate"
)

// docField names a field of the document line i: "documents.2.name".
func docField(i int, name string) string { return fmt.Sprintf("documents.%d.%s", i, name) }

// docRowView is one line of the documents table of the form.
type docRowView struct {
	I                                             int
	ID, Name, Kind, Quantity, Note, Required      string // field names
	IDValue, KindValue                            string
	Remove                                        string // field name
	Existing                                      bool
	NameErr, KindErr, QuantityErr, NoteErr, IDErr string
}

// procedureForm writes a procedure as the form's values.
func procedureForm(p Procedure) url.Values {
	f := url.Values{"version": {strconv.Itoa(p.Version)}, "name": {p.Name}, "field": {p.Field}, "level": {p.Level},
		"processing_note": {p.ProcessingNote}, "fee_amount": {strconv.FormatInt(p.FeeAmount, 10)}, "fee_text": {p.FeeText},
		"fee_exemptions": {p.FeeExemptions}, "legal_basis": {p.LegalBasis}, "result": {p.Result}, "channels": p.Channels}
	switch {
	case p.Processing.Days > 0:
		f.Set("processing_unit", unitDays)
		f.Set("processing", strconv.Itoa(p.Processing.Days))
	case p.Processing.Minutes > 0:
		f.Set("processing_unit", unitHours)
		f.Set("processing", strconv.FormatFloat(float64(p.Processing.Minutes)/60, 'f', -1, 64))
	default:
		f.Set("processing_unit", unitImmediate)
	}
	if p.OnlineAllowed {
		f.Set("online_allowed", "1")
	}
	if p.Active {
		f.Set("active", "1")
	}
	if p.CutOff {
		f.Set("cut_off", "1")
	}
	if p.BoundaryFree {
		f.Set("boundary_free", "1")
	}
	if p.ExtendedDays > 0 {
		f.Set("extended_days", strconv.Itoa(p.ExtendedDays))
	}
	f.Set("effective_from", p.EffectiveFrom)
	f.Set("effective_until", p.EffectiveUntil)
	for i, d := range p.Documents {
		f.Set(docField(i, "id"), d.ID)
		f.Set(docField(i, "name"), d.Name)
		f.Set(docField(i, "kind"), d.Kind)
		f.Set(docField(i, "quantity"), strconv.Itoa(d.Quantity))
		f.Set(docField(i, "note"), d.Note)
		if d.Required {
			f.Set(docField(i, "required"), "1")
		}
	}
	f.Set("rows", strconv.Itoa(len(p.Documents)+blankDocRows))
	return f
}

// formRows is the number of document lines the posted form had (bounded).
func formRows(f url.Values) int {
	n, err := strconv.Atoi(f.Get("rows"))
	if err != nil || n < 0 {
		return blankDocRows
	}
	return min(n, maxDocs+blankDocRows)
}

// procedureFromForm reads the posted form over the stored procedure (whose code and provenance
// it keeps). rowOf maps each document of the result to its line on the form, so that the
// Service's errors ("documents.1.name") can be shown on the right line.
func procedureFromForm(old Procedure, f url.Values) (p Procedure, rowOf []int, fe errs.FieldErrors) {
	fe = errs.FieldErrors{}
	p = old
	p.Version, _ = strconv.Atoi(f.Get("version"))
	p.Name, p.Field, p.Level = f.Get("name"), f.Get("field"), f.Get("level")
	p.ProcessingNote, p.FeeText, p.FeeExemptions = f.Get("processing_note"), f.Get("fee_text"), f.Get("fee_exemptions")
	p.LegalBasis, p.Result = f.Get("legal_basis"), f.Get("result")
	p.Channels = slices.Clone(f["channels"])
	p.OnlineAllowed, p.Active = f.Get("online_allowed") == "1", f.Get("active") == "1"
	p.CutOff, p.BoundaryFree = f.Get("cut_off") == "1", f.Get("boundary_free") == "1"
	p.EffectiveFrom, p.EffectiveUntil = f.Get("effective_from"), f.Get("effective_until")
	p.ExtendedDays = 0
	if v := strings.TrimSpace(f.Get("extended_days")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			fe["extended_days"] = "onestop.procedure.processing_invalid"
		}
		p.ExtendedDays = n
	}

	value := strings.ReplaceAll(strings.TrimSpace(f.Get("processing")), ",", ".")
	switch f.Get("processing_unit") {
	case unitImmediate:
		p.Processing = Processing{}
	case unitDays:
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			fe["processing"] = "onestop.procedure.processing_invalid"
		}
		p.Processing = Processing{Days: n}
	case unitHours:
		h, err := strconv.ParseFloat(value, 64)
		if err != nil || h <= 0 || math.IsInf(h, 0) || h > maxPDays*8 {
			fe["processing"] = "onestop.procedure.processing_invalid"
			h = 0
		}
		p.Processing = Processing{Minutes: int(math.Round(h * 60))}
	default:
		fe["processing"] = "onestop.procedure.processing_invalid"
	}

	if s := strings.NewReplacer(".", "", ",", "", " ", "").Replace(strings.TrimSpace(f.Get("fee_amount"))); s == "" {
		p.FeeAmount = 0
	} else if n, err := strconv.ParseInt(s, 10, 64); err != nil {
		fe["fee_amount"] = "onestop.procedure.fee_invalid"
	} else {
		p.FeeAmount = n
	}

	// Ids already used, removed lines included: an id never comes back with another meaning,
	// since dossiers received earlier name their documents by it.
	used := map[string]bool{}
	for _, d := range old.Documents {
		used[d.ID] = true
	}
	rows := formRows(f)
	for i := range rows {
		if id := strings.TrimSpace(f.Get(docField(i, "id"))); id != "" {
			used[id] = true
		}
	}
	p.Documents = nil
	for i := range rows {
		id := strings.TrimSpace(f.Get(docField(i, "id")))
		name := f.Get(docField(i, "name"))
		if f.Get(docField(i, "remove")) == "1" || (id == "" && strings.TrimSpace(name) == "") {
			continue
		}
		if id == "" {
			id = newDocumentID(name, used)
			used[id] = true
		}
		d := Document{ID: id, Name: name, Kind: f.Get(docField(i, "kind")), Note: f.Get(docField(i, "note")),
			Required: f.Get(docField(i, "required")) == "1", Quantity: 1}
		if s := strings.TrimSpace(f.Get(docField(i, "quantity"))); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				fe[docField(i, "quantity")] = "onestop.procedure.document_quantity_invalid"
			}
			d.Quantity = n
		}
		p.Documents = append(p.Documents, d)
		rowOf = append(rowOf, i)
	}
	return p, rowOf, fe
}

// newDocumentID makes the id of a new document from its name: "Giấy chứng sinh" →
// "giay-chung-sinh", with a number when taken.
func newDocumentID(name string, used map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, r := range fold.String(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
		if b.Len() >= 32 {
			break
		}
	}
	base := strings.Trim(b.String(), "-")
	if base == "" {
		base = "giay-to"
	}
	id := base
	for n := 2; used[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

// formFieldErrors moves the Service's document errors to the form's lines.
func formFieldErrors(fe errs.FieldErrors, rowOf []int) errs.FieldErrors {
	out := errs.FieldErrors{}
	for k, v := range fe {
		var i int
		var field string
		if n, _ := fmt.Sscanf(k, "documents.%d.%s", &i, &field); n == 2 && i >= 0 && i < len(rowOf) {
			k = docField(rowOf[i], field)
		}
		out[k] = v
	}
	return out
}

func (p *pages) editableProcedure(r *http.Request) (*web.Tenant, Procedure, error) {
	t, err := tenant(r)
	if err != nil {
		return nil, Procedure{}, err
	}
	pr, err := p.svc.Procedure(r.Context(), t.ID, r.PathValue("code"))
	return t, pr, err
}

func (p *pages) editProcedureForm(w http.ResponseWriter, r *http.Request) error {
	_, pr, err := p.editableProcedure(r)
	if err != nil {
		return err
	}
	return p.renderProcedureEdit(w, r, http.StatusOK, pr, procedureForm(pr), nil, false)
}

func (p *pages) editProcedureSubmit(w http.ResponseWriter, r *http.Request) error {
	t, pr, err := p.editableProcedure(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.E("onestop: edit procedure", errs.Invalid, "error.form_invalid")
	}
	edit, rowOf, fe := procedureFromForm(pr, r.PostForm)
	if len(fe) > 0 {
		// Every mistake at once: the Service's checks too, on a copy.
		check := edit
		for k, v := range formFieldErrors(check.normalize(), rowOf) {
			if _, seen := fe[k]; !seen {
				fe[k] = v
			}
		}
		return p.renderProcedureEdit(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, false)
	}
	saved, err := p.svc.UpdateProcedure(r.Context(), t.ID, ActorOf(web.UserOf(r)), edit)
	if fe, ok := errs.Fields(err); ok {
		return p.renderProcedureEdit(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, formFieldErrors(fe, rowOf), false)
	}
	if errs.KindOf(err) == errs.Conflict {
		// Someone saved in between: keep what this editor typed, say so, and offer the new version.
		return p.renderProcedureEdit(w, r, http.StatusConflict, pr, r.PostForm, nil, true)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "onestop.page.procedure_edit.saved")
	return web.Redirect(w, r, "/thu-tuc/"+saved.Code)
}

// renderProcedureEdit draws the form from its values (the stored procedure's, or as posted).
func (p *pages) renderProcedureEdit(w http.ResponseWriter, r *http.Request, status int, pr Procedure, form url.Values, fe errs.FieldErrors, conflict bool) error {
	n := formRows(form)
	rows := make([]docRowView, n)
	for i := range n {
		v := docRowView{I: i, ID: docField(i, "id"), Name: docField(i, "name"), Kind: docField(i, "kind"),
			Quantity: docField(i, "quantity"), Note: docField(i, "note"), Required: docField(i, "required"),
			Remove: docField(i, "remove"), IDValue: form.Get(docField(i, "id")), KindValue: form.Get(docField(i, "kind"))}
		v.Existing = v.IDValue != ""
		if v.KindValue == "" {
			v.KindValue = KindOriginal
		}
		t := func(name string) string {
			if k, ok := fe[docField(i, name)]; ok {
				return p.s.T(r, k)
			}
			return ""
		}
		v.NameErr, v.KindErr, v.QuantityErr, v.NoteErr, v.IDErr = t("name"), t("kind"), t("quantity"), t("note"), t("id")
		rows[i] = v
	}
	on := map[string]bool{}
	for _, c := range form["channels"] {
		on[c] = true
	}
	return p.s.RenderForm(w, r, status, p.procedureEdit, "onestop.page.procedure_edit.title", map[string]any{
		"P": pr, "Rows": rows, "Kinds": DocumentKinds, "Channels": []string{"counter", "online", "post"}, "ChannelOn": on,
		"Units": []string{unitDays, unitHours, unitImmediate}, "Conflict": conflict, "RowCount": n,
	}, form, fe)
}
