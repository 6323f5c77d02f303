package onestop

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// Applicant is the person who submitted a dossier.
type Applicant struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
	Email    string `json:"email,omitempty"`
	Address  string `json:"address"`
}

// Fee is what a dossier costs and whether it was paid (Decree 61/2018 Art. 22).
type Fee struct {
	Amount     int64  `json:"amount"` // đồng
	Exemption  string `json:"exemption,omitempty"`
	Paid       bool   `json:"paid"`
	PaidOnline bool   `json:"paid_online"`
}

// HistoryEntry is one row of the processing control slip (form 05): who handed over, who
// received, when, the state after, notes.
type HistoryEntry struct {
	Seq         int
	Action      Action
	At          time.Time
	FromID      string
	FromName    string
	FromRole    auth.Role
	ToID        string
	ToName      string
	ToRole      auth.Role
	StatusAfter State
	Note        string
	// SignerName and SignerRole: who signs the paper of this step (a refusal, a stop, an
	// apology), recorded when it was decided; "" for steps that sign nothing.
	SignerName string
	SignerRole auth.Role
}

// SupplementRequest is one request to complete a dossier (form 02).
type SupplementRequest struct {
	Round       int
	RequestedAt time.Time
	ByID        string
	ByName      string
	Documents   []string // ids from the procedure's list
	Reason      string
	ReceivedAt  time.Time // zero while waiting
}

// Apology is the apology and new date (form 04).
type Apology struct {
	At       time.Time
	ByID     string
	ByName   string
	Reason   string
	OldDueAt time.Time
	NewDueAt time.Time
}

// Dossier is a hồ sơ received by the one-stop desk.
type Dossier struct {
	ID            string
	Code          string
	ProcedureCode string
	ProcedureName string
	Status        State
	ResumeStatus  State // while in supplement: where it returns
	Channel       int
	Applicant     Applicant
	Documents     []string // ids of the documents handed in
	Processing    Processing
	ReceivedAt    time.Time
	ClockStartAt  time.Time // when the processing time started (again, after a supplement)
	DueAt         time.Time // zero while waiting for a supplement asked at intake, or for the online check
	// AcceptBy is when the desk must have checked an online submission (accepted it, asked for
	// a supplement or refused it); zero once it did, and for dossiers received at the counter.
	AcceptBy      time.Time
	OriginalDueAt time.Time // the due date before an apology reset it
	FinishedAt    time.Time
	ReturnedAt    time.Time
	Round         int // supplement round: 1, then +1 after each supplement received
	// SupplementRequests counts every request of the dossier's life (Decision 766: more than
	// one makes the dossier late); SupplementTime is the time spent waiting for them.
	SupplementRequests int
	SupplementTime     time.Duration
	Apologies          int
	LateFlagged        bool
	Reasons            string // refusal reasons, or why it was stopped or withdrawn
	ReturnMethod       string
	TrackingNumber     string
	Fee                Fee
	RegisterYear       int // 0 while an online submission waits for the desk: not in the register yet
	RegisterNumber     int
	SubmissionRef      string // the online submission's reference (TT), kept after it is accepted
	HolderID           string
	HolderName         string
	HolderRole         auth.Role
	Version            int
	CreatedAt          time.Time
	UpdatedAt          time.Time
	Digital            Digital
	// CommuneID is the competent commune (the dossier's owner); ReceivedBy is the commune whose
	// centre received it on its behalf (province mode, Decree 118/2025), "" when it received
	// it itself.
	CommuneID  string
	ReceivedBy string
	// ProcedureVersion is the catalogue version the dossier was received under; its name and
	// time limit are kept on the dossier, so later catalogue edits do not change them.
	// NeedsVerification: the desk marked "cần xác minh", so the extended limit applies.
	ProcedureVersion  int
	NeedsVerification bool

	// Filled by Dossier (the full read), empty in lists. Submitted is also set by Intake.
	History     []HistoryEntry
	Supplements []SupplementRequest
	Apology     *Apology
	Submitted   []SubmittedDocument // the documents handed in, with their form, quantity and scan
}

// Overdue reports whether the dossier is past its due time and still undecided.
func (d Dossier) Overdue(now time.Time) bool {
	return d.Status.Open() && !d.DueAt.IsZero() && now.After(d.DueAt)
}

// LegalDueAt is the due date the law set before any apology moved it.
func (d Dossier) LegalDueAt() time.Time {
	if !d.OriginalDueAt.IsZero() {
		return d.OriginalDueAt
	}
	return d.DueAt
}

func (d Dossier) snapshot(p Procedure) Snapshot {
	return Snapshot{State: d.Status, ResumeState: d.ResumeStatus, DueAt: d.DueAt, Apologies: d.Apologies, ListDocs: p.DocumentIDs(),
		HolderID: d.HolderID, HolderName: d.HolderName, HolderRole: d.HolderRole}
}

func (d Dossier) search() string {
	return fold.Join(d.Code, d.ProcedureCode, d.ProcedureName, d.Applicant.Name, d.Applicant.Phone)
}

// auditView is the dossier as the audit log keeps it (personal identifiers masked).
func (d Dossier) auditView() map[string]any {
	return map[string]any{"code": d.Code, "procedure": d.ProcedureCode, "status": string(d.Status), "channel": d.Channel,
		"applicant": d.Applicant.Name, "id_number": mask(d.Applicant.IDNumber), "phone": mask(d.Applicant.Phone),
		"documents": strings.Join(d.Documents, " "), "due_at": timeText(d.DueAt), "fee": d.Fee.Amount, "holder": d.HolderName}
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

const dossierCols = `id, code, procedure_code, procedure_name, status, resume_status, channel, applicant_name,
	applicant_id_number, applicant_phone, applicant_email, applicant_address, documents, processing_days, processing_minutes,
	received_at, clock_start_at, due_at, original_due_at, finished_at, returned_at, round, supplement_requests,
	supplement_seconds, apologies, late_flagged, reasons, return_method, tracking_number, fee_amount, fee_exemption,
	fee_paid, paid_online, register_year, register_number, holder_id, holder_name, holder_role, version, created_at, updated_at,
	reused_parts, result_sha256, e_result, digitised, verified_vneid, commune_id, received_by, accept_by,
	procedure_version, needs_verification, cut_off, submission_ref`

func scanDossier(sc interface{ Scan(...any) error }) (Dossier, error) {
	var d Dossier
	var status, resume, docs, role string
	var clock, due, orig, fin, ret, acc sql.NullTime
	var suppSecs int64
	err := sc.Scan(&d.ID, &d.Code, &d.ProcedureCode, &d.ProcedureName, &status, &resume, &d.Channel, &d.Applicant.Name,
		&d.Applicant.IDNumber, &d.Applicant.Phone, &d.Applicant.Email, &d.Applicant.Address, &docs, &d.Processing.Days,
		&d.Processing.Minutes, &d.ReceivedAt, &clock, &due, &orig, &fin, &ret, &d.Round, &d.SupplementRequests,
		&suppSecs, &d.Apologies, &d.LateFlagged, &d.Reasons, &d.ReturnMethod, &d.TrackingNumber, &d.Fee.Amount,
		&d.Fee.Exemption, &d.Fee.Paid, &d.Fee.PaidOnline, &d.RegisterYear, &d.RegisterNumber, &d.HolderID, &d.HolderName,
		&role, &d.Version, &d.CreatedAt, &d.UpdatedAt,
		&d.Digital.ReusedParts, &d.Digital.ResultSHA256, &d.Digital.EResult, &d.Digital.Digitised, &d.Digital.VerifiedVNeID,
		&d.CommuneID, &d.ReceivedBy, &acc, &d.ProcedureVersion, &d.NeedsVerification, &d.Processing.CutOff, &d.SubmissionRef)
	if err != nil {
		return d, err
	}
	if d.RegisterYear == 0 {
		d.RegisterNumber = 0 // the stored number only keys the row; it is no register entry
	}
	d.Status, d.ResumeStatus, d.HolderRole = State(status), State(resume), auth.Role(role)
	d.Documents = strings.Fields(docs)
	d.ClockStartAt, d.DueAt, d.OriginalDueAt, d.FinishedAt, d.ReturnedAt = clock.Time, due.Time, orig.Time, fin.Time, ret.Time
	d.SupplementTime = time.Duration(suppSecs) * time.Second
	d.AcceptBy = acc.Time
	return d, nil
}

// codeColumn is the column a code is looked up in: a submission reference finds the
// submission before and after the desk accepted it and gave it a dossier code.
func codeColumn(code string) string {
	if c, err := ParseCode(code); err == nil && c.Online {
		return "submission_ref"
	}
	return "code"
}

// dossierByCode reads one dossier of the commune (without history) by its code.
func dossierByCode(ctx context.Context, q db.Q, communeID, code string) (Dossier, error) {
	const op = "onestop: dossier"
	d, err := scanDossier(q.QueryRow(ctx, `SELECT `+dossierCols+` FROM dossiers WHERE commune_id = $1 AND `+codeColumn(code)+` = $2`, communeID, code))
	if errors.Is(err, sql.ErrNoRows) {
		return d, errs.E(op, errs.NotFound, "onestop.dossier_not_found")
	}
	return d, errs.Wrap(op, err)
}

// Dossier returns a dossier with its history, supplement requests, apology and the documents
// handed in (five queries).
func (s *Service) Dossier(ctx context.Context, communeID, code string) (Dossier, error) {
	c, err := ParseCode(code)
	if err != nil {
		return Dossier{}, errs.E("onestop: dossier", errs.NotFound, "onestop.dossier_not_found")
	}
	d, err := dossierByCode(ctx, s.d, communeID, c.String())
	if err != nil {
		return d, err
	}
	return d, s.fill(ctx, s.d, communeID, &d)
}

// DossierForDesk is Dossier as a commune's staff see it: the commune's own dossiers and, read
// only, those its centre received on behalf of another commune of the province (province
// mode). readOnly is true in the second case; the actions stay with the competent commune.
func (s *Service) DossierForDesk(ctx context.Context, communeID, code string) (d Dossier, readOnly bool, err error) {
	d, err = s.Dossier(ctx, communeID, code)
	if errs.KindOf(err) != errs.NotFound {
		return d, false, err
	}
	c, perr := ParseCode(code)
	if perr != nil {
		return d, false, err
	}
	d, err = receivedByCode(ctx, s.d, communeID, c.String())
	if err != nil {
		return d, false, err
	}
	return d, true, s.fill(ctx, s.d, d.CommuneID, &d)
}

// receivedByCode reads a dossier that the commune's centre received for another commune.
func receivedByCode(ctx context.Context, q db.Q, receiverID, code string) (Dossier, error) {
	const op = "onestop: dossier"
	d, err := scanDossier(q.QueryRow(ctx, `SELECT `+dossierCols+` FROM dossiers WHERE received_by = $1 AND `+codeColumn(code)+` = $2
		ORDER BY received_at DESC LIMIT 1`, receiverID, code))
	if errors.Is(err, sql.ErrNoRows) {
		return d, errs.E(op, errs.NotFound, "onestop.dossier_not_found")
	}
	return d, errs.Wrap(op, err)
}

func (s *Service) fill(ctx context.Context, q db.Q, communeID string, d *Dossier) error {
	const op = "onestop: dossier details"
	h, err := history(ctx, q, communeID, d.ID)
	if err != nil {
		return err
	}
	d.History = h
	if err := fillSubmitted(ctx, q, communeID, d); err != nil {
		return err
	}
	rows, err := q.Query(ctx, `SELECT round, requested_at, requested_by_id, requested_by_name, documents, reason, received_at
		FROM dossier_supplements WHERE commune_id = $1 AND dossier_id = $2 ORDER BY round`, communeID, d.ID)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r SupplementRequest
		var docs string
		var rec sql.NullTime
		if err := rows.Scan(&r.Round, &r.RequestedAt, &r.ByID, &r.ByName, &docs, &r.Reason, &rec); err != nil {
			return errs.Wrap(op, err)
		}
		r.Documents, r.ReceivedAt = strings.Fields(docs), rec.Time
		d.Supplements = append(d.Supplements, r)
	}
	if err := rows.Err(); err != nil {
		return errs.Wrap(op, err)
	}
	var a Apology
	err = q.QueryRow(ctx, `SELECT at, by_id, by_name, reason, old_due_at, new_due_at FROM dossier_apologies
		WHERE commune_id = $1 AND dossier_id = $2`, communeID, d.ID).Scan(&a.At, &a.ByID, &a.ByName, &a.Reason, &a.OldDueAt, &a.NewDueAt)
	switch {
	case err == nil:
		d.Apology = &a
	case !errors.Is(err, sql.ErrNoRows):
		return errs.Wrap(op, err)
	}
	return nil
}

func history(ctx context.Context, q db.Q, communeID, dossierID string) ([]HistoryEntry, error) {
	const op = "onestop: dossier history"
	rows, err := q.Query(ctx, `SELECT seq, action, at, from_user_id, from_name, from_role, to_user_id, to_name, to_role, status_after, note,
		signer_name, signer_role FROM dossier_history WHERE commune_id = $1 AND dossier_id = $2 ORDER BY seq`, communeID, dossierID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []HistoryEntry
	for rows.Next() {
		var h HistoryEntry
		var action, fromRole, toRole, after, signerRole string
		if err := rows.Scan(&h.Seq, &action, &h.At, &h.FromID, &h.FromName, &fromRole, &h.ToID, &h.ToName, &toRole, &after, &h.Note,
			&h.SignerName, &signerRole); err != nil {
			return nil, errs.Wrap(op, err)
		}
		h.Action, h.FromRole, h.ToRole, h.StatusAfter = Action(action), auth.Role(fromRole), auth.Role(toRole), State(after)
		h.SignerRole = auth.Role(signerRole)
		out = append(out, h)
	}
	return out, errs.Wrap(op, rows.Err())
}

var historyCols = []string{"commune_id", "dossier_id", "seq", "action", "at", "from_user_id", "from_name", "from_role",
	"to_user_id", "to_name", "to_role", "status_after", "note", "signer_name", "signer_role"}

// historyRow is the control slip's row seq of a dossier, under historyCols: for a new
// dossier, whose rows are numbered from 1 (addHistory numbers the rows of one that exists).
func historyRow(communeID, dossierID string, seq int, h HistoryEntry) []any {
	return []any{communeID, dossierID, seq, string(h.Action), h.At, h.FromID, h.FromName, string(h.FromRole), h.ToID, h.ToName,
		string(h.ToRole), string(h.StatusAfter), h.Note, h.SignerName, string(h.SignerRole)}
}

// addHistory appends a control-slip row.
func addHistory(ctx context.Context, tx *db.Tx, communeID, dossierID string, h HistoryEntry) error {
	_, err := tx.Exec(ctx, `INSERT INTO dossier_history (commune_id, dossier_id, seq, action, at, from_user_id, from_name,
		from_role, to_user_id, to_name, to_role, status_after, note, signer_name, signer_role)
		VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM dossier_history WHERE commune_id = $1 AND dossier_id = $2),
		$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		communeID, dossierID, string(h.Action), h.At, h.FromID, h.FromName, string(h.FromRole), h.ToID, h.ToName,
		string(h.ToRole), string(h.StatusAfter), h.Note, h.SignerName, string(h.SignerRole))
	return err
}
