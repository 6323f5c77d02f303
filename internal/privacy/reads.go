package privacy

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// Read is one officer's read of a page showing a person (table personal_reads).
type Read struct {
	ID          string
	At          time.Time
	UserID      string
	UserName    string
	Role        string
	SubjectType string
	SubjectID   string
	Route       string
}

// RecordRead stores a read the shell reports (web.Server.LogPersonalReads). It is a plain
// insert, not an audit entry: reads change nothing and would flood the audit chain.
func (s *Service) RecordRead(ctx context.Context, r web.PersonalRead) error {
	return recordRead(ctx, s.d, r)
}

// ReadRecorder is RecordRead holding the database only, for the shell's declaration: the
// shell keeps it beside the server, and it must not keep the rest of the app alive.
func ReadRecorder(d *db.DB) func(ctx context.Context, r web.PersonalRead) error {
	return func(ctx context.Context, r web.PersonalRead) error { return recordRead(ctx, d, r) }
}

func recordRead(ctx context.Context, d *db.DB, r web.PersonalRead) error {
	_, err := d.Exec(ctx, `INSERT INTO personal_reads (commune_id, id, at, user_id, user_name, role, subject_type, subject_id, route)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		r.CommuneID, uuid.Must(uuid.NewV7()).String(), r.At.UTC().Truncate(time.Microsecond), r.UserID, r.UserName, r.Role,
		r.SubjectType, r.SubjectID, r.Route)
	return errs.Wrap("privacy: record read", err)
}

// ReadFilter selects reads: of one subject, by one officer, or all.
type ReadFilter struct {
	SubjectType, SubjectID string
	UserID                 string
	Limit, Offset          int
}

// Subject is "type:id" as the log's filter writes it; ParseSubject reads it back.
func Subject(typ, id string) string { return typ + ":" + id }

// ParseSubject splits "type:id"; false when it is not of that shape.
func ParseSubject(v string) (typ, id string, ok bool) {
	typ, id, ok = strings.Cut(strings.TrimSpace(v), ":")
	if !ok || typ == "" || id == "" || len(v) > 300 {
		return "", "", false
	}
	return typ, id, true
}

// Reads returns a page of the read log, newest first, and how many match.
func (s *Service) Reads(ctx context.Context, communeID string, f ReadFilter) ([]Read, int, error) {
	const op = "privacy: reads"
	where := ` WHERE commune_id = $1`
	args := []any{communeID}
	if f.SubjectType != "" {
		args = append(args, f.SubjectType, f.SubjectID)
		where += ` AND subject_type = $2 AND subject_id = $3`
	}
	if f.UserID != "" {
		args = append(args, f.UserID)
		where += ` AND user_id = $` + strconv.Itoa(len(args))
	}
	out, total, err := db.Page(ctx, s.d, "id, at, user_id, user_name, role, subject_type, subject_id, route", "personal_reads"+where,
		"at DESC, id DESC", args, f.Limit, f.Offset, func(row db.Scanner) (Read, error) {
			var r Read
			err := row.Scan(&r.ID, &r.At, &r.UserID, &r.UserName, &r.Role, &r.SubjectType, &r.SubjectID, &r.Route)
			r.At = r.At.UTC()
			return r, err
		})
	return out, total, errs.Wrap(op, err)
}

// Reader is an officer who read personal data, for the log's filter.
type Reader struct{ ID, Name string }

// Readers lists the officers found in the log (at most 500), by name.
func (s *Service) Readers(ctx context.Context, communeID string) ([]Reader, error) {
	const op = "privacy: readers"
	rows, err := s.d.Query(ctx, `SELECT user_id, MAX(user_name) FROM personal_reads WHERE commune_id = $1
		GROUP BY user_id ORDER BY MAX(user_name), user_id LIMIT 500`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Reader
	for rows.Next() {
		var r Reader
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, r)
	}
	return out, errs.Wrap(op, rows.Err())
}
