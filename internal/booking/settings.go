package booking

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Defaults of a commune that has not set booking up.
const (
	DefaultSlotMinutes = 30
	DefaultDaysAhead   = 14
	defaultCapacity    = 2
)

// Bounds of the settings.
const (
	minSlotMinutes, maxSlotMinutes = 10, 120
	maxDaysAhead                   = 60
	maxCounters                    = 30
	maxCapacity                    = 50
	maxCounterName                 = 60
)

// Counter is a desk of the one-stop office (quầy).
type Counter struct {
	Number int
	Name   string // "Quầy 1 – Hộ tịch"
	// Fields are the fields of procedures it serves; none means every field.
	Fields []string
	// Capacity is how many bookings it takes per slot; 0 means walk-in tickets only.
	Capacity int
	Active   bool
}

// Serves reports whether the counter serves a field.
func (c Counter) Serves(field string) bool {
	return len(c.Fields) == 0 || slices.Contains(c.Fields, field)
}

// Settings are a commune's booking and queue settings.
type Settings struct {
	SlotMinutes int
	DaysAhead   int
	Counters    []Counter         // by number
	Prefixes    map[string]string // field → ticket prefix, as stored (see Service.Prefixes)
	Version     int               // 0 while the commune has never saved them
}

// DefaultSettings are what a commune books with before its admin changes anything: 30-minute
// slots, 14 working days ahead, one counter for every field taking two bookings per slot.
func DefaultSettings() Settings {
	return Settings{SlotMinutes: DefaultSlotMinutes, DaysAhead: DefaultDaysAhead, Prefixes: map[string]string{},
		Counters: []Counter{{Number: 1, Name: "Quầy 1", Capacity: defaultCapacity, Active: true}}}
}

// Counter returns the counter with that number.
func (st Settings) Counter(n int) (Counter, bool) {
	for _, c := range st.Counters {
		if c.Number == n {
			return c, true
		}
	}
	return Counter{}, false
}

// CounterName is the counter's name, or "Quầy n" for a counter that no longer exists.
func (st Settings) CounterName(n int) string {
	if c, ok := st.Counter(n); ok {
		return c.Name
	}
	return "Quầy " + strconv.Itoa(n)
}

// serving lists the active counters serving field that take bookings.
func (st Settings) serving(field string) []Counter {
	var out []Counter
	for _, c := range st.Counters {
		if c.Active && c.Capacity > 0 && c.Serves(field) {
			out = append(out, c)
		}
	}
	return out
}

// Settings reads a commune's settings (the defaults where it saved none).
func (s *Service) Settings(ctx context.Context, communeID string) (Settings, error) {
	return loadSettings(ctx, s.d, communeID)
}

func loadSettings(ctx context.Context, q db.Q, communeID string) (Settings, error) {
	const op = "booking: settings"
	st := DefaultSettings()
	err := q.QueryRow(ctx, `SELECT slot_minutes, days_ahead, version FROM booking_settings WHERE commune_id = $1`, communeID).
		Scan(&st.SlotMinutes, &st.DaysAhead, &st.Version)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, errs.Wrap(op, err)
	}
	rows, err := q.Query(ctx, `SELECT number, name, fields, capacity, active FROM booking_counters WHERE commune_id = $1 ORDER BY number`, communeID)
	if err != nil {
		return st, errs.Wrap(op, err)
	}
	defer rows.Close()
	var cs []Counter
	for rows.Next() {
		var c Counter
		var fields string
		if err := rows.Scan(&c.Number, &c.Name, &fields, &c.Capacity, &c.Active); err != nil {
			return st, errs.Wrap(op, err)
		}
		c.Fields = splitLines(fields)
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return st, errs.Wrap(op, err)
	}
	if len(cs) > 0 {
		st.Counters = cs
	}
	prows, err := q.Query(ctx, `SELECT field, prefix FROM booking_fields WHERE commune_id = $1`, communeID)
	if err != nil {
		return st, errs.Wrap(op, err)
	}
	defer prows.Close()
	for prows.Next() {
		var f, p string
		if err := prows.Scan(&f, &p); err != nil {
			return st, errs.Wrap(op, err)
		}
		st.Prefixes[f] = p
	}
	return st, errs.Wrap(op, prows.Err())
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Prefixes returns the ticket prefix of every bookable field: the stored ones, the derived
// ones for the rest.
func (s *Service) Prefixes(ctx context.Context, communeID string, st Settings) (map[string]string, error) {
	_, fields, err := s.procedures(ctx, communeID)
	if err != nil {
		return nil, err
	}
	return prefixes(fields, st.Prefixes), nil
}

// prefixOf is the ticket prefix of one field.
func (s *Service) prefixOf(ctx context.Context, communeID string, st Settings, field string) (string, error) {
	if p, ok := st.Prefixes[field]; ok {
		return p, nil
	}
	ps, err := s.Prefixes(ctx, communeID, st)
	if err != nil {
		return "", err
	}
	if p, ok := ps[field]; ok {
		return p, nil
	}
	return DerivePrefix(field), nil
}

// Validate checks settings an admin submits; the keys name the admin form's fields.
func (st Settings) Validate() errs.FieldErrors {
	fe := errs.FieldErrors{}
	if st.SlotMinutes < minSlotMinutes || st.SlotMinutes > maxSlotMinutes {
		fe["slot_minutes"] = "booking.settings.slot_minutes_invalid"
	}
	if st.DaysAhead < 1 || st.DaysAhead > maxDaysAhead {
		fe["days_ahead"] = "booking.settings.days_ahead_invalid"
	}
	if len(st.Counters) == 0 {
		fe["counter.0.name"] = "booking.settings.counter_required"
	}
	if len(st.Counters) > maxCounters {
		fe["counter.0.name"] = "booking.settings.too_many_counters"
	}
	seen := map[int]bool{}
	for i, c := range st.Counters {
		k := "counter." + strconv.Itoa(i) + "."
		switch {
		case c.Number < 1 || c.Number > 99:
			fe[k+"number"] = "booking.settings.number_invalid"
		case seen[c.Number]:
			fe[k+"number"] = "booking.settings.number_taken"
		}
		seen[c.Number] = true
		if n := utf8.RuneCountInString(strings.TrimSpace(c.Name)); n == 0 || n > maxCounterName {
			fe[k+"name"] = "booking.settings.name_invalid"
		}
		if c.Capacity < 0 || c.Capacity > maxCapacity {
			fe[k+"capacity"] = "booking.settings.capacity_invalid"
		}
	}
	used := map[string]bool{}
	fields := make([]string, 0, len(st.Prefixes))
	for f := range st.Prefixes {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		p := st.Prefixes[f]
		switch {
		case !validPrefix(p):
			fe["prefix."+f] = "booking.settings.prefix_invalid"
		case used[p]:
			fe["prefix."+f] = "booking.settings.prefix_taken"
		}
		used[p] = true
	}
	return fe
}

// SaveSettings replaces a commune's settings. version is the version the admin's form was
// drawn from (a concurrent save makes it stale: Conflict). The capacity of counters changes for
// the slots of days after today that already have bookings too; bookings are never dropped.
func (s *Service) SaveSettings(ctx context.Context, communeID string, st Settings, version int, by audit.Actor) error {
	const op = "booking: save settings"
	for i := range st.Counters {
		st.Counters[i].Name = strings.TrimSpace(st.Counters[i].Name)
	}
	if fe := st.Validate(); len(fe) > 0 {
		return fe.Err(op)
	}
	slices.SortFunc(st.Counters, func(a, b Counter) int { return a.Number - b.Number })
	now := s.nowUTC()
	today := s.today().String()
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		before, err := loadSettings(ctx, tx, communeID)
		if err != nil {
			return err
		}
		if before.Version != version {
			return errs.E(op, errs.Conflict, "booking.settings.stale")
		}
		if _, err := s.ensureSettingsRow(ctx, tx, communeID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE booking_settings SET slot_minutes = $1, days_ahead = $2, version = version + 1, updated_at = $3
			WHERE commune_id = $4`, st.SlotMinutes, st.DaysAhead, now, communeID); err != nil {
			return errs.Wrap(op, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM booking_counters WHERE commune_id = $1`, communeID); err != nil {
			return errs.Wrap(op, err)
		}
		rows := make([][]any, len(st.Counters))
		for i, c := range st.Counters {
			rows[i] = []any{communeID, c.Number, c.Name, strings.Join(c.Fields, "\n"), c.Capacity, c.Active}
			if _, err := tx.Exec(ctx, `UPDATE booking_slots SET capacity = $1 WHERE commune_id = $2 AND counter = $3 AND day > $4`,
				c.Capacity, communeID, c.Number, today); err != nil {
				return errs.Wrap(op, err)
			}
		}
		if err := db.InsertRows(ctx, tx, "booking_counters", []string{"commune_id", "number", "name", "fields", "capacity", "active"}, rows); err != nil {
			return errs.Wrap(op, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM booking_fields WHERE commune_id = $1`, communeID); err != nil {
			return errs.Wrap(op, err)
		}
		var prows [][]any
		for f, p := range st.Prefixes {
			prows = append(prows, []any{communeID, f, p})
		}
		if len(prows) > 0 {
			if err := db.InsertRows(ctx, tx, "booking_fields", []string{"commune_id", "field", "prefix"}, prows); err != nil {
				return errs.Wrap(op, err)
			}
		}
		return audit.Record(ctx, tx, communeID, by, "booking.settings", "booking_settings", communeID,
			audit.Change{Before: before.auditView(), After: st.auditView()})
	})
	return err
}

func (st Settings) auditView() map[string]any {
	cs := make([]map[string]any, len(st.Counters))
	for i, c := range st.Counters {
		cs[i] = map[string]any{"number": c.Number, "name": c.Name, "fields": c.Fields, "capacity": c.Capacity, "active": c.Active}
	}
	return map[string]any{"slot_minutes": st.SlotMinutes, "days_ahead": st.DaysAhead, "counters": cs, "prefixes": st.Prefixes}
}

// ensureSettingsRow makes the commune's settings row (with its link key) when it has none and
// returns the key.
func (s *Service) ensureSettingsRow(ctx context.Context, q db.Q, communeID string) (string, error) {
	const op = "booking: settings row"
	var key string
	err := q.QueryRow(ctx, `SELECT link_key FROM booking_settings WHERE commune_id = $1`, communeID).Scan(&key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", errs.Wrap(op, err)
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", errs.Wrap(op, err)
	}
	if _, err := q.Exec(ctx, `INSERT INTO booking_settings (commune_id, slot_minutes, days_ahead, link_key, version, updated_at)
		VALUES ($1, $2, $3, $4, 0, $5) ON CONFLICT (commune_id) DO NOTHING`,
		communeID, DefaultSlotMinutes, DefaultDaysAhead, hex.EncodeToString(b[:]), s.nowUTC()); err != nil {
		return "", errs.Wrap(op, err)
	}
	if err := q.QueryRow(ctx, `SELECT link_key FROM booking_settings WHERE commune_id = $1`, communeID).Scan(&key); err != nil {
		return "", errs.Wrap(op, err)
	}
	return key, nil
}
