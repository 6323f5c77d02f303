package consult

import (
	"testing"

	"xaso/internal/calendar"
)

// Art. 28: at least 20 days from publication, counted in calendar days.
func TestCheckPeriodBoundary(t *testing.T) {
	open := calendar.NewDate(2026, 2, 20)
	for _, tc := range []struct {
		closes calendar.Date
		key    string
	}{
		{open.AddDays(19), "consult.err.period_short"},
		{open.AddDays(20), ""},
		{open.AddDays(21), ""},
		{open, "consult.err.period_short"},
		{open.AddDays(-1), "consult.err.period_short"},
		{open.AddDays(366), ""},
		{open.AddDays(367), "consult.err.period_long"},
		{calendar.NewDate(2026, 3, 12), ""}, // across the end of February: 20 days
		{calendar.NewDate(2026, 3, 11), "consult.err.period_short"},
	} {
		field, key := CheckPeriod(open, tc.closes)
		if key != tc.key || (key != "" && field != "closes_on") {
			t.Errorf("open %s close %s: %q %q, want %q", open, tc.closes, field, key, tc.key)
		}
	}
	if _, key := CheckPeriod(calendar.Date{}, open); key != "consult.err.date_invalid" {
		t.Errorf("zero opening: %q", key)
	}
}

// Opinions are taken on every day of the period, both ends included, and only while open.
func TestTaking(t *testing.T) {
	c := Consultation{Status: Open, OpensOn: calendar.NewDate(2026, 3, 2), ClosesOn: calendar.NewDate(2026, 3, 22)}
	for d, want := range map[calendar.Date]bool{
		calendar.NewDate(2026, 3, 1): false, calendar.NewDate(2026, 3, 2): true, calendar.NewDate(2026, 3, 22): true,
		calendar.NewDate(2026, 3, 23): false,
	} {
		if got := c.Taking(d); got != want {
			t.Errorf("%s: taking %v", d, got)
		}
	}
	if c.PhaseOn(calendar.NewDate(2026, 3, 23)) != PhaseSynthesis || c.PhaseOn(calendar.NewDate(2026, 3, 22)) != PhaseCollecting {
		t.Error("phases around the last day")
	}
	if c.DaysLeft(calendar.NewDate(2026, 3, 20)) != 2 || c.DaysLeft(calendar.NewDate(2026, 4, 1)) != 0 {
		t.Error("days left")
	}
	for _, s := range []Status{Draft, Closed} {
		c.Status = s
		if c.Taking(calendar.NewDate(2026, 3, 10)) {
			t.Errorf("%s consultation takes opinions", s)
		}
	}
}

// Art. 28: the closing needs every opinion grouped, every group answered, the decision, and
// its explanation when it goes against the majority view.
func TestCheckClose(t *testing.T) {
	answered := []Group{{AnswerKind: Accepted, Answer: "x"}, {AnswerKind: Explained, Answer: "y"}}
	ok := CloseInput{Decision: "Quyết định số 12/QĐ-UBND", FollowsMajority: true}
	if fe := CheckClose(ok, answered, 0); len(fe) != 0 {
		t.Fatalf("a complete closing refused: %v", fe)
	}
	if fe := CheckClose(ok, nil, 0); len(fe) != 0 {
		t.Fatalf("a closing without opinions refused: %v", fe)
	}
	against := CloseInput{Decision: "Quyết định số 12/QĐ-UBND", FollowsMajority: false}
	if fe := CheckClose(against, answered, 0); fe["explanation"] != "consult.err.explanation_required" {
		t.Fatalf("against the majority without explanation: %v", fe)
	}
	against.Explanation = "Phương án của đa số vượt quá ngân sách được giao."
	if fe := CheckClose(against, answered, 0); len(fe) != 0 {
		t.Fatalf("explained: %v", fe)
	}
	if fe := CheckClose(ok, append(answered, Group{}), 0); fe["groups"] != "consult.err.unanswered" {
		t.Fatalf("a group unanswered: %v", fe)
	}
	if fe := CheckClose(ok, answered, 1); fe["groups"] != "consult.err.ungrouped" {
		t.Fatalf("an opinion ungrouped: %v", fe)
	}
	if fe := CheckClose(CloseInput{FollowsMajority: true}, answered, 0); fe["decision"] != "consult.err.decision_required" {
		t.Fatalf("no decision: %v", fe)
	}
}

func TestCleanPhone(t *testing.T) {
	for in, want := range map[string]string{"0912 345 678": "0912345678", "+84.912.345.678": "+84912345678", "": "", "091-234-5678": "0912345678"} {
		if got, ok := cleanPhone(in); !ok || got != want {
			t.Errorf("%q: %q %v", in, got, ok)
		}
	}
	for _, in := range []string{"1234", "09a2345678", "++84912345678", "1234567890123456"} {
		if _, ok := cleanPhone(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}
