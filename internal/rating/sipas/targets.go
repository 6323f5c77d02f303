package sipas

import (
	"context"
	"strconv"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// The commune's target for a year's index is a setting: the 2025 plan (section I.4) asks to
// maintain, improve and raise the SIPAS index every year but names no figure, so the commune
// sets its own, in hundredths of a percent. The year's index compared with it is that of the
// year's latest closed survey (surveys of one year may use different methods, whose answers
// cannot be pooled).

// Target is a year's target.
type Target struct {
	Year       int
	Hundredths int64
	UpdatedBy  string
}

// Text is the target as a percent in lang.
func (t Target) Text(lang string) string { return HundredthsText(lang, t.Hundredths) }

// ParsePercent reads a percent as people type it: "85", "85,5", "85.50", "85,5 %". It returns
// hundredths of a percent, between 0 and 100 %.
func ParsePercent(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" || len(s) > 8 {
		return 0, false
	}
	whole, frac, _ := strings.Cut(strings.ReplaceAll(s, ",", "."), ".")
	if whole == "" || len(frac) > 2 || strings.ContainsAny(whole+frac, "+-. ") {
		return 0, false
	}
	w, err := strconv.Atoi(whole)
	if err != nil {
		return 0, false
	}
	f := 0
	if frac != "" {
		if f, err = strconv.Atoi(frac); err != nil {
			return 0, false
		}
		if len(frac) == 1 {
			f *= 10
		}
	}
	h := int64(w)*100 + int64(f)
	if h < 0 || h > 10000 {
		return 0, false
	}
	return h, true
}

// Limits of a target's year.
const (
	minYear = 2017
	maxYear = 2100
)

// SetTarget sets (or changes) the target of a year.
func (s *Service) SetTarget(ctx context.Context, communeID string, by audit.Actor, year, percent string) (Target, error) {
	const op = "sipas: set target"
	fe := errs.FieldErrors{}
	y, err := strconv.Atoi(strings.TrimSpace(year))
	if err != nil || y < minYear || y > maxYear {
		fe["year"] = "sipas.err.year"
	}
	h, ok := ParsePercent(percent)
	if !ok {
		fe["target"] = "sipas.err.target"
	}
	if err := fe.Err(op); err != nil {
		return Target{}, err
	}
	t := Target{Year: y, Hundredths: h, UpdatedBy: by.Name}
	err = s.tx(ctx, func(tx *db.Tx) error {
		var before any
		var old int64
		switch err := tx.QueryRow(ctx, `SELECT target_bp FROM sipas_targets WHERE commune_id = $1 AND year = $2`, communeID, y).Scan(&old); err {
		case nil:
			before = map[string]any{"year": y, "target_hundredths": old}
			_, err = tx.Exec(ctx, `UPDATE sipas_targets SET target_bp = $3, updated_at = $4, updated_by = $5 WHERE commune_id = $1 AND year = $2`,
				communeID, y, h, s.stamp(), by.Name)
			if err != nil {
				return errs.Wrap(op, err)
			}
		default:
			if !isNoRows(err) {
				return errs.Wrap(op, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO sipas_targets (commune_id, year, target_bp, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)`,
				communeID, y, h, s.stamp(), by.Name); err != nil {
				return errs.Wrap(op, err)
			}
		}
		if err := audit.Record(ctx, tx, communeID, by, actionTarget, "sipas_target", strconv.Itoa(y), audit.Change{Before: before,
			After: map[string]any{"year": y, "target_hundredths": h}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicTargetSet, map[string]any{"year": y, "target_hundredths": h})
	})
	if err != nil {
		return Target{}, err
	}
	return t, nil
}

// Targets lists the commune's targets, the latest year first.
func (s *Service) Targets(ctx context.Context, communeID string) ([]Target, error) {
	const op = "sipas: targets"
	rows, err := s.d.Query(ctx, `SELECT year, target_bp, updated_by FROM sipas_targets WHERE commune_id = $1 ORDER BY year DESC LIMIT 100`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		if err := rows.Scan(&t.Year, &t.Hundredths, &t.UpdatedBy); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, t)
	}
	return out, errs.Wrap(op, rows.Err())
}

// TargetOf is a year's target, if set.
func (s *Service) TargetOf(ctx context.Context, communeID string, year int) (Target, bool, error) {
	t := Target{Year: year}
	err := s.d.QueryRow(ctx, `SELECT target_bp, updated_by FROM sipas_targets WHERE commune_id = $1 AND year = $2`, communeID, year).
		Scan(&t.Hundredths, &t.UpdatedBy)
	if isNoRows(err) {
		return t, false, nil
	}
	if err != nil {
		return t, false, errs.Wrap("sipas: target", err)
	}
	return t, true, nil
}
