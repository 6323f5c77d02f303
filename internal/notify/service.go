package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"xaso/internal/db"
	"xaso/internal/events"
)

// Service records and sends the messages that the outbox hands it.
type Service struct {
	db      *db.DB
	log     *slog.Logger
	now     func() time.Time
	senders map[string]Sender // a channel missing here is recorded, not sent
}

// New builds the senders of the configured channels (an email sender when cfg.SMTP.Host is
// set, a gateway for SMS and for Zalo when their URL is). A channel whose settings cannot be
// used is logged and left unconfigured; call cfg.Validate first to refuse to start instead.
func New(d *db.DB, cfg Config, log *slog.Logger, now func() time.Time) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	s := &Service{db: d, log: log, now: now, senders: map[string]Sender{}}
	if cfg.SMTP.Host != "" {
		if snd, err := NewSMTPSender(cfg.SMTP, now); err != nil {
			log.Error("notify: email left unconfigured", "err", err)
		} else {
			s.senders[Email] = snd
		}
	}
	if cfg.SMSURL != "" {
		s.senders[SMS] = NewHTTPGateway(cfg.SMSURL, cfg.SMSToken, 0)
	}
	if cfg.ZaloURL != "" {
		s.senders[Zalo] = NewHTTPGateway(cfg.ZaloURL, cfg.ZaloToken, 0)
	}
	return s
}

// Configured reports whether messages on channel are sent (rather than only recorded).
func (s *Service) Configured(channel string) bool { return s.senders[channel] != nil }

// maxError is how much of a sender's error is kept in last_error.
const maxError = 1000

// Handle is the outbox subscriber for TopicSend. The notification's id is the event's id, so a
// redelivered event finds its row instead of adding one, and a message already sent is not sent
// again. The message belongs to the event's commune, whatever its payload says.
//
// It returns an error only when a send failed and may succeed later (the outbox retries, and
// once it gives up the row stays "failed"); a message that cannot be sent on its channel is
// recorded as "invalid", one on a channel without a sender as "recorded", and both return nil.
func (s *Service) Handle(ctx context.Context, e events.Event) error {
	var m Message
	if err := e.Decode(&m); err != nil {
		return fmt.Errorf("notify: event %s: decode: %w", e.ID, err)
	}
	m.CommuneID = e.CommuneID
	recipient, reason := normalizeRecipient(m.Channel, m.Recipient)
	if reason == "" && strings.TrimSpace(m.Body) == "" {
		reason = reasonEmpty
	}
	m.Recipient = recipient
	state := Pending
	if reason != "" {
		state = Invalid
	}
	created := e.CreatedAt
	if created.IsZero() {
		created = s.now()
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO notifications
		(commune_id, id, channel, recipient, subject, body, state, attempts, last_error, event_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $2, $9)
		ON CONFLICT (commune_id, id) DO NOTHING`,
		m.CommuneID, e.ID, m.Channel, m.Recipient, m.Subject, m.Body, state, reason, created); err != nil {
		return fmt.Errorf("notify: record %s: %w", e.ID, err)
	}
	if err := s.db.QueryRow(ctx, `SELECT state FROM notifications WHERE commune_id = $1 AND id = $2`,
		m.CommuneID, e.ID).Scan(&state); err != nil {
		return fmt.Errorf("notify: record %s: %w", e.ID, err)
	}
	switch state {
	case Sent, Invalid:
		return nil // done already, or never sendable: a redelivery changes nothing
	}

	// The bookkeeping after a send must happen even if the dispatcher is shutting down,
	// otherwise a message that went out would be sent again.
	after := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	}
	snd := s.senders[m.Channel]
	if snd == nil {
		uctx, cancel := after()
		defer cancel()
		if _, err := s.db.Exec(uctx, `UPDATE notifications SET state = $1 WHERE commune_id = $2 AND id = $3`,
			Recorded, m.CommuneID, e.ID); err != nil {
			return fmt.Errorf("notify: record %s: %w", e.ID, err)
		}
		s.log.Info("notify: no sender for the channel; message recorded", "channel", m.Channel, "id", e.ID, "commune", m.CommuneID)
		return nil
	}

	sendErr := snd.Send(ctx, m)
	uctx, cancel := after()
	defer cancel()
	if sendErr == nil {
		if _, err := s.db.Exec(uctx, `UPDATE notifications SET state = $1, attempts = attempts + 1, last_error = '', sent_at = $2
			WHERE commune_id = $3 AND id = $4`, Sent, s.now(), m.CommuneID, e.ID); err != nil {
			return fmt.Errorf("notify: mark %s sent: %w", e.ID, err)
		}
		return nil
	}
	if _, err := s.db.Exec(uctx, `UPDATE notifications SET state = $1, attempts = attempts + 1, last_error = $2
		WHERE commune_id = $3 AND id = $4`, Failed, truncate(sendErr.Error(), maxError), m.CommuneID, e.ID); err != nil {
		return errors.Join(fmt.Errorf("notify: send %s %s: %w", m.Channel, e.ID, sendErr),
			fmt.Errorf("notify: mark %s failed: %w", e.ID, err))
	}
	return fmt.Errorf("notify: send %s %s: %w", m.Channel, e.ID, sendErr)
}

// List returns a page of the commune's notifications in a state ("" for all), newest first.
func List(ctx context.Context, q db.Q, communeID, state string, limit, offset int) ([]Notification, error) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	offset = max(offset, 0)
	rows, err := q.Query(ctx, `SELECT commune_id, id, channel, recipient, subject, body, state, attempts, last_error, event_id, created_at, sent_at
		FROM notifications WHERE commune_id = $1 AND ($2 = '' OR state = $2)
		ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`, communeID, state, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("notify: list: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var sent sql.NullTime
		if err := rows.Scan(&n.CommuneID, &n.ID, &n.Channel, &n.Recipient, &n.Subject, &n.Body, &n.State,
			&n.Attempts, &n.LastError, &n.EventID, &n.CreatedAt, &sent); err != nil {
			return nil, fmt.Errorf("notify: list: %w", err)
		}
		n.SentAt = sent.Time
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notify: list: %w", err)
	}
	return out, nil
}

// Counts returns how many of the commune's notifications are in each state; every state in
// States is present, with 0 when there are none.
func Counts(ctx context.Context, q db.Q, communeID string) (map[string]int, error) {
	rows, err := q.Query(ctx, `SELECT state, COUNT(*) FROM notifications WHERE commune_id = $1 GROUP BY state`, communeID)
	if err != nil {
		return nil, fmt.Errorf("notify: counts: %w", err)
	}
	defer rows.Close()
	out := make(map[string]int, len(States))
	for _, st := range States {
		out[st] = 0
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("notify: counts: %w", err)
		}
		out[st] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("notify: counts: %w", err)
	}
	return out, nil
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
