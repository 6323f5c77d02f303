// Package atom writes Atom 1.0 feeds (RFC 4287) of public notices, so that
// residents and other systems can follow a commune's announcements.
//
// It owns only the XML shape of a feed: what goes into the entries, and
// whether their HTML is safe, is decided by the caller (see package
// richtext). Text is stripped of characters XML 1.0 cannot carry, so the
// output is always well-formed.
package atom

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Feed is an Atom feed. ID, Title and Author are required. Updated defaults
// to the latest Updated of the entries when zero.
type Feed struct {
	ID       string // a permanent IRI, for example from TagURI
	Title    string
	Subtitle string
	Updated  time.Time
	SelfURL  string // where the feed itself is served: link rel="self"
	AltURL   string // the page the feed mirrors: link rel="alternate"
	Author   string
	Entries  []Entry
}

// Entry is one entry of a feed. ID and Title are required. Updated defaults
// to Published when zero.
type Entry struct {
	ID          string
	Title       string
	Summary     string // plain text
	ContentHTML string // HTML, written escaped as content type="html"
	Updated     time.Time
	Published   time.Time
	URL         string // link rel="alternate"
	Categories  []string
}

const namespace = "http://www.w3.org/2005/Atom"

type xmlFeed struct {
	XMLName  xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	ID       string     `xml:"id"`
	Title    string     `xml:"title"`
	Subtitle string     `xml:"subtitle,omitempty"`
	Updated  string     `xml:"updated"`
	Links    []xmlLink  `xml:"link"`
	Author   xmlPerson  `xml:"author"`
	Entries  []xmlEntry `xml:"entry"`
}

type xmlEntry struct {
	ID         string        `xml:"id"`
	Title      string        `xml:"title"`
	Links      []xmlLink     `xml:"link"`
	Published  string        `xml:"published,omitempty"`
	Updated    string        `xml:"updated"`
	Categories []xmlCategory `xml:"category"`
	Summary    string        `xml:"summary,omitempty"`
	Content    *xmlContent   `xml:"content"`
}

type xmlLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type xmlPerson struct {
	Name string `xml:"name"`
}

type xmlCategory struct {
	Term string `xml:"term,attr"`
}

type xmlContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// Write writes f to w as an Atom 1.0 document. It fails, writing nothing,
// when a required field is empty or no updated time can be found.
func Write(w io.Writer, f Feed) error {
	doc, err := document(f)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("atom: write feed: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("atom: write feed: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("atom: write feed: %w", err)
	}
	return nil
}

// document checks f and turns it into the XML shape.
func document(f Feed) (*xmlFeed, error) {
	doc := &xmlFeed{
		ID:       clean(f.ID),
		Title:    clean(f.Title),
		Subtitle: clean(f.Subtitle),
		Author:   xmlPerson{Name: clean(f.Author)},
	}
	// RFC 4287 §4.1.1: a feed has exactly one id, title and updated, and
	// an author unless every entry has one (ours never do).
	switch {
	case strings.TrimSpace(doc.ID) == "":
		return nil, errors.New("atom: feed has no id")
	case strings.TrimSpace(doc.Title) == "":
		return nil, errors.New("atom: feed has no title")
	case strings.TrimSpace(doc.Author.Name) == "":
		return nil, errors.New("atom: feed has no author")
	}
	if f.SelfURL != "" {
		doc.Links = append(doc.Links, xmlLink{Rel: "self", Type: "application/atom+xml", Href: clean(f.SelfURL)})
	}
	if f.AltURL != "" {
		doc.Links = append(doc.Links, xmlLink{Rel: "alternate", Type: "text/html", Href: clean(f.AltURL)})
	}
	updated := f.Updated
	for i, e := range f.Entries {
		x, u, err := entry(e)
		if err != nil {
			return nil, fmt.Errorf("atom: entry %d: %w", i, err)
		}
		if f.Updated.IsZero() && u.After(updated) {
			updated = u
		}
		doc.Entries = append(doc.Entries, x)
	}
	if updated.IsZero() {
		return nil, errors.New("atom: feed has no updated time")
	}
	doc.Updated = timestamp(updated)
	return doc, nil
}

// entry returns the XML shape of e and its updated time.
func entry(e Entry) (xmlEntry, time.Time, error) {
	x := xmlEntry{
		ID:      clean(e.ID),
		Title:   clean(e.Title),
		Summary: clean(e.Summary),
	}
	switch {
	case strings.TrimSpace(x.ID) == "":
		return x, time.Time{}, errors.New("no id")
	case strings.TrimSpace(x.Title) == "":
		return x, time.Time{}, errors.New("no title")
	}
	updated := e.Updated
	if updated.IsZero() {
		updated = e.Published
	}
	if updated.IsZero() {
		return x, time.Time{}, errors.New("no updated time")
	}
	x.Updated = timestamp(updated)
	if !e.Published.IsZero() {
		x.Published = timestamp(e.Published)
	}
	if e.URL != "" {
		x.Links = []xmlLink{{Rel: "alternate", Type: "text/html", Href: clean(e.URL)}}
	}
	for _, c := range e.Categories {
		if c = clean(c); strings.TrimSpace(c) != "" {
			x.Categories = append(x.Categories, xmlCategory{Term: c})
		}
	}
	if e.ContentHTML != "" {
		x.Content = &xmlContent{Type: "html", Body: clean(e.ContentHTML)}
	}
	return x, updated, nil
}

// timestamp formats t as an RFC 3339 date-time in UTC, as RFC 4287 §3.3
// asks, to the second.
func timestamp(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// clean removes what XML 1.0 (§2.2, Char) cannot carry: invalid UTF-8,
// control characters other than tab, newline and carriage return,
// surrogates, U+FFFE and U+FFFF.
func clean(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for _, r := range s {
			if !isXMLChar(r) {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r == utf8.RuneError && n == 1) && isXMLChar(r) {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) ||
		(r >= 0x10000 && r <= 0x10FFFF)
}
