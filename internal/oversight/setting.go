package oversight

import (
	"context"
	"database/sql"
	"errors"

	"xaso/internal/audit"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// settingDirectedBy is the commune setting naming the body that recognises the boards'
// election results and directs them.
const settingDirectedBy = "oversight.directed_by"

// TopicSettingSaved: the body directing the boards was changed. Payload {"directed_by"}.
const TopicSettingSaved = "oversight.setting.saved"

// DefaultDirectedBy is the body Law 10/2022 Art. 36, 39 and 41 name in their 2023 text: the
// Standing Board of the commune's Fatherland Front Committee. Law 97/2025/QH15 (in force 1
// July 2025) reorganised the Front and amended the grassroots-democracy law; its amended
// articles could not be read when this was written, so the commune sets the body the texts
// in force name, and every new board and report uses it.
func DefaultDirectedBy(communeName string) string {
	return "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã " + communeName
}

// DirectedBy is the commune's setting, or the default.
func (s *Service) DirectedBy(ctx context.Context, communeID string) (string, error) {
	const op = "oversight: directed by"
	var v string
	err := s.d.QueryRow(ctx, `SELECT value FROM settings WHERE commune_id = $1 AND key = $2`, communeID, settingDirectedBy).Scan(&v)
	if err == nil && v != "" {
		return v, nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", errs.Wrap(op, err)
	}
	c, err := commune.GetCommune(ctx, s.d, communeID)
	if err != nil {
		return "", errs.Wrap(op, err)
	}
	return DefaultDirectedBy(c.Name), nil
}

// SaveDirectedBy sets the body directing the boards.
func (s *Service) SaveDirectedBy(ctx context.Context, communeID string, by audit.Actor, body string) (string, error) {
	const op = "oversight: save directed by"
	fe := errs.FieldErrors{}
	v := readText(fe, "directed_by", body, maxLine, true)
	if err := fe.Err(op); err != nil {
		return "", err
	}
	before, err := s.DirectedBy(ctx, communeID)
	if err != nil {
		return "", err
	}
	err = s.tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO settings (commune_id, key, value, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (commune_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			communeID, settingDirectedBy, v, tx.Now); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.setting.directed_by", "setting", settingDirectedBy,
			audit.Change{Before: map[string]any{"directed_by": before}, After: map[string]any{"directed_by": v}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicSettingSaved, map[string]any{"directed_by": v})
	})
	return v, err
}
