package booking

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's HTML pages (pages_*.go, templates/): each reads a form, calls the Service and
// draws the answer; every rule is the Service's.

//go:embed all:templates
var templateFS embed.FS

// Who may use the desk's pages. A booking holds a name, a phone number and maybe an ID number
// (Decree 13/2023/NĐ-CP: access limited to the purpose): the desk that receives the resident,
// and the leaders and the administrator who oversee it.
var (
	canSeeBookings = auth.Roles(auth.Desk, auth.Leader, auth.Admin)
	canServe       = auth.Roles(auth.Desk)
	canConfigure   = auth.Roles(auth.Admin)
)

// Brakes on guessing codes: failed look-ups per client address within lookupWindow.
const (
	lookupWindow   = 15 * time.Minute
	lookupFailures = 20 // the look-up page: code + phone digits
	kioskFailures  = 60 // the kiosk's check-in: many residents share its address
	// Brakes on floods (issue 16 item 7): one address may book bookingsPerAddress places and
	// take kioskTicketsPerAddress tickets per floodWindow. A hall kiosk hands out a ticket every
	// few seconds at most; a family books for two or three people, not thirty.
	floodWindow            = 15 * time.Minute
	bookingsPerAddress     = 5
	kioskTicketsPerAddress = 60
	displayRecentCalls     = 8
	// displayRefresh is how often the display reloads itself when JavaScript is off; queue.js
	// polls every few seconds instead.
	displayRefresh = 10
)

type handlers struct {
	s       *web.Server
	svc     *Service
	lookups *auth.Throttle
	kiosk   *auth.Throttle
	books   *auth.Throttle // bookings per address
	tickets *auth.Throttle // kiosk tickets per address

	pChoose, pDays, pForm, pDone, pLookup, pDesk, pKiosk, pTicket, pDisplay, pCounters, pCounter, pAdmin web.Page
}

// Mount adds the room's pages to the shell:
//
//	GET       /dat-lich                  public: book: the procedure, then (?thu-tuc=) the day, then (&ngay=) the slot and contact
//	POST      /dat-lich                  public: book (303 to the signed confirmation)
//	GET       /dat-lich/da-dat/{code}    public: the confirmation (?k=, the signature)
//	GET, POST /dat-lich/tra-cuu          public: a booking by code and last 4 phone digits (POST), with the move form (+ngay)
//	POST      /dat-lich/huy              public: cancel (code and digits)
//	POST      /dat-lich/doi              public: move (code, digits, day, slot)
//	GET       /lich-hen                  desk, leader, admin: a day's bookings (?ngay=), counts, no-shows
//	POST      /lich-hen/{code}/nhan      desk: check a booking in (gives it a ticket)
//	GET       /kiosk                     public: take a ticket for a field, or check a booking in by code
//	POST      /kiosk/lay-so              public: take a ticket (303 to the ticket)
//	POST      /kiosk/nhan-lich           public: check a booking in by code (303 to the ticket)
//	GET       /kiosk/so/{id}             public: a ticket in big type, with how many are ahead
//	GET       /man-hinh                  public: the display: the last call of each counter, the recent calls
//	GET       /man-hinh.json             public: the same as JSON, polled by queue.js
//	GET       /quay                      desk: choose a counter
//	GET       /quay/{counter}            desk: the counter's console and its waiting line
//	POST      /quay/{counter}/goi-tiep   desk: call the next ticket (the current one counts as served)
//	POST      /quay/{counter}/goi-lai    desk: call the current ticket again
//	POST      /quay/{counter}/xong       desk: the current ticket was served
//	POST      /quay/{counter}/vang       desk: the current ticket did not come
//	GET, POST /quan-tri/dat-lich         admin: slot length, days ahead, counters and their fields and capacity, prefixes
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("booking", sub)
	h := &handlers{s: s, svc: svc,
		lookups: auth.NewThrottle(lookupFailures, lookupWindow, svc.now),
		kiosk:   auth.NewThrottle(kioskFailures, lookupWindow, svc.now),
		books:   auth.NewThrottle(bookingsPerAddress, floodWindow, svc.now),
		tickets: auth.NewThrottle(kioskTicketsPerAddress, floodWindow, svc.now),
		pChoose: s.Page("booking/choose.html"), pDays: s.Page("booking/days.html"), pForm: s.Page("booking/form.html"),
		pDone: s.Page("booking/done.html"), pLookup: s.Page("booking/lookup.html"), pDesk: s.Page("booking/desk.html"),
		pKiosk: s.Page("booking/kiosk.html"), pTicket: s.Page("booking/ticket.html"), pDisplay: s.Page("booking/display.html"),
		pCounters: s.Page("booking/counters.html"), pCounter: s.Page("booking/counter.html"), pAdmin: s.Page("booking/admin.html")}
	public := auth.Public()
	s.Handle("GET /dat-lich", public, h.book)
	s.Handle("POST /dat-lich", public, h.bookSubmit)
	s.Handle("GET /dat-lich/da-dat/{code}", public, h.done)
	s.Handle("GET /dat-lich/tra-cuu", public, h.lookupForm)
	s.Handle("POST /dat-lich/tra-cuu", public, h.lookup)
	s.Handle("POST /dat-lich/huy", public, h.cancel)
	s.Handle("POST /dat-lich/doi", public, h.move)
	s.Handle("GET /lich-hen", canSeeBookings, h.desk)
	s.Handle("POST /lich-hen/{code}/nhan", canServe, h.deskCheckIn)
	s.Handle("GET /kiosk", public, h.kioskPage)
	s.Handle("POST /kiosk/lay-so", public, h.kioskTake)
	s.Handle("POST /kiosk/nhan-lich", public, h.kioskCheckIn)
	s.Handle("GET /kiosk/so/{id}", public, h.ticket)
	s.Handle("GET /man-hinh", public, h.display)
	s.Handle("GET /man-hinh.json", public, h.displayJSON)
	s.Handle("GET /quay", canServe, h.counters)
	s.Handle("GET /quay/{counter}", canServe, h.counter)
	s.Handle("POST /quay/{counter}/goi-tiep", canServe, h.callNext)
	s.Handle("POST /quay/{counter}/goi-lai", canServe, h.recall)
	s.Handle("POST /quay/{counter}/xong", canServe, h.finish(TicketServed))
	s.Handle("POST /quay/{counter}/vang", canServe, h.finish(TicketNoShow))
	s.Handle("GET /quan-tri/dat-lich", canConfigure, h.adminForm)
	s.Handle("POST /quan-tri/dat-lich", canConfigure, h.adminSave)
}

// tenant is the request's commune; NotFound before any commune exists.
func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("booking: page", errs.NotFound, "error.not_found")
}

// dayLabel is "Thứ Hai, 02/03/2026" in the request's language.
func (h *handlers) dayLabel(r *http.Request, d calendar.Date) string {
	return h.s.T(r, "calendar.wd."+strconv.Itoa(int(d.Weekday()))) + ", " + dmy(d)
}

func dmy(d calendar.Date) string { return d.Time().Format("02/01/2006") }

// counterNumber reads the {counter} of the path; NotFound when it is no number.
func counterNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("counter"))
	if err != nil || n < 1 || n > 99 {
		return 0, errs.E("booking: counter", errs.NotFound, "booking.counter_not_found")
	}
	return n, nil
}

// render draws a page of the room.
func (h *handlers) render(w http.ResponseWriter, r *http.Request, status int, page web.Page, title string, data map[string]any, form url.Values, fe errs.FieldErrors) error {
	if data == nil {
		data = map[string]any{}
	}
	return h.s.RenderForm(w, r, status, page, title, data, form, fe)
}
