package sipas

import (
	"math/big"
	"testing"

	"xaso/internal/calendar"
)

// smallMethod has two elements: A with criteria a1 and a2, B with b1; five levels, satisfied
// from 4.
func smallMethod() Method {
	return Method{Code: "thu", Version: "1", Name: "Thử", LegalBasis: "Thử", EffectiveFrom: calendar.NewDate(2026, 1, 1),
		Scale:         []Level{{1, "Rất không hài lòng", ""}, {2, "Không hài lòng", ""}, {3, "Bình thường", ""}, {4, "Hài lòng", ""}, {5, "Rất hài lòng", ""}},
		SatisfiedFrom: 4,
		Elements: []Element{
			{Code: "A", Name: "Yếu tố A", Criteria: []Criterion{{Code: "a1", Text: "Tiêu chí a1"}, {Code: "a2", Text: "Tiêu chí a2"}}},
			{Code: "B", Name: "Yếu tố B", Criteria: []Criterion{{Code: "b1", Text: "Tiêu chí b1"}}},
		}}
}

// The index of a small sample worked by hand. Four questionnaires:
//
//	      q1  q2  q3  q4
//	a1     5   4   3   2    satisfied (4 or 5): 2 of 4 valid → 1/2
//	a2     5   5   4   –    3 of 3 valid                     → 1
//	b1     4   1   1   –    1 of 3 valid (q4 left it blank)  → 1/3
//
//	element A = (1/2 + 1) / 2 = 3/4          → 75,00 %
//	element B = 1/3                          → 33,33 % (3333,33… hundredths, rounded down)
//	overall   = (3/4 + 1/3) / 2 = 13/24      → 54,17 % (5416,66… hundredths, rounded up)
//
// Off-scale values and unknown criteria are ignored.
func TestIndexByHand(t *testing.T) {
	counts := []Count{
		{"a1", 5, 1}, {"a1", 4, 1}, {"a1", 3, 1}, {"a1", 2, 1},
		{"a2", 5, 2}, {"a2", 4, 1},
		{"b1", 4, 1}, {"b1", 1, 2},
		{"b1", 9, 7}, {"zz", 5, 3},
	}
	x := Compute(smallMethod(), counts, 4)
	if x.Responses != 4 || len(x.Elements) != 2 {
		t.Fatalf("%d responses, %d elements", x.Responses, len(x.Elements))
	}
	a1 := x.Elements[0].Criteria[0]
	if a1.Valid != 4 || a1.Satisfied != 2 || a1.Rate.Rat().Cmp(big.NewRat(1, 2)) != 0 || a1.ByLevel[0] != 0 || a1.ByLevel[1] != 1 || a1.ByLevel[4] != 1 {
		t.Fatalf("a1: %+v", a1)
	}
	b1 := x.Elements[1].Criteria[0]
	if b1.Valid != 3 || b1.Satisfied != 1 || b1.Rate.Rat().Cmp(big.NewRat(1, 3)) != 0 {
		t.Fatalf("b1: valid %d satisfied %d rate %v", b1.Valid, b1.Satisfied, b1.Rate.Rat())
	}
	for _, c := range []struct {
		name string
		got  Ratio
		want *big.Rat
		text string
		en   string
	}{
		{"element A", x.Elements[0].Rate, big.NewRat(3, 4), "75,00", "75.00"},
		{"element B", x.Elements[1].Rate, big.NewRat(1, 3), "33,33", "33.33"},
		{"overall", x.Overall, big.NewRat(13, 24), "54,17", "54.17"},
	} {
		if c.got.Rat().Cmp(c.want) != 0 {
			t.Errorf("%s = %v, want %v", c.name, c.got.Rat(), c.want)
		}
		if c.got.Text("vi") != c.text || c.got.Text("en") != c.en {
			t.Errorf("%s shown %q / %q, want %q / %q", c.name, c.got.Text("vi"), c.got.Text("en"), c.text, c.en)
		}
	}
}

// A criterion nobody answered is left out of its element's mean, and an element without any
// valid answer out of the overall one; with no answer at all the index is unknown.
func TestIndexLeavesOutWhatHasNoAnswer(t *testing.T) {
	x := Compute(smallMethod(), []Count{{"a1", 4, 3}, {"a1", 2, 1}}, 4)
	if x.Elements[0].Criteria[1].Rate.Known() || x.Elements[1].Rate.Known() {
		t.Fatal("a rate without answers is known")
	}
	if x.Elements[0].Rate.Rat().Cmp(big.NewRat(3, 4)) != 0 || x.Overall.Rat().Cmp(big.NewRat(3, 4)) != 0 {
		t.Fatalf("A %v overall %v, want 3/4 both", x.Elements[0].Rate.Rat(), x.Overall.Rat())
	}
	empty := Compute(smallMethod(), nil, 0)
	if empty.Overall.Known() || empty.Overall.Text("vi") != "—" || empty.Overall.Hundredths() != 0 {
		t.Fatalf("empty index: %v", empty.Overall.Rat())
	}
}

// Hundredths round half up, exactly, and print with two decimals.
func TestHundredths(t *testing.T) {
	for _, c := range []struct {
		num, den int64
		want     int64
		text     string
	}{
		{1, 20000, 1, "0,01"},    // 0,005 % is half a hundredth: up
		{1, 20001, 0, "0,00"},    // just under half: down
		{1, 1, 10000, "100,00"},  // all satisfied
		{2, 3, 6667, "66,67"},    // 6666,66…
		{1, 8, 1250, "12,50"},    // exact
		{85, 100, 8500, "85,00"}, // the trailing zero is kept
		{7, 9, 7778, "77,78"},    // 7777,77…
		{0, 5, 0, "0,00"},        // nobody satisfied
	} {
		x := Ratio{big.NewRat(c.num, c.den)}
		if got := x.Hundredths(); got != c.want || x.Text("vi") != c.text {
			t.Errorf("%d/%d: %d %q, want %d %q", c.num, c.den, got, x.Text("vi"), c.want, c.text)
		}
	}
	if HundredthsText("vi", -50) != "-0,50" || HundredthsText("en", 123456) != "1234.56" {
		t.Fatal(HundredthsText("vi", -50), HundredthsText("en", 123456))
	}
}

func TestParsePercent(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"85", 8500, true}, {"85,5", 8550, true}, {"85.50", 8550, true}, {" 90,25 % ", 9025, true}, {"100", 10000, true}, {"0", 0, true},
		{"100,01", 0, false}, {"-1", 0, false}, {"85,555", 0, false}, {"", 0, false}, {"abc", 0, false}, {"8 5", 0, false}, {",5", 0, false},
		{"85,", 8500, true}, {"1.000", 0, false}, {"+5", 0, false},
	} {
		got, ok := ParsePercent(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("%q: %d %v, want %d %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
