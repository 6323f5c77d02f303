package letters

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Limits of a template.
const (
	maxTitle = 200
	maxBody  = 6000
	// maxShort bounds the short text as written in the template: an SMS in Vietnamese (UCS-2)
	// takes 70 characters a part, so this is at most five parts with the placeholders filled.
	maxShort = 300
)

// templateIn is the commune's template of an occasion, or the shipped one (custom false).
func templateIn(ctx context.Context, q db.Q, communeID string, o Occasion) (Text, bool, error) {
	var t Text
	err := q.QueryRow(ctx, `SELECT title, body, short_text FROM letter_templates WHERE commune_id = $1 AND occasion = $2`,
		communeID, string(o)).Scan(&t.Title, &t.Body, &t.Short)
	if errors.Is(err, sql.ErrNoRows) {
		return Defaults[o], false, nil
	}
	if err != nil {
		return Text{}, false, errs.Wrap("letters: template", err)
	}
	return t, true, nil
}

// Template is the commune's template of an occasion and whether the commune wrote it (false:
// the shipped text).
func (s *Service) Template(ctx context.Context, communeID string, o Occasion) (Text, bool, error) {
	if !o.Valid() {
		return Text{}, false, errs.E("letters: template", errs.NotFound, "letters.err.not_found")
	}
	return templateIn(ctx, s.d, communeID, o)
}

// Customised lists the occasions whose template the commune wrote.
func (s *Service) Customised(ctx context.Context, communeID string) (map[Occasion]bool, error) {
	const op = "letters: customised"
	rows, err := s.d.Query(ctx, `SELECT occasion FROM letter_templates WHERE commune_id = $1`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	out := map[Occasion]bool{}
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out[Occasion(o)] = true
	}
	return out, errs.Wrap(op, rows.Err())
}

// TemplateError is a template refused: the problems by form field, each naming the
// placeholder. Its Fields are catalogue keys, so that a form can mark the fields.
type TemplateError struct {
	Problems map[string]*PlaceholderError
}

func (e *TemplateError) Error() string { return "letters: template refused" }

// Fields are the problems as form errors.
func (e *TemplateError) Fields() errs.FieldErrors {
	fe := errs.FieldErrors{}
	for f, p := range e.Problems {
		fe[f] = p.Key
	}
	return fe
}

// CheckTemplate cleans a template's parts and checks its placeholders; a problem is a
// *TemplateError inside an Invalid error (errs.Fields finds the fields).
func CheckTemplate(o Occasion, t Text) (Text, error) {
	const op = "letters: check template"
	if !o.Valid() {
		return t, errs.E(op, errs.NotFound, "letters.err.not_found")
	}
	fe := errs.FieldErrors{}
	var ok bool
	if t.Title, ok = clean(t.Title, maxTitle); !ok {
		fe["title"] = "letters.err.too_long"
	} else if t.Title == "" {
		fe["title"] = "letters.err.title_required"
	}
	t.Body = strings.ReplaceAll(t.Body, "\r\n", "\n")
	if t.Body, ok = clean(t.Body, maxBody); !ok {
		fe["body"] = "letters.err.too_long"
	} else if t.Body == "" {
		fe["body"] = "letters.err.body_required"
	}
	if t.Short, ok = clean(strings.ReplaceAll(t.Short, "\n", " "), maxShort); !ok {
		fe["short"] = "letters.err.short_too_long"
	} else if t.Short == "" {
		fe["short"] = "letters.err.short_required"
	}
	if len(fe) > 0 {
		return t, fe.Err(op)
	}
	if problems := CheckText(o, t); len(problems) > 0 {
		te := &TemplateError{Problems: problems}
		return t, &errs.Error{Op: op, Kind: errs.Invalid, Key: "error.form_invalid", Err: errors.Join(te.Fields(), te)}
	}
	return t, nil
}

// TemplateProblems returns the placeholder problems inside err, if any.
func TemplateProblems(err error) (map[string]*PlaceholderError, bool) {
	var te *TemplateError
	if errors.As(err, &te) {
		return te.Problems, true
	}
	return nil, false
}

// TemplateEvent is the payload of TopicTemplate.
type TemplateEvent struct {
	CommuneID string   `json:"commune_id"`
	Occasion  Occasion `json:"occasion"`
	Reset     bool     `json:"reset,omitempty"`
}

// SaveTemplate stores the commune's template of an occasion; letters written before keep
// their text.
func (s *Service) SaveTemplate(ctx context.Context, communeID string, by audit.Actor, o Occasion, t Text) error {
	const op = "letters: save template"
	t, err := CheckTemplate(o, t)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *db.Tx) error {
		before, _, err := templateIn(ctx, tx, communeID, o)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO letter_templates (commune_id, occasion, title, body, short_text, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (commune_id, occasion) DO UPDATE SET title = excluded.title, body = excluded.body,
				short_text = excluded.short_text, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			communeID, string(o), t.Title, t.Body, t.Short, tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionTemplate, "letter_template", string(o), audit.Change{Before: before, After: t}); err != nil {
			return errs.Wrap(op, err)
		}
		return errs.Wrap(op, events.Publish(ctx, tx, communeID, TopicTemplate, TemplateEvent{CommuneID: communeID, Occasion: o}))
	})
}

// ResetTemplate goes back to the shipped text of an occasion.
func (s *Service) ResetTemplate(ctx context.Context, communeID string, by audit.Actor, o Occasion) error {
	const op = "letters: reset template"
	if !o.Valid() {
		return errs.E(op, errs.NotFound, "letters.err.not_found")
	}
	return s.tx(ctx, func(tx *db.Tx) error {
		before, custom, err := templateIn(ctx, tx, communeID, o)
		if err != nil || !custom {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM letter_templates WHERE commune_id = $1 AND occasion = $2`, communeID, string(o)); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionTemplate, "letter_template", string(o), audit.Change{Before: before, After: Defaults[o]}); err != nil {
			return errs.Wrap(op, err)
		}
		return errs.Wrap(op, events.Publish(ctx, tx, communeID, TopicTemplate, TemplateEvent{CommuneID: communeID, Occasion: o, Reset: true}))
	})
}
