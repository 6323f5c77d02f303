package oversight

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Audit actions are named like messages but never shown.
var inspectionNotMessages = regexp.MustCompile(`^inspection\.(board\.(create|update)|member\.(add|update)|check\.(add|sent|finish)|case\.(open|note|findings|result)|plan\.save)$`)

// Every key the board's code and templates use, and every key built from a value, is in
// Messages in both languages with the same arguments, and every key there is the room's.
func TestInspectionMessagesCoverEveryKey(t *testing.T) {
	built := []string{DutyInspectionNotice, "duty.room." + inspectionRoom}
	for _, p := range Positions {
		built = append(built, "inspection.position."+string(p))
	}
	for _, k := range MatchKinds {
		built = append(built, "inspection.match."+k)
	}
	for _, s := range []string{"staff", "hamlet_head"} {
		built = append(built, "inspection.staff_source."+s)
	}
	for _, p := range Periods {
		built = append(built, "inspection.period."+string(p), "inspection.period_kind."+string(p))
	}
	for _, r := range Recipients {
		built = append(built, "inspection.recipient."+string(r))
	}
	for _, n := range []NoticeState{NoticeOnTime, NoticeLate, NoticePending, NoticeOverdue} {
		built = append(built, "inspection.notice."+string(n))
	}
	for _, s := range []InspectionStatus{InspectionPlanned, InspectionDone, InspectionCancelled} {
		built = append(built, "inspection.check."+string(s))
	}
	for _, s := range CaseStatuses {
		built = append(built, "inspection.case_status."+string(s))
	}
	for _, s := range Sources {
		built = append(built, "inspection.source."+string(s))
	}
	for _, k := range NoteKinds {
		built = append(built, "inspection.note_kind."+string(k))
	}
	keyRe := regexp.MustCompile(`"(inspection\.[a-z0-9_.]*[a-z0-9_])"`)
	files, _ := filepath.Glob("*.go")
	tpls, _ := filepath.Glob("templates/*.html")
	for _, f := range append(files, tpls...) {
		if strings.HasSuffix(f, "_test.go") || f == "messages.go" || strings.HasPrefix(f, "rec") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			if !inspectionNotMessages.MatchString(m[1]) {
				built = append(built, m[1])
			}
		}
	}
	if len(built) < 150 {
		t.Fatalf("only %d keys found", len(built))
	}
	for _, k := range built {
		if _, ok := Messages[k]; !ok {
			t.Errorf("key %s is not in Messages", k)
		}
	}
	for k, m := range Messages {
		if !strings.HasPrefix(k, "inspection.") && k != "duty.room.oversight" {
			t.Errorf("%s: not the room's", k)
		}
		if _, dup := RecMessages[k]; dup {
			t.Errorf("%s: also in RecMessages", k)
		}
		if m[0] == "" || m[1] == "" || strings.Count(m[0], "%") != strings.Count(m[1], "%") {
			t.Errorf("%s: languages missing or taking different arguments", k)
		}
	}
}
