package oversight

import (
	"slices"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/fold"
)

// The People's Inspection Board's rules, as pure functions of their inputs (Law 10/2022
// Art. 36–40; Decree 59/2023 Art. 12–15). Counts and eligibility are checks that warn: the
// Front decides the exact number of members and recognises the election, so the software
// shows what does not fit instead of refusing to record what happened. Positions are the one
// hard rule: one head, at most two deputies.

// Position is a member's place on the board.
type Position string

const (
	PosHead   Position = "head"   // Trưởng ban
	PosDeputy Position = "deputy" // Phó Trưởng ban
	PosMember Position = "member" // Thành viên
)

// Positions in the form's order.
var Positions = []Position{PosHead, PosDeputy, PosMember}

// Valid reports whether p is a known position.
func (p Position) Valid() bool { return slices.Contains(Positions, p) }

// Board sizes (Law 10/2022 Art. 36.2; Decree 59/2023 Art. 13.2).
const (
	MinMembers       = 5 // never fewer than 5
	SmallCommuneCap  = 5 // a commune with fewer than 5 hamlets elects at most 5
	smallCommuneSize = 5 // "fewer than 5 hamlets"
	MaxDeputies      = 2
	// ByElectionMonths: a vacancy is filled by a by-election only if at least 6 months of the
	// term remain (Decree 59/2023 Art. 13, as summarised in participation-law.md §1.6).
	ByElectionMonths = 6
	// NoticeWorkingDays: an inspection plan reaches the Front, the chairman and the subject at
	// least 5 working days before the inspection (Decree 59/2023 Art. 14).
	NoticeWorkingDays = 5
)

// Warning is one thing about the board's composition that does not fit the rules: a catalogue
// key and its arguments.
type Warning struct {
	Key  string
	Args []any
}

// HamletRef is a hamlet as the composition check sees it.
type HamletRef struct{ ID, Name string }

// Seat is a serving member as the composition check sees it.
type Seat struct {
	HamletID string
	Position Position
}

// CheckComposition compares the serving members with the rules: one member per hamlet, never
// fewer than 5, at most 5 in a commune with fewer than 5 hamlets, one head, at most 2
// deputies. With fewer than 5 hamlets some hamlets must have two members, so the "one per
// hamlet" check then only asks that every hamlet has one.
func CheckComposition(seats []Seat, hamlets []HamletRef) []Warning {
	var out []Warning
	n := len(seats)
	if n < MinMembers {
		out = append(out, Warning{Key: "inspection.warn.too_few", Args: []any{n, MinMembers}})
	}
	if len(hamlets) < smallCommuneSize && n > SmallCommuneCap {
		out = append(out, Warning{Key: "inspection.warn.small_commune_cap", Args: []any{n, len(hamlets), SmallCommuneCap}})
	}
	per := map[string]int{}
	for _, s := range seats {
		per[s.HamletID]++
	}
	for _, h := range hamlets {
		switch c := per[h.ID]; {
		case c == 0:
			out = append(out, Warning{Key: "inspection.warn.hamlet_missing", Args: []any{h.Name}})
		case c > 1 && len(hamlets) >= smallCommuneSize:
			out = append(out, Warning{Key: "inspection.warn.hamlet_twice", Args: []any{h.Name, c}})
		}
	}
	if per[""] > 0 {
		out = append(out, Warning{Key: "inspection.warn.no_hamlet", Args: []any{per[""]}})
	}
	heads, deputies := countPositions(seats)
	if heads == 0 && n > 0 {
		out = append(out, Warning{Key: "inspection.warn.no_head"})
	}
	if heads > 1 {
		out = append(out, Warning{Key: "inspection.warn.heads", Args: []any{heads}})
	}
	if deputies > MaxDeputies {
		out = append(out, Warning{Key: "inspection.warn.deputies", Args: []any{deputies, MaxDeputies}})
	}
	return out
}

func countPositions(seats []Seat) (heads, deputies int) {
	for _, s := range seats {
		switch s.Position {
		case PosHead:
			heads++
		case PosDeputy:
			deputies++
		}
	}
	return heads, deputies
}

// PositionAllowed reports whether a serving member may take position p next to the others
// (the member's own seat left out): one head, at most 2 deputies. Its error is a catalogue key.
func PositionAllowed(others []Seat, p Position) string {
	heads, deputies := countPositions(others)
	switch {
	case !p.Valid():
		return "inspection.err.position"
	case p == PosHead && heads >= 1:
		return "inspection.err.second_head"
	case p == PosDeputy && deputies >= MaxDeputies:
		return "inspection.err.third_deputy"
	}
	return ""
}

// StaffRow is a person of the staff directory, or a hamlet head, for the eligibility check.
type StaffRow struct {
	ID, FullName, Title, Unit, Phone string
	Source                           string // "staff" or "hamlet_head"
}

// Match is why a member may not be eligible: a staff row with the same folded name and/or
// phone (Art. 37: not a commune official nor part-time commune or hamlet staff).
type Match struct {
	Staff StaffRow
	// Kind: "name_phone" (same name and phone), "name" (same name, a phone missing on one
	// side), "name_other_phone" (same name, different phones: perhaps a namesake), "phone"
	// (same phone, another name).
	Kind string
}

// NormalPhone keeps the digits of a phone number, with the country code +84 written as the
// leading 0, so that "+84 912 345 678" and "0912.345.678" are the same number.
func NormalPhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if strings.HasPrefix(strings.TrimSpace(s), "+84") || (strings.HasPrefix(d, "84") && len(d) == 11) {
		d = "0" + strings.TrimPrefix(d, "84")
	}
	return d
}

// EligibilityMatches lists the staff rows a would-be member matches, by folded name and, when
// both sides have one, phone. A match is a flag for the Front to look at, not a refusal:
// namesakes are common.
func EligibilityMatches(name, phone string, staff []StaffRow) []Match {
	fn, ph := fold.String(name), NormalPhone(phone)
	var out []Match
	for _, s := range staff {
		sameName := fn != "" && fold.String(s.FullName) == fn
		sp := NormalPhone(s.Phone)
		samePhone := len(ph) >= 8 && ph == sp
		switch {
		case sameName && samePhone:
			out = append(out, Match{Staff: s, Kind: "name_phone"})
		case sameName && (ph == "" || sp == ""):
			out = append(out, Match{Staff: s, Kind: "name"})
		case sameName:
			out = append(out, Match{Staff: s, Kind: "name_other_phone"})
		case samePhone:
			out = append(out, Match{Staff: s, Kind: "phone"})
		}
	}
	return out
}

// MatchKinds are the kinds of Match, for the catalogue.
var MatchKinds = []string{"name_phone", "name", "name_other_phone", "phone"}

// addMonths is d moved by n calendar months; a day the month lacks becomes its last day (31
// August + 6 months = 28 or 29 February), as a period in months ends (Civil Code 2015 Art. 148).
func addMonths(d calendar.Date, n int) calendar.Date {
	y, m := d.Year, int(d.Month)-1+n
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := calendar.NewDate(y, time.Month(m+2), 0) // day 0: the last day of the month before
	return calendar.NewDate(y, time.Month(m+1), min(d.Day, last.Day))
}

// ByElectionDue reports whether a seat vacated on day vacated must be filled by a by-election:
// only when at least 6 months of the term remain, that is the term ends on or after the day
// 6 months later.
func ByElectionDue(vacated, termEnd calendar.Date) bool {
	return !termEnd.Before(addMonths(vacated, ByElectionMonths))
}

// NoticeDeadline is the last day an inspection's plan may reach the Front, the chairman and
// the subject: 5 working days before the day it starts, that day not counted (as the
// reception schedule counts its 5 working days).
func NoticeDeadline(cal *calendar.Calendar, startsOn calendar.Date) calendar.Date {
	return cal.AddWorkingDays(startsOn, -NoticeWorkingDays)
}

// Recipient is who an inspection's plan is sent to.
type Recipient string

const (
	ToFront    Recipient = "front"    // Ban Thường trực Ủy ban Mặt trận Tổ quốc xã
	ToChairman Recipient = "chairman" // Chủ tịch Ủy ban nhân dân xã
	ToSubject  Recipient = "subject"  // the one inspected
)

// Recipients in the form's order.
var Recipients = []Recipient{ToFront, ToChairman, ToSubject}

// NoticeState is how the sending of one inspection's plan stands.
type NoticeState string

const (
	NoticeOnTime  NoticeState = "on_time" // every recipient had it by the deadline
	NoticeLate    NoticeState = "late"    // every recipient had it, one or more after the deadline
	NoticePending NoticeState = "pending" // not everyone yet, the deadline not passed
	NoticeOverdue NoticeState = "overdue" // not everyone yet, the deadline passed
)

// NoticeStateOf says how the sending stands on day today, given the days each recipient had
// it (the zero Date: not yet).
func NoticeStateOf(sent map[Recipient]calendar.Date, deadline, today calendar.Date) NoticeState {
	late, missing := false, false
	for _, r := range Recipients {
		d := sent[r]
		switch {
		case !d.Valid():
			missing = true
		case d.After(deadline):
			late = true
		}
	}
	switch {
	case missing && today.After(deadline):
		return NoticeOverdue
	case missing:
		return NoticePending
	case late:
		return NoticeLate
	}
	return NoticeOnTime
}
