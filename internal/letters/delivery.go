package letters

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/notify"
)

// Method is how a letter reached its recipient.
type Method string

const (
	InPerson Method = "in_person" // handed over: by the hamlet head at home, or at the office
	BySMS    Method = "sms"       // the short text by SMS
	ByZalo   Method = "zalo"      // the short text by Zalo, to the phone number
)

// Methods lists the methods in the order staff see them.
var Methods = []Method{InPerson, BySMS, ByZalo}

// Delivery is one delivery of a letter.
type Delivery struct {
	ID        string
	Method    Method
	Recipient string // the phone number a text went to
	Note      string
	At        time.Time
	ByName    string
}

// DeliveryInput is a delivery as a form records it.
type DeliveryInput struct {
	Method Method
	Note   string
	// Hamlets, when not nil, are the only hamlets whose letters the person may deliver (a
	// hamlet head's), and only in person.
	Hamlets []string
}

// Deliver records a delivery of a letter. A text (SMS, Zalo) goes to the letter's phone
// number through the notify room, asked for in the same transaction; the notify room keeps
// what became of it.
func (s *Service) Deliver(ctx context.Context, communeID string, by audit.Actor, id string, in DeliveryInput) error {
	const op = "letters: deliver"
	if !slices.Contains(Methods, in.Method) {
		return errs.FieldErrors{"method": "letters.err.method"}.Err(op)
	}
	note, ok := clean(in.Note, maxNote)
	if !ok {
		return errs.FieldErrors{"note": "letters.err.too_long"}.Err(op)
	}
	return s.tx(ctx, func(tx *db.Tx) error {
		l, err := getLetter(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if in.Hamlets != nil {
			if !slices.Contains(in.Hamlets, l.HamletID) || l.HamletID == "" {
				return errs.E(op, errs.NotFound, "letters.err.not_found")
			}
			if in.Method != InPerson {
				return errs.E(op, errs.Forbidden, "letters.err.hamlet_in_person")
			}
		}
		if l.Status == Cancelled {
			return errs.E(op, errs.Conflict, "letters.err.cancelled")
		}
		recipient := ""
		if in.Method != InPerson {
			if l.RecipientPhone == "" {
				return errs.FieldErrors{"method": "letters.err.no_phone"}.Err(op)
			}
			recipient = l.RecipientPhone
			channel := notify.SMS
			if in.Method == ByZalo {
				channel = notify.Zalo
			}
			if err := notify.Request(ctx, tx, notify.Message{CommuneID: communeID, Channel: channel, Recipient: recipient,
				Subject: l.Title, Body: l.Short}); err != nil {
				return errs.Wrap(op, err)
			}
		}
		did := uuid.Must(uuid.NewV7()).String()
		if _, err := tx.Exec(ctx, `INSERT INTO letter_deliveries (commune_id, id, letter_id, method, recipient, note, delivered_at, by_id, by_name)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, communeID, did, id, string(in.Method), recipient, note, tx.Now, by.ID, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		before := l.auditView()
		if _, err := tx.Exec(ctx, `UPDATE letters SET status = 'delivered', delivered_at = COALESCE(delivered_at, $1), updated_at = $1
			WHERE commune_id = $2 AND id = $3`, tx.Now, communeID, id); err != nil {
			return errs.Wrap(op, err)
		}
		l.Status = Delivered
		after := l.auditView()
		after["method"], after["note"] = in.Method, note
		if err := audit.Record(ctx, tx, communeID, by, actionDeliver, "letter", id, audit.Change{Before: before, After: after}); err != nil {
			return errs.Wrap(op, err)
		}
		e := eventOf(communeID, l)
		e.Method = string(in.Method)
		return errs.Wrap(op, events.Publish(ctx, tx, communeID, TopicDelivered, e))
	})
}

// Deliveries lists a letter's deliveries, oldest first.
func (s *Service) Deliveries(ctx context.Context, communeID, id string) ([]Delivery, error) {
	const op = "letters: deliveries"
	rows, err := s.d.Query(ctx, `SELECT id, method, recipient, note, delivered_at, by_name FROM letter_deliveries
		WHERE commune_id = $1 AND letter_id = $2 ORDER BY delivered_at, id LIMIT 100`, communeID, id)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var m string
		if err := rows.Scan(&d.ID, &m, &d.Recipient, &d.Note, &d.At, &d.ByName); err != nil {
			return nil, errs.Wrap(op, err)
		}
		d.Method, d.At = Method(m), d.At.UTC()
		out = append(out, d)
	}
	return out, errs.Wrap(op, rows.Err())
}

// maskPhone shows a phone number's last three digits only, for pages the hamlet head reads.
func maskPhone(p string) string {
	if len(p) <= 3 {
		return p
	}
	return strings.Repeat("•", len(p)-3) + p[len(p)-3:]
}
