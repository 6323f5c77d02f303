package oversight

import (
	"context"
	"maps"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/fold"
)

// InspectionBoard is the People's Inspection Board of one term. Its term is the hamlet
// heads' (Law 10/2022 Art. 36.3); who recognises its election and directs it is written on
// the board (RecognisedBy) because Law 97/2025/QH15 reorganised the Fatherland Front and the
// team could not read the amended articles: the commune writes the body the texts name.
type InspectionBoard struct {
	ID                 string
	TermStart, TermEnd calendar.Date
	RecognisedBy       string // "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã …"
	ElectedRef         string // where the election is recorded (a meeting, an election of the democracy room)
	Note               string
	CreatedAt          time.Time
	CreatedBy          string
	UpdatedAt          time.Time
	UpdatedBy          string
}

// URL is the board's staff page.
func (b InspectionBoard) URL() string { return inspectionBase + "/nhiem-ky/" + b.ID }

// Covers reports whether day d is in the term.
func (b InspectionBoard) Covers(d calendar.Date) bool {
	return !d.Before(b.TermStart) && !d.After(b.TermEnd)
}

// BoardInput is a board as its form sends it.
type BoardInput struct {
	TermStart, TermEnd, RecognisedBy, ElectedRef, Note string
}

const (
	maxName = 200
	maxLine = 300
	maxBody = 8000
)

func validateBoard(in BoardInput, today calendar.Date) (InspectionBoard, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var b InspectionBoard
	b.TermStart = readDay(fe, "term_start", in.TermStart, true, false, today)
	b.TermEnd = readDay(fe, "term_end", in.TermEnd, true, false, today)
	if b.TermStart.Valid() && b.TermEnd.Valid() && !b.TermEnd.After(b.TermStart) {
		fe["term_end"] = "inspection.err.term_order"
	}
	b.RecognisedBy = readText(fe, "recognised_by", in.RecognisedBy, maxLine, false)
	b.ElectedRef = readText(fe, "elected_ref", in.ElectedRef, maxLine, false)
	b.Note = readText(fe, "note", in.Note, maxBody, false)
	return b, fe
}

func (b InspectionBoard) auditView() map[string]any {
	return map[string]any{"term_start": dayOrEmpty(b.TermStart), "term_end": dayOrEmpty(b.TermEnd), "recognised_by": b.RecognisedBy,
		"elected_ref": b.ElectedRef}
}

// overlapping reports whether another board's term (not id) overlaps [from, to].
func overlapping(ctx context.Context, tx *db.Tx, communeID, id string, from, to calendar.Date) (bool, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM inspection_boards WHERE commune_id = $1 AND id <> $2 AND term_start <= $3 AND term_end >= $4`,
		communeID, id, to.String(), from.String()).Scan(&n)
	return n > 0, errs.Wrap("oversight: board terms", err)
}

// CreateBoard records the board of a new term: one board per commune per term, so terms do
// not overlap.
func (s *Service) CreateBoard(ctx context.Context, communeID string, by audit.Actor, in BoardInput) (InspectionBoard, error) {
	const op = "oversight: create board"
	b, fe := validateBoard(in, s.Today())
	if err := fe.Err(op); err != nil {
		return InspectionBoard{}, err
	}
	if b.RecognisedBy == "" {
		var err error
		if b.RecognisedBy, err = s.DirectedBy(ctx, communeID); err != nil {
			return InspectionBoard{}, err
		}
	}
	err := s.tx(ctx, func(tx *db.Tx) error {
		if o, err := overlapping(ctx, tx, communeID, "", b.TermStart, b.TermEnd); err != nil {
			return err
		} else if o {
			return errs.FieldErrors{"term_start": "inspection.err.term_overlap"}.Err(op)
		}
		b.ID, b.CreatedAt, b.CreatedBy, b.UpdatedAt, b.UpdatedBy = uuid.Must(uuid.NewV7()).String(), tx.Now, by.Name, tx.Now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO inspection_boards (commune_id, id, term_start, term_end, recognised_by, elected_ref, note,
			created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			communeID, b.ID, b.TermStart.String(), b.TermEnd.String(), b.RecognisedBy, b.ElectedRef, b.Note, b.CreatedAt, by.Name, b.UpdatedAt, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.board.create", "inspection_board", b.ID, audit.Change{After: b.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicBoardSaved, map[string]any{"id": b.ID, "term_start": b.TermStart.String(), "term_end": b.TermEnd.String()})
	})
	return b, err
}

// UpdateBoard corrects a board's term and references.
func (s *Service) UpdateBoard(ctx context.Context, communeID, id string, by audit.Actor, in BoardInput) (InspectionBoard, error) {
	const op = "oversight: update board"
	b, fe := validateBoard(in, s.Today())
	if err := fe.Err(op); err != nil {
		return InspectionBoard{}, err
	}
	if b.RecognisedBy == "" {
		var err error
		if b.RecognisedBy, err = s.DirectedBy(ctx, communeID); err != nil {
			return InspectionBoard{}, err
		}
	}
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := getBoard(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if o, err := overlapping(ctx, tx, communeID, id, b.TermStart, b.TermEnd); err != nil {
			return err
		} else if o {
			return errs.FieldErrors{"term_start": "inspection.err.term_overlap"}.Err(op)
		}
		b.ID, b.CreatedAt, b.CreatedBy, b.UpdatedAt, b.UpdatedBy = id, before.CreatedAt, before.CreatedBy, tx.Now, by.Name
		if _, err := tx.Exec(ctx, `UPDATE inspection_boards SET term_start = $3, term_end = $4, recognised_by = $5, elected_ref = $6, note = $7,
			updated_at = $8, updated_by = $9 WHERE commune_id = $1 AND id = $2`,
			communeID, id, b.TermStart.String(), b.TermEnd.String(), b.RecognisedBy, b.ElectedRef, b.Note, b.UpdatedAt, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.board.update", "inspection_board", id,
			audit.Change{Before: before.auditView(), After: b.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicBoardSaved, map[string]any{"id": id, "term_start": b.TermStart.String(), "term_end": b.TermEnd.String()})
	})
	return b, err
}

const boardCols = `id, term_start, term_end, recognised_by, elected_ref, note, created_at, created_by, updated_at, updated_by`

func scanBoard(row interface{ Scan(...any) error }) (InspectionBoard, error) {
	var b InspectionBoard
	var from, to string
	err := row.Scan(&b.ID, &from, &to, &b.RecognisedBy, &b.ElectedRef, &b.Note, &b.CreatedAt, &b.CreatedBy, &b.UpdatedAt, &b.UpdatedBy)
	b.TermStart, b.TermEnd = storedDay(from), storedDay(to)
	return b, err
}

func getBoard(ctx context.Context, q db.Q, communeID, id string) (InspectionBoard, error) {
	b, err := scanBoard(q.QueryRow(ctx, `SELECT `+boardCols+` FROM inspection_boards WHERE commune_id = $1 AND id = $2`, communeID, id))
	return b, missing("oversight: board", err)
}

// GetBoard reads one board.
func (s *Service) GetBoard(ctx context.Context, communeID, id string) (InspectionBoard, error) {
	return getBoard(ctx, s.d, communeID, id)
}

// Boards lists the commune's boards, the latest term first (one a term: a handful).
func (s *Service) Boards(ctx context.Context, communeID string) ([]InspectionBoard, error) {
	const op = "oversight: boards"
	rows, err := s.d.Query(ctx, `SELECT `+boardCols+` FROM inspection_boards WHERE commune_id = $1 ORDER BY term_start DESC LIMIT 50`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []InspectionBoard
	for rows.Next() {
		b, err := scanBoard(rows)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, b)
	}
	return out, errs.Wrap(op, rows.Err())
}

// CurrentBoard is the board whose term covers today, else the latest that started; false when
// the commune has none.
func (s *Service) CurrentBoard(ctx context.Context, communeID string) (InspectionBoard, bool, error) {
	bs, err := s.Boards(ctx, communeID)
	if err != nil || len(bs) == 0 {
		return InspectionBoard{}, false, err
	}
	today := s.Today()
	for _, b := range bs {
		if b.Covers(today) {
			return b, true, nil
		}
	}
	for _, b := range bs {
		if !b.TermStart.After(today) {
			return b, true, nil
		}
	}
	return bs[len(bs)-1], true, nil
}

// BoardMember is one member of a board, serving or gone.
type BoardMember struct {
	ID, BoardID string
	FullName    string
	HamletID    string
	Hamlet      string // its name, for the pages
	ResidentRef string // the household or resident in the registry, as typed (optional)
	Phone       string
	Position    Position
	ElectedOn   calendar.Date
	ElectedRef  string
	ByElection  bool // elected in a by-election to fill a vacancy
	LeftOn      calendar.Date
	LeftReason  string
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
	UpdatedBy   string
}

// Serving reports whether the member still sits on the board.
func (m BoardMember) Serving() bool { return !m.LeftOn.Valid() }

// URL is the member's staff page.
func (m BoardMember) URL() string { return inspectionBase + "/thanh-vien/" + m.ID }

// ElectionURL is the page of the election the member is linked to, if any.
func (m BoardMember) ElectionURL() string {
	if strings.HasPrefix(m.ElectedRef, "/bau-cu/") {
		return m.ElectedRef
	}
	return ""
}

// MemberInput is a member as the form sends it.
type MemberInput struct {
	FullName, HamletID, ResidentRef, Phone, Position, ElectedOn, ElectedRef string
	ByElection                                                              bool
	LeftOn, LeftReason                                                      string
	// ElectionID links the member to a recognised election of the elections room (ElectionRef).
	ElectionID string
}

func validateMember(in MemberInput, today calendar.Date, hamlets []HamletRef) (BoardMember, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var m BoardMember
	m.FullName = readText(fe, "full_name", in.FullName, maxName, true)
	m.HamletID = strings.TrimSpace(in.HamletID)
	if name, ok := hamletName(hamlets, m.HamletID); ok {
		m.Hamlet = name
	} else if m.HamletID != "" || len(hamlets) > 0 {
		fe["hamlet"] = "inspection.err.hamlet"
	}
	m.ResidentRef = readText(fe, "resident_ref", in.ResidentRef, maxName, false)
	m.Phone = readText(fe, "phone", in.Phone, 20, false)
	if m.Phone != "" && len(NormalPhone(m.Phone)) < 8 {
		fe["phone"] = "inspection.err.phone"
	}
	if m.Position = Position(in.Position); !m.Position.Valid() {
		fe["position"] = "inspection.err.position"
	}
	m.ElectedOn = readDay(fe, "elected_on", in.ElectedOn, true, true, today)
	m.ElectedRef = readText(fe, "elected_ref", in.ElectedRef, maxLine, false)
	m.ByElection = in.ByElection
	m.LeftOn = readDay(fe, "left_on", in.LeftOn, false, true, today)
	m.LeftReason = readText(fe, "left_reason", in.LeftReason, maxLine, false)
	switch {
	case m.LeftOn.Valid() && m.ElectedOn.Valid() && m.LeftOn.Before(m.ElectedOn):
		fe["left_on"] = "inspection.err.left_before_elected"
	case m.LeftOn.Valid() && m.LeftReason == "":
		fe["left_reason"] = "inspection.err.left_reason"
	case !m.LeftOn.Valid() && m.LeftReason != "" && fe["left_on"] == "":
		fe["left_on"] = "inspection.err.day_required"
	}
	return m, fe
}

func (m BoardMember) auditView() map[string]any {
	return map[string]any{"full_name": m.FullName, "hamlet_id": m.HamletID, "phone": m.Phone, "position": m.Position,
		"elected_on": dayOrEmpty(m.ElectedOn), "by_election": m.ByElection, "left_on": dayOrEmpty(m.LeftOn), "left_reason": m.LeftReason}
}

// checkPosition refuses a second head or a third deputy among the serving members.
func checkPosition(ctx context.Context, tx *db.Tx, communeID, boardID, selfID string, m BoardMember) error {
	if !m.Serving() {
		return nil
	}
	ms, err := membersOf(ctx, tx, communeID, boardID)
	if err != nil {
		return err
	}
	var others []Seat
	for _, o := range ms {
		if o.ID != selfID && o.Serving() {
			others = append(others, Seat{HamletID: o.HamletID, Position: o.Position})
		}
	}
	if key := PositionAllowed(others, m.Position); key != "" {
		return errs.FieldErrors{"position": key}.Err("oversight: member position")
	}
	return nil
}

// AddMember records a member elected to the board.
func (s *Service) AddMember(ctx context.Context, communeID, boardID string, by audit.Actor, in MemberInput) (BoardMember, error) {
	const op = "oversight: add member"
	var m BoardMember
	linked, err := s.linkElection(ctx, communeID, &in)
	if err != nil {
		return BoardMember{}, err
	}
	err = s.tx(ctx, func(tx *db.Tx) error {
		if _, err := getBoard(ctx, tx, communeID, boardID); err != nil {
			return err
		}
		hs, err := inspectionHamlets(ctx, tx, communeID)
		if err != nil {
			return err
		}
		var fe errs.FieldErrors
		m, fe = validateMember(in, s.Today(), hs)
		maps.Copy(fe, linked)
		if len(fe) > 0 {
			return fe.Err(op)
		}
		if err := checkPosition(ctx, tx, communeID, boardID, "", m); err != nil {
			return err
		}
		m.ID, m.BoardID, m.CreatedAt, m.CreatedBy, m.UpdatedAt, m.UpdatedBy = uuid.Must(uuid.NewV7()).String(), boardID, tx.Now, by.Name, tx.Now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO inspection_members (commune_id, id, board_id, full_name, search, hamlet_id, resident_ref, phone,
			position, elected_on, elected_ref, by_election, left_on, left_reason, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
			communeID, m.ID, boardID, m.FullName, fold.String(m.FullName), m.HamletID, m.ResidentRef, m.Phone, string(m.Position),
			m.ElectedOn.String(), m.ElectedRef, m.ByElection, dayOrEmpty(m.LeftOn), m.LeftReason, m.CreatedAt, by.Name, m.UpdatedAt, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.member.add", "inspection_member", m.ID, audit.Change{After: m.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicMemberSaved, map[string]any{"id": m.ID, "board_id": boardID, "position": m.Position})
	})
	return m, err
}

// UpdateMember corrects a member, or records that the member left (the day and the reason).
func (s *Service) UpdateMember(ctx context.Context, communeID, id string, by audit.Actor, in MemberInput) (BoardMember, error) {
	const op = "oversight: update member"
	var m BoardMember
	linked, err := s.linkElection(ctx, communeID, &in)
	if err != nil {
		return BoardMember{}, err
	}
	err = s.tx(ctx, func(tx *db.Tx) error {
		before, err := getMember(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		hs, err := inspectionHamlets(ctx, tx, communeID)
		if err != nil {
			return err
		}
		var fe errs.FieldErrors
		m, fe = validateMember(in, s.Today(), hs)
		maps.Copy(fe, linked)
		if len(fe) > 0 {
			return fe.Err(op)
		}
		if err := checkPosition(ctx, tx, communeID, before.BoardID, id, m); err != nil {
			return err
		}
		m.ID, m.BoardID, m.CreatedAt, m.CreatedBy, m.UpdatedAt, m.UpdatedBy = id, before.BoardID, before.CreatedAt, before.CreatedBy, tx.Now, by.Name
		if _, err := tx.Exec(ctx, `UPDATE inspection_members SET full_name = $3, search = $4, hamlet_id = $5, resident_ref = $6, phone = $7,
			position = $8, elected_on = $9, elected_ref = $10, by_election = $11, left_on = $12, left_reason = $13, updated_at = $14, updated_by = $15
			WHERE commune_id = $1 AND id = $2`,
			communeID, id, m.FullName, fold.String(m.FullName), m.HamletID, m.ResidentRef, m.Phone, string(m.Position), m.ElectedOn.String(),
			m.ElectedRef, m.ByElection, dayOrEmpty(m.LeftOn), m.LeftReason, m.UpdatedAt, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.member.update", "inspection_member", id,
			audit.Change{Before: before.auditView(), After: m.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicMemberSaved, map[string]any{"id": id, "board_id": m.BoardID, "position": m.Position,
			"left": m.LeftOn.Valid()})
	})
	return m, err
}

const memberCols = `m.id, m.board_id, m.full_name, m.hamlet_id, COALESCE(h.name, ''), m.resident_ref, m.phone, m.position, m.elected_on,
	m.elected_ref, m.by_election, m.left_on, m.left_reason, m.created_at, m.created_by, m.updated_at, m.updated_by`

const memberFrom = ` FROM inspection_members m LEFT JOIN hamlets h ON h.commune_id = m.commune_id AND h.id = m.hamlet_id`

func scanMember(row interface{ Scan(...any) error }) (BoardMember, error) {
	var m BoardMember
	var pos, elected, left string
	err := row.Scan(&m.ID, &m.BoardID, &m.FullName, &m.HamletID, &m.Hamlet, &m.ResidentRef, &m.Phone, &pos, &elected, &m.ElectedRef,
		&m.ByElection, &left, &m.LeftReason, &m.CreatedAt, &m.CreatedBy, &m.UpdatedAt, &m.UpdatedBy)
	m.Position, m.ElectedOn, m.LeftOn = Position(pos), storedDay(elected), storedDay(left)
	return m, err
}

func getMember(ctx context.Context, q db.Q, communeID, id string) (BoardMember, error) {
	m, err := scanMember(q.QueryRow(ctx, `SELECT `+memberCols+memberFrom+` WHERE m.commune_id = $1 AND m.id = $2`, communeID, id))
	return m, missing("oversight: member", err)
}

// GetMember reads one member.
func (s *Service) GetMember(ctx context.Context, communeID, id string) (BoardMember, error) {
	return getMember(ctx, s.d, communeID, id)
}

// membersOf lists a board's members, serving first, by position then name (a board is a
// dozen people at most).
func membersOf(ctx context.Context, q db.Q, communeID, boardID string) ([]BoardMember, error) {
	const op = "oversight: members"
	rows, err := q.Query(ctx, `SELECT `+memberCols+memberFrom+` WHERE m.commune_id = $1 AND m.board_id = $2
		ORDER BY CASE WHEN m.left_on = '' THEN 0 ELSE 1 END, CASE m.position WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END,
		COALESCE(h.sort_order, 0), m.full_name, m.id LIMIT 500`, communeID, boardID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []BoardMember
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, m)
	}
	return out, errs.Wrap(op, rows.Err())
}

// StaffDirectory is everyone the eligibility check compares members with: the staff
// directory (commune officials and part-time staff; accounts that only hold a watchdog role
// are the boards' own members and are left out) and the hamlet heads (part-time hamlet staff).
func (s *Service) StaffDirectory(ctx context.Context, communeID string) ([]StaffRow, error) {
	const op = "oversight: staff directory"
	rows, err := s.d.Query(ctx, `SELECT id, full_name, title, unit, phone, roles FROM staff WHERE commune_id = $1 ORDER BY sort_order, full_name, id`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	var out []StaffRow
	for rows.Next() {
		var r StaffRow
		var roles string
		if err := rows.Scan(&r.ID, &r.FullName, &r.Title, &r.Unit, &r.Phone, &roles); err != nil {
			rows.Close()
			return nil, errs.Wrap(op, err)
		}
		if watchdogOnly(roles) {
			continue
		}
		r.Source = "staff"
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	rows, err = s.d.Query(ctx, `SELECT id, head_name, name FROM hamlets WHERE commune_id = $1 AND head_name <> '' ORDER BY sort_order, name, id`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r StaffRow
		if err := rows.Scan(&r.ID, &r.FullName, &r.Unit); err != nil {
			return nil, errs.Wrap(op, err)
		}
		r.Source = "hamlet_head"
		out = append(out, r)
	}
	return out, errs.Wrap(op, rows.Err())
}

// watchdogOnly reports whether a staff row's roles are only those of the boards themselves.
func watchdogOnly(roles string) bool {
	fs := strings.Fields(roles)
	if len(fs) == 0 {
		return false
	}
	for _, r := range fs {
		if r != "inspection" && r != "investmentwatch" {
			return false
		}
	}
	return true
}

// MemberView is a member with the staff rows it matches.
type MemberView struct {
	BoardMember
	Matches []Match
}

// Vacancy is a seat left by a member, whether a by-election is due and whether it was filled.
type Vacancy struct {
	Left       BoardMember
	ByElection bool // at least 6 months of the term remained
	Filled     bool // a member of the same hamlet was elected on or after that day
}

// BoardView is a board with its members, the checks of its composition and its vacancies.
type BoardView struct {
	Board     InspectionBoard
	Serving   []MemberView
	Former    []BoardMember
	Warnings  []Warning
	Vacancies []Vacancy
	Hamlets   []HamletRef
	Flagged   int // serving members matching the staff directory
}

// View reads a board with everything its page shows, in four queries.
func (s *Service) View(ctx context.Context, communeID, boardID string) (BoardView, error) {
	b, err := getBoard(ctx, s.d, communeID, boardID)
	if err != nil {
		return BoardView{}, err
	}
	ms, err := membersOf(ctx, s.d, communeID, boardID)
	if err != nil {
		return BoardView{}, err
	}
	hs, err := s.Hamlets(ctx, communeID)
	if err != nil {
		return BoardView{}, err
	}
	staff, err := s.StaffDirectory(ctx, communeID)
	if err != nil {
		return BoardView{}, err
	}
	return buildView(b, ms, hs, staff), nil
}

func buildView(b InspectionBoard, ms []BoardMember, hs []HamletRef, staff []StaffRow) BoardView {
	v := BoardView{Board: b, Hamlets: hs}
	var seats []Seat
	for _, m := range ms {
		if !m.Serving() {
			v.Former = append(v.Former, m)
			continue
		}
		mv := MemberView{BoardMember: m, Matches: EligibilityMatches(m.FullName, m.Phone, staff)}
		if len(mv.Matches) > 0 {
			v.Flagged++
		}
		v.Serving = append(v.Serving, mv)
		seats = append(seats, Seat{HamletID: m.HamletID, Position: m.Position})
	}
	v.Warnings = CheckComposition(seats, hs)
	for _, f := range v.Former {
		vac := Vacancy{Left: f, ByElection: ByElectionDue(f.LeftOn, b.TermEnd)}
		for _, m := range v.Serving {
			if m.HamletID == f.HamletID && !m.ElectedOn.Before(f.LeftOn) {
				vac.Filled = true
			}
		}
		v.Vacancies = append(v.Vacancies, vac)
	}
	return v
}
