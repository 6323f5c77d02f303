package democracy

// Count is what was counted of a decision in one hamlet.
type Count struct {
	HamletID   string
	HamletName string
	// Households is every household of the hamlet when it was counted: the denominator of
	// Art. 21.1, whoever came or answered.
	Households int
	Present    int // representatives present (a meeting) or ballots returned (household ballots)
	Yes, No    int
	Invalid    int // blank or spoilt ballots, abstentions
}

// Absent is the households not represented.
func (c Count) Absent() int { return max(c.Households-c.Present, 0) }

// HamletResult is a hamlet's count with its arithmetic.
type HamletResult struct {
	Count
	Needed int  // the least yes that passes in this hamlet
	Passed bool // Yes ≥ Needed
}

// Result is a decision's outcome with every figure the result page shows.
type Result struct {
	Matter      Matter
	CommuneWide bool
	Hamlets     []HamletResult // the hamlets counted, in the order given
	// Households and Yes are summed over the hamlets counted; Needed is the least yes that
	// passes over Households.
	Households, Yes, No, Invalid, Present int
	Needed                                int
	HouseholdsPassed                      bool
	// For a commune-wide matter 1–2 (Art. 21.1.a): the hamlets where it passed, over all the
	// commune's hamlets, and the least number that must.
	HamletsPassed, HamletsAll, HamletsNeeded int
	HamletsRule, HamletsOK                   bool
	// Complete: every hamlet of the decision is counted; a result is final only then.
	Complete bool
	Passed   bool
}

// Evaluate applies Art. 21.1 to the counts of a decision. hamletsAll is the number of hamlets
// the decision covers (1 for a hamlet's decision, every hamlet of the commune for a
// commune-wide one). Only integers decide.
func Evaluate(m Matter, communeWide bool, counts []Count, hamletsAll int) Result {
	r := Result{Matter: m, CommuneWide: communeWide, HamletsAll: hamletsAll}
	for _, c := range counts {
		h := HamletResult{Count: c, Needed: Needed(m.Pass, c.Households)}
		h.Passed = m.Pass(c.Yes, c.Households)
		if h.Passed {
			r.HamletsPassed++
		}
		r.Households += c.Households
		r.Yes += c.Yes
		r.No += c.No
		r.Invalid += c.Invalid
		r.Present += c.Present
		r.Hamlets = append(r.Hamlets, h)
	}
	r.Needed = Needed(m.Pass, r.Households)
	r.HouseholdsPassed = m.Pass(r.Yes, r.Households)
	r.Complete = len(counts) == hamletsAll && hamletsAll > 0
	r.Passed = r.Complete && r.HouseholdsPassed
	// Art. 21.1.a: a commune-wide matter 1–2 also needs two thirds of the hamlets.
	if communeWide && m.TwoThirds() {
		r.HamletsRule = true
		r.HamletsNeeded = Needed(AtLeastTwoThirds, hamletsAll)
		r.HamletsOK = AtLeastTwoThirds(r.HamletsPassed, hamletsAll)
		r.Passed = r.Passed && r.HamletsOK
	}
	return r
}

// RuleKey is the catalogue key of the sentence that states the test with its figures.
func (r Result) RuleKey() string {
	if r.Matter.TwoThirds() {
		return "democracy.arith.two_thirds"
	}
	return "democracy.arith.half"
}
