package app

import (
	"context"

	"xaso/internal/audit"
)

// conductRoom holds the conduct room's services on the App (filled in by the room's wiring).
type conductRoom struct{}

// conductMessages are the conduct room's catalogue tables.
func conductMessages() []map[string][2]string { return nil }

// mountConduct builds the conduct room, subscribes its event handlers and mounts its pages.
func (a *App) mountConduct(ctx context.Context, o Options) error { return nil }

// seedConductDemo fills the conduct room with the demo commune's first records.
func (a *App) seedConductDemo(ctx context.Context, communeID string, by audit.Actor) error {
	return nil
}
