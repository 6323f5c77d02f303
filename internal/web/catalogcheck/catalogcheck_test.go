package catalogcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what would fail.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper()                      {}
func (r *recorder) Errorf(f string, args ...any) { r.errors = append(r.errors, f) }
func (r *recorder) Fatalf(f string, args ...any) { r.fatal = true; r.errors = append(r.errors, f) }

// The check finds a missing key, a foreign key, a missing language and different arguments,
// and passes a sound catalogue.
func TestCheck(t *testing.T) {
	dir := t.TempDir()
	old, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(old) })
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll("templates", 0o755)
	os.WriteFile("code.go", []byte(`package x
var _ = "room.a"
var _ = "room.topic"`), 0o644)
	os.WriteFile(filepath.Join("templates", "p.html"), []byte(`{{.T "room.b" 3}}`), 0o644)
	good := map[string][2]string{"room.a": {"Một", "One"}, "room.b": {"%d hộ", "%d households"}, "room.built.x": {"X", "X"}}
	room := Room{Prefix: "room.", Messages: good, Built: []string{"room.built.x"}, NotMessages: func(k string) bool { return k == "room.topic" }, MinKeys: 2}
	r := &recorder{TB: t}
	Check(r, room)
	if len(r.errors) > 0 {
		t.Fatalf("a sound catalogue fails: %v", r.errors)
	}
	bad := map[string][2]string{"room.a": {"Một", ""}, "room.b": {"%d hộ", "households"}, "other.c": {"C", "C"}}
	room.Messages = bad
	r = &recorder{TB: t}
	Check(r, room)
	got := strings.Join(r.errors, "|")
	for _, want := range []string{"built key", "not prefixed", "a language is missing", "different arguments"} {
		if !strings.Contains(got, want) {
			t.Errorf("the check misses %q: %v", want, r.errors)
		}
	}
	room.MinKeys = 5
	r = &recorder{TB: t}
	Check(r, room)
	if !r.fatal {
		t.Error("a scan finding too few keys passes")
	}
}
