package app

import (
	"context"

	"xaso/internal/audit"
	"xaso/internal/conduct"
)

// conductRoom holds the conduct room's services on the App (filled in by the room's wiring).
type conductRoom struct {
	// Conduct is the room of public-service conduct (plan III.1.4): the code of conduct,
	// badges, and reports on staff attitude with the chairman's review.
	Conduct *conduct.Service
}

// conductMessages are the conduct room's catalogue tables.
func conductMessages() []map[string][2]string { return []map[string][2]string{conduct.Messages} }

// mountConduct builds the conduct room, subscribes its event handlers and mounts its pages. It
// reads the staff directory and hamlets through the registry's Store and the photos through
// the blob store; a low rating (rating.recorded, level ≤ 2) opens a report.
func (a *App) mountConduct(ctx context.Context, o Options) error {
	a.Conduct = conduct.New(conduct.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake,
		Directory: a.Communes})
	a.Events.Subscribe(conduct.TopicRatingRecorded, a.Conduct.OnRatingRecorded)
	conduct.Mount(a.Web, a.Conduct, conduct.Options{Photos: a.Blobs, BaseURL: o.BaseURL})
	return nil
}

// seedConductDemo fills the conduct room with the demo commune's first records.
func (a *App) seedConductDemo(ctx context.Context, communeID string, by audit.Actor) error {
	return a.Conduct.SeedDemo(ctx, communeID, by)
}
