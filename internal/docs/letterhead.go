package docs

import (
	"strconv"
	"strings"
	"time"
)

// Decree 30/2020 Annex I: the national name and motto, verbatim.
const (
	nationalName  = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	nationalMotto = "Độc lập - Tự do - Hạnh phúc"
)

// PlaceDate is the place-and-date line of a document: "Bình Yên, ngày 05 tháng 01 năm 2026".
// A zero t gives dotted blanks to fill by hand.
func PlaceDate(place string, t time.Time) string {
	var b strings.Builder
	if place = strings.TrimSpace(place); place != "" {
		b.WriteString(place)
		b.WriteString(", ")
	}
	if t.IsZero() {
		b.WriteString("ngày ..... tháng ..... năm .......")
		return b.String()
	}
	// Decree 30/2020 Annex I: a leading zero for days below 10 and for months 1 and 2.
	day := strconv.Itoa(t.Day())
	if t.Day() < 10 {
		day = "0" + day
	}
	month := strconv.Itoa(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	b.WriteString("ngày " + day + " tháng " + month + " năm " + strconv.Itoa(t.Year()))
	return b.String()
}

// wrap lays out one-style text in lines no wider than width.
func (r *renderer) wrap(s string, st Style, size, width float64) []string {
	if s == "" {
		return nil
	}
	lines := r.layout(r.words([]Run{{Text: s, Style: st}}, size), size, width, 0)
	out := make([]string, 0, len(lines))
	for _, ln := range lines {
		var b strings.Builder
		for i, w := range ln.words {
			if i > 0 {
				b.WriteByte(' ')
			}
			for _, p := range w.pieces {
				b.WriteString(p.text)
			}
		}
		out = append(out, b.String())
	}
	return out
}

// stack draws one-style lines centred in a column and returns the widest line's width.
func (r *renderer) stack(lines []string, x, w float64, st Style, size float64) float64 {
	lh := r.m.lineH(size)
	widest := 0.0
	for _, s := range lines {
		widest = max(widest, r.width(s, st, size))
		r.text(x, r.y, w, lh, s, st, size, Center)
		r.y += lh
	}
	return widest
}

// letterhead draws the two header columns and, under them, the number and the place-and-date.
func (r *renderer) letterhead(l Letterhead, number string, date time.Time) {
	m := r.m
	cw := m.contentW()
	parent, issuing := upper(l.ParentBody), upper(l.IssuingBody)
	// Both columns want their names on one line. On A5 that takes a header a little smaller
	// than on A4 (13 pt × 148/210 ≈ 9 pt), so the sizes step down to the paper's floor; past
	// it, the left column wraps.
	hs, ms := m.header, m.motto
	var right, left float64
	for {
		right = max(r.width(nationalName, Bold, hs), r.width(nationalMotto, Bold, ms)) + 1
		left = max(r.width(parent, Regular, hs), r.width(issuing, Bold, hs)) + 1
		if right+left <= cw || hs-0.5 < m.headerMin {
			break
		}
		hs, ms = hs-0.5, ms-0.5
	}
	// The right column is at least 56% of the line, as in the Decree's sample, unless the left
	// needs more.
	rightW := max(right, min(0.56*cw, cw-left))
	leftW := cw - rightW
	lx, rx := m.left, m.left+leftW
	y0 := r.y

	r.stack(r.wrap(parent, Regular, hs, leftW), lx, leftW, Regular, hs)
	if issuing != "" {
		w := r.stack(r.wrap(issuing, Bold, hs, leftW), lx, leftW, Bold, hs)
		// A short rule, 1/3 to 1/2 of the name's length, centred under it.
		r.y += 1
		r.rule(lx+leftW/2, r.y, w*0.4)
	}
	leftEnd := r.y

	r.y = y0
	r.stack(r.wrap(nationalName, Bold, hs, rightW), rx, rightW, Bold, hs)
	w := r.stack([]string{nationalMotto}, rx, rightW, Bold, ms)
	// Underlined the whole length of the motto.
	r.y += 1
	r.rule(rx+rightW/2, r.y, w)
	r.y = max(r.y, leftEnd) + m.headerGap

	y1 := r.y
	if number = clean(number); number != "" {
		r.stack(r.wrap("Số: "+number, Regular, m.number, leftW), lx, leftW, Regular, m.number)
	}
	leftEnd = r.y
	r.y = y1
	if !date.IsZero() || l.Place != "" {
		r.stack(r.wrap(PlaceDate(clean(l.Place), date), Italic, m.date, rightW), rx, rightW, Italic, m.date)
	}
	r.y = max(r.y, leftEnd)
}

// title draws the document type in capitals and the subject under it, with a short rule.
func (r *renderer) title(title, subtitle string) {
	m := r.m
	cw := m.contentW()
	r.y += m.titleSpace
	r.stack(r.wrap(upper(title), Bold, m.title, cw), m.left, cw, Bold, m.title)
	if s := clean(subtitle); s != "" {
		w := r.stack(r.wrap(s, Bold, m.title, cw), m.left, cw, Bold, m.title)
		r.y += 0.8
		r.rule(m.left+cw/2, r.y, w*0.4)
	}
	r.y += 2 * m.paraAfter
}

// sigLine is one line of a signature block.
type sigLine struct {
	text  string
	style Style
	size  float64
	room  float64 // blank space before this line
}

func (r *renderer) signatureLines(s Signature, w float64) []sigLine {
	size := r.m.sign
	var out []sigLine
	add := func(text string, st Style, sz, room float64) {
		for i, t := range r.wrap(text, st, sz, w) {
			l := sigLine{text: t, style: st, size: sz}
			if i == 0 {
				l.room = room
			}
			out = append(out, l)
		}
	}
	add(upper(s.Authority), Bold, size, 0)
	add(upper(s.Title), Bold, size, 0)
	add(clean(s.Hint), Italic, size-1, 0)
	name := clean(s.Name)
	if name == "" {
		name = " "
	}
	add(name, Bold, size, r.m.signRoom)
	return out
}

func (r *renderer) linesHeight(ls []sigLine) float64 {
	h := 0.0
	for _, l := range ls {
		h += l.room + r.m.lineH(l.size)
	}
	return h
}

func (r *renderer) drawSigLines(ls []sigLine, x, w float64) {
	for _, l := range ls {
		r.y += l.room
		lh := r.m.lineH(l.size)
		r.text(x, r.y, w, lh, l.text, l.style, l.size, Center)
		r.y += lh
	}
}

func (s SignatureRow) draw(r *renderer) error {
	n := len(s.Signers)
	if n == 0 {
		return nil
	}
	w := r.m.contentW() / float64(n)
	cols := make([][]sigLine, n)
	h := 0.0
	for i, sg := range s.Signers {
		cols[i] = r.signatureLines(sg, w)
		h = max(h, r.linesHeight(cols[i]))
	}
	r.y += r.m.paraAfter
	r.ensure(h)
	y0 := r.y
	for i, ls := range cols {
		r.y = y0
		r.drawSigLines(ls, r.m.left+float64(i)*w, w)
	}
	r.y = y0 + h + r.m.paraAfter
	return nil
}

// closing draws "Nơi nhận:" on the left and the issuer's signature on the right, at the same
// height and kept on one page (Decree 30/2020 Annex I).
func (r *renderer) closing(sig *Signature, recipients []string) {
	m := r.m
	cw := m.contentW()
	leftW := 0.45 * cw
	rightW := cw - leftW
	var left []sigLine
	if len(recipients) > 0 {
		left = append(left, sigLine{text: "Nơi nhận:", style: BoldItalic, size: m.recipientsHead})
		for _, it := range recipients {
			it = strings.TrimSpace(clean(it))
			if !strings.HasPrefix(it, "-") {
				it = "- " + it
			}
			for _, t := range r.wrap(it, Regular, m.recipients, leftW) {
				left = append(left, sigLine{text: t, size: m.recipients})
			}
		}
	}
	var right []sigLine
	if sig != nil {
		right = r.signatureLines(*sig, rightW)
	}
	h := max(r.linesHeight(left), r.linesHeight(right))
	r.y += m.paraAfter
	r.ensure(h)
	y0 := r.y
	for _, l := range left {
		lh := m.lineH(l.size)
		r.text(m.left, r.y, leftW, lh, l.text, l.style, l.size, Left)
		r.y += lh
	}
	r.y = y0
	r.drawSigLines(right, m.left+leftW, rightW)
	r.y = y0 + h
}
