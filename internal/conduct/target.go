package conduct

import (
	"context"
	"strconv"

	"xaso/internal/errs"
)

// Count is a number under a key (a source, an outcome).
type Count struct {
	Key string
	N   int
}

// OfficerCount is an officer found in breach in a year, with the number of reviews that found
// it and how many proposed discipline.
type OfficerCount struct {
	OfficerID, Name, Title string
	Breaches, Discipline   int
}

// Target is the yearly target of plan III.1.4, "hàng năm không có cán bộ, công chức bị xử lý
// kỷ luật, không có cán bộ, công chức vi phạm nội quy, quy chế làm việc", computed from the
// log: the reports received in the year by source and by outcome and those still open, and the
// officers whom reviews of the year found in breach.
type Target struct {
	Year      int
	Received  int
	BySource  []Count // every source, in Sources order
	ByOutcome []Count // every outcome, in Outcomes order
	Open      int     // received in the year, not reviewed yet
	Overdue   int     // of those, past their due day
	// Officers found in breach by a review dated in the year (the outcome's Violation flag);
	// Disciplined counts those of them with discipline proposed.
	Officers    []OfficerCount
	Disciplined int
}

// Met reports whether the year has no officer in breach (and so none disciplined).
func (t Target) Met() bool { return len(t.Officers) == 0 }

// reportRow is one group of the year's reports.
type reportRow struct {
	Source  Source
	Status  Status
	Outcome string
	Overdue bool
	N       int
}

// summarize folds the groups of the year's reports into the target's counts (the breaches are
// added by the caller).
func summarize(year int, rows []reportRow) Target {
	t := Target{Year: year}
	bySource, byOutcome := map[Source]int{}, map[string]int{}
	for _, r := range rows {
		t.Received += r.N
		bySource[r.Source] += r.N
		if r.Status == Open {
			t.Open += r.N
			if r.Overdue {
				t.Overdue += r.N
			}
		} else {
			byOutcome[r.Outcome] += r.N
		}
	}
	for _, s := range Sources {
		t.BySource = append(t.BySource, Count{Key: string(s), N: bySource[s]})
	}
	for _, o := range Outcomes {
		t.ByOutcome = append(t.ByOutcome, Count{Key: o.Code, N: byOutcome[o.Code]})
	}
	return t
}

// YearTarget computes the target of a year in two grouped queries.
func (s *Service) YearTarget(ctx context.Context, communeID string, year int) (Target, error) {
	const op = "conduct: year target"
	from, to := strconv.Itoa(year)+"-01-01", strconv.Itoa(year)+"-12-31"
	rows, err := s.d.Query(ctx, `SELECT source, status, outcome, CASE WHEN status = 'open' AND due_on < $4 THEN 1 ELSE 0 END, COUNT(*)
		FROM conduct_reports WHERE commune_id = $1 AND received_on >= $2 AND received_on <= $3
		GROUP BY source, status, outcome, CASE WHEN status = 'open' AND due_on < $4 THEN 1 ELSE 0 END`,
		communeID, from, to, s.Today().String())
	if err != nil {
		return Target{}, errs.Wrap(op, err)
	}
	var groups []reportRow
	for rows.Next() {
		var g reportRow
		var source, status string
		var overdue int
		if err := rows.Scan(&source, &status, &g.Outcome, &overdue, &g.N); err != nil {
			rows.Close()
			return Target{}, errs.Wrap(op, err)
		}
		g.Source, g.Status, g.Overdue = Source(source), Status(status), overdue == 1
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Target{}, errs.Wrap(op, err)
	}
	t := summarize(year, groups)
	rows, err = s.d.Query(ctx, `SELECT officer_id, MAX(officer_name), MAX(officer_title), COUNT(*),
		COALESCE(SUM(CASE WHEN discipline = TRUE THEN 1 ELSE 0 END), 0)
		FROM conduct_reports WHERE commune_id = $1 AND violation = TRUE AND reviewed_on >= $2 AND reviewed_on <= $3
		GROUP BY officer_id ORDER BY MAX(officer_name), officer_id`, communeID, from, to)
	if err != nil {
		return Target{}, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var o OfficerCount
		if err := rows.Scan(&o.OfficerID, &o.Name, &o.Title, &o.Breaches, &o.Discipline); err != nil {
			return Target{}, errs.Wrap(op, err)
		}
		if o.Discipline > 0 {
			t.Disciplined++
		}
		t.Officers = append(t.Officers, o)
	}
	return t, errs.Wrap(op, rows.Err())
}
