package web

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// ID numbers and phone numbers never reach a log (Decree 13/2023/NĐ-CP Art. 26, from 2026 the
// Personal Data Protection Law: personal data protected against disclosure). The request log
// records the path only, but an error may quote a form value, a query or a SQL argument; so
// the logger itself masks, in the message and in every string attribute (errors and Stringers
// included, since an error is where a value ends up), every run of 9 to 12 digits (a CCCD has
// 12, an old CMND 9, a mobile 10 starting with 0, a landline 10 or 11) and every +84 number.
// Shorter runs (dossier codes' dates and sequences, counts, years) stay.

// RedactingHandler wraps next so that what it writes carries no ID or phone number.
func RedactingHandler(next slog.Handler) slog.Handler { return &redactHandler{next: next} }

type redactHandler struct{ next slog.Handler }

func (h *redactHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *redactHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, MaskNumbers(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(as))
	for i, a := range as {
		red[i] = redactAttr(a)
	}
	return &redactHandler{next: h.next.WithAttrs(red)}
}

func (h *redactHandler) WithGroup(name string) slog.Handler {
	return &redactHandler{next: h.next.WithGroup(name)}
}

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, MaskNumbers(v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, x := range g {
			red[i] = redactAttr(x)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, MaskNumbers(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, MaskNumbers(x.String()))
		case []byte:
			return slog.String(a.Key, MaskNumbers(string(x)))
		case string:
			return slog.String(a.Key, MaskNumbers(x))
		default:
			// Anything else a handler would print with %+v: print it here and mask it.
			return slog.String(a.Key, MaskNumbers(fmt.Sprintf("%+v", x)))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// MaskNumbers replaces the digits of every run of 9 to 12 digits, and of every "+84" number,
// by "*" but the last two ("0912345678" → "********78"), so that a log still tells two
// numbers apart without holding either. A number starting with 0 or +84 may be written in
// groups separated by single spaces or dots ("0912 345 678", "019.190.001.234"); other runs
// must stand together, so that dates and times ("2026-03-02 08:00") are not taken for one. A
// run of 13 digits or more (a long reference) is left alone.
func MaskNumbers(s string) string {
	if !hasLongRun(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		lead := i == 0 || !isDigit(s[i-1])
		plus := lead && strings.HasPrefix(s[i:], "+84")
		if !plus && !(lead && isDigit(s[i])) {
			b.WriteByte(s[i])
			i++
			continue
		}
		from := i
		if plus {
			from++
		}
		end, n := numberRun(s, from, plus || s[from] == '0')
		if !fits(n, plus) {
			// Grouped it is too long or too short: the first group alone may still be one.
			end, n = numberRun(s, from, false)
		}
		if plus && !fits(n, true) {
			// Not a +84 number: the digits after "+" are judged as any run.
			b.WriteByte('+')
			i++
			continue
		}
		if fits(n, plus) {
			mask(&b, s[i:end], n)
		} else {
			b.WriteString(s[i:end])
		}
		i = end
	}
	return b.String()
}

// numberRun returns where the run of digits at from ends and how many digits it holds; with
// grouped, single spaces or dots between digits belong to it.
func numberRun(s string, from int, grouped bool) (end, digits int) {
	j := from
	for j < len(s) {
		switch {
		case isDigit(s[j]):
			digits++
			j++
		case grouped && (s[j] == ' ' || s[j] == '.') && j+1 < len(s) && isDigit(s[j+1]) && j > from:
			j++
		default:
			return j, digits
		}
	}
	return j, digits
}

// fits says whether a run of n digits is an ID or phone number: 9–12 digits, or after "+" the
// 84 and 9 or 10 more.
func fits(n int, plus bool) bool {
	if plus {
		return n >= 11 && n <= 12
	}
	return n >= 9 && n <= 12
}

// mask writes run with its digits starred but the last two; separators and "+" stay.
func mask(b *strings.Builder, run string, digits int) {
	seen := 0
	for k := 0; k < len(run); k++ {
		if isDigit(run[k]) {
			seen++
			if seen <= digits-2 {
				b.WriteByte('*')
				continue
			}
		}
		b.WriteByte(run[k])
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasLongRun is the cheap test that most log lines pass untouched: 9 digits with nothing but
// spaces, dots and "+" between them.
func hasLongRun(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			if n++; n >= 9 {
				return true
			}
		case c == ' ' || c == '.' || c == '+':
		default:
			n = 0
		}
	}
	return false
}
