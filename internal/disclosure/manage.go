package disclosure

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// StaffFilter is what the staff register asks for: every status, or one.
type StaffFilter struct {
	Status   Status // "" for all
	Category int
	Q        string
	Limit    int // 50 if zero, at most 200
	Offset   int
}

// List returns a page of the commune's disclosures in any status, the last changed first,
// and how many match: the staff register.
func (s *Service) List(ctx context.Context, communeID string, f StaffFilter) ([]Disclosure, int, error) {
	const op = "disclosure: list"
	where := ` WHERE commune_id = $1`
	args := []any{communeID}
	if f.Status != "" {
		args = append(args, string(f.Status))
		where += fmt.Sprintf(` AND status = $%d`, len(args))
	}
	if f.Category != 0 {
		args = append(args, f.Category)
		where += fmt.Sprintf(` AND category_no = $%d`, len(args))
	}
	for i, w := range strings.Fields(fold.String(f.Q)) {
		if i == 10 {
			break
		}
		args = append(args, fold.LikePattern(w))
		where += fmt.Sprintf(` AND search_fold LIKE $%d`, len(args))
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM disclosures`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, min(limit, 200), max(f.Offset, 0))
	list, err := s.page(ctx, op, communeID, `SELECT `+cols+` FROM disclosures`+where+
		fmt.Sprintf(` ORDER BY updated_at DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	return list, total, err
}

// StatusCounts is how many disclosures the commune has in each status.
func (s *Service) StatusCounts(ctx context.Context, communeID string) (map[Status]int, error) {
	const op = "disclosure: status counts"
	out := map[Status]int{}
	// One index range per status: a GROUP BY would read every row of a large commune.
	for _, st := range Statuses {
		var n int
		if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM disclosures WHERE commune_id = $1 AND status = $2`, communeID, string(st)).Scan(&n); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out[st] = n
	}
	return out, nil
}

// Hamlets are the commune's hamlets in their order, as the forms and reports name them.
func (s *Service) Hamlets(ctx context.Context, communeID string) ([]Hamlet, error) {
	return s.hamlets(ctx, communeID)
}

// CategoryTally is one line of the disclosure report: what was published in a category in
// the period.
type CategoryTally struct {
	CategoryNo int
	// Published are first publications in the period; Republished, later versions.
	Published, Republished int
	// WithDecision are the decisions first carried by a version published in the period;
	// OnTime of them were published within 5 working days (Art. 12.3), Late after.
	WithDecision, OnTime, Late int
}

// Summary is the disclosure report for the commune council and the Fatherland Front
// (Art. 14): what was published in a period, by category and channel, with the compliance
// board on its last day.
type Summary struct {
	From, To   calendar.Date
	Categories []CategoryTally // one per category, in their order
	Total      CategoryTally
	// Channels counts the postings put up in the period, by channel.
	Channels map[Channel]int
	// Pending are decisions taken by To whose 5 working days are past and still unpublished.
	Pending    int
	Compliance Report
}

// Report builds the disclosure report for the period from–to.
func (s *Service) Report(ctx context.Context, communeID string, from, to calendar.Date) (Summary, error) {
	const op = "disclosure: report"
	if !from.Valid() || !to.Valid() || to.Before(from) {
		return Summary{}, errs.E(op, errs.Invalid, "disclosure.period_invalid")
	}
	cal, err := s.Calendar(ctx, communeID)
	if err != nil {
		return Summary{}, err
	}
	cats, err := s.Categories(ctx, communeID)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{From: from, To: to, Channels: map[Channel]int{}}
	tally := map[int]*CategoryTally{}
	for _, c := range cats {
		sum.Categories = append(sum.Categories, CategoryTally{CategoryNo: c.No})
	}
	for i := range sum.Categories {
		tally[sum.Categories[i].CategoryNo] = &sum.Categories[i]
	}
	// Every version published by To, in order, so that a decision is judged on the version
	// that first carried it.
	rows, err := s.d.Query(ctx, `SELECT disclosure_id, version, category_no, decision_date, published_on FROM disclosure_versions
		WHERE commune_id = $1 AND published_on <= $2 ORDER BY disclosure_id, version`, communeID, to.String())
	if err != nil {
		return Summary{}, errs.Wrap(op, err)
	}
	seen := map[string]bool{} // disclosure id + decision date already carried
	for rows.Next() {
		var id string
		var version, no int
		var decision, published sql.NullString
		if err := rows.Scan(&id, &version, &no, &decision, &published); err != nil {
			rows.Close()
			return Summary{}, errs.Wrap(op, err)
		}
		dec, err1 := scanDate(decision)
		pub, err2 := scanDate(published)
		if err1 != nil || err2 != nil {
			rows.Close()
			return Summary{}, errs.Wrap(op, fmt.Errorf("bad date in %s v%d", id, version))
		}
		first := dec.Valid() && !seen[id+dec.String()]
		if dec.Valid() {
			seen[id+dec.String()] = true
		}
		if pub.Before(from) {
			continue
		}
		onTime := first && PublicationDelay(cal, dec, pub) <= PublishWithinDays
		if t := tally[no]; t != nil { // a category no longer kept counts in the total only
			t.add(version, first, onTime)
		}
		sum.Total.add(version, first, onTime)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Summary{}, errs.Wrap(op, err)
	}
	crow, err := s.d.Query(ctx, `SELECT channel, COUNT(*) FROM disclosure_postings WHERE commune_id = $1 AND put_up >= $2 AND put_up <= $3
		GROUP BY channel`, communeID, from.String(), to.String())
	if err != nil {
		return Summary{}, errs.Wrap(op, err)
	}
	for crow.Next() {
		var ch string
		var n int
		if err := crow.Scan(&ch, &n); err != nil {
			crow.Close()
			return Summary{}, errs.Wrap(op, err)
		}
		sum.Channels[Channel(ch)] = n
	}
	crow.Close()
	if err := crow.Err(); err != nil {
		return Summary{}, errs.Wrap(op, err)
	}
	if sum.Compliance, err = s.Compliance(ctx, communeID, to); err != nil {
		return Summary{}, err
	}
	for _, l := range sum.Compliance.Commune.Late {
		if l.PublishedOn == (calendar.Date{}) {
			sum.Pending++
		}
	}
	return sum, nil
}

// add counts a published version: the first or a later one, and whether it first carried a
// decision, published on time.
func (t *CategoryTally) add(version int, first, onTime bool) {
	if version == 1 {
		t.Published++
	} else {
		t.Republished++
	}
	if first {
		t.WithDecision++
		if onTime {
			t.OnTime++
		} else {
			t.Late++
		}
	}
}
