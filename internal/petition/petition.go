package petition

import (
	"time"

	"xaso/internal/calendar"
)

// Kind is what the law calls the petition; staff may correct the sender's choice.
type Kind string

const (
	Report         Kind = "report"         // phản ánh
	Recommendation Kind = "recommendation" // kiến nghị
	Complaint      Kind = "complaint"      // khiếu nại (Law 02/2011/QH13)
	Denunciation   Kind = "denunciation"   // tố cáo (Law 25/2018/QH14)
)

// Kinds in the order forms offer them.
var Kinds = []Kind{Report, Recommendation, Complaint, Denunciation}

// Valid reports whether k is one of the four kinds.
func (k Kind) Valid() bool {
	switch k {
	case Report, Recommendation, Complaint, Denunciation:
		return true
	}
	return false
}

// Channel is where a petition came in.
type Channel string

const (
	ChannelWeb        Channel = "web"        // the public form
	ChannelLetter     Channel = "letter"     // a letter handed in or posted, typed in by the desk
	ChannelVisit      Channel = "visit"      // a resident at the desk or at a reception session
	ChannelHamlet     Channel = "hamlet"     // a hamlet head on behalf of residents
	ChannelInspection Channel = "inspection" // the People's Inspection Board
	ChannelOpen311    Channel = "open311"    // an Open311 GeoReport client
)

// Channels in the order forms offer them.
var Channels = []Channel{ChannelWeb, ChannelLetter, ChannelVisit, ChannelHamlet, ChannelInspection, ChannelOpen311}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	for _, x := range Channels {
		if c == x {
			return true
		}
	}
	return false
}

// Status is where a petition stands.
type Status string

const (
	StatusReceived  Status = "received"  // in, not yet classified and accepted
	StatusAccepted  Status = "accepted"  // accepted for handling (thụ lý), nobody assigned yet
	StatusVerifying Status = "verifying" // a handler verifies
	StatusDecided   Status = "decided"   // a complaint decision or denunciation conclusion is made
	StatusAnswered  Status = "answered"  // the written answer is issued and sent
	StatusRefused   Status = "refused"   // not accepted, with the reason (ended)
	StatusForwarded Status = "forwarded" // sent to the competent authority (ended)
	StatusClosed    Status = "closed"    // ended
)

// Statuses in the order lists offer them.
var Statuses = []Status{StatusReceived, StatusAccepted, StatusVerifying, StatusDecided, StatusAnswered, StatusRefused, StatusForwarded, StatusClosed}

// Open reports whether the commune still owes the petition a step.
func (s Status) Open() bool {
	switch s {
	case StatusReceived, StatusAccepted, StatusVerifying, StatusDecided:
		return true
	}
	return false
}

// Topics are the fields a petition is about (the public form's list; Open311 services).
var Topics = []string{"dat-dai", "moi-truong", "giao-thong", "trat-tu", "dien-nuoc", "xay-dung", "chinh-sach", "thu-tuc", "can-bo", "khac"}

// ValidTopic reports whether t is one of Topics.
func ValidTopic(t string) bool {
	for _, x := range Topics {
		if t == x {
			return true
		}
	}
	return false
}

// Sender is who wrote. For a denunciation every field is sealed (Identity), never stored in
// clear; for the other kinds it is stored as typed.
type Sender struct {
	Name     string `json:"name,omitempty"`
	Address  string `json:"address,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
}

// Empty reports whether nothing names the sender.
func (s Sender) Empty() bool {
	return s.Name == "" && s.Phone == "" && s.Email == "" && s.IDNumber == ""
}

// Identity is what a denunciation keeps sealed: the denouncer, the relatives the law protects
// with them (Law 25/2018 Art. 47.1: spouse, parents, children), and the letter as written,
// before the working copy was redacted.
type Identity struct {
	Sender    Sender `json:"sender"`
	Relatives string `json:"relatives,omitempty"`
	Letter    string `json:"letter,omitempty"`
}

// Petition is one report, recommendation, complaint or denunciation.
type Petition struct {
	CommuneID string
	ID        string
	Number    string // "DT-2026-00012"
	Kind      Kind
	Channel   Channel
	Topic     string
	Place     string
	Lat, Lon  *float64
	// Content is the working copy: for a denunciation, the letter with the denouncer's
	// identity removed (what verifiers see).
	Content string
	// Sender is empty for a denunciation (see Sealed).
	Sender   Sender
	OnBehalf string // a hamlet head or the board filing for residents: who files
	// Sealed reports whether a sealed identity is kept (denunciations).
	Sealed    bool
	Anonymous bool // no sender named; an anonymous denunciation is kept as a report
	// LearnedOn is when a complainant learned of the act complained of (the 90-day limit).
	LearnedOn    calendar.Date
	Status       Status
	Complex      bool
	SeveralSites bool
	Extensions   int
	HandlerID    string
	HandlerName  string
	ReceivedAt   time.Time
	// StepDueAt is the due time of the step before acceptance (classify and accept, or the
	// commune's answer for reports); DueAt the resolution's once accepted.
	StepDueAt  time.Time
	AcceptedAt time.Time
	DueAt      time.Time
	ForwardBy  time.Time
	ClosedAt   time.Time
	// OutcomeNote is the refusal's reason, the forwarding note, or the reopening's reason.
	OutcomeNote    string
	ForwardedTo    string
	Decision       string
	Answer         string
	AnswerNumber   string
	AnsweredAt     time.Time
	PublishConsent bool
	Published      bool
	PublicQuestion string
	SourceRef      string // the reception visit or Open311 request it came from
	UpdatedAt      time.Time
}

// Due is the petition's current due time: the resolution's once accepted, else the step's.
func (p Petition) Due() time.Time {
	if !p.DueAt.IsZero() {
		return p.DueAt
	}
	return p.StepDueAt
}

// Step is one line of a petition's history.
type Step struct {
	Seq    int
	At     time.Time
	Action Action
	ByID   string
	ByName string
	Status Status
	Note   string
}

// File is an attachment. A denunciation's files are sealed: they may show the denouncer's
// handwriting.
type File struct {
	Seq      int
	SHA      string
	Filename string
	Sealed   bool
}
