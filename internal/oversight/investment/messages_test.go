package investment

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Topics and audit actions are named like messages but are not shown: the scan skips them.
var notMessages = regexp.MustCompile(`^investment\.(project\.(create|update|updated|part_changed)|source\.(add|remove)|party\.(add|remove)|disclosure\.(add|done)|board\.(update|updated|dissolve|set_up|notified)|member\.(update|changed|leave|add)|visit\.(save|saved|submit|submitted))$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages, with the same arguments, and every key is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	built := []string{"duty.room.investment", DutyNotice, "investment.board.set_up", "investment.board.notified", "investment.member.add",
		"investment.member.leave", "investment.visit.submit", "investment.visit.submitted"}
	for _, k := range Kinds {
		built = append(built, "investment.kind."+string(k))
	}
	for _, s := range Statuses {
		built = append(built, "investment.status."+string(s))
	}
	for _, r := range PartyRoles {
		built = append(built, "investment.role."+string(r))
	}
	for _, o := range Origins {
		built = append(built, "investment.origin."+string(o))
	}
	for _, p := range Positions {
		built = append(built, "investment.position."+string(p))
	}
	for _, c := range AllChecks {
		built = append(built, "investment.check."+string(c))
	}
	for _, r := range Results {
		built = append(built, "investment.result."+string(r))
	}
	for _, s := range []VisitStatus{Draft, Submitted} {
		built = append(built, "investment.vstatus."+string(s))
	}
	built = append(built, "investment.rec.to.committee", "investment.rec.to.investor")
	keyRe := regexp.MustCompile(`"(investment\.[a-z0-9_.]+[a-z0-9_])"`)
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
		if !strings.HasPrefix(key, "investment.") && key != "duty.room.investment" {
			t.Errorf("%s: not prefixed investment.", key)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("%s: the languages take different arguments", key)
		}
	}
}
