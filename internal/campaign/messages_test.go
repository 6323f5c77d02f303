package campaign

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// topics and audit actions are named like messages but are not shown: the scan skips them.
var notMessages = regexp.MustCompile(`^campaign\.(article|session)\.(create|created|update|updated|published|withdrawn|record|recorded|deleted)$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages, and every key of the catalogue is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, k := range Kinds {
		built = append(built, "campaign.kind."+string(k))
	}
	for _, s := range Statuses {
		built = append(built, "campaign.status."+string(s))
	}
	keyRe := regexp.MustCompile(`"(campaign\.[a-z0-9_.]+[a-z0-9_])"`)
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
	if len(built) < 80 {
		t.Fatalf("only %d keys found in the code and templates", len(built))
	}
	for _, k := range built {
		if _, ok := Messages[k]; !ok {
			t.Errorf("key %s is not in Messages", k)
		}
	}
	for key, m := range Messages {
		if !strings.HasPrefix(key, "campaign.") {
			t.Errorf("%s: not prefixed campaign.", key)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("%s: the languages take different arguments", key)
		}
	}
}
