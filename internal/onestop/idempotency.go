package onestop

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"xaso/internal/db"
	"xaso/internal/errs"
)

// Intakes done once per key: the API's Idempotency-Key header and the desk form's one-time
// token. The key is claimed in the intake's own transaction (a row of onestop_idempotency,
// unique by commune, caller and key), so of two requests at once with the same key one
// creates the dossier and the other, blocked on that row (PostgreSQL) or on the single writer
// (SQLite), fails its claim, rolls back its dossier and answers with what the first stored.

// OnceKey names an intake that must happen once.
type OnceKey struct {
	CommuneID string // the commune the request came to (the scope of its keys)
	Caller    string // who asks: the user, and the token when there is one
	Key       string
	BodySHA   string // the request's body: the same key with another body is refused
	TTL       time.Duration
	// Reply is the answer stored for a repeat (the API's status and JSON); nil stores only the
	// dossier's code.
	Reply func(Dossier, Procedure) (int, []byte)
}

// OnceReply is what the first request with a key stored.
type OnceReply struct {
	BodySHA string
	Status  int
	Body    []byte
	Code    string // the dossier created
}

// DefaultOnceTTL is how long a key is remembered.
const DefaultOnceTTL = 24 * time.Hour

// errOnceTaken: another request claimed the key first.
var errOnceTaken = errors.New("onestop: idempotency key already used")

// ErrIdempotencyMismatch is the 422 of a key used again with another body.
var ErrIdempotencyMismatch = errs.E("onestop: intake", errs.Invalid, "onestop.idempotency_mismatch")

func claimOnce(ctx context.Context, tx *db.Tx, _ string, k *OnceKey, d Dossier, p Procedure, now time.Time) error {
	status, body := 0, []byte(nil)
	if k.Reply != nil {
		status, body = k.Reply(d, p)
	}
	ttl := k.TTL
	if ttl <= 0 {
		ttl = DefaultOnceTTL
	}
	_, err := tx.Exec(ctx, `INSERT INTO onestop_idempotency (commune_id, caller, key, body_sha256, status, response, dossier_code,
		created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		k.CommuneID, k.Caller, k.Key, k.BodySHA, status, string(body), d.Code, now, now.Add(ttl))
	if db.IsUniqueViolation(err) {
		return errOnceTaken
	}
	return errs.Wrap("onestop: idempotency", err)
}

// lookupOnce returns the stored answer of a live key; an expired one is forgotten.
func (s *Service) lookupOnce(ctx context.Context, k OnceKey) (OnceReply, bool, error) {
	const op = "onestop: idempotency"
	var rep OnceReply
	var body string
	var exp time.Time
	err := s.d.QueryRow(ctx, `SELECT body_sha256, status, response, dossier_code, expires_at FROM onestop_idempotency
		WHERE commune_id = $1 AND caller = $2 AND key = $3`, k.CommuneID, k.Caller, k.Key).Scan(&rep.BodySHA, &rep.Status, &body, &rep.Code, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return rep, false, nil
	}
	if err != nil {
		return rep, false, errs.Wrap(op, err)
	}
	if !s.nowUTC().Before(exp) {
		if _, err := s.d.Exec(ctx, `DELETE FROM onestop_idempotency WHERE commune_id = $1 AND caller = $2 AND key = $3 AND expires_at <= $4`,
			k.CommuneID, k.Caller, k.Key, s.nowUTC()); err != nil {
			return rep, false, errs.Wrap(op, err)
		}
		return rep, false, nil
	}
	rep.Body = []byte(body)
	return rep, true, nil
}

// IntakeOnce is Intake done once for k: a repeat of the key gets the first request's stored
// answer (rep) and creates nothing; a repeat with another body is ErrIdempotencyMismatch.
// refuse, when not "", refuses the dossier at intake with those reasons (RefuseAtIntake).
func (s *Service) IntakeOnce(ctx context.Context, communeID string, by Actor, r IntakeRequest, k OnceKey, refuse string) (Dossier, *OnceReply, error) {
	k.CommuneID = communeID
	// Old keys go, a few at a time, so the table stays small.
	if _, err := s.d.Exec(ctx, `DELETE FROM onestop_idempotency WHERE commune_id = $1 AND expires_at <= $2`, communeID, s.nowUTC()); err != nil {
		return Dossier{}, nil, errs.Wrap("onestop: idempotency", err)
	}
	repeat := func() (Dossier, *OnceReply, error) {
		rep, ok, err := s.lookupOnce(ctx, k)
		if err != nil || !ok {
			return Dossier{}, nil, err
		}
		if rep.BodySHA != k.BodySHA {
			return Dossier{}, nil, ErrIdempotencyMismatch
		}
		return Dossier{}, &rep, nil
	}
	if d, rep, err := repeat(); err != nil || rep != nil {
		return d, rep, err
	}
	r.once = &k
	var d Dossier
	var err error
	if refuse != "" {
		d, err = s.RefuseAtIntake(ctx, communeID, by, r, refuse)
	} else {
		d, err = s.Intake(ctx, communeID, by, r)
	}
	if errors.Is(err, errOnceTaken) {
		d, rep, err := repeat()
		if err == nil && rep == nil {
			err = errs.E("onestop: intake", errs.Conflict, "onestop.conflict")
		}
		return d, rep, err
	}
	return d, nil, err
}
