package disclosure

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// Filter is what the public list asks for. Zero values ask for everything; Limit is 20 if
// zero and at most 100.
type Filter struct {
	Category int    // Art. 11 item number; 0 for all
	HamletID string // disclosures concerning this hamlet (the whole commune's included)
	Q        string // words matched without regard to diacritics: "dat dai" finds "đất đai"
	Limit    int
	Offset   int
}

// Public returns a page of the public disclosures (published or updated), newest publication
// first, and how many match.
func (s *Service) Public(ctx context.Context, communeID string, f Filter) ([]Disclosure, int, error) {
	const op = "disclosure: public"
	where := ` WHERE d.commune_id = $1 AND d.status IN ('published', 'updated')`
	args := []any{communeID}
	if f.Category != 0 {
		args = append(args, f.Category)
		where += fmt.Sprintf(` AND d.category_no = $%d`, len(args))
	}
	if h := strings.TrimSpace(f.HamletID); h != "" {
		args = append(args, h)
		where += fmt.Sprintf(` AND (NOT EXISTS (SELECT 1 FROM disclosure_hamlets x WHERE x.commune_id = d.commune_id AND x.disclosure_id = d.id)
			OR EXISTS (SELECT 1 FROM disclosure_hamlets x WHERE x.commune_id = d.commune_id AND x.disclosure_id = d.id AND x.hamlet_id = $%d))`, len(args))
	}
	for i, w := range strings.Fields(fold.String(f.Q)) {
		if i == 10 {
			break
		}
		args = append(args, fold.LikePattern(w))
		where += fmt.Sprintf(` AND d.search_fold LIKE $%d`, len(args))
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM disclosures d`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	args = append(args, limit, max(f.Offset, 0))
	list, err := s.page(ctx, op, communeID, `SELECT `+prefixed("d.", cols)+` FROM disclosures d`+where+
		fmt.Sprintf(` ORDER BY d.published_on DESC, d.published_at DESC, d.id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	return list, total, err
}

// page runs a query of disclosures (cols) and loads their hamlets.
func (s *Service) page(ctx context.Context, op, communeID, query string, args ...any) ([]Disclosure, error) {
	rows, err := s.d.Query(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	var list []Disclosure
	for rows.Next() {
		d, err := scan(rows)
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(op, err)
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	ptrs := make([]*Disclosure, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	if err := loadHamlets(ctx, s.d, communeID, ptrs); err != nil {
		return nil, err
	}
	return list, nil
}

// prefixed qualifies every column of a column list.
func prefixed(p, list string) string {
	parts := strings.Split(list, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// QuarterEntry is one line of the quarterly list of what was disclosed (Art. 13): a version
// published in the quarter, with the channels and days it was posted on.
type QuarterEntry struct {
	DisclosureID string
	Version      int
	CategoryNo   int
	Title        string
	DecisionDate calendar.Date
	PublishedOn  calendar.Date
	PublishedBy  string
	PublishedAt  time.Time
	Status       Status // the disclosure's status now
	// Postings are the disclosure's postings up at some time in the quarter.
	Postings []Posting
}

// QuarterBounds are the first and last day of a quarter (1–4).
func QuarterBounds(year, quarter int) (from, to calendar.Date) {
	from = calendar.NewDate(year, time.Month(3*(quarter-1)+1), 1)
	return from, calendar.NewDate(year, time.Month(3*quarter+1), 1).AddDays(-1)
}

// Quarterly lists what the commune disclosed in a quarter, by publication day: every
// version published in it (a republication is a line of its own), for the printable list.
func (s *Service) Quarterly(ctx context.Context, communeID string, year, quarter int) ([]QuarterEntry, error) {
	const op = "disclosure: quarterly"
	if quarter < 1 || quarter > 4 || year < 2000 || year > 9999 {
		return nil, errs.E(op, errs.Invalid, "disclosure.quarter_invalid")
	}
	from, to := QuarterBounds(year, quarter)
	rows, err := s.d.Query(ctx, `SELECT v.disclosure_id, v.version, v.category_no, v.title, v.decision_date, v.published_on,
		v.published_by, v.published_at, d.status FROM disclosure_versions v
		JOIN disclosures d ON d.commune_id = v.commune_id AND d.id = v.disclosure_id
		WHERE v.commune_id = $1 AND v.published_on >= $2 AND v.published_on <= $3
		ORDER BY v.published_on, v.published_at, v.disclosure_id, v.version`, communeID, from.String(), to.String())
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	var out []QuarterEntry
	for rows.Next() {
		var e QuarterEntry
		var decision, published sql.NullString
		var status string
		if err := rows.Scan(&e.DisclosureID, &e.Version, &e.CategoryNo, &e.Title, &decision, &published, &e.PublishedBy,
			&e.PublishedAt, &status); err != nil {
			rows.Close()
			return nil, errs.Wrap(op, err)
		}
		e.Status, e.PublishedAt = Status(status), e.PublishedAt.UTC()
		if e.DecisionDate, err = scanDate(decision); err == nil {
			e.PublishedOn, err = scanDate(published)
		}
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(op, err)
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	postings, err := postingsOf(ctx, s.d, communeID, `put_up <= $2 AND (taken_down IS NULL OR taken_down >= $3)`,
		to.String(), from.String())
	if err != nil {
		return nil, err
	}
	byDisclosure := map[string][]Posting{}
	for _, p := range postings {
		byDisclosure[p.DisclosureID] = append(byDisclosure[p.DisclosureID], p)
	}
	for i := range out {
		out[i].Postings = byDisclosure[out[i].DisclosureID]
	}
	return out, nil
}
