package election

import (
	"regexp"
	"testing"

	"xaso/internal/web/catalogcheck"
)

// topics and audit actions are named like messages but are not shown: the scan skips them.
var notMessages = regexp.MustCompile(`^election\.(created|step|counted|decided|removal|settings|candidate|create|count|recognised|refused|candidate\.add|candidate\.remove|removal\.(file|meeting|interim))$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages, and every key of the catalogue is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, k := range Kinds {
		built = append(built, "election.kind."+string(k), "election.recognition.by."+string(k))
	}
	for _, s := range Statuses {
		built = append(built, "election.status."+string(s))
	}
	for _, s := range Steps {
		built = append(built, "election.step."+string(s))
	}
	for _, s := range []RemovalStatus{TooFew, MeetingDue, Kept, RemovedHead} {
		built = append(built, "election.removal.status."+string(s))
	}
	for _, m := range TermMonthsAllowed {
		built = append(built, "election.term."+itoa(m))
	}
	for _, s := range []Step{StepPlan, StepCandidates, StepTeam} {
		built = append(built, "election.field.ref_"+string(s))
	}
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "election.", Messages: Messages, Built: built, Allowed: []string{"duty.room.election"},
		NotMessages: notMessages.MatchString, MinKeys: 100})
}
