package sipas

import (
	"context"
	"database/sql"
	"io"
	"strings"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// EnsureBuiltin stores the shipped method for the commune once, and returns its id.
func (s *Service) EnsureBuiltin(ctx context.Context, communeID string) (string, error) {
	const op = "sipas: ensure builtin method"
	b := Builtin()
	var id string
	err := s.d.QueryRow(ctx, `SELECT id FROM sipas_methods WHERE commune_id = $1 AND code = $2 AND version = $3`,
		communeID, b.Code, b.Version).Scan(&id)
	if err == nil {
		return id, nil
	}
	if err != sql.ErrNoRows {
		return "", errs.Wrap(op, err)
	}
	m, err := s.storeMethod(ctx, communeID, audit.System, b)
	if err != nil && errs.KindOf(err) == errs.Conflict { // stored meanwhile by another request
		err = s.d.QueryRow(ctx, `SELECT id FROM sipas_methods WHERE commune_id = $1 AND code = $2 AND version = $3`,
			communeID, b.Code, b.Version).Scan(&id)
		return id, errs.Wrap(op, err)
	}
	return m.ID, err
}

// LoadMethod reads a commune's method from JSON and stores it. A method of the same code and
// version already stored is refused: a method is never changed once stored.
func (s *Service) LoadMethod(ctx context.Context, communeID string, by audit.Actor, r io.Reader) (Method, error) {
	m, err := ParseMethod(r)
	if err != nil {
		return Method{}, err
	}
	return s.storeMethod(ctx, communeID, by, m)
}

func (s *Service) storeMethod(ctx context.Context, communeID string, by audit.Actor, m Method) (Method, error) {
	const op = "sipas: store method"
	m.ID = uuid.Must(uuid.NewV7()).String()
	err := s.tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sipas_methods (commune_id, id, code, version, name, legal_basis, effective_from,
			verified, note, body, builtin, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			communeID, m.ID, m.Code, m.Version, m.Name, m.LegalBasis, m.EffectiveFrom.String(), m.Verified, m.Note, m.encode(),
			m.Builtin, s.stamp(), by.Name); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.E(op, errs.Conflict, "sipas.err.method.exists", m.Code, m.Version)
			}
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionMethodLoad, "sipas_method", m.ID, audit.Change{After: map[string]any{
			"code": m.Code, "version": m.Version, "legal_basis": m.LegalBasis, "effective_from": m.EffectiveFrom.String(),
			"verified": m.Verified, "criteria": len(m.Criteria())}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicMethodLoaded, map[string]any{"id": m.ID, "code": m.Code, "version": m.Version,
			"verified": m.Verified})
	})
	if err != nil {
		return Method{}, err
	}
	return m, nil
}

// decodeStored reads a stored method's body.
func decodeStored(id, body string, builtin bool) (Method, error) {
	m, err := ParseMethod(strings.NewReader(body))
	if err != nil {
		return Method{}, err
	}
	m.ID, m.Builtin = id, builtin
	return m, nil
}

// Method returns a stored method.
func (s *Service) Method(ctx context.Context, communeID, id string) (Method, error) {
	return methodOf(ctx, s.d, communeID, id)
}

func methodOf(ctx context.Context, q db.Q, communeID, id string) (Method, error) {
	const op = "sipas: method"
	var body string
	var builtin bool
	if err := q.QueryRow(ctx, `SELECT body, builtin FROM sipas_methods WHERE commune_id = $1 AND id = $2`, communeID, id).Scan(&body, &builtin); err != nil {
		return Method{}, notFound(op, err)
	}
	m, err := decodeStored(id, body, builtin)
	return m, errs.Wrap(op, err)
}

// Methods lists the commune's methods, the latest effective first (the shipped one is stored
// first if it is not yet). A commune holds a handful.
func (s *Service) Methods(ctx context.Context, communeID string) ([]Method, error) {
	const op = "sipas: methods"
	if _, err := s.EnsureBuiltin(ctx, communeID); err != nil {
		return nil, err
	}
	rows, err := s.d.Query(ctx, `SELECT id, body, builtin FROM sipas_methods WHERE commune_id = $1
		ORDER BY effective_from DESC, created_at DESC, id DESC LIMIT 100`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Method
	for rows.Next() {
		var id, body string
		var builtin bool
		if err := rows.Scan(&id, &body, &builtin); err != nil {
			return nil, errs.Wrap(op, err)
		}
		m, err := decodeStored(id, body, builtin)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, m)
	}
	return out, errs.Wrap(op, rows.Err())
}
