package open311

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzCreate posts arbitrary form bodies: the handler must never panic,
// must answer with one of the statuses the protocol defines, and every body
// must decode — a 200 as a created list, anything else as an error list.
func FuzzCreate(f *testing.F) {
	f.Add(validForm().Encode())
	f.Add("api_key=good-key&service_code=MT01&address_id=1")
	f.Add("api_key=good-key&service_code=MT01&lat=1e400&long=-0")
	f.Add("api_key=good-key&service_code=GT02&address_string=%E1%BB%85&attribute[A][]=1&attribute[A][]=2")
	f.Add("api_key=good-key&service_code=MT01&address_id=1&media_url=http://%zz")
	f.Add("%%%&&==;")
	f.Add("")
	f.Fuzz(func(t *testing.T, body string) {
		b := newFake()
		rec := serve(t, b, http.MethodPost, "/open311/v2/requests.json", strings.NewReader(body))
		switch rec.Code {
		case 200:
			var created []struct {
				ID    string `json:"service_request_id"`
				Token string `json:"token"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil || len(created) == 0 {
				t.Fatalf("200 body %q: %v", rec.Body, err)
			}
			if created[0].ID == "" && created[0].Token == "" {
				t.Fatalf("200 without id or token: %s", rec.Body)
			}
		case 400, 403, 413:
			var errs []struct {
				Code        int    `json:"code"`
				Description string `json:"description"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &errs); err != nil || len(errs) == 0 || errs[0].Code != rec.Code {
				t.Fatalf("%d body %q: %v", rec.Code, rec.Body, err)
			}
		default:
			t.Fatalf("unexpected status %d: %s", rec.Code, rec.Body)
		}
	})
}

// FuzzRequestsQuery sends arbitrary query strings to GET requests: no panic,
// only 200 or 400, and the filter passed on always honours the 90-day rule.
func FuzzRequestsQuery(f *testing.F) {
	f.Add("")
	f.Add("start_date=2025-01-01T00:00:00+07:00&end_date=2025-02-01T00:00:00Z&status=open")
	f.Add("service_request_id=1,2,,3&service_code=MT01")
	f.Add("end_date=0001-01-01T00:00:00Z")
	f.Add("start_date=9999-12-31T23:59:59-23:59&status=open,closed,")
	f.Add("a=%zz&;;&&")
	f.Fuzz(func(t *testing.T, query string) {
		b := newFake()
		req := httptest.NewRequest(http.MethodGet, "/open311/v2/requests.xml", nil)
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		Handler(b, nil).ServeHTTP(rec, req)
		switch rec.Code {
		case 200:
			flt := b.lastFilter
			if len(flt.IDs) == 0 && (flt.End.Before(flt.Start) || flt.End.Sub(flt.Start) > maxWindow) {
				t.Fatalf("filter out of bounds: %+v", flt)
			}
		case 400:
		default:
			t.Fatalf("unexpected status %d for %q", rec.Code, query)
		}
	})
}
