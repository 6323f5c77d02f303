package app

import (
	"context"

	"xaso/internal/audit"
)

// ratingRoom holds the rating room's services on the App (filled in by the room's wiring).
type ratingRoom struct{}

// ratingMessages are the rating room's catalogue tables.
func ratingMessages() []map[string][2]string { return nil }

// mountRating builds the rating room, subscribes its event handlers and mounts its pages.
func (a *App) mountRating(ctx context.Context, o Options) error { return nil }

// seedRatingDemo fills the rating room with the demo commune's first records.
func (a *App) seedRatingDemo(ctx context.Context, communeID string, by audit.Actor) error { return nil }
