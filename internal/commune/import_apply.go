package commune

import (
	"context"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// dbErrorKeys are the row errors ValidateImport adds; it drops them before checking again.
var dbErrorKeys = map[string]bool{
	"commune.import.hamlet_unknown":   true,
	"commune.import.hamlet_ambiguous": true,
	"commune.import.household_exists": true,
	"commune.import.id_number_exists": true,
}

// ValidateImport adds to the preview the errors that depend on the commune's data: unknown
// hamlet names, household codes and ID numbers already registered. It resolves HamletID. A
// few queries whatever the size of the file; it may be called again (its earlier errors are
// replaced).
func (s *Store) ValidateImport(ctx context.Context, communeID string, p *ImportPreview) error {
	return validateImport(ctx, s.d, communeID, p)
}

// hamletKey compares hamlet names: folded, without the leading "xóm"/"thôn"/… so that
// "Đồng Kệu" in a file finds "Xóm Đồng Kệu".
func hamletKey(name string) string {
	k := fold.String(name)
	for _, prefix := range []string{"xom ", "thon ", "to dan pho ", "ban ", "ap "} {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			return rest
		}
	}
	return k
}

func validateImport(ctx context.Context, q db.Q, communeID string, p *ImportPreview) error {
	const op = "commune: validate import"
	kept := p.Errors[:0]
	for _, e := range p.Errors {
		if !dbErrorKeys[e.Key] {
			kept = append(kept, e)
		}
	}
	p.Errors = kept

	// Hamlets: one query for all.
	rows, err := q.Query(ctx, `SELECT id, name FROM hamlets WHERE commune_id = $1`, communeID)
	if err != nil {
		return dbErr(op, err)
	}
	byKey := map[string][]string{} // key → hamlet ids
	exact := map[string]string{}   // folded full name → id
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return dbErr(op, err)
		}
		exact[fold.String(name)] = id
		byKey[hamletKey(name)] = append(byKey[hamletKey(name)], id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return dbErr(op, err)
	}
	var codes []string
	for i := range p.Households {
		h := &p.Households[i]
		h.HamletID = ""
		codes = append(codes, h.Code)
		if h.HamletName == "" {
			continue
		}
		if id, ok := exact[fold.String(h.HamletName)]; ok {
			h.HamletID = id
			continue
		}
		switch ids := byKey[hamletKey(h.HamletName)]; len(ids) {
		case 1:
			h.HamletID = ids[0]
		case 0:
			p.fail(h.Row, ColHamlet, "commune.import.hamlet_unknown", h.HamletName)
		default:
			p.fail(h.Row, ColHamlet, "commune.import.hamlet_ambiguous", h.HamletName)
		}
	}

	// Household codes: one query per inChunk codes.
	taken := map[string]bool{}
	for start := 0; start < len(codes); start += inChunk {
		chunk := codes[start:min(start+inChunk, len(codes))]
		args := []any{communeID}
		for _, c := range chunk {
			args = append(args, c)
		}
		rows, err := q.Query(ctx, `SELECT code FROM households WHERE commune_id = $1 AND code IN (`+db.Placeholders(2, len(chunk))+`)`, args...)
		if err != nil {
			return dbErr(op, err)
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return dbErr(op, err)
			}
			taken[c] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return dbErr(op, err)
		}
	}
	var nums []string
	for _, h := range p.Households {
		if taken[h.Code] {
			p.fail(h.Row, ColCode, "commune.import.household_exists", h.Code)
		}
		for _, m := range h.Members {
			if m.IDNumber != "" {
				nums = append(nums, m.IDNumber)
			}
		}
	}

	// ID numbers: one query per inChunk numbers.
	holders, err := idNumberHolders(ctx, q, communeID, nums)
	if err != nil {
		return dbErr(op, err)
	}
	for _, h := range p.Households {
		for _, m := range h.Members {
			if _, ok := holders[m.IDNumber]; ok && m.IDNumber != "" {
				p.fail(m.Row, ColIDNumber, "commune.import.id_number_exists")
			}
		}
	}
	p.sortErrors()
	return nil
}

// ImportResult says what an import created.
type ImportResult struct {
	ImportID   string // the audit entry's object id
	Households int
	Residents  int
}

// ApplyImport writes the preview's households and residents in one transaction, after
// checking it again against the database inside that transaction; when anything is wrong
// nothing is written, the preview's Errors say why and the error is Invalid
// ("commune.import.has_errors"). One audit entry and one event (TopicImportApplied)
// summarise the import.
func (s *Store) ApplyImport(ctx context.Context, communeID string, actor audit.Actor, p *ImportPreview) (ImportResult, error) {
	const op = "commune: apply import"
	if !p.OK() {
		return ImportResult{}, errs.E(op, errs.Invalid, "commune.import.has_errors", len(p.Errors))
	}
	if len(p.Households) == 0 {
		return ImportResult{}, errs.E(op, errs.Invalid, "commune.import.no_rows")
	}
	// The preview may have travelled (kept between the preview page and the confirmation):
	// check every member again, as a form would be.
	today := s.today()
	for _, h := range p.Households {
		heads := 0
		for _, m := range h.Members {
			fe := errs.FieldErrors{}
			r := m.Resident
			r.normalize(today, "", fe)
			if len(fe) > 0 || r != m.Resident {
				return ImportResult{}, errs.E(op, errs.Invalid, "commune.import.preview_stale")
			}
			if m.IsHead() {
				heads++
			}
		}
		if heads != 1 || h.Code == "" {
			return ImportResult{}, errs.E(op, errs.Invalid, "commune.import.preview_stale")
		}
	}
	res := ImportResult{ImportID: newID()}
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		if err := validateImport(ctx, tx, communeID, p); err != nil {
			return err
		}
		if !p.OK() {
			return errs.E(op, errs.Invalid, "commune.import.has_errors", len(p.Errors))
		}
		var hrows, rrows [][]any
		for _, ih := range p.Households {
			h := Household{ID: newID(), Code: ih.Code, HamletID: ih.HamletID, Address: ih.Address, Phone: ih.Phone}
			for i, m := range ih.Members {
				if m.IsHead() {
					h.HeadName = m.FullName
				}
				r := m.Resident
				r.ID, r.HouseholdID, r.Position = newID(), h.ID, i
				rrows = append(rrows, r.row(communeID, tx.Now))
			}
			hrows = append(hrows, h.row(communeID, tx.Now))
		}
		if err := db.InsertRows(ctx, tx, "households", householdCols, hrows); err != nil {
			return dbErr(op, err)
		}
		if err := db.InsertRows(ctx, tx, "residents", residentCols, rrows); err != nil {
			return dbErr(op, err)
		}
		res.Households, res.Residents = len(hrows), len(rrows)
		summary := map[string]any{"filename": p.Filename, "format": p.Format, "rows": p.Rows,
			"households": res.Households, "residents": res.Residents}
		return record(ctx, tx, op, communeID, actor, "household.import", "import", res.ImportID, audit.Change{After: summary},
			TopicImportApplied, map[string]any{"id": res.ImportID, "households": res.Households, "residents": res.Residents})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}
