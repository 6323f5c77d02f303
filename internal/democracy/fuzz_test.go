package democracy

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"xaso/internal/calendar"
)

// The fuzz targets of what the room reads from outside: the numbers, days and moments typed in
// its forms, the lists of names, the page numbers of its queries and the whole meeting form.
// Each holds to what the code promises: a value within its bounds or a catalogue key, never
// both, never a panic.
//
//	go test ./internal/democracy/ -run '^$' -fuzz '^FuzzValidateMeeting$' -fuzztime 10s

// known fails the test unless key is in the catalogue.
func known(t *testing.T, input any, key string) {
	t.Helper()
	if _, ok := Messages[key]; !ok {
		t.Fatalf("%q: unknown key %q", input, key)
	}
}

// A count typed in is a whole number from 0 to 9,999,999 or a catalogue key, never both; a
// number read back from its own digits is the same number, and it is made of the digits typed.
func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"45", " 1.200 ", "1 200", "1,200", "9999999", "10.000.000", "-1", "1,5", "12.34", ".", "007", "",
		"١٢", "٣", "99999999999999999999", "1\u00a0200", "+5", "0x10", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, key := ParseCount(s)
		if key != "" {
			known(t, s, key)
			if n != 0 {
				t.Fatalf("%q: %d with the error %s", s, n, key)
			}
			return
		}
		if n < 0 || n > 9_999_999 {
			t.Fatalf("%q: %d out of bounds", s, n)
		}
		if m, k := ParseCount(strconv.Itoa(n)); m != n || k != "" {
			t.Fatalf("%q: %d read back as %d %s", s, n, m, k)
		}
		// Nothing but ASCII digits and the separators counts.
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			if r != '.' && r != ',' && r != ' ' {
				t.Fatalf("%q: read as %d despite %q", s, n, r)
			}
			return -1
		}, strings.TrimSpace(s))
		if v, err := strconv.Atoi(digits); err != nil || v != n {
			t.Fatalf("%q: %d, its digits say %d (%v)", s, n, v, err)
		}
	})
}

// The doc comment of ParseCount promises separators "between thousands" ("1.200"), as the
// sibling parsers (campaign.ParseAttendance, election.ParseCount) enforce: a decimal comma or a
// misplaced dot in a vote count must be refused, not read as a ten or a hundred times larger
// number.
func TestParseCountGroupsThousands(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int // -1: refused
	}{
		{"1.200", 1200}, {"1 200", 1200}, {"1,200", 1200}, {"12.345.678", -1}, {"1.234.567", 1234567}, {"45", 45},
		{"1,5", -1}, {"12.34", -1}, {"75.0", -1}, {"1.2.3", -1}, {".123", -1}, {"123.", -1}, {"1..200", -1}, {"1200.000", -1},
	} {
		n, key := ParseCount(c.in)
		if c.want < 0 && key == "" {
			t.Errorf("ParseCount(%q) = %d; want a refusal", c.in, n)
		}
		if c.want >= 0 && (key != "" || n != c.want) {
			t.Errorf("ParseCount(%q) = %d %q; want %d", c.in, n, key, c.want)
		}
	}
}

// A day typed in is a valid date, written back and read again the same, whatever spaces
// surround it; otherwise it is refused.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2026-12-10", "10/12/2026", "7/1/2026", "31/02/2026", "29/02/2028", "1/1/1", "", " 2026-12-10 ",
		"2026-13-01", "0000-01-01", "9999-12-31", "10/12/26", "10-12-2026", "１０/１２/２０２６"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDay(s)
		if !ok {
			if _, again := ParseDay(" " + s + "\t"); again {
				t.Fatalf("%q: refused, accepted with spaces around", s)
			}
			return
		}
		if !d.Valid() || d.Year < 1 || d.Year > 9999 {
			t.Fatalf("%q: invalid %v", s, d)
		}
		if e, ok := ParseDay(d.String()); !ok || e != d {
			t.Fatalf("%q: %v read back as %v %v", s, d, e, ok)
		}
		if e, ok := ParseDay("\n " + s + " "); !ok || e != d {
			t.Fatalf("%q: %v, with spaces around %v %v", s, d, e, ok)
		}
	})
}

// A moment typed in (when a household was told) is "" for now, or a minute in Vietnam's time
// given back in UTC, written back the same, or a catalogue key with the zero time.
func FuzzParseMoment(f *testing.F) {
	for _, s := range []string{"2026-12-08T19:30", "2026-12-08 19:30", "08/12/2026 19:30", "8/12/2026 19:30", "2026-12-08T24:00",
		"2026-02-30T10:00", "", "   ", "2026-12-08T19:30:15", "2026-12-08T19:30Z", "0001-01-01T00:00", "9999-12-31T23:59"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, key := parseMoment(s)
		if key != "" {
			known(t, s, key)
			if !at.IsZero() {
				t.Fatalf("%q: %v with the error %s", s, at, key)
			}
			return
		}
		if strings.TrimSpace(s) == "" {
			if !at.IsZero() {
				t.Fatalf("%q: %v for an empty moment", s, at)
			}
			return
		}
		if at.IsZero() || at.Location() != time.UTC || at.Second() != 0 || at.Nanosecond() != 0 {
			t.Fatalf("%q: %v", s, at)
		}
		local := at.In(zone()).Format("2006-01-02T15:04")
		if again, k := parseMoment(local); k != "" || !again.Equal(at) {
			t.Fatalf("%q: %v written %q read back as %v %s", s, at, local, again, k)
		}
	})
}

// A page number or a matter from a query is the whole number its ASCII digits say (at most
// nine of them, so no overflow), or the default.
func FuzzAtoiOr(f *testing.F) {
	for _, s := range []string{"1", " 42 ", "0", "", "-3", "+3", "999999999", "1000000000", "٣", "1e3", "3 4", "00000000000001"} {
		f.Add(s, 7)
	}
	f.Fuzz(func(t *testing.T, s string, def int) {
		got := atoiOr(s, def)
		want := def
		if v := strings.TrimSpace(s); v != "" && len(v) <= 9 && strings.Trim(v, "0123456789") == "" {
			want, _ = strconv.Atoi(v)
		}
		if got != want {
			t.Fatalf("atoiOr(%q, %d) = %d, want %d", s, def, got, want)
		}
		if got != def && (got < 0 || got > 999_999_999) {
			t.Fatalf("atoiOr(%q) = %d out of bounds", s, got)
		}
	})
}

// A list of names typed one per line (the counting committee, the team, the witnesses) is at
// most 20 names, each trimmed, not empty, valid UTF-8 without NUL or line break and within
// maxName characters; the list written back one per line reads the same.
func FuzzNames(f *testing.F) {
	for _, s := range []string{"Lò Thị Mai\nHoàng Văn Dũng\r\nNông Thị Thu", "", "\n\n  \n", " a \x00b\xff ", "a\rb\nc",
		strings.Repeat("x", maxName+1), strings.Repeat("Tên\n", 21), strings.Repeat("ộ", maxName)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, ok := names(s)
		if !ok {
			return
		}
		if len(list) > 20 {
			t.Fatalf("%q: %d names", s, len(list))
		}
		for _, n := range list {
			if n == "" || n != strings.TrimSpace(n) || !utf8.ValidString(n) || strings.ContainsAny(n, "\x00\n") || utf8.RuneCountInString(n) > maxName {
				t.Fatalf("%q: bad name %q", s, n)
			}
		}
		again, ok := names(strings.Join(list, "\n"))
		if !ok || !reflect.DeepEqual(again, list) {
			t.Fatalf("%q: %q written back reads %q %v", s, list, again, ok)
		}
	})
}

// fuzzHamlets are the commune of the meeting form's fuzz target: a hamlet large enough for
// clusters, headed by u-head, and a small one nobody's account heads.
var fuzzHamlets = []Hamlet{
	{ID: "h-dong-tam", Name: "Đồng Tâm", HeadName: "Hoàng Văn Tâm", HeadUserID: "u-head", Households: ClusterHouseholds + 40},
	{ID: "h-na-pong", Name: "Nà Pồng", HeadName: "Lò Văn Pồng", Households: ClusterHouseholds - 1},
}

// meetingFields are the form's fields an error may name.
var meetingFields = map[string]bool{"kind": true, "title": true, "hamlet": true, "cluster": true, "place": true, "day": true,
	"time": true, "chair": true, "secretary": true, "notice_on": true, "agenda": true, "note": true}

// The whole meeting form: any input gives errors keyed by its fields with catalogue keys, or a
// meeting whose texts are trimmed, valid UTF-8 and within their limits, in a hamlet the user
// may act on (or the commune, for the committee), starting at the day and time typed, with its
// notice not after it; and the edit form filled from that meeting validates to the same
// meeting.
func FuzzValidateMeeting(f *testing.F) {
	f.Add("decision", "Họp xóm bàn hương ước", "", uint8(1), false, "", "Nhà văn hóa xóm", "10/12/2026", "19:30", "Hoàng Văn Tâm",
		"Hoàng Thị Hoa", "08/12/2026", "Sửa đổi hương ước\r\nÝ kiến của các hộ", "")
	f.Add("yearend", "Họp cuối năm", "", uint8(0), false, "", "Nhà văn hóa", "2026-12-20", "08:00", "", "", "", "Báo cáo", "")
	f.Add("decision", "Họp cụm", "", uint8(1), true, "Cụm 1", "Sân bóng", "2026-12-10", "24:00", "", "", "2026-12-11", "Làm đường", "x")
	f.Add("awareness", " \x00 ", "", uint8(2), true, "Cụm 2", " ", "31/02/2026", "7:30", strings.Repeat("a", maxName+1), "", "xx",
		strings.Repeat("dòng\n", maxAgenda+1), strings.Repeat("n", maxNote+1))
	f.Add("dialogue", "Đối thoại", " h-dong-tam ", uint8(4), true, "", "UBND xã", "1/1/2027", "14:00", "", "", "", strings.Repeat("ý", maxItem+1), "")
	f.Add("", "", "", uint8(0), false, "", "", "", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, kind, title, hamlet string, pick uint8, headScope bool, cluster, place, day, clock, chair,
		secretary, noticeOn, agenda, note string) {
		// Most inputs name a real hamlet, some as the form sends them, some with spaces around.
		switch pick % 5 {
		case 0:
			hamlet = ""
		case 1:
			hamlet = fuzzHamlets[0].ID
		case 2:
			hamlet = fuzzHamlets[1].ID
		case 3:
			hamlet = " " + fuzzHamlets[int(pick/5)%2].ID + "\t"
		}
		sc := Scope{}
		if headScope {
			sc.HeadedBy = "u-head"
		}
		in := MeetingInput{Kind: Kind(kind), Title: title, HamletID: hamlet, Cluster: cluster, Place: place, Day: day, Time: clock,
			Chair: chair, Secretary: secretary, NoticeOn: noticeOn, Agenda: agenda, Note: note}
		m, fe := validateMeeting(in, fuzzHamlets, sc)
		if len(fe) > 0 {
			for field, key := range fe {
				if !meetingFields[field] {
					t.Fatalf("error on an unknown field %q", field)
				}
				known(t, field, key)
			}
			return
		}
		if !m.Kind.Valid() || m.ID != "" || m.Status != "" {
			t.Fatalf("kind %q, id %q, status %q", m.Kind, m.ID, m.Status)
		}
		for _, x := range []struct {
			name, text string
			max        int
			required   bool
		}{{"title", m.Title, maxTitle, true}, {"place", m.Place, maxPlace, true}, {"cluster", m.Cluster, maxCluster, false},
			{"chair", m.Chair, maxName, false}, {"secretary", m.Secretary, maxName, false}, {"note", m.Note, maxNote, false}} {
			checkText(t, x.name, x.text, x.max, x.required)
		}
		if len(m.Agenda) == 0 || len(m.Agenda) > maxAgenda {
			t.Fatalf("%d agenda items", len(m.Agenda))
		}
		for _, it := range m.Agenda {
			checkText(t, "agenda item", it, maxItem, true)
			if strings.Contains(it, "\n") {
				t.Fatalf("agenda item %q holds a line break", it)
			}
		}
		if m.HamletID != strings.TrimSpace(hamlet) {
			t.Fatalf("hamlet %q from %q", m.HamletID, hamlet)
		}
		if m.CommuneWide() {
			if sc.HeadedBy != "" || m.Kind == YearEndMeeting || m.Cluster != "" || m.Hamlet != "" {
				t.Fatalf("a commune-wide meeting: scope %q, kind %q, cluster %q, hamlet %q", sc.HeadedBy, m.Kind, m.Cluster, m.Hamlet)
			}
		} else {
			h, ok := hamletByID(fuzzHamlets, m.HamletID)
			if !ok || !sc.Covers(h) || m.Hamlet != h.Name {
				t.Fatalf("hamlet %q (%q) for scope %q", m.HamletID, m.Hamlet, sc.HeadedBy)
			}
			if m.Cluster != "" && h.Households < ClusterHouseholds {
				t.Fatalf("a cluster of a hamlet of %d households", h.Households)
			}
		}
		d, ok := ParseDay(day)
		c, err := calendar.ParseClock(strings.TrimSpace(clock))
		if !ok || err != nil || !m.StartsAt.Equal(d.At(c)) || m.StartsAt.Location() != time.UTC {
			t.Fatalf("starts at %v from %q %q", m.StartsAt, day, clock)
		}
		if strings.TrimSpace(noticeOn) == "" {
			if m.NoticeOn.Valid() {
				t.Fatalf("notice on %v from %q", m.NoticeOn, noticeOn)
			}
		} else if n, ok := ParseDay(noticeOn); !ok || n != m.NoticeOn || m.NoticeOn.After(d) {
			t.Fatalf("notice on %v from %q for a meeting on %v", m.NoticeOn, noticeOn, d)
		}
		// The edit form, filled from the meeting, gives the same meeting back.
		again, fe := validateMeeting(readMeeting(meetingForm(m)), fuzzHamlets, sc)
		if len(fe) > 0 || !reflect.DeepEqual(again, m) {
			t.Fatalf("edit form of %+v\ngives %+v %v", m, again, fe)
		}
	})
}

// checkText fails unless a stored text is trimmed, valid UTF-8 without NUL, within max
// characters, and not empty when required.
func checkText(t *testing.T, name, s string, max int, required bool) {
	t.Helper()
	if s != strings.TrimSpace(s) || !utf8.ValidString(s) || strings.Contains(s, "\x00") || utf8.RuneCountInString(s) > max || (required && s == "") {
		t.Fatalf("%s %q", name, s)
	}
}

// An agenda item too long is reported as too long: the clerk typed an agenda, and being told
// that one is required (because the only item was dropped) sends them looking for the wrong
// mistake.
func TestValidateMeetingAgendaTooLong(t *testing.T) {
	in := MeetingInput{Kind: DecisionMeeting, Title: "Họp xóm", HamletID: fuzzHamlets[0].ID, Place: "Nhà văn hóa", Day: "10/12/2026",
		Time: "19:30", Agenda: strings.Repeat("ý", maxItem+1)}
	if _, fe := validateMeeting(in, fuzzHamlets, Scope{}); fe["agenda"] != "democracy.err.too_long" {
		t.Fatalf("an agenda of one item of %d characters: %q, want democracy.err.too_long", maxItem+1, fe["agenda"])
	}
}
