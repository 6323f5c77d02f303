package rating

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// RecordedEvent is the payload of rating.recorded. The conduct room, which turns a level ≤ 2
// into a conduct report, reads exactly these names: do not rename them.
type RecordedEvent struct {
	CommuneID     string    `json:"commune_id"`
	RatingID      string    `json:"rating_id"`
	SubjectType   string    `json:"subject_type"`
	SubjectID     string    `json:"subject_id"`
	DossierCode   string    `json:"dossier_code"`
	ProcedureCode string    `json:"procedure_code"`
	ProcedureName string    `json:"procedure_name"`
	OfficerID     string    `json:"officer_id"`
	OfficerName   string    `json:"officer_name"`
	Level         int       `json:"level"`
	Reasons       []string  `json:"reasons"`
	Comment       string    `json:"comment"`
	Channel       string    `json:"channel"`
	At            time.Time `json:"at"`
}

// Rate records a resident's rating of the dossier with this code, once: the rules check, then
// one transaction with the row, its audit entry and the event rating.recorded. A dossier not
// returned yet is NotFound (rating.err.not_returned); a dossier rated already, even by a rating
// arriving at the same moment, is a Conflict (rating.err.already_rated) and nothing changes.
func (s *Service) Rate(ctx context.Context, communeID, code string, in Input, ch Channel, by audit.Actor) (Rating, error) {
	return s.rate(ctx, communeID, SubjectDossier, code, in, ch, by, time.Time{}, nil)
}

// RateAtCounter records the rating given on the tablet of the signed-in officer: only the
// dossier the tablet offers may be rated there (OfferedAtCounter); another is Conflict
// (rating.err.counter_gone), so that the tablet cannot rate any dossier by its code.
func (s *Service) RateAtCounter(ctx context.Context, communeID, code string, in Input, officer audit.Actor) (Rating, error) {
	return s.rate(ctx, communeID, SubjectDossier, code, in, ChannelCounter, officer, time.Time{}, func(sub Subject, now time.Time) error {
		if !OfferedAtCounter(sub, officer.ID, now) {
			return errs.E("rating: rate at counter", errs.Conflict, "rating.err.counter_gone")
		}
		return nil
	})
}

// rate records the rating; at is its moment (the transaction's when zero: the demo's ratings
// are given in the past); allowed, when not nil, may refuse the subject.
func (s *Service) rate(ctx context.Context, communeID string, typ SubjectType, code string, in Input, ch Channel, by audit.Actor, at time.Time,
	allowed func(Subject, time.Time) error) (Rating, error) {
	const op = "rating: rate"
	in, fe := Check(in)
	if fe != nil {
		return Rating{}, fe.Err(op)
	}
	var r Rating
	err := s.tx(ctx, func(tx *db.Tx) error {
		sub, err := subjectByCode(ctx, tx, communeID, typ, code)
		if err != nil {
			return err
		}
		if allowed != nil {
			if err := allowed(sub, tx.Now); err != nil {
				return err
			}
		}
		if at.IsZero() {
			at = tx.Now
		}
		at = at.UTC().Truncate(time.Microsecond)
		r = Rating{ID: uuid.Must(uuid.NewV7()).String(), SubjectType: sub.Type, SubjectID: sub.ID, Code: sub.Code,
			ProcedureCode: sub.ProcedureCode, ProcedureName: sub.ProcedureName, OfficerID: sub.OfficerID, OfficerName: sub.OfficerName,
			Level: in.Level, Reasons: in.Reasons, Comment: in.Comment, Channel: ch, RatedAt: at}
		if r.Reasons == nil {
			r.Reasons = []string{}
		}
		reasons, _ := json.Marshal(r.Reasons)
		// ON CONFLICT DO NOTHING on the unique key: of two ratings arriving together, the
		// second waits for the first (PostgreSQL) or runs after it (SQLite) and inserts nothing.
		res, err := tx.Exec(ctx, `INSERT INTO ratings (commune_id, id, subject_type, subject_id, code, procedure_code, procedure_name,
			officer_id, officer_name, level, reasons, comment, channel, month, rated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
			ON CONFLICT (commune_id, subject_type, subject_id) DO NOTHING`,
			communeID, r.ID, r.SubjectType, r.SubjectID, r.Code, r.ProcedureCode, r.ProcedureName, r.OfficerID, r.OfficerName,
			r.Level, string(reasons), r.Comment, r.Channel, monthOf(at), at)
		if err != nil {
			if db.IsUniqueViolation(err) {
				return errs.E(op, errs.Conflict, "rating.err.already_rated")
			}
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return errs.Wrap(op, err)
		} else if n == 0 {
			return errs.E(op, errs.Conflict, "rating.err.already_rated")
		}
		if err := audit.Record(ctx, tx, communeID, by, actionRate, "rating", r.ID, audit.Change{After: map[string]any{
			string(typ): r.Code, "level": r.Level, "reasons": r.Reasons, "channel": r.Channel, "comment": r.Comment != ""}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicRecorded, RecordedEvent{CommuneID: communeID, RatingID: r.ID,
			SubjectType: string(r.SubjectType), SubjectID: r.SubjectID, DossierCode: r.Code, ProcedureCode: r.ProcedureCode,
			ProcedureName: r.ProcedureName, OfficerID: r.OfficerID, OfficerName: r.OfficerName, Level: r.Level, Reasons: r.Reasons,
			Comment: r.Comment, Channel: string(r.Channel), At: r.RatedAt})
	})
	if err != nil {
		return Rating{}, err
	}
	return r, nil
}

const ratingCols = `id, subject_type, subject_id, code, procedure_code, procedure_name, officer_id, officer_name, level, reasons,
	comment, channel, rated_at`

func scanRating(row interface{ Scan(...any) error }) (Rating, error) {
	var r Rating
	var reasons string
	if err := row.Scan(&r.ID, &r.SubjectType, &r.SubjectID, &r.Code, &r.ProcedureCode, &r.ProcedureName, &r.OfficerID,
		&r.OfficerName, &r.Level, &reasons, &r.Comment, &r.Channel, &r.RatedAt); err != nil {
		return r, err
	}
	r.RatedAt = r.RatedAt.UTC()
	if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
		return r, err
	}
	return r, nil
}

// RatingOf returns the rating of the dossier with this code; ok false when it is not rated.
func (s *Service) RatingOf(ctx context.Context, communeID, code string) (Rating, bool, error) {
	return s.ratingOf(ctx, communeID, SubjectDossier, code)
}

func (s *Service) ratingOf(ctx context.Context, communeID string, typ SubjectType, code string) (Rating, bool, error) {
	r, err := scanRating(s.d.QueryRow(ctx, `SELECT `+ratingCols+` FROM ratings WHERE commune_id = $1 AND subject_type = $2 AND code = $3`,
		communeID, typ, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Rating{}, false, nil
	}
	if err != nil {
		return Rating{}, false, errs.Wrap("rating: rating of", err)
	}
	return r, true, nil
}
