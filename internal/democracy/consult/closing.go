package consult

import (
	"context"
	"fmt"
	"html"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// CloseInput is the closing as the chairman records it (Art. 28).
type CloseInput struct {
	// Summary is the synthesis report's summary of the opinions (plain text).
	Summary string
	// Decision is what the authority decided (the decision's number and content).
	Decision   string
	DecisionOn string // the decision's day, as typed; today if empty
	// FollowsMajority says whether the decision follows the majority view; when it does not,
	// Explanation says why (Art. 28).
	FollowsMajority bool
	Explanation     string
}

// vi is a catalogue string in Vietnamese, for what is published and printed.
func vi(key string) string { return Messages[key][0] }

// Close ends a consultation past its period: every opinion grouped, every group answered,
// the decision recorded and, when it goes against the majority view, explained (Art. 28).
// In one transaction it publishes the summary and the answers on the public page and as a
// disclosure of category 11 (Deps.Disclose), and ends the duty "synthesise and answer".
func (s *Service) Close(ctx context.Context, communeID, id string, by audit.Actor, in CloseInput) (Consultation, error) {
	const op = "consult: close"
	if s.disclose == nil {
		return Consultation{}, errs.E(op, errs.Conflict, "consult.err.no_disclosure")
	}
	today := s.Today()
	fe := errs.FieldErrors{}
	var ok bool
	if in.Summary, ok = clean(in.Summary, maxLongText); !ok {
		fe["summary"] = "consult.err.too_long"
	}
	if in.Decision, ok = clean(in.Decision, maxLongText); !ok {
		fe["decision"] = "consult.err.too_long"
	}
	if in.Explanation, ok = clean(in.Explanation, maxLongText); !ok {
		fe["explanation"] = "consult.err.too_long"
	}
	decisionOn := today
	if strings.TrimSpace(in.DecisionOn) != "" {
		d, ok := ParseDay(in.DecisionOn)
		switch {
		case !ok:
			fe["decision_on"] = "consult.err.date_invalid"
		case d.After(today):
			fe["decision_on"] = "consult.err.date_future"
		}
		decisionOn = d
	}
	var c Consultation
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if c, err = get(ctx, tx, s.d.Engine, communeID, id, true); err != nil {
			return err
		}
		switch {
		case c.Status == Draft:
			return errs.E(op, errs.Conflict, "consult.err.not_open")
		case c.Status == Closed:
			return errs.E(op, errs.Conflict, "consult.err.closed")
		case !today.After(c.ClosesOn):
			// Art. 28: the period runs at least 20 days; it is not cut short by closing early.
			return errs.E(op, errs.Conflict, "consult.err.period_running")
		}
		gs, err := groups(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		t, err := tally(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		for k, v := range CheckClose(in, gs, t.Ungrouped) {
			if fe[k] == "" {
				fe[k] = v
			}
		}
		if decisionOn.Valid() && decisionOn.Before(c.ClosesOn) && fe["decision_on"] == "" {
			fe["decision_on"] = "consult.err.decision_before_close"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		before := c.auditView()
		c.Summary, c.Decision, c.DecisionOn, c.FollowsMajority, c.Explanation = in.Summary, in.Decision, decisionOn, in.FollowsMajority, in.Explanation
		c.Status, c.ClosedAt, c.ClosedBy = Closed, s.stamp(), by.Name
		url, err := s.disclose(ctx, tx, communeID, by, Disclosure{ConsultationID: c.ID,
			Title:   vi("consult.disclosure.title_prefix") + " " + c.Title,
			Summary: disclosureSummary(c, t), Body: disclosureBody(c, gs, t), DecisionDate: decisionOn,
			HamletIDs: c.HamletIDs, Attachments: c.Attachments})
		if err != nil {
			return err
		}
		c.DisclosureURL = url
		res, err := tx.Exec(ctx, `UPDATE consultations SET status = 'closed', summary = $3, decision = $4, decision_on = $5,
			follows_majority = $6, explanation = $7, closed_at = $8, closed_by = $9, disclosure_url = $10, updated_at = $8, updated_by = $9
			WHERE commune_id = $1 AND id = $2 AND status = 'open'`,
			communeID, id, c.Summary, c.Decision, decisionOn.String(), c.FollowsMajority, c.Explanation, c.ClosedAt, by.Name, url)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "consult.err.closed")
		}
		after := c.auditView()
		after["decision_on"], after["follows_majority"], after["disclosure"] = decisionOn.String(), c.FollowsMajority, url
		if err := audit.Record(ctx, tx, communeID, by, actionClose, "consultation", c.ID, audit.Change{Before: before, After: after}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicClosed, map[string]any{"id": c.ID, "opinions": t.Total, "groups": len(gs),
			"follows_majority": c.FollowsMajority, "disclosure": url}); err != nil {
			return err
		}
		return duty.Close(ctx, tx, communeID, dutyRoom, c.ID, DutyAnswer, "done")
	})
	if err != nil {
		return Consultation{}, err
	}
	return c, nil
}

// disclosureSummary is the disclosure's plain summary: period, counts and the decision.
func disclosureSummary(c Consultation, t Tally) string {
	return fmt.Sprintf(vi("consult.disclosure.summary"), formatDate(c.OpensOn), formatDate(c.ClosesOn), t.Total, c.Decision)
}

// disclosureBody is the published summary and answers, as HTML (every value escaped).
func disclosureBody(c Consultation, gs []Group, t Tally) string {
	var b strings.Builder
	p := func(s string) { b.WriteString("<p>" + html.EscapeString(s) + "</p>\n") }
	h := func(s string) { b.WriteString("<h2>" + html.EscapeString(s) + "</h2>\n") }
	p(fmt.Sprintf(vi("consult.disclosure.period"), formatDate(c.OpensOn), formatDate(c.ClosesOn), t.Total))
	if c.Summary != "" {
		h(vi("consult.field.summary"))
		for _, l := range strings.Split(c.Summary, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				p(l)
			}
		}
	}
	if len(gs) > 0 {
		h(vi("consult.disclosure.answers"))
		b.WriteString("<ol>\n")
		for _, g := range gs {
			b.WriteString("<li><strong>" + html.EscapeString(g.Title) + "</strong> (" + html.EscapeString(fmt.Sprintf(vi("consult.group.count"), g.Opinions)) + ")")
			if g.Summary != "" {
				b.WriteString("<br>" + html.EscapeString(g.Summary))
			}
			b.WriteString("<br><em>" + html.EscapeString(vi("consult.answer."+string(g.AnswerKind))) + ":</em> " + html.EscapeString(g.Answer) + "</li>\n")
		}
		b.WriteString("</ol>\n")
	}
	h(vi("consult.field.decision"))
	p(c.Decision)
	if c.FollowsMajority {
		p(vi("consult.close.follows"))
	} else {
		p(vi("consult.close.against"))
		p(vi("consult.field.explanation") + ": " + c.Explanation)
	}
	return b.String()
}

// formatDate writes d the Vietnamese way, dd/mm/yyyy.
func formatDate(d calendar.Date) string {
	if !d.Valid() {
		return ""
	}
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}
