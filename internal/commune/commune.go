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
	"xaso/internal/events"
)

// Commune is a tenant: one commune People's Committee, with what its letterhead, its portal
// and its dossier codes need.
type Commune struct {
	ID           string
	Code         string // short code, unique: "BINHYEN"
	Name         string // "Bình Yên" (without the word "xã")
	Province     string // "Thái Nguyên"
	Address      string
	Phone        string
	Email        string
	Chairman     string // Chủ tịch UBND, as signed on letters
	WorkingHours string // free text shown on the portal
	ParentBody   string // the line above the committee on the letterhead: "UBND TỈNH THÁI NGUYÊN"
	AgencyCode   string // mã định danh cơ quan, used in dossier codes: "000.00.12.H55"
	Host         string // host name the commune is served on ("" = none)
	CreatedAt    time.Time
}

// Committee is the issuing body's name as the letterhead writes it: "UBND XÃ BÌNH YÊN".
func (c Commune) Committee() string { return "UBND XÃ " + strings.ToUpper(c.Name) }

const communeCols = `id, code, name, province, address, phone, email, chairman, working_hours, parent_body, agency_code, host, created_at`

func scanCommune(row interface{ Scan(...any) error }) (Commune, error) {
	var c Commune
	err := row.Scan(&c.ID, &c.Code, &c.Name, &c.Province, &c.Address, &c.Phone, &c.Email, &c.Chairman,
		&c.WorkingHours, &c.ParentBody, &c.AgencyCode, &c.Host, &c.CreatedAt)
	return c, err
}

func oneCommune(ctx context.Context, q db.Q, op, where string, arg ...any) (Commune, error) {
	c, err := scanCommune(q.QueryRow(ctx, `SELECT `+communeCols+` FROM communes `+where, arg...))
	if errors.Is(err, sql.ErrNoRows) {
		return Commune{}, errs.E(op, errs.NotFound, "commune.not_found")
	}
	if err != nil {
		return Commune{}, errs.Wrap(op, err)
	}
	return c, nil
}

// GetCommune returns the commune with that id.
func GetCommune(ctx context.Context, q db.Q, id string) (Commune, error) {
	return oneCommune(ctx, q, "commune: get", `WHERE id = $1`, id)
}

// CommuneByCode returns the commune with that code.
func CommuneByCode(ctx context.Context, q db.Q, code string) (Commune, error) {
	return oneCommune(ctx, q, "commune: by code", `WHERE code = $1`, strings.ToUpper(strings.TrimSpace(code)))
}

// CommuneByHost returns the commune served on host (the port, if any, is ignored).
func CommuneByHost(ctx context.Context, q db.Q, host string) (Commune, error) {
	host = normalizeHost(host)
	if host == "" {
		return Commune{}, errs.E("commune: by host", errs.NotFound, "commune.not_found")
	}
	return oneCommune(ctx, q, "commune: by host", `WHERE host = $1`, host)
}

// FirstCommune returns the oldest commune: the only one of a single-commune installation.
func FirstCommune(ctx context.Context, q db.Q) (Commune, error) {
	return oneCommune(ctx, q, "commune: first", `ORDER BY created_at, id LIMIT 1`)
}

// ListCommunes returns every commune by name (a province deployment has about a hundred).
func ListCommunes(ctx context.Context, q db.Q) ([]Commune, error) {
	rows, err := q.Query(ctx, `SELECT `+communeCols+` FROM communes ORDER BY name, id`)
	if err != nil {
		return nil, errs.Wrap("commune: list", err)
	}
	defer rows.Close()
	var out []Commune
	for rows.Next() {
		c, err := scanCommune(rows)
		if err != nil {
			return nil, errs.Wrap("commune: list", err)
		}
		out = append(out, c)
	}
	return out, errs.Wrap("commune: list", rows.Err())
}

func normalizeHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return strings.TrimSuffix(h, ".")
}

func (c *Commune) normalize() errs.FieldErrors {
	fe := errs.FieldErrors{}
	c.Code = strings.ToUpper(clean(c.Code))
	c.Name, c.Province, c.Address = clean(c.Name), clean(c.Province), clean(c.Address)
	c.Email = strings.ToLower(clean(c.Email))
	c.Chairman, c.ParentBody, c.AgencyCode = clean(c.Chairman), clean(c.ParentBody), clean(c.AgencyCode)
	c.WorkingHours = strings.TrimSpace(c.WorkingHours)
	c.Host = normalizeHost(c.Host)
	switch {
	case c.Code == "":
		fe["code"] = "commune.code_required"
	case !codeOK(c.Code):
		fe["code"] = "commune.code_invalid"
	}
	if c.Name == "" {
		fe["name"] = "commune.name_required"
	} else if tooLong(c.Name, maxName) {
		fe["name"] = "commune.too_long"
	}
	if c.Province == "" {
		fe["province"] = "commune.province_required"
	} else if tooLong(c.Province, maxName) {
		fe["province"] = "commune.too_long"
	}
	if tooLong(c.Address, maxAddress) {
		fe["address"] = "commune.too_long"
	}
	var key string
	if c.Phone, key = NormalizePhone(c.Phone); key != "" {
		fe["phone"] = key
	}
	if !validEmail(c.Email) {
		fe["email"] = "commune.email_invalid"
	}
	if tooLong(c.Chairman, maxName) {
		fe["chairman"] = "commune.too_long"
	}
	if tooLong(c.ParentBody, maxTitle) {
		fe["parent_body"] = "commune.too_long"
	}
	if tooLong(c.WorkingHours, 500) {
		fe["working_hours"] = "commune.too_long"
	}
	if tooLong(c.AgencyCode, 40) {
		fe["agency_code"] = "commune.too_long"
	}
	if strings.ContainsAny(c.Host, "/ @?#") || tooLong(c.Host, 253) {
		fe["host"] = "commune.host_invalid"
	}
	return fe
}

// communeConflicts reports a code or host already used by another commune.
func communeConflicts(ctx context.Context, tx *db.Tx, op string, c Commune) error {
	rows, err := tx.Query(ctx, `SELECT code, host FROM communes WHERE id <> $1 AND (code = $2 OR ($3 <> '' AND host = $3))`,
		c.ID, c.Code, c.Host)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	fe := errs.FieldErrors{}
	for rows.Next() {
		var code, host string
		if err := rows.Scan(&code, &host); err != nil {
			return errs.Wrap(op, err)
		}
		if code == c.Code {
			fe["code"] = "commune.code_taken"
		}
		if c.Host != "" && host == c.Host {
			fe["host"] = "commune.host_taken"
		}
	}
	if err := rows.Err(); err != nil {
		return errs.Wrap(op, err)
	}
	return fe.Err(op)
}

// codeOK accepts upper-case letters, digits, '-' and '_' (a code goes into URLs and file names).
func codeOK(s string) bool {
	if tooLong(s, maxCode) {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func (c Commune) auditView() map[string]any {
	return map[string]any{"code": c.Code, "name": c.Name, "province": c.Province, "address": c.Address,
		"phone": c.Phone, "email": c.Email, "chairman": c.Chairman, "working_hours": c.WorkingHours,
		"parent_body": c.ParentBody, "agency_code": c.AgencyCode, "host": c.Host}
}

// CreateCommune validates and inserts a commune inside tx (a new tenant; the caller is an
// operator command or the demo seed), recording it in the new commune's audit log as the
// system's act and announcing TopicCommuneCreated. c.ID is assigned when empty.
func CreateCommune(ctx context.Context, tx *db.Tx, c Commune) (Commune, error) {
	const op = "commune: create"
	if err := c.normalize().Err(op); err != nil {
		return c, err
	}
	if c.ID == "" {
		c.ID = newID()
	}
	c.CreatedAt = tx.Now
	if err := communeConflicts(ctx, tx, op, c); err != nil {
		return c, err
	}
	_, err := tx.Exec(ctx, `INSERT INTO communes (`+communeCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		c.ID, c.Code, c.Name, c.Province, c.Address, c.Phone, c.Email, c.Chairman, c.WorkingHours, c.ParentBody, c.AgencyCode, c.Host, c.CreatedAt)
	if db.IsUniqueViolation(err) {
		return c, errs.FieldErrors{"code": "commune.code_taken"}.Err(op)
	}
	if err != nil {
		return c, errs.Wrap(op, err)
	}
	if err := audit.Record(ctx, tx, c.ID, audit.System, "commune.create", "commune", c.ID, audit.Change{After: c.auditView()}); err != nil {
		return c, errs.Wrap(op, err)
	}
	if err := events.Publish(ctx, tx, c.ID, TopicCommuneCreated, map[string]string{"id": c.ID, "code": c.Code}); err != nil {
		return c, errs.Wrap(op, err)
	}
	return c, nil
}

// UpdateCommune validates and saves the commune's details inside tx, audited as actor's act
// and announced as TopicCommuneUpdated. The id never changes; CreatedAt is kept.
func UpdateCommune(ctx context.Context, tx *db.Tx, actor audit.Actor, c Commune) (Commune, error) {
	const op = "commune: update"
	old, err := GetCommune(ctx, tx, c.ID)
	if err != nil {
		return c, err
	}
	if err := c.normalize().Err(op); err != nil {
		return c, err
	}
	c.CreatedAt = old.CreatedAt
	if err := communeConflicts(ctx, tx, op, c); err != nil {
		return c, err
	}
	if _, err := tx.Exec(ctx, `UPDATE communes SET code = $2, name = $3, province = $4, address = $5, phone = $6, email = $7,
		chairman = $8, working_hours = $9, parent_body = $10, agency_code = $11, host = $12 WHERE id = $1`,
		c.ID, c.Code, c.Name, c.Province, c.Address, c.Phone, c.Email, c.Chairman, c.WorkingHours, c.ParentBody, c.AgencyCode, c.Host); err != nil {
		if db.IsUniqueViolation(err) {
			return c, errs.FieldErrors{"code": "commune.code_taken"}.Err(op)
		}
		return c, errs.Wrap(op, err)
	}
	before, after := changed(old.auditView(), c.auditView())
	if err := audit.Record(ctx, tx, c.ID, actor, "commune.update", "commune", c.ID, audit.Change{Before: before, After: after}); err != nil {
		return c, errs.Wrap(op, err)
	}
	if err := events.Publish(ctx, tx, c.ID, TopicCommuneUpdated, map[string]string{"id": c.ID}); err != nil {
		return c, errs.Wrap(op, fmt.Errorf("publish: %w", err))
	}
	return c, nil
}

// UpdateCommune saves the details of the commune communeID (c.ID is ignored) in its own
// transaction.
func (s *Store) UpdateCommune(ctx context.Context, communeID string, actor audit.Actor, c Commune) (Commune, error) {
	c.ID = communeID
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = UpdateCommune(ctx, tx, actor, c)
		return err
	})
	return c, err
}

// Commune returns the commune communeID.
func (s *Store) Commune(ctx context.Context, communeID string) (Commune, error) {
	return GetCommune(ctx, s.d, communeID)
}
