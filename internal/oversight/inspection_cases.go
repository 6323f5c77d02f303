package oversight

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/fold"
)

// Source is how a case reached the board (Law 10/2022 Art. 38; Decree 59/2023 Art. 14:
// residents' input directly or through a suggestion box; petitions forwarded by the commune).
type Source string

const (
	SourceDirect   Source = "direct"   // a resident came or wrote to the board
	SourceBox      Source = "box"      // the suggestion box (hòm thư góp ý), typed in by staff
	SourcePetition Source = "petition" // forwarded from the petitions room, with its number
)

// Sources in the form's order.
var Sources = []Source{SourceDirect, SourceBox, SourcePetition}

// CaseStatus is where a case stands.
type CaseStatus string

const (
	CaseOpen      CaseStatus = "open"      // being verified
	CaseConcluded CaseStatus = "concluded" // the written result was sent; followed up
	CaseClosed    CaseStatus = "closed"    // follow-up ended
)

// CaseStatuses in order.
var CaseStatuses = []CaseStatus{CaseOpen, CaseConcluded, CaseClosed}

// Case is one matter residents raised with the board.
type Case struct {
	ID, BoardID   string
	Year, Number  int
	Source        Source
	PetitionRef   string
	ReceivedOn    calendar.Date
	RaisedBy      string // personal data: the board only, never public
	RaisedAddress string
	RaisedPhone   string
	Title         string
	Content       string
	Status        CaseStatus
	Findings      string
	Result        string // the written result to the person who raised it
	ResultOn      calendar.Date
	Public        bool   // title and public summary shown to residents once concluded
	PublicSummary string // what residents read; never the person's data
	ClosedOn      calendar.Date
	CreatedAt     time.Time
	CreatedBy     string
	UpdatedAt     time.Time
	UpdatedBy     string
}

// Code is the case's number as the board writes it: "007/2026".
func (c Case) Code() string { return fmt.Sprintf("%03d/%d", c.Number, c.Year) }

// URL is the case's staff page.
func (c Case) URL() string { return inspectionBase + "/vu-viec/" + c.ID }

// CaseInput is a new case as the form sends it.
type CaseInput struct {
	Source, PetitionRef, ReceivedOn, RaisedBy, RaisedAddress, RaisedPhone, Title, Content string
}

func validateCase(in CaseInput, today calendar.Date) (Case, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var c Case
	if c.Source = Source(in.Source); !slices.Contains(Sources, c.Source) {
		fe["source"] = "inspection.err.source"
	}
	c.PetitionRef = readText(fe, "petition_ref", in.PetitionRef, 60, c.Source == SourcePetition)
	c.ReceivedOn = readDay(fe, "received_on", in.ReceivedOn, true, true, today)
	c.RaisedBy = readText(fe, "raised_by", in.RaisedBy, maxName, false)
	c.RaisedAddress = readText(fe, "raised_address", in.RaisedAddress, maxLine, false)
	c.RaisedPhone = readText(fe, "raised_phone", in.RaisedPhone, 20, false)
	c.Title = readText(fe, "title", in.Title, maxLine, true)
	c.Content = readText(fe, "content", in.Content, maxBody, true)
	return c, fe
}

func (c Case) auditView() map[string]any {
	// The person's name and contacts stay out of the log's summary: the row keeps them.
	return map[string]any{"code": c.Code(), "source": c.Source, "petition_ref": c.PetitionRef, "received_on": dayOrEmpty(c.ReceivedOn),
		"title": c.Title, "status": c.Status, "result_on": dayOrEmpty(c.ResultOn), "public": c.Public, "closed_on": dayOrEmpty(c.ClosedOn)}
}

func (c Case) eventView() map[string]any {
	return map[string]any{"id": c.ID, "code": c.Code(), "status": c.Status}
}

func (c Case) search() string { return fold.Join(c.Code(), c.Title, c.PetitionRef, c.RaisedBy) }

// OpenCase records a case the board received; its number is the next of the year received.
func (s *Service) OpenCase(ctx context.Context, communeID, boardID string, by audit.Actor, in CaseInput) (Case, error) {
	const op = "oversight: open case"
	c, fe := validateCase(in, s.Today())
	if err := fe.Err(op); err != nil {
		return Case{}, err
	}
	err := s.tx(ctx, func(tx *db.Tx) error {
		if _, err := getBoard(ctx, tx, communeID, boardID); err != nil {
			return err
		}
		c.Year = c.ReceivedOn.Year
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM inspection_cases WHERE commune_id = $1 AND year = $2`,
			communeID, c.Year).Scan(&c.Number); err != nil {
			return errs.Wrap(op, err)
		}
		c.ID, c.BoardID, c.Status = uuid.Must(uuid.NewV7()).String(), boardID, CaseOpen
		c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy = tx.Now, by.Name, tx.Now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO inspection_cases (commune_id, id, board_id, year, number, source, petition_ref, received_on,
			raised_by, raised_address, raised_phone, title, content, status, search, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
			communeID, c.ID, boardID, c.Year, c.Number, string(c.Source), c.PetitionRef, c.ReceivedOn.String(), c.RaisedBy, c.RaisedAddress,
			c.RaisedPhone, c.Title, c.Content, string(c.Status), c.search(), tx.Now, by.Name, tx.Now, by.Name); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.E(op, errs.Conflict, "inspection.err.busy")
			}
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.case.open", "inspection_case", c.ID, audit.Change{After: c.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicCaseOpened, c.eventView())
	})
	return c, err
}

const caseCols = `id, board_id, year, number, source, petition_ref, received_on, raised_by, raised_address, raised_phone, title, content,
	status, findings, result, result_on, public, public_summary, closed_on, created_at, created_by, updated_at, updated_by`

func scanCase(row interface{ Scan(...any) error }) (Case, error) {
	var c Case
	var source, received, status, resultOn, closed string
	err := row.Scan(&c.ID, &c.BoardID, &c.Year, &c.Number, &source, &c.PetitionRef, &received, &c.RaisedBy, &c.RaisedAddress, &c.RaisedPhone,
		&c.Title, &c.Content, &status, &c.Findings, &c.Result, &resultOn, &c.Public, &c.PublicSummary, &closed, &c.CreatedAt, &c.CreatedBy,
		&c.UpdatedAt, &c.UpdatedBy)
	c.Source, c.Status = Source(source), CaseStatus(status)
	c.ReceivedOn, c.ResultOn, c.ClosedOn = storedDay(received), storedDay(resultOn), storedDay(closed)
	return c, err
}

func getCase(ctx context.Context, q db.Q, communeID, id string) (Case, error) {
	c, err := scanCase(q.QueryRow(ctx, `SELECT `+caseCols+` FROM inspection_cases WHERE commune_id = $1 AND id = $2`, communeID, id))
	return c, missing("oversight: case", err)
}

// GetCase reads one case.
func (s *Service) GetCase(ctx context.Context, communeID, id string) (Case, error) {
	return getCase(ctx, s.d, communeID, id)
}

// CaseFilter selects cases.
type CaseFilter struct {
	BoardID string
	Status  CaseStatus
	Query   string // words of the number, title, petition number or name, without diacritics
	// From, To bound the day received (both optional).
	From, To calendar.Date
	// PublicOnly keeps the concluded cases the board made public.
	PublicOnly bool
	Limit      int
	Offset     int
}

// Cases lists cases, the latest received first, and counts them.
func (s *Service) Cases(ctx context.Context, communeID string, f CaseFilter) ([]Case, int, error) {
	const op = "oversight: cases"
	where := ` WHERE commune_id = $1`
	args := []any{communeID}
	add := func(cond string, v any) {
		args = append(args, v)
		where += strings.ReplaceAll(cond, "$?", "$"+itoa(len(args)))
	}
	if f.BoardID != "" {
		add(` AND board_id = $?`, f.BoardID)
	}
	if f.Status != "" {
		add(` AND status = $?`, string(f.Status))
	}
	if f.From.Valid() {
		add(` AND received_on >= $?`, f.From.String())
	}
	if f.To.Valid() {
		add(` AND received_on <= $?`, f.To.String())
	}
	if f.PublicOnly {
		where += ` AND public = TRUE AND status <> 'open'`
	}
	for k, w := range strings.Fields(fold.String(f.Query)) {
		if k == 6 {
			break
		}
		add(` AND search LIKE $?`, fold.LikePattern(w))
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM inspection_cases`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := pageBounds(f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT `+caseCols+` FROM inspection_cases`+where+` ORDER BY received_on DESC, id DESC LIMIT `+itoa(limit)+
		` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, c)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// NoteKind is what a dated entry of a case is.
type NoteKind string

const (
	NoteVerification NoteKind = "verification" // a verification note (xác minh)
	NoteEvidence     NoteKind = "evidence"     // a piece of evidence (photo, document)
	NoteFollowUp     NoteKind = "followup"     // the follow-up after the result
)

// NoteKinds in the form's order.
var NoteKinds = []NoteKind{NoteVerification, NoteEvidence, NoteFollowUp}

// CaseNote is one dated entry of a case.
type CaseNote struct {
	ID, CaseID string
	Kind       NoteKind
	On         calendar.Date
	Text       string
	FileSHA    string
	FileName   string // from the blob store, for the page
	CreatedAt  time.Time
	CreatedBy  string
}

// NoteInput is a note as the form sends it; FileSHA a file already put in the store.
type NoteInput struct {
	Kind, On, Text, FileSHA string
}

// AddNote records a dated entry of a case: a verification note, evidence or the follow-up.
func (s *Service) AddNote(ctx context.Context, communeID, caseID string, by audit.Actor, in NoteInput) (CaseNote, error) {
	const op = "oversight: case note"
	fe := errs.FieldErrors{}
	n := CaseNote{CaseID: caseID, Kind: NoteKind(in.Kind), FileSHA: strings.TrimSpace(in.FileSHA)}
	if !slices.Contains(NoteKinds, n.Kind) {
		fe["kind"] = "inspection.err.note_kind"
	}
	n.On = readDay(fe, "on", in.On, true, true, s.Today())
	n.Text = readText(fe, "text", in.Text, maxBody, n.FileSHA == "")
	if err := fe.Err(op); err != nil {
		return CaseNote{}, err
	}
	err := s.tx(ctx, func(tx *db.Tx) error {
		c, err := getCase(ctx, tx, communeID, caseID)
		if err != nil {
			return err
		}
		if c.Status == CaseClosed {
			return errs.E(op, errs.Conflict, "inspection.err.case_closed")
		}
		if n.On.Before(c.ReceivedOn) {
			return errs.FieldErrors{"on": "inspection.err.before_received"}.Err(op)
		}
		n.ID, n.CreatedAt, n.CreatedBy = uuid.Must(uuid.NewV7()).String(), tx.Now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO inspection_case_notes (commune_id, id, case_id, kind, noted_on, body, file_sha256, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, communeID, n.ID, caseID, string(n.Kind), n.On.String(), n.Text, n.FileSHA, tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.case.note", "inspection_case", caseID,
			audit.Change{After: map[string]any{"note": n.ID, "kind": n.Kind, "on": n.On.String(), "file": n.FileSHA}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicCaseNoted, map[string]any{"id": caseID, "note": n.ID, "kind": n.Kind})
	})
	return n, err
}

// Notes lists a case's entries in the order they happened, with their files' names (at most
// 500: a case is not a register).
func (s *Service) Notes(ctx context.Context, communeID, caseID string) ([]CaseNote, error) {
	const op = "oversight: case notes"
	rows, err := s.d.Query(ctx, `SELECT id, case_id, kind, noted_on, body, file_sha256, created_at, created_by FROM inspection_case_notes
		WHERE commune_id = $1 AND case_id = $2 ORDER BY noted_on, id LIMIT 500`, communeID, caseID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	var out []CaseNote
	var shas []string
	for rows.Next() {
		var n CaseNote
		var kind, on string
		if err := rows.Scan(&n.ID, &n.CaseID, &kind, &on, &n.Text, &n.FileSHA, &n.CreatedAt, &n.CreatedBy); err != nil {
			rows.Close()
			return nil, errs.Wrap(op, err)
		}
		n.Kind, n.On = NoteKind(kind), storedDay(on)
		if n.FileSHA != "" {
			shas = append(shas, n.FileSHA)
		}
		out = append(out, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	if len(shas) > 0 && s.files != nil {
		meta, err := s.files.Describe(ctx, communeID, shas)
		if err != nil {
			return nil, err
		}
		for k := range out {
			if b, ok := meta[out[k].FileSHA]; ok {
				out[k].FileName = b.Filename
			}
		}
	}
	return out, nil
}

// HasFile reports whether sha is the file of one of the case's notes.
func (s *Service) HasFile(ctx context.Context, communeID, caseID, sha string) (bool, error) {
	var n int
	err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM inspection_case_notes WHERE commune_id = $1 AND case_id = $2 AND file_sha256 = $3 AND file_sha256 <> ''`,
		communeID, caseID, sha).Scan(&n)
	return n > 0, errs.Wrap("oversight: case file", err)
}

// updateCase writes the changing fields of a case with its audit entry and event.
func updateCase(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, before, c Case, action, topic string) error {
	const op = "oversight: update case"
	c.UpdatedAt, c.UpdatedBy = tx.Now, by.Name
	if _, err := tx.Exec(ctx, `UPDATE inspection_cases SET status = $3, findings = $4, result = $5, result_on = $6, public = $7,
		public_summary = $8, closed_on = $9, updated_at = $10, updated_by = $11 WHERE commune_id = $1 AND id = $2`,
		communeID, c.ID, string(c.Status), c.Findings, c.Result, dayOrEmpty(c.ResultOn), c.Public, c.PublicSummary, dayOrEmpty(c.ClosedOn),
		tx.Now, by.Name); err != nil {
		return errs.Wrap(op, err)
	}
	if err := audit.Record(ctx, tx, communeID, by, action, "inspection_case", c.ID, audit.Change{Before: before.auditView(), After: c.auditView()}); err != nil {
		return err
	}
	return events.Publish(ctx, tx, communeID, topic, c.eventView())
}

// SaveFindings records what the verification found (while the case is open).
func (s *Service) SaveFindings(ctx context.Context, communeID, id string, by audit.Actor, findings string) (Case, error) {
	const op = "oversight: case findings"
	fe := errs.FieldErrors{}
	text := readText(fe, "findings", findings, maxBody, true)
	if err := fe.Err(op); err != nil {
		return Case{}, err
	}
	var c Case
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := getCase(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if before.Status != CaseOpen {
			return errs.E(op, errs.Conflict, "inspection.err.case_not_open")
		}
		c = before
		c.Findings = text
		return updateCase(ctx, tx, communeID, by, before, c, "inspection.case.findings", TopicCaseNoted)
	})
	return c, err
}

// ResultInput is the written result to the person who raised the case.
type ResultInput struct {
	Text, On      string
	Public        bool
	PublicSummary string
}

// SendResult records the written result sent to the person who raised the case; the case is
// then concluded and followed up. Findings must be written first. Made public, residents see
// its title and the public summary, never the person.
func (s *Service) SendResult(ctx context.Context, communeID, id string, by audit.Actor, in ResultInput) (Case, error) {
	const op = "oversight: case result"
	fe := errs.FieldErrors{}
	text := readText(fe, "result", in.Text, maxBody, true)
	day := readDay(fe, "result_on", in.On, true, true, s.Today())
	summary := readText(fe, "public_summary", in.PublicSummary, maxBody, in.Public)
	if err := fe.Err(op); err != nil {
		return Case{}, err
	}
	var c Case
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := getCase(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		switch {
		case before.Status != CaseOpen:
			return errs.E(op, errs.Conflict, "inspection.err.case_not_open")
		case before.Findings == "":
			return errs.E(op, errs.Conflict, "inspection.err.findings_first")
		case day.Before(before.ReceivedOn):
			return errs.FieldErrors{"result_on": "inspection.err.before_received"}.Err(op)
		}
		c = before
		c.Status, c.Result, c.ResultOn, c.Public, c.PublicSummary = CaseConcluded, text, day, in.Public, summary
		return updateCase(ctx, tx, communeID, by, before, c, "inspection.case.result", TopicCaseConcluded)
	})
	return c, err
}

// CaseRecInput is a recommendation the board makes to the committee about a case.
type CaseRecInput struct {
	Title, Text, SentOn string
}

// RecommendOnCase sends the committee a recommendation about a case, through the shared
// recommendations (Recommend opens the 15-day duty to answer, Law 10/2022 Art. 40), in the
// same transaction as the case's own note.
func (s *Service) RecommendOnCase(ctx context.Context, communeID, id string, by audit.Actor, in CaseRecInput) (Recommendation, error) {
	const op = "oversight: case recommendation"
	fe := errs.FieldErrors{}
	day := readDay(fe, "rec_sent_on", in.SentOn, true, true, s.Today())
	if err := fe.Err(op); err != nil {
		return Recommendation{}, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Recommendation{}, err
	}
	var r Recommendation
	err = s.tx(ctx, func(tx *db.Tx) error {
		c, err := getCase(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if c.Status == CaseClosed {
			return errs.E(op, errs.Conflict, "inspection.err.case_closed")
		}
		if day.Before(c.ReceivedOn) {
			return errs.FieldErrors{"rec_sent_on": "inspection.err.before_received"}.Err(op)
		}
		if r, err = Recommend(ctx, tx, cal, communeID, by, RecommendInput{Board: BoardInspection, BoardID: c.BoardID,
			SubjectType: inspectionCaseSubject, SubjectID: c.ID, Title: in.Title, Text: in.Text, To: ToCommittee, SentOn: day}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicCaseRecommended, map[string]any{"id": c.ID, "recommendation": r.ID})
	})
	return r, err
}

// CaseRecommendations lists the recommendations made about a case.
func (s *Service) CaseRecommendations(ctx context.Context, communeID, id string) ([]Recommendation, error) {
	rs, _, err := ListRecommendations(ctx, s.d, communeID, RecFilter{Board: BoardInspection, SubjectType: inspectionCaseSubject, SubjectID: id, Limit: 200})
	return rs, err
}

// CloseCase ends the follow-up of a concluded case. A recommendation of the case still
// waiting for the committee's answer keeps it open: the board follows up until it is answered.
func (s *Service) CloseCase(ctx context.Context, communeID, id string, by audit.Actor, on string) (Case, error) {
	const op = "oversight: close case"
	fe := errs.FieldErrors{}
	day := readDay(fe, "closed_on", on, true, true, s.Today())
	if err := fe.Err(op); err != nil {
		return Case{}, err
	}
	var c Case
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := getCase(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if before.Status != CaseConcluded {
			return errs.E(op, errs.Conflict, "inspection.err.not_concluded")
		}
		if day.Before(before.ResultOn) {
			return errs.FieldErrors{"closed_on": "inspection.err.before_result"}.Err(op)
		}
		_, waiting, err := ListRecommendations(ctx, tx, communeID, RecFilter{Board: BoardInspection, SubjectType: inspectionCaseSubject,
			SubjectID: id, Waiting: true, Limit: 1})
		if err != nil {
			return err
		}
		if waiting > 0 {
			return errs.E(op, errs.Conflict, "inspection.err.rec_waiting")
		}
		c = before
		c.Status, c.ClosedOn = CaseClosed, day
		return updateCase(ctx, tx, communeID, by, before, c, "inspection.case.close", TopicCaseClosed)
	})
	return c, err
}
