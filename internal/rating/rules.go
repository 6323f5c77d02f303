package rating

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"xaso/internal/errs"
)

// The rules of a rating, pure: the five levels, the reasons of a low one, what a form may
// send, and which dossier the counter tablet offers.

// Levels run from 1 (rất không hài lòng) to 5 (rất hài lòng); their words are the catalogue's
// rating.level.N.
const (
	MinLevel = 1
	MaxLevel = 5
)

// Levels lists the levels, lowest first.
var Levels = []int{1, 2, 3, 4, 5}

// Satisfied is "hài lòng" or "rất hài lòng" (levels 4–5): the numerator of the satisfaction
// rate of Decision 766/QĐ-TTg as this room computes it (over all rated dossiers).
func Satisfied(level int) bool { return level >= 4 }

// Unsatisfied is "không hài lòng" or "rất không hài lòng" (levels 1–2): a rating that asks
// why, and that the conduct room follows up.
func Unsatisfied(level int) bool { return level >= MinLevel && level <= 2 }

// Reasons are the causes a resident may tick for a low rating, in display order; their words
// are the catalogue's rating.reason.KEY. They are the plan's own concerns (waiting, manners,
// guidance, documents beyond the published list, late results), not a legal list: a commune
// may word them otherwise in its catalogue.
var Reasons = []string{"long_wait", "attitude", "unclear_guidance", "extra_documents", "late_return", "other"}

// MaxComment is the most characters of a rating's comment.
const MaxComment = 1000

// KioskWindow is how long after its return a dossier is offered on the officer's tablet: long
// enough for the resident to step to it, short enough that yesterday's dossier is not rated
// by today's visitor.
const KioskWindow = 2 * time.Hour

// Input is a rating as a form sends it.
type Input struct {
	Level   int
	Reasons []string
	Comment string
}

// ParseInput reads a rating form: "level" (1–5), "reason" (repeated, keys of Reasons) and
// "comment". It returns the input as Check leaves it and the field errors (catalogue keys).
func ParseInput(f url.Values) (Input, errs.FieldErrors) {
	in := Input{Reasons: f["reason"], Comment: f.Get("comment")}
	lv := strings.TrimSpace(f.Get("level"))
	if n, err := strconv.Atoi(lv); err == nil && len(lv) == 1 {
		in.Level = n
	}
	return Check(in)
}

// Check validates and normalises an input: the level must be 1–5; reasons are kept only for a
// low rating, known ones once each in the order of Reasons (an unknown one is an error); the
// comment is trimmed and at most MaxComment characters.
func Check(in Input) (Input, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	if in.Level < MinLevel || in.Level > MaxLevel {
		fe["level"] = "rating.err.level"
		in.Level = 0
	}
	var reasons []string
	if Unsatisfied(in.Level) {
		for _, r := range in.Reasons {
			if !slices.Contains(Reasons, strings.TrimSpace(r)) {
				fe["reason"] = "rating.err.reason"
			}
		}
		for _, r := range Reasons {
			if slices.ContainsFunc(in.Reasons, func(x string) bool { return strings.TrimSpace(x) == r }) {
				reasons = append(reasons, r)
			}
		}
	}
	in.Reasons = reasons
	var ok bool
	if in.Comment, ok = clean(in.Comment, MaxComment); !ok {
		fe["comment"] = "rating.err.comment_long"
	}
	if len(fe) > 0 {
		return in, fe
	}
	return in, nil
}

// OfferedAtCounter reports whether the counter tablet of officerID offers sub at now: the
// officer returned it at the counter (or the way is unknown) within KioskWindow. A dossier
// sent by post is rated from its receipt's link, not on the tablet of whoever is at the desk.
func OfferedAtCounter(sub Subject, officerID string, now time.Time) bool {
	if sub.OfficerID == "" || sub.OfficerID != officerID {
		return false
	}
	if sub.ReturnMethod != "" && sub.ReturnMethod != "counter" {
		return false
	}
	return !sub.ReturnedAt.After(now) && now.Sub(sub.ReturnedAt) <= KioskWindow
}

// ParseChannel reads the "qua" parameter of a rating link (qr, sms); anything else is the web.
func ParseChannel(s string) Channel {
	switch Channel(strings.ToLower(strings.TrimSpace(s))) {
	case ChannelQR:
		return ChannelQR
	case ChannelSMS:
		return ChannelSMS
	}
	return ChannelWeb
}

// MaskName shortens a resident's name for the tablet, which others in the hall may see: the
// family and middle names, then the initial of the given name ("Nông Thị H.").
func MaskName(name string) string {
	parts := strings.Fields(name)
	if len(parts) == 0 {
		return ""
	}
	last := []rune(parts[len(parts)-1])
	parts[len(parts)-1] = string(last[0]) + "."
	return strings.Join(parts, " ")
}
