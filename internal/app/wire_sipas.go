package app

import (
	"context"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/onestop"
	"xaso/internal/rating/sipas"
)

// sipasRoom holds the SIPAS survey room's services on the App (filled in by its wiring).
type sipasRoom struct {
	// Sipas is the room of SIPAS surveys and their index (plan 2025 I.4, III.1.5).
	Sipas *sipas.Service
}

// sipasMessages are the SIPAS room's catalogue tables.
func sipasMessages() []map[string][2]string { return []map[string][2]string{sipas.Messages} }

// mountSipas builds the SIPAS room and mounts its pages. The sample reads the one-stop room's
// returned dossiers through returnedDossiers (the rooms do not import each other).
func (a *App) mountSipas(ctx context.Context, o Options) error {
	a.Sipas = sipas.New(sipas.Deps{DB: o.DB, Now: o.Now, Wake: a.wake, Returned: a.returnedDossiers})
	sipas.Mount(a.Web, a.Sipas, sipas.Options{BaseURL: o.BaseURL})
	return nil
}

// returnedDossiers lists the dossiers the one-stop room returned in a period, as the SIPAS
// sample needs them (code, procedure and its field, applicant's name and phone, returned at).
func (a *App) returnedDossiers(ctx context.Context, communeID string, from, to calendar.Date, fn func(sipas.Dossier) error) error {
	return a.Onestop.Returned(ctx, communeID, from, to, func(d onestop.ReturnedDossier) error {
		return fn(sipas.Dossier{ID: d.ID, Code: d.Code, ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName, Field: d.Field,
			ApplicantName: d.ApplicantName, ApplicantPhone: d.ApplicantPhone, ReturnedAt: d.ReturnedAt})
	})
}

// seedSipasDemo fills the SIPAS room with the demo commune's first survey: closed, with
// answers, and a target for its year, so that the chairman's page shows an index.
func (a *App) seedSipasDemo(ctx context.Context, communeID string, by audit.Actor) error {
	return a.Sipas.SeedDemo(ctx, communeID, by)
}
