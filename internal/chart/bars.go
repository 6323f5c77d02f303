package chart

import (
	"html/template"
	"io"
	"strconv"
)

// Bars is a horizontal bar chart: one bar per item, its label above it, its value printed at
// the right, its target (if any) a vertical line across the bar. Bars start at zero: a
// negative value draws no bar, a value past the scale's end fills the bar; either way its
// number is printed as it is. A value that is not a number draws no bar and reads "không có
// số liệu".
type Bars struct {
	Title   string // the accessible name: "Tỷ lệ hồ sơ giải quyết đúng hạn theo lĩnh vực"
	Summary string // an optional sentence that starts the description
	Items   []Bar
	Unit    Unit
	// Digits is the most digits printed after the decimal separator; 0 means 1, a negative
	// value none.
	Digits int
	// Max is the end of the scale; zero: the largest value or target, rounded up (and at
	// least 100 for percentages).
	Max float64
	// LowerIsBetter says a value above its target misses it (overdue dossiers, complaints).
	LowerIsBetter bool
	Lang          string // "vi" (the default) or "en": numbers and the chart's own words
	ID            string // prefix of the ids inside the SVG; empty: derived from the content
}

// Bar is one item of a bar chart.
type Bar struct {
	Label  string
	Value  float64
	Target Target
}

// Layout of a bar chart, in viewBox units.
const (
	barPad     = 8.0
	barLabel   = 14.0 // label font size
	barLine    = 18.0 // label line height
	barH       = 18.0 // bar thickness
	barGap     = 14.0 // between one bar and the next label
	barValueW  = 96.0 // the column of values at the right
	barValueSz = 13.0
)

// plot is the x range the bars are drawn in.
func (c Bars) plot() (x0, w float64) { return barPad, width - 2*barPad - barValueW }

// scale is the value at the right end of the bars.
func (c Bars) scale() float64 {
	if c.Max > 0 && finite(c.Max) {
		return c.Max
	}
	top := 0.0
	for _, it := range c.Items {
		if finite(it.Value) {
			top = max(top, it.Value)
		}
		if it.Target.valid() {
			top = max(top, it.Target.Value)
		}
	}
	if c.Unit == Percent {
		return max(100, niceCeil(top))
	}
	return niceCeil(top)
}

func digits(d int) int {
	if d == 0 {
		return 1
	}
	return max(d, 0)
}

// SVG is the chart as inline SVG.
func (c Bars) SVG() template.HTML {
	d := digits(c.Digits)
	desc := []string{c.Summary}
	parts := []string{c.Title, strconv.Itoa(int(c.Unit))}
	for _, it := range c.Items {
		desc = append(desc, sentence(c.Lang, c.Unit, d, it.Label, it.Value, it.Target, c.LowerIsBetter))
		parts = append(parts, it.Label, strconv.FormatFloat(it.Value, 'g', -1, 64))
	}
	s := &svg{id: chartID(c.ID, "bars", parts...)}
	if len(c.Items) == 0 {
		return empty(s, c.Title, c.Summary, c.Lang)
	}
	x0, pw := c.plot()
	top := c.scale()
	xOf := func(v float64) float64 { return x0 + pw*min(max(v, 0), top)/top }

	// Lay out first: the height depends on how the labels wrap.
	type row struct {
		label []string
		y     float64 // top of the bar
	}
	rows := make([]row, len(c.Items))
	y := barPad
	targets := false
	for i, it := range c.Items {
		rows[i].label = wrap(it.Label, barLabel, width-2*barPad, 2)
		y += float64(len(rows[i].label)) * barLine
		rows[i].y = y + 4
		y = rows[i].y + barH + barGap
		targets = targets || it.Target.valid()
	}
	height := y
	if targets {
		height += 22
	}
	s.open(height, c.Title, joinDesc(desc...))
	for i, it := range c.Items {
		r := rows[i]
		for j, l := range r.label {
			s.text("label", barPad, r.y-4-float64(len(r.label)-1-j)*barLine-5, barLabel, "start", colInk, false, l)
		}
		s.rect("track", x0, r.y, pw, barH, colTrack, "")
		missed := judge(it.Value, it.Target, c.LowerIsBetter)
		vy := r.y + barH/2 + barValueSz*0.35
		switch {
		case !finite(it.Value):
			s.text("no-data", x0+6, vy, barValueSz, "start", colMuted, false, msg(c.Lang, "chart.no_data"))
		case missed:
			s.rect("bar missed", x0, r.y, xOf(it.Value)-x0, barH, s.hatch(), colMissed)
		default:
			s.rect("bar", x0, r.y, xOf(it.Value)-x0, barH, colBar, "")
		}
		if it.Target.valid() {
			tx := xOf(it.Target.Value)
			s.line("target", tx, r.y-4, tx, r.y+barH+4, 2.5, colInk, "")
		}
		if finite(it.Value) {
			s.text("value", width-barPad, vy, barValueSz, "end", colInk, true, format(c.Lang, c.Unit, it.Value, d))
			if missed {
				s.missedMark(width-barPad-barValueW+4, r.y+4, 10)
			}
		}
	}
	if targets {
		s.legend(barPad+2, height-barPad-2, c.Lang)
	}
	s.close()
	return s.html()
}

// WriteSVG writes the chart to w as an SVG document's markup.
func (c Bars) WriteSVG(w io.Writer) error { return write(w, c.SVG()) }

// empty is a chart with nothing to draw: its title and "Chưa có số liệu." in words.
func empty(s *svg, title, summary, lang string) template.HTML {
	note := msg(lang, "chart.empty")
	s.open(48, title, joinDesc(summary, note))
	s.text("empty", width/2, 29, 14, "middle", colMuted, false, note)
	s.close()
	return s.html()
}
