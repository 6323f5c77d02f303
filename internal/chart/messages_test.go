package chart

import (
	"testing"

	"xaso/internal/web/catalogcheck"
)

// Every key the charts write is in the catalogue, in both languages, with the same arguments.
func TestMessagesCoverEveryKey(t *testing.T) {
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "chart.", Messages: Messages, MinKeys: 10})
}

// A key missing from the catalogue shows as itself rather than as nothing.
func TestMsgFallsBackToKey(t *testing.T) {
	if got := msg("vi", "chart.nope"); got != "chart.nope" {
		t.Errorf("msg = %q", got)
	}
	if msg("en", "chart.met") != Messages["chart.met"][1] || msg("fr", "chart.met") != Messages["chart.met"][0] {
		t.Error("English by \"en\", Vietnamese otherwise")
	}
}
