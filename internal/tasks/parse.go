package tasks

import (
	"net/url"
	"strconv"
	"strings"

	"xaso/internal/calendar"
)

// The forms' readers: each cleans what a form sent and returns the field errors (catalogue
// keys) of what it cannot read; the rules that need the plan or the task are the Service's.

// textLines are the non-empty lines of a text area.
func textLines(s string) []string {
	s, _ = clean(s, 1<<20)
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// codeAndText splits "III.1.2 Thực hiện tốt…" (or "III.1.2. …", "CT1: …") into its code
// and its text.
func codeAndText(line string) (string, string) {
	code, text, _ := strings.Cut(strings.TrimSpace(line), " ")
	code = strings.TrimRight(code, ".:-–")
	text = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(text), ":-–"))
	return code, text
}

// ParsePlanForm reads the plan form: title, number, day of issue, basis (one document a
// line), period, report day, units (one a line), signer, note, sections ("III.1.2 Title", one
// a line) and targets ("CT1 Text", one a line).
func ParsePlanForm(f url.Values) (PlanInput, map[string]string) {
	fe := map[string]string{}
	var in PlanInput
	var ok bool
	text := func(field string, max int) string {
		v, fits := oneLine(f.Get(field), max)
		if !fits {
			fe[field] = "tasks.err.too_long"
		}
		return v
	}
	in.Title = text("title", MaxTitle)
	in.Number = text("number", MaxNumber)
	in.SignerTitle = text("signer_title", MaxName)
	in.SignerName = text("signer_name", MaxName)
	if in.Note, ok = clean(f.Get("note"), MaxPlanNote); !ok {
		fe["note"] = "tasks.err.too_long"
	}
	for field, to := range map[string]*calendar.Date{"issued_on": &in.IssuedOn, "from": &in.From, "to": &in.To, "report_on": &in.ReportOn} {
		d, fine := day(f.Get(field))
		if !fine {
			fe[field] = "tasks.err.date_invalid"
		}
		*to = d
	}
	if in.Basis, ok = cleanList(textLines(f.Get("basis")), MaxBasisItem); !ok {
		fe["basis"] = "tasks.err.too_long"
	}
	if in.Units, ok = cleanList(textLines(f.Get("units")), MaxUnit); !ok {
		fe["units"] = "tasks.err.too_long"
	}
	for _, l := range textLines(f.Get("sections")) {
		code, title := codeAndText(l)
		if t, fits := oneLine(title, MaxSectionName); fits {
			in.Sections = append(in.Sections, Section{Code: code, Title: t})
		} else {
			fe["sections"] = "tasks.err.too_long"
		}
	}
	for _, l := range textLines(f.Get("targets")) {
		code, t := codeAndText(l)
		if t, fits := clean(t, MaxTargetText); fits {
			in.Targets = append(in.Targets, Target{Code: code, Text: t})
		} else {
			fe["targets"] = "tasks.err.too_long"
		}
	}
	return in, fe
}

// PlanFormValues fills the plan form from a plan (to edit it).
func PlanFormValues(p Plan) url.Values {
	var secs, targets []string
	for _, s := range p.Sections {
		secs = append(secs, strings.TrimSpace(s.Code+" "+s.Title))
	}
	for _, t := range p.Targets {
		targets = append(targets, t.Code+" "+t.Text)
	}
	return url.Values{"title": {p.Title}, "number": {p.Number}, "issued_on": {p.IssuedOn.String()}, "basis": {strings.Join(p.Basis, "\n")},
		"from": {p.From.String()}, "to": {p.To.String()}, "report_on": {dateValue(p.ReportOn)}, "units": {strings.Join(p.Units, "\n")},
		"signer_title": {p.SignerTitle}, "signer_name": {p.SignerName}, "note": {p.Note}, "sections": {strings.Join(secs, "\n")},
		"targets": {strings.Join(targets, "\n")}}
}

// dateValue is d for a date input ("" for the zero date).
func dateValue(d calendar.Date) string {
	if !d.Valid() {
		return ""
	}
	return d.String()
}

// ParseTaskForm reads the task form: the section, the task, the owner (a directory entry from
// the menu, or a unit typed in, not both) and the role that owes it, the lead and the
// cooperating units (one a line), the deadline (a day, or a number of working days from the
// plan's first day), the expected result and the target.
func ParseTaskForm(f url.Values) (TaskInput, map[string]string) {
	fe := map[string]string{}
	var in TaskInput
	var ok bool
	text := func(field string, max int) string {
		v, fits := oneLine(f.Get(field), max)
		if !fits {
			fe[field] = "tasks.err.too_long"
		}
		return v
	}
	in.Section = text("section", MaxSectionCode)
	in.OwnerStaffID = text("owner_staff", 64)
	unit := text("owner_unit", MaxName)
	in.OwnerRole = text("owner_role", 40)
	in.Lead = text("lead", MaxUnit)
	in.Target = text("target", MaxTargetCode)
	if in.Body, ok = clean(f.Get("body"), MaxBody); !ok {
		fe["body"] = "tasks.err.too_long"
	}
	if in.Result, ok = clean(f.Get("result"), MaxResult); !ok {
		fe["result"] = "tasks.err.too_long"
	}
	if in.Cooperating, ok = cleanList(textLines(f.Get("cooperating")), MaxUnit); !ok {
		fe["cooperating"] = "tasks.err.too_long"
	}
	switch {
	case in.OwnerStaffID != "" && unit != "":
		fe["owner_unit"] = "tasks.err.owner_both"
	case in.OwnerStaffID == "":
		in.OwnerName = unit
	}
	if s := strings.TrimSpace(f.Get("due_days")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxWorkingDays {
			fe["due_days"] = "tasks.err.due_days"
		} else {
			in.DueWorkingDays = n
		}
	} else if d, _, key := deadline(f.Get("due_on")); key != "" && key != "tasks.err.due_required" {
		fe["due_on"] = key
	} else {
		in.DueOn = d
	}
	return in, fe
}

// TaskFormValues fills the task form from a task (to edit it).
func TaskFormValues(t Task) url.Values {
	v := url.Values{"section": {t.Section}, "body": {t.Body}, "owner_role": {t.OwnerRole}, "lead": {t.Lead},
		"cooperating": {strings.Join(t.Cooperating, "\n")}, "due_on": {t.DueOn.String()}, "result": {t.Result}, "target": {t.Target}}
	if t.OwnedByStaff() {
		v.Set("owner_staff", t.OwnerStaffID)
	} else {
		v.Set("owner_unit", t.OwnerName)
	}
	return v
}

// ParseProgressForm reads a progress report: the day (today when left empty), the status
// (in progress or done), the percent (done is 100) and the note.
func ParseProgressForm(f url.Values, today calendar.Date) (ProgressInput, map[string]string) {
	fe := map[string]string{}
	in := ProgressInput{On: today, Status: Status(strings.TrimSpace(f.Get("status")))}
	if s := strings.TrimSpace(f.Get("on")); s != "" {
		d, ok := day(s)
		if !ok {
			fe["on"] = "tasks.err.date_invalid"
		}
		in.On = d
	}
	if len(in.Status) > 20 {
		in.Status = ""
	}
	p := strings.TrimSuffix(strings.TrimSpace(f.Get("percent")), "%")
	switch n, err := strconv.Atoi(strings.TrimSpace(p)); {
	case in.Status == Done:
		in.Percent = 100
	case p == "":
		fe["percent"] = "tasks.err.percent_required"
	case err != nil:
		fe["percent"] = "tasks.err.percent_range"
	default:
		in.Percent = n
	}
	var ok bool
	if in.Note, ok = clean(f.Get("note"), MaxNote); !ok {
		fe["note"] = "tasks.err.too_long"
	}
	return in, fe
}

// ParseLinkForm reads a link given as evidence: its kind, caption and address.
func ParseLinkForm(f url.Values) (EvidenceInput, map[string]string) {
	fe := map[string]string{}
	in := EvidenceInput{Kind: EvidenceKind(strings.TrimSpace(f.Get("kind")))}
	var ok bool
	if in.Caption, ok = oneLine(f.Get("caption"), MaxCaption); !ok {
		fe["caption"] = "tasks.err.too_long"
	}
	in.URL = strings.TrimSpace(f.Get("url"))
	if len(in.URL) > MaxURL {
		fe["url"] = "tasks.err.url_local"
	}
	return in, fe
}
