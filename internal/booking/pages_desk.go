package booking

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The desk's pages: the day's bookings with check-in, and the counter's console that calls
// the queue.

// deskRow is one booking of the day's list.
type deskRow struct {
	B                                 Booking
	State, Counter, Ticket, TicketKey string
	CanCheckIn                        bool
}

func (h *handlers) desk(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	today := h.svc.today()
	day := today
	if v := strings.TrimSpace(r.URL.Query().Get("ngay")); v != "" {
		d, err := calendar.ParseDate(v)
		if err != nil {
			return errs.E("booking: desk", errs.Invalid, "booking.day_invalid")
		}
		day = d
	}
	list, counts, err := h.svc.DayBookings(r.Context(), t.ID, day)
	if err != nil {
		return err
	}
	st, err := h.svc.Settings(r.Context(), t.ID)
	if err != nil {
		return err
	}
	now := h.svc.now()
	rows := make([]deskRow, len(list))
	for i, b := range list {
		rows[i] = deskRow{B: b, State: b.State(now), Counter: st.CounterName(b.Counter), Ticket: b.Ticket,
			CanCheckIn: b.Status == Booked && b.Day == today && !b.NoShow(now)}
		if b.TicketStatus != "" {
			rows[i].TicketKey = "booking.ticket_state." + b.TicketStatus
		}
	}
	data := map[string]any{"Rows": rows, "Counts": counts, "Day": h.dayLabel(r, day), "ISO": day.String(),
		"Prev": day.AddDays(-1).String(), "Next": day.AddDays(1).String(), "IsToday": day == today}
	return h.render(w, r, http.StatusOK, h.pDesk, "booking.desk.title", data, url.Values{"ngay": {day.String()}}, nil)
}

func (h *handlers) deskCheckIn(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	_, _, err := h.svc.CheckIn(r.Context(), t.ID, r.PathValue("code"), web.UserOf(r).Actor())
	if e, ok := errs.As(err); ok && e.Kind == errs.Conflict {
		h.s.Flash(w, r, e.Key)
		return web.Redirect(w, r, "/lich-hen")
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "booking.flash.checked_in")
	return web.Redirect(w, r, "/lich-hen")
}

// counterView is one counter of the list.
type counterView struct {
	Counter
	Fields string // "Hộ tịch, Chứng thực" or "every field"
}

func (h *handlers) counterViews(r *http.Request, cs []Counter) []counterView {
	var out []counterView
	for _, c := range cs {
		if !c.Active {
			continue
		}
		v := counterView{Counter: c, Fields: strings.Join(c.Fields, ", ")}
		if len(c.Fields) == 0 {
			v.Fields = h.s.T(r, "booking.counter.all_fields")
		}
		out = append(out, v)
	}
	return out
}

func (h *handlers) counters(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	st, err := h.svc.Settings(r.Context(), t.ID)
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, h.pCounters, "booking.counters.title", map[string]any{"Counters": h.counterViews(r, st.Counters)}, nil, nil)
}

// waitingView is one waiting ticket in the console's line.
type waitingView struct {
	Label, Field string
	Booked       bool
	Slot         string // the booked slot's start, "08:00"
}

func (h *handlers) counter(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	n, err := counterNumber(r)
	if err != nil {
		return err
	}
	_, c, err := h.svc.activeCounter(r.Context(), t.ID, n)
	if err != nil {
		return err
	}
	cur, has, err := h.svc.Current(r.Context(), t.ID, n)
	if err != nil {
		return err
	}
	waiting, err := h.svc.Waiting(r.Context(), t.ID, c)
	if err != nil {
		return err
	}
	line := make([]waitingView, len(waiting))
	for i, x := range waiting {
		line[i] = waitingView{Label: x.Label(), Field: x.Field, Booked: x.Booked()}
		if x.Booked() {
			line[i].Slot = x.SlotStart.In(calendar.Zone).Format("15:04")
		}
	}
	data := map[string]any{"C": h.counterViews(r, []Counter{c})[0], "Waiting": line, "Number": strconv.Itoa(n)}
	if has {
		data["Current"] = cur
	}
	return h.render(w, r, http.StatusOK, h.pCounter, "booking.counter.title", data, nil, nil)
}

// consoleAction runs an action of the counter's console and comes back to it with a flash.
func (h *handlers) consoleAction(w http.ResponseWriter, r *http.Request, do func(n int) error, flash string) error {
	n, err := counterNumber(r)
	if err != nil {
		return err
	}
	back := "/quay/" + strconv.Itoa(n)
	err = do(n)
	if e, ok := errs.As(err); ok && e.Kind == errs.Conflict {
		h.s.Flash(w, r, e.Key)
		return web.Redirect(w, r, back)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, flash)
	return web.Redirect(w, r, back)
}

func (h *handlers) callNext(w http.ResponseWriter, r *http.Request) error {
	t, by := web.TenantOf(r), web.UserOf(r).Actor()
	return h.consoleAction(w, r, func(n int) error {
		_, err := h.svc.CallNext(r.Context(), t.ID, n, by)
		return err
	}, "booking.flash.called")
}

func (h *handlers) recall(w http.ResponseWriter, r *http.Request) error {
	t, by := web.TenantOf(r), web.UserOf(r).Actor()
	return h.consoleAction(w, r, func(n int) error {
		_, err := h.svc.Recall(r.Context(), t.ID, n, by)
		return err
	}, "booking.flash.recalled")
}

func (h *handlers) finish(outcome string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		t, by := web.TenantOf(r), web.UserOf(r).Actor()
		return h.consoleAction(w, r, func(n int) error {
			_, err := h.svc.Finish(r.Context(), t.ID, n, outcome, by)
			return err
		}, "booking.flash."+outcome)
	}
}
