package app

import (
	"context"
	"fmt"

	"xaso/internal/audit"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/tasks"
)

// tasksRoom holds the plans and their tasks on the App (filled in by the room's wiring).
type tasksRoom struct {
	// Tasks is the plans and their tasks with the "five clears" (plan III.1.4, "Tổ chức thực
	// hiện"): owners, deadlines in the duty register, progress and evidence.
	Tasks *tasks.Service
}

// tasksMessages are the tasks room's catalogue tables.
func tasksMessages() []map[string][2]string { return []map[string][2]string{tasks.Messages} }

// mountTasks builds the tasks room on the staff directory, the blob store and the commune's
// letterhead, and mounts its pages.
func (a *App) mountTasks(ctx context.Context, o Options) error {
	a.Tasks = tasks.New(tasks.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake, Files: a.Blobs,
		Staff: a.taskStaff,
		Letterhead: func(ctx context.Context, cid string) (docs.Letterhead, error) {
			c, err := commune.GetCommune(ctx, o.DB, cid)
			return c.Letterhead(), err
		}})
	tasks.Mount(a.Web, a.Tasks)
	return nil
}

// taskStaff is the commune's staff directory as the tasks room names owners.
func (a *App) taskStaff(ctx context.Context, communeID string) ([]tasks.StaffRef, error) {
	list, _, err := a.Communes.ListStaff(ctx, communeID, commune.StaffFilter{Page: commune.Page{Limit: 500}})
	if err != nil {
		return nil, err
	}
	out := make([]tasks.StaffRef, len(list))
	for i, s := range list {
		out[i] = tasks.StaffRef{ID: s.ID, Name: s.FullName, Title: s.Title, Unit: s.Unit, UserID: s.UserID}
	}
	return out, nil
}

// seedTasksDemo loads the demo commune's 2025 plan with its tasks and their progress.
func (a *App) seedTasksDemo(ctx context.Context, communeID string, by audit.Actor) error {
	staff, err := a.taskStaff(ctx, communeID)
	if err != nil {
		return err
	}
	if err := a.Tasks.SeedDemo(ctx, communeID, by, staff); err != nil {
		return fmt.Errorf("app: tasks demo: %w", err)
	}
	return nil
}
