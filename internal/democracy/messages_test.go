package democracy

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Topics and audit actions are named like messages but are not shown: the scan skips them.
var notMessages = regexp.MustCompile(`^democracy\.(meeting\.(plan|planned|updated|noticed|held|cancelled)|households\.(inform|informed)|attendance\.(changed|check_in|uncheck)|ballots\.tracked|decision\.(opened|counted|decided|answered|count|decide|committee|witnesses|plan_sent|signers|sent)|record\.sent|initiative\.(open|opened|supported|reach|reached|scheduled))$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages, with the same arguments, and every key is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, k := range Kinds {
		built = append(built, "democracy.kind."+string(k))
	}
	for _, s := range []Status{Planned, Held, Cancelled} {
		built = append(built, "democracy.status."+string(s))
	}
	for _, s := range []DecisionStatus{Counting, Decided, Sent, Recognised, Refused} {
		built = append(built, "democracy.dstatus."+string(s))
	}
	for _, f := range Forms {
		built = append(built, "democracy.form."+string(f))
	}
	for _, c := range Channels {
		built = append(built, "democracy.channel."+string(c))
	}
	for _, m := range Matters {
		built = append(built, m.Key(), strings.Replace(m.Key(), "matter.", "matter_short.", 1))
	}
	built = append(built, "democracy.recogniser.committee", "democracy.recogniser.front", "democracy.via.hamlet", "democracy.via.online")
	for _, s := range []InitiativeStatus{Gathering, Reached, Scheduled} {
		built = append(built, "democracy.istatus."+string(s))
	}
	keyRe := regexp.MustCompile(`"(democracy\.[a-z0-9_.]+[a-z0-9_])"`)
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
	if len(built) < 200 {
		t.Fatalf("only %d keys found in the code and templates", len(built))
	}
	for _, k := range built {
		if _, ok := Messages[k]; !ok {
			t.Errorf("key %s is not in Messages", k)
		}
	}
	for key, m := range Messages {
		if !strings.HasPrefix(key, "democracy.") && key != "duty.room.democracy" {
			t.Errorf("%s: not prefixed democracy.", key)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("%s: the languages take different arguments", key)
		}
	}
}
