package conduct

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/notify"
)

// RatingRecorded is the payload of the rating room's event "rating.recorded" (the fields the
// room reads; the others are ignored).
type RatingRecorded struct {
	CommuneID     string          `json:"commune_id"`
	RatingID      string          `json:"rating_id"`
	SubjectType   string          `json:"subject_type"`
	SubjectID     string          `json:"subject_id"`
	DossierCode   string          `json:"dossier_code"`
	ProcedureCode string          `json:"procedure_code"`
	ProcedureName string          `json:"procedure_name"`
	OfficerID     string          `json:"officer_id"`
	OfficerName   string          `json:"officer_name"`
	Level         int             `json:"level"`
	Reasons       json.RawMessage `json:"reasons"` // a list of texts, or one text
	Comment       string          `json:"comment"`
	Channel       string          `json:"channel"`
	At            string          `json:"at"` // RFC 3339
}

// reasonsText reads the reasons as a list of texts or as one text.
func reasonsText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		var keep []string
		for _, s := range list {
			if s = strings.TrimSpace(s); s != "" {
				keep = append(keep, s)
			}
		}
		return strings.Join(keep, "; ")
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return strings.TrimSpace(one)
	}
	return ""
}

// OnRatingRecorded is the outbox subscriber for TopicRatingRecorded: a rating at level
// LowRating or below opens a report on the officer (the rating's day is the day received).
// It is idempotent: the report is unique on the rating's id, so a second delivery of the
// event, or another event of the same rating, opens nothing.
func (s *Service) OnRatingRecorded(ctx context.Context, e events.Event) error {
	const op = "conduct: rating recorded"
	var p RatingRecorded
	if err := e.Decode(&p); err != nil {
		return nil // not a payload the room can read: nothing to do, and retrying will not help
	}
	communeID := e.CommuneID
	if communeID == "" {
		communeID = p.CommuneID
	}
	p.RatingID = strings.TrimSpace(p.RatingID)
	if p.Level < 1 || p.Level > LowRating || p.RatingID == "" || communeID == "" || len(p.RatingID) > 100 {
		return nil
	}
	r := Report{Source: SourceRating, RatingID: p.RatingID, RatingLevel: p.Level, DossierCode: cut(p.DossierCode, 100),
		ProcedureName: cut(p.ProcedureName, 500), RatingReasons: cut(reasonsText(p.Reasons), 2000), OfficerName: cut(p.OfficerName, maxName)}
	r.Body, _ = clean(p.Comment, MaxBody)
	if r.Body == "" {
		r.Body = vi("conduct.rating.no_comment")
	}
	if t, err := time.Parse(time.RFC3339, p.At); err == nil {
		r.ReceivedOn, r.HappenedOn = calendar.DateOf(t), calendar.DateOf(t)
	}
	if id := strings.TrimSpace(p.OfficerID); id != "" && len(id) <= 64 {
		st, err := s.officerByID(ctx, communeID, id)
		if err != nil {
			return err
		}
		if st.ID != "" {
			r.officerOf(st)
		}
	}
	if _, err := s.insertOnce(ctx, communeID, RatingActor, &r); err != nil {
		return fmt.Errorf("%s %s: %w", op, p.RatingID, err)
	}
	return nil
}

// officerByID finds the officer a rating names: by directory id, else by account id (the
// rating room may know either); the zero Staff when neither matches.
func (s *Service) officerByID(ctx context.Context, communeID, id string) (commune.Staff, error) {
	st, err := s.dir.GetStaff(ctx, communeID, id)
	if err == nil {
		return st, nil
	}
	if errs.KindOf(err) != errs.NotFound {
		return st, err
	}
	st, err = s.dir.StaffByUserID(ctx, communeID, id)
	if errs.KindOf(err) == errs.NotFound {
		return commune.Staff{}, nil
	}
	return st, err
}

func cut(s string, n int) string {
	s, _ = clean(s, n)
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// smsOutcome asks notify, in the review's transaction, to tell the resident who left a phone
// number what the review found (in Vietnamese: an SMS has no language switch).
func (s *Service) smsOutcome(ctx context.Context, tx *db.Tx, communeID string, r Report) error {
	if r.ReporterPhone == "" {
		return nil
	}
	name := ""
	if c, err := commune.GetCommune(ctx, tx, communeID); err == nil {
		name = c.Name
	} else if errs.KindOf(err) != errs.NotFound {
		return err
	}
	body := fmt.Sprintf(vi("conduct.sms.outcome"), name, formatDate(r.ReceivedOn), vi("conduct.outcome."+r.Outcome))
	return notify.Request(ctx, tx, notify.Message{CommuneID: communeID, Channel: notify.SMS, Recipient: r.ReporterPhone, Body: body})
}
