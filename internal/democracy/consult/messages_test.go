package consult

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
	keyRe := regexp.MustCompile(`"(consult\.[a-z0-9_.]+[a-z0-9_])"`)
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
		if !strings.HasPrefix(key, "consult.") && key != "duty.room.consult" {
			t.Errorf("%s: not prefixed consult.", key)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("%s: the languages take different arguments", key)
		}
	}
}
