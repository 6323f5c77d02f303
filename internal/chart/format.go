package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Unit says how a chart's values read.
type Unit uint8

const (
	Count   Unit = iota // a count or an amount: "1.234"
	Percent             // a percentage: "98,5 %"
)

// Target is a value to reach. The zero value is no target.
type Target struct {
	Value float64
	Set   bool
}

// Goal is a target of v.
func Goal(v float64) Target { return Target{Value: v, Set: true} }

// valid is a target that can be drawn: set and a finite number.
func (t Target) valid() bool { return t.Set && finite(t.Value) }

// Number writes x in lang's way with at most digits digits after the decimal separator,
// trailing zeros dropped: Vietnamese groups thousands with "." and writes the decimal comma
// ("1.234,5"), English the other way round ("1,234.5"). NaN and the infinities are "–".
func Number(lang string, x float64, digits int) string {
	if !finite(x) {
		return "–"
	}
	digits = min(max(digits, 0), 6)
	// Half away from zero, as people round (86,25 → 86,3) and as web.Decimal does.
	p := math.Pow(10, float64(digits))
	x = math.Round(x*p) / p
	str := strconv.FormatFloat(math.Abs(x), 'f', digits, 64)
	whole, frac, _ := strings.Cut(str, ".")
	frac = strings.TrimRight(frac, "0")
	group, point := ".", ","
	if lang == "en" {
		group, point = ",", "."
	}
	var b strings.Builder
	if x < 0 && (strings.Trim(whole, "0") != "" || frac != "") {
		b.WriteString("-")
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// format writes x in unit: a number, or a percentage ("98,5 %", "98.5%").
func format(lang string, u Unit, x float64, digits int) string {
	s := Number(lang, x, digits)
	if u == Percent && finite(x) {
		return fmt.Sprintf(msg(lang, "chart.percent"), s)
	}
	return s
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// niceCeil is the least "round" number (1, 2, 2.5 or 5 times a power of ten) at least x, for
// the end of a scale; zero or less gives 1.
func niceCeil(x float64) float64 {
	if !(x > 0) || !finite(x) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v := m * p; v >= x*(1-1e-9) {
			return v
		}
	}
	return 10 * p
}
