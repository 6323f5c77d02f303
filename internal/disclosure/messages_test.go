package disclosure

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var verbRe = regexp.MustCompile(`%[-+# 0]*[0-9]*[a-zA-Z]`)

// Every message key the room's code uses is in Messages, in both languages with the same
// arguments, and so is every key built from a value.
func TestMessagesCoverEveryKey(t *testing.T) {
	notMessages := map[string]bool{}
	for _, k := range []string{TopicCreated, TopicEdited, TopicPublished, TopicRepublished, TopicArchived, TopicPostingAdded,
		TopicPostingDown, TopicCategoryUpdated, ActionCreate, ActionEdit, ActionPublish, ActionRepublish, ActionArchive,
		ActionPostingAdd, ActionPostingDown, ActionCategoryUpdate} {
		notMessages[k] = true
	}
	keyRe := regexp.MustCompile(`"(disclosure\.[a-z0-9_.]*[a-z0-9_])"`)
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
	if used < 30 {
		t.Fatalf("only %d keys found: is the scan broken?", used)
	}
	built := []string{DutyPublish}
	for _, s := range Statuses {
		built = append(built, "disclosure.status."+string(s))
	}
	for _, c := range Channels {
		built = append(built, "disclosure.channel."+string(c))
	}
	for _, r := range PostingRules {
		built = append(built, "disclosure.posting_rule."+string(r))
	}
	for _, k := range built {
		if _, ok := Messages[k]; !ok {
			t.Errorf("built key %s is not in Messages", k)
		}
	}
	for key, m := range Messages {
		if notMessages[key] {
			t.Errorf("%s: a topic or audit action is also a message", key)
		}
		if !strings.HasPrefix(key, "disclosure.") && key != "duty.room.disclosure" { // the duties page names the room
			t.Errorf("%s: not prefixed disclosure.", key)
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if vi, en := verbRe.FindAllString(m[0], -1), verbRe.FindAllString(m[1], -1); strings.Join(vi, "") != strings.Join(en, "") {
			t.Errorf("%s: arguments differ: %v vs %v", key, vi, en)
		}
	}
}

// The categories are the 14 items of Art. 11 with the rules of Art. 13.
func TestLegalCategories(t *testing.T) {
	if len(LegalCategories) != 14 {
		t.Fatalf("%d categories, want 14", len(LegalCategories))
	}
	for i, c := range LegalCategories {
		if c.No != i+1 || c.NameVI == "" || c.NameEN == "" {
			t.Errorf("category %d: %+v", i+1, c)
		}
		wantPermanent := c.No == 4 || c.No == 13
		if (c.Posting == Permanent) != wantPermanent || (c.Posting == ThirtyDays) == wantPermanent {
			t.Errorf("category %d: posting %s", c.No, c.Posting)
		}
		if c.Loudspeaker != (c.No >= 7 && c.No <= 12) {
			t.Errorf("category %d: loudspeaker %v", c.No, c.Loudspeaker)
		}
		if c.Required != (c.No != 14) {
			t.Errorf("category %d: required %v", c.No, c.Required)
		}
	}
}
