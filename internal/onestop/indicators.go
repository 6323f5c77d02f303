package onestop

import (
	"context"
	"math"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// The national service-quality index (Decision 766/QĐ-TTg, 2022; 100 points in 5 groups), as far
// as the one-stop room can compute it from its own records, for a month and optionally one
// procedure.
//
// Computed here (group, key):
//   - progress and results: on_time (the rule of OnTimeStats), avg_handling_days;
//   - online services: online_procedures, online_share, online_payment;
//   - digitisation: e_result, digitised, reuse.
//
// Not computed here, because the records are elsewhere or do not exist in xaso:
//   - transparency: procedures published on time, catalogue updated within 5 days, dossiers
//     synced to the national portal (no portal link yet);
//   - online services that actually received a dossier (needs the portal's list of services);
//     procedures payable online (no payment gateway configuration yet);
//   - digitisation: link to the citizen's data store, use of the population database (VNeID
//     checks are recorded per dossier, verified_vneid, but the national definition counts
//     database look-ups, which xaso does not make);
//   - satisfaction: its three rates (law-check-2026 §1 row 14) come from other rooms when the
//     composition root connects them (UseRatings): reports and recommendations handled on
//     time in the month (the petitions room: answered, refused or forwarded by the due time),
//     satisfaction with their handling (the senders' ratings of answered reports and
//     recommendations), and satisfaction with the handling of procedures (the dossiers rated
//     in the month at levels 4–5 over all dossiers rated in the month). The first two are of
//     the whole commune: they are left out of a one-procedure index.
//
// Points: below its threshold an indicator earns rate × max ÷ threshold, at or above it the
// full max (onestop-rules.md §7). The maximum points are this room's share of each group;
// the province's guidance may weigh them otherwise. The satisfaction rates' shares are an
// assumption: the group's 18 points split evenly over its three rates (6 each), with the
// threshold at 100 % (points in proportion to the rate), because Decision 766's points and
// thresholds per indicator could not be read (law-check-2026 §4).

// Indicator is one line of the index.
type Indicator struct {
	Key         string  `json:"key"`
	Name        string  `json:"name"`    // Vietnamese, the catalogue's text of NameKey
	Formula     string  `json:"formula"` // Vietnamese, how the value is counted (FormulaKey)
	NameKey     string  `json:"-"`       // catalogue key of the name
	FormulaKey  string  `json:"-"`       // catalogue key of the formula
	Value       float64 `json:"value"`   // percent, or working days for avg_handling_days
	Numerator   int     `json:"numerator"`
	Denominator int     `json:"denominator"`
	Threshold   float64 `json:"threshold"`
	Points      float64 `json:"points"`
	MaxPoints   float64 `json:"max_points"`
	// Counted are the codes behind the numerator, Others the rest of the denominator.
	Counted []string `json:"-"`
	Others  []string `json:"-"`
}

// Indicators is the index of a month.
type Indicators struct {
	Month       time.Time   `json:"-"`
	Procedure   string      `json:"-"`
	Items       []Indicator `json:"indicators"`
	TotalPoints float64     `json:"total_points"`
	MaxPoints   float64     `json:"max_points"`
}

// Indicator keys.
const (
	IndOnTime           = "on_time"
	IndAvgHandlingDays  = "avg_handling_days"
	IndOnlineProcedures = "online_procedures"
	IndOnlineShare      = "online_share"
	IndOnlinePayment    = "online_payment"
	IndEResult          = "e_result"
	IndDigitised        = "digitised"
	IndReuse            = "reuse"
	// IndSatisfaction is computed only when the rating room is connected (UseRatings).
	IndSatisfaction = "satisfaction"
	// IndPetitionsOnTime and IndPetitionSatisfaction are computed only when the petitions
	// and rating rooms are connected (UseRatings), and only for the whole commune.
	IndPetitionsOnTime      = "pakn_on_time"
	IndPetitionSatisfaction = "pakn_satisfaction"
)

// indicatorDef is an indicator's fixed part. Thresholds: Decision 766 where it says "full at"
// (online share 50 %, procedures online 80 %, digitised 80 %, reuse 80 %), else the 2025–2026
// targets (on time 98 %, online payment 60 %); electronic results are due for every result.
type indicatorDef struct {
	key, name, formula string // name and formula: catalogue keys (PageMessages)
	threshold, max     float64
}

var indicatorDefs = []indicatorDef{
	{IndOnTime, "onestop.page.indicators.name.on_time", "onestop.page.indicators.formula.on_time", 98, 10},
	{IndAvgHandlingDays, "onestop.page.indicators.name.avg_handling_days", "onestop.page.indicators.formula.avg_handling_days", 0, 10},
	{IndOnlineProcedures, "onestop.page.indicators.name.online_procedures", "onestop.page.indicators.formula.online_procedures", 80, 4},
	{IndOnlineShare, "onestop.page.indicators.name.online_share", "onestop.page.indicators.formula.online_share", 50, 6},
	{IndOnlinePayment, "onestop.page.indicators.name.online_payment", "onestop.page.indicators.formula.online_payment", 60, 4},
	{IndEResult, "onestop.page.indicators.name.e_result", "onestop.page.indicators.formula.e_result", 100, 4},
	{IndDigitised, "onestop.page.indicators.name.digitised", "onestop.page.indicators.formula.digitised", 80, 6},
	{IndReuse, "onestop.page.indicators.name.reuse", "onestop.page.indicators.formula.reuse", 80, 4},
}

// satisfactionDef is the satisfaction rate's fixed part (see the package comment above on its
// threshold and points, which are assumptions to be checked against the province's guidance).
var satisfactionDef = indicatorDef{IndSatisfaction, "onestop.page.indicators.name.satisfaction", "onestop.page.indicators.formula.satisfaction", 100, 6}

// The two rates of reports and recommendations (phản ánh, kiến nghị), with the same assumed
// threshold and points.
var (
	petitionsOnTimeDef      = indicatorDef{IndPetitionsOnTime, "onestop.page.indicators.name.pakn_on_time", "onestop.page.indicators.formula.pakn_on_time", 100, 6}
	petitionSatisfactionDef = indicatorDef{IndPetitionSatisfaction, "onestop.page.indicators.name.pakn_satisfaction", "onestop.page.indicators.formula.pakn_satisfaction", 100, 6}
)

// Ratings is what the one-stop room shows of the residents' ratings, which the rating room
// keeps; onestop does not import it, the composition root connects them (UseRatings).
type Ratings struct {
	// RateURL is the address of a dossier's rating page with its signed token: absolute, or
	// a path when the portal's address is not configured; "" when none can be made. The
	// receipt prints it with a QR code, the result-ready SMS carries it.
	RateURL func(communeID, code string) string
	// Satisfaction is the month's rated dossiers (month: any moment in it; procedure: a code,
	// or "" for all): those rated satisfied (levels 4–5) and the others, by code.
	Satisfaction func(ctx context.Context, communeID string, month time.Time, procedure string) (satisfied, others []string, err error)
	// PetitionsOnTime is the month's reports and recommendations whose handling ended, by
	// number: on time and late (the petitions room).
	PetitionsOnTime func(ctx context.Context, communeID string, month time.Time) (onTime, late []string, err error)
	// PetitionSatisfaction is the month's rated reports and recommendations, by number: rated
	// satisfied (levels 4–5) and the others (the rating room).
	PetitionSatisfaction func(ctx context.Context, communeID string, month time.Time) (satisfied, others []string, err error)
}

// UseRatings connects the rating room. Call it while building the app, before serving.
func (s *Service) UseRatings(r Ratings) { s.ratings = r }

// satisfactionIndicator is the satisfaction rate from the rated dossiers' codes.
func satisfactionIndicator(satisfied, others []string) Indicator {
	return rateIndicator(satisfactionDef, satisfied, others)
}

// rateIndicator is a rate indicator of def from the codes counted and the rest.
func rateIndicator(def indicatorDef, satisfied, others []string) Indicator {
	it := Indicator{Key: def.key, Name: PageMessages[def.name][0], Formula: PageMessages[def.formula][0], NameKey: def.name,
		FormulaKey: def.formula, Threshold: def.threshold, MaxPoints: def.max, Numerator: len(satisfied),
		Denominator: len(satisfied) + len(others), Counted: satisfied, Others: others}
	rate := rateOf(it.Numerator, it.Denominator)
	it.Value, it.Points = round2(rate), score(rate, def.threshold, def.max)
	return it
}

// score is rate × max ÷ threshold below the threshold, max at or above it.
func score(rate, threshold, maxPoints float64) float64 {
	if threshold <= 0 || rate >= threshold {
		return maxPoints
	}
	return round2(rate * maxPoints / threshold)
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// rateOf is num ÷ den in percent; 100 when there is nothing to count (nothing fell short).
func rateOf(num, den int) float64 {
	if den == 0 {
		return 100
	}
	return float64(num) * 100 / float64(den)
}

// Indicators computes the month's index for a commune (month: any moment in it; procedure: a
// procedure code, or "" for all). Two range queries on (commune_id, received_at) and
// (commune_id, finished_at), and the catalogue.
func (s *Service) Indicators(ctx context.Context, communeID string, month time.Time, procedure string) (Indicators, error) {
	start, end := MonthOf(month)
	received, err := queryDossiers(ctx, s.d, `SELECT `+dossierCols+` FROM dossiers WHERE commune_id = $1
		AND received_at >= $2 AND received_at < $3 AND ($4 = '' OR procedure_code = $4) ORDER BY received_at, code`,
		communeID, start, end, procedure)
	if err != nil {
		return Indicators{}, err
	}
	finished, err := queryDossiers(ctx, s.d, `SELECT `+dossierCols+` FROM dossiers WHERE commune_id = $1
		AND finished_at >= $2 AND finished_at < $3 AND ($4 = '' OR procedure_code = $4) ORDER BY finished_at, code`,
		communeID, start, end, procedure)
	if err != nil {
		return Indicators{}, err
	}
	procs, err := activeProcedures(ctx, s.d, communeID, procedure)
	if err != nil {
		return Indicators{}, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Indicators{}, err
	}
	ind := computeIndicators(received, finished, procs, cal)
	ind.Month, ind.Procedure = start, procedure
	type source struct {
		def indicatorDef
		fn  func() ([]string, []string, error)
	}
	var group []source
	if f := s.ratings.PetitionsOnTime; f != nil && procedure == "" {
		group = append(group, source{petitionsOnTimeDef, func() ([]string, []string, error) { return f(ctx, communeID, start) }})
	}
	if f := s.ratings.PetitionSatisfaction; f != nil && procedure == "" {
		group = append(group, source{petitionSatisfactionDef, func() ([]string, []string, error) { return f(ctx, communeID, start) }})
	}
	if f := s.ratings.Satisfaction; f != nil {
		group = append(group, source{satisfactionDef, func() ([]string, []string, error) { return f(ctx, communeID, start, procedure) }})
	}
	for _, src := range group {
		yes, no, err := src.fn()
		if err != nil {
			return Indicators{}, err
		}
		it := rateIndicator(src.def, yes, no)
		ind.Items = append(ind.Items, it)
		ind.TotalPoints = round2(ind.TotalPoints + it.Points)
		ind.MaxPoints += it.MaxPoints
	}
	return ind, nil
}

// computeIndicators counts the index from the month's dossiers: those received in it and those
// whose processing ended in it (withdrawn and still-open ones are not "ended").
func computeIndicators(received, finished []Dossier, procs []Procedure, cal *calendar.Calendar) Indicators {
	type tally struct {
		counted, others []string
	}
	t := map[string]*tally{}
	for _, def := range indicatorDefs {
		t[def.key] = &tally{}
	}
	add := func(key, code string, yes bool) {
		if yes {
			t[key].counted = append(t[key].counted, code)
		} else {
			t[key].others = append(t[key].others, code)
		}
	}
	for _, p := range procs {
		add(IndOnlineProcedures, p.Code, p.OnlineAllowed)
	}
	for _, d := range received {
		add(IndOnlineShare, d.Code, d.Channel == ChannelOnline)
		add(IndReuse, d.Code, d.Digital.ReusedParts > 0)
		if d.Fee.Amount > 0 && d.Fee.Paid {
			add(IndOnlinePayment, d.Code, d.Fee.PaidOnline)
		}
	}
	var days, legal float64
	for _, d := range finished {
		if !d.Status.Finished() {
			continue
		}
		_, onTime := classify(d)
		add(IndOnTime, d.Code, onTime)
		add(IndDigitised, d.Code, d.Digital.Digitised)
		if d.Status != StateRejected && d.Status != StateStopped {
			add(IndEResult, d.Code, d.Digital.EResult)
		}
		from := d.ClockStartAt
		if from.IsZero() {
			from = d.ReceivedAt
		}
		n := max(cal.WorkingDaysBetween(calendar.DateOf(from), calendar.DateOf(d.FinishedAt)), 0)
		days += float64(n)
		legal += legalDays(d.Processing)
		add(IndAvgHandlingDays, d.Code, true)
	}
	var out Indicators
	for _, def := range indicatorDefs {
		x := t[def.key]
		it := Indicator{Key: def.key, Name: PageMessages[def.name][0], Formula: PageMessages[def.formula][0],
			NameKey: def.name, FormulaKey: def.formula, Threshold: def.threshold, MaxPoints: def.max,
			Numerator: len(x.counted), Denominator: len(x.counted) + len(x.others), Counted: x.counted, Others: x.others}
		if def.key == IndAvgHandlingDays {
			// A time, not a rate: full points when the average is within the legal limit,
			// else max × limit ÷ average (the same proportion, turned round).
			it.Numerator = int(days)
			it.Value, it.Threshold, it.Points = 0, 0, def.max
			if it.Denominator > 0 {
				it.Value = round2(days / float64(it.Denominator))
				it.Threshold = round2(legal / float64(it.Denominator))
				if it.Value > it.Threshold {
					it.Points = round2(def.max * it.Threshold / it.Value)
				}
			}
		} else {
			rate := rateOf(it.Numerator, it.Denominator)
			it.Value, it.Points = round2(rate), score(rate, def.threshold, def.max)
		}
		out.Items = append(out.Items, it)
		out.TotalPoints += it.Points
		out.MaxPoints += it.MaxPoints
	}
	out.TotalPoints = round2(out.TotalPoints)
	return out
}

// activeProcedures lists the codes of the commune's active procedures (or the one asked) and
// whether each is offered online; every one of them, not a page.
func activeProcedures(ctx context.Context, q db.Q, communeID, procedure string) ([]Procedure, error) {
	const op = "onestop: indicators"
	rows, err := q.Query(ctx, `SELECT code, online_allowed FROM procedures WHERE commune_id = $1 AND active = $2
		AND ($3 = '' OR code = $3) ORDER BY code`, communeID, true, procedure)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Procedure
	for rows.Next() {
		var p Procedure
		if err := rows.Scan(&p.Code, &p.OnlineAllowed); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, p)
	}
	return out, errs.Wrap(op, rows.Err())
}

// legalDays is a procedure's time limit in working days (hours count as a fraction of an
// 8-hour working day).
func legalDays(p Processing) float64 {
	return float64(p.Days) + float64(p.Minutes)/(8*60)
}

// Item returns the indicator with this key.
func (ind Indicators) Item(key string) (Indicator, bool) {
	for _, it := range ind.Items {
		if it.Key == key {
			return it, true
		}
	}
	return Indicator{}, false
}
