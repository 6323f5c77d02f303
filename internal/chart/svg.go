package chart

import (
	"fmt"
	"hash/fnv"
	"html"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The palette is the shell's (web/static/app.css). Against white: ink 16.8:1, muted 8.6:1,
// bar blue 7.7:1, missed red 8.1:1; the grid and the track are decoration.
const (
	colInk    = "#1b1b1b"
	colMuted  = "#4a4a4a"
	colBar    = "#0b4fa3"
	colMissed = "#a4000f"
	colTrack  = "#ece8e1"
	colGrid   = "#d6d0c6"
	colBg     = "#ffffff"
)

// width is the viewBox's width: a phone's CSS width, so that 14 units read as 14 px there.
const width = 360.0

// svg builds one chart's markup.
type svg struct {
	b  strings.Builder
	id string // prefix of the ids inside the chart
}

// cleanText is s as a chart writes it: valid UTF-8, NFC, on one line, without the characters
// XML forbids.
func cleanText(s string) string {
	s = norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			return ' '
		case c < 0x20 || c == 0x7F || c >= 0x80 && c <= 0x9F || c == 0xFFFE || c == 0xFFFF:
			return -1
		}
		return c
	}, s)
}

// esc is s cleaned and escaped for XML text and attribute values alike.
func esc(s string) string { return html.EscapeString(cleanText(s)) }

// num writes a coordinate with at most two decimals.
func num(x float64) string {
	x = math.Round(x*100) / 100
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// chartID is the caller's id made safe for an attribute, or one derived from the chart's
// content, so that two charts in one page do not share ids.
func chartID(given, kind string, parts ...string) string {
	var b strings.Builder
	for _, c := range given {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteRune(c)
		}
	}
	if b.Len() > 0 {
		return b.String()
	}
	h := fnv.New32a()
	io.WriteString(h, kind)
	for _, p := range parts {
		io.WriteString(h, "\x00"+p)
	}
	return kind + "-" + strconv.FormatUint(uint64(h.Sum32()), 36)
}

// open starts the SVG: the viewBox, the accessible name and description, the hatch pattern
// that marks a missed target, and a white ground so that the chart reads on any background.
func (s *svg) open(height float64, title, desc string) {
	h := num(height)
	s.b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + num(width) + ` ` + h + `" width="100%" ` +
		`role="img" aria-labelledby="` + s.id + `-t" aria-describedby="` + s.id + `-d" class="chart">`)
	s.b.WriteString(`<title id="` + s.id + `-t">` + esc(title) + `</title>`)
	s.b.WriteString(`<desc id="` + s.id + `-d">` + esc(desc) + `</desc>`)
	s.b.WriteString(`<defs><pattern id="` + s.id + `-h" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
		`<rect width="6" height="6" fill="` + colBg + `"/><rect width="3" height="6" fill="` + colMissed + `"/></pattern></defs>`)
	s.b.WriteString(`<rect width="` + num(width) + `" height="` + h + `" fill="` + colBg + `"/>`)
}

func (s *svg) close() { s.b.WriteString(`</svg>`) }

// hatch is the fill of a mark that misses its target.
func (s *svg) hatch() string { return "url(#" + s.id + "-h)" }

// rect draws a rectangle; stroke may be empty.
func (s *svg) rect(class string, x, y, w, h float64, fill, stroke string) {
	s.b.WriteString(`<rect class="` + class + `" x="` + num(x) + `" y="` + num(y) + `" width="` + num(max(w, 0)) + `" height="` + num(max(h, 0)) + `" fill="` + fill + `"`)
	if stroke != "" {
		s.b.WriteString(` stroke="` + stroke + `" stroke-width="1.5"`)
	}
	s.b.WriteString(`/>`)
}

// line draws a straight line; dash may be empty.
func (s *svg) line(class string, x1, y1, x2, y2, w float64, color, dash string) {
	s.b.WriteString(`<line class="` + class + `" x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) +
		`" stroke="` + color + `" stroke-width="` + num(w) + `"`)
	if dash != "" {
		s.b.WriteString(` stroke-dasharray="` + dash + `"`)
	}
	s.b.WriteString(`/>`)
}

// text writes one line of text; anchor is "start", "middle" or "end".
func (s *svg) text(class string, x, y, size float64, anchor, color string, bold bool, t string) {
	s.b.WriteString(`<text class="` + class + `" x="` + num(x) + `" y="` + num(y) + `" font-size="` + num(size) + `" fill="` + color + `"`)
	if anchor != "start" {
		s.b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if bold {
		s.b.WriteString(` font-weight="bold"`)
	}
	s.b.WriteString(`>` + esc(t) + `</text>`)
}

// missedMark draws the downward triangle that marks a missed target, size wide, its top
// left corner at (x, y).
func (s *svg) missedMark(x, y, size float64) {
	s.b.WriteString(`<path class="missed-mark" d="M` + num(x) + ` ` + num(y) + `h` + num(size) + `l-` + num(size/2) + ` ` + num(size*0.87) + `z" fill="` + colMissed + `"/>`)
}

func (s *svg) html() template.HTML { return template.HTML(s.b.String()) }

// textWidth guesses the width of t at size: about half an em a letter, as sans-serif fonts
// set Vietnamese. Used to wrap and cut labels, never to place numbers.
func textWidth(t string, size float64) float64 {
	return float64(utf8.RuneCountInString(t)) * size * 0.55
}

// wrap breaks a label into at most lines lines of at most w units, cutting the last with "…".
func wrap(t string, size, w float64, lines int) []string {
	words := strings.Fields(cleanText(t))
	var out []string
	cur := ""
	for i, word := range words {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if textWidth(next, size) <= w || cur == "" {
			cur = next
			continue
		}
		if len(out) == lines-1 {
			cur = cut(strings.Join(append([]string{cur}, words[i:]...), " "), size, w)
			break
		}
		out = append(out, cur)
		cur = word
	}
	if cur != "" {
		out = append(out, cut(cur, size, w))
	}
	return out
}

// cut shortens t to w units, ending it with "…" if anything was cut.
func cut(t string, size, w float64) string {
	if textWidth(t, size) <= w {
		return t
	}
	r := []rune(t)
	n := max(int(w/(size*0.55))-1, 1)
	if n >= len(r) {
		return t
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// write writes the markup to w.
func write(w io.Writer, h template.HTML) error {
	_, err := io.WriteString(w, string(h))
	return err
}

// judge tells whether v misses its target: below it, or above it when lower is better.
func judge(v float64, t Target, lowerIsBetter bool) (missed bool) {
	if !t.valid() || !finite(v) {
		return false
	}
	if lowerIsBetter {
		return v > t.Value
	}
	return v < t.Value
}

// sentence is one figure in words: "label: value, target t, met."
func sentence(lang string, u Unit, digits int, label string, v float64, t Target, lowerIsBetter bool) string {
	var b strings.Builder
	if label = strings.TrimSpace(cleanText(label)); label != "" {
		b.WriteString(label + ": ")
	}
	if !finite(v) {
		b.WriteString(msg(lang, "chart.no_data"))
	} else {
		b.WriteString(format(lang, u, v, digits))
	}
	if t.valid() {
		b.WriteString(", " + fmt.Sprintf(msg(lang, "chart.target"), format(lang, u, t.Value, digits)))
		if finite(v) {
			if judge(v, t, lowerIsBetter) {
				b.WriteString(", " + msg(lang, "chart.missed"))
			} else {
				b.WriteString(", " + msg(lang, "chart.met"))
			}
		}
	}
	b.WriteString(".")
	return b.String()
}

// joinDesc joins the parts of a description with spaces, each ending its sentence.
func joinDesc(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(cleanText(p)); p == "" {
			continue
		}
		if !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, ":") {
			p += "."
		}
		out = append(out, p)
	}
	return strings.Join(out, " ")
}

// legend draws, at y, what the marks mean: the target line and the hatch of a missed target.
func (s *svg) legend(x, y float64, lang string) {
	s.line("legend-target", x, y-11, x, y+3, 2.5, colInk, "")
	s.text("legend", x+7, y, 12, "start", colInk, false, msg(lang, "chart.legend_target"))
	x2 := x + 14 + textWidth(msg(lang, "chart.legend_target"), 12) + 16
	s.rect("legend-missed", x2, y-10, 16, 12, s.hatch(), colMissed)
	s.missedMark(x2+20, y-9, 10)
	s.text("legend", x2+34, y, 12, "start", colInk, false, msg(lang, "chart.legend_missed"))
}
