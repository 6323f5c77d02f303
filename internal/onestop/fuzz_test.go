package onestop

import (
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzIntakeRequest feeds arbitrary bodies to the intake's decoding and validation: nothing
// panics, and whatever passes is clean (valid NFC text within its limits, a known channel, a
// phone of national digits, documents only from the procedure's list).
func FuzzIntakeRequest(f *testing.F) {
	for _, s := range []string{
		`{"procedure_code":"1.001193","applicant":{"name":"Nguyễn Văn An","id_number":"019090001234","phone":"0912 345 678","address":"Xóm Trung Tâm"},"documents":["to-khai","Giấy chứng sinh","giay-to-tuy-than"],"channel":1}`,
		`{"procedure_code":"1.001193","applicant":{"name":"A"},"documents":["to-khai"],"if_incomplete":"supplement","fee":{"amount":-1}}`,
		`{"procedure_code":"x","applicant":{"name":"","phone":"+84 (0) 912-345-678","email":"a@b"},"channel":9}`,
		`{"procedure_code":"1.001193","unknown":1}`,
		`{"documents":[` + strings.Repeat(`"a",`, 200) + `"a"]}`,
		"{\"applicant\":{\"name\":\"Nguye\u0302\u0303n\"}}",
		`[]`, ``, `{"fee":{"paid_online":true}}`, `{"channel":"online"}`, `{"channel":"Post"}`, `{"channel":"fax"}`, `{"channel":2.5}`,
	} {
		f.Add(s)
	}
	ps, err := ShippedProcedures()
	if err != nil {
		f.Fatal(err)
	}
	var birth Procedure
	for _, p := range ps {
		if p.Code == CodeBirth {
			birth = p
		}
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/v1/dossiers", strings.NewReader(body))
		var req IntakeRequest
		if err := decodeBody(r, &req, false); err != nil {
			return
		}
		if fe := req.Validate(); len(fe) > 0 {
			return
		}
		a := req.Applicant
		for _, s := range []string{a.Name, a.Address} {
			if !utf8.ValidString(s) || !norm.NFC.IsNormalString(s) || s != strings.TrimSpace(s) {
				t.Fatalf("unclean text %q", s)
			}
		}
		if a.Name == "" || runeLen(a.Name) > maxPersonName || runeLen(a.Address) > maxAddress {
			t.Fatalf("applicant out of bounds: %+v", a)
		}
		if ChannelName(req.Channel) == "" {
			t.Fatalf("channel %d passed", req.Channel)
		}
		if a.Phone != "" && (digitsOnly(a.Phone) != a.Phone || a.Phone[0] != '0' || len(a.Phone) > 11) {
			t.Fatalf("phone %q passed", a.Phone)
		}
		if req.IfIncomplete != IncompleteRefuse && req.IfIncomplete != IncompleteSupplement {
			t.Fatalf("if_incomplete %q passed", req.IfIncomplete)
		}
		if req.Fee != nil && req.Fee.Amount != nil && (*req.Fee.Amount < 0 || *req.Fee.Amount > maxFee) {
			t.Fatalf("fee %d passed", *req.Fee.Amount)
		}
		have, missing, fe := req.checkAgainst(birth)
		list := birth.DocumentIDs()
		for _, h := range have {
			if !contains(list, h) {
				t.Fatalf("document %q off the list accepted", h)
			}
		}
		for _, m := range missing {
			if contains(have, m.ID) || !m.Required {
				t.Fatalf("missing %q is wrong", m.ID)
			}
		}
		if len(fe) == 0 && len(have)+len(missing) < 1 {
			t.Fatal("nothing handed in and nothing missing")
		}
	})
}
