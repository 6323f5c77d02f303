package democracy

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// DecisionStatus is where a decision stands.
type DecisionStatus string

const (
	// Counting: the vote is under way or being counted.
	Counting DecisionStatus = "counting"
	// Decided: the result is final; the record (Mẫu 03) is being signed.
	Decided DecisionStatus = "decided"
	// Sent: the record went to the committee and the Front (Art. 20); a decision that needs
	// recognition waits for it.
	Sent DecisionStatus = "sent"
	// Recognised by the committee (matters 3–4, commune-wide 1–2) or the Front (matter 5).
	Recognised DecisionStatus = "recognised"
	// Refused in writing, with reasons (Art. 21.2).
	Refused DecisionStatus = "refused"
)

// Decision is a vote of the community on a matter of Art. 15.
type Decision struct {
	ID        string
	MeetingID string // the meeting that voted (show of hands, secret ballot); "" for household ballots
	HamletID  string // "" for a commune-wide decision
	Hamlet    string
	Matter    Matter
	Form      Form
	Title     string
	Question  string
	// FallbackOf is the meeting decision on the same matter that failed its threshold, when
	// household ballots decide matters 3–5 (Art. 17.2).
	FallbackOf string
	Status     DecisionStatus
	// Committee counts a secret ballot: 3–5 people approved by more than half of those present
	// (CommitteeApprovals).
	Committee          []string
	CommitteeApprovals int
	// Team delivers and collects household ballots (3–5 people); Witnesses are the two
	// household representatives at the count (Decree 59 Art. 4).
	Team      []string
	Witnesses []string
	// PlanOn is the day the household-ballot plan was issued, PlanSentOn the day it reached
	// the commune chairman and the Front chairman (within 2 days, Decree 59 Art. 4.2).
	PlanOn, PlanSentOn calendar.Date
	// AgreedOn, InformedOn and PollYes are an online vote's preconditions (Decree 59 Art. 5):
	// the day the hamlet head and the hamlet Front committee agreed, the day the commune
	// committee and Front were informed, the households that chose online voting.
	AgreedOn, InformedOn   calendar.Date
	PollYes                int
	BallotsFrom, BallotsTo calendar.Date
	VotedOn                calendar.Date
	Passed                 bool
	FrontHead              string // the head of the hamlet Front committee, who signs the record
	Signer1, Signer2       string // the two household representatives who sign it
	SentOn                 calendar.Date
	AnsweredOn             calendar.Date
	Answer, AnswerBy       string
	EffectOn               calendar.Date
	CreatedAt              time.Time
	CreatedBy              string
	UpdatedAt              time.Time
	UpdatedBy              string
}

// URL is the decision's staff page.
func (d Decision) URL() string { return staffBase + "/bieu-quyet/" + d.ID }

// PublicURL is the decision's public result page.
func (d Decision) PublicURL() string { return publicBase + "/ket-qua/" + d.ID }

// CommuneWide reports whether the decision is across every hamlet.
func (d Decision) CommuneWide() bool { return d.HamletID == "" }

// Recogniser is who must recognise the decision: "committee", "front" or "".
func (d Decision) Recogniser() string { return d.Matter.Recogniser(d.CommuneWide()) }

// Signed reports whether the record has its signatories named.
func (d Decision) Signed() bool { return d.FrontHead != "" && d.Signer1 != "" && d.Signer2 != "" }

// PlanLate reports whether the household-ballot plan reached the chairmen later than 2 days
// after it was issued, or has not yet and the 2 days are past.
func (d Decision) PlanLate(today calendar.Date) bool {
	if d.Form != HouseholdBallot || !d.PlanOn.Valid() {
		return false
	}
	last := d.PlanOn.AddDays(planSentDays)
	if d.PlanSentOn.Valid() {
		return d.PlanSentOn.After(last)
	}
	return today.After(last)
}

// AnnouncedLate reports whether the ballots were delivered less than 2 days after the plan was
// announced (Decree 59 Art. 4.2: content, days and team made known 2 days before).
func (d Decision) AnnouncedLate() bool {
	return d.Form == HouseholdBallot && d.PlanOn.Valid() && d.BallotsFrom.Valid() && d.PlanOn.AddDays(2).After(d.BallotsFrom)
}

// dayField is a day typed in a form, with its field's name and where it goes.
type dayField struct {
	field, text string
	to          *calendar.Date
}

// planSentDays is how long the commune chairman and the Front chairman wait for a
// household-ballot plan (Decree 59 Art. 4.2, "trong thời hạn 02 ngày").
const planSentDays = 2

// DecisionInput is a decision as the form sends it.
type DecisionInput struct {
	MeetingID   string
	HamletID    string // household ballots only: the hamlet, "" commune-wide
	Matter      string
	Form        Form
	Title       string
	Question    string
	FallbackOf  string
	Team        string // one name per line
	PlanOn      string
	BallotsFrom string
	BallotsTo   string
	AgreedOn    string
	InformedOn  string
	PollYes     string
}

// names splits a list typed one per line.
func names(s string) ([]string, bool) {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		n, ok := clean(l, maxName)
		if !ok {
			return nil, false
		}
		if n != "" {
			out = append(out, n)
		}
	}
	return out, len(out) <= 20
}

// OpenDecision puts a matter to the vote.
func (s *Service) OpenDecision(ctx context.Context, communeID string, by audit.Actor, sc Scope, in DecisionInput) (Decision, error) {
	const op = "democracy: open decision"
	var d Decision
	err := s.tx(ctx, func(tx *db.Tx) error {
		all, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		fe := errs.FieldErrors{}
		var ok bool
		if d.Title, ok = clean(in.Title, maxTitle); !ok {
			fe["title"] = "democracy.err.too_long"
		} else if d.Title == "" {
			fe["title"] = "democracy.err.title_required"
		}
		if d.Question, ok = clean(in.Question, maxNote); !ok {
			fe["question"] = "democracy.err.too_long"
		}
		d.Matter = Matter(atoiOr(in.Matter, 0))
		d.Form = in.Form
		var fallbackFailed bool
		if f := strings.TrimSpace(in.FallbackOf); f != "" {
			prev, err := getDecision(ctx, tx, communeID, f)
			if err != nil {
				return err
			}
			fallbackFailed = prev.Status != Counting && !prev.Passed && prev.MeetingID != "" && prev.Matter == d.Matter
			d.FallbackOf, d.HamletID = prev.ID, prev.HamletID
			if !fallbackFailed {
				fe["fallback"] = "democracy.err.fallback"
			}
		}
		if d.Form.AtMeeting() {
			m, err := getMeeting(ctx, tx, communeID, strings.TrimSpace(in.MeetingID))
			if err != nil {
				return err
			}
			if err := checkScope(op, all, sc, m); err != nil {
				return err
			}
			if m.Status == Cancelled {
				return errs.E(op, errs.Conflict, "democracy.err.cancelled")
			}
			if m.Kind != DecisionMeeting && m.Kind != YearEndMeeting {
				fe["form"] = "democracy.err.meeting_kind"
			}
			d.MeetingID, d.HamletID = m.ID, m.HamletID
		} else if d.FallbackOf == "" {
			d.HamletID = strings.TrimSpace(in.HamletID)
		}
		if k := CheckForm(d.Matter, d.Form, d.MeetingID != "", fallbackFailed); k != "" {
			if k == "democracy.err.matter" {
				fe["matter"] = k
			} else {
				fe["form"] = k
			}
		}
		if d.HamletID == "" {
			if sc.HeadedBy != "" {
				fe["hamlet"] = "democracy.err.hamlet_scope"
			} else if d.Matter.AtMeetingOnly() {
				// Hamlet conventions, hamlet heads and board members are a hamlet's matters.
				fe["hamlet"] = "democracy.err.matter_hamlet"
			}
		} else if h, found := hamletByID(all, d.HamletID); !found {
			fe["hamlet"] = "democracy.err.hamlet_unknown"
		} else if !sc.Covers(h) {
			fe["hamlet"] = "democracy.err.hamlet_scope"
		} else {
			d.Hamlet = h.Name
		}
		if d.Form == HouseholdBallot || d.Form == OnlineVote {
			if d.Team, ok = names(in.Team); !ok {
				fe["team"] = "democracy.err.too_long"
			} else if k := CheckTeam(len(d.Team)); k != "" {
				fe["team"] = k
			}
			dates := []dayField{{"ballots_from", in.BallotsFrom, &d.BallotsFrom}, {"ballots_to", in.BallotsTo, &d.BallotsTo}}
			if d.Form == HouseholdBallot {
				dates = append(dates, dayField{"plan_on", in.PlanOn, &d.PlanOn})
			} else {
				dates = append(dates, dayField{"agreed_on", in.AgreedOn, &d.AgreedOn}, dayField{"informed_on", in.InformedOn, &d.InformedOn})
			}
			for _, x := range dates {
				if strings.TrimSpace(x.text) == "" {
					fe[x.field] = "democracy.err.day_required"
				} else if *x.to, ok = ParseDay(x.text); !ok {
					fe[x.field] = "democracy.err.date_invalid"
				}
			}
			if d.BallotsFrom.Valid() && d.BallotsTo.Valid() && d.BallotsFrom.After(d.BallotsTo) {
				fe["ballots_to"] = "democracy.err.period_order"
			}
			if d.PlanOn.Valid() && d.BallotsFrom.Valid() && d.PlanOn.After(d.BallotsFrom) {
				fe["plan_on"] = "democracy.err.plan_after"
			}
		}
		if d.Form == OnlineVote {
			checkOnline(&d, in, all, fe)
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		now := s.stamp()
		d.ID, d.Status = uuid.Must(uuid.NewV7()).String(), Counting
		d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.UpdatedBy = now, by.Name, now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO democracy_decisions (commune_id, id, meeting_id, hamlet_id, matter, form, title, question,
			fallback_of, status, team, plan_on, ballots_from, ballots_to, agreed_on, informed_on, poll_yes, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
			communeID, d.ID, d.MeetingID, d.HamletID, int(d.Matter), string(d.Form), d.Title, d.Question, d.FallbackOf,
			string(d.Status), strings.Join(d.Team, "\n"), dayText(d.PlanOn), dayText(d.BallotsFrom), dayText(d.BallotsTo),
			dayText(d.AgreedOn), dayText(d.InformedOn), d.PollYes, now, by.Name, now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if d.Form == OnlineVote {
			if err := openBox(ctx, tx, communeID, by, d); err != nil {
				return err
			}
		}
		if err := s.syncDuties(ctx, tx, communeID, d); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.decision.open", "democracy_decision", d.ID, audit.Change{After: d.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicDecisionOpened, d.eventView())
	})
	if err != nil {
		return Decision{}, err
	}
	return d, nil
}

func (d Decision) auditView() map[string]any {
	return map[string]any{"meeting": d.MeetingID, "hamlet": d.HamletID, "matter": int(d.Matter), "form": d.Form, "title": d.Title,
		"fallback_of": d.FallbackOf, "status": d.Status, "committee": d.Committee, "committee_approvals": d.CommitteeApprovals,
		"team": d.Team, "witnesses": d.Witnesses, "plan_on": dayText(d.PlanOn), "plan_sent_on": dayText(d.PlanSentOn),
		"ballots_from": dayText(d.BallotsFrom), "ballots_to": dayText(d.BallotsTo), "voted_on": dayText(d.VotedOn),
		"passed": d.Passed, "signers": []string{d.FrontHead, d.Signer1, d.Signer2}, "sent_on": dayText(d.SentOn),
		"answered_on": dayText(d.AnsweredOn), "answer": d.Answer, "effect_on": dayText(d.EffectOn),
		"agreed_on": dayText(d.AgreedOn), "informed_on": dayText(d.InformedOn), "poll_yes": d.PollYes}
}

func (d Decision) eventView() map[string]any {
	return map[string]any{"id": d.ID, "meeting": d.MeetingID, "hamlet": d.HamletID, "matter": int(d.Matter), "form": d.Form,
		"status": d.Status, "passed": d.Passed}
}

const decisionCols = `d.id, d.meeting_id, d.hamlet_id, COALESCE(h.name, ''), d.matter, d.form, d.title, d.question, d.fallback_of,
	d.status, d.committee, d.committee_approvals, d.team, d.witnesses, d.plan_on, d.plan_sent_on, d.ballots_from, d.ballots_to,
	d.voted_on, d.passed, d.front_head, d.signer1, d.signer2, d.sent_on, d.answered_on, d.answer, d.answer_by, d.effect_on,
	d.agreed_on, d.informed_on, d.poll_yes, d.created_at, d.created_by, d.updated_at, d.updated_by`

const decisionFrom = ` FROM democracy_decisions d LEFT JOIN hamlets h ON h.commune_id = d.commune_id AND h.id = d.hamlet_id`

func scanDecision(row interface{ Scan(...any) error }) (Decision, error) {
	var d Decision
	var matter int
	var form, status, committee, team, witnesses, planOn, planSent, from, to, voted, sent, answered, effect, agreed, informed string
	if err := row.Scan(&d.ID, &d.MeetingID, &d.HamletID, &d.Hamlet, &matter, &form, &d.Title, &d.Question, &d.FallbackOf,
		&status, &committee, &d.CommitteeApprovals, &team, &witnesses, &planOn, &planSent, &from, &to,
		&voted, &d.Passed, &d.FrontHead, &d.Signer1, &d.Signer2, &sent, &answered, &d.Answer, &d.AnswerBy, &effect,
		&agreed, &informed, &d.PollYes, &d.CreatedAt, &d.CreatedBy, &d.UpdatedAt, &d.UpdatedBy); err != nil {
		return Decision{}, err
	}
	d.Matter, d.Form, d.Status = Matter(matter), Form(form), DecisionStatus(status)
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}
	d.Committee, d.Team, d.Witnesses = split(committee), split(team), split(witnesses)
	d.PlanOn, d.PlanSentOn, d.BallotsFrom, d.BallotsTo = parseStored(planOn), parseStored(planSent), parseStored(from), parseStored(to)
	d.VotedOn, d.SentOn, d.AnsweredOn, d.EffectOn = parseStored(voted), parseStored(sent), parseStored(answered), parseStored(effect)
	d.AgreedOn, d.InformedOn = parseStored(agreed), parseStored(informed)
	return d, nil
}

// GetDecision reads a decision.
func (s *Service) GetDecision(ctx context.Context, communeID, id string) (Decision, error) {
	return getDecision(ctx, s.d, communeID, id)
}

func getDecision(ctx context.Context, q db.Q, communeID, id string) (Decision, error) {
	d, err := scanDecision(q.QueryRow(ctx, `SELECT `+decisionCols+decisionFrom+` WHERE d.commune_id = $1 AND d.id = $2`, communeID, id))
	if err != nil {
		return Decision{}, notFound("democracy: get decision", err)
	}
	return d, nil
}

// DecisionFilter selects decisions for a list.
type DecisionFilter struct {
	MeetingID string
	HamletID  string // one hamlet's decisions and the commune-wide ones
	// Final keeps decisions whose result is final (the public results).
	Final bool
	// Online keeps the online votes under way.
	Online bool
	Scope  Scope
	Limit  int
	Offset int
}

// Decisions lists decisions, newest first, and counts them.
func (s *Service) Decisions(ctx context.Context, communeID string, f DecisionFilter) ([]Decision, int, error) {
	const op = "democracy: decisions"
	where := ` WHERE d.commune_id = $1`
	args := []any{communeID}
	add := func(cond string, v any) {
		args = append(args, v)
		where += strings.ReplaceAll(cond, "$?", "$"+itoa(len(args)))
	}
	if f.MeetingID != "" {
		add(` AND d.meeting_id = $?`, f.MeetingID)
	}
	if f.HamletID != "" {
		add(` AND (d.hamlet_id = $? OR d.hamlet_id = '')`, f.HamletID)
	}
	if f.Scope.HeadedBy != "" {
		add(` AND (d.hamlet_id = '' OR h.head_user_id = $?)`, f.Scope.HeadedBy)
	}
	if f.Final {
		where += ` AND d.status <> 'counting'`
	}
	if f.Online {
		where += ` AND d.form = 'online' AND d.status = 'counting'`
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*)`+decisionFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := limits(f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT `+decisionCols+decisionFrom+where+` ORDER BY d.created_at DESC, d.id DESC LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, d)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// syncDuties opens, moves and closes the decision's duties to match it: the household-ballot
// plan to the chairmen (2 days), the record sent (5 working days after the vote, Art. 20), the
// recognition or written refusal (5 working days after it was sent, Art. 21.2).
func (s *Service) syncDuties(ctx context.Context, tx *db.Tx, communeID string, d Decision) error {
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return err
	}
	base := duty.Duty{CommuneID: communeID, Room: room, SubjectType: "decision", SubjectID: d.ID, URL: d.URL()}
	set := func(kind, prefix, basis string, owner duty.Owner, due calendar.Date) error {
		x := base
		x.Kind, x.Label, x.LegalBasis, x.Owner = kind, label(prefix, d.Title), basis, owner
		x.DueAt = endOf(cal, due)
		x.AtRiskFrom = cal.AddWorkingDays(due, -1).At(cal.Hours().Opening()).UTC()
		return duty.Set(ctx, tx, x)
	}
	hamletHead := duty.Owner{Role: "hamlethead"}
	if d.CommuneWide() {
		hamletHead = duty.Owner{Role: "leader"}
	}
	if d.Form == HouseholdBallot && d.PlanOn.Valid() && !d.PlanSentOn.Valid() {
		if err := set(DutyPlanSent, "Gửi kế hoạch phát phiếu: ", "Nghị định 59/2023/NĐ-CP, Điều 4 khoản 2", hamletHead, d.PlanOn.AddDays(planSentDays)); err != nil {
			return err
		}
	} else if err := duty.Close(ctx, tx, communeID, room, d.ID, DutyPlanSent, "done"); err != nil {
		return err
	}
	if d.Status == Decided {
		if err := set(DutyRecordSent, "Gửi biên bản: ", "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 20", hamletHead, cal.AddWorkingDays(d.VotedOn, 5)); err != nil {
			return err
		}
	} else if d.Status != Counting {
		if err := duty.Close(ctx, tx, communeID, room, d.ID, DutyRecordSent, "done"); err != nil {
			return err
		}
	}
	if d.Status == Sent && d.Passed && d.Recogniser() != "" {
		owner := duty.Owner{Role: "leader"}
		if d.Recogniser() == "front" {
			owner = duty.Owner{Role: "front"}
		}
		return set(DutyRecognition, "Công nhận kết quả: ", "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 21 khoản 2", owner, cal.AddWorkingDays(d.SentOn, 5))
	}
	if d.Status == Recognised || d.Status == Refused {
		return duty.Close(ctx, tx, communeID, room, d.ID, DutyRecognition, string(d.Status))
	}
	return nil
}

// atoiOr reads a small whole number, or def.
func atoiOr(s string, def int) int {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 9 {
		return def
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return def
		}
		n = n*10 + int(r-'0')
	}
	return n
}
