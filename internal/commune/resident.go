package commune

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// VoterFlag says whether a resident is on the voter list. Its zero value, VoterAuto, asks the
// store to derive it from the age (VoterAge); the form sends VoterYes or VoterNo to override
// (Election Law 2015 Art. 30 keeps some adults off the list, e.g. by a court's decision).
type VoterFlag int8

// Voter flags.
const (
	VoterAuto VoterFlag = iota
	VoterYes
	VoterNo
)

// Resident is a member of a household (nhân khẩu).
type Resident struct {
	ID          string
	HouseholdID string
	// Filled on reads.
	HouseholdCode string
	HamletID      string
	HamletName    string

	FullName  string
	BirthDate string // YYYY-MM-DD
	Gender    string // Male or Female
	IDNumber  string // số định danh cá nhân, 12 digits, or ""
	Phone     string // mobile, 10 digits, or ""
	Relation  string // to the head of household: "Chủ hộ", "Vợ", "Con", …
	Voter     VoterFlag
	Position  int // order within the household
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsVoter reports whether the resident is on the voter list.
func (r Resident) IsVoter() bool { return r.Voter == VoterYes }

// IsHead reports whether the resident is the head of the household.
func (r Resident) IsHead() bool { return r.Relation == RelationHead }

// Age is the resident's age in whole years on the day of t (-1 when unknown).
func (r Resident) Age(t time.Time) int { return Age(r.BirthDate, t) }

// normalize checks the resident's own fields; field names get prefix ("members.2.").
func (r *Resident) normalize(today time.Time, prefix string, fe errs.FieldErrors) {
	var key string
	r.FullName = clean(r.FullName)
	switch {
	case r.FullName == "":
		fe[prefix+"full_name"] = "commune.resident.name_required"
	case tooLong(r.FullName, maxName):
		fe[prefix+"full_name"] = "commune.too_long"
	}
	if strings.TrimSpace(r.BirthDate) == "" {
		fe[prefix+"birth_date"] = "commune.birth_date_required"
	} else if r.BirthDate, key = ParseBirthDate(r.BirthDate, today); key != "" {
		fe[prefix+"birth_date"] = key
	}
	if r.Gender, key = NormalizeGender(r.Gender); key != "" {
		fe[prefix+"gender"] = key
	} else if r.Gender == "" {
		fe[prefix+"gender"] = "commune.gender_required"
	}
	if r.IDNumber, key = NormalizeIDNumber(r.IDNumber); key != "" {
		fe[prefix+"id_number"] = key
	}
	if r.Phone, key = NormalizeMobile(r.Phone); key != "" {
		fe[prefix+"phone"] = key
	}
	r.Relation, _ = NormalizeRelation(r.Relation)
	switch {
	case r.Relation == "":
		fe[prefix+"relation"] = "commune.resident.relation_required"
	case tooLong(r.Relation, maxRelation):
		fe[prefix+"relation"] = "commune.too_long"
	}
	if r.Voter == VoterAuto && r.BirthDate != "" {
		r.Voter = VoterNo
		if Age(r.BirthDate, today) >= VoterAge {
			r.Voter = VoterYes
		}
	}
	if r.Voter != VoterYes && r.Voter != VoterNo {
		r.Voter = VoterNo
	}
}

func (r Resident) search() string { return fold.Join(r.FullName, r.IDNumber, r.Phone) }

// auditView is what the audit log keeps of a resident: identifiers masked.
func (r Resident) auditView() map[string]any {
	return map[string]any{"household_id": r.HouseholdID, "full_name": r.FullName, "birth_date": r.BirthDate,
		"gender": r.Gender, "id_number": maskID(r.IDNumber), "phone": maskID(r.Phone), "relation": r.Relation,
		"voter": r.IsVoter()}
}

// line is a one-line summary of a member for the household's audit entry.
func (r Resident) line() string {
	return fmt.Sprintf("%s (%s, %s, %s)", r.FullName, r.Relation, r.BirthDate, maskID(r.IDNumber))
}

var residentCols = []string{"commune_id", "id", "household_id", "position", "full_name", "birth_date", "gender",
	"id_number", "phone", "relation", "is_voter", "search", "created_at", "updated_at"}

func (r Resident) row(communeID string, now time.Time) []any {
	return []any{communeID, r.ID, r.HouseholdID, r.Position, r.FullName, r.BirthDate, r.Gender,
		nullIfEmpty(r.IDNumber), r.Phone, r.Relation, r.IsVoter(), r.search(), now, now}
}

const residentSelect = `SELECT r.id, r.household_id, h.code, h.hamlet_id, hm.name, r.position, r.full_name, r.birth_date,
	r.gender, r.id_number, r.phone, r.relation, r.is_voter, r.created_at, r.updated_at
	FROM residents r
	JOIN households h ON h.commune_id = r.commune_id AND h.id = r.household_id
	JOIN hamlets hm ON hm.commune_id = h.commune_id AND hm.id = h.hamlet_id
	WHERE r.commune_id = $1`

func scanResident(row interface{ Scan(...any) error }) (Resident, error) {
	var r Resident
	var idNumber sql.NullString
	var voter bool
	err := row.Scan(&r.ID, &r.HouseholdID, &r.HouseholdCode, &r.HamletID, &r.HamletName, &r.Position, &r.FullName,
		&r.BirthDate, &r.Gender, &idNumber, &r.Phone, &r.Relation, &voter, &r.CreatedAt, &r.UpdatedAt)
	r.IDNumber = idNumber.String
	r.Voter = VoterNo
	if voter {
		r.Voter = VoterYes
	}
	return r, err
}

func queryResidents(ctx context.Context, q db.Q, op, query string, args ...any) ([]Resident, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, dbErr(op, err)
	}
	defer rows.Close()
	var out []Resident
	for rows.Next() {
		r, err := scanResident(rows)
		if err != nil {
			return nil, dbErr(op, err)
		}
		out = append(out, r)
	}
	return out, errs.Wrap(op, rows.Err())
}

// sortMembers puts the head first, then the others in their order.
func sortMembers(ms []Resident) {
	slices.SortStableFunc(ms, func(a, b Resident) int {
		if a.IsHead() != b.IsHead() {
			if a.IsHead() {
				return -1
			}
			return 1
		}
		return a.Position - b.Position
	})
}

// GetResident returns one resident of the commune.
func (s *Store) GetResident(ctx context.Context, communeID, id string) (Resident, error) {
	return getResident(ctx, s.d, communeID, id)
}

func getResident(ctx context.Context, q db.Q, communeID, id string) (Resident, error) {
	const op = "commune: get resident"
	r, err := scanResident(q.QueryRow(ctx, residentSelect+` AND r.id = $2`, communeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E(op, errs.NotFound, "commune.resident.not_found")
	}
	return r, dbErr(op, err)
}

// ResidentFilter selects residents for a list.
type ResidentFilter struct {
	Query       string // matched without diacritics against name, ID number and phone
	HamletID    string
	HouseholdID string
	VotersOnly  bool
	HeadedBy    string // as in HouseholdFilter
	Page
}

// ListResidents returns a page of the commune's residents (in folded-name order) and how many
// match in all.
func (s *Store) ListResidents(ctx context.Context, communeID string, f ResidentFilter) ([]Resident, int, error) {
	const op = "commune: list residents"
	p := f.Page.norm()
	pattern := ""
	if strings.TrimSpace(f.Query) != "" {
		pattern = fold.LikePattern(f.Query)
	}
	where := ` AND ($2 = '' OR h.hamlet_id = $2) AND ($3 = '' OR r.household_id = $3) AND ($4 = '' OR r.search LIKE $4)
		AND ($5 = 0 OR r.is_voter)` + headedBy(6)
	voters := 0
	if f.VotersOnly {
		voters = 1
	}
	args := []any{communeID, f.HamletID, f.HouseholdID, pattern, voters, f.HeadedBy}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM residents r
		JOIN households h ON h.commune_id = r.commune_id AND h.id = r.household_id
		WHERE r.commune_id = $1`+where, args...).Scan(&total); err != nil {
		return nil, 0, dbErr(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	out, err := queryResidents(ctx, s.d, op, residentSelect+where+` ORDER BY r.search, r.id LIMIT $7 OFFSET $8`,
		append(args, p.Limit, p.Offset)...)
	return out, total, err
}

// AddResident adds a member to the household r.HouseholdID. Fields: full_name, birth_date,
// gender, id_number, phone, relation. A second head is refused (change the head by editing
// the household).
func (s *Store) AddResident(ctx context.Context, communeID string, actor audit.Actor, r Resident) (Resident, error) {
	const op = "commune: add resident"
	fe := errs.FieldErrors{}
	r.normalize(s.today(), "", fe)
	if err := fe.Err(op); err != nil {
		return r, err
	}
	r.ID = newID()
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		h, err := getHousehold(ctx, tx, communeID, r.HouseholdID, true)
		if err != nil {
			return err
		}
		if r.IsHead() {
			return errs.FieldErrors{"relation": "commune.resident.head_exists"}.Err(op)
		}
		if err := idNumbersFree(ctx, tx, op, communeID, []Resident{r}, ""); err != nil {
			return err
		}
		r.Position = 0
		for _, m := range h.Members {
			r.Position = max(r.Position, m.Position+1)
		}
		r.HouseholdCode, r.HamletID, r.HamletName = h.Code, h.HamletID, h.HamletName
		r.CreatedAt, r.UpdatedAt = tx.Now, tx.Now
		if err := db.InsertRows(ctx, tx, "residents", residentCols, [][]any{r.row(communeID, tx.Now)}); err != nil {
			return dbErr(op, err)
		}
		if err := touchHousehold(ctx, tx, communeID, h.ID); err != nil {
			return dbErr(op, err)
		}
		return record(ctx, tx, op, communeID, actor, "resident.create", "resident", r.ID, audit.Change{After: r.auditView()},
			TopicResidentAdded, map[string]string{"id": r.ID, "household_id": r.HouseholdID})
	})
	return r, err
}

// UpdateResident saves a resident's details; a different HouseholdID moves them to that
// household ("" keeps the current one). The head can neither move nor stop being the head
// here, and no one else can become head: that is a change of the household.
func (s *Store) UpdateResident(ctx context.Context, communeID string, actor audit.Actor, r Resident) (Resident, error) {
	const op = "commune: update resident"
	fe := errs.FieldErrors{}
	r.normalize(s.today(), "", fe)
	if err := fe.Err(op); err != nil {
		return r, err
	}
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		old, err := getResident(ctx, tx, communeID, r.ID)
		if err != nil {
			return err
		}
		if r.HouseholdID == "" {
			r.HouseholdID = old.HouseholdID
		}
		r.Position, r.CreatedAt = old.Position, old.CreatedAt
		r.HouseholdCode, r.HamletID, r.HamletName = old.HouseholdCode, old.HamletID, old.HamletName
		switch {
		case old.IsHead() && !r.IsHead():
			return errs.FieldErrors{"relation": "commune.resident.head_required"}.Err(op)
		case !old.IsHead() && r.IsHead():
			return errs.FieldErrors{"relation": "commune.resident.head_exists"}.Err(op)
		}
		if r.HouseholdID != old.HouseholdID {
			if old.IsHead() {
				return errs.FieldErrors{"household_id": "commune.resident.head_cannot_move"}.Err(op)
			}
			to, err := getHousehold(ctx, tx, communeID, r.HouseholdID, true)
			if errs.KindOf(err) == errs.NotFound {
				return errs.FieldErrors{"household_id": "commune.household.not_found"}.Err(op)
			} else if err != nil {
				return err
			}
			r.HouseholdCode, r.HamletID, r.HamletName = to.Code, to.HamletID, to.HamletName
			r.Position = 0
			for _, m := range to.Members {
				r.Position = max(r.Position, m.Position+1)
			}
		}
		if err := idNumbersFree(ctx, tx, op, communeID, []Resident{r}, ""); err != nil {
			return err
		}
		r.UpdatedAt = tx.Now
		if _, err := tx.Exec(ctx, `UPDATE residents SET household_id = $3, position = $4, full_name = $5, birth_date = $6,
			gender = $7, id_number = $8, phone = $9, relation = $10, is_voter = $11, search = $12, updated_at = $13
			WHERE commune_id = $1 AND id = $2`, communeID, r.ID, r.HouseholdID, r.Position, r.FullName, r.BirthDate,
			r.Gender, nullIfEmpty(r.IDNumber), r.Phone, r.Relation, r.IsVoter(), r.search(), tx.Now); err != nil {
			return dbErr(op, err)
		}
		for _, hid := range []string{old.HouseholdID, r.HouseholdID} {
			if err := touchHousehold(ctx, tx, communeID, hid); err != nil {
				return dbErr(op, err)
			}
		}
		before, after := changed(old.auditView(), r.auditView())
		return record(ctx, tx, op, communeID, actor, "resident.update", "resident", r.ID, audit.Change{Before: before, After: after},
			TopicResidentUpdated, map[string]string{"id": r.ID, "household_id": r.HouseholdID})
	})
	return r, err
}

// RemoveResident takes a member off the household register (moved away, deceased). The head
// cannot be removed: name another head first by editing the household.
func (s *Store) RemoveResident(ctx context.Context, communeID string, actor audit.Actor, id string) error {
	const op = "commune: remove resident"
	return s.d.Tx(ctx, func(tx *db.Tx) error {
		old, err := getResident(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if old.IsHead() {
			return errs.E(op, errs.Conflict, "commune.resident.remove_head")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM residents WHERE commune_id = $1 AND id = $2`, communeID, id); err != nil {
			return dbErr(op, err)
		}
		if err := touchHousehold(ctx, tx, communeID, old.HouseholdID); err != nil {
			return dbErr(op, err)
		}
		return record(ctx, tx, op, communeID, actor, "resident.delete", "resident", id, audit.Change{Before: old.auditView()},
			TopicResidentRemoved, map[string]string{"id": id, "household_id": old.HouseholdID})
	})
}

// idNumbersFree checks in one query that the members' ID numbers are not held by another
// resident of the commune (residents of household exceptHousehold are being rewritten and
// do not count). Field names are "id_number", or "members.i.id_number" when there are several.
func idNumbersFree(ctx context.Context, tx *db.Tx, op, communeID string, ms []Resident, exceptHousehold string) error {
	var nums []string
	for _, m := range ms {
		if m.IDNumber != "" {
			nums = append(nums, m.IDNumber)
		}
	}
	if len(nums) == 0 {
		return nil
	}
	holders, err := idNumberHolders(ctx, tx, communeID, nums)
	if err != nil {
		return dbErr(op, err)
	}
	fe := errs.FieldErrors{}
	for i, m := range ms {
		h, ok := holders[m.IDNumber]
		if !ok || h.id == m.ID || (exceptHousehold != "" && h.household == exceptHousehold) {
			continue
		}
		if len(ms) == 1 {
			fe["id_number"] = "commune.resident.id_number_taken"
		} else {
			fe[fmt.Sprintf("members.%d.id_number", i)] = "commune.resident.id_number_taken"
		}
	}
	return fe.Err(op)
}

type holder struct{ id, household string }

// idNumberHolders returns who holds each of nums, in one query per inChunk numbers.
func idNumberHolders(ctx context.Context, q db.Q, communeID string, nums []string) (map[string]holder, error) {
	out := map[string]holder{}
	for start := 0; start < len(nums); start += inChunk {
		chunk := nums[start:min(start+inChunk, len(nums))]
		args := make([]any, 0, len(chunk)+1)
		args = append(args, communeID)
		for _, n := range chunk {
			args = append(args, n)
		}
		rows, err := q.Query(ctx, `SELECT id_number, id, household_id FROM residents WHERE commune_id = $1 AND id_number IN (`+
			db.Placeholders(2, len(chunk))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n string
			var h holder
			if err := rows.Scan(&n, &h.id, &h.household); err != nil {
				rows.Close()
				return nil, err
			}
			out[n] = h
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
