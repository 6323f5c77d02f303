package campaign

import (
	"regexp"
	"testing"

	"xaso/internal/web/catalogcheck"
)

// topics and audit actions are named like messages but are not shown: the scan skips them.
var notMessages = regexp.MustCompile(`^campaign\.(article|session)\.(create|created|update|updated|published|withdrawn|record|recorded|deleted)$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages, and every key of the catalogue is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, k := range Kinds {
		built = append(built, "campaign.kind."+string(k))
	}
	for _, s := range Statuses {
		built = append(built, "campaign.status."+string(s))
	}
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "campaign.", Messages: Messages, Built: built, NotMessages: notMessages.MatchString, MinKeys: 80})
}
