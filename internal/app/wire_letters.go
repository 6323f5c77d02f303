package app

import (
	"context"
	"fmt"

	"xaso/internal/audit"
	"xaso/internal/letters"
)

// lettersRoom holds the letters room's services on the App (filled in by the room's wiring).
type lettersRoom struct {
	// Letters is the letters room: congratulations, condolences, apologies, thanks, the
	// chairman's greetings and the loudspeaker scripts (plan III.1.6).
	Letters *letters.Service
}

// lettersMessages are the letters room's catalogue tables.
func lettersMessages() []map[string][2]string { return []map[string][2]string{letters.Messages} }

// mountLetters builds the letters room, subscribes its event handlers and mounts its pages:
// the one-stop desk's returns and apologies become letters, once per dossier.
func (a *App) mountLetters(ctx context.Context, o Options) error {
	a.Letters = letters.New(letters.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake})
	a.Events.Subscribe(letters.TopicDossierReturned, a.Letters.OnDossierReturned)
	a.Events.Subscribe(letters.TopicDossierApologised, a.Letters.OnDossierApologised)
	letters.Mount(a.Web, a.Letters)
	return nil
}

// seedLettersDemo fills the letters room with the demo commune's first records: a few letters
// of each source (the shipped templates are used as they are, nothing to store) and the
// chairman's greeting with its loudspeaker script.
func (a *App) seedLettersDemo(ctx context.Context, communeID string, by audit.Actor) error {
	if _, err := a.Letters.SeedDemo(ctx, communeID, by); err != nil {
		return fmt.Errorf("app: letters demo: %w", err)
	}
	return nil
}
