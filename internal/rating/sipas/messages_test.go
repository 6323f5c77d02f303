package sipas

import (
	"regexp"
	"testing"

	"xaso/internal/web/catalogcheck"
)

// topics and audit actions are named like messages but are not shown: the scan skips them.
var notMessages = regexp.MustCompile(`^sipas\.(method\.(load|loaded)|survey\.(create|created|close|closed)|response\.(record|recorded)|target\.set)$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages with the same arguments, and every key of the catalogue is the
// room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, s := range Statuses {
		built = append(built, "sipas.status."+string(s))
	}
	for _, c := range Channels {
		built = append(built, "sipas.channel."+string(c), "sipas.answered."+string(c))
	}
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "sipas.", Messages: Messages, Built: built, NotMessages: notMessages.MatchString, MinKeys: 150})
}
