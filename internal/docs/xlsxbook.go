package docs

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// BookSheet is one sheet of a workbook written by WriteXLSXBook: its title, header and column
// widths, and its rows, yielded in order as WriteXLSX's rows are.
type BookSheet struct {
	Sheet
	Rows func(yield func([]any) error) error
}

// WriteXLSXBook writes a workbook of several sheets to w, in the order given: an annex of
// figures with one sheet per group. Each sheet is laid out and streamed as WriteXLSX lays out
// and streams its one (a bold title row, a bold header kept in view, values typed the same
// way), so memory stays flat however long the sheets. A sheet is named after its title by
// SheetName; where two names would be the same to Excel, which ignores case, the later ones
// are numbered: "Tư pháp (2)". The first sheet is the one shown when the file opens.
func WriteXLSXBook(w io.Writer, sheets []BookSheet) error {
	if len(sheets) == 0 {
		return errors.New("docs: xlsx: a workbook needs at least one sheet")
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSheetStyles(f)
	if err != nil {
		return fmt.Errorf("docs: xlsx: styles: %w", err)
	}
	var names []string
	for i, s := range sheets {
		name := uniqueSheetName(SheetName(s.Title), names)
		names = append(names, name)
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return fmt.Errorf("docs: xlsx: sheet %q: %w", name, err)
		}
		if err := streamSheet(f, st, name, s); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("docs: xlsx: write: %w", err)
	}
	return nil
}

// uniqueSheetName numbers name until no sheet in taken has it, case aside; it stays within
// Excel's 31 characters.
func uniqueSheetName(name string, taken []string) string {
	used := func(n string) bool {
		for _, t := range taken {
			if strings.EqualFold(t, n) {
				return true
			}
		}
		return false
	}
	if !used(name) {
		return name
	}
	base := []rune(name)
	for i := 2; ; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		b := base
		if keep := 31 - len(suffix); len(b) > keep {
			b = b[:keep]
		}
		if n := strings.TrimSpace(string(b)) + suffix; !used(n) {
			return n
		}
	}
}

// streamSheet writes one sheet of the book through excelize's stream writer: the title row
// merged over the header's width, the header frozen in view, then the rows.
func streamSheet(f *excelize.File, st sheetStyles, name string, s BookSheet) error {
	fail := func(what string, err error) error {
		return fmt.Errorf("docs: xlsx: sheet %q: %s: %w", name, what, err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return fail("stream", err)
	}
	for i, wd := range s.Widths {
		if wd > 0 {
			if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
				return fail("column width", err)
			}
		}
	}
	row := 1
	if len(s.Header) > 0 {
		above := 1
		if s.Title != "" {
			above = 2
		}
		top, _ := excelize.CoordinatesToCellName(1, above+1)
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: above, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
			return fail("panes", err)
		}
	}
	if s.Title != "" {
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: clean(s.Title)}}, excelize.RowOpts{Height: 22}); err != nil {
			return fail("title", err)
		}
		if n := len(s.Header); n > 1 {
			last, _ := excelize.CoordinatesToCellName(n, 1)
			if err := sw.MergeCell("A1", last); err != nil {
				return fail("title", err)
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
			return fail("header", err)
		}
		row++
	}
	if s.Rows != nil {
		var buf []any
		yield := func(values []any) error {
			buf = buf[:0]
			for _, v := range values {
				buf = append(buf, st.cell(v))
			}
			cell, err := excelize.CoordinatesToCellName(1, row)
			if err != nil {
				return fail("row "+strconv.Itoa(row), err)
			}
			if err := sw.SetRow(cell, buf); err != nil {
				return fail("row "+strconv.Itoa(row), err)
			}
			row++
			return nil
		}
		if err := s.Rows(yield); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fail("flush", err)
	}
	return nil
}
