package chart

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
)

// Kind is how a series is drawn.
type Kind uint8

const (
	Columns Kind = iota // a column per point
	Line                // points joined by a line
)

// Series is a small chart of a monthly series (twelve points, or fewer): columns or a line
// over a value axis with round ticks, each point's label under it ("T1" … "T12": keep them
// short), and the target, if any, a dashed line across. The axis includes zero and any
// negative value. A point that misses the target is hatched (columns) or drawn as a downward
// triangle (line); a point that is not a number is left out, and the line breaks there.
type Series struct {
	Title   string
	Summary string
	Points  []Point
	Kind    Kind
	Unit    Unit
	Digits  int     // as Bars.Digits
	Max     float64 // the axis's top; zero: the largest value or target, rounded up
	Target  Target
	// LowerIsBetter says a point above the target misses it.
	LowerIsBetter bool
	Lang          string
	ID            string
}

// Point is one value of a series with its label.
type Point struct {
	Label string
	Value float64
}

// Layout of a series, in viewBox units.
const (
	seriesHeight = 200.0
	seriesLeft   = 50.0 // room for the tick labels
	seriesTop    = 14.0
	seriesBottom = 26.0 // room for the point labels
	seriesTickSz = 11.0
)

// axis is the value range of the series and its ticks, both ends round.
func (c Series) axis() (lo, hi float64, ticks []float64) {
	top, bottom := 0.0, 0.0
	for _, p := range c.Points {
		if finite(p.Value) {
			top, bottom = max(top, p.Value), min(bottom, p.Value)
		}
	}
	if c.Target.valid() {
		top, bottom = max(top, c.Target.Value), min(bottom, c.Target.Value)
	}
	if c.Max > 0 && finite(c.Max) {
		top = c.Max
	} else if c.Unit == Percent && top > 50 {
		top = max(top, 100)
	}
	step := niceCeil((top - bottom) / 4)
	hi = math.Ceil(top/step-1e-9) * step
	lo = math.Floor(bottom/step+1e-9) * step
	if hi <= lo {
		hi = lo + step
	}
	for v := lo; v <= hi+step/1e6; v += step {
		ticks = append(ticks, math.Round(v/step)*step)
	}
	return lo, hi, ticks
}

// SVG is the series as inline SVG.
func (c Series) SVG() template.HTML {
	d := digits(c.Digits)
	desc := []string{c.Summary}
	parts := []string{c.Title, strconv.Itoa(int(c.Kind))}
	for _, p := range c.Points {
		desc = append(desc, sentence(c.Lang, c.Unit, d, p.Label, p.Value, Target{}, false))
		parts = append(parts, p.Label, strconv.FormatFloat(p.Value, 'g', -1, 64))
	}
	s := &svg{id: chartID(c.ID, "series", parts...)}
	if len(c.Points) == 0 {
		return empty(s, c.Title, c.Summary, c.Lang)
	}
	lo, hi, ticks := c.axis()
	if c.Target.valid() {
		desc = append(desc, upperFirst(fmt.Sprintf(msg(c.Lang, "chart.target"), format(c.Lang, c.Unit, c.Target.Value, d))))
		var missed []string
		for _, p := range c.Points {
			if judge(p.Value, c.Target, c.LowerIsBetter) {
				missed = append(missed, cleanText(p.Label))
			}
		}
		if len(missed) > 0 {
			desc = append(desc, upperFirst(msg(c.Lang, "chart.missed"))+": "+strings.Join(missed, ", "))
		}
	}
	height := seriesHeight
	if c.Target.valid() {
		height += 22
	}
	s.open(height, c.Title, joinDesc(desc...))

	x0, x1 := seriesLeft, width-barPad
	y0, y1 := seriesTop, seriesHeight-seriesBottom
	yOf := func(v float64) float64 { return y1 - (y1-y0)*(v-lo)/(hi-lo) }
	band := (x1 - x0) / float64(len(c.Points))
	xOf := func(i int) float64 { return x0 + band*(float64(i)+0.5) }

	for _, t := range ticks {
		y := yOf(t)
		s.line("grid", x0, y, x1, y, 1, colGrid, "")
		s.text("tick", x0-6, y+seriesTickSz*0.35, seriesTickSz, "end", colMuted, false, format(c.Lang, c.Unit, t, d))
	}
	if lo < 0 {
		s.line("zero", x0, yOf(0), x1, yOf(0), 1.5, colMuted, "")
	}
	for i, p := range c.Points {
		s.text("point-label", xOf(i), seriesHeight-seriesBottom+16, seriesTickSz, "middle", colInk, false, cut(cleanText(p.Label), seriesTickSz, band))
	}
	if c.Kind == Line {
		c.drawLine(s, xOf, yOf)
	} else {
		c.drawColumns(s, band, xOf, yOf)
	}
	if c.Target.valid() {
		ty := yOf(c.Target.Value)
		s.line("target", x0, ty, x1, ty, 2, colInk, "6 4")
		s.legend(barPad+2, height-barPad-2, c.Lang)
	}
	s.close()
	return s.html()
}

func (c Series) drawColumns(s *svg, band float64, xOf func(int) float64, yOf func(float64) float64) {
	w := band * 0.62
	for i, p := range c.Points {
		if !finite(p.Value) {
			continue
		}
		top, bottom := yOf(max(p.Value, 0)), yOf(min(p.Value, 0))
		if judge(p.Value, c.Target, c.LowerIsBetter) {
			s.rect("column missed", xOf(i)-w/2, top, w, bottom-top, s.hatch(), colMissed)
		} else {
			s.rect("column", xOf(i)-w/2, top, w, bottom-top, colBar, "")
		}
	}
}

func (c Series) drawLine(s *svg, xOf func(int) float64, yOf func(float64) float64) {
	var path strings.Builder
	pen := false
	for i, p := range c.Points {
		if !finite(p.Value) {
			pen = false
			continue
		}
		if pen {
			path.WriteString("L")
		} else {
			path.WriteString("M")
		}
		path.WriteString(num(xOf(i)) + " " + num(yOf(p.Value)))
		pen = true
	}
	if path.Len() > 0 {
		s.b.WriteString(`<path class="line" d="` + path.String() + `" fill="none" stroke="` + colBar + `" stroke-width="2.5" stroke-linejoin="round"/>`)
	}
	for i, p := range c.Points {
		if !finite(p.Value) {
			continue
		}
		x, y := xOf(i), yOf(p.Value)
		if judge(p.Value, c.Target, c.LowerIsBetter) {
			s.missedMark(x-6, y-5, 12)
		} else {
			s.b.WriteString(`<circle class="point" cx="` + num(x) + `" cy="` + num(y) + `" r="4" fill="` + colBar + `" stroke="` + colBg + `" stroke-width="1.5"/>`)
		}
	}
}

// WriteSVG writes the series to w.
func (c Series) WriteSVG(w io.Writer) error { return write(w, c.SVG()) }
