package tasks_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db/dbtest"
	"xaso/internal/tasks"
)

// BenchmarkProgress reads the counts of a plan of MaxTasks tasks, overall and by section (the
// dashboard's read: two queries), on SQLite.
func BenchmarkProgress(b *testing.B) {
	d := dbtest.SQLite(b)
	ctx := context.Background()
	if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, address, created_at) VALUES ('c1', 'BY', 'Bình Yên', 'Thái Nguyên', '', $1)`, time.Now()); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2025, 10, 15, 9, 0, 0, 0, calendar.Zone)
	svc := tasks.New(tasks.Deps{DB: d, Now: func() time.Time { return now }})
	in := plan2025()
	in.Sections = nil
	for i := range 20 {
		in.Sections = append(in.Sections, tasks.Section{Code: "III." + strconv.Itoa(i+1)})
	}
	for i := range tasks.MaxTasks {
		in.Tasks = append(in.Tasks, tasks.TaskInput{Section: "III." + strconv.Itoa(i%20+1), Body: "Nhiệm vụ " + strconv.Itoa(i),
			OwnerName: "UBND xã", DueOn: calendar.NewDate(2025, time.Month(8+i%5), 28), Result: "Kết quả"})
	}
	p, err := svc.CreatePlan(ctx, "c1", chairman, in)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		pp, err := svc.Progress(ctx, "c1", p.ID)
		if err != nil || pp.Total != tasks.MaxTasks {
			b.Fatal(pp.Total, err)
		}
	}
}
