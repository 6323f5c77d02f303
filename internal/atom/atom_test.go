package atom

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// parsed mirrors the Atom elements the tests read back, independently of
// the writer's own types.
type parsed struct {
	XMLName  xml.Name
	ID       string `xml:"id"`
	Title    string `xml:"title"`
	Subtitle string `xml:"subtitle"`
	Updated  string `xml:"updated"`
	Links    []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Summary   string `xml:"summary"`
		Links     []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
		Categories []struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
	} `xml:"entry"`
}

func write(t *testing.T, f Feed) (string, parsed) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatalf("Write: %v", err)
	}
	var p parsed
	if err := xml.Unmarshal(buf.Bytes(), &p); err != nil {
		t.Fatalf("output is not XML: %v\n%s", err, buf.String())
	}
	return buf.String(), p
}

var hanoi = time.FixedZone("ICT", 7*3600)

func sampleFeed() Feed {
	return Feed{
		ID:       TagURI("xaso.example.vn", time.Date(2025, 1, 2, 0, 0, 0, 0, hanoi), "thong-bao"),
		Title:    "Thông báo của Ủy ban nhân dân xã Đông Hòa",
		Subtitle: "Tin mới",
		Updated:  time.Date(2025, 3, 4, 8, 30, 15, 999, hanoi),
		SelfURL:  "https://xaso.example.vn/thong-bao.atom",
		AltURL:   "https://xaso.example.vn/thong-bao",
		Author:   "UBND xã Đông Hòa",
		Entries: []Entry{{
			ID:          "tag:xaso.example.vn,2025-01-02:thong-bao/1",
			Title:       "Lịch tiếp công dân tháng 3",
			Summary:     "Chủ tịch xã tiếp công dân vào thứ Năm.",
			ContentHTML: `<p>Chủ tịch xã tiếp <b>công dân</b> &amp; tổ chức.</p>`,
			Published:   time.Date(2025, 3, 1, 7, 0, 0, 0, hanoi),
			Updated:     time.Date(2025, 3, 2, 7, 0, 0, 0, time.UTC),
			URL:         "https://xaso.example.vn/thong-bao/1",
			Categories:  []string{"Tiếp công dân", ""},
		}, {
			ID:        "tag:xaso.example.vn,2025-01-02:thong-bao/2",
			Title:     "Không có nội dung",
			Published: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC),
		}},
	}
}

func TestWriteRequiredElements(t *testing.T) {
	out, p := write(t, sampleFeed())
	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %q", out[:40])
	}
	if p.XMLName.Space != namespace || p.XMLName.Local != "feed" {
		t.Errorf("root = %v", p.XMLName)
	}
	checks := []struct{ name, got, want string }{
		{"feed id", p.ID, "tag:xaso.example.vn,2025-01-02:thong-bao"},
		{"feed title", p.Title, "Thông báo của Ủy ban nhân dân xã Đông Hòa"},
		{"feed subtitle", p.Subtitle, "Tin mới"},
		{"feed updated", p.Updated, "2025-03-04T01:30:15Z"},
		{"entry id", p.Entries[0].ID, "tag:xaso.example.vn,2025-01-02:thong-bao/1"},
		{"entry title", p.Entries[0].Title, "Lịch tiếp công dân tháng 3"},
		{"entry updated", p.Entries[0].Updated, "2025-03-02T07:00:00Z"},
		{"entry published", p.Entries[0].Published, "2025-03-01T00:00:00Z"},
		{"entry summary", p.Entries[0].Summary, "Chủ tịch xã tiếp công dân vào thứ Năm."},
		{"content type", p.Entries[0].Content.Type, "html"},
		{"content", p.Entries[0].Content.Body, `<p>Chủ tịch xã tiếp <b>công dân</b> &amp; tổ chức.</p>`},
		{"updated from published", p.Entries[1].Updated, "2025-02-01T00:00:00Z"},
		{"second entry published", p.Entries[1].Published, "2025-02-01T00:00:00Z"},
		{"no content element without content", p.Entries[1].Content.Type, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if len(p.Author) != 1 || p.Author[0].Name != "UBND xã Đông Hòa" {
		t.Errorf("author = %+v", p.Author)
	}
	links := map[string]string{}
	for _, l := range p.Links {
		links[l.Rel] = l.Href
	}
	if links["self"] != "https://xaso.example.vn/thong-bao.atom" || links["alternate"] != "https://xaso.example.vn/thong-bao" {
		t.Errorf("feed links = %v", links)
	}
	if len(p.Entries[0].Links) != 1 || p.Entries[0].Links[0].Rel != "alternate" || p.Entries[0].Links[0].Href != "https://xaso.example.vn/thong-bao/1" {
		t.Errorf("entry links = %+v", p.Entries[0].Links)
	}
	if len(p.Entries[0].Categories) != 1 || p.Entries[0].Categories[0].Term != "Tiếp công dân" {
		t.Errorf("categories = %+v", p.Entries[0].Categories)
	}
	if n := strings.Count(out, "<content"); n != 1 {
		t.Errorf("%d content elements, want 1 (the second entry has none):\n%s", n, out)
	}
	for _, d := range []string{p.Updated, p.Entries[0].Updated, p.Entries[0].Published} {
		if _, err := time.Parse(time.RFC3339, d); err != nil || !strings.HasSuffix(d, "Z") {
			t.Errorf("date %q is not RFC 3339 UTC: %v", d, err)
		}
	}
}

func TestWriteUpdatedFromEntries(t *testing.T) {
	f := sampleFeed()
	f.Updated = time.Time{}
	_, p := write(t, f)
	if p.Updated != "2025-03-02T07:00:00Z" {
		t.Errorf("feed updated = %q, want the latest entry's", p.Updated)
	}
}

func TestWriteRemovesInvalidCharacters(t *testing.T) {
	f := sampleFeed()
	f.Title = "Thông\x00 báo\x01\x08\x0b\x0c\x1f\uFFFE\uFFFF\xff mới\t\n"
	f.Entries[0].Summary = "a\x1bb"
	f.Entries[0].ContentHTML = "<p>\x07x</p>"
	_, p := write(t, f)
	if want := "Thông báo mới\t\n"; p.Title != want {
		t.Errorf("title = %q, want %q", p.Title, want)
	}
	if p.Entries[0].Summary != "ab" || p.Entries[0].Content.Body != "<p>x</p>" {
		t.Errorf("summary %q, content %q", p.Entries[0].Summary, p.Entries[0].Content.Body)
	}
}

func TestWriteVietnameseRoundTrip(t *testing.T) {
	titles := []string{
		"Đăng ký khai sinh, kết hôn, khai tử",
		"Ưu tiên người cao tuổi — “Hội Người cao tuổi”",
		"ỳ ỷ ỹ ỵ Ỳ Ỷ Ỹ Ỵ ấ ầ ẩ ẫ ậ",
		"<b>không phải thẻ</b> & 'nháy'",
	}
	for _, title := range titles {
		f := sampleFeed()
		f.Title = title
		f.Entries[0].Title = title
		_, p := write(t, f)
		if p.Title != title || p.Entries[0].Title != title {
			t.Errorf("title %q came back as %q / %q", title, p.Title, p.Entries[0].Title)
		}
	}
}

func TestWriteRejectsMissingFields(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Feed)
	}{
		{"feed id", func(f *Feed) { f.ID = " " }},
		{"feed title", func(f *Feed) { f.Title = "\x00" }},
		{"author", func(f *Feed) { f.Author = "" }},
		{"entry id", func(f *Feed) { f.Entries[1].ID = "" }},
		{"entry title", func(f *Feed) { f.Entries[0].Title = "" }},
		{"entry updated", func(f *Feed) { f.Entries[1].Published = time.Time{} }},
		{"feed updated", func(f *Feed) { f.Updated = time.Time{}; f.Entries = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sampleFeed()
			tt.change(&f)
			var buf bytes.Buffer
			if err := Write(&buf, f); err == nil {
				t.Errorf("Write succeeded:\n%s", buf.String())
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestWriteReportsWriterError(t *testing.T) {
	if err := Write(failingWriter{}, sampleFeed()); !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("err = %v, want io.ErrClosedPipe", err)
	}
}

func TestTagURI(t *testing.T) {
	tests := []struct {
		authority string
		date      time.Time
		specific  string
		want      string
	}{
		{"XaSo.example.vn", time.Date(2025, 1, 2, 23, 0, 0, 0, hanoi), "thong-bao/12",
			"tag:xaso.example.vn,2025-01-02:thong-bao/12"},
		{"ubnd@example.vn", time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), "hồ sơ?id=1&x=~",
			"tag:ubnd@example.vn,2024-12-31:h%E1%BB%93%20s%C6%A1?id=1&x=~"},
		{"example.vn", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), "50%#<>",
			"tag:example.vn,2025-06-01:50%25%23%3C%3E"},
	}
	for _, tt := range tests {
		if got := TagURI(tt.authority, tt.date, tt.specific); got != tt.want {
			t.Errorf("TagURI(%q, %v, %q) = %q, want %q", tt.authority, tt.date, tt.specific, got, tt.want)
		}
	}
}

func FuzzWrite(f *testing.F) {
	f.Add("Thông báo", "Tóm tắt", "<p>x</p>", "Tiếp dân")
	f.Add("a\x00b]]>", "\xff\uFFFE&<>\"'", "<![CDATA[", "\r\n")
	f.Fuzz(func(t *testing.T, title, summary, content, category string) {
		feed := sampleFeed()
		feed.Title = title
		feed.Subtitle = summary
		feed.Entries[0].Title = title
		feed.Entries[0].Summary = summary
		feed.Entries[0].ContentHTML = content
		feed.Entries[0].Categories = []string{category}
		feed.Entries[0].URL = content
		var buf bytes.Buffer
		if err := Write(&buf, feed); err != nil {
			if strings.TrimSpace(clean(title)) != "" {
				t.Fatalf("Write(title %q): %v", title, err)
			}
			return
		}
		dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("not well-formed: %v\n%s", err, buf.String())
			}
		}
		var p parsed
		if err := xml.Unmarshal(buf.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		if p.Title != clean(title) || p.Entries[0].Summary != clean(summary) || p.Entries[0].Content.Body != clean(content) {
			t.Fatalf("text did not round-trip: %q %q %q", p.Title, p.Entries[0].Summary, p.Entries[0].Content.Body)
		}
	})
}
