package sipas

import (
	"context"
	"database/sql"
	"time"

	"xaso/internal/errs"
)

// ResponseRow is one questionnaire as the CSV of answers writes it: no name, phone, dossier
// code or invitation, only what the index is computed from and the procedure it was about.
type ResponseRow struct {
	Number        int // 1, 2, … in the order answered
	Field         string
	ProcedureCode string
	ProcedureName string
	Channel       Channel
	AnsweredOn    time.Time
	Values        map[string]int // by criterion; absent: not answered
}

// EachResponse streams the survey's questionnaires to fn in the order they were answered, in
// one query (the answers joined, grouped as they come).
func (s *Service) EachResponse(ctx context.Context, communeID, surveyID string, fn func(ResponseRow) error) error {
	const op = "sipas: each response"
	rows, err := s.d.Query(ctx, `SELECT r.invitation_id, r.channel, r.answered_at, i.field, i.procedure_code, i.procedure_name,
		a.criterion, a.value
		FROM sipas_responses r
		JOIN sipas_invitations i ON i.commune_id = r.commune_id AND i.id = r.invitation_id
		LEFT JOIN sipas_answers a ON a.commune_id = r.commune_id AND a.invitation_id = r.invitation_id
		WHERE r.commune_id = $1 AND r.survey_id = $2
		ORDER BY r.answered_at, r.invitation_id`, communeID, surveyID)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	var cur ResponseRow
	var curID string
	n := 0
	for rows.Next() {
		var id, ch string
		var crit sql.NullString
		var val sql.NullInt64
		var row ResponseRow
		if err := rows.Scan(&id, &ch, &row.AnsweredOn, &row.Field, &row.ProcedureCode, &row.ProcedureName, &crit, &val); err != nil {
			return errs.Wrap(op, err)
		}
		if id != curID {
			if curID != "" {
				if err := fn(cur); err != nil {
					return err
				}
			}
			n++
			curID, cur = id, row
			cur.Number, cur.Channel, cur.AnsweredOn, cur.Values = n, Channel(ch), row.AnsweredOn.UTC(), map[string]int{}
		}
		if crit.Valid && val.Valid {
			cur.Values[crit.String] = int(val.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return errs.Wrap(op, err)
	}
	if curID != "" {
		return fn(cur)
	}
	return nil
}
