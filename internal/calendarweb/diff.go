package calendarweb

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// What changed in a save is read back from its audit entry (before/after), so that the page
// after the redirect tells the admin exactly what the record says was done.

// savedView is the "saved" message of an admin page: who saved, when, and each change as a
// sentence.
type savedView struct {
	By      string
	At      time.Time
	Changes []string
}

// lastChange reads the newest audit entry of an object and describes it; nil when there is
// none.
func (s *Service) lastChange(ctx context.Context, communeID, objectType, objectID string, describe func(summary []byte) ([]string, error)) (*savedView, error) {
	list, err := audit.List(ctx, s.d, communeID, objectType, objectID, 1, 0)
	if err != nil {
		return nil, errs.Wrap("calendarweb: last change", err)
	}
	if len(list) == 0 {
		return nil, nil
	}
	e := list[0]
	changes, err := describe([]byte(e.Summary))
	if err != nil {
		return nil, errs.Wrap("calendarweb: last change", err)
	}
	return &savedView{By: e.Actor.Name, At: e.At, Changes: changes}, nil
}

// describeNotice turns a notice's audit summary into sentences.
func describeNotice(s *web.Server, r *http.Request) func([]byte) ([]string, error) {
	return func(summary []byte) ([]string, error) {
		var c struct{ Before, After *calendar.Notice }
		if err := json.Unmarshal(summary, &c); err != nil {
			return nil, err
		}
		t := func(key string, args ...any) string { return s.T(r, key, args...) }
		if c.After == nil { // a reset to a year with no shipped notice
			return []string{t("calendar.diff.to_statutory")}, nil
		}
		var before, after calendar.Notice
		if c.Before != nil {
			before = *c.Before
		}
		after = *c.After
		out := describeDays(t, "calendar.diff.off", before.DaysOff, after.DaysOff)
		out = append(out, describeDays(t, "calendar.diff.worked", before.WorkedDays, after.WorkedDays)...)
		if before.Source != after.Source {
			out = append(out, t("calendar.diff.source", after.Source))
		}
		return out, nil
	}
}

// describeClosures turns the closures' audit summary into sentences.
func describeClosures(s *web.Server, r *http.Request) func([]byte) ([]string, error) {
	return func(summary []byte) ([]string, error) {
		var c struct{ Before, After []calendar.Holiday }
		if err := json.Unmarshal(summary, &c); err != nil {
			return nil, err
		}
		return describeDays(func(key string, args ...any) string { return s.T(r, key, args...) }, "calendar.diff.closure", c.Before, c.After), nil
	}
}

// describeDays lists the days added or changed between two lists, in date order, then the
// days removed.
// prefix selects the sentences: prefix+".added", ".removed", ".changed".
func describeDays(t func(string, ...any) string, prefix string, before, after []calendar.Holiday) []string {
	old := map[calendar.Date]calendar.Holiday{}
	for _, h := range before {
		old[h.Date] = h
	}
	now := map[calendar.Date]bool{}
	var out []string
	for _, h := range sortDays(after) {
		now[h.Date] = true
		switch o, ok := old[h.Date]; {
		case !ok:
			out = append(out, t(prefix+".added", dmy(h.Date), h.Reason))
		case o.Reason != h.Reason || o.Note != h.Note:
			out = append(out, t(prefix+".changed", dmy(h.Date), o.Reason, h.Reason))
		}
	}
	for _, h := range sortDays(before) {
		if !now[h.Date] {
			out = append(out, t(prefix+".removed", dmy(h.Date), h.Reason))
		}
	}
	return out
}
