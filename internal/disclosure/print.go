package disclosure

import (
	"net/http"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/docs"
	"xaso/internal/richtext"
	"xaso/internal/web"
)

// The texts a disclosure goes out with on the other channels (Art. 12.1, 13): the script the
// announcer reads on the loudspeakers, the message for the hamlet's Zalo group, and the
// printable notice (thông báo) for the notice boards and the hamlet heads.

func vi(key string) string { return Messages[key][0] }

func (p *pages) texts(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	ctx := r.Context()
	d, err := p.svc.Get(ctx, t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	cat, hamlets, err := p.context(r, d)
	if err != nil {
		return err
	}
	base := p.base
	if base == "" {
		base = "http://" + r.Host
	}
	return p.s.Render(w, r, http.StatusOK, p.sTexts, "disclosure.texts.title", map[string]any{"D": d,
		"Script": docs.Lines(LoudspeakerScript(t.Name, d, cat, hamlets)), "Zalo": ZaloText(t.Name, d, cat, base+"/cong-khai/"+d.ID),
		"Loudspeaker": cat.Loudspeaker})
}

// context is the disclosure's category and the names of the hamlets it concerns.
func (p *pages) context(r *http.Request, d Disclosure) (Category, []string, error) {
	t := web.TenantOf(r)
	cats, err := p.svc.Categories(r.Context(), t.ID)
	if err != nil {
		return Category{}, nil, err
	}
	cat := categoryOf(cats, d.CategoryNo)
	all, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return Category{}, nil, err
	}
	var names []string
	for _, h := range all {
		if len(d.HamletIDs) > 0 && d.Concerns(h.ID) {
			names = append(names, h.Name)
		}
	}
	return cat, names, nil
}

// NoticeDoc is the printable notice of a disclosure (Decree 30/2020 layout): the committee
// makes public the title, the summary and the text, with where and how long it is posted.
func NoticeDoc(c commune.Commune, d Disclosure, cat Category, hamlets []string, files []string, now time.Time) docs.Doc {
	blocks := []docs.Block{docs.Para(strings.Replace(vi("disclosure.notice.intro"), "{commune}", c.Name, 1))}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: "1. " + vi("disclosure.field.category") + ": ", Style: docs.Bold}, {Text: cat.NameVI}}})
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: "2. " + vi("disclosure.field.title") + ": ", Style: docs.Bold}, {Text: d.Title}}})
	n := 3
	if d.DecisionDate.Valid() {
		blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: "3. " + vi("disclosure.field.decision_date") + ": ", Style: docs.Bold}, {Text: FormatDate(d.DecisionDate)}}})
		n++
	}
	where := vi("disclosure.whole_commune")
	if len(hamlets) > 0 {
		where = strings.Join(hamlets, ", ")
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: itoa(n) + ". " + vi("disclosure.field.hamlets") + ": ", Style: docs.Bold}, {Text: where}}})
	n++
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: itoa(n) + ". " + vi("disclosure.notice.content"), Style: docs.Bold}}})
	n++
	if d.Summary != "" {
		for _, l := range docs.Lines(d.Summary) {
			blocks = append(blocks, docs.Para(l))
		}
	}
	for _, l := range docs.Lines(richtext.Text(d.Body)) {
		blocks = append(blocks, docs.Para(l))
	}
	if len(files) > 0 {
		blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: vi("disclosure.field.attachments") + ": ", Style: docs.Bold}, {Text: strings.Join(files, "; ")}}})
	}
	period := vi("disclosure.notice.period_30")
	if cat.Posting == Permanent {
		period = vi("disclosure.notice.period_permanent")
	}
	from := d.PublishedOn
	if !from.Valid() {
		from = calendar.DateOf(now)
	}
	blocks = append(blocks, docs.Paragraph{Runs: []docs.Run{{Text: itoa(n) + ". " + vi("disclosure.notice.period") + ": ", Style: docs.Bold},
		{Text: strings.Replace(period, "{from}", FormatDate(from), 1)}}})
	if cat.Loudspeaker {
		blocks = append(blocks, docs.Para(vi("disclosure.notice.loudspeaker")))
	}
	blocks = append(blocks, docs.Para(vi("disclosure.notice.closing")))
	date := time.Time{}
	if d.PublishedOn.Valid() {
		date = d.PublishedOn.Time()
	}
	return docs.Doc{Size: docs.A4, Letterhead: c.Letterhead(), Number: "      /TB-UBND", Date: date,
		Title: vi("disclosure.notice.title"), Subtitle: vi("disclosure.notice.subject") + " " + d.Title, Blocks: blocks,
		Signature:  &docs.Signature{Authority: vi("disclosure.pdf.authority"), Title: vi("disclosure.pdf.chairman"), Name: c.Chairman},
		Recipients: []string{vi("disclosure.notice.to_hamlets"), vi("disclosure.notice.to_front"), vi("disclosure.pdf.archive")},
		Author:     c.Committee(), Created: now}
}

func (p *pages) noticePDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	d, err := p.svc.Get(ctx, t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	cat, hamlets, err := p.context(r, d)
	if err != nil {
		return err
	}
	links, err := p.fileLinks(ctx, t.ID, d, "")
	if err != nil {
		return err
	}
	var files []string
	for _, l := range links {
		files = append(files, l.Name)
	}
	c, err := commune.GetCommune(ctx, p.svc.d, t.ID)
	if err != nil {
		return err
	}
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="thong-bao-cong-khai.pdf"`)
	return docs.Render(w, NoticeDoc(c, d, cat, hamlets, files, p.svc.now()))
}
