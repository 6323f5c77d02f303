package conduct

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Portal is who files a report through an officer's public page, in the audit log.
var Portal = audit.Actor{ID: "web", Name: "Người dân qua cổng thông tin"}

// RatingActor is who opens a report from a low rating, in the audit log.
var RatingActor = audit.Actor{ID: "rating", Name: "Đánh giá mức độ hài lòng"}

// DutyReview is the duty "review the report" (its catalogue key).
const DutyReview = "conduct.duty.review"

// dutyBasis is the duty's basis as the register shows it: the commune's own time, not a law's.
const dutyBasis = "Thời hạn do UBND xã quy định (Kế hoạch xây dựng chính quyền thân thiện, mục III.1.4)"

// Report is one report on an officer's attitude and its review.
type Report struct {
	ID           string
	Source       Source
	OfficerID    string // the staff directory entry, "" when not known
	OfficerName  string
	OfficerTitle string
	OfficerUnit  string
	HamletID     string
	Hamlet       string // its name
	Month        string // YYYY-MM, a hamlet head's feedback
	Body         string
	HappenedOn   calendar.Date
	// Who reported (optional); shown to the chairman only.
	ReporterName  string
	ReporterPhone string
	// From a rating.
	RatingID      string
	RatingLevel   int
	RatingReasons string
	DossierCode   string
	ProcedureName string

	ReceivedOn  calendar.Date
	ReceivedAt  time.Time
	CreatedBy   string
	CreatedByID string
	Status      Status
	DueOn       calendar.Date

	Findings   string
	Outcome    string
	Violation  bool
	Discipline bool
	ReviewedOn calendar.Date
	ReviewedAt time.Time
	ReviewedBy string
}

// URL is the report's staff page.
func (r Report) URL() string { return "/ung-xu/" + r.ID }

// Overdue reports whether the report waits past its due day on today.
func (r Report) Overdue(today calendar.Date) bool { return r.Status == Open && today.After(r.DueOn) }

// auditView is what the audit log keeps of a report: not the reporter's name nor phone.
func (r Report) auditView() map[string]any {
	return map[string]any{"source": r.Source, "officer": r.OfficerID, "hamlet": r.HamletID, "month": r.Month,
		"happened_on": r.HappenedOn.String(), "chars": utf8.RuneCountInString(r.Body), "rating": r.RatingID,
		"level": r.RatingLevel, "received_on": r.ReceivedOn.String(), "due_on": r.DueOn.String(), "named": r.ReporterName != "",
		"phone": r.ReporterPhone != ""}
}

// officerOf fills the report's snapshot of the officer.
func (r *Report) officerOf(st commune.Staff) {
	r.OfficerID, r.OfficerName, r.OfficerTitle, r.OfficerUnit = st.ID, st.FullName, st.Title, st.Unit
}

// FilePublic takes a report from the form of an officer's public page (the badge's QR).
func (s *Service) FilePublic(ctx context.Context, communeID string, b Badge, in ReportInput) (Report, error) {
	r := Report{Source: SourceResident, Body: in.Body, HappenedOn: in.HappenedOn, ReporterName: in.Name, ReporterPhone: in.Phone}
	r.officerOf(b.Staff)
	return r, s.insert(ctx, communeID, Portal, &r)
}

// FileHamlet takes a hamlet head's feedback on an officer (plan III.6: the hamlets record what
// residents say of the staff's attitude and report it to the commune). The hamlet must be one
// the account heads (any hamlet of the commune when it heads none on the registry); the
// officer, when named, must be in the directory.
func (s *Service) FileHamlet(ctx context.Context, communeID string, by audit.Actor, in ReportInput, fe map[string]string) (Report, error) {
	const op = "conduct: hamlet report"
	bad := errs.FieldErrors(fe)
	if bad == nil {
		bad = errs.FieldErrors{}
	}
	r := Report{Source: SourceHamlet, Body: in.Body, HappenedOn: in.HappenedOn, ReporterName: in.Name, ReporterPhone: in.Phone,
		Month: in.Month, HamletID: in.HamletID}
	if in.HamletID != "" {
		hamlets, err := s.HamletsFor(ctx, communeID, by.ID)
		if err != nil {
			return r, err
		}
		found := false
		for _, h := range hamlets {
			if h.ID == in.HamletID {
				found, r.Hamlet = true, h.Name
			}
		}
		if !found {
			bad["hamlet"] = "conduct.err.hamlet_unknown"
		}
	}
	if in.OfficerID != "" {
		st, err := s.dir.GetStaff(ctx, communeID, in.OfficerID)
		switch {
		case errs.KindOf(err) == errs.NotFound:
			bad["officer"] = "conduct.err.officer_unknown"
		case err != nil:
			return r, err
		default:
			r.officerOf(st)
		}
	}
	if err := bad.Err(op); err != nil {
		return r, err
	}
	return r, s.insert(ctx, communeID, by, &r)
}

// HamletsFor lists the hamlets a hamlet head may report for: those the account heads, or
// every hamlet of the commune when the registry ties it to none.
func (s *Service) HamletsFor(ctx context.Context, communeID, userID string) ([]commune.Hamlet, error) {
	all, err := s.dir.ListHamlets(ctx, communeID)
	if err != nil {
		return nil, err
	}
	mine, err := s.dir.HamletsHeadedBy(ctx, communeID, userID)
	if err != nil || len(mine) == 0 {
		return all, err
	}
	var out []commune.Hamlet
	for _, h := range all {
		for _, id := range mine {
			if h.ID == id {
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// Officers lists the directory for the forms' officer menus (a commune's directory is a few
// dozen people; at most MaxPageSize).
func (s *Service) Officers(ctx context.Context, communeID string) ([]commune.Staff, error) {
	list, _, err := s.dir.ListStaff(ctx, communeID, commune.StaffFilter{Page: commune.Page{Limit: commune.MaxPageSize}})
	return list, err
}

// insert writes a new report, its audit entry, its event and its review duty, in one
// transaction. r.ReceivedOn, when set, is kept (a rating's day).
func (s *Service) insert(ctx context.Context, communeID string, by audit.Actor, r *Report) error {
	_, err := s.insertOnce(ctx, communeID, by, r)
	return err
}

// insertOnce is insert that, for a report from a rating, does nothing when the rating already
// opened one (the outbox may deliver an event twice); it reports whether it wrote.
func (s *Service) insertOnce(ctx context.Context, communeID string, by audit.Actor, r *Report) (bool, error) {
	const op = "conduct: file report"
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return false, err
	}
	set, err := s.Settings(ctx, communeID)
	if err != nil {
		return false, err
	}
	r.ID, r.ReceivedAt, r.CreatedBy, r.CreatedByID, r.Status = uuid.Must(uuid.NewV7()).String(), s.stamp(), by.Name, by.ID, Open
	if !r.ReceivedOn.Valid() {
		r.ReceivedOn = s.Today()
	}
	r.DueOn = DueOn(cal, r.ReceivedOn, set.ReviewDays)
	var rating any
	if r.RatingID != "" {
		rating = r.RatingID
	}
	wrote := false
	err = s.tx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO conduct_reports (commune_id, id, source, officer_id, officer_name, officer_title, officer_unit,
			hamlet_id, month, body, happened_on, reporter_name, reporter_phone, rating_id, rating_level, rating_reasons, dossier_code,
			procedure_name, received_on, received_at, created_by, created_by_id, status, due_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, 'open', $23)
			ON CONFLICT (commune_id, rating_id) DO NOTHING`,
			communeID, r.ID, string(r.Source), r.OfficerID, r.OfficerName, r.OfficerTitle, r.OfficerUnit, r.HamletID, r.Month, r.Body,
			dateText(r.HappenedOn), r.ReporterName, r.ReporterPhone, rating, r.RatingLevel, r.RatingReasons, r.DossierCode,
			r.ProcedureName, r.ReceivedOn.String(), r.ReceivedAt, r.CreatedBy, r.CreatedByID, r.DueOn.String())
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return errs.Wrap(op, err)
		} else if n == 0 {
			return nil // this rating's report exists
		}
		wrote = true
		if err := audit.Record(ctx, tx, communeID, by, actionReport, "conduct_report", r.ID, audit.Change{After: r.auditView()}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicReportReceived, map[string]any{"id": r.ID, "source": r.Source,
			"officer_id": r.OfficerID, "rating_id": r.RatingID, "due_on": r.DueOn.String()}); err != nil {
			return err
		}
		who := r.OfficerName
		if who == "" {
			who = vi("conduct.officer.unknown")
		}
		hours := cal.Hours()
		return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: dutyRoom, Kind: DutyReview, SubjectType: "conduct_report",
			SubjectID: r.ID, Label: vi("conduct.duty.label") + " " + who, URL: r.URL(), LegalBasis: dutyBasis,
			Owner: duty.Owner{Role: "leader"}, DueAt: r.DueOn.At(hours.Closing()).UTC(),
			AtRiskFrom: cal.AddWorkingDays(r.DueOn, -2).At(hours.Opening()).UTC()})
	})
	return wrote, err
}

const reportCols = `r.id, r.source, r.officer_id, r.officer_name, r.officer_title, r.officer_unit, r.hamlet_id, COALESCE(h.name, ''), r.month,
	r.body, r.happened_on, r.reporter_name, r.reporter_phone, COALESCE(r.rating_id, ''), r.rating_level, r.rating_reasons, r.dossier_code,
	r.procedure_name, r.received_on, r.received_at, r.created_by, r.created_by_id, r.status, r.due_on, r.findings, r.outcome, r.violation,
	r.discipline, r.reviewed_on, r.reviewed_at, r.reviewed_by`

const reportFrom = ` FROM conduct_reports r LEFT JOIN hamlets h ON h.commune_id = r.commune_id AND h.id = r.hamlet_id`

func scanReport(row interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var source, status, received, due string
	var happened, reviewed sql.NullString
	var reviewedAt sql.NullTime
	if err := row.Scan(&r.ID, &source, &r.OfficerID, &r.OfficerName, &r.OfficerTitle, &r.OfficerUnit, &r.HamletID, &r.Hamlet, &r.Month,
		&r.Body, &happened, &r.ReporterName, &r.ReporterPhone, &r.RatingID, &r.RatingLevel, &r.RatingReasons, &r.DossierCode,
		&r.ProcedureName, &received, &r.ReceivedAt, &r.CreatedBy, &r.CreatedByID, &status, &due, &r.Findings, &r.Outcome, &r.Violation,
		&r.Discipline, &reviewed, &reviewedAt, &r.ReviewedBy); err != nil {
		return r, err
	}
	r.Source, r.Status, r.ReceivedAt = Source(source), Status(status), r.ReceivedAt.UTC()
	r.HappenedOn, r.ReviewedOn = scanDate(happened), scanDate(reviewed)
	r.ReceivedOn = scanDate(sql.NullString{String: received, Valid: true})
	r.DueOn = scanDate(sql.NullString{String: due, Valid: true})
	r.ReviewedAt = db.TimeOf(reviewedAt)
	return r, nil
}

// Viewer is who reads the reports: the chairman sees all of them; an officer sees those about
// themselves once reviewed; a hamlet head also sees those it filed.
type Viewer struct {
	UserID  string
	StaffID string // the viewer's directory entry, "" when none is linked
	All     bool   // the chairman (role leader)
}

// ViewerOf builds the viewer of an account: its directory entry is looked up.
func (s *Service) ViewerOf(ctx context.Context, communeID, userID string, all bool) (Viewer, error) {
	v := Viewer{UserID: userID, All: all}
	st, err := s.dir.StaffByUserID(ctx, communeID, userID)
	switch {
	case err == nil:
		v.StaffID = st.ID
	case errs.KindOf(err) != errs.NotFound:
		return v, err
	}
	return v, nil
}

// where adds the viewer's condition to a query whose arguments are args.
func (v Viewer) where(args *[]any) string {
	if v.All {
		return ""
	}
	arg := func(x any) string { *args = append(*args, x); return "$" + strconv.Itoa(len(*args)) }
	cond := ` AND (r.created_by_id = ` + arg(v.UserID)
	if v.StaffID != "" {
		cond += ` OR r.officer_id = ` + arg(v.StaffID) + ` AND r.status = 'reviewed'`
	}
	return cond + `)`
}

// Sees reports whether the viewer may read r.
func (v Viewer) Sees(r Report) bool {
	return v.All || (r.CreatedByID != "" && r.CreatedByID == v.UserID) || (v.StaffID != "" && r.OfficerID == v.StaffID && r.Status == Reviewed)
}

// Get returns one report the viewer may read.
func (s *Service) Get(ctx context.Context, communeID, id string, v Viewer) (Report, error) {
	r, err := getReport(ctx, s.d, communeID, id)
	if err != nil {
		return r, err
	}
	if !v.Sees(r) {
		return Report{}, errs.E("conduct: report", errs.NotFound, "conduct.err.not_found")
	}
	return r, nil
}

func getReport(ctx context.Context, q db.Q, communeID, id string) (Report, error) {
	r, err := scanReport(q.QueryRow(ctx, `SELECT `+reportCols+reportFrom+` WHERE r.commune_id = $1 AND r.id = $2`, communeID, id))
	if err != nil {
		return r, notFound("conduct: report", err)
	}
	return r, nil
}

// Filter selects reports for a list. Year selects the reports received that year, except with
// Violation, which selects the breaches found by reviews of that year (as the yearly target
// counts them).
type Filter struct {
	Year      int
	Source    Source
	Outcome   string
	Status    Status
	Overdue   bool // open past the due day
	OfficerID string
	Violation bool
	Limit     int
	Offset    int
}

// List returns a page of the reports the viewer may read, newest first, and how many match.
func (s *Service) List(ctx context.Context, communeID string, v Viewer, f Filter) ([]Report, int, error) {
	const op = "conduct: reports"
	limit, offset := limits(f.Limit, f.Offset)
	args := []any{communeID}
	arg := func(x any) string { args = append(args, x); return "$" + strconv.Itoa(len(args)) }
	var b strings.Builder
	b.WriteString(` WHERE r.commune_id = $1`)
	if f.Year > 0 {
		col := "r.received_on"
		if f.Violation {
			col = "r.reviewed_on"
		}
		b.WriteString(` AND ` + col + ` >= ` + arg(strconv.Itoa(f.Year)+"-01-01") + ` AND ` + col + ` <= ` + arg(strconv.Itoa(f.Year)+"-12-31"))
	}
	if f.Violation {
		b.WriteString(` AND r.violation = TRUE`)
	}
	if f.Source != "" {
		b.WriteString(` AND r.source = ` + arg(string(f.Source)))
	}
	if f.Outcome != "" {
		b.WriteString(` AND r.outcome = ` + arg(f.Outcome))
	}
	if f.Status != "" {
		b.WriteString(` AND r.status = ` + arg(string(f.Status)))
	}
	if f.Overdue {
		b.WriteString(` AND r.status = 'open' AND r.due_on < ` + arg(s.Today().String()))
	}
	if f.OfficerID != "" {
		b.WriteString(` AND r.officer_id = ` + arg(f.OfficerID))
	}
	b.WriteString(v.where(&args))
	where := b.String()
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM conduct_reports r`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.d.Query(ctx, `SELECT `+reportCols+reportFrom+where+` ORDER BY r.received_on DESC, r.id DESC
		LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, r)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// Waiting counts the open reports and those of them past their due day (the home card).
func (s *Service) Waiting(ctx context.Context, communeID string) (open, overdue int, err error) {
	err = s.d.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END), 0) FROM conduct_reports
		WHERE commune_id = $1 AND status = 'open'`, communeID, s.Today().String()).Scan(&open, &overdue)
	return open, overdue, errs.Wrap("conduct: waiting", err)
}

// Review records the chairman's review of an open report: findings, outcome and day (and the
// officer, when the report named none). In one transaction it closes the review duty and,
// when the reporter left a phone number, asks for an SMS of the outcome.
func (s *Service) Review(ctx context.Context, communeID, id string, by audit.Actor, in ReviewInput, fe map[string]string) (Report, error) {
	const op = "conduct: review"
	bad := errs.FieldErrors{}
	for k, v := range fe {
		bad[k] = v
	}
	var officer *commune.Staff
	if in.OfficerID != "" {
		st, err := s.dir.GetStaff(ctx, communeID, in.OfficerID)
		switch {
		case errs.KindOf(err) == errs.NotFound:
			bad["officer"] = "conduct.err.officer_unknown"
		case err != nil:
			return Report{}, err
		default:
			officer = &st
		}
	}
	today := s.Today()
	var r Report
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = getReport(ctx, tx, communeID, id); err != nil {
			return err
		}
		if r.Status != Open {
			return errs.E(op, errs.Conflict, "conduct.err.reviewed")
		}
		for k, v := range CheckReview(r, in, today) {
			if bad[k] == "" {
				bad[k] = v
			}
		}
		if err := bad.Err(op); err != nil {
			return err
		}
		before := r.auditView()
		o, _ := OutcomeOf(in.Outcome)
		if officer != nil && r.OfficerID == "" {
			r.officerOf(*officer)
		}
		r.Findings, r.Outcome, r.Violation, r.Discipline = in.Findings, o.Code, o.Violation, o.Discipline
		r.ReviewedOn, r.ReviewedAt, r.ReviewedBy, r.Status = in.On, s.stamp(), by.Name, Reviewed
		res, err := tx.Exec(ctx, `UPDATE conduct_reports SET status = 'reviewed', findings = $3, outcome = $4, violation = $5, discipline = $6,
			reviewed_on = $7, reviewed_at = $8, reviewed_by = $9, officer_id = $10, officer_name = $11, officer_title = $12, officer_unit = $13
			WHERE commune_id = $1 AND id = $2 AND status = 'open'`,
			communeID, id, r.Findings, r.Outcome, r.Violation, r.Discipline, r.ReviewedOn.String(), r.ReviewedAt, r.ReviewedBy,
			r.OfficerID, r.OfficerName, r.OfficerTitle, r.OfficerUnit)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "conduct.err.reviewed")
		}
		after := r.auditView()
		after["outcome"], after["violation"], after["discipline"], after["reviewed_on"] = r.Outcome, r.Violation, r.Discipline, r.ReviewedOn.String()
		after["findings_chars"] = utf8.RuneCountInString(r.Findings)
		if err := audit.Record(ctx, tx, communeID, by, actionReview, "conduct_report", r.ID, audit.Change{Before: before, After: after}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicReportReviewed, map[string]any{"id": r.ID, "source": r.Source,
			"officer_id": r.OfficerID, "outcome": r.Outcome, "violation": r.Violation, "discipline": r.Discipline,
			"reviewed_on": r.ReviewedOn.String()}); err != nil {
			return err
		}
		if err := s.smsOutcome(ctx, tx, communeID, r); err != nil {
			return err
		}
		return duty.Close(ctx, tx, communeID, dutyRoom, r.ID, DutyReview, "done")
	})
	if err != nil {
		return Report{}, err
	}
	return r, nil
}
