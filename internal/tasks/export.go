package tasks

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"xaso/internal/docs"
	"xaso/internal/web"
)

// exportHeader are the export's columns: those the loader reads back (planfile_csv.go) and
// where each task stands.
var exportHeader = []string{"tasks.csv.no", "tasks.csv.section", "tasks.csv.section_title", "tasks.csv.body", "tasks.csv.owner",
	"tasks.csv.owner_role", "tasks.csv.lead", "tasks.csv.cooperating", "tasks.csv.due_on", "tasks.csv.result", "tasks.csv.target",
	"tasks.csv.status", "tasks.csv.percent", "tasks.csv.state", "tasks.csv.done_on"}

// exportRow is a task as the export writes it; every cell is kept from being read as a
// formula.
func exportRow(pl Plan, t Task, n int) []string {
	title, target := "", ""
	if s := pl.Section(t.Section); s != nil {
		title = s.Title
	}
	if tg := pl.Target(t.Target); tg != nil {
		target = tg.Text
	}
	state := ""
	if t.Status.Open() {
		state = vi("tasks.state." + string(t.State))
	}
	due := FormatDate(t.DueOn)
	row := []string{strconv.Itoa(n), t.Section, title, t.Body, t.OwnerName, vi("tasks.role." + t.OwnerRole), t.Lead, strings.Join(t.Cooperating, "; "),
		due, t.Result, target, vi("tasks.status." + string(t.Status)), strconv.Itoa(t.Percent), state, FormatDate(t.DoneOn)}
	for i, c := range row {
		row[i] = docs.SafeCell(c)
	}
	return row
}

// exportCSV streams a plan's tasks as CSV (UTF-8 with a BOM, for Excel), row by row from the
// database; the file loads back as the tasks of a new plan.
func (p *pages) exportCSV(w http.ResponseWriter, r *http.Request) error {
	ctx, cid := r.Context(), communeOf(r)
	pl, err := p.svc.Plan(ctx, cid, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ke-hoach-nhiem-vu.csv"`)
	if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return nil // the client left
	}
	cw := csv.NewWriter(w)
	head := make([]string, len(exportHeader))
	for i, k := range exportHeader {
		head[i] = vi(k)
	}
	cw.Write(head)
	n := 0
	err = p.svc.EachTask(ctx, cid, pl.ID, func(t Task) error {
		n++
		if err := cw.Write(exportRow(pl, t, n)); err != nil {
			return err
		}
		if n%100 == 0 {
			cw.Flush()
		}
		return cw.Error()
	})
	cw.Flush()
	if err != nil {
		// The header is sent: the error can only end the file early, and be logged.
		return err
	}
	return cw.Error()
}
