// Package notify sends messages to residents and staff: email over SMTP, SMS and Zalo through
// HTTP gateways. A feature room never sends anything itself: it calls Request inside its own
// transaction, which puts a TopicSend event in the outbox, and the Service (subscribed to that
// topic by the composition root) records the message in table notifications and sends it
// through the channel's Sender. A message is never lost: a channel with no sender configured
// keeps it as "recorded", a failed send stays "failed" with its error, a bad address "invalid"
// with the reason, all visible on the admin page.
//
// The package knows nothing of what the messages mean; it must not read feature tables.
package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"xaso/internal/db"
	"xaso/internal/events"
)

// TopicSend is the outbox topic of a message to send; its payload is a Message.
const TopicSend = "notify.send"

// Channels.
const (
	Email = "email"
	SMS   = "sms"
	Zalo  = "zalo" // Zalo ZNS: addressed by the recipient's phone number
)

// Channels lists every channel, in the order admins see them.
var Channels = []string{Email, SMS, Zalo}

// States of a notification.
const (
	Pending  = "pending"  // recorded, being sent
	Sent     = "sent"     // handed to the mail server or gateway
	Failed   = "failed"   // the last attempt failed; the outbox retries until it gives up
	Recorded = "recorded" // no sender configured for the channel: kept for admins, not sent
	Invalid  = "invalid"  // the recipient or message cannot be sent on this channel
)

// States lists every state, in the order admins see them.
var States = []string{Pending, Sent, Failed, Recorded, Invalid}

// Message is what a feature room asks to send.
type Message struct {
	CommuneID string `json:"commune_id"`
	Channel   string `json:"channel"`   // Email, SMS or Zalo
	Recipient string `json:"recipient"` // an email address, or a Vietnamese mobile number
	Subject   string `json:"subject"`   // the email subject; gateways may ignore it
	Body      string `json:"body"`      // plain text
}

// Sender delivers a message on one channel: an SMTP server, an SMS or Zalo gateway.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Notification is one recorded message and what became of it.
type Notification struct {
	CommuneID string
	ID        string // the id of the outbox event that asked for it
	Channel   string
	Recipient string // normalised when valid
	Subject   string
	Body      string
	State     string
	Attempts  int
	LastError string // the sender's error, or why the message is invalid
	EventID   string
	CreatedAt time.Time
	SentAt    time.Time // zero unless sent
}

// Request asks for m to be sent once tx commits: feature rooms call it in the transaction of
// the change the message announces, so a rolled-back change sends nothing.
func Request(ctx context.Context, tx *db.Tx, m Message) error {
	if m.CommuneID == "" {
		return errors.New("notify: request without a commune")
	}
	if !slices.Contains(Channels, m.Channel) {
		return fmt.Errorf("notify: request on unknown channel %q", m.Channel)
	}
	return events.Publish(ctx, tx, m.CommuneID, TopicSend, m)
}
