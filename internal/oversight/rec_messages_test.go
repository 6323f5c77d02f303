package oversight

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every key the recommendations' code and templates use, and every key built from a value, is
// in RecMessages in both languages with the same arguments.
func TestRecMessagesCoverEveryKey(t *testing.T) {
	built := []string{DutyAnswer, "duty.room." + recRoom}
	for _, b := range []Board{BoardInspection, BoardInvestment} {
		built = append(built, "recommendation.board."+string(b))
	}
	for _, a := range []Addressee{ToCommittee, ToInvestor} {
		built = append(built, "recommendation.to."+string(a))
	}
	for _, s := range []Step{StepAnswer, StepActed, StepClose} {
		built = append(built, "recommendation.flash."+string(s))
	}
	keyRe := regexp.MustCompile(`"(recommendation\.[a-z0-9_.]*[a-z0-9_])"`)
	files, _ := filepath.Glob("rec*.go")
	tpls, _ := filepath.Glob("rec_templates/*.html")
	for _, f := range append(files, tpls...) {
		if strings.HasSuffix(f, "_test.go") || f == "rec_messages.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			if m[1] != "recommendation.send" { // the audit action
				built = append(built, m[1])
			}
		}
	}
	if len(built) < 40 {
		t.Fatalf("only %d keys found", len(built))
	}
	for _, k := range built {
		if _, ok := RecMessages[k]; !ok {
			t.Errorf("key %s is not in RecMessages", k)
		}
	}
	for k, m := range RecMessages {
		if m[0] == "" || m[1] == "" || strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("%s: languages missing or taking different arguments", k)
		}
	}
}
