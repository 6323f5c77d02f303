package democracy

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Channel is how a household was told of a meeting (Decree 59 Art. 3.2).
type Channel string

const (
	ByVisit       Channel = "visit"       // the hamlet head (or a team member) came to the house
	ByPrinted     Channel = "printed"     // a printed notice handed over
	BySMS         Channel = "sms"         // a text message
	ByZalo        Channel = "zalo"        // the hamlet's Zalo group
	ByLoudspeaker Channel = "loudspeaker" // the hamlet's loudspeaker
)

// Channels in the form's order.
var Channels = []Channel{ByVisit, ByPrinted, BySMS, ByZalo, ByLoudspeaker}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// HamletReach is how far a meeting reached one hamlet's households.
type HamletReach struct {
	Hamlet
	Informed int // households told of the meeting
	Papers   int // households that got the papers of matters 1–3
	Present  int // households represented at the meeting
	Proxies  int // of those, represented by someone the household delegated
}

// Reach is a meeting's reach over all its households: the plan's "100 % of households
// informed" and "represented", counted, never typed.
type Reach struct {
	Hamlets                                        []HamletReach
	Households, Informed, Papers, Present, Proxies int
}

// InformedPercent is floor(100·informed/households).
func (r Reach) InformedPercent() int { return percent(r.Informed, r.Households) }

// PresentPercent is floor(100·present/households).
func (r Reach) PresentPercent() int { return percent(r.Present, r.Households) }

// Absent is the households not represented.
func (r Reach) Absent() int { return r.Households - r.Present }

// AllInformed reports whether every household was told.
func (r Reach) AllInformed() bool { return r.Households > 0 && r.Informed == r.Households }

func percent(n, d int) int {
	if d <= 0 {
		return 0
	}
	return 100 * n / d
}

// meetingHamlets are the hamlets a meeting covers: its hamlet, or every hamlet.
func meetingHamlets(all []Hamlet, m Meeting) []Hamlet {
	if m.CommuneWide() {
		return all
	}
	if h, ok := hamletByID(all, m.HamletID); ok {
		return []Hamlet{h}
	}
	return nil
}

// Reach counts a meeting's notices and attendance per hamlet, in three queries whatever the
// number of households.
func (s *Service) Reach(ctx context.Context, communeID string, m Meeting) (Reach, error) {
	const op = "democracy: reach"
	all, err := hamletsOf(ctx, s.d, communeID)
	if err != nil {
		return Reach{}, err
	}
	byHamlet := map[string]*HamletReach{}
	var r Reach
	for _, h := range meetingHamlets(all, m) {
		r.Hamlets = append(r.Hamlets, HamletReach{Hamlet: h})
	}
	for i := range r.Hamlets {
		byHamlet[r.Hamlets[i].ID] = &r.Hamlets[i]
	}
	count := func(query string, fn func(h *HamletReach, a, b int)) error {
		rows, err := s.d.Query(ctx, query, communeID, m.ID)
		if err != nil {
			return errs.Wrap(op, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var a, b int
			if err := rows.Scan(&id, &a, &b); err != nil {
				return errs.Wrap(op, err)
			}
			if h := byHamlet[id]; h != nil {
				fn(h, a, b)
			}
		}
		return errs.Wrap(op, rows.Err())
	}
	if err := count(`SELECT hamlet_id, COUNT(*), COALESCE(SUM(CASE WHEN papers = TRUE THEN 1 ELSE 0 END), 0)
		FROM democracy_notices WHERE commune_id = $1 AND meeting_id = $2 GROUP BY hamlet_id`,
		func(h *HamletReach, a, b int) { h.Informed, h.Papers = a, b }); err != nil {
		return Reach{}, err
	}
	if err := count(`SELECT hamlet_id, COUNT(*), COALESCE(SUM(CASE WHEN proxy = TRUE THEN 1 ELSE 0 END), 0)
		FROM democracy_attendance WHERE commune_id = $1 AND meeting_id = $2 GROUP BY hamlet_id`,
		func(h *HamletReach, a, b int) { h.Present, h.Proxies = a, b }); err != nil {
		return Reach{}, err
	}
	for _, h := range r.Hamlets {
		r.Households += h.Households
		r.Informed += h.Informed
		r.Papers += h.Papers
		r.Present += h.Present
		r.Proxies += h.Proxies
	}
	return r, nil
}

// Present counts the households checked in at a meeting, per hamlet, in one query.
func (s *Service) Present(ctx context.Context, communeID, meetingID string) (map[string]int, error) {
	const op = "democracy: present"
	rows, err := s.d.Query(ctx, `SELECT hamlet_id, COUNT(*) FROM democracy_attendance
		WHERE commune_id = $1 AND meeting_id = $2 GROUP BY hamlet_id`, communeID, meetingID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out[id] = n
	}
	return out, errs.Wrap(op, rows.Err())
}

// HouseholdRow is a household of a meeting with how it was told and who came.
type HouseholdRow struct {
	Household
	Hamlet         string
	Channel        Channel // "" while not told
	InformedAt     time.Time
	Papers         bool
	Representative string // "" while not present
	Proxy          bool
	CheckedInAt    time.Time
}

// Informed reports whether the household was told.
func (h HouseholdRow) Informed() bool { return h.Channel != "" }

// Present reports whether the household is represented.
func (h HouseholdRow) Present() bool { return h.Representative != "" }

// List says which list a household query serves, for its Missing filter.
type List int

const (
	NoticeList List = iota
	AttendanceList
)

// Households lists a meeting's households with their notice and attendance, paginated.
func (s *Service) Households(ctx context.Context, communeID string, m Meeting, list List, f HouseholdFilter) ([]HouseholdRow, int, error) {
	const op = "democracy: households"
	var hamlets []string
	if !m.CommuneWide() {
		hamlets = []string{m.HamletID}
	}
	cond, args := householdWhere(f, hamlets)
	args = append([]any{communeID}, args...)
	args = append(args, m.ID)
	mid := "$" + itoa(len(args))
	from := ` FROM households h JOIN hamlets hm ON hm.commune_id = h.commune_id AND hm.id = h.hamlet_id
		LEFT JOIN democracy_notices n ON n.commune_id = h.commune_id AND n.meeting_id = ` + mid + ` AND n.household_id = h.id
		LEFT JOIN democracy_attendance a ON a.commune_id = h.commune_id AND a.meeting_id = ` + mid + ` AND a.household_id = h.id
		WHERE ` + cond
	if f.Missing {
		if list == NoticeList {
			from += ` AND n.household_id IS NULL`
		} else {
			from += ` AND a.household_id IS NULL`
		}
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := limits(f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT h.id, h.code, h.hamlet_id, h.head_name, h.address, h.phone, hm.name,
		COALESCE(n.channel, ''), n.informed_at, COALESCE(n.papers, FALSE), COALESCE(a.representative, ''), COALESCE(a.proxy, FALSE), a.checked_in_at`+
		from+` ORDER BY hm.sort_order, hm.name, h.code LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []HouseholdRow
	for rows.Next() {
		var h HouseholdRow
		var channel string
		var informed, checked sql.NullTime
		if err := rows.Scan(&h.ID, &h.Code, &h.HamletID, &h.HeadName, &h.Address, &h.Phone, &h.Hamlet, &channel, &informed,
			&h.Papers, &h.Representative, &h.Proxy, &checked); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		h.Channel, h.InformedAt, h.CheckedInAt = Channel(channel), db.TimeOf(informed), db.TimeOf(checked)
		out = append(out, h)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// maxBatch bounds the households one form marks at once.
const maxBatch = 500

// householdsIn returns, of ids, those that belong to the meeting's hamlets within the scope;
// an id outside them is refused.
func householdsIn(ctx context.Context, q db.Q, communeID string, hamlets []Hamlet, ids []string) (map[string]string, error) {
	const op = "democracy: households of the meeting"
	ok := map[string]bool{}
	for _, h := range hamlets {
		ok[h.ID] = true
	}
	out := map[string]string{}
	for start := 0; start < len(ids); start += 100 {
		part := ids[start:min(start+100, len(ids))]
		args := []any{communeID}
		ph := make([]string, len(part))
		for i, id := range part {
			args = append(args, id)
			ph[i] = "$" + itoa(i+2)
		}
		rows, err := q.Query(ctx, `SELECT id, hamlet_id FROM households WHERE commune_id = $1 AND id IN (`+strings.Join(ph, ", ")+`)`, args...)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		for rows.Next() {
			var id, hamlet string
			if err := rows.Scan(&id, &hamlet); err != nil {
				rows.Close()
				return nil, errs.Wrap(op, err)
			}
			if ok[hamlet] {
				out[id] = hamlet
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, errs.Wrap(op, err)
		}
	}
	for _, id := range ids {
		if _, found := out[id]; !found {
			return nil, errs.E(op, errs.Invalid, "democracy.err.household_unknown")
		}
	}
	return out, nil
}

// scopedHamlets are the meeting's hamlets the scope may act on.
func scopedHamlets(all []Hamlet, m Meeting, sc Scope) []Hamlet {
	var out []Hamlet
	for _, h := range meetingHamlets(all, m) {
		if sc.Covers(h) {
			out = append(out, h)
		}
	}
	return out
}

// InformInput says which households were told, how and when.
type InformInput struct {
	HouseholdIDs []string
	// HamletID, when set with no HouseholdIDs, marks every household of that hamlet not yet
	// told (a loudspeaker broadcast or a Zalo group message reaches them all).
	HamletID string
	Channel  Channel
	Papers   bool
	At       time.Time // zero: now
}

// Inform records that households were told of a meeting; a household already told keeps its
// first channel and time, and only gains the papers if they now came.
func (s *Service) Inform(ctx context.Context, communeID string, by audit.Actor, sc Scope, meetingID string, in InformInput) (int, error) {
	const op = "democracy: inform households"
	if !in.Channel.Valid() {
		return 0, errs.FieldErrors{"channel": "democracy.err.channel"}.Err(op)
	}
	ids := uniq(in.HouseholdIDs)
	if len(ids) == 0 && in.HamletID == "" {
		return 0, errs.FieldErrors{"households": "democracy.err.households_none"}.Err(op)
	}
	if len(ids) > maxBatch {
		return 0, errs.FieldErrors{"households": "democracy.err.households_many"}.Err(op)
	}
	at := in.At
	if at.IsZero() {
		at = s.stamp()
	}
	if at.After(s.now().Add(time.Minute)) {
		return 0, errs.FieldErrors{"at": "democracy.err.future"}.Err(op)
	}
	var n int
	err := s.tx(ctx, func(tx *db.Tx) error {
		m, err := getMeeting(ctx, tx, communeID, meetingID)
		if err != nil {
			return err
		}
		if m.Status == Cancelled {
			return errs.E(op, errs.Conflict, "democracy.err.cancelled")
		}
		all, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		hamlets := scopedHamlets(all, m, sc)
		if len(ids) == 0 {
			h, ok := hamletByID(hamlets, in.HamletID)
			if !ok {
				return errs.E(op, errs.Forbidden, "democracy.err.hamlet_scope")
			}
			res, err := tx.Exec(ctx, `INSERT INTO democracy_notices (commune_id, meeting_id, household_id, channel, informed_at, papers, by_name, hamlet_id)
				SELECT h.commune_id, $2, h.id, $4, $5, $6, $7, h.hamlet_id FROM households h WHERE h.commune_id = $1 AND h.hamlet_id = $3
				AND NOT EXISTS (SELECT 1 FROM democracy_notices n WHERE n.commune_id = h.commune_id AND n.meeting_id = $2 AND n.household_id = h.id)`,
				communeID, m.ID, h.ID, string(in.Channel), at.UTC(), in.Papers, by.Name)
			if err != nil {
				return errs.Wrap(op, err)
			}
			affected, _ := res.RowsAffected()
			n = int(affected)
		} else {
			of, err := householdsIn(ctx, tx, communeID, hamlets, ids)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if _, err := tx.Exec(ctx, `INSERT INTO democracy_notices (commune_id, meeting_id, household_id, channel, informed_at, papers, by_name, hamlet_id)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (commune_id, meeting_id, household_id)
					DO UPDATE SET papers = (democracy_notices.papers OR excluded.papers)`,
					communeID, m.ID, id, string(in.Channel), at.UTC(), in.Papers, by.Name, of[id]); err != nil {
					return errs.Wrap(op, err)
				}
			}
			n = len(ids)
		}
		view := map[string]any{"meeting": m.ID, "channel": in.Channel, "papers": in.Papers, "households": n, "hamlet": in.HamletID}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.households.inform", "democracy_meeting", m.ID, audit.Change{After: view}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicHouseholdsInformed, view)
	})
	return n, err
}

// CheckIn records the representative of a household at the meeting; a second check-in of the
// same household changes its representative (one per household, Art. 18.2).
func (s *Service) CheckIn(ctx context.Context, communeID string, by audit.Actor, sc Scope, meetingID, householdID, representative string, proxy bool) error {
	const op = "democracy: check in"
	rep, ok := clean(representative, maxName)
	if !ok {
		return errs.FieldErrors{"representative": "democracy.err.too_long"}.Err(op)
	}
	return s.tx(ctx, func(tx *db.Tx) error {
		m, all, err := s.attendable(ctx, tx, communeID, meetingID)
		if err != nil {
			return err
		}
		hamlets := scopedHamlets(all, m, sc)
		of, err := householdsIn(ctx, tx, communeID, hamlets, []string{householdID})
		if err != nil {
			return err
		}
		if rep == "" {
			// The head of household comes unless another member is named.
			if err := tx.QueryRow(ctx, `SELECT head_name FROM households WHERE commune_id = $1 AND id = $2`, communeID, householdID).Scan(&rep); err != nil {
				return errs.Wrap(op, err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO democracy_attendance (commune_id, meeting_id, household_id, representative, proxy, checked_in_at, by_name, hamlet_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (commune_id, meeting_id, household_id)
			DO UPDATE SET representative = excluded.representative, proxy = excluded.proxy`,
			communeID, m.ID, householdID, rep, proxy, s.stamp(), by.Name, of[householdID]); err != nil {
			return errs.Wrap(op, err)
		}
		view := map[string]any{"meeting": m.ID, "household": householdID, "present": true, "proxy": proxy}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.attendance.check_in", "democracy_meeting", m.ID, audit.Change{After: view}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicAttendance, view)
	})
}

// Uncheck removes a household's check-in made by mistake.
func (s *Service) Uncheck(ctx context.Context, communeID string, by audit.Actor, sc Scope, meetingID, householdID string) error {
	const op = "democracy: uncheck"
	return s.tx(ctx, func(tx *db.Tx) error {
		m, all, err := s.attendable(ctx, tx, communeID, meetingID)
		if err != nil {
			return err
		}
		if _, err := householdsIn(ctx, tx, communeID, scopedHamlets(all, m, sc), []string{householdID}); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM democracy_attendance WHERE commune_id = $1 AND meeting_id = $2 AND household_id = $3`,
			communeID, m.ID, householdID)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		view := map[string]any{"meeting": m.ID, "household": householdID, "present": false}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.attendance.uncheck", "democracy_meeting", m.ID, audit.Change{Before: view}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicAttendance, view)
	})
}

// attendable reads a meeting whose attendance may change: planned or held, and not voted on
// yet (the counts of a decision rest on who was present).
func (s *Service) attendable(ctx context.Context, tx *db.Tx, communeID, meetingID string) (Meeting, []Hamlet, error) {
	const op = "democracy: attendance"
	m, err := getMeeting(ctx, tx, communeID, meetingID)
	if err != nil {
		return Meeting{}, nil, err
	}
	if m.Status == Cancelled {
		return Meeting{}, nil, errs.E(op, errs.Conflict, "democracy.err.cancelled")
	}
	var counted int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM democracy_counts c JOIN democracy_decisions d ON d.commune_id = c.commune_id AND d.id = c.decision_id
		WHERE c.commune_id = $1 AND d.meeting_id = $2`, communeID, m.ID).Scan(&counted); err != nil {
		return Meeting{}, nil, errs.Wrap(op, err)
	}
	if counted > 0 {
		return Meeting{}, nil, errs.E(op, errs.Conflict, "democracy.err.attendance_closed")
	}
	all, err := hamletsOf(ctx, tx, communeID)
	return m, all, err
}

func uniq(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Uninformed is the households not told yet.
func (r Reach) Uninformed() int { return r.Households - r.Informed }

// Uninformed is the hamlet's households not told yet.
func (h HamletReach) Uninformed() int { return h.Households - h.Informed }

// Absent is the hamlet's households not represented.
func (h HamletReach) Absent() int { return h.Households - h.Present }
