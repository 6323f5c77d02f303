package tasks

import (
	"regexp"
	"testing"

	"xaso/internal/duty"
	"xaso/internal/web/catalogcheck"
)

// Topics and audit actions are named like messages but are not shown: the scan skips them.
var notMessages = regexp.MustCompile(`^tasks\.(task\.(changed|create|update|progress|evidence|cancel|reopen)|plan\.(changed|create|update))$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages, and every key of the catalogue is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, s := range Statuses {
		built = append(built, "tasks.status."+string(s))
	}
	for _, s := range []duty.State{duty.OnTime, duty.AtRisk, duty.Overdue, duty.Closed} {
		built = append(built, "tasks.state."+string(s))
	}
	for _, k := range EvidenceKinds {
		built = append(built, "tasks.evidence.kind."+string(k))
	}
	for _, r := range OwnerRoles {
		built = append(built, "tasks.role."+string(r))
	}
	for _, f := range FileFields {
		built = append(built, "tasks.csv."+f)
	}
	built = append(built, exportHeader...)
	built = append(built, loadColumns...)
	for _, c := range csvColumns {
		if c.required {
			built = append(built, "tasks.csv."+c.field)
		}
	}
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "tasks.", Messages: Messages, Built: built, Allowed: []string{"duty.room.tasks"},
		NotMessages: notMessages.MatchString, MinKeys: 200})
}
