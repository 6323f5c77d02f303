package letters

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/spoken"
)

// Script is a text to be read on the hamlet loudspeakers (loa truyền thanh).
type Script struct {
	ID       string
	Title    string
	Body     string // as written; Spoken is what is read
	ReadOn   calendar.Date
	Southern bool // read with the southern "lẻ", "tư", "ngàn"
	LetterID string
	Readings []Reading
	Created  time.Time
	By       string
}

// Reading is a hamlet a script is read in and when it was.
type Reading struct {
	HamletID, Hamlet string
	ReadAt           time.Time // zero: not read yet
	ReadBy           string
}

// URL is the script's page.
func (sc Script) URL() string { return "/thu/loa/" + sc.ID + "/ban-doc" }

// Spoken is the script as it is read: figures, dates, times, money and short forms in words.
func (sc Script) Spoken() string {
	o := spoken.Options{}
	if sc.Southern {
		o = spoken.Southern
	}
	return o.Script(sc.Body)
}

// SpokenLines are the paragraphs of Spoken.
func (sc Script) SpokenLines() []string {
	var out []string
	for _, l := range strings.Split(sc.Spoken(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// ReadCount is how many of its hamlets the script was read in.
func (sc Script) ReadCount() int {
	n := 0
	for _, r := range sc.Readings {
		if !r.ReadAt.IsZero() {
			n++
		}
	}
	return n
}

// ScriptInput is a script as the form sends it.
type ScriptInput struct {
	Title     string
	Body      string
	ReadOn    string // dd/mm/yyyy or YYYY-MM-DD
	HamletIDs []string
	Southern  bool
	LetterID  string // the greeting it reads, if any
}

// Limits of a script.
const (
	maxScriptTitle = 200
	maxScriptBody  = 8000
)

// ScriptEvent is the payload of TopicScript and TopicRead.
type ScriptEvent struct {
	CommuneID string   `json:"commune_id"`
	ScriptID  string   `json:"script_id"`
	ReadOn    string   `json:"read_on"`
	HamletIDs []string `json:"hamlet_ids,omitempty"`
	LetterID  string   `json:"letter_id,omitempty"`
}

// CreateScript stores a loudspeaker script for the chosen hamlets (none: every hamlet).
func (s *Service) CreateScript(ctx context.Context, communeID string, by audit.Actor, in ScriptInput) (Script, error) {
	const op = "letters: create script"
	fe := errs.FieldErrors{}
	var ok bool
	if in.Title, ok = clean(in.Title, maxScriptTitle); !ok {
		fe["title"] = "letters.err.too_long"
	} else if in.Title == "" {
		fe["title"] = "letters.err.title_required"
	}
	in.Body = strings.ReplaceAll(in.Body, "\r\n", "\n")
	if in.Body, ok = clean(in.Body, maxScriptBody); !ok {
		fe["body"] = "letters.err.too_long"
	} else if in.Body == "" {
		fe["body"] = "letters.err.body_required"
	}
	day, err := calendar.ParseDay(strings.TrimSpace(in.ReadOn))
	if err != nil || len(in.ReadOn) > 12 {
		fe["read_on"] = "letters.err.day"
	}
	if len(in.HamletIDs) > 500 {
		fe["hamlets"] = "letters.err.hamlet"
	}
	if len(fe) > 0 {
		return Script{}, fe.Err(op)
	}
	sc := Script{ID: uuid.Must(uuid.NewV7()).String(), Title: in.Title, Body: in.Body, ReadOn: day, Southern: in.Southern,
		LetterID: strings.TrimSpace(in.LetterID), By: by.Name}
	err = s.tx(ctx, func(tx *db.Tx) error {
		hs, err := hamletsOf(ctx, tx, communeID, "")
		if err != nil {
			return err
		}
		chosen := hs
		if len(in.HamletIDs) > 0 {
			chosen = nil
			for _, h := range hs {
				if slices.Contains(in.HamletIDs, h.ID) {
					chosen = append(chosen, h)
				}
			}
			if len(chosen) != len(uniq(in.HamletIDs)) {
				return errs.FieldErrors{"hamlets": "letters.err.hamlet"}.Err(op)
			}
		}
		if sc.LetterID != "" {
			if _, err := getLetter(ctx, tx, communeID, sc.LetterID); err != nil {
				sc.LetterID = ""
			}
		}
		sc.Created = tx.Now
		if _, err := tx.Exec(ctx, `INSERT INTO loudspeaker_scripts (commune_id, id, title, body, read_on, southern, letter_id, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, communeID, sc.ID, sc.Title, sc.Body, day.String(), sc.Southern, sc.LetterID, tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		var ids []string
		for _, h := range chosen {
			if _, err := tx.Exec(ctx, `INSERT INTO loudspeaker_readings (commune_id, script_id, hamlet_id) VALUES ($1, $2, $3)`,
				communeID, sc.ID, h.ID); err != nil {
				return errs.Wrap(op, err)
			}
			ids = append(ids, h.ID)
			sc.Readings = append(sc.Readings, Reading{HamletID: h.ID, Hamlet: h.Name})
		}
		if err := audit.Record(ctx, tx, communeID, by, actionScript, "loudspeaker_script", sc.ID, audit.Change{After: map[string]any{
			"title": sc.Title, "read_on": day.String(), "hamlets": ids}}); err != nil {
			return errs.Wrap(op, err)
		}
		return errs.Wrap(op, events.Publish(ctx, tx, communeID, TopicScript, ScriptEvent{CommuneID: communeID, ScriptID: sc.ID,
			ReadOn: day.String(), HamletIDs: ids, LetterID: sc.LetterID}))
	})
	if err != nil {
		return Script{}, err
	}
	return sc, nil
}

func uniq(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

const scriptCols = `id, title, body, read_on, southern, letter_id, created_at, created_by`

func scanScript(row interface{ Scan(...any) error }) (Script, error) {
	var sc Script
	var day string
	err := row.Scan(&sc.ID, &sc.Title, &sc.Body, &day, &sc.Southern, &sc.LetterID, &sc.Created, &sc.By)
	if err == nil {
		sc.ReadOn, _ = calendar.ParseDate(day)
		sc.Created = sc.Created.UTC()
	}
	return sc, err
}

// Scripts lists the scripts, the latest day first, with how many hamlets each is for and was
// read in.
func (s *Service) Scripts(ctx context.Context, communeID string, limit, offset int) ([]Script, int, error) {
	const op = "letters: scripts"
	var total int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM loudspeaker_scripts WHERE commune_id = $1`, communeID).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset = limits(limit, offset)
	rows, err := s.d.Query(ctx, `SELECT `+scriptCols+` FROM loudspeaker_scripts WHERE commune_id = $1
		ORDER BY read_on DESC, id DESC LIMIT $2 OFFSET $3`, communeID, limit, offset)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	var out []Script
	for rows.Next() {
		sc, err := scanScript(rows)
		if err != nil {
			rows.Close()
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, sc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if len(out) == 0 {
		return out, total, nil
	}
	// The readings of the page's scripts, in one query.
	args := []any{communeID}
	at := map[string]int{}
	for i, sc := range out {
		args = append(args, sc.ID)
		at[sc.ID] = i
	}
	if err := s.readings(ctx, s.d, `r.commune_id = $1 AND r.script_id IN (`+placeholders(2, len(out))+`)`, args, func(id string, r Reading) {
		out[at[id]].Readings = append(out[at[id]].Readings, r)
	}); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

func (s *Service) readings(ctx context.Context, q db.Q, where string, args []any, add func(scriptID string, r Reading)) error {
	const op = "letters: readings"
	rows, err := q.Query(ctx, `SELECT r.script_id, r.hamlet_id, COALESCE(h.name, ''), r.read_at, r.read_by FROM loudspeaker_readings r
		LEFT JOIN hamlets h ON h.commune_id = r.commune_id AND h.id = r.hamlet_id WHERE `+where+` ORDER BY r.script_id, h.sort_order, h.name, r.hamlet_id`, args...)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r Reading
		var at sql.NullTime
		if err := rows.Scan(&id, &r.HamletID, &r.Hamlet, &at, &r.ReadBy); err != nil {
			return errs.Wrap(op, err)
		}
		r.ReadAt = db.TimeOf(at)
		add(id, r)
	}
	return errs.Wrap(op, rows.Err())
}

// GetScript reads one script with its readings.
func (s *Service) GetScript(ctx context.Context, communeID, id string) (Script, error) {
	return s.getScript(ctx, s.d, communeID, id)
}

func (s *Service) getScript(ctx context.Context, q db.Q, communeID, id string) (Script, error) {
	sc, err := scanScript(q.QueryRow(ctx, `SELECT `+scriptCols+` FROM loudspeaker_scripts WHERE commune_id = $1 AND id = $2`, communeID, id))
	if err != nil {
		return Script{}, notFound("letters: script", err)
	}
	err = s.readings(ctx, q, `r.commune_id = $1 AND r.script_id = $2`, []any{communeID, id}, func(_ string, r Reading) {
		sc.Readings = append(sc.Readings, r)
	})
	return sc, err
}

// RecordReading records that the script was read in a hamlet (again: the first time stays).
func (s *Service) RecordReading(ctx context.Context, communeID string, by audit.Actor, id, hamletID string) error {
	const op = "letters: record reading"
	return s.tx(ctx, func(tx *db.Tx) error {
		sc, err := s.getScript(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(sc.Readings, func(r Reading) bool { return r.HamletID == hamletID })
		if i < 0 {
			return errs.FieldErrors{"hamlet": "letters.err.hamlet"}.Err(op)
		}
		if !sc.Readings[i].ReadAt.IsZero() {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE loudspeaker_readings SET read_at = $1, read_by = $2
			WHERE commune_id = $3 AND script_id = $4 AND hamlet_id = $5 AND read_at IS NULL`, tx.Now, by.Name, communeID, id, hamletID); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionRead, "loudspeaker_script", id, audit.Change{After: map[string]any{"hamlet": hamletID}}); err != nil {
			return errs.Wrap(op, err)
		}
		return errs.Wrap(op, events.Publish(ctx, tx, communeID, TopicRead, ScriptEvent{CommuneID: communeID, ScriptID: id,
			ReadOn: sc.ReadOn.String(), HamletIDs: []string{hamletID}}))
	})
}

func placeholders(from, n int) string { return db.Placeholders(from, n) }
