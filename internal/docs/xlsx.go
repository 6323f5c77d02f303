package docs

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheet describes a register written by WriteXLSX: a title row, a bold header, then data.
type Sheet struct {
	Title  string    // first row, bold and larger, and the sheet's name; may be empty
	Header []string  // column titles
	Widths []float64 // column widths in Excel character units; zero or missing keep the default
}

// WriteXLSX writes a one-sheet workbook to w. rows calls yield once per data row, in order;
// an error from yield means the writing failed and rows should return it. Rows go through
// excelize's stream writer, which spills to a temporary file past 16 MiB, so memory stays
// flat however long the register.
//
// Values: strings (normalised to NFC), integer and float types as numbers, time.Time as a real
// Excel date (shown dd/mm/yyyy, or dd/mm/yyyy hh:mm when it has a time of day, in the
// time's own location), bool, nil as an empty cell; anything else as its fmt.Sprint text.
func WriteXLSX(w io.Writer, s Sheet, rows func(yield func([]any) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	name := SheetName(s.Title)
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return fmt.Errorf("docs: xlsx: sheet name %q: %w", name, err)
	}
	st, err := newSheetStyles(f)
	if err != nil {
		return fmt.Errorf("docs: xlsx: styles: %w", err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("docs: xlsx: %w", err)
	}
	for i, wd := range s.Widths {
		if wd > 0 {
			if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
				return fmt.Errorf("docs: xlsx: column %d width: %w", i+1, err)
			}
		}
	}
	row := 1
	if len(s.Header) > 0 {
		// The title and header stay in view while scrolling (set before any row is written).
		above := 1
		if s.Title != "" {
			above = 2
		}
		top, _ := excelize.CoordinatesToCellName(1, above+1)
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: above, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
			return fmt.Errorf("docs: xlsx: panes: %w", err)
		}
	}
	if s.Title != "" {
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: clean(s.Title)}}, excelize.RowOpts{Height: 22}); err != nil {
			return fmt.Errorf("docs: xlsx: title: %w", err)
		}
		if n := len(s.Header); n > 1 {
			last, _ := excelize.CoordinatesToCellName(n, 1)
			if err := sw.MergeCell("A1", last); err != nil {
				return fmt.Errorf("docs: xlsx: title: %w", err)
			}
		}
		row++
	}
	if len(s.Header) > 0 {
		hdr := make([]any, len(s.Header))
		for i, h := range s.Header {
			hdr[i] = excelize.Cell{StyleID: st.header, Value: clean(h)}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, hdr); err != nil {
			return fmt.Errorf("docs: xlsx: header: %w", err)
		}
		row++
	}
	var buf []any
	yield := func(values []any) error {
		buf = buf[:0]
		for _, v := range values {
			buf = append(buf, st.cell(v))
		}
		cell, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return fmt.Errorf("docs: xlsx: row %d: %w", row, err)
		}
		if err := sw.SetRow(cell, buf); err != nil {
			return fmt.Errorf("docs: xlsx: row %d: %w", row, err)
		}
		row++
		return nil
	}
	if err := rows(yield); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("docs: xlsx: flush: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("docs: xlsx: write: %w", err)
	}
	return nil
}

type sheetStyles struct {
	title, header, date, dateTime int
}

func newSheetStyles(f *excelize.File) (sheetStyles, error) {
	var s sheetStyles
	var err error
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	if s.title, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	}); err != nil {
		return s, err
	}
	if s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Border:    border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	}); err != nil {
		return s, err
	}
	dd, dt := "dd/mm/yyyy", "dd/mm/yyyy hh:mm"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dd}); err != nil {
		return s, err
	}
	s.dateTime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dt})
	return s, err
}

// cell prepares one value for the stream writer.
func (s sheetStyles) cell(v any) any {
	switch v := v.(type) {
	case string:
		return clean(v)
	case time.Time:
		if v.IsZero() {
			return nil
		}
		style := s.dateTime
		if h, m, sec := v.Clock(); h == 0 && m == 0 && sec == 0 {
			style = s.date
		}
		return excelize.Cell{StyleID: style, Value: v}
	case *time.Time:
		if v == nil {
			return nil
		}
		return s.cell(*v)
	case time.Duration:
		return v
	case fmt.Stringer:
		return clean(v.String())
	}
	return v
}

// SheetName makes an Excel sheet name of a title: NFC, without the characters Excel
// forbids ([ ] : * ? / \), without surrounding apostrophes, at most 31 characters, and
// "Sheet1" if nothing is left. Vietnamese letters are kept.
func SheetName(title string) string {
	s := clean(title)
	s = strings.Map(func(c rune) rune {
		switch c {
		case '[', ']', ':', '*', '?', '/', '\\', '\n':
			return -1
		}
		return c
	}, s)
	s = strings.Trim(strings.TrimSpace(s), "'")
	// Excel counts UTF-16 units; after clean every rune is one unit.
	if r := []rune(s); len(r) > 31 {
		s = strings.TrimRight(strings.TrimSpace(string(r[:31])), "'")
	}
	if s == "" {
		return "Sheet1"
	}
	return s
}
