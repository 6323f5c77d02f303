package oversight

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Recommendations of the two watchdogs (kiến nghị): the People's Inspection Board's to the
// commune committee, which must answer within 15 days (Law 10/2022 Art. 40), and a Community
// Investment Supervision Board's to the committee or to the investor, answered within 15 days,
// the investor then reporting how it acted (Art. 45). Both boards' rooms create them inside
// their own transaction (Recommend); the answer, what was done and the board's follow-up are
// recorded here; the register's duty tracks the 15 days; everything is public by default,
// with overdue answers shown as such.

// Board is which watchdog made a recommendation.
type Board string

const (
	BoardInspection Board = "inspection" // Ban Thanh tra nhân dân
	BoardInvestment Board = "investment" // Ban Giám sát đầu tư của cộng đồng
)

// Addressee is who must answer.
type Addressee string

const (
	ToCommittee Addressee = "committee" // Ủy ban nhân dân xã
	ToInvestor  Addressee = "investor"  // chủ đầu tư
)

// RecStatus is where a recommendation stands.
type RecStatus string

const (
	RecOpen     RecStatus = "open"     // sent, waiting for its answer
	RecAnswered RecStatus = "answered" // answered; the board follows what is done
	RecClosed   RecStatus = "closed"   // the board closed its follow-up
)

// answerDays is the time to answer: "trong thời hạn 15 ngày" (Art. 40, 45), calendar days.
const answerDays = 15

// Topics and the duty.
const (
	TopicRecommended  = "oversight.recommendation.sent"
	TopicRecAnswered  = "oversight.recommendation.answered"
	TopicRecActed     = "oversight.recommendation.acted"
	TopicRecClosed    = "oversight.recommendation.closed"
	DutyAnswer        = "recommendation.duty.answer"
	recRoom           = "recommendation"
	maxRecTitle       = 300
	maxRecText        = 8000
	recommendationURL = "/kien-nghi"
	publicRecURL      = "/kien-nghi-giam-sat"
)

// Recommendation is one recommendation of a board.
type Recommendation struct {
	ID          string
	Board       Board
	BoardID     string
	SubjectType string // "case", "project", …: what the board's room made it about
	SubjectID   string
	Title, Text string
	To          Addressee
	Suspend     bool // a request to suspend the works (Art. 43)
	SentOn      calendar.Date
	DueOn       calendar.Date
	Status      RecStatus
	AnsweredOn  calendar.Date
	Answer      string
	AnsweredBy  string
	ActedOn     calendar.Date // the report of what was done
	Acted       string
	ClosedOn    calendar.Date
	FollowUp    string
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
	UpdatedBy   string
}

// URL is the staff page; PublicURL the residents'.
func (r Recommendation) URL() string       { return recommendationURL + "/" + r.ID }
func (r Recommendation) PublicURL() string { return publicRecURL + "/" + r.ID }

// Overdue reports whether the answer is late on day today: still waiting after its due day, or
// given after it.
func (r Recommendation) Overdue(today calendar.Date) bool {
	if r.AnsweredOn.Valid() {
		return r.AnsweredOn.After(r.DueOn)
	}
	return today.After(r.DueOn)
}

// DaysLate is how many days the answer is or was late on day today (0 when in time).
func (r Recommendation) DaysLate(today calendar.Date) int {
	end := today
	if r.AnsweredOn.Valid() {
		end = r.AnsweredOn
	}
	return max(end.Sub(r.DueOn), 0)
}

// RecommendInput is a recommendation as a board's room makes it.
type RecommendInput struct {
	Board                  Board
	BoardID                string
	SubjectType, SubjectID string
	Title, Text            string
	To                     Addressee
	SentOn                 calendar.Date // the day it reached the addressee
	Suspend                bool
}

func cleanText(s string, max int) (string, bool) {
	s = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
	return s, utf8.RuneCountInString(s) <= max
}

// Recommend records a recommendation in the caller's transaction, with its audit entry, its
// event and the duty to answer it within 15 days of the day it was sent. cal gives the office
// hours the duty falls due at.
func Recommend(ctx context.Context, tx *db.Tx, cal *calendar.Calendar, communeID string, by audit.Actor, in RecommendInput) (Recommendation, error) {
	const op = "oversight: recommend"
	fe := errs.FieldErrors{}
	r := Recommendation{Board: in.Board, BoardID: in.BoardID, SubjectType: in.SubjectType, SubjectID: in.SubjectID, To: in.To,
		Suspend: in.Suspend, SentOn: in.SentOn, Status: RecOpen}
	var ok bool
	if r.Title, ok = cleanText(in.Title, maxRecTitle); !ok {
		fe["rec_title"] = "recommendation.err.too_long"
	} else if r.Title == "" {
		fe["rec_title"] = "recommendation.err.title_required"
	}
	if r.Text, ok = cleanText(in.Text, maxRecText); !ok {
		fe["rec_text"] = "recommendation.err.too_long"
	} else if r.Text == "" {
		fe["rec_text"] = "recommendation.err.text_required"
	}
	if r.To != ToCommittee && r.To != ToInvestor {
		fe["rec_to"] = "recommendation.err.to"
	} else if r.To == ToInvestor && r.Board != BoardInvestment {
		fe["rec_to"] = "recommendation.err.to"
	}
	if r.Board != BoardInspection && r.Board != BoardInvestment {
		return Recommendation{}, errs.E(op, errs.Invalid, "recommendation.err.board")
	}
	if !r.SentOn.Valid() {
		fe["rec_sent_on"] = "recommendation.err.day"
	} else if r.SentOn.After(calendar.DateOf(tx.Now)) {
		fe["rec_sent_on"] = "recommendation.err.future"
	}
	if r.Suspend && r.Board != BoardInvestment {
		fe["rec_suspend"] = "recommendation.err.suspend"
	}
	if len(fe) > 0 {
		return Recommendation{}, fe.Err(op)
	}
	r.DueOn = r.SentOn.AddDays(answerDays)
	now := tx.Now.UTC().Truncate(time.Microsecond)
	r.ID, r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.UpdatedBy = uuid.Must(uuid.NewV7()).String(), now, by.Name, now, by.Name
	if _, err := tx.Exec(ctx, `INSERT INTO oversight_recommendations (commune_id, id, board, board_id, subject_type, subject_id, title, body,
		addressee, suspend, sent_on, due_on, status, created_at, created_by, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		communeID, r.ID, string(r.Board), r.BoardID, r.SubjectType, r.SubjectID, r.Title, r.Text, string(r.To), r.Suspend,
		r.SentOn.String(), r.DueOn.String(), string(r.Status), now, by.Name, now, by.Name); err != nil {
		return Recommendation{}, errs.Wrap(op, err)
	}
	if err := r.setDuty(ctx, tx, cal, communeID); err != nil {
		return Recommendation{}, err
	}
	if err := audit.Record(ctx, tx, communeID, by, "recommendation.send", "oversight_recommendation", r.ID, audit.Change{After: r.auditView()}); err != nil {
		return Recommendation{}, err
	}
	return r, events.Publish(ctx, tx, communeID, TopicRecommended, r.eventView())
}

// setDuty opens the duty to answer: the committee's (its leader), or the investor's, followed by
// the supervision board.
func (r Recommendation) setDuty(ctx context.Context, tx *db.Tx, cal *calendar.Calendar, communeID string) error {
	owner, basis := duty.Owner{Role: "leader"}, "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 40"
	if r.Board == BoardInvestment {
		basis = "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 45"
		if r.To == ToInvestor {
			owner = duty.Owner{Role: "investmentwatch"}
		}
	}
	label := r.Title
	if rs := []rune(label); len(rs) > 80 {
		label = string(rs[:79]) + "…"
	}
	return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: recRoom, Kind: DutyAnswer, SubjectType: "recommendation", SubjectID: r.ID,
		Label: "Trả lời kiến nghị: " + label, URL: r.URL(), LegalBasis: basis, Owner: owner,
		DueAt: r.DueOn.At(cal.Hours().Closing()).UTC(), AtRiskFrom: r.DueOn.AddDays(-3).At(cal.Hours().Opening()).UTC()})
}

func (r Recommendation) auditView() map[string]any {
	return map[string]any{"board": r.Board, "board_id": r.BoardID, "subject": r.SubjectType + "/" + r.SubjectID, "title": r.Title,
		"to": r.To, "suspend": r.Suspend, "sent_on": dayOrEmpty(r.SentOn), "due_on": dayOrEmpty(r.DueOn), "status": r.Status,
		"answered_on": dayOrEmpty(r.AnsweredOn), "acted_on": dayOrEmpty(r.ActedOn), "closed_on": dayOrEmpty(r.ClosedOn)}
}

func (r Recommendation) eventView() map[string]any {
	return map[string]any{"id": r.ID, "board": r.Board, "subject_type": r.SubjectType, "subject_id": r.SubjectID, "status": r.Status}
}

func dayOrEmpty(d calendar.Date) string {
	if !d.Valid() {
		return ""
	}
	return d.String()
}

func storedDay(s string) calendar.Date {
	if s == "" {
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}
	}
	return d
}

const recCols = `id, board, board_id, subject_type, subject_id, title, body, addressee, suspend, sent_on, due_on, status,
	answered_on, answer, answered_by, acted_on, acted, closed_on, follow_up, created_at, created_by, updated_at, updated_by`

func scanRec(row interface{ Scan(...any) error }) (Recommendation, error) {
	var r Recommendation
	var board, to, status, sent, due, answered, acted, closed string
	if err := row.Scan(&r.ID, &board, &r.BoardID, &r.SubjectType, &r.SubjectID, &r.Title, &r.Text, &to, &r.Suspend, &sent, &due, &status,
		&answered, &r.Answer, &r.AnsweredBy, &acted, &r.Acted, &closed, &r.FollowUp, &r.CreatedAt, &r.CreatedBy, &r.UpdatedAt, &r.UpdatedBy); err != nil {
		return Recommendation{}, err
	}
	r.Board, r.To, r.Status = Board(board), Addressee(to), RecStatus(status)
	r.SentOn, r.DueOn, r.AnsweredOn, r.ActedOn, r.ClosedOn = storedDay(sent), storedDay(due), storedDay(answered), storedDay(acted), storedDay(closed)
	return r, nil
}

// GetRecommendation reads one recommendation.
func GetRecommendation(ctx context.Context, q db.Q, communeID, id string) (Recommendation, error) {
	r, err := scanRec(q.QueryRow(ctx, `SELECT `+recCols+` FROM oversight_recommendations WHERE commune_id = $1 AND id = $2`, communeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Recommendation{}, errs.E("oversight: recommendation", errs.NotFound, "recommendation.err.not_found")
	}
	return r, errs.Wrap("oversight: recommendation", err)
}

// RecFilter selects recommendations.
type RecFilter struct {
	Board                  Board
	BoardID                string
	SubjectType, SubjectID string
	// Waiting keeps those not answered yet; Late, with Today, those whose answer is late (not
	// answered after the due day, or answered after it).
	Waiting bool
	Late    bool
	Today   calendar.Date
	// SentFrom and SentTo, when valid, keep those sent in the span (both days included).
	SentFrom, SentTo calendar.Date
	Limit            int
	Offset           int
}

// ListRecommendations lists recommendations, the latest sent first, and counts them.
func ListRecommendations(ctx context.Context, q db.Q, communeID string, f RecFilter) ([]Recommendation, int, error) {
	const op = "oversight: recommendations"
	where := ` WHERE commune_id = $1`
	args := []any{communeID}
	add := func(cond string, v any) {
		args = append(args, v)
		where += strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args)))
	}
	if f.Board != "" {
		add(` AND board = $?`, string(f.Board))
	}
	if f.BoardID != "" {
		add(` AND board_id = $?`, f.BoardID)
	}
	if f.SubjectType != "" {
		add(` AND subject_type = $?`, f.SubjectType)
	}
	if f.SubjectID != "" {
		add(` AND subject_id = $?`, f.SubjectID)
	}
	if f.SentFrom.Valid() {
		add(` AND sent_on >= $?`, f.SentFrom.String())
	}
	if f.SentTo.Valid() {
		add(` AND sent_on <= $?`, f.SentTo.String())
	}
	if f.Waiting {
		where += ` AND answered_on = ''`
	}
	if f.Late {
		add(` AND ((answered_on = '' AND due_on < $?) OR (answered_on <> '' AND answered_on > due_on))`, f.Today.String())
	}
	var total int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM oversight_recommendations`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := f.Limit, max(f.Offset, 0)
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	rows, err := q.Query(ctx, `SELECT `+recCols+` FROM oversight_recommendations`+where+
		` ORDER BY sent_on DESC, id DESC LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Recommendation
	for rows.Next() {
		r, err := scanRec(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, r)
	}
	return out, total, errs.Wrap(op, rows.Err())
}
