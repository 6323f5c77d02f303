package booking

import (
	"net/http"
	"net/url"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The kiosk (take a ticket, check a booking in) and the display that calls tickets to counters.

func (h *handlers) kioskPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderKiosk(w, r, http.StatusOK, nil, nil)
}

func (h *handlers) renderKiosk(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	st, err := h.svc.Settings(r.Context(), t.ID)
	if err != nil {
		return err
	}
	fields, err := h.svc.QueueFields(r.Context(), t.ID, st)
	if err != nil {
		return err
	}
	ps, err := h.svc.Prefixes(r.Context(), t.ID, st)
	if err != nil {
		return err
	}
	type button struct{ Field, Prefix string }
	buttons := make([]button, len(fields))
	for i, f := range fields {
		buttons[i] = button{Field: f, Prefix: ps[f]}
	}
	data := map[string]any{"Buttons": buttons}
	open, next, err := h.svc.KioskOpen(r.Context(), t.ID)
	if err != nil {
		return err
	}
	if !open {
		// Closed: no ticket buttons, and when the office opens again.
		data["Buttons"], data["Closed"] = nil, true
		if !next.IsZero() {
			data["Opens"] = h.s.T(r, "booking.kiosk.opens", next.In(calendar.Zone).Format("15:04"), h.dayLabel(r, calendar.DateOf(next)))
		}
	}
	return h.render(w, r, status, h.pKiosk, "booking.kiosk.title", data, form, fe)
}

func (h *handlers) kioskTake(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	key := "ticket:" + web.ClientIP(r)
	if !h.tickets.Take(key) {
		return errs.E("booking: kiosk", errs.TooMany, "booking.too_many_tickets")
	}
	tk, err := h.svc.TakeTicket(r.Context(), t.ID, r.PostFormValue("field"))
	if err != nil {
		h.tickets.Refund(key)
	}
	if errs.KindOf(err) == errs.Invalid {
		return h.renderKiosk(w, r, http.StatusUnprocessableEntity, nil, nil)
	}
	if errs.KindOf(err) == errs.Conflict {
		// Closed since the page was shown: the page again, saying when the office opens.
		return h.renderKiosk(w, r, http.StatusConflict, nil, nil)
	}
	if err != nil {
		return err
	}
	return web.Redirect(w, r, "/kiosk/so/"+tk.ID)
}

func (h *handlers) kioskCheckIn(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	key := "kiosk:" + web.ClientIP(r)
	if !h.kiosk.Allowed(key) {
		return errs.E("booking: kiosk", errs.TooMany, "error.too_many")
	}
	code := r.PostFormValue("code")
	form := url.Values{"code": {code}}
	_, tk, err := h.svc.CheckIn(r.Context(), t.ID, code, web.UserOf(r).Actor())
	if e, ok := errs.As(err); ok && (e.Kind == errs.NotFound || e.Kind == errs.Conflict) {
		if e.Kind == errs.NotFound {
			h.kiosk.Fail(key)
		}
		status := http.StatusNotFound
		if e.Kind == errs.Conflict {
			status = http.StatusConflict
		}
		return h.renderKiosk(w, r, status, form, errs.FieldErrors{"code": e.Key})
	}
	if err != nil {
		return err
	}
	return web.Redirect(w, r, "/kiosk/so/"+tk.ID)
}

// ticket shows a ticket in big type: its number, its field and how many go before it.
func (h *handlers) ticket(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	tk, err := h.svc.Ticket(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	ahead, err := h.svc.Ahead(r.Context(), t.ID, tk)
	if err != nil {
		return err
	}
	st, err := h.svc.Settings(r.Context(), t.ID)
	if err != nil {
		return err
	}
	data := map[string]any{"T": tk, "Ahead": ahead, "Stale": tk.Day != h.svc.today(),
		"Counter": st.CounterName(tk.Counter), "State": "booking.ticket_state." + tk.Status}
	return h.render(w, r, http.StatusOK, h.pTicket, "booking.ticket.title", data, nil, nil)
}

// callView is a call as the display and its JSON show it.
type callView struct {
	Ticket      string `json:"ticket"`
	Field       string `json:"field"`
	Counter     int    `json:"counter"`
	CounterName string `json:"counter_name"`
	At          string `json:"at"` // 15:04, Vietnam's time
	Key         string `json:"key"`
	// Say is the announcement read to screen readers: "Mời số HT-012 đến Quầy 2".
	Say string `json:"say"`
}

type boardView struct {
	Day      string     `json:"day"`
	Counters []callView `json:"counters"`
	Recent   []callView `json:"recent"`
	Waiting  int        `json:"waiting"`
	// WaitingText says how many wait, in the page's language.
	WaitingText string `json:"waiting_text"`
	// Empty and None are the texts of an empty board and of a counter that called nobody yet.
	Empty string `json:"empty"`
	None  string `json:"none"`
}

func (h *handlers) boardView(r *http.Request, b Board) boardView {
	view := func(c Call) callView {
		v := callView{Ticket: c.Ticket, Field: c.Field, Counter: c.Counter, CounterName: c.CounterName, Key: c.Key}
		if c.Ticket != "" {
			v.At = c.CalledAt.In(calendar.Zone).Format("15:04")
			v.Say = h.s.T(r, "booking.display.say", c.Ticket, c.CounterName)
		}
		return v
	}
	out := boardView{Day: b.Day.String(), Waiting: b.Waiting, Counters: []callView{}, Recent: []callView{},
		WaitingText: h.s.T(r, "booking.display.waiting", b.Waiting),
		Empty:       h.s.T(r, "booking.display.empty"), None: h.s.T(r, "booking.display.none")}
	for _, c := range b.Counters {
		out.Counters = append(out.Counters, view(c))
	}
	for _, c := range b.Recent {
		out.Recent = append(out.Recent, view(c))
	}
	return out
}

// display is the screen of the waiting room. Without JavaScript it reloads itself every
// displayRefresh seconds (a <meta> refresh inside <noscript>, so that it never runs beside
// queue.js); WCAG 2.2.1's real-time exception covers a page whose purpose is to follow a live
// queue.
func (h *handlers) display(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	b, err := h.svc.Board(r.Context(), t.ID, displayRecentCalls)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, h.pDisplay, "booking.display.title",
		map[string]any{"B": h.boardView(r, b), "Refresh": displayRefresh}, nil, nil)
}

func (h *handlers) displayJSON(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	b, err := h.svc.Board(r.Context(), t.ID, displayRecentCalls)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, h.boardView(r, b))
}
