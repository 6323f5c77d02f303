package calendarweb

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"xaso/internal/calendar"
)

// The admin forms take days as text, one a line, so that a notice can be typed or pasted from
// the government's document:
//
//	2027-02-05 Nghỉ Tết Nguyên đán
//	06/02/2027 Nghỉ Tết Nguyên đán | Thông báo số …/TB-BNV
//
// A line is a date (YYYY-MM-DD, or D/M/YYYY as Vietnamese write it), spaces, the reason, and
// optionally "|" and a note for the people who keep the data. Blank lines are ignored; runs
// of spaces are folded into one, so that formatting the result and reading it again gives the
// same days.

// Bounds on what one field may hold: a year has at most 366 days, and a reason is shown in
// lists and explanations (calendar.Notice.Validate allows the same lengths).
const (
	maxLines      = 400
	maxReasonRune = 200
	maxNoteRune   = 400
)

// lineProblem is one mistake in a field, as a catalogue key and its arguments (all strings,
// so that the catalogue's printer does not write a year as "2.027").
type lineProblem struct {
	Line int // 1-based; 0 for the whole field
	Key  string
	Args []string
}

// parseLines reads the days of a field. It returns every problem found, not only the first,
// so that a long pasted list can be fixed in one go; the days are meaningful only when there
// is no problem.
func parseLines(text string) ([]calendar.Holiday, []lineProblem) {
	if !utf8.ValidString(text) {
		return nil, []lineProblem{{Key: "calendar.line.bad_text"}}
	}
	var days []calendar.Holiday
	var probs []lineProblem
	lines := strings.Split(text, "\n")
	count := 0
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if count++; count > maxLines {
			return nil, append(probs, lineProblem{Key: "calendar.line.too_many", Args: []string{strconv.Itoa(maxLines)}})
		}
		if strings.IndexFunc(line, isForbidden) >= 0 {
			probs = append(probs, lineProblem{Line: n, Key: "calendar.line.control", Args: []string{strconv.Itoa(n)}})
			continue
		}
		main, note, _ := strings.Cut(line, "|")
		main = strings.TrimSpace(main)
		word, reason := main, ""
		if i := strings.IndexFunc(main, unicode.IsSpace); i >= 0 { // a space, or a tab from a spreadsheet
			word, reason = main[:i], main[i:]
		}
		d, ok := parseDay(word)
		if !ok {
			probs = append(probs, lineProblem{Line: n, Key: "calendar.line.bad_date", Args: []string{strconv.Itoa(n), word}})
			continue
		}
		h := calendar.Holiday{Date: d, Reason: fold(reason), Note: fold(note)}
		switch {
		case h.Reason == "":
			probs = append(probs, lineProblem{Line: n, Key: "calendar.line.no_reason", Args: []string{strconv.Itoa(n), d.String()}})
			continue
		case utf8.RuneCountInString(h.Reason) > maxReasonRune:
			probs = append(probs, lineProblem{Line: n, Key: "calendar.line.reason_long", Args: []string{strconv.Itoa(n), strconv.Itoa(maxReasonRune)}})
			continue
		case utf8.RuneCountInString(h.Note) > maxNoteRune:
			probs = append(probs, lineProblem{Line: n, Key: "calendar.line.note_long", Args: []string{strconv.Itoa(n), strconv.Itoa(maxNoteRune)}})
			continue
		}
		days = append(days, h)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return days, nil
}

// isForbidden reports control characters other than white space: they cannot be typed in a
// form and have no place in a reason shown to citizens.
func isForbidden(r rune) bool { return unicode.IsControl(r) && !unicode.IsSpace(r) }

// fold trims s and folds every run of white space into one space.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// parseDay reads YYYY-MM-DD or D/M/YYYY (day and month of one or two digits).
func parseDay(s string) (calendar.Date, bool) {
	if d, err := calendar.ParseDate(s); err == nil {
		return d, true
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return calendar.Date{}, false
	}
	var v [3]int
	for i, p := range parts {
		for _, c := range []byte(p) {
			if c < '0' || c > '9' {
				return calendar.Date{}, false
			}
			v[i] = v[i]*10 + int(c-'0')
		}
	}
	d := calendar.Date{Year: v[2], Month: time.Month(v[1]), Day: v[0]}
	return d, d.Valid()
}

// formatLines writes days the way parseLines reads them, one a line, in the order given.
func formatLines(days []calendar.Holiday) string {
	var b strings.Builder
	for _, h := range days {
		b.WriteString(h.Date.String())
		b.WriteByte(' ')
		b.WriteString(h.Reason)
		if h.Note != "" {
			b.WriteString(" | ")
			b.WriteString(h.Note)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
