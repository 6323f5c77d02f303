package conduct

import (
	"regexp"
	"testing"

	"xaso/internal/web/catalogcheck"
)

// topics, audit actions and the setting are named like messages but are not shown: the scan
// skips them.
var notMessages = regexp.MustCompile(`^conduct\.(code\.(publish|published)|badge\.(issue|issued)|report\.(receive|received|review|reviewed)|settings\.(update|updated)|review_days)$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages, and every key of the catalogue is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, s := range Sources {
		built = append(built, "conduct.source."+string(s))
	}
	for _, o := range Outcomes {
		built = append(built, "conduct.outcome."+o.Code)
	}
	for _, g := range Groups {
		built = append(built, "conduct.group."+g)
	}
	for _, s := range Statuses {
		built = append(built, "conduct.status."+string(s))
	}
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "conduct.", Messages: Messages, Built: built, Allowed: []string{"duty.room.conduct"},
		NotMessages: notMessages.MatchString, MinKeys: 150})
}
