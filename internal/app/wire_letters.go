package app

import (
	"context"

	"xaso/internal/audit"
)

// lettersRoom holds the letters room's services on the App (filled in by the room's wiring).
type lettersRoom struct{}

// lettersMessages are the letters room's catalogue tables.
func lettersMessages() []map[string][2]string { return nil }

// mountLetters builds the letters room, subscribes its event handlers and mounts its pages.
func (a *App) mountLetters(ctx context.Context, o Options) error { return nil }

// seedLettersDemo fills the letters room with the demo commune's first records.
func (a *App) seedLettersDemo(ctx context.Context, communeID string, by audit.Actor) error {
	return nil
}
