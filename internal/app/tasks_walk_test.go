package app_test

import (
	"context"

	"xaso/internal/audit"
	"xaso/internal/tasks"
	"xaso/internal/web"
)

// walkTasks seeds the demo's 2025 plan for the page walk (TestNumbersOnEveryPage) and returns
// its plan page and one task's pages (the task's own, its form and the cancel confirmation,
// the last two for leaders): the plan list links them, but the walk's page budget may be spent
// before it gets there.
func (f *fixture) walkTasks() (seeds []string, unreached map[web.Page]string) {
	f.t.Helper()
	ctx := context.Background()
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	staff, err := f.a.Tasks.Plans(ctx, f.commune.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	if len(staff) == 0 {
		if err := f.a.Tasks.SeedDemo(ctx, f.commune.ID, by, nil); err != nil {
			f.t.Fatal(err)
		}
	}
	plans, err := f.a.Tasks.Plans(ctx, f.commune.ID)
	if err != nil || len(plans) == 0 {
		f.t.Fatalf("demo plan: %d %v", len(plans), err)
	}
	list, _, err := f.a.Tasks.Tasks(ctx, f.commune.ID, plans[0].ID, tasks.TaskFilter{Limit: 1})
	if err != nil || len(list) == 0 {
		f.t.Fatalf("demo tasks: %d %v", len(list), err)
	}
	plan := "/ke-hoach/" + plans[0].ID
	task := plan + "/nhiem-vu/" + list[0].ID
	return []string{plan, task, task + "/sua", task + "/huy"}, nil
}
