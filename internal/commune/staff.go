package commune

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// Staff is an entry of the staff directory (danh bạ cán bộ, công chức): commune officials and
// the people who work with them (hamlet heads, the Front, the people's boards).
type Staff struct {
	ID          string
	UserID      string // the linked account (package auth), "" when none
	FullName    string
	Title       string // "Chủ tịch UBND xã", "Công chức Tư pháp - Hộ tịch"
	Unit        string // "Lãnh đạo UBND xã", "Bộ phận Một cửa", "Xóm Đồng Kệu"
	Phone       string
	Email       string
	PhotoSHA256 string // the photo in the blob store, "" when none
	Roles       string // role names, space-separated ("leader", "desk specialist")
	SortOrder   int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// RoleList returns the roles as a list.
func (s Staff) RoleList() []string { return strings.Fields(s.Roles) }

func (s *Staff) normalize() errs.FieldErrors {
	fe := errs.FieldErrors{}
	var key string
	s.FullName, s.Title, s.Unit = clean(s.FullName), clean(s.Title), clean(s.Unit)
	s.Email, s.PhotoSHA256 = strings.ToLower(clean(s.Email)), strings.ToLower(strings.TrimSpace(s.PhotoSHA256))
	s.UserID = strings.TrimSpace(s.UserID)
	switch {
	case s.FullName == "":
		fe["full_name"] = "commune.staff.name_required"
	case tooLong(s.FullName, maxName):
		fe["full_name"] = "commune.too_long"
	}
	if s.Title == "" {
		fe["title"] = "commune.staff.title_required"
	} else if tooLong(s.Title, maxTitle) {
		fe["title"] = "commune.too_long"
	}
	if tooLong(s.Unit, maxTitle) {
		fe["unit"] = "commune.too_long"
	}
	if s.Phone, key = NormalizePhone(s.Phone); key != "" {
		fe["phone"] = key
	}
	if !validEmail(s.Email) {
		fe["email"] = "commune.email_invalid"
	}
	if s.PhotoSHA256 != "" && !sha256Re.MatchString(s.PhotoSHA256) {
		fe["photo"] = "commune.staff.photo_invalid"
	}
	var roles []string
	for _, r := range strings.FieldsFunc(strings.ToLower(s.Roles), func(r rune) bool { return r == ' ' || r == ',' }) {
		if !isRoleName(r) {
			fe["roles"] = "commune.staff.roles_invalid"
			break
		}
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	s.Roles = strings.Join(roles, " ")
	return fe
}

func isRoleName(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return len(s) > 0 && len(s) <= 30
}

func (s Staff) search() string { return fold.Join(s.FullName, s.Title, s.Unit, s.Phone, s.Email) }

func (s Staff) auditView() map[string]any {
	return map[string]any{"user_id": s.UserID, "full_name": s.FullName, "title": s.Title, "unit": s.Unit, "phone": s.Phone,
		"email": s.Email, "photo_sha256": s.PhotoSHA256, "roles": s.Roles, "sort_order": s.SortOrder}
}

var staffCols = []string{"commune_id", "id", "user_id", "full_name", "title", "unit", "phone", "email", "photo_sha256",
	"roles", "sort_order", "search", "created_at", "updated_at"}

func (s Staff) row(communeID string, now time.Time) []any {
	return []any{communeID, s.ID, s.UserID, s.FullName, s.Title, s.Unit, s.Phone, s.Email, s.PhotoSHA256,
		s.Roles, s.SortOrder, s.search(), now, now}
}

const staffSelect = `SELECT id, user_id, full_name, title, unit, phone, email, photo_sha256, roles, sort_order, created_at, updated_at
	FROM staff WHERE commune_id = $1`

func scanStaff(row interface{ Scan(...any) error }) (Staff, error) {
	var s Staff
	err := row.Scan(&s.ID, &s.UserID, &s.FullName, &s.Title, &s.Unit, &s.Phone, &s.Email, &s.PhotoSHA256, &s.Roles,
		&s.SortOrder, &s.CreatedAt, &s.UpdatedAt)
	return s, err
}

func oneStaff(ctx context.Context, q db.Q, op, where string, args ...any) (Staff, error) {
	st, err := scanStaff(q.QueryRow(ctx, staffSelect+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return st, errs.E(op, errs.NotFound, "commune.staff.not_found")
	}
	return st, dbErr(op, err)
}

// GetStaff returns one staff member of the commune.
func (s *Store) GetStaff(ctx context.Context, communeID, id string) (Staff, error) {
	return oneStaff(ctx, s.d, "commune: get staff", ` AND id = $2`, communeID, id)
}

// StaffByUserID returns the staff member linked to an account.
func (s *Store) StaffByUserID(ctx context.Context, communeID, userID string) (Staff, error) {
	if userID == "" {
		return Staff{}, errs.E("commune: staff by user", errs.NotFound, "commune.staff.not_found")
	}
	return oneStaff(ctx, s.d, "commune: staff by user", ` AND user_id = $2`, communeID, userID)
}

// StaffFilter selects staff for a list.
type StaffFilter struct {
	Query string // matched without diacritics against name, title, unit, phone, email
	Page
}

// ListStaff returns a page of the directory in display order and how many match in all.
func (s *Store) ListStaff(ctx context.Context, communeID string, f StaffFilter) ([]Staff, int, error) {
	const op = "commune: list staff"
	p := f.Page.norm()
	pattern := ""
	if strings.TrimSpace(f.Query) != "" {
		pattern = fold.LikePattern(f.Query)
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM staff WHERE commune_id = $1 AND ($2 = '' OR search LIKE $2)`,
		communeID, pattern).Scan(&total); err != nil {
		return nil, 0, dbErr(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.d.Query(ctx, staffSelect+` AND ($2 = '' OR search LIKE $2) ORDER BY sort_order, search, id LIMIT $3 OFFSET $4`,
		communeID, pattern, p.Limit, p.Offset)
	if err != nil {
		return nil, 0, dbErr(op, err)
	}
	defer rows.Close()
	var out []Staff
	for rows.Next() {
		st, err := scanStaff(rows)
		if err != nil {
			return nil, 0, dbErr(op, err)
		}
		out = append(out, st)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// CreateStaff adds a directory entry. Fields: full_name, title, unit, phone, email, photo,
// roles, user_id.
func (s *Store) CreateStaff(ctx context.Context, communeID string, actor audit.Actor, st Staff) (Staff, error) {
	const op = "commune: create staff"
	if err := st.normalize().Err(op); err != nil {
		return st, err
	}
	st.ID = newID()
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		if err := userFree(ctx, tx, op, communeID, st); err != nil {
			return err
		}
		if st.SortOrder == 0 {
			if err := tx.QueryRow(ctx, `SELECT coalesce(max(sort_order), 0) + 1 FROM staff WHERE commune_id = $1`, communeID).Scan(&st.SortOrder); err != nil {
				return dbErr(op, err)
			}
		}
		st.CreatedAt, st.UpdatedAt = tx.Now, tx.Now
		if err := db.InsertRows(ctx, tx, "staff", staffCols, [][]any{st.row(communeID, tx.Now)}); err != nil {
			return dbErr(op, err)
		}
		return record(ctx, tx, op, communeID, actor, "staff.create", "staff", st.ID, audit.Change{After: st.auditView()},
			TopicStaffCreated, map[string]string{"id": st.ID})
	})
	return st, err
}

// UpdateStaff saves a directory entry.
func (s *Store) UpdateStaff(ctx context.Context, communeID string, actor audit.Actor, st Staff) (Staff, error) {
	const op = "commune: update staff"
	if err := st.normalize().Err(op); err != nil {
		return st, err
	}
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		st, err = saveStaff(ctx, tx, op, communeID, actor, st)
		return err
	})
	return st, err
}

// LinkStaffUser links a directory entry to an account ("" unlinks): what the account
// administration does after creating a staff member's login.
func (s *Store) LinkStaffUser(ctx context.Context, communeID string, actor audit.Actor, staffID, userID string) (Staff, error) {
	const op = "commune: link staff"
	var st Staff
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if st, err = oneStaff(ctx, tx, op, ` AND id = $2`, communeID, staffID); err != nil {
			return err
		}
		st.UserID = userID
		st, err = saveStaff(ctx, tx, op, communeID, actor, st)
		return err
	})
	return st, err
}

func saveStaff(ctx context.Context, tx *db.Tx, op, communeID string, actor audit.Actor, st Staff) (Staff, error) {
	old, err := oneStaff(ctx, tx, op, ` AND id = $2`, communeID, st.ID)
	if err != nil {
		return st, err
	}
	if err := userFree(ctx, tx, op, communeID, st); err != nil {
		return st, err
	}
	st.CreatedAt, st.UpdatedAt = old.CreatedAt, tx.Now
	if _, err := tx.Exec(ctx, `UPDATE staff SET user_id = $3, full_name = $4, title = $5, unit = $6, phone = $7, email = $8,
		photo_sha256 = $9, roles = $10, sort_order = $11, search = $12, updated_at = $13 WHERE commune_id = $1 AND id = $2`,
		communeID, st.ID, st.UserID, st.FullName, st.Title, st.Unit, st.Phone, st.Email, st.PhotoSHA256, st.Roles,
		st.SortOrder, st.search(), tx.Now); err != nil {
		return st, dbErr(op, err)
	}
	before, after := changed(old.auditView(), st.auditView())
	return st, record(ctx, tx, op, communeID, actor, "staff.update", "staff", st.ID, audit.Change{Before: before, After: after},
		TopicStaffUpdated, map[string]string{"id": st.ID})
}

func userFree(ctx context.Context, tx *db.Tx, op, communeID string, st Staff) error {
	if st.UserID == "" {
		return nil
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM staff WHERE commune_id = $1 AND user_id = $2 AND id <> $3`,
		communeID, st.UserID, st.ID).Scan(&n); err != nil {
		return dbErr(op, err)
	}
	if n > 0 {
		return errs.FieldErrors{"user_id": "commune.staff.user_taken"}.Err(op)
	}
	return nil
}
