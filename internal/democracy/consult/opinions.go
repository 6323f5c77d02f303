package consult

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Portal is who gives an opinion through the public form, in the audit log.
var Portal = audit.Actor{ID: "web", Name: "Người dân qua cổng thông tin"}

// Opinion is one opinion received.
type Opinion struct {
	ID             string
	ConsultationID string
	Source         Form
	HamletID       string // "" none
	Hamlet         string // its name
	AuthorName     string
	AuthorPhone    string
	Body           string
	ReceivedOn     calendar.Date
	GroupID        string // "" not grouped yet
	CreatedAt      time.Time
	CreatedBy      string
}

// Anonymous reports whether the opinion was given without a name.
func (o Opinion) Anonymous() bool { return o.AuthorName == "" }

// auditView is what the audit log keeps of an opinion: not the person's name nor phone.
func (o Opinion) auditView() map[string]any {
	return map[string]any{"consultation": o.ConsultationID, "source": o.Source, "hamlet": o.HamletID,
		"received_on": o.ReceivedOn.String(), "chars": utf8.RuneCountInString(o.Body), "anonymous": o.Anonymous()}
}

// inScope reports whether the hamlet may be named on an opinion of c: one of its hamlets, or
// any hamlet of the commune when c is commune-wide.
func inScope(c Consultation, hamletID string, hamlets []Hamlet) (string, bool) {
	if hamletID == "" {
		return "", true
	}
	for _, h := range hamlets {
		if h.ID == hamletID && (c.CommuneWide() || containsID(c.HamletIDs, h.ID)) {
			return h.Name, true
		}
	}
	return "", false
}

func containsID(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// SubmitPublic takes an opinion from the public form. It is refused unless the consultation
// is open and today is within its period (Art. 28).
func (s *Service) SubmitPublic(ctx context.Context, communeID, consultationID string, in OpinionInput) (Opinion, error) {
	const op = "consult: submit opinion"
	in, bad := checkOpinion(OpinionInput{HamletID: in.HamletID, Name: in.Name, Phone: in.Phone, Body: in.Body})
	fe := errs.FieldErrors(bad)
	c, err := s.Public(ctx, communeID, consultationID)
	if err != nil {
		return Opinion{}, err
	}
	return s.submitTo(ctx, communeID, c, in, fe)
}

// submitTo is SubmitPublic on a consultation already read, with in already cleaned.
func (s *Service) submitTo(ctx context.Context, communeID string, c Consultation, in OpinionInput, fe errs.FieldErrors) (Opinion, error) {
	const op = "consult: submit opinion"
	if fe == nil {
		fe = errs.FieldErrors{}
	}
	var err error
	today := s.Today()
	if !c.Taking(today) {
		return Opinion{}, errs.E(op, errs.Conflict, "consult.err.not_taking")
	}
	var hamlets []Hamlet
	if in.HamletID != "" {
		if hamlets, err = hamletsOf(ctx, s.d, communeID); err != nil {
			return Opinion{}, err
		}
	}
	o := Opinion{ConsultationID: c.ID, Source: FormWebsite, HamletID: in.HamletID, AuthorName: in.Name, AuthorPhone: in.Phone,
		Body: in.Body, ReceivedOn: today}
	var ok bool
	if o.Hamlet, ok = inScope(c, in.HamletID, hamlets); !ok {
		fe["hamlet"] = "consult.err.hamlet_unknown"
	}
	if err := fe.Err(op); err != nil {
		return Opinion{}, err
	}
	return o, s.insertOpinion(ctx, communeID, Portal, &o, today)
}

// AddOpinion records an opinion staff received by another form (a household opinion form, a
// meeting, the suggestion box…), on the day received: within the period and not after today.
// Opinions received in time may be typed in after the closing day, until the consultation
// closes.
func (s *Service) AddOpinion(ctx context.Context, communeID, consultationID string, by audit.Actor, in OpinionInput) (Opinion, error) {
	const op = "consult: add opinion"
	source := in.Source
	received := in.ReceivedOn
	in, bad := checkOpinion(in)
	fe := errs.FieldErrors(bad)
	c, err := s.Get(ctx, communeID, consultationID)
	if err != nil {
		return Opinion{}, err
	}
	switch c.Status {
	case Draft:
		return Opinion{}, errs.E(op, errs.Conflict, "consult.err.not_open")
	case Closed:
		return Opinion{}, errs.E(op, errs.Conflict, "consult.err.closed")
	}
	if !containsForm(StaffSources, source) {
		fe["source"] = "consult.err.source"
	}
	today := s.Today()
	day, okDay := ParseDay(received)
	switch {
	case strings.TrimSpace(received) == "":
		fe["received_on"] = "consult.err.received_required"
	case !okDay:
		fe["received_on"] = "consult.err.date_invalid"
	case day.After(today):
		fe["received_on"] = "consult.err.date_future"
	case day.Before(c.OpensOn) || day.After(c.ClosesOn):
		fe["received_on"] = "consult.err.received_outside"
	}
	hamlets, err := hamletsOf(ctx, s.d, communeID)
	if err != nil {
		return Opinion{}, err
	}
	o := Opinion{ConsultationID: c.ID, Source: source, HamletID: in.HamletID, AuthorName: in.Name, AuthorPhone: in.Phone,
		Body: in.Body, ReceivedOn: day}
	var ok bool
	if o.Hamlet, ok = inScope(c, in.HamletID, hamlets); !ok {
		fe["hamlet"] = "consult.err.hamlet_unknown"
	}
	if err := fe.Err(op); err != nil {
		return Opinion{}, err
	}
	return o, s.insertOpinion(ctx, communeID, by, &o, calendar.Date{})
}

func containsForm(list []Form, f Form) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}

// insertOpinion writes o, on condition that its consultation is still open (and, when
// taking is set, that the day is in its period), in one transaction with its audit entry and
// event. The condition is read in the transaction, under a share lock on PostgreSQL that a
// closing (FOR UPDATE) waits for, so that an opinion cannot land after a concurrent closing.
func (s *Service) insertOpinion(ctx context.Context, communeID string, by audit.Actor, o *Opinion, taking calendar.Date) error {
	const op = "consult: insert opinion"
	o.ID, o.CreatedAt, o.CreatedBy = uuid.Must(uuid.NewV7()).String(), s.stamp(), by.Name
	check := `SELECT status, opens_on, closes_on FROM consultations WHERE commune_id = $1 AND id = $2` + s.d.Engine.ForShare()
	return s.tx(ctx, func(tx *db.Tx) error {
		var status, opens, closes string
		if err := tx.QueryRow(ctx, check, communeID, o.ConsultationID).Scan(&status, &opens, &closes); err != nil {
			return notFound(op, err)
		}
		if status != string(Open) || (taking.Valid() && (taking.String() < opens || taking.String() > closes)) {
			return errs.E(op, errs.Conflict, "consult.err.not_taking")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO consultation_opinions (commune_id, id, consultation_id, source, hamlet_id, author_name,
			author_phone, body, received_on, group_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $11)`,
			communeID, o.ID, o.ConsultationID, string(o.Source), o.HamletID, o.AuthorName, o.AuthorPhone, o.Body,
			o.ReceivedOn.String(), o.CreatedAt, o.CreatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionOpinion, "consultation_opinion", o.ID, audit.Change{After: o.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicOpinion, map[string]any{"id": o.ID, "consultation": o.ConsultationID,
			"source": o.Source, "hamlet": o.HamletID})
	})
}

// OpinionFilter selects a consultation's opinions for a list.
type OpinionFilter struct {
	HamletID string // "" all; NoHamlet: those tied to no hamlet
	Source   Form   // "" all
	GroupID  string // "" all; NoGroup: not grouped yet
	Limit    int
	Offset   int
}

// NoHamlet and NoGroup select the opinions without one.
const (
	NoHamlet = "-"
	NoGroup  = "-"
)

// Opinions returns a page of the consultation's opinions, oldest first, with the names of
// their hamlets, and how many match.
func (s *Service) Opinions(ctx context.Context, communeID, consultationID string, f OpinionFilter) ([]Opinion, int, error) {
	const op = "consult: opinions"
	limit, offset := limits(f.Limit, f.Offset)
	where := ` WHERE o.commune_id = $1 AND o.consultation_id = $2`
	args := []any{communeID, consultationID}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch f.HamletID {
	case "":
	case NoHamlet:
		where += ` AND o.hamlet_id = ''`
	default:
		where += ` AND o.hamlet_id = ` + arg(f.HamletID)
	}
	if f.Source != "" {
		where += ` AND o.source = ` + arg(string(f.Source))
	}
	switch f.GroupID {
	case "":
	case NoGroup:
		where += ` AND o.group_id = ''`
	default:
		where += ` AND o.group_id = ` + arg(f.GroupID)
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM consultation_opinions o`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT o.id, o.consultation_id, o.source, o.hamlet_id, COALESCE(h.name, ''), o.author_name,
		o.author_phone, o.body, o.received_on, o.group_id, o.created_at, o.created_by
		FROM consultation_opinions o LEFT JOIN hamlets h ON h.commune_id = o.commune_id AND h.id = o.hamlet_id`+where+`
		ORDER BY o.id LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Opinion
	for rows.Next() {
		var o Opinion
		var source, received string
		if err := rows.Scan(&o.ID, &o.ConsultationID, &source, &o.HamletID, &o.Hamlet, &o.AuthorName, &o.AuthorPhone, &o.Body,
			&received, &o.GroupID, &o.CreatedAt, &o.CreatedBy); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		o.Source, o.CreatedAt = Form(source), o.CreatedAt.UTC()
		if o.ReceivedOn, err = calendar.ParseDate(received); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, o)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// Count is a number of opinions under a name.
type Count struct {
	Key, Name string
	N         int
}

// Tally counts a consultation's opinions by hamlet (in the registry's order, "" last for
// those tied to none) and by source (Art. 26 order).
type Tally struct {
	Total     int
	Ungrouped int
	ByHamlet  []Count
	BySource  []Count
}

// Tally counts the consultation's opinions in three grouped queries.
func (s *Service) Tally(ctx context.Context, communeID, consultationID string) (Tally, error) {
	return tally(ctx, s.d, communeID, consultationID)
}

func tally(ctx context.Context, q db.Q, communeID, consultationID string) (Tally, error) {
	const op = "consult: tally"
	var t Tally
	if err := q.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN group_id = '' THEN 1 ELSE 0 END), 0)
		FROM consultation_opinions WHERE commune_id = $1 AND consultation_id = $2`, communeID, consultationID).Scan(&t.Total, &t.Ungrouped); err != nil {
		return t, errs.Wrap(op, err)
	}
	rows, err := q.Query(ctx, `SELECT o.hamlet_id, COALESCE(h.name, ''), COUNT(*) FROM consultation_opinions o
		LEFT JOIN hamlets h ON h.commune_id = o.commune_id AND h.id = o.hamlet_id
		WHERE o.commune_id = $1 AND o.consultation_id = $2
		GROUP BY o.hamlet_id, h.name, h.sort_order ORDER BY CASE WHEN o.hamlet_id = '' THEN 1 ELSE 0 END, h.sort_order, h.name`,
		communeID, consultationID)
	if err != nil {
		return t, errs.Wrap(op, err)
	}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.Name, &c.N); err != nil {
			rows.Close()
			return t, errs.Wrap(op, err)
		}
		t.ByHamlet = append(t.ByHamlet, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return t, errs.Wrap(op, err)
	}
	rows, err = q.Query(ctx, `SELECT source, COUNT(*) FROM consultation_opinions WHERE commune_id = $1 AND consultation_id = $2
		GROUP BY source`, communeID, consultationID)
	if err != nil {
		return t, errs.Wrap(op, err)
	}
	defer rows.Close()
	by := map[string]int{}
	for rows.Next() {
		var src string
		var n int
		if err := rows.Scan(&src, &n); err != nil {
			return t, errs.Wrap(op, err)
		}
		by[src] = n
	}
	for _, f := range Forms {
		if n := by[string(f)]; n > 0 {
			t.BySource = append(t.BySource, Count{Key: string(f), N: n})
		}
	}
	return t, errs.Wrap(op, rows.Err())
}
