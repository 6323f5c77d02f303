package ballot

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Mode is how the papers of a box arrive.
type Mode string

const (
	// ModeCast: each household's paper is cast through the system (Cast), one per household.
	ModeCast Mode = "cast"
	// ModePaper: paper ballots are counted by the counting team and typed in (EnterPapers); the
	// numbers of ballots issued and returned are recorded apart.
	ModePaper Mode = "paper"
)

// Status is where a box stands.
type Status string

const (
	Open   Status = "open"
	Closed Status = "closed"
)

// Event topics and limits.
const (
	TopicOpened  = "ballot.opened"
	TopicCast    = "ballot.cast"
	TopicEntered = "ballot.entered"
	TopicClosed  = "ballot.closed"

	MaxOptions = 50
	maxLabel   = 300
	maxTitle   = 300
	// MaxBatch bounds the papers typed in at once: more ballots than a hamlet holds.
	MaxBatch = 20000
)

// Option is a line of the ballot: a candidate, or yes / no / abstain. No counts from 1.
type Option struct {
	No    int
	Label string
}

// Box is a ballot box.
type Box struct {
	ID          string
	SubjectType string // "election"
	SubjectID   string
	Title       string
	Day         calendar.Date // the day of the vote: the only time a paper is tied to
	Mode        Mode
	Seats       int // how many options a valid paper may mark at most
	Status      Status
	Options     []Option
	HamletIDs   []string // the electorate: the households of these hamlets
	// Issued and Returned are the paper ballots handed out and put back in the box, counted by
	// the team (Paper mode); Recorded says whether they were.
	Issued, Returned int
	Recorded         bool
	Hash             string // SHA-256 of the canonical list of papers, set on closing
	ClosedAt         time.Time
	CreatedAt        time.Time
	CreatedBy        string
}

// BoxInput opens a box.
type BoxInput struct {
	SubjectType, SubjectID, Title string
	Day                           calendar.Date
	Mode                          Mode
	Seats                         int
	Options                       []string
	HamletIDs                     []string
}

// Marks is what one paper says: the option numbers marked (none: a blank paper), or that the
// paper is invalid (the counting team's finding; its marks are not kept).
type Marks struct {
	Choices []int
	Invalid bool
}

// canonical is the stored form of m: "x" for an invalid paper, else the sorted numbers
// ("1,3"; "" for a blank paper).
func (m Marks) canonical() string {
	if m.Invalid {
		return "x"
	}
	cs := slices.Clone(m.Choices)
	slices.Sort(cs)
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, ",")
}

// check validates m against the box: known options, no repeat, at most Seats marks.
func (b Box) check(op string, m Marks) error {
	if m.Invalid {
		return nil
	}
	seen := map[int]bool{}
	for _, c := range m.Choices {
		if c < 1 || c > len(b.Options) || seen[c] {
			return errs.E(op, errs.Invalid, "ballot.err.option")
		}
		seen[c] = true
	}
	if len(m.Choices) > b.Seats {
		return errs.E(op, errs.Invalid, "ballot.err.too_many", b.Seats)
	}
	return nil
}

func parseCanonical(s string, invalid bool) Marks {
	if invalid {
		return Marks{Invalid: true}
	}
	m := Marks{Choices: []int{}}
	if s == "" {
		return m
	}
	for _, p := range strings.Split(s, ",") {
		n, _ := strconv.Atoi(p)
		m.Choices = append(m.Choices, n)
	}
	return m
}

// paperID is a fresh random id: 128 bits from crypto/rand, so that nothing in it follows time.
func paperID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("ballot: crypto/rand: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

func clean(s string, max int) (string, bool) {
	s = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
	return s, s != "" && utf8.RuneCountInString(s) <= max
}

// OpenBox creates the box for a subject in the caller's transaction.
func OpenBox(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, in BoxInput) (Box, error) {
	const op = "ballot: open"
	b := Box{ID: uuid.Must(uuid.NewV7()).String(), SubjectType: in.SubjectType, SubjectID: in.SubjectID, Day: in.Day,
		Mode: in.Mode, Seats: in.Seats, Status: Open, HamletIDs: slices.Clone(in.HamletIDs), CreatedAt: tx.Now, CreatedBy: by.Name}
	var ok bool
	if b.Title, ok = clean(in.Title, maxTitle); !ok {
		return Box{}, errs.E(op, errs.Invalid, "ballot.err.title")
	}
	if b.Mode != ModeCast && b.Mode != ModePaper {
		return Box{}, errs.E(op, errs.Invalid, "ballot.err.mode")
	}
	if !b.Day.Valid() || in.SubjectType == "" || in.SubjectID == "" || len(b.HamletIDs) == 0 {
		return Box{}, errs.E(op, errs.Invalid, "ballot.err.box")
	}
	if len(in.Options) == 0 || len(in.Options) > MaxOptions || b.Seats < 1 || b.Seats > len(in.Options) {
		return Box{}, errs.E(op, errs.Invalid, "ballot.err.options")
	}
	for i, l := range in.Options {
		if l, ok = clean(l, maxLabel); !ok {
			return Box{}, errs.E(op, errs.Invalid, "ballot.err.options")
		}
		b.Options = append(b.Options, Option{No: i + 1, Label: l})
	}
	if _, err := tx.Exec(ctx, `INSERT INTO ballot_boxes (commune_id, id, subject_type, subject_id, title, day, mode, seats, status,
		created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		communeID, b.ID, b.SubjectType, b.SubjectID, b.Title, b.Day.String(), string(b.Mode), b.Seats, string(b.Status), b.CreatedAt, b.CreatedBy); err != nil {
		if db.IsUniqueViolation(err) {
			return Box{}, errs.E(op, errs.Conflict, "ballot.err.exists")
		}
		return Box{}, errs.Wrap(op, err)
	}
	opts := make([][]any, len(b.Options))
	for i, o := range b.Options {
		opts[i] = []any{communeID, b.ID, o.No, o.Label}
	}
	if err := db.InsertRows(ctx, tx, "ballot_options", []string{"commune_id", "box_id", "no", "label"}, opts); err != nil {
		return Box{}, errs.Wrap(op, err)
	}
	hs := make([][]any, len(b.HamletIDs))
	for i, h := range b.HamletIDs {
		hs[i] = []any{communeID, b.ID, h}
	}
	if err := db.InsertRows(ctx, tx, "ballot_box_hamlets", []string{"commune_id", "box_id", "hamlet_id"}, hs); err != nil {
		return Box{}, errs.Wrap(op, err)
	}
	if err := audit.Record(ctx, tx, communeID, by, "ballot.open", "ballot_box", b.ID, audit.Change{After: map[string]any{
		"subject": b.SubjectType + "/" + b.SubjectID, "day": b.Day.String(), "mode": b.Mode, "seats": b.Seats, "options": in.Options, "hamlets": b.HamletIDs}}); err != nil {
		return Box{}, err
	}
	return b, events.Publish(ctx, tx, communeID, TopicOpened, map[string]any{"box": b.ID, "subject_type": b.SubjectType, "subject_id": b.SubjectID})
}

const boxCols = `id, subject_type, subject_id, title, day, mode, seats, status, issued, returned, returns_recorded, tally_hash,
	closed_at, created_at, created_by`

func scanBox(row interface{ Scan(...any) error }) (Box, error) {
	var b Box
	var day, mode, status string
	var closed sql.NullTime
	if err := row.Scan(&b.ID, &b.SubjectType, &b.SubjectID, &b.Title, &day, &mode, &b.Seats, &status, &b.Issued, &b.Returned,
		&b.Recorded, &b.Hash, &closed, &b.CreatedAt, &b.CreatedBy); err != nil {
		return b, err
	}
	b.Mode, b.Status, b.ClosedAt, b.CreatedAt = Mode(mode), Status(status), db.TimeOf(closed), b.CreatedAt.UTC()
	var err error
	b.Day, err = calendar.ParseDate(day)
	return b, err
}

// Get reads a box with its options and hamlets.
func Get(ctx context.Context, q db.Q, communeID, id string) (Box, error) {
	return get(ctx, q, communeID, `id = $2`, id)
}

// BySubject reads the box of a subject.
func BySubject(ctx context.Context, q db.Q, communeID, subjectType, subjectID string) (Box, error) {
	return get(ctx, q, communeID, `subject_type = $2 AND subject_id = $3`, subjectType, subjectID)
}

func get(ctx context.Context, q db.Q, communeID, where string, args ...any) (Box, error) {
	const op = "ballot: get"
	b, err := scanBox(q.QueryRow(ctx, `SELECT `+boxCols+` FROM ballot_boxes WHERE commune_id = $1 AND `+where, append([]any{communeID}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return Box{}, errs.E(op, errs.NotFound, "ballot.err.not_found")
	}
	if err != nil {
		return Box{}, errs.Wrap(op, err)
	}
	rows, err := q.Query(ctx, `SELECT no, label FROM ballot_options WHERE commune_id = $1 AND box_id = $2 ORDER BY no`, communeID, b.ID)
	if err != nil {
		return Box{}, errs.Wrap(op, err)
	}
	for rows.Next() {
		var o Option
		if err := rows.Scan(&o.No, &o.Label); err != nil {
			rows.Close()
			return Box{}, errs.Wrap(op, err)
		}
		b.Options = append(b.Options, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Box{}, errs.Wrap(op, err)
	}
	rows, err = q.Query(ctx, `SELECT hamlet_id FROM ballot_box_hamlets WHERE commune_id = $1 AND box_id = $2 ORDER BY hamlet_id`, communeID, b.ID)
	if err != nil {
		return Box{}, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return Box{}, errs.Wrap(op, err)
		}
		b.HamletIDs = append(b.HamletIDs, h)
	}
	return b, errs.Wrap(op, rows.Err())
}

// lockOpen reads the box in the transaction and checks it is open and of the mode.
func lockOpen(ctx context.Context, tx *db.Tx, op, communeID, boxID string, mode Mode) (Box, error) {
	// Touching the row first makes the box the transaction's lock on PostgreSQL (and SQLite has
	// a single writer): papers and the close never interleave.
	if _, err := tx.Exec(ctx, `UPDATE ballot_boxes SET status = status WHERE commune_id = $1 AND id = $2`, communeID, boxID); err != nil {
		return Box{}, errs.Wrap(op, err)
	}
	b, err := Get(ctx, tx, communeID, boxID)
	if err != nil {
		return Box{}, err
	}
	if b.Status != Open {
		return Box{}, errs.E(op, errs.Conflict, "ballot.err.closed")
	}
	if b.Mode != mode {
		return Box{}, errs.E(op, errs.Conflict, "ballot.err.mode")
	}
	return b, nil
}

// CastVote records, in the caller's transaction, THAT the household voted and WHAT its paper
// says, with nothing linking the two. A second vote of a household fails (Conflict), also
// when two arrive at once: the key of ballot_casts decides. The audit entry names the
// household, never its marks.
func CastVote(ctx context.Context, tx *db.Tx, communeID, boxID, householdID string, by audit.Actor, m Marks) error {
	const op = "ballot: cast"
	b, err := lockOpen(ctx, tx, op, communeID, boxID, ModeCast)
	if err != nil {
		return err
	}
	if err := b.check(op, m); err != nil {
		return err
	}
	var hamlet string
	err = tx.QueryRow(ctx, `SELECT hamlet_id FROM households WHERE commune_id = $1 AND id = $2`, communeID, householdID).Scan(&hamlet)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !slices.Contains(b.HamletIDs, hamlet)) {
		return errs.E(op, errs.Invalid, "ballot.err.not_elector")
	}
	if err != nil {
		return errs.Wrap(op, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO ballot_casts (commune_id, box_id, household_id, cast_at) VALUES ($1, $2, $3, $4)`,
		communeID, boxID, householdID, tx.Now); err != nil {
		if db.IsUniqueViolation(err) {
			return errs.E(op, errs.Conflict, "ballot.err.voted")
		}
		return errs.Wrap(op, err)
	}
	if err := insertPapers(ctx, tx, communeID, boxID, m, 1); err != nil {
		return err
	}
	if err := mix(ctx, tx, communeID, boxID); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, communeID, by, "ballot.cast", "ballot_box", boxID, audit.Change{After: map[string]any{"household": householdID}}); err != nil {
		return err
	}
	return events.Publish(ctx, tx, communeID, TopicCast, map[string]any{"box": boxID})
}

func insertPapers(ctx context.Context, tx *db.Tx, communeID, boxID string, m Marks, n int) error {
	rows := make([][]any, n)
	c := m.canonical()
	for i := range rows {
		rows[i] = []any{communeID, boxID, paperID(), c, m.Invalid}
	}
	return errs.Wrap("ballot: papers", db.InsertRows(ctx, tx, "ballot_papers", []string{"commune_id", "box_id", "id", "choices", "invalid"}, rows))
}

// mix rewrites two papers picked at random beside the new one, so that while a box is open
// the rows a cast's transaction wrote are not only its own paper (PostgreSQL's xmin and ctid).
// It is a help, not the guarantee: Close rewrites every paper.
func mix(ctx context.Context, tx *db.Tx, communeID, boxID string) error {
	const op = "ballot: mix"
	rows, err := tx.Query(ctx, `SELECT id, choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 AND id > $3
		ORDER BY id LIMIT 2`, communeID, boxID, paperID())
	if err != nil {
		return errs.Wrap(op, err)
	}
	var ids []string
	var again [][]any
	for rows.Next() {
		var id, choices string
		var invalid bool
		if err := rows.Scan(&id, &choices, &invalid); err != nil {
			rows.Close()
			return errs.Wrap(op, err)
		}
		ids = append(ids, id)
		again = append(again, []any{communeID, boxID, id, choices, invalid})
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return errs.Wrap(op, err)
	}
	args := []any{communeID, boxID}
	for _, id := range ids {
		args = append(args, id)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 AND id IN (`+db.Placeholders(3, len(ids))+`)`, args...); err != nil {
		return errs.Wrap(op, err)
	}
	return errs.Wrap(op, db.InsertRows(ctx, tx, "ballot_papers", []string{"commune_id", "box_id", "id", "choices", "invalid"}, again))
}

// EnterPapers types in n paper ballots of the same marking, as the counting team reads them
// from the box (Paper mode). The audit entry keeps the marking and the number: a paper ballot
// typed in carries no household.
func EnterPapers(ctx context.Context, tx *db.Tx, communeID, boxID string, by audit.Actor, m Marks, n int) error {
	const op = "ballot: enter papers"
	if n < 1 || n > MaxBatch {
		return errs.E(op, errs.Invalid, "ballot.err.batch")
	}
	b, err := lockOpen(ctx, tx, op, communeID, boxID, ModePaper)
	if err != nil {
		return err
	}
	if err := b.check(op, m); err != nil {
		return err
	}
	if err := insertPapers(ctx, tx, communeID, boxID, m, n); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, communeID, by, "ballot.enter", "ballot_box", boxID, audit.Change{After: map[string]any{"marks": m.canonical(), "papers": n}}); err != nil {
		return err
	}
	return events.Publish(ctx, tx, communeID, TopicEntered, map[string]any{"box": boxID, "papers": n})
}

// DiscardPapers removes every paper typed in so far, for the team to type them again (Paper
// mode, before closing). The audit log keeps how many were removed.
func DiscardPapers(ctx context.Context, tx *db.Tx, communeID, boxID string, by audit.Actor) error {
	const op = "ballot: discard papers"
	if _, err := lockOpen(ctx, tx, op, communeID, boxID, ModePaper); err != nil {
		return err
	}
	res, err := tx.Exec(ctx, `DELETE FROM ballot_papers WHERE commune_id = $1 AND box_id = $2`, communeID, boxID)
	if err != nil {
		return errs.Wrap(op, err)
	}
	n, _ := res.RowsAffected()
	return audit.Record(ctx, tx, communeID, by, "ballot.discard", "ballot_box", boxID, audit.Change{Before: map[string]any{"papers": n}})
}

// RecordReturns records the paper ballots issued and returned (Paper mode).
func RecordReturns(ctx context.Context, tx *db.Tx, communeID, boxID string, by audit.Actor, issued, returned int) error {
	const op = "ballot: returns"
	if issued < 0 || returned < 0 || returned > issued || issued > MaxBatch {
		return errs.E(op, errs.Invalid, "ballot.err.returns")
	}
	if _, err := lockOpen(ctx, tx, op, communeID, boxID, ModePaper); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE ballot_boxes SET issued = $3, returned = $4, returns_recorded = TRUE WHERE commune_id = $1 AND id = $2`,
		communeID, boxID, issued, returned); err != nil {
		return errs.Wrap(op, err)
	}
	return audit.Record(ctx, tx, communeID, by, "ballot.returns", "ballot_box", boxID, audit.Change{After: map[string]any{"issued": issued, "returned": returned}})
}

// Close ends the vote: it rewrites the papers in the order of their random ids (so that no
// physical order or inserting transaction follows the casting), counts them and stores the
// hash of their canonical list. A paper box needs its returns recorded, and as many papers as
// ballots returned.
func Close(ctx context.Context, tx *db.Tx, communeID, boxID string, by audit.Actor) (Result, error) {
	const op = "ballot: close"
	if _, err := tx.Exec(ctx, `UPDATE ballot_boxes SET status = status WHERE commune_id = $1 AND id = $2`, communeID, boxID); err != nil {
		return Result{}, errs.Wrap(op, err)
	}
	b, err := Get(ctx, tx, communeID, boxID)
	if err != nil {
		return Result{}, err
	}
	if b.Status != Open {
		return Result{}, errs.E(op, errs.Conflict, "ballot.err.closed")
	}
	papers, err := readPapers(ctx, tx, communeID, boxID)
	if err != nil {
		return Result{}, err
	}
	if b.Mode == ModePaper {
		if !b.Recorded {
			return Result{}, errs.E(op, errs.Conflict, "ballot.err.returns_missing")
		}
		if len(papers) != b.Returned {
			return Result{}, errs.E(op, errs.Conflict, "ballot.err.papers_mismatch", len(papers), b.Returned)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM ballot_papers WHERE commune_id = $1 AND box_id = $2`, communeID, boxID); err != nil {
		return Result{}, errs.Wrap(op, err)
	}
	rows := make([][]any, len(papers))
	for i, p := range papers {
		rows[i] = []any{communeID, boxID, p.ID, p.Marks.canonical(), p.Marks.Invalid}
	}
	if err := db.InsertRows(ctx, tx, "ballot_papers", []string{"commune_id", "box_id", "id", "choices", "invalid"}, rows); err != nil {
		return Result{}, errs.Wrap(op, err)
	}
	b.Status, b.ClosedAt = Closed, tx.Now
	voted, err := votedCount(ctx, tx, communeID, boxID)
	if err != nil {
		return Result{}, err
	}
	res := tally(b, papers, voted)
	if _, err := tx.Exec(ctx, `UPDATE ballot_boxes SET status = $3, tally_hash = $4, closed_at = $5 WHERE commune_id = $1 AND id = $2`,
		communeID, boxID, string(Closed), res.Hash, tx.Now); err != nil {
		return Result{}, errs.Wrap(op, err)
	}
	if err := audit.Record(ctx, tx, communeID, by, "ballot.close", "ballot_box", boxID, audit.Change{After: map[string]any{
		"papers": res.Papers, "valid": res.Valid, "blank": res.Blank, "invalid": res.Invalid, "votes": votesText(res.Votes), "hash": res.Hash}}); err != nil {
		return Result{}, err
	}
	return res, events.Publish(ctx, tx, communeID, TopicClosed, map[string]any{"box": boxID, "hash": res.Hash})
}

// Paper is one stored paper.
type Paper struct {
	ID    string
	Marks Marks
}

// readPapers reads the papers of a box in the order of their random ids.
func readPapers(ctx context.Context, q db.Q, communeID, boxID string) ([]Paper, error) {
	const op = "ballot: papers"
	rows, err := q.Query(ctx, `SELECT id, choices, invalid FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 ORDER BY id`, communeID, boxID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	out := []Paper{}
	for rows.Next() {
		var p Paper
		var c string
		var invalid bool
		if err := rows.Scan(&p.ID, &c, &invalid); err != nil {
			return nil, errs.Wrap(op, err)
		}
		p.Marks = parseCanonical(c, invalid)
		out = append(out, p)
	}
	return out, errs.Wrap(op, rows.Err())
}

func votedCount(ctx context.Context, q db.Q, communeID, boxID string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM ballot_casts WHERE commune_id = $1 AND box_id = $2`, communeID, boxID).Scan(&n)
	return n, errs.Wrap("ballot: voted", err)
}

// VotedCount is how many households have voted (Cast mode): what may be said while the box is
// open, since it says nothing of what was voted.
func VotedCount(ctx context.Context, q db.Q, communeID, boxID string) (int, error) {
	return votedCount(ctx, q, communeID, boxID)
}

// HasVoted reports whether the household has voted in the box.
func HasVoted(ctx context.Context, q db.Q, communeID, boxID, householdID string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM ballot_casts WHERE commune_id = $1 AND box_id = $2 AND household_id = $3`,
		communeID, boxID, householdID).Scan(&n)
	return n > 0, errs.Wrap("ballot: has voted", err)
}

// Electorate is the number of households of the box's hamlets, as the registry holds them now.
func Electorate(ctx context.Context, q db.Q, communeID string, hamletIDs []string) (int, error) {
	if len(hamletIDs) == 0 {
		return 0, nil
	}
	args := []any{communeID}
	for _, h := range hamletIDs {
		args = append(args, h)
	}
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM households WHERE commune_id = $1 AND hamlet_id IN (`+db.Placeholders(2, len(hamletIDs))+`)`, args...).Scan(&n)
	return n, errs.Wrap("ballot: electorate", err)
}

// votesText writes the votes per option for the audit log: "1: 120; 2: 31".
func votesText(votes []int) string {
	parts := make([]string, len(votes))
	for i, v := range votes {
		parts[i] = strconv.Itoa(i+1) + ": " + strconv.Itoa(v)
	}
	return strings.Join(parts, "; ")
}
