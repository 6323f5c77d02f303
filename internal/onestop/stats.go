package onestop

import (
	"context"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// Stats is a month's on-time rate by the national rule (Decision 766/QĐ-TTg, group "progress
// and results"), with the dossiers behind each number.
//
// Counted: dossiers whose processing ended in the month (approved, refused or stopped:
// finished_at in the month). Withdrawn dossiers are not the office's work and are left out.
// A dossier is on time when it ended no later than its legal due date — the date computed by
// the calendar from the moment it was last complete, so the time the applicant spent
// supplementing is deducted (Decree 61/2018 Art. 19.4) — and it had at most one supplement
// request. An apology does not make a late dossier on time: it is compared with the due date
// before the apology (LateWithApology counts those).
type Stats struct {
	Month    time.Time // first day of the month, Vietnam's time
	Finished int
	OnTime   int
	Late     int
	// Rate is OnTime/Finished in percent (100 when nothing finished: nothing was late).
	Rate float64
	// LateWithApology: late dossiers whose applicant received an apology and a new date.
	LateWithApology int
	// OverdueOpen: dossiers still undecided at the end of the month (or now) and past due.
	OverdueOpen int

	OnTimeDossiers  []StatDossier
	LateDossiers    []StatDossier
	OverdueDossiers []StatDossier
}

// StatDossier is one dossier behind a number.
type StatDossier struct {
	Code               string
	ProcedureCode      string
	DueAt              time.Time // the legal due date
	FinishedAt         time.Time
	SupplementRequests int
	Apology            bool
	// Why is "" for on-time dossiers, else "past_due", "supplements" or both joined by "+".
	Why string
}

// Why values of StatDossier.
const (
	WhyPastDue     = "past_due"
	WhySupplements = "supplements"
)

// MonthOf returns the first moment of t's month in Vietnam's time, and the first moment of
// the next month.
func MonthOf(t time.Time) (time.Time, time.Time) {
	d := calendar.DateOf(t)
	start := time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, calendar.Zone)
	return start, start.AddDate(0, 1, 0)
}

// OnTimeStats computes the month's on-time rate for a commune (month: any moment in it).
// Two range queries on indexed columns.
func (s *Service) OnTimeStats(ctx context.Context, communeID string, month time.Time) (Stats, error) {
	start, end := MonthOf(month)
	st := Stats{Month: start}
	fin, err := queryDossiers(ctx, s.d, `SELECT `+dossierCols+` FROM dossiers WHERE commune_id = $1
		AND finished_at >= $2 AND finished_at < $3 ORDER BY finished_at, code`, communeID, start, end)
	if err != nil {
		return st, err
	}
	for _, d := range fin {
		if !d.Status.Finished() {
			continue
		}
		sd, onTime := classify(d)
		st.Finished++
		if onTime {
			st.OnTime++
			st.OnTimeDossiers = append(st.OnTimeDossiers, sd)
			continue
		}
		st.Late++
		if sd.Apology {
			st.LateWithApology++
		}
		st.LateDossiers = append(st.LateDossiers, sd)
	}
	st.Rate = 100
	if st.Finished > 0 {
		st.Rate = float64(st.OnTime) * 100 / float64(st.Finished)
	}
	cut := end
	if now := s.nowUTC(); now.Before(cut) {
		cut = now
	}
	open, err := queryDossiers(ctx, s.d, `SELECT `+dossierCols+` FROM dossiers WHERE commune_id = $1
		AND status IN ($2, $3, $4) AND due_at < $5 AND received_at < $6 ORDER BY due_at, code`,
		communeID, openStates[0], openStates[1], openStates[2], cut, end)
	if err != nil {
		return st, err
	}
	for _, d := range open {
		st.OverdueOpen++
		st.OverdueDossiers = append(st.OverdueDossiers, StatDossier{Code: d.Code, ProcedureCode: d.ProcedureCode,
			DueAt: d.LegalDueAt(), SupplementRequests: d.SupplementRequests, Apology: d.Apologies > 0, Why: WhyPastDue})
	}
	return st, nil
}

// classify applies Decision 766's rule to one finished dossier.
func classify(d Dossier) (StatDossier, bool) {
	sd := StatDossier{Code: d.Code, ProcedureCode: d.ProcedureCode, DueAt: d.LegalDueAt(), FinishedAt: d.FinishedAt,
		SupplementRequests: d.SupplementRequests, Apology: d.Apologies > 0}
	var why []string
	if !sd.DueAt.IsZero() && d.FinishedAt.After(sd.DueAt) {
		why = append(why, WhyPastDue)
	}
	if d.SupplementRequests > 1 {
		why = append(why, WhySupplements)
	}
	for i, w := range why {
		if i > 0 {
			sd.Why += "+"
		}
		sd.Why += w
	}
	return sd, len(why) == 0
}

// PeriodCounts are the on-time counts of a span of time, as OnTimeStats counts a month, but
// summed by the database: for the plan's dashboard over a quarter or a year.
type PeriodCounts struct {
	Finished, OnTime, Late, LateWithApology int
	// OverdueOpen: dossiers still undecided at the span's end (or now, if sooner) and past due.
	OverdueOpen int
}

// Counts sums the dossiers whose processing ended in [from, to) with Decision 766's rule (late:
// past the legal due time, or more than one supplement request) in one aggregate query, and
// counts those overdue and open at the end in another.
func (s *Service) Counts(ctx context.Context, communeID string, from, to time.Time) (PeriodCounts, error) {
	const op = "onestop: counts"
	var c PeriodCounts
	const late = `(finished_at > COALESCE(original_due_at, due_at) OR supplement_requests > 1)`
	err := s.d.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN `+late+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN `+late+` AND apologies > 0 THEN 1 ELSE 0 END), 0)
		FROM dossiers WHERE commune_id = $1 AND finished_at >= $2 AND finished_at < $3 AND status IN ($4, $5, $6, $7, $8)`,
		communeID, from.UTC(), to.UTC(), string(StateProcessed), string(StateResultReady), string(StateReturned), string(StateRejected),
		string(StateStopped)).Scan(&c.Finished, &c.Late, &c.LateWithApology)
	if err != nil {
		return c, errs.Wrap(op, err)
	}
	c.OnTime = c.Finished - c.Late
	cut := to.UTC()
	if now := s.nowUTC(); now.Before(cut) {
		cut = now
	}
	err = s.d.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers WHERE commune_id = $1 AND status IN ($2, $3, $4) AND due_at < $5 AND received_at < $6`,
		communeID, openStates[0], openStates[1], openStates[2], cut, to.UTC()).Scan(&c.OverdueOpen)
	return c, errs.Wrap(op, err)
}
