// Package catalogcheck is a test helper for the rooms' message catalogues: every key a room's
// code and templates write, and every key it builds from its values, is in its catalogue, in
// both languages, taking the same arguments; and the catalogue holds only the room's keys. It
// reads the room's files as text, from the test's working directory (the package's folder).
package catalogcheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Room describes one catalogue and where its keys are written.
type Room struct {
	// Prefix starts every key of the room: "democracy.".
	Prefix   string
	Messages map[string][2]string
	// Files are the globs scanned for keys; "*.go" and "templates/*.html" when empty. Test
	// files and messages.go are never scanned.
	Files []string
	// NotMessages names keys written like messages that are not shown (event topics, audit
	// actions); nil: none.
	NotMessages func(key string) bool
	// Built are the keys the room builds from its values (a status, a kind).
	Built []string
	// Allowed are the catalogue's keys outside the prefix: "duty.room.democracy".
	Allowed []string
	// MinKeys is the least number of keys the scan must find, so that a broken scan fails.
	MinKeys int
}

// verbRe finds the formatting verbs of a message once "%%" is taken out. The space flag is not
// read as one: "10 % tổng số hộ" is Vietnamese for ten per cent, not a verb.
var verbRe = regexp.MustCompile(`%[-+#0]*[0-9]*[a-zA-Z]`)

func verbs(s string) string {
	return strings.Join(verbRe.FindAllString(strings.ReplaceAll(s, "%%", ""), -1), "")
}

// Check fails t for every key missing from the catalogue, every key of the catalogue that is
// not the room's, a language missing, or languages that take different arguments.
func Check(t testing.TB, r Room) {
	t.Helper()
	globs := r.Files
	if len(globs) == 0 {
		globs = []string{"*.go", "templates/*.html"}
	}
	keyRe := regexp.MustCompile(`"(` + regexp.QuoteMeta(r.Prefix) + `[a-z0-9_.]*[a-z0-9_])"`)
	used := 0
	for _, g := range globs {
		files, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || filepath.Base(f) == "messages.go" {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
				if r.NotMessages != nil && r.NotMessages(m[1]) {
					continue
				}
				used++
				if _, ok := r.Messages[m[1]]; !ok {
					t.Errorf("%s: key %s is not in the catalogue", f, m[1])
				}
			}
		}
	}
	if used < r.MinKeys {
		t.Fatalf("only %d keys found in %v: is the scan broken?", used, globs)
	}
	for _, k := range r.Built {
		if _, ok := r.Messages[k]; !ok {
			t.Errorf("built key %s is not in the catalogue", k)
		}
	}
	allowed := map[string]bool{}
	for _, k := range r.Allowed {
		allowed[k] = true
	}
	for key, m := range r.Messages {
		if !strings.HasPrefix(key, r.Prefix) && !allowed[key] {
			t.Errorf("%s: not prefixed %s", key, r.Prefix)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if vi, en := verbs(m[0]), verbs(m[1]); vi != en {
			t.Errorf("%s: the languages take different arguments: %q and %q", key, vi, en)
		}
	}
}
