package democracy

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Status is where a meeting stands.
type Status string

const (
	Planned   Status = "planned"
	Held      Status = "held"
	Cancelled Status = "cancelled"
)

// errTime marks a time of day that is not one.
var errTime = errs.E("democracy: meeting time", errs.Invalid, "democracy.err.time_invalid")

// Limits of what a meeting holds.
const (
	maxTitle   = 300
	maxPlace   = 300
	maxName    = 120
	maxNote    = 4000
	maxAgenda  = 30
	maxItem    = 500
	maxCluster = 60
)

// Meeting is a community meeting (cuộc họp cộng đồng dân cư).
type Meeting struct {
	ID       string
	Kind     Kind
	Title    string
	HamletID string // "" for a meeting across every hamlet of the commune
	Hamlet   string // its name
	// Cluster names the part of a hamlet of 200 households or more meeting on its own
	// (Art. 18.3); "" when the whole hamlet meets.
	Cluster   string
	Place     string
	StartsAt  time.Time
	Chair     string
	Secretary string
	// NoticeOn is the day the notice (Mẫu 01) was issued; zero while not given.
	NoticeOn  calendar.Date
	Status    Status
	Note      string
	Agenda    []string
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	UpdatedBy string
}

// URL is the meeting's staff page.
func (m Meeting) URL() string { return staffBase + "/hop/" + m.ID }

// PublicURL is the meeting's public page.
func (m Meeting) PublicURL() string { return publicBase + "/" + m.ID }

// CommuneWide reports whether the meeting is across every hamlet.
func (m Meeting) CommuneWide() bool { return m.HamletID == "" }

// Day is the meeting's day in Vietnam.
func (m Meeting) Day() calendar.Date { return calendar.DateOf(m.StartsAt) }

// NoticeDueOn is the last day the notice may go out.
func (m Meeting) NoticeDueOn() calendar.Date { return m.Day().AddDays(-m.Kind.NoticeDays()) }

// NoticeLate reports whether the notice went out, or is still missing, later than the law
// allows (Decree 59 Art. 3.2, Art. 10).
func (m Meeting) NoticeLate(today calendar.Date) bool {
	if m.NoticeOn.Valid() {
		return !m.Kind.NoticeInTime(m.NoticeOn, m.Day())
	}
	return today.After(m.NoticeDueOn())
}

// MeetingInput is a meeting as the form sends it.
type MeetingInput struct {
	Kind      Kind
	Title     string
	HamletID  string
	Cluster   string
	Place     string
	Day       string // YYYY-MM-DD or dd/mm/yyyy
	Time      string // HH:MM
	Chair     string
	Secretary string
	NoticeOn  string
	Agenda    string // one item per line
	Note      string
}

// validateMeeting checks in against the commune's hamlets and the user's scope.
func validateMeeting(in MeetingInput, hamlets []Hamlet, sc Scope) (Meeting, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var m Meeting
	var ok bool
	if m.Kind = in.Kind; !m.Kind.Valid() {
		fe["kind"] = "democracy.err.kind"
	}
	if m.Title, ok = clean(in.Title, maxTitle); !ok {
		fe["title"] = "democracy.err.too_long"
	} else if m.Title == "" {
		fe["title"] = "democracy.err.title_required"
	}
	m.HamletID = strings.TrimSpace(in.HamletID)
	if m.HamletID == "" {
		// A meeting across the commune is the committee's, not a hamlet head's; the year-end
		// meeting is held hamlet by hamlet (Art. 33).
		if sc.HeadedBy != "" {
			fe["hamlet"] = "democracy.err.hamlet_scope"
		} else if m.Kind == YearEndMeeting {
			fe["hamlet"] = "democracy.err.yearend_hamlet"
		}
	} else if h, found := hamletByID(hamlets, m.HamletID); !found {
		fe["hamlet"] = "democracy.err.hamlet_unknown"
	} else if !sc.Covers(h) {
		fe["hamlet"] = "democracy.err.hamlet_scope"
	} else {
		m.Hamlet = h.Name
		if m.Cluster, ok = clean(in.Cluster, maxCluster); !ok {
			fe["cluster"] = "democracy.err.too_long"
		} else if m.Cluster != "" && h.Households < ClusterHouseholds {
			fe["cluster"] = "democracy.err.cluster_small"
		}
	}
	if m.HamletID == "" && strings.TrimSpace(in.Cluster) != "" {
		fe["cluster"] = "democracy.err.cluster_commune"
	}
	if m.Place, ok = clean(in.Place, maxPlace); !ok {
		fe["place"] = "democracy.err.too_long"
	} else if m.Place == "" {
		fe["place"] = "democracy.err.place_required"
	}
	day, dayOK := ParseDay(in.Day)
	if strings.TrimSpace(in.Day) == "" {
		fe["day"] = "democracy.err.day_required"
	} else if !dayOK {
		fe["day"] = "democracy.err.date_invalid"
	}
	clock, err := calendar.ParseClock(strings.TrimSpace(in.Time))
	if strings.TrimSpace(in.Time) == "" {
		fe["time"] = "democracy.err.time_required"
	} else if err != nil || clock >= calendar.NewClock(24, 0) {
		// "24:00" is the next day's midnight: a meeting starts within its day.
		fe["time"] = "democracy.err.time_invalid"
		err = errTime
	}
	if dayOK && err == nil {
		m.StartsAt = day.At(clock).UTC()
	}
	if m.Chair, ok = clean(in.Chair, maxName); !ok {
		fe["chair"] = "democracy.err.too_long"
	}
	if m.Secretary, ok = clean(in.Secretary, maxName); !ok {
		fe["secretary"] = "democracy.err.too_long"
	}
	if s := strings.TrimSpace(in.NoticeOn); s != "" {
		if m.NoticeOn, ok = ParseDay(s); !ok {
			fe["notice_on"] = "democracy.err.date_invalid"
		} else if dayOK && m.NoticeOn.After(day) {
			fe["notice_on"] = "democracy.err.notice_after"
		}
	}
	for _, l := range strings.Split(strings.ReplaceAll(in.Agenda, "\r\n", "\n"), "\n") {
		item, fits := clean(l, maxItem)
		if !fits {
			fe["agenda"] = "democracy.err.too_long"
		} else if item != "" {
			m.Agenda = append(m.Agenda, item)
		}
	}
	if m.Kind == YearEndMeeting {
		m.Agenda = withYearEndReports(m.Agenda)
	}
	if len(m.Agenda) > maxAgenda {
		fe["agenda"] = "democracy.err.agenda_long"
	} else if len(m.Agenda) == 0 && fe["agenda"] == "" {
		fe["agenda"] = "democracy.err.agenda_required"
	}
	if m.Note, ok = clean(in.Note, maxNote); !ok {
		fe["note"] = "democracy.err.too_long"
	}
	return m, fe
}

// YearEndReports are the three reports of the year-end meeting (Law 10/2022 Art. 33; Decree
// 59/2023 Art. 10): the hamlet head's, the hamlet Front committee's and the People's Inspection
// Board member's.
var YearEndReports = []string{
	"Báo cáo của trưởng xóm về kết quả thực hiện dân chủ ở cơ sở và các công việc của cộng đồng dân cư trong năm",
	"Báo cáo của Ban công tác Mặt trận xóm về hoạt động của Ban công tác Mặt trận và kết quả thực hiện các cuộc vận động, phong trào thi đua",
	"Báo cáo của thành viên Ban Thanh tra nhân dân ở xóm về kết quả kiểm tra, giám sát",
}

// withYearEndReports puts the three reports the law requires first on a year-end agenda, unless
// the agenda already has them (typed by the staff, or from an earlier save).
func withYearEndReports(agenda []string) []string {
	has := map[string]bool{}
	for _, a := range agenda {
		has[a] = true
	}
	var out []string
	for _, r := range YearEndReports {
		if !has[r] {
			out = append(out, r)
		}
	}
	return append(out, agenda...)
}

func (m Meeting) auditView() map[string]any {
	return map[string]any{"kind": m.Kind, "title": m.Title, "hamlet": m.HamletID, "cluster": m.Cluster, "place": m.Place,
		"starts_at": m.StartsAt, "chair": m.Chair, "secretary": m.Secretary, "notice_on": dayText(m.NoticeOn),
		"agenda": m.Agenda, "status": m.Status}
}

func (m Meeting) eventView() map[string]any {
	return map[string]any{"id": m.ID, "kind": m.Kind, "hamlet": m.HamletID, "starts_at": m.StartsAt, "status": m.Status}
}

// PlanMeeting writes a new meeting and opens its notice duty.
func (s *Service) PlanMeeting(ctx context.Context, communeID string, by audit.Actor, sc Scope, in MeetingInput) (Meeting, error) {
	const op = "democracy: plan meeting"
	var m Meeting
	err := s.tx(ctx, func(tx *db.Tx) error {
		hamlets, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		var fe errs.FieldErrors
		if m, fe = validateMeeting(in, hamlets, sc); len(fe) > 0 {
			return fe.Err(op)
		}
		now := s.stamp()
		m.ID, m.Status = uuid.Must(uuid.NewV7()).String(), Planned
		m.CreatedAt, m.CreatedBy, m.UpdatedAt, m.UpdatedBy = now, by.Name, now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO democracy_meetings (commune_id, id, kind, title, hamlet_id, cluster, place, starts_at,
			chair, secretary, notice_on, status, note, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			communeID, m.ID, string(m.Kind), m.Title, m.HamletID, m.Cluster, m.Place, m.StartsAt, m.Chair, m.Secretary,
			dayText(m.NoticeOn), string(m.Status), m.Note, now, by.Name, now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := writeAgenda(ctx, tx, communeID, m.ID, m.Agenda); err != nil {
			return err
		}
		if err := s.noticeDuty(ctx, tx, communeID, m); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.meeting.plan", "democracy_meeting", m.ID, audit.Change{After: m.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicMeetingPlanned, m.eventView())
	})
	if err != nil {
		return Meeting{}, err
	}
	return m, nil
}

// EditMeeting changes a planned meeting.
func (s *Service) EditMeeting(ctx context.Context, communeID string, by audit.Actor, sc Scope, id string, in MeetingInput) (Meeting, error) {
	const op = "democracy: edit meeting"
	var m Meeting
	err := s.tx(ctx, func(tx *db.Tx) error {
		old, err := getMeeting(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		hamlets, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		if err := checkScope(op, hamlets, sc, old); err != nil {
			return err
		}
		if old.Status != Planned {
			return errs.E(op, errs.Conflict, "democracy.err.not_planned")
		}
		var fe errs.FieldErrors
		if m, fe = validateMeeting(in, hamlets, sc); len(fe) > 0 {
			return fe.Err(op)
		}
		now := s.stamp()
		m.ID, m.Status, m.CreatedAt, m.CreatedBy, m.UpdatedAt, m.UpdatedBy = old.ID, old.Status, old.CreatedAt, old.CreatedBy, now, by.Name
		if _, err := tx.Exec(ctx, `UPDATE democracy_meetings SET kind = $3, title = $4, hamlet_id = $5, cluster = $6, place = $7,
			starts_at = $8, chair = $9, secretary = $10, notice_on = $11, note = $12, updated_at = $13, updated_by = $14
			WHERE commune_id = $1 AND id = $2`, communeID, m.ID, string(m.Kind), m.Title, m.HamletID, m.Cluster, m.Place,
			m.StartsAt, m.Chair, m.Secretary, dayText(m.NoticeOn), m.Note, now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := writeAgenda(ctx, tx, communeID, m.ID, m.Agenda); err != nil {
			return err
		}
		if err := s.noticeDuty(ctx, tx, communeID, m); err != nil {
			return err
		}
		topic := TopicMeetingUpdated
		if !old.NoticeOn.Valid() && m.NoticeOn.Valid() {
			topic = TopicMeetingNoticed
		}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.meeting.edit", "democracy_meeting", m.ID,
			audit.Change{Before: old.auditView(), After: m.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, topic, m.eventView())
	})
	if err != nil {
		return Meeting{}, err
	}
	return m, nil
}

// SetStatus records that a planned meeting was held, or cancels it.
func (s *Service) SetStatus(ctx context.Context, communeID string, by audit.Actor, sc Scope, id string, to Status, note string) (Meeting, error) {
	const op = "democracy: meeting status"
	var m Meeting
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if m, err = getMeeting(ctx, tx, communeID, id); err != nil {
			return err
		}
		hamlets, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		if err := checkScope(op, hamlets, sc, m); err != nil {
			return err
		}
		if m.Status != Planned || (to != Held && to != Cancelled) {
			return errs.E(op, errs.Conflict, "democracy.err.not_planned")
		}
		if to == Held && m.StartsAt.After(s.now()) {
			return errs.E(op, errs.Invalid, "democracy.err.not_yet")
		}
		text, ok := clean(note, maxNote)
		if !ok {
			return errs.FieldErrors{"note": "democracy.err.too_long"}.Err(op)
		}
		if to == Cancelled && text == "" {
			return errs.FieldErrors{"note": "democracy.err.cancel_reason"}.Err(op)
		}
		before := m.auditView()
		m.Status, m.UpdatedAt, m.UpdatedBy = to, s.stamp(), by.Name
		if text != "" {
			m.Note = strings.TrimSpace(m.Note + "\n" + text)
		}
		if _, err := tx.Exec(ctx, `UPDATE democracy_meetings SET status = $3, note = $4, updated_at = $5, updated_by = $6
			WHERE commune_id = $1 AND id = $2`, communeID, m.ID, string(m.Status), m.Note, m.UpdatedAt, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := duty.Close(ctx, tx, communeID, room, m.ID, DutyNotice, string(to)); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.meeting."+string(to), "democracy_meeting", m.ID,
			audit.Change{Before: before, After: m.auditView()}); err != nil {
			return err
		}
		topic := TopicMeetingHeld
		if to == Cancelled {
			topic = TopicMeetingCancelled
		}
		return events.Publish(ctx, tx, communeID, topic, m.eventView())
	})
	return m, err
}

// checkScope refuses a hamlet head acting on a meeting of another hamlet. A commune-wide
// meeting is open to every hamlet head for its own households.
func checkScope(op string, hamlets []Hamlet, sc Scope, m Meeting) error {
	if sc.HeadedBy == "" || m.CommuneWide() {
		return nil
	}
	if h, ok := hamletByID(hamlets, m.HamletID); ok && sc.Covers(h) {
		return nil
	}
	return errs.E(op, errs.Forbidden, "democracy.err.hamlet_scope")
}

// noticeDuty opens the duty to give the notice by its last day, or closes it once given.
func (s *Service) noticeDuty(ctx context.Context, tx *db.Tx, communeID string, m Meeting) error {
	if m.NoticeOn.Valid() || m.Status != Planned {
		return duty.Close(ctx, tx, communeID, room, m.ID, DutyNotice, "done")
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return err
	}
	due := m.NoticeDueOn()
	basis := "Nghị định 59/2023/NĐ-CP, Điều 3 khoản 2"
	if m.Kind == YearEndMeeting {
		basis = "Nghị định 59/2023/NĐ-CP, Điều 10"
	}
	return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: room, Kind: DutyNotice, SubjectType: "meeting",
		SubjectID: m.ID, Label: label("Thông báo họp: ", m.Title), URL: m.URL(), LegalBasis: basis,
		Owner: duty.Owner{Role: "hamlethead"}, DueAt: endOf(cal, due), AtRiskFrom: due.AddDays(-1).At(cal.Hours().Opening()).UTC()})
}

// label is what the duties register shows of a subject.
func label(prefix, title string) string {
	r := []rune(title)
	if len(r) > 80 {
		title = string(r[:79]) + "…"
	}
	return prefix + title
}

func writeAgenda(ctx context.Context, tx *db.Tx, communeID, id string, items []string) error {
	const op = "democracy: agenda"
	if _, err := tx.Exec(ctx, `DELETE FROM democracy_agenda WHERE commune_id = $1 AND meeting_id = $2`, communeID, id); err != nil {
		return errs.Wrap(op, err)
	}
	for i, it := range items {
		if _, err := tx.Exec(ctx, `INSERT INTO democracy_agenda (commune_id, meeting_id, position, title) VALUES ($1, $2, $3, $4)`,
			communeID, id, i+1, it); err != nil {
			return errs.Wrap(op, err)
		}
	}
	return nil
}

const meetingCols = `m.id, m.kind, m.title, m.hamlet_id, COALESCE(h.name, ''), m.cluster, m.place, m.starts_at, m.chair,
	m.secretary, m.notice_on, m.status, m.note, m.created_at, m.created_by, m.updated_at, m.updated_by`

const meetingFrom = ` FROM democracy_meetings m LEFT JOIN hamlets h ON h.commune_id = m.commune_id AND h.id = m.hamlet_id`

func scanMeeting(row interface{ Scan(...any) error }) (Meeting, error) {
	var m Meeting
	var kind, status, notice string
	if err := row.Scan(&m.ID, &kind, &m.Title, &m.HamletID, &m.Hamlet, &m.Cluster, &m.Place, &m.StartsAt, &m.Chair,
		&m.Secretary, &notice, &status, &m.Note, &m.CreatedAt, &m.CreatedBy, &m.UpdatedAt, &m.UpdatedBy); err != nil {
		return Meeting{}, err
	}
	m.Kind, m.Status, m.NoticeOn = Kind(kind), Status(status), parseStored(notice)
	return m, nil
}

// GetMeeting reads a meeting with its agenda.
func (s *Service) GetMeeting(ctx context.Context, communeID, id string) (Meeting, error) {
	return getMeeting(ctx, s.d, communeID, id)
}

func getMeeting(ctx context.Context, q db.Q, communeID, id string) (Meeting, error) {
	const op = "democracy: get meeting"
	m, err := scanMeeting(q.QueryRow(ctx, `SELECT `+meetingCols+meetingFrom+` WHERE m.commune_id = $1 AND m.id = $2`, communeID, id))
	if err != nil {
		return Meeting{}, notFound(op, err)
	}
	rows, err := q.Query(ctx, `SELECT title FROM democracy_agenda WHERE commune_id = $1 AND meeting_id = $2 ORDER BY position`, communeID, id)
	if err != nil {
		return Meeting{}, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var it string
		if err := rows.Scan(&it); err != nil {
			return Meeting{}, errs.Wrap(op, err)
		}
		m.Agenda = append(m.Agenda, it)
	}
	return m, errs.Wrap(op, rows.Err())
}

// MeetingFilter selects meetings for a list.
type MeetingFilter struct {
	HamletID string // one hamlet's meetings and the commune-wide ones; "" for all
	// Upcoming keeps planned meetings from the start of today; otherwise every meeting, newest first.
	Upcoming bool
	From     time.Time
	Scope    Scope
	Limit    int
	Offset   int
}

// Meetings lists meetings and counts them.
func (s *Service) Meetings(ctx context.Context, communeID string, f MeetingFilter) ([]Meeting, int, error) {
	const op = "democracy: meetings"
	where := ` WHERE m.commune_id = $1`
	args := []any{communeID}
	if f.HamletID != "" {
		args = append(args, f.HamletID)
		where += ` AND (m.hamlet_id = $2 OR m.hamlet_id = '')`
	}
	if f.Scope.HeadedBy != "" {
		args = append(args, f.Scope.HeadedBy)
		where += ` AND (m.hamlet_id = '' OR h.head_user_id = $` + itoa(len(args)) + `)`
	}
	order := ` ORDER BY m.starts_at DESC, m.id DESC`
	if f.Upcoming {
		args = append(args, f.From)
		where += ` AND m.status = 'planned' AND m.starts_at >= $` + itoa(len(args))
		order = ` ORDER BY m.starts_at, m.id`
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*)`+meetingFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := limits(f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT `+meetingCols+meetingFrom+where+order+` LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, m)
	}
	return out, total, errs.Wrap(op, rows.Err())
}
