package commune

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"xaso/internal/errs"
)

// sheet is an import file read into rows: what CSV and XLSX have in common.
type sheet struct {
	format string
	rows   []sheetRow
	// numeric reports whether a cell held a number (XLSX only): Excel drops the leading zero
	// of an ID or phone number typed into a number cell, and stores dates as serial numbers.
	numeric  func(row, col int) bool
	date1904 bool
	// notUTF8 is set when a CSV was not UTF-8 and was read as Windows-1258: if no header is
	// found then, the encoding is the likelier fault, and the user is told so.
	notUTF8 bool
}

// sheetRow is one row with its number as the user sees it (the header is usually row 1).
type sheetRow struct {
	num   int
	cells []string
}

func (r sheetRow) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

const opImport = "commune: import"

// readSheet reads a CSV or XLSX file, at most o.MaxBytes long and o.MaxRows non-blank rows
// after a header (headerScan rows are allowed above the header).
func readSheet(filename string, r io.Reader, o ImportOptions) (*sheet, error) {
	data, err := io.ReadAll(io.LimitReader(r, o.MaxBytes+1))
	if err != nil {
		return nil, errs.E(opImport, errs.Invalid, "commune.import.unreadable")
	}
	if int64(len(data)) > o.MaxBytes {
		return nil, errs.E(opImport, errs.TooLarge, "commune.import.too_large", (o.MaxBytes+(1<<20)-1)>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errs.E(opImport, errs.Invalid, "commune.import.empty")
	}
	ext := strings.ToLower(filepath.Ext(filename))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data, o)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) || ext == ".xls":
		// The binary Excel 97–2003 format: ask for .xlsx rather than guess.
		return nil, errs.E(opImport, errs.Invalid, "commune.import.xls_unsupported")
	case ext == ".xlsx" || ext == ".xlsm":
		return nil, errs.E(opImport, errs.Invalid, "commune.import.xlsx_unreadable")
	}
	return readCSV(data, o)
}

// decodeText returns the text of a CSV file as UTF-8: a UTF-8 BOM is dropped, UTF-16 (Excel's
// "Unicode text") is converted, and a file that is not UTF-8 is taken as Windows-1258, the
// code page Excel on a Vietnamese Windows saves "CSV" in. The result is in NFC.
func decodeText(data []byte) (text []byte, notUTF8 bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		if out, err := dec.Bytes(data); err == nil {
			data = out
		}
	}
	if !utf8.Valid(data) {
		notUTF8 = true
		if out, err := charmap.Windows1258.NewDecoder().Bytes(data); err == nil {
			data = out
		}
	}
	return norm.NFC.Bytes(data), notUTF8
}

// sniffComma picks the separator of the first non-blank line: ';' (Excel in Vietnamese and
// most European locales), ',' or tab, whichever occurs most outside quotes.
func sniffComma(text []byte) rune {
	line := text
	for len(line) > 0 {
		i := bytes.IndexByte(line, '\n')
		first := line
		if i >= 0 {
			first, line = line[:i], line[i+1:]
		} else {
			line = nil
		}
		if len(bytes.TrimSpace(first)) == 0 {
			continue
		}
		counts := map[rune]int{}
		quoted := false
		for _, c := range string(first) {
			switch {
			case c == '"':
				quoted = !quoted
			case !quoted && (c == ';' || c == ',' || c == '\t'):
				counts[c]++
			}
		}
		best := ','
		for _, c := range []rune{';', '\t'} {
			if counts[c] > counts[best] {
				best = c
			}
		}
		return best
	}
	return ','
}

func readCSV(data []byte, o ImportOptions) (*sheet, error) {
	text, notUTF8 := decodeText(data)
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = sniffComma(text)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	s := &sheet{format: "csv", notUTF8: notUTF8}
	nonBlank := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 1
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = max(pe.StartLine, 1)
			}
			return nil, errs.E(opImport, errs.Invalid, "commune.import.csv_malformed", line)
		}
		line, _ := cr.FieldPos(0)
		row := sheetRow{num: line, cells: rec}
		if row.blank() {
			continue
		}
		if nonBlank++; nonBlank > o.MaxRows+headerScan {
			return nil, errs.E(opImport, errs.TooLarge, "commune.import.too_many_rows", o.MaxRows)
		}
		s.rows = append(s.rows, row)
	}
	return s, nil
}

func readXLSX(data []byte, o ImportOptions) (*sheet, error) {
	limit := max(64<<20, 16*o.MaxBytes)
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: limit, UnzipXMLSizeLimit: min(limit, 16<<20)})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, errs.E(opImport, errs.TooLarge, "commune.import.too_large", (o.MaxBytes+(1<<20)-1)>>20)
		}
		return nil, errs.E(opImport, errs.Invalid, "commune.import.xlsx_unreadable")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errs.E(opImport, errs.Invalid, "commune.import.empty")
	}
	// The first sheet whose top rows hold a header; else the first sheet (which then reports
	// the missing header).
	var first *sheet
	for _, name := range sheets {
		s, err := readXLSXSheet(f, name, o)
		if err != nil {
			return nil, err
		}
		if first == nil {
			first = s
		}
		if _, ok := findHeader(s.rows); ok {
			return s, nil
		}
	}
	return first, nil
}

func readXLSXSheet(f *excelize.File, name string, o ImportOptions) (*sheet, error) {
	props, _ := f.GetWorkbookProps()
	s := &sheet{format: "xlsx", date1904: props.Date1904 != nil && *props.Date1904}
	s.numeric = func(row, col int) bool {
		cell, err := excelize.CoordinatesToCellName(col+1, row)
		if err != nil {
			return false
		}
		t, err := f.GetCellType(name, cell)
		return err == nil && (t == excelize.CellTypeNumber || t == excelize.CellTypeUnset)
	}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, errs.E(opImport, errs.Invalid, "commune.import.xlsx_unreadable")
	}
	defer rows.Close()
	num, nonBlank := 0, 0
	for rows.Next() {
		num++ // Next steps over blank rows one by one, so num is the row number
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, errs.E(opImport, errs.Invalid, "commune.import.xlsx_unreadable")
		}
		row := sheetRow{num: num, cells: cells}
		if row.blank() {
			continue
		}
		if nonBlank++; nonBlank > o.MaxRows+headerScan {
			return nil, errs.E(opImport, errs.TooLarge, "commune.import.too_many_rows", o.MaxRows)
		}
		for i, c := range row.cells {
			row.cells[i] = norm.NFC.String(c)
		}
		s.rows = append(s.rows, row)
	}
	if rows.Error() != nil {
		return nil, errs.E(opImport, errs.Invalid, "commune.import.xlsx_unreadable")
	}
	return s, nil
}

// numberText writes the number in a numeric cell back with the given number of digits,
// restoring the leading zeros Excel dropped ("19090001234" → "019090001234"); at most maxLost
// zeros are restored, so that a number much too short is still reported.
func numberText(v string, digits, maxLost int) (string, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f >= math.Pow10(digits) {
		return v, false
	}
	s := strconv.FormatFloat(f, 'f', 0, 64)
	if len(s) < digits-maxLost {
		return s, true
	}
	return strings.Repeat("0", digits-len(s)) + s, true
}

// serialDate reads an Excel date serial number as YYYY-MM-DD.
func serialDate(v string, date1904 bool) (string, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 1 || f > 2958465 {
		return v, false
	}
	t, err := excelize.ExcelDateToTime(math.Floor(f), date1904)
	if err != nil {
		return v, false
	}
	return t.Format("2006-01-02"), true
}
