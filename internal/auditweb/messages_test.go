package auditweb

import (
	"testing"

	"xaso/internal/web/catalogcheck"
)

// Every key the room writes in its code and templates is in the catalogue, in both languages,
// and every key of the catalogue is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "auditweb.", Messages: Messages, MinKeys: 25})
}
