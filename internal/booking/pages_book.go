package booking

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The resident's pages: book in three steps (procedure, day, slot and contact), the
// confirmation, and the look-up where a booking is cancelled or moved.

// fieldGroup is one field of procedures with its procedures, for the first step.
type fieldGroup struct {
	Field      string
	Procedures []Procedure
}

// dayView is one day of the second step.
type dayView struct {
	ISO, Label string
	Free       int
}

// slotView is one slot of the third step.
type slotView struct {
	Value, Label string
	Free         int
	Checked      bool
}

func groupByField(ps []Procedure) []fieldGroup {
	var out []fieldGroup
	for _, p := range ps {
		if len(out) == 0 || out[len(out)-1].Field != p.Field {
			out = append(out, fieldGroup{Field: p.Field})
		}
		out[len(out)-1].Procedures = append(out[len(out)-1].Procedures, p)
	}
	return out
}

func (h *handlers) dayViews(r *http.Request, days []DayFree) []dayView {
	out := make([]dayView, len(days))
	for i, d := range days {
		out[i] = dayView{ISO: d.Date.String(), Label: h.dayLabel(r, d.Date), Free: d.Free}
	}
	return out
}

func slotViews(slots []SlotFree, chosen string) []slotView {
	out := make([]slotView, len(slots))
	for i, s := range slots {
		out[i] = slotView{Value: s.Start.String(), Label: s.Slot.String(), Free: s.Free, Checked: s.Free > 0 && s.Start.String() == chosen}
	}
	return out
}

// book draws the step the query asks for: no procedure yet, no day yet, or the form.
func (h *handlers) book(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	// The three steps (procedures, days, a day's slots) are the same for every visitor not
	// signed in; the free places shown may be PageCacheTTL old, and the booking re-checks them.
	web.Cacheable(w)
	q := r.URL.Query()
	code, day := strings.TrimSpace(q.Get("thu-tuc")), strings.TrimSpace(q.Get("ngay"))
	if code == "" {
		ps, err := h.svc.Procedures(r.Context(), t.ID)
		if err != nil {
			return err
		}
		return h.render(w, r, http.StatusOK, h.pChoose, "booking.title", map[string]any{"Groups": groupByField(ps)}, nil, nil)
	}
	proc, err := h.svc.procedure(r.Context(), t.ID, code)
	if err != nil {
		return err
	}
	if day == "" {
		return h.daysPage(w, r, http.StatusOK, t, proc, "")
	}
	d, err := calendar.ParseDate(day)
	if err != nil {
		return h.daysPage(w, r, http.StatusNotFound, t, proc, "booking.day_not_offered")
	}
	form := url.Values{"procedure": {proc.Code}, "day": {d.String()}}
	return h.formPage(w, r, http.StatusOK, t, proc, d, form, nil)
}

func (h *handlers) daysPage(w http.ResponseWriter, r *http.Request, status int, t *web.Tenant, proc Procedure, notice string) error {
	days, err := h.svc.Days(r.Context(), t.ID, proc.Field)
	if err != nil {
		return err
	}
	return h.render(w, r, status, h.pDays, "booking.title", map[string]any{"P": proc, "Days": h.dayViews(r, days), "Notice": notice}, nil, nil)
}

// formPage draws the third step: the day's slots and the contact fields. A day that is not
// offered sends the resident back to the days.
func (h *handlers) formPage(w http.ResponseWriter, r *http.Request, status int, t *web.Tenant, proc Procedure, d calendar.Date, form url.Values, fe errs.FieldErrors) error {
	slots, err := h.svc.Slots(r.Context(), t.ID, proc.Field, d)
	if errs.KindOf(err) == errs.NotFound {
		return h.daysPage(w, r, http.StatusNotFound, t, proc, "booking.day_not_offered")
	}
	if err != nil {
		return err
	}
	views := slotViews(slots, form.Get("slot"))
	full := true
	for _, s := range views {
		full = full && s.Free == 0
	}
	return h.render(w, r, status, h.pForm, "booking.title",
		map[string]any{"P": proc, "Day": dayView{ISO: d.String(), Label: h.dayLabel(r, d)}, "Slots": views, "Full": full}, form, fe)
}

func (h *handlers) bookSubmit(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	req := Request{Procedure: r.PostFormValue("procedure"), Day: r.PostFormValue("day"), Slot: r.PostFormValue("slot"),
		Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"), IDNumber: r.PostFormValue("id_number")}
	// Staff booking for a caller on the phone are not braked; anonymous visitors are, per
	// address, counted only for bookings made (a form sent back with a mistake costs nothing).
	key := "book:" + web.ClientIP(r)
	anonymous := web.UserOf(r) == nil
	if anonymous && !h.books.Take(key) {
		return errs.E("booking: book", errs.TooMany, "booking.too_many_bookings", bookingsPerAddress, int(floodWindow/time.Minute))
	}
	b, err := h.svc.Book(r.Context(), t.ID, req, web.UserOf(r).Actor())
	if err != nil && anonymous {
		h.books.Refund(key)
	}
	if err == nil {
		link, err := h.svc.ConfirmationLink(r.Context(), t.ID, b.Code)
		if err != nil {
			return err
		}
		h.s.Flash(w, r, "booking.flash.booked")
		return web.Redirect(w, r, link)
	}
	proc, perr := h.svc.procedure(r.Context(), t.ID, req.Procedure)
	if perr != nil {
		return err // no procedure to draw the form for: the error page says why
	}
	d, derr := calendar.ParseDate(strings.TrimSpace(req.Day))
	if derr != nil {
		return h.daysPage(w, r, http.StatusUnprocessableEntity, t, proc, "booking.day_not_offered")
	}
	form := url.Values{"procedure": {proc.Code}, "day": {d.String()}, "slot": {req.Slot}, "name": {req.Name},
		"phone": {req.Phone}, "id_number": {req.IDNumber}}
	if fe, ok := errs.Fields(err); ok {
		if _, bad := fe["day"]; bad {
			return h.daysPage(w, r, http.StatusUnprocessableEntity, t, proc, "booking.day_not_offered")
		}
		return h.formPage(w, r, http.StatusUnprocessableEntity, t, proc, d, form, fe)
	}
	if e, ok := errs.As(err); ok && e.Kind == errs.Conflict {
		// The slot filled up meanwhile, the phone holds too many bookings or already one at
		// this time: the form again, with the message where the resident will look. Only a
		// full slot loses its choice; otherwise everything typed is kept.
		field := "slot"
		switch e.Key {
		case "booking.too_many_for_phone", "booking.phone_slot_taken":
			field = "phone"
		default:
			form.Del("slot")
		}
		return h.formPage(w, r, http.StatusConflict, t, proc, d, form, errs.FieldErrors{field: e.Key})
	}
	return err
}

// done is the confirmation page, reached by its signed link.
func (h *handlers) done(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	notFound := errs.E("booking: confirmation", errs.NotFound, "booking.not_found")
	code, ok := NormalizeCode(r.PathValue("code"))
	if !ok {
		return notFound
	}
	if ok, err := h.svc.CheckLink(r.Context(), t.ID, code, r.URL.Query().Get("k")); err != nil {
		return err
	} else if !ok {
		return notFound
	}
	b, err := h.svc.Booking(r.Context(), t.ID, code)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, h.pDone, "booking.done.title", h.bookingData(r, t, b), nil, nil)
}

// bookingData is what the confirmation and the look-up show of a booking.
func (h *handlers) bookingData(r *http.Request, t *web.Tenant, b Booking) map[string]any {
	st, _ := h.svc.Settings(r.Context(), t.ID) // on error the counter is named by its number
	now := h.svc.now()
	return map[string]any{"B": b, "Day": h.dayLabel(r, b.Day), "Counter": st.CounterName(b.Counter), "State": b.State(now),
		"Changeable": b.Changeable(now), "SMS": h.svc.smsOn(), "Place": h.s.T(r, "booking.place", t.Name, t.Address)}
}

func (h *handlers) lookupForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := tenant(r); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, h.pLookup, "booking.lookup.title", map[string]any{},
		url.Values{"code": {strings.TrimSpace(r.URL.Query().Get("ma"))}}, nil)
}

// found finds the booking the form names (code and last4), throttling failures per client.
// On failure it draws the look-up form with the message and returns ok false.
func (h *handlers) found(w http.ResponseWriter, r *http.Request, t *web.Tenant) (Booking, bool, error) {
	web.NoStore(w)
	key := "lookup:" + web.ClientIP(r)
	if !h.lookups.Allowed(key) {
		return Booking{}, false, errs.E("booking: lookup", errs.TooMany, "error.too_many")
	}
	code := r.PostFormValue("code")
	b, err := h.svc.Find(r.Context(), t.ID, code, r.PostFormValue("last4"))
	if errs.KindOf(err) == errs.NotFound {
		h.lookups.Fail(key)
		return b, false, h.render(w, r, http.StatusNotFound, h.pLookup, "booking.lookup.title",
			map[string]any{"NotFound": true}, url.Values{"code": {code}}, nil)
	}
	return b, err == nil, err
}

// lookup shows a booking found by code and phone digits, with the cancel and move forms; a
// chosen day ("day") adds that day's slots to the move form.
func (h *handlers) lookup(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	b, ok, err := h.found(w, r, t)
	if !ok {
		return err
	}
	return h.lookupPage(w, r, http.StatusOK, t, b, r.PostFormValue("day"), nil)
}

func (h *handlers) lookupPage(w http.ResponseWriter, r *http.Request, status int, t *web.Tenant, b Booking, day string, fe errs.FieldErrors) error {
	data := h.bookingData(r, t, b)
	form := url.Values{"code": {b.Code}, "last4": {r.PostFormValue("last4")}, "day": {day}, "slot": {r.PostFormValue("slot")}}
	if b.Changeable(h.svc.now()) {
		days, err := h.svc.Days(r.Context(), t.ID, b.Field)
		if err != nil {
			return err
		}
		data["Days"] = h.dayViews(r, days)
		if day != "" {
			d, err := calendar.ParseDate(strings.TrimSpace(day))
			var slots []SlotFree
			if err == nil {
				slots, err = h.svc.Slots(r.Context(), t.ID, b.Field, d)
			}
			switch {
			case err == nil:
				data["Slots"] = slotViews(slots, form.Get("slot"))
				data["MoveDay"] = h.dayLabel(r, d)
			case errs.KindOf(err) == errs.NotFound || errs.KindOf(err) == errs.Invalid:
				if fe == nil {
					fe = errs.FieldErrors{}
				}
				fe["day"] = "booking.day_not_offered"
			default:
				return err
			}
		}
	}
	return h.render(w, r, status, h.pLookup, "booking.lookup.title", data, form, fe)
}

func (h *handlers) cancel(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	b, ok, err := h.found(w, r, t)
	if !ok {
		return err
	}
	if _, err := h.svc.Cancel(r.Context(), t.ID, b.Code, r.PostFormValue("last4"), web.UserOf(r).Actor()); err != nil {
		return err
	}
	h.s.Flash(w, r, "booking.flash.cancelled")
	return web.Redirect(w, r, "/dat-lich/tra-cuu?ma="+url.QueryEscape(b.Code))
}

func (h *handlers) move(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	b, ok, err := h.found(w, r, t)
	if !ok {
		return err
	}
	day, slot := r.PostFormValue("day"), r.PostFormValue("slot")
	moved, err := h.svc.Move(r.Context(), t.ID, b.Code, r.PostFormValue("last4"), day, slot, web.UserOf(r).Actor())
	if fe, ok := errs.Fields(err); ok {
		return h.lookupPage(w, r, http.StatusUnprocessableEntity, t, b, day, fe)
	}
	if e, ok := errs.As(err); ok && (e.Key == "booking.slot_full" || e.Key == "booking.phone_slot_taken") {
		return h.lookupPage(w, r, http.StatusConflict, t, b, day, errs.FieldErrors{"slot": e.Key})
	}
	if err != nil {
		return err
	}
	link, err := h.svc.ConfirmationLink(r.Context(), t.ID, moved.Code)
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "booking.flash.moved")
	return web.Redirect(w, r, link)
}
