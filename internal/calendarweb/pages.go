package calendarweb

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

//go:embed all:templates
var templateFS embed.FS

// maxDueDays bounds the public "compute a due date" form: procedures count weeks, not years,
// and the answer lists every day.
const maxDueDays = 365

// handlers serves the calendar's pages.
type handlers struct {
	s   *web.Server
	svc *Service
	now func() time.Time

	pMonth, pDue, pAdmin, pNotice, pClosures web.Page
}

// Mount adds the calendar's pages to the shell: the public month view and due-date form, and
// the admin pages for notices and closures. now is the clock that says which month is
// "this month" (time.Now when nil).
func Mount(s *web.Server, svc *Service, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("calendarweb", sub)
	h := &handlers{s: s, svc: svc, now: now,
		pMonth: s.Page("calendarweb/month.html"), pDue: s.Page("calendarweb/due.html"),
		pAdmin: s.Page("calendarweb/admin.html"), pNotice: s.Page("calendarweb/notice.html"),
		pClosures: s.Page("calendarweb/closures.html")}
	admin := auth.Roles(auth.Admin)
	s.Handle("GET /lich", auth.Public(), h.month)
	s.Handle("GET /lich/han", auth.Public(), h.due)
	s.Handle("GET /quan-tri/lich", admin, h.adminList)
	s.Handle("GET /quan-tri/lich/nghi-rieng", admin, h.closuresForm)
	s.Handle("POST /quan-tri/lich/nghi-rieng", admin, h.saveClosures)
	s.Handle("GET /quan-tri/lich/{year}", admin, h.noticeForm)
	s.Handle("POST /quan-tri/lich/{year}", admin, h.saveNotice)
	s.Handle("POST /quan-tri/lich/{year}/khoi-phuc", admin, h.resetNotice)
}

// calendarOf is the calendar of the request's commune; the shipped one when no commune is
// set up yet (the public page still answers).
func (h *handlers) calendarOf(r *http.Request) (*calendar.Calendar, error) {
	t := web.TenantOf(r)
	if t == nil {
		return calendar.Default(), nil
	}
	return h.svc.Calendar(r.Context(), t.ID)
}

// dayCell is one square of the month grid; Blank squares pad the first and last weeks.
type dayCell struct {
	Blank bool
	ISO   string // 2026-02-17
	Day   int
	Lunar string // 1/1
	Leap  bool
	// LunarMonth names the lunar month on its first day and on the 1st of the solar month.
	LunarMonth string
	Class      string // cal-off, cal-weekend, cal-worked or ""
	Badge      string // the reason of a day off or of a worked weekend day
	BadgeClass string // bad or ok
	Today      bool
}

// dayRow is one line of the year's list of days off.
type dayRow struct {
	ISO, Date, Weekday, Reason string
}

func (h *handlers) month(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	const op = "calendarweb: month"
	today := calendar.DateOf(h.now())
	y, m := today.Year, today.Month
	if q := r.URL.Query().Get("thang"); q != "" {
		var ok bool
		if y, m, ok = parseMonth(q); !ok {
			return errs.E(op, errs.Invalid, "calendar.bad_month", q, strconv.Itoa(minYear), strconv.Itoa(maxYear))
		}
	}
	cal, err := h.calendarOf(r)
	if err != nil {
		return err
	}
	days := cal.MonthView(y, m)
	var weeks [][]dayCell
	week := make([]dayCell, 0, 7)
	for i := 0; i < mondayIndex(days[0].Date.Weekday()); i++ {
		week = append(week, dayCell{Blank: true})
	}
	for _, d := range days {
		week = append(week, h.cell(r, d, today))
		if len(week) == 7 {
			weeks, week = append(weeks, week), make([]dayCell, 0, 7)
		}
	}
	if len(week) > 0 {
		for len(week) < 7 {
			week = append(week, dayCell{Blank: true})
		}
		weeks = append(weeks, week)
	}

	first, last := days[0].Lunar, days[len(days)-1].Lunar
	lunarYears := calendar.YearName(first.Year)
	if last.Year != first.Year {
		lunarYears += " – " + calendar.YearName(last.Year)
	}
	data := map[string]any{
		"Heading":    h.s.T(r, "calendar.month_heading", strconv.Itoa(int(m)), strconv.Itoa(y)),
		"LunarYears": lunarYears,
		"Year":       strconv.Itoa(y),
		"Weekdays":   h.weekdayHeaders(r),
		"Weeks":      weeks,
		"Holidays":   h.dayRows(r, cal.Holidays(y)),
		"Worked":     h.dayRows(r, cal.WorkedDays(y)),
		"Today":      today.String(),
	}
	if n, ok := cal.Notice(y); ok {
		data["Source"] = n.Source
		data["HasNotice"] = true
	}
	if prev := calendar.NewDate(y, m-1, 1); prev.Year >= minYear {
		data["Prev"] = monthParam(prev)
		data["PrevLabel"] = h.s.T(r, "calendar.prev_month", strconv.Itoa(int(prev.Month)), strconv.Itoa(prev.Year))
	}
	if next := calendar.NewDate(y, m+1, 1); next.Year <= maxYear {
		data["Next"] = monthParam(next)
		data["NextLabel"] = h.s.T(r, "calendar.next_month", strconv.Itoa(int(next.Month)), strconv.Itoa(next.Year))
	}
	form := url.Values{"tu": {today.String()}, "thang": {monthParam(calendar.NewDate(y, m, 1))}}
	return h.s.RenderForm(w, r, http.StatusOK, h.pMonth, "calendar.title", data, form, nil)
}

func (h *handlers) cell(r *http.Request, d calendar.Day, today calendar.Date) dayCell {
	c := dayCell{ISO: d.Date.String(), Day: d.Date.Day, Lunar: strconv.Itoa(d.Lunar.Day) + "/" + strconv.Itoa(d.Lunar.Month),
		Leap: d.Lunar.Leap, Today: d.Date == today}
	if d.Lunar.Day == 1 || d.Date.Day == 1 {
		c.LunarMonth = h.lunarMonthName(r, d.Lunar)
	}
	switch d.Kind {
	case calendar.KindHoliday, calendar.KindLocalClosure:
		c.Class, c.Badge, c.BadgeClass = "cal-off", d.Reason, "bad"
	case calendar.KindWorkedWeekend:
		c.Class, c.Badge, c.BadgeClass = "cal-worked", d.Reason, "ok"
	case calendar.KindWeekend:
		c.Class = "cal-weekend" // the column says which day it is
	}
	return c
}

// lunarMonthName is "tháng Giêng", "tháng Tư nhuận".
func (h *handlers) lunarMonthName(r *http.Request, l calendar.LunarDate) string {
	name := h.s.T(r, "calendar.lunar_month."+strconv.Itoa(l.Month))
	if l.Leap {
		name = h.s.T(r, "calendar.lunar_month_leap", name)
	}
	return name
}

func (h *handlers) weekdayHeaders(r *http.Request) []string {
	out := make([]string, 7)
	for i := range out {
		out[i] = h.s.T(r, "calendar.wd."+strconv.Itoa((i+1)%7)) // Monday first
	}
	return out
}

func (h *handlers) dayRows(r *http.Request, days []calendar.Holiday) []dayRow {
	out := make([]dayRow, len(days))
	for i, d := range days {
		out[i] = dayRow{ISO: d.Date.String(), Date: dmy(d.Date), Weekday: weekday(h.s, r, d.Date), Reason: d.Reason}
	}
	return out
}

// mondayIndex numbers the days of the week from Monday (0) to Sunday (6).
func mondayIndex(wd time.Weekday) int { return (int(wd) + 6) % 7 }

// parseMonth reads ?thang=YYYY-MM within the years the calendar serves.
func parseMonth(s string) (int, time.Month, bool) {
	d, err := calendar.ParseDate(s + "-01")
	if err != nil || len(s) != 7 || d.Year < minYear || d.Year > maxYear {
		return 0, 0, false
	}
	return d.Year, d.Month, true
}

func monthParam(d calendar.Date) string { return d.String()[:7] }

// due answers the "compute a due date" form: the date n working days after a given date,
// that day not counted, with every day counted or skipped, as `xaso calendar add --explain`.
func (h *handlers) due(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, count := strings.TrimSpace(q.Get("tu")), strings.TrimSpace(q.Get("so-ngay"))
	form := url.Values{"tu": {from}, "so-ngay": {count}}
	if from == "" && count == "" {
		form.Set("tu", calendar.DateOf(h.now()).String())
		return h.s.RenderForm(w, r, http.StatusOK, h.pDue, "calendar.due.title", map[string]any{}, form, nil)
	}
	fe := errs.FieldErrors{}
	d, err := calendar.ParseDate(from)
	if err != nil || d.Year < minYear || d.Year > maxYear {
		fe["tu"] = "calendar.due.bad_date"
	}
	n, err := strconv.Atoi(count)
	if err != nil || n < 1 || n > maxDueDays {
		fe["so-ngay"] = "calendar.due.bad_days"
	}
	if len(fe) > 0 {
		return h.s.RenderForm(w, r, http.StatusUnprocessableEntity, h.pDue, "calendar.due.title",
			map[string]any{"Max": strconv.Itoa(maxDueDays)}, form, fe)
	}
	cal, err := h.calendarOf(r)
	if err != nil {
		return err
	}
	end, steps := cal.AddWorkingDaysExplained(d, n)
	data := map[string]any{
		"From":      dayRow{ISO: d.String(), Date: dmy(d), Weekday: weekday(h.s, r, d)},
		"Count":     strconv.Itoa(n),
		"End":       dayRow{ISO: end.String(), Date: dmy(end), Weekday: weekday(h.s, r, end)},
		"Steps":     StepsHTML(h.s, r, steps),
		"Month":     monthParam(end),
		"Max":       strconv.Itoa(maxDueDays),
		"HasResult": true,
	}
	return h.s.RenderForm(w, r, http.StatusOK, h.pDue, "calendar.due.title", data, form, nil)
}
