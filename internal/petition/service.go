package petition

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/secret"
)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars returns a commune's working-day calendar (calendarweb.Service.Calendar).
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Keys seals denouncers' identities; nil when no key is configured, and then no
	// denunciation can be filed (and, with denunciations stored, xaso refuses to start).
	Keys *secret.Keyring
	// Blobs keeps attachments other than a denunciation's; nil refuses attachments.
	Blobs *blob.Store
	Now   func() time.Time
	// Wake is called after a commit that published events or messages; optional.
	Wake func()
	// BaseURL is the public address, for the tracking link in messages.
	BaseURL string
}

// Service is the petitions room. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	keys      *secret.Keyring
	blobs     *blob.Store
	now       func() time.Time
	wake      func()
	base      string
	// rateURL makes the signed link of an answered petition's rating page (UseRatingLink).
	rateURL func(communeID, number string) string
}

// New builds the Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Wake == nil {
		d.Wake = func() {}
	}
	if d.Calendars == nil {
		d.Calendars = func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil }
	}
	return &Service{d: d.DB, calendars: d.Calendars, keys: d.Keys, blobs: d.Blobs, now: d.Now, wake: d.Wake, base: strings.TrimRight(d.BaseURL, "/")}
}

// Room and duty kinds in the register (internal/duty).
const (
	room          = "petition"
	DutyAccept    = "petition.duty.accept"
	DutyAnswer    = "petition.duty.answer"
	DutyResolve   = "petition.duty.resolve"
	TopicFiled    = "petition.filed"
	TopicChanged  = "petition.changed"
	maxContent    = 8000
	maxShort      = 300
	maxFiles      = 5
	maxFileBytes  = 10 << 20
	numberPrefix  = "DT"
	redactedMark  = "[đã che]"
	secretOmitted = "(giữ bí mật)"
)

func (s *Service) nowUTC() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func (s *Service) calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return nil, errs.Wrap("petition: calendar", err)
	}
	return cal, nil
}

// HasKey reports whether denunciations can be filed.
func (s *Service) HasKey() bool { return s.keys != nil }

// FileIn is an attachment handed in with a petition: its bytes, checked by the caller to be
// a scan (PDF, JPEG, PNG), or a blob already stored.
type FileIn struct {
	Filename string
	Data     []byte
}

// Intake is a petition as filed.
type Intake struct {
	Kind      Kind
	Channel   Channel
	Topic     string
	Place     string
	Lat, Lon  *float64
	Content   string
	Sender    Sender
	Relatives string // a denouncer's relatives whom the law also protects
	OnBehalf  string
	// LearnedOn: a complaint's date of learning of the act (the 90-day limit), optional.
	LearnedOn      calendar.Date
	PublishConsent bool
	SeveralSites   bool
	Files          []FileIn
	SourceRef      string
}

// Validate checks an intake and normalises it: an anonymous denunciation becomes a report
// (Law 25/2018 Art. 25: it is not handled as a denunciation, but its content may be checked).
func (in *Intake) Validate(now time.Time) errs.FieldErrors {
	fe := errs.FieldErrors{}
	trim := func(p *string) { *p = strings.TrimSpace(*p) }
	for _, p := range []*string{&in.Topic, &in.Place, &in.Content, &in.Sender.Name, &in.Sender.Address, &in.Sender.Phone, &in.Sender.Email, &in.Sender.IDNumber, &in.Relatives, &in.OnBehalf} {
		trim(p)
		if !utf8.ValidString(*p) || strings.ContainsRune(*p, 0) {
			*p = strings.ToValidUTF8(strings.ReplaceAll(*p, "\x00", ""), "")
		}
	}
	if !in.Kind.Valid() {
		fe["kind"] = "petition.err.kind"
	}
	if !in.Channel.Valid() {
		fe["channel"] = "petition.err.channel"
	}
	if !ValidTopic(in.Topic) {
		fe["topic"] = "petition.err.topic"
	}
	switch n := utf8.RuneCountInString(in.Content); {
	case n < 10:
		fe["content"] = "petition.err.content_short"
	case n > maxContent:
		fe["content"] = "petition.err.content_long"
	}
	for name, v := range map[string]string{"place": in.Place, "name": in.Sender.Name, "address": in.Sender.Address, "email": in.Sender.Email, "relatives": in.Relatives, "on_behalf": in.OnBehalf} {
		if utf8.RuneCountInString(v) > maxShort {
			fe[name] = "petition.err.too_long"
		}
	}
	if in.Sender.Phone != "" {
		if d := digits(in.Sender.Phone); len(d) < 9 || len(d) > 12 || len(d) != len(strings.Map(dropPhonePunct, in.Sender.Phone)) {
			fe["phone"] = "petition.err.phone"
		}
	}
	if in.Sender.Email != "" && (!strings.Contains(in.Sender.Email, "@") || strings.ContainsAny(in.Sender.Email, " <>")) {
		fe["email"] = "petition.err.email"
	}
	if in.Sender.IDNumber != "" && (len(in.Sender.IDNumber) != 12 || digits(in.Sender.IDNumber) != in.Sender.IDNumber) {
		fe["id_number"] = "petition.err.id_number"
	}
	if (in.Lat == nil) != (in.Lon == nil) || in.Lat != nil && (*in.Lat < -90 || *in.Lat > 90 || *in.Lon < -180 || *in.Lon > 180) {
		fe["place"] = "petition.err.point"
	}
	if in.Kind == Complaint {
		// Law 02/2011 Art. 8: a complaint names the complainant and their address.
		if in.Sender.Name == "" {
			fe["name"] = "petition.err.complaint_name"
		}
		if in.Sender.Address == "" {
			fe["address"] = "petition.err.complaint_address"
		}
		if in.LearnedOn.Valid() && in.LearnedOn.After(calendar.DateOf(now)) {
			fe["learned_on"] = "petition.err.learned_future"
		}
	}
	if len(in.Files) > maxFiles {
		fe["files"] = "petition.err.files_many"
	}
	for _, f := range in.Files {
		if len(f.Data) > maxFileBytes {
			fe["files"] = "petition.err.file_large"
		}
	}
	if in.Kind == Denunciation && in.Sender.Name == "" {
		in.Kind = Report
		in.Relatives = ""
	}
	if in.Kind != Complaint {
		in.LearnedOn = calendar.Date{}
	}
	return fe
}

func dropPhonePunct(r rune) rune {
	switch r {
	case ' ', '.', '-', '(', ')':
		return -1
	}
	if r == '+' {
		return '0'
	}
	return r
}

// digits keeps the ASCII digits of s.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// trackHash binds the last four digits of the sender's phone to the petition, so that the
// number and the digits find it without the phone being readable from the column.
func trackHash(id, phone string) string {
	d := digits(phone)
	if len(d) < 4 {
		return ""
	}
	sum := sha256.Sum256([]byte(id + ":" + d[len(d)-4:]))
	return hex.EncodeToString(sum[:])
}

// aad binds sealed bytes to their row: a sealed identity copied to another petition fails.
func aad(communeID, petitionID, what string) []byte {
	return []byte(communeID + "\x00" + petitionID + "\x00" + what)
}

// Rules reads the deadline table that applies to a commune.
func (s *Service) Rules(ctx context.Context, q db.Q, communeID string) (Rules, error) {
	rows, err := q.Query(ctx, `SELECT commune_id, kind, step, variant, effective_from, amount, unit, times, basis
		FROM petition_rules WHERE commune_id IN ('', $1) ORDER BY kind, step, variant, effective_from`, communeID)
	if err != nil {
		return nil, errs.Wrap("petition: rules", err)
	}
	defer rows.Close()
	var out Rules
	for rows.Next() {
		var r Rule
		var from string
		if err := rows.Scan(&r.CommuneID, &r.Kind, &r.Step, &r.Variant, &from, &r.Amount, &r.Unit, &r.Times, &r.Basis); err != nil {
			return nil, errs.Wrap("petition: rules", err)
		}
		if r.From, err = calendar.ParseDate(from); err != nil {
			return nil, errs.Wrap("petition: rules", fmt.Errorf("rule %s/%s: %w", r.Kind, r.Step, err))
		}
		out = append(out, r)
	}
	return out, errs.Wrap("petition: rules", rows.Err())
}

// SetCommuneRule writes the commune's own row for a kind and step (the answer time of reports
// and recommendations, the reopening window), from a date.
func (s *Service) SetCommuneRule(ctx context.Context, communeID string, by Actor, kind Kind, step string, from calendar.Date, days int) error {
	const op = "petition: commune rule"
	if (kind != Report && kind != Recommendation) || (step != StepAnswer && step != StepReopen) {
		return errs.E(op, errs.Invalid, "petition.err.rule_fixed")
	}
	if days < 1 || days > 90 {
		return errs.FieldErrors{"days": "petition.err.days"}.Err(op)
	}
	unit := WorkingDays
	if step == StepReopen {
		unit = CalendarDays
	}
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO petition_rules (commune_id, kind, step, variant, effective_from, amount, unit, times, basis)
			VALUES ($1, $2, $3, '', $4, $5, $6, 0, 'Quy định của UBND xã')
			ON CONFLICT (commune_id, kind, step, variant, effective_from) DO UPDATE SET amount = excluded.amount`,
			communeID, string(kind), step, from.String(), days, unit); err != nil {
			return err
		}
		return audit.Record(ctx, tx, communeID, audit.Actor{ID: by.ID, Name: by.Name}, "petition.rule.set", "petition_rule", string(kind)+"/"+step,
			audit.Change{After: map[string]any{"from": from.String(), "days": days}})
	})
	return errs.Wrap(op, err)
}

// Remote reports whether the commune uses the remote-area complaint limits.
func (s *Service) Remote(ctx context.Context, q db.Q, communeID string) (bool, error) {
	var remote bool
	err := q.QueryRow(ctx, `SELECT remote FROM petition_settings WHERE commune_id = $1`, communeID).Scan(&remote)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return remote, errs.Wrap("petition: settings", err)
}

// SetRemote records whether the commune is a remote area with difficult travel (Law 02/2011
// Art. 28: complaint limits 45 and 60 days).
func (s *Service) SetRemote(ctx context.Context, communeID string, by Actor, remote bool) error {
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO petition_settings (commune_id, remote, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (commune_id) DO UPDATE SET remote = excluded.remote, updated_at = excluded.updated_at`, communeID, remote, tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, communeID, audit.Actor{ID: by.ID, Name: by.Name}, "petition.settings", "petition_settings", communeID,
			audit.Change{After: map[string]any{"remote": remote}})
	})
	return errs.Wrap("petition: settings", err)
}

// File records a petition in its own transaction.
func (s *Service) File(ctx context.Context, communeID string, by Actor, in Intake) (Petition, error) {
	const op = "petition: file"
	if fe := in.Validate(s.now()); len(fe) > 0 {
		return Petition{}, fe.Err(op)
	}
	stored, err := s.storeFiles(ctx, communeID, in)
	if err != nil {
		return Petition{}, err
	}
	var p Petition
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		p, err = s.fileTx(ctx, tx, communeID, by, in, stored)
		return err
	})
	if err != nil {
		return Petition{}, errs.Wrap(op, err)
	}
	s.wake()
	return p, nil
}

// FileInTx records a petition inside a caller's transaction (a reception visit turned into a
// petition in one step). Attachments are not taken here.
func (s *Service) FileInTx(ctx context.Context, tx *db.Tx, communeID string, by Actor, in Intake) (Petition, error) {
	const op = "petition: file"
	in.Files = nil
	if fe := in.Validate(s.now()); len(fe) > 0 {
		return Petition{}, fe.Err(op)
	}
	return s.fileTx(ctx, tx, communeID, by, in, nil)
}

// storedFile is an attachment ready for its row: in the blob store, or sealed bytes.
type storedFile struct {
	name   string
	sha    string
	data   []byte // plaintext of a denunciation's file, sealed in fileTx once the id is known
	sealed bool
}

func (s *Service) storeFiles(ctx context.Context, communeID string, in Intake) ([]storedFile, error) {
	var out []storedFile
	for _, f := range in.Files {
		if in.Kind == Denunciation {
			sum := sha256.Sum256(f.Data)
			out = append(out, storedFile{name: f.Filename, sha: hex.EncodeToString(sum[:]), data: f.Data, sealed: true})
			continue
		}
		if s.blobs == nil {
			return nil, errs.E("petition: files", errs.Invalid, "petition.err.no_files")
		}
		b, err := s.blobs.PutScan(ctx, communeID, f.Filename, bytes.NewReader(f.Data))
		if err != nil {
			return nil, err
		}
		out = append(out, storedFile{name: b.Filename, sha: b.SHA256})
	}
	return out, nil
}

func (s *Service) fileTx(ctx context.Context, tx *db.Tx, communeID string, by Actor, in Intake, files []storedFile) (Petition, error) {
	if in.Kind == Denunciation && s.keys == nil {
		return Petition{}, errs.E("petition: file", errs.Conflict, "petition.err.no_key")
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Petition{}, err
	}
	rules, err := s.Rules(ctx, tx, communeID)
	if err != nil {
		return Petition{}, err
	}
	now := tx.Now
	p := Petition{CommuneID: communeID, ID: uuid.Must(uuid.NewV7()).String(), Kind: in.Kind, Channel: in.Channel, Topic: in.Topic,
		Place: in.Place, Lat: in.Lat, Lon: in.Lon, Content: in.Content, Sender: in.Sender, OnBehalf: in.OnBehalf, LearnedOn: in.LearnedOn,
		Status: StatusReceived, SeveralSites: in.SeveralSites, ReceivedAt: now, PublishConsent: in.PublishConsent, SourceRef: in.SourceRef, UpdatedAt: now}
	p.Anonymous = in.Sender.Empty()
	year := calendar.DateOf(now).Year
	var seq int
	if err := tx.QueryRow(ctx, `INSERT INTO petition_counters (commune_id, year, next) VALUES ($1, $2, 1)
		ON CONFLICT (commune_id, year) DO UPDATE SET next = petition_counters.next + 1 RETURNING next`, communeID, year).Scan(&seq); err != nil {
		return Petition{}, err
	}
	p.Number = fmt.Sprintf("%s-%d-%05d", numberPrefix, year, seq)
	track := trackHash(p.ID, in.Sender.Phone)
	var sealed []byte
	if p.Kind == Denunciation {
		id := Identity{Sender: in.Sender, Relatives: in.Relatives, Letter: in.Content}
		raw, _ := json.Marshal(id)
		if sealed, err = s.keys.Seal(raw, aad(communeID, p.ID, "identity")); err != nil {
			return Petition{}, err
		}
		clear(raw)
		p.Content = Redact(in.Content, in.Sender, in.Relatives)
		p.Sender, p.Sealed = Sender{}, true
	}
	if p.Kind == Denunciation {
		p.PublishConsent = false // never published: the content itself may expose the denouncer
	}
	if err := p.scheduleFirst(cal, rules); err != nil {
		return Petition{}, err
	}
	learned := ""
	if p.LearnedOn.Valid() {
		learned = p.LearnedOn.String()
	}
	if _, err := tx.Exec(ctx, `INSERT INTO petitions (commune_id, id, number, year, seq, kind, channel, topic, place, lat, lon, content,
		sender_name, sender_address, sender_phone, sender_email, sender_id_number, on_behalf, identity_sealed, track_hash, anonymous, learned_on,
		status, several_sites, received_at, step_due_at, forward_by, publish_consent, source_ref, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)`,
		communeID, p.ID, p.Number, year, seq, string(p.Kind), string(p.Channel), p.Topic, p.Place, p.Lat, p.Lon, p.Content,
		p.Sender.Name, p.Sender.Address, p.Sender.Phone, p.Sender.Email, p.Sender.IDNumber, p.OnBehalf, sealed, track, p.Anonymous, learned,
		string(p.Status), p.SeveralSites, now, p.StepDueAt, p.ForwardBy, p.PublishConsent, p.SourceRef, now); err != nil {
		return Petition{}, err
	}
	for i, f := range files {
		var data []byte
		if f.sealed {
			if data, err = s.keys.Seal(f.data, aad(communeID, p.ID, "file")); err != nil {
				return Petition{}, err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO petition_files (commune_id, petition_id, seq, blob_sha, filename, sealed, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			communeID, p.ID, i+1, f.sha, f.name, f.sealed, data); err != nil {
			return Petition{}, err
		}
	}
	note := ""
	if in.Kind == Denunciation {
		note = "" // nothing of the letter in the history
	} else if p.Anonymous {
		note = "Không ghi người gửi."
	}
	if err := s.step(ctx, tx, p, ActFile, by, note); err != nil {
		return Petition{}, err
	}
	if err := audit.Record(ctx, tx, communeID, audit.Actor{ID: by.ID, Name: by.Name}, "petition.file", "petition", p.ID,
		audit.Change{After: map[string]any{"number": p.Number, "kind": p.Kind, "channel": p.Channel, "topic": p.Topic}}); err != nil {
		return Petition{}, err
	}
	if err := events.Publish(ctx, tx, communeID, TopicFiled, eventOf(p)); err != nil {
		return Petition{}, err
	}
	return p, syncDuties(ctx, tx, p, cal, rules, s.remoteOr(ctx, tx, communeID))
}

func (s *Service) remoteOr(ctx context.Context, q db.Q, communeID string) bool {
	r, _ := s.Remote(ctx, q, communeID)
	return r
}

// scheduleFirst sets the due time of the first step and the forwarding limit from receipt.
func (p *Petition) scheduleFirst(cal *calendar.Calendar, rules Rules) error {
	on := calendar.DateOf(p.ReceivedAt)
	r, ok := rules.Find(p.Kind, acceptStep(p.Kind), acceptVariant(*p), on)
	if !ok {
		return errs.E("petition: rules", errs.Internal, "petition.err.no_rule")
	}
	p.StepDueAt = r.DueFrom(cal, p.ReceivedAt)
	if f, ok := rules.Find(p.Kind, StepForward, "", on); ok {
		p.ForwardBy = f.DueFrom(cal, p.ReceivedAt)
	}
	return nil
}

// event is what the outbox carries: never the sender's name, phone or the content. The
// handler is an officer of the commune (the rating room credits an answered petition's rating
// to them); the times let it count the petition as answered on time or late.
type event struct {
	ID          string     `json:"id"`
	Number      string     `json:"number"`
	Kind        Kind       `json:"kind"`
	Status      Status     `json:"status"`
	Topic       string     `json:"topic"`
	HandlerID   string     `json:"handler_id,omitempty"`
	HandlerName string     `json:"handler_name,omitempty"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	DueAt       *time.Time `json:"due_at,omitempty"`
}

func eventOf(p Petition) event {
	e := event{ID: p.ID, Number: p.Number, Kind: p.Kind, Status: p.Status, Topic: p.Topic, HandlerID: p.HandlerID, HandlerName: p.HandlerName}
	if !p.AnsweredAt.IsZero() {
		t := p.AnsweredAt.UTC()
		e.AnsweredAt = &t
	}
	if d := p.Due(); !d.IsZero() {
		t := d.UTC()
		e.DueAt = &t
	}
	return e
}

// step appends a line to the petition's history.
func (s *Service) step(ctx context.Context, tx *db.Tx, p Petition, a Action, by Actor, note string) error {
	_, err := tx.Exec(ctx, `INSERT INTO petition_steps (commune_id, petition_id, seq, at, action, by_id, by_name, status, note)
		VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM petition_steps WHERE commune_id = $1 AND petition_id = $2), $3, $4, $5, $6, $7, $8)`,
		p.CommuneID, p.ID, tx.Now, string(a), by.ID, by.Name, string(p.Status), note)
	return err
}

// syncDuties brings the petition's duties in the register in line with its state.
func syncDuties(ctx context.Context, tx *db.Tx, p Petition, cal *calendar.Calendar, rules Rules, remote bool) error {
	owner := duty.Owner{Role: string(auth.Desk)}
	if p.HandlerID != "" {
		owner = duty.Owner{ID: p.HandlerID, Name: p.HandlerName, Role: string(auth.Specialist)}
	} else if p.Status != StatusReceived {
		owner = duty.Owner{Role: string(auth.Leader)}
	}
	base := duty.Duty{CommuneID: p.CommuneID, Room: room, SubjectType: "petition", SubjectID: p.ID, Label: p.Number,
		URL: "/don-thu/" + p.Number, Owner: owner}
	on := calendar.DateOf(p.ReceivedAt)
	first := DutyAccept
	if acceptStep(p.Kind) == StepAnswer {
		first = DutyAnswer
	}
	var open []duty.Duty
	if p.Status.Open() {
		if p.DueAt.IsZero() {
			r, _ := rules.Find(p.Kind, acceptStep(p.Kind), acceptVariant(p), on)
			d := base
			d.Kind, d.DueAt, d.AtRiskFrom, d.LegalBasis = first, p.StepDueAt, r.AtRiskFrom(cal, p.StepDueAt), r.Basis
			open = append(open, d)
		} else {
			r, _ := rules.Find(p.Kind, StepResolve, resolveVariant(p, remote), on)
			if acceptStep(p.Kind) == StepAnswer {
				r, _ = rules.Find(p.Kind, StepAnswer, "", on)
			}
			d := base
			d.Kind, d.DueAt, d.AtRiskFrom, d.LegalBasis = DutyResolve, p.DueAt, r.AtRiskFrom(cal, p.DueAt), r.Basis
			if acceptStep(p.Kind) == StepAnswer {
				d.Kind = DutyAnswer
			}
			open = append(open, d)
		}
	}
	keep := map[string]bool{}
	for _, d := range open {
		keep[d.Kind] = true
		if err := duty.Set(ctx, tx, d); err != nil {
			return err
		}
	}
	for _, k := range []string{DutyAccept, DutyAnswer, DutyResolve} {
		if !keep[k] {
			if err := duty.Close(ctx, tx, p.CommuneID, room, p.ID, k, string(p.Status)); err != nil {
				return err
			}
		}
	}
	return nil
}

const selectCols = `commune_id, id, number, kind, channel, topic, place, lat, lon, content, sender_name, sender_address, sender_phone,
	sender_email, sender_id_number, on_behalf, identity_sealed IS NOT NULL, anonymous, learned_on, status, complex, several_sites, extensions,
	handler_id, handler_name, received_at, step_due_at, accepted_at, due_at, forward_by, closed_at, outcome_note, forwarded_to, decision,
	answer, answer_number, answered_at, publish_consent, published, public_question, source_ref, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanPetition(row scanner) (Petition, error) {
	var p Petition
	var lat, lon sql.NullFloat64
	var learned string
	var stepDue, accepted, due, fwd, closed, answered sql.NullTime
	err := row.Scan(&p.CommuneID, &p.ID, &p.Number, &p.Kind, &p.Channel, &p.Topic, &p.Place, &lat, &lon, &p.Content, &p.Sender.Name,
		&p.Sender.Address, &p.Sender.Phone, &p.Sender.Email, &p.Sender.IDNumber, &p.OnBehalf, &p.Sealed, &p.Anonymous, &learned, &p.Status,
		&p.Complex, &p.SeveralSites, &p.Extensions, &p.HandlerID, &p.HandlerName, &p.ReceivedAt, &stepDue, &accepted, &due, &fwd, &closed,
		&p.OutcomeNote, &p.ForwardedTo, &p.Decision, &p.Answer, &p.AnswerNumber, &answered, &p.PublishConsent, &p.Published,
		&p.PublicQuestion, &p.SourceRef, &p.UpdatedAt)
	if err != nil {
		return p, err
	}
	if lat.Valid && lon.Valid {
		p.Lat, p.Lon = &lat.Float64, &lon.Float64
	}
	if learned != "" {
		p.LearnedOn, _ = calendar.ParseDate(learned)
	}
	p.StepDueAt, p.AcceptedAt, p.DueAt, p.ForwardBy, p.ClosedAt, p.AnsweredAt = db.TimeOf(stepDue), db.TimeOf(accepted), db.TimeOf(due), db.TimeOf(fwd), db.TimeOf(closed), db.TimeOf(answered)
	p.ReceivedAt, p.UpdatedAt = p.ReceivedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// Get returns a petition by number.
func (s *Service) Get(ctx context.Context, communeID, number string) (Petition, error) {
	return s.get(ctx, s.d, communeID, number, false)
}

func (s *Service) get(ctx context.Context, q db.Q, communeID, number string, lock bool) (Petition, error) {
	query := `SELECT ` + selectCols + ` FROM petitions WHERE commune_id = $1 AND number = $2`
	if lock {
		query += s.d.Engine.ForUpdate()
	}
	p, err := scanPetition(q.QueryRow(ctx, query, communeID, number))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E("petition: get", errs.NotFound, "petition.not_found")
	}
	return p, errs.Wrap("petition: get", err)
}

// ByID returns a petition by its id.
func (s *Service) ByID(ctx context.Context, communeID, id string) (Petition, error) {
	p, err := scanPetition(s.d.QueryRow(ctx, `SELECT `+selectCols+` FROM petitions WHERE commune_id = $1 AND id = $2`, communeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E("petition: get", errs.NotFound, "petition.not_found")
	}
	return p, errs.Wrap("petition: get", err)
}

// Steps returns a petition's history, oldest first.
func (s *Service) Steps(ctx context.Context, communeID, petitionID string) ([]Step, error) {
	rows, err := s.d.Query(ctx, `SELECT seq, at, action, by_id, by_name, status, note FROM petition_steps
		WHERE commune_id = $1 AND petition_id = $2 ORDER BY seq`, communeID, petitionID)
	if err != nil {
		return nil, errs.Wrap("petition: steps", err)
	}
	defer rows.Close()
	var out []Step
	for rows.Next() {
		var st Step
		if err := rows.Scan(&st.Seq, &st.At, &st.Action, &st.ByID, &st.ByName, &st.Status, &st.Note); err != nil {
			return nil, errs.Wrap("petition: steps", err)
		}
		st.At = st.At.UTC()
		out = append(out, st)
	}
	return out, errs.Wrap("petition: steps", rows.Err())
}

// Files lists a petition's attachments.
func (s *Service) Files(ctx context.Context, communeID, petitionID string) ([]File, error) {
	rows, err := s.d.Query(ctx, `SELECT seq, blob_sha, filename, sealed FROM petition_files WHERE commune_id = $1 AND petition_id = $2 ORDER BY seq`, communeID, petitionID)
	if err != nil {
		return nil, errs.Wrap("petition: files", err)
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		var f File
		if err := rows.Scan(&f.Seq, &f.SHA, &f.Filename, &f.Sealed); err != nil {
			return nil, errs.Wrap("petition: files", err)
		}
		out = append(out, f)
	}
	return out, errs.Wrap("petition: files", rows.Err())
}

// Track finds a petition by its number and the last four digits of the sender's phone.
func (s *Service) Track(ctx context.Context, communeID, number, last4 string) (Petition, error) {
	p, err := s.Get(ctx, communeID, strings.ToUpper(strings.TrimSpace(number)))
	notFound := errs.E("petition: track", errs.NotFound, "petition.track.not_found")
	if err != nil {
		return Petition{}, notFound
	}
	var stored string
	if err := s.d.QueryRow(ctx, `SELECT track_hash FROM petitions WHERE commune_id = $1 AND id = $2`, communeID, p.ID).Scan(&stored); err != nil {
		return Petition{}, errs.Wrap("petition: track", err)
	}
	d := digits(last4)
	want := trackHash(p.ID, "0000"+d)
	if len(d) != 4 || stored == "" || subtle.ConstantTimeCompare([]byte(stored), []byte(want)) != 1 {
		return Petition{}, notFound
	}
	return p, nil
}
