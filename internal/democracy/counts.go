package democracy

import (
	"context"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Entry is one count of a hamlet as entered, with who entered it.
type Entry struct {
	Count
	N        int // 1 or 2: household ballots are counted twice by different people
	ByID     string
	ByName   string
	At       time.Time
	Recorded bool
}

// HamletTally is where the count of one hamlet stands.
type HamletTally struct {
	Hamlet
	First, Second Entry
	// Agreed: the count is usable: entered once at a meeting, or twice alike for household
	// ballots. Differ: the two counts of household ballots do not match; the result waits.
	Agreed, Differ bool
}

// Tally is a decision's counts with their result.
type Tally struct {
	Hamlets []HamletTally
	Result  Result
	// Differ lists the hamlets whose two counts do not match.
	Differ []string
}

// decisionHamlets are the hamlets a decision covers.
func decisionHamlets(all []Hamlet, d Decision) []Hamlet {
	if d.CommuneWide() {
		return all
	}
	if h, ok := hamletByID(all, d.HamletID); ok {
		return []Hamlet{h}
	}
	return nil
}

// Tally reads a decision's counts and applies the thresholds, in two queries whatever the
// number of households.
func (s *Service) Tally(ctx context.Context, communeID string, d Decision) (Tally, error) {
	return tallyOf(ctx, s.d, communeID, d)
}

func tallyOf(ctx context.Context, q db.Q, communeID string, d Decision) (Tally, error) {
	const op = "democracy: tally"
	all, err := hamletsOf(ctx, q, communeID)
	if err != nil {
		return Tally{}, err
	}
	hs := decisionHamlets(all, d)
	t := Tally{}
	idx := map[string]int{}
	for i, h := range hs {
		t.Hamlets = append(t.Hamlets, HamletTally{Hamlet: h})
		idx[h.ID] = i
	}
	rows, err := q.Query(ctx, `SELECT hamlet_id, entry, households, present, yes, no, invalid, by_id, by_name, at
		FROM democracy_counts WHERE commune_id = $1 AND decision_id = $2`, communeID, d.ID)
	if err != nil {
		return Tally{}, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var hamlet string
		var e Entry
		if err := rows.Scan(&hamlet, &e.N, &e.Households, &e.Present, &e.Yes, &e.No, &e.Invalid, &e.ByID, &e.ByName, &e.At); err != nil {
			return Tally{}, errs.Wrap(op, err)
		}
		i, ok := idx[hamlet]
		if !ok {
			continue
		}
		e.Recorded, e.HamletID, e.HamletName = true, hamlet, t.Hamlets[i].Name
		if e.N == 2 {
			t.Hamlets[i].Second = e
		} else {
			t.Hamlets[i].First = e
		}
	}
	if err := rows.Err(); err != nil {
		return Tally{}, errs.Wrap(op, err)
	}
	var counts []Count
	for i := range t.Hamlets {
		h := &t.Hamlets[i]
		switch {
		case !h.First.Recorded:
		case d.Form != HouseholdBallot:
			h.Agreed = true
		case h.Second.Recorded:
			a, b := h.First.Count, h.Second.Count
			h.Agreed = a.Present == b.Present && a.Yes == b.Yes && a.No == b.No && a.Invalid == b.Invalid
			h.Differ = !h.Agreed
			if h.Differ {
				t.Differ = append(t.Differ, h.Name)
			}
		}
		if h.Agreed {
			counts = append(counts, h.First.Count)
		}
	}
	t.Result = Evaluate(d.Matter, d.CommuneWide(), counts, len(hs))
	return t, nil
}

// CountInput is a hamlet's count as typed.
type CountInput struct {
	HamletID                  string
	Present, Yes, No, Invalid string
}

// ParseCount reads a whole number of households or ballots typed in a form: digits, or
// thousands grouped by dots, commas or spaces ("1.200", "20 000"), never a decimal ("1,5" is
// refused, not read as 15). It returns the catalogue key of the problem, or "".
func ParseCount(s string) (int, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "democracy.err.count_required"
	}
	var groups []string
	sep := rune(0)
	start := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' || r == ',' || r == ' ':
			if sep != 0 && r != sep {
				return 0, "democracy.err.count_invalid"
			}
			sep = r
			groups = append(groups, s[start:i])
			start = i + 1
		default:
			return 0, "democracy.err.count_invalid"
		}
	}
	groups = append(groups, s[start:])
	digits := 0
	for i, g := range groups {
		// The first group holds 1 to 3 digits, every later one exactly 3.
		if g == "" || (i == 0 && len(groups) > 1 && len(g) > 3) || (i > 0 && len(g) != 3) {
			return 0, "democracy.err.count_invalid"
		}
		digits += len(g)
	}
	if digits > 7 {
		return 0, "democracy.err.count_too_big"
	}
	n := 0
	for _, g := range groups {
		for _, r := range g {
			n = n*10 + int(r-'0')
		}
	}
	return n, ""
}

// EnterCount records the count of a hamlet. At a meeting it is entered once (and may be
// corrected until the result is final); household ballots are entered twice by different
// people, and a second entry by the same person replaces their own.
func (s *Service) EnterCount(ctx context.Context, communeID string, by audit.Actor, byID string, sc Scope, decisionID string, in CountInput) (Tally, error) {
	const op = "democracy: enter count"
	var t Tally
	err := s.tx(ctx, func(tx *db.Tx) error {
		d, err := getDecision(ctx, tx, communeID, decisionID)
		if err != nil {
			return err
		}
		if d.Status != Counting {
			return errs.E(op, errs.Conflict, "democracy.err.final")
		}
		all, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		h, ok := hamletByID(decisionHamlets(all, d), in.HamletID)
		if !ok {
			return errs.FieldErrors{"hamlet": "democracy.err.hamlet_unknown"}.Err(op)
		}
		if !sc.Covers(h) {
			return errs.E(op, errs.Forbidden, "democracy.err.hamlet_scope")
		}
		switch {
		case d.Form == OnlineVote:
			// An online vote is counted from its ballot box, never typed in.
			return errs.E(op, errs.Conflict, "democracy.err.online_count")
		case d.Form == SecretBallot && len(d.Committee) == 0:
			return errs.E(op, errs.Conflict, "democracy.err.committee_first")
		case d.Form == HouseholdBallot && len(d.Witnesses) != witnesses:
			return errs.E(op, errs.Conflict, "democracy.err.witnesses_first")
		}
		fe := errs.FieldErrors{}
		c := Count{HamletID: h.ID, HamletName: h.Name, Households: h.Households}
		for _, f := range []struct {
			name, text string
			to         *int
		}{{"present", in.Present, &c.Present}, {"yes", in.Yes, &c.Yes}, {"no", in.No, &c.No}, {"invalid", in.Invalid, &c.Invalid}} {
			if f.name == "invalid" && strings.TrimSpace(f.text) == "" {
				continue
			}
			var key string
			if *f.to, key = ParseCount(f.text); key != "" {
				fe[f.name] = key
			}
		}
		if len(fe) == 0 {
			switch {
			case c.Present > c.Households:
				fe["present"] = "democracy.err.present_over"
			case c.Yes+c.No+c.Invalid > c.Present:
				fe["yes"] = "democracy.err.votes_over"
			}
		}
		if len(fe) == 0 && d.Form.AtMeeting() {
			// Those present are the households checked in, when the door list was kept.
			var checked int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM democracy_attendance WHERE commune_id = $1 AND meeting_id = $2 AND hamlet_id = $3`,
				communeID, d.MeetingID, h.ID).Scan(&checked); err != nil {
				return errs.Wrap(op, err)
			}
			if checked > 0 && checked != c.Present {
				fe["present"] = "democracy.err.present_checked"
			}
		}
		if len(fe) == 0 && d.Form == HouseholdBallot {
			var returned int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM democracy_deliveries b JOIN households x ON x.commune_id = b.commune_id AND x.id = b.household_id
				WHERE b.commune_id = $1 AND b.decision_id = $2 AND x.hamlet_id = $3 AND b.returned_at IS NOT NULL`, communeID, d.ID, h.ID).Scan(&returned); err != nil {
				return errs.Wrap(op, err)
			}
			if returned > 0 && returned != c.Present {
				fe["present"] = "democracy.err.present_returned"
			}
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		cur, err := tallyOf(ctx, tx, communeID, d)
		if err != nil {
			return err
		}
		var ht HamletTally
		for _, x := range cur.Hamlets {
			if x.ID == h.ID {
				ht = x
			}
		}
		// The first count is whoever enters first (and corrects their own); any other person's
		// count is the second, so the two are never by the same person.
		n := 1
		if d.Form == HouseholdBallot && ht.First.Recorded && ht.First.ByID != byID {
			n = 2
		}
		if _, err := tx.Exec(ctx, `INSERT INTO democracy_counts (commune_id, decision_id, hamlet_id, entry, households, present, yes, no, invalid, by_id, by_name, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (commune_id, decision_id, hamlet_id, entry)
			DO UPDATE SET households = excluded.households, present = excluded.present, yes = excluded.yes, no = excluded.no,
			invalid = excluded.invalid, by_id = excluded.by_id, by_name = excluded.by_name, at = excluded.at`,
			communeID, d.ID, h.ID, n, c.Households, c.Present, c.Yes, c.No, c.Invalid, byID, by.Name, s.stamp()); err != nil {
			return errs.Wrap(op, err)
		}
		view := map[string]any{"decision": d.ID, "hamlet": h.ID, "entry": n, "households": c.Households, "present": c.Present,
			"yes": c.Yes, "no": c.No, "invalid": c.Invalid}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.decision.count", "democracy_decision", d.ID, audit.Change{After: view}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicDecisionCounted, view); err != nil {
			return err
		}
		t, err = tallyOf(ctx, tx, communeID, d)
		return err
	})
	return t, err
}

// SetCommittee records the counting committee of a secret ballot and how many representatives
// present approved it (Decree 59 Art. 3.5).
func (s *Service) SetCommittee(ctx context.Context, communeID string, by audit.Actor, sc Scope, decisionID, members, approvals string) (Decision, error) {
	const op = "democracy: counting committee"
	var d Decision
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = s.changeable(ctx, tx, op, communeID, sc, decisionID); err != nil {
			return err
		}
		if d.Form != SecretBallot {
			return errs.E(op, errs.Conflict, "democracy.err.not_secret")
		}
		fe := errs.FieldErrors{}
		list, ok := names(members)
		if !ok {
			fe["committee"] = "democracy.err.too_long"
		}
		n, key := ParseCount(approvals)
		if key != "" {
			fe["approvals"] = key
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		var present int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM democracy_attendance WHERE commune_id = $1 AND meeting_id = $2`, communeID, d.MeetingID).Scan(&present); err != nil {
			return errs.Wrap(op, err)
		}
		if k := CheckCommittee(len(list), n, present); k == "democracy.err.committee_size" {
			return errs.FieldErrors{"committee": k}.Err(op)
		} else if k != "" {
			return errs.FieldErrors{"approvals": k}.Err(op)
		}
		before := d.auditView()
		d.Committee, d.CommitteeApprovals = list, n
		return s.saveDecision(ctx, tx, communeID, by, d, before, "democracy.decision.committee")
	})
	return d, err
}

// SetWitnesses records the two household representatives who witness the count of household
// ballots (Decree 59 Art. 4.4).
func (s *Service) SetWitnesses(ctx context.Context, communeID string, by audit.Actor, sc Scope, decisionID, list string) (Decision, error) {
	const op = "democracy: witnesses"
	var d Decision
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = s.changeable(ctx, tx, op, communeID, sc, decisionID); err != nil {
			return err
		}
		if d.Form != HouseholdBallot {
			return errs.E(op, errs.Conflict, "democracy.err.not_household")
		}
		ws, ok := names(list)
		if !ok || len(ws) != witnesses {
			return errs.FieldErrors{"witnesses": "democracy.err.witnesses"}.Err(op)
		}
		before := d.auditView()
		d.Witnesses = ws
		return s.saveDecision(ctx, tx, communeID, by, d, before, "democracy.decision.witnesses")
	})
	return d, err
}

// RecordPlanSent records the day the household-ballot plan reached the commune chairman and
// the Front chairman.
func (s *Service) RecordPlanSent(ctx context.Context, communeID string, by audit.Actor, sc Scope, decisionID, on string) (Decision, error) {
	const op = "democracy: plan sent"
	var d Decision
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = s.changeable(ctx, tx, op, communeID, sc, decisionID); err != nil {
			return err
		}
		if d.Form != HouseholdBallot {
			return errs.E(op, errs.Conflict, "democracy.err.not_household")
		}
		day, key := s.pastDay(on)
		if key == "" && day.Before(d.PlanOn) {
			key = "democracy.err.sent_before_plan"
		}
		if key != "" {
			return errs.FieldErrors{"plan_sent_on": key}.Err(op)
		}
		before := d.auditView()
		d.PlanSentOn = day
		return s.saveDecision(ctx, tx, communeID, by, d, before, "democracy.decision.plan_sent")
	})
	return d, err
}

// pastDay reads a day that cannot be after today.
func (s *Service) pastDay(text string) (calendar.Date, string) {
	if strings.TrimSpace(text) == "" {
		return s.Today(), ""
	}
	day, ok := ParseDay(text)
	switch {
	case !ok:
		return calendar.Date{}, "democracy.err.date_invalid"
	case day.After(s.Today()):
		return calendar.Date{}, "democracy.err.future"
	}
	return day, ""
}

// changeable reads a decision still being counted, within the scope.
func (s *Service) changeable(ctx context.Context, tx *db.Tx, op, communeID string, sc Scope, id string) (Decision, error) {
	d, err := getDecision(ctx, tx, communeID, id)
	if err != nil {
		return Decision{}, err
	}
	if err := s.inScope(ctx, tx, op, communeID, sc, d); err != nil {
		return Decision{}, err
	}
	if d.Status != Counting {
		return Decision{}, errs.E(op, errs.Conflict, "democracy.err.final")
	}
	return d, nil
}

// inScope refuses a hamlet head a decision of another hamlet, or a commune-wide one.
func (s *Service) inScope(ctx context.Context, q db.Q, op, communeID string, sc Scope, d Decision) error {
	if sc.HeadedBy == "" {
		return nil
	}
	if d.CommuneWide() {
		return errs.E(op, errs.Forbidden, "democracy.err.hamlet_scope")
	}
	all, err := hamletsOf(ctx, q, communeID)
	if err != nil {
		return err
	}
	if h, ok := hamletByID(all, d.HamletID); ok && sc.Covers(h) {
		return nil
	}
	return errs.E(op, errs.Forbidden, "democracy.err.hamlet_scope")
}

// saveDecision writes d's mutable columns with the audit entry, the duties and the event.
func (s *Service) saveDecision(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, d Decision, before map[string]any, action string) error {
	const op = "democracy: save decision"
	d.UpdatedAt, d.UpdatedBy = s.stamp(), by.Name
	if _, err := tx.Exec(ctx, `UPDATE democracy_decisions SET status = $3, committee = $4, committee_approvals = $5, team = $6,
		witnesses = $7, plan_sent_on = $8, voted_on = $9, passed = $10, front_head = $11, signer1 = $12, signer2 = $13,
		sent_on = $14, answered_on = $15, answer = $16, answer_by = $17, effect_on = $18, updated_at = $19, updated_by = $20
		WHERE commune_id = $1 AND id = $2`, communeID, d.ID, string(d.Status), strings.Join(d.Committee, "\n"), d.CommitteeApprovals,
		strings.Join(d.Team, "\n"), strings.Join(d.Witnesses, "\n"), dayText(d.PlanSentOn), dayText(d.VotedOn), d.Passed,
		d.FrontHead, d.Signer1, d.Signer2, dayText(d.SentOn), dayText(d.AnsweredOn), d.Answer, d.AnswerBy, dayText(d.EffectOn),
		d.UpdatedAt, d.UpdatedBy); err != nil {
		return errs.Wrap(op, err)
	}
	if err := s.syncDuties(ctx, tx, communeID, d); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, communeID, by, action, "democracy_decision", d.ID, audit.Change{Before: before, After: d.auditView()}); err != nil {
		return err
	}
	topic := TopicDecisionCounted
	switch d.Status {
	case Decided:
		topic = TopicDecisionDecided
	case Sent:
		topic = TopicRecordSent
	case Recognised, Refused:
		topic = TopicDecisionAnswered
	}
	return events.Publish(ctx, tx, communeID, topic, d.eventView())
}

// Finalise closes the count: every hamlet counted (twice alike for household ballots), the
// thresholds applied, the record's 5-working-day duty opened.
func (s *Service) Finalise(ctx context.Context, communeID string, by audit.Actor, sc Scope, decisionID string) (Decision, Tally, error) {
	const op = "democracy: finalise"
	var d Decision
	var t Tally
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = s.changeable(ctx, tx, op, communeID, sc, decisionID); err != nil {
			return err
		}
		if d.Form == OnlineVote {
			return errs.E(op, errs.Conflict, "democracy.err.online_count")
		}
		if t, err = tallyOf(ctx, tx, communeID, d); err != nil {
			return err
		}
		if len(t.Differ) > 0 {
			return errs.E(op, errs.Conflict, "democracy.err.counts_differ")
		}
		if !t.Result.Complete {
			return errs.E(op, errs.Conflict, "democracy.err.counts_missing")
		}
		voted := s.Today()
		if d.MeetingID != "" {
			m, err := getMeeting(ctx, tx, communeID, d.MeetingID)
			if err != nil {
				return err
			}
			if m.StartsAt.After(s.now()) {
				return errs.E(op, errs.Invalid, "democracy.err.not_yet")
			}
			voted = m.Day()
		}
		before := d.auditView()
		d.Status, d.VotedOn, d.Passed = Decided, voted, t.Result.Passed
		return s.saveDecision(ctx, tx, communeID, by, d, before, "democracy.decision.decide")
	})
	return d, t, err
}
