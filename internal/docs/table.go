package docs

import "fmt"

// cellPad is the padding inside a table cell, in millimetres.
const (
	cellPadX = 1.2
	cellPadY = 0.8
)

func (t Table) draw(r *renderer) error {
	n := len(t.Columns)
	if n == 0 {
		return nil
	}
	for i, row := range t.Rows {
		if len(row) > n {
			return fmt.Errorf("table row %d has %d cells for %d columns", i+1, len(row), n)
		}
	}
	size := t.Size
	if size == 0 {
		size = r.m.table
	}
	total := 0.0
	for _, c := range t.Columns {
		total += colShare(c)
	}
	cw := r.m.contentW()
	widths := make([]float64, n)
	for i, c := range t.Columns {
		widths[i] = cw * colShare(c) / total
	}

	header := make([]string, n)
	for i, c := range t.Columns {
		header[i] = c.Title
	}
	head := r.cells(header, widths, Bold, size)
	aligns := make([]Align, n)
	for i, c := range t.Columns {
		aligns[i] = c.Align
	}
	centred := make([]Align, n)
	for i := range centred {
		centred[i] = Center
	}

	lh := r.m.lineH(size)
	headH := rowHeight(head, lh)
	// The header never ends a page alone: it needs room for itself and one line of a row.
	r.ensure(headH + lh + 2*cellPadY)
	r.drawRow(head, widths, centred, Bold, size, 0, -1)
	for _, row := range t.Rows {
		cells := r.cells(row, widths, Regular, size)
		rows := rowLines(cells)
		h := float64(rows)*lh + 2*cellPadY
		if r.y+h > r.bottom() && headH+h <= r.bottom()-r.top() {
			// The row fits on a fresh page: move it there whole, under a repeated header.
			r.newPage()
			r.drawRow(head, widths, centred, Bold, size, 0, -1)
		}
		// A row taller than a page is split between lines.
		for from := 0; from < rows; {
			fit := int((r.bottom() - r.y - 2*cellPadY) / lh)
			if fit < 1 {
				r.newPage()
				r.drawRow(head, widths, centred, Bold, size, 0, -1)
				continue
			}
			to := min(rows, from+fit)
			r.drawRow(cells, widths, aligns, Regular, size, from, to)
			from = to
		}
	}
	r.y += r.m.paraAfter
	return nil
}

func colShare(c Column) float64 {
	if c.Width <= 0 {
		return 1
	}
	return c.Width
}

// cells wraps each cell's text to its column.
func (r *renderer) cells(texts []string, widths []float64, st Style, size float64) [][]string {
	out := make([][]string, len(widths))
	for i := range widths {
		if i < len(texts) {
			out[i] = r.wrap(texts[i], st, size, widths[i]-2*cellPadX)
		}
	}
	return out
}

func rowLines(cells [][]string) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return n
}

func rowHeight(cells [][]string, lh float64) float64 {
	return float64(rowLines(cells))*lh + 2*cellPadY
}

// drawRow draws lines [from, to) of a row's cells with their borders; to < 0 means all.
func (r *renderer) drawRow(cells [][]string, widths []float64, aligns []Align, st Style, size float64, from, to int) {
	if to < 0 {
		to = rowLines(cells)
	}
	lh := r.m.lineH(size)
	h := float64(to-from)*lh + 2*cellPadY
	x := r.m.left
	for i, w := range widths {
		r.f.Rect(x, r.y, w, h, "D")
		a := aligns[i]
		if a == Justify {
			a = Left
		}
		y := r.y + cellPadY
		for j := from; j < to && j < len(cells[i]); j++ {
			r.text(x+cellPadX, y, w-2*cellPadX, lh, cells[i][j], st, size, a)
			y += lh
		}
		x += w
	}
	r.y += h
}
