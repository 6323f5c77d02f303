package app

import (
	"context"

	"xaso/internal/privacy"
)

// privacyRoom is the commune's duties as controller of personal data (issue 15 item 7): the
// log of staff reads of a person's record, declared once for every room's pages, and the
// requests of residents for a copy or a correction of their data.
type privacyRoom struct {
	// Privacy is the personal data room.
	Privacy *privacy.Service
}

func privacyMessages() []map[string][2]string { return []map[string][2]string{privacy.Messages} }

// mountPrivacy builds the room, mounts its pages and declares the routes whose reads the shell
// records (privacy.Routes; the rooms mounted later are checked by TestPersonalRoutesAreMounted).
func (a *App) mountPrivacy(ctx context.Context, o Options) error {
	a.Privacy = privacy.New(privacy.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake, BaseURL: o.BaseURL})
	privacy.Mount(a.Web, a.Privacy)
	// The record function holds the database only (not the App, as the room's wake does), so
	// that the declaration the shell keeps beside the server does not keep the App alive.
	a.Web.LogPersonalReads(privacy.Routes, privacy.ReadRecorder(o.DB))
	return nil
}
