package democracy

// The thresholds of Law 10/2022 Art. 21.1 are counted against ALL households of the hamlet (or
// all hamlets of the commune), not against those present or those who answered. They are
// tested in integers: a fraction never decides a vote.

// MoreThanHalf reports whether yes is more than half of all: 2·yes > all. It is the test for
// matters 3–6 of Art. 15 (Art. 21.1.b) and for an election (Decree 59 Art. 8).
func MoreThanHalf(yes, all int) bool { return all > 0 && yes >= 0 && 2*yes > all }

// AtLeastTwoThirds reports whether yes is at least two thirds of all: 3·yes ≥ 2·all. It is the
// test for matters 1–2 of Art. 15 (Art. 21.1.a), and for the hamlets of a commune-wide matter.
func AtLeastTwoThirds(yes, all int) bool { return all > 0 && yes >= 0 && 3*yes >= 2*all }

// AtLeastHalf reports whether n is at least half of all: 2·n ≥ all. It is the test for a
// petition to remove a hamlet head (Decree 59 Art. 9: 50 % of households or more).
func AtLeastHalf(n, all int) bool { return all > 0 && n >= 0 && 2*n >= all }

// AtLeastTenth reports whether n is at least a tenth of all: 10·n ≥ all. It is the test for a
// citizens' initiative (Art. 16.3: 10 % of households).
func AtLeastTenth(n, all int) bool { return all > 0 && n >= 0 && 10*n >= all }

// Needed is the least yes that passes a test over all (all+1 when none does), found with the
// test itself, so that a page says "cần ít nhất N hộ" by the same arithmetic that decides. The
// tests are monotone in yes, so a binary search finds it.
func Needed(pass func(yes, all int) bool, all int) int {
	lo, hi := 0, all+1 // pass(hi) is taken as true
	for lo < hi {
		mid := lo + (hi-lo)/2
		if pass(mid, all) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
