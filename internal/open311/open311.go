// Package open311 is the protocol layer of xaso's Open311 GeoReport v2 API:
// residents' reports ("phản ánh, kiến nghị") are exposed as GeoReport service
// requests so that third-party 311 clients can list, file and track them.
//
// The package does routing, form and query parsing, validation, JSON and XML
// encoding and the spec's error bodies. It knows nothing about storage: every
// endpoint calls a Backend, which the petitions room implements. Field names,
// element names and wire shapes follow the GeoReport v2 specification
// (http://wiki.open311.org/GeoReport_v2).
//
// Backends report failures with the sentinel errors below; the handler maps
// ErrNotFound to 404, ErrBadKey to 403, FieldError to 400 and anything else
// to a 500 whose body never includes the underlying error text.
package open311

import (
	"context"
	"errors"
	"time"
)

// Service is one request type a resident may file (GET services).
type Service struct {
	Code        string
	Name        string
	Description string
	// Metadata reports whether the service has a definition with extra
	// attributes (GET services/{code}).
	Metadata bool
	// Type is "realtime", "batch" or "blackbox".
	Type     string
	Keywords []string // encoded as the spec's comma-separated string
	Group    string
}

// AttributeValue is one choice of a singlevaluelist or multivaluelist
// attribute.
type AttributeValue struct {
	Key  string
	Name string
}

// Attribute is one extra question of a service definition.
type Attribute struct {
	// Variable is false for informational attributes that take no input.
	Variable bool
	Code     string
	// Datatype is one of string, number, datetime, text, singlevaluelist,
	// multivaluelist.
	Datatype            string
	Description         string
	Required            bool
	DatatypeDescription string
	Order               int
	Values              []AttributeValue
}

// Definition is the attribute list of one service (GET services/{code}).
type Definition struct {
	ServiceCode string
	Attributes  []Attribute
}

// Request is one service request as shown to clients (GET requests).
type Request struct {
	ID                string
	Status            string // "open" or "closed"
	StatusNotes       string
	ServiceName       string
	ServiceCode       string
	Description       string
	AgencyResponsible string
	ServiceNotice     string
	Address           string
	AddressID         string
	Zipcode           string
	MediaURL          string
	// Zero times are omitted from the output.
	Requested time.Time
	Updated   time.Time
	Expected  time.Time
	// Nil coordinates are omitted from the output.
	Lat  *float64
	Long *float64
}

// NewRequest is a validated POST requests submission. The handler has
// checked the protocol-level rules (required fields, coordinate ranges,
// description length, media_url scheme); checking Attributes against the
// service definition is the backend's job, reported as FieldError.
type NewRequest struct {
	ServiceCode   string
	Lat, Long     *float64
	AddressString string
	AddressID     string
	Email         string
	DeviceID      string
	AccountID     string
	FirstName     string
	LastName      string
	Phone         string
	Description   string
	MediaURL      string
	// Attributes holds the attribute[CODE] form fields keyed by CODE;
	// multivaluelist answers (attribute[CODE][] or repeated fields) carry
	// several values.
	Attributes map[string][]string
}

// Created is the answer to POST requests or GET tokens/{token}. A realtime
// service sets ID; a batch service sets Token and the ID later becomes
// available through GET tokens/{token}.
type Created struct {
	ID            string
	Token         string
	ServiceNotice string
	AccountID     string
}

// Filter is a parsed GET requests query. When IDs is non-empty the spec says
// it overrides every other argument, so the other fields are left zero.
// Otherwise Start and End are always set (the handler fills the default
// 90-day window) and End-Start never exceeds 90 days.
type Filter struct {
	IDs []string
	// ServiceCode is passed verbatim; the spec allows a comma-delimited
	// list of codes.
	ServiceCode string
	Start, End  time.Time
	// Status is "", "open" or "closed"; "" means every status.
	Status string
}

// Endpoint is one API endpoint advertised by service discovery.
type Endpoint struct {
	Specification string
	URL           string
	Changeset     time.Time
	Type          string // "production" or "test"
	Formats       []string
}

// Discovery is the service discovery document (GET discovery).
type Discovery struct {
	Changeset  time.Time
	Contact    string
	KeyService string
	Endpoints  []Endpoint
}

// Backend is the storage side of the API, implemented outside this package.
type Backend interface {
	Discovery(ctx context.Context) (Discovery, error)
	Services(ctx context.Context) ([]Service, error)
	// Definition returns ErrNotFound for an unknown service code.
	Definition(ctx context.Context, code string) (Definition, error)
	// Create returns ErrBadKey for an unknown or revoked api_key and a
	// FieldError for submissions the definition rejects.
	Create(ctx context.Context, apiKey string, r NewRequest) ([]Created, error)
	// Requests may return more than 1000 rows; the handler truncates.
	Requests(ctx context.Context, f Filter) ([]Request, error)
	// Request returns ErrNotFound for an unknown id.
	Request(ctx context.Context, id string) (Request, error)
	// Token returns ErrNotFound for an unknown token.
	Token(ctx context.Context, token string) ([]Created, error)
}

var (
	// ErrNotFound makes the handler answer 404.
	ErrNotFound = errors.New("open311: not found")
	// ErrBadKey makes the handler answer 403.
	ErrBadKey = errors.New("open311: invalid api_key")
)

// FieldError rejects one input field; the handler answers 400 with
// "Field: Description" as the error description, so Description must be
// safe to show to clients.
type FieldError struct {
	Field       string
	Description string
}

func (e FieldError) Error() string {
	if e.Field == "" {
		return e.Description
	}
	return e.Field + ": " + e.Description
}
