package tasks

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"

	"xaso/internal/fold"
)

// The CSV plan file: the tasks of a plan whose own fields come from the load form.

// csvColumn is a column the loader knows: its field, and the folded header names it answers
// to (the first is the name the export writes).
type csvColumn struct {
	field    string
	names    []string
	required bool
}

var csvColumns = []csvColumn{
	{field: "section", names: []string{"muc", "ma muc", "so muc"}, required: true},
	{field: "section_title", names: []string{"ten muc"}},
	{field: "body", names: []string{"nhiem vu", "noi dung", "cong viec", "ro viec"}, required: true},
	{field: "owner", names: []string{"nguoi/don vi thuc hien", "nguoi, don vi thuc hien", "nguoi hoac don vi thuc hien",
		"nguoi thuc hien", "don vi thuc hien", "ro nguoi"}, required: true},
	{field: "owner_role", names: []string{"vai tro"}},
	{field: "lead", names: []string{"chu tri", "don vi chu tri", "trach nhiem", "ro trach nhiem"}},
	{field: "cooperating", names: []string{"phoi hop", "don vi phoi hop"}},
	{field: "due_on", names: []string{"thoi han", "han hoan thanh", "tien do", "ro tien do"}, required: true},
	{field: "result", names: []string{"ket qua du kien", "ket qua", "san pham", "ro ket qua"}, required: true},
	{field: "target", names: []string{"chi tieu", "muc tieu"}},
	// Written by the export, read past on the way back in.
	{field: "-", names: []string{"stt", "trang thai", "tien do (%)", "phan tram", "tinh trang han", "qua han", "ngay hoan thanh"}},
}

// columnOf finds the column a header names.
func columnOf(header string) (csvColumn, bool) {
	h := fold.String(strings.Trim(strings.TrimSpace(header), `"*:`))
	for _, c := range csvColumns {
		for _, n := range c.names {
			if h == n {
				return c, true
			}
		}
	}
	return csvColumn{}, false
}

// sniffComma picks the separator of the first non-blank line: ';' (Excel in Vietnamese and
// most European locales), ',' or tab, whichever occurs most outside quotes.
func sniffComma(text []byte) rune {
	for _, line := range bytes.Split(text, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		counts := map[rune]int{}
		quoted := false
		for _, c := range string(line) {
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

// splitUnits splits a cell of cooperating units: by ";" or line breaks (a unit's own name may
// hold a comma).
func splitUnits(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' })
}

// parseCSV reads the tasks of a plan from a CSV file; meta is the plan's own fields.
func parseCSV(data []byte, meta PlanInput) (PlanInput, error) {
	in := meta
	in.Sections, in.Targets, in.Tasks, in.Source = nil, nil, nil, SourceCSV
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffComma(data)
	cr.FieldsPerRecord = -1
	var bad FileErrors
	var cols []csvColumn
	headerLine := 0
	sectionAt := map[string]int{}
	targetOf := map[string]string{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			bad = append(bad, FileError{Line: perr.Line, Key: "tasks.err.csv_malformed"})
			break
		}
		if err != nil {
			bad = append(bad, FileError{Key: "tasks.err.file_unreadable"})
			break
		}
		line, _ := cr.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if cols == nil {
			headerLine = line
			if cols = readHeader(rec, line, &bad); cols == nil {
				break
			}
			continue
		}
		if len(in.Tasks) == MaxTasks {
			bad = append(bad, FileError{Line: line, Key: "tasks.err.file_too_many", Args: []any{MaxTasks}})
			break
		}
		f, title, extra := rowFields(rec, cols)
		if extra {
			bad = append(bad, FileError{Line: line, Key: "tasks.err.csv_extra_cells"})
			continue
		}
		t := f.taskInput(line, &bad)
		if t.Section != "" && ValidSectionCode(t.Section) {
			addSection(&in, sectionAt, t.Section, title, line, &bad)
		} else if t.Section != "" {
			bad = append(bad, FileError{Line: line, Field: "section", Key: "tasks.err.section_code"})
		}
		if t.Target != "" || f.target != "" {
			t.Target = targetCode(&in, targetOf, f.target, line, &bad)
		}
		in.Tasks = append(in.Tasks, t)
	}
	switch {
	case cols == nil && len(bad) == 0:
		bad = append(bad, FileError{Key: "tasks.err.file_empty"})
	case cols != nil && len(in.Tasks) == 0 && len(bad) == 0:
		bad = append(bad, FileError{Line: headerLine, Key: "tasks.err.csv_no_rows"})
	}
	return in, bad.Err(opParse)
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readHeader maps the header's cells to columns; nil when a column is unknown, repeated or
// missing.
func readHeader(rec []string, line int, bad *FileErrors) []csvColumn {
	cols := make([]csvColumn, len(rec))
	seen := map[string]bool{}
	ok := true
	for i, h := range rec {
		if strings.TrimSpace(h) == "" {
			cols[i] = csvColumn{field: "-"}
			continue
		}
		c, known := columnOf(h)
		switch {
		case !known:
			*bad = append(*bad, FileError{Line: line, Key: "tasks.err.csv_column_unknown", Args: []any{strings.TrimSpace(h)}})
			ok = false
		case c.field != "-" && seen[c.field]:
			*bad = append(*bad, FileError{Line: line, Key: "tasks.err.csv_column_repeated", Args: []any{strings.TrimSpace(h)}})
			ok = false
		}
		seen[c.field] = true
		cols[i] = c
	}
	for _, c := range csvColumns {
		if c.required && !seen[c.field] {
			*bad = append(*bad, FileError{Line: line, Key: "tasks.err.csv_column_missing", Args: []any{vi("tasks.csv." + c.field)}})
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return cols
}

// rowFields reads a data row by its columns; extra reports a filled cell past the header.
func rowFields(rec []string, cols []csvColumn) (f taskFields, sectionTitle string, extra bool) {
	for i, cell := range rec {
		cell = unsafeCell(cell)
		if i >= len(cols) {
			if strings.TrimSpace(cell) != "" {
				extra = true
			}
			continue
		}
		switch cols[i].field {
		case "section":
			f.section = cell
		case "section_title":
			sectionTitle = cell
		case "body":
			f.body = cell
		case "owner":
			f.owner = cell
		case "owner_role":
			f.role = cell
		case "lead":
			f.lead = cell
		case "cooperating":
			f.cooperating = splitUnits(cell)
		case "due_on":
			f.due = cell
		case "result":
			f.result = cell
		case "target":
			f.target = cell
		}
	}
	return f, sectionTitle, extra
}

// unsafeCell undoes docs.SafeCell: the apostrophe the export puts before a cell that starts
// like a formula.
func unsafeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

// addSection adds a section the first time a row names it; a later title must not differ.
func addSection(in *PlanInput, at map[string]int, code, title string, line int, bad *FileErrors) {
	title, fits := oneLine(title, MaxSectionName)
	if !fits {
		*bad = append(*bad, FileError{Line: line, Field: "section_title", Key: "tasks.err.too_long_n", Args: []any{MaxSectionName}})
	}
	i, ok := at[code]
	if !ok {
		if len(in.Sections) == MaxSections {
			*bad = append(*bad, FileError{Line: line, Field: "section", Key: "tasks.err.file_too_many", Args: []any{MaxSections}})
			return
		}
		at[code] = len(in.Sections)
		in.Sections = append(in.Sections, Section{Code: code, Title: title})
		return
	}
	switch cur := in.Sections[i].Title; {
	case cur == "":
		in.Sections[i].Title = title
	case title != "" && title != cur:
		*bad = append(*bad, FileError{Line: line, Field: "section_title", Key: "tasks.err.section_title_differs", Args: []any{code}})
	}
}

// targetCode gives a target's text its code, CT1, CT2… in the order the file names them.
func targetCode(in *PlanInput, codes map[string]string, text string, line int, bad *FileErrors) string {
	text, fits := clean(text, MaxTargetText)
	if !fits {
		*bad = append(*bad, FileError{Line: line, Field: "target", Key: "tasks.err.too_long_n", Args: []any{MaxTargetText}})
		return ""
	}
	if text == "" {
		return ""
	}
	if c, ok := codes[text]; ok {
		return c
	}
	if len(in.Targets) == MaxTargets {
		*bad = append(*bad, FileError{Line: line, Field: "target", Key: "tasks.err.file_too_many", Args: []any{MaxTargets}})
		return ""
	}
	c := "CT" + strconv.Itoa(len(in.Targets)+1)
	codes[text] = c
	in.Targets = append(in.Targets, Target{Code: c, Text: text})
	return c
}
