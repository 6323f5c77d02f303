package privacy

import (
	"strings"
	"testing"
)

// Every key the room builds from its values is in the catalogue, in both languages.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, k := range Kinds {
		built = append(built, "privacy.kind."+string(k))
	}
	for _, d := range Deliveries {
		built = append(built, "privacy.delivery."+string(d))
	}
	for _, s := range Statuses {
		built = append(built, "privacy.status."+string(s))
	}
	for _, a := range Actions {
		built = append(built, "privacy.action."+string(a))
	}
	for _, st := range []string{"answer", "refuse"} {
		built = append(built, "privacy.step."+st)
	}
	for _, s := range SubjectTypes {
		built = append(built, "privacy.subject."+s)
	}
	for _, f := range []string{"full_name", "wrong", "right", "id_number", "phone"} {
		built = append(built, "privacy.err."+f+"_required")
	}
	for _, f := range []string{"ack_days", "answer_hours", "link_days"} {
		built = append(built, "privacy.err.setting_"+f)
	}
	built = append(built, DutyAck, DutyAnswer, "duty.room."+room, "privacy.sms.link")
	for _, k := range built {
		if _, ok := Messages[k]; !ok {
			t.Errorf("key %s is not in Messages", k)
		}
	}
	for key, m := range Messages {
		if !strings.HasPrefix(key, "privacy.") && key != "duty.room.privacy" {
			t.Errorf("%s: not prefixed privacy.", key)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("%s: the languages take different arguments", key)
		}
	}
	// Every declared subject type can be named in the log.
	for _, r := range Routes {
		if _, ok := Messages["privacy.subject."+r.Subject]; !ok {
			t.Errorf("route subject %s has no name", r.Subject)
		}
	}
}
