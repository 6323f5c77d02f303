package disclosure

import (
	"context"
	"database/sql"

	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// Compliance reports, for the commune and each of its hamlets, what Arts 11–13 still miss on
// asOf: required categories with nothing current, decisions published later than 5 working
// days after them, notices taken down before their time and loudspeaker broadcasts missing or
// shorter than 3 days (see Scope for what belongs where). The rules are Assess's.
func (s *Service) Compliance(ctx context.Context, communeID string, asOf calendar.Date) (Report, error) {
	const op = "disclosure: compliance"
	if !asOf.Valid() {
		return Report{}, errs.E(op, errs.Invalid, "disclosure.date_invalid")
	}
	cal, err := s.Calendar(ctx, communeID)
	if err != nil {
		return Report{}, err
	}
	f := Facts{AsOf: asOf}
	if f.Categories, err = s.Categories(ctx, communeID); err != nil {
		return Report{}, err
	}
	if f.Hamlets, err = s.hamlets(ctx, communeID); err != nil {
		return Report{}, err
	}
	// Every disclosure; Assess judges them by their dates.
	rows, err := s.d.Query(ctx, `SELECT `+cols+` FROM disclosures WHERE commune_id = $1 ORDER BY id`, communeID)
	if err != nil {
		return Report{}, errs.Wrap(op, err)
	}
	var list []*Disclosure
	for rows.Next() {
		d, err := scan(rows)
		if err != nil {
			rows.Close()
			return Report{}, errs.Wrap(op, err)
		}
		list = append(list, &d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Report{}, errs.Wrap(op, err)
	}
	for i := 0; i < len(list); i += 400 {
		if err := loadHamlets(ctx, s.d, communeID, list[i:min(i+400, len(list))]); err != nil {
			return Report{}, err
		}
	}
	pubs, err := s.publications(ctx, communeID, asOf)
	if err != nil {
		return Report{}, err
	}
	postings, err := postingsOf(ctx, s.d, communeID, `put_up <= $2`, asOf.String())
	if err != nil {
		return Report{}, err
	}
	byDisclosure := map[string][]Posting{}
	for _, p := range postings {
		byDisclosure[p.DisclosureID] = append(byDisclosure[p.DisclosureID], p)
	}
	for _, d := range list {
		f.Items = append(f.Items, Item{ID: d.ID, Title: d.Title, CategoryNo: d.CategoryNo, HamletIDs: d.HamletIDs,
			DecisionDate: d.DecisionDate, ArchivedOn: d.ArchivedOn,
			Publications: pubs[d.ID], Postings: byDisclosure[d.ID]})
	}
	return Assess(cal, f), nil
}

// publications are the commune's published versions by asOf, by disclosure.
func (s *Service) publications(ctx context.Context, communeID string, asOf calendar.Date) (map[string][]Publication, error) {
	const op = "disclosure: publications"
	rows, err := s.d.Query(ctx, `SELECT disclosure_id, version, decision_date, published_on FROM disclosure_versions
		WHERE commune_id = $1 AND published_on <= $2 ORDER BY disclosure_id, version`, communeID, asOf.String())
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	out := map[string][]Publication{}
	for rows.Next() {
		var id string
		var p Publication
		var decision, published sql.NullString
		if err := rows.Scan(&id, &p.Version, &decision, &published); err != nil {
			return nil, errs.Wrap(op, err)
		}
		if p.DecisionDate, err = scanDate(decision); err != nil {
			return nil, errs.Wrap(op, err)
		}
		if p.PublishedOn, err = scanDate(published); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out[id] = append(out[id], p)
	}
	return out, errs.Wrap(op, rows.Err())
}

// hamlets are the commune's hamlets in their order.
func (s *Service) hamlets(ctx context.Context, communeID string) ([]Hamlet, error) {
	const op = "disclosure: hamlets"
	rows, err := s.d.Query(ctx, `SELECT id, name FROM hamlets WHERE commune_id = $1 ORDER BY sort_order, name, id`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Hamlet
	for rows.Next() {
		var h Hamlet
		if err := rows.Scan(&h.ID, &h.Name); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, h)
	}
	return out, errs.Wrap(op, rows.Err())
}
