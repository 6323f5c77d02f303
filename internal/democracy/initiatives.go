package democracy

import (
	"context"
	"database/sql"
	"errors"
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

// InitiativeStatus is where a citizens' initiative stands.
type InitiativeStatus string

const (
	// Gathering support from households.
	Gathering InitiativeStatus = "gathering"
	// Reached: 10 % of all households supported it in time; the hamlet head must put it to
	// the community.
	Reached InitiativeStatus = "reached"
	// Scheduled on a meeting of the hamlet.
	Scheduled InitiativeStatus = "scheduled"
)

// Topics and the duty of initiatives.
const (
	TopicInitiativeOpened    = "democracy.initiative.opened"
	TopicInitiativeSupported = "democracy.initiative.supported"
	TopicInitiativeReached   = "democracy.initiative.reached"
	TopicInitiativeScheduled = "democracy.initiative.scheduled"
	// DutySchedule: the hamlet head puts an initiative that reached 10 % to the community.
	DutySchedule = "democracy.duty.schedule"
)

// supportMonths is how long support gathers (Art. 16.3: "trong thời hạn 03 tháng").
const supportMonths = 3

// Initiative is a matter residents propose to their hamlet (Art. 16.3).
type Initiative struct {
	ID         string
	HamletID   string
	Hamlet     string
	Title      string
	Content    string
	Proposer   string
	OpenedOn   calendar.Date
	Status     InitiativeStatus
	ReachedOn  calendar.Date
	MeetingID  string
	Supporters int // households that support it
	Households int // every household of the hamlet today: the denominator
	CreatedAt  time.Time
	CreatedBy  string
	UpdatedAt  time.Time
	UpdatedBy  string
}

// URL is the initiative's staff page.
func (in Initiative) URL() string { return staffBase + "/sang-kien/" + in.ID }

// PublicURL is the initiative's public page.
func (in Initiative) PublicURL() string { return publicBase + "/sang-kien/" + in.ID }

// ExpiresOn is the last day support counts: three months from the day it opened.
func (in Initiative) ExpiresOn() calendar.Date { return addMonths(in.OpenedOn, supportMonths) }

// Expired reports whether the initiative failed to gather its support in time.
func (in Initiative) Expired(today calendar.Date) bool {
	return in.Status == Gathering && today.After(in.ExpiresOn())
}

// Open reports whether households may still support it.
func (in Initiative) Open(today calendar.Date) bool {
	return in.Status == Gathering && !in.Expired(today)
}

// Needed is the least number of supporting households: 10 % of all.
func (in Initiative) Needed() int { return Needed(AtLeastTenth, in.Households) }

// addMonths is the day n months after d: the same day of the month, or the month's last day
// when it has no such day (Civil Code 2015, Art. 148: a period in months ends on the
// corresponding day of its last month).
func addMonths(d calendar.Date, n int) calendar.Date {
	if !d.Valid() {
		return d
	}
	y, m := d.Year, int(d.Month)-1+n
	y, m = y+m/12, m%12
	if m < 0 {
		y, m = y-1, m+12
	}
	first := calendar.NewDate(y, time.Month(m+1), 1)
	last := first.AddDays(40)
	last = calendar.NewDate(last.Year, last.Month, 1).AddDays(-1)
	return calendar.NewDate(y, time.Month(m+1), min(d.Day, last.Day))
}

// InitiativeInput is a proposal as a form sends it.
type InitiativeInput struct {
	HamletID, Title, Content, Proposer string
}

const maxContent = 4000

func validateInitiative(in InitiativeInput) (Initiative, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var i Initiative
	var ok bool
	i.HamletID = strings.TrimSpace(in.HamletID)
	if i.Title, ok = clean(in.Title, maxTitle); !ok {
		fe["title"] = "democracy.err.too_long"
	} else if i.Title == "" {
		fe["title"] = "democracy.err.title_required"
	}
	if i.Content, ok = clean(in.Content, maxContent); !ok {
		fe["content"] = "democracy.err.too_long"
	} else if i.Content == "" {
		fe["content"] = "democracy.err.content_required"
	}
	if i.Proposer, ok = clean(in.Proposer, maxName); !ok {
		fe["proposer"] = "democracy.err.too_long"
	} else if i.Proposer == "" {
		fe["proposer"] = "democracy.err.name_required"
	}
	return i, fe
}

func (in Initiative) auditView() map[string]any {
	return map[string]any{"hamlet": in.HamletID, "title": in.Title, "proposer": in.Proposer, "opened_on": dayText(in.OpenedOn),
		"status": in.Status, "reached_on": dayText(in.ReachedOn), "meeting": in.MeetingID}
}

func (in Initiative) eventView() map[string]any {
	return map[string]any{"id": in.ID, "hamlet": in.HamletID, "status": in.Status, "supporters": in.Supporters}
}

// ProposeInitiative records a proposal brought by residents (typed in by the hamlet head or
// the commune's staff); support starts today.
func (s *Service) ProposeInitiative(ctx context.Context, communeID string, by audit.Actor, sc Scope, in InitiativeInput) (Initiative, error) {
	const op = "democracy: propose initiative"
	var out Initiative
	err := s.tx(ctx, func(tx *db.Tx) error {
		all, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		i, fe := validateInitiative(in)
		if h, ok := hamletByID(all, i.HamletID); !ok {
			fe["hamlet"] = "democracy.err.hamlet_unknown"
		} else if !sc.Covers(h) {
			fe["hamlet"] = "democracy.err.hamlet_scope"
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		out, err = s.insertInitiative(ctx, tx, communeID, by, i)
		return err
	})
	return out, err
}

func (s *Service) insertInitiative(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, i Initiative) (Initiative, error) {
	const op = "democracy: propose initiative"
	now := s.stamp()
	i.ID, i.OpenedOn, i.Status = uuid.Must(uuid.NewV7()).String(), s.Today(), Gathering
	i.CreatedAt, i.CreatedBy, i.UpdatedAt, i.UpdatedBy = now, by.Name, now, by.Name
	if _, err := tx.Exec(ctx, `INSERT INTO democracy_initiatives (commune_id, id, hamlet_id, title, content, proposer, opened_on, status,
		created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		communeID, i.ID, i.HamletID, i.Title, i.Content, i.Proposer, i.OpenedOn.String(), string(i.Status), now, by.Name, now, by.Name); err != nil {
		return Initiative{}, errs.Wrap(op, err)
	}
	if err := audit.Record(ctx, tx, communeID, by, "democracy.initiative.open", "democracy_initiative", i.ID, audit.Change{After: i.auditView()}); err != nil {
		return Initiative{}, err
	}
	if err := events.Publish(ctx, tx, communeID, TopicInitiativeOpened, i.eventView()); err != nil {
		return Initiative{}, err
	}
	return getInitiative(ctx, tx, communeID, i.ID)
}

// Proof is how a resident online shows they belong to a household: its number (số hộ) and the
// identity-card number of one of its members, as the registry holds them. Neither is stored
// with the support.
type Proof struct{ HouseholdCode, IDNumber string }

// proven finds the household a proof names, or refuses with one message whatever was wrong,
// so that the form does not tell which of the two numbers exists.
func proven(ctx context.Context, q db.Q, op, communeID string, p Proof) (id, hamlet string, err error) {
	code, idn := strings.TrimSpace(p.HouseholdCode), strings.Join(strings.Fields(p.IDNumber), "")
	if code == "" || idn == "" || len(code) > 40 || len(idn) > 20 {
		return "", "", errs.FieldErrors{"household_code": "democracy.err.proof"}.Err(op)
	}
	err = q.QueryRow(ctx, `SELECT h.id, h.hamlet_id FROM households h JOIN residents r ON r.commune_id = h.commune_id AND r.household_id = h.id
		WHERE h.commune_id = $1 AND h.code = $2 AND r.id_number = $3`, communeID, code, idn).Scan(&id, &hamlet)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errs.FieldErrors{"household_code": "democracy.err.proof"}.Err(op)
	}
	return id, hamlet, errs.Wrap(op, err)
}

// portal is the audit identity of what residents do online.
var portal = audit.Actor{Name: "Người dân qua cổng thông tin"}

// ProposeOnline records a proposal a resident makes online, for the hamlet of the household
// they prove; that household's support is counted at once.
func (s *Service) ProposeOnline(ctx context.Context, communeID string, p Proof, in InitiativeInput) (Initiative, error) {
	const op = "democracy: propose online"
	var out Initiative
	err := s.tx(ctx, func(tx *db.Tx) error {
		i, fe := validateInitiative(in)
		household, hamlet, err := proven(ctx, tx, op, communeID, p)
		if fpe, ok := errs.Fields(err); ok {
			for k, v := range fpe {
				fe[k] = v
			}
		} else if err != nil {
			return err
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		i.HamletID = hamlet
		if out, err = s.insertInitiative(ctx, tx, communeID, portal, i); err != nil {
			return err
		}
		out, err = s.support(ctx, tx, communeID, portal, out, []string{household}, "online")
		return err
	})
	return out, err
}

// Support records households supporting an initiative, as the hamlet head collected them.
func (s *Service) Support(ctx context.Context, communeID string, by audit.Actor, sc Scope, id string, householdIDs []string) (Initiative, error) {
	const op = "democracy: support initiative"
	ids := uniq(householdIDs)
	switch {
	case len(ids) == 0:
		return Initiative{}, errs.FieldErrors{"households": "democracy.err.households_none"}.Err(op)
	case len(ids) > maxBatch:
		return Initiative{}, errs.FieldErrors{"households": "democracy.err.households_many"}.Err(op)
	}
	var out Initiative
	err := s.tx(ctx, func(tx *db.Tx) error {
		i, err := getInitiative(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		all, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		h, _ := hamletByID(all, i.HamletID)
		if !sc.Covers(h) {
			return errs.E(op, errs.Forbidden, "democracy.err.hamlet_scope")
		}
		if _, err := householdsIn(ctx, tx, communeID, []Hamlet{h}, ids); err != nil {
			return err
		}
		out, err = s.support(ctx, tx, communeID, by, i, ids, "hamlet")
		return err
	})
	return out, err
}

// SupportOnline records the support of the household a resident proves.
func (s *Service) SupportOnline(ctx context.Context, communeID, id string, p Proof) (Initiative, error) {
	const op = "democracy: support online"
	var out Initiative
	err := s.tx(ctx, func(tx *db.Tx) error {
		i, err := getInitiative(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		household, hamlet, err := proven(ctx, tx, op, communeID, p)
		if err != nil {
			return err
		}
		if hamlet != i.HamletID {
			return errs.FieldErrors{"household_code": "democracy.err.proof_hamlet"}.Err(op)
		}
		out, err = s.support(ctx, tx, communeID, portal, i, []string{household}, "online")
		return err
	})
	return out, err
}

// support counts the households (once each) and moves the initiative to the community when
// they reach 10 % of all households in time.
func (s *Service) support(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, i Initiative, ids []string, via string) (Initiative, error) {
	const op = "democracy: support"
	today := s.Today()
	if !i.Open(today) && i.Status == Gathering {
		return Initiative{}, errs.E(op, errs.Conflict, "democracy.err.initiative_expired")
	}
	if i.Status != Gathering {
		return Initiative{}, errs.E(op, errs.Conflict, "democracy.err.initiative_done")
	}
	added := 0
	for _, h := range ids {
		res, err := tx.Exec(ctx, `INSERT INTO democracy_initiative_support (commune_id, initiative_id, household_id, via, at, by_name)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (commune_id, initiative_id, household_id) DO NOTHING`, communeID, i.ID, h, via, s.stamp(), by.Name)
		if err != nil {
			return Initiative{}, errs.Wrap(op, err)
		}
		n, _ := res.RowsAffected()
		added += int(n)
	}
	if added == 0 && via == "online" {
		return Initiative{}, errs.E(op, errs.Conflict, "democracy.err.already_supported")
	}
	cur, err := getInitiative(ctx, tx, communeID, i.ID)
	if err != nil {
		return Initiative{}, err
	}
	view := map[string]any{"initiative": i.ID, "added": added, "via": via, "supporters": cur.Supporters}
	if err := audit.Record(ctx, tx, communeID, by, "democracy.initiative.support", "democracy_initiative", i.ID, audit.Change{After: view}); err != nil {
		return Initiative{}, err
	}
	if err := events.Publish(ctx, tx, communeID, TopicInitiativeSupported, view); err != nil {
		return Initiative{}, err
	}
	// Art. 16.3: 10 % of ALL the hamlet's households.
	if !AtLeastTenth(cur.Supporters, cur.Households) {
		return cur, nil
	}
	before := cur.auditView()
	cur.Status, cur.ReachedOn = Reached, today
	if err := saveInitiative(ctx, tx, communeID, by, &cur, s.stamp()); err != nil {
		return Initiative{}, err
	}
	if err := s.scheduleDuty(ctx, tx, communeID, cur); err != nil {
		return Initiative{}, err
	}
	if err := audit.Record(ctx, tx, communeID, by, "democracy.initiative.reach", "democracy_initiative", i.ID, audit.Change{Before: before, After: cur.auditView()}); err != nil {
		return Initiative{}, err
	}
	return cur, events.Publish(ctx, tx, communeID, TopicInitiativeReached, cur.eventView())
}

// scheduleDuty opens the hamlet head's duty to put a reached initiative to the community. The
// law names no time for it; the duty falls due when the initiative's three months of support
// end, so that the community decides on support still valid.
func (s *Service) scheduleDuty(ctx context.Context, tx *db.Tx, communeID string, i Initiative) error {
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return err
	}
	due := i.ExpiresOn()
	if due.Before(s.Today()) {
		due = s.Today()
	}
	return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: room, Kind: DutySchedule, SubjectType: "initiative", SubjectID: i.ID,
		Label: label("Sáng kiến: ", i.Title), URL: i.URL(), LegalBasis: "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 16 khoản 3",
		Owner: duty.Owner{Role: "hamlethead"}, DueAt: endOf(cal, due), AtRiskFrom: cal.AddWorkingDays(due, -5).At(cal.Hours().Opening()).UTC()})
}

// Schedule puts a reached initiative on a planned meeting of its hamlet: the meeting's agenda
// gains the item, and the duty ends.
func (s *Service) Schedule(ctx context.Context, communeID string, by audit.Actor, sc Scope, id, meetingID string) (Initiative, error) {
	const op = "democracy: schedule initiative"
	var out Initiative
	err := s.tx(ctx, func(tx *db.Tx) error {
		i, err := getInitiative(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		all, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		if h, _ := hamletByID(all, i.HamletID); !sc.Covers(h) {
			return errs.E(op, errs.Forbidden, "democracy.err.hamlet_scope")
		}
		if i.Status != Reached {
			return errs.E(op, errs.Conflict, "democracy.err.initiative_not_reached")
		}
		m, err := getMeeting(ctx, tx, communeID, strings.TrimSpace(meetingID))
		if errs.KindOf(err) == errs.NotFound {
			return errs.FieldErrors{"meeting": "democracy.err.meeting_choose"}.Err(op)
		} else if err != nil {
			return err
		}
		if m.Status != Planned || (m.HamletID != i.HamletID && !m.CommuneWide()) || m.Kind != DecisionMeeting {
			return errs.FieldErrors{"meeting": "democracy.err.meeting_choose"}.Err(op)
		}
		if len(m.Agenda) >= maxAgenda {
			return errs.FieldErrors{"meeting": "democracy.err.agenda_long"}.Err(op)
		}
		if err := writeAgenda(ctx, tx, communeID, m.ID, append(m.Agenda, "Sáng kiến của công dân: "+i.Title)); err != nil {
			return err
		}
		before := i.auditView()
		i.Status, i.MeetingID = Scheduled, m.ID
		if err := saveInitiative(ctx, tx, communeID, by, &i, s.stamp()); err != nil {
			return err
		}
		if err := duty.Close(ctx, tx, communeID, room, i.ID, DutySchedule, "done"); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.initiative.schedule", "democracy_initiative", i.ID, audit.Change{Before: before, After: i.auditView()}); err != nil {
			return err
		}
		out = i
		return events.Publish(ctx, tx, communeID, TopicInitiativeScheduled, i.eventView())
	})
	return out, err
}

func saveInitiative(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, i *Initiative, now time.Time) error {
	i.UpdatedAt, i.UpdatedBy = now, by.Name
	_, err := tx.Exec(ctx, `UPDATE democracy_initiatives SET status = $3, reached_on = $4, meeting_id = $5, updated_at = $6, updated_by = $7
		WHERE commune_id = $1 AND id = $2`, communeID, i.ID, string(i.Status), dayText(i.ReachedOn), i.MeetingID, now, by.Name)
	return errs.Wrap("democracy: save initiative", err)
}

const initiativeCols = `i.id, i.hamlet_id, COALESCE(h.name, ''), i.title, i.content, i.proposer, i.opened_on, i.status, i.reached_on, i.meeting_id,
	(SELECT COUNT(*) FROM democracy_initiative_support x WHERE x.commune_id = i.commune_id AND x.initiative_id = i.id),
	(SELECT COUNT(*) FROM households x WHERE x.commune_id = i.commune_id AND x.hamlet_id = i.hamlet_id),
	i.created_at, i.created_by, i.updated_at, i.updated_by`

const initiativeFrom = ` FROM democracy_initiatives i LEFT JOIN hamlets h ON h.commune_id = i.commune_id AND h.id = i.hamlet_id`

func scanInitiative(row interface{ Scan(...any) error }) (Initiative, error) {
	var i Initiative
	var opened, status, reached string
	if err := row.Scan(&i.ID, &i.HamletID, &i.Hamlet, &i.Title, &i.Content, &i.Proposer, &opened, &status, &reached, &i.MeetingID,
		&i.Supporters, &i.Households, &i.CreatedAt, &i.CreatedBy, &i.UpdatedAt, &i.UpdatedBy); err != nil {
		return Initiative{}, err
	}
	i.OpenedOn, i.Status, i.ReachedOn = parseStored(opened), InitiativeStatus(status), parseStored(reached)
	return i, nil
}

// GetInitiative reads an initiative with its support count.
func (s *Service) GetInitiative(ctx context.Context, communeID, id string) (Initiative, error) {
	return getInitiative(ctx, s.d, communeID, id)
}

func getInitiative(ctx context.Context, q db.Q, communeID, id string) (Initiative, error) {
	i, err := scanInitiative(q.QueryRow(ctx, `SELECT `+initiativeCols+initiativeFrom+` WHERE i.commune_id = $1 AND i.id = $2`, communeID, id))
	if err != nil {
		return Initiative{}, notFound("democracy: get initiative", err)
	}
	return i, nil
}

// InitiativeFilter selects initiatives for a list.
type InitiativeFilter struct {
	HamletID string
	// Open keeps those still gathering support and not expired on Today.
	Open   bool
	Today  calendar.Date
	Scope  Scope
	Limit  int
	Offset int
}

// Initiatives lists initiatives, newest first, and counts them.
func (s *Service) Initiatives(ctx context.Context, communeID string, f InitiativeFilter) ([]Initiative, int, error) {
	const op = "democracy: initiatives"
	where := ` WHERE i.commune_id = $1`
	args := []any{communeID}
	add := func(cond string, v any) {
		args = append(args, v)
		where += strings.ReplaceAll(cond, "$?", "$"+itoa(len(args)))
	}
	if f.HamletID != "" {
		add(` AND i.hamlet_id = $?`, f.HamletID)
	}
	if f.Scope.HeadedBy != "" {
		add(` AND h.head_user_id = $?`, f.Scope.HeadedBy)
	}
	if f.Open {
		// Opened within the last three months: the earliest opening day still open.
		add(` AND i.status = 'gathering' AND i.opened_on >= $?`, addMonths(f.Today, -supportMonths).String())
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*)`+initiativeFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := limits(f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT `+initiativeCols+initiativeFrom+where+` ORDER BY i.opened_on DESC, i.id DESC LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Initiative
	for rows.Next() {
		i, err := scanInitiative(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, i)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// SupportRow is a household of an initiative's hamlet with its support.
type SupportRow struct {
	Household
	Via string    // "hamlet", "online" or "" when it has not supported it
	At  time.Time // when
}

// Supports lists the households of the initiative's hamlet with their support, paginated;
// Missing keeps those that have not supported it.
func (s *Service) Supports(ctx context.Context, communeID string, i Initiative, f HouseholdFilter) ([]SupportRow, int, error) {
	const op = "democracy: supports"
	f.HamletID = i.HamletID
	cond, args := householdWhere(f, nil)
	args = append([]any{communeID}, args...)
	args = append(args, i.ID)
	from := ` FROM households h LEFT JOIN democracy_initiative_support x ON x.commune_id = h.commune_id AND x.initiative_id = $` + itoa(len(args)) +
		` AND x.household_id = h.id WHERE ` + cond
	if f.Missing {
		from += ` AND x.household_id IS NULL`
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := limits(f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT h.id, h.code, h.hamlet_id, h.head_name, h.address, h.phone, COALESCE(x.via, ''), x.at`+from+
		` ORDER BY h.code LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []SupportRow
	for rows.Next() {
		var r SupportRow
		var at sql.NullTime
		if err := rows.Scan(&r.ID, &r.Code, &r.HamletID, &r.HeadName, &r.Address, &r.Phone, &r.Via, &at); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		r.At = db.TimeOf(at)
		out = append(out, r)
	}
	return out, total, errs.Wrap(op, rows.Err())
}
