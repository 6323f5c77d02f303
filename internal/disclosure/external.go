package disclosure

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// PublishInTx creates a disclosure another room produced (the summary and answers of a
// consultation, item 11 of Art. 11) and publishes it on day on (today if zero), inside that
// room's transaction tx, so that its change and the disclosure commit together. It writes
// what Create then Publish would: the row and its hamlets, the first version, the website
// posting (Art. 13.1), their audit entries and events, and the publication duty of a
// disclosure from a decision, opened and closed at once since it is published at once
// (Art. 12.3). The caller wakes the dispatcher after its commit.
func (s *Service) PublishInTx(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, in Input, on calendar.Date) (Disclosure, error) {
	const op = "disclosure: publish from a room"
	today := s.today()
	d, fe := s.validate(in, today)
	d.ID, d.Status = uuid.Must(uuid.NewV7()).String(), Draft
	d.CreatedAt, d.CreatedBy = s.stamp(), by.Name
	d.UpdatedAt, d.UpdatedBy = d.CreatedAt, by.Name
	if err := checkRefs(ctx, tx, communeID, d, d.CreatedAt, fe); err != nil {
		return Disclosure{}, err
	}
	var pfe errs.FieldErrors
	if on, pfe = checkPublicationDay(on, today, d.DecisionDate); len(pfe) > 0 {
		for k, v := range pfe {
			fe[k] = v
		}
	}
	if err := fe.Err(op); err != nil {
		return Disclosure{}, err
	}
	att, _ := json.Marshal(d.Attachments)
	if _, err := tx.Exec(ctx, `INSERT INTO disclosures (commune_id, id, category_no, title, summary, body, attachments,
		decision_date, status, version, search_fold, created_at, created_by, updated_at, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, $13, $14)`,
		communeID, d.ID, d.CategoryNo, d.Title, d.Summary, d.Body, string(att), dateText(d.DecisionDate), string(d.Status),
		searchText(d), d.CreatedAt, d.CreatedBy, d.UpdatedAt, d.UpdatedBy); err != nil {
		return Disclosure{}, errs.Wrap(op, err)
	}
	if err := writeHamlets(ctx, tx, communeID, d.ID, d.HamletIDs); err != nil {
		return Disclosure{}, err
	}
	if err := audit.Record(ctx, tx, communeID, by, ActionCreate, "disclosure", d.ID, audit.Change{After: summary(d)}); err != nil {
		return Disclosure{}, err
	}
	if err := events.Publish(ctx, tx, communeID, TopicCreated, map[string]any{"id": d.ID, "category": d.CategoryNo,
		"decision_date": dateText(d.DecisionDate)}); err != nil {
		return Disclosure{}, err
	}
	if d.DecisionDate != (calendar.Date{}) {
		cal, err := s.Calendar(ctx, communeID)
		if err != nil {
			return Disclosure{}, err
		}
		if err := s.setPublishDuty(ctx, tx, cal, communeID, by, d); err != nil {
			return Disclosure{}, err
		}
	}
	d.Status, d.Version = Published, 1
	d.PublishedOn, d.FirstPublishedOn, d.PublishedAt = on, on, d.CreatedAt
	if _, err := tx.Exec(ctx, `UPDATE disclosures SET status = $3, version = 1, published_on = $4, first_published_on = $4,
		published_at = $5, updated_at = $5, updated_by = $6 WHERE commune_id = $1 AND id = $2`,
		communeID, d.ID, string(d.Status), on.String(), d.PublishedAt, by.Name); err != nil {
		return Disclosure{}, errs.Wrap(op, err)
	}
	if err := writeVersion(ctx, tx, communeID, d, by); err != nil {
		return Disclosure{}, err
	}
	if _, err := addPosting(ctx, tx, communeID, by, d, Posting{Channel: Website, PutUp: on}, d.PublishedAt); err != nil {
		return Disclosure{}, err
	}
	if err := audit.Record(ctx, tx, communeID, by, ActionPublish, "disclosure", d.ID, audit.Change{After: summary(d)}); err != nil {
		return Disclosure{}, err
	}
	if err := events.Publish(ctx, tx, communeID, TopicPublished, map[string]any{"id": d.ID, "category": d.CategoryNo,
		"version": d.Version, "published_on": on.String()}); err != nil {
		return Disclosure{}, err
	}
	return d, duty.Close(ctx, tx, communeID, dutyRoom, d.ID, DutyPublish, "done")
}
