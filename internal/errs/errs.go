// Package errs holds xaso's one error type. Every error that reaches a user carries a Kind
// (which the web layer maps to an HTTP status in one table) and a message key from the
// catalogue; the cause is kept for the log and never shown.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the user and for HTTP.
type Kind int

const (
	Internal         Kind = iota // a fault of ours: logged with its cause
	Invalid                      // the input breaks a rule
	NotFound                     // no such thing, or not visible to this user
	Forbidden                    // known user, not allowed
	Unauthorized                 // not logged in
	Conflict                     // the thing is not in a state that allows this
	TooMany                      // rate limited
	TooLarge                     // upload or body too big
	MethodNotAllowed             // the address exists, not for this method
)

func (k Kind) String() string {
	return [...]string{"internal", "invalid", "not_found", "forbidden", "unauthorized", "conflict", "too_many", "too_large", "method_not_allowed"}[k]
}

// Error is the error type of xaso.
type Error struct {
	Op   string // where: "commune: create household"
	Kind Kind
	Key  string // catalogue key of the message shown to the user ("" = generic per kind)
	Args []any  // arguments of the message
	Err  error  // cause, logged only
}

func (e *Error) Error() string {
	s := e.Op
	if e.Key != "" {
		s += ": " + fmt.Sprintf("%s%v", e.Key, e.Args)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// E builds an Error with a user message key.
func E(op string, kind Kind, key string, args ...any) *Error {
	return &Error{Op: op, Kind: kind, Key: key, Args: args}
}

// Wrap records an internal fault with its cause.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err // already classified: keep its kind and message
	}
	return &Error{Op: op, Kind: Internal, Err: err}
}

// KindOf reports the kind of err (Internal for foreign errors).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns the xaso Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// FieldErrors collects per-field validation messages (keys) for a form.
type FieldErrors map[string]string

// Err returns an Invalid error carrying the fields, or nil when empty.
func (f FieldErrors) Err(op string) error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Op: op, Kind: Invalid, Key: "error.form_invalid", Err: f}
}

func (f FieldErrors) Error() string { return fmt.Sprintf("invalid fields: %v", map[string]string(f)) }

// Fields returns the field errors inside an Invalid error, if any.
func Fields(err error) (FieldErrors, bool) {
	var f FieldErrors
	if KindOf(err) != Invalid || !errors.As(err, &f) {
		return nil, false
	}
	return f, true
}
