package investment

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/oversight"
)

// Site visits (Art. 43): the checklist from the board's duties, photos with their time and
// place, notes and findings; a visit is saved as a draft as often as needed and then
// submitted to the board, after which it does not change. Only a serving member of the board
// with an account changes its visits. Recommendations go through the shared recommendations
// of package oversight, in the same transaction.

// Files keeps the photos (the blob store, injected).
type Files interface {
	Put(ctx context.Context, communeID, filename string, r io.Reader) (blob.Blob, error)
	// Serve writes the blob as the response; the caller has checked the user may see it.
	Serve(w http.ResponseWriter, r *http.Request, communeID, sha string) error
}

// VisitStatus is where a visit stands.
type VisitStatus string

const (
	Draft     VisitStatus = "draft"
	Submitted VisitStatus = "submitted"
)

// Check is what the visit found on one item.
type Check struct {
	Result Result
	Note   string
}

// Photo is a photo of a visit.
type Photo struct {
	ID, SHA256 string
	TakenAt    time.Time
	Place      string
}

// Visit is a site visit of a board.
type Visit struct {
	ID, BoardID, ProjectID string
	VisitedOn              calendar.Date
	Place, Notes, Findings string
	Status                 VisitStatus
	SubmittedAt            time.Time
	Checks                 map[CheckItem]Check
	Photos                 []Photo
	CreatedAt, UpdatedAt   time.Time
	CreatedBy, UpdatedBy   string
	Problems               int // items found with a problem
}

// URL is the visit's page.
func (v Visit) URL() string { return staffBase + "/" + v.ProjectID + "/giam-sat/" + v.ID }

// PhotoInput is a photo stored before the transaction, with what the member said of it.
type PhotoInput struct {
	SHA256  string
	TakenAt time.Time // zero: the time of the upload
	Place   string
}

// VisitInput is the visit form.
type VisitInput struct {
	VisitedOn, Place, Notes, Findings string
	Checks                            map[CheckItem]Check
	Photos                            []PhotoInput
	Submit                            bool // send to the board; else save a draft
}

const maxPhotos = 20

func (v Visit) auditView() map[string]any {
	checks := map[string]string{}
	for k, c := range v.Checks {
		checks[string(k)] = string(c.Result)
	}
	return map[string]any{"project_id": v.ProjectID, "visited_on": dayText(v.VisitedOn), "place": v.Place, "status": v.Status,
		"checks": checks, "photos": len(v.Photos), "findings": v.Findings != ""}
}

// SaveVisit saves a new visit (id "") or a draft, and submits it when in.Submit. A draft keeps
// whatever was typed: only a submitted visit needs its day (not in the future).
func (s *Service) SaveVisit(ctx context.Context, communeID string, by audit.Actor, projectID, id string, in VisitInput) (Visit, error) {
	const op = "investment: save visit"
	var v Visit
	err := s.tx(ctx, func(tx *db.Tx) error {
		p, err := getProject(ctx, tx, communeID, projectID)
		if err != nil {
			return err
		}
		b, ok, err := boardOf(ctx, tx, communeID, projectID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(op, errs.NotFound, "investment.err.no_board")
		}
		if !b.HasAccount(by.ID) {
			return errs.E(op, errs.Forbidden, "investment.err.not_member")
		}
		if b.Dissolved() {
			return errs.E(op, errs.Conflict, "investment.err.dissolved")
		}
		var before map[string]any
		if id != "" {
			old, err := getVisit(ctx, tx, communeID, id)
			if err != nil {
				return err
			}
			if old.ProjectID != projectID {
				return errs.E(op, errs.NotFound, "investment.err.not_found")
			}
			if old.Status == Submitted {
				return errs.E(op, errs.Conflict, "investment.err.submitted")
			}
			v, before = old, old.auditView()
		}
		fe := errs.FieldErrors{}
		v.Place = text(fe, "place", in.Place, maxName, false)
		v.Notes = text(fe, "notes", in.Notes, maxText, false)
		v.Findings = text(fe, "findings", in.Findings, maxText, false)
		day, ok := ParseDay(in.VisitedOn)
		today := calendar.DateOf(tx.Now)
		switch {
		case !ok:
			fe["visited_on"] = "investment.err.day"
		case !day.Valid() && in.Submit:
			fe["visited_on"] = "investment.err.required"
		case !day.Valid():
			day = today
		case day.After(today):
			fe["visited_on"] = "investment.err.future"
		}
		v.VisitedOn = day
		list := Checklist(p.Kind)
		v.Checks = map[CheckItem]Check{}
		v.Problems = 0
		for _, item := range list {
			c := in.Checks[item]
			if c.Result == "" {
				c.Result = Unchecked
			}
			if !validResult(c.Result) {
				fe["check_"+string(item)] = "investment.err.result"
			}
			var ok bool
			if c.Note, ok = clean(c.Note, maxText); !ok {
				fe["note_"+string(item)] = "investment.err.too_long"
			}
			if c.Result == Issue {
				v.Problems++
			}
			v.Checks[item] = c
		}
		for k := range in.Checks {
			if !slices.Contains(list, k) {
				fe["check_"+string(k)] = "investment.err.result"
			}
		}
		if in.Submit && v.Problems > 0 && v.Findings == "" {
			fe["findings"] = "investment.err.findings_required"
		}
		if len(v.Photos)+len(in.Photos) > maxPhotos {
			fe["photos"] = "investment.err.too_many_photos"
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		now := stamp(tx)
		v.Status = Draft
		if in.Submit {
			v.Status, v.SubmittedAt = Submitted, now
		}
		v.UpdatedAt, v.UpdatedBy = now, by.Name
		if id == "" {
			v.ID, v.BoardID, v.ProjectID, v.CreatedAt, v.CreatedBy = newID(), b.ID, p.ID, now, by.Name
			if _, err := tx.Exec(ctx, `INSERT INTO investment_visits (commune_id, id, board_id, project_id, visited_on, place, notes, findings, status,
				submitted_at, created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11, $12)`,
				communeID, v.ID, b.ID, p.ID, v.VisitedOn.String(), v.Place, v.Notes, v.Findings, string(v.Status), db.NullableTime(v.SubmittedAt), now, by.Name); err != nil {
				return errs.Wrap(op, err)
			}
		} else if _, err := tx.Exec(ctx, `UPDATE investment_visits SET visited_on = $3, place = $4, notes = $5, findings = $6, status = $7,
				submitted_at = $8, updated_at = $9, updated_by = $10 WHERE commune_id = $1 AND id = $2`,
			communeID, v.ID, v.VisitedOn.String(), v.Place, v.Notes, v.Findings, string(v.Status), db.NullableTime(v.SubmittedAt), now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM investment_visit_checks WHERE commune_id = $1 AND visit_id = $2`, communeID, v.ID); err != nil {
			return errs.Wrap(op, err)
		}
		var rows [][]any
		for _, item := range list {
			c := v.Checks[item]
			rows = append(rows, []any{communeID, v.ID, string(item), string(c.Result), c.Note})
		}
		if err := db.InsertRows(ctx, tx, "investment_visit_checks", []string{"commune_id", "visit_id", "item", "result", "note"}, rows); err != nil {
			return errs.Wrap(op, err)
		}
		for _, ph := range in.Photos {
			taken := ph.TakenAt
			if taken.IsZero() {
				taken = now
			}
			place, _ := clean(ph.Place, maxName)
			x := Photo{ID: newID(), SHA256: ph.SHA256, TakenAt: taken.UTC().Truncate(time.Microsecond), Place: place}
			if _, err := tx.Exec(ctx, `INSERT INTO investment_visit_photos (commune_id, id, visit_id, sha256, taken_at, place, created_at, created_by)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, communeID, x.ID, v.ID, x.SHA256, x.TakenAt, x.Place, now, by.Name); err != nil {
				return errs.Wrap(op, err)
			}
			v.Photos = append(v.Photos, x)
		}
		action, topic := "investment.visit.save", TopicVisitSaved
		if in.Submit {
			action, topic = "investment.visit.submit", TopicVisitSubmitted
		}
		if err := audit.Record(ctx, tx, communeID, by, action, "investment_visit", v.ID, audit.Change{Before: before, After: v.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, topic, map[string]any{"id": v.ID, "project_id": p.ID, "board_id": b.ID, "problems": v.Problems})
	})
	return v, err
}

const visitCols = `id, board_id, project_id, visited_on, place, notes, findings, status, submitted_at, created_at, created_by, updated_at, updated_by`

func scanVisit(row interface{ Scan(...any) error }) (Visit, error) {
	var v Visit
	var day, status string
	var submitted sql.NullTime
	if err := row.Scan(&v.ID, &v.BoardID, &v.ProjectID, &day, &v.Place, &v.Notes, &v.Findings, &status, &submitted,
		&v.CreatedAt, &v.CreatedBy, &v.UpdatedAt, &v.UpdatedBy); err != nil {
		return Visit{}, err
	}
	v.VisitedOn, v.Status, v.SubmittedAt = storedDay(day), VisitStatus(status), db.TimeOf(submitted)
	return v, nil
}

// getVisit reads a visit with its checks and photos.
func getVisit(ctx context.Context, q db.Q, communeID, id string) (Visit, error) {
	const op = "investment: visit"
	v, err := scanVisit(q.QueryRow(ctx, `SELECT `+visitCols+` FROM investment_visits WHERE commune_id = $1 AND id = $2`, communeID, id))
	if err != nil {
		return Visit{}, notFound(op, err)
	}
	v.Checks = map[CheckItem]Check{}
	rows, err := q.Query(ctx, `SELECT item, result, note FROM investment_visit_checks WHERE commune_id = $1 AND visit_id = $2`, communeID, id)
	if err != nil {
		return Visit{}, errs.Wrap(op, err)
	}
	for rows.Next() {
		var item, result, note string
		if err := rows.Scan(&item, &result, &note); err != nil {
			rows.Close()
			return Visit{}, errs.Wrap(op, err)
		}
		v.Checks[CheckItem(item)] = Check{Result: Result(result), Note: note}
		if Result(result) == Issue {
			v.Problems++
		}
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT id, sha256, taken_at, place FROM investment_visit_photos WHERE commune_id = $1 AND visit_id = $2 ORDER BY taken_at, id`, communeID, id)
	if err != nil {
		return Visit{}, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var x Photo
		if err := rows.Scan(&x.ID, &x.SHA256, &x.TakenAt, &x.Place); err != nil {
			return Visit{}, errs.Wrap(op, err)
		}
		v.Photos = append(v.Photos, x)
	}
	return v, errs.Wrap(op, rows.Err())
}

// Visit reads a visit.
func (s *Service) Visit(ctx context.Context, communeID, id string) (Visit, error) {
	return getVisit(ctx, s.d, communeID, id)
}

// VisitFilter selects a project's visits.
type VisitFilter struct {
	ProjectID     string
	SubmittedOnly bool // what the public and the reports see
	From, To      calendar.Date
	Limit, Offset int
}

// Visits lists visits, the latest first, with the number of problems each found, and counts
// them: two queries.
func (s *Service) Visits(ctx context.Context, communeID string, f VisitFilter) ([]Visit, int, error) {
	const op = "investment: visits"
	where := ` WHERE v.commune_id = $1`
	args := []any{communeID}
	add := func(cond string, a any) {
		args = append(args, a)
		where += strings.ReplaceAll(cond, "$?", "$"+itoa(len(args)))
	}
	if f.ProjectID != "" {
		add(` AND v.project_id = $?`, f.ProjectID)
	}
	if f.SubmittedOnly {
		where += ` AND v.status = 'submitted'`
	}
	if f.From.Valid() {
		add(` AND v.visited_on >= $?`, f.From.String())
	}
	if f.To.Valid() {
		add(` AND v.visited_on <= $?`, f.To.String())
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM investment_visits v`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := limits(f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT v.id, v.board_id, v.project_id, v.visited_on, v.place, v.notes, v.findings, v.status, v.submitted_at,
		v.created_at, v.created_by, v.updated_at, v.updated_by,
		(SELECT COUNT(*) FROM investment_visit_checks c WHERE c.commune_id = v.commune_id AND c.visit_id = v.id AND c.result = 'problem')
		FROM investment_visits v`+where+` ORDER BY v.visited_on DESC, v.id DESC LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Visit
	for rows.Next() {
		var v Visit
		var day, status string
		var submitted sql.NullTime
		if err := rows.Scan(&v.ID, &v.BoardID, &v.ProjectID, &day, &v.Place, &v.Notes, &v.Findings, &status, &submitted,
			&v.CreatedAt, &v.CreatedBy, &v.UpdatedAt, &v.UpdatedBy, &v.Problems); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		v.VisitedOn, v.Status, v.SubmittedAt = storedDay(day), VisitStatus(status), db.TimeOf(submitted)
		out = append(out, v)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// StorePhoto keeps a photo's bytes before the visit's transaction: only JPEG, PNG and WebP
// photos are taken (a photo the transaction then refuses stays unreferenced in the
// content-addressed store, as every room's uploads do).
func (s *Service) StorePhoto(ctx context.Context, communeID, filename string, r io.Reader) (blob.Blob, error) {
	const op = "investment: photo"
	if s.files == nil {
		return blob.Blob{}, errs.E(op, errs.Invalid, "investment.err.photo")
	}
	b, err := s.files.Put(ctx, communeID, filename, r)
	if err != nil {
		return blob.Blob{}, err
	}
	switch b.ContentType {
	case "image/jpeg", "image/png", "image/webp":
		return b, nil
	}
	return blob.Blob{}, errs.E(op, errs.Invalid, "investment.err.photo")
}

// ServePhoto writes a photo of visit v (the caller checked who may see it).
func (s *Service) ServePhoto(w http.ResponseWriter, r *http.Request, communeID string, v Visit, sha string) error {
	if s.files == nil || !slices.ContainsFunc(v.Photos, func(p Photo) bool { return p.SHA256 == sha }) {
		return errs.E("investment: photo", errs.NotFound, "investment.err.not_found")
	}
	return s.files.Serve(w, r, communeID, sha)
}

// RecommendInput is a board's recommendation on its project.
type RecommendInput struct {
	Title, Text string
	To          oversight.Addressee
	SentOn      string
	Suspend     bool // a request to suspend the works (Art. 43)
}

// Recommend records the board's recommendation to the committee or the investor through the
// shared recommendations (15 days to answer, public), in one transaction. Only a serving
// member of a board that is not dissolved recommends.
func (s *Service) Recommend(ctx context.Context, communeID string, by audit.Actor, projectID string, in RecommendInput) (oversight.Recommendation, error) {
	const op = "investment: recommend"
	day, ok := ParseDay(in.SentOn)
	if !ok {
		return oversight.Recommendation{}, errs.FieldErrors{"rec_sent_on": "investment.err.day"}.Err(op)
	}
	if !day.Valid() {
		day = s.Today()
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return oversight.Recommendation{}, errs.Wrap(op, err)
	}
	var rec oversight.Recommendation
	err = s.tx(ctx, func(tx *db.Tx) error {
		if _, err := getProject(ctx, tx, communeID, projectID); err != nil {
			return err
		}
		b, ok, err := boardOf(ctx, tx, communeID, projectID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(op, errs.NotFound, "investment.err.no_board")
		}
		if !b.HasAccount(by.ID) {
			return errs.E(op, errs.Forbidden, "investment.err.not_member")
		}
		if b.Dissolved() {
			return errs.E(op, errs.Conflict, "investment.err.dissolved")
		}
		rec, err = oversight.Recommend(ctx, tx, cal, communeID, by, oversight.RecommendInput{Board: oversight.BoardInvestment, BoardID: b.ID,
			SubjectType: "project", SubjectID: projectID, Title: in.Title, Text: in.Text, To: in.To, SentOn: day, Suspend: in.Suspend})
		return err
	})
	return rec, err
}

// Recommendations lists the recommendations made on a project.
func (s *Service) Recommendations(ctx context.Context, communeID, projectID string, limit, offset int) ([]oversight.Recommendation, int, error) {
	return oversight.ListRecommendations(ctx, s.d, communeID, oversight.RecFilter{Board: oversight.BoardInvestment, SubjectType: "project",
		SubjectID: projectID, Limit: limit, Offset: offset})
}
