package oversight

import (
	"testing"

	"xaso/internal/web/catalogcheck"
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
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "recommendation.", Messages: RecMessages, Built: built, Allowed: []string{"duty.room." + recRoom},
		Files:       []string{"recommendations.go", "rec_service.go", "rec_pages.go", "rec_templates/*.html"},
		NotMessages: func(k string) bool { return k == "recommendation.send" }, MinKeys: 40})
}
