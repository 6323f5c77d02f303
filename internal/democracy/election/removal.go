package election

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

func itoa(n int) string { return strconv.Itoa(n) }

// RemovalStatus is where a removal petition stands.
type RemovalStatus string

const (
	// TooFew: fewer than half of the households support it; no removal meeting is due.
	TooFew RemovalStatus = "too_few"
	// MeetingDue: 50 % of households or more: the removal meeting is due (Decree 59 Art. 9).
	MeetingDue RemovalStatus = "meeting_due"
	// Kept: the meeting did not remove the head.
	Kept RemovalStatus = "kept"
	// Removed: the head was removed; a new election within 60 days.
	RemovedHead RemovalStatus = "removed"
)

// Removal is a petition to remove a hamlet head and what came of it.
type Removal struct {
	ID               string
	HamletID, Hamlet string
	HeadName         string
	ReceivedOn       calendar.Date
	Supporters       int
	Households       int // all the households of the hamlet when the petition came
	Reason           string
	FrontHeadIsHead  bool // the head of the hamlet Front committee is the hamlet head
	Status           RemovalStatus
	MeetingOn        calendar.Date
	VotesFor         int
	DecidedOn        calendar.Date
	InterimName      string
	InterimSince     calendar.Date
	NewElectionID    string
	CreatedAt        time.Time
	CreatedBy        string
}

// URL is the removal's staff page.
func (r Removal) URL() string { return "/mien-nhiem-truong-thon/" + r.ID }

// Chair is the catalogue key of who chairs the removal meeting.
func (r Removal) Chair() string { return RemovalChair(r.FrontHeadIsHead) }

// Needed is the least supporters for a removal meeting (50 % of households).
func (r Removal) Needed() int { return neededHalf(r.Households) }

// RemoveNeeded is the least votes that remove (more than half of all households).
func (r Removal) RemoveNeeded() int { return neededMore(r.Households) }

// NewElectionBy is the last day of the new election after a removal.
func (r Removal) NewElectionBy() calendar.Date { return r.DecidedOn.AddDays(NewElectionDays) }

func neededHalf(all int) int {
	for n := 0; n <= all; n++ {
		if RemovalDue(n, all) {
			return n
		}
	}
	return all + 1
}

func neededMore(all int) int {
	for n := 0; n <= all; n++ {
		if Removed(n, all) {
			return n
		}
	}
	return all + 1
}

// RemovalInput is a petition as the form sends it.
type RemovalInput struct {
	HamletID, HeadName, ReceivedOn, Supporters, Reason string
	FrontHeadIsHead                                    bool
}

// FileRemoval records a removal petition with the number of households supporting it, counted
// against all the households of the hamlet.
func (s *Service) FileRemoval(ctx context.Context, communeID string, by audit.Actor, in RemovalInput) (Removal, error) {
	const op = "election: file removal"
	var r Removal
	err := s.tx(ctx, func(tx *db.Tx) error {
		fe := errs.FieldErrors{}
		r = Removal{ID: uuid.Must(uuid.NewV7()).String(), HamletID: in.HamletID, FrontHeadIsHead: in.FrontHeadIsHead, CreatedAt: tx.Now, CreatedBy: by.Name}
		name, err := hamletName(ctx, tx, communeID, r.HamletID)
		if err != nil {
			fe["hamlet_id"] = "election.err.hamlet"
		}
		r.Hamlet = name
		var ok bool
		if r.HeadName, ok = clean(in.HeadName, maxText); !ok {
			fe["head_name"] = "election.err.too_long"
		} else if r.HeadName == "" {
			fe["head_name"] = "election.err.name_required"
		}
		if r.Reason, ok = clean(in.Reason, maxLong); !ok {
			fe["reason"] = "election.err.too_long"
		}
		var key string
		if r.ReceivedOn, key = ParseDay(in.ReceivedOn); key != "" {
			fe["received_on"] = key
		} else if r.ReceivedOn.After(s.Today()) {
			fe["received_on"] = "election.err.step_future"
		}
		if fe["hamlet_id"] == "" {
			if r.Households, err = households(ctx, tx, communeID, r.HamletID); err != nil {
				return err
			}
		}
		if r.Supporters, key = ParseCount(in.Supporters, 100000); key != "" {
			fe["supporters"] = key
		} else if fe["hamlet_id"] == "" && r.Supporters > r.Households {
			fe["supporters"] = "election.err.more_than_households"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		r.Status = TooFew
		if RemovalDue(r.Supporters, r.Households) {
			r.Status = MeetingDue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO election_removals (commune_id, id, hamlet_id, head_name, received_on, supporters, households,
			reason, front_head_is_head, status, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			communeID, r.ID, r.HamletID, r.HeadName, r.ReceivedOn.String(), r.Supporters, r.Households, r.Reason, r.FrontHeadIsHead,
			string(r.Status), tx.Now, by.Name, tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "election.removal.file", "election_removal", r.ID, audit.Change{After: map[string]any{
			"hamlet": r.HamletID, "supporters": r.Supporters, "households": r.Households, "status": r.Status}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicRemoval, map[string]any{"id": r.ID, "status": r.Status})
	})
	if err != nil {
		return Removal{}, err
	}
	return r, nil
}

// RecordMeeting records the removal meeting: the day and the households voting to remove.
// Removed, a new election is owed within 60 days (a duty).
func (s *Service) RecordMeeting(ctx context.Context, communeID, id string, by audit.Actor, on, votesFor string) (Removal, error) {
	const op = "election: removal meeting"
	var r Removal
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if _, err = tx.Exec(ctx, `UPDATE election_removals SET status = status WHERE commune_id = $1 AND id = $2`, communeID, id); err != nil {
			return errs.Wrap(op, err)
		}
		if r, err = getRemoval(ctx, tx, communeID, id); err != nil {
			return err
		}
		if r.Status != MeetingDue {
			return errs.E(op, errs.Conflict, "election.err.no_meeting")
		}
		fe := errs.FieldErrors{}
		var key string
		if r.MeetingOn, key = ParseDay(on); key != "" {
			fe["on"] = key
		} else if r.MeetingOn.Before(r.ReceivedOn) || r.MeetingOn.After(s.Today()) {
			fe["on"] = "election.err.meeting_on"
		}
		if r.VotesFor, key = ParseCount(votesFor, 100000); key != "" {
			fe["votes_for"] = key
		} else if r.VotesFor > r.Households {
			fe["votes_for"] = "election.err.more_than_households"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		r.Status = Kept
		if Removed(r.VotesFor, r.Households) {
			r.Status, r.DecidedOn = RemovedHead, r.MeetingOn
		}
		if _, err := tx.Exec(ctx, `UPDATE election_removals SET status = $3, meeting_on = $4, votes_for = $5, decided_on = $6, updated_at = $7,
			updated_by = $8 WHERE commune_id = $1 AND id = $2`, communeID, id, string(r.Status), r.MeetingOn.String(), r.VotesFor,
			dayText(r.DecidedOn), tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "election.removal.meeting", "election_removal", id, audit.Change{After: map[string]any{
			"on": r.MeetingOn.String(), "votes_for": r.VotesFor, "households": r.Households, "status": r.Status}}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicRemoval, map[string]any{"id": id, "status": r.Status}); err != nil {
			return err
		}
		if r.Status != RemovedHead {
			return nil
		}
		return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: room, Kind: DutyNewElection, SubjectType: "election_removal",
			SubjectID: r.ID, Label: "Bầu trưởng thôn " + r.Hamlet, URL: r.URL(), LegalBasis: "Điều 9 Nghị định 59/2023/NĐ-CP",
			Owner: duty.Owner{Role: "leader"}, DueAt: r.NewElectionBy().Time().Add(24*time.Hour - time.Second).UTC(),
			AtRiskFrom: r.NewElectionBy().AddDays(-7).Time().UTC()})
	})
	if err != nil {
		return Removal{}, err
	}
	return r, nil
}

// RecordInterim records who serves as interim head and since when (Decree 59 Art. 9.3: named by
// the commune committee until a new head is elected; the province's limit is a setting).
func (s *Service) RecordInterim(ctx context.Context, communeID, id string, by audit.Actor, name, since string) (Removal, error) {
	const op = "election: interim head"
	var r Removal
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = getRemoval(ctx, tx, communeID, id); err != nil {
			return err
		}
		if r.Status != RemovedHead {
			return errs.E(op, errs.Conflict, "election.err.not_removed")
		}
		fe := errs.FieldErrors{}
		var ok bool
		var key string
		if r.InterimName, ok = clean(name, maxText); !ok || r.InterimName == "" {
			fe["interim_name"] = "election.err.name_required"
		}
		if r.InterimSince, key = ParseDay(since); key != "" {
			fe["interim_since"] = key
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE election_removals SET interim_name = $3, interim_since = $4, updated_at = $5, updated_by = $6
			WHERE commune_id = $1 AND id = $2`, communeID, id, r.InterimName, r.InterimSince.String(), tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		return audit.Record(ctx, tx, communeID, by, "election.removal.interim", "election_removal", id, audit.Change{After: map[string]any{
			"interim_name": r.InterimName, "interim_since": r.InterimSince.String()}})
	})
	if err != nil {
		return Removal{}, err
	}
	return r, nil
}

// NewElectionAfterRemoval creates the hamlet-head election a removal calls for.
func (s *Service) NewElectionAfterRemoval(ctx context.Context, communeID, id string, by audit.Actor, day, place string) (Election, error) {
	r, err := getRemoval(ctx, s.d, communeID, id)
	if err != nil {
		return Election{}, err
	}
	if r.Status != RemovedHead || r.NewElectionID != "" {
		return Election{}, errs.E("election: after removal", errs.Conflict, "election.err.no_repeat")
	}
	return s.create(ctx, communeID, by, Input{Kind: HamletHead, HamletID: r.HamletID, Day: day, Place: place}, "", r.ID)
}

// closeNewElectionDuties closes the 60-day duty of the removals of the hamlet once a new
// hamlet-head election there has been held (counted).
func closeNewElectionDuties(ctx context.Context, tx *db.Tx, communeID string, e Election) error {
	rows, err := tx.Query(ctx, `SELECT id FROM election_removals WHERE commune_id = $1 AND hamlet_id = $2 AND status = $3 AND decided_on <= $4`,
		communeID, e.HamletID, string(RemovedHead), e.Day.String())
	if err != nil {
		return errs.Wrap("election: removal duties", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if err := duty.Close(ctx, tx, communeID, room, id, DutyNewElection, "held"); err != nil {
			return err
		}
	}
	return errs.Wrap("election: removal duties", rows.Err())
}

func dayText(d calendar.Date) string {
	if !d.Valid() {
		return ""
	}
	return d.String()
}

const removalCols = `r.id, r.hamlet_id, COALESCE(h.name, ''), r.head_name, r.received_on, r.supporters, r.households, r.reason,
	r.front_head_is_head, r.status, r.meeting_on, r.votes_for, r.decided_on, r.interim_name, r.interim_since, r.new_election_id,
	r.created_at, r.created_by`

const removalFrom = ` FROM election_removals r LEFT JOIN hamlets h ON h.commune_id = r.commune_id AND h.id = r.hamlet_id`

func scanRemoval(row interface{ Scan(...any) error }) (Removal, error) {
	var r Removal
	var received, status, meeting, decided, since string
	if err := row.Scan(&r.ID, &r.HamletID, &r.Hamlet, &r.HeadName, &received, &r.Supporters, &r.Households, &r.Reason,
		&r.FrontHeadIsHead, &status, &meeting, &r.VotesFor, &decided, &r.InterimName, &since, &r.NewElectionID, &r.CreatedAt, &r.CreatedBy); err != nil {
		return r, err
	}
	r.Status, r.CreatedAt = RemovalStatus(status), r.CreatedAt.UTC()
	r.ReceivedOn, _ = calendar.ParseDate(received)
	r.MeetingOn, _ = calendar.ParseDate(meeting)
	r.DecidedOn, _ = calendar.ParseDate(decided)
	r.InterimSince, _ = calendar.ParseDate(since)
	return r, nil
}

func getRemoval(ctx context.Context, q db.Q, communeID, id string) (Removal, error) {
	r, err := scanRemoval(q.QueryRow(ctx, `SELECT `+removalCols+removalFrom+` WHERE r.commune_id = $1 AND r.id = $2`, communeID, id))
	if err != nil {
		return r, notFound("election: removal", err)
	}
	return r, nil
}

// Removal returns one removal petition; hamlets as for Get.
func (s *Service) Removal(ctx context.Context, communeID, id string, hamlets []string) (Removal, error) {
	r, err := getRemoval(ctx, s.d, communeID, id)
	if err != nil {
		return r, err
	}
	if hamlets != nil && !contains(hamlets, r.HamletID) {
		return Removal{}, errs.E("election: removal", errs.NotFound, "election.err.not_found")
	}
	return r, nil
}

// Removals returns a page of removal petitions, the latest first.
func (s *Service) Removals(ctx context.Context, communeID string, hamlets []string, limit, offset int) ([]Removal, int, error) {
	const op = "election: removals"
	limit, offset = limits(limit, offset)
	where := ` WHERE r.commune_id = $1`
	args := []any{communeID}
	if hamlets != nil {
		if len(hamlets) == 0 {
			return nil, 0, nil
		}
		where += ` AND r.hamlet_id IN (` + db.Placeholders(2, len(hamlets)) + `)`
		for _, h := range hamlets {
			args = append(args, h)
		}
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM election_removals r`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT `+removalCols+removalFrom+where+` ORDER BY r.received_on DESC, r.id DESC LIMIT `+
		strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Removal
	for rows.Next() {
		r, err := scanRemoval(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, r)
	}
	return out, total, errs.Wrap(op, rows.Err())
}
