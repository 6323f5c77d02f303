package disclosure

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Channel is a form of disclosure (Art. 12.1) this room records postings for.
type Channel string

const (
	Website       Channel = "website"        // trang thông tin điện tử của xã (Art. 13.1)
	HQBoard       Channel = "hq_board"       // niêm yết tại trụ sở Ủy ban nhân dân xã
	CulturalHouse Channel = "cultural_house" // niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng
	Loudspeaker   Channel = "loudspeaker"    // hệ thống loa truyền thanh
	HamletHead    Channel = "hamlet_head"    // thông qua trưởng thôn, tổ trưởng tổ dân phố
	Zalo          Channel = "zalo"           // nhóm Zalo, mạng xã hội hợp pháp
)

// Channels lists the channels in the form's order.
var Channels = []Channel{Website, HQBoard, CulturalHouse, Loudspeaker, HamletHead, Zalo}

// Posted reports whether the channel is a posting that must stay up for its category's
// period (30 consecutive days, or permanently): the notice boards and the website (Art. 13).
func (c Channel) Posted() bool { return c == Website || c == HQBoard || c == CulturalHouse }

// valid reports whether c is one of the channels.
func (c Channel) valid() bool {
	for _, x := range Channels {
		if c == x {
			return true
		}
	}
	return false
}

// Posting is one placement of a disclosure on a channel: a notice on a board, the website
// page, a loudspeaker run, a relay by a hamlet head, a Zalo message.
type Posting struct {
	ID           string
	DisclosureID string
	Channel      Channel
	HamletID     string // the hamlet it was posted or broadcast in; "" for the commune as a whole
	PutUp        calendar.Date
	// TakenDown is the last day it was up (or on air), counted; zero while it still is.
	TakenDown   calendar.Date
	Note        string
	CreatedAt   time.Time
	CreatedBy   string
	TakenDownBy string
}

// Up reports whether the posting is up on day (its last day counted).
func (p Posting) Up(day calendar.Date) bool {
	return !p.PutUp.After(day) && (p.TakenDown == (calendar.Date{}) || !p.TakenDown.Before(day))
}

// Ended reports whether the posting's last day is asOf or earlier.
func (p Posting) Ended(asOf calendar.Date) bool {
	return p.TakenDown != (calendar.Date{}) && !p.TakenDown.After(asOf)
}

// PostingInput is a posting as staff record it. TakenDown is zero while it is still up; a
// loudspeaker run or a hamlet head's relay is usually recorded with both days at once.
type PostingInput struct {
	Channel   Channel
	HamletID  string
	PutUp     calendar.Date
	TakenDown calendar.Date
	Note      string
}

// AddPosting records that a public disclosure was posted or broadcast. Boards at the
// headquarters and the website are the commune's own (no hamlet); a cultural house and a
// hamlet head's relay are in a hamlet; a loudspeaker run and a Zalo message may be either.
func (s *Service) AddPosting(ctx context.Context, communeID string, by audit.Actor, disclosureID string, in PostingInput) (Posting, error) {
	const op = "disclosure: add posting"
	today := s.today()
	fe := errs.FieldErrors{}
	p := Posting{DisclosureID: disclosureID, Channel: in.Channel, HamletID: strings.TrimSpace(in.HamletID),
		PutUp: in.PutUp, TakenDown: in.TakenDown}
	var ok bool
	if p.Note, ok = clean(in.Note, 1000); !ok {
		fe["note"] = "disclosure.too_long"
	}
	switch {
	case !in.Channel.valid():
		fe["channel"] = "disclosure.posting.channel_required"
	case (in.Channel == Website || in.Channel == HQBoard) && p.HamletID != "":
		fe["hamlet"] = "disclosure.posting.no_hamlet"
	case (in.Channel == CulturalHouse || in.Channel == HamletHead) && p.HamletID == "":
		fe["hamlet"] = "disclosure.posting.hamlet_required"
	}
	switch {
	case p.PutUp == (calendar.Date{}):
		fe["put_up"] = "disclosure.posting.put_up_required"
	case !p.PutUp.Valid():
		fe["put_up"] = "disclosure.date_invalid"
	case p.PutUp.After(today):
		fe["put_up"] = "disclosure.posting.put_up_future"
	}
	if p.TakenDown != (calendar.Date{}) && fe["put_up"] == "" {
		switch {
		case !p.TakenDown.Valid():
			fe["taken_down"] = "disclosure.date_invalid"
		case p.TakenDown.Before(p.PutUp):
			fe["taken_down"] = "disclosure.posting.taken_down_before_put_up"
		case p.TakenDown.After(today):
			fe["taken_down"] = "disclosure.posting.taken_down_future"
		}
	}
	at := s.stamp()
	err := s.tx(ctx, func(tx *db.Tx) error {
		d, err := get(ctx, tx, communeID, disclosureID)
		if err != nil {
			return err
		}
		if !d.Status.Public() {
			return errs.E(op, errs.Conflict, "disclosure.not_public")
		}
		if fe["put_up"] == "" && d.DecisionDate != (calendar.Date{}) && p.PutUp.Before(d.DecisionDate) {
			fe["put_up"] = "disclosure.posting.put_up_before_decision"
		}
		if p.HamletID != "" && fe["hamlet"] == "" {
			var one int
			err := tx.QueryRow(ctx, `SELECT 1 FROM hamlets WHERE commune_id = $1 AND id = $2`, communeID, p.HamletID).Scan(&one)
			if err == sql.ErrNoRows {
				fe["hamlet"] = "disclosure.hamlet_unknown"
			} else if err != nil {
				return errs.Wrap(op, err)
			}
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		p, err = addPosting(ctx, tx, communeID, by, d, p, at)
		return err
	})
	if err != nil {
		return Posting{}, err
	}
	return p, nil
}

// addPosting writes a checked posting with its audit entry and event.
func addPosting(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, d Disclosure, p Posting, at time.Time) (Posting, error) {
	const op = "disclosure: add posting"
	p.ID = uuid.Must(uuid.NewV7()).String()
	p.DisclosureID, p.CreatedAt, p.CreatedBy = d.ID, at, by.Name
	if p.TakenDown != (calendar.Date{}) {
		p.TakenDownBy = by.Name
	}
	if _, err := tx.Exec(ctx, `INSERT INTO disclosure_postings (commune_id, id, disclosure_id, channel, hamlet_id, put_up,
		taken_down, note, created_at, created_by, taken_down_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		communeID, p.ID, p.DisclosureID, string(p.Channel), p.HamletID, p.PutUp.String(), dateText(p.TakenDown), p.Note,
		p.CreatedAt, p.CreatedBy, p.TakenDownBy); err != nil {
		return Posting{}, errs.Wrap(op, err)
	}
	if err := audit.Record(ctx, tx, communeID, by, ActionPostingAdd, "disclosure_posting", p.ID,
		audit.Change{After: postingSummary(p)}); err != nil {
		return Posting{}, err
	}
	return p, events.Publish(ctx, tx, communeID, TopicPostingAdded, map[string]any{"id": p.ID, "disclosure": d.ID,
		"channel": p.Channel, "hamlet": p.HamletID, "put_up": p.PutUp.String(), "taken_down": dateText(p.TakenDown)})
}

func postingSummary(p Posting) map[string]any {
	return map[string]any{"disclosure": p.DisclosureID, "channel": p.Channel, "hamlet": p.HamletID,
		"put_up": p.PutUp.String(), "taken_down": dateText(p.TakenDown), "note": p.Note}
}

// TakeDown records the last day a posting was up (today if zero). It records what happened:
// a posting of a 30-day category taken down early, or one of a permanent category taken down
// while its disclosure stands, is accepted and shows as a gap in Compliance.
func (s *Service) TakeDown(ctx context.Context, communeID string, by audit.Actor, postingID string, on calendar.Date) (Posting, error) {
	const op = "disclosure: take down"
	today := s.today()
	if on == (calendar.Date{}) {
		on = today
	}
	var p Posting
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if p, err = getPosting(ctx, tx, communeID, postingID); err != nil {
			return err
		}
		if p.TakenDown != (calendar.Date{}) {
			return errs.E(op, errs.Conflict, "disclosure.posting.already_down")
		}
		switch {
		case !on.Valid():
			return errs.FieldErrors{"taken_down": "disclosure.date_invalid"}.Err(op)
		case on.Before(p.PutUp):
			return errs.FieldErrors{"taken_down": "disclosure.posting.taken_down_before_put_up"}.Err(op)
		case on.After(today):
			return errs.FieldErrors{"taken_down": "disclosure.posting.taken_down_future"}.Err(op)
		}
		before := p
		p.TakenDown, p.TakenDownBy = on, by.Name
		res, err := tx.Exec(ctx, `UPDATE disclosure_postings SET taken_down = $3, taken_down_by = $4
			WHERE commune_id = $1 AND id = $2 AND taken_down IS NULL`, communeID, postingID, on.String(), by.Name)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "disclosure.posting.already_down")
		}
		if err := audit.Record(ctx, tx, communeID, by, ActionPostingDown, "disclosure_posting", p.ID,
			audit.Change{Before: postingSummary(before), After: postingSummary(p)}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicPostingDown, map[string]any{"id": p.ID, "disclosure": p.DisclosureID,
			"channel": p.Channel, "taken_down": on.String()})
	})
	if err != nil {
		return Posting{}, err
	}
	return p, nil
}

const postingCols = `id, disclosure_id, channel, hamlet_id, put_up, taken_down, note, created_at, created_by, taken_down_by`

func getPosting(ctx context.Context, q db.Q, communeID, id string) (Posting, error) {
	p, err := scanPosting(q.QueryRow(ctx, `SELECT `+postingCols+` FROM disclosure_postings WHERE commune_id = $1 AND id = $2`,
		communeID, id))
	if err != nil {
		return Posting{}, notFound("disclosure: posting", err)
	}
	return p, nil
}

func scanPosting(row interface{ Scan(...any) error }) (Posting, error) {
	var p Posting
	var channel string
	var putUp, down sql.NullString
	if err := row.Scan(&p.ID, &p.DisclosureID, &channel, &p.HamletID, &putUp, &down, &p.Note, &p.CreatedAt, &p.CreatedBy,
		&p.TakenDownBy); err != nil {
		return p, err
	}
	p.Channel, p.CreatedAt = Channel(channel), p.CreatedAt.UTC()
	var err error
	if p.PutUp, err = scanDate(putUp); err != nil {
		return p, err
	}
	p.TakenDown, err = scanDate(down)
	return p, err
}

// Postings returns a disclosure's postings by the day they went up.
func (s *Service) Postings(ctx context.Context, communeID, disclosureID string) ([]Posting, error) {
	return postingsOf(ctx, s.d, communeID, `disclosure_id = $2`, disclosureID)
}

// postingsOf lists the commune's postings matching where (over $2…), by disclosure and day.
func postingsOf(ctx context.Context, q db.Q, communeID, where string, args ...any) ([]Posting, error) {
	const op = "disclosure: postings"
	rows, err := q.Query(ctx, `SELECT `+postingCols+` FROM disclosure_postings WHERE commune_id = $1 AND `+where+
		` ORDER BY disclosure_id, put_up, id`, append([]any{communeID}, args...)...)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Posting
	for rows.Next() {
		p, err := scanPosting(rows)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, p)
	}
	return out, errs.Wrap(op, rows.Err())
}
