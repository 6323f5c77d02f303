package tasks

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"xaso/internal/calendar"
)

// The JSON plan file (format above, in planfile.go), read token by token so that every
// mistake is told with its line.

type jsonPeriod struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type jsonSigner struct {
	Title string `json:"title"`
	Name  string `json:"name"`
}

type jsonSection struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

type jsonTarget struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

type jsonTask struct {
	Section     string   `json:"section"`
	Task        string   `json:"task"`
	Owner       string   `json:"owner"`
	OwnerRole   string   `json:"owner_role"`
	Lead        string   `json:"lead"`
	Cooperating []string `json:"cooperating"`
	Deadline    string   `json:"deadline"`
	Result      string   `json:"result"`
	Target      string   `json:"target"`
}

// jsonReader walks one plan file, collecting its mistakes.
type jsonReader struct {
	data []byte
	dec  *json.Decoder
	bad  FileErrors
	// lines of the top-level keys, for the plan's own mistakes.
	keyLine map[string]int
}

func (j *jsonReader) add(line int, field, key string, args ...any) {
	j.bad = append(j.bad, FileError{Line: line, Field: field, Key: key, Args: args})
}

// start is the offset where the next value starts (after spaces, a comma or a colon).
func (j *jsonReader) start() int {
	off := int(j.dec.InputOffset())
	for off < len(j.data) && strings.IndexByte(" \t\r\n,:", j.data[off]) >= 0 {
		off++
	}
	return off
}

// next is the line where the next value starts.
func (j *jsonReader) next() int { return lineAt(j.data, j.start()) }

// decodeErr turns a decoding error into a mistake at line, or at the error's own offset. The
// decoder counts the offsets of a value it decodes from where it stood before (base, its
// InputOffset then), up to just after the mistake; a token's from the file's start (base 0).
func (j *jsonReader) decodeErr(err error, line int, field string) { j.decodeErrAt(err, line, field, 0) }

func (j *jsonReader) decodeErrAt(err error, line int, field string, base int) {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		j.add(lineAt(j.data, base+int(syn.Offset)-1), "", "tasks.err.json_syntax")
	case errors.As(err, &typ):
		name := field
		if typ.Field != "" {
			name = typ.Field
		}
		j.add(lineAt(j.data, base+int(typ.Offset)-1), "", "tasks.err.json_type", name)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		j.add(line, field, "tasks.err.json_unknown", strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		j.add(lineAt(j.data, len(j.data)), "", "tasks.err.json_syntax")
	default:
		j.add(line, field, "tasks.err.json_syntax")
	}
}

// eof reads past the object: io.EOF when nothing follows it.
func (j *jsonReader) eof() error {
	_, err := j.dec.Token()
	return err
}

// delim reads a token that must be the delimiter want.
func (j *jsonReader) delim(want json.Delim, field string) bool {
	line := j.next()
	tok, err := j.dec.Token()
	if err != nil {
		j.decodeErr(err, line, field)
		return false
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		if want == '[' {
			j.add(line, field, "tasks.err.json_type", field)
		} else {
			j.add(line, field, "tasks.err.json_object")
		}
		return false
	}
	return true
}

// array decodes the elements of an array one by one, giving fn each element's line.
func (j *jsonReader) array(field string, max int, fn func(line int) error) bool {
	if !j.delim('[', field) {
		return false
	}
	n := 0
	for j.dec.More() {
		n++
		base := int(j.dec.InputOffset())
		line := j.next()
		if n > max {
			j.add(line, field, "tasks.err.file_too_many", max)
			return false
		}
		if err := fn(line); err != nil {
			j.decodeErrAt(err, line, field, base)
			return false
		}
	}
	_, err := j.dec.Token() // ']'
	if err != nil {
		j.decodeErr(err, j.next(), field)
		return false
	}
	return true
}

// parseJSON reads a whole plan from a JSON file.
func parseJSON(data []byte) (PlanInput, error) {
	j := &jsonReader{data: data, dec: json.NewDecoder(bytes.NewReader(data)), keyLine: map[string]int{}}
	j.dec.DisallowUnknownFields()
	var (
		format, title, number, issued, report, note string
		period                                      jsonPeriod
		signer                                      jsonSigner
		basis, units                                []string
		sections                                    []jsonSection
		targets                                     []jsonTarget
		tasks                                       []jsonTask
		secLines, targetLines, taskLines            []int
	)
	scalars := map[string]any{"format": &format, "title": &title, "number": &number, "issued_on": &issued, "report_on": &report,
		"note": &note, "period": &period, "signer": &signer, "basis": &basis, "units": &units}
	ok := j.delim('{', "")
	for ok && j.dec.More() {
		line := j.next()
		tok, err := j.dec.Token()
		if err != nil {
			j.decodeErr(err, line, "")
			ok = false
			break
		}
		key, _ := tok.(string)
		if _, seen := j.keyLine[key]; seen {
			j.add(line, key, "tasks.err.json_repeated", key)
			ok = false
			break
		}
		j.keyLine[key] = line
		switch key {
		case "sections":
			ok = j.array(key, MaxSections, func(l int) error {
				var s jsonSection
				secLines = append(secLines, l)
				err := j.dec.Decode(&s)
				sections = append(sections, s)
				return err
			})
		case "targets":
			ok = j.array(key, MaxTargets, func(l int) error {
				var t jsonTarget
				targetLines = append(targetLines, l)
				err := j.dec.Decode(&t)
				targets = append(targets, t)
				return err
			})
		case "tasks":
			ok = j.array(key, MaxTasks, func(l int) error {
				var t jsonTask
				taskLines = append(taskLines, l)
				err := j.dec.Decode(&t)
				tasks = append(tasks, t)
				return err
			})
		default:
			v, known := scalars[key]
			if !known {
				j.add(line, key, "tasks.err.json_unknown", key)
				ok = false
				break
			}
			base := int(j.dec.InputOffset())
			if err := j.dec.Decode(v); err != nil {
				j.decodeErrAt(err, line, key, base)
				ok = false
			}
		}
	}
	if ok {
		if _, err := j.dec.Token(); err != nil { // '}'
			j.decodeErr(err, j.next(), "")
			ok = false
		} else if line := j.next(); !errors.Is(j.eof(), io.EOF) {
			j.add(line, "", "tasks.err.json_trailing")
			ok = false
		}
	}
	if !ok {
		return PlanInput{}, j.bad.Err(opParse)
	}
	if format != PlanFormat {
		j.add(j.keyLine["format"], "format", "tasks.err.json_format", PlanFormat)
	}
	in := j.planFields(title, number, issued, report, note, period, signer, basis, units)
	in.Sections = j.sections(sections, secLines)
	in.Targets = j.targets(targets, targetLines)
	for i, t := range tasks {
		in.Tasks = append(in.Tasks, taskFields{section: t.Section, body: t.Task, owner: t.Owner, role: t.OwnerRole, lead: t.Lead,
			due: t.Deadline, result: t.Result, target: t.Target, cooperating: t.Cooperating}.taskInput(taskLines[i], &j.bad))
	}
	for field, key := range CheckPlan(in) {
		if field == "sections" && len(sections) > 0 {
			continue // told element by element
		}
		line, ok := j.keyLine[field]
		if !ok && (field == "from" || field == "to") {
			line = j.keyLine["period"]
		}
		j.add(line, field, key)
	}
	in.Source = SourceJSON
	return in, j.bad.Err(opParse)
}

// planFields cleans the plan's own fields.
func (j *jsonReader) planFields(title, number, issued, report, note string, period jsonPeriod, signer jsonSigner, basis, units []string) PlanInput {
	var in PlanInput
	var ok bool
	check := func(field string, fits bool, max int) {
		if !fits {
			j.add(j.keyLine[field], field, "tasks.err.too_long_n", max)
		}
	}
	in.Title, ok = oneLine(title, MaxTitle)
	check("title", ok, MaxTitle)
	in.Number, ok = oneLine(number, MaxNumber)
	check("number", ok, MaxNumber)
	in.Note, ok = clean(note, MaxPlanNote)
	check("note", ok, MaxPlanNote)
	in.SignerTitle, ok = oneLine(signer.Title, MaxName)
	check("signer", ok, MaxName)
	in.SignerName, ok = oneLine(signer.Name, MaxName)
	check("signer", ok, MaxName)
	in.Basis, ok = cleanList(basis, MaxBasisItem)
	check("basis", ok, MaxBasisItem)
	in.Units, ok = cleanList(units, MaxUnit)
	check("units", ok, MaxUnit)
	dates := []struct {
		field, s string
		to       *calendar.Date
	}{{"issued_on", issued, &in.IssuedOn}, {"report_on", report, &in.ReportOn}, {"period", period.From, &in.From}, {"period", period.To, &in.To}}
	for _, d := range dates {
		v, fine := day(d.s)
		if !fine {
			j.add(j.keyLine[d.field], d.field, "tasks.err.date_invalid")
		}
		*d.to = v
	}
	return in
}

// sections cleans the sections, telling a bad or repeated code at its line.
func (j *jsonReader) sections(in []jsonSection, at []int) []Section {
	var out []Section
	seen := map[string]bool{}
	for i, s := range in {
		code, _ := oneLine(s.Code, MaxSectionCode+1)
		title, fits := oneLine(s.Title, MaxSectionName)
		switch {
		case !ValidSectionCode(code):
			j.add(at[i], "sections", "tasks.err.section_code")
		case seen[code]:
			j.add(at[i], "sections", "tasks.err.section_repeated")
		case !fits:
			j.add(at[i], "sections", "tasks.err.too_long_n", MaxSectionName)
		}
		seen[code] = true
		out = append(out, Section{Code: code, Title: title})
	}
	return out
}

// targets cleans the targets, telling a bad or repeated code at its line.
func (j *jsonReader) targets(in []jsonTarget, at []int) []Target {
	var out []Target
	seen := map[string]bool{}
	for i, t := range in {
		code, _ := oneLine(t.Code, MaxTargetCode+1)
		text, fits := clean(t.Text, MaxTargetText)
		switch {
		case !ValidTargetCode(code) || text == "":
			j.add(at[i], "targets", "tasks.err.target_code")
		case seen[code]:
			j.add(at[i], "targets", "tasks.err.target_repeated")
		case !fits:
			j.add(at[i], "targets", "tasks.err.too_long_n", MaxTargetText)
		}
		seen[code] = true
		out = append(out, Target{Code: code, Text: text})
	}
	return out
}
