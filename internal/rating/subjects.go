package rating

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// What can be rated: one row per returned dossier, from the one-stop room's event.

// dossierReturned is the part of the one-stop room's DossierEvent this room reads, by its JSON
// names (internal/onestop/events.go), decoded here so that the room does not import onestop.
type dossierReturned struct {
	CommuneID     string     `json:"commune_id"`
	DossierID     string     `json:"dossier_id"`
	Code          string     `json:"code"`
	ProcedureCode string     `json:"procedure_code"`
	ProcedureName string     `json:"procedure_name"`
	At            time.Time  `json:"at"`
	DueAt         *time.Time `json:"due_at"`
	ReturnMethod  string     `json:"return_method"`
	Officer       struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"officer"`
	Applicant struct {
		Name  string `json:"name"`
		Phone string `json:"phone"`
	} `json:"applicant"`
}

// OnDossierReturned is the handler of onestop.dossier.returned: the dossier becomes rateable.
// The outbox may deliver an event twice; the second delivery changes nothing.
func (s *Service) OnDossierReturned(ctx context.Context, e events.Event) error {
	var p dossierReturned
	if err := e.Decode(&p); err != nil {
		return fmt.Errorf("rating: decode %s %s: %w", e.Topic, e.ID, err)
	}
	communeID := p.CommuneID
	if communeID == "" {
		communeID = e.CommuneID
	}
	if communeID == "" || p.DossierID == "" || p.Code == "" {
		return fmt.Errorf("rating: event %s names no commune or dossier", e.ID)
	}
	return s.addSubject(ctx, communeID, SubjectDossier, p)
}

// addSubject stores the rateable subject (a dossier, or a petition read into the same shape).
func (s *Service) addSubject(ctx context.Context, communeID string, typ SubjectType, p dossierReturned) error {
	at := p.At.UTC()
	if at.IsZero() {
		at = s.stamp()
	}
	var due any
	if p.DueAt != nil && !p.DueAt.IsZero() {
		due = p.DueAt.UTC()
	}
	return s.d.Tx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO rating_subjects (commune_id, subject_type, subject_id, code, procedure_code, procedure_name,
			officer_id, officer_name, applicant_name, applicant_phone, return_method, returned_at, due_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (commune_id, subject_type, subject_id) DO NOTHING`,
			communeID, typ, p.DossierID, p.Code, p.ProcedureCode, p.ProcedureName, p.Officer.ID, p.Officer.Name,
			p.Applicant.Name, p.Applicant.Phone, p.ReturnMethod, at, due, tx.Now)
		if err != nil && db.IsUniqueViolation(err) {
			// Another dossier with this code (cannot happen: codes are unique per commune);
			// keep the first rather than retry forever.
			return nil
		}
		return errs.Wrap("rating: add subject", err)
	})
}

const subjectCols = `subject_type, subject_id, code, procedure_code, procedure_name, officer_id, officer_name,
	applicant_name, applicant_phone, return_method, returned_at, due_at`

func scanSubject(row interface{ Scan(...any) error }) (Subject, error) {
	var sub Subject
	var due sql.NullTime
	err := row.Scan(&sub.Type, &sub.ID, &sub.Code, &sub.ProcedureCode, &sub.ProcedureName, &sub.OfficerID, &sub.OfficerName,
		&sub.ApplicantName, &sub.ApplicantPhone, &sub.ReturnMethod, &sub.ReturnedAt, &due)
	sub.ReturnedAt = sub.ReturnedAt.UTC()
	sub.DueAt = db.TimeOf(due)
	return sub, err
}

// Subject returns the rateable dossier of this code; NotFound (rating.err.not_returned) when
// none was returned under it.
func (s *Service) Subject(ctx context.Context, communeID, code string) (Subject, error) {
	return subjectByCode(ctx, s.d, communeID, SubjectDossier, code)
}

func subjectByCode(ctx context.Context, q db.Q, communeID string, typ SubjectType, code string) (Subject, error) {
	sub, err := scanSubject(q.QueryRow(ctx, `SELECT `+subjectCols+` FROM rating_subjects
		WHERE commune_id = $1 AND subject_type = $2 AND code = $3`, communeID, typ, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Subject{}, errs.E("rating: subject", errs.NotFound, "rating.err.not_returned")
	}
	return sub, errs.Wrap("rating: subject", err)
}

// AwaitingAtCounter is the dossier the officer's tablet offers now: the one they returned most
// recently at the counter within KioskWindow and not rated yet; ok false when there is none.
func (s *Service) AwaitingAtCounter(ctx context.Context, communeID, officerID string) (Subject, bool, error) {
	now := s.stamp()
	sub, err := scanSubject(s.d.QueryRow(ctx, `SELECT `+subjectCols+` FROM rating_subjects s
		WHERE s.commune_id = $1 AND s.officer_id = $2 AND s.subject_type = $3 AND s.returned_at >= $4 AND s.returned_at <= $5
		AND s.return_method IN ('', 'counter')
		AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.commune_id = s.commune_id AND r.subject_type = s.subject_type AND r.subject_id = s.subject_id)
		ORDER BY s.returned_at DESC, s.code DESC LIMIT 1`, communeID, officerID, SubjectDossier, now.Add(-KioskWindow), now))
	if errors.Is(err, sql.ErrNoRows) {
		return Subject{}, false, nil
	}
	if err != nil {
		return Subject{}, false, errs.Wrap("rating: awaiting at counter", err)
	}
	return sub, true, nil
}
