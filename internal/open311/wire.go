package open311

import (
	"encoding/xml"
	"math"
	"strings"
	"time"
)

// Wire types carry both encodings' tags. The conventions, taken from the
// spec's examples:
//   - JSON omits empty optional strings; XML writes them as empty elements
//     (the examples show <description></description>, <account_id/>).
//   - Times and coordinates have no meaningful empty value, so a zero time or
//     nil coordinate is omitted from both encodings.
//   - The XMLName of each element type fixes the element name; JSON ignores it.

type serviceWire struct {
	XMLName     xml.Name `json:"-" xml:"service"`
	Code        string   `json:"service_code" xml:"service_code"`
	Name        string   `json:"service_name" xml:"service_name"`
	Description string   `json:"description,omitempty" xml:"description"`
	Metadata    bool     `json:"metadata" xml:"metadata"`
	Type        string   `json:"type" xml:"type"`
	Keywords    string   `json:"keywords,omitempty" xml:"keywords"`
	Group       string   `json:"group,omitempty" xml:"group"`
}

type servicesXML struct {
	XMLName  xml.Name      `xml:"services"`
	Services []serviceWire `xml:"service"`
}

type valueWire struct {
	XMLName xml.Name `json:"-" xml:"value"`
	Key     string   `json:"key" xml:"key"`
	Name    string   `json:"name" xml:"name"`
}

type attributeWire struct {
	XMLName             xml.Name    `json:"-" xml:"attribute"`
	Variable            bool        `json:"variable" xml:"variable"`
	Code                string      `json:"code" xml:"code"`
	Datatype            string      `json:"datatype" xml:"datatype"`
	Required            bool        `json:"required" xml:"required"`
	DatatypeDescription string      `json:"datatype_description,omitempty" xml:"datatype_description"`
	Order               int         `json:"order" xml:"order"`
	Description         string      `json:"description" xml:"description"`
	Values              []valueWire `json:"values,omitempty" xml:"values>value,omitempty"`
}

// definitionWire is a single object in both encodings, unlike the lists.
type definitionWire struct {
	XMLName     xml.Name        `json:"-" xml:"service_definition"`
	ServiceCode string          `json:"service_code" xml:"service_code"`
	Attributes  []attributeWire `json:"attributes" xml:"attributes>attribute"`
}

type requestWire struct {
	XMLName           xml.Name `json:"-" xml:"request"`
	ID                string   `json:"service_request_id" xml:"service_request_id"`
	Status            string   `json:"status" xml:"status"`
	StatusNotes       string   `json:"status_notes,omitempty" xml:"status_notes"`
	ServiceName       string   `json:"service_name,omitempty" xml:"service_name"`
	ServiceCode       string   `json:"service_code" xml:"service_code"`
	Description       string   `json:"description,omitempty" xml:"description"`
	AgencyResponsible string   `json:"agency_responsible,omitempty" xml:"agency_responsible"`
	ServiceNotice     string   `json:"service_notice,omitempty" xml:"service_notice"`
	Requested         string   `json:"requested_datetime,omitempty" xml:"requested_datetime,omitempty"`
	Updated           string   `json:"updated_datetime,omitempty" xml:"updated_datetime,omitempty"`
	Expected          string   `json:"expected_datetime,omitempty" xml:"expected_datetime,omitempty"`
	Address           string   `json:"address,omitempty" xml:"address"`
	AddressID         string   `json:"address_id,omitempty" xml:"address_id"`
	Zipcode           string   `json:"zipcode,omitempty" xml:"zipcode"`
	Lat               *float64 `json:"lat,omitempty" xml:"lat,omitempty"`
	Long              *float64 `json:"long,omitempty" xml:"long,omitempty"`
	MediaURL          string   `json:"media_url,omitempty" xml:"media_url"`
}

// createdWire serves POST requests and GET tokens. Exactly one of id and
// token is present after a POST, so both are omitted when empty in XML too;
// the spec's examples always show service_notice and account_id.
type createdWire struct {
	XMLName       xml.Name `json:"-" xml:"request"`
	ID            string   `json:"service_request_id,omitempty" xml:"service_request_id,omitempty"`
	Token         string   `json:"token,omitempty" xml:"token,omitempty"`
	ServiceNotice string   `json:"service_notice,omitempty" xml:"service_notice"`
	AccountID     string   `json:"account_id,omitempty" xml:"account_id"`
}

// serviceRequestsXML is the <service_requests> root shared by GET requests
// (requestWire items) and POST requests / GET tokens (createdWire items).
type serviceRequestsXML[T any] struct {
	XMLName xml.Name `xml:"service_requests"`
	Items   []T      `xml:"request"`
}

type endpointWire struct {
	XMLName       xml.Name `json:"-" xml:"endpoint"`
	Specification string   `json:"specification" xml:"specification"`
	URL           string   `json:"url" xml:"url"`
	Changeset     string   `json:"changeset,omitempty" xml:"changeset,omitempty"`
	Type          string   `json:"type" xml:"type"`
	Formats       []string `json:"formats" xml:"formats>format"`
}

type discoveryWire struct {
	XMLName    xml.Name       `json:"-" xml:"discovery"`
	Changeset  string         `json:"changeset,omitempty" xml:"changeset,omitempty"`
	Contact    string         `json:"contact,omitempty" xml:"contact"`
	KeyService string         `json:"key_service,omitempty" xml:"key_service"`
	Endpoints  []endpointWire `json:"endpoints" xml:"endpoints>endpoint"`
}

type errorWire struct {
	XMLName     xml.Name `json:"-" xml:"error"`
	Code        int      `json:"code" xml:"code"`
	Description string   `json:"description" xml:"description"`
}

type errorsXML struct {
	XMLName xml.Name    `xml:"errors"`
	Errors  []errorWire `xml:"error"`
}

// formatTime writes W3C/RFC 3339 with the time's own offset; a zero time
// becomes "" so that omitempty drops it.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func toServiceWire(s Service) serviceWire {
	return serviceWire{
		Code: s.Code, Name: s.Name, Description: s.Description,
		Metadata: s.Metadata, Type: s.Type,
		Keywords: strings.Join(s.Keywords, ", "), Group: s.Group,
	}
}

func toDefinitionWire(d Definition) definitionWire {
	// A non-nil slice keeps JSON "attributes": [] rather than null.
	attrs := make([]attributeWire, 0, len(d.Attributes))
	for _, a := range d.Attributes {
		var vals []valueWire
		for _, v := range a.Values {
			vals = append(vals, valueWire{Key: v.Key, Name: v.Name})
		}
		attrs = append(attrs, attributeWire{
			Variable: a.Variable, Code: a.Code, Datatype: a.Datatype,
			Required: a.Required, DatatypeDescription: a.DatatypeDescription,
			Order: a.Order, Description: a.Description, Values: vals,
		})
	}
	return definitionWire{ServiceCode: d.ServiceCode, Attributes: attrs}
}

func toRequestWire(r Request) requestWire {
	return requestWire{
		ID: r.ID, Status: r.Status, StatusNotes: r.StatusNotes,
		ServiceName: r.ServiceName, ServiceCode: r.ServiceCode,
		Description: r.Description, AgencyResponsible: r.AgencyResponsible,
		ServiceNotice: r.ServiceNotice,
		Requested:     formatTime(r.Requested), Updated: formatTime(r.Updated),
		Expected: formatTime(r.Expected),
		Address:  r.Address, AddressID: r.AddressID, Zipcode: r.Zipcode,
		Lat: finite(r.Lat), Long: finite(r.Long), MediaURL: r.MediaURL,
	}
}

// finite drops NaN and infinite coordinates, which JSON cannot encode and
// which would otherwise turn a whole list into a 500.
func finite(p *float64) *float64 {
	if p == nil || math.IsNaN(*p) || math.IsInf(*p, 0) {
		return nil
	}
	return p
}

func toCreatedWire(c Created) createdWire {
	return createdWire{ID: c.ID, Token: c.Token, ServiceNotice: c.ServiceNotice, AccountID: c.AccountID}
}

func toDiscoveryWire(d Discovery) discoveryWire {
	eps := make([]endpointWire, 0, len(d.Endpoints))
	for _, e := range d.Endpoints {
		formats := e.Formats
		if formats == nil {
			formats = []string{}
		}
		eps = append(eps, endpointWire{
			Specification: e.Specification, URL: e.URL,
			Changeset: formatTime(e.Changeset), Type: e.Type, Formats: formats,
		})
	}
	return discoveryWire{
		Changeset: formatTime(d.Changeset), Contact: d.Contact,
		KeyService: d.KeyService, Endpoints: eps,
	}
}

// mapSlice converts a backend slice to wire items, never returning nil so
// that an empty JSON list is [] rather than null.
func mapSlice[S, W any](in []S, f func(S) W) []W {
	out := make([]W, 0, len(in))
	for _, s := range in {
		out = append(out, f(s))
	}
	return out
}
