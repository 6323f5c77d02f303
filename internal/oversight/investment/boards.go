package investment

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/fold"
	"xaso/internal/oversight"
)

// The supervision board of a project (Law 10/2022 Art. 41–42, 45; Decree 59/2023 Art. 17):
// set up by the Front (the body is a setting), its members and their declarations, the notice
// of its plan and membership to the investor ≥ 45 days before supervision starts, and its
// dissolution when the project is done.

// Board is a project's supervision board.
type Board struct {
	ID, ProjectID   string
	SetUpBy         string
	SetUpOn         calendar.Date
	DecisionRef     string
	SupervisionFrom calendar.Date // the day supervision starts
	Plan            string
	NotifiedOn      calendar.Date // the plan and membership reached the investor
	DissolvedOn     calendar.Date
	Members         []BoardMember // serving first, in position order, then those who left
	CreatedAt       time.Time
	UpdatedAt       time.Time
	UpdatedBy       string
}

// BoardMember is a member of a board with the flags the Front must look at.
type BoardMember struct {
	ID         string
	Name       string
	Origin     Origin
	Position   Position
	HamletID   string
	Hamlet     string
	Phone      string
	UserID     string
	Declared   bool   // the declaration of relatives was made
	Relatives  string // what it declares ("" = no relative among the parties)
	DeclaredOn calendar.Date
	LeftOn     calendar.Date
	// ElectionID is the recognised election of the elections room that elected a residents'
	// representative ("" when not linked).
	ElectionID string
	// Matches are the parties whose name matches the member's (see NameMatches).
	Matches []string
}

// Serving reports whether the member is on the board now.
func (m BoardMember) Serving() bool { return !m.LeftOn.Valid() }

// Flagged reports whether the member needs the Front's attention: no declaration yet, a
// declared relative, or a name that matches a party.
func (m BoardMember) Flagged() bool {
	return m.Serving() && (!m.Declared || m.Relatives != "" || len(m.Matches) > 0)
}

// Dissolved reports whether the board was dissolved.
func (b Board) Dissolved() bool { return b.DissolvedOn.Valid() }

// Seats are the serving members' origins and positions.
func (b Board) Seats() []Seat {
	var out []Seat
	for _, m := range b.Members {
		if m.Serving() {
			out = append(out, Seat{Origin: m.Origin, Position: m.Position})
		}
	}
	return out
}

// Serving is how many members serve.
func (b Board) Serving() int { return len(b.Seats()) }

// Problems are the size rules the board breaks now.
func (b Board) Problems() []Problem { return CheckBoard(b.Seats()) }

// Active reports whether the board counts for the coverage.
func (b Board) Active() bool { return !b.Dissolved() && len(b.Problems()) == 0 }

// NoticeDue is the last day to notify the investor (zero without a start day).
func (b Board) NoticeDue() calendar.Date {
	if !b.SupervisionFrom.Valid() {
		return calendar.Date{}
	}
	return NoticeDue(b.SupervisionFrom)
}

// NoticeLate reports whether the notice was, or is now, later than 45 days before the start.
func (b Board) NoticeLate(today calendar.Date) bool {
	if !b.SupervisionFrom.Valid() {
		return false
	}
	if b.NotifiedOn.Valid() {
		return NoticeLate(b.SupervisionFrom, b.NotifiedOn)
	}
	return !b.Dissolved() && today.After(b.NoticeDue())
}

// Head is the serving head's name ("" if none).
func (b Board) Head() string {
	for _, m := range b.Members {
		if m.Serving() && m.Position == Head {
			return m.Name
		}
	}
	return ""
}

// HasAccount reports whether the account userID is a serving member of the board.
func (b Board) HasAccount(userID string) bool {
	return userID != "" && slices.ContainsFunc(b.Members, func(m BoardMember) bool { return m.Serving() && m.UserID == userID })
}

func (b Board) auditView() map[string]any {
	return map[string]any{"project_id": b.ProjectID, "set_up_by": b.SetUpBy, "set_up_on": dayText(b.SetUpOn), "decision_ref": b.DecisionRef,
		"supervision_from": dayText(b.SupervisionFrom), "notified_on": dayText(b.NotifiedOn), "dissolved_on": dayText(b.DissolvedOn)}
}

const boardCols = `id, project_id, set_up_by, set_up_on, decision_ref, supervision_from, plan, notified_on, dissolved_on, created_at, updated_at, updated_by`

func scanBoard(row interface{ Scan(...any) error }) (Board, error) {
	var b Board
	var setUp, from, notified, dissolved string
	if err := row.Scan(&b.ID, &b.ProjectID, &b.SetUpBy, &setUp, &b.DecisionRef, &from, &b.Plan, &notified, &dissolved,
		&b.CreatedAt, &b.UpdatedAt, &b.UpdatedBy); err != nil {
		return Board{}, err
	}
	b.SetUpOn, b.SupervisionFrom, b.NotifiedOn, b.DissolvedOn = storedDay(setUp), storedDay(from), storedDay(notified), storedDay(dissolved)
	return b, nil
}

// BoardOf reads a project's board with its members and their flags; ok is false when the
// project has none.
func (s *Service) BoardOf(ctx context.Context, communeID, projectID string) (Board, bool, error) {
	return boardOf(ctx, s.d, communeID, projectID)
}

func boardOf(ctx context.Context, q db.Q, communeID, projectID string) (Board, bool, error) {
	const op = "investment: board"
	b, err := scanBoard(q.QueryRow(ctx, `SELECT `+boardCols+` FROM investment_boards WHERE commune_id = $1 AND project_id = $2`, communeID, projectID))
	if errors.Is(err, sql.ErrNoRows) {
		return Board{}, false, nil
	}
	if err != nil {
		return Board{}, false, errs.Wrap(op, err)
	}
	if err := addMembers(ctx, q, communeID, &b); err != nil {
		return Board{}, false, err
	}
	return b, true, nil
}

// boardByID reads a board by its own id.
func boardByID(ctx context.Context, q db.Q, communeID, id string) (Board, error) {
	b, err := scanBoard(q.QueryRow(ctx, `SELECT `+boardCols+` FROM investment_boards WHERE commune_id = $1 AND id = $2`, communeID, id))
	if err != nil {
		return Board{}, notFound("investment: board", err)
	}
	return b, addMembers(ctx, q, communeID, &b)
}

// addMembers reads the board's members and flags the names that match the project's parties
// (its investor and decision-maker among them): two queries.
func addMembers(ctx context.Context, q db.Q, communeID string, b *Board) error {
	const op = "investment: members"
	rows, err := q.Query(ctx, `SELECT m.id, m.full_name, m.origin, m.position, m.hamlet_id, COALESCE(h.name, ''), m.phone, m.user_id,
		m.declared, m.relatives, m.declared_on, m.left_on, m.election_id
		FROM investment_members m LEFT JOIN hamlets h ON h.commune_id = m.commune_id AND h.id = m.hamlet_id
		WHERE m.commune_id = $1 AND m.board_id = $2
		ORDER BY CASE WHEN m.left_on = '' THEN 0 ELSE 1 END, CASE m.position WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, m.full_name, m.id`, communeID, b.ID)
	if err != nil {
		return errs.Wrap(op, err)
	}
	for rows.Next() {
		var m BoardMember
		var origin, position, declaredOn, left string
		if err := rows.Scan(&m.ID, &m.Name, &origin, &position, &m.HamletID, &m.Hamlet, &m.Phone, &m.UserID, &m.Declared, &m.Relatives, &declaredOn, &left, &m.ElectionID); err != nil {
			rows.Close()
			return errs.Wrap(op, err)
		}
		m.Origin, m.Position, m.DeclaredOn, m.LeftOn = Origin(origin), Position(position), storedDay(declaredOn), storedDay(left)
		b.Members = append(b.Members, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return errs.Wrap(op, err)
	}
	names, err := partyNames(ctx, q, communeID, b.ProjectID)
	if err != nil {
		return err
	}
	for i := range b.Members {
		b.Members[i].Matches = NameMatches(b.Members[i].Name, names)
	}
	return nil
}

// partyNames are the names a member must not be related to: the decision-maker, the investor
// and every party of the project (Art. 42).
func partyNames(ctx context.Context, q db.Q, communeID, projectID string) ([]string, error) {
	const op = "investment: party names"
	rows, err := q.Query(ctx, `SELECT decision_maker FROM investment_projects WHERE commune_id = $1 AND id = $2
		UNION ALL SELECT investor FROM investment_projects WHERE commune_id = $1 AND id = $2
		UNION ALL SELECT name FROM investment_parties WHERE commune_id = $1 AND project_id = $2`, communeID, projectID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, errs.Wrap(op, err)
		}
		if n != "" {
			out = append(out, n)
		}
	}
	return out, errs.Wrap(op, rows.Err())
}

// BoardInput is the Front's form of a board.
type BoardInput struct {
	SetUpOn, DecisionRef, SupervisionFrom, Plan string
}

func readBoard(in BoardInput, today calendar.Date) (Board, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	b := Board{DecisionRef: text(fe, "decision_ref", in.DecisionRef, maxName, false), Plan: text(fe, "plan", in.Plan, maxText, false)}
	var ok bool
	if b.SetUpOn, ok = ParseDay(in.SetUpOn); !ok || !b.SetUpOn.Valid() {
		fe["set_up_on"] = "investment.err.day"
	} else if b.SetUpOn.After(today) {
		fe["set_up_on"] = "investment.err.future"
	}
	if b.SupervisionFrom, ok = ParseDay(in.SupervisionFrom); !ok {
		fe["supervision_from"] = "investment.err.day"
	}
	return b, fe
}

// SetUpBoard records the board the Front set up for a project; a project has one board, and
// a project done needs none.
func (s *Service) SetUpBoard(ctx context.Context, communeID string, by audit.Actor, projectID string, in BoardInput) (Board, error) {
	const op = "investment: set up board"
	b, fe := readBoard(in, s.Today())
	if len(fe) > 0 {
		return Board{}, fe.Err(op)
	}
	err := s.tx(ctx, func(tx *db.Tx) error {
		p, err := getProject(ctx, tx, communeID, projectID)
		if err != nil {
			return err
		}
		if p.BoardID != "" {
			return errs.E(op, errs.Conflict, "investment.err.board_exists")
		}
		if p.Status == Done {
			return errs.E(op, errs.Conflict, "investment.err.project_done")
		}
		now := stamp(tx)
		b.ID, b.ProjectID, b.SetUpBy, b.CreatedAt, b.UpdatedAt, b.UpdatedBy = newID(), p.ID, s.setUpBy, now, now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO investment_boards (commune_id, id, project_id, set_up_by, set_up_on, decision_ref, supervision_from,
			plan, notified_on, dissolved_on, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', '', $9, $10, $9, $10)`,
			communeID, b.ID, p.ID, b.SetUpBy, dayText(b.SetUpOn), b.DecisionRef, dayText(b.SupervisionFrom), b.Plan, now, by.Name); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.E(op, errs.Conflict, "investment.err.board_exists")
			}
			return errs.Wrap(op, err)
		}
		if err := s.noticeDuty(ctx, tx, communeID, p, b); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "investment.board.set_up", "investment_board", b.ID, audit.Change{After: b.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicBoardSetUp, map[string]any{"id": b.ID, "project_id": p.ID})
	})
	return b, err
}

// UpdateBoard changes the board's decision, start day and plan.
func (s *Service) UpdateBoard(ctx context.Context, communeID string, by audit.Actor, projectID string, in BoardInput) (Board, error) {
	const op = "investment: update board"
	nb, fe := readBoard(in, s.Today())
	if len(fe) > 0 {
		return Board{}, fe.Err(op)
	}
	var b Board
	err := s.tx(ctx, func(tx *db.Tx) error {
		p, err := getProject(ctx, tx, communeID, projectID)
		if err != nil {
			return err
		}
		old, ok, err := boardOf(ctx, tx, communeID, projectID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(op, errs.NotFound, "investment.err.no_board")
		}
		if old.Dissolved() {
			return errs.E(op, errs.Conflict, "investment.err.dissolved")
		}
		b = old
		b.SetUpOn, b.DecisionRef, b.SupervisionFrom, b.Plan, b.UpdatedAt, b.UpdatedBy = nb.SetUpOn, nb.DecisionRef, nb.SupervisionFrom, nb.Plan, stamp(tx), by.Name
		if _, err := tx.Exec(ctx, `UPDATE investment_boards SET set_up_on = $3, decision_ref = $4, supervision_from = $5, plan = $6,
			updated_at = $7, updated_by = $8 WHERE commune_id = $1 AND id = $2`,
			communeID, b.ID, dayText(b.SetUpOn), b.DecisionRef, dayText(b.SupervisionFrom), b.Plan, b.UpdatedAt, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := s.noticeDuty(ctx, tx, communeID, p, b); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "investment.board.update", "investment_board", b.ID, audit.Change{Before: old.auditView(), After: b.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicBoardUpdated, map[string]any{"id": b.ID, "project_id": p.ID})
	})
	return b, err
}

// noticeDuty opens (or moves) the Front's duty to notify the investor by 45 days before
// supervision starts, or closes it when there is no start day or the notice was given.
func (s *Service) noticeDuty(ctx context.Context, tx *db.Tx, communeID string, p Project, b Board) error {
	if !b.SupervisionFrom.Valid() || b.NotifiedOn.Valid() || b.Dissolved() {
		outcome := "done"
		if !b.SupervisionFrom.Valid() {
			outcome = "no_start"
		} else if b.Dissolved() {
			outcome = "dissolved"
		}
		return duty.Close(ctx, tx, communeID, room, b.ID, DutyNotice, outcome)
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return errs.Wrap("investment: calendar", err)
	}
	due := NoticeDue(b.SupervisionFrom)
	label := p.Name
	if rs := []rune(label); len(rs) > 80 {
		label = string(rs[:79]) + "…"
	}
	return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: room, Kind: DutyNotice, SubjectType: "investment_board", SubjectID: b.ID,
		Label: "Thông báo kế hoạch giám sát, thành phần Ban: " + label, URL: p.URL() + "/ban",
		LegalBasis: "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 45", Owner: duty.Owner{Role: "front"},
		DueAt: due.At(cal.Hours().Closing()).UTC(), AtRiskFrom: due.AddDays(-7).At(cal.Hours().Opening()).UTC()})
}

// RecordNotice records the day the plan and membership reached the investor. The membership
// notified must be lawful (≥ 5 members, ≤ 5 residents, ≤ 2 deputies, one head); a notice later
// than 45 days before the start is recorded and shown late.
func (s *Service) RecordNotice(ctx context.Context, communeID string, by audit.Actor, projectID, on string) (Board, error) {
	const op = "investment: notify investor"
	day, ok := ParseDay(on)
	if !ok || !day.Valid() {
		return Board{}, errs.FieldErrors{"notified_on": "investment.err.day"}.Err(op)
	}
	if day.After(s.Today()) {
		return Board{}, errs.FieldErrors{"notified_on": "investment.err.future"}.Err(op)
	}
	var b Board
	err := s.tx(ctx, func(tx *db.Tx) error {
		p, err := getProject(ctx, tx, communeID, projectID)
		if err != nil {
			return err
		}
		var found bool
		if b, found, err = boardOf(ctx, tx, communeID, projectID); err != nil {
			return err
		}
		switch {
		case !found:
			return errs.E(op, errs.NotFound, "investment.err.no_board")
		case b.Dissolved():
			return errs.E(op, errs.Conflict, "investment.err.dissolved")
		case !b.SupervisionFrom.Valid():
			return errs.E(op, errs.Conflict, "investment.err.no_start")
		case len(b.Problems()) > 0:
			return errs.E(op, errs.Conflict, "investment.err.board_unlawful")
		}
		before := b.auditView()
		b.NotifiedOn, b.UpdatedAt, b.UpdatedBy = day, stamp(tx), by.Name
		if _, err := tx.Exec(ctx, `UPDATE investment_boards SET notified_on = $3, updated_at = $4, updated_by = $5 WHERE commune_id = $1 AND id = $2`,
			communeID, b.ID, day.String(), b.UpdatedAt, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := s.noticeDuty(ctx, tx, communeID, p, b); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "investment.board.notify", "investment_board", b.ID, audit.Change{Before: before, After: b.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicBoardNotified, map[string]any{"id": b.ID, "project_id": p.ID, "late": NoticeLate(b.SupervisionFrom, day)})
	})
	return b, err
}

// dissolve ends a board on day on, in the caller's transaction (the project is done).
func dissolve(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, boardID string, on calendar.Date) error {
	const op = "investment: dissolve board"
	if _, err := tx.Exec(ctx, `UPDATE investment_boards SET dissolved_on = $3, updated_at = $4, updated_by = $5 WHERE commune_id = $1 AND id = $2 AND dissolved_on = ''`,
		communeID, boardID, on.String(), stamp(tx), by.Name); err != nil {
		return errs.Wrap(op, err)
	}
	if err := duty.Close(ctx, tx, communeID, room, boardID, DutyNotice, "dissolved"); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, communeID, by, "investment.board.dissolve", "investment_board", boardID, audit.Change{After: map[string]any{"dissolved_on": on.String()}}); err != nil {
		return err
	}
	return events.Publish(ctx, tx, communeID, TopicBoardDissolved, map[string]any{"id": boardID})
}

// MemberInput is the Front's form of a member.
type MemberInput struct {
	Name     string
	Origin   Origin
	Position Position
	HamletID string
	Phone    string
	Username string // the member's account, if any
	// The declaration of relatives among the project's parties.
	Declared   bool
	Relatives  string
	DeclaredOn string
	// ElectionID links a residents' representative to the recognised election that elected
	// them (oversight.ElectionRef, from the elections room through the app).
	ElectionID string
}

func (s *Service) readMember(ctx context.Context, q db.Q, communeID, projectID string, in MemberInput) (BoardMember, errs.FieldErrors, error) {
	fe := errs.FieldErrors{}
	m := BoardMember{Name: text(fe, "member_name", in.Name, maxName, true), Origin: in.Origin, Position: in.Position, ElectionID: strings.TrimSpace(in.ElectionID),
		Phone: text(fe, "phone", in.Phone, 30, false), Declared: in.Declared, Relatives: text(fe, "relatives", in.Relatives, maxText, false)}
	if !slices.Contains(Origins, m.Origin) {
		fe["origin"] = "investment.err.origin"
	}
	if !slices.Contains(Positions, m.Position) {
		fe["position"] = "investment.err.position"
	}
	if in.HamletID != "" {
		hs, err := hamletsOf(ctx, q, communeID)
		if err != nil {
			return m, nil, err
		}
		if m.Hamlet = hamletName(hs, in.HamletID); m.Hamlet == "" {
			fe["hamlet"] = "investment.err.hamlet"
		}
		m.HamletID = in.HamletID
		if m.Origin == FromResidents && m.Hamlet != "" {
			// Law 10/2022 Art. 41.2, Decree 59/2023 Art. 17: the residents' representatives are
			// elected in the hamlets where the project is.
			p, err := getProject(ctx, q, communeID, projectID)
			if err != nil {
				return m, nil, err
			}
			if len(p.HamletIDs) > 0 && !slices.Contains(p.HamletIDs, m.HamletID) {
				fe["hamlet"] = "investment.err.hamlet_outside"
			}
		}
	} else if m.Origin == FromResidents {
		fe["hamlet"] = "investment.err.resident_hamlet" // a residents' representative is elected in a hamlet of the project
	}
	var ok bool
	if m.DeclaredOn, ok = ParseDay(in.DeclaredOn); !ok {
		fe["declared_on"] = "investment.err.day"
	}
	if m.Relatives != "" {
		m.Declared = true
	}
	if m.Declared && !m.DeclaredOn.Valid() {
		m.DeclaredOn = s.Today()
	}
	if u := in.Username; u != "" {
		if s.accounts == nil {
			fe["username"] = "investment.err.account"
		} else if acct, err := s.accounts.UserByName(ctx, communeID, u); err != nil || acct == nil {
			fe["username"] = "investment.err.account"
		} else {
			m.UserID = acct.ID
		}
	}
	return m, fe, nil
}

func (m BoardMember) auditView() map[string]any {
	return map[string]any{"name": m.Name, "origin": m.Origin, "position": m.Position, "hamlet_id": m.HamletID, "user_id": m.UserID,
		"declared": m.Declared, "relatives": m.Relatives, "declared_on": dayText(m.DeclaredOn), "left_on": dayText(m.LeftOn), "election_id": m.ElectionID}
}

// ElectionURL is the page of the election that elected the member, if linked.
func (m BoardMember) ElectionURL() string {
	if m.ElectionID == "" {
		return ""
	}
	return "/bau-cu/" + m.ElectionID
}

// Elections lists the recognised elections of residents' representatives; none without the
// elections room.
func (s *Service) Elections(ctx context.Context, communeID string) ([]oversight.ElectionRef, error) {
	if s.elections == nil {
		return nil, nil
	}
	return s.elections(ctx, communeID)
}

// linkElection checks a residents' representative linked to an election, before the
// member's transaction: a recognised election of the residents' seats (Decree 59/2023 Art.
// 17), of the member's hamlet, that elected the member.
func (s *Service) linkElection(ctx context.Context, communeID string, in MemberInput) (errs.FieldErrors, error) {
	id := strings.TrimSpace(in.ElectionID)
	if id == "" {
		return nil, nil
	}
	if s.elections == nil || in.Origin != FromResidents {
		return errs.FieldErrors{"election": "investment.err.election"}, nil
	}
	refs, err := s.Elections(ctx, communeID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(refs, func(e oversight.ElectionRef) bool { return e.ID == id })
	switch {
	case i < 0:
		return errs.FieldErrors{"election": "investment.err.election"}, nil
	case refs[i].HamletID != strings.TrimSpace(in.HamletID):
		return errs.FieldErrors{"election": "investment.err.election_hamlet"}, nil
	case !slices.ContainsFunc(refs[i].Elected, func(n string) bool { return fold.String(n) == fold.String(in.Name) }):
		return errs.FieldErrors{"election": "investment.err.election_name"}, nil
	}
	return nil, nil
}

// changeMembers runs a change of a board's members: the board must exist and serve; fn gets
// it and the members it has.
func (s *Service) changeMembers(ctx context.Context, communeID, projectID string, fn func(tx *db.Tx, b Board) error) error {
	return s.tx(ctx, func(tx *db.Tx) error {
		b, ok, err := boardOf(ctx, tx, communeID, projectID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E("investment: members", errs.NotFound, "investment.err.no_board")
		}
		if b.Dissolved() {
			return errs.E("investment: members", errs.Conflict, "investment.err.dissolved")
		}
		return fn(tx, b)
	})
}

// AddMember adds a member. A change never crosses the caps (≤ 5 residents' representatives,
// ≤ 2 deputies, one head); below 5 members the board is shown incomplete.
func (s *Service) AddMember(ctx context.Context, communeID string, by audit.Actor, projectID string, in MemberInput) (BoardMember, error) {
	const op = "investment: add member"
	var m BoardMember
	linked, err := s.linkElection(ctx, communeID, in)
	if err != nil {
		return BoardMember{}, err
	}
	err = s.changeMembers(ctx, communeID, projectID, func(tx *db.Tx, b Board) error {
		var fe errs.FieldErrors
		var err error
		if m, fe, err = s.readMember(ctx, tx, communeID, projectID, in); err != nil {
			return err
		}
		maps.Copy(fe, linked)
		if len(fe) == 0 {
			if key, ok := CanSeat(b.Seats(), Seat{Origin: m.Origin, Position: m.Position}); !ok {
				if key == "investment.err.cap_residents" {
					fe["origin"] = key
				} else {
					fe["position"] = key
				}
			}
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		now := stamp(tx)
		m.ID = newID()
		if _, err := tx.Exec(ctx, `INSERT INTO investment_members (commune_id, id, board_id, full_name, search, origin, position, hamlet_id, phone,
			user_id, declared, relatives, declared_on, left_on, created_at, created_by, updated_at, updated_by, election_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '', $14, $15, $14, $15, $16)`,
			communeID, m.ID, b.ID, m.Name, fold.String(m.Name), string(m.Origin), string(m.Position), m.HamletID, m.Phone, m.UserID,
			m.Declared, m.Relatives, dayText(m.DeclaredOn), now, by.Name, m.ElectionID); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "investment.member.add", "investment_member", m.ID, audit.Change{After: m.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicMemberChanged, map[string]any{"board_id": b.ID, "id": m.ID})
	})
	return m, err
}

// UpdateMember changes a serving member: its position, account and declaration.
func (s *Service) UpdateMember(ctx context.Context, communeID string, by audit.Actor, projectID, memberID string, in MemberInput) (BoardMember, error) {
	const op = "investment: update member"
	var m BoardMember
	linked, err := s.linkElection(ctx, communeID, in)
	if err != nil {
		return BoardMember{}, err
	}
	err = s.changeMembers(ctx, communeID, projectID, func(tx *db.Tx, b Board) error {
		i := slices.IndexFunc(b.Members, func(x BoardMember) bool { return x.ID == memberID && x.Serving() })
		if i < 0 {
			return errs.E(op, errs.NotFound, "investment.err.not_found")
		}
		old := b.Members[i]
		var fe errs.FieldErrors
		var err error
		if m, fe, err = s.readMember(ctx, tx, communeID, projectID, in); err != nil {
			return err
		}
		maps.Copy(fe, linked)
		if len(fe) == 0 {
			others := slices.Delete(slices.Clone(b.Members), i, i+1)
			if key, ok := CanSeat(Board{Members: others}.Seats(), Seat{Origin: m.Origin, Position: m.Position}); !ok {
				fe["position"] = key
			}
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		m.ID = old.ID
		if _, err := tx.Exec(ctx, `UPDATE investment_members SET full_name = $3, search = $4, origin = $5, position = $6, hamlet_id = $7, phone = $8,
			user_id = $9, declared = $10, relatives = $11, declared_on = $12, updated_at = $13, updated_by = $14, election_id = $15 WHERE commune_id = $1 AND id = $2`,
			communeID, m.ID, m.Name, fold.String(m.Name), string(m.Origin), string(m.Position), m.HamletID, m.Phone, m.UserID,
			m.Declared, m.Relatives, dayText(m.DeclaredOn), stamp(tx), by.Name, m.ElectionID); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "investment.member.update", "investment_member", m.ID, audit.Change{Before: old.auditView(), After: m.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicMemberChanged, map[string]any{"board_id": b.ID, "id": m.ID})
	})
	return m, err
}

// MemberLeaves records that a member left the board on a day.
func (s *Service) MemberLeaves(ctx context.Context, communeID string, by audit.Actor, projectID, memberID, on string) error {
	const op = "investment: member leaves"
	day, ok := ParseDay(on)
	if !ok || !day.Valid() {
		return errs.FieldErrors{"left_on": "investment.err.day"}.Err(op)
	}
	if day.After(s.Today()) {
		return errs.FieldErrors{"left_on": "investment.err.future"}.Err(op)
	}
	return s.changeMembers(ctx, communeID, projectID, func(tx *db.Tx, b Board) error {
		i := slices.IndexFunc(b.Members, func(x BoardMember) bool { return x.ID == memberID && x.Serving() })
		if i < 0 {
			return errs.E(op, errs.NotFound, "investment.err.not_found")
		}
		if _, err := tx.Exec(ctx, `UPDATE investment_members SET left_on = $3, updated_at = $4, updated_by = $5 WHERE commune_id = $1 AND id = $2`,
			communeID, memberID, day.String(), stamp(tx), by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "investment.member.leave", "investment_member", memberID, audit.Change{After: map[string]any{"left_on": day.String()}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicMemberChanged, map[string]any{"board_id": b.ID, "id": memberID})
	})
}

// BoardsOfAccount lists the ids of the projects whose boards the account serves on.
func (s *Service) BoardsOfAccount(ctx context.Context, communeID, userID string) ([]string, error) {
	const op = "investment: boards of account"
	rows, err := s.d.Query(ctx, `SELECT b.project_id FROM investment_members m JOIN investment_boards b ON b.commune_id = m.commune_id AND b.id = m.board_id
		WHERE m.commune_id = $1 AND m.user_id = $2 AND m.left_on = '' AND b.dissolved_on = '' ORDER BY b.project_id`, communeID, userID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, id)
	}
	return out, errs.Wrap(op, rows.Err())
}
