package privacy

import (
	"strconv"
	"time"

	"xaso/internal/calendar"
)

// Kind is what the person asks.
type Kind string

const (
	KindCopy       Kind = "copy"       // a copy of the data held about them (Decree 13/2023 Art. 9.7, Art. 14)
	KindCorrection Kind = "correction" // a correction of it (Art. 9.3, Art. 15)
)

// Kinds in the form's order.
var Kinds = []Kind{KindCopy, KindCorrection}

// Delivery is how the answer is handed over.
type Delivery string

const (
	AtOffice Delivery = "office"   // at the commune office, after the identity check
	SMSLink  Delivery = "sms_link" // a one-time link sent by SMS to the phone given
)

// Deliveries in the form's order.
var Deliveries = []Delivery{AtOffice, SMSLink}

// Status is where a request stands.
type Status string

const (
	StatusReceived Status = "received" // waiting for the identity check
	StatusVerified Status = "verified" // identity papers checked against the request
	StatusAnswered Status = "answered" // the copy given, or the correction made
	StatusRefused  Status = "refused"  // refused in writing with the reason
)

// Statuses in order.
var Statuses = []Status{StatusReceived, StatusVerified, StatusAnswered, StatusRefused}

// Open reports whether the commune still owes an answer.
func (s Status) Open() bool { return s == StatusReceived || s == StatusVerified }

// What was read of the law (the search corpus, 2026), and what was not:
//   - Decree 13/2023 Art. 9 (hethongphapluat.vn, chapter 2 section 1): the rights to access and
//     correct (9.3) and to be given one's data (9.7); 72 hours is written there for restricting
//     processing (9.6.b). Art. 14 and 15 themselves could not be read; a guide (baovedlcn.vn)
//     says Art. 14 takes a request on form 01 or 02 of the decree.
//   - Decree 356/2025/NĐ-CP of 31/12/2025 replaces Decree 13/2023 from 1 January 2026
//     (wincolaw.com.vn shows its header; frasersvn.com, cdlaf.vn, plo.vn report it). By
//     frasersvn.com and cdlaf.vn, the controller answers a data subject within 2 working days of
//     the request, and Decree 13 had required requests be carried out within 72 hours. The
//     decree's own time for providing or correcting data was not read.
//
// So both times are commune settings (settings table, page /du-lieu-ca-nhan/cai-dat) with
// these labelled defaults, to be checked by the commune against the decree's text.
const (
	SettingAckDays     = "privacy.ack_working_days" // working days to acknowledge
	SettingAnswerHours = "privacy.answer_hours"     // hours to provide or correct
	SettingLinkDays    = "privacy.link_days"        // days an SMS link stays valid (the commune's choice)

	DefaultAckDays     = 2  // Decree 356/2025 as reported by frasersvn.com and cdlaf.vn (text not read)
	DefaultAnswerHours = 72 // Decree 13/2023 as reported by frasersvn.com (replaced; text not read)
	DefaultLinkDays    = 7  // not a legal figure: how long a copy waits behind its link

	Basis = "Nghị định 13/2023/NĐ-CP (Điều 9, 14, 15), thay thế từ 01/01/2026 bởi Nghị định 356/2025/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 2025"
)

// Settings are the commune's times for requests.
type Settings struct {
	AckDays, AnswerHours, LinkDays int
}

// Defaults are the settings when the commune has set none.
func Defaults() Settings {
	return Settings{AckDays: DefaultAckDays, AnswerHours: DefaultAnswerHours, LinkDays: DefaultLinkDays}
}

// parseSetting reads a stored value within [min, max], or def.
func parseSetting(v string, def, min, max int) int {
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return def
	}
	return n
}

// Due returns when a request received at `at` must be acknowledged (the end of the working day
// AckDays on, counting from the next) and answered (AnswerHours later; a time falling on a day
// off moves to the end of the next working day, as a period ending on a day off does under
// Civil Code 2015 Art. 148.5).
func (st Settings) Due(cal *calendar.Calendar, at time.Time) (ack, answer time.Time) {
	day := calendar.DateOf(at.In(calendar.Zone))
	closing := cal.Hours().Closing()
	ack = cal.AddWorkingDays(day, st.AckDays).At(closing).UTC()
	answer = at.Add(time.Duration(st.AnswerHours) * time.Hour).UTC()
	d := calendar.DateOf(answer.In(calendar.Zone))
	if !cal.IsWorkingDay(d) {
		for !cal.IsWorkingDay(d) {
			d = d.AddDays(1)
		}
		answer = d.At(closing).UTC()
	}
	return ack, answer
}
