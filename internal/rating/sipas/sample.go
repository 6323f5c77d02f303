package sipas

import (
	"cmp"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"time"
)

// Dossier is a dossier returned to its applicant in a survey's period, as the one-stop room
// lists it (app adapts onestop.ReturnedDossier).
type Dossier struct {
	ID             string
	Code           string
	ProcedureCode  string
	ProcedureName  string
	Field          string // the procedure's field (lĩnh vực); "" when unknown
	ApplicantName  string
	ApplicantPhone string
	ReturnedAt     time.Time
}

// Stratum is the group a dossier is drawn in: its procedure's field.
func (d Dossier) Stratum() string {
	if d.Field == "" {
		return "—"
	}
	return d.Field
}

// DrawSample draws size dossiers from population, reproducibly: the same population and seed
// give the same sample, whatever order the population comes in. It is stratified by the
// procedure's field: each field gets its proportional share of the sample (largest
// remainders, ties to the larger field, then by name), and its dossiers are drawn by a
// shuffle seeded from seed and the field's name, so that one field's draw does not move
// when another field grows. A size at or above the population takes everyone. The sample
// comes in field order, then in the order dossiers were returned.
func DrawSample(population []Dossier, size int, seed uint64) []Dossier {
	if size <= 0 || len(population) == 0 {
		return nil
	}
	pop := slices.Clone(population)
	slices.SortFunc(pop, func(a, b Dossier) int {
		return cmp.Or(cmp.Compare(a.Stratum(), b.Stratum()), a.ReturnedAt.Compare(b.ReturnedAt), cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.ID, b.ID))
	})
	pop = slices.CompactFunc(pop, func(a, b Dossier) bool { return a.ID == b.ID })
	if size >= len(pop) {
		return pop
	}
	type stratum struct {
		name      string
		members   []Dossier
		take      int
		remainder int // numerator of the fractional share, over len(pop)
	}
	var strata []*stratum
	for i := 0; i < len(pop); {
		j := i
		for j < len(pop) && pop[j].Stratum() == pop[i].Stratum() {
			j++
		}
		strata = append(strata, &stratum{name: pop[i].Stratum(), members: pop[i:j]})
		i = j
	}
	// Hamilton's method in integers: quota = size·n_k / N.
	given := 0
	for _, s := range strata {
		q := size * len(s.members)
		s.take, s.remainder = q/len(pop), q%len(pop)
		given += s.take
	}
	order := slices.Clone(strata)
	slices.SortStableFunc(order, func(a, b *stratum) int {
		return cmp.Or(-cmp.Compare(a.remainder, b.remainder), -cmp.Compare(len(a.members), len(b.members)), cmp.Compare(a.name, b.name))
	})
	for i := 0; given < size; i++ {
		order[i%len(order)].take++
		given++
	}
	var out []Dossier
	for _, s := range strata {
		h := fnv.New64a()
		h.Write([]byte(s.name))
		rng := rand.New(rand.NewPCG(seed, h.Sum64()))
		idx := rng.Perm(len(s.members))[:s.take]
		slices.Sort(idx) // back in the order returned
		for _, i := range idx {
			out = append(out, s.members[i])
		}
	}
	return out
}
