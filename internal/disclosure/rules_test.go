package disclosure

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"xaso/internal/calendar"
)

func day(m time.Month, d int) calendar.Date { return calendar.NewDate(2026, m, d) }

func TestPublishDueAndDelay(t *testing.T) {
	cal := calendar.Default()
	// Mon 5 Oct 2026: the 5th working day after is Mon 12 Oct (the decision's day not counted).
	if got := PublishDue(cal, day(10, 5)); got != day(10, 12) {
		t.Fatalf("PublishDue = %s, want 2026-10-12", got)
	}
	cases := []struct {
		published calendar.Date
		delay     int
	}{{day(10, 5), 0}, {day(10, 9), 4}, {day(10, 10), 4}, {day(10, 12), 5}, {day(10, 13), 6}, {day(10, 14), 7}}
	for _, c := range cases {
		if got := PublicationDelay(cal, day(10, 5), c.published); got != c.delay {
			t.Errorf("delay to %s = %d, want %d", c.published, got, c.delay)
		}
	}
	// 2 September is a holiday: a decision of Mon 31 Aug 2026 is due later than 7 Sep.
	if due := PublishDue(cal, day(8, 31)); !due.After(day(9, 7)) {
		t.Errorf("PublishDue over National Day = %s, want after 2026-09-07", due)
	}
}

func TestPostingRules(t *testing.T) {
	asOf := day(11, 30)
	p := func(ch Channel, from, to calendar.Date) Posting {
		return Posting{Channel: ch, PutUp: from, TakenDown: to}
	}
	none := calendar.Date{}
	cases := []struct {
		name     string
		rule     PostingRule
		p        Posting
		archived calendar.Date
		days     int
		short    bool
	}{
		{"30 days exactly", ThirtyDays, p(HQBoard, day(10, 1), day(10, 30)), none, 30, false},
		{"29 days", ThirtyDays, p(HQBoard, day(10, 1), day(10, 29)), none, 29, true},
		{"cultural house 20 days", ThirtyDays, p(CulturalHouse, day(10, 14), day(11, 2)), none, 20, true},
		{"website 15 days, archived", ThirtyDays, p(Website, day(10, 1), day(10, 15)), day(10, 15), 15, true},
		{"still up after 5 days", ThirtyDays, p(HQBoard, day(11, 26), none), none, 5, false},
		{"last day after asOf", ThirtyDays, p(HQBoard, day(11, 26), day(12, 20)), none, 5, false},
		{"put up after asOf", ThirtyDays, p(HQBoard, day(12, 1), day(12, 2)), none, 0, false},
		{"loudspeaker has no 30-day rule", ThirtyDays, p(Loudspeaker, day(10, 1), day(10, 2)), none, 2, false},
		{"zalo has no 30-day rule", ThirtyDays, p(Zalo, day(10, 1), day(10, 1)), none, 1, false},
		{"permanent taken down", Permanent, p(HQBoard, day(10, 1), day(10, 20)), none, 20, true},
		{"permanent, a year, taken down", Permanent, p(Website, day(1, 1), day(11, 20)), none, 324, true},
		{"permanent down with archiving", Permanent, p(Website, day(10, 1), day(11, 10)), day(11, 10), 41, false},
		{"permanent down before archiving", Permanent, p(HQBoard, day(10, 1), day(11, 9)), day(11, 10), 40, true},
		{"permanent still up", Permanent, p(HQBoard, day(10, 1), none), none, 61, false},
	}
	for _, c := range cases {
		if got := PostedDays(c.p, asOf); got != c.days {
			t.Errorf("%s: PostedDays = %d, want %d", c.name, got, c.days)
		}
		if got := ShortOfMinimum(c.rule, c.p, c.archived, asOf); got != c.short {
			t.Errorf("%s: ShortOfMinimum = %v, want %v", c.name, got, c.short)
		}
	}
}

func TestLongestRun(t *testing.T) {
	asOf := day(11, 30)
	r := func(from, to calendar.Date) Posting { return Posting{Channel: Loudspeaker, PutUp: from, TakenDown: to} }
	cases := []struct {
		name    string
		runs    []Posting
		days    int
		ongoing bool
	}{
		{"none", nil, 0, false},
		{"one day", []Posting{r(day(10, 15), day(10, 15))}, 1, false},
		{"three days", []Posting{r(day(10, 15), day(10, 17))}, 3, false},
		{"joined day after day", []Posting{r(day(10, 16), day(10, 17)), r(day(10, 15), day(10, 15))}, 3, false},
		{"a gap breaks the run", []Posting{r(day(10, 15), day(10, 15)), r(day(10, 17), day(10, 18))}, 2, false},
		{"overlapping", []Posting{r(day(10, 15), day(10, 18)), r(day(10, 16), day(10, 17)), r(day(10, 18), day(10, 19))}, 5, false},
		{"on air", []Posting{r(day(11, 29), calendar.Date{})}, 2, true},
		{"later than asOf ignored", []Posting{r(day(12, 1), day(12, 5))}, 0, false},
	}
	for _, c := range cases {
		days, ongoing := LongestRun(c.runs, asOf)
		if days != c.days || ongoing != c.ongoing {
			t.Errorf("%s: LongestRun = %d, %v; want %d, %v", c.name, days, ongoing, c.days, c.ongoing)
		}
	}
}

// describe writes a report as sorted lines, one per gap, for exact comparison.
func describe(r Report) []string {
	var out []string
	for _, s := range append([]Scope{r.Commune}, r.Hamlets...) {
		scope := s.HamletName
		if scope == "" {
			scope = "commune"
		}
		for _, c := range s.MissingCategories {
			out = append(out, fmt.Sprintf("%s missing %d", scope, c))
		}
		for _, l := range s.Late {
			out = append(out, fmt.Sprintf("%s late %s v%d %s→%s %d", scope, l.Title, l.Version, l.DecisionDate, dateOrDash(l.PublishedOn), l.WorkingDays))
		}
		for _, p := range s.ShortPostings {
			out = append(out, fmt.Sprintf("%s short %s %s %d permanent=%v", scope, p.Title, p.Channel, p.Days, p.Permanent))
		}
		for _, g := range s.Loudspeaker {
			out = append(out, fmt.Sprintf("%s loudspeaker %s %d", scope, g.Title, g.Days))
		}
	}
	sort.Strings(out)
	return out
}

func dateOrDash(d calendar.Date) string {
	if d == (calendar.Date{}) {
		return "-"
	}
	return d.String()
}

func TestAssess(t *testing.T) {
	cal := calendar.Default()
	cats := make([]Category, len(LegalCategories))
	copy(cats, LegalCategories)
	hamlets := []Hamlet{{"h1", "Xóm Đồng Kệu"}, {"h2", "Xóm Trung Tâm"}}
	pub := func(v int, decision, on calendar.Date) Publication {
		return Publication{Version: v, DecisionDate: decision, PublishedOn: on}
	}
	post := func(ch Channel, hamlet string, from, to calendar.Date) Posting {
		return Posting{Channel: ch, HamletID: hamlet, PutUp: from, TakenDown: to}
	}
	none := calendar.Date{}
	items := []Item{
		{ID: "a", Title: "budget", CategoryNo: 2, Publications: []Publication{pub(1, day(10, 5), day(10, 12))},
			Postings: []Posting{post(Website, "", day(10, 12), none), post(HQBoard, "", day(10, 12), none)}},
		{ID: "b", Title: "support", CategoryNo: 7, HamletIDs: []string{"h1"}, Publications: []Publication{pub(1, day(10, 5), day(10, 14))},
			Postings: []Posting{post(CulturalHouse, "h1", day(10, 14), day(11, 2)), post(Loudspeaker, "h1", day(10, 14), day(10, 15))}},
		{ID: "c", Title: "regulation", CategoryNo: 4, Publications: []Publication{pub(1, none, day(10, 1))},
			Postings: []Posting{post(HQBoard, "", day(10, 1), day(10, 20)), post(Website, "", day(10, 1), none)}},
		{ID: "d", Title: "relief", CategoryNo: 8, Publications: []Publication{pub(1, day(10, 19), day(10, 20))},
			Postings: []Posting{post(Loudspeaker, "", day(10, 20), day(10, 22))}},
		{ID: "e", Title: "call-up", CategoryNo: 9, Publications: []Publication{pub(1, none, day(11, 2))},
			Postings: []Posting{post(Loudspeaker, "h1", day(11, 2), day(11, 4))}},
		{ID: "f", Title: "procedures", CategoryNo: 13, ArchivedOn: day(11, 10), Publications: []Publication{pub(1, none, day(10, 1))},
			Postings: []Posting{post(Website, "", day(10, 1), day(11, 10))}},
		{ID: "g", Title: "plan", CategoryNo: 1, DecisionDate: day(11, 2)},
		{ID: "h", Title: "land", CategoryNo: 3, Publications: []Publication{pub(1, day(10, 1), day(10, 5)),
			pub(2, day(11, 2), day(11, 16)), pub(3, day(11, 2), day(11, 20))}},
		{ID: "i", Title: "funds", CategoryNo: 5, ArchivedOn: day(10, 15), Publications: []Publication{pub(1, none, day(10, 1))},
			Postings: []Posting{post(Website, "", day(10, 1), day(10, 15))}},
		{ID: "j", Title: "assets", CategoryNo: 6, HamletIDs: []string{"h2"}, Publications: []Publication{pub(1, none, day(10, 1))}},
		// Published after asOf, created before: unpublished at asOf with its decision's days past.
		{ID: "k", Title: "fees", CategoryNo: 12, DecisionDate: day(11, 19),
			Publications: []Publication{pub(1, day(11, 19), day(12, 1))}},
		// A decision withdrawn in time is not late.
		{ID: "l", Title: "withdrawn", CategoryNo: 10, DecisionDate: day(11, 2), ArchivedOn: day(11, 3)},
		// Decided after asOf: ignored.
		{ID: "m", Title: "future", CategoryNo: 11, DecisionDate: day(12, 1)},
	}
	// 24 November (Ngày Văn hóa Việt Nam) is a day off in the default calendar.
	r := Assess(cal, Facts{AsOf: day(11, 30), Categories: cats, Hamlets: hamlets, Items: items})
	want := []string{
		"Xóm Trung Tâm late land v2 2026-11-02→2026-11-16 10",
		"Xóm Trung Tâm late plan v0 2026-11-02→- 19",
		"Xóm Trung Tâm late fees v0 2026-11-19→- 6",
		"Xóm Trung Tâm loudspeaker call-up 0",
		"Xóm Đồng Kệu late land v2 2026-11-02→2026-11-16 10",
		"Xóm Đồng Kệu late plan v0 2026-11-02→- 19",
		"Xóm Đồng Kệu late fees v0 2026-11-19→- 6",
		"Xóm Đồng Kệu late support v1 2026-10-05→2026-10-14 7",
		"Xóm Đồng Kệu loudspeaker support 2",
		"Xóm Đồng Kệu short support cultural_house 20 permanent=false",
		"commune late land v2 2026-11-02→2026-11-16 10",
		"commune late plan v0 2026-11-02→- 19",
		"commune late fees v0 2026-11-19→- 6",
		"commune late support v1 2026-10-05→2026-10-14 7",
		"commune loudspeaker call-up 0",
		"commune short funds website 15 permanent=false",
		"commune short regulation hq_board 20 permanent=true",
	}
	for _, c := range []int{1, 5, 10, 11, 12, 13} {
		want = append(want, fmt.Sprintf("commune missing %d", c))
	}
	for _, c := range []int{1, 5, 6, 10, 11, 12, 13} {
		want = append(want, fmt.Sprintf("Xóm Đồng Kệu missing %d", c))
	}
	for _, c := range []int{1, 5, 7, 10, 11, 12, 13} {
		want = append(want, fmt.Sprintf("Xóm Trung Tâm missing %d", c))
	}
	sort.Strings(want)
	if got := describe(r); !reflect.DeepEqual(got, want) {
		t.Errorf("report:\n got %q\nwant %q", got, want)
	}
	if r.Clean() || r.Hamlets[0].HamletID != "h1" || r.Hamlets[1].HamletName != "Xóm Trung Tâm" {
		t.Errorf("report scopes: %+v", r.Hamlets)
	}
	// A commune-wide item broadcast in every hamlet's own run is covered for the commune too.
	every := Item{ID: "n", Title: "every", CategoryNo: 9, Publications: []Publication{pub(1, none, day(11, 2))},
		Postings: []Posting{post(Loudspeaker, "h1", day(11, 2), day(11, 4)), post(Loudspeaker, "h2", day(11, 3), day(11, 5))}}
	r = Assess(cal, Facts{AsOf: day(11, 30), Hamlets: hamlets, Items: []Item{every}})
	if !r.Clean() {
		t.Errorf("every hamlet broadcast: %q", describe(r))
	}
	// Still on air after 2 days: not a gap yet.
	every.Postings = []Posting{post(Loudspeaker, "", day(11, 29), none)}
	r = Assess(cal, Facts{AsOf: day(11, 30), Hamlets: hamlets, Items: []Item{every}})
	if !r.Clean() {
		t.Errorf("on air: %q", describe(r))
	}
}
