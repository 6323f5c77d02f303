package calendarweb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Settings keys: one notice per year, and the list of local closures.
const (
	noticeKeyPrefix = "calendar.notice."
	closuresKey     = "calendar.closures"
)

func noticeKey(year int) string { return fmt.Sprintf("%s%04d", noticeKeyPrefix, year) }

// Topics published in the saving transaction, for rooms that keep computed deadlines.
const (
	TopicNoticeSaved   = "calendar.notice.saved"
	TopicNoticeReset   = "calendar.notice.reset"
	TopicClosuresSaved = "calendar.closures.saved"
)

// Changed is the payload of the topics above: whose calendar changed, and for which year
// (0 for closures, which may span years).
type Changed struct {
	Year int `json:"year,omitempty"`
}

// The years a notice may be kept for: the range the calendar caches and the lunar
// conversion is tested on.
const minYear, maxYear = 1900, 2200

// Audit object types.
const (
	auditNotice   = "calendar_notice"
	auditClosures = "calendar_closures"
)

// load reads a commune's notices and closures from the settings.
func (s *Service) load(ctx context.Context, q db.Q, communeID string) (stored, error) {
	const op = "calendarweb: load settings"
	st := stored{notices: map[int]calendar.Notice{}}
	rows, err := q.Query(ctx, `SELECT key, value FROM settings WHERE commune_id = $1 AND key LIKE 'calendar.%'`, communeID)
	if err != nil {
		return st, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, value string
		if err := rows.Scan(&key, &value); err != nil {
			return st, errs.Wrap(op, err)
		}
		switch {
		case key == closuresKey:
			if err := json.Unmarshal([]byte(value), &st.closures); err != nil {
				return st, errs.Wrap(op, fmt.Errorf("%s: %w", key, err))
			}
		case strings.HasPrefix(key, noticeKeyPrefix):
			var n calendar.Notice
			if err := json.Unmarshal([]byte(value), &n); err != nil {
				return st, errs.Wrap(op, fmt.Errorf("%s: %w", key, err))
			}
			if noticeKey(n.Year) != key {
				return st, errs.Wrap(op, fmt.Errorf("%s holds the notice of year %d", key, n.Year))
			}
			st.notices[n.Year] = n
		}
	}
	if err := rows.Err(); err != nil {
		return st, errs.Wrap(op, err)
	}
	return st, nil
}

// Notices lists the years that have a notice (shipped or saved by the commune), in order.
func (s *Service) Notices(ctx context.Context, communeID string) ([]YearNotice, error) {
	st, err := s.load(ctx, s.d, communeID)
	if err != nil {
		return nil, err
	}
	years := map[int]bool{}
	for y := range shippedByYear {
		years[y] = true
	}
	for y := range st.notices {
		years[y] = true
	}
	out := make([]YearNotice, 0, len(years))
	for y := range years {
		out = append(out, st.yearNotice(y))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, nil
}

// Notice returns the notice the commune follows for year y.
func (s *Service) Notice(ctx context.Context, communeID string, y int) (YearNotice, error) {
	st, err := s.load(ctx, s.d, communeID)
	if err != nil {
		return YearNotice{}, err
	}
	return st.yearNotice(y), nil
}

// Closures returns the commune's local closures, in date order.
func (s *Service) Closures(ctx context.Context, communeID string) ([]calendar.Holiday, error) {
	st, err := s.load(ctx, s.d, communeID)
	return st.closures, err
}

// invalid wraps a calendar validation error (Vietnamese sentences joined by errors.Join) as
// an Invalid error; Problems lists its sentences.
func invalid(op string, err error) error {
	return &errs.Error{Op: op, Kind: errs.Invalid, Key: "calendar.invalid", Err: err}
}

// Problems lists the sentences of a validation error returned by SaveNotice or SaveClosures,
// one per problem found, to show next to the form.
func Problems(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case *errs.Error:
			if u.Err != nil {
				walk(u.Err)
			}
		default:
			out = append(out, e.Error())
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// sortDays returns a copy of days in date order.
func sortDays(days []calendar.Holiday) []calendar.Holiday {
	out := append([]calendar.Holiday{}, days...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// SaveNotice checks n and saves it as the commune's notice for n.Year, replacing the shipped
// one, with an audit entry and a TopicNoticeSaved event in the same transaction. It reports
// false, and writes nothing, when n is the notice already followed. An invalid notice is an
// Invalid error whose Problems say what is wrong.
func (s *Service) SaveNotice(ctx context.Context, communeID string, by audit.Actor, n calendar.Notice) (bool, error) {
	const op = "calendarweb: save notice"
	if err := n.Validate(); err != nil { // it also bounds the year to 1900–2200
		return false, invalid(op, err)
	}
	n.DaysOff, n.WorkedDays = sortDays(n.DaysOff), sortDays(n.WorkedDays)
	if len(n.WorkedDays) == 0 {
		n.WorkedDays = nil // as the shipped files write it, so that an unchanged notice compares equal
	}
	value, err := json.Marshal(n)
	if err != nil {
		return false, errs.Wrap(op, err)
	}
	changed := false
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		st, err := s.load(ctx, tx, communeID)
		if err != nil {
			return err
		}
		before := st.yearNotice(n.Year)
		var beforeValue any
		if before.Origin != Statutory {
			b, err := json.Marshal(before.Notice)
			if err != nil {
				return err
			}
			if bytes.Equal(b, value) {
				return nil
			}
			beforeValue = before.Notice
		}
		changed = true
		if err := upsert(ctx, tx, communeID, noticeKey(n.Year), string(value)); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "calendar.notice.save", auditNotice, strconv.Itoa(n.Year),
			audit.Change{Before: beforeValue, After: n}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicNoticeSaved, Changed{Year: n.Year})
	})
	if err != nil {
		return false, errs.Wrap(op, err)
	}
	if changed {
		s.forget(communeID)
	}
	return changed, nil
}

// ResetNotice drops the commune's own notice for year y, so that the calendar follows the
// shipped notice again (or the Labour Code's rules when none is shipped). It is a Conflict
// when the commune has saved no notice for y.
func (s *Service) ResetNotice(ctx context.Context, communeID string, by audit.Actor, y int) error {
	const op = "calendarweb: reset notice"
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		st, err := s.load(ctx, tx, communeID)
		if err != nil {
			return err
		}
		before := st.yearNotice(y)
		if before.Origin != Edited {
			return errs.E(op, errs.Conflict, "calendar.notice.nothing_to_reset")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM settings WHERE commune_id = $1 AND key = $2`, communeID, noticeKey(y)); err != nil {
			return err
		}
		var after any
		if ship, ok := shippedByYear[y]; ok {
			after = ship
		}
		if err := audit.Record(ctx, tx, communeID, by, "calendar.notice.reset", auditNotice, strconv.Itoa(y),
			audit.Change{Before: before.Notice, After: after}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicNoticeReset, Changed{Year: y})
	})
	if err != nil {
		return errs.Wrap(op, err)
	}
	s.forget(communeID)
	return nil
}

// SaveClosures checks and saves the commune's local closures (the whole list, replacing the
// one before), with an audit entry and a TopicClosuresSaved event. It reports false, and
// writes nothing, when the list is unchanged.
func (s *Service) SaveClosures(ctx context.Context, communeID string, by audit.Actor, cs []calendar.Holiday) (bool, error) {
	const op = "calendarweb: save closures"
	var outside []error
	for _, c := range cs {
		if c.Date.Year < minYear || c.Date.Year > maxYear {
			outside = append(outside, fmt.Errorf("ngày nghỉ riêng %s nằm ngoài khoảng năm %d–%d", c.Date, minYear, maxYear))
		}
	}
	if len(outside) > 0 {
		return false, invalid(op, errors.Join(outside...))
	}
	if _, err := calendar.New(calendar.Options{LocalClosures: cs}); err != nil {
		return false, invalid(op, err)
	}
	cs = sortDays(cs)
	value, err := json.Marshal(cs)
	if err != nil {
		return false, errs.Wrap(op, err)
	}
	changed := false
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		st, err := s.load(ctx, tx, communeID)
		if err != nil {
			return err
		}
		if before, _ := json.Marshal(sortDays(st.closures)); bytes.Equal(before, value) {
			return nil
		}
		changed = true
		if err := upsert(ctx, tx, communeID, closuresKey, string(value)); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "calendar.closures.save", auditClosures, communeID,
			audit.Change{Before: sortDays(st.closures), After: cs}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicClosuresSaved, Changed{})
	})
	if err != nil {
		return false, errs.Wrap(op, err)
	}
	if changed {
		s.forget(communeID)
	}
	return changed, nil
}

func upsert(ctx context.Context, tx *db.Tx, communeID, key, value string) error {
	_, err := tx.Exec(ctx, `INSERT INTO settings (commune_id, key, value, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (commune_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		communeID, key, value, tx.Now)
	if err != nil {
		return fmt.Errorf("calendarweb: save %s: %w", key, err)
	}
	return nil
}
