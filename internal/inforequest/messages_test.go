package inforequest

import (
	"strings"
	"testing"
)

// Every key the room builds from its values is in the catalogue, in both languages.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, k := range Kinds {
		built = append(built, "inforequest.kind."+string(k))
	}
	for _, c := range Channels {
		built = append(built, "inforequest.channel."+string(c))
	}
	for _, d := range Deliveries {
		built = append(built, "inforequest.delivery."+d)
	}
	for _, s := range Statuses {
		built = append(built, "inforequest.status."+string(s))
	}
	for _, a := range Actions {
		built = append(built, "inforequest.action."+string(a))
	}
	for _, f := range []string{"name", "address", "information", "id_number"} {
		built = append(built, "inforequest.err."+f+"_required")
	}
	built = append(built, DutyNotice, DutyAnswer, "duty.room."+room)
	for _, k := range built {
		if _, ok := Messages[k]; !ok {
			t.Errorf("key %s is not in Messages", k)
		}
	}
	for key, m := range Messages {
		if !strings.HasPrefix(key, "inforequest.") && key != "duty.room.inforequest" {
			t.Errorf("%s: not prefixed inforequest.", key)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
	}
}
