package report

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// PeriodKind is the length of a reporting period.
type PeriodKind string

// Period kinds, as they appear in addresses (?ky=).
const (
	Month   PeriodKind = "thang"
	Quarter PeriodKind = "quy"
	Year    PeriodKind = "nam"
)

// Period is a reporting period: a month, a quarter or a calendar year, From and To included.
type Period struct {
	Kind PeriodKind
	Year int
	Part int // the month (1–12) or the quarter (1–4); 0 for a year
	From calendar.Date
	To   calendar.Date
}

// NewPeriod builds the period; ok false when the numbers do not make one.
func NewPeriod(kind PeriodKind, year, part int) (Period, bool) {
	if year < 2000 || year > 2200 {
		return Period{}, false
	}
	p := Period{Kind: kind, Year: year, Part: part}
	switch kind {
	case Month:
		if part < 1 || part > 12 {
			return Period{}, false
		}
		p.From = calendar.NewDate(year, time.Month(part), 1)
		p.To = calendar.DateOf(time.Date(year, time.Month(part)+1, 0, 12, 0, 0, 0, calendar.Zone))
	case Quarter:
		if part < 1 || part > 4 {
			return Period{}, false
		}
		p.From = calendar.NewDate(year, time.Month(3*part-2), 1)
		p.To = calendar.DateOf(time.Date(year, time.Month(3*part+1), 0, 12, 0, 0, 0, calendar.Zone))
	case Year:
		p.Part = 0
		p.From, p.To = calendar.NewDate(year, time.January, 1), calendar.NewDate(year, time.December, 31)
	default:
		return Period{}, false
	}
	return p, true
}

// ParsePeriod reads ?ky=thang|quy|nam&nam=2025&phan=12 (phan: the month or the quarter). An
// empty query is the current year up to today; a wrong one is Invalid (report.err.period).
func ParsePeriod(q url.Values, now time.Time) (Period, error) {
	today := calendar.DateOf(now)
	kind := PeriodKind(strings.TrimSpace(q.Get("ky")))
	if kind == "" {
		kind = Year
	}
	year, part := today.Year, 0
	if s := strings.TrimSpace(q.Get("nam")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return Period{}, errs.E("report: period", errs.Invalid, "report.err.period")
		}
		year = n
	}
	switch kind {
	case Month:
		part = int(today.Month)
	case Quarter:
		part = (int(today.Month)-1)/3 + 1
	}
	if s := strings.TrimSpace(q.Get("phan")); s != "" && kind != Year {
		n, err := strconv.Atoi(s)
		if err != nil {
			return Period{}, errs.E("report: period", errs.Invalid, "report.err.period")
		}
		part = n
	}
	p, ok := NewPeriod(kind, year, part)
	if !ok {
		return Period{}, errs.E("report: period", errs.Invalid, "report.err.period")
	}
	return p, nil
}

// Query is the period as the address's query (without "?").
func (p Period) Query() string {
	v := url.Values{"ky": {string(p.Kind)}, "nam": {strconv.Itoa(p.Year)}}
	if p.Kind != Year {
		v.Set("phan", strconv.Itoa(p.Part))
	}
	return v.Encode()
}

// ID is the period in a file name or a data row: 2025, 2025-Q4, 2025-12.
func (p Period) ID() string {
	switch p.Kind {
	case Month:
		return fmt.Sprintf("%d-%02d", p.Year, p.Part)
	case Quarter:
		return fmt.Sprintf("%d-Q%d", p.Year, p.Part)
	}
	return strconv.Itoa(p.Year)
}

// Label is the period in Vietnamese: "tháng 12/2025", "quý IV/2025", "năm 2025".
func (p Period) Label() string {
	switch p.Kind {
	case Month:
		return fmt.Sprintf("tháng %d/%d", p.Part, p.Year)
	case Quarter:
		return fmt.Sprintf("quý %s/%d", []string{"", "I", "II", "III", "IV"}[p.Part], p.Year)
	}
	return fmt.Sprintf("năm %d", p.Year)
}

// Start and End are the period's first moment and the moment after its last day, in UTC.
func (p Period) Start() time.Time { return p.From.Time().UTC() }

// End is the first moment after the period.
func (p Period) End() time.Time { return p.To.Time().AddDate(0, 0, 1).UTC() }

// Months are the first moments of the period's months (Vietnam's time), up to the month of
// `until` (a month not begun is not measured).
func (p Period) Months(until time.Time) []time.Time {
	var out []time.Time
	for m := time.Date(p.From.Year, p.From.Month, 1, 0, 0, 0, 0, calendar.Zone); !m.After(p.To.Time()); m = m.AddDate(0, 1, 0) {
		if m.After(until) {
			break
		}
		out = append(out, m)
	}
	return out
}

// Prev and Next are the periods of the same kind before and after.
func (p Period) Prev() Period { return p.shift(-1) }

// Next is the following period of the same kind.
func (p Period) Next() Period { return p.shift(1) }

func (p Period) shift(n int) Period {
	year, part := p.Year, p.Part+n
	switch p.Kind {
	case Month:
		for part < 1 {
			part, year = part+12, year-1
		}
		for part > 12 {
			part, year = part-12, year+1
		}
	case Quarter:
		for part < 1 {
			part, year = part+4, year-1
		}
		for part > 4 {
			part, year = part-4, year+1
		}
	default:
		year, part = p.Year+n, 0
	}
	q, ok := NewPeriod(p.Kind, year, part)
	if !ok {
		return p
	}
	return q
}
