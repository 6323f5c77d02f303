package tasks

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// A plan file is read by ParsePlanFile. Two formats are taken, told apart by the file's name
// (.json, .csv) or else by its first character ("{" is JSON):
//
// JSON, a whole plan (format "xaso.plan/1"; demo/plan-2025.json is a full example):
//
//	{
//	  "format": "xaso.plan/1",                      required, exactly this
//	  "title": "Kế hoạch triển khai …",             required
//	  "number": "05/KH-UBND",                       may be blank before the plan is numbered
//	  "issued_on": "2025-09-15",                    optional
//	  "basis": ["Quyết định số …", …],              the documents it implements (căn cứ)
//	  "period": {"from": "2025-08-01", "to": "2025-12-31"},   required
//	  "report_on": "2025-12-31",                    optional
//	  "units": ["Phòng Văn hóa - Xã hội", …],       the units involved
//	  "signer": {"title": "Chủ tịch", "name": "…"}, optional
//	  "note": "…",                                  optional
//	  "sections": [{"code": "III.1.2", "title": "…"}, …],     at least one
//	  "targets": [{"code": "CT1", "text": "…"}, …],           optional
//	  "tasks": [{
//	    "section": "III.1.2",                       one of the sections' codes
//	    "task": "…",                                rõ việc
//	    "owner": "Trung tâm Phục vụ hành chính công", rõ người: a staff member's full name or
//	                                                title (looked up in the directory), else a unit
//	    "owner_role": "desk",                       optional: the role that owes it (see OwnerRoles)
//	    "lead": "…", "cooperating": ["…"],          rõ trách nhiệm (lead: the owner's unit if left out)
//	    "deadline": "2025-12-31",                   rõ tiến độ: a day (2025-12-31, 31/12/2025), a month
//	                                                (12/2025: its last day) or "10 ngày làm việc"
//	                                                (counted from the plan's first day)
//	    "result": "…",                              rõ kết quả
//	    "target": "CT1"                             optional: one of the targets' codes
//	  }, …]
//	}
//
// Every key is checked: an unknown one, a value of the wrong type or a repeated top-level key
// is an error at its line. Dates are YYYY-MM-DD or dd/mm/yyyy.
//
// CSV, the tasks of a plan whose own fields are typed in the load form: UTF-8 (a BOM is
// allowed), separated by commas, semicolons or tabs, a header row first. Its columns, in any
// order, by name (case and marks do not matter): Mục (required), Tên mục, Nhiệm vụ (required),
// Người/đơn vị thực hiện (required), Vai trò, Chủ trì, Phối hợp (several separated by ";"),
// Thời hạn (required), Kết quả dự kiến (required), Chỉ tiêu (its text: each distinct one
// becomes a target). The columns the export adds (STT, Trạng thái, Tiến độ (%), Tình trạng
// hạn, Ngày hoàn thành) are read past, so that an exported plan loads back.

// Caps of a plan file.
const (
	MaxFileBytes = 2 << 20
	PlanFormat   = "xaso.plan/1"
)

// FileError is one mistake of a loaded file: its line (0: the whole file), the field, the
// catalogue key and its arguments.
type FileError struct {
	Line  int
	Field string
	Key   string
	Args  []any
}

// FileFields are the fields a file mistake may name (labels: tasks.csv.<field>).
var FileFields = []string{"section", "section_title", "body", "owner", "owner_role", "lead", "cooperating", "due_on", "result",
	"target", "title", "number", "issued_on", "period", "from", "to", "report_on", "units", "basis", "signer", "note", "sections",
	"targets", "tasks", "format"}

// LabelKey is the catalogue key of the field's name, "" when it names none the room knows.
func (e FileError) LabelKey() string {
	for _, f := range FileFields {
		if f == e.Field {
			return "tasks.csv." + f
		}
	}
	return ""
}

// FileErrors are a file's mistakes, in the order of its lines.
type FileErrors []FileError

func (f FileErrors) Error() string {
	var b strings.Builder
	for i, e := range f {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "line %d %s: %s%v", e.Line, e.Field, e.Key, e.Args)
	}
	return b.String()
}

// Err wraps the mistakes as an invalid-input error (nil when there are none).
func (f FileErrors) Err(op string) error {
	if len(f) == 0 {
		return nil
	}
	sort.SliceStable(f, func(i, j int) bool { return f[i].Line < f[j].Line })
	return &errs.Error{Op: op, Kind: errs.Invalid, Key: "tasks.err.file_invalid", Args: []any{len(f)}, Err: f}
}

// FileErrorsOf returns the file mistakes an error carries.
func FileErrorsOf(err error) (FileErrors, bool) {
	var f FileErrors
	if errs.KindOf(err) != errs.Invalid || !errors.As(err, &f) {
		return nil, false
	}
	return f, true
}

const opParse = "tasks: read plan file"

// ParsePlanFile reads a plan file (see above) of at most MaxFileBytes. For a CSV, meta gives
// the plan's own fields and the file its sections, targets and tasks. It returns the plan
// with its tasks (each with its line), or the file's mistakes (FileErrorsOf), or a too-large
// error. The tasks' owners are looked up and their clears checked when the plan is created.
func ParsePlanFile(filename string, r io.Reader, meta PlanInput) (PlanInput, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return PlanInput{}, errs.E(opParse, errs.Invalid, "tasks.err.file_unreadable")
	}
	if len(data) > MaxFileBytes {
		return PlanInput{}, errs.E(opParse, errs.TooLarge, "tasks.err.plan_file_large", MaxFileBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	if len(bytes.TrimSpace(data)) == 0 {
		return PlanInput{}, FileErrors{{Key: "tasks.err.file_empty"}}.Err(opParse)
	}
	if !utf8.Valid(data) {
		return PlanInput{}, FileErrors{{Line: firstInvalidLine(data), Key: "tasks.err.file_not_utf8"}}.Err(opParse)
	}
	data = norm.NFC.Bytes(data)
	if IsJSONFile(filename, data) {
		return parseJSON(data)
	}
	return parseCSV(data, meta)
}

// IsJSONFile tells the two formats apart: by the name (.json, .csv), else by the first
// character ("{" is JSON).
func IsJSONFile(filename string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".json":
		return true
	case ".csv":
		return false
	}
	return bytes.HasPrefix(bytes.TrimSpace(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})), []byte("{"))
}

// firstInvalidLine is the line of the first byte that is not UTF-8.
func firstInvalidLine(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return lineAt(data, i)
		}
		i += n
	}
	return 0
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// deadline reads a deadline as files and forms write it: a day (2025-12-31, 31/12/2025), a
// month (12/2025, "tháng 12/2025": its last day), or "N ngày làm việc". It returns the day or
// the number of working days, or an error key.
func deadline(s string) (calendar.Date, int, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}, 0, "tasks.err.due_required"
	}
	if len(s) > 40 {
		return calendar.Date{}, 0, "tasks.err.due_invalid"
	}
	if d, err := calendar.ParseDay(s); err == nil {
		return d, 0, ""
	}
	f := fold.String(s)
	if n, ok := strings.CutSuffix(f, " ngay lam viec"); ok {
		days, err := strconv.Atoi(strings.TrimSpace(n))
		if err != nil || days < 1 || days > MaxWorkingDays {
			return calendar.Date{}, 0, "tasks.err.due_days"
		}
		return calendar.Date{}, days, ""
	}
	f = strings.TrimSpace(strings.TrimPrefix(f, "thang"))
	if t, err := time.Parse("1/2006", f); err == nil && t.Year() >= 2000 {
		return calendar.NewDate(t.Year(), t.Month()+1, 0), 0, "" // day 0 of the next month: the last of this one
	}
	return calendar.Date{}, 0, "tasks.err.due_invalid"
}

// day reads an optional date of a plan's own fields.
func day(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}, true
	}
	if len(s) > 10 {
		return calendar.Date{}, false
	}
	d, err := calendar.ParseDay(s)
	return d, err == nil
}

// cleanList cleans a list of names: each on one line, empty ones dropped; it reports the
// first one too long.
func cleanList(items []string, max int) ([]string, bool) {
	var out []string
	ok := true
	for _, it := range items {
		c, fits := oneLine(it, max)
		if !fits {
			ok = false
		}
		if c != "" {
			out = append(out, c)
		}
	}
	return out, ok
}

// taskFields is a task as a file writes it, before it is cleaned.
type taskFields struct {
	section, body, owner, role, lead, due, result, target string
	cooperating                                           []string
}

// taskInput cleans a task of a file; it adds its mistakes at its line.
func (f taskFields) taskInput(line int, bad *FileErrors) TaskInput {
	in := TaskInput{Line: line}
	add := func(field, key string, args ...any) {
		*bad = append(*bad, FileError{Line: line, Field: field, Key: key, Args: args})
	}
	var ok bool
	if in.Section, ok = oneLine(f.section, MaxSectionCode); !ok {
		add("section", "tasks.err.section_code")
	}
	if in.Body, ok = clean(f.body, MaxBody); !ok {
		add("body", "tasks.err.too_long_n", MaxBody)
	}
	if in.OwnerText, ok = oneLine(f.owner, MaxName); !ok {
		add("owner", "tasks.err.too_long_n", MaxName)
	}
	in.OwnerRole, _ = oneLine(f.role, 40)
	if in.OwnerRole != "" {
		if r, found := roleNamed(in.OwnerRole); found {
			in.OwnerRole = r
		} else {
			add("owner_role", "tasks.err.role_unknown")
			in.OwnerRole = ""
		}
	}
	if in.Lead, ok = oneLine(f.lead, MaxUnit); !ok {
		add("lead", "tasks.err.too_long_n", MaxUnit)
	}
	if in.Cooperating, ok = cleanList(f.cooperating, MaxUnit); !ok {
		add("cooperating", "tasks.err.too_long_n", MaxUnit)
	}
	if in.Result, ok = clean(f.result, MaxResult); !ok {
		add("result", "tasks.err.too_long_n", MaxResult)
	}
	in.Target, _ = oneLine(f.target, MaxTargetCode)
	var key string
	if in.DueOn, in.DueWorkingDays, key = deadline(f.due); key != "" && key != "tasks.err.due_required" {
		add("due_on", key)
	}
	return in
}

// roleNamed finds a role by its code ("desk") or its Vietnamese name ("Một cửa").
func roleNamed(s string) (string, bool) {
	f := fold.String(s)
	for _, r := range OwnerRoles {
		if f == string(r) || f == fold.String(vi("tasks.role."+string(r))) {
			return string(r), true
		}
	}
	return "", false
}
