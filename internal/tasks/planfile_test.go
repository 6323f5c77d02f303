package tasks

import (
	"fmt"
	"strings"
	"testing"

	"xaso/internal/calendar"
)

// fileErrs parses a file and returns its mistakes as "line:key" strings.
func fileErrs(t *testing.T, name, text string, meta PlanInput) (PlanInput, []string) {
	t.Helper()
	in, err := ParsePlanFile(name, strings.NewReader(text), meta)
	if err == nil {
		return in, nil
	}
	fe, ok := FileErrorsOf(err)
	if !ok {
		t.Fatalf("%s: not file errors: %v", name, err)
	}
	var out []string
	for _, e := range fe {
		if _, ok := Messages[e.Key]; !ok {
			t.Errorf("unknown key %s", e.Key)
		}
		out = append(out, fmt.Sprintf("%d:%s", e.Line, strings.TrimPrefix(e.Key, "tasks.err.")))
	}
	return in, out
}

func hasAll(t *testing.T, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		found := false
		for _, g := range got {
			if g == w {
				found = true
			}
		}
		if !found {
			t.Errorf("missing %q in %v", w, got)
		}
	}
}

// The embedded demo plan is a good file: its sections, targets and 37 tasks, each with the
// five clears, and the period of the plan's text.
func TestDemoPlanParses(t *testing.T) {
	in, err := DemoPlan()
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Tasks) != 37 || len(in.Sections) != 19 || len(in.Targets) != 8 || len(in.Basis) != 8 {
		t.Fatalf("%d tasks, %d sections, %d targets, %d basis", len(in.Tasks), len(in.Sections), len(in.Targets), len(in.Basis))
	}
	if in.From != calendar.NewDate(2025, 8, 1) || in.To != calendar.NewDate(2025, 12, 31) || in.SignerName != "Nguyễn Thị Thu Hoài" {
		t.Fatalf("%+v", in)
	}
	p := planOf(in)
	for i, task := range in.Tasks {
		if task.Line == 0 {
			t.Errorf("task %d has no line", i+1)
		}
		if _, fe := resolveTask(task, p, nil, calendar.Default()); len(fe) > 0 {
			t.Errorf("task %d (line %d): %v", i+1, task.Line, fe)
		}
	}
}

const goodJSON = `{
  "format": "xaso.plan/1",
  "title": "Kế hoạch cải cách hành chính năm 2026",
  "number": "12/KH-UBND",
  "issued_on": "05/01/2026",
  "basis": ["Kế hoạch số 06/KH-UBND của UBND tỉnh"],
  "period": {"from": "2026-01-01", "to": "2026-12-31"},
  "report_on": "2026-12-15",
  "units": ["Văn phòng - Thống kê", "Trung tâm Phục vụ hành chính công"],
  "signer": {"title": "Chủ tịch", "name": "Hoàng Văn Thắng"},
  "sections": [{"code": "II.1", "title": "Cải cách thủ tục hành chính"}, {"code": "II.2", "title": "Số hóa"}],
  "targets": [{"code": "CT1", "text": "Không có hồ sơ trễ hạn"}],
  "tasks": [
    {"section": "II.1", "task": "Niêm yết thủ tục", "owner": "Trung tâm Phục vụ hành chính công",
     "cooperating": ["Văn phòng - Thống kê"], "deadline": "31/03/2026", "result": "Thủ tục được niêm yết", "target": "CT1"},
    {"section": "II.2", "task": "Số hóa hồ sơ", "owner": "Hà Thị Mai", "lead": "Bộ phận Một cửa",
     "deadline": "20 ngày làm việc", "result": "Hồ sơ được số hóa"}
  ]
}`

// A good JSON file gives the plan with its tasks, each with the line it starts on.
func TestParseGoodJSON(t *testing.T) {
	in, errs := fileErrs(t, "ke-hoach.json", goodJSON, PlanInput{})
	if errs != nil {
		t.Fatal(errs)
	}
	if in.Title != "Kế hoạch cải cách hành chính năm 2026" || in.Number != "12/KH-UBND" || in.IssuedOn != calendar.NewDate(2026, 1, 5) ||
		in.ReportOn != calendar.NewDate(2026, 12, 15) || len(in.Units) != 2 || in.Source != SourceJSON {
		t.Fatalf("%+v", in)
	}
	if len(in.Tasks) != 2 || in.Tasks[0].Line != 14 || in.Tasks[1].Line != 16 {
		t.Fatalf("tasks %+v", in.Tasks)
	}
	a, b := in.Tasks[0], in.Tasks[1]
	if a.OwnerText != "Trung tâm Phục vụ hành chính công" || a.DueOn != calendar.NewDate(2026, 3, 31) || a.Target != "CT1" || len(a.Cooperating) != 1 {
		t.Fatalf("%+v", a)
	}
	if b.DueWorkingDays != 20 || b.DueOn.Valid() || b.Lead != "Bộ phận Một cửa" {
		t.Fatalf("%+v", b)
	}
}

// Every mistake of a JSON file is told at its line.
func TestParseJSONErrors(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"syntax", "{\n  \"format\": \"xaso.plan/1\",\n  \"title\": \"x\"\n  \"period\": {}\n}", []string{"4:json_syntax"}},
		{"unknown top key", "{\n  \"format\": \"xaso.plan/1\",\n  \"owner\": \"x\"\n}", []string{"3:json_unknown"}},
		{"repeated key", "{\n  \"title\": \"a\",\n  \"title\": \"b\"\n}", []string{"3:json_repeated"}},
		{"wrong type", "{\n  \"format\": \"xaso.plan/1\",\n  \"basis\": \"một văn bản\"\n}", []string{"3:json_type"}},
		{"unknown task key", strings.Replace(goodJSON, `"task": "Số hóa hồ sơ"`, `"task": "Số hóa hồ sơ", "priority": 1`, 1), []string{"16:json_unknown"}},
		{"task wrong type", strings.Replace(goodJSON, `"cooperating": ["Văn phòng - Thống kê"]`, `"cooperating": "Văn phòng"`, 1), []string{"15:json_type"}},
		{"trailing", goodJSON + "\n{}", []string{"20:json_trailing"}},
		{"not an object", "[1, 2]", []string{"1:json_object"}},
		{"format", strings.Replace(goodJSON, `"format": "xaso.plan/1",`, `"format": "xaso.plan/2",`, 1), []string{"2:json_format"}},
		{"bad dates", strings.Replace(goodJSON, `"issued_on": "05/01/2026"`, `"issued_on": "32/01/2026"`, 1), []string{"5:date_invalid"}},
		{"period order", strings.Replace(goodJSON, `"to": "2026-12-31"`, `"to": "2025-12-31"`, 1), []string{"7:period_order"}},
		{"no title", strings.Replace(goodJSON, `"title": "Kế hoạch cải cách hành chính năm 2026",`, `"title": "",`, 1), []string{"3:title_required"}},
		{"section code", strings.Replace(goodJSON, `{"code": "II.2", "title": "Số hóa"}`, `{"code": "II.2 ", "title": "Số hóa"}, {"code": "mục 3", "title": ""}`, 1), []string{"11:section_code"}},
		{"section repeated", strings.Replace(goodJSON, `{"code": "II.2", "title": "Số hóa"}`, `{"code": "II.1", "title": "Số hóa"}`, 1), []string{"11:section_repeated"}},
		{"target repeated", strings.Replace(goodJSON, `[{"code": "CT1", "text": "Không có hồ sơ trễ hạn"}]`, `[{"code": "CT1", "text": "a"}, {"code": "CT1", "text": "b"}]`, 1), []string{"12:target_repeated"}},
		{"bad deadline", strings.Replace(goodJSON, `"deadline": "31/03/2026"`, `"deadline": "cuối quý"`, 1), []string{"14:due_invalid"}},
		{"no sections", "{\n  \"format\": \"xaso.plan/1\",\n  \"title\": \"a\",\n  \"period\": {\"from\": \"2026-01-01\", \"to\": \"2026-02-01\"},\n  \"sections\": []\n}", []string{"5:sections_required"}},
		{"too long", strings.Replace(goodJSON, `"task": "Niêm yết thủ tục"`, `"task": "`+strings.Repeat("ạ", MaxBody+1)+`"`, 1), []string{"14:too_long_n"}},
		{"cut short", goodJSON[:200], []string{"6:json_syntax"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, got := fileErrs(t, "ke-hoach.json", c.text, PlanInput{})
			if len(got) == 0 {
				t.Fatalf("no mistake found")
			}
			hasAll(t, got, c.want...)
		})
	}
}

var csvMeta = PlanInput{Title: "Kế hoạch năm 2026", From: calendar.NewDate(2026, 1, 1), To: calendar.NewDate(2026, 12, 31)}

const goodCSV = "\ufeffMục;Tên mục;Nhiệm vụ;Người/đơn vị thực hiện;Chủ trì;Phối hợp;Thời hạn;Kết quả dự kiến;Chỉ tiêu\n" +
	"II.1;Cải cách thủ tục;Niêm yết thủ tục;Trung tâm Phục vụ hành chính công;;\"Văn phòng; Tư pháp\";31/03/2026;Thủ tục được niêm yết;Không có hồ sơ trễ hạn\n" +
	"\n" +
	"II.1;;\"Hướng dẫn người dân\nnộp trực tuyến\";Hà Thị Mai;Bộ phận Một cửa;;6/2026;Người dân nộp được trực tuyến;Không có hồ sơ trễ hạn\n" +
	"II.2;Số hóa;Số hóa hồ sơ;Hà Thị Mai;;;15 ngày làm việc;Hồ sơ được số hóa;\n"

// A good CSV file (Excel's: a BOM, semicolons, a blank line, a cell over two lines) gives the
// tasks with their lines, the sections in order of appearance and one target per distinct
// text; the plan's own fields are the form's.
func TestParseGoodCSV(t *testing.T) {
	in, errs := fileErrs(t, "nhiem-vu.csv", goodCSV, csvMeta)
	if errs != nil {
		t.Fatal(errs)
	}
	if in.Title != csvMeta.Title || in.Source != SourceCSV || len(in.Tasks) != 3 {
		t.Fatalf("%+v", in)
	}
	if len(in.Sections) != 2 || in.Sections[0] != (Section{"II.1", "Cải cách thủ tục"}) || in.Sections[1] != (Section{"II.2", "Số hóa"}) {
		t.Fatalf("sections %+v", in.Sections)
	}
	if len(in.Targets) != 1 || in.Targets[0].Code != "CT1" || in.Tasks[0].Target != "CT1" || in.Tasks[1].Target != "CT1" || in.Tasks[2].Target != "" {
		t.Fatalf("targets %+v %+v", in.Targets, in.Tasks)
	}
	lines := []int{in.Tasks[0].Line, in.Tasks[1].Line, in.Tasks[2].Line}
	if lines[0] != 2 || lines[1] != 4 || lines[2] != 6 {
		t.Fatalf("lines %v", lines)
	}
	if got := in.Tasks[0].Cooperating; len(got) != 2 || got[1] != "Tư pháp" {
		t.Fatalf("cooperating %q", got)
	}
	if in.Tasks[1].Body != "Hướng dẫn người dân\nnộp trực tuyến" || in.Tasks[1].DueOn != calendar.NewDate(2026, 6, 30) {
		t.Fatalf("%+v", in.Tasks[1])
	}
	if in.Tasks[2].DueWorkingDays != 15 {
		t.Fatalf("%+v", in.Tasks[2])
	}
}

// Every mistake of a CSV file is told at its line; nothing is returned to write.
func TestParseCSVErrors(t *testing.T) {
	head := "Mục,Nhiệm vụ,Người thực hiện,Thời hạn,Kết quả dự kiến\n"
	cases := []struct {
		name, text string
		want       []string
	}{
		{"empty", "  \n", []string{"0:file_empty"}},
		{"header only", head, []string{"1:csv_no_rows"}},
		{"missing column", "Mục,Nhiệm vụ,Thời hạn,Kết quả dự kiến\nII.1,a,31/12/2026,b\n", []string{"1:csv_column_missing"}},
		{"unknown column", "Mục,Nhiệm vụ,Người thực hiện,Thời hạn,Kết quả dự kiến,Ưu tiên\n", []string{"1:csv_column_unknown"}},
		{"repeated column", "Mục,Nhiệm vụ,Người thực hiện,Đơn vị thực hiện,Thời hạn,Kết quả dự kiến\n", []string{"1:csv_column_repeated"}},
		{"unclosed quote", head + "II.1,a,b,31/12/2026,c\nII.1,\"a,b,31/12/2026,c\n", []string{"3:csv_malformed"}},
		{"extra cells", head + "II.1,a,b,31/12/2026,c\nII.1,a,b,31/12/2026,c,d\n", []string{"3:csv_extra_cells"}},
		{"bad deadline", head + "II.1,a,b,31/12/2026,c\nII.1,a,b,32/12/2026,c\nII.1,a,b,0 ngày làm việc,c\n", []string{"3:due_invalid", "4:due_days"}},
		{"bad section", head + "Mục II,a,b,31/12/2026,c\n", []string{"2:section_code"}},
		{"section title differs", "Mục,Tên mục,Nhiệm vụ,Người thực hiện,Thời hạn,Kết quả dự kiến\nII.1,A,a,b,31/12/2026,c\nII.1,B,a,b,31/12/2026,c\n", []string{"3:section_title_differs"}},
		{"too long", head + "II.1," + strings.Repeat("a", MaxBody+1) + ",b,31/12/2026,c\n", []string{"2:too_long_n"}},
		{"not utf8", head + "II.1,Nhi\xeam v\xf9,b,31/12/2026,c\n", []string{"2:file_not_utf8"}},
		{"bad role", "Mục,Nhiệm vụ,Người thực hiện,Vai trò,Thời hạn,Kết quả dự kiến\nII.1,a,b,trưởng thôn,31/12/2026,c\n", []string{"2:role_unknown"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, got := fileErrs(t, "nhiem-vu.csv", c.text, csvMeta)
			if len(got) == 0 {
				t.Fatalf("no mistake found: %+v", in)
			}
			hasAll(t, got, c.want...)
		})
	}
}

// A file over the cap is refused whole, as too large; more than MaxTasks rows is a mistake.
func TestParseCaps(t *testing.T) {
	big := strings.Repeat("x", MaxFileBytes+1)
	if _, err := ParsePlanFile("a.csv", strings.NewReader(big), csvMeta); err == nil || !strings.Contains(err.Error(), "plan_file_large") {
		t.Fatalf("large: %v", err)
	}
	var b strings.Builder
	b.WriteString("Mục,Nhiệm vụ,Người thực hiện,Thời hạn,Kết quả dự kiến\n")
	for i := 0; i <= MaxTasks; i++ {
		b.WriteString("II.1,a,b,31/12/2026,c\n")
	}
	_, got := fileErrs(t, "a.csv", b.String(), csvMeta)
	hasAll(t, got, fmt.Sprintf("%d:file_too_many", MaxTasks+2))
}

// Deadlines are written as days, months or working days.
func TestDeadline(t *testing.T) {
	for s, want := range map[string]calendar.Date{"31/12/2025": calendar.NewDate(2025, 12, 31), "2025-12-31": calendar.NewDate(2025, 12, 31),
		"12/2025": calendar.NewDate(2025, 12, 31), "tháng 2/2024": calendar.NewDate(2024, 2, 29), "Tháng 02/2026": calendar.NewDate(2026, 2, 28)} {
		if d, n, key := deadline(s); key != "" || n != 0 || d != want {
			t.Errorf("%q: %v %d %q", s, d, n, key)
		}
	}
	if _, n, key := deadline("10 ngày làm việc"); key != "" || n != 10 {
		t.Errorf("working days: %d %q", n, key)
	}
	for _, s := range []string{"0 ngày làm việc", "1001 ngày làm việc", "cuối năm", "13/2025", "31/02/2025"} {
		if _, _, key := deadline(s); key == "" {
			t.Errorf("%q accepted", s)
		}
	}
}

// The export's header loads back: its extra columns are read past.
func TestExportHeaderLoadsBack(t *testing.T) {
	head := make([]string, len(exportHeader))
	for i, k := range exportHeader {
		head[i] = vi(k)
	}
	row := []string{"1", "II.1", "A", "'=a", "b", "desk", "c", "d; e", "31/12/2026", "r", "t", "Chưa thực hiện", "0", "Trong hạn", ""}
	in, errs := fileErrs(t, "ke-hoach-nhiem-vu.csv", strings.Join(head, ",")+"\n"+strings.Join(row, ",")+"\n", csvMeta)
	if errs != nil {
		t.Fatal(errs)
	}
	if len(in.Tasks) != 1 || in.Tasks[0].OwnerRole != "desk" || len(in.Tasks[0].Cooperating) != 2 || in.Targets[0].Text != "t" || in.Tasks[0].Body != "=a" {
		t.Fatalf("%+v", in)
	}
}

// Unit names give the office that owes their tasks, by whole words.
func TestOwnerRoleOf(t *testing.T) {
	for unit, want := range map[string]string{"Ban Thanh tra nhân dân": "inspection", "Ban Giám sát đầu tư của cộng đồng": "investmentwatch",
		"Ủy ban MTTQ Việt Nam xã": "front", "Các xóm thuộc xã": "hamlethead", "Trung tâm Phục vụ hành chính công": "desk",
		"Phòng Văn hóa - Xã hội": "specialist", "Văn phòng - Thống kê": "admin", "Công an xã": "leader", "UBND xã": "leader"} {
		if got := OwnerRoleOf(unit); got != want {
			t.Errorf("%s: %s, want %s", unit, got, want)
		}
	}
}
