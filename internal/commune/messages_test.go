package commune_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xaso/internal/commune"
)

var verbRe = regexp.MustCompile(`%[-+# 0]*[0-9]*[a-zA-Z]`)

// Every message key this package's store, import and demo code uses is in the catalogue, in
// both languages with the same arguments. Event topics and audit actions are not messages.
func TestMessagesCoverEveryKey(t *testing.T) {
	notMessages := map[string]bool{
		commune.TopicCommuneCreated: true, commune.TopicCommuneUpdated: true, commune.TopicHamletCreated: true,
		commune.TopicHamletUpdated: true, commune.TopicHouseholdCreated: true, commune.TopicHouseholdUpdated: true,
		commune.TopicResidentAdded: true, commune.TopicResidentUpdated: true, commune.TopicResidentRemoved: true,
		commune.TopicStaffCreated: true, commune.TopicStaffUpdated: true, commune.TopicImportApplied: true,
		commune.TopicDemoSeeded: true, "commune.create": true, "commune.update": true, "commune.demo_seed": true,
	}
	keyRe := regexp.MustCompile(`"(commune\.[a-z_.]+)"`)
	files, _ := filepath.Glob("*.go")
	used := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(f, "pages") || f == "topics.go" || f == "messages.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(src), -1) {
			if notMessages[m[1]] {
				continue
			}
			used++
			if _, ok := commune.Messages[m[1]]; !ok {
				t.Errorf("%s: key %s is not in Messages", f, m[1])
			}
		}
	}
	if used < 50 {
		t.Fatalf("only %d keys found: is the scan broken?", used)
	}
	for key, m := range commune.Messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if vi, en := verbRe.FindAllString(m[0], -1), verbRe.FindAllString(m[1], -1); strings.Join(vi, "") != strings.Join(en, "") {
			t.Errorf("%s: arguments differ: %v vs %v", key, vi, en)
		}
	}
}
