package inforequest

import (
	"time"

	"xaso/internal/calendar"
)

// Kind is what the resident asks: information, or the correction of information the commune
// provided or published (Art. 22.4).
type Kind string

const (
	KindRequest    Kind = "request"
	KindCorrection Kind = "correction"
)

// Kinds in the form's order.
var Kinds = []Kind{KindRequest, KindCorrection}

// Channel is how the request came, which sets its deadline (Art. 29–31).
type Channel string

const (
	InPerson   Channel = "in_person"  // trực tiếp tại trụ sở (Art. 29)
	Electronic Channel = "electronic" // qua mạng điện tử (Art. 30)
	Post       Channel = "post"       // qua dịch vụ bưu chính (Art. 31)
	Fax        Channel = "fax"        // qua fax (Art. 31)
)

// Channels in the form's order.
var Channels = []Channel{InPerson, Electronic, Post, Fax}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	for _, x := range Channels {
		if c == x {
			return true
		}
	}
	return false
}

// Delivery is how the resident wants the information (Art. 24.2).
var Deliveries = []string{"read_onsite", "paper_copy", "electronic", "post"}

// Status is where a request stands.
type Status string

const (
	StatusReceived Status = "received" // in the register, not answered
	StatusNotified Status = "notified" // complex: the resident told when it will be answered
	StatusExtended Status = "extended" // the time extended once, with the reason
	StatusAnswered Status = "answered" // provided (or corrected)
	StatusRefused  Status = "refused"  // refused in writing with the reasons (Art. 28)
)

// Statuses in order.
var Statuses = []Status{StatusReceived, StatusNotified, StatusExtended, StatusAnswered, StatusRefused}

// Open reports whether the commune still owes the resident an answer.
func (s Status) Open() bool { return s != StatusAnswered && s != StatusRefused }

// Plan is the time the law gives for a request: an answer the same working day
// (Immediate), or within AnswerDays working days, with a notice of the time within
// NoticeDays for a complex request by post, fax or electronic means, and one extension of
// at most ExtendDays working days. A correction is answered within CorrectionDays calendar
// days.
type Plan struct {
	Immediate    bool
	NoticeDays   int
	AnswerDays   int
	ExtendDays   int
	CalendarDays int
	Basis        string
}

// The figures of Law 104/2016 as checked (../shared/domain/law-check-2026.md §2 and #10).
const (
	basisInPerson   = "Điều 29 Luật Tiếp cận thông tin 2016"
	basisElectronic = "Điều 30 Luật Tiếp cận thông tin 2016"
	basisPost       = "Điều 31 Luật Tiếp cận thông tin 2016"
	basisCorrection = "Khoản 4 Điều 22 Luật Tiếp cận thông tin 2016"
)

// PlanFor returns the time the law gives a request of this kind, channel and complexity.
// A simple request in person is answered at once; one that cannot be (complex) within 10
// working days, extendable by 10 (Art. 29). Electronic: 3 working days; complex: a notice
// within 3 and the answer within 15, extendable by 15 (Art. 30). Post or fax: 5 working
// days; complex: a notice within 3 and the answer within 15, extendable by 15 (Art. 31).
// A correction: 15 days (Art. 22.4).
func PlanFor(k Kind, ch Channel, complex bool) Plan {
	if k == KindCorrection {
		return Plan{CalendarDays: 15, Basis: basisCorrection}
	}
	switch ch {
	case InPerson:
		if !complex {
			return Plan{Immediate: true, Basis: basisInPerson}
		}
		return Plan{AnswerDays: 10, ExtendDays: 10, Basis: basisInPerson}
	case Electronic:
		if !complex {
			return Plan{AnswerDays: 3, Basis: basisElectronic}
		}
		return Plan{NoticeDays: 3, AnswerDays: 15, ExtendDays: 15, Basis: basisElectronic}
	default: // post, fax
		if !complex {
			return Plan{AnswerDays: 5, Basis: basisPost}
		}
		return Plan{NoticeDays: 3, AnswerDays: 15, ExtendDays: 15, Basis: basisPost}
	}
}

// Due returns when the notice (zero if none) and the answer are due for a request received
// at `at`: the end of the working day the count reaches, counting from the day after receipt;
// calendar days that end on a day off move to the next working day (Civil Code 2015 Art.
// 148.5); "immediately" is the end of the working day of receipt (of the next working day when
// received on a day off).
func (p Plan) Due(cal *calendar.Calendar, at time.Time) (notice, answer time.Time) {
	day := calendar.DateOf(at.In(calendar.Zone))
	closing := cal.Hours().Closing()
	switch {
	case p.Immediate:
		for !cal.IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		answer = day.At(closing).UTC()
	case p.CalendarDays > 0:
		d := day.AddDays(p.CalendarDays)
		for !cal.IsWorkingDay(d) {
			d = d.AddDays(1)
		}
		answer = d.At(closing).UTC()
	default:
		answer = cal.AddWorkingDays(day, p.AnswerDays).At(closing).UTC()
	}
	if p.NoticeDays > 0 {
		notice = cal.AddWorkingDays(day, p.NoticeDays).At(closing).UTC()
	}
	return notice, answer
}

// Extend returns the answer's new due time after the one extension the law allows.
func (p Plan) Extend(cal *calendar.Calendar, due time.Time) time.Time {
	day := calendar.DateOf(due.In(calendar.Zone))
	return cal.AddWorkingDays(day, p.ExtendDays).At(cal.Hours().Closing()).UTC()
}
