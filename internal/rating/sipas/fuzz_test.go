package sipas

import (
	"bytes"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"xaso/internal/errs"
)

// A commune's method file, whatever it holds: either an Invalid error whose key is in the
// catalogue with arguments its message takes, or a method within the limits that stores and
// reads back the same.
func FuzzParseMethod(f *testing.F) {
	f.Add(builtinJSON)
	f.Add([]byte(`{"code":"a","version":"1","name":"n","legal_basis":"b","effective_from":"2020-01-01","scale":[{"value":1,"label":"x"},{"value":2,"label":"y"}],"satisfied_from":2,"elements":[{"code":"1","name":"e","criteria":[{"code":"1.1","text":"t"}]}]}`))
	f.Add([]byte(`{"code":`))
	f.Add([]byte(`[]`))
	f.Add([]byte("{\"name\":\"\x00\"}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseMethod(bytes.NewReader(b))
		if err != nil {
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.Invalid {
				t.Fatalf("not an Invalid error: %v", err)
			}
			msg, ok := Messages[e.Key]
			if !ok {
				t.Fatalf("unknown key %s", e.Key)
			}
			if s := fmt.Sprintf(msg[0], e.Args...); strings.Contains(s, "%!") {
				t.Fatalf("%s: arguments %v do not fit: %s", e.Key, e.Args, s)
			}
			return
		}
		if len(m.Elements) == 0 || len(m.Criteria()) > maxCriteria || len(m.Scale) < 2 || !m.HasValue(m.SatisfiedFrom) {
			t.Fatalf("outside the limits: %+v", m)
		}
		for _, c := range m.Criteria() {
			if !utf8.ValidString(c.Text) || c.Text == "" || strings.ContainsRune(c.Text, 0) {
				t.Fatalf("criterion %q", c.Text)
			}
		}
		back, err := ParseMethod(strings.NewReader(m.encode()))
		if err != nil || !reflect.DeepEqual(back, m) {
			t.Fatalf("does not read back: %v\n%+v\n%+v", err, m, back)
		}
	})
}

// A questionnaire form, whatever is posted: field errors with known keys, or answers that are
// levels of the scale, for criteria of the method only, at least one.
func FuzzParseAnswers(f *testing.F) {
	m := Builtin()
	f.Add("1.1", "5", "2.3", "4", "Cảm ơn")
	f.Add("1.1", "9", "x", "", "")
	f.Add("", "", "", "", strings.Repeat("ý", 2001))
	f.Fuzz(func(t *testing.T, c1, v1, c2, v2, comment string) {
		form := url.Values{FieldName(c1): {v1}, FieldName(c2): {v2}, "comment": {comment}}
		a, fe := ParseAnswers(form, m)
		for _, k := range fe {
			if _, ok := Messages[k]; !ok {
				t.Fatalf("unknown key %s", k)
			}
		}
		if len(fe) > 0 {
			return
		}
		if len(a.Values) == 0 {
			t.Fatal("no answer accepted")
		}
		for code, v := range a.Values {
			if !m.HasValue(v) || (code != c1 && code != c2) {
				t.Fatalf("answer %s=%d", code, v)
			}
		}
		if !utf8.ValidString(a.Comment) || utf8.RuneCountInString(a.Comment) > MaxComment {
			t.Fatalf("comment %q", a.Comment)
		}
	})
}

// A target as typed: refused, or between 0 and 100 % and written back the same.
func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"85", "85,5", "85.50", "100", "100,01", "-1", " 9 %", "1e2", "０"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, ok := ParsePercent(s)
		if !ok {
			return
		}
		if h < 0 || h > 10000 {
			t.Fatalf("%q: %d", s, h)
		}
		if back, ok := ParsePercent(HundredthsText("vi", h)); !ok || back != h {
			t.Fatalf("%q: %d reads back as %d", s, h, back)
		}
	})
}

// A token in a path: checked for its shape before any query.
func FuzzValidToken(f *testing.F) {
	f.Add("abcdefghijklmnopqrstuvwxyz234567")
	f.Add("khong-co")
	f.Fuzz(func(t *testing.T, s string) {
		if ValidToken(s) && (len(s) != 32 || strings.ContainsAny(s, "01890/?#%")) {
			t.Fatalf("%q accepted", s)
		}
	})
}
