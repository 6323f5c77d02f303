package app

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auditweb"
)

// auditRoom holds the signed heads of the audit chain (issue 15 item 6).
type auditRoom struct {
	// anchorer writes each commune's audit head daily to a signed file in the data directory,
	// where database access alone cannot rewrite it; nil when no audit key is configured.
	anchorer *audit.DailyAnchorer
}

func auditMessages() []map[string][2]string { return []map[string][2]string{auditweb.Messages} }

// mountAudit builds the anchorer (with an audit key) and the public page of the signed heads,
// /nhat-ky-kiem-toan.
func (a *App) mountAudit(ctx context.Context, o Options) error {
	deps := auditweb.Deps{Now: o.Now}
	if len(o.DB.ChainKey) > 0 && o.DataDir != "" {
		a.anchorer = audit.NewDailyAnchorer(o.DB, filepath.Join(o.DataDir, audit.AnchorFileName), o.DB.ChainKey)
		deps.Anchors = a.anchorer.Recent
	}
	auditweb.Mount(a.Web, deps)
	return nil
}

// anchorHeads signs today's heads (RunJobs); a log that lost its signed head is an alarm.
func (a *App) anchorHeads(ctx context.Context) error {
	if a.anchorer == nil {
		return nil
	}
	_, err := a.anchorer.Tick(ctx, a.DB.Clock())
	if errors.Is(err, audit.ErrRewritten) {
		a.Log.Error("app: the audit log no longer holds its signed head: it was cut or rewritten", "err", err)
		return nil
	}
	return err
}

// auditHeadLine is the line the report prints for the newest head signed before until (the
// report's period end), or "" without an audit key or a head signed in the days kept.
func (a *App) auditHeadLine(ctx context.Context, communeID string, until time.Time) (string, error) {
	if a.anchorer == nil {
		return "", nil
	}
	recent, err := a.anchorer.Recent(ctx, communeID) // newest first
	if err != nil {
		return "", err
	}
	for _, an := range recent {
		if an.At.Before(until) {
			return audit.HeadLine(an), nil
		}
	}
	return "", nil
}
