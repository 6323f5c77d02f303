package onestop

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// MountAPI mounts the one-stop JSON API:
//
//	GET  /api/v1/procedures                          public; ?q= (without diacritics), ?field=, ?page=, ?per_page=
//	GET  /api/v1/procedures/{code}                   public; with its documents
//	POST /api/v1/dossiers                            desk, specialist, leader, admin → 201; Idempotency-Key honoured
//	GET  /api/v1/dossiers/{code}                     desk, specialist, leader, admin; with the documents handed in
//	POST /api/v1/dossiers/{code}/accept              desk, leader: an online dossier checked and accepted
//	POST /api/v1/dossiers/{code}/supplement-request  {documents[], reason}
//	POST /api/v1/dossiers/{code}/supplement-received
//	POST /api/v1/dossiers/{code}/handover            {to_username | to_role, note}
//	POST /api/v1/dossiers/{code}/approve             leader
//	POST /api/v1/dossiers/{code}/refuse              {reasons}
//	POST /api/v1/dossiers/{code}/apology             {reason, new_due_at (RFC 3339)}
//	POST /api/v1/dossiers/{code}/result-ready
//	POST /api/v1/dossiers/{code}/return              {method: counter|post, tracking_number}
//	POST /api/v1/dossiers/{code}/withdraw            {reason}
//	POST /api/v1/dossiers/{code}/stop                {reason}
//	GET  /api/v1/public/dossiers/{code}?phone_last4=NNNN   public, rate-limited per IP
//	GET  /api/v1/indicators?month=YYYY-MM[&procedure=CODE]  leader, admin: Decision 766 indicators
//
// Times are RFC 3339 in Vietnam's time (+07:00). Errors are the shell's JSON errors: 409 for
// an action the dossier's state does not allow, 422 with fields for bad input.
func MountAPI(s *web.Server, svc *Service) {
	h := &api{s: s, svc: svc}
	staff := auth.Roles(auth.Desk, auth.Specialist, auth.Leader, auth.Admin)
	s.Handle("GET /api/v1/procedures", auth.Public(), h.procedures)
	s.Handle("GET /api/v1/procedures/{code}", auth.Public(), h.procedure)
	s.Handle("POST /api/v1/dossiers", staff, h.intake)
	s.Handle("GET /api/v1/dossiers/{code}", staff, h.dossier)
	for _, r := range actionRoutes {
		s.Handle("POST /api/v1/dossiers/{code}/"+r.path, auth.Roles(r.roles...), h.action(r.action))
	}
	s.Handle("GET /api/v1/public/dossiers/{code}", auth.Public(), h.public)
	s.Handle("GET /api/v1/indicators", canIndicators, h.indicators)
}

// actionRoutes: the action routes and who may call them.
var actionRoutes = []struct {
	path   string
	action Action
	roles  []auth.Role
}{
	{"accept", ActAccept, []auth.Role{auth.Desk, auth.Leader}},
	{"supplement-request", ActSupplementRequest, []auth.Role{auth.Desk, auth.Specialist, auth.Leader}},
	{"supplement-received", ActSupplementReceived, []auth.Role{auth.Desk}},
	{"handover", ActHandover, []auth.Role{auth.Desk, auth.Specialist, auth.Leader}},
	{"approve", ActApprove, []auth.Role{auth.Leader}},
	{"refuse", ActRefuse, []auth.Role{auth.Desk, auth.Specialist, auth.Leader}},
	{"apology", ActApology, []auth.Role{auth.Desk, auth.Specialist, auth.Leader}},
	{"result-ready", ActResultReady, []auth.Role{auth.Desk}},
	{"return", ActReturn, []auth.Role{auth.Desk}},
	{"withdraw", ActWithdraw, []auth.Role{auth.Desk}},
	{"stop", ActStop, []auth.Role{auth.Specialist, auth.Leader}},
}

type api struct {
	s   *web.Server
	svc *Service
}

var errNoCommune = errs.E("onestop: api", errs.NotFound, "error.not_found")

func (h *api) procedures(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if t == nil {
		return errNoCommune
	}
	q := r.URL.Query()
	page, per := atoiDefault(q.Get("page"), 1), atoiDefault(q.Get("per_page"), DefaultPageSize)
	page, per = max(page, 1), min(max(per, 1), MaxPageSize)
	if page > 100000 {
		page = 100000
	}
	ps, total, err := h.svc.Procedures(r.Context(), t.ID, ProcedureFilter{Query: q.Get("q"), Field: q.Get("field"),
		// The same list as the portal's: procedures the commune does not receive only for those
		// who edit the catalogue (issue 8 item 16: the portal said 30 and the API 32).
		ActiveOnly: !canEditProcedures.Allows(web.UserOf(r)), InForceOn: h.svc.today(), Limit: per, Offset: (page - 1) * per})
	if err != nil {
		return err
	}
	out := procedureList{Procedures: make([]procedureJSON, len(ps)), Page: page, PerPage: per, Total: total}
	for i, p := range ps {
		out.Procedures[i] = toProcedureJSON(p, false)
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

func (h *api) procedure(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if t == nil {
		return errNoCommune
	}
	p, err := h.svc.Procedure(r.Context(), t.ID, r.PathValue("code"))
	if err == nil && !p.InForce(h.svc.today()) {
		err = errs.E("onestop: procedure", errs.NotFound, "onestop.procedure_not_found")
	}
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, toProcedureJSON(p, true))
}

// intake is POST /api/v1/dossiers. With an Idempotency-Key header (1–200 printable ASCII
// characters) the intake happens once per key, caller and commune for a day: the same key and
// body again get the same answer (with Idempotent-Replayed: true) and the same dossier; the
// same key with another body is a 422.
func (h *api) intake(w http.ResponseWriter, r *http.Request) error {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
	if err != nil {
		return web.JSONBodyError("onestop: decode json", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	var req IntakeRequest
	if err := decodeBody(r, &req, false); err != nil {
		return err
	}
	t, u := web.TenantOf(r), web.UserOf(r)
	key, hasKey := r.Header["Idempotency-Key"]
	if !hasKey {
		d, err := h.svc.Intake(r.Context(), t.ID, ActorOf(u), req)
		if err != nil {
			return err
		}
		var p Procedure
		if d.Status == StateSupplement {
			if p, err = h.svc.Procedure(r.Context(), d.CommuneID, d.ProcedureCode); err != nil {
				return err
			}
		}
		status, body := intakeReply(d, p)
		return writeIntake(w, d.Code, status, body, false)
	}
	if len(key) != 1 || !validIdempotencyKey(key[0]) {
		return errs.E("onestop: intake", errs.Invalid, "onestop.idempotency_key_invalid")
	}
	sum := sha256.Sum256(bytes.TrimSpace(raw))
	k := OnceKey{Caller: callerOf(r, u), Key: key[0], BodySHA: hex.EncodeToString(sum[:]), Reply: intakeReply}
	d, rep, err := h.svc.IntakeOnce(r.Context(), t.ID, ActorOf(u), req, k, "")
	if err != nil {
		return err
	}
	if rep != nil {
		return writeIntake(w, rep.Code, rep.Status, rep.Body, true)
	}
	status, body := intakeReply(d, Procedure{})
	if d.Status == StateSupplement {
		p, err := h.svc.Procedure(r.Context(), d.CommuneID, d.ProcedureCode)
		if err != nil {
			return err
		}
		status, body = intakeReply(d, p)
	}
	return writeIntake(w, d.Code, status, body, false)
}

// intakeReply is the 201 answer of an intake, as JSON.
func intakeReply(d Dossier, p Procedure) (int, []byte) {
	out := intakeJSON{Code: d.Code, Status: d.Status, ReceivedAt: rfc(d.ReceivedAt), DueAt: rfcPtr(d.DueAt),
		RegisterYear: d.RegisterYear, RegisterNumber: d.RegisterNumber, Fee: d.Fee}
	if d.Status == StateSupplement {
		_, missing, _ := IntakeCheck(p, d.Documents)
		for _, m := range missing {
			out.Missing = append(out.Missing, documentJSON(m))
		}
	}
	b, _ := json.Marshal(out)
	return http.StatusCreated, b
}

func writeIntake(w http.ResponseWriter, code string, status int, body []byte, replayed bool) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Location", "/api/v1/dossiers/"+code)
	if replayed {
		h.Set("Idempotent-Replayed", "true")
	}
	w.WriteHeader(status)
	_, err := w.Write(append(body, '\n'))
	return err
}

// callerOf scopes idempotency keys: the account, and the bearer token when one is used (two
// integrations on one account do not share keys). The token itself is kept only as a hash.
func callerOf(r *http.Request, u *auth.User) string {
	c := "anonymous"
	if u != nil {
		c = "user:" + u.ID
	}
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		sum := sha256.Sum256([]byte(strings.TrimSpace(bearer)))
		c += " token:" + hex.EncodeToString(sum[:8])
	}
	return c
}

// validIdempotencyKey: 1–200 printable ASCII characters.
func validIdempotencyKey(k string) bool {
	if len(k) == 0 || len(k) > 200 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

func (h *api) dossier(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	d, _, err := h.svc.DossierForDesk(r.Context(), t.ID, r.PathValue("code"))
	if err != nil {
		return err
	}
	return h.writeDossier(w, r, http.StatusOK, d)
}

func (h *api) action(a Action) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in ActionInput
		if err := decodeBody(r, &in, true); err != nil {
			return err
		}
		t := web.TenantOf(r)
		d, err := h.svc.Do(r.Context(), t.ID, r.PathValue("code"), ActorOf(web.UserOf(r)), a, in)
		if err != nil {
			return err
		}
		if err := h.svc.fill(r.Context(), h.svc.d, t.ID, &d); err != nil {
			return err
		}
		return h.writeDossier(w, r, http.StatusOK, d)
	}
}

func (h *api) writeDossier(w http.ResponseWriter, r *http.Request, status int, d Dossier) error {
	cal, err := h.svc.calendar(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	now := h.svc.nowUTC()
	out := dossierJSON{Code: d.Code, Status: d.Status, StatusLabel: h.s.T(r, d.Status.Label()), ProcedureCode: d.ProcedureCode,
		ProcedureName: d.ProcedureName, Channel: d.Channel, ChannelName: ChannelName(d.Channel), Applicant: d.Applicant,
		Documents: []submittedJSON{}, ReceivedAt: rfc(d.ReceivedAt), ClockStartAt: rfcPtr(d.ClockStartAt), DueAt: rfcPtr(d.DueAt),
		OriginalDueAt: rfcPtr(d.OriginalDueAt), FinishedAt: rfcPtr(d.FinishedAt), ReturnedAt: rfcPtr(d.ReturnedAt),
		Overdue: d.Overdue(now), AtRisk: AtRisk(d, cal, now), SupplementRequests: d.SupplementRequests,
		SupplementSeconds: int64(d.SupplementTime / time.Second), Apologies: d.Apologies, Reasons: d.Reasons,
		ReturnMethod: d.ReturnMethod, TrackingNumber: d.TrackingNumber, Fee: d.Fee, RegisterYear: d.RegisterYear,
		RegisterNumber: d.RegisterNumber, SubmissionRef: d.SubmissionRef, Holder: holderJSON{ID: d.HolderID, Name: d.HolderName, Role: d.HolderRole},
		Allowed: Allowed(d.snapshot(Procedure{}), ActorOf(web.UserOf(r))), History: []historyJSON{}}
	if d.Status.Terminal() {
		out.Holder = holderJSON{} // nobody holds a finished dossier
	}
	if d.CommuneID != "" && d.CommuneID != web.TenantOf(r).ID {
		// Received here for another commune (province mode): read only.
		out.Allowed = []Action{}
	}
	for _, sd := range d.Submitted {
		j := submittedJSON{ID: sd.DocumentID, Name: sd.Name, Kind: sd.Kind, Quantity: sd.Quantity, SupplementRound: sd.SupplementRound,
			ReceivedAt: rfcPtr(sd.CreatedAt), SHA256: sd.SHA256}
		if sd.SHA256 != "" {
			j.FileURL = fileURL(d.Code, sd.SHA256)
		}
		out.Documents = append(out.Documents, j)
	}
	for _, e := range d.History {
		out.History = append(out.History, historyJSON{Seq: e.Seq, Action: e.Action, ActionLabel: h.s.T(r, e.Action.Label()),
			At: rfc(e.At), From: holderJSON{ID: e.FromID, Name: e.FromName, Role: e.FromRole},
			To: holderJSON{ID: e.ToID, Name: e.ToName, Role: e.ToRole}, Status: e.StatusAfter, Note: e.Note})
	}
	for _, sr := range d.Supplements {
		out.Supplements = append(out.Supplements, supplementJSON{Round: sr.Round, RequestedAt: rfc(sr.RequestedAt),
			By: sr.ByName, Documents: sr.Documents, Reason: sr.Reason, ReceivedAt: rfcPtr(sr.ReceivedAt)})
	}
	if a := d.Apology; a != nil {
		out.Apology = &apologyJSON{At: rfc(a.At), By: a.ByName, Reason: a.Reason, OldDueAt: rfc(a.OldDueAt), NewDueAt: rfc(a.NewDueAt)}
	}
	return web.WriteJSON(w, status, out)
}

func (h *api) public(w http.ResponseWriter, r *http.Request) error {
	if !h.svc.AllowPublic(web.ClientIP(r)) {
		w.Header().Set("Retry-After", "60")
		return errs.E("onestop: public lookup", errs.TooMany, "error.too_many")
	}
	t := web.TenantOf(r)
	if t == nil {
		return errLookup
	}
	d, err := h.svc.PublicLookup(r.Context(), t.ID, r.PathValue("code"), strings.TrimSpace(r.URL.Query().Get("phone_last4")))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	out := publicJSON{Code: d.Code, Status: d.Status, StatusLabel: h.s.T(r, d.Status.Label()), ProcedureCode: d.ProcedureCode,
		ProcedureName: d.ProcedureName, ReceivedAt: rfc(d.ReceivedAt), DueAt: rfcPtr(d.DueAt), ReturnedAt: rfcPtr(d.ReturnedAt),
		Overdue: d.Overdue(h.svc.nowUTC()), PickUp: h.s.T(r, "onestop.pickup", t.Name, t.Address, t.Hours), History: []publicStep{}}
	if !d.DueAt.IsZero() && d.Apologies == 0 && !d.ClockStartAt.IsZero() {
		if cal, err := h.svc.calendar(r.Context(), t.ID); err == nil {
			for _, st := range cal.DueAt(d.ClockStartAt, d.Processing.Calendar()).Explain() {
				out.DueExplanation = append(out.DueExplanation, st.String())
			}
		}
	}
	for _, e := range d.History {
		// Offices only: the names of staff are their personal data (Decree 13/2023/NĐ-CP).
		out.History = append(out.History, publicStep{At: rfc(e.At), Step: h.s.T(r, e.Action.Label()),
			Office: h.s.T(r, officeKey(e)), Status: h.s.T(r, e.StatusAfter.Label())})
	}
	if d.Status == StateSupplement && len(d.Supplements) > 0 {
		p, err := h.svc.Procedure(r.Context(), t.ID, d.ProcedureCode)
		if err == nil {
			last := d.Supplements[len(d.Supplements)-1]
			for _, id := range last.Documents {
				if doc, ok := p.Document(id); ok {
					out.DocumentsRequested = append(out.DocumentsRequested, doc.Name)
				}
			}
		}
	}
	if a := d.Apology; a != nil {
		out.Apology = &publicApology{Reason: a.Reason, NewDueAt: rfc(a.NewDueAt)}
	}
	if d.Status == StateRejected || d.Status == StateStopped {
		out.Reasons = d.Reasons
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

// officeKey is the office that acted at a step, for the public history.
func officeKey(e HistoryEntry) string {
	role := e.FromRole
	if e.Action == ActIntake || role == "" {
		role = e.ToRole
	}
	switch role {
	case auth.Specialist:
		return "onestop.office.specialist"
	case auth.Leader:
		return "onestop.office.leader"
	}
	return "onestop.office.desk"
}

// decodeBody reads a JSON body of at most 1 MiB into v, refusing unknown fields, like
// web.DecodeJSON; an empty body is allowed where the action needs no input.
func decodeBody(r *http.Request, v any, allowEmpty bool) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if errors.Is(err, io.EOF) && allowEmpty {
		return nil
	}
	if err != nil {
		return web.JSONBodyError("onestop: decode json", err)
	}
	if dec.More() {
		return errs.E("onestop: decode json", errs.Invalid, "error.json_trailing")
	}
	return nil
}

func atoiDefault(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

// rfc writes t as RFC 3339 in Vietnam's time (+07:00).
func rfc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Zone).Format(time.RFC3339)
}

func rfcPtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := rfc(t)
	return &s
}

type procedureList struct {
	Procedures []procedureJSON `json:"procedures"`
	Page       int             `json:"page"`
	PerPage    int             `json:"per_page"`
	Total      int             `json:"total"`
}

type procedureJSON struct {
	Code           string        `json:"code"`
	Name           string        `json:"name"`
	Field          string        `json:"field"`
	Level          string        `json:"level"`
	Processing     processingOut `json:"processing"`
	FeeText        string        `json:"fee_text"`
	FeeAmount      int64         `json:"fee_amount"`
	FeeExemptions  string        `json:"fee_exemptions,omitempty"`
	LegalBasis     string        `json:"legal_basis"`
	Result         string        `json:"result"`
	Channels       []string      `json:"channels"`
	OnlineAllowed  bool          `json:"online_allowed"`
	CodeVerified   bool          `json:"code_verified"`
	Active         bool          `json:"active"`
	Source         string        `json:"source,omitempty"`
	Version        int           `json:"version"`
	Documents      []docJSON     `json:"documents,omitempty"`
	ProcessingNote string        `json:"processing_note,omitempty"`
	CutOff         bool          `json:"cut_off"`
	BoundaryFree   bool          `json:"boundary_free"`
	EffectiveFrom  string        `json:"effective_from,omitempty"`
	EffectiveUntil string        `json:"effective_until,omitempty"`
}

type processingOut struct {
	Days      int     `json:"days"`
	Hours     float64 `json:"hours"`
	Immediate bool    `json:"immediate"`
	Text      string  `json:"text"`
	// ExtendedDays: the limit when checks are needed (needs_verification at intake).
	ExtendedDays int `json:"extended_days,omitempty"`
}

type docJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Quantity int    `json:"quantity"`
	Required bool   `json:"required"`
	Note     string `json:"note,omitempty"`
}

func documentJSON(d Document) docJSON {
	return docJSON{ID: d.ID, Name: d.Name, Kind: d.Kind, Quantity: d.Quantity, Required: d.Required, Note: d.Note}
}

func toProcedureJSON(p Procedure, withDocs bool) procedureJSON {
	out := procedureJSON{Code: p.Code, Name: p.Name, Field: p.Field, Level: p.Level,
		Processing: processingOut{Days: p.Processing.Days, Hours: float64(p.Processing.Minutes) / 60,
			Immediate: p.Processing.Immediate(), Text: p.Processing.String(), ExtendedDays: p.ExtendedDays},
		FeeText: p.FeeText, FeeAmount: p.FeeAmount, FeeExemptions: p.FeeExemptions, LegalBasis: p.LegalBasis, Result: p.Result,
		Channels: p.Channels, OnlineAllowed: p.OnlineAllowed, CodeVerified: p.CodeVerified, Active: p.Active, Source: p.Source,
		Version: p.Version, ProcessingNote: p.ProcessingNote, CutOff: p.CutOff, BoundaryFree: p.BoundaryFree,
		EffectiveFrom: p.EffectiveFrom, EffectiveUntil: p.EffectiveUntil}
	if out.Channels == nil {
		out.Channels = []string{}
	}
	if withDocs {
		out.Documents = []docJSON{}
		for _, d := range p.Documents {
			out.Documents = append(out.Documents, documentJSON(d))
		}
	}
	return out
}

type intakeJSON struct {
	Code           string    `json:"code"`
	Status         State     `json:"status"`
	ReceivedAt     string    `json:"received_at"`
	DueAt          *string   `json:"due_at"`
	RegisterYear   int       `json:"register_year"`
	RegisterNumber int       `json:"register_number"`
	Fee            Fee       `json:"fee"`
	Missing        []docJSON `json:"missing_documents,omitempty"`
}

type holderJSON struct {
	ID   string    `json:"id,omitempty"`
	Name string    `json:"name,omitempty"`
	Role auth.Role `json:"role,omitempty"`
}

type historyJSON struct {
	Seq         int        `json:"seq"`
	Action      Action     `json:"action"`
	ActionLabel string     `json:"action_label"`
	At          string     `json:"at"`
	From        holderJSON `json:"from"`
	To          holderJSON `json:"to"`
	Status      State      `json:"status"`
	Note        string     `json:"note,omitempty"`
}

// submittedJSON is a document handed in with a dossier; file_url downloads its scan (staff).
type submittedJSON struct {
	ID              string  `json:"id"`
	Name            string  `json:"name"`
	Kind            string  `json:"kind"`
	Quantity        int     `json:"quantity"`
	SupplementRound int     `json:"supplement_round"`
	ReceivedAt      *string `json:"received_at,omitempty"`
	SHA256          string  `json:"sha256,omitempty"`
	FileURL         string  `json:"file_url,omitempty"`
}

type supplementJSON struct {
	Round       int      `json:"round"`
	RequestedAt string   `json:"requested_at"`
	By          string   `json:"by"`
	Documents   []string `json:"documents"`
	Reason      string   `json:"reason,omitempty"`
	ReceivedAt  *string  `json:"received_at"`
}

type apologyJSON struct {
	At       string `json:"at"`
	By       string `json:"by"`
	Reason   string `json:"reason"`
	OldDueAt string `json:"old_due_at"`
	NewDueAt string `json:"new_due_at"`
}

type dossierJSON struct {
	Code               string           `json:"code"`
	Status             State            `json:"status"`
	StatusLabel        string           `json:"status_label"`
	ProcedureCode      string           `json:"procedure_code"`
	ProcedureName      string           `json:"procedure_name"`
	Channel            int              `json:"channel"`
	ChannelName        string           `json:"channel_name"`
	Applicant          Applicant        `json:"applicant"`
	Documents          []submittedJSON  `json:"documents"`
	ReceivedAt         string           `json:"received_at"`
	ClockStartAt       *string          `json:"clock_start_at"`
	DueAt              *string          `json:"due_at"`
	OriginalDueAt      *string          `json:"original_due_at,omitempty"`
	FinishedAt         *string          `json:"finished_at,omitempty"`
	ReturnedAt         *string          `json:"returned_at,omitempty"`
	Overdue            bool             `json:"overdue"`
	AtRisk             bool             `json:"at_risk"`
	SupplementRequests int              `json:"supplement_requests"`
	SupplementSeconds  int64            `json:"supplement_seconds"`
	Apologies          int              `json:"apologies"`
	Reasons            string           `json:"reasons,omitempty"`
	ReturnMethod       string           `json:"return_method,omitempty"`
	TrackingNumber     string           `json:"tracking_number,omitempty"`
	Fee                Fee              `json:"fee"`
	RegisterYear       int              `json:"register_year"`
	RegisterNumber     int              `json:"register_number"`
	SubmissionRef      string           `json:"submission_ref,omitempty"`
	Holder             holderJSON       `json:"holder"`
	Allowed            []Action         `json:"allowed_actions"`
	History            []historyJSON    `json:"history"`
	Supplements        []supplementJSON `json:"supplements,omitempty"`
	Apology            *apologyJSON     `json:"apology,omitempty"`
}

type publicStep struct {
	At     string `json:"at"`
	Step   string `json:"step"`
	Office string `json:"office"`
	Status string `json:"status"`
}

type publicApology struct {
	Reason   string `json:"reason"`
	NewDueAt string `json:"new_due_at"`
}

type publicJSON struct {
	Code               string         `json:"code"`
	Status             State          `json:"status"`
	StatusLabel        string         `json:"status_label"`
	ProcedureCode      string         `json:"procedure_code"`
	ProcedureName      string         `json:"procedure_name"`
	ReceivedAt         string         `json:"received_at"`
	DueAt              *string        `json:"due_at"`
	DueExplanation     []string       `json:"due_explanation,omitempty"`
	ReturnedAt         *string        `json:"returned_at,omitempty"`
	Overdue            bool           `json:"overdue"`
	PickUp             string         `json:"pick_up"`
	History            []publicStep   `json:"history"`
	DocumentsRequested []string       `json:"documents_requested,omitempty"`
	Apology            *publicApology `json:"apology,omitempty"`
	Reasons            string         `json:"reasons,omitempty"`
}
