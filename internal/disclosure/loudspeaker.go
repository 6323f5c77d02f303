package disclosure

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/richtext"
	"xaso/internal/spoken"
	"xaso/internal/web"
)

// The loudspeaker script of a disclosure (Law 10/2022 Art. 13.3: items 7–12 are also
// broadcast on the commune's loudspeaker system for at least 3 consecutive days): what the
// announcer reads, in plain spoken Vietnamese (package spoken writes every number, date and
// amount as words, so that nothing is misread on air), with the days to read it and the days
// already recorded. A broadcast day is a loudspeaker posting (postings.go): this file records
// nothing of its own, it reads the register and links to where a reading is recorded.

// maxSpokenBody bounds the body read aloud when a disclosure has no summary: the full text
// is posted; the loudspeaker says what it is and where to read it.
const maxSpokenBody = 1200

// ScriptInput is what the loudspeaker script says of a disclosure.
type ScriptInput struct {
	Commune string // the commune's name, without the word "xã"
	Phone   string // the committee's telephone; "" for none
	// Category is the category's Vietnamese name.
	Category       string
	Title, Summary string
	// Body is the disclosure's plain text, read (shortened) when there is no summary.
	Body         string
	DecisionDate calendar.Date
	Hamlets      []string // the hamlets concerned; none: the whole commune
	// Places are where the full text is posted, as the announcer says them.
	Places []string
}

// SpokenScript is the script the announcer reads, one paragraph a line: the greeting, the
// committee, what is disclosed, the summary, the decision's date, where the full text is
// posted, whom to ask. Every line is rewritten by spoken.Script: no line holds a digit.
func SpokenScript(in ScriptInput) []string {
	var lines []string
	if len(in.Hamlets) == 0 {
		lines = append(lines, vi("disclosure.loud.say.greeting_all"))
	} else {
		lines = append(lines, fmt.Sprintf(vi("disclosure.loud.say.greeting"), joinSaid(in.Hamlets)))
	}
	lines = append(lines, fmt.Sprintf(vi("disclosure.loud.say.from"), in.Commune))
	lines = append(lines, fmt.Sprintf(vi("disclosure.loud.say.about"), lowerFirst(shortCategory(in.Category))), sentence(in.Title))
	text := strings.TrimSpace(in.Summary)
	if text == "" {
		text = shorten(strings.Join(strings.Fields(in.Body), " "), maxSpokenBody)
	}
	for _, l := range docs.Lines(text) {
		lines = append(lines, sentence(l))
	}
	if in.DecisionDate.Valid() {
		lines = append(lines, fmt.Sprintf(vi("disclosure.loud.say.decided"), FormatDate(in.DecisionDate)))
	}
	if len(in.Places) > 0 {
		lines = append(lines, fmt.Sprintf(vi("disclosure.loud.say.posted"), joinSaid(in.Places)))
	}
	if phone := spoken.Digits(in.Phone); phone != "" {
		lines = append(lines, fmt.Sprintf(vi("disclosure.loud.say.ask_phone"), phone))
	} else {
		lines = append(lines, vi("disclosure.loud.say.ask"))
	}
	lines = append(lines, vi("disclosure.loud.say.closing"))
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l = strings.TrimSpace(Readable(l)); l != "" {
			out = append(out, l)
		}
	}
	return out
}

var (
	// docNumberRe is a document's number and symbol: "số 45/QĐ-UBND", "số 12/2025/NQ-HĐND".
	docNumberRe = regexp.MustCompile(`\b([Ss]ố\s+\d+)(?:/(\d{4}))?/\p{Lu}[\p{Lu}\d]*(?:-[\p{Lu}\d]+)*`)
	// perRe is a rate after an amount: "đồng/hộ", then "mỗi hộ/tháng".
	perRe = regexp.MustCompile(`(đồng|mỗi \p{L}+)\s*/\s*(\p{L}+)`)
)

// Readable is spoken.Script with two habits of an announcer: a document is read by its number
// and year, its symbol left out ("số 45/QĐ-UBND" is "số bốn mươi lăm"), and a rate is read
// "mỗi" ("1.500.000 đồng/hộ" is "một triệu năm trăm nghìn đồng mỗi hộ").
func Readable(s string) string {
	s = docNumberRe.ReplaceAllStringFunc(s, func(m string) string {
		p := docNumberRe.FindStringSubmatch(m)
		if p[2] != "" {
			return p[1] + " năm " + p[2]
		}
		return p[1]
	})
	s = spoken.Script(s)
	for range 4 {
		next := perRe.ReplaceAllString(s, "$1 mỗi $2")
		if next == s {
			break
		}
		s = next
	}
	return s
}

// shortCategory is a category's name as said: up to its first colon or parenthesis ("Nội dung
// lấy ý kiến Nhân dân (Điều 25): kế hoạch, …" is "Nội dung lấy ý kiến Nhân dân").
func shortCategory(name string) string {
	if i := strings.IndexAny(name, ":("); i > 0 {
		name = name[:i]
	}
	return strings.TrimSpace(name)
}

// joinSaid joins names as they are said: "A, B và C".
func joinSaid(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + vi("disclosure.loud.say.and") + " " + names[len(names)-1]
}

// lowerFirst writes a category's name inside a sentence: its first letter small.
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// sentence ends a line with a full stop unless it ends with punctuation already.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsRune(".!?…:;", lastRune(s)) {
		return s
	}
	return s + "."
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// shorten cuts s to at most max runes, at the end of its last whole sentence when there is
// one, with an ellipsis otherwise.
func shorten(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := string(r[:max])
	if i := strings.LastIndexAny(cut, ".!?"); i > max/2 {
		return cut[:i+1]
	}
	return strings.TrimSpace(cut) + "…"
}

// BroadcastRun is a loudspeaker run recorded for a disclosure, with its hamlet's name ("" for
// the commune's own system) and its days (still on air: counted to today).
type BroadcastRun struct {
	P      Posting
	Hamlet string
	Days   int
}

// BroadcastScope is a place the disclosure must be heard (the commune's own system, or a
// hamlet concerned, Art. 13.3) with the longest stretch of consecutive days read there (the
// commune's runs count in every hamlet), as the compliance board judges it.
type BroadcastScope struct {
	HamletID, Name string // "" and "" for the commune's own system
	Days           int
	OnAir          bool // a run is still on air: the stretch may grow
	Done           bool // MinLoudspeakerDays reached
}

// Broadcast is what the loudspeaker page shows of a disclosure.
type Broadcast struct {
	Commune  commune.Commune
	D        Disclosure
	Category Category
	// Script is what the announcer reads, one paragraph a line, without a digit.
	Script  []string
	Runs    []BroadcastRun
	Scopes  []BroadcastScope
	MinDays int
	// Suggested are the next MinDays consecutive days to read it on, from today (or the
	// publication, if later), while a scope still lacks its days and nothing is on air there;
	// none for a category not broadcast, or a disclosure not public.
	Suggested []calendar.Date
	Today     calendar.Date
}

// Required reports whether the law asks for the broadcast (items 7–12, as the commune's
// categories say).
func (b Broadcast) Required() bool { return b.Category.Loudspeaker }

// Complete reports whether every scope has its days.
func (b Broadcast) Complete() bool {
	return len(b.Scopes) > 0 && !slices.ContainsFunc(b.Scopes, func(s BroadcastScope) bool { return !s.Done })
}

// Broadcast reads a disclosure with what its loudspeaker page needs: its category, the
// commune's name and telephone, where it is posted, its loudspeaker runs.
func (s *Service) Broadcast(ctx context.Context, communeID, id string) (Broadcast, error) {
	d, err := s.Get(ctx, communeID, id)
	if err != nil {
		return Broadcast{}, err
	}
	cats, err := s.Categories(ctx, communeID)
	if err != nil {
		return Broadcast{}, err
	}
	hamlets, err := s.hamlets(ctx, communeID)
	if err != nil {
		return Broadcast{}, err
	}
	postings, err := s.Postings(ctx, communeID, d.ID)
	if err != nil {
		return Broadcast{}, err
	}
	c, err := commune.GetCommune(ctx, s.d, communeID)
	if err != nil {
		return Broadcast{}, err
	}
	return PlanBroadcast(c, d, categoryOf(cats, d.CategoryNo), hamlets, postings, s.today()), nil
}

// PlanBroadcast puts together the loudspeaker page of d on day today (pure).
func PlanBroadcast(c commune.Commune, d Disclosure, cat Category, hamlets []Hamlet, postings []Posting, today calendar.Date) Broadcast {
	names := nameMap(hamlets)
	var concerned []string
	for _, h := range hamlets {
		if !d.WholeCommune() && d.Concerns(h.ID) {
			concerned = append(concerned, h.Name)
		}
	}
	b := Broadcast{Commune: c, D: d, Category: cat, MinDays: MinLoudspeakerDays, Today: today}
	b.Script = SpokenScript(ScriptInput{Commune: c.Name, Phone: c.Phone, Category: cat.NameVI, Title: d.Title, Summary: d.Summary,
		Body: richtext.Text(d.Body), DecisionDate: d.DecisionDate, Hamlets: concerned, Places: placesOf(postings, names, today)})

	var communeRuns []Posting
	runsIn := map[string][]Posting{}
	for _, p := range postings {
		if p.Channel != Loudspeaker {
			continue
		}
		b.Runs = append(b.Runs, BroadcastRun{P: p, Hamlet: names[p.HamletID], Days: PostedDays(p, today)})
		if p.HamletID == "" {
			communeRuns = append(communeRuns, p)
		} else {
			runsIn[p.HamletID] = append(runsIn[p.HamletID], p)
		}
	}
	scope := func(id, name string, runs []Posting) BroadcastScope {
		days, onAir := LongestRun(runs, today)
		return BroadcastScope{HamletID: id, Name: name, Days: days, OnAir: onAir, Done: days >= MinLoudspeakerDays}
	}
	if d.WholeCommune() || len(hamlets) == 0 {
		b.Scopes = append(b.Scopes, scope("", "", communeRuns))
	}
	for _, h := range hamlets {
		if d.Concerns(h.ID) {
			b.Scopes = append(b.Scopes, scope(h.ID, h.Name, append(slices.Clone(communeRuns), runsIn[h.ID]...)))
		}
	}
	short := slices.ContainsFunc(b.Scopes, func(s BroadcastScope) bool { return !s.Done && !s.OnAir })
	if cat.Loudspeaker && d.Status.Public() && short {
		from := today
		if d.PublishedOn.After(from) {
			from = d.PublishedOn
		}
		for i := range MinLoudspeakerDays {
			b.Suggested = append(b.Suggested, from.AddDays(i))
		}
	}
	return b
}

// placesOf are the places where the full text is up on day today, as said: the committee's
// board, the hamlets' cultural houses, the commune's website.
func placesOf(postings []Posting, hamletNames map[string]string, today calendar.Date) []string {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, ch := range []Channel{HQBoard, CulturalHouse, Website} {
		for _, p := range postings {
			if p.Channel != ch || !p.Up(today) {
				continue
			}
			switch ch {
			case HQBoard:
				add(vi("disclosure.loud.say.place_hq"))
			case CulturalHouse:
				add(fmt.Sprintf(vi("disclosure.loud.say.place_house"), hamletNames[p.HamletID]))
			case Website:
				add(vi("disclosure.loud.say.place_web"))
			}
		}
	}
	return out
}

// ScriptText is the script as a plain-text file: UTF-8 with a byte-order mark and CRLF line
// ends, so that the Notepad of an old office computer opens it right, a blank line between
// paragraphs.
func ScriptText(lines []string) []byte {
	return []byte("\ufeff" + strings.Join(lines, "\r\n\r\n") + "\r\n")
}

// BroadcastDoc is the script printed for the announcer (Decree 30/2020 layout): the script,
// the rule, and a table of the days to read it, to fill in by hand.
func BroadcastDoc(b Broadcast, now time.Time) docs.Doc {
	c := b.Commune
	var blocks []docs.Block
	for _, l := range b.Script {
		blocks = append(blocks, docs.Para(l))
	}
	if b.Required() {
		blocks = append(blocks, docs.Space{MM: 4}, docs.Paragraph{Runs: []docs.Run{{Text: vi("disclosure.loud.pdf_rule"), Style: docs.Italic}}, NoIndent: true})
	}
	rows := make([][]string, 0, MinLoudspeakerDays)
	for i := range MinLoudspeakerDays {
		day := ""
		if i < len(b.Suggested) {
			day = FormatDate(b.Suggested[i])
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), day, "", ""})
	}
	blocks = append(blocks, docs.Space{MM: 2}, docs.Table{Columns: []docs.Column{{Title: vi("disclosure.loud.col.no"), Width: 0.6, Align: docs.Center},
		{Title: vi("disclosure.loud.col.day"), Width: 2}, {Title: vi("disclosure.loud.col.time"), Width: 1.6}, {Title: vi("disclosure.loud.col.reader"), Width: 3}}, Rows: rows})
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Title: vi("disclosure.loud.pdf_title"), Subtitle: b.D.Title,
		Blocks: blocks, Author: c.Committee(), Created: now}
}

// MountLoudspeaker adds the loudspeaker pages of a disclosure, for the staff who manage
// disclosures (desk officers, specialists, leaders):
//
//	GET /quan-ly-cong-khai/{id}/doc-loa        the script, the days to read it and the days recorded
//	GET /quan-ly-cong-khai/{id}/doc-loa.txt    the script as a plain-text file
//	GET /quan-ly-cong-khai/{id}/doc-loa.pdf    the script printed for the announcer
//
// Mount must have run first (it adds the room's templates).
func MountLoudspeaker(s *web.Server, svc *Service, o Options) {
	lp := &loudspeakerPages{pages: &pages{s: s, svc: svc, base: strings.TrimRight(o.BaseURL, "/"), files: o.Files},
		page: s.Page("disclosure/loudspeaker.html")}
	s.Handle("GET "+staffBase+"/{id}/doc-loa", canBroadcast, lp.script)
	s.Handle("GET "+staffBase+"/{id}/doc-loa.txt", canBroadcast, lp.text)
	s.Handle("GET "+staffBase+"/{id}/doc-loa.pdf", canBroadcast, lp.pdf)
}

// canBroadcast: the loudspeaker pages are for the staff who write and publish disclosures
// (the staff page links to them for the same roles).
var canBroadcast = canWrite

type loudspeakerPages struct {
	*pages
	page web.Page
}

func (p *loudspeakerPages) script(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	b, err := p.svc.Broadcast(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	return p.s.Render(w, r, http.StatusOK, p.page, "disclosure.loud.title", map[string]any{"B": b, "Staff": StaffURL(b.D.ID)})
}

func (p *loudspeakerPages) text(w http.ResponseWriter, r *http.Request) error {
	b, err := p.svc.Broadcast(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="doc-loa-cong-khai.txt"`)
	_, err = w.Write(ScriptText(b.Script))
	return err
}

func (p *loudspeakerPages) pdf(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	b, err := p.svc.Broadcast(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="doc-loa-cong-khai.pdf"`)
	return docs.Render(w, BroadcastDoc(b, p.svc.now()))
}
