package onestop

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// The scale generator: years of realistic dossiers written straight into the tables in big
// transactions, to measure the desk board, the lists and the indicators at a million dossiers
// (`xaso generate`). Unlike SeedDemoDossiers it does not walk the rules one step at a time (a
// million intakes would take hours); it writes the rows the rules would have written: codes
// and register numbers in order of receipt (and the counters after them, so that real intakes
// continue the numbering), due dates from the calendar, the control slip's first and last rows.

// GenerateOptions says what to generate for one commune.
type GenerateOptions struct {
	Dossiers int
	From, To time.Time // received between From and To
	Now      time.Time // dossiers received within the last 30 days of Now may still be open
	// Batch is the number of dossiers per transaction (20,000 if zero).
	Batch int
	// Progress is called after each transaction with the dossiers written so far.
	Progress func(done int)
}

// genFamily and genGiven make the people of the generated dossiers (a pool, so that people come back and
// their earlier documents are held).
var genFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Ma", "Lương", "Nông", "Đàm", "Triệu"}
var genGiven = []string{"Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Văn Hùng", "Thị Hoa", "Văn Khánh", "Thị Lan", "Văn Minh", "Thị Nga"}

// GenerateDossiers writes o.Dossiers dossiers of the commune (its catalogue must be seeded)
// and returns how many it wrote and the rows of all tables written.
func GenerateDossiers(ctx context.Context, d *db.DB, communeID string, rng *rand.Rand, o GenerateOptions) (int, int, error) {
	const op = "onestop: generate dossiers"
	if o.Batch <= 0 {
		o.Batch = 20000
	}
	svc := New(Deps{DB: d})
	agency, _, err := svc.agency(ctx, d, communeID)
	if err != nil {
		return 0, 0, err
	}
	ps, err := activeProcedures(ctx, d, communeID, "")
	if err != nil {
		return 0, 0, err
	}
	var procs []Procedure
	for _, p := range ps {
		full, err := svc.Procedure(ctx, communeID, p.Code)
		if err != nil {
			return 0, 0, err
		}
		procs = append(procs, full)
	}
	if len(procs) == 0 {
		return 0, 0, errs.E(op, errs.Invalid, "onestop.procedure_not_found")
	}
	cal := calendar.Default()
	// Received moments, in order: a working day between From and To, in office hours.
	span := o.To.Sub(o.From)
	times := make([]time.Time, o.Dossiers)
	for i := range times {
		t := o.From.Add(time.Duration(rng.Int64N(int64(span))))
		day := calendar.DateOf(t)
		for !cal.IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		times[i] = day.Time().Add(7*time.Hour + 30*time.Minute + time.Duration(rng.IntN(9*60))*time.Minute).UTC()
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	dayCount := map[string]int{}
	yearCount := map[int]int{}
	written, rowsWritten := 0, 0
	for start := 0; start < len(times); start += o.Batch {
		chunk := times[start:min(start+o.Batch, len(times))]
		var dossiers, hist, docs [][]any
		for _, recv := range chunk {
			day := calendar.DateOf(recv)
			dk := fmt.Sprintf("day:%02d%02d%02d", day.Year%100, int(day.Month), day.Day)
			dayCount[dk]++
			yearCount[day.Year]++
			row, h, dd := genDossier(rng, cal, procs, communeID, agency, recv, dayCount[dk], yearCount[day.Year], o.Now)
			dossiers = append(dossiers, row)
			hist = append(hist, h...)
			docs = append(docs, dd...)
		}
		err := d.Tx(ctx, func(tx *db.Tx) error {
			if err := db.InsertRows(ctx, tx, "dossiers", genDossierCols, dossiers); err != nil {
				return err
			}
			if err := db.InsertRows(ctx, tx, "dossier_history", genHistoryCols, hist); err != nil {
				return err
			}
			return db.InsertRows(ctx, tx, "dossier_documents", submittedCols, docs)
		})
		if err != nil {
			return written, rowsWritten, errs.Wrap(op, err)
		}
		written += len(chunk)
		rowsWritten += len(dossiers) + len(hist) + len(docs)
		if o.Progress != nil {
			o.Progress(written)
		}
	}
	// The counters continue after the generated numbers.
	var counters [][]any
	for k, n := range dayCount {
		counters = append(counters, []any{communeID, k, n})
	}
	for y, n := range yearCount {
		counters = append(counters, []any{communeID, fmt.Sprintf("register:%04d", y), n})
	}
	err = d.Tx(ctx, func(tx *db.Tx) error {
		for _, c := range counters {
			if _, err := tx.Exec(ctx, `INSERT INTO onestop_counters (commune_id, name, last) VALUES ($1, $2, $3)
				ON CONFLICT (commune_id, name) DO UPDATE SET last = CASE WHEN onestop_counters.last > $3 THEN onestop_counters.last ELSE $3 END`,
				c...); err != nil {
				return err
			}
		}
		return nil
	})
	return written, rowsWritten + len(counters), errs.Wrap(op, err)
}

var genDossierCols = []string{"commune_id", "id", "code", "procedure_code", "procedure_name", "status", "channel",
	"applicant_name", "applicant_id_number", "applicant_phone", "applicant_address", "phone_last4", "documents",
	"processing_days", "processing_minutes", "received_at", "clock_start_at", "due_at", "finished_at", "returned_at",
	"supplement_requests", "late_flagged", "fee_amount", "fee_paid", "paid_online", "register_year", "register_number",
	"holder_id", "holder_name", "holder_role", "search", "created_at", "updated_at",
	"reused_parts", "result_sha256", "e_result", "digitised", "verified_vneid"}

// genHistoryCols: the generated slip names who acted (user ids keep their defaults).
var genHistoryCols = []string{"commune_id", "dossier_id", "seq", "action", "at", "from_name", "to_name", "to_role", "status_after", "note"}

// genDossier makes one dossier's rows: the dossier, its control slip (intake, and the end when
// it ended) and its documents (scanned for most online and digitised dossiers).
func genDossier(rng *rand.Rand, cal *calendar.Calendar, procs []Procedure, communeID, agency string, recv time.Time,
	seq, reg int, now time.Time) ([]any, [][]any, [][]any) {
	// A few procedures (birth, residence, certification) make most of a commune's dossiers.
	p := procs[min(int(rng.ExpFloat64()*float64(len(procs))/6), len(procs)-1)]
	id := newID()
	code := FormatCode(agency, recv, seq)
	channel := ChannelCounter
	switch r := rng.IntN(100); {
	case r < 35 && p.OnlineAllowed:
		channel = ChannelOnline
	case r >= 95:
		channel = ChannelPost
	}
	person := rng.IntN(20000)
	name := genFamily[person%len(genFamily)] + " " + genGiven[(person/len(genFamily))%len(genGiven)]
	idNumber := fmt.Sprintf("0190%08d", person)
	phone := fmt.Sprintf("09%08d", person*37%100000000)
	due := cal.DueAt(recv, p.Processing.Calendar()).At.UTC()
	status, holderRole := StateReturned, "desk"
	var fin, ret any
	supp := 0
	if rng.IntN(100) < 6 {
		supp = 1 + rng.IntN(100)/90
	}
	finished := time.Time{}
	open := recv.After(now.AddDate(0, 0, -30)) && rng.IntN(100) < 60
	switch r := rng.IntN(100); {
	case open:
		status = []State{StateReceived, StateProcessing, StateApproval, StateSupplement}[rng.IntN(4)]
		holderRole = map[State]string{StateReceived: "desk", StateProcessing: "specialist", StateApproval: "leader", StateSupplement: "desk"}[status]
	case r < 3:
		status, finished = StateRejected, recv.Add(time.Duration(rng.Int64N(int64(max(due.Sub(recv), time.Hour)))))
	case r < 5:
		status, finished = StateWithdrawn, recv.Add(time.Hour*time.Duration(1+rng.IntN(48)))
	case r < 12: // late
		finished = due.Add(time.Hour * time.Duration(1+rng.IntN(24*10)))
	default:
		finished = recv.Add(time.Duration(rng.Int64N(int64(max(due.Sub(recv), time.Hour)))))
	}
	if finished.After(now) {
		finished = now
	}
	if !finished.IsZero() {
		fin = finished
		if status == StateReturned {
			ret = finished.Add(time.Hour * time.Duration(rng.IntN(72)))
		}
	}
	paid := p.FeeAmount > 0
	paidOnline := paid && channel == ChannelOnline && rng.IntN(100) < 70
	scanned := channel == ChannelOnline || rng.IntN(100) < 60
	reused := 0
	if rng.IntN(100) < 20 {
		reused = 1
	}
	result, eResult, digitised := "", false, false
	if status == StateReturned && scanned {
		result = fmt.Sprintf("%064x", rng.Uint64())
		eResult = rng.IntN(100) < 70
		digitised = true
	}
	var docIDs []string
	var docs [][]any
	for i, doc := range p.Documents {
		if !doc.Required {
			continue
		}
		docIDs = append(docIDs, doc.ID)
		sha := ""
		if scanned && doc.Kind != KindPresent {
			sha = fmt.Sprintf("%016x%016x%016x%016x", rng.Uint64(), rng.Uint64(), rng.Uint64(), rng.Uint64())
		}
		docs = append(docs, []any{communeID, id, 0, doc.ID, i, doc.Name, doc.Kind, max(doc.Quantity, 1), sha, recv, reused > 0 && i == 0})
	}
	late := !finished.IsZero() && finished.After(due) || finished.IsZero() && now.After(due) && status.Open()
	row := []any{communeID, id, code, p.Code, p.Name, string(status), channel, name, idNumber, phone, "Xóm " + fmt.Sprint(1+person%12),
		phone[len(phone)-4:], strings.Join(docIDs, " "), p.Processing.Days, p.Processing.Minutes, recv, recv, due, fin, ret, supp, late,
		p.FeeAmount, paid, paidOnline, calendar.DateOf(recv).Year, reg, "", "", holderRole, fold.Join(code, p.Code, p.Name, name, phone), recv, recv,
		reused, result, eResult, digitised, channel == ChannelCounter && rng.IntN(100) < 40}
	hist := [][]any{{communeID, id, 1, string(ActIntake), recv, name, "Bộ phận Một cửa", "desk", string(StateReceived), channelNote[channel]}}
	if !finished.IsZero() {
		act := ActReturn
		switch status {
		case StateRejected:
			act = ActRefuse
		case StateWithdrawn:
			act = ActWithdraw
		}
		hist = append(hist, []any{communeID, id, 2, string(act), finished, "Lãnh đạo UBND xã", "", "", string(status), ""})
	}
	return row, hist, docs
}
