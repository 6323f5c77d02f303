package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Prefix is the URL path under which Handler serves; the handler matches the
// full path, so it must be mounted without stripping the prefix.
const Prefix = "/open311/v2/"

const (
	// maxBody bounds POST bodies: the longest legitimate submission (4000
	// runes of Vietnamese at up to 3 bytes each, percent-encoded) stays well
	// below it.
	maxBody = 64 << 10
	// maxResults and maxWindow are the spec's default query limit: "a span
	// of 90 days or first 1000 requests returned, whichever is smallest".
	maxResults = 1000
	maxWindow  = 90 * 24 * time.Hour
)

// format is the response encoding chosen by the path's extension.
type format int

const (
	formatXML format = iota // XML is the spec's required format and our fallback
	formatJSON
)

// resource identifies which endpoint a path names.
type resource int

const (
	resDiscovery  resource = iota // discovery.{fmt}
	resServices                   // services.{fmt}
	resDefinition                 // services/{code}.{fmt}
	resRequests                   // requests.{fmt}
	resRequest                    // requests/{id}.{fmt}
	resToken                      // tokens/{token}.{fmt}
)

// route is a parsed request path.
type route struct {
	res    resource
	arg    string // service code, request id or token
	format format
}

type handler struct {
	b   Backend
	now func() time.Time
}

// Handler serves the GeoReport v2 API under Prefix, backed by b. now supplies
// the clock for the default GET requests window; nil means time.Now.
// jurisdiction_id is accepted on every endpoint and ignored, since xaso
// serves exactly one commune.
func Handler(b Backend, now func() time.Time) http.Handler {
	if now == nil {
		now = time.Now
	}
	return &handler{b: b, now: now}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt, ok := parseRoute(r.URL.EscapedPath())
	if !ok {
		writeErrors(w, rt.format, http.StatusNotFound, "unknown resource or format")
		return
	}
	if allow := allowed(rt.res); !methodIn(r.Method, allow) {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeErrors(w, rt.format, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	switch rt.res {
	case resDiscovery:
		h.discovery(w, r, rt)
	case resServices:
		h.services(w, r, rt)
	case resDefinition:
		h.definition(w, r, rt)
	case resRequests:
		if r.Method == http.MethodPost {
			h.create(w, r, rt)
		} else {
			h.requests(w, r, rt)
		}
	case resRequest:
		h.request(w, r, rt)
	case resToken:
		h.token(w, r, rt)
	}
}

// parseRoute splits an escaped path into resource, argument and format. It
// is manual rather than ServeMux patterns because the format is a suffix of
// the last segment ("services/{code}.json"), which patterns cannot express.
// It works on the escaped path so that an encoded "/" inside an id cannot
// change the number of segments. When ok is false, format is still the best
// guess for the error body.
func parseRoute(escaped string) (rt route, ok bool) {
	rest, found := strings.CutPrefix(escaped, Prefix)
	if !found {
		return rt, false
	}
	dot := strings.LastIndexByte(rest, '.')
	if dot < 0 {
		return rt, false
	}
	name, ext := rest[:dot], rest[dot+1:]
	switch ext {
	case "xml":
		rt.format = formatXML
	case "json":
		rt.format = formatJSON
	default:
		return rt, false
	}
	segs := strings.Split(name, "/")
	switch {
	case len(segs) == 1 && segs[0] == "discovery":
		rt.res = resDiscovery
	case len(segs) == 1 && segs[0] == "services":
		rt.res = resServices
	case len(segs) == 1 && segs[0] == "requests":
		rt.res = resRequests
	case len(segs) == 2 && segs[0] == "services":
		rt.res = resDefinition
	case len(segs) == 2 && segs[0] == "requests":
		rt.res = resRequest
	case len(segs) == 2 && segs[0] == "tokens":
		rt.res = resToken
	default:
		return rt, false
	}
	if len(segs) == 2 {
		arg, err := url.PathUnescape(segs[1])
		if err != nil || strings.TrimSpace(arg) == "" || !validText(arg) {
			return rt, false
		}
		rt.arg = arg
	}
	return rt, true
}

// allowed lists the methods of a resource, for dispatch and the Allow header.
func allowed(res resource) []string {
	if res == resRequests {
		return []string{http.MethodGet, http.MethodHead, http.MethodPost}
	}
	return []string{http.MethodGet, http.MethodHead}
}

func methodIn(m string, list []string) bool {
	for _, x := range list {
		if m == x {
			return true
		}
	}
	return false
}

func (h *handler) discovery(w http.ResponseWriter, r *http.Request, rt route) {
	d, err := h.b.Discovery(r.Context())
	if err != nil {
		h.fail(w, rt.format, err, "discovery")
		return
	}
	v := toDiscoveryWire(d)
	writeBody(w, rt.format, http.StatusOK, v, v)
}

func (h *handler) services(w http.ResponseWriter, r *http.Request, rt route) {
	list, err := h.b.Services(r.Context())
	if err != nil {
		h.fail(w, rt.format, err, "service")
		return
	}
	items := mapSlice(list, toServiceWire)
	writeBody(w, rt.format, http.StatusOK, items, servicesXML{Services: items})
}

func (h *handler) definition(w http.ResponseWriter, r *http.Request, rt route) {
	d, err := h.b.Definition(r.Context(), rt.arg)
	if err != nil {
		h.fail(w, rt.format, err, "service_code")
		return
	}
	if d.ServiceCode == "" {
		d.ServiceCode = rt.arg
	}
	v := toDefinitionWire(d)
	writeBody(w, rt.format, http.StatusOK, v, v)
}

func (h *handler) create(w http.ResponseWriter, r *http.Request, rt route) {
	form, status, msg := readForm(w, r)
	if status != 0 {
		writeErrors(w, rt.format, status, msg)
		return
	}
	// The key is checked before validation so that unauthenticated clients
	// learn nothing about the rules; it may come from the body or the query.
	key := strings.TrimSpace(form.Get("api_key"))
	if key == "" {
		writeErrors(w, rt.format, http.StatusForbidden, "api_key was not provided")
		return
	}
	nr, errs := parseNewRequest(form)
	if len(errs) > 0 {
		writeFieldErrors(w, rt.format, errs)
		return
	}
	created, err := h.b.Create(r.Context(), key, nr)
	if err != nil {
		h.fail(w, rt.format, err, "service_code")
		return
	}
	if len(created) == 0 {
		// A backend that accepted the request but returned nothing to
		// identify it is broken; the client must not believe it succeeded.
		writeErrors(w, rt.format, http.StatusInternalServerError, "internal server error")
		return
	}
	h.writeCreated(w, rt.format, created)
}

// readForm parses a POST body capped at maxBody. It returns a non-zero
// status and message when the body is unusable.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, int, string) {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "application/x-www-form-urlencoded" {
		return nil, http.StatusUnsupportedMediaType, "body must be application/x-www-form-urlencoded"
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, http.StatusRequestEntityTooLarge, "request body too large"
		}
		return nil, http.StatusBadRequest, "malformed form body"
	}
	return r.Form, 0, ""
}

func (h *handler) requests(w http.ResponseWriter, r *http.Request, rt route) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeErrors(w, rt.format, http.StatusBadRequest, "malformed query string")
		return
	}
	f, errs := parseFilter(q, h.now())
	if len(errs) > 0 {
		writeFieldErrors(w, rt.format, errs)
		return
	}
	list, err := h.b.Requests(r.Context(), f)
	if err != nil {
		h.fail(w, rt.format, err, "service_request_id")
		return
	}
	// The cap is enforced here as well so that a backend bug cannot turn
	// one API call into an unbounded dump.
	if len(list) > maxResults {
		list = list[:maxResults]
	}
	h.writeRequests(w, rt.format, list)
}

func (h *handler) request(w http.ResponseWriter, r *http.Request, rt route) {
	req, err := h.b.Request(r.Context(), rt.arg)
	if err != nil {
		h.fail(w, rt.format, err, "service_request_id")
		return
	}
	// The spec answers a single request with the same list shape.
	h.writeRequests(w, rt.format, []Request{req})
}

func (h *handler) token(w http.ResponseWriter, r *http.Request, rt route) {
	list, err := h.b.Token(r.Context(), rt.arg)
	if err != nil {
		h.fail(w, rt.format, err, "token")
		return
	}
	h.writeCreated(w, rt.format, list)
}

func (h *handler) writeRequests(w http.ResponseWriter, f format, list []Request) {
	items := mapSlice(list, toRequestWire)
	writeBody(w, f, http.StatusOK, items, serviceRequestsXML[requestWire]{Items: items})
}

func (h *handler) writeCreated(w http.ResponseWriter, f format, list []Created) {
	items := mapSlice(list, toCreatedWire)
	writeBody(w, f, http.StatusOK, items, serviceRequestsXML[createdWire]{Items: items})
}

// fail maps a backend error to the spec's error body. noun names what was
// not found. The error text itself never reaches the client: it may hold
// SQL, paths or personal data.
func (h *handler) fail(w http.ResponseWriter, f format, err error, noun string) {
	var fe FieldError
	var fp *FieldError
	switch {
	case errors.As(err, &fe):
		writeFieldErrors(w, f, []FieldError{fe})
	case errors.As(err, &fp) && fp != nil:
		writeFieldErrors(w, f, []FieldError{*fp})
	case errors.Is(err, ErrBadKey):
		writeErrors(w, f, http.StatusForbidden, "invalid api_key")
	case errors.Is(err, ErrNotFound):
		writeErrors(w, f, http.StatusNotFound, noun+" not found")
	default:
		writeErrors(w, f, http.StatusInternalServerError, "internal server error")
	}
}

func writeFieldErrors(w http.ResponseWriter, f format, errs []FieldError) {
	descs := make([]string, len(errs))
	for i, e := range errs {
		descs[i] = e.Error()
	}
	writeErrors(w, f, http.StatusBadRequest, descs...)
}

// writeErrors writes the spec's error list, one entry per description, all
// carrying the HTTP status as their code.
func writeErrors(w http.ResponseWriter, f format, status int, descs ...string) {
	items := make([]errorWire, len(descs))
	for i, d := range descs {
		items[i] = errorWire{Code: status, Description: d}
	}
	writeBody(w, f, status, items, errorsXML{Errors: items})
}

// writeBody encodes into memory first so that an encoding failure can still
// become a clean 500 instead of a truncated 200.
func writeBody(w http.ResponseWriter, f format, status int, jsonV, xmlV any) {
	body, err := encode(f, jsonV, xmlV)
	if err != nil {
		status = http.StatusInternalServerError
		body, _ = encode(f, []errorWire{{Code: status, Description: "internal server error"}},
			errorsXML{Errors: []errorWire{{Code: status, Description: "internal server error"}}})
	}
	hdr := w.Header()
	if f == formatJSON {
		hdr.Set("Content-Type", "application/json; charset=utf-8")
	} else {
		hdr.Set("Content-Type", "text/xml; charset=utf-8")
	}
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func encode(f format, jsonV, xmlV any) ([]byte, error) {
	var buf bytes.Buffer
	if f == formatJSON {
		if err := json.NewEncoder(&buf).Encode(jsonV); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	// The spec requires the XML declaration with encoding="UTF-8".
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(xmlV); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
