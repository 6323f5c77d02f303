package sipas

import (
	"context"
	"database/sql"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Channel is how a questionnaire came back.
type Channel string

const (
	Online Channel = "online" // by the invitation's link
	Paper  Channel = "paper"  // a paper form, typed in by staff
)

// Channels in display order.
var Channels = []Channel{Online, Paper}

// Respondent is who answers by the link, in the audit log.
var Respondent = audit.Actor{ID: "web", Name: "Người dân qua đường liên kết khảo sát"}

// MaxComment bounds the free comment of a questionnaire.
const MaxComment = 2000

// Invitation is one sampled dossier and its questionnaire.
type Invitation struct {
	ID             string
	SurveyID       string
	Seq            int
	Token          string
	DossierID      string
	DossierCode    string
	ProcedureCode  string
	ProcedureName  string
	Field          string
	ApplicantName  string
	ApplicantPhone string
	ReturnedAt     time.Time
	AnsweredAt     time.Time // zero: not answered
	Channel        Channel
}

// Answered reports whether the invitation has its questionnaire.
func (i Invitation) Answered() bool { return !i.AnsweredAt.IsZero() }

// Link is the path of the online questionnaire.
func (i Invitation) Link() string { return publicBase + "/" + i.Token }

// Answers is a questionnaire as a form sends it: the value per criterion answered (a
// criterion left blank is absent) and the free comment.
type Answers struct {
	Values  map[string]int
	Comment string
}

// FieldName is the form field of a criterion's answer.
func FieldName(criterion string) string { return "c_" + criterion }

// ParseAnswers reads a questionnaire form against m: each criterion's field holds a value of
// the scale or nothing; at least one criterion must be answered. Fields the method does not
// have are ignored. It returns the answers and the field errors (catalogue keys).
func ParseAnswers(f url.Values, m Method) (Answers, map[string]string) {
	fe := map[string]string{}
	a := Answers{Values: map[string]int{}}
	for _, c := range m.Criteria() {
		raw := strings.TrimSpace(f.Get(FieldName(c.Code)))
		if raw == "" {
			continue
		}
		v, err := strconv.Atoi(raw)
		if err != nil || len(raw) > 3 || !m.HasValue(v) {
			fe[FieldName(c.Code)] = "sipas.err.value"
			continue
		}
		a.Values[c.Code] = v
	}
	var ok bool
	comment := strings.ReplaceAll(f.Get("comment"), "\r\n", "\n")
	if a.Comment, ok = clean(comment, MaxComment); !ok {
		fe["comment"] = "sipas.err.comment_long"
	}
	if len(a.Values) == 0 && len(fe) == 0 {
		fe["answers"] = "sipas.err.no_answer"
	}
	return a, fe
}

const invitationCols = `id, survey_id, seq, token, dossier_id, dossier_code, procedure_code, procedure_name, field, applicant_name,
	applicant_phone, returned_at, answered_at, channel`

func scanInvitation(row interface{ Scan(...any) error }) (Invitation, error) {
	var i Invitation
	var answered sql.NullTime
	var channel string
	if err := row.Scan(&i.ID, &i.SurveyID, &i.Seq, &i.Token, &i.DossierID, &i.DossierCode, &i.ProcedureCode, &i.ProcedureName,
		&i.Field, &i.ApplicantName, &i.ApplicantPhone, &i.ReturnedAt, &answered, &channel); err != nil {
		return i, err
	}
	i.ReturnedAt, i.AnsweredAt, i.Channel = i.ReturnedAt.UTC(), db.TimeOf(answered), Channel(channel)
	return i, nil
}

// Invitation returns one invitation of a survey.
func (s *Service) Invitation(ctx context.Context, communeID, surveyID, id string) (Invitation, error) {
	i, err := scanInvitation(s.d.QueryRow(ctx, `SELECT `+invitationCols+` FROM sipas_invitations
		WHERE commune_id = $1 AND survey_id = $2 AND id = $3`, communeID, surveyID, id))
	if err != nil {
		return i, notFound("sipas: invitation", err)
	}
	return i, nil
}

// ByToken returns the invitation of a token, with its survey.
func (s *Service) ByToken(ctx context.Context, communeID, token string) (Invitation, Survey, error) {
	const op = "sipas: invitation by token"
	if !ValidToken(token) {
		return Invitation{}, Survey{}, errs.E(op, errs.NotFound, "sipas.err.token_unknown")
	}
	i, err := scanInvitation(s.d.QueryRow(ctx, `SELECT `+invitationCols+` FROM sipas_invitations WHERE commune_id = $1 AND token = $2`,
		communeID, token))
	if err == sql.ErrNoRows {
		return Invitation{}, Survey{}, errs.E(op, errs.NotFound, "sipas.err.token_unknown")
	}
	if err != nil {
		return Invitation{}, Survey{}, errs.Wrap(op, err)
	}
	v, err := s.Get(ctx, communeID, i.SurveyID)
	return i, v, err
}

// InvitationFilter selects a survey's invitations.
type InvitationFilter struct {
	// Answered keeps answered ("yes"), not answered ("no") or all ("").
	Answered      string
	Code          string // a dossier code, exactly
	Limit, Offset int
}

// Invitations returns a page of a survey's sample in its order, and how many match.
func (s *Service) Invitations(ctx context.Context, communeID, surveyID string, f InvitationFilter) ([]Invitation, int, error) {
	const op = "sipas: invitations"
	limit, offset := limits(f.Limit, f.Offset)
	where, args := ` WHERE commune_id = $1 AND survey_id = $2`, []any{communeID, surveyID}
	switch f.Answered {
	case "yes":
		where += ` AND answered_at IS NOT NULL`
	case "no":
		where += ` AND answered_at IS NULL`
	}
	if code := strings.TrimSpace(f.Code); code != "" {
		args = append(args, code)
		where += ` AND dossier_code = $` + strconv.Itoa(len(args))
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM sipas_invitations`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT `+invitationCols+` FROM sipas_invitations`+where+` ORDER BY seq LIMIT `+
		strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Invitation
	for rows.Next() {
		i, err := scanInvitation(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, i)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// AnswerOnline records the questionnaire sent by an invitation's link. It is refused once the
// survey is closed, and for an invitation already answered (by the link or on paper).
func (s *Service) AnswerOnline(ctx context.Context, communeID, token string, f url.Values) error {
	const op = "sipas: answer online"
	i, v, err := s.ByToken(ctx, communeID, token)
	if err != nil {
		return err
	}
	return s.record(ctx, op, communeID, v, i, Online, Respondent, f)
}

// AnswerPaper records a paper questionnaire typed in by staff for an invitation of the survey.
func (s *Service) AnswerPaper(ctx context.Context, communeID, surveyID, invitationID string, by audit.Actor, f url.Values) error {
	const op = "sipas: answer paper"
	v, err := s.Get(ctx, communeID, surveyID)
	if err != nil {
		return err
	}
	i, err := s.Invitation(ctx, communeID, surveyID, invitationID)
	if errs.KindOf(err) == errs.NotFound {
		return errs.FieldErrors{"invitation": "sipas.err.invitation_unknown"}.Err(op)
	}
	if err != nil {
		return err
	}
	return s.record(ctx, op, communeID, v, i, Paper, by, f)
}

// record writes one questionnaire in one transaction: the invitation is marked answered only
// if it was not (the row is locked by the update, so a second answer racing the first finds
// it answered), then the response, whose key is the invitation's, and its answers, the audit
// entry and the event. The audit keeps the counts, not what was answered.
func (s *Service) record(ctx context.Context, op, communeID string, v Survey, i Invitation, ch Channel, by audit.Actor, f url.Values) error {
	if v.Status != Open {
		return errs.E(op, errs.Conflict, "sipas.err.closed")
	}
	if i.Answered() {
		return errs.E(op, errs.Conflict, "sipas.err.already_answered")
	}
	m, err := s.Method(ctx, communeID, v.MethodID)
	if err != nil {
		return err
	}
	a, bad := ParseAnswers(f, m)
	if err := errs.FieldErrors(bad).Err(op); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *db.Tx) error {
		now := s.stamp()
		var status string
		// A closing waits for the answers being written, and they for it.
		query := `SELECT status FROM sipas_surveys WHERE commune_id = $1 AND id = $2` + s.d.Engine.ForShare()
		if err := tx.QueryRow(ctx, query, communeID, v.ID).Scan(&status); err != nil {
			return errs.Wrap(op, err)
		}
		if Status(status) != Open {
			return errs.E(op, errs.Conflict, "sipas.err.closed")
		}
		res, err := tx.Exec(ctx, `UPDATE sipas_invitations SET answered_at = $3, channel = $4
			WHERE commune_id = $1 AND id = $2 AND answered_at IS NULL`, communeID, i.ID, now, string(ch))
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "sipas.err.already_answered")
		}
		entered := ""
		if ch == Paper {
			entered = by.Name
		}
		if _, err := tx.Exec(ctx, `INSERT INTO sipas_responses (commune_id, invitation_id, survey_id, channel, answered_at, entered_by, comment)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, communeID, i.ID, v.ID, string(ch), now, entered, a.Comment); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.E(op, errs.Conflict, "sipas.err.already_answered")
			}
			return errs.Wrap(op, err)
		}
		rows := make([][]any, 0, len(a.Values))
		for _, c := range m.Criteria() { // in questionnaire order: the same statements every time
			if val, ok := a.Values[c.Code]; ok {
				rows = append(rows, []any{communeID, i.ID, v.ID, c.Code, val})
			}
		}
		if err := db.InsertRows(ctx, tx, "sipas_answers", []string{"commune_id", "invitation_id", "survey_id", "criterion", "value"}, rows); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionAnswer, "sipas_invitation", i.ID, audit.Change{After: map[string]any{
			"survey": v.ID, "channel": ch, "answered": len(a.Values), "criteria": len(m.Criteria())}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicResponse, map[string]any{"survey_id": v.ID, "invitation_id": i.ID, "channel": ch})
	})
}

// Comment is a free comment of a questionnaire.
type Comment struct {
	Text       string
	Channel    Channel
	AnsweredAt time.Time
}

// Comments returns a page of the survey's free comments, latest first, and how many there are.
func (s *Service) Comments(ctx context.Context, communeID, surveyID string, limit, offset int) ([]Comment, int, error) {
	const op = "sipas: comments"
	limit, offset = limits(limit, offset)
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM sipas_responses WHERE commune_id = $1 AND survey_id = $2 AND comment <> ''`,
		communeID, surveyID).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT comment, channel, answered_at FROM sipas_responses WHERE commune_id = $1 AND survey_id = $2
		AND comment <> '' ORDER BY answered_at DESC, invitation_id DESC LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset),
		communeID, surveyID)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		var c Comment
		var ch string
		if err := rows.Scan(&c.Text, &ch, &c.AnsweredAt); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		c.Channel, c.AnsweredAt = Channel(ch), c.AnsweredAt.UTC()
		out = append(out, c)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// ChannelCounts counts a survey's responses by channel, in one query.
func (s *Service) ChannelCounts(ctx context.Context, communeID, surveyID string) (map[string]int, error) {
	const op = "sipas: channel counts"
	rows, err := s.d.Query(ctx, `SELECT channel, COUNT(*) FROM sipas_responses WHERE commune_id = $1 AND survey_id = $2 GROUP BY channel`,
		communeID, surveyID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var ch string
		var n int
		if err := rows.Scan(&ch, &n); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out[ch] = n
	}
	return out, errs.Wrap(op, rows.Err())
}
