package rating

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/secret"
)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// Keys seals the commune's key of rating links (rating_keys); nil keeps it unsealed in
	// the database until a keyring is configured, then it is sealed on first use.
	Keys *secret.Keyring
	// BaseURL is the portal's public address (https://xa-binhyen.gov.vn): rating links printed
	// on receipts and sent by SMS start with it; a bare path when empty.
	BaseURL string
	// Log receives the faults of RateURL, which has no error to return; slog.Default if nil.
	Log *slog.Logger
}

// Service is the ratings room. Safe for concurrent use.
type Service struct {
	d       *db.DB
	now     func() time.Time
	wake    func()
	keys    *secret.Keyring
	baseURL string
	log     *slog.Logger

	mu       sync.Mutex
	linkKeys map[string][]byte // commune id → key of rating links, cached
}

// New builds the Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Wake == nil {
		d.Wake = func() {}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{d: d.DB, now: d.Now, wake: d.Wake, keys: d.Keys, baseURL: strings.TrimRight(strings.TrimSpace(d.BaseURL), "/"),
		log: d.Log, linkKeys: map[string][]byte{}}
}

// Event topics.
const (
	// TopicRecorded: a rating was stored. Payload RecordedEvent.
	TopicRecorded = "rating.recorded"
	// TopicDossierReturned is the one-stop room's event this room listens to (its
	// onestop.TopicReturned; the room does not import onestop).
	TopicDossierReturned = "onestop.dossier.returned"
)

// Audit actions.
const (
	actionRate = "rating.rate"
)

// Web is the actor of ratings given through a rating link (the receipt's QR code, the SMS,
// the web): a resident, not signed in.
var Web = audit.Actor{ID: "web", Name: "Người dân qua đường dẫn đánh giá"}

// SubjectType is what a rating is of.
type SubjectType string

// SubjectDossier is a one-stop dossier, rated once its result is returned.
const SubjectDossier SubjectType = "dossier"

// Channel is how a rating arrived.
type Channel string

// Channels.
const (
	ChannelCounter Channel = "counter" // the tablet at the desk
	ChannelQR      Channel = "qr"      // the QR code of the receipt
	ChannelSMS     Channel = "sms"     // the link in the result-ready SMS
	ChannelWeb     Channel = "web"     // the rating page reached otherwise
)

// Channels lists the channels in display order.
var Channels = []Channel{ChannelCounter, ChannelQR, ChannelSMS, ChannelWeb}

// Subject is something that can be rated: a returned dossier.
type Subject struct {
	Type           SubjectType
	ID             string // the dossier's id
	Code           string // the dossier's code
	ProcedureCode  string
	ProcedureName  string
	OfficerID      string // who returned it
	OfficerName    string
	ApplicantName  string
	ApplicantPhone string
	ReturnMethod   string // counter, post, … as the one-stop room names it; "" unknown
	ReturnedAt     time.Time
	DueAt          time.Time // zero: none
}

// Rating is one resident's rating of a subject.
type Rating struct {
	ID            string
	SubjectType   SubjectType
	SubjectID     string
	Code          string
	ProcedureCode string
	ProcedureName string
	OfficerID     string
	OfficerName   string
	Level         int
	Reasons       []string // keys of Reasons, for levels 1–2
	Comment       string
	Channel       Channel
	RatedAt       time.Time
}

// Satisfied reports whether the rating is "hài lòng" or better (levels 4–5).
func (r Rating) Satisfied() bool { return Satisfied(r.Level) }

// Unsatisfied reports whether the rating is below "bình thường" (levels 1–2).
func (r Rating) Unsatisfied() bool { return Unsatisfied(r.Level) }

// stamp is the current moment as stored.
func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// tx runs fn in a transaction and wakes the dispatcher after a commit.
func (s *Service) tx(ctx context.Context, fn func(tx *db.Tx) error) error {
	if err := s.d.Tx(ctx, fn); err != nil {
		return err
	}
	s.wake()
	return nil
}

// monthOf is the month of t in Vietnam, as stored: "2026-12".
func monthOf(t time.Time) string { return t.In(calendar.Zone).Format("2006-01") }

// clean trims s, drops NUL and invalid UTF-8, and reports whether it fits in max characters.
func clean(s string, max int) (string, bool) {
	s = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
	return s, utf8.RuneCountInString(s) <= max
}
