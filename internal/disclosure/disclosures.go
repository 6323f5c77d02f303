package disclosure

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
	"xaso/internal/fold"
)

// Event topics of the room; payloads carry ids, numbers and dates.
const (
	TopicCreated         = "disclosure.created"
	TopicEdited          = "disclosure.edited"
	TopicPublished       = "disclosure.published"
	TopicRepublished     = "disclosure.republished"
	TopicArchived        = "disclosure.archived"
	TopicPostingAdded    = "disclosure.posting.added"
	TopicPostingDown     = "disclosure.posting.taken_down"
	TopicCategoryUpdated = "disclosure.category.updated"
)

// Audit actions of the room.
const (
	ActionCreate         = "disclosure.create"
	ActionEdit           = "disclosure.edit"
	ActionPublish        = "disclosure.publish"
	ActionRepublish      = "disclosure.republish"
	ActionArchive        = "disclosure.archive"
	ActionPostingAdd     = "disclosure.posting.add"
	ActionPostingDown    = "disclosure.posting.take_down"
	ActionCategoryUpdate = "disclosure.category.update"
)

// The publication duty in the register (internal/duty): a disclosure made from a decision is
// published within 5 working days of it (Art. 12.3). It closes on the first publication.
const (
	DutyPublish = "disclosure.duty.publish"
	dutyRoom    = "disclosure"
	dutyBasis   = "Khoản 3 Điều 12 Luật Thực hiện dân chủ ở cơ sở 2022"
)

// Status is where a disclosure stands.
type Status string

const (
	Draft     Status = "draft"     // not public yet
	Published Status = "published" // public, first version
	Updated   Status = "updated"   // public, republished after a change (Art. 14)
	Archived  Status = "archived"  // no longer current; kept with its history
)

// Statuses lists the statuses in lifecycle order.
var Statuses = []Status{Draft, Published, Updated, Archived}

// Public reports whether the status is on the public pages.
func (s Status) Public() bool { return s == Published || s == Updated }

// Limits of what a disclosure holds.
const (
	maxTitle       = 300
	maxSummary     = 2000
	maxBody        = 200000
	maxAttachments = 50
	maxHamlets     = 200
)

// Disclosure is one piece of information the commune makes public (Art. 11), as it stands now.
type Disclosure struct {
	ID          string
	CategoryNo  int
	Title       string
	Summary     string // plain text, for lists, the loudspeaker and Zalo
	Body        string // sanitised HTML
	Attachments []string
	// DecisionDate is the date of the decision or document disclosed; zero if none. The
	// publication is due within 5 working days of it (Art. 12.3).
	DecisionDate calendar.Date
	// HamletIDs are the hamlets concerned; none means the whole commune.
	HamletIDs        []string
	Status           Status
	Version          int           // 0 while a draft; 1 at the first publication, +1 at each republication
	PublishedOn      calendar.Date // the current version's publication date
	FirstPublishedOn calendar.Date
	PublishedAt      time.Time
	ArchivedOn       calendar.Date
	CreatedAt        time.Time
	CreatedBy        string
	UpdatedAt        time.Time
	UpdatedBy        string
}

// URL is the disclosure's staff page, where the duties register links to.
func (d Disclosure) URL() string { return StaffURL(d.ID) }

// PublicURL is the disclosure's stable public page.
func (d Disclosure) PublicURL() string { return "/cong-khai/" + d.ID }

// WholeCommune reports whether the disclosure concerns every hamlet.
func (d Disclosure) WholeCommune() bool { return len(d.HamletIDs) == 0 }

// Concerns reports whether the disclosure concerns the hamlet.
func (d Disclosure) Concerns(hamletID string) bool {
	return d.WholeCommune() || slices.Contains(d.HamletIDs, hamletID)
}

// Version is one published version of a disclosure (disclosure_versions).
type Version struct {
	Version      int
	CategoryNo   int
	Title        string
	Summary      string
	Body         string
	Attachments  []string
	HamletIDs    []string
	DecisionDate calendar.Date
	PublishedOn  calendar.Date
	PublishedAt  time.Time
	PublishedBy  string
}

// Input is a disclosure as staff write it. Body is HTML, sanitised by Deps.Sanitize;
// Attachments are blob ids; DecisionDate is zero when the disclosure comes from no decision.
type Input struct {
	CategoryNo   int
	Title        string
	Summary      string
	Body         string
	Attachments  []string
	DecisionDate calendar.Date
	HamletIDs    []string
}

// validate reads in into d's content fields; hamlets and the category are checked against
// the commune in the transaction.
func (s *Service) validate(in Input, today calendar.Date) (Disclosure, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var d Disclosure
	var ok bool
	if d.Title, ok = clean(in.Title, maxTitle); !ok {
		fe["title"] = "disclosure.too_long"
	} else if d.Title == "" {
		fe["title"] = "disclosure.title_required"
	}
	if d.Summary, ok = clean(in.Summary, maxSummary); !ok {
		fe["summary"] = "disclosure.too_long"
	}
	if d.Body, ok = clean(s.sanitize(in.Body), maxBody); !ok {
		fe["body"] = "disclosure.too_long"
	}
	if d.Summary == "" && d.Body == "" && len(in.Attachments) == 0 {
		fe["summary"] = "disclosure.content_required"
	}
	if in.CategoryNo < 1 || in.CategoryNo > len(LegalCategories) {
		fe["category"] = "disclosure.category_required"
	}
	d.CategoryNo = in.CategoryNo
	if d.Attachments, ok = ids(in.Attachments, maxAttachments); !ok {
		fe["attachments"] = "disclosure.attachments_too_many"
	}
	if d.HamletIDs, ok = ids(in.HamletIDs, maxHamlets); !ok {
		fe["hamlets"] = "disclosure.hamlet_unknown"
	}
	if in.DecisionDate != (calendar.Date{}) {
		if !in.DecisionDate.Valid() {
			fe["decision_date"] = "disclosure.date_invalid"
		} else if in.DecisionDate.After(today) {
			fe["decision_date"] = "disclosure.decision_date_future"
		}
		d.DecisionDate = in.DecisionDate
	}
	return d, fe
}

// ids trims, drops empty and repeated ids, keeping the order; false if more than max.
func ids(in []string, max int) ([]string, bool) {
	out := []string{}
	for _, id := range in {
		id = strings.TrimSpace(id)
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, len(out) <= max
}

// checkRefs checks the category and the hamlets belong to the commune.
func checkRefs(ctx context.Context, tx *db.Tx, communeID string, d Disclosure, at time.Time, fe errs.FieldErrors) error {
	if fe["category"] == "" {
		if _, err := category(ctx, tx, communeID, d.CategoryNo, at); err != nil {
			if errs.KindOf(err) != errs.NotFound {
				return err
			}
			fe["category"] = "disclosure.category_required"
		}
	}
	for _, h := range d.HamletIDs {
		if fe["hamlets"] != "" {
			break
		}
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM hamlets WHERE commune_id = $1 AND id = $2`, communeID, h).Scan(&one)
		if err == sql.ErrNoRows {
			fe["hamlets"] = "disclosure.hamlet_unknown"
		} else if err != nil {
			return errs.Wrap("disclosure: hamlets", err)
		}
	}
	return nil
}

// Create writes a new disclosure as a draft. When it comes from a decision (DecisionDate
// set), the publication duty opens, due at the close of office hours of the 5th working day
// after the decision (Art. 12.3).
func (s *Service) Create(ctx context.Context, communeID string, by audit.Actor, in Input) (Disclosure, error) {
	const op = "disclosure: create"
	d, fe := s.validate(in, s.today())
	cal, err := s.Calendar(ctx, communeID)
	if err != nil {
		return Disclosure{}, err
	}
	d.ID = uuid.Must(uuid.NewV7()).String()
	d.Status = Draft
	d.CreatedAt, d.CreatedBy = s.stamp(), by.Name
	d.UpdatedAt, d.UpdatedBy = d.CreatedAt, by.Name
	err = s.tx(ctx, func(tx *db.Tx) error {
		if err := checkRefs(ctx, tx, communeID, d, d.CreatedAt, fe); err != nil {
			return err
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		att, _ := json.Marshal(d.Attachments)
		if _, err := tx.Exec(ctx, `INSERT INTO disclosures (commune_id, id, category_no, title, summary, body, attachments,
			decision_date, status, version, search_fold, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13, $14)`,
			communeID, d.ID, d.CategoryNo, d.Title, d.Summary, d.Body, string(att), dateText(d.DecisionDate), string(d.Status),
			searchText(d), d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.UpdatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := writeHamlets(ctx, tx, communeID, d.ID, d.HamletIDs); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, ActionCreate, "disclosure", d.ID, audit.Change{After: summary(d)}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicCreated, map[string]any{"id": d.ID, "category": d.CategoryNo,
			"decision_date": dateText(d.DecisionDate)}); err != nil {
			return err
		}
		return s.setPublishDuty(ctx, tx, cal, communeID, by, d)
	})
	if err != nil {
		return Disclosure{}, err
	}
	return d, nil
}

// setPublishDuty opens or moves a draft's publication duty, or closes it when the draft no
// longer comes from a decision.
func (s *Service) setPublishDuty(ctx context.Context, tx *db.Tx, cal *calendar.Calendar, communeID string, by audit.Actor, d Disclosure) error {
	if d.DecisionDate == (calendar.Date{}) {
		return duty.Close(ctx, tx, communeID, dutyRoom, d.ID, DutyPublish, "withdrawn")
	}
	due := PublishDue(cal, d.DecisionDate)
	return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: dutyRoom, Kind: DutyPublish, SubjectType: "disclosure",
		SubjectID: d.ID, Label: label(d.Title), URL: d.URL(), LegalBasis: dutyBasis,
		Owner: duty.Owner{ID: by.ID, Name: by.Name}, DueAt: due.At(cal.Hours().Closing()).UTC(),
		AtRiskFrom: cal.AddWorkingDays(due, -1).At(cal.Hours().Opening()).UTC()})
}

// label is a title short enough for the duties list.
func label(title string) string {
	r := []rune(title)
	if len(r) > 120 {
		return string(r[:119]) + "…"
	}
	return title
}

func writeHamlets(ctx context.Context, tx *db.Tx, communeID, id string, hamlets []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM disclosure_hamlets WHERE commune_id = $1 AND disclosure_id = $2`, communeID, id); err != nil {
		return errs.Wrap("disclosure: hamlets", err)
	}
	for _, h := range hamlets {
		if _, err := tx.Exec(ctx, `INSERT INTO disclosure_hamlets (commune_id, disclosure_id, hamlet_id) VALUES ($1, $2, $3)`,
			communeID, id, h); err != nil {
			return errs.Wrap("disclosure: hamlets", err)
		}
	}
	return nil
}

// searchText is the folded text the public search matches: title, summary and the body's text.
func searchText(d Disclosure) string { return fold.Join(d.Title, d.Summary, plainText(d.Body)) }

// plainText is html with its tags and the commonest entities removed, for search.
func plainText(html string) string {
	var b strings.Builder
	in := false
	for _, r := range html {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.NewReplacer("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'").Replace(b.String())
}

// summary is what the audit log keeps of a disclosure.
func summary(d Disclosure) map[string]any {
	return map[string]any{"category": d.CategoryNo, "title": d.Title, "status": d.Status, "version": d.Version,
		"decision_date": dateText(d.DecisionDate), "published_on": dateText(d.PublishedOn), "hamlets": d.HamletIDs,
		"attachments": d.Attachments, "archived_on": dateText(d.ArchivedOn)}
}

// Edit changes a draft. A published disclosure changes by Republish, which keeps the
// published versions.
func (s *Service) Edit(ctx context.Context, communeID string, by audit.Actor, id string, in Input) (Disclosure, error) {
	const op = "disclosure: edit"
	nd, fe := s.validate(in, s.today())
	cal, err := s.Calendar(ctx, communeID)
	if err != nil {
		return Disclosure{}, err
	}
	var d Disclosure
	err = s.tx(ctx, func(tx *db.Tx) error {
		before, err := get(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if before.Status != Draft {
			return errs.E(op, errs.Conflict, "disclosure.not_draft")
		}
		d = before
		d.CategoryNo, d.Title, d.Summary, d.Body = nd.CategoryNo, nd.Title, nd.Summary, nd.Body
		d.Attachments, d.DecisionDate, d.HamletIDs = nd.Attachments, nd.DecisionDate, nd.HamletIDs
		d.UpdatedAt, d.UpdatedBy = s.stamp(), by.Name
		if err := checkRefs(ctx, tx, communeID, d, d.UpdatedAt, fe); err != nil {
			return err
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		if err := updateContent(ctx, tx, communeID, d); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, ActionEdit, "disclosure", d.ID,
			audit.Change{Before: summary(before), After: summary(d)}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicEdited, map[string]any{"id": d.ID}); err != nil {
			return err
		}
		if d.DecisionDate == before.DecisionDate {
			return nil
		}
		return s.setPublishDuty(ctx, tx, cal, communeID, by, d)
	})
	if err != nil {
		return Disclosure{}, err
	}
	return d, nil
}

func updateContent(ctx context.Context, tx *db.Tx, communeID string, d Disclosure) error {
	att, _ := json.Marshal(d.Attachments)
	if _, err := tx.Exec(ctx, `UPDATE disclosures SET category_no = $3, title = $4, summary = $5, body = $6, attachments = $7,
		decision_date = $8, search_fold = $9, updated_at = $10, updated_by = $11 WHERE commune_id = $1 AND id = $2`,
		communeID, d.ID, d.CategoryNo, d.Title, d.Summary, d.Body, string(att), dateText(d.DecisionDate), searchText(d),
		d.UpdatedAt, d.UpdatedBy); err != nil {
		return errs.Wrap("disclosure: update", err)
	}
	return writeHamlets(ctx, tx, communeID, d.ID, d.HamletIDs)
}

// checkPublicationDay checks the day a version is published on: not in the future, not
// before its decision. A zero day is today.
func checkPublicationDay(on, today, decision calendar.Date) (calendar.Date, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	if on == (calendar.Date{}) {
		on = today
	}
	switch {
	case !on.Valid():
		fe["published_on"] = "disclosure.date_invalid"
	case on.After(today):
		fe["published_on"] = "disclosure.published_on_future"
	case decision != (calendar.Date{}) && on.Before(decision):
		fe["published_on"] = "disclosure.published_on_before_decision"
	}
	return on, fe
}

// Publish makes a draft public on day on (today if zero): the first version is kept in
// disclosure_versions, the item goes on the commune's website (a website posting from that
// day, Art. 13.1) and the publication duty closes.
func (s *Service) Publish(ctx context.Context, communeID string, by audit.Actor, id string, on calendar.Date) (Disclosure, error) {
	const op = "disclosure: publish"
	today := s.today()
	var d Disclosure
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = get(ctx, tx, communeID, id); err != nil {
			return err
		}
		if d.Status != Draft {
			return errs.E(op, errs.Conflict, "disclosure.already_published")
		}
		var fe errs.FieldErrors
		if on, fe = checkPublicationDay(on, today, d.DecisionDate); fe.Err(op) != nil {
			return fe.Err(op)
		}
		d.Status, d.Version = Published, 1
		d.PublishedOn, d.FirstPublishedOn, d.PublishedAt = on, on, s.stamp()
		d.UpdatedAt, d.UpdatedBy = d.PublishedAt, by.Name
		res, err := tx.Exec(ctx, `UPDATE disclosures SET status = $3, version = 1, published_on = $4, first_published_on = $4,
			published_at = $5, updated_at = $5, updated_by = $6 WHERE commune_id = $1 AND id = $2 AND status = 'draft'`,
			communeID, id, string(d.Status), on.String(), d.PublishedAt, by.Name)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "disclosure.already_published")
		}
		if err := writeVersion(ctx, tx, communeID, d, by); err != nil {
			return err
		}
		if _, err := addPosting(ctx, tx, communeID, by, d, Posting{Channel: Website, PutUp: on}, d.PublishedAt); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, ActionPublish, "disclosure", d.ID, audit.Change{After: summary(d)}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicPublished, map[string]any{"id": d.ID, "category": d.CategoryNo,
			"version": d.Version, "published_on": on.String()}); err != nil {
			return err
		}
		return duty.Close(ctx, tx, communeID, dutyRoom, d.ID, DutyPublish, "done")
	})
	if err != nil {
		return Disclosure{}, err
	}
	return d, nil
}

func writeVersion(ctx context.Context, tx *db.Tx, communeID string, d Disclosure, by audit.Actor) error {
	att, _ := json.Marshal(d.Attachments)
	hamlets, _ := json.Marshal(d.HamletIDs)
	if _, err := tx.Exec(ctx, `INSERT INTO disclosure_versions (commune_id, disclosure_id, version, category_no, title, summary,
		body, attachments, hamlet_ids, decision_date, published_on, published_at, published_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		communeID, d.ID, d.Version, d.CategoryNo, d.Title, d.Summary, d.Body, string(att), string(hamlets),
		dateText(d.DecisionDate), d.PublishedOn.String(), d.PublishedAt, by.Name); err != nil {
		return errs.Wrap("disclosure: version", err)
	}
	return nil
}

// Republish replaces a public disclosure's content with in and publishes it again on day on
// (today if zero): changed information is republished (Art. 14) and every earlier version
// stays in disclosure_versions. Its postings stay up.
func (s *Service) Republish(ctx context.Context, communeID string, by audit.Actor, id string, in Input, on calendar.Date) (Disclosure, error) {
	const op = "disclosure: republish"
	today := s.today()
	nd, fe := s.validate(in, today)
	var d Disclosure
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := get(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if !before.Status.Public() {
			return errs.E(op, errs.Conflict, "disclosure.not_public")
		}
		d = before
		d.CategoryNo, d.Title, d.Summary, d.Body = nd.CategoryNo, nd.Title, nd.Summary, nd.Body
		d.Attachments, d.DecisionDate, d.HamletIDs = nd.Attachments, nd.DecisionDate, nd.HamletIDs
		d.PublishedAt = s.stamp()
		d.UpdatedAt, d.UpdatedBy = d.PublishedAt, by.Name
		if err := checkRefs(ctx, tx, communeID, d, d.UpdatedAt, fe); err != nil {
			return err
		}
		var dayErr errs.FieldErrors
		on, dayErr = checkPublicationDay(on, today, d.DecisionDate)
		for k, v := range dayErr {
			fe[k] = v
		}
		if fe["published_on"] == "" && on.Before(before.PublishedOn) {
			fe["published_on"] = "disclosure.published_on_before_previous"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		d.Status, d.Version, d.PublishedOn = Updated, before.Version+1, on
		if err := updateContent(ctx, tx, communeID, d); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE disclosures SET status = $3, version = $4, published_on = $5, published_at = $6
			WHERE commune_id = $1 AND id = $2 AND version = $7`,
			communeID, id, string(d.Status), d.Version, on.String(), d.PublishedAt, before.Version)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "disclosure.changed_meanwhile")
		}
		if err := writeVersion(ctx, tx, communeID, d, by); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, ActionRepublish, "disclosure", d.ID,
			audit.Change{Before: summary(before), After: summary(d)}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicRepublished, map[string]any{"id": d.ID, "category": d.CategoryNo,
			"version": d.Version, "published_on": on.String()})
	})
	if err != nil {
		return Disclosure{}, err
	}
	return d, nil
}

// Archive ends a disclosure on day on (today if zero): it leaves the public pages, its
// postings still up are taken down that day (the last day they count), and a draft's
// publication duty closes. Its versions stay. Archiving an item of a 30-day category before
// its 30 days is recorded as it is and shows in Compliance.
func (s *Service) Archive(ctx context.Context, communeID string, by audit.Actor, id string, on calendar.Date) (Disclosure, error) {
	const op = "disclosure: archive"
	today := s.today()
	if on == (calendar.Date{}) {
		on = today
	}
	var d Disclosure
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := get(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if before.Status == Archived {
			return errs.E(op, errs.Conflict, "disclosure.already_archived")
		}
		switch {
		case !on.Valid():
			return errs.FieldErrors{"archived_on": "disclosure.date_invalid"}.Err(op)
		case on.After(today):
			return errs.FieldErrors{"archived_on": "disclosure.archived_on_future"}.Err(op)
		case before.PublishedOn != (calendar.Date{}) && on.Before(before.PublishedOn):
			return errs.FieldErrors{"archived_on": "disclosure.archived_on_before_published"}.Err(op)
		}
		d = before
		d.Status, d.ArchivedOn, d.UpdatedAt, d.UpdatedBy = Archived, on, s.stamp(), by.Name
		if _, err := tx.Exec(ctx, `UPDATE disclosures SET status = 'archived', archived_on = $3, updated_at = $4, updated_by = $5
			WHERE commune_id = $1 AND id = $2`, communeID, id, on.String(), d.UpdatedAt, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		// A posting put up after on (a later broadcast planned) ends on the day it went up.
		if _, err := tx.Exec(ctx, `UPDATE disclosure_postings SET taken_down = CASE WHEN put_up > $3 THEN put_up ELSE $3 END,
			taken_down_by = $4 WHERE commune_id = $1 AND disclosure_id = $2 AND taken_down IS NULL`,
			communeID, id, on.String(), by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, ActionArchive, "disclosure", d.ID,
			audit.Change{Before: summary(before), After: summary(d)}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicArchived, map[string]any{"id": d.ID, "archived_on": on.String()}); err != nil {
			return err
		}
		return duty.Close(ctx, tx, communeID, dutyRoom, d.ID, DutyPublish, "withdrawn")
	})
	if err != nil {
		return Disclosure{}, err
	}
	return d, nil
}

// Get returns one disclosure in any status.
func (s *Service) Get(ctx context.Context, communeID, id string) (Disclosure, error) {
	return get(ctx, s.d, communeID, id)
}

const cols = `id, category_no, title, summary, body, attachments, decision_date, status, version, published_on,
	first_published_on, published_at, archived_on, created_at, created_by, updated_at, updated_by`

func get(ctx context.Context, q db.Q, communeID, id string) (Disclosure, error) {
	d, err := scan(q.QueryRow(ctx, `SELECT `+cols+` FROM disclosures WHERE commune_id = $1 AND id = $2`, communeID, id))
	if err != nil {
		return Disclosure{}, notFound("disclosure: get", err)
	}
	if err := loadHamlets(ctx, q, communeID, []*Disclosure{&d}); err != nil {
		return Disclosure{}, err
	}
	return d, nil
}

func scan(row interface{ Scan(...any) error }) (Disclosure, error) {
	var d Disclosure
	var att, status string
	var decision, published, first, archived sql.NullString
	var publishedAt sql.NullTime
	if err := row.Scan(&d.ID, &d.CategoryNo, &d.Title, &d.Summary, &d.Body, &att, &decision, &status, &d.Version, &published,
		&first, &publishedAt, &archived, &d.CreatedAt, &d.CreatedBy, &d.UpdatedAt, &d.UpdatedBy); err != nil {
		return d, err
	}
	d.Status = Status(status)
	if err := json.Unmarshal([]byte(att), &d.Attachments); err != nil {
		return d, err
	}
	var err error
	for _, p := range []struct {
		dst *calendar.Date
		src sql.NullString
	}{{&d.DecisionDate, decision}, {&d.PublishedOn, published}, {&d.FirstPublishedOn, first}, {&d.ArchivedOn, archived}} {
		if *p.dst, err = scanDate(p.src); err != nil {
			return d, err
		}
	}
	if publishedAt.Valid {
		d.PublishedAt = publishedAt.Time.UTC()
	}
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	d.HamletIDs = []string{}
	return d, nil
}

// loadHamlets fills the hamlets of the disclosures.
func loadHamlets(ctx context.Context, q db.Q, communeID string, list []*Disclosure) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[string]*Disclosure{}
	args := []any{communeID}
	for _, d := range list {
		byID[d.ID] = d
		args = append(args, d.ID)
	}
	rows, err := q.Query(ctx, `SELECT disclosure_id, hamlet_id FROM disclosure_hamlets WHERE commune_id = $1 AND disclosure_id IN (`+
		db.Placeholders(2, len(list))+`) ORDER BY disclosure_id, hamlet_id`, args...)
	if err != nil {
		return errs.Wrap("disclosure: hamlets", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, h string
		if err := rows.Scan(&id, &h); err != nil {
			return errs.Wrap("disclosure: hamlets", err)
		}
		byID[id].HamletIDs = append(byID[id].HamletIDs, h)
	}
	return errs.Wrap("disclosure: hamlets", rows.Err())
}

// Versions returns a disclosure's published versions, the first first.
func (s *Service) Versions(ctx context.Context, communeID, id string) ([]Version, error) {
	const op = "disclosure: versions"
	rows, err := s.d.Query(ctx, `SELECT version, category_no, title, summary, body, attachments, hamlet_ids, decision_date,
		published_on, published_at, published_by FROM disclosure_versions WHERE commune_id = $1 AND disclosure_id = $2
		ORDER BY version`, communeID, id)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var att, hamlets string
		var decision, published sql.NullString
		if err := rows.Scan(&v.Version, &v.CategoryNo, &v.Title, &v.Summary, &v.Body, &att, &hamlets, &decision, &published,
			&v.PublishedAt, &v.PublishedBy); err != nil {
			return nil, errs.Wrap(op, err)
		}
		if err := json.Unmarshal([]byte(att), &v.Attachments); err != nil {
			return nil, errs.Wrap(op, err)
		}
		if err := json.Unmarshal([]byte(hamlets), &v.HamletIDs); err != nil {
			return nil, errs.Wrap(op, err)
		}
		if v.DecisionDate, err = scanDate(decision); err != nil {
			return nil, errs.Wrap(op, err)
		}
		if v.PublishedOn, err = scanDate(published); err != nil {
			return nil, errs.Wrap(op, err)
		}
		v.PublishedAt = v.PublishedAt.UTC()
		out = append(out, v)
	}
	return out, errs.Wrap(op, rows.Err())
}

func itoa(n int) string { return strconv.Itoa(n) }
