package oversight

import (
	"context"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// RecDeps is what the recommendations' pages need.
type RecDeps struct {
	DB        *db.DB
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	Now       func() time.Time
	Wake      func()
}

// Recommendations records what happens to the boards' recommendations after they are sent.
type Recommendations struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now       func() time.Time
	wake      func()
}

// NewRecommendations builds the service.
func NewRecommendations(d RecDeps) *Recommendations {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Wake == nil {
		d.Wake = func() {}
	}
	if d.Calendars == nil {
		d.Calendars = func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil }
	}
	return &Recommendations{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake}
}

// Today is the date in Vietnam.
func (s *Recommendations) Today() calendar.Date { return calendar.DateOf(s.now()) }

// Calendar is a commune's working-day calendar, for the rooms that call Recommend.
func (s *Recommendations) Calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	return s.calendars(ctx, communeID)
}

// Get reads one recommendation.
func (s *Recommendations) Get(ctx context.Context, communeID, id string) (Recommendation, error) {
	return GetRecommendation(ctx, s.d, communeID, id)
}

// List lists recommendations.
func (s *Recommendations) List(ctx context.Context, communeID string, f RecFilter) ([]Recommendation, int, error) {
	return ListRecommendations(ctx, s.d, communeID, f)
}

// StepInput is an answer, a report of what was done, or the board's closing note, on a day.
type StepInput struct {
	On   string // the day; today if empty
	Text string
}

// Step is what is recorded of a recommendation after it was sent.
type Step string

const (
	StepAnswer Step = "answer" // the committee's or the investor's answer
	StepActed  Step = "acted"  // the report of what was done (Art. 45: the investor reports)
	StepClose  Step = "close"  // the board ends its follow-up
)

// Record records a step: the answer (closing the 15-day duty), what was done, or the board's
// closing of its follow-up. The day cannot be in the future nor before the one it follows.
func (s *Recommendations) Record(ctx context.Context, communeID string, by audit.Actor, id string, step Step, in StepInput) (Recommendation, error) {
	const op = "oversight: recommendation step"
	var r Recommendation
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = GetRecommendation(ctx, tx, communeID, id); err != nil {
			return err
		}
		text, ok := cleanText(in.Text, maxRecText)
		if !ok {
			return errs.FieldErrors{"text": "recommendation.err.too_long"}.Err(op)
		}
		day, key := s.day(in.On)
		if key != "" {
			return errs.FieldErrors{"on": key}.Err(op)
		}
		before := r.auditView()
		topic := TopicRecAnswered
		switch {
		case step == StepAnswer && r.Status == RecOpen:
			if text == "" {
				return errs.FieldErrors{"text": "recommendation.err.answer_required"}.Err(op)
			}
			if day.Before(r.SentOn) {
				return errs.FieldErrors{"on": "recommendation.err.before_sent"}.Err(op)
			}
			r.Status, r.AnsweredOn, r.Answer, r.AnsweredBy = RecAnswered, day, text, by.Name
			if err := duty.Close(ctx, tx, communeID, recRoom, r.ID, DutyAnswer, "answered"); err != nil {
				return err
			}
		case step == StepActed && r.Status == RecAnswered:
			if text == "" {
				return errs.FieldErrors{"text": "recommendation.err.acted_required"}.Err(op)
			}
			if day.Before(r.AnsweredOn) {
				return errs.FieldErrors{"on": "recommendation.err.before_answer"}.Err(op)
			}
			r.ActedOn, r.Acted, topic = day, text, TopicRecActed
		case step == StepClose && r.Status == RecAnswered:
			if day.Before(r.AnsweredOn) {
				return errs.FieldErrors{"on": "recommendation.err.before_answer"}.Err(op)
			}
			r.Status, r.ClosedOn, r.FollowUp, topic = RecClosed, day, text, TopicRecClosed
		default:
			return errs.E(op, errs.Conflict, "recommendation.err.not_now")
		}
		r.UpdatedAt, r.UpdatedBy = tx.Now.UTC().Truncate(time.Microsecond), by.Name
		if _, err := tx.Exec(ctx, `UPDATE oversight_recommendations SET status = $3, answered_on = $4, answer = $5, answered_by = $6,
			acted_on = $7, acted = $8, closed_on = $9, follow_up = $10, updated_at = $11, updated_by = $12 WHERE commune_id = $1 AND id = $2`,
			communeID, r.ID, string(r.Status), dayOrEmpty(r.AnsweredOn), r.Answer, r.AnsweredBy, dayOrEmpty(r.ActedOn), r.Acted,
			dayOrEmpty(r.ClosedOn), r.FollowUp, r.UpdatedAt, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "recommendation."+string(step), "oversight_recommendation", r.ID,
			audit.Change{Before: before, After: r.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, topic, r.eventView())
	})
	if err == nil {
		s.wake()
	}
	return r, err
}

func (s *Recommendations) day(text string) (calendar.Date, string) {
	if text == "" {
		return s.Today(), ""
	}
	d, err := calendar.ParseDay(text)
	switch {
	case err != nil:
		return calendar.Date{}, "recommendation.err.day"
	case d.After(s.Today()):
		return calendar.Date{}, "recommendation.err.future"
	}
	return d, ""
}
