package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// Issue 16 item 12: a bad API body is answered in the catalogue's words, saying where and what,
// never with Go's ("cannot unmarshal … Go struct field …").
func TestJSONBodyErrorsSpeakPlainly(t *testing.T) {
	cat, err := web.NewCatalog(web.Messages)
	if err != nil {
		t.Fatal(err)
	}
	type item struct {
		Name string `json:"name"`
	}
	type body struct {
		Channel   int    `json:"channel"`
		Name      string `json:"name"`
		Urgent    bool   `json:"urgent"`
		Documents []item `json:"documents"`
		Applicant item   `json:"applicant"`
	}
	for _, tc := range []struct{ in, vi, en string }{
		{`{"channel":"quầy"}`, `Trường "channel" phải là một số.`, `Field "channel" must be a number.`},
		{`{"name":12}`, `Trường "name" phải là chuỗi ký tự`, `must be a string`},
		{`{"urgent":"có"}`, `phải là true hoặc false`, `must be true or false`},
		{`{"documents":{}}`, `Trường "documents" phải là một danh sách`, `must be a list`},
		{`{"documents":[{"name":1}]}`, `Trường "documents.name" phải là chuỗi ký tự`, `Field "documents.name" must be a string.`},
		{`{"applicant":[]}`, `Trường "applicant" phải là một đối tượng`, `must be an object`},
		{`{"nam":"x"}`, `Trường "nam" không thuộc yêu cầu này.`, `Field "nam" is not part of this request.`},
		{`{"name":"x",}`, `sai cú pháp ở ký tự thứ 13`, `syntax error at byte 13`},
		{`{"name":"x"`, `bị cắt ngang`, `ends too early`},
		{``, `không có dữ liệu JSON`, `has no JSON body`},
		{`[1,2]`, `phải là một đối tượng JSON`, `must be a JSON object`},
		{`{"name":"x"} {"name":"y"}`, `dữ liệu thừa`, `data after the JSON object`},
	} {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/x", strings.NewReader(tc.in))
		var b body
		err := web.DecodeJSON(r, &b)
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.Invalid {
			t.Errorf("%s: %v, want an Invalid error", tc.in, err)
			continue
		}
		vi, en := cat.T("vi", e.Key, e.Args...), cat.T("en", e.Key, e.Args...)
		if !strings.Contains(vi, tc.vi) || !strings.Contains(en, tc.en) {
			t.Errorf("%s:\n vi %q, want %q\n en %q, want %q", tc.in, vi, tc.vi, en, tc.en)
		}
		for _, leak := range []string{"Go struct", "unmarshal", "web_test", "json:"} {
			if strings.Contains(vi+en, leak) {
				t.Errorf("%s: message leaks %q: %s / %s", tc.in, leak, vi, en)
			}
		}
	}
	// A type's own UnmarshalJSON error is passed on unchanged.
	own := errs.E("x", errs.Invalid, "error.json_invalid")
	if got := web.JSONBodyError("op", own); got != error(own) {
		t.Fatalf("own error replaced: %v", got)
	}
}
