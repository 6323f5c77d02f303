package onestop

import (
	"context"
	"time"

	"xaso/internal/db"
	"xaso/internal/events"
)

// Event topics this package publishes, each in the transaction of the change it announces.
const (
	// TopicAccepted: a dossier was received (complete, or kept with a supplement request).
	// Payload DossierEvent.
	TopicAccepted = "onestop.dossier.accepted"
	// TopicReturned: the result was returned to the applicant. Payload DossierEvent; the letters
	// room looks at the procedure code (birth 1.001193, marriage 1.000894, death 1.000656).
	TopicReturned = "onestop.dossier.returned"
	// TopicLate: an undecided dossier passed its due time (published once). Payload DossierEvent.
	TopicLate = "onestop.dossier.late"
	// TopicApologised: an apology with a new date was issued. Payload DossierEvent.
	TopicApologised = "onestop.dossier.apologised"
	// TopicChanged: any other change of state (supplement, hand-over, decision…). Payload DossierEvent.
	TopicChanged = "onestop.dossier.changed"
	// TopicProcedureUpdated: a commune edited a procedure. Payload {"code", "version"}.
	TopicProcedureUpdated = "onestop.procedure.updated"
	// TopicCatalogueSeeded: a commune received the shipped procedures. Payload {"commune_id", "procedures"}.
	TopicCatalogueSeeded = "onestop.catalogue.seeded"
)

// Procedure codes other rooms react to.
const (
	CodeBirth    = "1.001193"
	CodeMarriage = "1.000894"
	CodeDeath    = "1.000656"
)

// DossierEvent is the payload of the dossier topics. It carries the applicant because the
// letters room writes to them (a congratulation for a birth or a marriage, a condolence for a
// death); the ID number is left out.
type DossierEvent struct {
	CommuneID     string          `json:"commune_id"`
	DossierID     string          `json:"dossier_id"`
	Code          string          `json:"code"`
	ProcedureCode string          `json:"procedure_code"`
	ProcedureName string          `json:"procedure_name"`
	Action        Action          `json:"action"`
	From          State           `json:"from,omitempty"`
	Status        State           `json:"status"`
	Channel       int             `json:"channel"`
	Applicant     EventApplicant  `json:"applicant"`
	ReceivedAt    time.Time       `json:"received_at"`
	DueAt         *time.Time      `json:"due_at,omitempty"`
	At            time.Time       `json:"at"`
	Apology       *ApologyPayload `json:"apology,omitempty"`
	ReturnMethod  string          `json:"return_method,omitempty"`
	// Officer is who made the change (for a return, the desk officer the rating tablet
	// and the resident's rating name); empty for changes the system makes (late flags).
	Officer EventActor `json:"officer"`
}

// EventActor is the officer of an event.
type EventActor struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// EventApplicant is the applicant as events carry them.
type EventApplicant struct {
	Name    string `json:"name"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Address string `json:"address,omitempty"`
}

// ApologyPayload is the apology part of TopicApologised.
type ApologyPayload struct {
	Reason   string    `json:"reason"`
	OldDueAt time.Time `json:"old_due_at"`
	NewDueAt time.Time `json:"new_due_at"`
}

func eventOf(communeID string, d Dossier, a Action, from State, at time.Time) DossierEvent {
	e := DossierEvent{CommuneID: communeID, DossierID: d.ID, Code: d.Code, ProcedureCode: d.ProcedureCode,
		ProcedureName: d.ProcedureName, Action: a, From: from, Status: d.Status, Channel: d.Channel,
		Applicant:  EventApplicant{Name: d.Applicant.Name, Phone: d.Applicant.Phone, Email: d.Applicant.Email, Address: d.Applicant.Address},
		ReceivedAt: d.ReceivedAt, At: at, ReturnMethod: d.ReturnMethod}
	if !d.DueAt.IsZero() {
		due := d.DueAt
		e.DueAt = &due
	}
	return e
}

func publish(ctx context.Context, tx *db.Tx, topic string, e DossierEvent) error {
	return events.Publish(ctx, tx, e.CommuneID, topic, e)
}
