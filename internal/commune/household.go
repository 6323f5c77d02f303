package commune

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// Household is a hộ gia đình: a code (số hộ), a hamlet, an address, and its members, exactly
// one of whom is the head (chủ hộ).
type Household struct {
	ID         string
	Code       string // số hộ, unique in the commune
	HamletID   string
	HamletName string // filled on reads
	HeadName   string // the head member's name (kept by the store)
	Address    string
	Phone      string
	// MemberCount is filled by every read; Members by GetHousehold, and given to
	// CreateHousehold and UpdateHousehold.
	MemberCount int
	Members     []Resident
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Head returns the head of household among Members.
func (h Household) Head() (Resident, bool) {
	for _, m := range h.Members {
		if m.IsHead() {
			return m, true
		}
	}
	return Resident{}, false
}

// normalize checks the household and its members. Field names: code, hamlet_id, address,
// phone, members (the list as a whole), members.N.full_name, members.N.birth_date, … (N from 0
// in the order given).
func (h *Household) normalize(today time.Time, withMembers bool) errs.FieldErrors {
	fe := errs.FieldErrors{}
	var key string
	h.Code, h.HamletID, h.Address = clean(h.Code), strings.TrimSpace(h.HamletID), clean(h.Address)
	switch {
	case h.Code == "":
		fe["code"] = "commune.household.code_required"
	case tooLong(h.Code, maxCode):
		fe["code"] = "commune.too_long"
	}
	if h.HamletID == "" {
		fe["hamlet_id"] = "commune.household.hamlet_required"
	}
	if tooLong(h.Address, maxAddress) {
		fe["address"] = "commune.too_long"
	}
	if h.Phone, key = NormalizePhone(h.Phone); key != "" {
		fe["phone"] = key
	}
	if !withMembers {
		return fe
	}
	heads, seen := 0, map[string]int{}
	for i := range h.Members {
		m := &h.Members[i]
		prefix := fmt.Sprintf("members.%d.", i)
		m.normalize(today, prefix, fe)
		if m.IsHead() {
			heads++
			h.HeadName = m.FullName
		}
		if m.IDNumber != "" {
			if _, dup := seen[m.IDNumber]; dup {
				fe[prefix+"id_number"] = "commune.resident.id_number_repeated"
			}
			seen[m.IDNumber] = i
		}
	}
	switch {
	case len(h.Members) == 0:
		fe["members"] = "commune.household.members_required"
	case heads == 0:
		fe["members"] = "commune.household.head_missing"
	case heads > 1:
		fe["members"] = "commune.household.head_repeated"
	}
	return fe
}

func (h Household) search() string { return fold.Join(h.Code, h.HeadName, h.Address, h.Phone) }

func (h Household) auditView() map[string]any {
	lines := make([]string, len(h.Members))
	for i, m := range h.Members {
		lines[i] = m.line()
	}
	return map[string]any{"code": h.Code, "hamlet_id": h.HamletID, "head_name": h.HeadName, "address": h.Address,
		"phone": maskID(h.Phone), "members": strings.Join(lines, "; ")}
}

var householdCols = []string{"commune_id", "id", "code", "hamlet_id", "head_name", "address", "phone", "search", "created_at", "updated_at"}

func (h Household) row(communeID string, now time.Time) []any {
	return []any{communeID, h.ID, h.Code, h.HamletID, h.HeadName, h.Address, h.Phone, h.search(), now, now}
}

const householdSelect = `SELECT h.id, h.code, h.hamlet_id, hm.name, h.head_name, h.address, h.phone, h.created_at, h.updated_at,
	(SELECT count(*) FROM residents r WHERE r.commune_id = h.commune_id AND r.household_id = h.id)
	FROM households h JOIN hamlets hm ON hm.commune_id = h.commune_id AND hm.id = h.hamlet_id
	WHERE h.commune_id = $1`

func scanHousehold(row interface{ Scan(...any) error }) (Household, error) {
	var h Household
	err := row.Scan(&h.ID, &h.Code, &h.HamletID, &h.HamletName, &h.HeadName, &h.Address, &h.Phone, &h.CreatedAt, &h.UpdatedAt, &h.MemberCount)
	return h, err
}

// GetHousehold returns a household with its members (head first), in two queries.
func (s *Store) GetHousehold(ctx context.Context, communeID, id string) (Household, error) {
	return getHousehold(ctx, s.d, communeID, id, true)
}

// HouseholdByCode returns a household (without members) by its code.
func (s *Store) HouseholdByCode(ctx context.Context, communeID, code string) (Household, error) {
	const op = "commune: household by code"
	h, err := scanHousehold(s.d.QueryRow(ctx, householdSelect+` AND h.code = $2`, communeID, clean(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return h, errs.E(op, errs.NotFound, "commune.household.not_found")
	}
	return h, dbErr(op, err)
}

func getHousehold(ctx context.Context, q db.Q, communeID, id string, members bool) (Household, error) {
	const op = "commune: get household"
	h, err := scanHousehold(q.QueryRow(ctx, householdSelect+` AND h.id = $2`, communeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, errs.E(op, errs.NotFound, "commune.household.not_found")
	}
	if err != nil || !members {
		return h, dbErr(op, err)
	}
	h.Members, err = queryResidents(ctx, q, op, residentSelect+` AND r.household_id = $2 ORDER BY r.position, r.id`, communeID, id)
	sortMembers(h.Members)
	h.MemberCount = len(h.Members)
	return h, err
}

// HouseholdFilter selects households for a list.
type HouseholdFilter struct {
	Query    string // matched without diacritics against code, head's name, address, phone
	HamletID string
	// HeadedBy, when set, keeps to the hamlets whose head is this account (a hamlet head sees
	// their own hamlet only).
	HeadedBy string
	Page
}

// headedBy restricts a query over households h to the hamlets account $N heads.
func headedBy(n int) string {
	return fmt.Sprintf(` AND ($%d = '' OR h.hamlet_id IN (SELECT hx.id FROM hamlets hx WHERE hx.commune_id = $1 AND hx.head_user_id = $%d))`, n, n)
}

// ListHouseholds returns a page of households in code order, each with its member count
// (Members left empty), and how many match in all: two queries whatever the page size.
func (s *Store) ListHouseholds(ctx context.Context, communeID string, f HouseholdFilter) ([]Household, int, error) {
	const op = "commune: list households"
	p := f.Page.norm()
	pattern := ""
	if strings.TrimSpace(f.Query) != "" {
		pattern = fold.LikePattern(f.Query)
	}
	where := ` AND ($2 = '' OR h.hamlet_id = $2) AND ($3 = '' OR h.search LIKE $3)` + headedBy(4)
	var total int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM households h WHERE h.commune_id = $1`+where,
		communeID, f.HamletID, pattern, f.HeadedBy).Scan(&total); err != nil {
		return nil, 0, dbErr(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	// Codes are compared by length first so that "9" comes before "10".
	rows, err := s.d.Query(ctx, householdSelect+where+` ORDER BY length(h.code), h.code, h.id LIMIT $5 OFFSET $6`,
		communeID, f.HamletID, pattern, f.HeadedBy, p.Limit, p.Offset)
	if err != nil {
		return nil, 0, dbErr(op, err)
	}
	defer rows.Close()
	var out []Household
	for rows.Next() {
		h, err := scanHousehold(rows)
		if err != nil {
			return nil, 0, dbErr(op, err)
		}
		out = append(out, h)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// CreateHousehold registers a household with its members (at least the head). See
// Household.normalize for the field names of errors.
func (s *Store) CreateHousehold(ctx context.Context, communeID string, actor audit.Actor, h Household) (Household, error) {
	const op = "commune: create household"
	if err := h.normalize(s.today(), true).Err(op); err != nil {
		return h, err
	}
	h.ID = newID()
	for i := range h.Members {
		h.Members[i].ID, h.Members[i].HouseholdID, h.Members[i].Position = newID(), h.ID, i
	}
	sortMembers(h.Members)
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		if err := householdRefsOK(ctx, tx, op, communeID, &h); err != nil {
			return err
		}
		if err := idNumbersFree(ctx, tx, op, communeID, h.Members, ""); err != nil {
			return err
		}
		h.CreatedAt, h.UpdatedAt, h.MemberCount = tx.Now, tx.Now, len(h.Members)
		if err := db.InsertRows(ctx, tx, "households", householdCols, [][]any{h.row(communeID, tx.Now)}); err != nil {
			return dbErr(op, err)
		}
		rows := make([][]any, len(h.Members))
		for i := range h.Members {
			m := &h.Members[i]
			m.HouseholdCode, m.HamletID, m.HamletName, m.CreatedAt, m.UpdatedAt = h.Code, h.HamletID, h.HamletName, tx.Now, tx.Now
			rows[i] = m.row(communeID, tx.Now)
		}
		if err := db.InsertRows(ctx, tx, "residents", residentCols, rows); err != nil {
			return dbErr(op, err)
		}
		return record(ctx, tx, op, communeID, actor, "household.create", "household", h.ID, audit.Change{After: h.auditView()},
			TopicHouseholdCreated, map[string]string{"id": h.ID, "code": h.Code})
	})
	return h, err
}

// householdRefsOK checks, inside tx, that the hamlet is the commune's and the code is free.
func householdRefsOK(ctx context.Context, tx *db.Tx, op, communeID string, h *Household) error {
	fe := errs.FieldErrors{}
	hm, err := getHamlet(ctx, tx, communeID, h.HamletID)
	switch {
	case errs.KindOf(err) == errs.NotFound:
		fe["hamlet_id"] = "commune.household.hamlet_unknown"
	case err != nil:
		return err
	default:
		h.HamletName = hm.Name
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM households WHERE commune_id = $1 AND code = $2 AND id <> $3`,
		communeID, h.Code, h.ID).Scan(&n); err != nil {
		return dbErr(op, err)
	}
	if n > 0 {
		fe["code"] = "commune.household.code_taken"
	}
	return fe.Err(op)
}

// UpdateHousehold saves a household's code, hamlet, address and phone. When h.Members is not
// nil it is the new member list: members with an ID are updated, members without one are
// added, and current members missing from the list are removed; this is how the head is
// changed. With h.Members nil the members are left as they are.
func (s *Store) UpdateHousehold(ctx context.Context, communeID string, actor audit.Actor, h Household) (Household, error) {
	const op = "commune: update household"
	withMembers := h.Members != nil
	if err := h.normalize(s.today(), withMembers).Err(op); err != nil {
		return h, err
	}
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		old, err := getHousehold(ctx, tx, communeID, h.ID, true)
		if err != nil {
			return err
		}
		if err := householdRefsOK(ctx, tx, op, communeID, &h); err != nil {
			return err
		}
		h.CreatedAt, h.UpdatedAt = old.CreatedAt, tx.Now
		if !withMembers {
			h.Members, h.HeadName = old.Members, old.HeadName
			for i := range h.Members {
				h.Members[i].HouseholdCode, h.Members[i].HamletID, h.Members[i].HamletName = h.Code, h.HamletID, h.HamletName
			}
		} else if err := s.replaceMembers(ctx, tx, op, communeID, &h, old); err != nil {
			return err
		}
		h.MemberCount = len(h.Members)
		if _, err := tx.Exec(ctx, `UPDATE households SET code = $3, hamlet_id = $4, head_name = $5, address = $6, phone = $7,
			search = $8, updated_at = $9 WHERE commune_id = $1 AND id = $2`,
			communeID, h.ID, h.Code, h.HamletID, h.HeadName, h.Address, h.Phone, h.search(), tx.Now); err != nil {
			return dbErr(op, err)
		}
		before, after := changed(old.auditView(), h.auditView())
		return record(ctx, tx, op, communeID, actor, "household.update", "household", h.ID, audit.Change{Before: before, After: after},
			TopicHouseholdUpdated, map[string]string{"id": h.ID, "code": h.Code})
	})
	return h, err
}

// replaceMembers makes the household's members h.Members (see UpdateHousehold).
func (s *Store) replaceMembers(ctx context.Context, tx *db.Tx, op, communeID string, h *Household, old Household) error {
	current := map[string]Resident{}
	for _, m := range old.Members {
		current[m.ID] = m
	}
	for i := range h.Members {
		m := &h.Members[i]
		if m.ID != "" {
			if _, ok := current[m.ID]; !ok {
				return errs.E(op, errs.NotFound, "commune.resident.not_found")
			}
		}
	}
	if sameMembers(h.Members, old.Members) {
		// The form sent the members back unchanged (an edit of the household's own fields).
		for i := range h.Members {
			m := &h.Members[i]
			m.CreatedAt, m.UpdatedAt, m.Position = current[m.ID].CreatedAt, current[m.ID].UpdatedAt, current[m.ID].Position
			m.HouseholdID, m.HouseholdCode, m.HamletID, m.HamletName = h.ID, h.Code, h.HamletID, h.HamletName
		}
		return nil
	}
	if err := idNumbersFree(ctx, tx, op, communeID, h.Members, h.ID); err != nil {
		return err
	}
	// Rewrite the member rows: delete those leaving and those staying, insert the new list.
	// Keeping ids and created_at of those who stay, this is simpler than per-row updates and
	// avoids transient clashes of the unique ID number when two members swap numbers.
	if _, err := tx.Exec(ctx, `DELETE FROM residents WHERE commune_id = $1 AND household_id = $2`, communeID, h.ID); err != nil {
		return dbErr(op, err)
	}
	rows := make([][]any, len(h.Members))
	for i := range h.Members {
		m := &h.Members[i]
		m.HouseholdID, m.Position = h.ID, i
		m.HouseholdCode, m.HamletID, m.HamletName, m.UpdatedAt = h.Code, h.HamletID, h.HamletName, tx.Now
		if m.ID == "" {
			m.ID, m.CreatedAt = newID(), tx.Now
		} else {
			m.CreatedAt = current[m.ID].CreatedAt
		}
		r := m.row(communeID, tx.Now)
		r[len(r)-2] = m.CreatedAt
		rows[i] = r
	}
	if err := db.InsertRows(ctx, tx, "residents", residentCols, rows); err != nil {
		return dbErr(op, err)
	}
	sortMembers(h.Members)
	return nil
}

// sameMembers reports whether two member lists hold the same people with the same details in
// the same order.
func sameMembers(a, b []Resident) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.ID != y.ID || x.FullName != y.FullName || x.BirthDate != y.BirthDate || x.Gender != y.Gender ||
			x.IDNumber != y.IDNumber || x.Phone != y.Phone || x.Relation != y.Relation || x.Voter != y.Voter {
			return false
		}
	}
	return true
}

// touchHousehold marks a household changed and keeps its head's name (and search text) in
// step with its head member.
func touchHousehold(ctx context.Context, tx *db.Tx, communeID, id string) error {
	h, err := getHousehold(ctx, tx, communeID, id, true)
	if err != nil {
		return err
	}
	if head, ok := h.Head(); ok {
		h.HeadName = head.FullName
	}
	_, err = tx.Exec(ctx, `UPDATE households SET head_name = $3, search = $4, updated_at = $5 WHERE commune_id = $1 AND id = $2`,
		communeID, id, h.HeadName, h.search(), tx.Now)
	return err
}
