package chart

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// Bullet is one value against its target, as a progress bar: the value in large figures, a
// bar over the scale with the target a line across it, the scale's ends, and under them
// whether the value meets the target, in words.
type Bullet struct {
	Title   string // the accessible name: "Tỷ lệ hồ sơ trực tuyến toàn trình"
	Summary string
	Value   float64
	Target  Target
	Unit    Unit
	Digits  int     // as Bars.Digits
	Max     float64 // the scale's end; zero as in Bars
	// LowerIsBetter says a value above the target misses it.
	LowerIsBetter bool
	Lang          string
	ID            string
}

// Layout of a bullet, in viewBox units.
const (
	bulletValueSz = 28.0
	bulletTrackY  = 46.0
	bulletTrackH  = 22.0
	bulletStatusY = 110.0
	bulletHeight  = 120.0
)

// SVG is the bullet as inline SVG.
func (c Bullet) SVG() template.HTML {
	d := digits(c.Digits)
	s := &svg{id: chartID(c.ID, "bullet", c.Title, strconv.FormatFloat(c.Value, 'g', -1, 64), strconv.FormatFloat(c.Target.Value, 'g', -1, 64))}
	scale := Bars{Items: []Bar{{Value: c.Value, Target: c.Target}}, Unit: c.Unit, Max: c.Max}.scale()
	lo, hi := format(c.Lang, c.Unit, 0, d), format(c.Lang, c.Unit, scale, d)
	desc := joinDesc(c.Summary, sentence(c.Lang, c.Unit, d, "", c.Value, c.Target, c.LowerIsBetter),
		upperFirst(fmt.Sprintf(msg(c.Lang, "chart.scale"), lo, hi)))
	height := bulletStatusY - 14 // without a target, no status line
	if c.Target.valid() {
		height = bulletHeight
	}
	s.open(height, c.Title, desc)

	x0, pw := barPad, width-2*barPad
	xOf := func(v float64) float64 { return x0 + pw*min(max(v, 0), scale)/scale }
	missed := judge(c.Value, c.Target, c.LowerIsBetter)
	// The figure, and what it means in words.
	if finite(c.Value) {
		s.text("value", x0, 34, bulletValueSz, "start", colInk, true, format(c.Lang, c.Unit, c.Value, d))
	} else {
		s.text("no-data", x0, 30, 16, "start", colMuted, false, msg(c.Lang, "chart.no_data"))
	}
	if c.Target.valid() {
		status := fmt.Sprintf(msg(c.Lang, "chart.target"), format(c.Lang, c.Unit, c.Target.Value, d))
		if finite(c.Value) {
			if missed {
				status = msg(c.Lang, "chart.missed") + " (" + status + ")"
			} else {
				status = msg(c.Lang, "chart.met") + " (" + status + ")"
			}
		}
		x := x0
		if missed {
			s.missedMark(x0, bulletStatusY-10, 11)
			x += 16
		}
		s.text("status", x, bulletStatusY, 13, "start", colInk, false, upperFirst(status))
	}
	s.rect("track", x0, bulletTrackY, pw, bulletTrackH, colTrack, "")
	switch {
	case !finite(c.Value):
	case missed:
		s.rect("bar missed", x0, bulletTrackY, xOf(c.Value)-x0, bulletTrackH, s.hatch(), colMissed)
	default:
		s.rect("bar", x0, bulletTrackY, xOf(c.Value)-x0, bulletTrackH, colBar, "")
	}
	if c.Target.valid() {
		tx := xOf(c.Target.Value)
		s.line("target", tx, bulletTrackY-5, tx, bulletTrackY+bulletTrackH+5, 3, colInk, "")
	}
	s.text("scale", x0, bulletTrackY+bulletTrackH+20, 12, "start", colMuted, false, lo)
	s.text("scale", width-barPad, bulletTrackY+bulletTrackH+20, 12, "end", colMuted, false, hi)
	s.close()
	return s.html()
}

// WriteSVG writes the bullet to w.
func (c Bullet) WriteSVG(w io.Writer) error { return write(w, c.SVG()) }

// upperFirst capitalises the first letter: a phrase that starts a sentence.
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
