package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"

	"xaso/internal/errs"
)

// JSONBodyError turns what encoding/json says about a request body into a message an
// integrator can act on, in the request's language: where the error is and what was expected,
// never Go's own wording ("cannot unmarshal … into Go struct field …"), which names our types.
func JSONBodyError(op string, err error) error {
	var (
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
		tooBig   *http.MaxBytesError
		ours     *errs.Error
		fieldErr errs.FieldErrors
	)
	switch {
	case errors.As(err, &ours), errors.As(err, &fieldErr):
		// A type's own UnmarshalJSON already said it in the catalogue's words.
		return err
	case errors.As(err, &tooBig):
		return errs.E(op, errs.TooLarge, "error.too_large")
	case errors.Is(err, io.EOF):
		return errs.E(op, errs.Invalid, "error.json_empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.E(op, errs.Invalid, "error.json_truncated")
	case errors.As(err, &syntax):
		return errs.E(op, errs.Invalid, "error.json_syntax", syntax.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return errs.E(op, errs.Invalid, "error.json_not_object")
		}
		return errs.E(op, errs.Invalid, "error.json_want_"+jsonKind(typ.Type), field)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return errs.E(op, errs.Invalid, "error.json_unknown_field", strings.Trim(name, `"`))
	}
	return errs.E(op, errs.Invalid, "error.json_invalid")
}

// jsonKind names the JSON kind a Go type is read from, for the json_want_* keys.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}
