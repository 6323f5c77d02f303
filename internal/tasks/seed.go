package tasks

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// The demo: the Bình Yên plan of 2025 (demo/plan-2025.json, written from the plan's text in
// the plan file format: its sections as tasks with the five clears the plan gives; where it
// names no person, the unit it names, and UBND xã, the plan's issuer, where it names none)
// and its progress (demo/progress-2025.json: dated notes and links to records of the other
// rooms as evidence). Seeded after the plan's period, as the demo usually is, every task is
// done but one, overdue.

//go:embed demo/plan-2025.json
var demoPlan []byte

//go:embed demo/progress-2025.json
var demoProgress []byte

// DemoSeedKey marks the demo plan, written once per commune.
const DemoSeedKey = "binh-yen-2025"

// demoStep is the progress of one task of the demo plan (Task: its place in the file, from 1).
type demoStep struct {
	Task     int `json:"task"`
	Evidence []struct {
		Kind    EvidenceKind `json:"kind"`
		Caption string       `json:"caption"`
		URL     string       `json:"url"`
	} `json:"evidence"`
	Notes []struct {
		On      string `json:"on"`
		Status  Status `json:"status"`
		Percent int    `json:"percent"`
		Note    string `json:"note"`
	} `json:"notes"`
}

// DemoPlan is the demo plan as the loader reads it.
func DemoPlan() (PlanInput, error) {
	return ParsePlanFile("plan-2025.json", bytes.NewReader(demoPlan), PlanInput{})
}

// SeedDemo writes the demo plan for a commune, once (nothing when the commune has it): its
// tasks' owners are looked up in staff (the plan's "Chủ tịch UBND xã" is the directory's
// chairman when it lists one), and the progress dated up to today is recorded as by.
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor, staff []StaffRef) error {
	const op = "tasks: seed demo"
	var n int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM task_plans WHERE commune_id = $1 AND seed_key = $2`, communeID, DemoSeedKey).Scan(&n); err != nil {
		return errs.Wrap(op, err)
	} else if n > 0 {
		return nil
	}
	in, err := DemoPlan()
	if err != nil {
		return fmt.Errorf("%s: the embedded plan: %w", op, err)
	}
	in.Source, in.SeedKey = SourceDemo, DemoSeedKey
	p, err := s.createPlan(ctx, communeID, by, in, staff)
	if e, ok := errs.As(err); ok && e.Key == "tasks.err.seeded" {
		return nil // seeded meanwhile
	}
	if err != nil {
		return err
	}
	var steps []demoStep
	if err := json.Unmarshal(demoProgress, &steps); err != nil {
		return fmt.Errorf("%s: the embedded progress: %w", op, err)
	}
	ids := map[int]string{}
	if err := s.EachTask(ctx, communeID, p.ID, func(t Task) error { ids[t.Seq] = t.ID; return nil }); err != nil {
		return err
	}
	m := Member{Actor: by, Roles: []auth.Role{auth.Leader}}
	today := s.Today()
	for _, st := range steps {
		if err := s.seedStep(ctx, communeID, m, ids[st.Task], st, today); err != nil {
			return fmt.Errorf("%s: task %d: %w", op, st.Task, err)
		}
	}
	return nil
}

// seedStep records one task's demo evidence and the notes dated up to today.
func (s *Service) seedStep(ctx context.Context, communeID string, m Member, taskID string, st demoStep, today calendar.Date) error {
	if taskID == "" {
		return fmt.Errorf("no such task in the plan")
	}
	for _, e := range st.Evidence {
		if _, err := s.AddLink(ctx, communeID, taskID, m, EvidenceInput{Kind: e.Kind, Caption: e.Caption, URL: e.URL}, nil); err != nil {
			return err
		}
	}
	for _, n := range st.Notes {
		on, err := calendar.ParseDate(n.On)
		if err != nil {
			return err
		}
		if on.After(today) {
			break // the demo stands as the plan stood today
		}
		if _, err := s.Report(ctx, communeID, taskID, m, ProgressInput{On: on, Status: n.Status, Percent: n.Percent, Note: n.Note}, nil); err != nil {
			return err
		}
	}
	return nil
}
