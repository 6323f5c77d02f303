package onestop

import (
	"context"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
)

// The one-stop room's duties in the register (internal/duty): while a dossier's processing
// time runs, the office holding it owes the result by its due date; while an online submission
// waits, the desk owes its check. Both move as the dossier moves (a hand-over changes the owner,
// an apology the date) and close when it leaves those states (a supplement asked: the applicant
// owes the next step, and the duty comes back with a new date when the papers are in).
const (
	DutyProcess = "onestop.duty.process"
	DutyCheck   = "onestop.duty.check"
	dutyRoom    = "onestop"
	// dutyBasis is printed in the register's "legal basis" column.
	dutyBasis = "Nghị định 118/2025/NĐ-CP"
)

// syncDuties brings the dossier's duties in line with its state, inside the change's tx.
func syncDuties(ctx context.Context, tx *db.Tx, communeID string, d Dossier, cal *calendar.Calendar) error {
	return setDuties(ctx, tx, communeID, d, cal, true)
}

// openDuties records a new dossier's duties: it has none to close yet.
func openDuties(ctx context.Context, tx *db.Tx, communeID string, d Dossier, cal *calendar.Calendar) error {
	return setDuties(ctx, tx, communeID, d, cal, false)
}

// setDuty writes a duty now, or (for a new dossier, whose rows wait for the commit) with them.
func setDuty(ctx context.Context, tx *db.Tx, d duty.Duty, now bool) error {
	if now {
		return duty.Set(ctx, tx, d)
	}
	return duty.SetAtCommit(tx, d)
}

func setDuties(ctx context.Context, tx *db.Tx, communeID string, d Dossier, cal *calendar.Calendar, existing bool) error {
	owner := duty.Owner{ID: d.HolderID, Name: d.HolderName, Role: string(d.HolderRole)}
	if d.HolderID == "" || d.HolderRole == auth.Desk {
		// An office owes it: nobody named, or the desk, whose officers act on whatever the
		// desk holds (rules.go). The register names the role.
		owner.ID, owner.Name = "", ""
	}
	base := duty.Duty{CommuneID: communeID, Room: dutyRoom, SubjectType: "dossier", SubjectID: d.ID, Label: d.Code,
		URL: "/ho-so/" + d.Code, LegalBasis: dutyBasis, Owner: owner}
	if d.Status.Open() && !d.DueAt.IsZero() {
		p := base
		p.Kind, p.DueAt, p.AtRiskFrom = DutyProcess, d.DueAt, atRiskFrom(cal, d.DueAt)
		if err := setDuty(ctx, tx, p, existing); err != nil {
			return err
		}
	} else if existing {
		if err := duty.Close(ctx, tx, communeID, dutyRoom, d.ID, DutyProcess, string(d.Status)); err != nil {
			return err
		}
	}
	if d.Status == StateAwaiting && !d.AcceptBy.IsZero() {
		c := base
		c.Kind, c.DueAt, c.AtRiskFrom = DutyCheck, d.AcceptBy, atRiskFrom(cal, d.AcceptBy)
		return setDuty(ctx, tx, c, existing)
	}
	if !existing {
		return nil
	}
	return duty.Close(ctx, tx, communeID, dutyRoom, d.ID, DutyCheck, string(d.Status))
}

// atRiskFrom is when a duty due at due turns "due soon" the way the desk board counts it (AtRisk):
// from the start of the working day before the day it is due.
func atRiskFrom(cal *calendar.Calendar, due time.Time) time.Time {
	if cal == nil {
		return due.Add(-24 * time.Hour)
	}
	return cal.AddWorkingDays(calendar.DateOf(due), -1).Time().UTC()
}
