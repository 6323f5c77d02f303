package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"xaso/internal/app"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/docs"
	"xaso/internal/onestop"
	"xaso/internal/report"
)

// runGenerate fills a database with years of generated dossiers over several communes, then
// measures the desk board, the dossier list and the month's indicators on the first commune:
//
//	xaso generate --dossiers 1000000 --communes 10 [--years 5] [--seed 1] [--data-dir D] [--db DSN]
func runGenerate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := newFlagSet("generate", stdout)
	var df dataFlags
	df.register(fs, getenv)
	n := fs.Int("dossiers", 100000, "dossiers to generate in all")
	m := fs.Int("communes", 10, "communes to spread them over")
	years := fs.Int("years", 5, "years of receipts, ending now")
	seed := fs.Uint64("seed", 1, "random seed (same seed, same data)")
	measure := fs.Bool("measure", true, "measure the board, the list and the indicators afterwards")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 0 || *m < 1 || *years < 1 {
		return fmt.Errorf("generate: --dossiers ≥ 0, --communes ≥ 1, --years ≥ 1")
	}
	d, err := df.open(ctx, true, stdout)
	if err != nil {
		return err
	}
	defer d.Close()
	rng := rand.New(rand.NewPCG(*seed, *seed^0x9e3779b97f4a7c15))
	now := time.Now().UTC()
	ids := make([]string, *m)
	for i := range ids {
		code := fmt.Sprintf("G%03d", i+1)
		if c, err := pickCommune(ctx, d, code); err == nil && c.Code == code {
			ids[i] = c.ID
			continue
		}
		err := d.Tx(ctx, func(tx *db.Tx) error {
			c, err := commune.CreateCommune(ctx, tx, commune.Commune{Code: code, Name: fmt.Sprintf("Thử Nghiệm %d", i+1),
				Province: "Thái Nguyên", AgencyCode: fmt.Sprintf("000.%02d.%02d.H55", i/100, i%100)})
			if err != nil {
				return err
			}
			ids[i] = c.ID
			_, err = onestop.SeedCatalogue(ctx, tx, c.ID)
			return err
		})
		if err != nil {
			return fmt.Errorf("generate: commune %s: %w", code, err)
		}
	}
	start := time.Now()
	total, rows, nextTenth := 0, 0, 1
	for i, id := range ids {
		per := *n / *m
		if i < *n%*m {
			per++
		}
		base := total
		w, r, err := onestop.GenerateDossiers(ctx, d, id, rng, onestop.GenerateOptions{Dossiers: per,
			From: now.AddDate(-*years, 0, 0), To: now, Now: now,
			Progress: func(done int) {
				for *n > 0 && (base+done)*10 >= nextTenth**n {
					el := time.Since(start)
					fmt.Fprintf(stdout, "%3d%%  %d dossiers  %s\n", nextTenth*10, base+done, el.Round(time.Millisecond))
					nextTenth++
				}
			}})
		total += w
		rows += r
		if err != nil {
			return err
		}
	}
	el := time.Since(start)
	fmt.Fprintf(stdout, "generated %d dossiers (%d rows) in %s on %s: %.0f dossiers/s, %.0f rows/s\n", total, rows,
		el.Round(time.Millisecond), d.Engine, float64(total)/el.Seconds(), float64(rows)/el.Seconds())
	if !*measure {
		return nil
	}
	if err := measureOnestop(ctx, d, ids[0], now, stdout); err != nil {
		return err
	}
	return measureReport(ctx, d, ids[0], now, stdout)
}

// measureReport times the plan's dashboard and the year-end report on one commune, and the
// province's ranking over every commune, through the app (every room's Source), with the peak
// resident memory before and after.
func measureReport(ctx context.Context, d *db.DB, communeID string, now time.Time, stdout io.Writer) error {
	dir, err := os.MkdirTemp("", "xaso-generate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	a, err := app.New(ctx, app.Options{DB: d, DataDir: dir, Now: func() time.Time { return now }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(ctx, d, communeID)
	if err != nil {
		return err
	}
	year, _ := report.NewPeriod(report.Year, now.In(calendar.Zone).Year(), 0)
	month, _ := report.NewPeriod(report.Month, now.In(calendar.Zone).Year(), int(now.In(calendar.Zone).Month()))
	tr := func(key string, args ...any) string { return a.Web.Catalog().T("vi", key, args...) }
	head := report.Head{Letterhead: c.Letterhead(), Commune: c.Name, Chairman: c.Chairman}
	var communes int
	if err := d.QueryRow(ctx, `SELECT count(*) FROM communes WHERE province = $1`, c.Province).Scan(&communes); err != nil {
		return err
	}
	// yearEnd measures the year's dashboard and then one way of writing the report of it.
	yearEnd := func(write func(report.Dashboard) error) func() error {
		return func() error {
			b, err := a.Report.Dashboard(ctx, communeID, year)
			if err != nil {
				return err
			}
			return write(b)
		}
	}
	fmt.Fprintf(stdout, "plan report on %s, commune %s, province of %d communes; peak RSS before %s\n", d.Engine, c.Code, communes, peakRSS())
	ops := []timedOp{
		{"plan dashboard, year", func() error { _, err := a.Report.Dashboard(ctx, communeID, year); return err }},
		{"plan dashboard, month", func() error { _, err := a.Report.Dashboard(ctx, communeID, month); return err }},
		{"province ranking, year", func() error { _, err := a.Report.Province(ctx, c.Province, year); return err }},
		{"year-end report, DOCX", yearEnd(func(b report.Dashboard) error { return docs.RenderDOCX(io.Discard, a.Report.Doc(b, head, tr)) })},
		{"year-end report, PDF", yearEnd(func(b report.Dashboard) error { return docs.Render(io.Discard, a.Report.Doc(b, head, tr)) })},
		{"year-end annex, XLSX (12 months)", yearEnd(func(b report.Dashboard) error { return a.Report.Annex(ctx, io.Discard, b, tr) })},
	}
	if err := timeOps(stdout, ops); err != nil {
		return err
	}
	// Where the province's time goes: each source's time summed over the communes.
	rows, err := a.Report.Province(ctx, c.Province, year)
	if err != nil {
		return err
	}
	sum := map[string]time.Duration{}
	var names []string
	for _, r := range rows {
		for _, st := range r.Board.Took {
			if _, ok := sum[st.Name]; !ok {
				names = append(names, st.Name)
			}
			sum[st.Name] += st.D
		}
	}
	slices.SortFunc(names, func(x, y string) int { return int(sum[y] - sum[x]) })
	fmt.Fprintf(stdout, "province ranking, time per source summed over %d communes:", len(rows))
	for _, n := range names {
		fmt.Fprintf(stdout, " %s %.0f ms;", n, ms(sum[n]))
	}
	fmt.Fprintf(stdout, "\npeak RSS after %s\n", peakRSS())
	return nil
}

// peakRSS is the process's peak resident memory (VmHWM), where the system tells it.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.Join(strings.Fields(strings.TrimPrefix(l, "VmHWM:")), " ")
		}
	}
	return "unknown"
}

// measureOnestop times the desk's reads on one commune: the best and the median of 5 runs.
func measureOnestop(ctx context.Context, d *db.DB, communeID string, now time.Time, stdout io.Writer) error {
	var all, mine int
	if err := d.QueryRow(ctx, `SELECT count(*) FROM dossiers`).Scan(&all); err != nil {
		return err
	}
	if err := d.QueryRow(ctx, `SELECT count(*) FROM dossiers WHERE commune_id = $1`, communeID).Scan(&mine); err != nil {
		return err
	}
	svc := onestop.New(onestop.Deps{DB: d, Now: func() time.Time { return now }})
	month := time.Date(now.In(calendar.Zone).Year(), now.In(calendar.Zone).Month(), 1, 0, 0, 0, 0, calendar.Zone).AddDate(0, -1, 0)
	fmt.Fprintf(stdout, "measuring on %s: %d dossiers in the database, %d in the commune; month %s\n", d.Engine, all, mine, month.Format("2006-01"))
	ops := []timedOp{
		{"board (Board)", func() error { _, err := svc.Board(ctx, communeID); return err }},
		{"dossier list, first page", func() error {
			_, _, err := svc.ListDossiers(ctx, communeID, onestop.DossierFilter{Limit: onestop.DefaultPageSize})
			return err
		}},
		{"dossier list, page 100", func() error {
			_, _, err := svc.ListDossiers(ctx, communeID, onestop.DossierFilter{Limit: onestop.DefaultPageSize, Offset: 99 * onestop.DefaultPageSize})
			return err
		}},
		{"dossier list, overdue", func() error {
			_, _, err := svc.ListDossiers(ctx, communeID, onestop.DossierFilter{Due: onestop.DueOverdue, Limit: onestop.DefaultPageSize})
			return err
		}},
		{"on-time rate (OnTimeStats)", func() error { _, err := svc.OnTimeStats(ctx, communeID, month); return err }},
		{"indicators, month", func() error { _, err := svc.Indicators(ctx, communeID, month, ""); return err }},
		{"indicators, month, one procedure", func() error { _, err := svc.Indicators(ctx, communeID, month, "1.001193"); return err }},
		{"held documents of a person", func() error { _, err := svc.HeldDocuments(ctx, communeID, "019000000042"); return err }},
	}
	return timeOps(stdout, ops)
}

// timedOp is one operation measured by timeOps.
type timedOp struct {
	name string
	fn   func() error
}

// timeOps runs each operation 5 times and prints its best and median time.
func timeOps(stdout io.Writer, ops []timedOp) error {
	for _, o := range ops {
		var ts []time.Duration
		for range 5 {
			t0 := time.Now()
			if err := o.fn(); err != nil {
				return fmt.Errorf("%s: %w", o.name, err)
			}
			ts = append(ts, time.Since(t0))
		}
		slices.Sort(ts)
		fmt.Fprintf(stdout, "%-34s best %8.2f ms   median %8.2f ms\n", o.name, ms(ts[0]), ms(ts[2]))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
