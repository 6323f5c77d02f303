package rating

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"xaso/internal/audit"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Petitions rated by their senders (Decision 766/QĐ-TTg's satisfaction group: satisfaction with
// the handling of reports and recommendations). A report, recommendation or complaint becomes
// rateable when the commune answers it in writing; a denunciation never does (the petitions
// room never sends its denouncer a link, and this room refuses its events). The sender rates it
// once, by the signed link of the answer's SMS or of the tracking page: /danh-gia/phan-anh/
// {number}?k=TOKEN. The rating is credited to the officer who handled it.

// SubjectPetition is a petition (phản ánh, kiến nghị, khiếu nại), rated once it is answered.
const SubjectPetition SubjectType = "petition"

// TopicPetitionChanged is the petitions room's event this room listens to (its
// petition.TopicChanged; the room does not import petition).
const TopicPetitionChanged = "petition.changed"

// petitionKinds are the kinds of petition a sender may rate, with their names in the figures.
var petitionKinds = map[string]string{
	"report":         "Phản ánh",
	"recommendation": "Kiến nghị",
	"complaint":      "Khiếu nại",
}

// petitionProcedure is the "procedure" a petition's rating is counted under in the figures.
func petitionProcedure(kind string) string { return "petition:" + kind }

// petitionChanged is the part of the petitions room's event this room reads, by its JSON
// names (internal/petition/service.go, type event).
type petitionChanged struct {
	ID          string     `json:"id"`
	Number      string     `json:"number"`
	Kind        string     `json:"kind"`
	Status      string     `json:"status"`
	HandlerID   string     `json:"handler_id"`
	HandlerName string     `json:"handler_name"`
	AnsweredAt  *time.Time `json:"answered_at"`
	DueAt       *time.Time `json:"due_at"`
}

// OnPetitionChanged is the handler of petition.changed: an answered report, recommendation or
// complaint becomes rateable. Other changes, and every denunciation, are ignored; a second
// delivery changes nothing.
func (s *Service) OnPetitionChanged(ctx context.Context, e events.Event) error {
	var p petitionChanged
	if err := e.Decode(&p); err != nil {
		return fmt.Errorf("rating: decode %s %s: %w", e.Topic, e.ID, err)
	}
	name, ok := petitionKinds[p.Kind]
	if !ok || p.Status != "answered" || p.AnsweredAt == nil || p.ID == "" || p.Number == "" || e.CommuneID == "" {
		return nil
	}
	sub := dossierReturned{DossierID: p.ID, Code: p.Number, ProcedureCode: petitionProcedure(p.Kind), ProcedureName: name,
		At: *p.AnsweredAt, DueAt: p.DueAt}
	sub.Officer.ID, sub.Officer.Name = p.HandlerID, p.HandlerName
	return s.addSubject(ctx, e.CommuneID, SubjectPetition, sub)
}

// petitionCode is what a petition's link signs: its number in a name space of its own, so that
// no dossier's token opens a petition's page, nor the reverse.
func petitionCode(number string) string { return "phan-anh/" + number }

// PetitionSubject returns the rateable petition of this number; NotFound while it is not
// answered.
func (s *Service) PetitionSubject(ctx context.Context, communeID, number string) (Subject, error) {
	return subjectByCode(ctx, s.d, communeID, SubjectPetition, number)
}

// PetitionRatingOf returns the rating of the petition; ok false when it is not rated.
func (s *Service) PetitionRatingOf(ctx context.Context, communeID, number string) (Rating, bool, error) {
	return s.ratingOf(ctx, communeID, SubjectPetition, number)
}

// RatePetition records the sender's rating of the answered petition, once (as Rate for a
// dossier): NotFound before the answer, Conflict (rating.err.already_rated) after a first.
func (s *Service) RatePetition(ctx context.Context, communeID, number string, in Input, ch Channel, by audit.Actor) (Rating, error) {
	r, err := s.rate(ctx, communeID, SubjectPetition, number, in, ch, by, time.Time{}, nil)
	if errs.KindOf(err) == errs.NotFound {
		return r, errs.E("rating: rate petition", errs.NotFound, "rating.err.not_answered")
	}
	return r, err
}

// PetitionRatePath is the path of the petition's rating page with its token.
func (s *Service) PetitionRatePath(ctx context.Context, communeID, number string) (string, error) {
	t, err := s.Token(ctx, communeID, petitionCode(number))
	if err != nil {
		return "", err
	}
	return petitionBase + "/" + url.PathEscape(number) + "?k=" + t, nil
}

// PetitionRateURL is the address of the petition's rating page, for the petitions room's SMS
// and tracking page; "" (logged) when the key cannot be read.
func (s *Service) PetitionRateURL(communeID, number string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := s.PetitionRatePath(ctx, communeID, number)
	if err != nil {
		s.log.Error("rating: petition rating link", "commune", communeID, "number", number, "err", err)
		return ""
	}
	return s.baseURL + p
}

// CheckPetitionToken reports whether token opens the rating page of the petition.
func (s *Service) CheckPetitionToken(ctx context.Context, communeID, number, token string) (bool, error) {
	return s.CheckToken(ctx, communeID, petitionCode(number), token)
}
