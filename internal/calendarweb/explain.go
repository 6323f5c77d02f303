package calendarweb

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/web"
)

// ExplainHTML draws the "Cách tính ngày hẹn?" disclosure of a due date, closed until the
// reader opens it (a <details> element: no script needed): when the dossier was received,
// the time limit, the due time, then every day from receipt to the due date, counted or
// skipped and why. The text is in the request's language; the reasons of days off are
// Vietnamese data and are marked lang="vi".
//
// A room that shows a due date puts the result in its page data and writes it as is:
//
//	cal, err := calendars.Calendar(ctx, communeID) // *calendarweb.Service, from app
//	due := cal.DueAt(dossier.ReceivedAt, calendar.Processing{Days: proc.Days})
//	data["DueHelp"] = calendarweb.ExplainHTML(s, r, due)
//
//	<p>Hẹn trả: {{datetime .Data.Due.At}}</p>
//	{{.Data.DueHelp}}
func ExplainHTML(s *web.Server, r *http.Request, due calendar.Due) template.HTML {
	t := func(key string, args ...any) string { return s.T(r, key, args...) }
	recv, at := due.Received.In(calendar.Zone), due.At.In(calendar.Zone)
	data := map[string]any{
		"Summary":  t("calendar.explain.summary"),
		"Received": t("calendar.explain.received", recv.Format("15:04"), dmy(calendar.DateOf(recv)), weekday(s, r, calendar.DateOf(recv))),
		"Limit":    t("calendar.explain.limit", limitText(s, r, due.Processing)),
		"Due":      t("calendar.explain.due", at.Format("15:04"), dmy(calendar.DateOf(at)), weekday(s, r, calendar.DateOf(at))),
		"Steps":    StepsHTML(s, r, due.Explain()),
	}
	return execute("explain", data)
}

// StepsHTML draws a list of explained days (calendar.Due.Explain, or
// calendar.Calendar.AddWorkingDaysExplained), one a line, as `xaso calendar add --explain`
// prints them: "29/11/2025 Thứ Bảy: bỏ qua (Thứ Bảy)", "01/12/2025 Thứ Hai: ngày làm việc thứ 1".
func StepsHTML(s *web.Server, r *http.Request, steps []calendar.Step) template.HTML {
	type line struct {
		ISO, Date, Weekday, Text, Reason string
	}
	lines := make([]line, len(steps))
	for i, st := range steps {
		var text string
		switch {
		case !st.Counted:
			text = s.T(r, "calendar.step.skipped")
		case st.Hours > 0:
			text = s.T(r, "calendar.step.counted_hours", strconv.Itoa(st.N), durationText(s, r, st.Hours))
		default:
			text = s.T(r, "calendar.step.counted", strconv.Itoa(st.N))
		}
		lines[i] = line{ISO: st.Date.String(), Date: dmy(st.Date), Weekday: weekday(s, r, st.Date), Text: text, Reason: st.Reason}
	}
	return execute("steps", lines)
}

var explainTemplates = template.Must(template.New("explain").Parse(
	`{{define "explain"}}<details class="due-explain"><summary>{{.Summary}}</summary>` +
		`<p>{{.Received}} {{.Limit}} {{.Due}}</p>{{.Steps}}</details>{{end}}` +
		`{{define "steps"}}<ul class="steps">{{range .}}<li><time datetime="{{.ISO}}">{{.Date}}</time> {{.Weekday}}: {{.Text}}` +
		`{{with .Reason}} (<span lang="vi">{{.}}</span>){{end}}</li>{{end}}</ul>{{end}}`))

// execute runs one of the fixed templates above; they cannot fail on the data given them,
// so a failure is a programming error.
func execute(name string, data any) template.HTML {
	var b bytes.Buffer
	if err := explainTemplates.ExecuteTemplate(&b, name, data); err != nil {
		panic("calendarweb: " + name + ": " + err.Error())
	}
	return template.HTML(b.String())
}

// dmy writes a date the Vietnamese way: 05/12/2025.
func dmy(d calendar.Date) string { return d.Time().Format("02/01/2006") }

// weekday names d's day of the week in the request's language.
func weekday(s *web.Server, r *http.Request, d calendar.Date) string {
	return s.T(r, "calendar.wd."+strconv.Itoa(int(d.Weekday())))
}

// limitText writes a time limit: "5 ngày làm việc", "4 giờ làm việc", "trong ngày".
func limitText(s *web.Server, r *http.Request, p calendar.Processing) string {
	switch {
	case p.Days > 0:
		return s.T(r, "calendar.limit.days", strconv.Itoa(p.Days))
	case p.Hours > 0:
		return s.T(r, "calendar.limit.hours", web.Decimal(web.LangOf(r), p.Hours))
	}
	return s.T(r, "calendar.limit.same_day")
}

// durationText writes office time in hours and minutes: "3 giờ 30 phút".
func durationText(s *web.Server, r *http.Request, d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	h, mm := strconv.Itoa(m/60), strconv.Itoa(m%60)
	switch {
	case m < 60:
		return s.T(r, "calendar.dur.m", mm)
	case m%60 == 0:
		return s.T(r, "calendar.dur.h", h)
	}
	return s.T(r, "calendar.dur.hm", h, mm)
}
