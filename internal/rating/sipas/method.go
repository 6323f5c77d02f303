package sipas

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// A method (phương pháp đo lường) is the questionnaire as data: the elements (yếu tố) the
// satisfaction is measured on, the criteria (tiêu chí) of each, the answer scale and the
// level from which an answer counts as satisfied, with the legal basis, version and
// effective date that are copied onto each survey. A method is stored once per commune and
// never changed: a new wording is a new version, so that the answers of a survey always
// read against the criteria they were given.

// Level is one step of the answer scale.
type Level struct {
	Value   int    `json:"value"`
	Label   string `json:"label"`
	LabelEN string `json:"label_en,omitempty"`
}

// Criterion is one question of the questionnaire.
type Criterion struct {
	Code   string `json:"code"`
	Text   string `json:"text"`
	TextEN string `json:"text_en,omitempty"`
}

// Element is a group of criteria.
type Element struct {
	Code     string      `json:"code"`
	Name     string      `json:"name"`
	NameEN   string      `json:"name_en,omitempty"`
	Criteria []Criterion `json:"criteria"`
}

// Method is a questionnaire with its scale and basis.
type Method struct {
	Code          string        `json:"code"`
	Version       string        `json:"version"`
	Name          string        `json:"name"`
	NameEN        string        `json:"name_en,omitempty"`
	LegalBasis    string        `json:"legal_basis"`
	EffectiveFrom calendar.Date `json:"effective_from"`
	// Verified is false while the criteria have not been read against the published text
	// (the method record then says "chưa đối chiếu văn bản").
	Verified      bool      `json:"verified"`
	Note          string    `json:"note,omitempty"`
	Scale         []Level   `json:"scale"`
	SatisfiedFrom int       `json:"satisfied_from"`
	Elements      []Element `json:"elements"`

	// Set once stored.
	ID      string `json:"-"`
	Builtin bool   `json:"-"`
}

// in is the text for lang: the English wording when there is one and lang is "en".
func in(lang, vi, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return vi
}

// Title is the method's name in lang.
func (m Method) Title(lang string) string { return in(lang, m.Name, m.NameEN) }

// In is the level's name in lang.
func (l Level) In(lang string) string { return in(lang, l.Label, l.LabelEN) }

// In is the criterion's wording in lang.
func (c Criterion) In(lang string) string { return in(lang, c.Text, c.TextEN) }

// In is the element's name in lang.
func (e Element) In(lang string) string { return in(lang, e.Name, e.NameEN) }

// Satisfied reports whether an answer of value v counts as satisfied.
func (m Method) Satisfied(v int) bool { return v >= m.SatisfiedFrom }

// HasValue reports whether v is a level of the scale.
func (m Method) HasValue(v int) bool {
	for _, l := range m.Scale {
		if l.Value == v {
			return true
		}
	}
	return false
}

// Criteria lists every criterion in questionnaire order.
func (m Method) Criteria() []Criterion {
	var out []Criterion
	for _, e := range m.Elements {
		out = append(out, e.Criteria...)
	}
	return out
}

// Limits of a method.
const (
	MaxMethodBytes  = 256 << 10
	maxElements     = 20
	maxPerElement   = 50
	maxCriteria     = 200
	maxScale        = 10
	maxMethodName   = 300
	maxLegalBasis   = 500
	maxMethodNote   = 2000
	maxCriterionLen = 500
	maxLevelLen     = 100
	maxCodeLen      = 64
	maxVersionLen   = 32
	maxItemCode     = 16
)

//go:embed methods/sipas-5-yeu-to.json
var builtinJSON []byte

// Builtin is the method xaso ships: the five elements commonly used by SIPAS, with criteria
// written as data and not yet read against the Ministry of Home Affairs' text (Verified is
// false). Decision 2640/QĐ-BNV (10/10/2017) is known to exist for 2017–2020; its criteria
// were not seen, and no decision for 2022–2030 could be confirmed (domain/law-check-2026.md
// §1 row 15).
func Builtin() Method {
	m, err := ParseMethod(bytes.NewReader(builtinJSON))
	if err != nil {
		panic("sipas: the shipped method does not parse: " + err.Error())
	}
	m.Builtin = true
	return m
}

// methodErr is a method's problem with its Vietnamese message key and arguments.
func methodErr(key string, args ...any) error {
	return errs.E("sipas: method", errs.Invalid, key, args...)
}

// ParseMethod reads a method from JSON (a commune's file). Every problem is an errs.Invalid
// with a message key of the catalogue that says, in Vietnamese, where it is.
func ParseMethod(r io.Reader) (Method, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxMethodBytes+1))
	if err != nil {
		return Method{}, methodErr("sipas.err.method.read")
	}
	if len(b) > MaxMethodBytes {
		return Method{}, methodErr("sipas.err.method.too_large")
	}
	if !utf8.Valid(b) {
		return Method{}, methodErr("sipas.err.method.utf8")
	}
	var wire struct {
		Code          string    `json:"code"`
		Version       string    `json:"version"`
		Name          string    `json:"name"`
		NameEN        string    `json:"name_en"`
		LegalBasis    string    `json:"legal_basis"`
		EffectiveFrom string    `json:"effective_from"`
		Verified      bool      `json:"verified"`
		Note          string    `json:"note"`
		Scale         []Level   `json:"scale"`
		SatisfiedFrom int       `json:"satisfied_from"`
		Elements      []Element `json:"elements"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&wire); err != nil {
		return Method{}, jsonProblem(err)
	}
	if dec.More() {
		return Method{}, methodErr("sipas.err.method.trailing")
	}
	if _, err := dec.Token(); err != io.EOF {
		return Method{}, methodErr("sipas.err.method.trailing")
	}
	m := Method{Code: strings.TrimSpace(wire.Code), Version: strings.TrimSpace(wire.Version), Name: text(wire.Name),
		NameEN: text(wire.NameEN), LegalBasis: text(wire.LegalBasis), Verified: wire.Verified, Note: text(wire.Note),
		SatisfiedFrom: wire.SatisfiedFrom}
	if !codeOK(m.Code, maxCodeLen, false) {
		return Method{}, methodErr("sipas.err.method.code")
	}
	if !codeOK(m.Version, maxVersionLen, true) {
		return Method{}, methodErr("sipas.err.method.version")
	}
	if m.Name == "" || runes(m.Name) > maxMethodName || runes(m.NameEN) > maxMethodName {
		return Method{}, methodErr("sipas.err.method.name")
	}
	if m.LegalBasis == "" || runes(m.LegalBasis) > maxLegalBasis {
		return Method{}, methodErr("sipas.err.method.legal_basis")
	}
	if m.EffectiveFrom, err = calendar.ParseDate(strings.TrimSpace(wire.EffectiveFrom)); err != nil || m.EffectiveFrom.Year < 2000 {
		return Method{}, methodErr("sipas.err.method.effective_from")
	}
	if runes(m.Note) > maxMethodNote {
		return Method{}, methodErr("sipas.err.method.note")
	}
	if len(wire.Scale) < 2 || len(wire.Scale) > maxScale {
		return Method{}, methodErr("sipas.err.method.scale_count")
	}
	for i, l := range wire.Scale {
		if l.Value < 1 || l.Value > maxScale || (i > 0 && l.Value <= wire.Scale[i-1].Value) {
			return Method{}, methodErr("sipas.err.method.scale_order", i+1)
		}
		l.Label, l.LabelEN = text(l.Label), text(l.LabelEN)
		if l.Label == "" || runes(l.Label) > maxLevelLen || runes(l.LabelEN) > maxLevelLen {
			return Method{}, methodErr("sipas.err.method.scale_label", i+1)
		}
		m.Scale = append(m.Scale, l)
	}
	if !m.HasValue(m.SatisfiedFrom) || m.SatisfiedFrom == m.Scale[0].Value {
		return Method{}, methodErr("sipas.err.method.satisfied_from")
	}
	if len(wire.Elements) < 1 || len(wire.Elements) > maxElements {
		return Method{}, methodErr("sipas.err.method.elements_count")
	}
	seen := map[string]bool{}
	total := 0
	for i, e := range wire.Elements {
		e.Code, e.Name, e.NameEN = strings.TrimSpace(e.Code), text(e.Name), text(e.NameEN)
		if !codeOK(e.Code, maxItemCode, true) || seen["e"+e.Code] {
			return Method{}, methodErr("sipas.err.method.element_code", i+1)
		}
		seen["e"+e.Code] = true
		if e.Name == "" || runes(e.Name) > maxMethodName || runes(e.NameEN) > maxMethodName {
			return Method{}, methodErr("sipas.err.method.element_name", i+1)
		}
		if len(e.Criteria) < 1 || len(e.Criteria) > maxPerElement {
			return Method{}, methodErr("sipas.err.method.criteria_count", i+1)
		}
		crit := make([]Criterion, 0, len(e.Criteria))
		for j, c := range e.Criteria {
			c.Code, c.Text, c.TextEN = strings.TrimSpace(c.Code), text(c.Text), text(c.TextEN)
			if !codeOK(c.Code, maxItemCode, true) || seen["c"+c.Code] {
				return Method{}, methodErr("sipas.err.method.criterion_code", i+1, j+1)
			}
			seen["c"+c.Code] = true
			if c.Text == "" || runes(c.Text) > maxCriterionLen || runes(c.TextEN) > maxCriterionLen {
				return Method{}, methodErr("sipas.err.method.criterion_text", i+1, j+1)
			}
			crit = append(crit, c)
		}
		if total += len(crit); total > maxCriteria {
			return Method{}, methodErr("sipas.err.method.criteria_total")
		}
		e.Criteria = crit
		m.Elements = append(m.Elements, e)
	}
	return m, nil
}

// jsonProblem turns a decoder's error into the message a commune can act on.
func jsonProblem(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return methodErr("sipas.err.method.syntax", syn.Offset)
	case errors.As(err, &typ):
		return methodErr("sipas.err.method.type", fieldName(typ.Field))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return methodErr("sipas.err.method.empty")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return methodErr("sipas.err.method.unknown_field", fieldName(strings.Trim(name, `"`)))
	}
	return methodErr("sipas.err.method.invalid")
}

// fieldName keeps a JSON field's name short and printable for a message.
func fieldName(s string) string {
	s = strings.ToValidUTF8(s, "")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	if s == "" {
		return "?"
	}
	return s
}

// text is s trimmed, without NUL and in NFC (decomposed Vietnamese prints with misplaced
// accents in the PDF).
func text(s string) string {
	return strings.TrimSpace(norm.NFC.String(strings.ReplaceAll(s, "\x00", "")))
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// codeOK reports whether s is a code: ASCII letters (lower case only for a method's code),
// digits, '.', '-' and '_', of 1 to max characters.
func codeOK(s string, max int, upper bool) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
		case upper && r >= 'A' && r <= 'Z':
		default:
			return false
		}
	}
	return true
}

// encode is the method as stored (the same JSON a commune loads).
func (m Method) encode() string {
	b, err := json.Marshal(m) // calendar.Date marshals as YYYY-MM-DD
	if err != nil {
		panic("sipas: encode method: " + err.Error())
	}
	return string(b)
}
