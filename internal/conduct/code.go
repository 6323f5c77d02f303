package conduct

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// CodeVersion is one version of the commune's code of conduct. Version 0 is the plan's wording
// (DefaultCode), shown while the commune has published none.
type CodeVersion struct {
	ID          string
	Version     int
	Title       string
	Intro       string
	Xin         []string // "4 xin"
	Luon        []string // "4 luôn"
	Khong       []string // "5 không"
	Basis       string
	EffectiveOn calendar.Date
	Note        string // what changed
	CreatedAt   time.Time
	CreatedBy   string
}

// Default reports whether v is the plan's wording, not a version the commune published.
func (v CodeVersion) Default() bool { return v.Version == 0 }

// Group returns the items of a group (GroupXin, GroupLuon, GroupKhong).
func (v CodeVersion) Group(g string) []string {
	switch g {
	case GroupXin:
		return v.Xin
	case GroupLuon:
		return v.Luon
	case GroupKhong:
		return v.Khong
	}
	return nil
}

// CodeInput is a new version as the form sends it: each group one item per line.
type CodeInput struct {
	Title, Intro, Xin, Luon, Khong, Basis, EffectiveOn, Note string
}

// Lines of a group as typed: one item per line, empty lines dropped, list marks ("-", "+",
// "•") taken off.
func items(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-+•*"))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// ParseCode checks a new version: a title, every group with 1 to 20 items of at most 300
// characters, a valid effective day. It returns the version (not yet stored) and the field
// errors.
func ParseCode(in CodeInput) (CodeVersion, map[string]string) {
	fe := map[string]string{}
	var v CodeVersion
	var ok bool
	if v.Title, ok = clean(in.Title, maxTitle); !ok {
		fe["title"] = "conduct.err.too_long"
	} else if v.Title == "" {
		fe["title"] = "conduct.err.title_required"
	}
	if v.Intro, ok = clean(in.Intro, maxIntro); !ok {
		fe["intro"] = "conduct.err.too_long"
	}
	if v.Basis, ok = clean(in.Basis, maxIntro); !ok {
		fe["basis"] = "conduct.err.too_long"
	}
	if v.Note, ok = clean(in.Note, maxIntro); !ok {
		fe["note"] = "conduct.err.too_long"
	}
	for _, g := range []struct {
		name string
		text string
		to   *[]string
	}{{GroupXin, in.Xin, &v.Xin}, {GroupLuon, in.Luon, &v.Luon}, {GroupKhong, in.Khong, &v.Khong}} {
		text, _ := clean(g.text, maxItems*(maxItem+2))
		list := items(text)
		switch {
		case len(list) == 0:
			fe[g.name] = "conduct.err.group_required"
		case len(list) > maxItems:
			fe[g.name] = "conduct.err.group_long"
		}
		for _, it := range list {
			if len([]rune(it)) > maxItem {
				fe[g.name] = "conduct.err.item_long"
			}
		}
		*g.to = list
	}
	d, ok := ParseDay(in.EffectiveOn)
	if !ok {
		fe["effective_on"] = "conduct.err.date_invalid"
	}
	v.EffectiveOn = d
	return v, fe
}

const codeCols = `id, version, title, intro, xin, luon, khong, basis, effective_on, note, created_at, created_by`

func scanCode(row interface{ Scan(...any) error }) (CodeVersion, error) {
	var v CodeVersion
	var xin, luon, khong, eff string
	if err := row.Scan(&v.ID, &v.Version, &v.Title, &v.Intro, &xin, &luon, &khong, &v.Basis, &eff, &v.Note, &v.CreatedAt, &v.CreatedBy); err != nil {
		return v, err
	}
	v.Xin, v.Luon, v.Khong = items(xin), items(luon), items(khong)
	v.EffectiveOn, _ = calendar.ParseDate(eff)
	v.CreatedAt = v.CreatedAt.UTC()
	return v, nil
}

// Code returns the version in force: the highest published, or the plan's wording.
func (s *Service) Code(ctx context.Context, communeID string) (CodeVersion, error) {
	v, err := scanCode(s.d.QueryRow(ctx, `SELECT `+codeCols+` FROM conduct_codes WHERE commune_id = $1 ORDER BY version DESC LIMIT 1`, communeID))
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultCode(), nil
	}
	return v, errs.Wrap("conduct: code", err)
}

// CodeVersionNo returns one published version.
func (s *Service) CodeVersionNo(ctx context.Context, communeID string, version int) (CodeVersion, error) {
	v, err := scanCode(s.d.QueryRow(ctx, `SELECT `+codeCols+` FROM conduct_codes WHERE commune_id = $1 AND version = $2`, communeID, version))
	if err != nil {
		return v, notFound("conduct: code version", err)
	}
	return v, nil
}

// CodeVersions returns a page of the published versions, newest first, and how many there are.
func (s *Service) CodeVersions(ctx context.Context, communeID string, limit, offset int) ([]CodeVersion, int, error) {
	const op = "conduct: code versions"
	limit, offset = limits(limit, offset)
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM conduct_codes WHERE commune_id = $1`, communeID).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT `+codeCols+` FROM conduct_codes WHERE commune_id = $1 ORDER BY version DESC
		LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), communeID)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []CodeVersion
	for rows.Next() {
		v, err := scanCode(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, v)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// PublishCode stores a new version of the code of conduct, numbered after the last one, with
// its audit entry and event. The earlier versions are kept.
func (s *Service) PublishCode(ctx context.Context, communeID string, by audit.Actor, in CodeInput) (CodeVersion, error) {
	const op = "conduct: publish code"
	v, bad := ParseCode(in)
	if err := errs.FieldErrors(bad).Err(op); err != nil {
		return v, err
	}
	v.ID, v.CreatedAt, v.CreatedBy = uuid.Must(uuid.NewV7()).String(), s.stamp(), by.Name
	err := s.tx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM conduct_codes WHERE commune_id = $1`, communeID).Scan(&v.Version); err != nil {
			return errs.Wrap(op, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO conduct_codes (commune_id, version, id, title, intro, xin, luon, khong, basis, effective_on,
			note, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			communeID, v.Version, v.ID, v.Title, v.Intro, strings.Join(v.Xin, "\n"), strings.Join(v.Luon, "\n"), strings.Join(v.Khong, "\n"),
			v.Basis, v.EffectiveOn.String(), v.Note, v.CreatedAt, v.CreatedBy); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.E(op, errs.Conflict, "conduct.err.code_conflict")
			}
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionCode, "conduct_code", v.ID, audit.Change{After: map[string]any{
			"version": v.Version, "title": v.Title, "xin": v.Xin, "luon": v.Luon, "khong": v.Khong, "effective_on": v.EffectiveOn.String(),
			"note": v.Note}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicCodePublished, map[string]any{"id": v.ID, "version": v.Version,
			"effective_on": v.EffectiveOn.String()})
	})
	if err != nil {
		return CodeVersion{}, err
	}
	return v, nil
}

// SetReviewDays changes the commune's review time (working days), with its audit entry and event.
func (s *Service) SetReviewDays(ctx context.Context, communeID string, by audit.Actor, days string) (Settings, error) {
	const op = "conduct: settings"
	n, err := strconv.Atoi(strings.TrimSpace(days))
	if err != nil || n < MinReviewDays || n > MaxReviewDays {
		return Settings{}, errs.FieldErrors{"review_days": "conduct.err.review_days"}.Err(op)
	}
	var before Settings
	err = s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if before, err = settingsOf(ctx, tx, communeID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO settings (commune_id, key, value, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (commune_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			communeID, settingReviewDays, strconv.Itoa(n), tx.Now); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionSettings, "conduct_settings", communeID, audit.Change{
			Before: map[string]any{"review_days": before.ReviewDays}, After: map[string]any{"review_days": n}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicSettings, map[string]any{"review_days": n})
	})
	if err != nil {
		return Settings{}, err
	}
	return Settings{ReviewDays: n}, nil
}
