package onestop

import (
	"context"
	"database/sql"

	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// ReturnedDossier is a dossier whose result was returned to the applicant, as a satisfaction
// survey samples it (the SIPAS room, through app): who to ask, about which procedure, when.
// The ID number and the address are left out: a survey does not need them.
type ReturnedDossier struct {
	ID             string
	Code           string
	ProcedureCode  string
	ProcedureName  string
	Field          string // the procedure's field (lĩnh vực), "" when the procedure left the catalogue
	ApplicantName  string
	ApplicantPhone string
	ReturnedAt     time.Time // UTC
}

// Returned streams to fn, in the order they were returned, the commune's dossiers returned
// from day from to day to (both included, in Vietnam's calendar). It reads only; fn may stop
// the walk by returning an error, which Returned returns. One query, no per-row look-up.
func (s *Service) Returned(ctx context.Context, communeID string, from, to calendar.Date, fn func(ReturnedDossier) error) error {
	const op = "onestop: returned dossiers"
	if !from.Valid() || !to.Valid() || to.Before(from) {
		return errs.E(op, errs.Invalid, "error.bad_request")
	}
	start, end := from.Time().UTC(), to.AddDays(1).Time().UTC()
	rows, err := s.d.Query(ctx, `SELECT d.id, d.code, d.procedure_code, d.procedure_name, COALESCE(p.field, ''),
		d.applicant_name, d.applicant_phone, d.returned_at
		FROM dossiers d LEFT JOIN procedures p ON p.commune_id = d.commune_id AND p.code = d.procedure_code
		WHERE d.commune_id = $1 AND d.status = $2 AND d.returned_at >= $3 AND d.returned_at < $4
		ORDER BY d.returned_at, d.code`, communeID, string(StateReturned), start, end)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r ReturnedDossier
		var at sql.NullTime
		if err := rows.Scan(&r.ID, &r.Code, &r.ProcedureCode, &r.ProcedureName, &r.Field, &r.ApplicantName, &r.ApplicantPhone, &at); err != nil {
			return errs.Wrap(op, err)
		}
		r.ReturnedAt = db.TimeOf(at)
		if err := fn(r); err != nil {
			return err
		}
	}
	return errs.Wrap(op, rows.Err())
}
