package democracy

import (
	"regexp"
	"strings"
	"testing"

	"xaso/internal/web/catalogcheck"
)

// Topics and audit actions are named like messages but are not shown.
var notMessages = regexp.MustCompile(`^democracy\.(meeting\.(plan|planned|updated|noticed|held|cancelled)|households\.(inform|informed)|attendance\.(changed|check_in|uncheck)|ballots\.tracked|decision\.(opened|counted|decided|answered|count|decide|committee|witnesses|plan_sent|signers|sent)|record\.sent|initiative\.(open|opened|supported|reach|reached|scheduled))$`)

// Every key the room writes or builds from its values is in the catalogue, in both languages
// with the same arguments, and every key is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, k := range Kinds {
		built = append(built, "democracy.kind."+string(k))
	}
	for _, s := range []Status{Planned, Held, Cancelled} {
		built = append(built, "democracy.status."+string(s))
	}
	for _, s := range []DecisionStatus{Counting, Decided, Sent, Recognised, Refused} {
		built = append(built, "democracy.dstatus."+string(s))
	}
	for _, f := range Forms {
		built = append(built, "democracy.form."+string(f))
	}
	for _, c := range Channels {
		built = append(built, "democracy.channel."+string(c))
	}
	for _, m := range Matters {
		built = append(built, m.Key(), strings.Replace(m.Key(), "matter.", "matter_short.", 1))
	}
	for _, s := range []InitiativeStatus{Gathering, Reached, Scheduled} {
		built = append(built, "democracy.istatus."+string(s))
	}
	built = append(built, "democracy.recogniser.committee", "democracy.recogniser.front", "democracy.via.hamlet", "democracy.via.online",
		DutyNotice, DutyPlanSent, DutyRecordSent, DutyRecognition, DutySchedule)
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "democracy.", Messages: Messages, Built: built, Allowed: []string{"duty.room." + room},
		NotMessages: notMessages.MatchString, MinKeys: 200})
}
