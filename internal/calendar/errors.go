package calendar

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (with errors.Is) by every error this package returns because of bad
// input, so that callers can map it to their own "invalid" kind. The error's text is a
// Vietnamese message fit to show to the person who typed the input.
var ErrInvalid = errors.New("dữ liệu không hợp lệ")

type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{msg: fmt.Sprintf(format, args...)}
}
