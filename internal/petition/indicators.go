package petition

import (
	"context"
	"database/sql"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// What the petitions room gives Decision 766/QĐ-TTg's satisfaction group: reports and
// recommendations (phản ánh, kiến nghị: PAKN) handled on time, and the link that lets the
// sender rate the handling of an answered petition (the rating room keeps the ratings and
// signs the links; the composition root connects the two rooms).

// Rateable reports whether the sender of a petition of kind k may rate its handling once it
// is answered. A denunciation never is: a rating link would tie the denouncer to the case
// (Law 25/2018 Art. 47), and the law gives the denouncer a conclusion, not a service.
func Rateable(k Kind) bool {
	switch k {
	case Report, Recommendation, Complaint:
		return true
	}
	return false
}

// PAKN reports whether kind k counts in Decision 766's rates of reports and recommendations.
func PAKN(k Kind) bool { return k == Report || k == Recommendation }

// UseRatingLink connects the rating room: fn makes the signed address of an answered
// petition's rating page (absolute, or a path when the portal's address is not set; "" when
// none can be made). The answer's SMS and the tracking page carry it. Call it while building
// the app, before serving.
func (s *Service) UseRatingLink(fn func(communeID, number string) string) { s.rateURL = fn }

// RateURL is the rating link of the petition; "" when it cannot be rated (not answered yet, a
// denunciation, or no rating room connected).
func (s *Service) RateURL(p Petition) string {
	if s.rateURL == nil || !Rateable(p.Kind) || p.AnsweredAt.IsZero() {
		return ""
	}
	switch p.Status {
	case StatusAnswered, StatusClosed:
		return s.rateURL(p.CommuneID, p.Number)
	}
	return ""
}

// Handled lists the reports and recommendations whose handling ended in the month (month: any
// moment in it, in Vietnam), by number: those that ended on time and the late ones. Handling
// ends with the written answer, or, for one the commune did not answer, with its refusal or
// its forwarding to the competent body; it is on time when it ended by the due time in force
// then (for a forwarding, the 5 working days of Decree 20/2008 Art. 9.1.d when that is the
// earlier). One range query on the answer and closing moments.
func (s *Service) Handled(ctx context.Context, communeID string, month time.Time) (onTime, late []string, err error) {
	start, end := monthBounds(month)
	return s.HandledBetween(ctx, communeID, start, end)
}

// HandledBetween is Handled for the span [start, end) (the plan's dashboard over a quarter or
// a year).
func (s *Service) HandledBetween(ctx context.Context, communeID string, start, end time.Time) (onTime, late []string, err error) {
	const op = "petition: handled"
	start, end = start.UTC(), end.UTC()
	rows, err := s.d.Query(ctx, `SELECT number, status, answered_at, closed_at, step_due_at, due_at, forward_by FROM petitions
		WHERE commune_id = $1 AND kind IN ($2, $3)
		AND ((answered_at >= $4 AND answered_at < $5) OR (answered_at IS NULL AND status IN ($6, $7) AND closed_at >= $4 AND closed_at < $5))
		ORDER BY number`, communeID, string(Report), string(Recommendation), start, end, string(StatusRefused), string(StatusForwarded))
	if err != nil {
		return nil, nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var number string
		var st Status
		var answered, closed, stepDue, due, forwardBy sql.NullTime
		if err := rows.Scan(&number, &st, &answered, &closed, &stepDue, &due, &forwardBy); err != nil {
			return nil, nil, errs.Wrap(op, err)
		}
		if handledOnTime(st, db.TimeOf(answered), db.TimeOf(closed), db.TimeOf(stepDue), db.TimeOf(due), db.TimeOf(forwardBy)) {
			onTime = append(onTime, number)
		} else {
			late = append(late, number)
		}
	}
	return onTime, late, errs.Wrap(op, rows.Err())
}

// handledOnTime is the rule of Handled for one petition.
func handledOnTime(st Status, answered, closed, stepDue, due, forwardBy time.Time) bool {
	ended := answered
	if ended.IsZero() {
		ended = closed
	}
	limit := due
	if limit.IsZero() {
		limit = stepDue
	}
	if st == StatusForwarded && answered.IsZero() && !forwardBy.IsZero() && (limit.IsZero() || forwardBy.Before(limit)) {
		limit = forwardBy
	}
	return limit.IsZero() || !ended.After(limit)
}

// monthBounds is the month of t in Vietnam: its first moment and the next month's, in UTC.
func monthBounds(t time.Time) (time.Time, time.Time) {
	y, m, _ := t.In(calendar.Zone).Date()
	start := time.Date(y, m, 1, 0, 0, 0, 0, calendar.Zone)
	return start.UTC(), start.AddDate(0, 1, 0).UTC()
}
