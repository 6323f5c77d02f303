package investment

import (
	"context"
	"slices"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/fold"
)

// The parts of a project's record: its budget sources, its parties and the information its
// investor must disclose. Each change is its own transaction with its audit entry and event.

// Source is one source of a project's budget.
type Source struct {
	ID        string
	Source    string
	Amount    int64 // đồng
	Residents bool  // the residents' contribution (money, or labour valued)
}

// Party is a contractor, consultant, supervisor or project manager.
type Party struct {
	ID   string
	Role PartyRole
	Name string
}

// DisclosureItem is one piece of information the investor must disclose, with its days.
type DisclosureItem struct {
	ID          string
	Item        string
	DueOn       calendar.Date
	DisclosedOn calendar.Date
	Note        string
}

// Late reports whether the item is not disclosed by its due day (or was disclosed after it).
func (d DisclosureItem) Late(today calendar.Date) bool {
	if !d.DueOn.Valid() {
		return false
	}
	if d.DisclosedOn.Valid() {
		return d.DisclosedOn.After(d.DueOn)
	}
	return today.After(d.DueOn)
}

// SuggestedDisclosures are the items offered when adding one. They follow the contents Law
// 10/2022 Art. 11 lists for projects in the commune as the team read them; the investor's
// exact list depends on the project's own law (public investment, construction), which the
// team could not check, so an item is free text and these are only suggestions.
var SuggestedDisclosures = []string{
	"Quyết định chủ trương đầu tư, quyết định đầu tư",
	"Kế hoạch sử dụng đất, quy hoạch chi tiết",
	"Tổng mức đầu tư, nguồn vốn và phần đóng góp của Nhân dân",
	"Phương án bồi thường, hỗ trợ, tái định cư",
	"Nhà thầu thi công, đơn vị tư vấn, đơn vị giám sát",
	"Tiến độ thực hiện",
	"Kết quả nghiệm thu, quyết toán",
}

// parts reads what the project page draws besides the project: its sources, parties and
// disclosure items, one query each.
type parts struct {
	Sources     []Source
	Parties     []Party
	Disclosures []DisclosureItem
}

// Parts reads a project's sources, parties and disclosure items.
func (s *Service) Parts(ctx context.Context, communeID, projectID string) (parts, error) {
	return readParts(ctx, s.d, communeID, projectID)
}

func readParts(ctx context.Context, q db.Q, communeID, projectID string) (parts, error) {
	const op = "investment: project parts"
	var out parts
	rows, err := q.Query(ctx, `SELECT id, source, amount, residents FROM investment_sources WHERE commune_id = $1 AND project_id = $2 ORDER BY id`, communeID, projectID)
	if err != nil {
		return out, errs.Wrap(op, err)
	}
	for rows.Next() {
		var x Source
		if err := rows.Scan(&x.ID, &x.Source, &x.Amount, &x.Residents); err != nil {
			rows.Close()
			return out, errs.Wrap(op, err)
		}
		out.Sources = append(out.Sources, x)
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT id, role, name FROM investment_parties WHERE commune_id = $1 AND project_id = $2 ORDER BY id`, communeID, projectID)
	if err != nil {
		return out, errs.Wrap(op, err)
	}
	for rows.Next() {
		var x Party
		var role string
		if err := rows.Scan(&x.ID, &role, &x.Name); err != nil {
			rows.Close()
			return out, errs.Wrap(op, err)
		}
		x.Role = PartyRole(role)
		out.Parties = append(out.Parties, x)
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT id, item, due_on, disclosed_on, note FROM investment_disclosures WHERE commune_id = $1 AND project_id = $2 ORDER BY id`, communeID, projectID)
	if err != nil {
		return out, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var x DisclosureItem
		var due, done string
		if err := rows.Scan(&x.ID, &x.Item, &due, &done, &x.Note); err != nil {
			return out, errs.Wrap(op, err)
		}
		x.DueOn, x.DisclosedOn = storedDay(due), storedDay(done)
		out.Disclosures = append(out.Disclosures, x)
	}
	return out, errs.Wrap(op, rows.Err())
}

// changePart runs a change of a project's part: the project must exist; fn writes the row;
// then the audit entry and the event.
func (s *Service) changePart(ctx context.Context, communeID string, by audit.Actor, projectID, action, objectType string,
	fn func(tx *db.Tx, now time.Time) (id string, after any, err error)) error {
	return s.tx(ctx, func(tx *db.Tx) error {
		if _, err := getProject(ctx, tx, communeID, projectID); err != nil {
			return err
		}
		id, after, err := fn(tx, stamp(tx))
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, action, objectType, id, audit.Change{After: after}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicProjectPartChanged, map[string]any{"project_id": projectID, "part": objectType, "id": id})
	})
}

// SourceInput is the form of a budget source.
type SourceInput struct {
	Source, Amount string
	Residents      bool
}

// AddSource adds a budget source; the amount is read with ParseVND.
func (s *Service) AddSource(ctx context.Context, communeID string, by audit.Actor, projectID string, in SourceInput) error {
	const op = "investment: add source"
	fe := errs.FieldErrors{}
	name := text(fe, "source", in.Source, maxName, true)
	amount, ok := ParseVND(in.Amount)
	if !ok {
		fe["amount"] = "investment.err.amount"
	}
	if len(fe) > 0 {
		return fe.Err(op)
	}
	return s.changePart(ctx, communeID, by, projectID, "investment.source.add", "investment_source", func(tx *db.Tx, now time.Time) (string, any, error) {
		id := newID()
		_, err := tx.Exec(ctx, `INSERT INTO investment_sources (commune_id, id, project_id, source, amount, residents, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, communeID, id, projectID, name, amount, in.Residents, now, by.Name)
		return id, map[string]any{"project_id": projectID, "source": name, "amount": amount, "residents": in.Residents}, errs.Wrap(op, err)
	})
}

// RemoveSource removes a budget source typed in by mistake.
func (s *Service) RemoveSource(ctx context.Context, communeID string, by audit.Actor, projectID, id string) error {
	return s.removePart(ctx, communeID, by, projectID, id, "investment_sources", "investment.source.remove", "investment_source")
}

func (s *Service) removePart(ctx context.Context, communeID string, by audit.Actor, projectID, id, table, action, objectType string) error {
	op := "investment: " + action
	return s.changePart(ctx, communeID, by, projectID, action, objectType, func(tx *db.Tx, now time.Time) (string, any, error) {
		// table is one of the room's own constants, never input.
		res, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE commune_id = $1 AND project_id = $2 AND id = $3`, communeID, projectID, id)
		if err != nil {
			return "", nil, errs.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return "", nil, errs.E(op, errs.NotFound, "investment.err.not_found")
		}
		return id, map[string]any{"project_id": projectID, "removed": true}, nil
	})
}

// PartyInput is the form of a party.
type PartyInput struct {
	Role PartyRole
	Name string
}

// AddParty adds a contractor, consultant, supervisor or project manager.
func (s *Service) AddParty(ctx context.Context, communeID string, by audit.Actor, projectID string, in PartyInput) error {
	const op = "investment: add party"
	fe := errs.FieldErrors{}
	name := text(fe, "party_name", in.Name, maxName, true)
	if !slices.Contains(PartyRoles, in.Role) {
		fe["party_role"] = "investment.err.role"
	}
	if len(fe) > 0 {
		return fe.Err(op)
	}
	return s.changePart(ctx, communeID, by, projectID, "investment.party.add", "investment_party", func(tx *db.Tx, now time.Time) (string, any, error) {
		id := newID()
		_, err := tx.Exec(ctx, `INSERT INTO investment_parties (commune_id, id, project_id, role, name, search, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, communeID, id, projectID, string(in.Role), name, fold.String(name), now, by.Name)
		return id, map[string]any{"project_id": projectID, "role": in.Role, "name": name}, errs.Wrap(op, err)
	})
}

// RemoveParty removes a party.
func (s *Service) RemoveParty(ctx context.Context, communeID string, by audit.Actor, projectID, id string) error {
	return s.removePart(ctx, communeID, by, projectID, id, "investment_parties", "investment.party.remove", "investment_party")
}

// DisclosureInput is the form of a disclosure item.
type DisclosureInput struct {
	Item, DueOn, DisclosedOn, Note string
}

func readDisclosure(in DisclosureInput, today calendar.Date) (DisclosureItem, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	d := DisclosureItem{Item: text(fe, "item", in.Item, maxName, true), Note: text(fe, "item_note", in.Note, maxName, false)}
	var ok bool
	if d.DueOn, ok = ParseDay(in.DueOn); !ok {
		fe["due_on"] = "investment.err.day"
	}
	if d.DisclosedOn, ok = ParseDay(in.DisclosedOn); !ok {
		fe["disclosed_on"] = "investment.err.day"
	} else if d.DisclosedOn.After(today) {
		fe["disclosed_on"] = "investment.err.future"
	}
	return d, fe
}

// AddDisclosure adds an item the investor must disclose.
func (s *Service) AddDisclosure(ctx context.Context, communeID string, by audit.Actor, projectID string, in DisclosureInput) error {
	const op = "investment: add disclosure"
	d, fe := readDisclosure(in, s.Today())
	if len(fe) > 0 {
		return fe.Err(op)
	}
	return s.changePart(ctx, communeID, by, projectID, "investment.disclosure.add", "investment_disclosure", func(tx *db.Tx, now time.Time) (string, any, error) {
		id := newID()
		_, err := tx.Exec(ctx, `INSERT INTO investment_disclosures (commune_id, id, project_id, item, due_on, disclosed_on, note, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9)`, communeID, id, projectID, d.Item, dayText(d.DueOn), dayText(d.DisclosedOn), d.Note, now, by.Name)
		if err != nil {
			return "", nil, errs.Wrap(op, err)
		}
		d.ID = id
		if err := s.syncDisclosureDuty(ctx, tx, communeID, projectID, d); err != nil {
			return "", nil, err
		}
		return id, map[string]any{"project_id": projectID, "item": d.Item, "due_on": dayText(d.DueOn), "disclosed_on": dayText(d.DisclosedOn)}, nil
	})
}

// DutyDisclose is the duty of an item the investor must disclose by its day: the register
// shows it to the committee and the board until the item is marked disclosed.
const DutyDisclose = "investment.duty.disclose"

// syncDisclosureDuty opens the item's duty while it waits with a due day, and closes it once
// disclosed, in the change's transaction.
func (s *Service) syncDisclosureDuty(ctx context.Context, tx *db.Tx, communeID, projectID string, d DisclosureItem) error {
	if d.DisclosedOn.Valid() || !d.DueOn.Valid() {
		return duty.Close(ctx, tx, communeID, room, d.ID, DutyDisclose, "disclosed")
	}
	p, err := getProject(ctx, tx, communeID, projectID)
	if err != nil {
		return err
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return errs.Wrap("investment: calendar", err)
	}
	label := d.Item + " — " + p.Name
	if rs := []rune(label); len(rs) > 120 {
		label = string(rs[:119]) + "…"
	}
	// The investor discloses (Law 10/2022 Art. 43.1 has the board watch "việc công khai thông
	// tin dự án"); the day is the one the registry typed from the project's papers.
	return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: room, Kind: DutyDisclose, SubjectType: "investment_disclosure", SubjectID: d.ID,
		Label: label, URL: p.URL() + "#cong-khai", LegalBasis: "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 43",
		Owner: duty.Owner{Name: p.Investor, Role: "leader"},
		DueAt: d.DueOn.At(cal.Hours().Closing()).UTC(), AtRiskFrom: d.DueOn.AddDays(-3).At(cal.Hours().Opening()).UTC()})
}

// MarkDisclosed records the day an item was disclosed.
func (s *Service) MarkDisclosed(ctx context.Context, communeID string, by audit.Actor, projectID, id, on string) error {
	const op = "investment: mark disclosed"
	day, ok := ParseDay(on)
	if !ok || !day.Valid() {
		return errs.FieldErrors{"disclosed_on": "investment.err.day"}.Err(op)
	}
	if day.After(s.Today()) {
		return errs.FieldErrors{"disclosed_on": "investment.err.future"}.Err(op)
	}
	return s.changePart(ctx, communeID, by, projectID, "investment.disclosure.done", "investment_disclosure", func(tx *db.Tx, now time.Time) (string, any, error) {
		res, err := tx.Exec(ctx, `UPDATE investment_disclosures SET disclosed_on = $4, updated_at = $5, updated_by = $6
			WHERE commune_id = $1 AND project_id = $2 AND id = $3`, communeID, projectID, id, day.String(), now, by.Name)
		if err != nil {
			return "", nil, errs.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return "", nil, errs.E(op, errs.NotFound, "investment.err.not_found")
		}
		if err := duty.Close(ctx, tx, communeID, room, id, DutyDisclose, "disclosed"); err != nil {
			return "", nil, err
		}
		return id, map[string]any{"project_id": projectID, "disclosed_on": day.String()}, nil
	})
}
