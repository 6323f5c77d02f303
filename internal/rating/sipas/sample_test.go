package sipas

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// population makes n dossiers in the fields given with their weights, returned a day apart.
func population(n int, fields ...string) []Dossier {
	out := make([]Dossier, n)
	start := time.Date(2026, 1, 2, 2, 0, 0, 0, time.UTC)
	for i := range out {
		out[i] = Dossier{ID: fmt.Sprintf("id-%04d", i), Code: fmt.Sprintf("H-%04d", i), Field: fields[i%len(fields)],
			ProcedureName: "Thủ tục", ApplicantName: "Người " + fmt.Sprint(i), ReturnedAt: start.Add(time.Duration(i) * time.Hour)}
	}
	return out
}

func ids(ds []Dossier) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// The same population and seed draw the same sample, whatever order the population comes in;
// another seed draws another; every dossier drawn is of the population, once.
func TestSampleIsReproducible(t *testing.T) {
	pop := population(500, "Hộ tịch", "Chứng thực", "Đất đai", "")
	a := DrawSample(pop, 60, 42)
	shuffled := slices.Clone(pop)
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b := DrawSample(shuffled, 60, 42)
	if len(a) != 60 || !slices.Equal(ids(a), ids(b)) {
		t.Fatalf("two draws with seed 42 differ:\n%v\n%v", ids(a), ids(b))
	}
	c := DrawSample(pop, 60, 43)
	if slices.Equal(ids(a), ids(c)) {
		t.Fatal("seeds 42 and 43 drew the same sample")
	}
	known := map[string]bool{}
	for _, d := range pop {
		known[d.ID] = true
	}
	seen := map[string]bool{}
	for _, d := range a {
		if !known[d.ID] || seen[d.ID] {
			t.Fatalf("%s drawn twice or not in the population", d.ID)
		}
		seen[d.ID] = true
	}
}

// Each field gets its proportional share, the remainders going to the largest fractions:
// 100 dossiers of which 50 Hộ tịch, 30 Chứng thực, 20 Đất đai, sample 11 → quotas 5,5 / 3,3
// / 2,2 → 5 / 3 / 2 and the one left to Hộ tịch (remainder ,5 the largest) → 6 / 3 / 2.
func TestSampleIsStratifiedByField(t *testing.T) {
	var pop []Dossier
	for i, f := range []struct {
		name string
		n    int
	}{{"Hộ tịch", 50}, {"Chứng thực", 30}, {"Đất đai", 20}} {
		for j := range f.n {
			pop = append(pop, Dossier{ID: fmt.Sprintf("%d-%02d", i, j), Code: fmt.Sprintf("C%d-%02d", i, j), Field: f.name,
				ReturnedAt: time.Date(2026, 3, 1+j%20, 3, 0, 0, 0, time.UTC)})
		}
	}
	got := map[string]int{}
	for _, d := range DrawSample(pop, 11, 1) {
		got[d.Field]++
	}
	if got["Hộ tịch"] != 6 || got["Chứng thực"] != 3 || got["Đất đai"] != 2 {
		t.Fatalf("shares %v, want Hộ tịch 6, Chứng thực 3, Đất đai 2", got)
	}
	// A field's draw does not move when another field grows.
	more := slices.Clone(pop)
	for j := range 30 {
		more = append(more, Dossier{ID: fmt.Sprintf("9-%02d", j), Field: "Khác", ReturnedAt: time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)})
	}
	inField := func(ds []Dossier, f string) (out []string) {
		for _, d := range ds {
			if d.Field == f {
				out = append(out, d.ID)
			}
		}
		return out
	}
	// 130 dossiers, 26 drawn: Hộ tịch keeps 10 = 26·50/130, exactly, in both draws of 20 of 100 and 26 of 130.
	x, y := DrawSample(pop, 20, 5), DrawSample(more, 26, 5)
	if !slices.Equal(inField(x, "Hộ tịch"), inField(y, "Hộ tịch")) {
		t.Fatalf("Hộ tịch drew %v, then %v when another field was added", inField(x, "Hộ tịch"), inField(y, "Hộ tịch"))
	}
}

// A size at or above the population invites everyone once; none, or an empty population,
// draws nothing.
func TestSampleEdges(t *testing.T) {
	pop := population(7, "A", "B")
	pop = append(pop, pop[0]) // the same dossier twice
	if got := DrawSample(pop, 50, 1); len(got) != 7 {
		t.Fatalf("took %d of 7", len(got))
	}
	if DrawSample(pop, 0, 1) != nil || DrawSample(nil, 5, 1) != nil {
		t.Fatal("drew from nothing")
	}
	one := DrawSample(pop, 1, 9)
	if len(one) != 1 {
		t.Fatalf("drew %d", len(one))
	}
}
