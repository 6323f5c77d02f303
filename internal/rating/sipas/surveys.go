package sipas

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Status is where a survey stands.
type Status string

const (
	Open   Status = "open"   // answers are taken, online and on paper
	Closed Status = "closed" // no more answers; the index is published
)

// Statuses in lifecycle order.
var Statuses = []Status{Open, Closed}

// Limits of a survey.
const (
	MaxSample     = 2000
	maxTitle      = 300
	maxPeriodDays = 366
	maxPopulation = 200000
)

// Survey is one SIPAS survey of the dossiers returned in its period.
type Survey struct {
	ID         string
	Title      string
	Year       int // the year the index counts for: the year of the period's end
	PeriodFrom calendar.Date
	PeriodTo   calendar.Date
	// The method, with its basis as it stood when the survey began.
	MethodID            string
	MethodCode          string
	MethodVersion       string
	MethodName          string
	LegalBasis          string
	MethodEffectiveFrom calendar.Date
	MethodVerified      bool
	SampleSize          int // asked for
	Population          int // dossiers returned in the period
	Seed                int64
	Status              Status
	CreatedAt           time.Time
	CreatedBy           string
	ClosedAt            time.Time
	ClosedBy            string
	// Counts, filled by Get and List.
	Invited  int
	Answered int
}

// URL is the survey's staff page.
func (v Survey) URL() string { return staffBase + "/" + v.ID }

// ResultsURL is its public result.
func (v Survey) ResultsURL() string { return resultsPath + "?khao-sat=" + v.ID }

// Pending is the number of invitations not answered yet.
func (v Survey) Pending() int { return v.Invited - v.Answered }

// ResponseRate is answered ÷ invited.
func (v Survey) ResponseRate() Ratio { return ratio(v.Answered, v.Invited) }

// Input is a new survey as the staff form sends it.
type Input struct {
	Title      string
	PeriodFrom string
	PeriodTo   string
	MethodID   string
	SampleSize string
	Seed       string // optional: a given seed redraws a known sample
}

// ParseDay reads a day as a date input sends it (YYYY-MM-DD) or as Vietnamese write it
// (dd/mm/yyyy).
func ParseDay(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 10 {
		return calendar.Date{}, false
	}
	d, err := calendar.ParseDay(s)
	return d, err == nil && d.Valid()
}

// validate reads in: a period that has ended by today, of at most a year; a sample of 1 to
// MaxSample; an optional seed.
func validate(in Input, today calendar.Date) (Survey, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var v Survey
	var ok bool
	if v.Title, ok = clean(in.Title, maxTitle); !ok {
		fe["title"] = "sipas.err.too_long"
	} else if v.Title == "" {
		fe["title"] = "sipas.err.title_required"
	}
	var okF, okT bool
	if v.PeriodFrom, okF = ParseDay(in.PeriodFrom); !okF {
		fe["period_from"] = "sipas.err.date_invalid"
	}
	if v.PeriodTo, okT = ParseDay(in.PeriodTo); !okT {
		fe["period_to"] = "sipas.err.date_invalid"
	}
	if okF && okT {
		switch {
		case v.PeriodTo.Before(v.PeriodFrom):
			fe["period_to"] = "sipas.err.period_order"
		case v.PeriodTo.Sub(v.PeriodFrom) >= maxPeriodDays:
			fe["period_to"] = "sipas.err.period_long"
		case v.PeriodTo.After(today):
			fe["period_to"] = "sipas.err.period_future"
		}
	}
	v.Year = v.PeriodTo.Year
	n, err := strconv.Atoi(strings.TrimSpace(in.SampleSize))
	if err != nil || n < 1 || n > MaxSample {
		fe["sample_size"] = "sipas.err.sample_size"
	}
	v.SampleSize = n
	if seed := strings.TrimSpace(in.Seed); seed != "" {
		x, err := strconv.ParseInt(seed, 10, 64)
		if err != nil || x < 0 || x >= 1<<52 {
			fe["seed"] = "sipas.err.seed"
		}
		v.Seed = x
	} else {
		v.Seed = -1
	}
	if strings.TrimSpace(in.MethodID) == "" || len(in.MethodID) > 64 {
		fe["method"] = "sipas.err.method_required"
	}
	return v, fe
}

// Create begins a survey: it reads the dossiers returned in the period (through the injected
// Returned), draws the sample (DrawSample, with the given seed or a new one, kept with the
// survey so that the draw can be checked), and in one transaction writes the survey with its
// method's basis, one invitation with an unguessable token per sampled dossier, the audit
// entry and the event. The survey is open at once.
func (s *Service) Create(ctx context.Context, communeID string, by audit.Actor, in Input) (Survey, error) {
	const op = "sipas: create survey"
	if s.returned == nil {
		return Survey{}, errs.E(op, errs.Conflict, "sipas.err.no_dossiers_source")
	}
	v, fe := validate(in, s.Today())
	var m Method
	if fe["method"] == "" {
		var err error
		if m, err = s.Method(ctx, communeID, strings.TrimSpace(in.MethodID)); errs.KindOf(err) == errs.NotFound {
			fe["method"] = "sipas.err.method_required"
		} else if err != nil {
			return Survey{}, err
		}
	}
	if err := fe.Err(op); err != nil {
		return Survey{}, err
	}
	var pop []Dossier
	if err := s.returned(ctx, communeID, v.PeriodFrom, v.PeriodTo, func(d Dossier) error {
		if len(pop) >= maxPopulation {
			return errs.E(op, errs.Invalid, "sipas.err.population_large")
		}
		pop = append(pop, d)
		return nil
	}); err != nil {
		return Survey{}, err
	}
	if len(pop) == 0 {
		return Survey{}, errs.FieldErrors{"period_to": "sipas.err.population_empty"}.Err(op)
	}
	if v.Seed < 0 {
		var err error
		if v.Seed, err = s.newSeed(); err != nil {
			return Survey{}, errs.Wrap(op, err)
		}
	}
	sample := DrawSample(pop, v.SampleSize, uint64(v.Seed))
	now := s.stamp()
	v.ID, v.Status, v.Population, v.Invited = uuid.Must(uuid.NewV7()).String(), Open, len(pop), len(sample)
	v.MethodID, v.MethodCode, v.MethodVersion, v.MethodName = m.ID, m.Code, m.Version, m.Name
	v.LegalBasis, v.MethodEffectiveFrom, v.MethodVerified = m.LegalBasis, m.EffectiveFrom, m.Verified
	v.CreatedAt, v.CreatedBy = now, by.Name
	rows := make([][]any, len(sample))
	for i, d := range sample {
		token, err := s.newToken()
		if err != nil {
			return Survey{}, errs.Wrap(op, err)
		}
		rows[i] = []any{communeID, uuid.Must(uuid.NewV7()).String(), v.ID, i + 1, token, d.ID, d.Code, d.ProcedureCode, d.ProcedureName,
			d.Field, d.ApplicantName, d.ApplicantPhone, d.ReturnedAt.UTC(), now}
	}
	err := s.tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sipas_surveys (commune_id, id, title, year, period_from, period_to, method_id,
			method_code, method_version, method_name, legal_basis, method_effective_from, method_verified, sample_size, population,
			seed, status, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
			communeID, v.ID, v.Title, v.Year, v.PeriodFrom.String(), v.PeriodTo.String(), v.MethodID, v.MethodCode, v.MethodVersion,
			v.MethodName, v.LegalBasis, v.MethodEffectiveFrom.String(), v.MethodVerified, v.SampleSize, v.Population, v.Seed,
			string(v.Status), v.CreatedAt, v.CreatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := db.InsertRows(ctx, tx, "sipas_invitations", []string{"commune_id", "id", "survey_id", "seq", "token", "dossier_id",
			"dossier_code", "procedure_code", "procedure_name", "field", "applicant_name", "applicant_phone", "returned_at",
			"created_at"}, rows); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionCreate, "sipas_survey", v.ID, audit.Change{After: map[string]any{
			"title": v.Title, "period_from": v.PeriodFrom.String(), "period_to": v.PeriodTo.String(), "method": v.MethodCode + " " + v.MethodVersion,
			"sample_size": v.SampleSize, "population": v.Population, "invited": v.Invited, "seed": v.Seed}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicSurveyCreated, map[string]any{"id": v.ID, "year": v.Year,
			"period_from": v.PeriodFrom.String(), "period_to": v.PeriodTo.String(), "population": v.Population, "sample": v.Invited})
	})
	if err != nil {
		return Survey{}, err
	}
	return v, nil
}

// Close ends a survey: no answer is taken after it, and its index is public.
func (s *Service) Close(ctx context.Context, communeID, id string, by audit.Actor) (Survey, error) {
	const op = "sipas: close survey"
	var v Survey
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if v, err = getSurvey(ctx, tx, communeID, id); err != nil {
			return err
		}
		if v.Status != Open {
			return errs.E(op, errs.Conflict, "sipas.err.closed")
		}
		v.Status, v.ClosedAt, v.ClosedBy = Closed, s.stamp(), by.Name
		res, err := tx.Exec(ctx, `UPDATE sipas_surveys SET status = 'closed', closed_at = $3, closed_by = $4
			WHERE commune_id = $1 AND id = $2 AND status = 'open'`, communeID, id, v.ClosedAt, v.ClosedBy)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "sipas.err.closed")
		}
		idx, err := indexOf(ctx, tx, communeID, v)
		if err != nil {
			return err
		}
		var overall any
		if idx.Overall.Known() {
			overall = idx.Overall.Hundredths()
		}
		if err := audit.Record(ctx, tx, communeID, by, actionClose, "sipas_survey", v.ID, audit.Change{
			Before: map[string]any{"status": Open}, After: map[string]any{"status": Closed, "responses": idx.Responses, "overall_hundredths": overall}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicSurveyClosed, map[string]any{"id": v.ID, "year": v.Year, "responses": idx.Responses,
			"overall_hundredths": overall})
	})
	return v, err
}

const surveyCols = `s.id, s.title, s.year, s.period_from, s.period_to, s.method_id, s.method_code, s.method_version, s.method_name,
	s.legal_basis, s.method_effective_from, s.method_verified, s.sample_size, s.population, s.seed, s.status, s.created_at,
	s.created_by, s.closed_at, s.closed_by,
	(SELECT COUNT(*) FROM sipas_invitations i WHERE i.commune_id = s.commune_id AND i.survey_id = s.id),
	(SELECT COUNT(*) FROM sipas_invitations i WHERE i.commune_id = s.commune_id AND i.survey_id = s.id AND i.answered_at IS NOT NULL)`

func scanSurvey(row interface{ Scan(...any) error }) (Survey, error) {
	var v Survey
	var from, to, eff, status string
	var closed sql.NullTime
	if err := row.Scan(&v.ID, &v.Title, &v.Year, &from, &to, &v.MethodID, &v.MethodCode, &v.MethodVersion, &v.MethodName,
		&v.LegalBasis, &eff, &v.MethodVerified, &v.SampleSize, &v.Population, &v.Seed, &status, &v.CreatedAt, &v.CreatedBy,
		&closed, &v.ClosedBy, &v.Invited, &v.Answered); err != nil {
		return v, err
	}
	v.Status, v.ClosedAt, v.CreatedAt = Status(status), db.TimeOf(closed), v.CreatedAt.UTC()
	var err error
	for _, p := range []struct {
		s string
		d *calendar.Date
	}{{from, &v.PeriodFrom}, {to, &v.PeriodTo}, {eff, &v.MethodEffectiveFrom}} {
		if *p.d, err = calendar.ParseDate(p.s); err != nil {
			return v, err
		}
	}
	return v, nil
}

func getSurvey(ctx context.Context, q db.Q, communeID, id string) (Survey, error) {
	const op = "sipas: survey"
	v, err := scanSurvey(q.QueryRow(ctx, `SELECT `+surveyCols+` FROM sipas_surveys s WHERE s.commune_id = $1 AND s.id = $2`, communeID, id))
	if err != nil {
		return v, notFound(op, err)
	}
	return v, nil
}

// Get returns one survey with its counts.
func (s *Service) Get(ctx context.Context, communeID, id string) (Survey, error) {
	return getSurvey(ctx, s.d, communeID, id)
}

// Filter selects surveys for a list.
type Filter struct {
	Status        Status // "" all
	Limit, Offset int
}

// List returns a page of surveys, open ones first, then the latest period first, and how
// many match. The counts come in the same query.
func (s *Service) List(ctx context.Context, communeID string, f Filter) ([]Survey, int, error) {
	const op = "sipas: list"
	limit, offset := limits(f.Limit, f.Offset)
	where, args := ` WHERE s.commune_id = $1`, []any{communeID}
	if f.Status != "" {
		where += ` AND s.status = $2`
		args = append(args, string(f.Status))
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM sipas_surveys s`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT `+surveyCols+` FROM sipas_surveys s`+where+`
		ORDER BY CASE s.status WHEN 'open' THEN 0 ELSE 1 END, s.period_to DESC, s.created_at DESC, s.id DESC
		LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Survey
	for rows.Next() {
		v, err := scanSurvey(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, v)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// LatestClosed is the commune's most recently closed survey, if any.
func (s *Service) LatestClosed(ctx context.Context, communeID string) (Survey, bool, error) {
	v, err := scanSurvey(s.d.QueryRow(ctx, `SELECT `+surveyCols+` FROM sipas_surveys s WHERE s.commune_id = $1 AND s.status = 'closed'
		ORDER BY s.year DESC, s.closed_at DESC, s.id DESC LIMIT 1`, communeID))
	if err == sql.ErrNoRows {
		return Survey{}, false, nil
	}
	if err != nil {
		return Survey{}, false, errs.Wrap("sipas: latest closed", err)
	}
	return v, true, nil
}

// Index is a survey's index, read against the method it used.
func (s *Service) Index(ctx context.Context, communeID string, v Survey) (Index, error) {
	return indexOf(ctx, s.d, communeID, v)
}

func indexOf(ctx context.Context, q db.Q, communeID string, v Survey) (Index, error) {
	all, err := indexesOf(ctx, q, communeID, []Survey{v})
	if err != nil {
		return Index{}, err
	}
	return all[v.ID], nil
}

// Indexes are the indices of a page of surveys, in three queries whatever their number: the
// methods, the counts of answers, the counts of responses.
func (s *Service) Indexes(ctx context.Context, communeID string, list []Survey) (map[string]Index, error) {
	return indexesOf(ctx, s.d, communeID, list)
}

func indexesOf(ctx context.Context, q db.Q, communeID string, list []Survey) (map[string]Index, error) {
	const op = "sipas: indexes"
	out := map[string]Index{}
	if len(list) == 0 {
		return out, nil
	}
	methodIDs, surveyIDs := []any{communeID}, []any{communeID}
	seen := map[string]bool{}
	for _, v := range list {
		if !seen[v.MethodID] {
			seen[v.MethodID] = true
			methodIDs = append(methodIDs, v.MethodID)
		}
		surveyIDs = append(surveyIDs, v.ID)
	}
	methods := map[string]Method{}
	rows, err := q.Query(ctx, `SELECT id, body, builtin FROM sipas_methods WHERE commune_id = $1 AND id IN (`+
		db.Placeholders(2, len(methodIDs)-1)+`)`, methodIDs...)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	for rows.Next() {
		var id, body string
		var builtin bool
		if err := rows.Scan(&id, &body, &builtin); err != nil {
			rows.Close()
			return nil, errs.Wrap(op, err)
		}
		m, err := decodeStored(id, body, builtin)
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(op, err)
		}
		methods[id] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	counts := map[string][]Count{}
	in := db.Placeholders(2, len(surveyIDs)-1)
	rows, err = q.Query(ctx, `SELECT survey_id, criterion, value, COUNT(*) FROM sipas_answers
		WHERE commune_id = $1 AND survey_id IN (`+in+`) GROUP BY survey_id, criterion, value`, surveyIDs...)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	for rows.Next() {
		var sid string
		var c Count
		if err := rows.Scan(&sid, &c.Criterion, &c.Value, &c.N); err != nil {
			rows.Close()
			return nil, errs.Wrap(op, err)
		}
		counts[sid] = append(counts[sid], c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	responses := map[string]int{}
	rows, err = q.Query(ctx, `SELECT survey_id, COUNT(*) FROM sipas_responses WHERE commune_id = $1 AND survey_id IN (`+in+`)
		GROUP BY survey_id`, surveyIDs...)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var sid string
		var n int
		if err := rows.Scan(&sid, &n); err != nil {
			return nil, errs.Wrap(op, err)
		}
		responses[sid] = n
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	for _, v := range list {
		out[v.ID] = Compute(methods[v.MethodID], counts[v.ID], responses[v.ID])
	}
	return out, nil
}
