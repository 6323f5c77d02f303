package rating

import (
	"regexp"
	"strconv"
	"testing"

	"xaso/internal/web/catalogcheck"
)

// The topic and the audit action are named like messages but are not shown.
var notMessages = regexp.MustCompile(`^rating\.(recorded|rate)$`)

// Every key the room writes in its code and templates, and every key it builds from its
// levels, reasons and channels, is in the catalogue in both languages, and only the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, l := range Levels {
		built = append(built, "rating.level."+strconv.Itoa(l))
	}
	for _, r := range Reasons {
		built = append(built, "rating.reason."+r)
	}
	for _, c := range Channels {
		built = append(built, "rating.channel."+string(c))
	}
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "rating.", Messages: Messages, Built: built, NotMessages: notMessages.MatchString, MinKeys: 80})
}
