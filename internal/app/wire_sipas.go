package app

import (
	"context"

	"xaso/internal/audit"
)

// sipasRoom holds the SIPAS survey room's services on the App (filled in by its wiring).
type sipasRoom struct{}

// sipasMessages are the SIPAS room's catalogue tables.
func sipasMessages() []map[string][2]string { return nil }

// mountSipas builds the SIPAS room and mounts its pages.
func (a *App) mountSipas(ctx context.Context, o Options) error { return nil }

// seedSipasDemo fills the SIPAS room with the demo commune's first survey.
func (a *App) seedSipasDemo(ctx context.Context, communeID string, by audit.Actor) error { return nil }
