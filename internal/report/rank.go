package report

import (
	"cmp"
	"slices"
)

// rank orders the communes: more targets met first, then the higher on-time rate of dossiers,
// then by name; equal scores and rates share a rank (1, 2, 2, 4).
func rank(rs []Ranked) {
	onTime := func(r Ranked) float64 {
		m, _ := r.Board.Get(KeyDossiersOnTime)
		return m.Rate
	}
	slices.SortStableFunc(rs, func(a, b Ranked) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(onTime(b), onTime(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.Commune.Name, b.Commune.Name)
	})
	for i := range rs {
		rs[i].Rank = i + 1
		if i > 0 && rs[i].Score == rs[i-1].Score && onTime(rs[i]) == onTime(rs[i-1]) {
			rs[i].Rank = rs[i-1].Rank
		}
	}
}
