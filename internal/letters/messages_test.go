package letters

import (
	"regexp"
	"testing"

	"xaso/internal/web/catalogcheck"
)

// Topics and audit actions are named like messages but are not shown: the scan skips them.
var notMessages = regexp.MustCompile(`^letters\.(letter\.[a-z_]+|template\.saved|script\.(created|read)|create|print|deliver|hamlet|cancel|template|script|read)$`)

// Every key the room builds from its values or writes in its code and templates is in the
// catalogue, in both languages, and every key of the catalogue is the room's.
func TestMessagesCoverEveryKey(t *testing.T) {
	var built []string
	for _, v := range Kinds {
		built = append(built, "letters.kind."+string(v))
	}
	for _, v := range Occasions {
		built = append(built, "letters.occasion."+string(v))
	}
	for _, v := range Statuses {
		built = append(built, "letters.status."+string(v))
	}
	for _, v := range Methods {
		built = append(built, "letters.method."+string(v))
	}
	for _, v := range Placeholders {
		built = append(built, "letters.ph."+v)
	}
	for _, v := range []string{SourceReturned, SourceLateReturn, SourceApologised} {
		built = append(built, "letters.source."+v)
	}
	for _, v := range []string{"create", "print", "deliver", "hamlet", "cancel", "template", "script", "read"} {
		built = append(built, "letters.history."+v)
	}
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "letters.", Messages: Messages, Built: built,
		NotMessages: notMessages.MatchString, MinKeys: 150})
}

// Every occasion's rule names only known placeholders, and requires only allowed ones.
func TestOccasionRules(t *testing.T) {
	known := map[string]bool{}
	for _, p := range Placeholders {
		known[p] = true
	}
	for _, o := range Occasions {
		r, ok := RuleOf(o)
		if !ok || r.Kind == "" {
			t.Fatalf("%s has no rule", o)
		}
		allowed := map[string]bool{}
		for _, p := range r.Allowed {
			if !known[p] {
				t.Errorf("%s allows unknown %s", o, p)
			}
			allowed[p] = true
		}
		for _, p := range r.Required {
			if !allowed[p] {
				t.Errorf("%s requires %s it does not allow", o, p)
			}
		}
	}
}

// The address finds its hamlet by whole words, the longest name winning.
func TestHamletOfAddress(t *testing.T) {
	hs := []Hamlet{{"a", "Xóm Đồng Kệu"}, {"b", "Xóm Đồng"}, {"c", "Thôn Nà Lá"}, {"d", "Xóm Trung Tâm"}}
	for _, c := range []struct{ addr, want string }{
		{"Xóm Đồng Kệu, xã Bình Yên", "a"},
		{"xom dong, Bình Yên", "b"},
		{"Nà Lá, Bình Yên", "c"},
		{"Trung Tâm Y tế huyện", "d"},
		{"Xóm Đồng Kệuu", "b"},
		{"Hà Nội", ""},
		{"", ""},
	} {
		if got := hamletOfAddress(hs, c.addr); got != c.want {
			t.Errorf("%q: %q, want %q", c.addr, got, c.want)
		}
	}
}
