package onestop

import (
	"net/url"
	"reflect"
	"testing"
)

// TestProcedureFormRoundTrip: every shipped procedure written as the edit form and read back
// unchanged is the same procedure (nothing is lost by opening and saving the form).
func TestProcedureFormRoundTrip(t *testing.T) {
	ps, err := ShippedProcedures()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		back, rowOf, fe := procedureFromForm(p, procedureForm(p))
		if len(fe) > 0 {
			t.Errorf("%s: %v", p.Code, fe)
			continue
		}
		if fe := back.normalize(); len(fe) > 0 {
			t.Errorf("%s: %v", p.Code, fe)
		}
		if len(back.Channels) == 0 {
			back.Channels = p.Channels
		}
		if !reflect.DeepEqual(back, p) {
			t.Errorf("%s changed:\n%+v\n%+v", p.Code, p, back)
		}
		if len(rowOf) != len(p.Documents) {
			t.Errorf("%s: rows %v", p.Code, rowOf)
		}
	}
}

// TestProcedureFormLines: a line can be removed, a blank line adds a document with an id made
// from its name (never an id used before), blank lines are ignored, and the Service's errors
// come back on the form's line.
func TestProcedureFormLines(t *testing.T) {
	p := Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Field: "Hộ tịch", Version: 3, Active: true,
		Documents: []Document{{ID: "to-khai", Name: "Tờ khai", Kind: KindOriginal, Quantity: 1, Required: true},
			{ID: "giay-chung-sinh", Name: "Giấy chứng sinh", Kind: KindOriginal, Quantity: 1, Required: true},
			{ID: "uy-quyen", Name: "Văn bản ủy quyền", Kind: KindOriginal, Quantity: 1}}}
	f := procedureForm(p)
	f.Set(docField(0, "remove"), "1")
	f.Set(docField(1, "kind"), KindCertifiedCopy)
	f.Set(docField(1, "quantity"), "2")
	f.Set(docField(4, "name"), "Tờ khai") // a new line named like the removed one
	f.Set(docField(4, "kind"), KindCopy)
	f.Set(docField(5, "name"), "  ")
	got, rowOf, fe := procedureFromForm(p, f)
	if len(fe) > 0 {
		t.Fatal(fe)
	}
	ids := []string{}
	for _, d := range got.Documents {
		ids = append(ids, d.ID)
	}
	if !reflect.DeepEqual(ids, []string{"giay-chung-sinh", "uy-quyen", "to-khai-2"}) || !reflect.DeepEqual(rowOf, []int{1, 2, 4}) {
		t.Fatalf("ids %v rows %v", ids, rowOf)
	}
	if d := got.Documents[0]; d.Kind != KindCertifiedCopy || d.Quantity != 2 || !d.Required {
		t.Errorf("edited line: %+v", d)
	}
	if got.Version != 3 {
		t.Errorf("version %d", got.Version)
	}
	moved := formFieldErrors(map[string]string{"documents.2.name": "x", "name": "y"}, rowOf)
	if moved[docField(4, "name")] != "x" || moved["name"] != "y" {
		t.Errorf("errors %v", moved)
	}
	for _, c := range []struct {
		unit, value, field string
	}{{unitDays, "abc", "processing"}, {unitDays, "0", "processing"}, {unitHours, "-1", "processing"}, {"weeks", "2", "processing"}} {
		f := procedureForm(p)
		f.Set("processing_unit", c.unit)
		f.Set("processing", c.value)
		if _, _, fe := procedureFromForm(p, f); fe[c.field] == "" {
			t.Errorf("%s %s: no error on %s", c.unit, c.value, c.field)
		}
	}
	f = url.Values{"processing_unit": {unitHours}, "processing": {"0,5"}, "fee_amount": {"1.000"}, "rows": {"0"}}
	if got, _, fe := procedureFromForm(p, f); len(fe) > 0 || got.Processing.Minutes != 30 || got.FeeAmount != 1000 {
		t.Errorf("half an hour, 1.000 đồng: %+v %v", got, fe)
	}
}
