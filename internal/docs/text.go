package docs

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// clean prepares text for drawing: NFC (decomposed Vietnamese renders with misplaced marks),
// tabs as spaces, no other control characters but "\n", and "?" for what the PDF writer
// cannot encode (invalid UTF-8, runes beyond the Basic Multilingual Plane).
func clean(s string) string {
	s = norm.NFC.String(s)
	ok := true
	for _, c := range s {
		if c == utf8.RuneError || c > 0xFFFF || (c < 0x20 && c != '\n') || c == 0x7F {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch {
		case c == '\t':
			b.WriteByte(' ')
		case c == '\n':
			b.WriteByte('\n')
		case c == utf8.RuneError || c > 0xFFFF:
			b.WriteByte('?')
		case c < 0x20 || c == 0x7F:
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// upper is clean text in capitals, as the letterhead, titles and signature titles are set.
func upper(s string) string { return strings.ToUpper(clean(s)) }

// piece is a stretch of text without spaces, in one style.
type piece struct {
	text  string
	style Style
	w     float64
}

// word is what a line may not break inside: pieces joined without a space (a bold name
// followed by a regular comma is one word).
type word struct {
	pieces []piece
	w      float64
	brk    bool // a hard line break comes before this word
}

// line is a laid-out line: its words and their natural width with single spaces.
type line struct {
	words []word
	w     float64
	last  bool // last line of its paragraph or before a hard break: never justified
}

// words splits runs into words, measuring each piece at size.
func (r *renderer) words(runs []Run, size float64) []word {
	var out []word
	join := false // the next piece continues the current word
	brk := false
	for _, run := range runs {
		text := clean(run.Text)
		st := run.Style & BoldItalic
		for len(text) > 0 {
			i := strings.IndexAny(text, " \n")
			if i != 0 {
				tok := text
				if i > 0 {
					tok = text[:i]
				}
				p := piece{text: tok, style: st, w: r.width(tok, st, size)}
				if join && len(out) > 0 {
					last := &out[len(out)-1]
					last.pieces = append(last.pieces, p)
					last.w += p.w
				} else {
					out = append(out, word{pieces: []piece{p}, w: p.w, brk: brk})
					brk = false
				}
				join = true
				if i < 0 {
					break
				}
				text = text[i:]
				continue
			}
			join = false
			if text[0] == '\n' {
				brk = true
			}
			text = text[1:]
		}
	}
	return out
}

// layout breaks words into lines: the first indent narrower, the others width wide.
func (r *renderer) layout(ws []word, size, width, indent float64) []line {
	space := r.width(" ", Regular, size)
	var lines []line
	cur := line{}
	avail := width - indent
	flush := func(last bool) {
		cur.last = last
		lines = append(lines, cur)
		cur = line{}
		avail = width
	}
	for _, w := range ws {
		if w.brk && len(cur.words) > 0 {
			flush(true)
		}
		if w.w > avail {
			// A word longer than a line (a long code, a URL) is cut where it must be.
			if len(cur.words) > 0 {
				flush(false)
			}
			parts := r.cut(w, avail, width, size)
			for _, p := range parts[:len(parts)-1] {
				cur.words, cur.w = []word{p}, p.w
				flush(false)
			}
			w = parts[len(parts)-1]
		}
		if len(cur.words) > 0 && cur.w+space+w.w > avail+1e-6 {
			flush(false)
		}
		if len(cur.words) > 0 {
			cur.w += space
		}
		cur.words = append(cur.words, w)
		cur.w += w.w
	}
	if len(cur.words) > 0 || len(lines) == 0 {
		flush(true)
	}
	return lines
}

// cut splits a word too long for a line into parts: the first at most first wide, the rest
// at most width wide. A part ends after the last hyphen or slash that fits (a dossier code
// breaks between its fields), else wherever the line is full.
func (r *renderer) cut(w word, first, width, size float64) []word {
	type glyph struct {
		c     rune
		style Style
		w     float64
	}
	var gs []glyph
	for _, p := range w.pieces {
		for _, c := range p.text {
			gs = append(gs, glyph{c, p.style, r.width(string(c), p.style, size)})
		}
	}
	var parts []word
	avail := first
	for len(gs) > 0 {
		n, used, soft := 0, 0.0, 0
		for n < len(gs) && (n == 0 || used+gs[n].w <= avail) {
			used += gs[n].w
			if c := gs[n].c; c == '-' || c == '/' {
				soft = n + 1
			}
			n++
		}
		if n < len(gs) && soft > 0 {
			n = soft
		}
		var part word
		for _, g := range gs[:n] {
			k := len(part.pieces) - 1
			if k < 0 || part.pieces[k].style != g.style {
				part.pieces = append(part.pieces, piece{style: g.style})
				k++
			}
			part.pieces[k].text += string(g.c)
			part.pieces[k].w += g.w
			part.w += g.w
		}
		parts = append(parts, part)
		gs = gs[n:]
		avail = width
	}
	parts[0].brk = w.brk
	return parts
}

// drawLines draws laid-out lines from the cursor down, breaking pages between lines, and
// returns the x where the last line ends.
func (r *renderer) drawLines(lines []line, x, width, indent, size float64, a Align) float64 {
	lh := r.m.lineH(size)
	end := x
	for i, ln := range lines {
		r.ensure(lh)
		lx, avail := x, width
		if i == 0 {
			lx, avail = x+indent, width-indent
		}
		end = r.drawLine(ln, lx, r.y, avail, lh, size, a)
		r.y += lh
	}
	return end
}

// drawLine draws one line. The text goes out with its real spaces, so that a reader or a
// text extractor gets the words back; a justified line widens those spaces (fpdf's "J" cell
// does so with a TJ offset before each space, which works for Unicode fonts).
func (r *renderer) drawLine(ln line, x, y, avail, lh, size float64, a Align) float64 {
	gaps := len(ln.words) - 1
	extra := 0.0
	switch a {
	case Justify:
		if !ln.last && gaps > 0 && avail > ln.w {
			extra = (avail - ln.w) / float64(gaps)
		}
	case Center:
		x += (avail - ln.w) / 2
	case Right:
		x += avail - ln.w
	}
	var seg strings.Builder
	segStyle, spaces := Regular, 0
	flush := func() {
		if seg.Len() == 0 {
			return
		}
		s := seg.String()
		w := r.width(s, segStyle, size) + float64(spaces)*extra
		align := "L"
		if spaces > 0 && extra > 0 {
			align = "J"
		}
		r.f.SetXY(x, y)
		r.f.CellFormat(w, lh, s, "", 0, align, false, 0, "")
		x += w
		seg.Reset()
		spaces = 0
	}
	for i, w := range ln.words {
		if i > 0 {
			seg.WriteByte(' ')
			spaces++
		}
		for _, p := range w.pieces {
			if p.style != segStyle && seg.Len() > 0 {
				flush()
			}
			segStyle = p.style
			seg.WriteString(p.text)
		}
	}
	flush()
	return x
}

func (p Paragraph) draw(r *renderer) error {
	size := p.Size
	if size == 0 {
		size = r.m.body
	}
	indent := r.m.indent
	if p.NoIndent || p.Align == Center || p.Align == Right {
		indent = 0
	}
	ws := r.words(p.Runs, size)
	lines := r.layout(ws, size, r.m.contentW(), indent)
	r.drawLines(lines, r.m.left, r.m.contentW(), indent, size, p.Align)
	r.y += r.m.paraAfter
	return nil
}

func (f Field) draw(r *renderer) error {
	size := r.m.body
	label := strings.TrimRightFunc(f.Label, unicode.IsSpace)
	if label != "" && !strings.HasSuffix(label, ":") {
		label += ":"
	}
	vs := Regular
	if f.Bold {
		vs = Bold
	}
	runs := []Run{{Text: label + " "}, {Text: f.Value, Style: vs}}
	width := r.m.contentW()
	lines := r.layout(r.words(runs, size), size, width, 0)
	end := r.drawLines(lines, r.m.left, width, 0, size, Left)
	if f.Leaders {
		r.leaders(end, r.y-r.m.lineH(size), r.m.left+width, size)
	}
	r.y += r.m.paraAfter / 2
	return nil
}

// leaders fills a line with dots from x to right, for writing by hand.
func (r *renderer) leaders(x, y, right, size float64) {
	x += r.width(" ", Regular, size)
	dot := r.width(".", Regular, size)
	n := int((right - x) / dot)
	if n < 3 {
		return
	}
	r.text(x, y, float64(n)*dot, r.m.lineH(size), strings.Repeat(".", n), Regular, size, Left)
}
