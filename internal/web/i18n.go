package web

import (
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Languages the interface speaks; the first is the default.
var Languages = []string{"vi", "en"}

// Catalog holds every user-facing string, in Vietnamese and English, by key. Each room adds its
// own messages; a key defined twice is a start-up error.
type Catalog struct {
	msgs map[string][2]string
}

// printers write numbers the way each language does. A message.Printer is safe for
// concurrent use once made.
var printers = map[string]*message.Printer{
	"vi": message.NewPrinter(language.Vietnamese),
	"en": message.NewPrinter(language.English),
}

// NewCatalog makes a catalogue from the rooms' message tables.
func NewCatalog(tables ...map[string][2]string) (*Catalog, error) {
	c := &Catalog{msgs: map[string][2]string{}}
	for _, t := range tables {
		for k, v := range t {
			if _, dup := c.msgs[k]; dup {
				return nil, fmt.Errorf("web: message %q defined twice", k)
			}
			if v[0] == "" {
				return nil, fmt.Errorf("web: message %q has no Vietnamese text", k)
			}
			c.msgs[k] = v
		}
	}
	return c, nil
}

// Has reports whether key exists.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[key]; return ok }

// Keys lists every key, sorted.
func (c *Catalog) Keys() []string { return slices.Sorted(maps.Keys(c.msgs)) }

// T translates key into lang, formatting args. An unknown key is shown as itself, so that a
// missing message is visible rather than blank (a test checks the templates use known keys).
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.msgs[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" && m[1] != "" {
		s = m[1]
	}
	if len(args) == 0 {
		return s
	}
	// Whole numbers in a message are years, entry numbers, page numbers and codes: never grouped
	// ("Năm 2026", not "Năm 2.026"). A count that should be grouped is passed through Number.
	plainArgs := make([]any, len(args))
	for i, a := range args {
		plainArgs[i] = plainInt(a)
	}
	return printers[langOrDefault(lang)].Sprintf(s, plainArgs...)
}

// plainInt wraps an integer so that the printer writes its digits without grouping; other
// values (floats keep the language's decimal comma) are returned as they are.
func plainInt(a any) any {
	switch n := a.(type) {
	case int:
		return plain(n)
	case int64:
		return plain(n)
	case int32:
		return plain(n)
	}
	return a
}

type plain int64

func (p plain) Format(f fmt.State, verb rune) { fmt.Fprintf(f, fmt.FormatString(f, verb), int64(p)) }

// Decimal writes x the way lang writes decimals (see the package function Decimal).
func (c *Catalog) Decimal(lang string, x float64) string { return Decimal(lang, x) }

// Number formats n the way lang writes numbers (see the package function Number).
func (c *Catalog) Number(lang string, n any) string { return Number(lang, n) }

// Decimal writes x with at most two decimals the way lang writes them: a decimal comma and
// grouped thousands in Vietnamese ("1.234,5"), a decimal point in English ("1,234.5"). It is
// the one formatter of decimals: pages reach it through View.Dec, forms and exports directly.
func Decimal(lang string, x float64) string {
	x = math.Round(x*100) / 100
	str := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	whole, frac, _ := strings.Cut(str, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := printers[langOrDefault(lang)].Sprint(n)
	if frac != "" {
		sep := ","
		if langOrDefault(lang) == "en" {
			sep = "."
		}
		out += sep + frac
	}
	if x < 0 {
		out = "-" + out
	}
	return out
}

// Number formats a count or an amount n the way lang writes it ("1.234" in Vietnamese,
// "1,234" in English). Years, page numbers and codes are not counts: write them plain.
func Number(lang string, n any) string {
	if f, ok := n.(float64); ok {
		return Decimal(lang, f)
	}
	return printers[langOrDefault(lang)].Sprint(n)
}

func langOrDefault(l string) string {
	if slices.Contains(Languages, l) {
		return l
	}
	return Languages[0]
}

// langCookie remembers the chosen language.
const langCookie = "xaso_lang"

func requestLang(r *http.Request, def string) string {
	if c, err := r.Cookie(langCookie); err == nil && slices.Contains(Languages, c.Value) {
		return c.Value
	}
	return def
}
