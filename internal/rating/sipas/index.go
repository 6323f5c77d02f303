package sipas

import (
	"fmt"
	"math/big"
)

// The index, computed in rationals (math/big) from counts of answers, and shown as a percent
// with two decimals only at the end. The formula implemented (the page writes it out, key
// sipas.formula.*) is the one commonly used for SIPAS; it has not been read against the
// Ministry's text:
//
//   - a criterion's satisfaction rate = answers at or above the method's satisfied level
//     ("Hài lòng", "Rất hài lòng" on the five-level scale) ÷ valid answers to that criterion
//     (a criterion left blank is not a valid answer and counts in neither);
//   - an element's index = the mean of the rates of its criteria that have valid answers;
//   - the overall index = the mean of the indices of the elements that have one.

// Ratio is a rate between 0 and 1, or unknown (no valid answer).
type Ratio struct{ r *big.Rat }

// Known reports whether the ratio has a value.
func (x Ratio) Known() bool { return x.r != nil }

// Rat is the exact value (nil when unknown).
func (x Ratio) Rat() *big.Rat {
	if x.r == nil {
		return nil
	}
	return new(big.Rat).Set(x.r)
}

// Hundredths is the ratio as hundredths of a percent, rounded half up: 0.85254 → 8525 (85,25 %).
func (x Ratio) Hundredths() int64 {
	if x.r == nil {
		return 0
	}
	return roundHalfUp(new(big.Rat).Mul(x.r, big.NewRat(10000, 1)))
}

// roundHalfUp rounds a non-negative rational to the nearest integer, halves up.
func roundHalfUp(q *big.Rat) int64 {
	num := new(big.Int).Mul(q.Num(), big.NewInt(2))
	num.Add(num, q.Denom())
	den := new(big.Int).Mul(q.Denom(), big.NewInt(2))
	return new(big.Int).Quo(num, den).Int64()
}

// Text is the percent with two decimals the way lang writes it, without the sign: "85,25" in
// Vietnamese, "85.25" in English; "—" when unknown.
func (x Ratio) Text(lang string) string {
	if x.r == nil {
		return "—"
	}
	return HundredthsText(lang, x.Hundredths())
}

// HundredthsText writes h hundredths of a percent with two decimals in lang's manner.
func HundredthsText(lang string, h int64) string {
	sep := ","
	if lang == "en" {
		sep = "."
	}
	sign := ""
	if h < 0 {
		sign, h = "-", -h
	}
	return fmt.Sprintf("%s%d%s%02d", sign, h/100, sep, h%100)
}

// ratio is a/b, unknown when b is 0.
func ratio(a, b int) Ratio {
	if b == 0 {
		return Ratio{}
	}
	return Ratio{big.NewRat(int64(a), int64(b))}
}

// mean is the mean of the known ratios, unknown when none is.
func mean(xs []Ratio) Ratio {
	sum, n := new(big.Rat), 0
	for _, x := range xs {
		if x.r != nil {
			sum.Add(sum, x.r)
			n++
		}
	}
	if n == 0 {
		return Ratio{}
	}
	return Ratio{sum.Quo(sum, big.NewRat(int64(n), 1))}
}

// Count is how many answers gave value to a criterion.
type Count struct {
	Criterion string
	Value     int
	N         int
}

// CriterionIndex is one criterion's line of the index.
type CriterionIndex struct {
	Criterion Criterion
	// ByLevel are the answers per level of the scale, in the scale's order.
	ByLevel   []int
	Satisfied int
	Valid     int
	Rate      Ratio
}

// ElementIndex is one element's line: its criteria and their mean.
type ElementIndex struct {
	Element  Element
	Criteria []CriterionIndex
	Rate     Ratio
}

// Index is a survey's result.
type Index struct {
	Method    Method
	Responses int // questionnaires received
	Elements  []ElementIndex
	Overall   Ratio
}

// Compute is the index of the answers counted in counts, read against m. Counts of a value
// off the scale or of a criterion the method does not have are ignored (they cannot be
// stored; a method is never changed once used).
func Compute(m Method, counts []Count, responses int) Index {
	type key struct {
		c string
		v int
	}
	n := map[key]int{}
	for _, c := range counts {
		n[key{c.Criterion, c.Value}] += c.N
	}
	out := Index{Method: m, Responses: responses}
	var elementRates []Ratio
	for _, e := range m.Elements {
		ei := ElementIndex{Element: e}
		var rates []Ratio
		for _, c := range e.Criteria {
			ci := CriterionIndex{Criterion: c, ByLevel: make([]int, len(m.Scale))}
			for i, l := range m.Scale {
				k := n[key{c.Code, l.Value}]
				ci.ByLevel[i] = k
				ci.Valid += k
				if m.Satisfied(l.Value) {
					ci.Satisfied += k
				}
			}
			ci.Rate = ratio(ci.Satisfied, ci.Valid)
			rates = append(rates, ci.Rate)
			ei.Criteria = append(ei.Criteria, ci)
		}
		ei.Rate = mean(rates)
		elementRates = append(elementRates, ei.Rate)
		out.Elements = append(out.Elements, ei)
	}
	out.Overall = mean(elementRates)
	return out
}
