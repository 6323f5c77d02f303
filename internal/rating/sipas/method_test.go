package sipas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"xaso/internal/errs"
)

// The shipped method: five elements, 22 criteria, five levels with satisfied from 4, the
// basis Decision 2640/QĐ-BNV, and not marked verified (the criteria were not read against it).
func TestBuiltinMethod(t *testing.T) {
	m := Builtin()
	if len(m.Elements) != 5 || len(m.Criteria()) != 22 || len(m.Scale) != 5 || m.SatisfiedFrom != 4 {
		t.Fatalf("%d elements, %d criteria, %d levels, satisfied from %d", len(m.Elements), len(m.Criteria()), len(m.Scale), m.SatisfiedFrom)
	}
	if m.Verified || !strings.Contains(m.Note, "Chưa đối chiếu văn bản") || !strings.Contains(m.LegalBasis, "2640/QĐ-BNV") ||
		m.EffectiveFrom.String() != "2017-10-10" {
		t.Fatalf("basis %q, verified %v, from %v, note %q", m.LegalBasis, m.Verified, m.EffectiveFrom, m.Note)
	}
	want := []string{"Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức trực tiếp giải quyết công việc", "Kết quả giải quyết thủ tục hành chính",
		"Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị"}
	for i, e := range m.Elements {
		if e.Name != want[i] || e.NameEN == "" {
			t.Errorf("element %d: %q", i+1, e.Name)
		}
		for _, c := range e.Criteria {
			if c.TextEN == "" {
				t.Errorf("criterion %s has no English", c.Code)
			}
		}
	}
	// What is stored reads back the same.
	back, err := ParseMethod(strings.NewReader(m.encode()))
	if err != nil {
		t.Fatal(err)
	}
	back.Builtin = true
	if !reflect.DeepEqual(back, m) {
		t.Fatalf("round trip:\n%+v\n%+v", back, m)
	}
}

// edit is the shipped method's JSON with one change applied.
func edit(t *testing.T, fn func(m map[string]any)) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(builtinJSON, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	b, _ := json.Marshal(m)
	return string(b)
}

func element(m map[string]any, i int) map[string]any {
	return m["elements"].([]any)[i].(map[string]any)
}
func criterion(m map[string]any, i, j int) map[string]any {
	return element(m, i)["criteria"].([]any)[j].(map[string]any)
}

// Every problem of a commune's file names where it is, in Vietnamese.
func TestParseMethodErrors(t *testing.T) {
	for _, c := range []struct {
		name, json, key string
		args            []any
		vi              string
	}{
		{"empty", "", "sipas.err.method.empty", nil, "trống"},
		{"syntax", `{"code": "x",}`, "sipas.err.method.syntax", []any{int64(14)}, "ký tự thứ 14"},
		{"type", `{"code": 5}`, "sipas.err.method.type", []any{"code"}, "«code»"},
		{"unknown field", `{"cod": "x"}`, "sipas.err.method.unknown_field", []any{"cod"}, "«cod»"},
		{"two objects", `{"code":"x"} {}`, "sipas.err.method.trailing", nil, "nội dung thừa"},
		{"not utf-8", "{\"name\": \"\xff\"}", "sipas.err.method.utf8", nil, "UTF-8"},
		{"code", edit(t, func(m map[string]any) { m["code"] = "Có dấu" }), "sipas.err.method.code", nil, "chữ thường"},
		{"version", edit(t, func(m map[string]any) { m["version"] = "" }), "sipas.err.method.version", nil, "Phiên bản"},
		{"name", edit(t, func(m map[string]any) { m["name"] = "  " }), "sipas.err.method.name", nil, "tên phương pháp"},
		{"basis", edit(t, func(m map[string]any) { delete(m, "legal_basis") }), "sipas.err.method.legal_basis", nil, "căn cứ"},
		{"date", edit(t, func(m map[string]any) { m["effective_from"] = "10/10/2017" }), "sipas.err.method.effective_from", nil, "NNNN-TT-NN"},
		{"one level", edit(t, func(m map[string]any) { m["scale"] = m["scale"].([]any)[:1] }), "sipas.err.method.scale_count", nil, "từ 2 đến 10"},
		{"levels not rising", edit(t, func(m map[string]any) {
			m["scale"].([]any)[2].(map[string]any)["value"] = 2
		}), "sipas.err.method.scale_order", []any{3}, "Mức thứ 3"},
		{"level label", edit(t, func(m map[string]any) { m["scale"].([]any)[1].(map[string]any)["label"] = "" }), "sipas.err.method.scale_label", []any{2}, "Mức thứ 2"},
		{"satisfied off scale", edit(t, func(m map[string]any) { m["satisfied_from"] = 7 }), "sipas.err.method.satisfied_from", nil, "satisfied_from"},
		{"satisfied lowest", edit(t, func(m map[string]any) { m["satisfied_from"] = 1 }), "sipas.err.method.satisfied_from", nil, "cao hơn"},
		{"no element", edit(t, func(m map[string]any) { m["elements"] = []any{} }), "sipas.err.method.elements_count", nil, "từ 1 đến 20"},
		{"element code twice", edit(t, func(m map[string]any) { element(m, 3)["code"] = "1" }), "sipas.err.method.element_code", []any{4}, "Yếu tố thứ 4"},
		{"element name", edit(t, func(m map[string]any) { element(m, 1)["name"] = "" }), "sipas.err.method.element_name", []any{2}, "Yếu tố thứ 2"},
		{"no criterion", edit(t, func(m map[string]any) { element(m, 4)["criteria"] = []any{} }), "sipas.err.method.criteria_count", []any{5}, "Yếu tố thứ 5"},
		{"criterion code twice", edit(t, func(m map[string]any) { criterion(m, 2, 1)["code"] = "1.1" }), "sipas.err.method.criterion_code", []any{3, 2}, "Yếu tố thứ 3, tiêu chí thứ 2"},
		{"criterion text", edit(t, func(m map[string]any) { criterion(m, 0, 3)["text"] = strings.Repeat("x", 501) }), "sipas.err.method.criterion_text", []any{1, 4}, "tiêu chí thứ 4"},
	} {
		_, err := ParseMethod(strings.NewReader(c.json))
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.Invalid || e.Key != c.key || !reflect.DeepEqual(e.Args, c.args) {
			t.Errorf("%s: %v, want %s %v", c.name, err, c.key, c.args)
			continue
		}
		if msg := fmt.Sprintf(Messages[e.Key][0], e.Args...); !strings.Contains(msg, c.vi) {
			t.Errorf("%s: message %q does not say %q", c.name, msg, c.vi)
		}
	}
	big := bytes.Repeat([]byte(" "), MaxMethodBytes+1)
	if _, err := ParseMethod(bytes.NewReader(big)); err == nil || err.(*errs.Error).Key != "sipas.err.method.too_large" {
		t.Fatalf("a file too large: %v", err)
	}
	// Decomposed Vietnamese is stored composed (NFC), as the PDF needs.
	nfd := edit(t, func(m map[string]any) { m["name"] = "Phu\u031Bo\u031Bng pha\u0301p" })
	m, err := ParseMethod(strings.NewReader(nfd))
	if err != nil || m.Name != "Phương pháp" {
		t.Fatalf("NFC: %q %v", m.Name, err)
	}
}
