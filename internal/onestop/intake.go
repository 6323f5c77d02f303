package onestop

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// IntakeRequest is a dossier handed in at the desk, online or by post; it is also the body of
// POST /api/v1/dossiers.
type IntakeRequest struct {
	ProcedureCode string    `json:"procedure_code"`
	Applicant     Applicant `json:"applicant"`
	// Documents handed in: ids or names from the procedure's list.
	Documents []string `json:"documents"`
	// Details says, by document id, how documents were handed in: the form and quantity the
	// desk saw, the scan uploaded online. A document without details takes the kind and
	// quantity of the procedure's list (as the JSON API's documents do).
	Details map[string]DocumentDetail `json:"-"`
	// Channel: 1 at the counter (default), 2 online, 3 by post; in JSON the number or the name
	// ("counter", "online", "post").
	Channel int `json:"channel"`
	// IfIncomplete says what to do when required documents are missing: "refuse" (default:
	// 422 naming them, nothing stored) or "supplement" (keep the dossier in state supplement
	// with one request naming exactly the missing documents).
	IfIncomplete     string     `json:"if_incomplete,omitempty"`
	SupplementReason string     `json:"supplement_reason,omitempty"`
	Fee              *IntakeFee `json:"fee,omitempty"`
	// Reuse lists scans (sha256) the commune already holds for the applicant's ID number, taken
	// instead of asking for the paper again (see reuse.go).
	Reuse []string `json:"reuse,omitempty"`
	// VerifiedVNeID: the desk checked the applicant's identity with VNeID.
	VerifiedVNeID bool `json:"verified_vneid,omitempty"`
	// AwaitCheck: the submission came without anyone checking it (the online portal): it
	// waits in state awaiting for the desk to accept it, ask for a supplement or refuse it, and
	// its clock starts only when accepted.
	AwaitCheck bool `json:"-"`
	// ForCommune is the code of the competent commune when the desk receives the dossier on
	// behalf of another commune of the same province (province mode, Decree 118/2025); "" or
	// the desk's own code for its own dossiers.
	ForCommune string `json:"for_commune,omitempty"`
	// NeedsVerification: the desk marks "cần xác minh" and the procedure's extended limit
	// applies (marriage: up to 5 working days, Civil Status Law Art. 18.2).
	NeedsVerification bool `json:"needs_verification,omitempty"`

	// once, when set, makes the intake happen once for its key (see idempotency.go).
	once *OnceKey
}

// IntakeFee is the payment recorded at intake. A nil Amount takes the procedure's usual fee;
// an exemption (with its legal ground) makes it zero.
type IntakeFee struct {
	Amount     *int64 `json:"amount,omitempty"`
	Exemption  string `json:"exemption,omitempty"`
	Paid       bool   `json:"paid"`
	PaidOnline bool   `json:"paid_online"`
}

// Intake outcomes for IfIncomplete.
const (
	IncompleteRefuse     = "refuse"
	IncompleteSupplement = "supplement"
)

// Limits of applicant fields.
const (
	maxPersonName = 200
	maxAddress    = 500
	maxDocsGiven  = 100
)

// Validate checks and normalises the request on its own (without the procedure): text to NFC
// and single spaces, the phone to national digits, the default channel and outcome. The field
// errors are keyed like the JSON ("applicant.name", "channel"). It is pure, so it can be fuzzed.
func (r *IntakeRequest) Validate() errs.FieldErrors {
	fe := errs.FieldErrors{}
	r.ProcedureCode = strings.TrimSpace(r.ProcedureCode)
	r.ForCommune = strings.ToUpper(strings.TrimSpace(r.ForCommune))
	if len(r.ForCommune) > 64 {
		fe["for_commune"] = "onestop.for_commune_unknown"
	}
	if r.ProcedureCode == "" {
		fe["procedure_code"] = "onestop.procedure_required"
	} else if !codeRE.MatchString(r.ProcedureCode) {
		fe["procedure_code"] = "onestop.procedure.code_invalid"
	}
	a := &r.Applicant
	a.Name, a.Address, a.Email = cleanText(a.Name), cleanText(a.Address), strings.TrimSpace(a.Email)
	switch {
	case a.Name == "":
		fe["applicant.name"] = "onestop.applicant.name_required"
	case runeLen(a.Name) > maxPersonName:
		fe["applicant.name"] = "onestop.too_long"
	}
	if runeLen(a.Address) > maxAddress {
		fe["applicant.address"] = "onestop.too_long"
	}
	if a.IDNumber = strings.NewReplacer(" ", "", ".", "").Replace(strings.TrimSpace(a.IDNumber)); a.IDNumber != "" {
		if d := digitsOnly(a.IDNumber); d != a.IDNumber || (len(d) != 12 && len(d) != 9) {
			fe["applicant.id_number"] = "onestop.applicant.id_number_invalid"
		}
	}
	if a.Phone = strings.TrimSpace(a.Phone); a.Phone != "" {
		if !validPhone(a.Phone) {
			fe["applicant.phone"] = "onestop.applicant.phone_invalid"
		} else {
			a.Phone = normalPhone(a.Phone)
		}
	}
	if a.Email != "" {
		if m, err := mail.ParseAddress(a.Email); err != nil || m.Address != a.Email || len(a.Email) > 254 {
			fe["applicant.email"] = "onestop.applicant.email_invalid"
		}
	}
	if r.Channel == 0 {
		r.Channel = ChannelCounter
	}
	if ChannelName(r.Channel) == "" {
		fe["channel"] = "onestop.channel_invalid"
	}
	if len(r.Documents) > maxDocsGiven {
		fe["documents"] = "onestop.procedure.too_many_documents"
	}
	for i := range r.Documents {
		r.Documents[i] = cleanText(r.Documents[i])
		if runeLen(r.Documents[i]) > maxName {
			fe[fmt.Sprintf("documents.%d", i)] = "onestop.too_long"
		}
	}
	switch r.IfIncomplete {
	case "":
		r.IfIncomplete = IncompleteRefuse
	case IncompleteRefuse, IncompleteSupplement:
	default:
		fe["if_incomplete"] = "onestop.if_incomplete_invalid"
	}
	checkDetails(r.Details, fe)
	if runeLen(r.SupplementReason) > maxReason {
		fe["supplement_reason"] = "onestop.too_long"
	}
	if r.Fee != nil {
		if r.Fee.Amount != nil && (*r.Fee.Amount < 0 || *r.Fee.Amount > maxFee) {
			fe["fee.amount"] = "onestop.procedure.fee_invalid"
		}
		r.Fee.Exemption = cleanText(r.Fee.Exemption)
		if runeLen(r.Fee.Exemption) > maxReason {
			fe["fee.exemption"] = "onestop.too_long"
		}
		if r.Fee.PaidOnline && !r.Fee.Paid {
			r.Fee.Paid = true
		}
	}
	return fe
}

// validPhone accepts a Vietnamese number as people write it: 9 to 11 digits after an optional
// +84 or 0084, with spaces, dots, dashes and brackets.
func validPhone(s string) bool {
	if len(s) > 30 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || strings.ContainsRune(" .-()+", r)) {
			return false
		}
	}
	d := normalPhone(s)
	return len(d) >= 9 && len(d) <= 11 && d[0] == '0'
}

// normalPhone writes a number as its national digits: "+84 912 345 678" → "0912345678".
func normalPhone(s string) string {
	d := digitsOnly(s)
	switch {
	case strings.HasPrefix(strings.TrimSpace(s), "+84") || strings.HasPrefix(d, "0084"):
		d = "0" + strings.TrimPrefix(strings.TrimPrefix(d, "00"), "84")
	case strings.HasPrefix(d, "84") && len(d) == 11:
		d = "0" + d[2:]
	}
	return d
}

// checkAgainst checks the request against its procedure: known and active, channel offered,
// documents on the list. It returns the documents handed in (ids) and the missing ones.
func (r *IntakeRequest) checkAgainst(p Procedure) ([]string, []Document, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	if !p.Active {
		fe["procedure_code"] = "onestop.procedure_inactive"
		return nil, nil, fe
	}
	if ch := ChannelName(r.Channel); len(p.Channels) > 0 && !contains(p.Channels, ch) {
		fe["channel"] = "onestop.channel_not_offered"
	}
	have, missing, unknown := IntakeCheck(p, r.Documents)
	for _, i := range unknown {
		fe[fmt.Sprintf("documents.%d", i)] = "onestop.document_not_in_list"
	}
	return have, missing, fe
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Intake receives a dossier: it checks it against the procedure, gives it a code and a
// register number, computes its due time on the commune's calendar and records the first
// control-slip row, all in one transaction with its audit entry and TopicAccepted. See the
// package documentation for incomplete dossiers.
func (s *Service) Intake(ctx context.Context, communeID string, by Actor, r IntakeRequest) (Dossier, error) {
	const op = "onestop: intake"
	if fe := r.Validate(); len(fe) > 0 {
		return Dossier{}, fe.Err(op)
	}
	// Province mode: the dossier belongs to the competent commune (its code, counters,
	// register, calendar and catalogue); the receiving centre is remembered in received_by.
	receiverID, receiverName := "", ""
	if r.ForCommune != "" {
		target, here, err := s.competentCommune(ctx, communeID, r.ForCommune)
		if err != nil {
			return Dossier{}, err
		}
		if target.ID != communeID {
			receiverID, receiverName, communeID = here.ID, here.Name, target.ID
		}
	}
	p, err := s.intakeProcedure(ctx, communeID, r.ProcedureCode)
	if errs.KindOf(err) == errs.NotFound {
		return Dossier{}, errs.FieldErrors{"procedure_code": "onestop.procedure_unknown"}.Err(op)
	}
	if err != nil {
		return Dossier{}, err
	}
	// Only the procedures in force on the day are received (catalogue versions, Decree
	// 120/2025's temporary powers end on 1/3/2027).
	if !p.InForce(s.today()) {
		return Dossier{}, errs.FieldErrors{"procedure_code": "onestop.procedure_not_in_force"}.Err(op)
	}
	// Decree 118/2025: a centre receives for another commune only the procedures the province
	// lists as boundary-free.
	if receiverID != "" && !p.BoundaryFree {
		return Dossier{}, &errs.Error{Op: op, Kind: errs.Invalid, Key: "onestop.procedure_not_boundary_free",
			Err: errs.FieldErrors{"for_commune": "onestop.procedure_not_boundary_free"}}
	}
	reused, fe := s.resolveReuse(ctx, communeID, &r, p)
	if len(fe) > 0 {
		return Dossier{}, fe.Err(op)
	}
	have, missing, fe := r.checkAgainst(p)
	if len(fe) > 0 {
		return Dossier{}, fe.Err(op)
	}
	if len(missing) > 0 && r.IfIncomplete != IncompleteSupplement {
		return Dossier{}, missingError(op, missing)
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Dossier{}, err
	}
	agency, communeName, err := s.agency(ctx, s.d, communeID)
	if err != nil {
		return Dossier{}, err
	}
	now := s.nowUTC()
	d := Dossier{ID: newID(), ProcedureCode: p.Code, ProcedureName: p.Name, Status: StateReceived, Channel: r.Channel,
		Applicant: r.Applicant, Documents: have, Processing: p.Limit(r.NeedsVerification), ReceivedAt: now, Round: 1,
		ProcedureVersion: p.Version, NeedsVerification: r.NeedsVerification && p.ExtendedDays > 0,
		Fee: Fee{Amount: p.FeeAmount}, HolderID: by.ID, HolderName: by.Name, HolderRole: by.office(""), Version: 1,
		CommuneID: communeID, ReceivedBy: receiverID}
	actor, note := by.audit(), channelNote[r.Channel]
	if receiverID != "" {
		// The receiving desk's staff are not the competent commune's: the dossier waits for
		// that commune's desk, and the logs name where it was received.
		d.HolderID, d.HolderName, d.HolderRole = "", officeName[auth.Desk], auth.Desk
		actor.Name = by.Name + " (xã " + receiverName + ")"
		note = "Tiếp nhận tại Trung tâm PVHCC xã " + receiverName
	}
	if r.Fee != nil {
		if r.Fee.Amount != nil {
			d.Fee.Amount = *r.Fee.Amount
		}
		if r.Fee.Exemption != "" {
			d.Fee.Amount, d.Fee.Exemption = 0, r.Fee.Exemption
		}
		d.Fee.Paid, d.Fee.PaidOnline = r.Fee.Paid, r.Fee.PaidOnline
	}
	d.Submitted = applyReuse(submittedOf(p, have, r.Details, 0, now), reused, now)
	d.Digital.ReusedParts, d.Digital.VerifiedVNeID = len(reused), r.VerifiedVNeID
	var supp *SupplementRequest
	if r.AwaitCheck {
		// Nobody has checked it yet: the desk office holds it, with the time it has to check it.
		d.Status = StateAwaiting
		d.HolderID, d.HolderName, d.HolderRole = "", officeName[auth.Desk], auth.Desk
		days, err := s.onlineCheckDays(ctx, communeID)
		if err != nil {
			return Dossier{}, err
		}
		d.AcceptBy = cal.DueAt(now, calendar.Processing{Days: days}).At.UTC()
	} else if len(missing) > 0 {
		ids := make([]string, len(missing))
		for i, m := range missing {
			ids[i] = m.ID
		}
		d.Status, d.ResumeStatus, d.SupplementRequests = StateSupplement, StateReceived, 1
		supp = &SupplementRequest{Round: 1, RequestedAt: now, ByID: by.ID, ByName: by.Name, Documents: ids, Reason: cleanText(r.SupplementReason)}
	} else {
		d.ClockStartAt = now
		d.DueAt = cal.DueAt(now, d.Processing.Calendar()).At.UTC()
	}
	// Intakes of one commune arriving together share a transaction (db.TxGroup): each takes
	// the commune's counters and extends its audit chain, which orders them anyway.
	err = s.d.TxGroup(ctx, communeID, func(tx *db.Tx) error {
		// Every row of the new dossier is written at the commit, each table once for all the
		// intakes grouped with this one: only the counters are read and written now.
		if err := numberAndDefer(ctx, tx, op, communeID, agency, now, &d); err != nil {
			return err
		}
		if err := openDuties(ctx, tx, communeID, d, cal); err != nil {
			return err
		}
		for i, sd := range d.Submitted {
			db.DeferRows(tx, "dossier_documents", submittedCols, "", submittedRow(communeID, d.ID, i, sd))
		}
		db.DeferRows(tx, "dossier_history", historyCols, "", historyRow(communeID, d.ID, 1, HistoryEntry{Action: ActIntake, At: now,
			FromName: d.Applicant.Name, ToID: by.ID, ToName: actor.Name, ToRole: d.HolderRole, StatusAfter: intakeState(d.Status), Note: note}))
		if supp != nil {
			db.DeferRows(tx, "dossier_supplements", supplementCols, "", supplementRow(communeID, d.ID, *supp))
			db.DeferRows(tx, "dossier_history", historyCols, "", historyRow(communeID, d.ID, 2, HistoryEntry{Action: ActSupplementRequest,
				At: now, FromID: by.ID, FromName: by.Name, FromRole: d.HolderRole, StatusAfter: StateSupplement, Note: docNames(p, supp.Documents)}))
			if err := s.sms(ctx, tx, communeID, d, "onestop.sms.supplement", communeName, d.Code, docNames(p, supp.Documents)); err != nil {
				return err
			}
		}
		after := d.auditView()
		// Which scan is which document, in the log nobody can edit (the table could be).
		if sc := scansText(d.Submitted); sc != "" {
			after["scans"] = sc
		}
		if err := audit.Record(ctx, tx, communeID, actor, "dossier.intake", "dossier", d.ID, audit.Change{After: after}); err != nil {
			return err
		}
		if receiverID != "" {
			if err := audit.Record(ctx, tx, receiverID, by.audit(), "dossier.received_for", "dossier", d.ID, audit.Change{After: map[string]any{
				"code": d.Code, "commune": r.ForCommune, "commune_name": communeName, "procedure": d.ProcedureCode,
				"applicant": d.Applicant.Name}}); err != nil {
				return err
			}
		}
		if r.once != nil {
			if err := claimOnce(ctx, tx, communeID, r.once, d, p, now); err != nil {
				return err
			}
		}
		topic := TopicAccepted
		if d.Status == StateAwaiting {
			// Not accepted yet: TopicAccepted goes out when the desk accepts it.
			topic = TopicChanged
		}
		e := eventOf(communeID, d, ActIntake, "", now)
		e.Officer = EventActor{ID: by.ID, Name: by.Name}
		return publish(ctx, tx, topic, e)
	})
	if err != nil {
		return Dossier{}, err
	}
	s.wake()
	return d, nil
}

// intakeState is the state the intake row of the control slip records.
func intakeState(s State) State {
	if s == StateAwaiting {
		return s
	}
	return StateReceived
}

// DefaultOnlineCheckDays is how long the desk has, in working days on the commune's calendar,
// to check an online submission (accept it, ask for a supplement or refuse it). The legal time
// was not found in the texts at hand (the decree on online procedures was not read): it is the
// setting onestop.online_check_days of each commune (1 to 10), one working day by default.
const DefaultOnlineCheckDays = 1

// onlineCheckDays reads the commune's setting, or the default.
func (s *Service) onlineCheckDays(ctx context.Context, communeID string) (int, error) {
	var v string
	err := s.d.QueryRow(ctx, `SELECT value FROM settings WHERE commune_id = $1 AND key = 'onestop.online_check_days'`, communeID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultOnlineCheckDays, nil
	}
	if err != nil {
		return 0, errs.Wrap("onestop: online check days", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > 10 {
		return DefaultOnlineCheckDays, nil
	}
	return n, nil
}

// competentCommune resolves the commune a desk receives a dossier for: the commune with that
// code, of the same province as the desk's commune (Decree 118/2025). It also returns the
// desk's commune.
func (s *Service) competentCommune(ctx context.Context, communeID, code string) (target, here commune.Commune, err error) {
	const op = "onestop: intake"
	if here, err = commune.GetCommune(ctx, s.d, communeID); err != nil {
		return target, here, err
	}
	if strings.EqualFold(code, here.Code) {
		return here, here, nil
	}
	target, err = commune.CommuneByCode(ctx, s.d, code)
	if errs.KindOf(err) == errs.NotFound {
		return target, here, errs.FieldErrors{"for_commune": "onestop.for_commune_unknown"}.Err(op)
	}
	if err != nil {
		return target, here, err
	}
	if !strings.EqualFold(strings.TrimSpace(target.Province), strings.TrimSpace(here.Province)) {
		return target, here, &errs.Error{Op: op, Kind: errs.Invalid, Key: "onestop.for_commune_other_province",
			Err: errs.FieldErrors{"for_commune": "onestop.for_commune_other_province"}}
	}
	return target, here, nil
}

// ProvinceCommunes lists the communes of the commune's province, by name, itself included:
// those its desk can receive dossiers for.
func (s *Service) ProvinceCommunes(ctx context.Context, communeID string) ([]commune.Commune, error) {
	here, err := commune.GetCommune(ctx, s.d, communeID)
	if err != nil {
		return nil, err
	}
	all, err := commune.ListCommunes(ctx, s.d)
	if err != nil {
		return nil, err
	}
	var out []commune.Commune
	for _, c := range all {
		if strings.EqualFold(strings.TrimSpace(c.Province), strings.TrimSpace(here.Province)) {
			out = append(out, c)
		}
	}
	return out, nil
}

var channelNote = map[int]string{ChannelCounter: "Tiếp nhận trực tiếp", ChannelOnline: "Tiếp nhận trực tuyến", ChannelPost: "Tiếp nhận qua dịch vụ bưu chính công ích"}

// missingError is the 422 of an incomplete intake: one field per missing document
// ("documents.giay-chung-sinh") and a message naming them all.
func missingError(op string, missing []Document) error {
	fe := errs.FieldErrors{}
	names := make([]string, len(missing))
	for i, m := range missing {
		fe["documents."+m.ID] = "onestop.document_missing"
		names[i] = m.Name
	}
	return &errs.Error{Op: op, Kind: errs.Invalid, Key: "onestop.documents_missing", Args: []any{strings.Join(names, "; ")}, Err: fe}
}

func docNames(p Procedure, ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if d, ok := p.Document(id); ok {
			names = append(names, d.Name)
		} else {
			names = append(names, id)
		}
	}
	return strings.Join(names, "; ")
}

// nextCounter advances a named counter of the commune inside tx and returns its new value.
// The UPDATE takes the row's lock on PostgreSQL, so concurrent intakes get distinct numbers;
// SQLite has a single writer.
func nextCounter(ctx context.Context, tx *db.Tx, communeID, name string) (int64, error) {
	ns, err := nextCounters(ctx, tx, communeID, name)
	if err != nil {
		return 0, err
	}
	return ns[0], nil
}

// nextCounters moves each named counter of the commune on by one in one statement and returns
// their new values in the order named. The statement takes the counters' row locks, which every
// intake of the commune needs until its commit: one statement rather than two per counter keeps
// that wait short.
func nextCounters(ctx context.Context, tx *db.Tx, communeID string, names ...string) ([]int64, error) {
	values := make([]string, len(names))
	args := []any{communeID}
	for i, n := range names {
		values[i] = fmt.Sprintf("($1, $%d, 1)", i+2)
		args = append(args, n)
	}
	rows, err := tx.Query(ctx, `INSERT INTO onestop_counters (commune_id, name, last) VALUES `+strings.Join(values, ", ")+`
		ON CONFLICT (commune_id, name) DO UPDATE SET last = onestop_counters.last + 1 RETURNING name, last`, args...)
	if err != nil {
		return nil, errs.Wrap("onestop: counter", err)
	}
	defer rows.Close()
	got := map[string]int64{}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, errs.Wrap("onestop: counter", err)
		}
		got[name] = n
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap("onestop: counter", err)
	}
	out := make([]int64, len(names))
	for i, n := range names {
		v, ok := got[n]
		if !ok {
			return nil, errs.E("onestop: counter", errs.Internal, "")
		}
		out[i] = v
	}
	return out, nil
}

var dossierInsertCols = []string{"commune_id", "id", "code", "procedure_code", "procedure_name", "status", "resume_status",
	"channel", "applicant_name", "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address", "phone_last4",
	"documents", "processing_days", "processing_minutes", "received_at", "clock_start_at", "due_at", "round",
	"supplement_requests", "fee_amount", "fee_exemption", "fee_paid", "paid_online", "register_year", "register_number",
	"holder_id", "holder_name", "holder_role", "search", "version", "created_at", "updated_at",
	"reused_parts", "verified_vneid", "received_by", "accept_by", "procedure_version", "needs_verification", "cut_off",
	"submission_ref"}

// dossierRow is d's row under dossierInsertCols.
func dossierRow(communeID string, d Dossier) []any {
	return []any{communeID, d.ID, d.Code, d.ProcedureCode,
		d.ProcedureName, string(d.Status), string(d.ResumeStatus), d.Channel, d.Applicant.Name, d.Applicant.IDNumber,
		d.Applicant.Phone, d.Applicant.Email, d.Applicant.Address, lastDigits(d.Applicant.Phone, 4), strings.Join(d.Documents, " "),
		d.Processing.Days, d.Processing.Minutes, d.ReceivedAt, db.NullableTime(d.ClockStartAt), db.NullableTime(d.DueAt), d.Round,
		d.SupplementRequests, d.Fee.Amount, d.Fee.Exemption, d.Fee.Paid, d.Fee.PaidOnline, d.RegisterYear, d.RegisterNumber,
		d.HolderID, d.HolderName, string(d.HolderRole), d.search(), d.Version, d.CreatedAt, d.UpdatedAt,
		d.Digital.ReusedParts, d.Digital.VerifiedVNeID, d.ReceivedBy, db.NullableTime(d.AcceptBy), d.ProcedureVersion,
		d.NeedsVerification, d.Processing.CutOff, d.SubmissionRef}
}

var supplementCols = []string{"commune_id", "dossier_id", "round", "requested_at", "requested_by_id", "requested_by_name", "documents", "reason"}

func supplementRow(communeID, dossierID string, r SupplementRequest) []any {
	return []any{communeID, dossierID, r.Round, r.RequestedAt, r.ByID, r.ByName, strings.Join(r.Documents, " "), r.Reason}
}

func insertSupplement(ctx context.Context, tx *db.Tx, communeID, dossierID string, r SupplementRequest) error {
	err := db.InsertRows(ctx, tx, "dossier_supplements", supplementCols, [][]any{supplementRow(communeID, dossierID, r)})
	if db.IsUniqueViolation(err) {
		return ErrSupplementAlreadyRequested
	}
	return errs.Wrap("onestop: supplement request", err)
}

// viTime writes a time as Vietnamese text shows it: "16:30 ngày 05/03/2026".
func viTime(t time.Time) string {
	return t.In(calendar.Zone).Format("15:04 ngày 02/01/2006")
}

// numberAndInsert gives a new dossier its number (numberNew) and inserts its row in tx.
func numberAndInsert(ctx context.Context, tx *db.Tx, op, communeID, agency string, now time.Time, d *Dossier) error {
	row, err := numberNew(ctx, tx, op, communeID, agency, now, d)
	if err != nil {
		return err
	}
	return dbErr(op, db.InsertRows(ctx, tx, "dossiers", dossierInsertCols, [][]any{row}))
}

// numberAndDefer is numberAndInsert with the row written at the commit (db.DeferRows), with the
// other rows of its transaction; its children's rows must then be deferred too.
func numberAndDefer(ctx context.Context, tx *db.Tx, op, communeID, agency string, now time.Time, d *Dossier) error {
	row, err := numberNew(ctx, tx, op, communeID, agency, now, d)
	if err != nil {
		return err
	}
	db.DeferRows(tx, "dossiers", dossierInsertCols, "", row)
	return nil
}

// numberNew gives a new dossier its code and register number (numberDossier), or an online
// submission waiting for the desk its submission reference only, from the counters of tx, and
// returns its row under dossierInsertCols.
func numberNew(ctx context.Context, tx *db.Tx, op, communeID, agency string, now time.Time, d *Dossier) ([]any, error) {
	if d.Status == StateAwaiting {
		// Not received yet: nothing of the day's sequence or the register is spent on it, so
		// that submissions (anonymous, refused, withdrawn) leave no gap in either.
		n, err := nextCounter(ctx, tx, communeID, "online")
		if err != nil {
			return nil, err
		}
		if n > MaxOnlineSeq {
			return nil, errs.E(op, errs.Conflict, "onestop.sequence_exhausted_online")
		}
		d.Code = FormatOnlineRef(agency, now, int(n))
		d.SubmissionRef, d.RegisterYear, d.RegisterNumber = d.Code, 0, int(n)
	} else if err := numberDossier(ctx, tx, op, communeID, agency, now, d); err != nil {
		return nil, err
	}
	d.CreatedAt, d.UpdatedAt = tx.Now, tx.Now
	row := dossierRow(communeID, *d)
	if d.RegisterYear == 0 {
		d.RegisterNumber = 0 // as scanDossier reads it: the stored number is no register entry
	}
	return row, nil
}

// numberDossier gives a received dossier its code (a per-day sequence, Circular 01/2018
// Art. 19) and its register number (per year, Art. 10) from the counter rows of tx.
func numberDossier(ctx context.Context, tx *db.Tx, op, communeID, agency string, now time.Time, d *Dossier) error {
	day := calendar.DateOf(now)
	ns, err := nextCounters(ctx, tx, communeID, fmt.Sprintf("day:%02d%02d%02d", day.Year%100, int(day.Month), day.Day),
		fmt.Sprintf("register:%04d", day.Year))
	if err != nil {
		return err
	}
	seq, reg := ns[0], ns[1]
	if seq > MaxSeq {
		return errs.E(op, errs.Conflict, "onestop.sequence_exhausted")
	}
	d.Code = FormatCode(agency, now, int(seq))
	d.RegisterYear, d.RegisterNumber = day.Year, int(reg)
	return nil
}

// UnmarshalJSON reads an intake body, taking the channel as its number (1, 2, 3) or its name
// ("counter", "online", "post"), and refusing unknown fields like decodeBody. An unknown channel
// is kept as -1, so that Validate names the field rather than the JSON being refused whole.
func (r *IntakeRequest) UnmarshalJSON(b []byte) error {
	type plain IntakeRequest
	var aux struct {
		plain
		Channel json.RawMessage `json:"channel"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&aux); err != nil {
		return err
	}
	*r = IntakeRequest(aux.plain)
	r.Channel = parseChannel(aux.Channel)
	return nil
}

// parseChannel reads a JSON channel: absent or null is 0 (the default, the counter), a known
// number or name is that channel, anything else is -1.
func parseChannel(raw json.RawMessage) int {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0
	}
	var name string
	if json.Unmarshal(raw, &name) == nil {
		for c, n := range channelNames {
			if n == strings.ToLower(strings.TrimSpace(name)) {
				return c
			}
		}
		return -1
	}
	var n int
	if json.Unmarshal(raw, &n) == nil && ChannelName(n) != "" {
		return n
	}
	return -1
}
