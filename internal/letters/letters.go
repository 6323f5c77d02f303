package letters

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Status is where a letter is on its way to its recipient.
type Status string

const (
	Waiting   Status = "waiting"   // written, waiting at the desk to be printed
	Printed   Status = "printed"   // printed and signed, waiting to be delivered
	Delivered Status = "delivered" // handed over or sent at least once
	Cancelled Status = "cancelled" // not to be sent (made by mistake), with the reason
)

// Statuses lists the statuses in the order staff see them.
var Statuses = []Status{Waiting, Printed, Delivered, Cancelled}

// What made a letter (letters.source_kind). One letter per source kind and source ref.
const (
	SourceReturned   = "onestop.returned"      // a dossier returned: congratulation, condolence
	SourceLateReturn = "onestop.returned_late" // a dossier returned after its due time: apology
	SourceApologised = "onestop.apologised"    // the desk's apology with a new date: apology
	SourceHand       = "hand"                  // written by staff; the ref is the letter's id
)

// Letter is one letter of the commune.
type Letter struct {
	ID               string
	Kind             Kind
	Occasion         Occasion
	SourceKind       string
	SourceRef        string
	RecipientName    string
	RecipientAddress string
	RecipientPhone   string
	HamletID         string
	Hamlet           string // the hamlet's name, "" when none is known
	DossierCode      string
	Title            string
	Body             string
	Short            string // the short text for SMS and Zalo
	Status           Status
	PrintedAt        time.Time
	PrintedBy        string
	DeliveredAt      time.Time
	CancelReason     string
	CreatedAt        time.Time
	CreatedBy        string
}

// URL is the letter's staff page.
func (l Letter) URL() string { return "/thu/" + l.ID }

// FromEvent reports whether a one-stop event made the letter.
func (l Letter) FromEvent() bool { return l.SourceKind != SourceHand }

// Lines are the paragraphs of the body.
func (l Letter) Lines() []string {
	var out []string
	for _, s := range strings.Split(l.Body, "\n") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// LetterEvent is the payload of the letter topics.
type LetterEvent struct {
	CommuneID  string   `json:"commune_id"`
	LetterID   string   `json:"letter_id"`
	Kind       Kind     `json:"kind"`
	Occasion   Occasion `json:"occasion"`
	Status     Status   `json:"status"`
	SourceKind string   `json:"source_kind"`
	SourceRef  string   `json:"source_ref"`
	HamletID   string   `json:"hamlet_id,omitempty"`
	Method     string   `json:"method,omitempty"`
}

func eventOf(communeID string, l Letter) LetterEvent {
	return LetterEvent{CommuneID: communeID, LetterID: l.ID, Kind: l.Kind, Occasion: l.Occasion, Status: l.Status,
		SourceKind: l.SourceKind, SourceRef: l.SourceRef, HamletID: l.HamletID}
}

// auditView is what the audit log keeps of a letter (no body: it is in the row).
func (l Letter) auditView() map[string]any {
	return map[string]any{"occasion": l.Occasion, "recipient": l.RecipientName, "dossier": l.DossierCode,
		"hamlet": l.HamletID, "status": l.Status, "source": l.SourceKind}
}

// draft is what a letter is written from.
type draft struct {
	Occasion               Occasion
	SourceKind, SourceRef  string
	Name, Address, Phone   string
	HamletID               string
	DossierCode, Procedure string
	Reason, Holiday        string
	Day                    time.Time // of what the letter is about; zero: today
	OldDue, NewDue         time.Time
}

// communeInfo is what a letter says of its commune.
type communeInfo struct{ Name, Chairman string }

func communeOf(ctx context.Context, q db.Q, communeID string) (communeInfo, error) {
	var c communeInfo
	err := q.QueryRow(ctx, `SELECT name, chairman FROM communes WHERE id = $1`, communeID).Scan(&c.Name, &c.Chairman)
	return c, err
}

// writeInTx writes d as a letter from the commune's template, once: a second letter of the
// same source kind and ref is not written (created is false, and nothing is recorded).
func (s *Service) writeInTx(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, d draft) (l Letter, created bool, err error) {
	const op = "letters: write"
	tpl, _, err := templateIn(ctx, tx, communeID, d.Occasion)
	if err != nil {
		return Letter{}, false, err
	}
	c, err := communeOf(ctx, tx, communeID)
	if err != nil {
		return Letter{}, false, notFound(op, err)
	}
	if d.HamletID == "" && d.Address != "" {
		hs, err := hamletsOf(ctx, tx, communeID, "")
		if err != nil {
			return Letter{}, false, err
		}
		d.HamletID = hamletOfAddress(hs, d.Address)
	}
	day := d.Day
	if day.IsZero() {
		day = tx.Now
	}
	oneLine := func(v string) string { return strings.Join(strings.Fields(v), " ") }
	d.Name, d.Address, d.Reason, d.Holiday, d.Procedure = oneLine(d.Name), oneLine(d.Address), oneLine(d.Reason), oneLine(d.Holiday), oneLine(d.Procedure)
	txt := write(tpl, map[string]string{PhName: d.Name, PhAddress: d.Address, PhDate: dmy(day), PhCode: d.DossierCode,
		PhProc: d.Procedure, PhReason: d.Reason, PhOldDue: dmy(d.OldDue), PhNewDue: dmy(d.NewDue), PhChairman: c.Chairman,
		PhCommune: c.Name, PhHoliday: d.Holiday})
	l = Letter{ID: uuid.Must(uuid.NewV7()).String(), Kind: d.Occasion.Kind(), Occasion: d.Occasion, SourceKind: d.SourceKind,
		SourceRef: d.SourceRef, RecipientName: d.Name, RecipientAddress: d.Address, RecipientPhone: d.Phone, HamletID: d.HamletID,
		DossierCode: d.DossierCode, Title: txt.Title, Body: txt.Body, Short: txt.Short, Status: Waiting, CreatedAt: tx.Now, CreatedBy: by.Name}
	if l.SourceKind == SourceHand {
		l.SourceRef = l.ID
	}
	res, err := tx.Exec(ctx, `INSERT INTO letters (commune_id, id, kind, occasion, source_kind, source_ref, recipient_name,
		recipient_address, recipient_phone, hamlet_id, dossier_code, title, body, short_text, status, created_at, created_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16)
		ON CONFLICT (commune_id, source_kind, source_ref) DO NOTHING`,
		communeID, l.ID, string(l.Kind), string(l.Occasion), l.SourceKind, l.SourceRef, l.RecipientName, l.RecipientAddress,
		l.RecipientPhone, l.HamletID, l.DossierCode, l.Title, l.Body, l.Short, string(l.Status), tx.Now, by.Name)
	if err != nil {
		return Letter{}, false, errs.Wrap(op, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return Letter{}, false, errs.Wrap(op, err)
	} else if n == 0 {
		return Letter{}, false, nil // already written for this event: an outbox replay
	}
	if err := audit.Record(ctx, tx, communeID, by, actionCreate, "letter", l.ID, audit.Change{After: l.auditView()}); err != nil {
		return Letter{}, false, errs.Wrap(op, err)
	}
	if err := events.Publish(ctx, tx, communeID, TopicCreated, eventOf(communeID, l)); err != nil {
		return Letter{}, false, errs.Wrap(op, err)
	}
	return l, true, nil
}

// Limits of the hand form.
const (
	maxName    = 200
	maxAddress = 300
	maxReason  = 600
	maxHoliday = 200
	maxNote    = 500
)

// HandInput is a letter as staff write it by hand (/thu/moi).
type HandInput struct {
	Occasion Occasion
	Name     string
	Address  string
	Phone    string
	HamletID string
	Reason   string // what is thanked, or apologised for
	Holiday  string // the occasion of a greeting
	Day      string // of what the letter is about, dd/mm/yyyy or YYYY-MM-DD; empty: today
}

// CheckHand cleans a hand letter's input; the field errors are catalogue keys.
func CheckHand(in HandInput) (HandInput, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var ok bool
	byHand := false
	for _, o := range ByHand {
		byHand = byHand || o == in.Occasion
	}
	if !byHand {
		fe["occasion"] = "letters.err.occasion"
	}
	if in.Name, ok = clean(in.Name, maxName); !ok {
		fe["name"] = "letters.err.too_long"
	} else if in.Name == "" && in.Occasion != OccHoliday {
		fe["name"] = "letters.err.name_required"
	}
	if in.Address, ok = clean(in.Address, maxAddress); !ok {
		fe["address"] = "letters.err.too_long"
	}
	if in.Phone, ok = cleanPhone(in.Phone); !ok {
		fe["phone"] = "letters.err.phone"
	}
	in.HamletID = strings.TrimSpace(in.HamletID)
	if len(in.HamletID) > 64 {
		fe["hamlet"] = "letters.err.hamlet"
	}
	if in.Reason, ok = clean(strings.ReplaceAll(in.Reason, "\n", " "), maxReason); !ok {
		fe["reason"] = "letters.err.too_long"
	} else if in.Reason == "" && (in.Occasion == OccContribution || in.Occasion == OccMistake) {
		fe["reason"] = "letters.err.reason_required"
	}
	if in.Holiday, ok = clean(in.Holiday, maxHoliday); !ok {
		fe["holiday"] = "letters.err.too_long"
	} else if in.Holiday == "" && in.Occasion == OccHoliday {
		fe["holiday"] = "letters.err.holiday_required"
	}
	if in.Day = strings.TrimSpace(in.Day); in.Day != "" {
		if _, err := calendar.ParseDay(in.Day); err != nil || len(in.Day) > 10 {
			fe["day"] = "letters.err.day"
		}
	}
	return in, fe
}

// cleanPhone keeps a phone number's digits and a leading "+": 8 to 15 digits, or none.
func cleanPhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if len(s) > 40 {
		return "", false
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-':
		default:
			return "", false
		}
	}
	n := len(strings.TrimPrefix(b.String(), "+"))
	if n < 8 || n > 15 {
		return "", false
	}
	return b.String(), true
}

// Create writes a letter by hand.
func (s *Service) Create(ctx context.Context, communeID string, by audit.Actor, in HandInput) (Letter, error) {
	const op = "letters: create"
	in, fe := CheckHand(in)
	if len(fe) > 0 {
		return Letter{}, fe.Err(op)
	}
	d := draft{Occasion: in.Occasion, SourceKind: SourceHand, Name: in.Name, Address: in.Address, Phone: in.Phone,
		HamletID: in.HamletID, Reason: in.Reason, Holiday: in.Holiday}
	if in.Day != "" {
		day, _ := calendar.ParseDay(in.Day)
		d.Day = day.At(calendar.NewClock(12, 0))
	}
	var l Letter
	err := s.tx(ctx, func(tx *db.Tx) error {
		if d.HamletID != "" {
			if err := hamletExists(ctx, tx, communeID, d.HamletID); err != nil {
				return err
			}
		}
		var err error
		l, _, err = s.writeInTx(ctx, tx, communeID, by, d)
		return err
	})
	return l, err
}

func hamletExists(ctx context.Context, q db.Q, communeID, id string) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM hamlets WHERE commune_id = $1 AND id = $2`, communeID, id).Scan(&n); err != nil {
		return errs.Wrap("letters: hamlet", err)
	}
	if n == 0 {
		return errs.FieldErrors{"hamlet": "letters.err.hamlet"}.Err("letters: hamlet")
	}
	return nil
}

const letterCols = `l.id, l.kind, l.occasion, l.source_kind, l.source_ref, l.recipient_name, l.recipient_address, l.recipient_phone,
	l.hamlet_id, COALESCE(h.name, ''), l.dossier_code, l.title, l.body, l.short_text, l.status, l.printed_at, l.printed_by,
	l.delivered_at, l.cancel_reason, l.created_at, l.created_by`

const letterFrom = ` FROM letters l LEFT JOIN hamlets h ON h.commune_id = l.commune_id AND h.id = l.hamlet_id`

func scanLetter(row interface{ Scan(...any) error }) (Letter, error) {
	var l Letter
	var kind, occ, status string
	var printed, delivered sql.NullTime
	err := row.Scan(&l.ID, &kind, &occ, &l.SourceKind, &l.SourceRef, &l.RecipientName, &l.RecipientAddress, &l.RecipientPhone,
		&l.HamletID, &l.Hamlet, &l.DossierCode, &l.Title, &l.Body, &l.Short, &status, &printed, &l.PrintedBy, &delivered,
		&l.CancelReason, &l.CreatedAt, &l.CreatedBy)
	l.Kind, l.Occasion, l.Status = Kind(kind), Occasion(occ), Status(status)
	l.PrintedAt, l.DeliveredAt, l.CreatedAt = db.TimeOf(printed), db.TimeOf(delivered), l.CreatedAt.UTC()
	return l, err
}

// Get reads one letter.
func (s *Service) Get(ctx context.Context, communeID, id string) (Letter, error) {
	return getLetter(ctx, s.d, communeID, id)
}

func getLetter(ctx context.Context, q db.Q, communeID, id string) (Letter, error) {
	l, err := scanLetter(q.QueryRow(ctx, `SELECT `+letterCols+letterFrom+` WHERE l.commune_id = $1 AND l.id = $2`, communeID, id))
	if err != nil {
		return Letter{}, notFound("letters: get", err)
	}
	return l, nil
}

// Filter selects letters.
type Filter struct {
	Kind   Kind
	Status Status
	// Hamlets, when not nil, keeps the letters of these hamlets only (a hamlet head's); an
	// empty non-nil list keeps none.
	Hamlets []string
	// Oldest lists the oldest first (the print queue); else the newest first.
	Oldest        bool
	Limit, Offset int
}

// List lists letters by f, and how many there are in all.
func (s *Service) List(ctx context.Context, communeID string, f Filter) ([]Letter, int, error) {
	const op = "letters: list"
	where := ` WHERE l.commune_id = $1`
	args := []any{communeID}
	if f.Kind != "" {
		args = append(args, string(f.Kind))
		where += ` AND l.kind = $` + itoa(len(args))
	}
	if f.Status != "" {
		args = append(args, string(f.Status))
		where += ` AND l.status = $` + itoa(len(args))
	}
	if f.Hamlets != nil {
		if len(f.Hamlets) == 0 {
			return nil, 0, nil
		}
		where += ` AND l.hamlet_id IN (` + db.Placeholders(len(args)+1, len(f.Hamlets)) + `)`
		for _, h := range f.Hamlets {
			args = append(args, h)
		}
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM letters l`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := limits(f.Limit, f.Offset)
	order := ` ORDER BY l.created_at DESC, l.id DESC`
	if f.Oldest {
		order = ` ORDER BY l.created_at, l.id`
	}
	args = append(args, limit, offset)
	rows, err := s.d.Query(ctx, `SELECT `+letterCols+letterFrom+where+order+` LIMIT $`+itoa(len(args)-1)+` OFFSET $`+itoa(len(args)), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Letter
	for rows.Next() {
		l, err := scanLetter(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, l)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// Counts counts the commune's letters by status.
func (s *Service) Counts(ctx context.Context, communeID string) (map[Status]int, error) {
	const op = "letters: counts"
	rows, err := s.d.Query(ctx, `SELECT status, count(*) FROM letters WHERE commune_id = $1 GROUP BY status`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	out := map[Status]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out[Status(st)] = n
	}
	return out, errs.Wrap(op, rows.Err())
}

// ByIDs reads the letters among ids, in the order of ids (unknown ids are left out).
func (s *Service) ByIDs(ctx context.Context, communeID string, ids []string) ([]Letter, error) {
	const op = "letters: by ids"
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{communeID}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.d.Query(ctx, `SELECT `+letterCols+letterFrom+` WHERE l.commune_id = $1 AND l.id IN (`+db.Placeholders(2, len(ids))+`)`, args...)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	byID := map[string]Letter{}
	for rows.Next() {
		l, err := scanLetter(rows)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		byID[l.ID] = l
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(op, err)
	}
	var out []Letter
	for _, id := range ids {
		if l, ok := byID[id]; ok {
			out = append(out, l)
		}
	}
	return out, nil
}

// MaxBatch is the most letters marked printed, or printed in one PDF, at once.
const MaxBatch = 50

// MarkPrinted records that the letters among ids waiting to be printed are printed; it
// returns how many were.
func (s *Service) MarkPrinted(ctx context.Context, communeID string, by audit.Actor, ids []string) (int, error) {
	const op = "letters: mark printed"
	if len(ids) == 0 {
		return 0, errs.E(op, errs.Invalid, "letters.err.none_chosen")
	}
	if len(ids) > MaxBatch {
		return 0, errs.E(op, errs.Invalid, "letters.err.too_many_chosen", MaxBatch)
	}
	n := 0
	err := s.tx(ctx, func(tx *db.Tx) error {
		args := []any{communeID}
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := tx.Query(ctx, `SELECT `+letterCols+letterFrom+` WHERE l.commune_id = $1 AND l.status = 'waiting' AND l.id IN (`+
			db.Placeholders(2, len(ids))+`)`, args...)
		if err != nil {
			return errs.Wrap(op, err)
		}
		var ls []Letter
		for rows.Next() {
			l, err := scanLetter(rows)
			if err != nil {
				rows.Close()
				return errs.Wrap(op, err)
			}
			ls = append(ls, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return errs.Wrap(op, err)
		}
		if len(ls) == 0 {
			return nil
		}
		upd := []any{tx.Now, by.Name, communeID}
		for _, l := range ls {
			upd = append(upd, l.ID)
		}
		if _, err := tx.Exec(ctx, `UPDATE letters SET status = 'printed', printed_at = $1, printed_by = $2, updated_at = $1
			WHERE commune_id = $3 AND status = 'waiting' AND id IN (`+db.Placeholders(4, len(ls))+`)`, upd...); err != nil {
			return errs.Wrap(op, err)
		}
		for _, l := range ls {
			before := l.auditView()
			l.Status = Printed
			if err := audit.Record(ctx, tx, communeID, by, actionPrint, "letter", l.ID, audit.Change{Before: before, After: l.auditView()}); err != nil {
				return errs.Wrap(op, err)
			}
			if err := events.Publish(ctx, tx, communeID, TopicPrinted, eventOf(communeID, l)); err != nil {
				return errs.Wrap(op, err)
			}
		}
		n = len(ls)
		return nil
	})
	return n, err
}

// SetHamlet records the hamlet a letter goes to ("" clears it), so that its hamlet head sees
// it among the letters to deliver.
func (s *Service) SetHamlet(ctx context.Context, communeID string, by audit.Actor, id, hamletID string) error {
	const op = "letters: set hamlet"
	hamletID = strings.TrimSpace(hamletID)
	return s.tx(ctx, func(tx *db.Tx) error {
		l, err := getLetter(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if hamletID != "" {
			if err := hamletExists(ctx, tx, communeID, hamletID); err != nil {
				return err
			}
		}
		before := l.auditView()
		if _, err := tx.Exec(ctx, `UPDATE letters SET hamlet_id = $1, updated_at = $2 WHERE commune_id = $3 AND id = $4`,
			hamletID, tx.Now, communeID, id); err != nil {
			return errs.Wrap(op, err)
		}
		l.HamletID = hamletID
		if err := audit.Record(ctx, tx, communeID, by, actionHamlet, "letter", id, audit.Change{Before: before, After: l.auditView()}); err != nil {
			return errs.Wrap(op, err)
		}
		return errs.Wrap(op, events.Publish(ctx, tx, communeID, TopicHamlet, eventOf(communeID, l)))
	})
}

// Cancel records that a letter is not to be sent, with the reason; a delivered letter cannot be.
func (s *Service) Cancel(ctx context.Context, communeID string, by audit.Actor, id, reason string) error {
	const op = "letters: cancel"
	reason, ok := clean(reason, maxNote)
	if !ok {
		return errs.FieldErrors{"reason": "letters.err.too_long"}.Err(op)
	}
	if reason == "" {
		return errs.FieldErrors{"reason": "letters.err.cancel_reason"}.Err(op)
	}
	return s.tx(ctx, func(tx *db.Tx) error {
		l, err := getLetter(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if l.Status == Delivered || l.Status == Cancelled {
			return errs.E(op, errs.Conflict, "letters.err.cannot_cancel")
		}
		before := l.auditView()
		if _, err := tx.Exec(ctx, `UPDATE letters SET status = 'cancelled', cancel_reason = $1, updated_at = $2 WHERE commune_id = $3 AND id = $4`,
			reason, tx.Now, communeID, id); err != nil {
			return errs.Wrap(op, err)
		}
		l.Status = Cancelled
		after := l.auditView()
		after["reason"] = reason
		if err := audit.Record(ctx, tx, communeID, by, actionCancel, "letter", id, audit.Change{Before: before, After: after}); err != nil {
			return errs.Wrap(op, err)
		}
		return errs.Wrap(op, events.Publish(ctx, tx, communeID, TopicCancelled, eventOf(communeID, l)))
	})
}

// HistoryEntry is one step of a letter's history, from the audit log.
type HistoryEntry struct {
	At     time.Time
	Actor  string
	Action string // what was done: create, print, deliver, hamlet, cancel
}

// History is the letter's history, oldest first (at most 100 steps).
func (s *Service) History(ctx context.Context, communeID, id string) ([]HistoryEntry, error) {
	es, err := audit.List(ctx, s.d, communeID, "letter", id, 100, 0)
	if err != nil {
		return nil, errs.Wrap("letters: history", err)
	}
	out := make([]HistoryEntry, 0, len(es))
	for _, e := range es {
		out = append(out, HistoryEntry{At: e.At, Actor: e.Actor.Name, Action: strings.TrimPrefix(e.Action, "letters.")})
	}
	slices.Reverse(out) // the log lists the newest first
	return out, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// DeliveredBetween counts the letters delivered in [from, to) (their first delivery), for the
// plan's dashboard.
func (s *Service) DeliveredBetween(ctx context.Context, communeID string, from, to time.Time) (int, error) {
	var n int
	err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM letters WHERE commune_id = $1 AND delivered_at >= $2 AND delivered_at < $3`,
		communeID, from.UTC(), to.UTC()).Scan(&n)
	return n, errs.Wrap("letters: delivered", err)
}
