package app

import (
	"context"
	"fmt"

	"xaso/internal/audit"
	"xaso/internal/onestop"
	"xaso/internal/petition"
	"xaso/internal/rating"
)

// ratingRoom holds the rating room's services on the App (filled in by the room's wiring).
type ratingRoom struct {
	// Rating is the residents' satisfaction ratings: the counter tablet, the rating links of
	// receipts and SMS, the figures (plan III.1.4–1.5, Law 10/2022 Art. 35.2.a).
	Rating *rating.Service
}

// ratingMessages are the rating room's catalogue tables.
func ratingMessages() []map[string][2]string { return []map[string][2]string{rating.Messages} }

// mountRating builds the rating room, subscribes its event handlers and mounts its pages: a
// dossier returned at the one-stop desk, or a petition answered, becomes rateable; the
// one-stop room prints the rating link on the receipt, sends it with the result-ready SMS and
// shows Decision 766's three satisfaction rates in its index, the petitions room sends the
// link with its answer, through functions of the rooms (none imports another).
func (a *App) mountRating(ctx context.Context, o Options) error {
	if rating.TopicDossierReturned != onestop.TopicReturned {
		return fmt.Errorf("app: the rating room listens to %q, the one-stop room publishes %q", rating.TopicDossierReturned, onestop.TopicReturned)
	}
	a.Rating = rating.New(rating.Deps{DB: o.DB, Now: o.Now, Wake: a.wake, Keys: o.SecretKeys, BaseURL: o.BaseURL, Log: o.Log})
	a.Events.Subscribe(onestop.TopicReturned, a.Rating.OnDossierReturned)
	a.Onestop.UseRatings(onestop.Ratings{RateURL: a.Rating.RateURL, Satisfaction: a.Rating.Satisfaction,
		PetitionsOnTime: a.Petition.Handled, PetitionSatisfaction: a.Rating.PetitionSatisfaction})
	// An answered report, recommendation or complaint becomes rateable by its sender, by the
	// link of the answer's SMS and of the tracking page (never a denunciation).
	if rating.TopicPetitionChanged != petition.TopicChanged {
		return fmt.Errorf("app: the rating room listens to %q, the petitions room publishes %q", rating.TopicPetitionChanged, petition.TopicChanged)
	}
	a.Events.Subscribe(petition.TopicChanged, a.Rating.OnPetitionChanged)
	a.Petition.UseRatingLink(a.Rating.PetitionRateURL)
	rating.Mount(a.Web, a.Rating)
	return nil
}

// seedRatingDemo rates some of the demo's returned dossiers (those whose return event is still
// in the outbox are taken in first, as the dispatcher would).
func (a *App) seedRatingDemo(ctx context.Context, communeID string, by audit.Actor) error {
	if _, err := a.Rating.SeedDemo(ctx, communeID); err != nil {
		return fmt.Errorf("app: rating demo: %w", err)
	}
	return nil
}
