package commune

import (
	"context"
	"database/sql"
	"errors"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Hamlet is a xóm (thôn, tổ dân phố): the unit households belong to and community meetings
// are held in.
type Hamlet struct {
	ID       string
	Name     string // "Xóm Đồng Kệu"
	HeadName string // Trưởng xóm
	// HeadUserID is the account of the hamlet head (role hamlethead), who sees this hamlet's
	// households and residents; empty when none is assigned.
	HeadUserID string
	SortOrder  int
	Households int // filled by ListHamlets and GetHamlet
}

func (h *Hamlet) normalize() errs.FieldErrors {
	fe := errs.FieldErrors{}
	h.Name, h.HeadName = clean(h.Name), clean(h.HeadName)
	if h.Name == "" {
		fe["name"] = "commune.hamlet.name_required"
	} else if tooLong(h.Name, maxName) {
		fe["name"] = "commune.too_long"
	}
	if tooLong(h.HeadName, maxName) {
		fe["head_name"] = "commune.too_long"
	}
	return fe
}

func (h Hamlet) auditView() map[string]any {
	return map[string]any{"name": h.Name, "head_name": h.HeadName, "head_user_id": h.HeadUserID, "sort_order": h.SortOrder}
}

const hamletSelect = `SELECT hm.id, hm.name, hm.head_name, hm.head_user_id, hm.sort_order,
	(SELECT count(*) FROM households h WHERE h.commune_id = hm.commune_id AND h.hamlet_id = hm.id)
	FROM hamlets hm WHERE hm.commune_id = $1`

func scanHamlet(row interface{ Scan(...any) error }) (Hamlet, error) {
	var h Hamlet
	err := row.Scan(&h.ID, &h.Name, &h.HeadName, &h.HeadUserID, &h.SortOrder, &h.Households)
	return h, err
}

// ListHamlets returns every hamlet of the commune in display order, with household counts,
// in one query (a commune has tens of hamlets, not thousands: no paging).
func (s *Store) ListHamlets(ctx context.Context, communeID string) ([]Hamlet, error) {
	const op = "commune: list hamlets"
	rows, err := s.d.Query(ctx, hamletSelect+` ORDER BY hm.sort_order, hm.name, hm.id`, communeID)
	if err != nil {
		return nil, dbErr(op, err)
	}
	defer rows.Close()
	var out []Hamlet
	for rows.Next() {
		h, err := scanHamlet(rows)
		if err != nil {
			return nil, dbErr(op, err)
		}
		out = append(out, h)
	}
	return out, errs.Wrap(op, rows.Err())
}

// HamletsHeadedBy returns the ids of the hamlets whose head is the account userID.
func (s *Store) HamletsHeadedBy(ctx context.Context, communeID, userID string) ([]string, error) {
	const op = "commune: hamlets headed by"
	rows, err := s.d.Query(ctx, `SELECT id FROM hamlets WHERE commune_id = $1 AND head_user_id = $2 AND head_user_id <> '' ORDER BY id`, communeID, userID)
	if err != nil {
		return nil, dbErr(op, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, dbErr(op, err)
		}
		out = append(out, id)
	}
	return out, errs.Wrap(op, rows.Err())
}

// GetHamlet returns one hamlet of the commune.
func (s *Store) GetHamlet(ctx context.Context, communeID, id string) (Hamlet, error) {
	return getHamlet(ctx, s.d, communeID, id)
}

func getHamlet(ctx context.Context, q db.Q, communeID, id string) (Hamlet, error) {
	const op = "commune: get hamlet"
	h, err := scanHamlet(q.QueryRow(ctx, hamletSelect+` AND hm.id = $2`, communeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, errs.E(op, errs.NotFound, "commune.hamlet.not_found")
	}
	return h, dbErr(op, err)
}

// CreateHamlet adds a hamlet. Fields: name, head_name.
func (s *Store) CreateHamlet(ctx context.Context, communeID string, actor audit.Actor, h Hamlet) (Hamlet, error) {
	const op = "commune: create hamlet"
	if err := h.normalize().Err(op); err != nil {
		return h, err
	}
	h.ID, h.Households = newID(), 0
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		if err := hamletNameFree(ctx, tx, op, communeID, h); err != nil {
			return err
		}
		if h.SortOrder == 0 {
			// New hamlets go last unless told otherwise.
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(sort_order), 0) + 1 FROM hamlets WHERE commune_id = $1`, communeID).Scan(&h.SortOrder); err != nil {
				return dbErr(op, err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO hamlets (commune_id, id, name, head_name, head_user_id, sort_order, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, communeID, h.ID, h.Name, h.HeadName, h.HeadUserID, h.SortOrder, tx.Now); err != nil {
			return dbErr(op, err)
		}
		return record(ctx, tx, op, communeID, actor, "hamlet.create", "hamlet", h.ID, audit.Change{After: h.auditView()},
			TopicHamletCreated, map[string]string{"id": h.ID})
	})
	return h, err
}

// UpdateHamlet saves a hamlet's name, head and order.
func (s *Store) UpdateHamlet(ctx context.Context, communeID string, actor audit.Actor, h Hamlet) (Hamlet, error) {
	const op = "commune: update hamlet"
	if err := h.normalize().Err(op); err != nil {
		return h, err
	}
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		old, err := getHamlet(ctx, tx, communeID, h.ID)
		if err != nil {
			return err
		}
		h.Households = old.Households
		if err := hamletNameFree(ctx, tx, op, communeID, h); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE hamlets SET name = $3, head_name = $4, head_user_id = $5, sort_order = $6, updated_at = $7
			WHERE commune_id = $1 AND id = $2`, communeID, h.ID, h.Name, h.HeadName, h.HeadUserID, h.SortOrder, tx.Now); err != nil {
			return dbErr(op, err)
		}
		before, after := changed(old.auditView(), h.auditView())
		return record(ctx, tx, op, communeID, actor, "hamlet.update", "hamlet", h.ID, audit.Change{Before: before, After: after},
			TopicHamletUpdated, map[string]string{"id": h.ID})
	})
	return h, err
}

func hamletNameFree(ctx context.Context, tx *db.Tx, op, communeID string, h Hamlet) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM hamlets WHERE commune_id = $1 AND name = $2 AND id <> $3`,
		communeID, h.Name, h.ID).Scan(&n); err != nil {
		return dbErr(op, err)
	}
	if n > 0 {
		return errs.FieldErrors{"name": "commune.hamlet.name_taken"}.Err(op)
	}
	return nil
}

// record writes the audit entry and the outbox event of a change.
func record(ctx context.Context, tx *db.Tx, op, communeID string, actor audit.Actor, action, objectType, objectID string,
	change audit.Change, topic string, payload any) error {
	if err := audit.Record(ctx, tx, communeID, actor, action, objectType, objectID, change); err != nil {
		return dbErr(op, err)
	}
	if err := events.Publish(ctx, tx, communeID, topic, payload); err != nil {
		return dbErr(op, err)
	}
	return nil
}
