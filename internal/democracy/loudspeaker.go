package democracy

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/spoken"
	"xaso/internal/web"
)

// The notice of a community meeting read on the hamlet's loudspeakers (Decree 59/2023 Art.
// 3.2: the notice, Mẫu 01, and the papers of matters 1–3 reach the households at least 2
// days before; 5 days for the year-end meeting, Art. 10). The script says what the printed
// notice says (print.go, NoticeDoc), in plain spoken Vietnamese: the day and the time in
// words, the lunar day beside the solar one, the agenda item by item, who comes (one
// representative per household), the papers to read before, who gives the notice, and the
// time and place once more at the end. Households reached by the loudspeaker are recorded on
// the notice page (households.go, channel "loudspeaker"): nothing new is stored here.

// NoticeScript is what the loudspeaker page shows of a meeting.
type NoticeScript struct {
	Commune commune.Commune
	M       Meeting
	// Head is who gives the notice: the hamlet head, or the commune chairman for a meeting
	// across the commune.
	Head string
	// Papers are the meeting's decisions on matters 1–3, whose papers the households read
	// before the meeting (Decree 59 Art. 3.2).
	Papers []Decision
	// Script is what the announcer reads, one paragraph a line, without a digit.
	Script []string
	// DueOn is the last day the notice may reach the households.
	DueOn calendar.Date
}

// NoticeScript reads what the loudspeaker script of m needs: the commune, the hamlet head,
// the meeting's decisions.
func (s *Service) NoticeScript(ctx context.Context, communeID string, m Meeting) (NoticeScript, error) {
	c, err := commune.GetCommune(ctx, s.d, communeID)
	if err != nil {
		return NoticeScript{}, err
	}
	hs, err := s.Hamlets(ctx, communeID)
	if err != nil {
		return NoticeScript{}, err
	}
	decisions, _, err := s.Decisions(ctx, communeID, DecisionFilter{MeetingID: m.ID, Limit: maxAgenda})
	if err != nil {
		return NoticeScript{}, err
	}
	head := hamletHead(hs, m.HamletID)
	if m.CommuneWide() {
		head = c.Chairman
	}
	return PlanNoticeScript(c, m, head, decisions), nil
}

// PlanNoticeScript puts the loudspeaker page of m together (pure): decisions are the
// meeting's, in any order; those on matters 1–3 are the papers to read before.
func PlanNoticeScript(c commune.Commune, m Meeting, head string, decisions []Decision) NoticeScript {
	n := NoticeScript{Commune: c, M: m, Head: head, DueOn: m.NoticeDueOn()}
	for _, d := range decisions {
		if d.Matter >= MatterInfrastructure && d.Matter <= MatterRules {
			n.Papers = append(n.Papers, d)
		}
	}
	n.Script = MeetingScript(c, m, head, n.Papers)
	return n
}

// MeetingScript is the notice of m as the announcer reads it, one paragraph a line; head is
// who gives it, papers the decisions whose papers are read before. Every line is rewritten
// for the ear (Readable): no line holds a digit.
func MeetingScript(c commune.Commune, m Meeting, head string, papers []Decision) []string {
	say := func(key string, args ...any) string { return fmt.Sprintf(vi(key), args...) }
	var lines []string
	where := hamletSaid(m.Hamlet)
	if m.Cluster != "" {
		where += ", " + m.Cluster
	}
	if m.CommuneWide() {
		lines = append(lines, vi("democracy.loud.say.greeting_all"), say("democracy.loud.say.from_committee", c.Name))
	} else {
		lines = append(lines, say("democracy.loud.say.greeting", where))
		if head != "" {
			lines = append(lines, say("democracy.loud.say.from_head_named", hamletSaid(m.Hamlet), head))
		} else {
			lines = append(lines, say("democracy.loud.say.from_head", hamletSaid(m.Hamlet)))
		}
	}
	organiser := vi("democracy.loud.say.the_commune")
	if !m.CommuneWide() {
		organiser = hamletSaid(m.Hamlet)
	}
	lines = append(lines, say("democracy.loud.say.what", organiser, lowerFirst(vi("democracy.kind."+string(m.Kind)))), sentence(m.Title))
	when := meetingWhen(m.StartsAt)
	lines = append(lines, say("democracy.loud.say.when", when), say("democracy.loud.say.place", strings.TrimRight(m.Place, ".")))
	if m.Cluster != "" {
		lines = append(lines, say("democracy.loud.say.who_cluster", m.Cluster))
	} else {
		lines = append(lines, vi("democracy.loud.say.who"))
	}
	if len(m.Agenda) > 0 {
		lines = append(lines, vi("democracy.loud.say.agenda"))
		for i, it := range m.Agenda {
			lines = append(lines, say("democracy.loud.say.item", ordinal(i+1), sentence(it)))
		}
	}
	if len(papers) > 0 {
		titles := make([]string, len(papers))
		for i, d := range papers {
			titles[i] = strings.TrimRight(d.Title, ".")
		}
		lines = append(lines, say("democracy.loud.say.papers", strings.Join(titles, "; ")))
	}
	lines = append(lines, vi("democracy.loud.say.ask"), say("democracy.loud.say.again", strings.TrimRight(m.Title, "."), when, strings.TrimRight(m.Place, ".")),
		vi("democracy.loud.say.closing"))
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if l = strings.TrimSpace(Readable(l)); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// weekdays are the days of the week as said: "thứ Hai" … "Chủ nhật".
var weekdays = [7]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}

// lunarMonths are the lunar months as said after "tháng": Giêng for the first, Chạp for the last.
var lunarMonths = [13]string{"", "Giêng", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười", "mười một", "Chạp"}

// meetingWhen is a meeting's start as written for the script (spoken.Script reads the figures):
// "19:30, thứ Năm, ngày 10/12/2026, tức ngày mồng mười tháng mười một âm lịch".
func meetingWhen(t time.Time) string {
	l := t.In(zone())
	d := calendar.DateOf(t)
	s := fmt.Sprintf("%02d:%02d, %s, ngày %02d/%02d/%04d", l.Hour(), l.Minute(), weekdays[d.Weekday()], d.Day, int(d.Month), d.Year)
	lunar := calendar.SolarToLunar(d)
	if lunar.Month < 1 || lunar.Month > 12 {
		return s
	}
	day := spoken.Number(int64(lunar.Day))
	if lunar.Day <= 10 {
		day = "mồng " + day
	}
	month := lunarMonths[lunar.Month]
	if lunar.Leap {
		month += " " + vi("democracy.loud.say.leap")
	}
	return s + ", " + fmt.Sprintf(vi("democracy.loud.say.lunar"), day, month)
}

// ordinal is an agenda item's place as said: "Thứ nhất", "Thứ hai", "Thứ tư", "Thứ mười".
func ordinal(n int) string {
	switch n {
	case 1:
		return "Thứ nhất"
	case 4:
		return "Thứ tư"
	}
	return "Thứ " + spoken.Number(int64(n))
}

// hamletSaid is a hamlet's name inside a sentence: "Xóm Đồng Kệu" is "xóm Đồng Kệu", a name
// without its word ("Đồng Tâm") is "xóm Đồng Tâm"; other words for a hamlet (thôn, bản, tổ dân
// phố) are kept, small.
func hamletSaid(name string) string {
	name = strings.TrimSpace(name)
	for _, w := range []string{"Xóm", "Thôn", "Bản", "Ấp", "Làng", "Tổ dân phố", "Khu phố"} {
		if rest, ok := strings.CutPrefix(name, w+" "); ok {
			return strings.ToLower(w) + " " + rest
		}
		if rest, ok := strings.CutPrefix(name, strings.ToLower(w)+" "); ok {
			return strings.ToLower(w) + " " + rest
		}
	}
	return vi("democracy.loud.say.hamlet") + " " + name
}

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
	if s == "" {
		return s
	}
	if r, _ := utf8.DecodeLastRuneInString(s); strings.ContainsRune(".!?…:;", r) {
		return s
	}
	return s + "."
}

var (
	// docNumberRe is a document's number and symbol: "số 45/QĐ-UBND", "số 12/2025/NQ-HĐND".
	docNumberRe = regexp.MustCompile(`\b([Ss]ố\s+\d+)(?:/(\d{4}))?/\p{Lu}[\p{Lu}\d]*(?:-[\p{Lu}\d]+)*`)
	// perRe is a rate after an amount: "đồng/hộ", then "mỗi hộ/tháng".
	perRe = regexp.MustCompile(`(đồng|mỗi \p{L}+)\s*/\s*(\p{L}+)`)
)

// Readable is spoken.Script with two habits of an announcer: a document is read by its number
// and year, its symbol left out ("số 45/QĐ-UBND" is "số bốn mươi lăm"), and a rate is read
// "mỗi" ("200.000 đồng/hộ" is "hai trăm nghìn đồng mỗi hộ"). The disclosure room reads its
// scripts the same way (disclosure.Readable); rooms do not import each other.
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

// ScriptText is the script as a plain-text file: UTF-8 with a byte-order mark and CRLF line
// ends, so that the Notepad of an old office computer opens it right, a blank line between
// paragraphs.
func ScriptText(lines []string) []byte {
	return []byte("\ufeff" + strings.Join(lines, "\r\n\r\n") + "\r\n")
}

// NoticeScriptDoc is the script printed for the announcer (Decree 30/2020 layout), under the
// hamlet's letterhead or the committee's.
func NoticeScriptDoc(n NoticeScript, now time.Time) docs.Doc {
	var blocks []docs.Block
	for _, l := range n.Script {
		blocks = append(blocks, docs.Para(l))
	}
	blocks = append(blocks, docs.Space{MM: 4}, docs.Paragraph{Runs: []docs.Run{{Text: fmt.Sprintf(vi("democracy.loud.pdf_rule"), dmy(n.DueOn)), Style: docs.Italic}}, NoIndent: true})
	return docs.Doc{Size: docs.A4, Letterhead: letterhead(n.Commune, hamletName(n.M)), Title: vi("democracy.loud.pdf_title"), Subtitle: n.M.Title,
		Blocks: blocks, Author: n.Commune.Committee(), Created: now}
}

// MountLoudspeaker adds the loudspeaker pages of a meeting, for those who manage meetings
// (leaders, specialists, and the hamlet head of the meeting's hamlet: Scope):
//
//	GET /dan-chu/hop/{id}/doc-loa        the notice as a script to read, with the notice's last day
//	GET /dan-chu/hop/{id}/doc-loa.txt    the script as a plain-text file
//	GET /dan-chu/hop/{id}/doc-loa.pdf    the script printed for the announcer
//
// Mount must have run first (it adds the room's templates).
func MountLoudspeaker(s *web.Server, svc *Service, opts Options) {
	lp := &loudspeakerPages{pages: &pages{s: s, svc: svc, opts: opts}, page: s.Page("democracy/loudspeaker.html")}
	s.Handle("GET "+staffBase+"/hop/{id}/doc-loa", canChange, lp.script)
	s.Handle("GET "+staffBase+"/hop/{id}/doc-loa.txt", canChange, lp.text)
	s.Handle("GET "+staffBase+"/hop/{id}/doc-loa.pdf", canChange, lp.pdf)
}

type loudspeakerPages struct {
	*pages
	page web.Page
}

// noticeScript is the script of the path's meeting, refusing a hamlet head another hamlet's.
func (p *loudspeakerPages) noticeScript(r *http.Request) (NoticeScript, error) {
	m, err := p.scopedMeeting(r)
	if err != nil {
		return NoticeScript{}, err
	}
	return p.svc.NoticeScript(r.Context(), web.TenantOf(r).ID, m)
}

func (p *loudspeakerPages) script(w http.ResponseWriter, r *http.Request) error {
	n, err := p.noticeScript(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	today := p.svc.Today()
	return p.s.Render(w, r, http.StatusOK, p.page, "democracy.loud.title", map[string]any{"N": n, "M": n.M,
		"NoticeLate": n.M.NoticeLate(today), "Planned": n.M.Status == Planned})
}

func (p *loudspeakerPages) text(w http.ResponseWriter, r *http.Request) error {
	n, err := p.noticeScript(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="doc-loa-thong-bao-hop.txt"`)
	_, err = w.Write(ScriptText(n.Script))
	return err
}

func (p *loudspeakerPages) pdf(w http.ResponseWriter, r *http.Request) error {
	n, err := p.noticeScript(r)
	if err != nil {
		return err
	}
	return pdf(w, "doc-loa-thong-bao-hop.pdf", NoticeScriptDoc(n, p.svc.Now()))
}
