package open311

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxDescription is the spec's limit on a request's description, counted in
// characters (runes), not bytes, so Vietnamese text gets the full 4000.
const maxDescription = 4000

// validText reports whether s is UTF-8, which the spec assumes for all
// client text; rejecting it here keeps mojibake out of the database.
func validText(s string) bool { return utf8.ValidString(s) }

// parseNewRequest validates a POST requests form. It collects every problem
// rather than stopping at the first, so a client can fix them in one round.
func parseNewRequest(form url.Values) (NewRequest, []FieldError) {
	var errs []FieldError
	get := func(name string) string {
		v := strings.TrimSpace(form.Get(name))
		if !validText(v) {
			errs = append(errs, FieldError{name, "must be UTF-8 text"})
			return ""
		}
		return v
	}
	nr := NewRequest{
		ServiceCode:   get("service_code"),
		AddressString: get("address_string"),
		AddressID:     get("address_id"),
		Email:         get("email"),
		DeviceID:      get("device_id"),
		AccountID:     get("account_id"),
		FirstName:     get("first_name"),
		LastName:      get("last_name"),
		Phone:         get("phone"),
		Description:   get("description"),
		MediaURL:      get("media_url"),
	}
	if nr.ServiceCode == "" {
		errs = append(errs, FieldError{"service_code", "was not provided"})
	}

	lat, long, coordErrs := parseCoords(get("lat"), get("long"))
	errs = append(errs, coordErrs...)
	nr.Lat, nr.Long = lat, long
	hasCoords := lat != nil && long != nil
	if !hasCoords && len(coordErrs) == 0 && nr.AddressString == "" && nr.AddressID == "" {
		errs = append(errs, FieldError{"location", "lat and long, address_string or address_id is required"})
	}

	if n := utf8.RuneCountInString(nr.Description); n > maxDescription {
		errs = append(errs, FieldError{"description", "may not exceed 4000 characters"})
	}
	if nr.MediaURL != "" && !isWebURL(nr.MediaURL) {
		errs = append(errs, FieldError{"media_url", "must be an http or https URL"})
	}

	attrs, attrErrs := parseAttributes(form)
	errs = append(errs, attrErrs...)
	nr.Attributes = attrs
	return nr, errs
}

// parseCoords parses lat and long, which only make sense as a pair. Both
// empty is not an error: the location may be given as an address instead.
func parseCoords(latS, longS string) (lat, long *float64, errs []FieldError) {
	if latS == "" && longS == "" {
		return nil, nil, nil
	}
	if latS == "" || longS == "" {
		return nil, nil, []FieldError{{"lat", "lat and long must be given together"}}
	}
	la, okLat := parseDegrees(latS, 90)
	if !okLat {
		errs = append(errs, FieldError{"lat", "must be a number between -90 and 90"})
	}
	lo, okLong := parseDegrees(longS, 180)
	if !okLong {
		errs = append(errs, FieldError{"long", "must be a number between -180 and 180"})
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return &la, &lo, nil
}

// parseDegrees parses a WGS84 coordinate within ±limit. NaN and infinities
// are rejected explicitly since they pass no range check and JSON cannot
// encode them.
func parseDegrees(s string, limit float64) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < -limit || v > limit {
		return 0, false
	}
	return v, true
}

// isWebURL accepts absolute http(s) URLs with a host; other schemes
// (javascript:, file:, data:) would be dangerous once rendered as links.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}

// parseAttributes collects attribute[CODE] and attribute[CODE][] fields
// (the latter is how form encoders send multivaluelist answers). Keys are
// visited in sorted order so that error lists are deterministic.
func parseAttributes(form url.Values) (map[string][]string, []FieldError) {
	var attrs map[string][]string
	var errs []FieldError
	keys := make([]string, 0, len(form))
	for k := range form {
		if strings.HasPrefix(k, "attribute[") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		code, ok := attributeCode(k)
		if !ok || !validText(code) {
			errs = append(errs, FieldError{"attribute", "malformed attribute field name"})
			continue
		}
		for _, v := range form[k] {
			if !validText(v) {
				errs = append(errs, FieldError{"attribute[" + code + "]", "must be UTF-8 text"})
				break
			}
		}
		if attrs == nil {
			attrs = make(map[string][]string)
		}
		attrs[code] = append(attrs[code], form[k]...)
	}
	return attrs, errs
}

// attributeCode extracts CODE from "attribute[CODE]" or "attribute[CODE][]".
func attributeCode(key string) (string, bool) {
	inner, ok := strings.CutPrefix(key, "attribute[")
	if !ok {
		return "", false
	}
	end := strings.IndexByte(inner, ']')
	if end <= 0 {
		return "", false
	}
	code, tail := inner[:end], inner[end+1:]
	if tail != "" && tail != "[]" {
		return "", false
	}
	return code, true
}

// parseFilter turns a GET requests query into a Filter, applying the spec's
// default window of the 90 days before now.
func parseFilter(q url.Values, now time.Time) (Filter, []FieldError) {
	var errs []FieldError
	if ids, ok := parseIDs(q["service_request_id"]); ok {
		// "This overrides all other arguments."
		if len(ids) > maxResults {
			return Filter{}, []FieldError{{"service_request_id", "at most 1000 ids may be requested"}}
		}
		return Filter{IDs: ids}, nil
	}

	var f Filter
	f.ServiceCode = strings.TrimSpace(q.Get("service_code"))
	if !validText(f.ServiceCode) {
		errs = append(errs, FieldError{"service_code", "must be UTF-8 text"})
		f.ServiceCode = ""
	}
	status, ok := parseStatus(q.Get("status"))
	if !ok {
		errs = append(errs, FieldError{"status", "must be open, closed or both, comma delimited"})
	}
	f.Status = status

	start, startOK := parseTime(q.Get("start_date"))
	if !startOK {
		errs = append(errs, FieldError{"start_date", "must be a W3C (RFC 3339) date-time with offset"})
	}
	end, endOK := parseTime(q.Get("end_date"))
	if !endOK {
		errs = append(errs, FieldError{"end_date", "must be a W3C (RFC 3339) date-time with offset"})
	}
	if !startOK || !endOK {
		return Filter{}, errs
	}
	f.Start, f.End = window(start, end, now)
	if f.End.Before(f.Start) {
		errs = append(errs, FieldError{"end_date", "may not be before start_date"})
	} else if f.End.Sub(f.Start) > maxWindow {
		errs = append(errs, FieldError{"end_date", "the date range may not span more than 90 days"})
	}
	if len(errs) > 0 {
		return Filter{}, errs
	}
	return f, nil
}

// window fills missing bounds so that the backend always gets a closed
// range of at most 90 days: no bounds means the 90 days before now, one
// bound means 90 days from or to it.
func window(start, end, now time.Time) (time.Time, time.Time) {
	switch {
	case start.IsZero() && end.IsZero():
		return now.Add(-maxWindow), now
	case start.IsZero():
		return end.Add(-maxWindow), end
	case end.IsZero():
		return start, start.Add(maxWindow)
	}
	return start, end
}

// parseIDs splits the comma list(s) of service_request_id, dropping empty
// items; ok is false when no id remains, so "service_request_id=" acts as
// absent.
func parseIDs(values []string) ([]string, bool) {
	var ids []string
	for _, v := range values {
		for id := range strings.SplitSeq(v, ",") {
			id = strings.TrimSpace(id)
			if id != "" && validText(id) {
				ids = append(ids, id)
			}
		}
	}
	return ids, len(ids) > 0
}

// parseStatus accepts "", "open", "closed" or a comma list of them; asking
// for both is the same as asking for all.
func parseStatus(s string) (string, bool) {
	var open, closed bool
	for part := range strings.SplitSeq(s, ",") {
		switch strings.ToLower(strings.TrimSpace(part)) {
		case "":
		case "open":
			open = true
		case "closed":
			closed = true
		default:
			return "", false
		}
	}
	switch {
	case open && !closed:
		return "open", true
	case closed && !open:
		return "closed", true
	}
	return "", true
}

// parseTime parses a W3C date-time; "" yields the zero time. Clients often
// forget to percent-encode "+" in offsets such as Vietnam's +07:00, which
// then arrives as a space; that one mistake is repaired rather than refused.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339, strings.Replace(s, " ", "+", 1)); err == nil {
		return t, true
	}
	return time.Time{}, false
}
