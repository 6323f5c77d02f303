package booking

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The admin page: slot length, how far ahead residents book, the counters with their fields
// and capacity per slot, the ticket prefix of each field.

// blankCounterRows are the empty rows offered for new counters.
const blankCounterRows = 2

type fieldCheck struct {
	Name    string
	Checked bool
}

type counterRow struct {
	Index                      int
	Number, Name, Capacity     string
	Active, New                bool
	Fields                     []fieldCheck
	NumberID, NameID, CapID    string // form field names
	ActiveID, FieldsID, Legend string
}

type prefixRow struct {
	Index        int
	Field, Value string
	Name         string // form field name
}

func newCounterRow(i int, fields []string, number, name, capacity string, active bool, chosen []string) counterRow {
	k := "counter." + strconv.Itoa(i) + "."
	row := counterRow{Index: i, Number: number, Name: name, Capacity: capacity, Active: active,
		NumberID: k + "number", NameID: k + "name", CapID: k + "capacity", ActiveID: k + "active", FieldsID: k + "fields"}
	for _, f := range fields {
		row.Fields = append(row.Fields, fieldCheck{Name: f, Checked: slices.Contains(chosen, f)})
	}
	return row
}

func (h *handlers) adminForm(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	st, err := h.svc.Settings(r.Context(), t.ID)
	if err != nil {
		return err
	}
	fields, err := h.svc.Fields(r.Context(), t.ID)
	if err != nil {
		return err
	}
	ps, err := h.svc.Prefixes(r.Context(), t.ID, st)
	if err != nil {
		return err
	}
	var rows []counterRow
	for i, c := range st.Counters {
		chosen := c.Fields
		if len(chosen) == 0 {
			chosen = fields // every field: every box ticked
		}
		rows = append(rows, newCounterRow(i, fields, strconv.Itoa(c.Number), c.Name, strconv.Itoa(c.Capacity), c.Active, chosen))
	}
	for i := 0; i < blankCounterRows; i++ {
		row := newCounterRow(len(rows), fields, "", "", "", true, nil)
		row.New = true
		rows = append(rows, row)
	}
	var prefs []prefixRow
	for i, f := range fields {
		prefs = append(prefs, prefixRow{Index: i, Field: f, Value: ps[f], Name: "prefix." + strconv.Itoa(i)})
	}
	form := url.Values{"slot_minutes": {strconv.Itoa(st.SlotMinutes)}, "days_ahead": {strconv.Itoa(st.DaysAhead)},
		"version": {strconv.Itoa(st.Version)}}
	return h.renderAdmin(w, r, http.StatusOK, rows, prefs, form, nil)
}

func (h *handlers) renderAdmin(w http.ResponseWriter, r *http.Request, status int, rows []counterRow, prefs []prefixRow, form url.Values, fe errs.FieldErrors) error {
	for i := range rows {
		rows[i].Legend = h.s.T(r, "booking.admin.counter_legend", i+1)
		if rows[i].New {
			rows[i].Legend = h.s.T(r, "booking.admin.counter_new")
		}
	}
	return h.render(w, r, status, h.pAdmin, "booking.admin.title", map[string]any{"Rows": rows, "Prefixes": prefs}, form, fe)
}

func (h *handlers) adminSave(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if err := r.ParseForm(); err != nil {
		return errs.E("booking: admin", errs.Invalid, "error.form_invalid")
	}
	f := r.PostForm
	fields, err := h.svc.Fields(r.Context(), t.ID)
	if err != nil {
		return err
	}
	fe := errs.FieldErrors{}
	atoi := func(name, key string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(name)))
		if err != nil {
			fe[name] = key
		}
		return n
	}
	st := Settings{Prefixes: map[string]string{}}
	st.SlotMinutes = atoi("slot_minutes", "booking.settings.slot_minutes_invalid")
	st.DaysAhead = atoi("days_ahead", "booking.settings.days_ahead_invalid")
	version, _ := strconv.Atoi(f.Get("version"))

	var rows []counterRow
	for i := 0; i < maxCounters+blankCounterRows; i++ {
		k := "counter." + strconv.Itoa(i) + "."
		if _, ok := f[k+"number"]; !ok {
			break
		}
		number, name, capacity := strings.TrimSpace(f.Get(k+"number")), strings.TrimSpace(f.Get(k+"name")), strings.TrimSpace(f.Get(k+"capacity"))
		var chosen []string
		for _, v := range f[k+"fields"] {
			if slices.Contains(fields, v) {
				chosen = append(chosen, v)
			}
		}
		row := newCounterRow(len(rows), fields, number, name, capacity, f.Get(k+"active") != "", chosen)
		if number == "" && name == "" && capacity == "" {
			row.New = true
			rows = append(rows, row)
			continue // an empty row adds no counter
		}
		c := Counter{Name: name, Fields: chosen, Active: row.Active}
		c.Number = atoi(row.NumberID, "booking.settings.number_invalid")
		c.Capacity = atoi(row.CapID, "booking.settings.capacity_invalid")
		if len(chosen) == len(fields) {
			c.Fields = nil // every field, the fields added to the catalogue later too
		}
		rows = append(rows, row)
		st.Counters = append(st.Counters, c)
	}
	// Settings.Validate names counters by their place among the real ones; the form by row.
	kept := []int{}
	for i, row := range rows {
		if !row.New {
			kept = append(kept, i)
		}
	}
	var prefs []prefixRow
	byField := map[string]string{}
	for i := 0; i < len(fields)+1; i++ {
		name := "prefix." + strconv.Itoa(i)
		field := f.Get("prefix_field." + strconv.Itoa(i))
		if !slices.Contains(fields, field) {
			continue
		}
		v := strings.ToUpper(strings.TrimSpace(f.Get(name)))
		prefs = append(prefs, prefixRow{Index: i, Field: field, Value: v, Name: name})
		st.Prefixes[field] = v
		byField[field] = name
	}
	for k, v := range st.Validate() {
		switch {
		case strings.HasPrefix(k, "prefix."):
			if name, ok := byField[strings.TrimPrefix(k, "prefix.")]; ok {
				fe[name] = v
			}
		case strings.HasPrefix(k, "counter."):
			parts := strings.SplitN(k, ".", 3)
			if n, err := strconv.Atoi(parts[1]); err == nil && n < len(kept) {
				k = "counter." + strconv.Itoa(kept[n]) + "." + parts[2]
			} else {
				k = "counter.0.name"
			}
			if _, dup := fe[k]; !dup {
				fe[k] = v
			}
		default:
			if _, dup := fe[k]; !dup {
				fe[k] = v
			}
		}
	}
	if len(fe) == 0 {
		err := h.svc.SaveSettings(r.Context(), t.ID, st, version, web.UserOf(r).Actor())
		if e, ok := errs.As(err); ok && e.Kind == errs.Conflict {
			fe["slot_minutes"] = e.Key
		} else if err != nil {
			return err
		}
	}
	if len(fe) > 0 {
		return h.renderAdmin(w, r, http.StatusUnprocessableEntity, rows, prefs, f, fe)
	}
	h.s.Flash(w, r, "booking.flash.settings_saved")
	return web.Redirect(w, r, "/quan-tri/dat-lich")
}
