package election

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
	keyRe := regexp.MustCompile(`"(election\.[a-z0-9_.]+[a-z0-9_])"`)
	files, _ := filepath.Glob("templates/*.html")
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range append(files, gofiles...) {
		if strings.HasSuffix(f, "_test.go") || f == "messages.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			if !notMessages.MatchString(m[1]) {
				built = append(built, m[1])
			}
		}
	}
	if len(built) < 150 {
		t.Fatalf("only %d keys found in the code and templates", len(built))
	}
	for _, k := range built {
		if _, ok := Messages[k]; !ok {
			t.Errorf("key %s is not in Messages", k)
		}
	}
	for key, m := range Messages {
		if !strings.HasPrefix(key, "election.") && key != "duty.room.election" {
			t.Errorf("%s: not prefixed election.", key)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") || strings.Count(m[0], "{") != strings.Count(m[1], "{") {
			t.Errorf("%s: the languages take different arguments", key)
		}
	}
}
