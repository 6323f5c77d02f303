package booking

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var verbRe = regexp.MustCompile(`%[-+# 0]*[0-9]*[a-zA-Z]`)

// Every message key the room's code and templates use is in Messages (or, for the shell's and
// the calendar's, in theirs), in both languages with the same arguments; the SMS texts take
// their six arguments in order.
func TestMessagesCoverEveryKey(t *testing.T) {
	notMessages := map[string]bool{TopicBooked: true, TopicMoved: true, TopicCancelled: true, TopicCheckedIn: true,
		TopicTicketServed: true, TopicTicketNoShow: true, "booking.book": true, "booking.cancel": true, "booking.move": true,
		"booking.check_in": true, "booking.settings": true}
	keyRe := regexp.MustCompile(`"(booking\.[a-z0-9_.]*[a-z0-9_])"`)
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
	if used < 150 {
		t.Fatalf("only %d keys found: is the scan broken?", used)
	}
	built := []string{"booking.flash." + TicketServed, "booking.flash." + TicketNoShow}
	for _, s := range []string{string(Booked), string(CheckedIn), string(Cancelled), statusNoShow} {
		built = append(built, "booking.state."+s)
	}
	for _, s := range []string{TicketWaiting, TicketCalled, TicketServed, TicketNoShow} {
		built = append(built, "booking.ticket_state."+s)
	}
	for _, k := range built {
		if _, ok := Messages[k]; !ok {
			t.Errorf("built key %s is not in Messages", k)
		}
	}
	for key, m := range Messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: a language is missing", key)
		}
		if vi, en := verbRe.FindAllString(m[0], -1), verbRe.FindAllString(m[1], -1); strings.Join(vi, "") != strings.Join(en, "") {
			t.Errorf("%s: arguments differ: %v vs %v", key, vi, en)
		}
		if strings.HasPrefix(key, "booking.sms.") && len(verbRe.FindAllString(m[0], -1)) != 6 {
			t.Errorf("%s: an SMS takes the six arguments of Service.sms", key)
		}
	}
	if !strings.Contains(Messages["booking.too_many_for_phone"][0], strconv.Itoa(maxActivePerPhone)) {
		t.Error("booking.too_many_for_phone does not state the limit")
	}
}
