package consult

import (
	"regexp"
	"testing"

	"xaso/internal/web/catalogcheck"
)

// topics and audit actions are named like messages but are not shown: the scan skips them.
var notMessages = regexp.MustCompile(`^consult\.(created|updated|published|create|update|publish|close|closed|opinion\.(add|group|received|grouped)|group\.(save|saved)|attachment\.(add|added))$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages, and every key of the catalogue is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, v := range Topics {
		built = append(built, "consult.topic."+string(v))
	}
	for _, v := range Forms {
		built = append(built, "consult.form."+string(v))
	}
	for _, v := range Phases {
		built = append(built, "consult.phase."+string(v))
	}
	for _, v := range AnswerKinds {
		built = append(built, "consult.answer."+string(v))
	}
	built = append(built, DutyAnswer)
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "consult.", Messages: Messages, Built: built, Allowed: []string{"duty.room.consult"},
		NotMessages: notMessages.MatchString, MinKeys: 100})
}
