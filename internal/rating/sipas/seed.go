package sipas

import (
	"context"
	"math/rand/v2"
	"net/url"
	"strconv"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// Demo answers: the shares of each level drawn, from "very dissatisfied" to "very
// satisfied", out of 100, and how often a criterion is left blank.
var demoWeights = []int{2, 4, 9, 50, 35}

const demoBlankPercent = 4

// SeedDemo gives the demo commune one closed survey of the year, on the dossiers returned
// since the first of January, with answers drawn reproducibly, and a target for the year, so
// that the chairman's page shows an index. It does nothing when the commune has a survey, or
// no dossier was returned this year.
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor) error {
	const op = "sipas: seed demo"
	var n int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM sipas_surveys WHERE commune_id = $1`, communeID).Scan(&n); err != nil {
		return errs.Wrap(op, err)
	}
	if n > 0 || s.returned == nil {
		return nil
	}
	methodID, err := s.EnsureBuiltin(ctx, communeID)
	if err != nil {
		return err
	}
	today := s.Today()
	v, err := s.Create(ctx, communeID, by, Input{Title: "Khảo sát sự hài lòng năm " + strconv.Itoa(today.Year),
		PeriodFrom: calendar.NewDate(today.Year, time.January, 1).String(), PeriodTo: today.String(), MethodID: methodID,
		SampleSize: "40", Seed: "2026"})
	if fe, ok := errs.Fields(err); ok && fe["period_to"] == "sipas.err.population_empty" {
		return nil
	}
	if err != nil {
		return err
	}
	m, err := s.Method(ctx, communeID, methodID)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	sample, _, err := s.Invitations(ctx, communeID, v.ID, InvitationFilter{Limit: 200})
	if err != nil {
		return err
	}
	for k, i := range sample {
		if rng.IntN(100) >= 75 { // a quarter do not answer
			continue
		}
		f := url.Values{}
		for _, c := range m.Criteria() {
			if rng.IntN(100) < demoBlankPercent {
				continue
			}
			f.Set(FieldName(c.Code), strconv.Itoa(m.Scale[weighted(rng, demoWeights, len(m.Scale))].Value))
		}
		if k%3 == 0 {
			f.Set("comment", "Đề nghị bố trí thêm ghế ngồi chờ vào buổi sáng thứ Hai.")
		}
		if k%4 == 0 {
			err = s.AnswerPaper(ctx, communeID, v.ID, i.ID, by, f)
		} else {
			err = s.AnswerOnline(ctx, communeID, i.Token, f)
		}
		if err != nil && errs.KindOf(err) != errs.Invalid { // a questionnaire drawn all blank is skipped
			return err
		}
	}
	if _, err := s.Close(ctx, communeID, v.ID, by); err != nil {
		return err
	}
	_, err = s.SetTarget(ctx, communeID, by, strconv.Itoa(v.Year), "85")
	return err
}

// weighted draws an index below n with the weights (the last ones when n is shorter).
func weighted(rng *rand.Rand, weights []int, n int) int {
	ws := weights
	if len(ws) > n {
		ws = ws[len(ws)-n:]
	}
	total := 0
	for _, w := range ws {
		total += w
	}
	x := rng.IntN(total)
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}
