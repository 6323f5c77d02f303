package sipas

import (
	"context"

	"xaso/internal/errs"
)

// Year is one year's index against its target: the index of the year's latest closed survey
// (surveys of one year may use different methods, whose answers cannot be pooled), and the
// change from the year before, which the plan asks to maintain and raise (plan 2025 I.4).
type Year struct {
	Year      int
	Survey    Survey
	Index     Index
	Target    Target
	HasTarget bool
	// Previous is the index of the year before, if a survey closed then.
	Previous    Ratio
	HasPrevious bool
}

// Met reports whether the index reached the target.
func (y Year) Met() bool {
	return y.HasTarget && y.Index.Overall.Known() && y.Index.Overall.Hundredths() >= y.Target.Hundredths
}

// Change is the index minus the previous year's, in hundredths of a percent.
func (y Year) Change() int64 { return y.Index.Overall.Hundredths() - y.Previous.Hundredths() }

// ChangeText is Change with its sign, in lang: "+1,25", "-0,50", "0,00".
func (y Year) ChangeText(lang string) string {
	c := y.Change()
	if c > 0 {
		return "+" + HundredthsText(lang, c)
	}
	return HundredthsText(lang, c)
}

// maxYears bounds the years shown.
const maxYears = 10

// Years is the commune's last years that have a closed survey, the latest first, in four
// queries whatever their number.
func (s *Service) Years(ctx context.Context, communeID string) ([]Year, error) {
	const op = "sipas: years"
	rows, err := s.d.Query(ctx, `SELECT `+surveyCols+` FROM sipas_surveys s WHERE s.commune_id = $1 AND s.status = 'closed'
		ORDER BY s.year DESC, s.closed_at DESC, s.id DESC LIMIT 200`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	var latest []Survey
	seen := map[int]bool{}
	for rows.Next() {
		v, err := scanSurvey(rows)
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(op, err)
		}
		if !seen[v.Year] && len(latest) < maxYears+1 {
			seen[v.Year] = true
			latest = append(latest, v)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	indexes, err := s.Indexes(ctx, communeID, latest)
	if err != nil {
		return nil, err
	}
	targets, err := s.Targets(ctx, communeID)
	if err != nil {
		return nil, err
	}
	byYear := map[int]Target{}
	for _, t := range targets {
		byYear[t.Year] = t
	}
	var out []Year
	for i, v := range latest {
		if i == maxYears {
			break
		}
		y := Year{Year: v.Year, Survey: v, Index: indexes[v.ID]}
		y.Target, y.HasTarget = byYear[v.Year]
		if i+1 < len(latest) && latest[i+1].Year == v.Year-1 {
			y.Previous = indexes[latest[i+1].ID].Overall
			y.HasPrevious = y.Previous.Known() && y.Index.Overall.Known()
		}
		out = append(out, y)
	}
	return out, nil
}
