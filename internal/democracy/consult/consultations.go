package consult

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
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

// Limits of what a consultation holds.
const (
	maxTitle       = 300
	maxDraft       = 200000
	maxPlan        = 4000
	maxHamlets     = 500
	maxAttachments = 20
	maxLongText    = 20000
)

// The duty "synthesise and answer" in the register. Law 10/2022 Art. 28 asks the chairman
// to have the opinions synthesised and answered and the result published, but sets no time
// for it: the due day is the consultation's closing day, the earliest the synthesis can be
// complete, so that the register shows a consultation left unanswered after its period.
const (
	DutyAnswer = "consult.duty.answer"
	dutyRoom   = "consult"
	dutyBasis  = "Điều 28 Luật Thực hiện dân chủ ở cơ sở 2022"
)

// Consultation is one matter residents are consulted on.
type Consultation struct {
	ID          string
	Topic       Topic
	Title       string
	Draft       string // sanitised HTML
	Attachments []string
	Forms       []Form
	// Plan is the consultation plan (kế hoạch lấy ý kiến) as staff summarise it; the days it
	// was sent to the commune People's Council and the Fatherland Front (Art. 28).
	Plan          string
	PlanCouncilOn calendar.Date
	PlanFrontOn   calendar.Date
	OpensOn       calendar.Date // the publication day once open; planned while a draft
	ClosesOn      calendar.Date // the last day opinions are taken
	Status        Status
	PublishedAt   time.Time
	// The closing (Art. 28).
	Summary         string
	Decision        string
	DecisionOn      calendar.Date
	FollowsMajority bool
	Explanation     string
	ClosedAt        time.Time
	ClosedBy        string
	DisclosureURL   string
	HamletIDs       []string // none: the whole commune
	Hamlets         []string // their names
	CreatedAt       time.Time
	CreatedBy       string
	UpdatedAt       time.Time
	UpdatedBy       string
}

// URL is the consultation's staff page.
func (c Consultation) URL() string { return staffBase + "/" + c.ID }

// PublicURL is its public page.
func (c Consultation) PublicURL() string { return publicBase + "/" + c.ID }

// CommuneWide reports whether the whole commune is consulted.
func (c Consultation) CommuneWide() bool { return len(c.HamletIDs) == 0 }

// HasForm reports whether opinions are taken by form f.
func (c Consultation) HasForm(f Form) bool { return slices.Contains(c.Forms, f) }

// Input is a consultation as the staff form sends it; days as typed.
type Input struct {
	Topic         Topic
	Title         string
	Draft         string
	Forms         []string
	Plan          string
	PlanCouncilOn string
	PlanFrontOn   string
	OpensOn       string
	ClosesOn      string
	HamletIDs     []string
}

// optionalDay reads an optional past day into fe[field].
func optionalDay(s string, today calendar.Date, field string, fe errs.FieldErrors) calendar.Date {
	if strings.TrimSpace(s) == "" {
		return calendar.Date{}
	}
	d, ok := ParseDay(s)
	switch {
	case !ok:
		fe[field] = "consult.err.date_invalid"
	case d.After(today):
		fe[field] = "consult.err.date_future"
	}
	return d
}

// validate reads in against the commune's hamlets.
func (s *Service) validate(in Input, today calendar.Date, hamlets []Hamlet) (Consultation, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var c Consultation
	var ok bool
	if c.Topic = in.Topic; !c.Topic.Valid() {
		fe["topic"] = "consult.err.topic"
	}
	if c.Title, ok = clean(in.Title, maxTitle); !ok {
		fe["title"] = "consult.err.too_long"
	} else if c.Title == "" {
		fe["title"] = "consult.err.title_required"
	}
	if c.Draft, ok = clean(s.sanitize(in.Draft), maxDraft); !ok {
		fe["draft"] = "consult.err.too_long"
	} else if c.Draft == "" {
		fe["draft"] = "consult.err.draft_required"
	}
	if c.Plan, ok = clean(in.Plan, maxPlan); !ok {
		fe["plan"] = "consult.err.too_long"
	}
	c.Forms = []Form{}
	for _, f := range Forms { // in the list's order, each once
		if slices.Contains(in.Forms, string(f)) {
			c.Forms = append(c.Forms, f)
		}
	}
	if len(c.Forms) == 0 {
		fe["forms"] = "consult.err.forms_required"
	}
	for _, f := range in.Forms {
		if !Form(f).Valid() {
			fe["forms"] = "consult.err.forms_required"
		}
	}
	c.PlanCouncilOn = optionalDay(in.PlanCouncilOn, today, "plan_council_on", fe)
	c.PlanFrontOn = optionalDay(in.PlanFrontOn, today, "plan_front_on", fe)
	var okO, okC bool
	if c.OpensOn, okO = ParseDay(in.OpensOn); !okO {
		fe["opens_on"] = "consult.err.date_invalid"
	}
	if c.ClosesOn, okC = ParseDay(in.ClosesOn); !okC {
		fe["closes_on"] = "consult.err.date_invalid"
	}
	if okO && okC {
		if field, key := CheckPeriod(c.OpensOn, c.ClosesOn); key != "" {
			fe[field] = key
		}
	}
	chosen := map[string]bool{}
	for _, id := range in.HamletIDs {
		if id = strings.TrimSpace(id); id != "" {
			chosen[id] = true
		}
	}
	if len(chosen) > maxHamlets {
		fe["hamlets"] = "consult.err.hamlet_unknown"
	}
	c.HamletIDs = []string{}
	for _, h := range hamlets {
		if chosen[h.ID] {
			c.HamletIDs = append(c.HamletIDs, h.ID)
			c.Hamlets = append(c.Hamlets, h.Name)
			delete(chosen, h.ID)
		}
	}
	if len(chosen) > 0 {
		fe["hamlets"] = "consult.err.hamlet_unknown"
	}
	return c, fe
}

// auditView is what the audit log keeps of a consultation.
func (c Consultation) auditView() map[string]any {
	return map[string]any{"topic": c.Topic, "title": c.Title, "status": c.Status, "forms": c.Forms, "hamlets": c.HamletIDs,
		"plan_council_on": dateText(c.PlanCouncilOn), "plan_front_on": dateText(c.PlanFrontOn),
		"opens_on": c.OpensOn.String(), "closes_on": c.ClosesOn.String(), "attachments": c.Attachments}
}

// Create writes a new consultation as a draft.
func (s *Service) Create(ctx context.Context, communeID string, by audit.Actor, in Input) (Consultation, error) {
	const op = "consult: create"
	var c Consultation
	err := s.tx(ctx, func(tx *db.Tx) error {
		hamlets, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		var fe errs.FieldErrors
		if c, fe = s.validate(in, s.Today(), hamlets); fe.Err(op) != nil {
			return fe.Err(op)
		}
		now := s.stamp()
		c.ID, c.Status, c.Attachments = uuid.Must(uuid.NewV7()).String(), Draft, []string{}
		c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy = now, by.Name, now, by.Name
		forms, _ := json.Marshal(c.Forms)
		if _, err := tx.Exec(ctx, `INSERT INTO consultations (commune_id, id, topic, title, draft, attachments, forms, plan,
			plan_council_on, plan_front_on, opens_on, closes_on, status, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, '[]', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			communeID, c.ID, string(c.Topic), c.Title, c.Draft, string(forms), c.Plan, dateText(c.PlanCouncilOn), dateText(c.PlanFrontOn),
			c.OpensOn.String(), c.ClosesOn.String(), string(c.Status), c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := writeHamlets(ctx, tx, communeID, c.ID, c.HamletIDs); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, actionCreate, "consultation", c.ID, audit.Change{After: c.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicCreated, map[string]any{"id": c.ID, "topic": c.Topic})
	})
	if err != nil {
		return Consultation{}, err
	}
	return c, nil
}

func writeHamlets(ctx context.Context, tx *db.Tx, communeID, id string, hamlets []string) error {
	const op = "consult: hamlets"
	if _, err := tx.Exec(ctx, `DELETE FROM consultation_hamlets WHERE commune_id = $1 AND consultation_id = $2`, communeID, id); err != nil {
		return errs.Wrap(op, err)
	}
	if len(hamlets) == 0 {
		return nil
	}
	rows := make([][]any, len(hamlets))
	for i, h := range hamlets {
		rows[i] = []any{communeID, id, h}
	}
	return errs.Wrap(op, db.InsertRows(ctx, tx, "consultation_hamlets", []string{"commune_id", "consultation_id", "hamlet_id"}, rows))
}

// Update changes a draft; once published its content stands as residents read it.
func (s *Service) Update(ctx context.Context, communeID, id string, by audit.Actor, in Input) (Consultation, error) {
	const op = "consult: update"
	var c Consultation
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := get(ctx, tx, s.d.Engine, communeID, id, true)
		if err != nil {
			return err
		}
		if before.Status != Draft {
			return errs.E(op, errs.Conflict, "consult.err.not_draft")
		}
		hamlets, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		var fe errs.FieldErrors
		if c, fe = s.validate(in, s.Today(), hamlets); fe.Err(op) != nil {
			return fe.Err(op)
		}
		c.ID, c.Status, c.Attachments, c.CreatedAt, c.CreatedBy = before.ID, before.Status, before.Attachments, before.CreatedAt, before.CreatedBy
		c.UpdatedAt, c.UpdatedBy = s.stamp(), by.Name
		forms, _ := json.Marshal(c.Forms)
		if _, err := tx.Exec(ctx, `UPDATE consultations SET topic = $3, title = $4, draft = $5, forms = $6, plan = $7,
			plan_council_on = $8, plan_front_on = $9, opens_on = $10, closes_on = $11, updated_at = $12, updated_by = $13
			WHERE commune_id = $1 AND id = $2`,
			communeID, c.ID, string(c.Topic), c.Title, c.Draft, string(forms), c.Plan, dateText(c.PlanCouncilOn), dateText(c.PlanFrontOn),
			c.OpensOn.String(), c.ClosesOn.String(), c.UpdatedAt, c.UpdatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := writeHamlets(ctx, tx, communeID, c.ID, c.HamletIDs); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, actionUpdate, "consultation", c.ID,
			audit.Change{Before: before.auditView(), After: c.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicUpdated, map[string]any{"id": c.ID})
	})
	if err != nil {
		return Consultation{}, err
	}
	return c, nil
}

// Publish opens a draft to opinions from day on (today if zero, never a future day): the
// period runs from on to the closing day, which must be at least 20 days later (Art. 28);
// the plan must have been sent to the commune People's Council and the Fatherland Front
// (Art. 28), both days recorded. The duty "synthesise and answer" opens, due on the closing day.
func (s *Service) Publish(ctx context.Context, communeID, id string, by audit.Actor, on calendar.Date) (Consultation, error) {
	const op = "consult: publish"
	today := s.Today()
	if on == (calendar.Date{}) {
		on = today
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return Consultation{}, errs.Wrap(op, err)
	}
	var c Consultation
	err = s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if c, err = get(ctx, tx, s.d.Engine, communeID, id, true); err != nil {
			return err
		}
		if c.Status != Draft {
			return errs.E(op, errs.Conflict, "consult.err.not_draft")
		}
		fe := errs.FieldErrors{}
		switch {
		case !on.Valid():
			fe["published_on"] = "consult.err.date_invalid"
		case on.After(today):
			fe["published_on"] = "consult.err.date_future"
		}
		if field, key := CheckPeriod(on, c.ClosesOn); key != "" && fe["published_on"] == "" {
			if field == "opens_on" {
				field = "published_on"
			}
			fe[field] = key
		}
		if !c.PlanCouncilOn.Valid() {
			fe["plan_council_on"] = "consult.err.plan_council_required"
		}
		if !c.PlanFrontOn.Valid() {
			fe["plan_front_on"] = "consult.err.plan_front_required"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		before := c.auditView()
		c.Status, c.OpensOn, c.PublishedAt, c.UpdatedAt, c.UpdatedBy = Open, on, s.stamp(), s.stamp(), by.Name
		res, err := tx.Exec(ctx, `UPDATE consultations SET status = 'open', opens_on = $3, published_at = $4, updated_at = $4,
			updated_by = $5 WHERE commune_id = $1 AND id = $2 AND status = 'draft'`, communeID, id, on.String(), c.PublishedAt, by.Name)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "consult.err.not_draft")
		}
		if err := audit.Record(ctx, tx, communeID, by, actionPublish, "consultation", c.ID,
			audit.Change{Before: before, After: c.auditView()}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicPublished, map[string]any{"id": c.ID, "opens_on": on.String(),
			"closes_on": c.ClosesOn.String()}); err != nil {
			return err
		}
		return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: dutyRoom, Kind: DutyAnswer, SubjectType: "consultation",
			SubjectID: c.ID, Label: label(c.Title), URL: c.URL(), LegalBasis: dutyBasis, Owner: duty.Owner{Role: "leader"},
			DueAt: c.ClosesOn.At(cal.Hours().Closing()).UTC(), AtRiskFrom: c.ClosesOn.AddDays(-3).At(cal.Hours().Opening()).UTC()})
	})
	if err != nil {
		return Consultation{}, err
	}
	return c, nil
}

// AddAttachment lists a stored blob (by its sha256) among the draft's attachments; a file
// already listed is not listed twice.
func (s *Service) AddAttachment(ctx context.Context, communeID, id string, by audit.Actor, sha string) (Consultation, error) {
	const op = "consult: attach"
	var c Consultation
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if c, err = get(ctx, tx, s.d.Engine, communeID, id, true); err != nil {
			return err
		}
		if c.Status == Closed {
			return errs.E(op, errs.Conflict, "consult.err.closed")
		}
		if slices.Contains(c.Attachments, sha) {
			return nil
		}
		if len(c.Attachments) >= maxAttachments {
			return errs.FieldErrors{"files": "consult.err.attachments_too_many"}.Err(op)
		}
		c.Attachments = append(c.Attachments, sha)
		att, _ := json.Marshal(c.Attachments)
		if _, err := tx.Exec(ctx, `UPDATE consultations SET attachments = $3, updated_at = $4, updated_by = $5 WHERE commune_id = $1 AND id = $2`,
			communeID, id, string(att), s.stamp(), by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionAttach, "consultation", c.ID, audit.Change{After: map[string]any{"attachment": sha}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicAttached, map[string]any{"id": c.ID, "sha": sha})
	})
	return c, err
}

const cols = `id, topic, title, draft, attachments, forms, plan, plan_council_on, plan_front_on, opens_on, closes_on, status,
	published_at, summary, decision, decision_on, follows_majority, explanation, closed_at, closed_by, disclosure_url,
	created_at, created_by, updated_at, updated_by`

func scan(row interface{ Scan(...any) error }) (Consultation, error) {
	var c Consultation
	var topic, status, att, forms, opens, closes string
	var council, front, decisionOn sql.NullString
	var published, closed sql.NullTime
	if err := row.Scan(&c.ID, &topic, &c.Title, &c.Draft, &att, &forms, &c.Plan, &council, &front, &opens, &closes, &status,
		&published, &c.Summary, &c.Decision, &decisionOn, &c.FollowsMajority, &c.Explanation, &closed, &c.ClosedBy, &c.DisclosureURL,
		&c.CreatedAt, &c.CreatedBy, &c.UpdatedAt, &c.UpdatedBy); err != nil {
		return c, err
	}
	c.Topic, c.Status, c.HamletIDs = Topic(topic), Status(status), []string{}
	c.PublishedAt, c.ClosedAt = db.TimeOf(published), db.TimeOf(closed)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(att), &c.Attachments); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(forms), &c.Forms); err != nil {
		return c, err
	}
	var err error
	if c.OpensOn, err = calendar.ParseDate(opens); err != nil {
		return c, err
	}
	if c.ClosesOn, err = calendar.ParseDate(closes); err != nil {
		return c, err
	}
	for _, p := range []struct {
		ns  sql.NullString
		dst *calendar.Date
	}{{council, &c.PlanCouncilOn}, {front, &c.PlanFrontOn}, {decisionOn, &c.DecisionOn}} {
		if *p.dst, err = scanDate(p.ns); err != nil {
			return c, err
		}
	}
	return c, nil
}

func get(ctx context.Context, q db.Q, engine db.Engine, communeID, id string, lock bool) (Consultation, error) {
	const op = "consult: get"
	query := `SELECT ` + cols + ` FROM consultations WHERE commune_id = $1 AND id = $2`
	if lock {
		query += engine.ForUpdate()
	}
	c, err := scan(q.QueryRow(ctx, query, communeID, id))
	if err != nil {
		return c, notFound(op, err)
	}
	list := []*Consultation{&c}
	return c, loadHamlets(ctx, q, communeID, list)
}

// Get returns one consultation with its hamlets.
func (s *Service) Get(ctx context.Context, communeID, id string) (Consultation, error) {
	return get(ctx, s.d, s.d.Engine, communeID, id, false)
}

// Public returns a consultation the public may read: open or closed (a draft is not found).
func (s *Service) Public(ctx context.Context, communeID, id string) (Consultation, error) {
	c, err := s.Get(ctx, communeID, id)
	if err == nil && c.Status == Draft {
		return Consultation{}, errs.E("consult: public", errs.NotFound, "consult.err.not_found")
	}
	return c, err
}

// loadHamlets fills the hamlets of a page of consultations in one query.
func loadHamlets(ctx context.Context, q db.Q, communeID string, list []*Consultation) error {
	const op = "consult: hamlets"
	if len(list) == 0 {
		return nil
	}
	args := []any{communeID}
	index := map[string]*Consultation{}
	for _, c := range list {
		args = append(args, c.ID)
		index[c.ID] = c
	}
	rows, err := q.Query(ctx, `SELECT ch.consultation_id, h.id, h.name FROM consultation_hamlets ch
		JOIN hamlets h ON h.commune_id = ch.commune_id AND h.id = ch.hamlet_id
		WHERE ch.commune_id = $1 AND ch.consultation_id IN (`+db.Placeholders(2, len(list))+`)
		ORDER BY h.sort_order, h.name, h.id`, args...)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var cid, hid, name string
		if err := rows.Scan(&cid, &hid, &name); err != nil {
			return errs.Wrap(op, err)
		}
		c := index[cid]
		c.HamletIDs = append(c.HamletIDs, hid)
		c.Hamlets = append(c.Hamlets, name)
	}
	return errs.Wrap(op, rows.Err())
}

// Filter selects consultations for a list.
type Filter struct {
	// Phase keeps one phase ("" all). Collecting and synthesis are open consultations before
	// and after their closing day.
	Phase Phase
	// Public keeps what the public sees: open and closed.
	Public        bool
	Limit, Offset int
}

func (f Filter) where(communeID string, today calendar.Date) (string, []any) {
	w := ` WHERE commune_id = $1`
	args := []any{communeID}
	switch f.Phase {
	case PhaseDraft:
		w += ` AND status = 'draft'`
	case PhaseClosed:
		w += ` AND status = 'closed'`
	case PhaseCollecting:
		w += ` AND status = 'open' AND closes_on >= $2`
		args = append(args, today.String())
	case PhaseSynthesis:
		w += ` AND status = 'open' AND closes_on < $2`
		args = append(args, today.String())
	}
	if f.Public {
		w += ` AND status <> 'draft'`
	}
	return w, args
}

// List returns a page of consultations, open ones first (the soonest to close first), then
// the others latest first, and how many match.
func (s *Service) List(ctx context.Context, communeID string, f Filter) ([]Consultation, int, error) {
	const op = "consult: list"
	limit, offset := limits(f.Limit, f.Offset)
	where, args := f.where(communeID, s.Today())
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM consultations`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT `+cols+` FROM consultations`+where+`
		ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, CASE status WHEN 'open' THEN closes_on ELSE '' END,
		created_at DESC, id DESC LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	var out []Consultation
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			rows.Close()
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	ptrs := make([]*Consultation, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, total, loadHamlets(ctx, s.d, communeID, ptrs)
}

// PhaseCounts counts the commune's consultations by phase, in one query.
func (s *Service) PhaseCounts(ctx context.Context, communeID string) (map[Phase]int, error) {
	const op = "consult: counts"
	today := s.Today().String()
	out := map[Phase]int{}
	rows, err := s.d.Query(ctx, `SELECT CASE WHEN status = 'open' AND closes_on < $2 THEN 'synthesis'
		WHEN status = 'open' THEN 'collecting' ELSE status END AS phase, COUNT(*)
		FROM consultations WHERE commune_id = $1 GROUP BY 1`, communeID, today)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out[Phase(p)] = n
	}
	return out, errs.Wrap(op, rows.Err())
}
