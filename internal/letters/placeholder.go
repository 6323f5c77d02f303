package letters

import (
	"strings"
	"unicode/utf8"
)

// Segment is a piece of a template: plain text, or a placeholder (Name set).
type Segment struct {
	Text string
	Name string
}

// PlaceholderError is a template that cannot be used: Key is the catalogue message, Name the
// placeholder it is about, as written (so that the message names it).
type PlaceholderError struct {
	Key  string
	Name string
}

func (e *PlaceholderError) Error() string { return "letters: template: " + e.Key + " " + e.Name }

// Message keys of a template's problems.
const (
	errUnclosed = "letters.err.placeholder_unclosed"
	errBadName  = "letters.err.placeholder_bad"
	errUnknown  = "letters.err.placeholder_unknown"
	errMissing  = "letters.err.placeholder_missing"
)

// maxPhName bounds a placeholder's name as quoted back in a message.
const maxPhName = 40

// ParseTemplate splits a template into its text and its placeholders {{name}} (spaces inside
// the braces are allowed: {{ ho_ten }}). A name is lower-case ASCII letters and underscores.
// "{{" with no "}}" after it, or braces around anything else, is an error naming what was
// written.
func ParseTemplate(s string) ([]Segment, error) {
	var out []Segment
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			if s != "" {
				out = append(out, Segment{Text: s})
			}
			return out, nil
		}
		if i > 0 {
			out = append(out, Segment{Text: s[:i]})
		}
		rest := s[i+2:]
		j := strings.Index(rest, "}}")
		if j < 0 {
			return nil, &PlaceholderError{Key: errUnclosed, Name: quoteName(rest)}
		}
		name := strings.TrimSpace(rest[:j])
		if !validName(name) {
			return nil, &PlaceholderError{Key: errBadName, Name: quoteName(rest[:j])}
		}
		out = append(out, Segment{Name: name})
		s = rest[j+2:]
	}
}

func validName(s string) bool {
	if s == "" || len(s) > maxPhName {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_') {
			return false
		}
	}
	return true
}

// quoteName is what a message quotes of a bad placeholder: its first characters, valid UTF-8.
func quoteName(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	if utf8.RuneCountInString(s) > maxPhName {
		s = string([]rune(s)[:maxPhName]) + "…"
	}
	return s
}

// Fill writes the segments with the values of their placeholders (a missing value writes
// nothing).
func Fill(segs []Segment, values map[string]string) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Name != "" {
			b.WriteString(values[s.Name])
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// CheckText checks the three parts of an occasion's template: each parses, uses only the
// occasion's placeholders, and the body uses every required one. It returns the first
// problem of each part, by form field ("title", "body", "short").
func CheckText(o Occasion, t Text) map[string]*PlaceholderError {
	rule := occasionOf[o]
	allowed := map[string]bool{}
	for _, n := range rule.Allowed {
		allowed[n] = true
	}
	out := map[string]*PlaceholderError{}
	for _, part := range []struct{ field, text string }{{"title", t.Title}, {"body", t.Body}, {"short", t.Short}} {
		segs, err := ParseTemplate(part.text)
		if err != nil {
			out[part.field] = err.(*PlaceholderError)
			continue
		}
		used := map[string]bool{}
		for _, s := range segs {
			if s.Name == "" {
				continue
			}
			if !allowed[s.Name] {
				out[part.field] = &PlaceholderError{Key: errUnknown, Name: s.Name}
				break
			}
			used[s.Name] = true
		}
		if part.field == "body" && out["body"] == nil {
			for _, n := range rule.Required {
				if !used[n] {
					out["body"] = &PlaceholderError{Key: errMissing, Name: n}
					break
				}
			}
		}
	}
	return out
}

// write fills t's parts with values; t has been checked (a part that does not parse is
// written as it is).
func write(t Text, values map[string]string) Text {
	fill := func(s string) string {
		segs, err := ParseTemplate(s)
		if err != nil {
			return s
		}
		return strings.TrimSpace(Fill(segs, values))
	}
	return Text{Title: fill(t.Title), Body: fill(t.Body), Short: fill(t.Short)}
}
