package letters

import (
	"context"
	"fmt"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/events"
)

// The one-stop topics the room listens to (app subscribes the handlers). The room decodes
// their payload by its JSON names and does not import the one-stop room.
const (
	TopicDossierReturned   = "onestop.dossier.returned"
	TopicDossierApologised = "onestop.dossier.apologised"
)

// dossierEvent is the part of the one-stop room's DossierEvent the letters use.
type dossierEvent struct {
	CommuneID     string     `json:"commune_id"`
	DossierID     string     `json:"dossier_id"`
	Code          string     `json:"code"`
	ProcedureCode string     `json:"procedure_code"`
	ProcedureName string     `json:"procedure_name"`
	DueAt         *time.Time `json:"due_at"`
	At            time.Time  `json:"at"`
	Applicant     struct {
		Name    string `json:"name"`
		Phone   string `json:"phone"`
		Address string `json:"address"`
	} `json:"applicant"`
	Officer struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"officer"`
	Apology *struct {
		Reason   string    `json:"reason"`
		OldDueAt time.Time `json:"old_due_at"`
		NewDueAt time.Time `json:"new_due_at"`
	} `json:"apology"`
}

// system is the actor of the letters the events write.
var system = audit.Actor{ID: "system", Name: "Hệ thống (thư tự động)"}

func decodeDossier(e events.Event) (dossierEvent, error) {
	var d dossierEvent
	if err := e.Decode(&d); err != nil {
		return d, fmt.Errorf("letters: decode %s %s: %w", e.Topic, e.ID, err)
	}
	if d.CommuneID == "" {
		d.CommuneID = e.CommuneID
	}
	return d, nil
}

// occasionOfProcedure is the letter a returned result calls for, if any.
func occasionOfProcedure(code string) (Occasion, bool) {
	switch strings.TrimSpace(code) {
	case CodeBirth:
		return OccBirth, true
	case CodeMarriage:
		return OccMarriage, true
	case CodeDeath:
		return OccDeath, true
	}
	return "", false
}

// OnDossierReturned is the subscriber of onestop.dossier.returned: a birth or marriage
// registration returned gets a congratulation, a death registration a condolence, and a
// result returned after its due time an apology. Each is written once per dossier however
// often the event is delivered (the outbox delivers at least once).
func (s *Service) OnDossierReturned(ctx context.Context, e events.Event) error {
	d, err := decodeDossier(e)
	if err != nil || d.DossierID == "" {
		return err // a payload without a dossier has nothing to write to
	}
	base := draft{Name: d.Applicant.Name, Address: d.Applicant.Address, Phone: d.Applicant.Phone, DossierCode: d.Code,
		Procedure: d.ProcedureName, SourceRef: d.DossierID, Day: d.At}
	return s.tx(ctx, func(tx *db.Tx) error {
		if occ, ok := occasionOfProcedure(d.ProcedureCode); ok {
			w := base
			w.Occasion, w.SourceKind = occ, SourceReturned
			if _, _, err := s.writeInTx(ctx, tx, d.CommuneID, system, w); err != nil {
				return err
			}
		}
		if d.DueAt != nil && !d.DueAt.IsZero() && d.At.After(*d.DueAt) {
			w := base
			w.Occasion, w.SourceKind, w.OldDue = OccLate, SourceLateReturn, *d.DueAt
			if _, _, err := s.writeInTx(ctx, tx, d.CommuneID, system, w); err != nil {
				return err
			}
		}
		return nil
	})
}

// OnDossierApologised is the subscriber of onestop.dossier.apologised: the desk's apology
// with a new date (form 04 of Circular 03/2025) is followed by a letter of apology, once per
// dossier.
func (s *Service) OnDossierApologised(ctx context.Context, e events.Event) error {
	d, err := decodeDossier(e)
	if err != nil || d.DossierID == "" {
		return err
	}
	w := draft{Occasion: OccApologised, SourceKind: SourceApologised, SourceRef: d.DossierID, Name: d.Applicant.Name,
		Address: d.Applicant.Address, Phone: d.Applicant.Phone, DossierCode: d.Code, Procedure: d.ProcedureName, Day: d.At}
	if d.Apology != nil {
		w.Reason, w.OldDue, w.NewDue = d.Apology.Reason, d.Apology.OldDueAt, d.Apology.NewDueAt
	}
	return s.tx(ctx, func(tx *db.Tx) error {
		_, _, err := s.writeInTx(ctx, tx, d.CommuneID, system, w)
		return err
	})
}
