package open311

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeBackend is an in-memory Backend that records what the handler passed.
type fakeBackend struct {
	mu         sync.Mutex
	services   []Service
	defs       map[string]Definition
	requests   map[string]Request
	tokens     map[string][]Created
	listResult []Request // returned by Requests when non-nil
	createErr  error
	failAll    error // returned by every method when non-nil

	lastFilter Filter
	lastKey    string
	lastNew    NewRequest
}

var hcmc = time.FixedZone("ICT", 7*3600)

func ptr(f float64) *float64 { return &f }

func newFake() *fakeBackend {
	return &fakeBackend{
		services: []Service{
			{Code: "MT01", Name: "Rác thải sinh hoạt", Description: "Rác để không đúng nơi quy định",
				Metadata: true, Type: "realtime", Keywords: []string{"rác", "vệ sinh"}, Group: "Môi trường"},
			{Code: "GT02", Name: "Đường hư hỏng", Metadata: false, Type: "batch"},
		},
		defs: map[string]Definition{
			"MT01": {ServiceCode: "MT01", Attributes: []Attribute{{
				Variable: true, Code: "LOAI", Datatype: "singlevaluelist", Required: true,
				Description: "Loại rác?", Order: 1,
				Values: []AttributeValue{{Key: "1", Name: "Rác hữu cơ"}, {Key: "2", Name: "Rác nhựa"}},
			}, {
				Variable: false, Code: "NOTE", Datatype: "text", Description: "Xin cảm ơn", Order: 2,
			}}},
		},
		requests: map[string]Request{
			"PA-1": {
				ID: "PA-1", Status: "open", StatusNotes: "Đang xử lý", ServiceName: "Rác thải sinh hoạt",
				ServiceCode: "MT01", Description: "Rác ở đầu ngõ 5, thôn Đông", AgencyResponsible: "UBND xã",
				Address: "Ngõ 5, thôn Đông", Zipcode: "100000",
				Requested: time.Date(2025, 3, 1, 8, 15, 30, 0, hcmc),
				Updated:   time.Date(2025, 3, 2, 9, 0, 0, 0, hcmc),
				Lat:       ptr(21.0285), Long: ptr(105.8542),
				MediaURL: "https://xa.example.vn/media/1.jpg",
			},
		},
		tokens: map[string][]Created{"tok-1": {{ID: "PA-1", Token: "tok-1"}}},
	}
}

func (f *fakeBackend) Discovery(ctx context.Context) (Discovery, error) {
	if f.failAll != nil {
		return Discovery{}, f.failAll
	}
	return Discovery{
		Changeset: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		Contact:   "Văn phòng UBND xã, 0241 234 567", KeyService: "https://xa.example.vn/api-key",
		Endpoints: []Endpoint{{
			Specification: "http://wiki.open311.org/GeoReport_v2", URL: "https://xa.example.vn/open311/v2",
			Changeset: time.Date(2025, 1, 2, 3, 4, 5, 0, hcmc), Type: "production",
			Formats: []string{"text/xml", "application/json"},
		}},
	}, nil
}

func (f *fakeBackend) Services(ctx context.Context) ([]Service, error) {
	if f.failAll != nil {
		return nil, f.failAll
	}
	return f.services, nil
}

func (f *fakeBackend) Definition(ctx context.Context, code string) (Definition, error) {
	if f.failAll != nil {
		return Definition{}, f.failAll
	}
	d, ok := f.defs[code]
	if !ok {
		return Definition{}, ErrNotFound
	}
	return d, nil
}

func (f *fakeBackend) Create(ctx context.Context, key string, r NewRequest) ([]Created, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastKey, f.lastNew = key, r
	if f.createErr != nil {
		return nil, f.createErr
	}
	if key != "good-key" {
		return nil, ErrBadKey
	}
	if r.ServiceCode == "GT02" {
		return []Created{{Token: "tok-9", ServiceNotice: "Sẽ xử lý trong 3 ngày"}}, nil
	}
	return []Created{{ID: "PA-2", ServiceNotice: "Đã tiếp nhận", AccountID: r.AccountID}}, nil
}

func (f *fakeBackend) Requests(ctx context.Context, flt Filter) ([]Request, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastFilter = flt
	if f.failAll != nil {
		return nil, f.failAll
	}
	if f.listResult != nil {
		return f.listResult, nil
	}
	return []Request{f.requests["PA-1"]}, nil
}

func (f *fakeBackend) Request(ctx context.Context, id string) (Request, error) {
	r, ok := f.requests[id]
	if !ok {
		return Request{}, ErrNotFound
	}
	return r, nil
}

func (f *fakeBackend) Token(ctx context.Context, token string) ([]Created, error) {
	c, ok := f.tokens[token]
	if !ok {
		return nil, ErrNotFound
	}
	return c, nil
}

var fixedNow = time.Date(2025, 6, 1, 12, 0, 0, 0, hcmc)

func serve(t testing.TB, b Backend, method, target string, body io.Reader) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	Handler(b, func() time.Time { return fixedNow }).ServeHTTP(rec, req)
	return rec
}

func get(t *testing.T, b Backend, path string) *httptest.ResponseRecorder {
	return serve(t, b, http.MethodGet, path, nil)
}

func post(t *testing.T, b Backend, path string, form url.Values) *httptest.ResponseRecorder {
	return serve(t, b, http.MethodPost, path, strings.NewReader(form.Encode()))
}

// decode checks status and content type, then decodes the body.
func decode(t *testing.T, rec *httptest.ResponseRecorder, status int, v any) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body: %s", rec.Code, status, rec.Body)
	}
	ct := rec.Header().Get("Content-Type")
	var err error
	switch ct {
	case "application/json; charset=utf-8":
		err = json.Unmarshal(rec.Body.Bytes(), v)
	case "text/xml; charset=utf-8":
		if !strings.HasPrefix(rec.Body.String(), `<?xml version="1.0" encoding="UTF-8"?>`) {
			t.Errorf("XML body lacks declaration: %q", rec.Body.String()[:40])
		}
		err = xml.Unmarshal(rec.Body.Bytes(), v)
	default:
		t.Fatalf("Content-Type = %q", ct)
	}
	if err != nil {
		t.Fatalf("decode: %v; body: %s", err, rec.Body)
	}
}

// Client-side shapes, written independently of the handler's wire types so
// the tests check the spec's names rather than echo the implementation.

type xmlError struct {
	Code        int    `xml:"code"`
	Description string `xml:"description"`
}

type xmlErrors struct {
	XMLName xml.Name   `xml:"errors"`
	Errors  []xmlError `xml:"error"`
}

type jsonError struct {
	Code        int    `json:"code"`
	Description string `json:"description"`
}

// wantError checks the error body in the format implied by path.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, substr string) {
	t.Helper()
	var descs []string
	if rec.Header().Get("Content-Type") == "application/json; charset=utf-8" {
		var errs []jsonError
		decode(t, rec, status, &errs)
		for _, e := range errs {
			if e.Code != status {
				t.Errorf("error code %d, want %d", e.Code, status)
			}
			descs = append(descs, e.Description)
		}
	} else {
		var errs xmlErrors
		decode(t, rec, status, &errs)
		for _, e := range errs.Errors {
			if e.Code != status {
				t.Errorf("error code %d, want %d", e.Code, status)
			}
			descs = append(descs, e.Description)
		}
	}
	if len(descs) == 0 {
		t.Fatalf("no errors in body %s", rec.Body)
	}
	if !strings.Contains(strings.Join(descs, "\n"), substr) {
		t.Errorf("descriptions %q lack %q", descs, substr)
	}
}

func TestDiscovery(t *testing.T) {
	b := newFake()
	var j struct {
		Changeset  string `json:"changeset"`
		Contact    string `json:"contact"`
		KeyService string `json:"key_service"`
		Endpoints  []struct {
			Specification string   `json:"specification"`
			URL           string   `json:"url"`
			Changeset     string   `json:"changeset"`
			Type          string   `json:"type"`
			Formats       []string `json:"formats"`
		} `json:"endpoints"`
	}
	decode(t, get(t, b, "/open311/v2/discovery.json"), 200, &j)
	if j.Changeset != "2025-01-02T03:04:05Z" || j.Contact != "Văn phòng UBND xã, 0241 234 567" ||
		len(j.Endpoints) != 1 || j.Endpoints[0].Changeset != "2025-01-02T03:04:05+07:00" ||
		j.Endpoints[0].Type != "production" || len(j.Endpoints[0].Formats) != 2 {
		t.Errorf("discovery json = %+v", j)
	}

	var x struct {
		XMLName    xml.Name `xml:"discovery"`
		KeyService string   `xml:"key_service"`
		Endpoints  []struct {
			URL     string   `xml:"url"`
			Formats []string `xml:"formats>format"`
		} `xml:"endpoints>endpoint"`
	}
	decode(t, get(t, b, "/open311/v2/discovery.xml"), 200, &x)
	if x.KeyService != "https://xa.example.vn/api-key" || len(x.Endpoints) != 1 ||
		x.Endpoints[0].Formats[1] != "application/json" {
		t.Errorf("discovery xml = %+v", x)
	}
}

type serviceFields struct {
	Code        string `json:"service_code" xml:"service_code"`
	Name        string `json:"service_name" xml:"service_name"`
	Description string `json:"description" xml:"description"`
	Metadata    bool   `json:"metadata" xml:"metadata"`
	Type        string `json:"type" xml:"type"`
	Keywords    string `json:"keywords" xml:"keywords"`
	Group       string `json:"group" xml:"group"`
}

func TestServices(t *testing.T) {
	b := newFake()
	want := []serviceFields{
		{"MT01", "Rác thải sinh hoạt", "Rác để không đúng nơi quy định", true, "realtime", "rác, vệ sinh", "Môi trường"},
		{"GT02", "Đường hư hỏng", "", false, "batch", "", ""},
	}
	var j []serviceFields
	rec := get(t, b, "/open311/v2/services.json")
	decode(t, rec, 200, &j)
	if fmt.Sprint(j) != fmt.Sprint(want) {
		t.Errorf("json = %+v", j)
	}
	if !strings.Contains(rec.Body.String(), `"metadata":false`) || strings.Contains(rec.Body.String(), `"group":""`) {
		t.Errorf("json should write metadata false and omit empty group: %s", rec.Body)
	}

	var x struct {
		XMLName  xml.Name        `xml:"services"`
		Services []serviceFields `xml:"service"`
	}
	rec = get(t, b, "/open311/v2/services.xml?jurisdiction_id=xa.example.vn")
	decode(t, rec, 200, &x)
	if fmt.Sprint(x.Services) != fmt.Sprint(want) {
		t.Errorf("xml = %+v", x.Services)
	}
	if !strings.Contains(rec.Body.String(), "<metadata>true</metadata>") {
		t.Errorf("xml metadata not true/false: %s", rec.Body)
	}
}

func TestServicesEmptyIsEmptyList(t *testing.T) {
	b := newFake()
	b.services = nil
	rec := get(t, b, "/open311/v2/services.json")
	if strings.TrimSpace(rec.Body.String()) != "[]" {
		t.Errorf("body = %q, want []", rec.Body)
	}
}

type attrFields struct {
	Variable            bool   `json:"variable" xml:"variable"`
	Code                string `json:"code" xml:"code"`
	Datatype            string `json:"datatype" xml:"datatype"`
	Required            bool   `json:"required" xml:"required"`
	DatatypeDescription string `json:"datatype_description" xml:"datatype_description"`
	Order               int    `json:"order" xml:"order"`
	Description         string `json:"description" xml:"description"`
	Values              []struct {
		Key  string `json:"key" xml:"key"`
		Name string `json:"name" xml:"name"`
	} `json:"values" xml:"values>value"`
}

func checkDefinition(t *testing.T, code string, attrs []attrFields) {
	t.Helper()
	if code != "MT01" || len(attrs) != 2 {
		t.Fatalf("definition = %s %+v", code, attrs)
	}
	a := attrs[0]
	if !a.Variable || a.Code != "LOAI" || a.Datatype != "singlevaluelist" || !a.Required ||
		a.Order != 1 || a.Description != "Loại rác?" || len(a.Values) != 2 ||
		a.Values[1].Key != "2" || a.Values[1].Name != "Rác nhựa" {
		t.Errorf("attribute 0 = %+v", a)
	}
	if attrs[1].Variable || attrs[1].Datatype != "text" || len(attrs[1].Values) != 0 {
		t.Errorf("attribute 1 = %+v", attrs[1])
	}
}

func TestDefinition(t *testing.T) {
	b := newFake()
	var j struct {
		ServiceCode string       `json:"service_code"`
		Attributes  []attrFields `json:"attributes"`
	}
	decode(t, get(t, b, "/open311/v2/services/MT01.json"), 200, &j)
	checkDefinition(t, j.ServiceCode, j.Attributes)

	var x struct {
		XMLName     xml.Name     `xml:"service_definition"`
		ServiceCode string       `xml:"service_code"`
		Attributes  []attrFields `xml:"attributes>attribute"`
	}
	decode(t, get(t, b, "/open311/v2/services/MT01.xml"), 200, &x)
	checkDefinition(t, x.ServiceCode, x.Attributes)

	wantError(t, get(t, b, "/open311/v2/services/NOPE.json"), 404, "service_code not found")
	wantError(t, get(t, b, "/open311/v2/services/NOPE.xml"), 404, "not found")
}

type requestFields struct {
	ID                string   `json:"service_request_id" xml:"service_request_id"`
	Status            string   `json:"status" xml:"status"`
	StatusNotes       string   `json:"status_notes" xml:"status_notes"`
	ServiceName       string   `json:"service_name" xml:"service_name"`
	ServiceCode       string   `json:"service_code" xml:"service_code"`
	Description       string   `json:"description" xml:"description"`
	AgencyResponsible string   `json:"agency_responsible" xml:"agency_responsible"`
	ServiceNotice     string   `json:"service_notice" xml:"service_notice"`
	Requested         string   `json:"requested_datetime" xml:"requested_datetime"`
	Updated           string   `json:"updated_datetime" xml:"updated_datetime"`
	Expected          string   `json:"expected_datetime" xml:"expected_datetime"`
	Address           string   `json:"address" xml:"address"`
	AddressID         string   `json:"address_id" xml:"address_id"`
	Zipcode           string   `json:"zipcode" xml:"zipcode"`
	Lat               *float64 `json:"lat" xml:"lat"`
	Long              *float64 `json:"long" xml:"long"`
	MediaURL          string   `json:"media_url" xml:"media_url"`
}

type xmlRequests struct {
	XMLName  xml.Name        `xml:"service_requests"`
	Requests []requestFields `xml:"request"`
}

func checkPA1(t *testing.T, list []requestFields) {
	t.Helper()
	if len(list) != 1 {
		t.Fatalf("got %d requests", len(list))
	}
	r := list[0]
	if r.ID != "PA-1" || r.Status != "open" || r.StatusNotes != "Đang xử lý" ||
		r.ServiceName != "Rác thải sinh hoạt" || r.ServiceCode != "MT01" ||
		r.Description != "Rác ở đầu ngõ 5, thôn Đông" || r.AgencyResponsible != "UBND xã" ||
		r.Requested != "2025-03-01T08:15:30+07:00" || r.Updated != "2025-03-02T09:00:00+07:00" ||
		r.Expected != "" || r.Address != "Ngõ 5, thôn Đông" || r.Zipcode != "100000" ||
		r.Lat == nil || *r.Lat != 21.0285 || r.Long == nil || *r.Long != 105.8542 ||
		r.MediaURL != "https://xa.example.vn/media/1.jpg" {
		t.Errorf("request = %+v", r)
	}
}

func TestRequestsList(t *testing.T) {
	b := newFake()
	var j []requestFields
	rec := get(t, b, "/open311/v2/requests.json")
	decode(t, rec, 200, &j)
	checkPA1(t, j)
	body := rec.Body.String()
	if strings.Contains(body, "expected_datetime") || strings.Contains(body, `"address_id"`) {
		t.Errorf("json should omit zero time and empty strings: %s", body)
	}

	var x xmlRequests
	rec = get(t, b, "/open311/v2/requests.xml")
	decode(t, rec, 200, &x)
	checkPA1(t, x.Requests)
	body = rec.Body.String()
	if strings.Contains(body, "expected_datetime") || !strings.Contains(body, "<address_id></address_id>") {
		t.Errorf("xml should omit zero time and write empty strings: %s", body)
	}
}

func TestRequestsDefaultWindow(t *testing.T) {
	b := newFake()
	get(t, b, "/open311/v2/requests.json?jurisdiction_id=x")
	f := b.lastFilter
	if !f.End.Equal(fixedNow) || !f.Start.Equal(fixedNow.Add(-90*24*time.Hour)) || f.Status != "" || len(f.IDs) != 0 {
		t.Errorf("filter = %+v", f)
	}
}

func TestRequestsFilter(t *testing.T) {
	b := newFake()
	q := url.Values{
		"service_code": {"MT01"}, "status": {"closed"},
		"start_date": {"2025-01-01T00:00:00+07:00"}, "end_date": {"2025-03-01T00:00:00+07:00"},
	}
	rec := get(t, b, "/open311/v2/requests.xml?"+q.Encode())
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	f := b.lastFilter
	if f.ServiceCode != "MT01" || f.Status != "closed" ||
		!f.Start.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, hcmc)) || !f.End.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, hcmc)) {
		t.Errorf("filter = %+v", f)
	}

	// An unencoded "+" arrives as a space; it is repaired.
	get(t, b, "/open311/v2/requests.json?start_date=2025-01-01T00:00:00+07:00")
	if f := b.lastFilter; !f.Start.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, hcmc)) ||
		!f.End.Equal(f.Start.Add(90*24*time.Hour)) {
		t.Errorf("filter = %+v", f)
	}

	get(t, b, "/open311/v2/requests.json?end_date=2025-03-01T00:00:00Z&status=open,closed")
	if f := b.lastFilter; !f.Start.Equal(f.End.Add(-90*24*time.Hour)) || f.Status != "" {
		t.Errorf("filter = %+v", f)
	}

	// service_request_id overrides everything else.
	get(t, b, "/open311/v2/requests.json?service_request_id=PA-1,%20PA-2,,&status=bogus")
	if f := b.lastFilter; fmt.Sprint(f.IDs) != "[PA-1 PA-2]" || !f.Start.IsZero() || f.Status != "" {
		t.Errorf("filter = %+v", f)
	}
}

func TestRequestsBadQuery(t *testing.T) {
	b := newFake()
	cases := []struct{ query, want string }{
		{"start_date=2025-01-01T00:00:00Z&end_date=2025-04-02T00:00:00Z", "90 days"},
		{"start_date=2025-03-01T00:00:00Z&end_date=2025-01-01T00:00:00Z", "before start_date"},
		{"start_date=yesterday", "start_date"},
		{"end_date=2025-01-01", "end_date"},
		{"status=pending", "status"},
		{"service_request_id=" + strings.Repeat("a,", 1001), "1000"},
		{"a=%zz", "malformed"},
	}
	for _, c := range cases {
		wantError(t, get(t, b, "/open311/v2/requests.json?"+c.query), 400, c.want)
	}
	// Exactly 90 days is allowed.
	rec := get(t, b, "/open311/v2/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-04-01T00:00:00Z")
	if rec.Code != 200 {
		t.Errorf("90-day window: %d %s", rec.Code, rec.Body)
	}
	wantError(t, get(t, b, "/open311/v2/requests.xml?status=x"), 400, "status")
}

func TestRequestsCap(t *testing.T) {
	b := newFake()
	b.listResult = make([]Request, 1500)
	for i := range b.listResult {
		b.listResult[i] = Request{ID: fmt.Sprint(i), Status: "open", ServiceCode: "MT01"}
	}
	var j []requestFields
	decode(t, get(t, b, "/open311/v2/requests.json"), 200, &j)
	if len(j) != 1000 || j[999].ID != "999" {
		t.Errorf("got %d requests", len(j))
	}
	var x xmlRequests
	decode(t, get(t, b, "/open311/v2/requests.xml"), 200, &x)
	if len(x.Requests) != 1000 {
		t.Errorf("got %d xml requests", len(x.Requests))
	}
}

func TestRequestOne(t *testing.T) {
	b := newFake()
	var j []requestFields
	decode(t, get(t, b, "/open311/v2/requests/PA-1.json"), 200, &j)
	checkPA1(t, j)
	var x xmlRequests
	decode(t, get(t, b, "/open311/v2/requests/PA-1.xml"), 200, &x)
	checkPA1(t, x.Requests)
	wantError(t, get(t, b, "/open311/v2/requests/PA-404.json"), 404, "service_request_id not found")
	wantError(t, get(t, b, "/open311/v2/requests/PA-404.xml"), 404, "not found")
}

type createdFields struct {
	ID            string `json:"service_request_id" xml:"service_request_id"`
	Token         string `json:"token" xml:"token"`
	ServiceNotice string `json:"service_notice" xml:"service_notice"`
	AccountID     string `json:"account_id" xml:"account_id"`
}

type xmlCreated struct {
	XMLName  xml.Name        `xml:"service_requests"`
	Requests []createdFields `xml:"request"`
}

func TestToken(t *testing.T) {
	b := newFake()
	var j []createdFields
	decode(t, get(t, b, "/open311/v2/tokens/tok-1.json"), 200, &j)
	if len(j) != 1 || j[0].ID != "PA-1" || j[0].Token != "tok-1" {
		t.Errorf("json = %+v", j)
	}
	var x xmlCreated
	decode(t, get(t, b, "/open311/v2/tokens/tok-1.xml"), 200, &x)
	if len(x.Requests) != 1 || x.Requests[0].ID != "PA-1" || x.Requests[0].Token != "tok-1" {
		t.Errorf("xml = %+v", x)
	}
	wantError(t, get(t, b, "/open311/v2/tokens/nope.json"), 404, "token not found")
}

func validForm() url.Values {
	return url.Values{
		"api_key": {"good-key"}, "jurisdiction_id": {"xa.example.vn"},
		"service_code": {"MT01"}, "lat": {"21.0285"}, "long": {"105.8542"},
		"address_string": {"Ngõ 5, thôn Đông"}, "email": {"an@example.vn"},
		"device_id": {"dev-1"}, "account_id": {"acc-7"}, "first_name": {"Văn An"},
		"last_name": {"Nguyễn"}, "phone": {"0912345678"},
		"description":     {"Rác thải đổ trộm ở đầu ngõ, bốc mùi khó chịu."},
		"media_url":       {"https://xa.example.vn/media/2.jpg"},
		"attribute[LOAI]": {"2"}, "attribute[MULTI][]": {"a", "b"},
	}
}

func TestCreate(t *testing.T) {
	b := newFake()
	var j []createdFields
	decode(t, post(t, b, "/open311/v2/requests.json", validForm()), 200, &j)
	if len(j) != 1 || j[0].ID != "PA-2" || j[0].ServiceNotice != "Đã tiếp nhận" || j[0].AccountID != "acc-7" || j[0].Token != "" {
		t.Errorf("json = %+v", j)
	}
	n := b.lastNew
	if b.lastKey != "good-key" || n.ServiceCode != "MT01" || n.Lat == nil || *n.Lat != 21.0285 ||
		n.Long == nil || *n.Long != 105.8542 || n.AddressString != "Ngõ 5, thôn Đông" ||
		n.Email != "an@example.vn" || n.DeviceID != "dev-1" || n.AccountID != "acc-7" ||
		n.FirstName != "Văn An" || n.LastName != "Nguyễn" || n.Phone != "0912345678" ||
		n.Description != "Rác thải đổ trộm ở đầu ngõ, bốc mùi khó chịu." ||
		n.MediaURL != "https://xa.example.vn/media/2.jpg" {
		t.Errorf("new request = %+v", n)
	}
	if fmt.Sprint(n.Attributes) != "map[LOAI:[2] MULTI:[a b]]" {
		t.Errorf("attributes = %v", n.Attributes)
	}

	// A batch service answers with a token, in XML.
	form := validForm()
	form.Set("service_code", "GT02")
	var x xmlCreated
	rec := post(t, b, "/open311/v2/requests.xml", form)
	decode(t, rec, 200, &x)
	if len(x.Requests) != 1 || x.Requests[0].Token != "tok-9" || x.Requests[0].ID != "" ||
		x.Requests[0].ServiceNotice != "Sẽ xử lý trong 3 ngày" {
		t.Errorf("xml = %+v", x)
	}
	if strings.Contains(rec.Body.String(), "service_request_id") || !strings.Contains(rec.Body.String(), "<account_id></account_id>") {
		t.Errorf("xml body = %s", rec.Body)
	}
}

func TestCreateLocationAlternatives(t *testing.T) {
	b := newFake()
	for _, keep := range []string{"address_string", "address_id", "latlong"} {
		form := validForm()
		form.Del("address_string")
		form.Del("lat")
		form.Del("long")
		switch keep {
		case "latlong":
			form.Set("lat", "-90")
			form.Set("long", "180")
		default:
			form.Set(keep, "X-1")
		}
		if rec := post(t, b, "/open311/v2/requests.json", form); rec.Code != 200 {
			t.Errorf("%s: %d %s", keep, rec.Code, rec.Body)
		}
	}
}

func TestCreateValidation(t *testing.T) {
	b := newFake()
	cases := []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"missing service_code", func(f url.Values) { f.Del("service_code") }, "service_code: was not provided"},
		{"lat out of range", func(f url.Values) { f.Set("lat", "90.5") }, "lat: must be"},
		{"lat not a number", func(f url.Values) { f.Set("lat", "north") }, "lat: must be"},
		{"lat NaN", func(f url.Values) { f.Set("lat", "NaN") }, "lat: must be"},
		{"long out of range", func(f url.Values) { f.Set("long", "-180.01") }, "long: must be"},
		{"lat without long", func(f url.Values) { f.Del("long") }, "together"},
		{"no location", func(f url.Values) { f.Del("lat"); f.Del("long"); f.Del("address_string") }, "location"},
		{"long description", func(f url.Values) { f.Set("description", strings.Repeat("ễ", 4001)) }, "4000"},
		{"ftp media", func(f url.Values) { f.Set("media_url", "ftp://x.vn/a.jpg") }, "media_url"},
		{"javascript media", func(f url.Values) { f.Set("media_url", "javascript:alert(1)") }, "media_url"},
		{"empty attribute code", func(f url.Values) { f.Set("attribute[]", "x") }, "attribute"},
		{"malformed attribute", func(f url.Values) { f.Set("attribute[A]x", "x") }, "attribute"},
		{"invalid utf-8", func(f url.Values) { f.Set("description", "r\xffc") }, "UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form := validForm()
			c.edit(form)
			wantError(t, post(t, b, "/open311/v2/requests.json", form), 400, c.want)
		})
	}

	// 4000 runes of Vietnamese (12000 bytes) is within the limit.
	form := validForm()
	form.Set("description", strings.Repeat("ễ", 4000))
	if rec := post(t, b, "/open311/v2/requests.json", form); rec.Code != 200 {
		t.Errorf("4000 runes: %d %s", rec.Code, rec.Body)
	}
	if got := b.lastNew.Description; got != strings.Repeat("ễ", 4000) {
		t.Errorf("description did not round-trip")
	}

	// Every problem is reported at once.
	form = url.Values{"api_key": {"good-key"}, "lat": {"100"}, "long": {"0"}}
	rec := post(t, b, "/open311/v2/requests.xml", form)
	var x xmlErrors
	decode(t, rec, 400, &x)
	if len(x.Errors) != 2 {
		t.Errorf("errors = %+v", x.Errors)
	}
}

func TestCreateKey(t *testing.T) {
	b := newFake()
	form := validForm()
	form.Del("api_key")
	wantError(t, post(t, b, "/open311/v2/requests.json", form), 403, "api_key")
	// The key is checked before validation.
	wantError(t, post(t, b, "/open311/v2/requests.xml", url.Values{}), 403, "api_key")
	form.Set("api_key", "stolen")
	wantError(t, post(t, b, "/open311/v2/requests.json", form), 403, "invalid api_key")
	wantError(t, post(t, b, "/open311/v2/requests.xml", form), 403, "invalid api_key")
}

func TestCreateBackendErrors(t *testing.T) {
	b := newFake()
	b.createErr = fmt.Errorf("check: %w", FieldError{Field: "attribute[LOAI]", Description: "là bắt buộc"})
	wantError(t, post(t, b, "/open311/v2/requests.json", validForm()), 400, "attribute[LOAI]: là bắt buộc")
	b.createErr = &FieldError{Field: "service_code", Description: "unknown service"}
	wantError(t, post(t, b, "/open311/v2/requests.xml", validForm()), 400, "service_code: unknown service")
	b.createErr = errors.New("pq: password authentication failed for user xaso")
	rec := post(t, b, "/open311/v2/requests.json", validForm())
	wantError(t, rec, 500, "internal server error")
	if strings.Contains(rec.Body.String(), "pq") {
		t.Errorf("500 body leaks the error: %s", rec.Body)
	}
}

func TestCreateBodyLimits(t *testing.T) {
	b := newFake()
	big := validForm().Encode() + "&description=" + strings.Repeat("a", 70<<10)
	rec := serve(t, b, http.MethodPost, "/open311/v2/requests.json", strings.NewReader(big))
	wantError(t, rec, 413, "too large")

	req := httptest.NewRequest(http.MethodPost, "/open311/v2/requests.json", strings.NewReader(`{"service_code":"MT01"}`))
	req.Header.Set("Content-Type", "application/json")
	rec = httptest.NewRecorder()
	Handler(b, nil).ServeHTTP(rec, req)
	wantError(t, rec, 415, "x-www-form-urlencoded")
}

func TestRouting(t *testing.T) {
	b := newFake()
	for _, path := range []string{
		"/open311/v2/services.csv",
		"/open311/v2/services",
		"/open311/v2/services/MT01.yaml",
		"/open311/v2/unknown.json",
		"/open311/v2/services/a/b.json",
		"/open311/v2/requests/.json",
		"/open311/v3/services.json",
		"/open311/v2/requests/a%2Fb.json",
	} {
		rec := get(t, b, path)
		if rec.Code != 404 {
			t.Errorf("%s: %d", path, rec.Code)
		}
	}
	// A 404 for a known format uses that format.
	wantError(t, get(t, b, "/open311/v2/nothing/here.json"), 404, "unknown")
	wantError(t, get(t, b, "/open311/v2/services.txt"), 404, "unknown")

	// Ids with dots keep everything before the last dot.
	b.requests["PA.3"] = Request{ID: "PA.3", Status: "closed", ServiceCode: "MT01"}
	var j []requestFields
	decode(t, get(t, b, "/open311/v2/requests/PA.3.json"), 200, &j)
	if len(j) != 1 || j[0].ID != "PA.3" {
		t.Errorf("dotted id = %+v", j)
	}
	// Vietnamese in the path is unescaped.
	b.defs["MÔI-TRƯỜNG"] = Definition{}
	var d struct {
		ServiceCode string `json:"service_code"`
	}
	decode(t, get(t, b, "/open311/v2/services/"+url.PathEscape("MÔI-TRƯỜNG")+".json"), 200, &d)
	if d.ServiceCode != "MÔI-TRƯỜNG" {
		t.Errorf("service_code = %q", d.ServiceCode)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	b := newFake()
	cases := []struct{ method, path, allow string }{
		{http.MethodPost, "/open311/v2/services.json", "GET, HEAD"},
		{http.MethodDelete, "/open311/v2/requests/PA-1.xml", "GET, HEAD"},
		{http.MethodPut, "/open311/v2/requests.json", "GET, HEAD, POST"},
		{http.MethodPost, "/open311/v2/tokens/tok-1.json", "GET, HEAD"},
	}
	for _, c := range cases {
		rec := serve(t, b, c.method, c.path, strings.NewReader(""))
		if got := rec.Header().Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow = %q", c.method, c.path, got)
		}
		wantError(t, rec, 405, "method")
	}
	if rec := serve(t, b, http.MethodHead, "/open311/v2/services.json", nil); rec.Code != 200 {
		t.Errorf("HEAD: %d", rec.Code)
	}
}

func TestBackendFailure(t *testing.T) {
	b := newFake()
	b.failAll = errors.New("disk on fire at /var/lib/xaso")
	for _, path := range []string{
		"/open311/v2/discovery.json", "/open311/v2/services.xml",
		"/open311/v2/services/MT01.json", "/open311/v2/requests.xml",
	} {
		rec := get(t, b, path)
		wantError(t, rec, 500, "internal server error")
		if strings.Contains(rec.Body.String(), "disk") {
			t.Errorf("%s leaks: %s", path, rec.Body)
		}
	}
}

func TestNonFiniteCoordinatesOmitted(t *testing.T) {
	b := newFake()
	nan := 0.0
	nan = nan / nan
	b.listResult = []Request{{ID: "1", Status: "open", ServiceCode: "MT01", Lat: &nan, Long: ptr(1)}}
	var j []requestFields
	decode(t, get(t, b, "/open311/v2/requests.json"), 200, &j)
	if len(j) != 1 || j[0].Lat != nil || j[0].Long == nil {
		t.Errorf("json = %+v", j)
	}
}
