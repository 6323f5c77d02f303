package reception

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var verbRe = regexp.MustCompile(`%[-+# 0]*[0-9]*[a-zA-Z]`)

// Every message key the room's code and templates use is in Messages, in both languages with
// the same arguments, and so is every key built from a value.
func TestMessagesCoverEveryKey(t *testing.T) {
	notMessages := map[string]bool{TopicVisitRecorded: true, TopicVisitReplied: true, "reception.kind": false,
		"reception.session.create": true, "reception.visit.record": true, "reception.visit.reply": true,
		"reception.visit.to_petition": true}
	keyRe := regexp.MustCompile(`"(reception\.[a-z0-9_.]*[a-z0-9_])"`)
	files, _ := filepath.Glob("*.go")
	tpls, _ := filepath.Glob("templates/*.html")
	used := 0
	for _, f := range append(files, tpls...) {
		if strings.HasSuffix(f, "_test.go") || f == "messages.go" {
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
			if _, ok := Messages[m[1]]; !ok {
				t.Errorf("%s: key %s is not in Messages", f, m[1])
			}
		}
	}
	if used < 100 {
		t.Fatalf("only %d keys found: is the scan broken?", used)
	}
	var built []string
	for i := 0; i < 7; i++ {
		built = append(built, "reception.wd."+strconv.Itoa(i))
	}
	for _, k := range []SessionKind{Regular, AdHoc} {
		built = append(built, "reception.session.kind."+string(k))
	}
	for _, m := range []Mode{InPerson, Online} {
		built = append(built, "reception.mode."+string(m))
	}
	for _, k := range MatterKinds {
		built = append(built, "reception.kind."+string(k))
	}
	for _, o := range Outcomes {
		built = append(built, "reception.reply.outcome."+string(o))
	}
	for _, f := range []string{"name", "address", "matter", "request", "handling"} {
		built = append(built, "reception.visit."+f+"_required")
	}
	for _, k := range built {
		if _, ok := Messages[k]; !ok {
			t.Errorf("built key %s is not in Messages", k)
		}
	}
	for key, m := range Messages {
		if !strings.HasPrefix(key, "reception.") && key != "duty.room.reception" { // the duties page names the room
			t.Errorf("%s: not prefixed reception.", key)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if vi, en := verbRe.FindAllString(m[0], -1), verbRe.FindAllString(m[1], -1); strings.Join(vi, "") != strings.Join(en, "") {
			t.Errorf("%s: arguments differ: %v vs %v", key, vi, en)
		}
	}
}
