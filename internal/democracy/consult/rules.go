package consult

import (
	"slices"

	"xaso/internal/calendar"
)

// Topic is what residents are consulted on: one of the nine of Art. 25 (Law 10/2022). The
// labels (consult.topic.*) follow the article's terms as the domain notes summarise them;
// the codes are stable, the wording is data in the catalogue.
type Topic string

const (
	TopicSocioEconomicPlan    Topic = "socioeconomic_plan"    // Art. 25.1
	TopicLandUse              Topic = "land_use"              // Art. 25.2
	TopicInvestment           Topic = "investment"            // Art. 25.3
	TopicAdministrativeUnits  Topic = "administrative_units"  // Art. 25.4
	TopicCommitteeDecision    Topic = "committee_decision"    // Art. 25.5
	TopicConstructionPlanning Topic = "construction_planning" // Art. 25.6
	TopicDemocracyRegulation  Topic = "democracy_regulation"  // Art. 25.7
	TopicCitizenObligations   Topic = "citizen_obligations"   // Art. 25.8
	TopicOther                Topic = "other"                 // Art. 25.9
)

// Topics in the article's order.
var Topics = []Topic{TopicSocioEconomicPlan, TopicLandUse, TopicInvestment, TopicAdministrativeUnits, TopicCommitteeDecision,
	TopicConstructionPlanning, TopicDemocracyRegulation, TopicCitizenObligations, TopicOther}

// Valid reports whether t is one of the nine.
func (t Topic) Valid() bool { return slices.Contains(Topics, t) }

// Form is a way opinions are taken (Art. 26; Art. 27 for the dialogue with the affected
// citizens). An opinion's source is one of them.
type Form string

const (
	FormDialogue         Form = "dialogue"          // hội nghị đối thoại
	FormMeeting          Form = "meeting"           // cuộc họp cộng đồng dân cư
	FormHouseholdForm    Form = "household_form"    // phiếu lấy ý kiến hộ gia đình
	FormSuggestionBox    Form = "suggestion_box"    // hòm thư góp ý, đường dây nóng
	FormFront            Form = "front"             // Mặt trận Tổ quốc và các tổ chức chính trị - xã hội
	FormWebsite          Form = "website"           // cổng thông tin điện tử của xã: this product's /y-kien
	FormSocialMedia      Form = "social_media"      // mạng viễn thông, mạng xã hội
	FormAffectedDialogue Form = "affected_dialogue" // đối thoại trực tiếp với người dân chịu tác động (Art. 27)
)

// Forms in the order the plan's form lists them.
var Forms = []Form{FormDialogue, FormMeeting, FormHouseholdForm, FormSuggestionBox, FormFront, FormWebsite, FormSocialMedia, FormAffectedDialogue}

// StaffSources are the sources staff type opinions in from; the website's come through the
// public form only.
var StaffSources = []Form{FormHouseholdForm, FormMeeting, FormSuggestionBox, FormDialogue, FormFront, FormAffectedDialogue, FormSocialMedia}

// Valid reports whether f is a form of Art. 26.
func (f Form) Valid() bool { return slices.Contains(Forms, f) }

// Status is where a consultation stands.
type Status string

const (
	Draft  Status = "draft"  // being prepared, not public
	Open   Status = "open"   // published: opinions taken until the closing day, then synthesised
	Closed Status = "closed" // decided; summary and answers published
)

// Statuses in lifecycle order.
var Statuses = []Status{Draft, Open, Closed}

// Phase is what the pages show of an open consultation: taking opinions, or past its period
// and being synthesised.
type Phase string

const (
	PhaseDraft      Phase = "draft"
	PhaseCollecting Phase = "collecting"
	PhaseSynthesis  Phase = "synthesis"
	PhaseClosed     Phase = "closed"
)

// Phases in lifecycle order.
var Phases = []Phase{PhaseDraft, PhaseCollecting, PhaseSynthesis, PhaseClosed}

// AnswerKind is the answer to a group of opinions.
type AnswerKind string

const (
	Accepted  AnswerKind = "accepted"  // tiếp thu
	Explained AnswerKind = "explained" // giải trình
)

// AnswerKinds in the form's order.
var AnswerKinds = []AnswerKind{Accepted, Explained}

// Valid reports whether k is an answer.
func (k AnswerKind) Valid() bool { return k == Accepted || k == Explained }

// MinPeriodDays is the shortest consultation: Law 10/2022 Art. 28 "at least 20 days" from
// the publication of the content. The law counts days, not working days: calendar days, the
// period starting the day after publication (Civil Code 2015 Art. 147.1), so a consultation
// published on day P may close on day P+20 at the earliest, that day included.
const MinPeriodDays = 20

// CheckPeriod checks a consultation's period: it opens on the publication day and closes at
// least MinPeriodDays later. It returns the field ("closes_on") and catalogue key of what is
// wrong, or "".
func CheckPeriod(opens, closes calendar.Date) (field, key string) {
	switch {
	case !opens.Valid():
		return "opens_on", "consult.err.date_invalid"
	case !closes.Valid():
		return "closes_on", "consult.err.date_invalid"
	case closes.Sub(opens) < MinPeriodDays:
		return "closes_on", "consult.err.period_short"
	case closes.Sub(opens) > maxPeriodDays:
		return "closes_on", "consult.err.period_long"
	}
	return "", ""
}

// maxPeriodDays bounds a period: a year is more than any consultation runs (no legal limit;
// this only catches a mistyped year).
const maxPeriodDays = 366

// Taking reports whether the consultation takes opinions from the public on day today: it
// is open and today is within its period.
func (c Consultation) Taking(today calendar.Date) bool {
	return c.Status == Open && !today.Before(c.OpensOn) && !today.After(c.ClosesOn)
}

// PhaseOn is the consultation's phase on day today.
func (c Consultation) PhaseOn(today calendar.Date) Phase {
	switch {
	case c.Status == Draft:
		return PhaseDraft
	case c.Status == Closed:
		return PhaseClosed
	case today.After(c.ClosesOn):
		return PhaseSynthesis
	}
	return PhaseCollecting
}

// DaysLeft is the number of days opinions are still taken after today (0 on the last day).
func (c Consultation) DaysLeft(today calendar.Date) int { return max(0, c.ClosesOn.Sub(today)) }

// CheckClose checks the closing against Art. 28: every opinion placed in a group, every group
// answered, and a decision against the majority view explained. It returns the field errors.
func CheckClose(in CloseInput, groups []Group, ungrouped int) map[string]string {
	fe := map[string]string{}
	if ungrouped > 0 {
		fe["groups"] = "consult.err.ungrouped"
	}
	for _, g := range groups {
		if !g.AnswerKind.Valid() {
			fe["groups"] = "consult.err.unanswered"
			break
		}
	}
	if in.Decision == "" {
		fe["decision"] = "consult.err.decision_required"
	}
	// Law 10/2022 Art. 28: an authority deciding against the majority view must say why.
	if !in.FollowsMajority && in.Explanation == "" {
		fe["explanation"] = "consult.err.explanation_required"
	}
	return fe
}
