package disclosure

import (
	"slices"
	"sort"

	"xaso/internal/calendar"
)

// The figures of the law; where a later amendment changes one, it changes here.
const (
	// PublishWithinDays: a decision is published within 5 working days (Art. 12.3).
	PublishWithinDays = 5
	// MinPostingDays: items 1–3 and 5–12 stay posted at least 30 consecutive days (Art. 13).
	MinPostingDays = 30
	// MinLoudspeakerDays: items 7–12 are broadcast at least 3 consecutive days (Art. 13).
	MinLoudspeakerDays = 3
)

// PublishDue is the last day a disclosure of a decision taken on decision may be published:
// the 5th working day after it, the decision's day not counted (Art. 12.3; Civil Code 2015
// Art. 147.1).
func PublishDue(cal *calendar.Calendar, decision calendar.Date) calendar.Date {
	return cal.AddWorkingDays(decision, PublishWithinDays)
}

// PublicationDelay is how many working days after the decision it was published on: the
// working days after decision up to and including published. More than PublishWithinDays is late.
func PublicationDelay(cal *calendar.Calendar, decision, published calendar.Date) int {
	return cal.WorkingDaysBetween(decision, published)
}

// PostedDays is how many days a posting was up by asOf, both ends counted: from the day it
// went up to its last day, or to asOf while it is still up. 0 if it went up after asOf.
func PostedDays(p Posting, asOf calendar.Date) int {
	if p.PutUp.After(asOf) {
		return 0
	}
	end := asOf
	if p.Ended(asOf) {
		end = p.TakenDown
	}
	return end.Sub(p.PutUp) + 1
}

// ShortOfMinimum reports whether a posting on a notice board or the website (Channel.Posted)
// ended before its category allows by asOf: before 30 consecutive days for a 30-day
// category; at all for a permanent one, unless it came down with its disclosure's archiving
// on or before that day (archivedOn; the item was replaced or withdrawn). Postings still up
// are never short.
func ShortOfMinimum(rule PostingRule, p Posting, archivedOn, asOf calendar.Date) bool {
	if !p.Channel.Posted() || p.PutUp.After(asOf) || !p.Ended(asOf) {
		return false
	}
	if rule == Permanent {
		return archivedOn == (calendar.Date{}) || p.TakenDown.Before(archivedOn)
	}
	return PostedDays(p, asOf) < MinPostingDays
}

// LongestRun is the longest stretch of consecutive days covered by the runs by asOf (runs
// that overlap or follow each other day after day join up), and whether one of them is still
// on air after asOf's end (not yet ended), so that the stretch may still grow.
func LongestRun(runs []Posting, asOf calendar.Date) (days int, ongoing bool) {
	type span struct{ from, to calendar.Date }
	var spans []span
	for _, r := range runs {
		if r.PutUp.After(asOf) {
			continue
		}
		to := asOf
		if r.Ended(asOf) {
			to = r.TakenDown
		} else {
			ongoing = true
		}
		spans = append(spans, span{r.PutUp, to})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from.Before(spans[j].from) })
	for i := 0; i < len(spans); {
		cur := spans[i]
		j := i + 1
		for ; j < len(spans) && !spans[j].from.After(cur.to.AddDays(1)); j++ {
			if spans[j].to.After(cur.to) {
				cur.to = spans[j].to
			}
		}
		days = max(days, cur.to.Sub(cur.from)+1)
		i = j
	}
	return days, ongoing
}

// Facts are what Assess judges: a commune's categories, hamlets and disclosures (drafts
// included) with their publications and postings.
type Facts struct {
	AsOf       calendar.Date
	Categories []Category
	Hamlets    []Hamlet
	Items      []Item
}

// Hamlet is a hamlet as the report names it.
type Hamlet struct{ ID, Name string }

// Item is a disclosure as Assess sees it.
type Item struct {
	ID, Title  string
	CategoryNo int
	HamletIDs  []string // none: the whole commune
	// DecisionDate is the current one, for a disclosure never published by AsOf.
	DecisionDate calendar.Date
	ArchivedOn   calendar.Date
	Publications []Publication
	Postings     []Posting
}

// Publication is one published version.
type Publication struct {
	Version      int
	DecisionDate calendar.Date
	PublishedOn  calendar.Date
}

func (it Item) concerns(hamletID string) bool {
	return len(it.HamletIDs) == 0 || slices.Contains(it.HamletIDs, hamletID)
}

// publishedBy reports whether a version was published on or before asOf.
func (it Item) publishedBy(asOf calendar.Date) bool {
	for _, p := range it.Publications {
		if !p.PublishedOn.After(asOf) {
			return true
		}
	}
	return false
}

// current reports whether the item is public on asOf: published by then and not archived
// before it (the day of archiving still counts, as its postings' last day).
func (it Item) current(asOf calendar.Date) bool {
	return it.publishedBy(asOf) && (it.ArchivedOn == (calendar.Date{}) || !it.ArchivedOn.Before(asOf))
}

// Report is the compliance of a commune with Arts 11–13 on a day: for the commune as a whole
// and for each hamlet.
type Report struct {
	AsOf    calendar.Date
	Commune Scope
	Hamlets []Scope
}

// Clean reports whether nothing is missing anywhere.
func (r Report) Clean() bool {
	if !r.Commune.Clean() {
		return false
	}
	for _, h := range r.Hamlets {
		if !h.Clean() {
			return false
		}
	}
	return true
}

// Scope is what is missing for the commune (HamletID "") or one hamlet.
//
// The commune's scope has the required categories with no current disclosure at all, every
// late publication, the short postings of the commune's own boards and website (no hamlet),
// and the loudspeaker gaps of the disclosures for the whole commune (covered by a
// commune-wide broadcast of 3 days, or by every hamlet's own). A hamlet's scope has the
// required categories with no current disclosure concerning it (one for the whole commune
// concerns every hamlet), the late publications concerning it, the short postings in it, and
// the loudspeaker gaps of the disclosures concerning it (covered by a commune-wide broadcast
// or the hamlet's own).
type Scope struct {
	HamletID, HamletName string
	// MissingCategories are the numbers (Art. 11) of required categories with nothing current.
	MissingCategories []int
	Late              []Late
	ShortPostings     []ShortPosting
	Loudspeaker       []LoudspeakerGap
}

// Clean reports whether nothing is missing in the scope.
func (s Scope) Clean() bool {
	return len(s.MissingCategories) == 0 && len(s.Late) == 0 && len(s.ShortPostings) == 0 && len(s.Loudspeaker) == 0
}

// Late is a decision published more than 5 working days after it (Art. 12.3), or not
// published at all by AsOf though its 5 days are past (PublishedOn zero, WorkingDays counted
// to AsOf).
type Late struct {
	DisclosureID, Title string
	CategoryNo          int
	Version             int // the version that first carried this decision; 0 if unpublished
	DecisionDate        calendar.Date
	PublishedOn         calendar.Date
	WorkingDays         int
}

// ShortPosting is a notice or web page taken down before the law allows (Art. 13).
type ShortPosting struct {
	DisclosureID, Title string
	CategoryNo          int
	PostingID           string
	Channel             Channel
	HamletID            string
	PutUp, TakenDown    calendar.Date
	Days                int  // how long it was up, both ends counted
	Permanent           bool // the category is posted permanently; otherwise 30 days were owed
}

// LoudspeakerGap is a disclosure of a loudspeaker category (items 7–12) not broadcast for 3
// consecutive days where it had to be (Art. 13). Days is the longest run there, 0 if none.
type LoudspeakerGap struct {
	DisclosureID, Title string
	CategoryNo          int
	HamletID            string
	Days                int
}

// Assess judges the facts on f.AsOf by the dates of the decisions, publications and postings
// (not by when they were entered, so that a register filled in afterwards is judged right):
// publications after AsOf and postings put up after it are ignored, a posting whose last day
// is after AsOf is still up, and a decision taken by AsOf and not published by then is
// pending.
func Assess(cal *calendar.Calendar, f Facts) Report {
	asOf := f.AsOf
	cats := map[int]Category{}
	for _, c := range f.Categories {
		cats[c.No] = c
	}
	items := slices.Clone(f.Items)
	sort.SliceStable(items, func(i, j int) bool { return firstDay(items[i]).Before(firstDay(items[j])) })

	r := Report{AsOf: asOf, Commune: Scope{}}
	scopes := []*Scope{&r.Commune}
	r.Hamlets = make([]Scope, len(f.Hamlets))
	byHamlet := map[string]*Scope{}
	for i, h := range f.Hamlets {
		r.Hamlets[i] = Scope{HamletID: h.ID, HamletName: h.Name}
		byHamlet[h.ID] = &r.Hamlets[i]
		scopes = append(scopes, &r.Hamlets[i])
	}
	// in lists the scopes an item belongs to: the commune and the hamlets it concerns.
	in := func(it Item) []*Scope {
		out := []*Scope{&r.Commune}
		for _, h := range f.Hamlets {
			if it.concerns(h.ID) {
				out = append(out, byHamlet[h.ID])
			}
		}
		return out
	}

	// Categories with nothing current (Art. 11, 13.1).
	for _, c := range f.Categories {
		if !c.Required {
			continue
		}
		covered := map[*Scope]bool{}
		for _, it := range items {
			if it.CategoryNo == c.No && it.current(asOf) {
				for _, s := range in(it) {
					covered[s] = true
				}
			}
		}
		for _, s := range scopes {
			if !covered[s] {
				s.MissingCategories = append(s.MissingCategories, c.No)
			}
		}
	}

	for _, it := range items {
		cat, ok := cats[it.CategoryNo]
		if !ok {
			cat = Category{No: it.CategoryNo, Posting: ThirtyDays}
		}
		// Publication within 5 working days of each decision (Art. 12.3): the first version
		// that carried a decision date is the one judged.
		for _, l := range lateness(cal, it, asOf) {
			for _, s := range in(it) {
				s.Late = append(s.Late, l)
			}
		}
		// Notices and the website up for the category's period (Art. 13).
		for _, p := range it.Postings {
			if !ShortOfMinimum(cat.Posting, p, it.ArchivedOn, asOf) {
				continue
			}
			s := &r.Commune
			if h, ok := byHamlet[p.HamletID]; ok && p.HamletID != "" {
				s = h
			}
			s.ShortPostings = append(s.ShortPostings, ShortPosting{DisclosureID: it.ID, Title: it.Title, CategoryNo: it.CategoryNo,
				PostingID: p.ID, Channel: p.Channel, HamletID: p.HamletID, PutUp: p.PutUp, TakenDown: p.TakenDown,
				Days: PostedDays(p, asOf), Permanent: cat.Posting == Permanent})
		}
		// Loudspeaker broadcast of items 7–12 for 3 consecutive days (Art. 13).
		if cat.Loudspeaker && it.publishedBy(asOf) {
			loudspeakerGaps(it, f.Hamlets, byHamlet, &r.Commune, asOf)
		}
	}
	return r
}

// firstDay orders items: by first publication, drafts (zero) first.
func firstDay(it Item) calendar.Date {
	var d calendar.Date
	for _, p := range it.Publications {
		if d == (calendar.Date{}) || p.PublishedOn.Before(d) {
			d = p.PublishedOn
		}
	}
	return d
}

// lateness is the item's late publications by asOf.
func lateness(cal *calendar.Calendar, it Item, asOf calendar.Date) []Late {
	pubs := slices.Clone(it.Publications)
	sort.Slice(pubs, func(i, j int) bool { return pubs[i].Version < pubs[j].Version })
	var out []Late
	seen := map[calendar.Date]bool{}
	published := false
	for _, p := range pubs {
		if p.PublishedOn.After(asOf) {
			continue
		}
		published = true
		if p.DecisionDate == (calendar.Date{}) || seen[p.DecisionDate] {
			continue
		}
		seen[p.DecisionDate] = true
		if n := PublicationDelay(cal, p.DecisionDate, p.PublishedOn); n > PublishWithinDays {
			out = append(out, Late{DisclosureID: it.ID, Title: it.Title, CategoryNo: it.CategoryNo, Version: p.Version,
				DecisionDate: p.DecisionDate, PublishedOn: p.PublishedOn, WorkingDays: n})
		}
	}
	if published || it.DecisionDate == (calendar.Date{}) || it.DecisionDate.After(asOf) {
		return out
	}
	// Never published by asOf: late once the 5 working days are over, unless it was
	// withdrawn (archived) in time.
	if it.ArchivedOn != (calendar.Date{}) && !it.ArchivedOn.After(PublishDue(cal, it.DecisionDate)) {
		return out
	}
	if n := PublicationDelay(cal, it.DecisionDate, asOf); n > PublishWithinDays {
		out = append(out, Late{DisclosureID: it.ID, Title: it.Title, CategoryNo: it.CategoryNo,
			DecisionDate: it.DecisionDate, WorkingDays: n})
	}
	return out
}

// loudspeakerGaps adds the item's loudspeaker gaps to the commune's and the hamlets' scopes.
func loudspeakerGaps(it Item, hamlets []Hamlet, byHamlet map[string]*Scope, commune *Scope, asOf calendar.Date) {
	var communeRuns []Posting
	runsIn := map[string][]Posting{}
	for _, p := range it.Postings {
		if p.Channel != Loudspeaker {
			continue
		}
		if p.HamletID == "" {
			communeRuns = append(communeRuns, p)
		} else {
			runsIn[p.HamletID] = append(runsIn[p.HamletID], p)
		}
	}
	allHamletsCovered := len(hamlets) > 0
	for _, h := range hamlets {
		if !it.concerns(h.ID) {
			continue
		}
		days, ongoing := LongestRun(append(slices.Clone(communeRuns), runsIn[h.ID]...), asOf)
		if ongoing || days >= MinLoudspeakerDays {
			continue
		}
		allHamletsCovered = false
		s := byHamlet[h.ID]
		s.Loudspeaker = append(s.Loudspeaker, LoudspeakerGap{DisclosureID: it.ID, Title: it.Title, CategoryNo: it.CategoryNo,
			HamletID: h.ID, Days: days})
	}
	if len(it.HamletIDs) > 0 {
		return
	}
	days, ongoing := LongestRun(communeRuns, asOf)
	if ongoing || days >= MinLoudspeakerDays || allHamletsCovered {
		return
	}
	commune.Loudspeaker = append(commune.Loudspeaker, LoudspeakerGap{DisclosureID: it.ID, Title: it.Title,
		CategoryNo: it.CategoryNo, Days: days})
}
