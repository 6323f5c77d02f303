package tasks

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"xaso/internal/calendar"
	"xaso/internal/errs"
)

func knownKeys(t *testing.T, fe map[string]string) {
	t.Helper()
	for f, k := range fe {
		if _, ok := Messages[k]; !ok {
			t.Fatalf("field %s: unknown key %s", f, k)
		}
	}
}

// A plan file, whatever it holds: either the file's mistakes (known keys, lines within the
// file), or too large, or a plan whose tasks each have a line of the file, texts within their
// caps and valid UTF-8, and sections with valid, unique codes.
func FuzzParsePlanFile(f *testing.F) {
	f.Add("ke-hoach.json", goodJSON)
	f.Add("ke-hoach.json", string(demoPlan))
	f.Add("nhiem-vu.csv", goodCSV)
	f.Add("x", "{\"format\": \"xaso.plan/1\", \"tasks\": [{\"section\": 1}]}")
	f.Add("x.csv", "Mục;Nhiệm vụ\n\"II.1;a\n")
	f.Add("x.csv", "\xff\xfeM\x00")
	f.Add("x.json", "{\"sections\": [[[[[[]]]]]]}")
	f.Fuzz(func(t *testing.T, name, text string) {
		in, err := ParsePlanFile(name, strings.NewReader(text), csvMeta)
		lines := strings.Count(text, "\n") + 1
		if err != nil {
			if errs.KindOf(err) == errs.TooLarge {
				return
			}
			fe, ok := FileErrorsOf(err)
			if !ok || len(fe) == 0 {
				t.Fatalf("not file errors: %v", err)
			}
			for _, e := range fe {
				if _, ok := Messages[e.Key]; !ok || e.Line < 0 || e.Line > lines+1 {
					t.Fatalf("mistake %+v of a %d-line file", e, lines)
				}
			}
			return
		}
		if len(in.Tasks) > MaxTasks || len(in.Sections) > MaxSections || len(in.Targets) > MaxTargets {
			t.Fatalf("caps: %d tasks %d sections %d targets", len(in.Tasks), len(in.Sections), len(in.Targets))
		}
		seen := map[string]bool{}
		for _, s := range in.Sections {
			if !ValidSectionCode(s.Code) || seen[s.Code] {
				t.Fatalf("section %q", s.Code)
			}
			seen[s.Code] = true
		}
		for _, task := range in.Tasks {
			if task.Line < 1 || task.Line > lines {
				t.Fatalf("task at line %d of %d", task.Line, lines)
			}
			for _, s := range []string{task.Body, task.OwnerText, task.Lead, task.Result} {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Fatalf("text %q", s)
				}
			}
			if utf8.RuneCountInString(task.Body) > MaxBody || utf8.RuneCountInString(task.Result) > MaxResult ||
				utf8.RuneCountInString(task.OwnerText) > MaxName {
				t.Fatalf("over a cap: %+v", task)
			}
		}
	})
}

// A deadline as typed: an error key, or a valid day, or working days within 1–1000.
func FuzzDeadline(f *testing.F) {
	for _, s := range []string{"31/12/2025", "12/2025", "tháng 2/2024", "10 ngày làm việc", "0 ngày làm việc", "", "2025-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, n, key := deadline(s)
		switch {
		case key != "":
			if _, ok := Messages[key]; !ok {
				t.Fatalf("key %s", key)
			}
		case n != 0:
			if n < 1 || n > MaxWorkingDays || d.Valid() {
				t.Fatalf("%q: %d %v", s, n, d)
			}
		case !d.Valid():
			t.Fatalf("%q: no day", s)
		}
	})
}

// An evidence address: refused, or a path of this site that no browser reads as another site.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/ho-so/000.00.12.H55-260302-0001", "//evil.example/x", "/\\evil", "https://x", "/a/../b", "/cong-khai?x=1#y", "/a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := LocalPath(s)
		if !ok {
			return
		}
		u, err := url.Parse(p)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") ||
			strings.ContainsAny(p, "\\ \t\r\n<>\"") || len(p) > MaxURL {
			t.Fatalf("%q accepted as %q", s, p)
		}
	})
}

// The task form: known error keys, or an input whose texts fit their caps and whose owner is
// one of a directory entry or a unit.
func FuzzParseTaskForm(f *testing.F) {
	f.Add("III.1.2", "Niêm yết thủ tục", "", "Bộ phận Một cửa", "31/12/2025", "", "Thủ tục được niêm yết")
	f.Add("", "", "s1", "Bộ phận", "", "abc", "")
	f.Add("\x00", "\xff", "", "", "tháng 13/2025", "5", "x")
	f.Fuzz(func(t *testing.T, section, body, staff, unit, due, days, result string) {
		in, fe := ParseTaskForm(url.Values{"section": {section}, "body": {body}, "owner_staff": {staff}, "owner_unit": {unit},
			"due_on": {due}, "due_days": {days}, "result": {result}})
		knownKeys(t, fe)
		if len(fe) > 0 {
			return
		}
		if in.OwnerStaffID != "" && in.OwnerName != "" {
			t.Fatalf("both owners: %+v", in)
		}
		if utf8.RuneCountInString(in.Body) > MaxBody || utf8.RuneCountInString(in.Result) > MaxResult || !utf8.ValidString(in.Body) {
			t.Fatalf("%+v", in)
		}
		if in.DueWorkingDays < 0 || in.DueWorkingDays > MaxWorkingDays {
			t.Fatalf("days %d", in.DueWorkingDays)
		}
	})
}

// The progress form: known error keys, or a day, a status, a percent (100 when done).
func FuzzParseProgressForm(f *testing.F) {
	f.Add("2026-03-02", "in_progress", "40", "Đã làm")
	f.Add("", "done", "", "Xong")
	f.Add("x", "y", "-5", "")
	f.Fuzz(func(t *testing.T, on, status, percent, note string) {
		in, fe := ParseProgressForm(url.Values{"on": {on}, "status": {status}, "percent": {percent}, "note": {note}}, calendar.NewDate(2026, 3, 2))
		knownKeys(t, fe)
		if len(fe) > 0 {
			return
		}
		if in.Status == Done && in.Percent != 100 {
			t.Fatalf("done at %d", in.Percent)
		}
		if !in.On.Valid() {
			t.Fatalf("day %v", in.On)
		}
		rules := CheckProgress(Task{Status: InProgress}, in, 1, calendar.NewDate(2026, 3, 2))
		knownKeys(t, rules)
		if len(rules) == 0 && (in.Percent < 0 || in.Percent > 100 || in.Note == "") {
			t.Fatalf("rules let %+v through", in)
		}
	})
}

// The sniffer of uploaded evidence takes only its five types.
func FuzzSniffEvidence(f *testing.F) {
	f.Add([]byte("%PDF-1.7"), "a.pdf")
	f.Add([]byte("PK\x03\x04"), "a.docx")
	f.Add([]byte("PK\x03\x04"), "a.zip")
	f.Add([]byte("<svg"), "a.png")
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		got := SniffEvidence(head, name)
		if got == "" {
			return
		}
		ok := false
		for _, ty := range EvidenceTypes {
			ok = ok || ty == got
		}
		if !ok || (bytes.HasPrefix(head, []byte("PK")) && !strings.HasSuffix(strings.ToLower(name), ".docx") && !strings.HasSuffix(strings.ToLower(name), ".xlsx")) {
			t.Fatalf("%q %q → %s", head, name, got)
		}
	})
}
