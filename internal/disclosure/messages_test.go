package disclosure

import (
	"testing"

	"xaso/internal/web/catalogcheck"
)

// Every message key the room's code uses is in Messages, in both languages with the same
// arguments, and so is every key built from a value.
func TestMessagesCoverEveryKey(t *testing.T) {
	notMessages := map[string]bool{}
	for _, k := range []string{TopicCreated, TopicEdited, TopicPublished, TopicRepublished, TopicArchived, TopicPostingAdded,
		TopicPostingDown, TopicCategoryUpdated, ActionCreate, ActionEdit, ActionPublish, ActionRepublish, ActionArchive,
		ActionPostingAdd, ActionPostingDown, ActionCategoryUpdate} {
		notMessages[k] = true
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
	catalogcheck.Check(t, catalogcheck.Room{Prefix: "disclosure.", Messages: Messages, Built: built, Allowed: []string{"duty.room.disclosure"},
		NotMessages: func(k string) bool { return notMessages[k] }, MinKeys: 30})
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
